// checkDeclaration on plain facts: which rule speaks for which request, with no database.
import t from 'tap';
import { checkDeclaration, type DeclarationFacts, type DeclarationRequest } from '../../src/domain/declarations/validation.ts';
import { declarationMessages as messages } from '../../src/domain/declarations/rules.ts';
import type { DeclarationProfile, ResolvedParticipant } from '../../src/domain/declarations/participant.ts';

const now = new Date('2024-11-01T12:00:00Z');
const leadProviderId = 'lp-1';

function profile(overrides: Partial<DeclarationProfile> = {}): DeclarationProfile {
  return {
    id: 'profile-1', userId: 'user-1', profileType: 'ect', scheduleId: 'schedule-1', pupilPremiumUplift: false, sparsityUplift: false,
    fundable: true, trn: '1234567', cohort: { id: 'cohort-2024', startYear: 2024, mentorFunding: false, detailedEvidenceTypes: true },
    ...overrides,
  };
}
const participant = (overrides: Partial<DeclarationProfile> = {}): ResolvedParticipant => ({ identityId: 'identity-1', userId: 'user-1', profile: profile(overrides) });

function facts(overrides: Partial<DeclarationFacts> = {}): DeclarationFacts {
  return {
    latestState: null, relevantRecord: { trainingStatus: 'active', deliveryPartnerId: 'dp-1', mentorUserId: null },
    milestone: { startDate: new Date('2024-09-01T00:00:00Z'), milestoneDate: new Date('2024-12-31T00:00:00Z') },
    holder: null, nextStatementId: 'statement-1', takesCourse: true, trainedHereOnSchedule: true, duplicateOf: null, ineligibleRepeat: null,
    ...overrides,
  };
}

const request = (overrides: DeclarationRequest = {}): DeclarationRequest => ({
  participantId: 'identity-1', declarationType: 'started', declarationDate: '2024-10-01T10:00:00Z', courseIdentifier: 'ecf-induction',
  evidenceHeld: 'training-event-attended', ...overrides,
});

function errorsOf(req: DeclarationRequest, who: ResolvedParticipant | null = participant(), known: DeclarationFacts | null = facts()) {
  const checked = checkDeclaration({ leadProviderId, request: req, now }, who, known);
  return checked.errors.any ? checked.errors.toError().items.map(({ attribute, detail }) => ({ title: attribute, detail })) : [];
}

await t.test('a valid started declaration passes', async (t) => {
  const checked = checkDeclaration({ leadProviderId, request: request(), now }, participant(), facts());
  t.equal(checked.errors.any, false);
  t.same(checked.date, new Date('2024-10-01T10:00:00Z'));
  t.equal(checked.evidence, 'training-event-attended');
  t.equal(checked.repeatOf, null);
});

await t.test('an unknown participant, and missing fields', async (t) => {
  t.same(errorsOf(request({ declarationDate: undefined, declarationType: undefined }), null, null), [
    { title: 'participant_id', detail: messages.participantNotRecognised },
    { title: 'declaration_date', detail: messages.missingDate },
    { title: 'declaration_type', detail: messages.missingType },
  ]);
  t.same(errorsOf(request({ declarationDate: '30 February' })), [{ title: 'declaration_date', detail: messages.missingDate }], 'an unparseable date casts to nothing');
});

await t.test('declaration_date rules', async (t) => {
  t.same(errorsOf(request({ declarationDate: '2024-11-02T00:00:00Z' })), [{ title: 'declaration_date', detail: messages.futureDate }], 'not after now');
  t.same(errorsOf(request({ declarationDate: '2024-10-01' })), [{ title: 'declaration_date', detail: messages.invalidDate }], 'RFC 3339 only');
  t.same(errorsOf(request({ declarationDate: '2024-08-31T23:59:59Z' })), [{ title: 'declaration_date', detail: messages.beforeMilestoneStart }]);
  const early = facts({ milestone: { startDate: new Date('2024-09-01T00:00:00Z'), milestoneDate: new Date('2024-09-30T00:00:00Z') } });
  for (const late of ['2024-09-30T23:59:59.999Z', '2024-10-01T00:00:00Z']) {
    t.same(errorsOf(request({ declarationDate: late }), participant(), early), [{ title: 'declaration_date', detail: messages.afterMilestoneEnd }], `${late} is past the milestone day`);
  }
  t.same(errorsOf(request({ declarationDate: '2024-09-30T23:59:59Z' }), participant(), early), [], 'the milestone day itself is inside');
  t.same(errorsOf(request(), participant(), facts({ milestone: { startDate: new Date('2024-09-01T00:00:00Z'), milestoneDate: null } })), [], 'no milestone date: open-ended');
});

