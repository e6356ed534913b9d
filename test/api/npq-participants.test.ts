import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { npqEnroller } from '../helpers/npq.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { NPQ_ENROLMENT_CSV_COLUMNS } from '../../src/api/v2/npq-participants.ts';
import { filtersByUpdatedSince } from '../behaviours/updated-since.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { rejectsNonHashFilter } from '../behaviours/non-hash-filter.ts';
import { sortableEndpoint } from '../behaviours/sortable.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { unknownIdIsNotFound } from '../behaviours/unknown-id.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const names = new NameSource('npqp');
const ambition = await api.providerId('Ambition Institute');
const bestPractice = await api.providerId('Best Practice Network');
const token = await api.tokenFor('Ambition Institute');
const run = scenarioRunner(prisma, names);
const { apply, enrol } = npqEnroller(prisma, names);

const y2024 = await run('npq-applications', ambition, 2024);
await run('npq-applications', ambition, 2023);
const theirs = await run('npq-applications', bestPractice, 2024);
// Enough participants for paging; one person enrolled on two courses with Ambition.
for (let i = 0; i < 8; i += 1) await enrol(ambition);
const twoCourses = await enrol(ambition, { courseIdentifier: 'npq-headship' });
await enrol(ambition, { userId: twoCourses.userId, courseIdentifier: 'npq-leading-literacy' });
const pendingOnly = await apply(ambition);
const elsewhereOnly = await enrol(bestPractice);

const VERSIONS = ['v1', 'v2', 'v3'] as const;
type Item = { id: string; type: string; attributes: Record<string, unknown> };

async function get(url: string) {
  const response = await api.request({ method: 'GET', url, token });
  return { status: response.statusCode, json: response.body ? JSON.parse(response.body) : undefined };
}
const list = async (version: string, query = '') => (await get(`/api/${version}/participants/npq?page[per_page]=3000&${query}`)).json.data as Item[];
const userOf = async (applicationId: string) => (await prisma.npqApplication.findUniqueOrThrow({ where: { id: applicationId } })).userId;

const ATTRIBUTES = {
  v1: ['participant_id', 'email', 'full_name', 'npq_courses', 'funded_places', 'teacher_reference_number', 'updated_at'],
  v2: ['email', 'full_name', 'teacher_reference_number', 'updated_at', 'npq_enrolments'],
  v3: ['full_name', 'teacher_reference_number', 'updated_at', 'npq_enrolments', 'participant_id_changes'],
};
const ENROLMENT = {
  v2: ['course_identifier', 'schedule_identifier', 'cohort', 'npq_application_id', 'eligible_for_funding', 'training_status', 'school_urn',
    'targeted_delivery_funding_eligibility', 'funded_place'],
  v3: ['email', 'course_identifier', 'schedule_identifier', 'cohort', 'npq_application_id', 'eligible_for_funding', 'training_status', 'school_urn',
    'targeted_delivery_funding_eligibility', 'funded_place', 'withdrawal', 'deferral', 'created_at'],
};

