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
  npqCourse: 'NPQ Courses are no longer supported',
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
// declaration_date: Rails casts leniently (a date alone parses), then checks the raw text against
// RFC 3339 with an optional zone.

const RFC3339_DECLARATION_DATE = /^\d{4}-\d{2}-\d{2}T(\d{2}):(\d{2}):(\d{2})([.,]\d+)?(Z|[+-](\d{2})(:?\d{2})?)?$/i;
const LENIENT_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The value Rails' datetime cast would give (null when it cannot parse); zone-less means UTC. */
export function castDeclarationDate(raw: string | undefined): Date | null {
  if (raw === undefined) return null;
  const match = LENIENT_DATE.exec(raw.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', zone = 'Z'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  // Year 0 does not exist in PostgreSQL (or the Gregorian calendar): unreadable, like 30 February.
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > lastDay) return null;
  let offsetMinutes = 0;
  if (!/^(z|utc)$/i.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const utc = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, Math.floor(Number(`0.${fraction}`) * 1000)));
  utc.setUTCFullYear(y); // Date.UTC reads years 0-99 as 19xx
  return new Date(utc.getTime() - offsetMinutes * 60_000);
}

export function isRfc3339DeclarationDate(raw: string): boolean {
  return RFC3339_DECLARATION_DATE.test(raw);
}

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
