import type { components } from '../../../generated/v3.ts';
import type { SchoolView } from '../../domain/schools/query.ts';
import { rfc3339 } from '../../domain/shared/time.ts';
import { publicInductionProgrammeChoice } from '../public-names.ts';

type School = components['schemas']['School'];

export function school(view: SchoolView): School {
  return {
    id: view.id,
    type: 'school',
    attributes: {
      name: view.name,
      urn: view.urn,
      cohort: view.cohort,
      in_partnership: view.inPartnership,
      induction_programme_choice: publicInductionProgrammeChoice(view.inductionProgrammeChoice ?? 'not_yet_known') as School['attributes']['induction_programme_choice'],
      created_at: rfc3339(view.createdAt),
      updated_at: rfc3339(view.updatedAt),
    },
  };
}
