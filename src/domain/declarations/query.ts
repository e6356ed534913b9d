import { Prisma, type DeclarationState } from '../../../generated/prisma/client.ts';
import type { Reader } from '../shared/db.ts';
import { isUuid } from '../shared/uuid.ts';
import type { Page } from '../shared/paging.ts';
import { npqCourseHasOutcomes } from '../npq/courses.ts';

// Declarations as one provider sees them (docs/declarations.md): its own, in
// any state, plus other providers' live declarations for participants it trains. Lists page over
// participant_declarations in (created_at, id) order and read each page with one query.

export interface DeclarationView {
  id: string;
  userId: string;
  declarationType: string;
  courseIdentifier: string;
  declarationDate: Date;
  state: DeclarationState;
  stateReason: string | null;
  evidenceHeld: string | null;
  mentorUserId: string | null;
  deliveryPartnerId: string | null;
  pupilPremiumUplift: boolean;
  sparsityUplift: boolean;
  leadProviderName: string;
  cohortStartYear: number;
  statementId: string | null;
  clawbackStatementId: string | null;
  /**
   * Only `started` declarations that were paid (even if clawed back since): an ECT's at an uplift
   * school, or an NPQ participant's on a course with a qualification and targeted delivery funding.
   */
  upliftPaid: boolean;
  /** NPQ `completed` declarations: the latest outcome they carry (null when none, or voided). */
  hasPassed: boolean | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Other providers' declarations: v1/v2 show them for participants with an active or completed
 * record under this provider; v3 also while a record is leaving, for declarations dated up to its end.
 */
export type OtherProvidersRule = 'active-or-completed' | 'including-leaving';

export interface DeclarationFilters {
  participantIds?: string[];
  cohorts?: number[];
  deliveryPartnerIds?: string[];
  /** Updated at or after this time. */
  updatedSince?: Date;
  /** Updated strictly after this time. */
  updatedAfter?: Date;
}

export interface DeclarationScope {
  leadProviderId: string;
  others: OtherProvidersRule;
}

function filterConditions(filters: DeclarationFilters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.participantIds) conditions.push(Prisma.sql`d.user_id = ANY(${filters.participantIds}::uuid[])`);
  if (filters.cohorts) conditions.push(Prisma.sql`d.cohort_id IN (SELECT id FROM cohorts WHERE start_year = ANY(${filters.cohorts}::int[]))`);
  if (filters.deliveryPartnerIds) conditions.push(Prisma.sql`d.delivery_partner_id = ANY(${filters.deliveryPartnerIds}::uuid[])`);
  if (filters.updatedSince) conditions.push(Prisma.sql`d.updated_at >= ${filters.updatedSince}::timestamptz`);
  if (filters.updatedAfter) conditions.push(Prisma.sql`d.updated_at > ${filters.updatedAfter}::timestamptz`);
  return conditions;
}

/**
 * The other providers' declarations this provider may see, from the read model declaration_shares
 * (kept by triggers in the writing transaction; the rule is the view declaration_shares_source):
 * `FROM` items joining the shares, aliased `s`, to their declarations `d`, and the condition.
 */
function shared(scope: DeclarationScope): { from: Prisma.Sql; where: Prisma.Sql } {
  const rule = scope.others === 'active-or-completed' ? Prisma.sql` AND s.active_or_completed` : Prisma.empty;
  return {
    from: Prisma.sql`declaration_shares s JOIN participant_declarations d ON d.id = s.participant_declaration_id`,
    where: Prisma.sql`s.lead_provider_id = ${scope.leadProviderId}::uuid${rule}`,
  };
}

interface Cursor {
  createdAt: string;
  id: string;
}

/**
 * The ids of one page, in (created_at, id) order, with `created_at_text` (every digit, for a
 * cursor): an offset page, or the rows after a cursor. Null when the offset is past any list.
 */
