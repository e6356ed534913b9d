import type { operations } from '../../../generated/v2.ts';
import type { HandlerTable } from '../handlers.ts';
import { flatDeclarationHandlers } from '../flat/declarations.ts';
import { declaration, declarationCsvRow, DECLARATION_CSV_COLUMNS } from './declaration-serializer.ts';

export const declarationsHandlers = flatDeclarationHandlers({
  declaration,
  csvRow: declarationCsvRow,
  csvColumns: DECLARATION_CSV_COLUMNS,
}) satisfies Pick<
  HandlerTable<operations>,
  'listParticipantDeclarations' | 'listParticipantDeclarationsCsv' | 'createParticipantDeclaration' | 'getParticipantDeclaration' | 'voidParticipantDeclaration'
>;
