import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { NameSource, partneredSchool, type ScenarioContext } from '../../prisma/seed/scenarios.ts';
import { runCommand } from '../../src/admin/run.ts';
import { registerParticipant } from '../../src/domain/participants/registration.ts';
import { reportPartnership } from '../../src/domain/partnerships/report.ts';
import { createDeliveryPartner, relateDeliveryPartner } from '../../src/domain/delivery-partners/service.ts';
import { createSchool, setInductionProgrammeChoice, type NewSchool } from '../../src/domain/schools/service.ts';
import { filtersByUpdatedSince } from '../behaviours/updated-since.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { rejectsNonHashFilter } from '../behaviours/non-hash-filter.ts';
import { sortableEndpoint } from '../behaviours/sortable.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { unknownIdIsNotFound } from '../behaviours/unknown-id.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const names = new NameSource('ps', 200000);
const ambition = await api.providerId('Ambition Institute');
const capita = await api.providerId('Capita');
const token = await api.tokenFor('Ambition Institute');
const capitaToken = await api.tokenFor('Capita');
const cohort2023 = await prisma.cohort.findUniqueOrThrow({ where: { startYear: 2023 } });
const cohort2024 = await prisma.cohort.findUniqueOrThrow({ where: { startYear: 2024 } });
const cohort2025 = await prisma.cohort.findUniqueOrThrow({ where: { startYear: 2025 } });
let clock = Date.now() - 3600_000;
const tick = () => new Date((clock += 1000));

const url = '/api/v3/partnerships/ecf';
const messages = {
  cohortMissing: "Enter a '#/cohort'.",
  cohortInvalid: "The '#/cohort' you have entered is invalid. Check cohort details and try again.",
  schoolMissing: "Enter a '#/school_id'.",
  schoolInvalid:
    "The '#/school_id' you have entered is invalid. Check school details and try again. Contact the DfE for support if you are unable to find the '#/school_id'.",
  cipOnly: 'The school you have entered has not registered to deliver DfE-funded training. Contact the school for more information.',
  ineligible: 'The school you have entered is currently ineligible for DfE funding. Contact the school for more information.',
  alreadyConfirmed: 'You are already in a confirmed partnership with this school for the entered cohort.',
  otherProvider: 'Another provider is in a confirmed partnership with the school for the cohort you entered. Contact the school for more information.',
  notYetConfirmed: 'The school you have entered has not yet confirmed they will deliver DfE-funded training. Contact the school for more information.',
  dpMissing: "Enter a '#/delivery_partner_id'.",
  dpInvalid: "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and try again.",
  noRelationship:
    'The entered delivery partner is not recognised to be working in partnership with you for the given cohort. Contact the DfE for more information.',
  challenged:
    'Your update cannot be made as this partnership has been challenged by the school. If this partnership has been challenged in error, submit a new partnership confirmation using the endpoint POST /api/v3/partnerships/ecf.',
  duplicate:
    'We are unable to process this request. You are already confirmed to be in partnership with the entered delivery partner. Contact the DfE for support.',
};

function context(leadProviderId = ambition, cohortStartYear = 2024): ScenarioContext {
  return { db: prisma, now: tick(), leadProviderId, otherLeadProviderId: leadProviderId === ambition ? capita : ambition, cohortStartYear, names };
}

async function newSchool(facts: Partial<NewSchool> = {}) {
  return createSchool(prisma, { ...names.school(), inductionTutorName: 'Ada Tutor', inductionTutorEmail: `tutor.${names.person().email}`, now: tick(), ...facts });
}

async function newDeliveryPartner(relations: [string, string[]][]) {
  const partner = await createDeliveryPartner(prisma, { name: `${names.school().name} Hub`, now: tick() });
  for (const [leadProviderId, cohortIds] of relations) {
    for (const cohortId of cohortIds) await relateDeliveryPartner(prisma, { leadProviderId, deliveryPartnerId: partner.id, cohortId, now: tick() });
  }
  return partner;
}

type Item = { id: string; type: string; attributes: Record<string, unknown> };

async function send(method: 'POST' | 'PUT' | 'PATCH' | 'GET', path: string, payload?: unknown, as = token, headers: Record<string, string> = {}) {
  const response = await api.request({ method, url: path, token: as, payload: payload as object, headers });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
}

const post = (attributes: unknown, as = token, headers: Record<string, string> = {}) =>
  send('POST', url, { data: { type: 'ecf-partnership', attributes } }, as, headers);
