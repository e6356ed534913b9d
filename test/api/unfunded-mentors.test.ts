// v3 unfunded mentors: mentors of the provider's ECTs whom the provider does not train.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { registerParticipant } from '../../src/domain/participants/registration.ts';
import { assignMentor } from '../../src/domain/participants/school-side.ts';
import { filtersByUpdatedSince } from '../behaviours/updated-since.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { rejectsNonHashFilter } from '../behaviours/non-hash-filter.ts';
import { sortableEndpoint } from '../behaviours/sortable.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { unknownIdIsNotFound } from '../behaviours/unknown-id.ts';

const api = await buildTestApi(t, { RATE_LIMIT_MAX: 1_000_000 });
const prisma = api.database.prisma;
const names = new NameSource('um');
const providers = await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
const [first, second] = providers as [typeof providers[0], typeof providers[0]];
const token = await api.tokenFor(first.name);
const secondToken = await api.tokenFor(second.name);
const runNamed = scenarioRunner(prisma, names);

async function scenario(name: string, leadProviderId = first.id) {
  return runNamed(name, leadProviderId);
}

const unfunded = [await scenario('unfunded-mentor'), await scenario('unfunded-mentor'), await scenario('unfunded-mentor')];
const funded = await scenario('ect-with-mentor');
const theirs = await scenario('ect-with-mentor', second.id);

const url = '/api/v3/unfunded-mentors/ecf';
type Item = { id: string; type: string; attributes: Record<string, unknown> };

async function get(path: string, as = token) {
  const response = await api.request({ method: 'GET', url: path, token: as });
  return { status: response.statusCode, body: response.statusCode === 200 ? JSON.parse(response.body) : response.body };
}
const listIds = async (as = token) => ((await get(`${url}?page[per_page]=3000`, as)).body.data as Item[]).map((item) => item.id);

await tokenAuthenticatedEndpoint(t, { api, url, token });
await paginatedEndpoint(t, { api, url, token }, { minimumItems: 3 });
await rejectsNonHashFilter(t, { api, url, token });
await unknownIdIsNotFound(t, { api, url: `${url}/:id`, token });
await sortableEndpoint(t, { api, url, token }, { timestamps: (item) => ({ updated_at: item.attributes.updated_at as string }) });
await filtersByUpdatedSince(t, { api, url, token }, {
  touch: async () => {
    // Re-assigning an existing unfunded mentor to another ECT is a change to the mentor.
    const { ect } = await scenario('ect-without-mentor');
    await prisma.$transaction((db) => assignMentor(db, { ectUserId: ect!, mentorUserId: unfunded[0]!.unfundedMentor!, now: new Date() }));
    return unfunded[0]!.unfundedMentor!;
  },
});

await t.test('lists the mentors of this provider\'s ECTs trained elsewhere, and only them', async (t) => {
  const ids = await listIds();
  for (const item of unfunded) t.ok(ids.includes(item.unfundedMentor!), 'an unfunded mentor is listed');
  t.notOk(ids.includes(funded.mentor!), 'a mentor this provider trains is not');
  t.notOk(ids.includes(funded.ect!), 'nor an ECT');
  t.notOk(ids.includes(theirs.mentor!), 'nor another provider\'s own mentor');
  const theirIds = await listIds(secondToken);
  t.notOk(theirIds.some((id) => unfunded.some((u) => u.unfundedMentor === id)), 'the mentor\'s own provider does not list them');
});

await t.test('shows one mentor with the DfE attributes', async (t) => {
  const mentorId = unfunded[1]!.unfundedMentor!;
  const user = await prisma.user.findUniqueOrThrow({ where: { id: mentorId }, include: { teacherProfile: true, identities: true } });
  const { body } = await get(`${url}/${mentorId}`);
  t.same(body.data, {
    id: mentorId,
    type: 'unfunded-mentor',
    attributes: {
      full_name: user.fullName,
      email: user.identities[0]!.email,
      teacher_reference_number: user.teacherProfile!.trn,
      created_at: `${user.createdAt.toISOString().slice(0, 19)}Z`,
      updated_at: `${user.updatedAt.toISOString().slice(0, 19)}Z`,
    },
  });
  t.equal((await get(`${url}/${funded.mentor}`)).status, 404, 'a funded mentor is not found');
  t.equal((await get(`${url}/${mentorId}`, secondToken)).status, 404, 'nor by the mentor\'s own provider');
});

