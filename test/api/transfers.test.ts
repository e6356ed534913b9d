// v3 participant transfers: who is listed for which provider, the leaving/joining pairing, the
// transfer types and statuses, both providers' views of one move, paging and updated_since.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { runScenario } from '../../prisma/seed/sandbox.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { transferParticipant } from '../../src/domain/participants/school-side.ts';
import { isoDate } from '../../src/domain/shared/time.ts';
import { filtersByUpdatedSince } from '../behaviours/updated-since.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { rejectsNonHashFilter } from '../behaviours/non-hash-filter.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { unknownIdIsNotFound } from '../behaviours/unknown-id.ts';

const api = await buildTestApi(t, { RATE_LIMIT_MAX: 1_000_000 });
const prisma = api.database.prisma;
const names = new NameSource('tr');
const providers = await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
// Scenarios pair each provider with the next one by name.
const [first, second, third] = providers as [typeof providers[0], typeof providers[0], typeof providers[0]];
const token = await api.tokenFor(first.name);
const secondToken = await api.tokenFor(second.name);
const thirdToken = await api.tokenFor(third.name);
const DAY = 24 * 60 * 60 * 1000;
const start = Date.now() - 3600_000;
let clock = start;

async function scenario(name: string, leadProviderId = first.id) {
  clock += 1000;
  return runScenario(prisma, { scenario: name, leadProviderId, cohortStartYear: 2024, now: new Date(clock), names });
}

const toOther = await scenario('transfer-to-other-provider');
const sameProvider = await scenario('transfer-new-school');
const leavingOnly = await scenario('leaving');
const leavingReportedAt = clock;
const keptProvider = await scenario('transfer-keep-provider');
const fromPrevious = await scenario('transfer-to-other-provider', providers.at(-1)!.id);
const untouched = await scenario('ect-with-mentor');
const urnOf = async (schoolId: string) => (await prisma.school.findUniqueOrThrow({ where: { id: schoolId } })).urn;

const url = '/api/v3/participants/ecf/transfers';
type Item = { id: string; type: string; attributes: { updated_at: string; transfers: Record<string, any>[] } };

async function get(path: string, as = token, headers: Record<string, string> = {}) {
  const response = await api.request({ method: 'GET', url: path, token: as, headers });
  return { status: response.statusCode, body: response.statusCode === 200 ? JSON.parse(response.body) : response.body };
}

await tokenAuthenticatedEndpoint(t, { api, url, token });
await tokenAuthenticatedEndpoint(t, { api, url: `${url.replace('/transfers', '')}/${toOther.ect}/transfers`, token });
await paginatedEndpoint(t, { api, url, token }, { minimumItems: 4 });
await rejectsNonHashFilter(t, { api, url, token });
await unknownIdIsNotFound(t, { api, url: '/api/v3/participants/ecf/:id/transfers', token });
await filtersByUpdatedSince(t, { api, url, token }, {
  touch: async () => {
    const moved = await scenario('ect-without-mentor');
    await prisma.$transaction((db) => transferParticipant(db, { userId: moved.ect!, leavingDate: new Date(Date.now() + 5 * DAY), now: new Date() }));
    return moved.ect!;
  },
});

await t.test('a move to another provider: both providers list it, with both sides', async (t) => {
  const leaving = await prisma.inductionRecord.findFirstOrThrow({ where: { profile: { userId: toOther.ect! }, inductionStatus: 'leaving' } });
  const joining = await prisma.inductionRecord.findFirstOrThrow({ where: { profile: { userId: toOther.ect! }, schoolTransfer: true } });
  const expected = {
    id: toOther.ect,
    type: 'participant-transfer',
    attributes: {
      updated_at: `${new Date(Math.max(leaving.updatedAt.getTime(), joining.updatedAt.getTime())).toISOString().slice(0, 19)}Z`,
      transfers: [{
        training_record_id: leaving.participantProfileId,
        transfer_type: 'new_provider',
        status: 'incomplete',
        leaving: { school_urn: await urnOf(toOther.school!), provider: first.name, date: isoDate(leaving.endDate!) },
        joining: { school_urn: await urnOf(toOther.newSchool!), provider: second.name, date: isoDate(joining.startDate) },
        created_at: `${leaving.createdAt.toISOString().slice(0, 19)}Z`,
      }],
    },
  };
  t.same((await get(`/api/v3/participants/ecf/${toOther.ect}/transfers`)).body.data, expected, 'the leaving provider');
  t.same((await get(`/api/v3/participants/ecf/${toOther.ect}/transfers`, secondToken)).body.data, expected, 'the joining provider');
  const listed = (await get(`${url}?page[per_page]=3000`, secondToken)).body.data as Item[];
  t.ok(listed.some((item) => item.id === toOther.ect), 'in the joining provider\'s list');
  t.equal((await get(`/api/v3/participants/ecf/${toOther.ect}/transfers`, thirdToken)).status, 404, 'an uninvolved provider cannot see it');
  t.notOk(((await get(`${url}?page[per_page]=3000`, thirdToken)).body.data as Item[]).some((item) => item.id === toOther.ect));

  const later = new Date(Date.now() + 10 * DAY).toISOString();
  const afterwards = (await get(`/api/v3/participants/ecf/${toOther.ect}/transfers`, token, { 'x-with-server-date': later })).body.data as Item;
  t.equal(afterwards.attributes.transfers[0]!.status, 'complete', 'complete once the joining date has passed');
});

