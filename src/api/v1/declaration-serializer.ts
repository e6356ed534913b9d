import type { components } from '../../../generated/v1.ts';
import type { DeclarationView } from '../../domain/declarations/query.ts';
import { rfc3339 } from '../../domain/shared/time.ts';
import { publicDeclarationState } from '../public-names.ts';

type Declaration = components['schemas']['ParticipantDeclaration'];
type Attributes = Declaration['attributes'];

// v1 keeps the deprecated eligible_for_payment and voided flags.

function attributes(view: DeclarationView): Attributes {
  return {
    participant_id: view.userId,
    declaration_type: view.declarationType as Attributes['declaration_type'],
    course_identifier: view.courseIdentifier as Attributes['course_identifier'],
    eligible_for_payment: view.state === 'eligible' || view.state === 'payable',
    declaration_date: rfc3339(view.declarationDate),
    updated_at: rfc3339(view.updatedAt),
    voided: view.state === 'voided',
    state: publicDeclarationState(view.state) as Attributes['state'],
    has_passed: view.hasPassed,
  };
}

export function declaration(view: DeclarationView): Declaration {
  return { id: view.id, type: 'participant-declaration', attributes: attributes(view) };
}

/** CSV columns: `id`, then the JSON attributes in order (no `type`). */
export const DECLARATION_CSV_COLUMNS = [
  'id', 'participant_id', 'declaration_type', 'course_identifier', 'eligible_for_payment',
  'declaration_date', 'updated_at', 'voided', 'state', 'has_passed',
] as const;

export function declarationCsvRow(view: DeclarationView): Record<string, unknown> {
  return { id: view.id, ...attributes(view) };
}
