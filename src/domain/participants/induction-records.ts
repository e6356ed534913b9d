import type { Prisma } from '../../../generated/prisma/client.ts';
import type { Db } from './visibility.ts';

export type InductionRecordChanges = Partial<
  Pick<
    Prisma.InductionRecordUncheckedCreateInput,
    'trainingStatus' | 'inductionStatus' | 'scheduleId' | 'inductionProgrammeId' | 'mentorProfileId' | 'preferredIdentityId' | 'schoolTransfer' | 'endDate'
  >
>;

const LATEST_FIRST: Prisma.InductionRecordOrderByWithRelationInput[] = [
  { endDate: { sort: 'desc', nulls: 'first' } },
  { startDate: 'desc' },
  { createdAt: 'desc' },
];

/** A profile's current record: open-ended first, then newest start, then newest created. */
export async function currentInductionRecord(db: Db, participantProfileId: string) {
  return db.inductionRecord.findFirst({ where: { participantProfileId }, orderBy: LATEST_FIRST });
}

/** The latest record of a profile under one of the provider's partnerships (any state). */
export async function latestInductionRecordForProvider(db: Db, participantProfileId: string, leadProviderId: string) {
  return db.inductionRecord.findFirst({
    where: { participantProfileId, inductionProgramme: { partnership: { leadProviderId } } },
    orderBy: LATEST_FIRST,
  });
}

/**
 * Applies a change the way the DfE service keeps history: the current record is closed
 * (`changed`, ending now) and a copy carrying the change starts now. A record that has not
 * started yet (or starts this very instant) is edited in place instead.
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
    data: {
      ...copy,
      inductionStatus: record.inductionStatus === 'changed' ? 'active' : record.inductionStatus,
      endDate: null,
      ...changes,
      startDate: now,
      createdAt: now,
      updatedAt: now,
    },
  });
}
