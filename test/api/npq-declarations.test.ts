// NPQ declarations through POST /participant-declarations: every NPQ rule with its exact message
// in the DfE order, the state on creation, the NPQ statement it goes on, the outcome a completed
// declaration carries, voiding and clawback (and the voided outcome), and NPQ statements in v3.
import t, { type Test } from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { npqEnroller } from '../helpers/npq.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { closeStatement, payStatement } from '../../src/domain/statements/payment-runs.ts';
import { ADMIN_ACTOR } from '../../src/domain/declarations/history.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const names = new NameSource('npqd');
const ambition = await api.providerId('Ambition Institute');
const token = await api.tokenFor('Ambition Institute');
const otherToken = await api.tokenFor('Best Practice Network');
const { enrol } = npqEnroller(prisma, names);

const VERSIONS = ['v1', 'v2', 'v3'] as const;
const COURSE = 'npq-leading-teaching';
const M = {
  notRecognised: "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.",
  withdrawn: (at: string) => `This participant withdrew from this course on ${at}. Enter a '#/declaration_date' that's on or before the withdrawal date.`,
  missingDate: "Enter a '#/declaration_date'.",
  missingType: "Enter a '#/declaration_type'.",
  future: "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
  format: "Enter a valid RCF3339 '#/declaration_date'.",
  beforeStart: "Enter a '#/declaration_date' that's on or after the milestone start.",
  closed: (year: number) =>
    `You cannot submit or void declarations for the ${year} cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us`,
  hasPassed: "Enter 'true' or 'false' in the '#/has_passed' field to indicate whether this participant has passed or failed their course.",
  notInSchedule: "The property '#/declaration_type' does not exist for this schedule.",
  slot: 'A declaration has already been submitted that will be, or has been, paid for this event',
  course: "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",
  noContract: 'You cannot submit a declaration for this participant as you do not have a contract for the cohort and course. Contact the DfE for assistance.',
};

type Resource = { id: string; attributes: Record<string, unknown> };
type Body = { data: Resource };
/** The resources of a list response. */
const items = (body: unknown) => (body as { data: Resource[] }).data;
async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, as = token) {
  const response = await api.request({ method, url, token: as, payload: payload as object });
  const json = String(response.headers['content-type']).startsWith('application/vnd.api+json') && response.body !== '';
  return { status: response.statusCode, body: (json ? JSON.parse(response.body) : response.body) as Body, text: response.body };
}
const post = (version: string, attributes: Record<string, unknown>, as = token) =>
  call('POST', `/api/${version}/participant-declarations`, { data: { type: 'participant-declaration', attributes } }, as);
const declaration = (userId: string, extra: Record<string, unknown> = {}) => ({
  participant_id: userId, declaration_type: 'started', declaration_date: '2025-01-10T10:00:00Z', course_identifier: COURSE, ...extra,
});
const refused = (t: Test, response: { status: number; body: unknown }, expected: [string, string][], label: string) => {
  t.equal(response.status, 422, `${label}: 422`);
  t.same(response.body, { errors: expected.map(([title, detail]) => ({ title, detail })) }, label);
};