const put = (id: string, attributes: unknown, as = token) => send('PUT', `${url}/${id}`, { data: { type: 'ecf-partnership-update', attributes } }, as);
const errors = (...items: [string, string][]) => ({ errors: items.map(([title, detail]) => ({ title, detail })) });

// Delivery partners: one Ambition works with in 2024 and 2025, one in 2023 only, one only Capita's.
const hub = await newDeliveryPartner([[ambition, [cohort2024.id, cohort2025.id]]]);
const hub2 = await newDeliveryPartner([[ambition, [cohort2024.id]]]);
const only2023 = await newDeliveryPartner([[ambition, [cohort2023.id]]]);
const hub2025 = await newDeliveryPartner([[ambition, [cohort2025.id]]]);
const capitasPartner = await newDeliveryPartner([[capita, [cohort2024.id]]]);

// Existing partnerships to list (Ambition: several cohorts; Capita: one).
const listed: string[] = [];
for (const year of [2023, 2024, 2024, 2025, 2025]) listed.push((await partneredSchool(context(ambition, year))).partnership.id);
const capitaOwn = await partneredSchool(context(capita, 2024));

await t.test('list, show and the behaviours every list has', async (t) => {
  await tokenAuthenticatedEndpoint(t, { api, url, token });
  await tokenAuthenticatedEndpoint(t, { api, url, token, method: 'POST', body: { data: { attributes: {} } } });
  await tokenAuthenticatedEndpoint(t, { api, url: `${url}/${listed[0]}`, token, method: 'PUT', body: { data: { attributes: {} } } });
  await paginatedEndpoint(t, { api, url, token }, { minimumItems: 5 });
  await rejectsNonHashFilter(t, { api, url, token });
  await unknownIdIsNotFound(t, { api, url: `${url}/:id`, token });
  await unknownIdIsNotFound(t, { api, url: `${url}/:id`, token, method: 'PUT', body: { data: { attributes: { delivery_partner_id: hub.id } } } });
  await sortableEndpoint(t, { api, url, token }, { timestamps: (item) => ({ updated_at: item.attributes.updated_at as string }) });
  await filtersByUpdatedSince(t, { api, url, token }, {
    // A delivery partner's change shows on its partnerships.
    touch: async () => {
      const partnership = await prisma.partnership.findUniqueOrThrow({ where: { id: listed[1]! } });
      await prisma.deliveryPartner.update({ where: { id: partnership.deliveryPartnerId }, data: { updatedAt: new Date() } });
      return partnership.id;
    },
  });

  const all = (await send('GET', `${url}?page[per_page]=3000`)).body.data as Item[];
  const ids = all.map((item) => item.id);
  t.ok(listed.every((id) => ids.includes(id)), 'every own partnership is listed');
  t.notOk(ids.includes(capitaOwn.partnership.id), "another provider's partnership is not");
  t.same(ids, [...ids].sort((a, b) => {
    const [x, y] = [all.find((i) => i.id === a)!, all.find((i) => i.id === b)!];
    return String(x.attributes.created_at).localeCompare(String(y.attributes.created_at)) || a.localeCompare(b);
  }), 'default order is created_at ascending');
  t.equal((await send('GET', `${url}/${capitaOwn.partnership.id}`)).status, 404, "another provider's partnership is not found");
  t.equal((await send('GET', `${url}/${capitaOwn.partnership.id}`, undefined, capitaToken)).status, 200, 'its own provider sees it');

  const shown = (await send('GET', `${url}/${listed[1]}`)).body.data as Item;
  t.same(shown, all.find((item) => item.id === listed[1]), 'show gives the list item');
});

await t.test('filters by cohort and delivery partner', async (t) => {
  const cohorts = async (query: string) => ((await send('GET', `${url}?${query}&page[per_page]=3000`)).body.data as Item[]).map((item) => item.attributes.cohort);
  t.same(new Set(await cohorts('filter[cohort]=2025')), new Set(['2025']));
  t.same(new Set(await cohorts('filter[cohort]=2023,2025')), new Set(['2023', '2025']));
  t.same(await cohorts('filter[cohort]=1999'), [], 'an unknown year matches nothing');
  const partnership = await prisma.partnership.findUniqueOrThrow({ where: { id: listed[0]! } });
  const byPartner = (await send('GET', `${url}?filter[delivery_partner_id]=${partnership.deliveryPartnerId},not-a-uuid`)).body.data as Item[];
  t.ok(byPartner.length > 0 && byPartner.every((item) => item.attributes.delivery_partner_id === partnership.deliveryPartnerId));
  t.same((await send('GET', `${url}?filter[delivery_partner_id]=not-a-uuid`)).body.data, [], 'a malformed id matches nothing');
});

