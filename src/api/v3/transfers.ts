import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { notYetServed } from '../not-yet-served.ts';

export const transfersHandlers = {
  listParticipantTransfers: notYetServed('listParticipantTransfers'),
  getParticipantTransfers: notYetServed('getParticipantTransfers'),
} satisfies Pick<HandlerTable<operations>, 'listParticipantTransfers' | 'getParticipantTransfers'>;
