import type { components } from '../../../generated/v3.ts';
import type { DeliveryPartnerView } from '../../domain/delivery-partners/query.ts';
import { rfc3339 } from '../../domain/shared/time.ts';

export function deliveryPartner(view: DeliveryPartnerView): components['schemas']['DeliveryPartner'] {
  return {
    id: view.id,
    type: 'delivery-partner',
    attributes: {
      name: view.name,
      cohort: view.cohorts,
      created_at: rfc3339(view.createdAt),
      updated_at: rfc3339(view.updatedAt),
    },
  };
}