await t.test('every validation, with its exact message, stacking across attributes', async (t) => {
  const eligible = await newSchool();
  t.same(await post({}), { status: 422, body: errors(['cohort', messages.cohortMissing], ['school_id', messages.schoolMissing], ['delivery_partner_id', messages.dpMissing]) }, 'all three missing');
  t.same((await send('POST', url, { data: { type: 'ecf-partnership' } })).body, errors(['cohort', messages.cohortMissing], ['school_id', messages.schoolMissing], ['delivery_partner_id', messages.dpMissing]), 'no attributes at all');
  t.same((await post('a string')).status, 422, 'attributes that are not an object count as none');
  t.same((await post({ cohort: ' ', school_id: ['x'], delivery_partner_id: { id: hub.id } })).body, errors(['cohort', messages.cohortMissing], ['school_id', messages.schoolMissing], ['delivery_partner_id', messages.dpMissing]), 'blank and structured values count as absent');
  t.same((await send('POST', url, { nothing: true })).body, errors(['Bad request', 'correct json data structure required. See API docs for reference']), 'no data: 400');

  // Presence errors come first, then the cohort, school and delivery partner rules (the DfE order).
  t.same((await post({ cohort: '1999', delivery_partner_id: hub.id })).body, errors(
    ['school_id', messages.schoolMissing],
    ['cohort', messages.cohortInvalid],
    ['delivery_partner_id', messages.noRelationship],
  ), 'an unknown cohort leaves the delivery partner unrelated');
  t.same((await post({ cohort: 'twenty', school_id: eligible.id, delivery_partner_id: hub.id })).body, errors(['cohort', messages.cohortInvalid], ['delivery_partner_id', messages.noRelationship]));
  t.same((await post({ cohort: 2024, school_id: '00000000-0000-4000-8000-000000000000', delivery_partner_id: 'nope' })).body, errors(['school_id', messages.schoolInvalid], ['delivery_partner_id', messages.dpInvalid]), 'unknown and malformed ids');
  t.same((await post({ cohort: 2024, school_id: 'nope', delivery_partner_id: '00000000-0000-4000-8000-000000000000' })).body, errors(['school_id', messages.schoolInvalid], ['delivery_partner_id', messages.dpInvalid]));

  const cipOnly = await newSchool({ schoolTypeCode: 10 });
  const closed = await newSchool({ schoolStatusCode: 2 });
  const welsh = await newSchool({ administrativeDistrictCode: 'W06000015' });
  t.same((await post({ cohort: '2024', school_id: cipOnly.id, delivery_partner_id: hub.id })).body, errors(['school_id', messages.cipOnly]), 'an independent school is school-led only');
  t.same((await post({ cohort: '2024', school_id: closed.id, delivery_partner_id: hub.id })).body, errors(['school_id', messages.ineligible]), 'a closed school is not funded');
  t.same((await post({ cohort: '2024', school_id: welsh.id, delivery_partner_id: hub.id })).body, errors(['school_id', messages.ineligible]), 'a school outside England is not funded');
  t.same((await post({ cohort: '2024', school_id: cipOnly.id, delivery_partner_id: only2023.id })).body, errors(['school_id', messages.cipOnly], ['delivery_partner_id', messages.noRelationship]), 'school and delivery partner failures stack');

  const mine = await partneredSchool(context(ambition, 2024));
  t.same((await post({ cohort: '2024', school_id: mine.school.id, delivery_partner_id: hub.id })).body, errors(['school_id', messages.alreadyConfirmed]));
  t.same((await post({ cohort: '2024', school_id: capitaOwn.school.id, delivery_partner_id: hub.id })).body, errors(['school_id', messages.otherProvider]));

  // Partnered (with anyone) last year: the school must set up this cohort first.
  const lastYear = await partneredSchool(context(capita, 2023));
  t.same((await post({ cohort: '2024', school_id: lastYear.school.id, delivery_partner_id: hub.id })).body, errors(['school_id', messages.notYetConfirmed]));
  await setInductionProgrammeChoice(prisma, lastYear.school.id, cohort2024.id, 'core_induction_programme', tick());
  const afterChoice = await post({ cohort: '2024', school_id: lastYear.school.id, delivery_partner_id: hub.id });
  t.equal(afterChoice.status, 200, 'once the school has chosen (even school-led), a provider can confirm it');
  const choice = await send('GET', `/api/v3/schools/ecf/${lastYear.school.id}?filter[cohort]=2024`);
  t.equal(choice.body.data.attributes.induction_programme_choice, 'provider_led', 'confirming makes the school provider-led');

  t.same((await post({ cohort: '2024', school_id: eligible.id, delivery_partner_id: only2023.id })).body, errors(['delivery_partner_id', messages.noRelationship]), 'related in another cohort only');
  t.same((await post({ cohort: '2024', school_id: eligible.id, delivery_partner_id: capitasPartner.id })).body, errors(['delivery_partner_id', messages.noRelationship]), "another provider's delivery partner");
  const discarded = await newDeliveryPartner([[ambition, [cohort2024.id]]]);
  await prisma.providerRelationship.updateMany({ where: { deliveryPartnerId: discarded.id }, data: { discardedAt: new Date() } });
  t.same((await post({ cohort: '2024', school_id: eligible.id, delivery_partner_id: discarded.id })).body, errors(['delivery_partner_id', messages.noRelationship]), 'an ended relationship does not count');

  t.equal(await prisma.partnership.count({ where: { schoolId: eligible.id } }), 0, 'nothing was written by a refused request');
});