for (const version of VERSIONS) {
  await t.test(`${version} list and show`, async (t) => {
    const url = `/api/${version}/participants/npq`;
    await tokenAuthenticatedEndpoint(t, { api, url, token });
    await paginatedEndpoint(t, { api, url, token }, { minimumItems: 10 });
    await rejectsNonHashFilter(t, { api, url, token });
    await unknownIdIsNotFound(t, { api, url: `${url}/:id`, token });
    await filtersByUpdatedSince(t, { api, url, token }, { touch: async () => (await enrol(ambition)).userId });
    if (version === 'v3') {
      await sortableEndpoint(t, { api, url, token }, { timestamps: (item) => item.attributes as { updated_at: string } });
    }

    const all = await list(version);
    const ids = all.map((item) => item.id);
    t.equal(new Set(ids).size, ids.length, 'each person once, however many enrolments');
    t.ok(all.every((item) => item.type === 'npq-participant'));
    const funded = await userOf(y2024.funded!);
    t.ok(ids.includes(funded) && ids.includes(await userOf(y2024.unfunded!)), 'accepted applicants are participants');
    t.notOk(ids.includes(await userOf(y2024.pending!)), 'a pending applicant is not');
    t.notOk(ids.includes(pendingOnly.userId), 'a person with only a pending application is not');
    t.notOk(ids.includes(await userOf(y2024.rejected!)), 'a rejected applicant is not');
    t.notOk(ids.includes(elsewhereOnly.userId), "another provider's participant is not");
    t.notOk(ids.includes(await userOf(theirs.funded!)));
    t.equal((await get(`${url}/${elsewhereOnly.userId}`)).status, 404, "another provider's participant is not found");
    t.equal((await get(`${url}/${pendingOnly.userId}`)).status, 404, 'nor is a pending applicant');

    const shown = (await get(`${url}/${funded}`)).json.data as Item;
    t.equal(shown.id, funded);
    t.same(Object.keys(shown.attributes).sort(), [...ATTRIBUTES[version]].sort(), 'exactly the version\'s attributes');
    const application = await prisma.npqApplication.findUniqueOrThrow({ where: { id: y2024.funded! }, include: { user: true } });
    if (version === 'v1') {
      t.match(shown.attributes, {
        participant_id: funded, email: application.user.email, full_name: application.user.fullName, npq_courses: ['npq-headship'],
        funded_places: [{ npq_course: 'npq-headship', funded_place: true, npq_application_id: y2024.funded }],
        teacher_reference_number: application.teacherReferenceNumber,
      });
    } else {
      const [enrolment, ...others] = shown.attributes.npq_enrolments as Record<string, unknown>[];
      t.equal(others.length, 0);
      t.same(Object.keys(enrolment!).sort(), [...ENROLMENT[version]].sort(), 'exactly the version\'s enrolment fields');
      t.match(enrolment, {
        course_identifier: 'npq-headship', schedule_identifier: /^npq-leadership-(autumn|spring)$/, cohort: '2024', npq_application_id: y2024.funded,
        eligible_for_funding: true, training_status: 'active', funded_place: true, targeted_delivery_funding_eligibility: false,
      });
      if (version === 'v3') t.match(enrolment, { email: application.user.email, withdrawal: null, deferral: null, created_at: /Z$/ });
      if (version === 'v3') t.same(shown.attributes.participant_id_changes, []);
      if (version === 'v2') t.equal(shown.attributes.email, application.user.email);
      t.equal(shown.attributes.teacher_reference_number, application.teacherReferenceNumber, 'the verified TRN');
    }
    t.match((await get(`${url}/${await userOf(y2024.unfunded!)}`)).json.data.attributes, version === 'v1'
      ? { funded_places: [{ funded_place: false }] }
      : { npq_enrolments: [{ funded_place: false }] }, 'an unfunded place');

    const both = (await get(`${url}/${twoCourses.userId}`)).json.data as Item;
    if (version === 'v1') t.same(both.attributes.npq_courses, ['npq-headship', 'npq-leading-literacy'], 'both courses, oldest first');
    else t.same((both.attributes.npq_enrolments as { course_identifier: string }[]).map((e) => e.course_identifier), ['npq-headship', 'npq-leading-literacy']);
  });
}

await t.test('only enrolments with the provider are shown', async (t) => {
  const person = await enrol(ambition, { courseIdentifier: 'npq-senco' });
  await enrol(bestPractice, { userId: person.userId, courseIdentifier: 'npq-leading-behaviour-culture' });
  const shown = (await get(`/api/v3/participants/npq/${person.userId}`)).json.data as Item;
  t.same((shown.attributes.npq_enrolments as { course_identifier: string }[]).map((e) => e.course_identifier), ['npq-senco']);
});

