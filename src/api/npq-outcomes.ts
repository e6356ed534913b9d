import type { FastifyRequest } from 'fastify';
import { listNpqOutcomes, listParticipantNpqOutcomes, type NpqOutcomeRecord } from '../domain/npq/outcomes/query.ts';
import { recordNpqOutcome } from '../domain/npq/outcomes/record.ts';
import { npqOutcomeListParams } from './list-params.ts';
import { npqOutcomeResource } from './serializers/npq-outcome.ts';
import { callerOf } from './caller.ts';
import type { ListRequest } from './handlers.ts';

// The NPQ outcome operations every version serves, given the version's attributes serializer.
// Each version's table checks them against its own spec.

type ParticipantRequest = FastifyRequest<{ Params: { participant_id: string } }>;

export function npqOutcomeHandlers<Attributes>(attributes: (record: NpqOutcomeRecord) => Attributes) {
  const resource = (record: NpqOutcomeRecord) => npqOutcomeResource(record, attributes(record));
  return {
    async listNpqOutcomes(request: ListRequest) {
      const { filters, page } = npqOutcomeListParams(request.query);
      return { data: (await listNpqOutcomes(request.server.db.reader, callerOf(request).leadProviderId, filters, page)).map(resource) };
    },
    async listNpqParticipantOutcomes(request: ParticipantRequest) {
      const records = await listParticipantNpqOutcomes(request.server.db.reader, callerOf(request).leadProviderId, request.params.participant_id);
      return { data: records.map(resource) };
    },
    async createNpqParticipantOutcome(request: ParticipantRequest) {
      const record = await recordNpqOutcome(request.server.db, {
        leadProviderId: callerOf(request).leadProviderId,
        participantId: request.params.participant_id,
        body: request.body,
        now: request.now,
      });
      return { data: resource(record) };
    },
  };
}
