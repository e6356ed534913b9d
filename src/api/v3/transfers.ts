import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { findParticipantTransfers, listParticipantTransfers } from '../../domain/participants/transfers.ts';
import { transferListParams } from '../list-params.ts';
import { participantTransfer } from './transfer-serializer.ts';
import { callerOf } from '../caller.ts';

export const transfersHandlers = {
  async listParticipantTransfers(request) {
    const { filters, page } = transferListParams(request.query);
    const people = await listParticipantTransfers(request.server.db.reader, callerOf(request).leadProviderId, filters, page, request.now);
    return { data: people.map(participantTransfer) };
  },
  async getParticipantTransfers(request) {
    const { id } = request.params;
    const person = await findParticipantTransfers(request.server.db.reader, callerOf(request).leadProviderId, id, request.now);
    if (!person) throw new NotFoundError();
    return { data: participantTransfer(person) };
  },
} satisfies Pick<HandlerTable<operations>, 'listParticipantTransfers' | 'getParticipantTransfers'>;
