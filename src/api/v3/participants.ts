import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { findParticipant, listParticipants } from '../../domain/participants/query.ts';
import { participantListParams } from '../list-params.ts';
import { participant } from './participant-serializer.ts';
import { callerOf } from '../caller.ts';

export const participantHandlers = {
  async listParticipantsEcf(request) {
    const { filters, sort, page } = participantListParams(request.query);
    const people = await listParticipants(request.server.db.reader, callerOf(request).leadProviderId, filters, sort, page, request.now);
    return { data: people.map(participant) };
  },
  async getParticipantEcf(request) {
    const { id } = request.params;
    const person = await findParticipant(request.server.db.reader, callerOf(request).leadProviderId, id, request.now);
    if (!person) throw new NotFoundError();
    return { data: participant(person) };
  },
} satisfies Pick<HandlerTable<operations>, 'listParticipantsEcf' | 'getParticipantEcf'>;