await t.test('v3 filters', async (t) => {
  const withdrawn = await enrol(ambition);
  const at = new Date(Date.now() - 60_000);
  await prisma.npqParticipantProfile.update({ where: { id: withdrawn.applicationId }, data: { trainingStatus: 'withdrawn', updatedAt: at } });
  await prisma.npqProfileState.create({ data: { npqParticipantProfileId: withdrawn.applicationId, leadProviderId: ambition, state: 'withdrawn', reason: 'quality-of-programme-structure-not-suitable.', createdAt: at } });
  const onlyWithdrawn = await list('v3', 'filter[training_status]=withdrawn');
  t.same(onlyWithdrawn.map((item) => item.id), [withdrawn.userId], 'training_status');
  t.same((onlyWithdrawn[0]!.attributes.npq_enrolments as Record<string, unknown>[])[0]!.withdrawal,
    { reason: 'quality-of-programme-structure-not-suitable.', date: at.toISOString().replace(/\.\d+Z$/, 'Z') }, 'the withdrawal shows');
  t.notOk((await list('v3', 'filter[training_status]=active')).some((item) => item.id === withdrawn.userId));
  const bad = await get('/api/v3/participants/npq?filter[training_status]=paused');
  t.equal(bad.status, 400);
  t.same(bad.json, { errors: [{ title: 'Bad request', detail: `The filter '#/training_status' must be ["active", "deferred", "withdrawn"]` }] });
  t.ok((await list('v1', 'filter[training_status]=paused')).length > 0, 'v1 ignores training_status');

  const merged = await enrol(ambition);
  const retired = crypto.randomUUID();
  await prisma.participantIdChange.create({ data: { userId: merged.userId, fromParticipantId: retired, toParticipantId: merged.userId, createdAt: at } });
  const found = await list('v3', `filter[from_participant_id]=${retired}`);
  t.same(found.map((item) => item.id), [merged.userId], 'from_participant_id');
  t.same(found[0]!.attributes.participant_id_changes, [{ from_participant_id: retired, to_participant_id: merged.userId, changed_at: at.toISOString().replace(/\.\d+Z$/, 'Z') }]);
  t.same(await list('v3', 'filter[from_participant_id]=nope'), [], 'a malformed id matches nothing');

  const desc = await list('v3', 'sort=-created_at');
  const asc = await list('v3', 'sort=created_at');
  t.same(desc.map((item) => item.id), asc.map((item) => item.id).reverse(), '-created_at is created_at reversed');
  t.same(asc.map((item) => item.id), (await list('v3')).map((item) => item.id), 'created_at is the default');
});

await t.test('an enrolment change moves updated_at', async (t) => {
  const person = await enrol(ambition);
  const since = new Date(Date.now() + 1000);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await prisma.npqApplication.update({ where: { id: person.applicationId }, data: { eligibleForFunding: false, updatedAt: new Date() } });
  for (const version of VERSIONS) {
    const changed = await list(version, `filter[updated_since]=${encodeURIComponent(since.toISOString())}`);
    t.same(changed.map((item) => item.id), [person.userId], `${version}: the application's change shows through updated_since`);
  }
});

await t.test('v2 enrolments CSV', async (t) => {
  const url = '/api/v2/npq-enrolments.csv';
  const response = await api.request({ method: 'GET', url, token });
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /^text\/csv/);
  const [header, ...lines] = response.body.trim().split('\n');
  t.equal(header, NPQ_ENROLMENT_CSV_COLUMNS.join(','), 'the exact header');
  const enrolments = await prisma.npqParticipantProfile.findMany({ where: { leadProviderId: ambition }, orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }] });
  t.same(lines.map((line) => line.split(',')[4]), enrolments.map((enrolment) => enrolment.id), "one row per enrolment of the provider's, oldest change first");
  const funded = lines.find((line) => line.includes(y2024.funded!))!.split(',');
  t.same(funded.slice(0, 4), [await userOf(y2024.funded!), 'npq-headship', funded[2], '2024']);
  t.match(funded[2], /^npq-leadership-/);
  t.same(funded.slice(5), ['true', 'true', 'active', enrolments.find((e) => e.id === y2024.funded)!.schoolUrn ?? '']);

  const person = await enrol(ambition);
  const since = new Date(Date.now() + 1000);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await prisma.npqParticipantProfile.update({ where: { id: person.applicationId }, data: { trainingStatus: 'deferred', updatedAt: new Date() } });
  const changed = await api.request({ method: 'GET', url: `${url}?filter[updated_since]=${encodeURIComponent(since.toISOString())}`, token });
  t.same(changed.body.trim().split('\n').slice(1).map((line) => line.split(',')[4]), [person.applicationId], 'updated_since');
  t.match(changed.body, /,deferred,/);
  t.equal((await api.request({ method: 'GET', url: `${url}?filter[updated_since]=2999-01-01T00:00:00Z`, token })).body, '', 'nothing matching: an empty body');
  t.equal((await api.request({ method: 'GET', url: `${url}?filter[updated_since]=soon`, token })).statusCode, 400);
  for (const version of ['v1', 'v3']) t.equal((await get(`/api/${version}/npq-enrolments.csv`)).status, 404, `not in ${version}`);
  await tokenAuthenticatedEndpoint(t, { api, url, token });
});
