import type { NpqCourseGroup } from '../../../generated/prisma/client.ts';

// The NPQ courses a provider can be applied to, and the kind of schedule each is trained on.

export interface NpqCourseDefinition {
  identifier: string;
  name: string;
  group: NpqCourseGroup;
}

export const npqCourseDefinitions: readonly NpqCourseDefinition[] = [
  { identifier: 'npq-senior-leadership', name: 'NPQ for Senior Leadership (NPQSL)', group: 'leadership' },
  { identifier: 'npq-headship', name: 'NPQ for Headship (NPQH)', group: 'leadership' },
  { identifier: 'npq-executive-leadership', name: 'NPQ for Executive Leadership (NPQEL)', group: 'leadership' },
  { identifier: 'npq-early-years-leadership', name: 'NPQ Early Years Leadership (NPQEYL)', group: 'leadership' },
  { identifier: 'npq-senco', name: 'NPQ for Special Educational Needs Co-ordinators (NPQSENCO)', group: 'leadership' },
  { identifier: 'npq-leading-teaching', name: 'NPQ Leading Teaching (NPQLT)', group: 'specialist' },
  { identifier: 'npq-leading-behaviour-culture', name: 'NPQ Leading Behaviour and Culture (NPQLBC)', group: 'specialist' },
  { identifier: 'npq-leading-teaching-development', name: 'NPQ Leading Teacher Development (NPQLTD)', group: 'specialist' },
  { identifier: 'npq-leading-literacy', name: 'NPQ Leading Literacy (NPQLL)', group: 'specialist' },
  { identifier: 'npq-leading-primary-mathematics', name: 'NPQ Leading Primary Mathematics (NPQLPM)', group: 'specialist' },
  { identifier: 'npq-additional-support-offer', name: 'Additional Support Offer for new headteachers', group: 'aso' },
  { identifier: 'npq-early-headship-coaching-offer', name: 'The Early Headship Coaching Offer', group: 'ehco' },
];

/**
 * The support offer for new headteachers was rebranded as the coaching offer: the two count as one
 * course when deciding whether someone already has (or was already funded for) it.
 */
export const REBRANDED_GROUPS: readonly NpqCourseGroup[] = ['aso', 'ehco'];

/** The support and coaching offers end without a qualification, so without outcomes or `has_passed`. */
export function npqCourseHasOutcomes(identifier: string): boolean {
  const course = npqCourseDefinitions.find((definition) => definition.identifier === identifier);
  return course !== undefined && !REBRANDED_GROUPS.includes(course.group);
}

export const isNpqCourse = (identifier: string | undefined): boolean =>
  identifier !== undefined && npqCourseDefinitions.some((definition) => definition.identifier === identifier);
