// Incremental syncs never miss a change: every kind of change that alters what a provider sees of
// a participant moves that participant into `filter[updated_since]` results, in every version and
// for every provider concerned, and shows the change.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { reportPartnership } from '../../src/domain/partnerships/report.ts';
import {
  assignMentor,
  changeFundingEligibility,
  schoolWithdrawParticipant,
  transferParticipant,
} from '../../src/domain/participants/school-side.ts';
import { mergeParticipants } from '../../src/domain/participants/merge.ts';
import type { Tap } from '../behaviours/endpoint.ts';

const api = await buildTestApi(t, { RATE_LIMIT_MAX: 1_000_000 });
const prisma = api.database.prisma;
const names = new NameSource('us');
const providers = await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
const [first, second] = providers as [typeof providers[0], typeof providers[0]];
const token = await api.tokenFor(first.name);
const secondToken = await api.tokenFor(second.name);
const DAY = 24 * 60 * 60 * 1000;
const runNamed = scenarioRunner(prisma, names);

async function scenario(name: string, leadProviderId = first.id) {
  return runNamed(name, leadProviderId);
}

// Something that never changes, so a sync that returns everything would be caught.
const bystander = await scenario('ect-with-mentor');

type Item = { id: string; attributes: Record<string, any> };
const PARTICIPANT_LISTS = ['/api/v1/participants/ecf', '/api/v2/participants/ecf', '/api/v3/participants/ecf'];

async function sync(path: string, since: Date, as: string): Promise<Item[]> {
  const response = await api.request({ method: 'GET', url: `${path}?filter[updated_since]=${encodeURIComponent(since.toISOString())}&page[per_page]=3000`, token: as });
  t.equal(response.statusCode, 200);
  return JSON.parse(response.body).data as Item[];
}

/**
 * Syncs each list with `updated_since` = just before the change: the participant is absent
 * before it, present after it; the bystander never appears. Returns what each list showed.
 */
async function seenAfter(t: Tap, userId: string, change: () => Promise<unknown>, views: { path: string; as: string }[]) {
  const since = new Date();
  for (const view of views) {
    t.notOk((await sync(view.path, since, view.as)).some((item) => item.id === userId), `${view.path}: not changed yet`);
  }
  await change();
  const shown = new Map<string, Item[]>();
  for (const view of views) {
    const items = await sync(view.path, since, view.as);
    t.ok(items.some((item) => item.id === userId), `${view.path}: the change is seen`);
    t.notOk(items.some((item) => item.id === bystander.ect), `${view.path}: nothing unchanged is`);
    shown.set(`${view.path} ${view.as === token ? 'first' : 'second'}`, items.filter((item) => item.id === userId));
  }
  return shown;
}

const allVersions = (as = token) => PARTICIPANT_LISTS.map((path) => ({ path, as }));
const v3Enrolment = (shown: Map<string, Item[]>, key = '/api/v3/participants/ecf first') => shown.get(key)![0]!.attributes.ecf_enrolments[0];

await t.test('a provider action (defer)', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const shown = await seenAfter(t, ect!, () => api.request({
    method: 'PUT', url: `/api/v3/participants/ecf/${ect}/defer`, token,
    payload: { data: { attributes: { reason: 'bereavement', course_identifier: 'ecf-induction' } } },
  }), allVersions());
  t.equal(v3Enrolment(shown).training_status, 'deferred');
  t.equal(shown.get('/api/v1/participants/ecf first')![0]!.attributes.training_status, 'deferred');
});

await t.test('a schedule change', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const shown = await seenAfter(t, ect!, () => api.request({
    method: 'PUT', url: `/api/v2/participants/ecf/${ect}/change-schedule`, token,
    payload: { data: { attributes: { schedule_identifier: 'ecf-standard-january', course_identifier: 'ecf-induction' } } },
  }), allVersions());
  t.equal(v3Enrolment(shown).schedule_identifier, 'ecf-standard-january');
});

await t.test('a transfer to another provider: both providers see it, in participants and transfers', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const { school: newSchool } = await scenario('ect-without-mentor', second.id);
  const shown = await seenAfter(t, ect!, () => prisma.$transaction((db) => transferParticipant(db, {
    userId: ect!, leavingDate: new Date(Date.now() + 3 * DAY), toSchoolId: newSchool!, joiningDate: new Date(Date.now() + 4 * DAY), now: new Date(),
  })), [
    ...allVersions(),
    ...allVersions(secondToken),
    { path: '/api/v3/participants/ecf/transfers', as: token },
    { path: '/api/v3/participants/ecf/transfers', as: secondToken },
  ]);
  t.equal(v3Enrolment(shown).participant_status, 'leaving', 'the old provider sees leaving');
  t.equal(v3Enrolment(shown, '/api/v3/participants/ecf second').participant_status, 'joining', 'the new provider sees joining');
});

