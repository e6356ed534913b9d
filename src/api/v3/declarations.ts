import type { FastifyRequest } from 'fastify';
import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { providerActor } from '../../domain/declarations/history.ts';
import { findVisibleDeclaration, listDeclarations, type DeclarationScope } from '../../domain/declarations/query.ts';
import { declarationRequestFrom, recordDeclaration } from '../../domain/declarations/service.ts';
import { voidDeclaration } from '../../domain/declarations/state-machine.ts';
import { declarationListParams } from '../list-params.ts';
import { declaration } from './declaration-serializer.ts';
import { callerOf } from '../caller.ts';

// v3 also shows other providers' declarations while a record here is leaving (dated up to its end).
const scope = (request: FastifyRequest): DeclarationScope => ({ leadProviderId: callerOf(request).leadProviderId, others: 'including-leaving' });

export const declarationsHandlers = {
  async listParticipantDeclarations(request) {
    const { filters, page } = declarationListParams(request.query);
    const views = await listDeclarations(request.server.db.reader, scope(request), filters, page);
    return { data: views.map(declaration) };
  },
  async createParticipantDeclaration(request) {
    const leadProviderId = callerOf(request).leadProviderId;
    const input = { leadProviderId, request: declarationRequestFrom(request.body), now: request.now, actor: providerActor(leadProviderId) };
    return { data: declaration((await recordDeclaration(request.server.db, input)).declaration) };
  },
  async getParticipantDeclaration(request) {
    const { id } = request.params;
    const view = await findVisibleDeclaration(request.server.db.reader, scope(request), id);
    if (!view) throw new NotFoundError();
    return { data: declaration(view) };
  },
  async voidParticipantDeclaration(request) {
    const { id } = request.params;
    const leadProviderId = callerOf(request).leadProviderId;
    const view = await voidDeclaration(request.server.db, { declarationId: id, leadProviderId, now: request.now, actor: providerActor(leadProviderId) });
    return { data: declaration(view) };
  },
} satisfies Pick<HandlerTable<operations>, 'listParticipantDeclarations' | 'createParticipantDeclaration' | 'getParticipantDeclaration' | 'voidParticipantDeclaration'>;
