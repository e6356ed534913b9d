import { Prisma } from '../../../../generated/prisma/client.ts';
import type { Reader } from '../../shared/db.ts';
import type { Page } from '../../shared/paging.ts';
import { isUuid } from '../../shared/uuid.ts';

// NPQ outcomes as the provider sees them (docs/npq-participants.md): those recorded against the
// declarations it submitted, oldest first. A list is one statement paging on the provider's index.

export type NpqOutcomeState = 'passed' | 'failed' | 'voided';

export interface NpqOutcomeRecord {
  id: string;
  state: NpqOutcomeState;
  completionDate: Date;
  courseIdentifier: string;
  participantId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NpqOutcomeFilters {
  /** Outcomes recorded at or after this moment. */
  createdSince?: Date;
}

const SELECT = Prisma.sql`SELECT o.id, o.state::text AS state, o.completion_date, d.course_identifier, o.user_id, o.created_at, o.updated_at
    FROM npq_participant_outcomes o JOIN participant_declarations d ON d.id = o.participant_declaration_id`;

interface Row {
  id: string;
  state: NpqOutcomeState;
  completion_date: Date;
  course_identifier: string;
  user_id: string;
  created_at: Date;
  updated_at: Date;
}

function toRecord(row: Row): NpqOutcomeRecord {
  return {
    id: row.id,
    state: row.state,
    completionDate: row.completion_date,
    courseIdentifier: row.course_identifier,
    participantId: row.user_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A page of the provider's outcomes: one query. */
export async function listNpqOutcomes(reader: Reader, leadProviderId: string, filters: NpqOutcomeFilters, page: Page): Promise<NpqOutcomeRecord[]> {
  const since = filters.createdSince ? Prisma.sql` AND o.created_at >= ${filters.createdSince}::timestamptz` : Prisma.empty;
  const rows = await reader.rows<Row>(Prisma.sql`${SELECT}
      WHERE o.lead_provider_id = ${leadProviderId}::uuid${since}
      ORDER BY o.created_at, o.id LIMIT ${page.limit} OFFSET ${page.offset}`);
  return rows.map(toRecord);
}

/** Every outcome of one participant with the provider, oldest first; none for an unknown id. */
export async function listParticipantNpqOutcomes(reader: Reader, leadProviderId: string, participantId: string): Promise<NpqOutcomeRecord[]> {
  if (!isUuid(participantId)) return [];
  const rows = await reader.rows<Row>(Prisma.sql`${SELECT}
      WHERE o.user_id = ${participantId.toLowerCase()}::uuid AND o.lead_provider_id = ${leadProviderId}::uuid
      ORDER BY o.created_at, o.id`);
  return rows.map(toRecord);
}

export async function findNpqOutcome(reader: Reader, id: string): Promise<NpqOutcomeRecord | null> {
  const rows = await reader.rows<Row>(Prisma.sql`${SELECT} WHERE o.id = ${id}::uuid`);
  return rows[0] ? toRecord(rows[0]) : null;
}
