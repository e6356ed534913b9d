import type { operations } from '../../../generated/v1.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { providerActor } from '../../domain/declarations/history.ts';
import {
  findVisibleDeclaration,
  flatDeclarationListParams,
  listDeclarations,
  streamDeclarations,
  type DeclarationScope,
} from '../../domain/declarations/query.ts';
import { declarationRequestFrom, recordDeclaration } from '../../domain/declarations/service.ts';
import { voidDeclaration } from '../../domain/declarations/state-machine.ts';
import type { Query } from '../../domain/shared/list-params.ts';
import type { FastifyRequest } from 'fastify';
import { csvResponse } from '../serializers/csv.ts';
import { declaration, declarationCsvRow, DECLARATION_CSV_COLUMNS } from './declaration-serializer.ts';

// v1: other providers' declarations show for participants with an active or completed record here.
const scope = (request: FastifyRequest): DeclarationScope => ({ leadProviderId: request.caller!.leadProviderId, others: 'active-or-completed' });

export const declarationsHandlers = {
  async listParticipantDeclarations(request) {
    const { filters, page } = flatDeclarationListParams(request.query as Query);
    const views = await listDeclarations(request.server.db.prisma, scope(request), filters, page);
    return { data: views.map(declaration) };
  },
  async listParticipantDeclarationsCsv(request, reply) {
    const { filters } = flatDeclarationListParams(request.query as Query);
    const views = streamDeclarations(request.server.db.prisma, scope(request), filters);
    return csvResponse(reply, DECLARATION_CSV_COLUMNS, views, declarationCsvRow);
  },
  async createParticipantDeclaration(request) {
    const leadProviderId = request.caller!.leadProviderId;
    const input = { leadProviderId, request: declarationRequestFrom(request.body), now: request.now, actor: providerActor(leadProviderId) };
    return { data: declaration((await recordDeclaration(request.server.db.prisma, input)).declaration) };
  },
  async getParticipantDeclaration(request) {
    const { id } = request.params as { id: string };
    const view = await findVisibleDeclaration(request.server.db.prisma, scope(request), id);
    if (!view) throw new NotFoundError();
    return { data: declaration(view) };
  },
  async voidParticipantDeclaration(request) {
    const { id } = request.params as { id: string };
    const leadProviderId = request.caller!.leadProviderId;
    const view = await voidDeclaration(request.server.db.prisma, { declarationId: id, leadProviderId, now: request.now, actor: providerActor(leadProviderId) });
    return { data: declaration(view) };
  },
} satisfies Pick<
  HandlerTable<operations>,
  'listParticipantDeclarations' | 'listParticipantDeclarationsCsv' | 'createParticipantDeclaration' | 'getParticipantDeclaration' | 'voidParticipantDeclaration'
>;
