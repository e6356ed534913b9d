import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { declareForNpq, npqEnroller } from '../helpers/npq.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { rejectsNonHashFilter } from '../behaviours/non-hash-filter.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const names = new NameSource('npqo');
const ambition = await api.providerId('Ambition Institute');
const bestPractice = await api.providerId('Best Practice Network');
const token = await api.tokenFor('Ambition Institute');
const bestPracticeToken = await api.tokenFor('Best Practice Network');
const { enrol } = npqEnroller(prisma, names);

const VERSIONS = ['v1', 'v2', 'v3'] as const;
const COURSE = 'npq-leading-teaching';
const COURSE_NOT_RECOGNISED = "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.";
const COURSE_MISSING = "Enter a '#/course_identifier' value for this participant.";
const DATE_MISSING = "The '#/completion_date' is missing from your request. Please include a completion_date value and try again.";
const DATE_FORMAT = "The '#/completion_date' value must be in the following format: 'yyyy-mm-dd'";
const STATE_MISSING = "The '#/state' is missing from your request. Please include a 'passed' or 'failed' value and try again.";
const STATE_INVALID = "The attribute '#/state' can only include 'passed' or 'failed' values. If you need to void an outcome, you will need to void the associated 'completed' declaration.";
const NO_COMPLETED = "The participant has not had a 'completed' declaration submitted for them. Therefore you cannot update their outcome.";
const FUTURE = "Validation failed: Completion date The attribute '#/completion_date' cannot contain a future date. Resubmit the outcome update with a valid date.";

type Person = { applicationId: string; userId: string };
async function completed(person: Person, extra: { state?: string; courseIdentifier?: string; leadProviderId?: string } = {}) {
  return declareForNpq(prisma, { enrolmentId: person.applicationId, userId: person.userId, leadProviderId: ambition, courseIdentifier: COURSE, type: 'completed', ...extra });
}
async function report(version: string, id: string, attributes: Record<string, unknown> | null, as = token) {
  const response = await api.request({
    method: 'POST', url: `/api/${version}/participants/npq/${id}/outcomes`, token: as,
    payload: attributes === null ? {} : { data: { type: 'npq-outcome-confirmation', attributes } },
  });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
}
async function get(url: string, as = token) {
  const response = await api.request({ method: 'GET', url, token: as });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
}
const errors = (...items: [string, string][]) => ({ errors: items.map(([title, detail]) => ({ title, detail })) });
const valid = { course_identifier: COURSE, state: 'passed', completion_date: '2025-06-30' };

await t.test('reporting an outcome: the rules in order', async (t) => {
  const person = await enrol(ambition);
  const declared = await enrol(ambition);
  await completed(declared);
  for (const version of VERSIONS) {
    await tokenAuthenticatedEndpoint(t, { api, url: `/api/${version}/participants/npq/${person.userId}/outcomes`, method: 'POST', token, body: { data: { attributes: valid } } });
    t.same((await report(version, person.userId, {})).body,
      errors(['completion_date', DATE_MISSING], ['course_identifier', COURSE_MISSING], ['state', STATE_MISSING]), `${version}: nothing sent`);
    t.same((await report(version, declared.userId, { ...valid, completion_date: 'someday' })).body,
      errors(['completion_date', `${DATE_MISSING}, ${DATE_FORMAT}`]), 'a date that is no date');
    t.same((await report(version, declared.userId, { ...valid, completion_date: '2025-6-30' })).body, errors(['completion_date', DATE_FORMAT]), 'a date in another format');
    t.same((await report(version, declared.userId, { ...valid, completion_date: '2025-02-30' })).body, errors(['completion_date', DATE_MISSING]), 'a day that does not exist');
    t.same((await report(version, declared.userId, { ...valid, state: 'voided' })).body, errors(['state', STATE_INVALID]), 'providers cannot void an outcome');
    t.same((await report(version, declared.userId, { ...valid, completion_date: 'x', course_identifier: 'npq-headship' })).body,
      errors(['completion_date', `${DATE_MISSING}, ${DATE_FORMAT}`]), 'the course is only checked once everything before it passed');
    t.same((await report(version, person.userId, { ...valid, state: 'maybe' })).body, errors(['state', STATE_INVALID], ['base', NO_COMPLETED]), 'every rule is reported');
    t.same((await report(version, person.userId, valid)).body, errors(['base', NO_COMPLETED]), 'no completed declaration');
    t.same((await report(version, crypto.randomUUID(), valid)).body, errors(['course_identifier', COURSE_NOT_RECOGNISED]), 'an unknown participant');
    t.same((await report(version, 'nope', valid)).body, errors(['course_identifier', COURSE_NOT_RECOGNISED]), 'a malformed id');
    t.same((await report(version, person.userId, { ...valid, course_identifier: 'npq-headship' })).body,
      errors(['course_identifier', COURSE_NOT_RECOGNISED]), 'a course the participant is not enrolled on');
    t.same((await report(version, person.userId, { ...valid, course_identifier: 'npq-early-headship-coaching-offer' })).body,
      errors(['course_identifier', COURSE_NOT_RECOGNISED]), 'the coaching offer has no outcomes');
    t.same((await report(version, person.userId, valid, bestPracticeToken)).body, errors(['course_identifier', COURSE_NOT_RECOGNISED]), "another provider's participant");
    const noData = await report(version, person.userId, null);
    t.equal(noData.status, 400);
    t.same(noData.body, errors(['Bad request', 'correct json data structure required. See API docs for reference']));
  }
  const voided = await completed(person, { state: 'voided' });
  t.same((await report('v3', person.userId, valid)).body, errors(['base', NO_COMPLETED]), 'a voided completed declaration does not count');
  await completed(person, { state: 'clawed_back' });
  t.same((await report('v3', person.userId, valid)).body, errors(['base', NO_COMPLETED]), 'nor a clawed-back one');
  t.ok(voided);
});