await t.test('create, then update, as the contract shows them', async (t) => {
  const school = await newSchool();
  const now = new Date('2024-10-20T09:30:00Z');
  const created = await post({ cohort: 2024, school_id: school.id.toUpperCase(), delivery_partner_id: hub.id }, token, { 'x-with-server-date': now.toISOString() });
  t.equal(created.status, 200);
  const item = created.body.data as Item;
  t.equal(item.type, 'partnership');
  t.same(item.attributes, {
    cohort: '2024',
    urn: school.urn,
    school_id: school.id,
    delivery_partner_id: hub.id,
    delivery_partner_name: hub.name,
    status: 'active',
    challenged_reason: null,
    challenged_at: null,
    induction_tutor_name: 'Ada Tutor',
    induction_tutor_email: school.inductionTutorEmail,
    created_at: '2024-10-20T09:30:00Z',
    updated_at: item.attributes.updated_at,
  });
  const partner = await prisma.deliveryPartner.findUniqueOrThrow({ where: { id: hub.id } });
  const latest = [school.updatedAt, partner.updatedAt, now].sort((a, b) => b.getTime() - a.getTime())[0]!;
  t.equal(item.attributes.updated_at, `${latest.toISOString().slice(0, 19)}Z`, 'updated_at is the latest of partnership, school and delivery partner');
  const stored = await prisma.partnership.findUniqueOrThrow({ where: { id: item.id } });
  t.equal(stored.challengeDeadline!.toISOString(), '2024-11-03T09:30:00.000Z', 'challenge deadline: now + 14 days when later than 31 October');
  t.equal((await send('GET', `${url}/${item.id}`)).body.data.attributes.status, 'active');

  const ect = await registerParticipant(prisma, { schoolId: school.id, cohortStartYear: 2024, participantType: 'ect', ...names.person(), now: tick() });
  const before = (await send('GET', `/api/v3/participants/ecf/${ect.userId}`)).body.data;
  t.equal(before.attributes.ecf_enrolments[0].delivery_partner_id, hub.id);
  const userBefore = await prisma.user.findUniqueOrThrow({ where: { id: ect.userId } });

  t.same(await put(item.id, {}), { status: 422, body: errors(['delivery_partner_id', messages.dpMissing]) });
  t.same(await put(item.id, { delivery_partner_id: 'nope' }), { status: 422, body: errors(['delivery_partner_id', messages.dpInvalid]) });
  t.same(await put(item.id, { delivery_partner_id: only2023.id }), { status: 422, body: errors(['delivery_partner_id', messages.noRelationship]) });
  t.same(await put(item.id, { delivery_partner_id: capitasPartner.id }), { status: 422, body: errors(['delivery_partner_id', messages.noRelationship]) });

  const same = await put(item.id, { delivery_partner_id: hub.id });
  t.equal(same.status, 200);
  t.same(same.body, created.body, 'the same delivery partner changes nothing');

  const updated = await put(item.id, { delivery_partner_id: hub2.id });
  t.equal(updated.status, 200);
  t.equal(updated.body.data.id, item.id, 'the same partnership');
  t.equal(updated.body.data.attributes.delivery_partner_id, hub2.id);
  t.equal(updated.body.data.attributes.delivery_partner_name, hub2.name);
  t.ok(updated.body.data.attributes.updated_at >= (item.attributes.updated_at as string), 'updated_at never goes back');
  t.ok((await prisma.partnership.findUniqueOrThrow({ where: { id: item.id } })).updatedAt > stored.updatedAt, "the partnership's own updated_at moves");
  const after = (await send('GET', `/api/v3/participants/ecf/${ect.userId}`)).body.data;
  t.equal(after.attributes.ecf_enrolments[0].delivery_partner_id, hub2.id, "its participants' delivery partner follows");
  const userAfter = await prisma.user.findUniqueOrThrow({ where: { id: ect.userId } });
  t.ok(userAfter.updatedAt > userBefore.updatedAt, 'and their updated_at moves, so a sync sees it');

  const patched = await send('PATCH', `${url}/${item.id}`, { data: { attributes: { delivery_partner_id: hub.id } } });
  t.equal(patched.status, 200, 'PATCH is served as PUT');
  t.equal(patched.body.data.attributes.delivery_partner_id, hub.id);
  t.equal((await send('PUT', `${url}/${item.id}`, { data: { attributes: { delivery_partner_id: hub2.id } } }, capitaToken)).status, 404, "another provider cannot change it");
  t.same((await send('PUT', `${url}/${item.id}`, { attributes: { delivery_partner_id: hub2.id } })).status, 400, 'a body without data is a 400');
});

