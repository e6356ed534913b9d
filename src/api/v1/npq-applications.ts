import type { operations } from '../../../generated/v1.ts';
import type { HandlerTable } from '../handlers.ts';
import { flatNpqApplicationHandlers } from '../flat/npq-applications.ts';
import { NPQ_APPLICATION_CSV_COLUMNS_V1 } from '../serializers/npq-application.ts';

export const npqApplicationHandlers = flatNpqApplicationHandlers(NPQ_APPLICATION_CSV_COLUMNS_V1) satisfies Pick<
  HandlerTable<operations>,
  | 'listNpqApplications'
  | 'listNpqApplicationsCsv'
  | 'getNpqApplication'
  | 'acceptNpqApplication'
  | 'rejectNpqApplication'
  | 'changeNpqApplicationFundedPlace'
>;
