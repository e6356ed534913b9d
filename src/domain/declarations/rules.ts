import type { DeclarationState, ProfileType } from '../../../generated/prisma/client.ts';
import { rfc3339 } from '../shared/time.ts';

// The fixed vocabulary of declarations: states, the API's exact messages (POST and void),
// and the evidence_held table (see docs/declarations.md).

/** States that hold a participant's slot for a milestone: at most one per user, course and type. */
export const BILLABLE_STATES: readonly DeclarationState[] = ['submitted', 'eligible', 'payable', 'paid'];
/** States of a refund line (the API's `clawback_statement_id`). */
export const REFUND_LINE_STATES: readonly DeclarationState[] = ['awaiting_clawback', 'clawed_back'];


/**
 * The unique key a declaration holds while it is billable; the database's unique index on it is
 * what keeps one declaration per slot however many requests race.
 */
export function billableSlot(userId: string, courseIdentifier: string, declarationType: string): string {
  return `${userId}|${courseIdentifier}|${declarationType}`;
}

export function slotFor(state: DeclarationState, declaration: { userId: string; courseIdentifier: string; declarationType: string }) {
  return BILLABLE_STATES.includes(state) ? billableSlot(declaration.userId, declaration.courseIdentifier, declaration.declarationType) : null;
}

const cohortClosed = (startYear: number) =>
  `You cannot submit or void declarations for the ${startYear} cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us`;

/** Verbatim DfE messages. */
export const declarationMessages = {
  participantNotRecognised:
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.",
  withdrawn: (withdrawnAt: Date) =>
    `This participant withdrew from this course on ${rfc3339(withdrawnAt)}. Enter a '#/declaration_date' that's on or before the withdrawal date.`,
  missingDate: "Enter a '#/declaration_date'.",
  missingType: "Enter a '#/declaration_type'.",
  futureDate: "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
  invalidDate: "Enter a valid RCF3339 '#/declaration_date'.",
  beforeMilestoneStart: "Enter a '#/declaration_date' that's on or after the milestone start.",
  afterMilestoneEnd: "Enter a '#/declaration_date' that's before the milestone end date.",
  cohortClosed,
  typeNotInSchedule: "The property '#/declaration_type' does not exist for this schedule.",
  slotTaken: 'A declaration has already been submitted that will be, or has been, paid for this event',
  mentorRetainedOrExtended:
    'You cannot send retained or extended declarations for participants who began their mentor training after June 2025. Resubmit this declaration with either a started or completed declaration.',
  courseNotRecognised:
    "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",
  missingEvidence: "Enter a '#/evidence_held' value for this participant.",
  invalidEvidence: "Enter an available '#/evidence_held' type for this participant's event and course.",
  alreadyVoided: 'This declaration has already been voided.',
  viewOnly: 'This declaration has been clawed-back, so you can only view it.',
  clawbackCohortClosed: (startYear: number) => `Participant declaration ${cohortClosed(startYear)}`,
  alreadyRefunded: 'Participant declaration will or has been be refunded',
} as const;

// ---------------------------------------------------------------------------------------------
// evidence_held: which values each cohort, participant type and declaration type accepts

const BASIC_EVIDENCE = ['training-event-attended', 'self-study-material-completed', 'other'];
const DETAILED_TRAINING_EVIDENCE = ['training-event-attended', 'self-study-material-completed', 'materials-engaged-with-offline', 'other'];
const ENGAGEMENT_EVIDENCE = ['75-percent-engagement-met', '75-percent-engagement-met-reduced-induction'];

function detailedEvidenceFor(profileType: ProfileType, declarationType: string): readonly string[] {
  if (profileType === 'mentor') {
    if (declarationType === 'started') return DETAILED_TRAINING_EVIDENCE;
    if (declarationType === 'completed') return ENGAGEMENT_EVIDENCE;
    return [];
  }
  if (declarationType === 'retained-2') return ENGAGEMENT_EVIDENCE;
  if (declarationType === 'completed') return [...ENGAGEMENT_EVIDENCE, 'one-term-induction'];
  return DETAILED_TRAINING_EVIDENCE;
}

export interface EvidenceContext {
  profileType: ProfileType;
  declarationType: string;
  detailedEvidenceTypes: boolean;
}

/** What is stored: older cohorts discard evidence sent with `started`. */
export function storedEvidence(evidence: string | undefined, context: EvidenceContext): string | null {
  if (!context.detailedEvidenceTypes && context.declarationType === 'started') return null;
  return evidence ?? null;
}

/** The evidence problem, if any: 'missing' or 'invalid'. */
export function evidenceProblem(evidence: string | undefined, context: EvidenceContext): 'missing' | 'invalid' | null {
  if (context.declarationType === 'started' && (!context.detailedEvidenceTypes || evidence === undefined)) return null;
  if (evidence === undefined) return 'missing';
  const allowed = context.detailedEvidenceTypes ? detailedEvidenceFor(context.profileType, context.declarationType) : BASIC_EVIDENCE;
  return allowed.includes(evidence) ? null : 'invalid';
}