await t.test('update refuses a delivery partner already linked to the school by a relationship partnership', async (t) => {
  const { school, partnership } = await partneredSchool(context(ambition, 2024));
  const link = await reportPartnership(prisma, { schoolId: school.id, cohortId: cohort2024.id, leadProviderId: ambition, deliveryPartnerId: hub2.id, relationship: true, now: tick() });
  t.same(await put(partnership.id, { delivery_partner_id: hub2.id }), { status: 422, body: errors(['delivery_partner_id', messages.duplicate]) });
  t.equal((await send('GET', `${url}/${link.id}`)).status, 404, 'relationship partnerships are not shown');
  t.equal((await put(link.id, { delivery_partner_id: hub.id })).status, 404, 'nor changed');
  const ids = ((await send('GET', `${url}?page[per_page]=3000`)).body.data as Item[]).map((item) => item.id);
  t.notOk(ids.includes(link.id), 'nor listed');
});

await t.test('a relationship partnership becomes the real one when the provider confirms that delivery partner', async (t) => {
  const school = await newSchool();
  const link = await reportPartnership(prisma, { schoolId: school.id, cohortId: cohort2024.id, leadProviderId: ambition, deliveryPartnerId: hub.id, relationship: true, now: tick() });
  const confirmed = await post({ cohort: '2024', school_id: school.id, delivery_partner_id: hub.id });
  t.equal(confirmed.status, 200);
  t.equal(confirmed.body.data.id, link.id, 'the link is converted, not duplicated');
});

