import { Prisma, type DeclarationState } from '../../../generated/prisma/client.ts';
import { ValidationErrors } from '../shared/errors.ts';
import type { Db } from '../shared/db.ts';
import { COURSE_PROFILE_TYPES } from '../shared/courses.ts';
import { latestInductionRecordFirst, recordsUnderProvider } from '../shared/sql-fragments.ts';
import { castDateTime, isoDate, isRfc3339DateTime } from '../shared/time.ts';
import type { DeclarationProfile, ResolvedParticipant } from './participant.ts';
import {
  billableSlot,
  declarationMessages as messages,
  evidenceProblem,
  storedEvidence,
} from './rules.ts';

// The rules of a declaration POST (docs/declarations.md) as a pure function over facts read in one
// query. Order matters: the 422 lists one item per attribute in the order attributes first fail,
// and rules marked "skip if errors" look at everything added before them.

export interface DeclarationRequest {
  participantId?: string;
  declarationType?: string;
  declarationDate?: string;
  courseIdentifier?: string;
  evidenceHeld?: string;
  /** NPQ `completed` only: whether the participant passed ('invalid' when neither true nor false). */
  hasPassed?: 'true' | 'false' | 'invalid';
}

/** The induction record a declaration is made under: its delivery partner and mentor are captured. */
export interface RelevantRecord {
  trainingStatus: 'active' | 'deferred' | 'withdrawn';
  deliveryPartnerId: string | null;
  mentorUserId: string | null;
}

/** The live declaration holding the milestone's slot. */
export interface SlotHolder {
  id: string;
  leadProviderId: string;
  declarationDate: Date;
  evidenceHeld: string | null;
  state: DeclarationState;
}

export interface DeclarationFacts {
  /** The newest training-status change this provider recorded for the profile. */
  latestState: { state: string; createdAt: Date } | null;
  relevantRecord: RelevantRecord | null;
  milestone: { startDate: Date; milestoneDate: Date | null } | null;
  holder: SlotHolder | null;
  /** The open output statement a payment would go on today. */
  nextStatementId: string | null;
  /** The user has an active-record profile taking the course. */
  takesCourse: boolean;
  /** Some record of the profile, on its own schedule, is with this provider. */
  trainedHereOnSchedule: boolean;
  /** The oldest live declaration of the milestone by another record with the same TRN. */
  duplicateOf: string | null;
  /** This provider's ineligible duplicate with exactly this request's date and evidence. */
  ineligibleRepeat: string | null;
}

interface FactsRow {
  latest_state: string | null;
  latest_state_at: Date | null;
  record_tier: number | null;
  record_training_status: RelevantRecord['trainingStatus'] | null;
  record_delivery_partner_id: string | null;
  record_mentor_user_id: string | null;
  milestone_start: Date | null;
  milestone_end: Date | null;
  holder_id: string | null;
  holder_lead_provider_id: string | null;
  holder_date: Date | null;
  holder_evidence: string | null;
  holder_state: DeclarationState | null;
  next_statement_id: string | null;
  takes_course: boolean;
  trained_here_on_schedule: boolean;
  duplicate_of: string | null;
  ineligible_repeat: string | null;
}

/** The values the facts query compares against. */
interface FactsParams {
  profileId: string;
  leadProviderId: string;
  declarationDate: unknown;
  scheduleId: string;
  declarationType: string | null;
  billableSlot: string | null;
  cohortId: string;
  today: string;
  userId: string;
  /** The profile type the course belongs to. */
  profileType: string | null;
  trn: string | null;
  course: string | null;
  /** The evidence as it would be stored. */
  evidenceHeld: string | null;
}

