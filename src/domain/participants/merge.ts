import { Conflict, InvalidRequest, NotFound } from '../shared/errors.ts';
import { isUuid } from '../shared/uuid.ts';
import { participantsChanged } from './visibility.ts';
import type { Db } from '../shared/db.ts';

/**
 * DfE de-duplication: a person registered twice keeps one participant id. Everything the
 * duplicate held (identities, registrations, declarations, earlier id changes) moves to the
 * surviving participant and a `participant_id_changes` entry records the retired id. The retired
 * id still names the moved identity (its external identifier), so provider actions sent with it
 * keep working, as they do in the DfE service; it no longer shows as a participant of its own.
 */
export async function mergeParticipants(db: Db, options: { fromUserId: string; toUserId: string; now: Date }) {
  const { now } = options;
  for (const id of [options.fromUserId, options.toUserId]) {
    if (!isUuid(id)) throw new InvalidRequest(`"${id}" is not a participant id (a UUID)`);
  }
  const fromUserId = options.fromUserId.toLowerCase();
  const toUserId = options.toUserId.toLowerCase();
  if (fromUserId === toUserId) throw new InvalidRequest('A participant cannot be merged into itself');
  const [from, to] = await Promise.all([
    db.user.findUnique({ where: { id: fromUserId }, include: { teacherProfile: true } }),
    db.user.findUnique({ where: { id: toUserId }, include: { teacherProfile: true } }),
  ]);
  if (!from) throw new NotFound(`No participant ${fromUserId}`);
  if (!to) throw new NotFound(`No participant ${toUserId}`);
  // Both users' rows are locked so a concurrent merge or registration cannot interleave.
  await db.$queryRaw`SELECT 1 FROM users WHERE id = ANY(${[fromUserId, toUserId]}::uuid[]) ORDER BY id FOR UPDATE`;
  const [identities, profiles] = await Promise.all([
    db.participantIdentity.count({ where: { userId: fromUserId } }),
    db.participantProfile.count({ where: { userId: fromUserId } }),
  ]);
  if (identities === 0 && profiles === 0) throw new Conflict(`Participant ${fromUserId} has nothing left to merge (merged already?)`);

  // ECTs mentored by a moved registration now show the surviving id as their mentor_id.
  const mentees = await db.$queryRaw<{ user_id: string }[]>`
    SELECT DISTINCT mentee.user_id FROM induction_records ir
      JOIN participant_profiles mentor ON mentor.id = ir.mentor_profile_id
      JOIN participant_profiles mentee ON mentee.id = ir.participant_profile_id
     WHERE mentor.user_id = ${fromUserId}::uuid`;
  await db.participantIdentity.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId, updatedAt: now } });
  await db.participantProfile.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId, updatedAt: now } });
  await db.participantDeclaration.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId } });
  await db.participantDeclaration.updateMany({ where: { mentorUserId: fromUserId }, data: { mentorUserId: toUserId } });
  await db.participantIdChange.updateMany({ where: { userId: fromUserId }, data: { userId: toUserId } });
  const change = await db.participantIdChange.create({
    data: { userId: toUserId, fromParticipantId: fromUserId, toParticipantId: toUserId, createdAt: now },
  });
  if (!to.teacherProfile?.trn && from.teacherProfile?.trn) {
    await db.teacherProfile.upsert({
      where: { userId: toUserId },
      create: { userId: toUserId, trn: from.teacherProfile.trn, createdAt: now, updatedAt: now },
      update: { trn: from.teacherProfile.trn, updatedAt: now },
    });
  }
  await participantsChanged(db, [fromUserId, toUserId, ...mentees.map((row) => row.user_id)], now);
  return { fromUserId, toUserId, movedProfiles: profiles, idChangeId: change.id };
}
