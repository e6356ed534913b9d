import type { UnfundedMentor } from '../../domain/participants/unfunded-mentors.ts';
import { rfc3339 } from '../../domain/shared/time.ts';
import type { components } from '../../../generated/v3.ts';

export function unfundedMentor(mentor: UnfundedMentor): components['schemas']['UnfundedMentor'] {
  return {
    id: mentor.id,
    type: 'unfunded-mentor',
    attributes: {
      full_name: mentor.fullName,
      email: mentor.email,
      teacher_reference_number: mentor.trn,
      created_at: rfc3339(mentor.createdAt),
      updated_at: rfc3339(mentor.updatedAt),
    },
  };
}