function pageIds(scope: DeclarationScope, filters: DeclarationFilters, page: Page, after?: Cursor): Prisma.Sql | null {
  if (page.offset >= Number.MAX_SAFE_INTEGER - page.limit) return null;
  const common = filterConditions(filters);
  const each = page.offset + page.limit;
  // The cursor is put on the columns each part's index is ordered by (a share copies its
  // declaration's created_at), so both parts start reading at the cursor.
  const keysetAfter = (createdAt: string, id: string) =>
    after ? [Prisma.sql`(${Prisma.raw(createdAt)}, ${Prisma.raw(id)}) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`] : [];
  const where = (first: Prisma.Sql, keyset: Prisma.Sql[]) => Prisma.join([first, ...keyset, ...common], ' AND ');
  const others = shared(scope);
  // Each part reads its index in list order (own: lead_provider_id, created_at, id; shared: the
  // shares' lead_provider_id, created_at, declaration id) and stops after the rows a page can use.
  const own = Prisma.sql`(SELECT d.created_at, d.id FROM participant_declarations d
      WHERE ${where(Prisma.sql`d.lead_provider_id = ${scope.leadProviderId}::uuid`, keysetAfter('d.created_at', 'd.id'))}
      ORDER BY d.created_at, d.id LIMIT ${each})`;
  const theirs = Prisma.sql`(SELECT d.created_at, d.id FROM ${others.from}
      WHERE ${where(others.where, keysetAfter('s.created_at', 's.participant_declaration_id'))}
      ORDER BY s.created_at, s.participant_declaration_id LIMIT ${each})`;
  return Prisma.sql`SELECT id, created_at::text AS created_at_text FROM (${own} UNION ALL ${theirs}) visible
      ORDER BY created_at, id LIMIT ${page.limit} OFFSET ${page.offset}`;
}

interface DeclarationRow {
  id: string;
  user_id: string;
  declaration_type: string;
  course_identifier: string;
  declaration_date: Date;
  state: DeclarationState;
  state_reason: string | null;
  evidence_held: string | null;
  mentor_user_id: string | null;
  delivery_partner_id: string | null;
  pupil_premium_uplift: boolean;
  sparsity_uplift: boolean;
  lead_provider_name: string;
  start_year: number;
  statement_id: string | null;
  clawback_statement_id: string | null;
  outcome_state: 'passed' | 'failed' | 'voided' | null;
  targeted_delivery_funding: boolean | null;
  created_at: Date;
  updated_at: Date;
}

const VIEW_COLUMNS = Prisma.sql`
         d.id, d.user_id, d.declaration_type, d.course_identifier, d.declaration_date, d.state, d.state_reason,
         d.evidence_held, d.mentor_user_id, d.delivery_partner_id, d.pupil_premium_uplift, d.sparsity_uplift,
         d.created_at, d.updated_at, lp.name AS lead_provider_name, c.start_year,
         (SELECT li.statement_id FROM statement_line_items li
           WHERE li.participant_declaration_id = d.id AND li.state IN ('eligible', 'payable', 'paid')
           ORDER BY li.created_at DESC, li.id DESC LIMIT 1) AS statement_id,
         (SELECT li.statement_id FROM statement_line_items li
           WHERE li.participant_declaration_id = d.id AND li.state IN ('awaiting_clawback', 'clawed_back')
           ORDER BY li.created_at DESC, li.id DESC LIMIT 1) AS clawback_statement_id,
         CASE WHEN d.profile_type = 'npq' THEN (SELECT o.state::text FROM npq_participant_outcomes o
           WHERE o.participant_declaration_id = d.id ORDER BY o.created_at DESC, o.id DESC LIMIT 1) END AS outcome_state,
         CASE WHEN d.profile_type = 'npq' THEN (SELECT a.targeted_delivery_funding_eligibility FROM npq_applications a
           WHERE a.id = d.npq_participant_profile_id) END AS targeted_delivery_funding`;

const VIEW_SOURCES = Prisma.sql`participant_declarations d
    JOIN lead_providers lp ON lp.id = d.lead_provider_id
    JOIN cohorts c ON c.id = d.cohort_id`;

const HYDRATE = Prisma.sql`SELECT ${VIEW_COLUMNS} FROM ${VIEW_SOURCES}`;

