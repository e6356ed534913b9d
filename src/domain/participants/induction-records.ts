import type { InductionRecord, Prisma } from '../../../generated/prisma/client.ts';
import type { Db } from './visibility.ts';

export type InductionRecordChanges = Partial<
  Pick<
    Prisma.InductionRecordUncheckedCreateInput,
    'trainingStatus' | 'inductionStatus' | 'scheduleId' | 'inductionProgrammeId' | 'mentorProfileId' | 'preferredIdentityId' | 'schoolTransfer' | 'endDate'
  >
>;

/** The SQL form of "latest first", for raw queries over `induction_records ir`. */
export const LATEST_FIRST_SQL = '(ir.end_date IS NULL) DESC, ir.start_date DESC, ir.created_at DESC, ir.id DESC';

/**
 * The DfE service's "latest" order: an open-ended record before any closed one (whatever their
 * end dates), then the newest start, then the newest created. Prisma cannot order on `IS NULL`
 * alone, and a profile has a handful of records, so they are ranked here.
 */
function latestFirst(a: InductionRecord, b: InductionRecord): number {
  if ((a.endDate === null) !== (b.endDate === null)) return a.endDate === null ? -1 : 1;
  return (
    b.startDate.getTime() - a.startDate.getTime() ||
    b.createdAt.getTime() - a.createdAt.getTime() ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  );
}

async function latestWhere(db: Db, where: Prisma.InductionRecordWhereInput): Promise<InductionRecord | null> {
  const records = await db.inductionRecord.findMany({ where });
  return records.sort(latestFirst)[0] ?? null;
}

/** A profile's current record: open-ended first, then newest start, then newest created. */
export async function currentInductionRecord(db: Db, participantProfileId: string) {
  return latestWhere(db, { participantProfileId });
}

/**
 * The record a provider's actions work on: the latest one under one of its partnerships that the
 * school has not challenged (the record `participant_visibility` shows the provider).
 */
export async function relevantInductionRecord(db: Db, participantProfileId: string, leadProviderId: string) {
  return latestWhere(db, {
    participantProfileId,
    inductionProgramme: { partnership: { leadProviderId, challengedAt: null, challengeReason: null } },
  });
}

/**
 * Applies a change the way the DfE service keeps history: the record is closed (`changed`,
 * ending now) and a copy of it, starting now, carries the change. The copy keeps the record's
 * own end date and induction status (a `leaving` record stays leaving on its leaving date). A
 * record that has not started yet (or starts this very instant) is edited in place instead.
 */
export async function changeInductionRecord(db: Db, recordId: string, changes: InductionRecordChanges, now: Date) {
  const record = await db.inductionRecord.findUniqueOrThrow({ where: { id: recordId } });
  if (record.startDate >= now) {
    return db.inductionRecord.update({ where: { id: record.id }, data: { ...changes, updatedAt: now } });
  }
  await db.inductionRecord.update({
    where: { id: record.id },
    data: { inductionStatus: 'changed', endDate: now, updatedAt: now },
  });
  const { id: _id, createdAt: _created, updatedAt: _updated, ...copy } = record;
  return db.inductionRecord.create({
    data: { ...copy, ...changes, startDate: now, createdAt: now, updatedAt: now },
  });
}
