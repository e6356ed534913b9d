import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { runScenario } from '../../prisma/seed/sandbox.ts';
import { NameSource, partneredSchool, type ScenarioContext } from '../../prisma/seed/scenarios.ts';
import { challengePartnership } from '../../src/domain/partnerships/challenge.ts';
import { reportPartnership } from '../../src/domain/partnerships/report.ts';
import { createSchool, setInductionProgrammeChoice } from '../../src/domain/schools/service.ts';
import { filtersByUpdatedSince } from '../behaviours/updated-since.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { sortableEndpoint } from '../behaviours/sortable.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { unknownIdIsNotFound } from '../behaviours/unknown-id.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const names = new NameSource('sc', 300000);
const ambition = await api.providerId('Ambition Institute');
const capita = await api.providerId('Capita');
const token = await api.tokenFor('Ambition Institute');
const capitaToken = await api.tokenFor('Capita');
const cohort2024 = await prisma.cohort.findUniqueOrThrow({ where: { startYear: 2024 } });
const cohort2025 = await prisma.cohort.findUniqueOrThrow({ where: { startYear: 2025 } });
let clock = Date.now() - 3600_000;
const tick = () => new Date((clock += 1000));

function context(leadProviderId = ambition, cohortStartYear = 2024): ScenarioContext {
  return { db: prisma, now: tick(), leadProviderId, otherLeadProviderId: leadProviderId === ambition ? capita : ambition, cohortStartYear, names };
}

// Schools in every state for 2024 (the sandbox scenario), a few plain ones to page through.
const states = await runScenario(prisma, { scenario: 'schools-in-every-state', leadProviderId: ambition, cohortStartYear: 2024, now: tick(), names });
const challenged = await runScenario(prisma, { scenario: 'challenged-partnership', leadProviderId: ambition, cohortStartYear: 2024, now: tick(), names });
for (let i = 0; i < 3; i += 1) await createSchool(prisma, { ...names.school(), now: tick() });

const url = '/api/v3/schools/ecf';
const missingCohort = { errors: [{ title: 'Bad parameter', detail: "The filter '#/cohort' must be included in your request" }] };
type Item = { id: string; type: string; attributes: Record<string, unknown> };