await t.test('the rules, in order, with their exact messages', async (t) => {
  const person = await enrol(ambition);
  const elsewhere = await enrol(await api.providerId('Best Practice Network'));
  for (const version of VERSIONS) {
    refused(t, await post(version, declaration(crypto.randomUUID())), [['participant_id', M.notRecognised]], `${version}: an unknown id`);
    refused(t, await post(version, declaration(elsewhere.userId)), [['participant_id', M.notRecognised]], `${version}: another provider's participant is not recognised`);
    refused(t, await post(version, { course_identifier: COURSE, participant_id: person.userId }),
      [['declaration_date', M.missingDate], ['declaration_type', M.missingType]], `${version}: date and type missing`);
    refused(t, await post(version, declaration(person.userId, { declaration_date: '2099-01-10T10:00:00Z' })), [['declaration_date', M.future]], `${version}: a future date`);
    refused(t, await post(version, declaration(person.userId, { declaration_date: '2025-01-10' })), [['declaration_date', M.format]], `${version}: a date without a time`);
    refused(t, await post(version, declaration(person.userId, { declaration_date: '2024-09-30T23:59:59Z' })), [['declaration_date', M.beforeStart]],
      `${version}: before the schedule starts`);
    refused(t, await post(version, declaration(person.userId, { declaration_type: 'completed' })), [['has_passed', M.hasPassed]], `${version}: completed without has_passed`);
    refused(t, await post(version, declaration(person.userId, { declaration_type: 'completed', has_passed: 'perhaps' })), [['has_passed', M.hasPassed]],
      `${version}: has_passed neither true nor false`);
    refused(t, await post(version, declaration(person.userId, { declaration_type: 'retained-2' })), [['declaration_type', M.notInSchedule]],
      `${version}: specialist schedules have no retained-2`);
    refused(t, await post(version, declaration(person.userId, { declaration_type: 'extended-1' })), [['declaration_type', M.notInSchedule]], `${version}: an ECF-only type`);
    refused(t, await post(version, declaration(person.userId, { course_identifier: 'npq-headship' })), [['course_identifier', M.course]],
      `${version}: a course the participant is not enrolled on`);
  }
  refused(t, await post('v3', declaration(person.userId, { declaration_date: 'x', declaration_type: 'retained-2' })),
    [['declaration_date', M.missingDate], ['declaration_type', M.notInSchedule]], 'every failing rule is reported, in order');
  refused(t, await post('v3', declaration(person.userId, { declaration_date: 'x', course_identifier: 'npq-headship' })), [['declaration_date', M.missingDate]],
    'the course is only checked once every rule before it passed');
});

await t.test('creation: state, statement, repeat and slot', async (t) => {
  const funded = await enrol(ambition);
  const unfunded = await enrol(ambition, { eligibleForFunding: false }, { fundedPlace: false });
  const nextNpqStatement = await prisma.statement.findFirstOrThrow({
    where: { leadProviderId: ambition, type: 'npq', cohort: { startYear: 2024 }, status: 'open', deadlineDate: { gte: new Date(new Date().toISOString().slice(0, 10)) } },
    orderBy: { deadlineDate: 'asc' },
  });
  const eligible = await post('v3', declaration(funded.userId));
  t.equal(eligible.status, 200);
  const attributes = eligible.body.data.attributes;
  t.match(attributes, {
    participant_id: funded.userId, declaration_type: 'started', course_identifier: COURSE, state: 'eligible', has_passed: null,
    statement_id: nextNpqStatement.id, clawback_statement_id: null, mentor_id: null, delivery_partner_id: null, evidence_held: null,
    uplift_paid: false, lead_provider_name: 'Ambition Institute', ineligible_for_funding_reason: null,
  }, 'eligible, on the NPQ statement');
  const repeat = await post('v3', declaration(funded.userId));
  t.equal(repeat.status, 200, 'an exact repeat answers with the declaration');
  t.equal(repeat.body.data.id, eligible.body.data.id);
  refused(t, await post('v3', declaration(funded.userId, { declaration_date: '2025-01-11T10:00:00Z' })), [['base', M.slot]], 'the milestone is taken');

  const submitted = await post('v2', declaration(unfunded.userId));
  t.equal(submitted.status, 200);
  t.equal(submitted.body.data.attributes.state, 'submitted', 'not fundable: submitted');
  const v1 = await post('v1', declaration(unfunded.userId, { declaration_type: 'retained-1', declaration_date: '2025-03-01T10:00:00Z', evidence_held: 'other' }));
  t.match(v1.body.data.attributes, { state: 'submitted', eligible_for_payment: false, voided: false, has_passed: null });
  const stored = await prisma.participantDeclaration.findUniqueOrThrow({ where: { id: v1.body.data.id } });
  t.match(stored, { profileType: 'npq', npqParticipantProfileId: unfunded.applicationId, participantProfileId: null, evidenceHeld: null });

  // The same person (TRN) on a second record: the second declaration of the milestone is a duplicate.
  const trn = '7654321';
  const first = await enrol(ambition, { teacherReferenceNumber: trn });
  const second = await enrol(ambition, { teacherReferenceNumber: trn });
  t.equal((await post('v3', declaration(first.userId))).body.data.attributes.state, 'eligible');
  const duplicate = await post('v3', declaration(second.userId));
  t.match(duplicate.body.data.attributes, { state: 'ineligible', ineligible_for_funding_reason: 'duplicate_declaration' }, 'a duplicate by TRN is ineligible');
});

