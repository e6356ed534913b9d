// POST /participant-declarations: every rule of docs/declarations.md with its exact message and
// title, the evidence table, duplicates, the state on creation, the data
// captured, the statement it goes on, the mentor side effect, exact repeats,
// sandbox time travel and the audit trail.
import t, { type Test } from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { errors, Fixtures, started } from './declarations-fixtures.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';

const api = await buildTestApi(t);
const fx = new Fixtures(api, 'r', 210000);
const token = await api.tokenFor('Ambition Institute');
const ambition = await api.providerId('Ambition Institute');

const MESSAGES = {
  notRecognised: "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.",
  missingDate: "Enter a '#/declaration_date'.",
  missingType: "Enter a '#/declaration_type'.",
  future: "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
  format: "Enter a valid RCF3339 '#/declaration_date'.",
  beforeStart: "Enter a '#/declaration_date' that's on or after the milestone start.",
  afterEnd: "Enter a '#/declaration_date' that's before the milestone end date.",
  closed: (year: number) =>
    `You cannot submit or void declarations for the ${year} cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us`,
  notInSchedule: "The property '#/declaration_type' does not exist for this schedule.",
  slot: 'A declaration has already been submitted that will be, or has been, paid for this event',
  mentor2025:
    'You cannot send retained or extended declarations for participants who began their mentor training after June 2025. Resubmit this declaration with either a started or completed declaration.',
  course: "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",
  missingEvidence: "Enter a '#/evidence_held' value for this participant.",
  invalidEvidence: "Enter an available '#/evidence_held' type for this participant's event and course.",
};

const refused = (t: Test, response: { status: number; body: unknown }, expected: { title: string; detail: string }[], label = 'refused') => {
  t.equal(response.status, 422, label);
  t.same(errors(response as never), expected, label);
};

await tokenAuthenticatedEndpoint(t, { api, url: '/api/v3/participant-declarations', method: 'POST', token, body: { data: { attributes: {} } } });

await t.test('a body without data is the DfE 400', async (t) => {
  for (const version of ['v1', 'v2', 'v3']) {
    const response = await fx.request('POST', `/api/${version}/participant-declarations`, token, { participant_id: 'x' });
    t.equal(response.status, 400);
    t.same(response.body, { errors: [{ title: 'Bad request', detail: 'correct json data structure required. See API docs for reference' }] });
  }
});

await t.test('an NPQ course takes the NPQ rules: an ECF participant is no NPQ participant of the provider', async (t) => {
  const response = await fx.post('v3', token, { course_identifier: 'npq-senior-leadership' });
  refused(t, response, [
    { title: 'participant_id', detail: MESSAGES.notRecognised },
    { title: 'declaration_date', detail: MESSAGES.missingDate },
    { title: 'declaration_type', detail: MESSAGES.missingType },
  ]);
});

await t.test('rule 1: the participant must resolve', async (t) => {
  for (const participantId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '']) {
    refused(t, await fx.post('v3', token, started({ userId: participantId })), [{ title: 'participant_id', detail: MESSAGES.notRecognised }], participantId);
  }
  // Missing everything: the participant, then each attribute in the order the rules run.
  refused(t, await fx.post('v2', token, {}), [
    { title: 'participant_id', detail: MESSAGES.notRecognised },
    { title: 'declaration_date', detail: MESSAGES.missingDate },
    { title: 'declaration_type', detail: MESSAGES.missingType },
  ]);
  // A legacy identity (a record merged into this person) resolves by its external identifier.
  const merged = await fx.participant();
  const legacy = crypto.randomUUID();
  const identity = await fx.prisma.participantIdentity.create({ data: { userId: merged.userId, externalIdentifier: legacy, email: `legacy.${legacy}@example.com` } });
  await fx.prisma.participantProfile.update({ where: { id: merged.profileId }, data: { participantIdentityId: identity.id } });
  const viaLegacy = await fx.post('v3', token, started({ userId: legacy }));
  t.equal(viaLegacy.status, 200, 'a legacy id resolves');
  t.equal(viaLegacy.body.data.attributes.participant_id, merged.userId, 'to the person');
});

