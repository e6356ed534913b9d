import { requestAttributes, scalarAttribute } from '../shared/request-attributes.ts';
import type { ProfileType } from '../../../generated/prisma/client.ts';
import { COURSE_PROFILE_TYPES } from '../shared/courses.ts';
import type { ValidationErrors } from '../shared/errors.ts';

// What a participant action request carries, read the way the DfE service reads it (Rails strong
// parameters): `data.attributes` if it is an object, else nothing; only scalar values count.

export interface ActionAttributes {
  courseIdentifier?: string;
  reason?: string;
  scheduleIdentifier?: string;
  cohort?: string;
}

export interface ActionRequest {
  leadProviderId: string;
  /** The path id: a participant id, or a retired id still held by one of the person's identities. */
  participantId: string;
  body: unknown;
  now: Date;
}

export function actionAttributes(body: unknown): ActionAttributes {
  const attributes = requestAttributes(body);
  return {
    courseIdentifier: scalarAttribute(attributes, 'course_identifier'),
    reason: scalarAttribute(attributes, 'reason'),
    scheduleIdentifier: scalarAttribute(attributes, 'schedule_identifier'),
    cohort: scalarAttribute(attributes, 'cohort'),
  };
}

/** Rails' `blank?` for a string attribute. */
export function isBlank(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === '';
}


/** The reason must be given and be one of `allowed`: Rails runs both checks, so a missing one fails the two. */
export function checkReasonInto(errors: ValidationErrors, reason: string | undefined, allowed: readonly string[]) {
  if (isBlank(reason)) errors.add('reason', actionMessages.reasonMissing);
  if (reason === undefined || !allowed.includes(reason)) errors.add('reason', actionMessages.reasonInvalid);
}

export function profileTypeForCourse(courseIdentifier: string | undefined): ProfileType | undefined {
  return courseIdentifier === undefined ? undefined : COURSE_PROFILE_TYPES[courseIdentifier];
}

export const DEFER_REASONS = ['bereavement', 'long-term-sickness', 'parental-leave', 'career-break', 'other'] as const;

/** With the 2025 programme-type change on: `switched-to-school-led` replaced `school-left-fip`. */
export const WITHDRAW_REASONS = [
  'left-teaching-profession',
  'moved-school',
  'mentor-no-longer-being-mentor',
  'switched-to-school-led',
  'other',
] as const;

// The exact 422 details (DfE locale strings).
export const actionMessages = {
  participantNotRecognised:
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.",
  courseNotRecognised: "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",
  courseMissing: "Enter a '#/course_identifier' value for this participant.",
  reasonMissing: "The property '#/reason' must be present",
  reasonInvalid: "The property '#/reason' must be a valid reason",
  alreadyDeferred: 'The participant is already deferred',
  alreadyWithdrawn: 'The participant is already withdrawn',
  alreadyActive: 'The participant is already active',
  invalidSchedule: "The property '#/schedule_identifier' must be present and correspond to a valid schedule",
  withdrawnParticipant: 'Cannot perform actions on a withdrawn participant',
  scheduleInvalidatesDeclarations: 'Changing schedule would invalidate existing declarations. Please void them first.',
  scheduleAlreadyOnProfile: 'Selected schedule is already on the profile',
  scheduleInvalidForCourse: 'Selected schedule is not valid for the course',
  cannotChangeCohort: "You cannot change the '#/cohort' field",
  noPartnershipInCohort:
    'You cannot change a participant to this cohort as you do not have a partnership with the school for the cohort. Contact the DfE for assistance.',
} as const;