await t.test('recording, repeating and reading outcomes', async (t) => {
  const person = await enrol(ambition);
  const declaration = await completed(person, { state: 'eligible' });
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const future = await report('v1', person.userId, { ...valid, completion_date: tomorrow });
  t.equal(future.status, 422);
  t.same(future.body, errors(['Invalid action', FUTURE]), 'a completion date in the future');

  const passed = await report('v3', person.userId, valid);
  t.equal(passed.status, 200);
  t.match(passed.body.data, {
    type: 'participant-outcome',
    attributes: { state: 'passed', completion_date: '2025-06-30T00:00:00+00:00', course_identifier: COURSE, participant_id: person.userId, created_at: /Z$/, updated_at: /Z$/ },
  });
  const again = await report('v2', person.userId, { ...valid, completion_date: ' 2025-06-30' });
  t.equal(again.body?.data?.id, passed.body.data.id, 'the same outcome again is the outcome already recorded');
  t.notOk('updated_at' in again.body.data.attributes, 'v1 and v2 have no updated_at');
  const failed = await report('v1', person.userId, { ...valid, state: 'failed', completion_date: '2025-07-01' });
  t.not(failed.body.data.id, passed.body.data.id, 'a different result is a new outcome');
  const rows = await prisma.npqParticipantOutcome.findMany({ where: { participantDeclarationId: declaration } });
  t.equal(rows.length, 2, 'against the completed declaration');

  for (const version of VERSIONS) {
    const mine = await get(`/api/${version}/participants/npq/${person.userId}/outcomes`);
    t.equal(mine.status, 200);
    t.same(mine.body.data.map((item: { id: string }) => item.id), [passed.body.data.id, failed.body.data.id], `${version}: the participant's outcomes, oldest first`);
    t.same((await get(`/api/${version}/participants/npq/${crypto.randomUUID()}/outcomes`)).body, { data: [] }, 'an unknown participant has none');
    t.same((await get(`/api/${version}/participants/npq/nope/outcomes`)).body, { data: [] });
    t.same((await get(`/api/${version}/participants/npq/${person.userId}/outcomes`, bestPracticeToken)).body, { data: [] }, "another provider sees none of them");
    const all = await get(`/api/${version}/participants/npq/outcomes?page[per_page]=3000`);
    t.ok(all.body.data.some((item: { id: string }) => item.id === failed.body.data.id), `${version}: in the provider's list`);
    t.same((await get(`/api/${version}/participants/npq/outcomes`, bestPracticeToken)).body, { data: [] }, "not in another provider's");
  }
});

await t.test('the list of every outcome', async (t) => {
  for (let i = 0; i < 4; i += 1) {
    const person = await enrol(ambition, { courseIdentifier: 'npq-senco' });
    await completed(person, { courseIdentifier: 'npq-senco' });
    t.equal((await report('v3', person.userId, { ...valid, course_identifier: 'npq-senco' })).status, 200);
  }
  for (const version of VERSIONS) {
    const url = `/api/${version}/participants/npq/outcomes`;
    await tokenAuthenticatedEndpoint(t, { api, url, token });
    await paginatedEndpoint(t, { api, url, token }, { minimumItems: 4 });
    await rejectsNonHashFilter(t, { api, url, token });
    const all = (await get(`${url}?page[per_page]=3000`)).body.data as { id: string; attributes: { created_at: string } }[];
    const created = all.map((item) => item.attributes.created_at);
    t.same(created, [...created].sort(), 'oldest first');
    const last = await prisma.npqParticipantOutcome.findUniqueOrThrow({ where: { id: all.at(-1)!.id } });
    const since = (await get(`${url}?filter[created_since]=${encodeURIComponent(last.createdAt.toISOString())}`)).body.data as { id: string }[];
    t.same(since.map((item) => item.id), [last.id], 'created_since includes the moment itself');
    t.same((await get(`${url}?filter[created_since]=2999-01-01T00:00:00Z`)).body, { data: [] });
    const bad = await get(`${url}?filter[created_since]=soon`);
    t.equal(bad.status, 400);
    t.same(bad.body, errors(['Bad request', "The filter '#/created_since' must be a valid RCF3339 date"]));
  }
  t.ok(bestPractice);
});

await t.test('identical reports at once record one outcome', async (t) => {
  const person = await enrol(ambition);
  const declaration = await completed(person);
  const answers = await Promise.all([1, 2, 3].map(() => report('v3', person.userId, valid)));
  t.same(answers.map((answer) => answer.status), [200, 200, 200]);
  t.equal(new Set(answers.map((answer) => answer.body.data.id)).size, 1, 'the same outcome each time');
  t.equal(await prisma.npqParticipantOutcome.count({ where: { participantDeclarationId: declaration } }), 1);
});