function toView(row: DeclarationRow): DeclarationView {
  return {
    id: row.id,
    userId: row.user_id,
    declarationType: row.declaration_type,
    courseIdentifier: row.course_identifier,
    declarationDate: row.declaration_date,
    state: row.state,
    stateReason: row.state_reason,
    evidenceHeld: row.evidence_held,
    mentorUserId: row.mentor_user_id,
    deliveryPartnerId: row.delivery_partner_id,
    pupilPremiumUplift: row.pupil_premium_uplift,
    sparsityUplift: row.sparsity_uplift,
    leadProviderName: row.lead_provider_name,
    cohortStartYear: row.start_year,
    statementId: row.statement_id,
    clawbackStatementId: row.clawback_statement_id,
    upliftPaid:
      row.declaration_type === 'started' &&
      ['paid', 'awaiting_clawback', 'clawed_back'].includes(row.state) &&
      (row.course_identifier === 'ecf-induction'
        ? row.sparsity_uplift || row.pupil_premium_uplift
        : row.targeted_delivery_funding === true && npqCourseHasOutcomes(row.course_identifier)),
    hasPassed: row.outcome_state === 'passed' ? true : row.outcome_state === 'failed' ? false : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One page of views, in list order, as one statement: the page's ids joined to what a view shows. */
type PageRow = DeclarationRow & { created_at_text: string };

async function viewsOfPage(reader: Reader, ids: Prisma.Sql): Promise<PageRow[]> {
  return reader.rows(Prisma.sql`SELECT ${VIEW_COLUMNS}, page.created_at_text FROM ${VIEW_SOURCES}
      JOIN (${ids}) page ON page.id = d.id ORDER BY d.created_at, d.id`);
}

export async function listDeclarations(reader: Reader, scope: DeclarationScope, filters: DeclarationFilters, page: Page): Promise<DeclarationView[]> {
  const ids = pageIds(scope, filters, page);
  return ids ? (await viewsOfPage(reader, ids)).map(toView) : [];
}

/**
 * Every matching declaration in list order, a batch at a time (CSV exports), keyset-paged. The
 * next batch is asked for as soon as this one arrives, so the database reads it while this one
 * is written out.
 */
export async function* streamDeclarations(reader: Reader, scope: DeclarationScope, filters: DeclarationFilters, batchSize = 1000) {
  const batch = (after?: Cursor): Promise<PageRow[]> => viewsOfPage(reader, pageIds(scope, filters, { limit: batchSize, offset: 0 }, after)!);
  let next: Promise<PageRow[]> | null = batch();
  try {
    while (next) {
      const rows: PageRow[] = await next;
      const last = rows[rows.length - 1];
      next = rows.length === batchSize && last ? batch({ createdAt: last.created_at_text, id: last.id }) : null;
      yield rows.map(toView);
    }
  } finally {
    // A reader that stops early (the client went away) leaves a batch in flight: let it settle unobserved.
    next?.catch(() => undefined);
  }
}

/** One declaration from the provider's visible set; null when it is not there. */
export async function findVisibleDeclaration(reader: Reader, scope: DeclarationScope, id: string): Promise<DeclarationView | null> {
  if (!isUuid(id)) return null;
  const others = shared(scope);
  const rows = await reader.rows<DeclarationRow>(Prisma.sql`${HYDRATE} WHERE d.id = ${id.toLowerCase()}::uuid
      AND (d.lead_provider_id = ${scope.leadProviderId}::uuid OR EXISTS (SELECT 1 FROM declaration_shares s
            WHERE s.participant_declaration_id = d.id AND ${others.where}))`,
  );
  return rows[0] ? toView(rows[0]) : null;
}

/** One declaration by id, whoever made it (after a write the caller just made). */
export async function findDeclaration(reader: Reader, id: string): Promise<DeclarationView> {
  const [row] = await reader.rows<DeclarationRow>(Prisma.sql`${HYDRATE} WHERE d.id = ${id}::uuid`);
  const view = row ? toView(row) : undefined;
  if (!view) throw new Error(`declaration ${id} vanished`);
  return view;
}