await t.test('rule 2: not after the provider withdrew the participant', async (t) => {
  const ect = await fx.participant();
  await fx.withdraw(ect, 'Ambition Institute', new Date('2025-02-15T09:30:00Z'));
  const retained = { participant_id: ect.userId, declaration_type: 'retained-1', course_identifier: 'ecf-induction', evidence_held: 'other' };
  refused(t, await fx.post('v3', token, { ...retained, declaration_date: '2025-03-01T10:00:00Z' }), [
    {
      title: 'participant_id',
      detail: "This participant withdrew from this course on 2025-02-15T09:30:00Z. Enter a '#/declaration_date' that's on or before the withdrawal date.",
    },
  ]);
  const before = await fx.post('v3', token, started(ect));
  t.equal(before.status, 200, 'a declaration dated before the withdrawal is accepted');
});

await t.test('rules 3-6: the declaration date', async (t) => {
  const ect = await fx.participant();
  const ect2025 = await fx.participant({ cohort: 2025 });
  refused(t, await fx.post('v3', token, { ...started(ect), declaration_date: undefined, declaration_type: undefined }), [
    { title: 'declaration_date', detail: MESSAGES.missingDate },
    { title: 'declaration_type', detail: `${MESSAGES.missingType}, ${MESSAGES.notInSchedule}` },
  ], 'both missing; a missing type is also no milestone of the schedule');
  refused(t, await fx.post('v3', token, started(ect, { declaration_date: 'next tuesday' })), [{ title: 'declaration_date', detail: MESSAGES.missingDate }], 'unparseable counts as missing');
  refused(t, await fx.post('v3', token, started(ect, { declaration_date: { year: 2024 } })), [{ title: 'declaration_date', detail: MESSAGES.missingDate }], 'a non-scalar counts as missing');
  for (const impossible of ['2024-02-30T10:00:00Z', '0000-01-01T00:00:00Z', '2024-10-01T25:00:00Z']) {
    refused(t, await fx.post('v3', token, started(ect, { declaration_date: impossible })), [{ title: 'declaration_date', detail: MESSAGES.missingDate }], impossible);
  }
  for (const almost of ['2024-10-01', '2024-10-01 10:00:00', '2024-10-01T10:00']) {
    refused(t, await fx.post('v3', token, started(ect, { declaration_date: almost })), [{ title: 'declaration_date', detail: MESSAGES.format }], almost);
  }
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  refused(t, await fx.post('v3', token, started(ect2025, { declaration_date: tomorrow, evidence_held: 'other' })), [{ title: 'declaration_date', detail: MESSAGES.future }]);
  refused(t, await fx.post('v3', token, started(ect, { declaration_date: '2024-05-31T23:59:59Z' })), [{ title: 'declaration_date', detail: MESSAGES.beforeStart }]);
  refused(t, await fx.post('v3', token, started(ect, { declaration_date: '2025-01-01T00:00:00Z' })), [{ title: 'declaration_date', detail: MESSAGES.afterEnd }]);
  refused(t, await fx.post('v3', token, started(ect, { declaration_date: '2024-05-31' })), [
    { title: 'declaration_date', detail: `${MESSAGES.format}, ${MESSAGES.beforeStart}` },
  ], 'several messages on one attribute are joined');
  const lastMoment = await fx.post('v3', token, started(ect, { declaration_date: '2024-12-31T23:59:59+00:00' }));
  t.equal(lastMoment.status, 200, 'the last second of the milestone day is inside the window');
  const other = await fx.participant();
  const withOffset = await fx.post('v3', token, started(other, { declaration_date: '2024-06-01T00:30:00+01:00' }));
  refused(t, withOffset, [{ title: 'declaration_date', detail: MESSAGES.beforeStart }], 'an offset is honoured (23:30 UTC the day before)');
  const fraction = await fx.post('v3', token, started(other, { declaration_date: '2024-10-01T10:00:00.123456Z' }));
  t.equal(fraction.status, 200, 'fractional seconds are RFC 3339');
});