function factsQuery(f: FactsParams): Prisma.Sql {
  return Prisma.sql`
  SELECT st.state::text AS latest_state, st.created_at AS latest_state_at,
         ir.tier AS record_tier, ir.training_status::text AS record_training_status,
         ir.delivery_partner_id AS record_delivery_partner_id, ir.mentor_user_id AS record_mentor_user_id,
         m.start_date AS milestone_start, m.milestone_date AS milestone_end,
         h.id AS holder_id, h.lead_provider_id AS holder_lead_provider_id, h.declaration_date AS holder_date,
         h.evidence_held AS holder_evidence, h.state::text AS holder_state,
         (SELECT s.id FROM statements s
           WHERE s.lead_provider_id = ${f.leadProviderId}::uuid AND s.cohort_id = ${f.cohortId}::uuid AND s.statement_type = 'ecf' AND s.output_fee AND s.status = 'open'
             AND s.deadline_date >= ${f.today}::date
           ORDER BY s.deadline_date, s.payment_date, s.id LIMIT 1) AS next_statement_id,
         EXISTS (SELECT 1 FROM participant_profiles pp
                  WHERE pp.user_id = ${f.userId}::uuid AND pp.profile_type = ${f.profileType}::profile_type AND pp.status = 'active') AS takes_course,
         EXISTS (SELECT 1 FROM ${recordsUnderProvider(f.leadProviderId, 'r')}
                  WHERE r.participant_profile_id = ${f.profileId}::uuid AND r.schedule_id = ${f.scheduleId}::uuid) AS trained_here_on_schedule,
         (SELECT d.id FROM participant_declarations d JOIN teacher_profiles tp ON tp.user_id = d.user_id
           WHERE ${f.trn}::text IS NOT NULL AND tp.trn = ${f.trn}::text AND d.user_id <> ${f.userId}::uuid
             AND d.profile_type = ${f.profileType}::profile_type AND d.declaration_type = ${f.declarationType}::text AND d.course_identifier = ${f.course}::text
             AND d.state IN ('submitted', 'eligible', 'payable', 'paid') AND d.superseded_by_id IS NULL
           ORDER BY d.created_at, d.id LIMIT 1) AS duplicate_of,
         (SELECT d.id FROM participant_declarations d
           WHERE d.user_id = ${f.userId}::uuid AND d.lead_provider_id = ${f.leadProviderId}::uuid AND d.course_identifier = ${f.course}::text
             AND d.declaration_type = ${f.declarationType}::text AND d.state = 'ineligible' AND d.declaration_date = ${f.declarationDate}::timestamptz
             AND d.evidence_held IS NOT DISTINCT FROM ${f.evidenceHeld}::text
           ORDER BY d.created_at, d.id LIMIT 1) AS ineligible_repeat
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT state, created_at FROM participant_profile_states
       WHERE participant_profile_id = ${f.profileId}::uuid AND lead_provider_id = ${f.leadProviderId}::uuid
       ORDER BY created_at DESC, id DESC LIMIT 1
    ) st ON true
    LEFT JOIN LATERAL (
      -- The provider's latest record started by the declaration date; failing that, its first one.
      SELECT * FROM (
        (SELECT 1 AS tier, r.training_status, p.delivery_partner_id, mp.user_id AS mentor_user_id
           FROM ${recordsUnderProvider(f.leadProviderId, 'r')}
           LEFT JOIN participant_profiles mp ON mp.id = r.mentor_profile_id
          WHERE r.participant_profile_id = ${f.profileId}::uuid AND r.start_date <= ${f.declarationDate}::timestamptz
          ORDER BY ${latestInductionRecordFirst('r')} LIMIT 1)
        UNION ALL
        (SELECT 2 AS tier, r.training_status, p.delivery_partner_id, mp.user_id AS mentor_user_id
           FROM ${recordsUnderProvider(f.leadProviderId, 'r')}
           LEFT JOIN participant_profiles mp ON mp.id = r.mentor_profile_id
          WHERE r.participant_profile_id = ${f.profileId}::uuid
          ORDER BY r.start_date, r.created_at LIMIT 1)
      ) records ORDER BY tier LIMIT 1
    ) ir ON true
    LEFT JOIN milestones m ON m.schedule_id = ${f.scheduleId}::uuid AND m.declaration_type = ${f.declarationType}::text
    LEFT JOIN participant_declarations h ON h.billable_slot = ${f.billableSlot}::text`;
}

