import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { NameSource, partneredSchool, type ScenarioContext } from '../../prisma/seed/scenarios.ts';
import { runCommand } from '../../src/admin/run.ts';
import { registerParticipant } from '../../src/domain/participants/registration.ts';
import { challengeDeadline } from '../../src/domain/partnerships/report.ts';
import { createSchool } from '../../src/domain/schools/service.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const names = new NameSource('ad', 500000);
const ambition = await api.providerId('Ambition Institute');
const capita = await api.providerId('Capita');
const token = await api.tokenFor('Ambition Institute');
const admin = (...argv: string[]) => runCommand(prisma, argv);
let clock = Date.now() - 3600_000;
const tick = () => new Date((clock += 1000));

function context(cohortStartYear = 2024, leadProviderId = ambition): ScenarioContext {
  return { db: prisma, now: tick(), leadProviderId, otherLeadProviderId: capita, cohortStartYear, names };
}

async function get(url: string) {
  const response = await api.request({ method: 'GET', url, token });
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

await t.test('the challenge deadline: two months into the academic year, or 14 days, whichever is later', async (t) => {
  const start = new Date('2024-09-01T00:00:00Z');
  t.equal(challengeDeadline(start, new Date('2024-06-01T10:00:00Z')).toISOString(), '2024-10-31T00:00:00.000Z', 'before term: 31 October');
  t.equal(challengeDeadline(start, new Date('2024-10-16T23:00:00Z')).toISOString(), '2024-10-31T00:00:00.000Z', 'exactly 14 days before: still 31 October');
  t.equal(challengeDeadline(start, new Date('2024-10-20T09:30:00Z')).toISOString(), '2024-11-03T09:30:00.000Z', 'later: 14 days on');
});

await t.test('partnerships challenge', async (t) => {
  const { school, partnership } = await partneredSchool(context());
  const ect = await registerParticipant(prisma, { schoolId: school.id, cohortStartYear: 2024, participantType: 'ect', ...names.person(), now: tick() });
  const mentor = await registerParticipant(prisma, { schoolId: school.id, cohortStartYear: 2024, participantType: 'mentor', ...names.person(), now: tick() });
  const before = await prisma.user.findMany({ where: { id: { in: [ect.userId, mentor.userId] } } });
  const sinceBefore = encodeURIComponent(new Date().toISOString());
  t.equal((await get(`/api/v3/participants/ecf/${ect.userId}`)).status, 200);

  const missing = await admin('partnerships', 'challenge', '--partnership', partnership.id);
  t.same(missing, { exitCode: 1, stdout: '', stderr: '--reason is required\n' });
  const badReason = await admin('partnerships', 'challenge', '--partnership', partnership.id, '--reason', 'bored');
  t.equal(badReason.exitCode, 1);
  t.equal(badReason.stderr, 'Unknown challenge reason "bored" (one of: another_provider, not_confirmed, do_not_recognise, no_ects, mistake)\n');
  t.equal((await admin('partnerships', 'challenge', '--partnership', 'nope', '--reason', 'mistake')).stderr, 'No partnership nope\n');
  t.equal((await admin('partnerships', 'challenge', '--partnership', '00000000-0000-4000-8000-000000000000', '--reason', 'mistake')).exitCode, 1);
  t.equal((await admin('partnerships', 'challenge', '--partnership', partnership.id, '--reason', 'mistake', '--bogus')).exitCode, 1, 'unknown flags are refused');

  const done = await admin('partnerships', 'challenge', '--partnership', partnership.id, '--reason', 'do_not_recognise');
  t.equal(done.exitCode, 0, done.stderr);
  t.match(done.stdout, new RegExp(`^challenged ${partnership.id} \\(do_not_recognise\\) at \\d{4}-`));
  const stored = await prisma.partnership.findUniqueOrThrow({ where: { id: partnership.id } });
  t.equal(stored.challengeReason, 'do_not_recognise');
  t.ok(stored.challengedAt);
  t.ok(stored.updatedAt > partnership.updatedAt, "the partnership's updated_at moves");
  const after = await prisma.user.findMany({ where: { id: { in: [ect.userId, mentor.userId] } } });
  for (const user of after) {
    t.ok(user.updatedAt > before.find((b) => b.id === user.id)!.updatedAt, "each participant's updated_at moves");
  }
  t.equal((await get(`/api/v3/participants/ecf/${ect.userId}`)).status, 404, 'the ECT is hidden from the provider');
  t.equal((await get(`/api/v3/participants/ecf/${mentor.userId}`)).status, 404, 'and the mentor');
  t.equal((await get(`/api/v1/participants/ecf/${ect.userId}`)).status, 404, 'in every version');
  const synced = (await get(`/api/v3/participants/ecf?filter[updated_since]=${sinceBefore}`)).body.data as { id: string }[];
  t.notOk(synced.some((item) => item.id === ect.userId), 'an incremental sync no longer lists them either');

  const again = await admin('partnerships', 'challenge', '--partnership', partnership.id, '--reason', 'mistake');
  t.equal(again.exitCode, 1);
  t.match(again.stderr, /^The partnership was already challenged \(do_not_recognise\) on \d{4}-\d\d-\d\d\n$/);

  const listed = await admin('partnerships', 'list', '--lead-provider', 'Ambition Institute', '--cohort', '2024');
  t.match(listed.stdout, `${partnership.id}  2024  ${school.urn} ${school.name}`);
  t.match(listed.stdout, 'challenged (do_not_recognise)');
});

await t.test('a school may challenge only until the deadline; DfE at any time', async (t) => {
  const { partnership } = await partneredSchool(context());
  await prisma.partnership.update({ where: { id: partnership.id }, data: { challengeDeadline: new Date(Date.now() - 86_400_000) } });
  const late = await admin('partnerships', 'challenge', '--partnership', partnership.id, '--reason', 'mistake');
  t.equal(late.exitCode, 1);
  t.match(late.stderr, /^The school can no longer challenge this partnership: its challenge deadline was \d{4}-\d\d-\d\d \(DfE can still challenge it\)\n$/);
  t.equal((await prisma.partnership.findUniqueOrThrow({ where: { id: partnership.id } })).challengeReason, null, 'nothing changed');
  const byDfe = await admin('partnerships', 'challenge', '--partnership', partnership.id, '--reason', 'mistake', '--by-dfe');
  t.equal(byDfe.exitCode, 0, byDfe.stderr);
  t.equal((await get(`/api/v3/partnerships/ecf/${partnership.id}`)).body.data.attributes.status, 'challenged');
});

await t.test('a "no ECTs" challenge records that the school has none this cohort', async (t) => {
  const { school, partnership } = await partneredSchool(context(2025));
  t.equal((await admin('partnerships', 'challenge', '--partnership', partnership.id, '--reason', 'no_ects')).exitCode, 0);
  const schoolCohort = await prisma.schoolCohort.findFirstOrThrow({ where: { schoolId: school.id, cohort: { startYear: 2025 } } });
  t.equal(schoolCohort.inductionProgrammeChoice, 'no_early_career_teachers');
  t.equal(schoolCohort.defaultInductionProgrammeId, null, 'with no default programme');
  const shown = (await get(`/api/v3/schools/ecf/${school.id}?filter[cohort]=2025`)).body.data;
  t.equal(shown.attributes.induction_programme_choice, 'no_early_career_teachers');
  t.equal(shown.attributes.in_partnership, false);

  // The provider confirms again: provider-led, back on its old programme.
  const programme = await prisma.inductionProgramme.findFirstOrThrow({ where: { partnershipId: partnership.id } });
  const response = await api.request({
    method: 'POST',
    url: '/api/v3/partnerships/ecf',
    token,
    payload: { data: { type: 'ecf-partnership', attributes: { cohort: '2025', school_id: school.id, delivery_partner_id: partnership.deliveryPartnerId } } },
  });
  t.equal(response.statusCode, 200);
  const restored = await prisma.schoolCohort.findUniqueOrThrow({ where: { id: schoolCohort.id } });
  t.equal(restored.inductionProgrammeChoice, 'full_induction_programme');
  t.equal(restored.defaultInductionProgrammeId, programme.id, 'the old programme is the default again');
});

await t.test('schools confirm-programme', async (t) => {
  const school = await createSchool(prisma, { ...names.school(), now: tick() });
  const shown = async () => (await get(`/api/v3/schools/ecf/${school.id}?filter[cohort]=2025`)).body.data.attributes;
  t.equal((await shown()).induction_programme_choice, 'not_yet_known');
  const before = await shown();
  const byUrn = await admin('schools', 'confirm-programme', '--school', school.urn, '--cohort', '2025', '--choice', 'school_led');
  t.equal(byUrn.exitCode, 0, byUrn.stderr);
  t.equal(byUrn.stdout, `${school.urn} ${school.name}: 2025 programme core_induction_programme\n`);
  const after = await shown();
  t.equal(after.induction_programme_choice, 'school_led');
  t.ok(after.updated_at >= before.updated_at);
  t.equal((await admin('schools', 'confirm-programme', '--school', school.id, '--cohort', '2025', '--choice', 'provider_led')).exitCode, 0, 'by id');
  t.equal((await shown()).induction_programme_choice, 'provider_led');
  t.equal((await admin('schools', 'confirm-programme', '--school', school.id, '--cohort', '2025', '--choice', 'no_early_career_teachers')).exitCode, 0);
  t.equal((await shown()).induction_programme_choice, 'no_early_career_teachers');

  const badChoice = await admin('schools', 'confirm-programme', '--school', school.id, '--cohort', '2025', '--choice', 'whatever');
  t.equal(badChoice.exitCode, 1);
  t.match(badChoice.stderr, /^Unknown induction programme choice "whatever" \(one of: provider_led, school_led, no_early_career_teachers, not_yet_known/);
  t.same(await admin('schools', 'confirm-programme', '--school', '999999999', '--cohort', '2025', '--choice', 'school_led'), {
    exitCode: 1,
    stdout: '',
    stderr: 'No school "999999999" (give its id or URN)\n',
  });
  t.equal((await admin('schools', 'confirm-programme', '--school', school.id, '--cohort', '1999', '--choice', 'school_led')).stderr, 'No 1999 cohort\n');
  t.equal((await admin('schools', 'confirm-programme', '--school', school.id, '--choice', 'school_led')).stderr, '--cohort is required\n');

  // A school that had a provider last year: once it confirms, a provider can confirm it for this one.
  const lastYear = await partneredSchool(context(2024, capita));
  const post = () =>
    api.request({
      method: 'POST',
      url: '/api/v3/partnerships/ecf',
      token,
      payload: { data: { attributes: { cohort: 2025, school_id: lastYear.school.id, delivery_partner_id: dp2025 } } },
    });
  const created = await admin('delivery-partners', 'create', '--name', 'Confirm Hub', '--lead-provider', 'Ambition Institute', '--cohort', '2025');
  const dp2025 = created.stdout.split(/\s+/)[0]!;
  t.equal(JSON.parse((await post()).body).errors[0].title, 'school_id', 'refused before the school confirms');
  await admin('schools', 'confirm-programme', '--school', lastYear.school.urn, '--cohort', '2025', '--choice', 'provider_led');
  t.equal((await post()).statusCode, 200, 'accepted after');
});

await t.test('delivery-partners create and relate', async (t) => {
  const created = await admin('delivery-partners', 'create', '--name', '  North Star Hub ');
  t.equal(created.exitCode, 0, created.stderr);
  const [id, ...name] = created.stdout.trim().split(/\s+/);
  t.equal(name.join(' '), 'North Star Hub');
  t.equal((await get(`/api/v3/delivery-partners/${id}`)).status, 404, 'not yet related to anyone');

  const related = await admin('delivery-partners', 'relate', '--delivery-partner', 'north star hub', '--lead-provider', 'Ambition Institute', '--cohort', '2024,2025');
  t.equal(related.exitCode, 0, related.stderr);
  t.equal(related.stdout, 'North Star Hub works with Ambition Institute in 2024\nNorth Star Hub works with Ambition Institute in 2025\n');
  const shown = (await get(`/api/v3/delivery-partners/${id}`)).body.data;
  t.same(shown.attributes.cohort, ['2024', '2025']);
  t.equal((await admin('delivery-partners', 'relate', '--delivery-partner', id!, '--lead-provider', 'Ambition Institute', '--cohort', '2024')).exitCode, 0, 'relating again is harmless');
  t.equal(await prisma.providerRelationship.count({ where: { deliveryPartnerId: id! } }), 2);

  await prisma.providerRelationship.updateMany({ where: { deliveryPartnerId: id! }, data: { discardedAt: new Date() } });
  t.equal((await get(`/api/v3/delivery-partners/${id}`)).status, 404, 'an ended relationship hides it');
  await admin('delivery-partners', 'relate', '--delivery-partner', id!, '--lead-provider', 'Ambition Institute', '--cohort', '2025');
  t.same((await get(`/api/v3/delivery-partners/${id}`)).body.data.attributes.cohort, ['2025'], 'relating again restores it');

  // Now a partnership can name it.
  const school = await createSchool(prisma, { ...names.school(), now: tick() });
  const partnership = await api.request({
    method: 'POST',
    url: '/api/v3/partnerships/ecf',
    token,
    payload: { data: { attributes: { cohort: '2025', school_id: school.id, delivery_partner_id: id } } },
  });
  t.equal(partnership.statusCode, 200);

  const withRelation = await admin('delivery-partners', 'create', '--name', 'Two Cohort Hub', '--lead-provider', 'capita', '--cohort', '2023,2024');
  t.equal(withRelation.exitCode, 0, withRelation.stderr);
  t.match(withRelation.stdout, /works with Capita in 2023\n.*works with Capita in 2024\n$/s);

  t.equal((await admin('delivery-partners', 'create', '--name', ' ')).stderr, '--name is required\n');
  t.equal((await admin('delivery-partners', 'create', '--name', 'X', '--lead-provider', 'Capita')).stderr, '--cohort is required with --lead-provider\n');
  t.equal((await admin('delivery-partners', 'relate', '--delivery-partner', 'Nobody', '--lead-provider', 'Capita', '--cohort', '2024')).stderr, 'No delivery partner "Nobody"\n');
  t.equal((await admin('delivery-partners', 'relate', '--delivery-partner', id!, '--lead-provider', 'Nobody', '--cohort', '2024')).exitCode, 1);
  t.equal((await admin('delivery-partners', 'relate', '--delivery-partner', id!, '--lead-provider', 'Capita', '--cohort', '2019')).stderr, 'No 2019 cohort\n');
  await admin('delivery-partners', 'create', '--name', 'Twin Hub');
  await admin('delivery-partners', 'create', '--name', 'Twin Hub');
  t.equal((await admin('delivery-partners', 'relate', '--delivery-partner', 'Twin Hub', '--lead-provider', 'Capita', '--cohort', '2024')).stderr, 'More than one delivery partner is called "Twin Hub": use its id\n');
});
