import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { participantsChanged } from '../../src/domain/participants/visibility.ts';
import { streamParticipantRecords } from '../../src/domain/participants/query.ts';
import { filtersByUpdatedSince } from '../behaviours/updated-since.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { rejectsNonHashFilter } from '../behaviours/non-hash-filter.ts';
import { sortableEndpoint } from '../behaviours/sortable.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { unknownIdIsNotFound } from '../behaviours/unknown-id.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const names = new NameSource('p');
const ambition = await api.providerId('Ambition Institute');
const token = await api.tokenFor('Ambition Institute');
const otherToken = await api.tokenFor('Capita');
const runNamed = scenarioRunner(prisma, names);

async function scenario(name: string, cohortStartYear = 2024, leadProviderId = ambition) {
  return runNamed(name, leadProviderId, cohortStartYear);
}

const pair = await scenario('ect-with-mentor');
const both = await scenario('ect-and-mentor');
const deferred = await scenario('deferred', 2023);
const withdrawn = await scenario('withdrawn', 2025);
const schoolWithdrawn = await scenario('school-withdrawn');
const leaving = await scenario('leaving');
const transfer = await scenario('transfer-to-other-provider');
const idChange = await scenario('id-change');
const funding = await scenario('funding-unconfirmed');
const challenged = await scenario('challenged');
const unfunded = await scenario('unfunded-mentor');
const theirs = await scenario('ect-with-mentor', 2024, await api.providerId('Capita'));

async function get(url: string, as = token) {
  const response = await api.request({ method: 'GET', url, token: as });
  return { status: response.statusCode, body: response.statusCode === 200 && response.headers['content-type'] === 'application/vnd.api+json' ? JSON.parse(response.body) : response.body, response };
}

type FlatItem = { id: string; attributes: Record<string, unknown> };
type NestedItem = { id: string; attributes: { ecf_enrolments: Record<string, unknown>[]; participant_id_changes: Record<string, unknown>[] } & Record<string, unknown> };

