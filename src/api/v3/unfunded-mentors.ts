import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { findUnfundedMentor, listUnfundedMentors } from '../../domain/participants/unfunded-mentors.ts';
import { unfundedMentorListParams } from '../list-params.ts';
import { unfundedMentor } from './unfunded-mentor-serializer.ts';
import { callerOf } from '../caller.ts';

export const unfundedMentorsHandlers = {
  async listUnfundedMentors(request) {
    const { filters, sort, page } = unfundedMentorListParams(request.query);
    const mentors = await listUnfundedMentors(request.server.db.reader, callerOf(request).leadProviderId, filters, sort, page);
    return { data: mentors.map(unfundedMentor) };
  },
  async getUnfundedMentor(request) {
    const { id } = request.params;
    const mentor = await findUnfundedMentor(request.server.db.reader, callerOf(request).leadProviderId, id);
    if (!mentor) throw new NotFoundError();
    return { data: unfundedMentor(mentor) };
  },
} satisfies Pick<HandlerTable<operations>, 'listUnfundedMentors' | 'getUnfundedMentor'>;
