import type { FastifyReply } from 'fastify';
import { NotFoundError } from '../../errors.ts';
import {
  findParticipantRecord,
  listParticipantRecords,
  streamParticipantRecords,
} from '../../domain/participants/query.ts';
import { flatParticipantListParams } from '../list-params.ts';
import { flatParticipant, flatParticipantCsvRow, FLAT_PARTICIPANT_CSV_COLUMNS } from '../serializers/flat-participant.ts';
import { csvResponse } from '../serializers/csv.ts';
import { callerOf } from '../caller.ts';
import type { ByIdRequest, ListRequest } from '../handlers.ts';

// The participant reads of v1 and v2, whose wire shapes are identical. Each version's table checks
// these against its own spec (`satisfies`), so a divergence between the two specs fails `tsc`.

export const flatParticipantReadHandlers = {
  async listParticipantsEcf(request: ListRequest) {
    const { filters, page } = flatParticipantListParams(request.query);
    const records = await listParticipantRecords(request.server.db.reader, callerOf(request).leadProviderId, filters, page, request.now);
    return { data: records.map(flatParticipant) };
  },
  async listParticipantsEcfCsv(request: ListRequest, reply: FastifyReply) {
    const { filters } = flatParticipantListParams(request.query);
    const records = streamParticipantRecords(request.server.db.reader, callerOf(request).leadProviderId, filters, request.now);
    return csvResponse(reply, FLAT_PARTICIPANT_CSV_COLUMNS, records, flatParticipantCsvRow);
  },
  async getParticipantEcf(request: ByIdRequest) {
    const { id } = request.params;
    const record = await findParticipantRecord(request.server.db.reader, callerOf(request).leadProviderId, id, request.now);
    if (!record) throw new NotFoundError();
    return { data: flatParticipant(record) };
  },
};
