import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { requestAttributes } from '../../domain/shared/request-attributes.ts';
import { createPartnership } from '../../domain/partnerships/create.ts';
import { findPartnership, listPartnerships, type PartnershipView } from '../../domain/partnerships/query.ts';
import { updatePartnership } from '../../domain/partnerships/update.ts';
import type { Reader } from '../../domain/shared/db.ts';
import { partnershipListParams } from '../list-params.ts';
import { partnership } from './partnership-serializer.ts';
import { callerOf } from '../caller.ts';

async function shown(reader: Reader, leadProviderId: string, id: string): Promise<PartnershipView> {
  const view = await findPartnership(reader, leadProviderId, id);
  if (!view) throw new NotFoundError();
  return view;
}

export const partnershipsHandlers = {
  async listPartnerships(request) {
    const { filters, sort, page } = partnershipListParams(request.query);
    const views = await listPartnerships(request.server.db.reader, callerOf(request).leadProviderId, filters, sort, page);
    return { data: views.map(partnership) };
  },
  async getPartnership(request) {
    const { id } = request.params;
    return { data: partnership(await shown(request.server.db.reader, callerOf(request).leadProviderId, id)) };
  },
  async createPartnership(request) {
    const { prisma, reader } = request.server.db;
    const leadProviderId = callerOf(request).leadProviderId;
    const id = await createPartnership(prisma, { leadProviderId, attributes: requestAttributes(request.body), now: request.now });
    return { data: partnership(await shown(reader, leadProviderId, id)) };
  },
  async updatePartnership(request) {
    const { prisma, reader } = request.server.db;
    const leadProviderId = callerOf(request).leadProviderId;
    const { id } = request.params;
    const updated = await updatePartnership(prisma, { leadProviderId, partnershipId: id, attributes: requestAttributes(request.body), now: request.now });
    return { data: partnership(await shown(reader, leadProviderId, updated)) };
  },
} satisfies Pick<HandlerTable<operations>, 'listPartnerships' | 'createPartnership' | 'getPartnership' | 'updatePartnership'>;
