import type { EligibilityReason, EligibilityStatus, PrismaClient, ProfileType } from '../../../generated/prisma/client.ts';
import type { Command } from '../command.ts';
import { options, UsageError } from '../command.ts';
import { isUuid } from '../../domain/shared/ids.ts';
import { registerParticipant } from '../../domain/participants/registration.ts';
import {
  assignMentor,
  changeFundingEligibility,
  ELIGIBILITY_REASONS,
  ELIGIBILITY_STATUSES,
  registrationOf,
  schoolWithdrawParticipant,
  transferParticipant,
} from '../../domain/participants/school-side.ts';
import { mergeParticipants } from '../../domain/participants/merge.ts';
import type { Db } from '../../domain/participants/visibility.ts';

// The school and DfE side of participants, through the same domain services the API and the
// sandbox scenarios use. Every command prints the ids it made or changed, or one line saying why not.

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${flag} is required`);
  return value.trim();
}

function participantId(value: string | undefined, flag: string): string {
  const id = required(value, flag);
  if (!isUuid(id)) throw new UsageError(`--${flag} must be a participant id (a UUID), not "${id}"`);
  return id.toLowerCase();
}

function profileType(value: string | undefined): ProfileType | undefined {
  if (value === undefined) return undefined;
  if (value !== 'ect' && value !== 'mentor') throw new UsageError(`--type must be ect or mentor, not "${value}"`);
  return value;
}

/** A calendar date, `YYYY-MM-DD`, as midnight UTC. */
function date(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const parsed = match ? new Date(`${value.trim()}T00:00:00.000Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value.trim()) {
    throw new UsageError(`--${flag} must be a date (YYYY-MM-DD), not "${value}"`);
  }
  return parsed;
}

async function findSchool(db: Db, value: string | undefined) {
  const key = required(value, 'school');
  const school = isUuid(key) ? await db.school.findUnique({ where: { id: key.toLowerCase() } }) : await db.school.findUnique({ where: { urn: key } });
  if (!school) throw new UsageError(`No school with URN or id "${key}"`);
  return school;
}

function inTransaction<T>(prisma: PrismaClient, work: (db: Db) => Promise<T>): Promise<T> {
  return prisma.$transaction((tx) => work(tx), { timeout: 60_000, maxWait: 60_000 });
}

const TYPE_FLAG = { type: { type: 'string' } } as const;