export async function loadDeclarationFacts(
  db: Db,
  input: { leadProviderId: string; userId: string; profile: DeclarationProfile; request: DeclarationRequest; now: Date },
): Promise<DeclarationFacts> {
  const { profile, request, userId } = input;
  const date = castDateTime(request.declarationDate);
  const type = request.declarationType ?? null;
  const course = request.courseIdentifier ?? null;
  const [row] = await db.$queryRaw<FactsRow[]>(factsQuery({
    profileId: profile.id,
    leadProviderId: input.leadProviderId,
    declarationDate: date,
    scheduleId: profile.scheduleId,
    declarationType: type,
    billableSlot: type && course ? billableSlot(userId, course, type) : null,
    cohortId: profile.cohort.id,
    today: isoDate(input.now),
    userId,
    profileType: (course && COURSE_PROFILE_TYPES[course]) || null,
    trn: profile.trn,
    course,
    evidenceHeld: type ? storedEvidence(request.evidenceHeld, { profileType: profile.profileType, declarationType: type, detailedEvidenceTypes: profile.cohort.detailedEvidenceTypes }) : null,
  }));
  const facts = row!;
  return {
    latestState: facts.latest_state ? { state: facts.latest_state, createdAt: facts.latest_state_at! } : null,
    relevantRecord: facts.record_tier
      ? { trainingStatus: facts.record_training_status!, deliveryPartnerId: facts.record_delivery_partner_id, mentorUserId: facts.record_mentor_user_id }
      : null,
    milestone: facts.milestone_start ? { startDate: facts.milestone_start, milestoneDate: facts.milestone_end } : null,
    holder: facts.holder_id
      ? {
          id: facts.holder_id,
          leadProviderId: facts.holder_lead_provider_id!,
          declarationDate: facts.holder_date!,
          evidenceHeld: facts.holder_evidence,
          state: facts.holder_state!,
        }
      : null,
    nextStatementId: facts.next_statement_id,
    takesCourse: facts.takes_course,
    trainedHereOnSchedule: facts.trained_here_on_schedule,
    duplicateOf: facts.duplicate_of,
    ineligibleRepeat: facts.ineligible_repeat,
  };
}

export interface CheckedDeclaration {
  errors: ValidationErrors;
  date: Date | null;
  /** What is stored as evidence_held (older cohorts discard it on `started`). */
  evidence: string | null;
  /** The declaration this request exactly repeats: answered with it, not refused or recorded twice. */
  repeatOf: string | null;
}

/** Same provider, milestone, date and evidence as the live declaration in the slot. */
export function isExactRepeat(
  holder: Pick<SlotHolder, 'leadProviderId' | 'declarationDate' | 'evidenceHeld'>,
  wanted: { leadProviderId: string; date: Date; evidence: string | null },
): boolean {
  return (
    holder.leadProviderId === wanted.leadProviderId &&
    holder.declarationDate.getTime() === wanted.date.getTime() &&
    holder.evidenceHeld === wanted.evidence
  );
}

