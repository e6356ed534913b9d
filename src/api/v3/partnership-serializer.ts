import type { components } from '../../../generated/v3.ts';
import type { PartnershipView } from '../../domain/partnerships/query.ts';
import { rfc3339, rfc3339Millis } from '../../domain/shared/time.ts';
import { publicPartnershipStatus } from '../public-names.ts';

type Partnership = components['schemas']['Partnership'];

export function partnership(view: PartnershipView): Partnership {
  return {
    id: view.id,
    type: 'partnership',
    attributes: {
      cohort: view.cohort,
      urn: view.urn,
      school_id: view.schoolId,
      delivery_partner_id: view.deliveryPartnerId,
      delivery_partner_name: view.deliveryPartnerName,
      status: publicPartnershipStatus(view.challengeReason),
      challenged_reason: view.challengeReason as Partnership['attributes']['challenged_reason'],
      // Rails' default JSON time encoding (with milliseconds), unlike every other timestamp the API sends.
      challenged_at: view.challengedAt && rfc3339Millis(view.challengedAt),
      induction_tutor_name: view.inductionTutorName,
      induction_tutor_email: view.inductionTutorEmail,
      created_at: rfc3339(view.createdAt),
      updated_at: rfc3339(view.updatedAt),
    },
  };
}