export const participantCommands: Record<string, Command> = {
  'participants register': {
    usage:
      'participants register --school <urn|id> --cohort <year> --type <ect|mentor> --name <full name> --email <email> [--trn <7 digits>] [--mentor <participant-id>] [--schedule <identifier>] [--participant <existing participant-id>]',
    async run(prisma, args, out) {
      const { values } = options(args, {
        school: { type: 'string' },
        cohort: { type: 'string' },
        ...TYPE_FLAG,
        name: { type: 'string' },
        email: { type: 'string' },
        trn: { type: 'string' },
        mentor: { type: 'string' },
        schedule: { type: 'string' },
        participant: { type: 'string' },
      });
      const type = profileType(required(values.type, 'type'))!;
      const cohort = required(values.cohort, 'cohort');
      if (!/^\d{4}$/.test(cohort)) throw new UsageError(`--cohort must be a year, not "${cohort}"`);
      const name = required(values.name, 'name');
      const email = required(values.email, 'email').toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`--email must be an email address, not "${email}"`);
      if (values.trn !== undefined && !/^\d{7}$/.test(values.trn.trim())) throw new UsageError(`--trn must be 7 digits, not "${values.trn}"`);
      if (values.mentor !== undefined && type !== 'ect') throw new UsageError('--mentor is only for ECTs');
      const now = new Date();
      const result = await inTransaction(prisma, async (db) => {
        const school = await findSchool(db, values.school);
        const mentor = values.mentor ? await registrationOf(db, participantId(values.mentor, 'mentor'), 'mentor') : null;
        return registerParticipant(db, {
          schoolId: school.id,
          cohortStartYear: Number(cohort),
          participantType: type,
          fullName: name,
          email,
          trn: values.trn?.trim() ?? null,
          scheduleIdentifier: values.schedule,
          userId: values.participant ? participantId(values.participant, 'participant') : undefined,
          mentorProfileId: mentor?.id ?? null,
          now,
        });
      });
      out.push(`registered ${type} ${name} at school ${values.school} for ${cohort}`);
      out.push(`  participant_id: ${result.userId}`);
      out.push(`  training_record_id: ${result.profileId}`);
      out.push(`  induction_record_id: ${result.inductionRecordId}`);
    },
  },

  'participants assign-mentor': {
    usage: 'participants assign-mentor --ect <participant-id> --mentor <participant-id>',
    async run(prisma, args, out) {
      const { values } = options(args, { ect: { type: 'string' }, mentor: { type: 'string' } });
      const ectUserId = participantId(values.ect, 'ect');
      const mentorUserId = participantId(values.mentor, 'mentor');
      const result = await inTransaction(prisma, (db) => assignMentor(db, { ectUserId, mentorUserId, now: new Date() }));
      out.push(`assigned mentor ${mentorUserId} to ECT ${ectUserId}`);
      out.push(`  ect training_record_id: ${result.ectProfileId}`);
      out.push(`  mentor training_record_id: ${result.mentorProfileId}`);
      out.push(`  induction_record_id: ${result.inductionRecordId}`);
    },
  },

  'participants transfer': {
    usage:
      'participants transfer --participant <id> [--type <ect|mentor>] --leaving-date <YYYY-MM-DD> [--to-school <urn|id> --joining-date <YYYY-MM-DD> [--keep-provider]]',
    async run(prisma, args, out) {
      const { values } = options(args, {
        participant: { type: 'string' },
        ...TYPE_FLAG,
        'leaving-date': { type: 'string' },
        'to-school': { type: 'string' },
        'joining-date': { type: 'string' },
        'keep-provider': { type: 'boolean' },
      });
      const userId = participantId(values.participant, 'participant');
      const type = profileType(values.type);
      const leavingDate = date(values['leaving-date'], 'leaving-date');
      const joiningDate = date(values['joining-date'], 'joining-date');
      if (values['to-school'] === undefined && (joiningDate || values['keep-provider'])) {
        throw new UsageError('--joining-date and --keep-provider need --to-school');
      }
      if (values['to-school'] !== undefined && !joiningDate) throw new UsageError('--joining-date is required with --to-school');
      const result = await inTransaction(prisma, async (db) => {
        const toSchool = values['to-school'] !== undefined ? await findSchool(db, values['to-school']) : undefined;
        return transferParticipant(db, {
          userId,
          profileType: type,
          leavingDate,
          toSchoolId: toSchool?.id,
          joiningDate,
          keepProvider: values['keep-provider'] ?? false,
          now: new Date(),
        });
      });
      out.push(
        values['to-school'] !== undefined
          ? `transferred participant ${userId} to school ${values['to-school']}`
          : `reported participant ${userId} as leaving on ${values['leaving-date']}`,
      );
      out.push(`  training_record_id: ${result.profileId}`);
      out.push(`  leaving induction_record_id: ${result.leavingRecordId}`);
      if (result.joiningRecordId) out.push(`  joining induction_record_id: ${result.joiningRecordId}`);
    },
  },

  'participants eligibility': {
    usage: `participants eligibility --participant <id> [--type <ect|mentor>] --status <${ELIGIBILITY_STATUSES.join('|')}> [--reason <${ELIGIBILITY_REASONS.join('|')}>]`,
    async run(prisma, args, out) {
      const { values } = options(args, { participant: { type: 'string' }, ...TYPE_FLAG, status: { type: 'string' }, reason: { type: 'string' } });
      const userId = participantId(values.participant, 'participant');
      const type = profileType(values.type);
      const status = required(values.status, 'status') as EligibilityStatus;
      if (!ELIGIBILITY_STATUSES.includes(status)) throw new UsageError(`--status must be one of ${ELIGIBILITY_STATUSES.join(', ')}, not "${status}"`);
      const reason = values.reason as EligibilityReason | undefined;
      if (reason !== undefined && !ELIGIBILITY_REASONS.includes(reason)) {
        throw new UsageError(`--reason must be one of ${ELIGIBILITY_REASONS.join(', ')}, not "${reason}"`);
      }
      const result = await inTransaction(prisma, (db) => changeFundingEligibility(db, { userId, profileType: type, status, reason, now: new Date() }));
      out.push(`funding eligibility of participant ${userId} is now ${status}${reason ? ` (${reason})` : ''}`);
      out.push(`  training_record_id: ${result.profileId}`);
      if (result.declarationsMadeEligible.length > 0) out.push(`  declarations made eligible: ${result.declarationsMadeEligible.join(', ')}`);
    },
  },

  'participants merge': {
    usage: 'participants merge --from <duplicate participant-id> --into <participant-id>',
    async run(prisma, args, out) {
      const { values } = options(args, { from: { type: 'string' }, into: { type: 'string' } });
      const fromUserId = participantId(values.from, 'from');
      const toUserId = participantId(values.into, 'into');
      const result = await inTransaction(prisma, (db) => mergeParticipants(db, { fromUserId, toUserId, now: new Date() }));
      out.push(`merged participant ${fromUserId} into ${toUserId} (${result.movedProfiles} training record(s) moved)`);
      out.push(`  participant_id_change: ${fromUserId} -> ${toUserId}`);
    },
  },

  'participants withdraw': {
    usage: 'participants withdraw --participant <id> [--type <ect|mentor>]',
    async run(prisma, args, out) {
      const { values } = options(args, { participant: { type: 'string' }, ...TYPE_FLAG });
      const userId = participantId(values.participant, 'participant');
      const type = profileType(values.type);
      const result = await inTransaction(prisma, (db) => schoolWithdrawParticipant(db, { userId, profileType: type, now: new Date() }));
      out.push(`the school withdrew participant ${userId}`);
      out.push(`  training_record_id: ${result.profileId}`);
      out.push(`  induction_record_id: ${result.inductionRecordId}`);
    },
  },
};
