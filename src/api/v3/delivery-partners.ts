import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { notYetServed } from '../not-yet-served.ts';

export const deliveryPartnersHandlers = {
  listDeliveryPartners: notYetServed('listDeliveryPartners'),
  getDeliveryPartner: notYetServed('getDeliveryPartner'),
} satisfies Pick<HandlerTable<operations>, 'listDeliveryPartners' | 'getDeliveryPartner'>;