async function get(path: string, as = token) {
  const response = await api.request({ method: 'GET', url: path, token: as });
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

const list = async (query = 'filter[cohort]=2024') => (await get(`${url}?${query}&page[per_page]=3000`)).body.data as Item[];

await t.test('behaviours of a cohort-scoped list', async (t) => {
  const scoped = `${url}?filter[cohort]=2024`;
  await tokenAuthenticatedEndpoint(t, { api, url: scoped, token });
  await paginatedEndpoint(t, { api, url: scoped, token }, { minimumItems: 8 });
  await unknownIdIsNotFound(t, { api, url: `${url}/:id?filter[cohort]=2024`, token });
  await sortableEndpoint(t, { api, url: scoped, token }, { timestamps: (item) => ({ updated_at: item.attributes.updated_at as string }) });
  await filtersByUpdatedSince(t, { api, url: scoped, token }, {
    // The school's record for the cohort changing is enough.
    touch: async () => {
      await setInductionProgrammeChoice(prisma, states.unpartnered!, cohort2024.id, 'design_our_own', new Date());
      return states.unpartnered!;
    },
  });
  await t.test('refuses a filter that is not a hash', async (t) => {
    const response = await get(`${url}?filter=2024`);
    t.same(response, { status: 400, body: { errors: [{ title: 'Bad parameter', detail: 'Filter must be a hash' }] } });
  });
});

await t.test('filter[cohort] is required, on the list and on show', async (t) => {
  for (const path of [url, `${url}?filter[urn]=100001`, `${url}?filter[cohort]=`, `${url}?filter[cohort]=%20`, `${url}/${states.unpartnered}`, `${url}/${states.unpartnered}?filter[urn]=1`, `${url}/${states.unpartnered}?filter[cohort]=`]) {
    t.same(await get(path), { status: 400, body: missingCohort }, path);
  }
  t.same((await get(`${url}?filter[cohort]=1999`)).body, { data: [] }, 'an unknown cohort lists nothing');
  t.same((await get(`${url}?filter[cohort]=soon`)).body, { data: [] }, 'nor does a value that is not a year');
  t.equal((await get(`${url}/${states.unpartnered}?filter[cohort]=1999`)).status, 404, 'and shows nothing');
});

await t.test('lists schools a provider could partner with, and partnered ones', async (t) => {
  const ids = (await list()).map((item) => item.id);
  t.ok(ids.includes(states.unpartnered!), 'an eligible school');
  t.ok(ids.includes(states.schoolLed!), 'a school that chose school-led training');
  t.ok(ids.includes(states.noEcts!), 'a school with no ECTs');
  t.ok(ids.includes(states.partneredElsewhere!), "a school partnered with another provider");
  t.ok(ids.includes(states.closedPartnered!), 'a closed school that is still partnered this cohort');
  t.notOk(ids.includes(states.cipOnly!), 'not a school registered only for school-led training');
  t.notOk(ids.includes(states.closed!), 'not a closed school');
  t.equal((await get(`${url}/${states.cipOnly}?filter[cohort]=2024`)).status, 404, 'show agrees');

  // Ineligible schools are listed only through an unchallenged, non-relationship partnership.
  const closedChallenged = await partneredSchool(context(ambition, 2024));
  await prisma.school.update({ where: { id: closedChallenged.school.id }, data: { eligible: false, schoolStatusCode: 2 } });
  t.ok((await list()).some((item) => item.id === closedChallenged.school.id), 'closed but partnered: listed');
  await challengePartnership(prisma, { partnershipId: closedChallenged.partnership.id, reason: 'mistake', now: tick() });
  t.notOk((await list()).some((item) => item.id === closedChallenged.school.id), 'closed and challenged: not listed');
  const closedLinked = await createSchool(prisma, { ...names.school(), schoolStatusCode: 2, now: tick() });
  const partner = await prisma.partnership.findUniqueOrThrow({ where: { id: closedChallenged.partnership.id } });
  await reportPartnership(prisma, { schoolId: closedLinked.id, cohortId: cohort2024.id, leadProviderId: ambition, deliveryPartnerId: partner.deliveryPartnerId, relationship: true, now: tick() });
  t.notOk((await list()).some((item) => item.id === closedLinked.id), 'closed with only a relationship link: not listed');
  const closed2025 = (await list('filter[cohort]=2025')).map((item) => item.id);
  t.notOk(closed2025.includes(states.closedPartnered!), 'the closed school is not listed for a cohort it has no partnership in');
  t.ok(closed2025.includes(states.unpartnered!), 'eligible schools are listed for every cohort');

  const sameForEveryone = (await list()).map((item) => item.id);
  const capitas = ((await get(`${url}?filter[cohort]=2024&page[per_page]=3000`, capitaToken)).body.data as Item[]).map((item) => item.id);
  t.same(capitas, sameForEveryone, 'every provider sees the same schools');
});

await t.test('every attribute, relative to the cohort asked for', async (t) => {
  const shown = async (id: string, year = 2024) => (await get(`${url}/${id}?filter[cohort]=${year}`)).body.data as Item;
  const school = await prisma.school.findUniqueOrThrow({ where: { id: states.unpartnered! } });
  const item = await shown(school.id, 2025);
  t.same(item, {
    id: school.id,
    type: 'school',
    attributes: {
      name: school.name,
      urn: school.urn,
      cohort: '2025',
      in_partnership: false,
      induction_programme_choice: 'not_yet_known',
      created_at: `${school.createdAt.toISOString().slice(0, 19)}Z`,
      updated_at: `${school.updatedAt.toISOString().slice(0, 19)}Z`,
    },
  }, 'a school with nothing recorded for the cohort');
  t.same((await list('filter[cohort]=2025')).find((entry) => entry.id === school.id), item, 'the list shows the same');

  t.equal((await shown(states.schoolLed!)).attributes.induction_programme_choice, 'school_led');
  t.equal((await shown(states.noEcts!)).attributes.induction_programme_choice, 'no_early_career_teachers');
  const elsewhere = await shown(states.partneredElsewhere!);
  t.equal(elsewhere.attributes.in_partnership, true, 'partnered (with any provider)');
  t.equal(elsewhere.attributes.induction_programme_choice, 'provider_led');
  t.equal(elsewhere.attributes.cohort, '2024');
  const challengedSchool = await shown(challenged.school!);
  t.equal(challengedSchool.attributes.in_partnership, false, 'a challenged partnership does not count');
  const noEctsChallenge = await shown(challenged.noEctsSchool!);
  t.equal(noEctsChallenge.attributes.induction_programme_choice, 'no_early_career_teachers', 'a "no ECTs" challenge records no ECTs');

  const linked = await createSchool(prisma, { ...names.school(), now: tick() });
  const partnership = await prisma.partnership.findFirstOrThrow({ where: { schoolId: states.partneredElsewhere! } });
  await reportPartnership(prisma, { schoolId: linked.id, cohortId: cohort2024.id, leadProviderId: capita, deliveryPartnerId: partnership.deliveryPartnerId, relationship: true, now: tick() });
  t.equal((await shown(linked.id)).attributes.in_partnership, true, 'a relationship link counts as a partnership');

  // updated_at: the later of the school and its record for the cohort.
  const in2024 = (await shown(school.id, 2024)).attributes.updated_at;
  const later = new Date(Date.now() + 60_000);
  await setInductionProgrammeChoice(prisma, school.id, cohort2025.id, 'full_induction_programme', later);
  const after = await shown(school.id, 2025);
  t.equal(after.attributes.updated_at, `${later.toISOString().slice(0, 19)}Z`);
  t.equal(after.attributes.induction_programme_choice, 'provider_led');
  t.equal((await shown(school.id, 2024)).attributes.updated_at, in2024, 'other cohorts are unaffected');
});

await t.test('filters by URN', async (t) => {
  const school = await prisma.school.findUniqueOrThrow({ where: { id: states.schoolLed! } });
  const found = await list(`filter[cohort]=2024&filter[urn]=${school.urn}`);
  t.same(found.map((item) => item.id), [school.id]);
  t.same(await list('filter[cohort]=2024&filter[urn]=000000'), []);
  const cipOnly = await prisma.school.findUniqueOrThrow({ where: { id: states.cipOnly! } });
  t.same(await list(`filter[cohort]=2024&filter[urn]=${cipOnly.urn}`), [], 'the URN filter narrows the set, never widens it');
});

await t.test('default order is creation, ascending', async (t) => {
  const items = await list();
  const created = items.map((item) => item.attributes.created_at as string);
  t.same(created, [...created].sort());
  const reversed = ((await get(`${url}?filter[cohort]=2024&sort=-created_at&page[per_page]=3000`)).body.data as Item[]).map((item) => item.id);
  t.same(reversed, items.map((item) => item.id).reverse(), '-created_at is the exact reverse');
});
