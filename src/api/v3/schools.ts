import type { operations } from '../../../generated/v3.ts';
import type { HandlerTable } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { findSchool, listSchools } from '../../domain/schools/query.ts';
import { requiredCohortFilter, schoolListParams } from '../list-params.ts';
import { school } from './school-serializer.ts';

export const schoolsHandlers = {
  async listSchools(request) {
    const { filters, sort, page } = schoolListParams(request.query);
    const views = await listSchools(request.server.db.reader, filters, sort, page);
    return { data: views.map(school) };
  },
  async getSchool(request) {
    const { id } = request.params;
    const view = await findSchool(request.server.db.reader, id, requiredCohortFilter(request.query));
    if (!view) throw new NotFoundError();
    return { data: school(view) };
  },
} satisfies Pick<HandlerTable<operations>, 'listSchools' | 'getSchool'>;