await t.test('transfer types and statuses', async (t) => {
  const within = (await get(`/api/v3/participants/ecf/${sameProvider.mentor}/transfers`)).body.data as Item;
  t.match(within.attributes.transfers, [{
    transfer_type: 'new_school',
    status: 'complete',
    leaving: { school_urn: await urnOf(sameProvider.school!), provider: first.name },
    joining: { school_urn: await urnOf(sameProvider.newSchool!), provider: first.name },
  }]);

  const unknown = (await get(`/api/v3/participants/ecf/${leavingOnly.ect}/transfers`)).body.data as Item;
  t.match(unknown.attributes.transfers, [{ transfer_type: 'unknown', status: 'incomplete', joining: null, leaving: { provider: first.name } }]);
  t.equal(unknown.attributes.transfers[0]!.leaving.date, isoDate(new Date(leavingReportedAt + 30 * DAY)), 'leaving date as reported');

  const kept = (await get(`/api/v3/participants/ecf/${keptProvider.ect}/transfers`)).body.data as Item;
  t.match(kept.attributes.transfers, [{
    transfer_type: 'new_school',
    status: 'incomplete',
    leaving: { provider: first.name },
    joining: { school_urn: await urnOf(keptProvider.newSchool!), provider: first.name },
  }], 'staying with the provider at a school partnered with another');
  t.equal((await get(`/api/v3/participants/ecf/${keptProvider.ect}/transfers`, secondToken)).status, 404,
    'the new school\'s own provider is not involved');

  const joined = (await get(`/api/v3/participants/ecf/${fromPrevious.ect}/transfers`)).body.data as Item;
  t.match(joined.attributes.transfers, [{ transfer_type: 'new_provider', joining: { provider: first.name }, leaving: { provider: providers.at(-1)!.name } }],
    'a participant joining this provider from another');
});

await t.test('people without a transfer are not listed', async (t) => {
  const all = ((await get(`${url}?page[per_page]=3000`)).body.data as Item[]).map((item) => item.id);
  t.notOk(all.includes(untouched.ect!));
  t.equal((await get(`/api/v3/participants/ecf/${untouched.ect}/transfers`)).status, 404);
  t.same(new Set(all).size, all.length, 'each person once');
  t.ok([toOther.ect, sameProvider.mentor, leavingOnly.ect, keptProvider.ect, fromPrevious.ect].every((id) => all.includes(id!)));
});

await t.test('a leaver whose new school is reported later: unknown, then new_provider', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const leaveOn = new Date(Date.now() + 20 * DAY);
  await prisma.$transaction((db) => transferParticipant(db, { userId: ect!, leavingDate: leaveOn, now: new Date() }));
  t.match((await get(`/api/v3/participants/ecf/${ect}/transfers`)).body.data.attributes.transfers, [{ transfer_type: 'unknown' }]);
  const { school: otherSchool } = await scenario('ect-without-mentor', second.id);
  await prisma.$transaction((db) =>
    transferParticipant(db, { userId: ect!, toSchoolId: otherSchool!, joiningDate: new Date(leaveOn.getTime() + DAY), now: new Date() }),
  );
  const both = (await get(`/api/v3/participants/ecf/${ect}/transfers`)).body.data as Item;
  t.match(both.attributes.transfers, [{ transfer_type: 'new_provider', status: 'incomplete', joining: { provider: second.name } }]);
  t.equal(both.attributes.transfers.length, 1);
  t.equal((await get(`/api/v3/participants/ecf/${ect}/transfers`, secondToken)).status, 200, 'now the joining provider sees it too');
});

await t.test('ordered by creation, or by update with updated_since; no sort parameter', async (t) => {
  const byDefault = ((await get(`${url}?page[per_page]=3000`)).body.data as Item[]).map((item) => item.id);
  const users = await prisma.user.findMany({ where: { id: { in: byDefault } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  t.same(byDefault, users.map((user) => user.id), 'users.created_at ascending');
  t.same(((await get(`${url}?page[per_page]=3000&sort=-created_at`)).body.data as Item[]).map((item) => item.id), byDefault, 'sort is ignored');
  const since = ((await get(`${url}?page[per_page]=3000&filter[updated_since]=${encodeURIComponent(new Date(0).toISOString())}`)).body.data as Item[]).map((item) => item.id);
  const byUpdate = await prisma.user.findMany({ where: { id: { in: since } }, orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }] });
  t.same(since, byUpdate.map((user) => user.id), 'users.updated_at ascending');
});