await t.test('withdrawn, deferred, no contract, closed cohort', async (t) => {
  const person = await enrol(ambition);
  t.equal((await post('v3', declaration(person.userId))).status, 200);
  const withdrawal = await call('PUT', `/api/v3/participants/npq/${person.userId}/withdraw`, {
    data: { type: 'participant-withdraw', attributes: { course_identifier: COURSE, reason: 'other' } },
  });
  t.equal(withdrawal.status, 200, 'withdrawn');
  const state = await prisma.npqProfileState.findFirstOrThrow({ where: { npqParticipantProfileId: person.applicationId, state: 'withdrawn' } });
  const at = state.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  refused(t, await post('v3', declaration(person.userId, { declaration_type: 'retained-1', declaration_date: new Date().toISOString() })),
    [['participant_id', M.withdrawn(at)]], 'declared after the withdrawal');
  t.equal((await post('v3', declaration(person.userId, { declaration_type: 'retained-1', declaration_date: '2025-02-01T10:00:00Z' }))).status, 200,
    'dated before the withdrawal: accepted');

  const deferred = await enrol(ambition);
  await post('v3', declaration(deferred.userId));
  const deferral = await call('PUT', `/api/v3/participants/npq/${deferred.userId}/defer`, {
    data: { type: 'participant-defer', attributes: { course_identifier: COURSE, reason: 'other' } },
  });
  t.equal(deferral.status, 200, 'deferred');
  t.equal((await post('v3', declaration(deferred.userId, { declaration_type: 'retained-1', declaration_date: new Date().toISOString() }))).status, 200,
    'a deferral does not stop declarations');

  const noContract = await enrol(ambition);
  await prisma.npqContract.deleteMany({ where: { leadProviderId: ambition, cohort: { startYear: 2024 }, course: { identifier: COURSE } } });
  refused(t, await post('v3', declaration(noContract.userId)), [['cohort', M.noContract]], 'no contract for the cohort and course');
  await prisma.npqContract.create({
    data: {
      leadProviderId: ambition, cohortId: (await prisma.cohort.findUniqueOrThrow({ where: { startYear: 2024 } })).id,
      npqCourseId: (await prisma.npqCourse.findUniqueOrThrow({ where: { identifier: COURSE } })).id, recruitmentTarget: 500, fundingCap: 200, perParticipant: '1200.00',
    },
  });

  // 2022's NPQ statements all closed before today: a fundable participant cannot be declared for.
  const closed = await enrol(ambition, { cohortStartYear: 2022 });
  refused(t, await post('v3', declaration(closed.userId, { declaration_date: '2023-02-01T10:00:00Z' })), [['cohort', M.closed(2022)]], 'the cohort has ended');
});