await t.test('rule 7: an output statement must be open for the cohort', async (t) => {
  for (const cohort of [2021, 2022, 2023]) {
    const ect = await fx.participant({ cohort });
    const response = await fx.post('v3', token, started(ect, { declaration_date: `${cohort}-10-01T10:00:00Z` }));
    refused(t, response, [{ title: 'cohort', detail: MESSAGES.closed(cohort) }], `${cohort}: every output statement is paid`);
  }
  const unconfirmed = await fx.participant({ cohort: 2022, eligibility: { status: 'manual_check', reason: 'no_induction' } });
  const submitted = await fx.post('v3', token, started(unconfirmed, { declaration_date: '2022-10-01T10:00:00Z' }));
  t.equal(submitted.status, 200, 'a participant not yet fundable skips the rule');
  t.equal(submitted.body.data.attributes.state, 'submitted');
  t.equal(submitted.body.data.attributes.statement_id, null);
});

await t.test('rule 8: the schedule must have the milestone', async (t) => {
  const ect = await fx.participant();
  for (const type of ['extended-1', 'retained-5', 'STARTED']) {
    refused(t, await fx.post('v3', token, started(ect, { declaration_type: type, evidence_held: 'other' })), [{ title: 'declaration_type', detail: MESSAGES.notInSchedule }], type);
  }
  const extended = await fx.participant({ scheduleIdentifier: 'ecf-extended-september' });
  const response = await fx.post('v3', token, started(extended, { declaration_type: 'extended-1', declaration_date: '2025-06-01T10:00:00Z', evidence_held: 'other' }));
  t.equal(response.status, 200, 'extended schedules have extended milestones (open-ended)');
});

await t.test('rule 9: one live declaration per participant, course and milestone', async (t) => {
  const ect = await fx.participant();
  t.equal((await fx.post('v3', token, started(ect))).status, 200);
  refused(t, await fx.post('v3', token, started(ect, { declaration_date: '2024-10-02T10:00:00Z' })), [{ title: 'base', detail: MESSAGES.slot }], 'another date');
  refused(t, await fx.post('v1', token, started(ect, { declaration_date: '2024-10-01T10:00:01Z' })), [{ title: 'base', detail: MESSAGES.slot }], 'v1 alike');
});

await t.test('rule 10: mentors from 2025 are paid for started and completed only', async (t) => {
  const mentor = await fx.participant({ cohort: 2025, participantType: 'mentor' });
  const retained = { participant_id: mentor.userId, declaration_type: 'retained-1', declaration_date: '2026-02-01T10:00:00Z', course_identifier: 'ecf-mentor', evidence_held: 'other' };
  refused(t, await fx.post('v3', token, retained), [{ title: 'declaration_type', detail: MESSAGES.mentor2025 }]);
  const mentor2024 = await fx.participant({ cohort: 2024, participantType: 'mentor' });
  const ok = await fx.post('v3', token, { ...retained, participant_id: mentor2024.userId, declaration_date: '2025-02-01T10:00:00Z' });
  t.equal(ok.status, 200, 'a 2024 mentor may be declared retained');
});

await t.test('rule 11: the participant must take the course', async (t) => {
  const ect = await fx.participant();
  refused(t, await fx.post('v3', token, started(ect, { course_identifier: 'ecf-mentor' })), [{ title: 'course_identifier', detail: MESSAGES.course }]);
  refused(t, await fx.post('v3', token, started(ect, { course_identifier: 'ecf-something' })), [{ title: 'course_identifier', detail: MESSAGES.course }]);
  refused(t, await fx.post('v3', token, started(ect, { course_identifier: undefined })), [{ title: 'course_identifier', detail: MESSAGES.course }]);
});

await t.test('rule 12: the provider must train the participant on their schedule', async (t) => {
  const theirs = await fx.participant({ provider: 'Capita' });
  refused(t, await fx.post('v3', token, started(theirs)), [{ title: 'participant_id', detail: MESSAGES.notRecognised }]);
});

