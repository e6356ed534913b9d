import type { operations } from '../../../generated/v2.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import {
  findParticipantRecord,
  listParticipantRecords,
  participantListParams,
  streamParticipantRecords,
} from '../../domain/participants/query.ts';
import type { Query } from '../../domain/shared/list-params.ts';
import { flatParticipant, flatParticipantCsvRow, FLAT_PARTICIPANT_CSV_COLUMNS } from '../serializers/flat-participant.ts';
import { csvResponse } from '../serializers/csv.ts';

export const participantHandlers = {
  async listParticipantsEcf(request) {
    const { filters, page } = participantListParams(request.query as Query, { v3: false });
    const records = await listParticipantRecords(request.server.db.prisma, request.caller!.leadProviderId, filters, page, request.now);
    return { data: records.map(flatParticipant) };
  },
  async listParticipantsEcfCsv(request, reply) {
    const { filters } = participantListParams(request.query as Query, { v3: false });
    const records = streamParticipantRecords(request.server.db.prisma, request.caller!.leadProviderId, filters, request.now);
    return csvResponse(reply, FLAT_PARTICIPANT_CSV_COLUMNS, records, flatParticipantCsvRow);
  },
  async getParticipantEcf(request) {
    const { id } = request.params as { id: string };
    const record = await findParticipantRecord(request.server.db.prisma, request.caller!.leadProviderId, id, request.now);
    if (!record) throw new NotFoundError();
    return { data: flatParticipant(record) };
  },
} satisfies Pick<HandlerTable<operations>, 'listParticipantsEcf' | 'listParticipantsEcfCsv' | 'getParticipantEcf'>;
