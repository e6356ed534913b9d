import type { operations } from '../../../generated/v2.ts';
import type { HandlerTable } from '../handlers.ts';
import { flatParticipantReadHandlers } from '../serializers/flat-participant-handlers.ts';

export const participantHandlers = flatParticipantReadHandlers satisfies Pick<
  HandlerTable<operations>,
  'listParticipantsEcf' | 'listParticipantsEcfCsv' | 'getParticipantEcf'
>;
