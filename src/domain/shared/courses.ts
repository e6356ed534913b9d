import type { ProfileType } from '../../../generated/prisma/client.ts';

/** The profile type each ECF course identifier is taken by. */
export const COURSE_PROFILE_TYPES: Record<string, ProfileType> = {
  'ecf-induction': 'ect',
  'ecf-mentor': 'mentor',
};
