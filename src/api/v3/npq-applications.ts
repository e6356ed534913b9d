import type { operations } from '../../../generated/v3.ts';
import type { ByIdRequest, HandlerTable, ListRequest } from '../handlers.ts';
import { NotFoundError } from '../../errors.ts';
import { findNpqApplication, listNpqApplications, type NpqApplicationRecord } from '../../domain/npq/applications/query.ts';
import { acceptNpqApplication, changeNpqApplicationFundedPlace, rejectNpqApplication } from '../../domain/npq/applications/actions.ts';
import { npqApplicationListParams } from '../list-params.ts';
import { npqApplicationAttributes, npqApplicationResource } from '../serializers/npq-application.ts';
import { acceptInputOf, changeFundedPlaceInputOf, rejectInputOf } from '../npq-application-request.ts';
import { callerOf } from '../caller.ts';

type ScheduleIdentifier = NonNullable<
  operations['getNpqApplication']['responses'][200]['content']['application/vnd.api+json']['data']['attributes']['schedule_identifier']
>;

/** v3 adds the schedule of the enrolment an accepted application became. */
function resource(record: NpqApplicationRecord) {
  return npqApplicationResource(record, {
    ...npqApplicationAttributes(record),
    schedule_identifier: record.scheduleIdentifier as ScheduleIdentifier | null,
  });
}

export const npqApplicationHandlers = {
  async listNpqApplications(request: ListRequest) {
    const { filters, sort, page } = npqApplicationListParams(request.query);
    const records = await listNpqApplications(request.server.db.reader, callerOf(request).leadProviderId, filters, sort, page);
    return { data: records.map(resource) };
  },
  async getNpqApplication(request: ByIdRequest) {
    const record = await findNpqApplication(request.server.db.reader, callerOf(request).leadProviderId, request.params.id);
    if (!record) throw new NotFoundError();
    return { data: resource(record) };
  },
  async acceptNpqApplication(request: ByIdRequest) {
    return { data: resource(await acceptNpqApplication(request.server.db, acceptInputOf(request, true))) };
  },
  async rejectNpqApplication(request: ByIdRequest) {
    return { data: resource(await rejectNpqApplication(request.server.db, rejectInputOf(request))) };
  },
  async changeNpqApplicationFundedPlace(request: ByIdRequest) {
    return { data: resource(await changeNpqApplicationFundedPlace(request.server.db, changeFundedPlaceInputOf(request, true))) };
  },
} satisfies Pick<
  HandlerTable<operations>,
  'listNpqApplications' | 'getNpqApplication' | 'acceptNpqApplication' | 'rejectNpqApplication' | 'changeNpqApplicationFundedPlace'
>;