await t.test('completed carries the outcome; voiding withdraws it; clawback after payment', async (t) => {
  const person = await enrol(ambition);
  const completed = await post('v3', declaration(person.userId, { declaration_type: 'completed', has_passed: true, declaration_date: '2026-06-30T10:00:00Z' }));
  t.equal(completed.status, 200);
  t.equal(completed.body.data.attributes.has_passed, true, 'has_passed from the outcome');
  const outcomes = await call('GET', `/api/v3/participants/npq/${person.userId}/outcomes`);
  t.match(items(outcomes.body), [{ attributes: { state: 'passed', course_identifier: COURSE, completion_date: '2026-06-30T00:00:00+00:00' } }], 'the outcome recorded');
  const voided = await call('PUT', `/api/v3/participant-declarations/${completed.body.data.id}/void`);
  t.equal(voided.status, 200);
  t.match(voided.body.data.attributes, { state: 'voided', has_passed: null }, 'voided: no result');
  const after = await call('GET', `/api/v1/participants/npq/${person.userId}/outcomes`);
  t.same(items(after.body).map((o) => o.attributes.state), ['passed', 'voided'], 'a voided outcome follows');

  const failing = await enrol(ambition);
  const failed = await post('v2', declaration(failing.userId, { declaration_type: 'completed', has_passed: 'false' }));
  t.equal(failed.body.data.attributes.has_passed, false, 'the string "false" is read as false');
  const coaching = await enrol(ambition, { courseIdentifier: 'npq-early-headship-coaching-offer' });
  const noOutcome = await post('v3', declaration(coaching.userId, { course_identifier: 'npq-early-headship-coaching-offer', declaration_type: 'completed', declaration_date: new Date().toISOString() }));
  t.equal(noOutcome.status, 200, 'the coaching offer needs no has_passed');
  t.equal(noOutcome.body.data.attributes.has_passed, null);
  t.equal(await prisma.npqParticipantOutcome.count({ where: { participantDeclarationId: noOutcome.body.data.id } }), 0, 'and records no outcome');

  // Paid, then voided: a clawback on the next NPQ statement.
  const paid = await post('v3', declaration(failing.userId, { declaration_type: 'started' }));
  const statementId = paid.body.data.attributes.statement_id as string;
  const closeAt = new Date(Date.UTC(2027, 6, 1));
  await prisma.$transaction((tx) => closeStatement(tx, statementId, closeAt, ADMIN_ACTOR, { force: true }));
  await prisma.$transaction((tx) => payStatement(tx, statementId, closeAt, ADMIN_ACTOR));
  const shown = await call('GET', `/api/v3/participant-declarations/${paid.body.data.id}`);
  t.equal(shown.body.data.attributes.state, 'paid');
  const clawback = await call('PUT', `/api/v3/participant-declarations/${paid.body.data.id}/void`);
  t.equal(clawback.status, 200);
  t.equal(clawback.body.data.attributes.state, 'awaiting-clawback');
  const refund = await prisma.statement.findUniqueOrThrow({ where: { id: clawback.body.data.attributes.clawback_statement_id as string } });
  t.equal(refund.type, 'npq', 'the refund is on an NPQ statement');
  t.equal(refund.leadProviderId, ambition);
});

await t.test('lists, CSVs and statements', async (t) => {
  const person = await enrol(ambition);
  const made = await post('v3', declaration(person.userId));
  const id = made.body.data.id;
  for (const version of VERSIONS) {
    const list = await call('GET', `/api/${version}/participant-declarations?filter[participant_id]=${person.userId}`);
    t.same(items(list.body).map((d) => d.id), [id], `${version}: listed`);
    const other = await call('GET', `/api/${version}/participant-declarations/${id}`, undefined, otherToken);
    t.equal(other.status, 404, `${version}: another provider cannot see it`);
  }
  for (const version of ['v1', 'v2']) {
    const csv = await call('GET', `/api/${version}/participant-declarations.csv?filter[participant_id]=${person.userId}`);
    t.match(csv.text, new RegExp(`${id},${person.userId},started,${COURSE}`), `${version} CSV`);
  }
  const npq = await call('GET', '/api/v3/statements?filter[type]=npq&filter[cohort]=2024');
  t.ok(items(npq.body).length > 0, 'NPQ statements listed');
  t.ok(items(npq.body).every((s) => s.attributes.type === 'npq'), 'only NPQ ones');
  t.ok(items(npq.body).some((s) => s.id === made.body.data.attributes.statement_id), 'including the one the declaration is on');
  const ecf = await call('GET', '/api/v3/statements?filter[type]=ecf&filter[cohort]=2024');
  t.ok(items(ecf.body).every((s) => s.attributes.type === 'ecf'), 'filter[type]=ecf: ECF only');
  const both = await call('GET', '/api/v3/statements?filter[cohort]=2024&page[per_page]=3000');
  t.equal(items(both.body).length, items(npq.body).length + items(ecf.body).length, 'no type filter: both');
});
