import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { notYetServed } from '../not-yet-served.ts';

export const unfundedMentorsHandlers = {
  listUnfundedMentors: notYetServed('listUnfundedMentors'),
  getUnfundedMentor: notYetServed('getUnfundedMentor'),
} satisfies Pick<HandlerTable<operations>, 'listUnfundedMentors' | 'getUnfundedMentor'>;
