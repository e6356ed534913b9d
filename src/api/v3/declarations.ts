import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { notYetServed } from '../not-yet-served.ts';

export const declarationsHandlers = {
  listParticipantDeclarations: notYetServed('listParticipantDeclarations'),
  createParticipantDeclaration: notYetServed('createParticipantDeclaration'),
  getParticipantDeclaration: notYetServed('getParticipantDeclaration'),
  voidParticipantDeclaration: notYetServed('voidParticipantDeclaration'),
} satisfies Pick<HandlerTable<operations>, 'listParticipantDeclarations' | 'createParticipantDeclaration' | 'getParticipantDeclaration' | 'voidParticipantDeclaration'>;