await t.test("another provider's participant is not recognised, and no other rule says anything about them", async (t) => {
  const theirs = await fx.participant({ provider: 'Capita' });
  const capitaToken = await api.tokenFor('Capita');
  t.equal((await fx.post('v3', capitaToken, started(theirs))).status, 200, 'their provider declares the start');
  const probes = [
    started(theirs),
    started(theirs, { declaration_type: 'extended-1' }),
    started(theirs, { course_identifier: 'ecf-mentor' }),
    started(theirs, { declaration_date: '2020-01-01T10:00:00Z' }),
  ];
  for (const probe of probes) {
    refused(t, await fx.post('v3', token, probe), [{ title: 'participant_id', detail: MESSAGES.notRecognised }],
      `${probe.declaration_type} ${probe.course_identifier} ${probe.declaration_date}: not the schedule, the slot, the course or the milestone`);
  }
});

await t.test('rule 13: evidence by cohort, participant type and milestone', async (t) => {
  const ect2024 = await fx.participant();
  const retained2024 = { participant_id: ect2024.userId, declaration_type: 'retained-1', declaration_date: '2025-02-01T10:00:00Z', course_identifier: 'ecf-induction' };
  refused(t, await fx.post('v3', token, retained2024), [{ title: 'evidence_held', detail: MESSAGES.missingEvidence }]);
  refused(t, await fx.post('v3', token, { ...retained2024, evidence_held: 'materials-engaged-with-offline' }), [{ title: 'evidence_held', detail: MESSAGES.invalidEvidence }], 'a 2025 value in 2024');
  refused(t, await fx.post('v3', token, { ...retained2024, evidence_held: ['other'] }), [{ title: 'evidence_held', detail: MESSAGES.missingEvidence }], 'a list counts as missing');
  const discarded = await fx.post('v3', token, started(ect2024, { evidence_held: 'anything at all' }));
  t.equal(discarded.status, 200, 'before 2025, evidence on started is not checked');
  t.equal(discarded.body.data.attributes.evidence_held, null, '...and not stored');

  const ect2025 = await fx.participant({ cohort: 2025 });
  const at2025 = (type: string, evidence?: string) => ({
    participant_id: ect2025.userId, declaration_type: type, declaration_date: '2026-03-01T10:00:00Z', course_identifier: 'ecf-induction', evidence_held: evidence,
  });
  refused(t, await fx.post('v3', token, at2025('started', 'nonsense')), [{ title: 'evidence_held', detail: MESSAGES.invalidEvidence }]);
  refused(t, await fx.post('v3', token, at2025('retained-2', 'training-event-attended')), [{ title: 'evidence_held', detail: MESSAGES.invalidEvidence }]);
  refused(t, await fx.post('v3', token, at2025('retained-1')), [{ title: 'evidence_held', detail: MESSAGES.missingEvidence }]);
  for (const [type, evidence] of [['started', undefined], ['retained-1', 'materials-engaged-with-offline'], ['retained-2', '75-percent-engagement-met'], ['completed', 'one-term-induction']] as const) {
    const response = await fx.post('v3', token, at2025(type, evidence));
    t.equal(response.status, 200, `2025 ECT ${type} with ${evidence ?? 'no evidence'}`);
    t.equal(response.body.data.attributes.evidence_held, evidence ?? null);
  }
  const mentor2025 = await fx.participant({ cohort: 2025, participantType: 'mentor' });
  const completed = { participant_id: mentor2025.userId, declaration_type: 'completed', declaration_date: '2026-03-01T10:00:00Z', course_identifier: 'ecf-mentor' };
  refused(t, await fx.post('v3', token, { ...completed, evidence_held: 'one-term-induction' }), [{ title: 'evidence_held', detail: MESSAGES.invalidEvidence }], 'one-term-induction is for ECTs');
  t.equal((await fx.post('v3', token, { ...completed, evidence_held: '75-percent-engagement-met-reduced-induction' })).status, 200);
});

