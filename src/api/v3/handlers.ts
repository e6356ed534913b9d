import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { findParticipant, listParticipants, participantListParams } from '../../domain/participants/query.ts';
import type { Query } from '../../domain/shared/list-params.ts';
import { notYetServed } from '../not-yet-served.ts';
import { participant } from './serializers.ts';

export const v3Handlers = {
  async listParticipantsEcf(request) {
    const { filters, sort, page } = participantListParams(request.query as Query, { v3: true });
    const people = await listParticipants(request.server.db.prisma, request.caller!.leadProviderId, filters, sort, page, request.now);
    return { data: people.map(participant) };
  },
  async getParticipantEcf(request) {
    const { id } = request.params as { id: string };
    const person = await findParticipant(request.server.db.prisma, request.caller!.leadProviderId, id, request.now);
    if (!person) throw new NotFoundError();
    return { data: participant(person) };
  },
  deferParticipantEcf: notYetServed('deferParticipantEcf'),
  resumeParticipantEcf: notYetServed('resumeParticipantEcf'),
  withdrawParticipantEcf: notYetServed('withdrawParticipantEcf'),
  changeScheduleParticipantEcf: notYetServed('changeScheduleParticipantEcf'),
  listParticipantTransfers: notYetServed('listParticipantTransfers'),
  getParticipantTransfers: notYetServed('getParticipantTransfers'),
  listParticipantDeclarations: notYetServed('listParticipantDeclarations'),
  createParticipantDeclaration: notYetServed('createParticipantDeclaration'),
  getParticipantDeclaration: notYetServed('getParticipantDeclaration'),
  voidParticipantDeclaration: notYetServed('voidParticipantDeclaration'),
  listPartnerships: notYetServed('listPartnerships'),
  createPartnership: notYetServed('createPartnership'),
  getPartnership: notYetServed('getPartnership'),
  updatePartnership: notYetServed('updatePartnership'),
  listSchools: notYetServed('listSchools'),
  getSchool: notYetServed('getSchool'),
  listDeliveryPartners: notYetServed('listDeliveryPartners'),
  getDeliveryPartner: notYetServed('getDeliveryPartner'),
  listUnfundedMentors: notYetServed('listUnfundedMentors'),
  getUnfundedMentor: notYetServed('getUnfundedMentor'),
  listStatements: notYetServed('listStatements'),
  getStatement: notYetServed('getStatement'),
} satisfies HandlerTable<operations>;
