import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { findDeliveryPartner, listDeliveryPartners } from '../../domain/delivery-partners/query.ts';
import { deliveryPartnerListParams } from '../list-params.ts';
import { deliveryPartner } from './delivery-partner-serializer.ts';
import { callerOf } from '../caller.ts';

export const deliveryPartnersHandlers = {
  async listDeliveryPartners(request) {
    const { filters, sort, page } = deliveryPartnerListParams(request.query);
    const views = await listDeliveryPartners(request.server.db.reader, callerOf(request).leadProviderId, filters, sort, page);
    return { data: views.map(deliveryPartner) };
  },
  async getDeliveryPartner(request) {
    const { id } = request.params;
    const view = await findDeliveryPartner(request.server.db.reader, callerOf(request).leadProviderId, id);
    if (!view) throw new NotFoundError();
    return { data: deliveryPartner(view) };
  },
} satisfies Pick<HandlerTable<operations>, 'listDeliveryPartners' | 'getDeliveryPartner'>;