await t.test('"skip if errors": later rules stay silent once an earlier one failed', async (t) => {
  const ect = await fx.participant();
  const response = await fx.post('v3', token, {
    participant_id: ect.userId, declaration_type: 'retained-1', declaration_date: '2099-01-01T00:00:00Z', course_identifier: 'ecf-induction',
  });
  refused(t, response, [{ title: 'declaration_date', detail: `${MESSAGES.future}, ${MESSAGES.afterEnd}` }], 'no evidence message after a date error');
});

await t.test('success: state, statement and captured data', async (t) => {
  const mentor = await fx.participant({ participantType: 'mentor' });
  const ect = await fx.participant({ schoolId: mentor.schoolId, mentorProfileId: mentor.profileId, pupilPremiumUplift: true, sparsityUplift: true });
  const statement = await fx.nextStatement('Ambition Institute', 2024);
  const response = await fx.post('v3', token, started(ect));
  t.equal(response.status, 200);
  t.match(response.body.data, {
    type: 'participant-declaration',
    attributes: {
      participant_id: ect.userId,
      declaration_type: 'started',
      declaration_date: '2024-10-01T10:00:00Z',
      course_identifier: 'ecf-induction',
      state: 'eligible',
      mentor_id: mentor.userId,
      delivery_partner_id: ect.deliveryPartnerId,
      statement_id: statement.id,
      clawback_statement_id: null,
      ineligible_for_funding_reason: null,
      uplift_paid: false,
      evidence_held: null,
      has_passed: null,
      lead_provider_name: 'Ambition Institute',
    },
  });
  const row = await fx.prisma.participantDeclaration.findUniqueOrThrow({ where: { id: response.body.data.id }, include: { lineItems: true } });
  t.ok(row.pupilPremiumUplift && row.sparsityUplift, 'uplift flags copied from the registration');
  t.same(row.lineItems.map((line) => [line.statementId, line.state]), [[statement.id, 'eligible']], 'an eligible line on the next output statement');

  const v1 = await fx.post('v1', token, { ...started(ect), declaration_type: 'retained-1', declaration_date: '2025-02-01T10:00:00Z', evidence_held: 'other' });
  t.same(Object.keys(v1.body.data.attributes), ['participant_id', 'declaration_type', 'course_identifier', 'eligible_for_payment', 'declaration_date', 'updated_at', 'voided', 'state', 'has_passed']);
  t.match(v1.body.data.attributes, { eligible_for_payment: true, voided: false, state: 'eligible' });
  const v2 = await fx.post('v2', token, { ...started(ect), declaration_type: 'retained-2', declaration_date: '2025-05-01T10:00:00Z', evidence_held: 'other' });
  t.same(Object.keys(v2.body.data.attributes), ['participant_id', 'declaration_type', 'course_identifier', 'declaration_date', 'updated_at', 'state', 'has_passed']);

  const unconfirmed = await fx.participant({ eligibility: { status: 'manual_check', reason: 'no_induction' } });
  const submitted = await fx.post('v1', token, started(unconfirmed));
  t.match(submitted.body.data.attributes, { state: 'submitted', eligible_for_payment: false });
  t.equal(await fx.prisma.statementLineItem.count({ where: { participantDeclarationId: submitted.body.data.id } }), 0, 'submitted ones are on no statement');

  const mentorCourse = await fx.post('v3', token, { ...started(mentor), course_identifier: 'ecf-mentor' });
  t.equal(mentorCourse.body.data.attributes.mentor_id, null, 'mentors have no mentor');
});

