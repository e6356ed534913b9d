import { Prisma } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';
import { Validation } from '../shared/errors.ts';
import { CONTRACT_DATA_TITLE, npqApplicationMessages } from './applications/messages.ts';

// The NPQ contracts between DfE and a provider, per cohort and course: whether one exists decides
// what a provider may do in that cohort, and a positive funding cap means funded places are counted.

export interface NpqContractTerms {
  funding_cap: number | null;
}

/** The latest version of the provider's contract for the cohort and course, if there is one. */
export async function latestNpqContract(tx: Db, leadProviderId: string, cohortId: string, npqCourseId: string): Promise<NpqContractTerms | null> {
  const rows = await tx.$queryRaw<NpqContractTerms[]>(Prisma.sql`SELECT funding_cap FROM npq_contracts
                WHERE lead_provider_id = ${leadProviderId}::uuid AND cohort_id = ${cohortId}::uuid AND npq_course_id = ${npqCourseId}::uuid
                ORDER BY string_to_array(version, '.')::int[] DESC LIMIT 1`);
  return rows[0] ?? null;
}

/** Whether the contract caps funded places (and so asks for `funded_place`). */
export function capsFundedPlaces(contract: NpqContractTerms | null): boolean {
  return (contract?.funding_cap ?? 0) > 0;
}

/** The answer when the contract data a change needs is missing. */
export function contractDataError(): Validation {
  return new Validation([{ attribute: CONTRACT_DATA_TITLE, detail: npqApplicationMessages.contractData }]);
}
