import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { statementListParams } from '../list-params.ts';
import { findStatement, listStatements } from '../../domain/statements/query.ts';
import { statement } from './statement-serializer.ts';
import { callerOf } from '../caller.ts';

export const statementsHandlers = {
  async listStatements(request) {
    const { filters, page } = statementListParams(request.query);
    const views = await listStatements(request.server.db.prisma, callerOf(request).leadProviderId, filters, page);
    return { data: views.map(statement) };
  },
  async getStatement(request) {
    const { id } = request.params;
    const view = await findStatement(request.server.db.prisma, callerOf(request).leadProviderId, id);
    if (!view) throw new NotFoundError();
    return { data: statement(view) };
  },
} satisfies Pick<HandlerTable<operations>, 'listStatements' | 'getStatement'>;
