import type { operations } from '../../../generated/v2.ts';
import type { HandlerTable } from '../handlers.ts';
import { flatParticipantReadHandlers } from '../flat/participants.ts';

export const participantHandlers = flatParticipantReadHandlers satisfies Pick<
  HandlerTable<operations>,
  'listParticipantsEcf' | 'listParticipantsEcfCsv' | 'getParticipantEcf'
>;
