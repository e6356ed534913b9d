import type { operations } from '../../../generated/v1.ts';
import type { HandlerTable } from '../handlers.ts';
import { notYetServed } from '../not-yet-served.ts';

export const declarationsHandlers = {
  listParticipantDeclarations: notYetServed('listParticipantDeclarations'),
  listParticipantDeclarationsCsv: notYetServed('listParticipantDeclarationsCsv'),
  createParticipantDeclaration: notYetServed('createParticipantDeclaration'),
  getParticipantDeclaration: notYetServed('getParticipantDeclaration'),
  voidParticipantDeclaration: notYetServed('voidParticipantDeclaration'),
} satisfies Pick<HandlerTable<operations>, 'listParticipantDeclarations' | 'listParticipantDeclarationsCsv' | 'createParticipantDeclaration' | 'getParticipantDeclaration' | 'voidParticipantDeclaration'>;
