import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { notYetServed } from '../not-yet-served.ts';

export const partnershipsHandlers = {
  listPartnerships: notYetServed('listPartnerships'),
  createPartnership: notYetServed('createPartnership'),
  getPartnership: notYetServed('getPartnership'),
  updatePartnership: notYetServed('updatePartnership'),
} satisfies Pick<HandlerTable<operations>, 'listPartnerships' | 'createPartnership' | 'getPartnership' | 'updatePartnership'>;