await t.test('withdrawn on or before the declaration date', async (t) => {
  const withdrawnAt = new Date('2024-09-15T00:00:00Z');
  const withdrawn = facts({ latestState: { state: 'withdrawn', createdAt: withdrawnAt }, relevantRecord: { trainingStatus: 'withdrawn', deliveryPartnerId: null, mentorUserId: null } });
  t.same(errorsOf(request(), participant(), withdrawn), [{ title: 'participant_id', detail: messages.withdrawn(withdrawnAt) }]);
  t.same(errorsOf(request({ declarationDate: '2024-09-10T00:00:00Z' }), participant(), withdrawn), [], 'a date before the withdrawal is fine');
});

await t.test('schedule, slot, statement and course', async (t) => {
  t.same(errorsOf(request(), participant(), facts({ milestone: null })), [{ title: 'declaration_type', detail: messages.typeNotInSchedule }]);
  t.same(errorsOf(request(), participant(), facts({ nextStatementId: null })), [{ title: 'cohort', detail: messages.cohortClosed(2024) }]);
  t.same(errorsOf(request(), participant({ fundable: false }), facts({ nextStatementId: null })), [], 'an unfundable one stays submitted and needs no statement');
  const holder = { id: 'd-1', leadProviderId, declarationDate: new Date('2024-10-01T10:00:00Z'), evidenceHeld: 'training-event-attended', state: 'eligible' as const };
  const repeat = checkDeclaration({ leadProviderId, request: request(), now }, participant(), facts({ holder }));
  t.equal(repeat.errors.any, false, 'an exact repeat is accepted');
  t.equal(repeat.repeatOf, 'd-1', 'and names the declaration it repeats');
  t.same(errorsOf(request({ declarationDate: '2024-10-02T10:00:00Z' }), participant(), facts({ holder })), [{ title: 'base', detail: messages.slotTaken }]);
  t.same(errorsOf(request(), participant(), facts({ takesCourse: false })), [{ title: 'course_identifier', detail: messages.courseNotRecognised }]);
  t.same(errorsOf(request(), participant(), facts({ trainedHereOnSchedule: false })), [{ title: 'participant_id', detail: messages.participantNotRecognised }]);
  t.same(errorsOf(request(), participant(), facts({ takesCourse: false, milestone: null })), [{ title: 'declaration_type', detail: messages.typeNotInSchedule }], 'course rules wait for the others');
});

await t.test('mentors funded from 2025 and evidence', async (t) => {
  const mentor2025 = participant({ profileType: 'mentor', cohort: { id: 'cohort-2025', startYear: 2025, mentorFunding: true, detailedEvidenceTypes: true } });
  t.same(errorsOf(request({ declarationType: 'retained-1' }), mentor2025), [{ title: 'declaration_type', detail: messages.mentorRetainedOrExtended }]);
  t.same(errorsOf(request({ declarationType: 'retained-1', evidenceHeld: undefined })), [{ title: 'evidence_held', detail: messages.missingEvidence }]);
  t.same(errorsOf(request({ declarationType: 'retained-1', evidenceHeld: 'no-such-evidence' })), [{ title: 'evidence_held', detail: messages.invalidEvidence }]);
  t.same(errorsOf(request({ evidenceHeld: undefined })), [], 'started needs no evidence');
  const older = participant({ cohort: { id: 'cohort-2022', startYear: 2022, mentorFunding: false, detailedEvidenceTypes: false } });
  const checked = checkDeclaration({ leadProviderId, request: request(), now }, older, facts());
  t.equal(checked.evidence, null, 'older cohorts discard the evidence sent with started');
});