for (const version of ['v1', 'v2'] as const) {
  await t.test(`${version} participants`, async (t) => {
    const url = `/api/${version}/participants/ecf`;
    await tokenAuthenticatedEndpoint(t, { api, url, token });
    await paginatedEndpoint(t, { api, url, token }, { minimumItems: 10 });
    await rejectsNonHashFilter(t, { api, url, token });
    await unknownIdIsNotFound(t, { api, url: `${url}/:id`, token });
    await filtersByUpdatedSince(t, { api, url, token }, {
      touch: async () => {
        await participantsChanged(prisma, [pair.ect!], new Date());
        return pair.ect!;
      },
    });

    await t.test('lists one item per registration, only this provider\'s, challenged ones hidden', async (t) => {
      const { body } = await get(`${url}?page[per_page]=3000`);
      const items = body.data as FlatItem[];
      const ids = items.map((item) => item.id);
      t.ok(ids.includes(pair.ect!) && ids.includes(pair.mentor!), 'the pair is listed');
      t.equal(ids.filter((id) => id === both.participant).length, 2, 'an ECT who also mentors appears twice');
      const twice = items.filter((item) => item.id === both.participant);
      t.not(twice[0]!.attributes.training_record_id, twice[1]!.attributes.training_record_id, 'with different training_record_id');
      t.notOk(ids.includes(challenged.hiddenEct!), 'participants of a challenged partnership are hidden');
      t.notOk(ids.includes(theirs.ect!), 'another provider\'s participants are not listed');
      t.notOk(ids.includes(unfunded.unfundedMentor!), 'a mentor trained elsewhere is not listed');
      t.ok(ids.includes(transfer.ect!), 'a participant who left for another provider stays visible to the old one');
    });

    await t.test('shows every attribute as the DfE service derives it', async (t) => {
      const ect = (await get(`${url}/${pair.ect}`)).body.data as FlatItem;
      t.equal(ect.attributes.participant_type, 'ect');
      t.equal(ect.attributes.mentor_id, pair.mentor);
      t.equal(ect.attributes.cohort, '2024');
      t.equal(ect.attributes.status, 'active');
      t.equal(ect.attributes.training_status, 'active');
      t.equal(ect.attributes.eligible_for_funding, true);
      t.equal(ect.attributes.teacher_reference_number_validated, true);
      t.equal(ect.attributes.pupil_premium_uplift, true);
      t.equal(ect.attributes.schedule_identifier, 'ecf-standard-september');
      t.match(ect.attributes.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const mentor = (await get(`${url}/${pair.mentor}`)).body.data as FlatItem;
      t.equal(mentor.attributes.mentor_id, null, 'mentors have no mentor_id');
      t.equal((await get(`${url}/${both.participant}`)).body.data.attributes.participant_type, 'ect', 'show prefers the ECT record');
      t.equal((await get(`${url}/${deferred.ect}`)).body.data.attributes.training_status, 'deferred');
      t.equal((await get(`${url}/${withdrawn.mentor}`)).body.data.attributes.training_status, 'withdrawn');
      t.equal((await get(`${url}/${schoolWithdrawn.ect}`)).body.data.attributes.status, 'withdrawn');
      t.equal((await get(`${url}/${funding.manualCheck}`)).body.data.attributes.eligible_for_funding, null);
      t.equal((await get(`${url}/${funding.ineligible}`)).body.data.attributes.eligible_for_funding, false);
      const noTrn = (await get(`${url}/${funding.noRecord}`)).body.data as FlatItem;
      t.equal(noTrn.attributes.teacher_reference_number, null);
      t.equal(noTrn.attributes.teacher_reference_number_validated, null);
      t.equal((await get(`${url}/${challenged.hiddenEct}`)).status, 404, 'a challenged participant is not found');
      t.equal((await get(`${url}/${pair.ect}`, otherToken)).status, 404, 'another provider cannot see it');
    });

    await t.test('filters by cohort', async (t) => {
      const only2023 = (await get(`${url}?filter[cohort]=2023&page[per_page]=3000`)).body.data as FlatItem[];
      t.ok(only2023.length > 0);
      t.ok(only2023.every((item) => item.attributes.cohort === '2023'));
      const several = (await get(`${url}?filter[cohort]=2023,2025&page[per_page]=3000`)).body.data as FlatItem[];
      t.same(new Set(several.map((item) => item.attributes.cohort)), new Set(['2023', '2025']));
      t.same((await get(`${url}?filter[cohort]=1999`)).body.data, [], 'an unknown year matches nothing');
    });

    await t.test('orders by creation, or by update when filtered by updated_since', async (t) => {
      const since = encodeURIComponent(new Date(0).toISOString());
      const byUpdate = ((await get(`${url}?filter[updated_since]=${since}&page[per_page]=3000`)).body.data as FlatItem[]).map((item) => item.attributes.updated_at as string);
      t.same(byUpdate, [...byUpdate].sort(), 'updated_at ascending');
    });

    await t.test('CSV export has the JSON\'s columns and values, streamed', async (t) => {
      const csv = await api.request({ method: 'GET', url: `/api/${version}/participants/ecf.csv?filter[cohort]=2024`, token });
      t.equal(csv.statusCode, 200);
      t.equal(csv.headers['content-type'], 'text/csv');
      const [header, ...rows] = csv.body.trim().split('\n');
      t.equal(header, 'id,email,full_name,mentor_id,school_urn,participant_type,cohort,status,teacher_reference_number,teacher_reference_number_validated,eligible_for_funding,pupil_premium_uplift,sparsity_uplift,training_status,training_record_id,schedule_identifier,updated_at');
      const json = (await get(`${url}?filter[cohort]=2024&page[per_page]=3000`)).body.data as FlatItem[];
      t.equal(rows.length, json.length, 'one row per JSON item');
      const asCsv = (item: FlatItem) => [item.id, ...Object.values(item.attributes).map((value) => (value === null ? '' : String(value)))].join(',');
      t.same(rows, json.map(asCsv), 'every row: the JSON item\'s values, in the JSON order');
      const empty = await api.request({ method: 'GET', url: `/api/${version}/participants/ecf.csv?filter[cohort]=1999`, token });
      t.equal(empty.body, '', 'no rows gives an empty body');
      const since = encodeURIComponent(new Date(0).toISOString());
      const byUpdate = await api.request({ method: 'GET', url: `/api/${version}/participants/ecf.csv?filter[updated_since]=${since}`, token });
      const updatedJson = (await get(`${url}?filter[updated_since]=${since}&page[per_page]=3000`)).body.data as FlatItem[];
      t.same(byUpdate.body.trim().split('\n').slice(1), updatedJson.map(asCsv), 'updated_since: the same rows in the same (updated_at) order');
      const streamed: string[] = [];
      for await (const batch of streamParticipantRecords(api.database.reader, ambition, { updatedSince: new Date(0) }, new Date(), 2)) streamed.push(...batch.map((record) => record.trainingRecordId));
      t.same(streamed, updatedJson.map((item) => item.attributes.training_record_id), 'streamed in small batches, nothing missed or repeated');
      const alias = await api.request({ method: 'GET', url: `/api/${version}/participants?page[per_page]=3`, token });
      t.equal(JSON.parse(alias.body).data.length, 3, 'the legacy /participants alias answers too');
    });
  });
}

await t.test('v3 participants', async (t) => {
  const url = '/api/v3/participants/ecf';
  await tokenAuthenticatedEndpoint(t, { api, url, token });
  await paginatedEndpoint(t, { api, url, token }, { minimumItems: 10 });
  await rejectsNonHashFilter(t, { api, url, token });
  await unknownIdIsNotFound(t, { api, url: `${url}/:id`, token });
  await sortableEndpoint(t, { api, url, token }, { timestamps: (item) => ({ updated_at: item.attributes.updated_at as string }) });
  await filtersByUpdatedSince(t, { api, url, token }, {
    touch: async () => {
      await participantsChanged(prisma, [pair.mentor!], new Date());
      return pair.mentor!;
    },
  });

  await t.test('one item per person, registrations nested', async (t) => {
    const person = (await get(`${url}/${both.participant}`)).body.data as NestedItem;
    t.equal(person.attributes.ecf_enrolments.length, 2);
    t.same(new Set(person.attributes.ecf_enrolments.map((e) => e.participant_type)), new Set(['ect', 'mentor']));
    const all = (await get(`${url}?page[per_page]=3000`)).body.data as NestedItem[];
    t.equal(all.filter((item) => item.id === both.participant).length, 1, 'listed once');
  });

  await t.test('enrolment attributes', async (t) => {
    const ect = (await get(`${url}/${pair.ect}`)).body.data as NestedItem;
    const enrolment = ect.attributes.ecf_enrolments[0]!;
    t.equal(enrolment.mentor_id, pair.mentor);
    t.equal(enrolment.participant_status, 'active');
    t.ok(enrolment.delivery_partner_id, 'delivery partner of the partnership');
    t.equal(enrolment.withdrawal, null);
    t.equal(enrolment.deferral, null);
    t.same(ect.attributes.participant_id_changes, []);

    const deferral = ((await get(`${url}/${deferred.ect}`)).body.data as NestedItem).attributes.ecf_enrolments[0]!;
    t.equal(deferral.training_status, 'deferred');
    t.match(deferral.deferral, { reason: 'parental-leave' });
    const withdrawal = ((await get(`${url}/${withdrawn.mentor}`)).body.data as NestedItem).attributes.ecf_enrolments[0]!;
    t.match(withdrawal.withdrawal, { reason: 'left-teaching-profession' });
    t.equal(((await get(`${url}/${leaving.ect}`)).body.data as NestedItem).attributes.ecf_enrolments[0]!.participant_status, 'leaving');
    t.equal(((await get(`${url}/${transfer.ect}`)).body.data as NestedItem).attributes.ecf_enrolments[0]!.participant_status, 'left', 'the old provider sees left');
    const joining = (await get(`${url}/${transfer.ect}`, await api.tokenFor((await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } }))[1]!.name))).body;
    t.equal((joining.data as NestedItem).attributes.ecf_enrolments[0]!.participant_status, 'joining', 'the new provider sees joining');
    t.equal(((await get(`${url}/${schoolWithdrawn.ect}`)).body.data as NestedItem).attributes.ecf_enrolments[0]!.participant_status, 'withdrawn');
  });

  await t.test('participant id changes and filter[from_participant_id]', async (t) => {
    const person = (await get(`${url}/${idChange.ect}`)).body.data as NestedItem;
    t.match(person.attributes.participant_id_changes, [{ from_participant_id: idChange.retiredId, to_participant_id: idChange.ect }]);
    const found = (await get(`${url}?filter[from_participant_id]=${idChange.retiredId}`)).body.data as NestedItem[];
    t.same(found.map((item) => item.id), [idChange.ect]);
    t.same((await get(`${url}?filter[from_participant_id]=nonsense`)).body.data, [], 'a malformed id matches nothing');
  });

  await t.test('filters by training_status and refuses other values', async (t) => {
    const deferredOnly = (await get(`${url}?filter[training_status]=deferred&page[per_page]=3000`)).body.data as NestedItem[];
    t.ok(deferredOnly.some((item) => item.id === deferred.ect));
    t.ok(deferredOnly.every((item) => item.attributes.ecf_enrolments.every((e) => e.training_status === 'deferred')));
    const bad = await get(`${url}?filter[training_status]=paused`);
    t.equal(bad.status, 400);
    t.equal(bad.body, '{"errors":[{"title":"Bad request","detail":"The filter \'#/training_status\' must be [\\"active\\", \\"deferred\\", \\"withdrawn\\"]"}]}');
  });

  await t.test('sorts by created_at by default and by several keys', async (t) => {
    const byDefault = (await get(`${url}?page[per_page]=3000`)).body.data as NestedItem[];
    const explicit = (await get(`${url}?page[per_page]=3000&sort=created_at`)).body.data as NestedItem[];
    t.same(byDefault.map((i) => i.id), explicit.map((i) => i.id));
    const desc = (await get(`${url}?page[per_page]=3000&sort=-created_at`)).body.data as NestedItem[];
    t.same(desc.map((i) => i.id), [...explicit.map((i) => i.id)].reverse());
    t.equal((await get(`${url}?sort=-updated_at,created_at`)).status, 200);
  });
});