await t.test('the record a declaration is made under is the latest by start date, not by end date', async (t) => {
  // Two closed records that both started by the declaration date: the later-starting one (which
  // names a mentor) ended first, so ordering by end date would pick the other one.
  const mentor = await fx.participant({ participantType: 'mentor' });
  const ect = await fx.participant({ schoolId: mentor.schoolId });
  const first = await fx.prisma.inductionRecord.findFirstOrThrow({ where: { participantProfileId: ect.profileId } });
  const { id: _id, createdAt: _created, updatedAt: _updated, ...copy } = first;
  await fx.prisma.inductionRecord.update({ where: { id: first.id }, data: { inductionStatus: 'changed', endDate: new Date('2024-12-31T00:00:00Z') } });
  await fx.prisma.inductionRecord.create({
    data: { ...copy, mentorProfileId: mentor.profileId, inductionStatus: 'changed', startDate: new Date('2024-09-15T00:00:00Z'), endDate: new Date('2024-11-01T00:00:00Z') },
  });
  const response = await fx.post('v3', token, started(ect));
  t.equal(response.status, 200);
  t.equal(response.body.data.attributes.mentor_id, mentor.userId, 'the mentor of the record that started last');
});

await t.test('a person with two participant records: the second is an ineligible duplicate', async (t) => {
  const original = await fx.participant();
  const duplicate = await fx.participant({ trn: original.trn });
  const first = await fx.post('v3', token, started(original));
  t.equal(first.body.data.attributes.state, 'eligible');
  const second = await fx.post('v3', token, started(duplicate, { declaration_date: '2024-11-01T10:00:00Z' }));
  t.equal(second.status, 200);
  t.match(second.body.data.attributes, { state: 'ineligible', ineligible_for_funding_reason: 'duplicate_declaration', statement_id: null });
  const row = await fx.prisma.participantDeclaration.findUniqueOrThrow({ where: { id: second.body.data.id }, include: { lineItems: true } });
  t.equal(row.supersededById, first.body.data.id, 'superseded by the original');
  t.same(row.lineItems.map((line) => line.state), ['ineligible'], 'an ineligible line on the statement');
  const retained = await fx.post('v3', token, { ...started(duplicate), declaration_type: 'retained-1', declaration_date: '2025-02-01T10:00:00Z', evidence_held: 'other' });
  t.equal(retained.body.data.attributes.state, 'eligible', 'other milestones are not duplicates');

  // Funding over and not fundable: nothing to attach to, the duplicate simply stays unattached.
  const frozenOriginal = await fx.participant({ cohort: 2022, eligibility: { status: 'manual_check', reason: 'no_induction' } });
  const frozenDuplicate = await fx.participant({ cohort: 2022, trn: frozenOriginal.trn, eligibility: { status: 'manual_check', reason: 'no_induction' } });
  t.equal((await fx.post('v3', token, started(frozenOriginal, { declaration_date: '2022-10-01T10:00:00Z' }))).status, 200);
  const unattached = await fx.post('v3', token, started(frozenDuplicate, { declaration_date: '2022-10-01T10:00:00Z' }));
  t.equal(unattached.status, 200, 'no server error');
  t.match(unattached.body.data.attributes, { state: 'ineligible', statement_id: null });
});

await t.test('an exact repeat returns the existing declaration; anything else for the slot is refused', async (t) => {
  const ect = await fx.participant();
  const body = { ...started(ect), declaration_type: 'retained-1', declaration_date: '2025-02-01T10:00:00Z', evidence_held: 'other' };
  const first = await fx.post('v3', token, body);
  const again = await fx.post('v3', token, body);
  t.equal(again.status, 200);
  t.same(again.body, first.body, 'the same declaration, unchanged');
  const inV1 = await fx.post('v1', token, { ...body, declaration_date: '2025-02-01T11:00:00+01:00' });
  t.equal(inV1.body.data.id, first.body.data.id, 'the same instant in another zone and version is the same declaration');
  refused(t, await fx.post('v3', token, { ...body, evidence_held: 'training-event-attended' }), [{ title: 'base', detail: MESSAGES.slot }], 'other evidence');
  t.equal(await fx.prisma.participantDeclaration.count({ where: { userId: ect.userId } }), 1);

  const unconfirmed = await fx.participant({ eligibility: { status: 'manual_check', reason: 'no_induction' } });
  const submitted = await fx.post('v3', token, started(unconfirmed));
  t.equal((await fx.post('v3', token, started(unconfirmed))).body.data.id, submitted.body.data.id, 'a submitted one repeats too');
});

