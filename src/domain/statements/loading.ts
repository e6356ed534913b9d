import type { Db } from '../shared/db.ts';
import { InvalidRequest, NotFound } from '../shared/errors.ts';
import { isUuid } from '../shared/uuid.ts';
import { isoDate } from '../shared/time.ts';
import type { LineCount, StatementInputs } from './calculation.ts';
import { BILLABLE_LINE_STATES, Money, REFUNDABLE_LINE_STATES } from './rates.ts';

// The database reads a statement's calculation needs: the statement, its contract and bands, and
// its lines (and its earlier statements' lines) counted by declaration type, participant type and
// uplift. Money columns come back as Decimal, never as a float.

export interface StatementHeading {
  id: string;
  name: string;
  leadProvider: string;
  cohort: number;
  status: string;
  deadline: string;
  paymentDate: string;
}

type LineCountRow = { declaration_type: string; profile_type: 'ect' | 'mentor'; sparsity_uplift: boolean; pupil_premium_uplift: boolean; billable: number; refundable: number };

async function lineCounts(db: Db, statementIds: string[]): Promise<LineCount[]> {
  if (statementIds.length === 0) return [];
  const rows = await db.$queryRaw<LineCountRow[]>`
    SELECT d.declaration_type, d.profile_type, d.sparsity_uplift, d.pupil_premium_uplift,
           COUNT(*) FILTER (WHERE li.state::text = ANY(${BILLABLE_LINE_STATES}::text[]))::int AS billable,
           COUNT(*) FILTER (WHERE li.state::text = ANY(${REFUNDABLE_LINE_STATES}::text[]))::int AS refundable
      FROM statement_line_items li
      JOIN participant_declarations d ON d.id = li.participant_declaration_id
     WHERE li.statement_id = ANY(${statementIds}::uuid[])
     GROUP BY d.declaration_type, d.profile_type, d.sparsity_uplift, d.pupil_premium_uplift`;
  return rows.map((row) => ({
    declarationType: row.declaration_type,
    profileType: row.profile_type,
    sparsityUplift: row.sparsity_uplift,
    pupilPremiumUplift: row.pupil_premium_uplift,
    billable: row.billable,
    refundable: row.refundable,
  }));
}

type StatementWithParties = { id: string; name: string; status: string; deadlineDate: Date; paymentDate: Date; leadProvider: { name: string }; cohort: { startYear: number } };

/** The heading a statement's report opens with. */
export function statementHeading(statement: StatementWithParties): StatementHeading {
  return {
    id: statement.id,
    name: statement.name,
    leadProvider: statement.leadProvider.name,
    cohort: statement.cohort.startYear,
    status: statement.status,
    deadline: isoDate(statement.deadlineDate),
    paymentDate: isoDate(statement.paymentDate),
  };
}

/** A Prisma Decimal (or null) as Money, through its exact decimal string. */
const money = (value: { toString(): string }) => new Money(value.toString());
const moneyOrNull = (value: { toString(): string } | null) => (value === null ? null : money(value));

export async function loadStatementInputs(db: Db, statementId: string): Promise<{ statement: StatementHeading; inputs: StatementInputs }> {
  const statement = isUuid(statementId)
    ? await db.statement.findUnique({
        where: { id: statementId.toLowerCase() },
        include: { cohort: true, leadProvider: true },
      })
    : null;
  if (!statement) throw new NotFound(`No statement ${statementId} (see: statements list)`);
  const contracts = await db.callOffContract.findMany({
    where: { leadProviderId: statement.leadProviderId, cohortId: statement.cohortId },
    include: { bands: true },
    orderBy: { createdAt: 'desc' },
  });
  const contract = contracts.find((c) => c.version === statement.contractVersion) ?? contracts[0];
  if (!contract) throw new InvalidRequest(`${statement.leadProvider.name} has no contract for the ${statement.cohort.startYear} cohort`);

  const earlier = await db.statement.findMany({
    where: { leadProviderId: statement.leadProviderId, cohortId: statement.cohortId, paymentDate: { lt: statement.paymentDate } },
    select: { id: true },
  });
  const [current, previous] = await Promise.all([lineCounts(db, [statement.id]), lineCounts(db, earlier.map((s) => s.id))]);

  return {
    statement: statementHeading(statement),
    inputs: {
      contract: {
        bands: contract.bands.map((band) => ({
          name: band.name,
          min: band.min,
          max: band.max,
          perParticipant: money(band.perParticipant),
          outputPaymentPercentage: band.outputPaymentPercentage,
          serviceFeePercentage: band.serviceFeePercentage,
        })),
        recruitmentTarget: contract.recruitmentTarget,
        setUpFee: money(contract.setUpFee),
        monthlyServiceFee: moneyOrNull(contract.monthlyServiceFee),
        upliftAmount: moneyOrNull(contract.upliftAmount),
        mentorPaymentPerParticipant: moneyOrNull(contract.mentorPaymentPerParticipant),
      },
      mentorFunding: statement.cohort.mentorFunding,
      vatChargeable: statement.leadProvider.vatChargeable,
      reconcileAmount: money(statement.reconcileAmount),
      current,
      previous,
    },
  };
}