await t.test('someone who is an ECT here and a mentor elsewhere is an unfunded mentor too', async (t) => {
  const { ect, school } = await scenario('ect-without-mentor');
  const { school: elsewhere } = await scenario('ect-without-mentor', second.id);
  const person = await prisma.user.findUniqueOrThrow({ where: { id: ect! } });
  const { mentorProfileId } = await prisma.$transaction(async (db) => {
    const mentor = await registerParticipant(db, {
      schoolId: elsewhere!, cohortStartYear: 2024, participantType: 'mentor', fullName: person.fullName,
      email: `mentor.${person.email}`, userId: ect!, now: new Date(),
    });
    return { mentorProfileId: mentor.profileId };
  });
  const { ect: mentee } = await scenario('ect-without-mentor');
  await prisma.$transaction((db) => assignMentor(db, { ectUserId: mentee!, mentorUserId: ect!, now: new Date() }));
  t.ok((await listIds()).includes(ect!), `listed (mentor registration ${mentorProfileId}, school ${school})`);
  t.equal((await get(`${url}/${ect}`)).body.data.attributes.email, `mentor.${person.email}`, 'with the mentor registration\'s email');
});

await t.test('a mentor replaced on the ECT\'s latest record drops out', async (t) => {
  const { ect, unfundedMentor } = await scenario('unfunded-mentor');
  t.ok((await listIds()).includes(unfundedMentor!));
  const { mentor: ownMentor } = await scenario('ect-with-mentor');
  await prisma.$transaction((db) => assignMentor(db, { ectUserId: ect!, mentorUserId: ownMentor!, now: new Date() }));
  t.notOk((await listIds()).includes(unfundedMentor!));
  t.equal((await get(`${url}/${unfundedMentor}`)).status, 404);
});

await t.test('assigning a mentor moves the mentor\'s updated_at', async (t) => {
  const { unfundedMentor } = await scenario('unfunded-mentor');
  const before = (await get(`${url}/${unfundedMentor}`)).body.data.attributes.updated_at as string;
  const { ect } = await scenario('ect-without-mentor');
  const at = new Date(Date.now() + 60_000);
  await prisma.$transaction((db) => assignMentor(db, { ectUserId: ect!, mentorUserId: unfundedMentor!, now: at }));
  const after = (await get(`${url}/${unfundedMentor}`)).body.data.attributes.updated_at as string;
  t.not(after, before);
  t.equal(after, `${at.toISOString().slice(0, 19)}Z`);
});

await t.test('sorted by created_at by default, either direction', async (t) => {
  const byDefault = ((await get(`${url}?page[per_page]=3000`)).body.data as Item[]).map((item) => item.attributes.created_at as string);
  t.same(byDefault, [...byDefault].sort());
  const asc = (await get(`${url}?page[per_page]=3000&sort=created_at`)).body.data as Item[];
  const desc = (await get(`${url}?page[per_page]=3000&sort=-created_at`)).body.data as Item[];
  t.same(desc.map((item) => item.id), asc.map((item) => item.id).reverse());
});

await t.test('a challenged partnership hides its ECTs\' mentors', async (t) => {
  const { school, unfundedMentor } = await scenario('unfunded-mentor');
  const partnership = await prisma.partnership.findFirstOrThrow({ where: { schoolId: school!, leadProviderId: first.id } });
  const { participantsChanged, usersUnderPartnerships } = await import('../../src/domain/participants/visibility.ts');
  await prisma.$transaction(async (db) => {
    await db.partnership.update({ where: { id: partnership.id }, data: { challengedAt: new Date(), challengeReason: 'mistake' } });
    await participantsChanged(db, await usersUnderPartnerships(db, [partnership.id]), new Date());
  });
  t.notOk((await listIds()).includes(unfundedMentor!));
});
