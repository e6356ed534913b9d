import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { notYetServed } from '../not-yet-served.ts';

export const statementsHandlers = {
  listStatements: notYetServed('listStatements'),
  getStatement: notYetServed('getStatement'),
} satisfies Pick<HandlerTable<operations>, 'listStatements' | 'getStatement'>;