/** The POST's rules 1–13, numbered as in docs/declarations.md (rule 0, NPQ courses, is the service's: it stops everything). */
export function checkDeclaration(
  input: { leadProviderId: string; request: DeclarationRequest; now: Date },
  participant: ResolvedParticipant | null,
  facts: DeclarationFacts | null,
): CheckedDeclaration {
  const { request, leadProviderId, now } = input;
  const errors = new ValidationErrors();
  const type = request.declarationType;
  const date = castDateTime(request.declarationDate);
  const profile = participant?.profile ?? null;
  const known = profile && facts ? { profile, facts } : null;

  // 1 the participant resolves
  if (!participant) errors.add('participant_id', messages.participantNotRecognised);

  // 2 withdrawn by this provider on or before the declaration date, and not training since
  if (known && date) {
    const { latestState, relevantRecord } = known.facts;
    if (latestState?.state === 'withdrawn' && latestState.createdAt <= date && relevantRecord?.trainingStatus !== 'active') {
      errors.add('participant_id', messages.withdrawn(latestState.createdAt));
    }
  }

  // 3, 4 presence (an unparseable date casts to nothing)
  if (!date) errors.add('declaration_date', messages.missingDate);
  if (!type) errors.add('declaration_type', messages.missingType);

  // 5 not after the request's "now"
  if (date && date > now) errors.add('declaration_date', messages.futureDate);

  // 6 RFC 3339, then inside the milestone's window (a null milestone date is open-ended)
  if (date && !isRfc3339DateTime(request.declarationDate!)) errors.add('declaration_date', messages.invalidDate);
  const milestone = known?.facts.milestone;
  if (milestone && date) {
    if (date < milestone.startDate) errors.add('declaration_date', messages.beforeMilestoneStart);
    const endOfMilestoneDay = milestone.milestoneDate && milestone.milestoneDate.getTime() + 86_400_000 - 1;
    if (endOfMilestoneDay && endOfMilestoneDay <= date.getTime()) errors.add('declaration_date', messages.afterMilestoneEnd);
  }

  const evidence = profile && type
    ? storedEvidence(request.evidenceHeld, { profileType: profile.profileType, declarationType: type, detailedEvidenceTypes: profile.cohort.detailedEvidenceTypes })
    : null;
  const holder = known?.facts.holder ?? null;
  const identical = holder && date && isExactRepeat(holder, { leadProviderId, date, evidence }) ? holder : null;

  // 7 an output statement to pay on: needed unless it would stay submitted
  if (known && identical?.state !== 'submitted' && (identical || known.profile.fundable) && !known.facts.nextStatementId) {
    errors.add('cohort', messages.cohortClosed(known.profile.cohort.startYear));
  }

  // 8 the schedule has this milestone (unknown types fail here too)
  if (known && !milestone) errors.add('declaration_type', messages.typeNotInSchedule);

  // 9 the slot is free, or this repeats exactly what holds it
  if (holder && !identical) errors.add('base', messages.slotTaken);

  // 10 mentors funded from 2025 are paid for started and completed only
  if (profile && type && profile.profileType === 'mentor' && profile.cohort.mentorFunding && type !== 'started' && type !== 'completed') {
    errors.add('declaration_type', messages.mentorRetainedOrExtended);
  }

  // 11 the participant takes this course (skip if errors)
  if (!errors.any && !known?.facts.takesCourse) errors.add('course_identifier', messages.courseNotRecognised);

  // 12 this provider trains the profile on its schedule (skip if errors)
  if (!errors.any && !known?.facts.trainedHereOnSchedule) errors.add('participant_id', messages.participantNotRecognised);

  // 13 evidence (skip if errors)
  if (!errors.any && profile && type) {
    const problem = evidenceProblem(request.evidenceHeld, {
      profileType: profile.profileType,
      declarationType: type,
      detailedEvidenceTypes: profile.cohort.detailedEvidenceTypes,
    });
    if (problem === 'missing') errors.add('evidence_held', messages.missingEvidence);
    if (problem === 'invalid') errors.add('evidence_held', messages.invalidEvidence);
  }

  // An ineligible duplicate holds no slot; repeating one exactly, while it is still a duplicate,
  // gets the one already recorded rather than another.
  const ineligibleRepeat = !holder && known?.facts.duplicateOf ? known.facts.ineligibleRepeat : null;
  return { errors, date, evidence, repeatOf: identical?.id ?? ineligibleRepeat };
}
