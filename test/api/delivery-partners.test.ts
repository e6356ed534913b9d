import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { runScenario } from '../../prisma/seed/sandbox.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { createDeliveryPartner, relateDeliveryPartner } from '../../src/domain/delivery-partners/service.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { rejectsNonHashFilter } from '../behaviours/non-hash-filter.ts';
import { sortableEndpoint } from '../behaviours/sortable.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { unknownIdIsNotFound } from '../behaviours/unknown-id.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const names = new NameSource('dp', 400000);
const ambition = await api.providerId('Ambition Institute');
const capita = await api.providerId('Capita');
const token = await api.tokenFor('Ambition Institute');
const capitaToken = await api.tokenFor('Capita');
const bestPracticeToken = await api.tokenFor('Best Practice Network');
const cohorts = new Map((await prisma.cohort.findMany()).map((cohort) => [cohort.startYear, cohort.id]));
let clock = Date.now() - 3600_000;
const tick = () => new Date((clock += 1000));

async function partner(relations: [string, number[]][]) {
  const created = await createDeliveryPartner(prisma, { name: `${names.school().name} Partnership`, now: tick() });
  for (const [leadProviderId, years] of relations) {
    for (const year of years) {
      await relateDeliveryPartner(prisma, { leadProviderId, deliveryPartnerId: created.id, cohortId: cohorts.get(year)!, now: tick() });
    }
  }
  return created;
}

// The sandbox scenario for Ambition: a partner in two cohorts, one shared with the next provider by
// name (Best Practice Network), one that provider's alone. Then partners related in other ways.
const scenario = await runScenario(prisma, { scenario: 'delivery-partners', leadProviderId: ambition, cohortStartYear: 2024, now: tick(), names });
const in2025 = await partner([[ambition, [2025]]]);
const sharedUnequally = await partner([[ambition, [2023]], [capita, [2021, 2024, 2025]]]);
const ended = await partner([[ambition, [2024]]]);
await prisma.providerRelationship.updateMany({ where: { deliveryPartnerId: ended.id }, data: { discardedAt: new Date() } });
const partlyEnded = await partner([[ambition, [2022, 2024]]]);
await prisma.providerRelationship.updateMany({ where: { deliveryPartnerId: partlyEnded.id, cohortId: cohorts.get(2022)! }, data: { discardedAt: new Date() } });
const unrelated = await partner([]);

const url = '/api/v3/delivery-partners';
type Item = { id: string; type: string; attributes: { name: string; cohort: string[]; created_at: string; updated_at: string } };

async function get(path: string, as = token) {
  const response = await api.request({ method: 'GET', url: path, token: as });
  return { status: response.statusCode, body: JSON.parse(response.body) };
}
const list = async (query = '', as = token) => (await get(`${url}?page[per_page]=3000${query ? `&${query}` : ''}`, as)).body.data as Item[];

await t.test('behaviours', async (t) => {
  await tokenAuthenticatedEndpoint(t, { api, url, token });
  await paginatedEndpoint(t, { api, url, token }, { minimumItems: 5 });
  await rejectsNonHashFilter(t, { api, url, token });
  await unknownIdIsNotFound(t, { api, url: `${url}/:id`, token });
  await sortableEndpoint(t, { api, url, token }, { timestamps: (item) => ({ updated_at: item.attributes.updated_at as string }) });
});

await t.test('a provider sees only the delivery partners it works with', async (t) => {
  const ids = (await list()).map((item) => item.id);
  t.same(new Set(ids), new Set([scenario.twoCohorts, scenario.shared, in2025.id, sharedUnequally.id, partlyEnded.id]));
  for (const hidden of [scenario.otherProvidersOnly!, unrelated.id, ended.id]) {
    t.notOk(ids.includes(hidden), `not ${hidden}`);
    t.equal((await get(`${url}/${hidden}`)).status, 404, 'and cannot show it');
  }
  const capitas = (await list('', capitaToken)).map((item) => item.id);
  t.same(capitas, [sharedUnequally.id], 'Capita sees its own');
  const bestPractice = (await list('', bestPracticeToken)).map((item) => item.id);
  t.same(new Set(bestPractice), new Set([scenario.shared, scenario.otherProvidersOnly]), 'and so does every provider');
  t.equal((await get(`${url}/${in2025.id}`, capitaToken)).status, 404, "Capita cannot show Ambition's");
});

await t.test('the cohort attribute: every cohort the partner works with this provider in', async (t) => {
  const shown = async (id: string, as = token) => (await get(`${url}/${id}`, as)).body.data as Item;
  const twoCohorts = await shown(scenario.twoCohorts!);
  const stored = await prisma.deliveryPartner.findUniqueOrThrow({ where: { id: scenario.twoCohorts! } });
  t.same(twoCohorts, {
    id: stored.id,
    type: 'delivery-partner',
    attributes: {
      name: stored.name,
      cohort: ['2023', '2024'],
      created_at: `${stored.createdAt.toISOString().slice(0, 19)}Z`,
      updated_at: `${stored.updatedAt.toISOString().slice(0, 19)}Z`,
    },
  });
  t.same((await shown(sharedUnequally.id)).attributes.cohort, ['2023'], "only this provider's cohorts");
  t.same((await shown(sharedUnequally.id, capitaToken)).attributes.cohort, ['2021', '2024', '2025'], 'sorted, for the other provider its own');
  t.same((await shown(partlyEnded.id)).attributes.cohort, ['2024'], 'an ended relationship is not a cohort');
  const filtered = (await list('filter[cohort]=2024')).find((item) => item.id === scenario.twoCohorts);
  t.same(filtered?.attributes.cohort, ['2023', '2024'], 'the cohort filter chooses partners, not the cohorts shown');
});

await t.test('filters by cohort', async (t) => {
  const ids = async (query: string) => new Set((await list(query)).map((item) => item.id));
  t.same(await ids('filter[cohort]=2025'), new Set([in2025.id]));
  t.same(await ids('filter[cohort]=2023,2025'), new Set([scenario.twoCohorts, in2025.id, sharedUnequally.id]));
  t.same(await ids('filter[cohort]=2022'), new Set(), 'an ended relationship does not match');
  t.same(await ids('filter[cohort]=1999'), new Set(), 'an unknown year matches nothing');
  t.same(await ids('filter[cohort]=2024'), new Set([scenario.twoCohorts, scenario.shared, partlyEnded.id]));
});

await t.test('default order is creation, ascending', async (t) => {
  const items = await list();
  const keys = items.map((item) => `${item.attributes.created_at} ${item.id}`);
  t.same(keys, [...keys].sort());
  const reversed = (await list('sort=-created_at')).map((item) => item.id);
  t.same(reversed, items.map((item) => item.id).reverse(), '-created_at is the exact reverse');
});
