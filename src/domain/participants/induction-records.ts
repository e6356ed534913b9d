import type { InductionRecord, Prisma } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/db.ts';
import { compareLatestInductionRecordFirst } from '../shared/sql-fragments.ts';

export type InductionRecordChanges = Partial<
  Pick<
    Prisma.InductionRecordUncheckedCreateInput,
    'trainingStatus' | 'inductionStatus' | 'scheduleId' | 'inductionProgrammeId' | 'mentorProfileId' | 'preferredIdentityId' | 'schoolTransfer' | 'endDate'
  >
>;

async function latestWhere(db: Db, where: Prisma.InductionRecordWhereInput): Promise<InductionRecord | null> {
  const records = await db.inductionRecord.findMany({ where });
  return records.sort(compareLatestInductionRecordFirst)[0] ?? null;
}

/** A profile's current record (the latest of them all). */
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
