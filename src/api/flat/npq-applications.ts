import type { FastifyReply } from 'fastify';
import { NotFoundError } from '../../errors.ts';
import { findNpqApplication, listNpqApplications, streamNpqApplications, type NpqApplicationRecord } from '../../domain/npq/applications/query.ts';
import { acceptNpqApplication, changeNpqApplicationFundedPlace, rejectNpqApplication } from '../../domain/npq/applications/actions.ts';
import { flatNpqApplicationListParams } from '../list-params.ts';
import { npqApplicationAttributes, npqApplicationCsvRow, npqApplicationResource } from '../serializers/npq-application.ts';
import { acceptInputOf, changeFundedPlaceInputOf, rejectInputOf } from '../npq-application-request.ts';
import { csvResponse } from '../serializers/csv.ts';
import { callerOf } from '../caller.ts';
import type { ByIdRequest, ListRequest } from '../handlers.ts';

// The NPQ application operations of v1 and v2: the same JSON, the CSV columns differ (each
// version passes its own). Each version's table checks them against its own spec.

const resource = (record: NpqApplicationRecord) => npqApplicationResource(record, npqApplicationAttributes(record));

export function flatNpqApplicationHandlers(csvColumns: readonly string[]) {
  return {
    async listNpqApplications(request: ListRequest) {
      const { filters, page } = flatNpqApplicationListParams(request.query);
      const records = await listNpqApplications(request.server.db.reader, callerOf(request).leadProviderId, filters, [], page);
      return { data: records.map(resource) };
    },
    async listNpqApplicationsCsv(request: ListRequest, reply: FastifyReply) {
      const { filters } = flatNpqApplicationListParams(request.query);
      const records = streamNpqApplications(request.server.db.reader, callerOf(request).leadProviderId, filters);
      return csvResponse(reply, csvColumns, records, npqApplicationCsvRow);
    },
    async getNpqApplication(request: ByIdRequest) {
      const record = await findNpqApplication(request.server.db.reader, callerOf(request).leadProviderId, request.params.id);
      if (!record) throw new NotFoundError();
      return { data: resource(record) };
    },
    async acceptNpqApplication(request: ByIdRequest) {
      return { data: resource(await acceptNpqApplication(request.server.db, acceptInputOf(request, false))) };
    },
    async rejectNpqApplication(request: ByIdRequest) {
      return { data: resource(await rejectNpqApplication(request.server.db, rejectInputOf(request))) };
    },
    async changeNpqApplicationFundedPlace(request: ByIdRequest) {
      return { data: resource(await changeNpqApplicationFundedPlace(request.server.db, changeFundedPlaceInputOf(request, false))) };
    },
  };
}