await t.test('create → list → update → school challenges → update refused → participants hidden → re-POST restores', async (t) => {
  const school = await newSchool();
  const created = await post({ cohort: '2025', school_id: school.id, delivery_partner_id: hub.id });
  t.equal(created.status, 200);
  const id = created.body.data.id as string;
  const listedNow = ((await send('GET', `${url}?filter[cohort]=2025&page[per_page]=3000`)).body.data as Item[]).map((item) => item.id);
  t.ok(listedNow.includes(id), 'listed');
  const ect = await registerParticipant(prisma, { schoolId: school.id, cohortStartYear: 2025, participantType: 'ect', ...names.person(), now: tick() });
  t.equal((await send('GET', `/api/v3/participants/ecf/${ect.userId}`)).status, 200, 'its ECT is visible');
  const userBefore = await prisma.user.findUniqueOrThrow({ where: { id: ect.userId } });

  await new Promise((resolve) => setTimeout(resolve, 5));
  const challenge = await runCommand(prisma, ['partnerships', 'challenge', '--partnership', id, '--reason', 'not_confirmed']);
  t.equal(challenge.exitCode, 0, challenge.stderr);

  const challenged = (await send('GET', `${url}/${id}`)).body.data as Item;
  t.equal(challenged.attributes.status, 'challenged');
  t.equal(challenged.attributes.challenged_reason, 'not_confirmed');
  t.match(challenged.attributes.challenged_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'challenged_at has milliseconds');
  t.ok((challenged.attributes.updated_at as string) >= (created.body.data.attributes.updated_at as string));
  const all = ((await send('GET', `${url}?page[per_page]=3000`)).body.data as Item[]).map((item) => item.id);
  t.ok(all.includes(id), 'a challenged partnership is still listed');

  t.same(await put(id, { delivery_partner_id: hub2025.id }), { status: 422, body: errors(['delivery_partner_id', messages.challenged]) }, 'update refused');
  t.same(await put(id, { delivery_partner_id: hub.id }), { status: 422, body: errors(['delivery_partner_id', messages.challenged]) }, 'even with the same delivery partner');
  t.equal((await send('GET', `/api/v3/participants/ecf/${ect.userId}`)).status, 404, 'its ECT is hidden');
  const userAfter = await prisma.user.findUniqueOrThrow({ where: { id: ect.userId } });
  t.ok(userAfter.updatedAt > userBefore.updatedAt, "the ECT's updated_at moved with the challenge");
  const school2025 = (await send('GET', `/api/v3/schools/ecf/${school.id}?filter[cohort]=2025`)).body.data as Item;
  t.equal(school2025.attributes.in_partnership, false, 'the school is no longer partnered');

  const again = await post({ cohort: '2025', school_id: school.id, delivery_partner_id: hub.id });
  t.equal(again.status, 200, 're-POST accepted');
  t.equal(again.body.data.id, id, 'the same partnership is reused');
  t.equal(again.body.data.attributes.status, 'active');
  t.equal(again.body.data.attributes.challenged_reason, null);
  t.equal(again.body.data.attributes.challenged_at, null);
  t.equal(await prisma.partnership.count({ where: { schoolId: school.id } }), 1, 'no second record');
  const visible = await send('GET', `/api/v3/participants/ecf/${ect.userId}`);
  t.equal(visible.status, 200, 'its ECT is visible again');
  t.equal(visible.body.data.attributes.ecf_enrolments[0].delivery_partner_id, hub.id);
  t.equal((await put(id, { delivery_partner_id: hub2025.id })).status, 200, 'and it can be updated again');

  // A re-confirmation may also name another delivery partner.
  const { partnership: second } = await partneredSchool(context(ambition, 2024));
  await runCommand(prisma, ['partnerships', 'challenge', '--partnership', second.id, '--reason', 'mistake']);
  const otherPartner = await post({ cohort: '2024', school_id: second.schoolId, delivery_partner_id: hub2.id });
  t.equal(otherPartner.body.data.id, second.id);
  t.equal(otherPartner.body.data.attributes.delivery_partner_id, hub2.id);
});

await t.test('after a challenge another provider may confirm the school', async (t) => {
  const { school, partnership } = await partneredSchool(context(capita, 2024));
  t.same((await post({ cohort: '2024', school_id: school.id, delivery_partner_id: hub.id })).body, errors(['school_id', messages.otherProvider]));
  await runCommand(prisma, ['partnerships', 'challenge', '--partnership', partnership.id, '--reason', 'another_provider']);
  const mine = await post({ cohort: '2024', school_id: school.id, delivery_partner_id: hub.id });
  t.equal(mine.status, 200);
  t.not(mine.body.data.id, partnership.id, 'a partnership of its own');
  t.equal((await send('GET', `${url}/${partnership.id}`, undefined, capitaToken)).body.data.attributes.status, 'challenged', "Capita's stays challenged");
});

await t.test('two providers confirming one school at the same moment: exactly one wins', async (t) => {
  const school = await newSchool();
  const capitaPartner2024 = await newDeliveryPartner([[capita, [cohort2024.id]]]);
  const [a, b] = await Promise.all([
    post({ cohort: '2024', school_id: school.id, delivery_partner_id: hub.id }),
    post({ cohort: '2024', school_id: school.id, delivery_partner_id: capitaPartner2024.id }, capitaToken),
  ]);
  t.same([a.status, b.status].sort(), [200, 422]);
  const loser = a.status === 422 ? a : b;
  t.same(loser.body, errors(['school_id', messages.otherProvider]));
  t.equal(await prisma.partnership.count({ where: { schoolId: school.id } }), 1);
  await setInductionProgrammeChoice(prisma, school.id, cohort2025.id, 'full_induction_programme', tick());
  const repeat = await Promise.all([1, 2, 3].map(() => post({ cohort: '2025', school_id: school.id, delivery_partner_id: hub.id })));
  t.same(repeat.map((r) => r.status).sort(), [200, 422, 422], 'repeats by one provider: one partnership');
});
