import type { operations } from '../../../generated/v2.ts';
import type { FastifyReply } from 'fastify';
import type { HandlerTable, ListRequest } from '../handlers.ts';
import { streamNpqEnrolments, type NpqEnrolmentRow } from '../../domain/npq/participants/enrolments.ts';
import { flatNpqParticipantListParams } from '../list-params.ts';
import { csvResponse } from '../serializers/csv.ts';
import { callerOf } from '../caller.ts';
import { npqParticipantActionHandlers, npqParticipantReadHandlers } from '../npq-participants.ts';
import { npqParticipantAttributesV2 } from '../serializers/npq-participant.ts';
import { npqOutcomeHandlers } from '../npq-outcomes.ts';
import { npqOutcomeAttributes } from '../serializers/npq-outcome.ts';

/** The enrolments CSV's columns, in order. */
export const NPQ_ENROLMENT_CSV_COLUMNS = [
  'participant_id', 'course_identifier', 'schedule_identifier', 'cohort', 'npq_application_id', 'eligible_for_funding', 'funded_place',
  'training_status', 'school_urn',
] as const;

function enrolmentCsvRow(row: NpqEnrolmentRow): Record<(typeof NPQ_ENROLMENT_CSV_COLUMNS)[number], unknown> {
  return {
    participant_id: row.participantId,
    course_identifier: row.courseIdentifier,
    schedule_identifier: row.scheduleIdentifier,
    cohort: row.cohort,
    npq_application_id: row.applicationId,
    eligible_for_funding: row.eligibleForFunding,
    funded_place: row.fundedPlace,
    training_status: row.trainingStatus,
    school_urn: row.schoolUrn,
  };
}

export const npqParticipantHandlers = {
  /** Only v2 has the enrolments CSV. */
  async listNpqEnrolmentsCsv(request: ListRequest, reply: FastifyReply) {
    const { filters } = flatNpqParticipantListParams(request.query);
    const rows = streamNpqEnrolments(request.server.db.reader, callerOf(request).leadProviderId, { updatedSince: filters.updatedSince });
    return csvResponse(reply, NPQ_ENROLMENT_CSV_COLUMNS, rows, enrolmentCsvRow);
  },
  ...npqParticipantReadHandlers(npqParticipantAttributesV2, { sortable: false }),
  ...npqParticipantActionHandlers(npqParticipantAttributesV2),
  ...npqOutcomeHandlers(npqOutcomeAttributes),
} satisfies Pick<
  HandlerTable<operations>,
  'listNpqParticipants' | 'getNpqParticipant' | 'withdrawNpqParticipant' | 'deferNpqParticipant' | 'resumeNpqParticipant' | 'changeScheduleNpqParticipant'
  | 'listNpqOutcomes' | 'listNpqParticipantOutcomes' | 'createNpqParticipantOutcome' | 'listNpqEnrolmentsCsv'
>;
