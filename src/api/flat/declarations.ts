import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../errors.ts';
import { providerActor } from '../../domain/declarations/history.ts';
import {
  findVisibleDeclaration,
  listDeclarations,
  streamDeclarations,
  type DeclarationScope,
  type DeclarationView,
} from '../../domain/declarations/query.ts';
import { declarationRequestFrom, recordDeclaration } from '../../domain/declarations/service.ts';
import { voidDeclaration } from '../../domain/declarations/state-machine.ts';
import { flatDeclarationListParams } from '../list-params.ts';
import { csvResponse } from '../serializers/csv.ts';
import { callerOf } from '../caller.ts';
import type { ByIdRequest, ListRequest } from '../handlers.ts';

// The declaration operations of v1 and v2: the same rules, filters and visibility, each answering
// in its own version's shape (the serializer it is given). Each version's table checks the result
// against its own spec.

export interface FlatDeclarationSerializer<Item> {
  declaration(view: DeclarationView): Item;
  csvRow(view: DeclarationView): Record<string, unknown>;
  csvColumns: readonly string[];
}

// v1 and v2: other providers' declarations show for participants with an active or completed record here.
const scope = (request: FastifyRequest): DeclarationScope => ({ leadProviderId: callerOf(request).leadProviderId, others: 'active-or-completed' });

export function flatDeclarationHandlers<Item>(serializer: FlatDeclarationSerializer<Item>) {
  return {
    async listParticipantDeclarations(request: ListRequest) {
      const { filters, page } = flatDeclarationListParams(request.query);
      const views = await listDeclarations(request.server.db.reader, scope(request), filters, page);
      return { data: views.map(serializer.declaration) };
    },
    async listParticipantDeclarationsCsv(request: ListRequest, reply: FastifyReply) {
      const { filters } = flatDeclarationListParams(request.query);
      const views = streamDeclarations(request.server.db.reader, scope(request), filters);
      return csvResponse(reply, serializer.csvColumns, views, serializer.csvRow);
    },
    async createParticipantDeclaration(request: FastifyRequest) {
      const leadProviderId = callerOf(request).leadProviderId;
      const input = { leadProviderId, request: declarationRequestFrom(request.body), now: request.now, actor: providerActor(leadProviderId) };
      return { data: serializer.declaration((await recordDeclaration(request.server.db, input)).declaration) };
    },
    async getParticipantDeclaration(request: ByIdRequest) {
      const { id } = request.params;
      const view = await findVisibleDeclaration(request.server.db.reader, scope(request), id);
      if (!view) throw new NotFoundError();
      return { data: serializer.declaration(view) };
    },
    async voidParticipantDeclaration(request: ByIdRequest) {
      const { id } = request.params;
      const leadProviderId = callerOf(request).leadProviderId;
      const view = await voidDeclaration(request.server.db, { declarationId: id, leadProviderId, now: request.now, actor: providerActor(leadProviderId) });
      return { data: serializer.declaration(view) };
    },
  };
}
