import type { components } from '../../../generated/v3.ts';
import type { DeclarationView } from '../../domain/declarations/query.ts';
import { rfc3339 } from '../../domain/shared/time.ts';
import { publicDeclarationState, publicIneligibleForFundingReason } from '../public-names.ts';

type Declaration = components['schemas']['ParticipantDeclaration'];
type Attributes = Declaration['attributes'];

export function declaration(view: DeclarationView): Declaration {
  return {
    id: view.id,
    type: 'participant-declaration',
    attributes: {
      participant_id: view.userId,
      declaration_type: view.declarationType as Attributes['declaration_type'],
      course_identifier: view.courseIdentifier as Attributes['course_identifier'],
      declaration_date: rfc3339(view.declarationDate),
      mentor_id: view.mentorUserId,
      state: publicDeclarationState(view.state) as Attributes['state'],
      updated_at: rfc3339(view.updatedAt),
      created_at: rfc3339(view.createdAt),
      delivery_partner_id: view.deliveryPartnerId,
      statement_id: view.statementId,
      clawback_statement_id: view.clawbackStatementId,
      ineligible_for_funding_reason: publicIneligibleForFundingReason(view.state, view.stateReason),
      uplift_paid: view.upliftPaid,
      evidence_held: view.evidenceHeld as Attributes['evidence_held'],
      has_passed: view.hasPassed,
      lead_provider_name: view.leadProviderName,
    },
  };
}
