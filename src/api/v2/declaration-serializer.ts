import type { components } from '../../../generated/v2.ts';
import type { DeclarationView } from '../../domain/declarations/query.ts';
import { rfc3339 } from '../../domain/shared/time.ts';
import { publicDeclarationState } from '../public-names.ts';

type Declaration = components['schemas']['ParticipantDeclaration'];
type Attributes = Declaration['attributes'];

function attributes(view: DeclarationView): Attributes {
  return {
    participant_id: view.userId,
    declaration_type: view.declarationType as Attributes['declaration_type'],
    course_identifier: view.courseIdentifier as Attributes['course_identifier'],
    declaration_date: rfc3339(view.declarationDate),
    updated_at: rfc3339(view.updatedAt),
    state: publicDeclarationState(view.state) as Attributes['state'],
    has_passed: view.hasPassed,
  };
}

export function declaration(view: DeclarationView): Declaration {
  return { id: view.id, type: 'participant-declaration', attributes: attributes(view) };
}

/** CSV columns: `id`, then the JSON attributes in order (no `type`). */
export const DECLARATION_CSV_COLUMNS = [
  'id', 'participant_id', 'declaration_type', 'course_identifier', 'declaration_date', 'updated_at', 'state', 'has_passed',
] as const;

export function declarationCsvRow(view: DeclarationView): Record<string, unknown> {
  return { id: view.id, ...attributes(view) };
}