await t.test('a move to another school with the same provider (school change)', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const { school: newSchool } = await scenario('ect-without-mentor');
  const urn = (await prisma.school.findUniqueOrThrow({ where: { id: newSchool! } })).urn;
  const shown = await seenAfter(t, ect!, () => prisma.$transaction((db) => transferParticipant(db, {
    userId: ect!, leavingDate: new Date(Date.now() - 2 * DAY), toSchoolId: newSchool!, joiningDate: new Date(Date.now() - DAY), now: new Date(),
  })), allVersions());
  t.equal(v3Enrolment(shown).school_urn, urn, 'the new school is shown');
});

await t.test('a mentor assignment: the ECT, and the mentor (listed or unfunded)', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const { mentor } = await scenario('ect-with-mentor');
  const shown = await seenAfter(t, ect!, () => prisma.$transaction((db) => assignMentor(db, { ectUserId: ect!, mentorUserId: mentor!, now: new Date() })), allVersions());
  t.equal(v3Enrolment(shown).mentor_id, mentor);
  t.ok((await sync('/api/v3/participants/ecf', new Date(Date.now() - 5000), token)).some((item) => item.id === mentor), 'the mentor moved too');

  const { ect: another } = await scenario('ect-without-mentor');
  const { mentor: elsewhere } = await scenario('ect-with-mentor', second.id);
  await seenAfter(t, elsewhere!, () => prisma.$transaction((db) => assignMentor(db, { ectUserId: another!, mentorUserId: elsewhere!, now: new Date() })), [
    { path: '/api/v3/unfunded-mentors/ecf', as: token },
    ...allVersions(secondToken),
  ]);
});

await t.test('a funding eligibility decision', async (t) => {
  const { noRecord } = await scenario('funding-unconfirmed');
  const shown = await seenAfter(t, noRecord!, () => prisma.$transaction((db) => changeFundingEligibility(db, { userId: noRecord!, status: 'ineligible', reason: 'duplicate_profile', now: new Date() })), allVersions());
  t.equal(v3Enrolment(shown).eligible_for_funding, false);
});

await t.test('a school withdrawing the participant', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const shown = await seenAfter(t, ect!, () => prisma.$transaction((db) => schoolWithdrawParticipant(db, { userId: ect!, now: new Date() })), allVersions());
  t.equal(v3Enrolment(shown).participant_status, 'withdrawn');
  t.equal(shown.get('/api/v1/participants/ecf first')![0]!.attributes.status, 'withdrawn');
});

await t.test('a partnership change (new delivery partner)', async (t) => {
  const { ect, school } = await scenario('ect-without-mentor');
  const partnership = await prisma.partnership.findFirstOrThrow({ where: { schoolId: school!, leadProviderId: first.id } });
  const partner = await prisma.deliveryPartner.create({ data: { name: 'Second Delivery Partner' } });
  const shown = await seenAfter(t, ect!, () => prisma.$transaction((db) => reportPartnership(db, {
    schoolId: school!, cohortId: partnership.cohortId, leadProviderId: first.id, deliveryPartnerId: partner.id, now: new Date(),
  })), allVersions());
  t.equal(v3Enrolment(shown).delivery_partner_id, partner.id);
});

await t.test('a participant id change (duplicates merged)', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const { mentor: duplicate, ect: mentee } = await scenario('ect-with-mentor');
  const since = new Date();
  const shown = await seenAfter(t, ect!, () => prisma.$transaction((db) => mergeParticipants(db, { fromUserId: duplicate!, toUserId: ect!, now: new Date() })), allVersions());
  const menteeNow = (await sync('/api/v3/participants/ecf', since, token)).find((item) => item.id === mentee);
  t.equal(menteeNow?.attributes.ecf_enrolments[0].mentor_id, ect, 'the mentee is seen too, with the surviving mentor id');
  const person = shown.get('/api/v3/participants/ecf first')![0]!;
  t.match(person.attributes.participant_id_changes, [{ from_participant_id: duplicate, to_participant_id: ect }]);
  t.equal(person.attributes.ecf_enrolments.length, 2, 'the merged registration moved over');
  const after = await sync('/api/v3/participants/ecf', new Date(0), token);
  t.notOk(after.some((item) => item.id === duplicate), 'the retired id is no longer a participant of its own');
});

await t.test('the v1/v2 CSV honours updated_since too', async (t) => {
  const since = new Date();
  const { ect } = await scenario('ect-without-mentor');
  await api.request({
    method: 'PUT', url: `/api/v1/participants/${ect}/withdraw`, token,
    payload: { data: { attributes: { reason: 'other', course_identifier: 'ecf-induction' } } },
  });
  for (const version of ['v1', 'v2']) {
    const csv = await api.request({ method: 'GET', url: `/api/${version}/participants/ecf.csv?filter[updated_since]=${encodeURIComponent(since.toISOString())}`, token });
    const rows = csv.body.trim().split('\n').slice(1);
    t.equal(rows.length, 1, `${version}: one changed row`);
    t.ok(rows[0]!.startsWith(`${ect},`));
    t.match(rows[0], /,withdrawn,[0-9a-f-]{36},ecf-standard-september,/);
  }
});