await t.test('a paid mentor completion ends the mentor\'s funding; voiding it restores it', async (t) => {
  const mentor = await fx.participant({ participantType: 'mentor' });
  const completed = await fx.post('v3', token, {
    participant_id: mentor.userId, declaration_type: 'completed', declaration_date: '2026-05-01T10:00:00Z', course_identifier: 'ecf-mentor', evidence_held: 'other',
  });
  t.equal(completed.status, 200);
  const enrolment = async () => (await fx.request('GET', `/api/v3/participants/ecf/${mentor.userId}`, token)).body.data.attributes.ecf_enrolments[0];
  t.match(await enrolment(), { mentor_funding_end_date: '2026-05-01', mentor_ineligible_for_funding_reason: 'completed_declaration_received' });
  await fx.void('v3', token, completed.body.data.id);
  t.match(await enrolment(), { mentor_funding_end_date: null, mentor_ineligible_for_funding_reason: null });
});

await t.test('time: the sandbox header moves "now", production ignores it', async (t) => {
  const production = await buildTestApi(t, { API_ENV: 'production' }, api.database);
  const ect = await fx.participant({ scheduleIdentifier: 'ecf-standard-april' });
  const completed = {
    participant_id: ect.userId, declaration_type: 'completed', declaration_date: '2027-01-10T10:00:00Z', course_identifier: 'ecf-induction', evidence_held: 'other',
  };
  const headers = { 'x-with-server-date': '2027-01-15T10:00:00Z' };
  const inProduction = await production.request({ method: 'POST', url: '/api/v3/participant-declarations', token, payload: { data: { attributes: completed } }, headers });
  t.equal(inProduction.statusCode, 422);
  t.same(JSON.parse(inProduction.body).errors, [{ title: 'declaration_date', detail: MESSAGES.future }], 'production refuses a future milestone');

  const inSandbox = await fx.post('v3', token, completed, headers);
  t.equal(inSandbox.status, 200, 'the sandbox accepts it at the simulated date');
  const april = await fx.nextStatement('Ambition Institute', 2024, new Date('2027-01-15T10:00:00Z'));
  t.equal(inSandbox.body.data.attributes.statement_id, april.id, 'and puts it on the statement current at that date');
  t.equal(april.name, 'April 2027');

  const bad = await fx.post('v3', token, completed, { 'x-with-server-date': 'tomorrow' });
  t.equal(bad.status, 400, 'an unreadable header is a 400, never a silent real clock');
});

await t.test('every attempt and every state change is on record', async (t) => {
  const ect = await fx.participant();
  const since = new Date();
  const created = await fx.post('v3', token, started(ect));
  await fx.post('v3', token, started(ect));
  await fx.post('v3', token, started(ect, { declaration_date: '2024-10-05T10:00:00Z' }));
  await fx.post('v3', token, started({ userId: crypto.randomUUID() }));
  const attempts = await fx.prisma.declarationAttempt.findMany({ where: { leadProviderId: ambition, createdAt: { gte: since, lte: new Date() } }, orderBy: { createdAt: 'asc' } });
  t.same(attempts.map((a) => a.outcome), ['created', 'repeat', 'rejected', 'rejected']);
  t.equal(attempts[0]!.participantDeclarationId, created.body.data.id);
  t.equal(attempts[3]!.userId, null, 'an unknown participant is recorded too');
  await fx.void('v3', token, created.body.data.id);
  const history = await fx.prisma.declarationStateChange.findMany({ where: { participantDeclarationId: created.body.data.id }, orderBy: { createdAt: 'asc' } });
  t.same(history.map((h) => [h.fromState, h.state, h.actor]), [[null, 'eligible', `lead_provider:${ambition}`], ['eligible', 'voided', `lead_provider:${ambition}`]]);
});
