import { NotFoundError } from '../errors.ts';
import { findNpqParticipant, listNpqParticipants, type NpqParticipantRecord } from '../domain/npq/participants/query.ts';
import {
  changeNpqParticipantSchedule,
  deferNpqParticipant,
  resumeNpqParticipant,
  withdrawNpqParticipant,
  type NpqActionOutcome,
} from '../domain/npq/participants/actions.ts';
import type { ActionRequest } from '../domain/participants/action-input.ts';
import type { Db } from '../domain/shared/db.ts';
import { actionRequestOf } from './action-request.ts';
import { flatNpqParticipantListParams, npqParticipantListParams } from './list-params.ts';
import { npqParticipantResource } from './serializers/npq-participant.ts';
import { callerOf } from './caller.ts';
import type { ByIdRequest, ListRequest } from './handlers.ts';

// The NPQ participant operations every version serves, given the version's attributes serializer; v3
// reads `sort`, `training_status` and `from_participant_id`, v1 and v2 only `updated_since`. Each
// version's table checks them against its own spec.

export function npqParticipantReadHandlers<Attributes>(attributes: (record: NpqParticipantRecord) => Attributes, options: { sortable: boolean }) {
  const resource = (record: NpqParticipantRecord) => npqParticipantResource(record, attributes(record));
  return {
    async listNpqParticipants(request: ListRequest) {
      const { filters, sort, page } = options.sortable
        ? npqParticipantListParams(request.query)
        : { ...flatNpqParticipantListParams(request.query), sort: [] };
      const records = await listNpqParticipants(request.server.db.reader, callerOf(request).leadProviderId, filters, sort, page);
      return { data: records.map(resource) };
    },
    async getNpqParticipant(request: ByIdRequest) {
      const record = await findNpqParticipant(request.server.db.reader, callerOf(request).leadProviderId, request.params.id);
      if (!record) throw new NotFoundError();
      return { data: resource(record) };
    },
  };
}

/** The participant actions, each answering with the participant as the version shows them. */
export function npqParticipantActionHandlers<Attributes>(attributes: (record: NpqParticipantRecord) => Attributes) {
  const answer = (action: (db: Db, request: ActionRequest) => Promise<NpqActionOutcome>) => async (request: ByIdRequest) => {
    const outcome = await action(request.server.db.prisma, actionRequestOf(request));
    const record = await findNpqParticipant(request.server.db.reader, callerOf(request).leadProviderId, outcome.userId);
    if (!record) throw new Error(`NPQ participant ${outcome.userId} is not visible after an action on it`);
    return { data: npqParticipantResource(record, attributes(record)) };
  };
  return {
    withdrawNpqParticipant: answer(withdrawNpqParticipant),
    deferNpqParticipant: answer(deferNpqParticipant),
    resumeNpqParticipant: answer(resumeNpqParticipant),
    changeScheduleNpqParticipant: answer(changeNpqParticipantSchedule),
  };
}
