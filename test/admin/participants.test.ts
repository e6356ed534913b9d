// The school and DfE side of participants in the admin CLI: each command does its job through the
// domain services the API uses (the API then shows it), prints the ids, and refuses bad input with
// one clear line.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { runCommand } from '../../src/admin/run.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import type { Tap } from '../behaviours/endpoint.ts';

const api = await buildTestApi(t, { RATE_LIMIT_MAX: 1_000_000 });
const prisma = api.database.prisma;
const names = new NameSource('adm');
const providers = await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
const [first, second] = providers as [typeof providers[0], typeof providers[0]];
const token = await api.tokenFor(first.name);
const secondToken = await api.tokenFor(second.name);
const runNamed = scenarioRunner(prisma, names);

async function scenario(name: string, leadProviderId = first.id) {
  return runNamed(name, leadProviderId);
}
const urnOf = async (schoolId: string) => (await prisma.school.findUniqueOrThrow({ where: { id: schoolId } })).urn;

async function admin(...argv: string[]) {
  return runCommand(prisma, argv);
}

async function get(path: string, as = token) {
  const response = await api.request({ method: 'GET', url: path, token: as });
  return { status: response.statusCode, body: response.statusCode === 200 ? JSON.parse(response.body) : response.body };
}

/** Refused with exit code 1 and exactly one line saying why. */
async function refused(t: Tap, argv: string[], message: RegExp) {
  const result = await admin(...argv);
  t.equal(result.exitCode, 1, `${argv.join(' ')}: exit code 1`);
  t.equal(result.stdout, '');
  t.equal(result.stderr.trimEnd().split('\n').length, 1, 'one line');
  t.match(result.stderr, message);
}

const idLine = (stdout: string, label: string) => new RegExp(`${label}: ([0-9a-f-]{36})`).exec(stdout)?.[1];

const { school } = await scenario('ect-without-mentor');
const urn = await urnOf(school!);

await t.test('participants register', async (t) => {
  const ect = await admin('participants', 'register', '--school', urn, '--cohort', '2024', '--type', 'ect', '--name', 'Asha Patel', '--email', 'Asha.Patel@example.com', '--trn', '1234567');
  t.equal(ect.exitCode, 0, ect.stderr);
  const ectId = idLine(ect.stdout, 'participant_id')!;
  t.ok(ectId, 'prints the participant id');
  t.ok(idLine(ect.stdout, 'training_record_id'), 'and the training record id');
  const shown = (await get(`/api/v3/participants/ecf/${ectId}`)).body.data;
  t.equal(shown.attributes.full_name, 'Asha Patel');
  t.equal(shown.attributes.teacher_reference_number, '1234567');
  t.match(shown.attributes.ecf_enrolments, [{ email: 'asha.patel@example.com', participant_type: 'ect', cohort: '2024', school_urn: urn, training_record_id: idLine(ect.stdout, 'training_record_id') }]);

  const mentor = await admin('participants', 'register', '--school', school!, '--cohort', '2024', '--type', 'mentor', '--name', 'Ben Okafor', '--email', 'ben.okafor@example.com');
  t.equal(mentor.exitCode, 0, mentor.stderr);
  const mentorId = idLine(mentor.stdout, 'participant_id')!;
  const mentee = await admin('participants', 'register', '--school', urn, '--cohort', '2024', '--type', 'ect', '--name', 'Cara Lee', '--email', 'cara.lee@example.com', '--mentor', mentorId, '--schedule', 'ecf-standard-january');
  t.equal(mentee.exitCode, 0, mentee.stderr);
  const menteeShown = (await get(`/api/v1/participants/ecf/${idLine(mentee.stdout, 'participant_id')}`)).body.data.attributes;
  t.equal(menteeShown.mentor_id, mentorId, 'registered with a mentor');
  t.equal(menteeShown.schedule_identifier, 'ecf-standard-january');

  const role = await admin('participants', 'register', '--school', urn, '--cohort', '2024', '--type', 'mentor', '--name', 'Asha Patel', '--email', 'mentor.asha@example.com', '--participant', ectId);
  t.equal(role.exitCode, 0, role.stderr);
  t.equal(idLine(role.stdout, 'participant_id'), ectId, 'an ECT becoming a mentor keeps their participant id');
  t.equal((await get(`/api/v3/participants/ecf/${ectId}`)).body.data.attributes.ecf_enrolments.length, 2);

  const base = ['participants', 'register', '--school', urn, '--cohort', '2024', '--type', 'ect', '--name', 'Dee Ray', '--email', 'dee.ray@example.com'];
  const without = (flag: string) => {
    const args = [...base];
    args.splice(args.indexOf(flag), 2);
    return args;
  };
  await refused(t, without('--school'), /^--school is required/);
  await refused(t, without('--email'), /^--email is required/);
  await refused(t, without('--type'), /^--type is required/);
  await refused(t, [...base.slice(0, 3), '999999999', ...base.slice(4)], /^No school with URN or id "999999999"/);
  await refused(t, [...base, '--trn', '12ab'], /^--trn must be 7 digits/);
  await refused(t, [...base.slice(0, -1), 'not-an-email'], /^--email must be an email address/);
  await refused(t, [...base.slice(0, 5), '24', ...base.slice(6)], /^--cohort must be a year/);
  await refused(t, [...base.slice(0, 7), 'teacher', ...base.slice(8)], /^--type must be ect or mentor/);
  await refused(t, [...base.slice(0, -1), 'asha.patel@example.com'], /already registered/);
  await refused(t, [...base, '--schedule', 'ecf-standard-july'], /^Unknown schedule ecf-standard-july/);
  await refused(t, [...base.slice(0, 5), '2025', ...base.slice(6)], /no induction programme for the 2025 cohort/);
  await refused(t, [...base, '--mentor', idLine(mentee.stdout, 'participant_id')!], /has no active mentor registration/);
  await refused(t, [...base, '--colour', 'blue'], /Unknown option '--colour'/);
  t.notOk(await prisma.user.findUnique({ where: { email: 'dee.ray@example.com' } }), 'nothing was half-written');
});

await t.test('participants assign-mentor', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const { mentor } = await scenario('ect-with-mentor');
  const result = await admin('participants', 'assign-mentor', '--ect', ect!, '--mentor', mentor!);
  t.equal(result.exitCode, 0, result.stderr);
  t.match(result.stdout, new RegExp(`assigned mentor ${mentor} to ECT ${ect}`));
  t.equal((await get(`/api/v2/participants/ecf/${ect}`)).body.data.attributes.mentor_id, mentor);
  await refused(t, ['participants', 'assign-mentor', '--ect', mentor!, '--mentor', mentor!], /has no active ect registration/);
  await refused(t, ['participants', 'assign-mentor', '--ect', ect!, '--mentor', ect!], /has no active mentor registration/);
  await refused(t, ['participants', 'assign-mentor', '--ect', 'abc', '--mentor', mentor!], /^--ect must be a participant id/);
  await refused(t, ['participants', 'assign-mentor', '--ect', ect!], /^--mentor is required/);
});

await t.test('participants transfer: leaving, then joining another provider\'s school', async (t) => {
  const { ect, school: ownSchool } = await scenario('ect-without-mentor');
  const { school: newSchool } = await scenario('ect-without-mentor', second.id);
  const newUrn = await urnOf(newSchool!);
  await refused(t, ['participants', 'transfer', '--participant', ect!], /^A leaving date is needed/);
  await refused(t, ['participants', 'transfer', '--participant', ect!, '--leaving-date', '2026-02-30'], /^--leaving-date must be a date/);
  await refused(t, ['participants', 'transfer', '--participant', ect!, '--leaving-date', '2026-12-01', '--to-school', newUrn], /^--joining-date is required/);
  await refused(t, ['participants', 'transfer', '--participant', ect!, '--leaving-date', '2026-12-01', '--joining-date', '2026-12-02'], /need --to-school/);
  await refused(t, ['participants', 'transfer', '--participant', ect!, '--leaving-date', '2026-12-01', '--to-school', await urnOf(ownSchool!), '--joining-date', '2026-12-02'], /^The new school is the school the participant is leaving/);

  const leaving = new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10);
  const joining = new Date(Date.now() + 6 * 86400_000).toISOString().slice(0, 10);
  const left = await admin('participants', 'transfer', '--participant', ect!, '--leaving-date', leaving);
  t.equal(left.exitCode, 0, left.stderr);
  t.match(left.stdout, /leaving induction_record_id: [0-9a-f-]{36}/);
  t.match((await get(`/api/v3/participants/ecf/${ect}/transfers`)).body.data.attributes.transfers, [{ transfer_type: 'unknown', leaving: { date: leaving } }]);
  await refused(t, ['participants', 'transfer', '--participant', ect!, '--leaving-date', leaving], /already reported as leaving/);

  const joined = await admin('participants', 'transfer', '--participant', ect!, '--to-school', newUrn, '--joining-date', joining);
  t.equal(joined.exitCode, 0, joined.stderr);
  t.match(joined.stdout, /joining induction_record_id: [0-9a-f-]{36}/);
  const expected = [{ transfer_type: 'new_provider', status: 'incomplete', leaving: { date: leaving, provider: first.name }, joining: { date: joining, school_urn: newUrn, provider: second.name } }];
  t.match((await get(`/api/v3/participants/ecf/${ect}/transfers`)).body.data.attributes.transfers, expected, 'the old provider sees the transfer');
  t.match((await get(`/api/v3/participants/ecf/${ect}/transfers`, secondToken)).body.data.attributes.transfers, expected, 'and so does the new one');
  t.equal((await get(`/api/v3/participants/ecf/${ect}`, secondToken)).body.data.attributes.ecf_enrolments[0].participant_status, 'joining');
});

await t.test('participants transfer --keep-provider', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const { school: newSchool } = await scenario('ect-without-mentor', second.id);
  const result = await admin('participants', 'transfer', '--participant', ect!, '--leaving-date', '2026-01-31', '--to-school', newSchool!, '--joining-date', '2026-02-01', '--keep-provider');
  t.equal(result.exitCode, 0, result.stderr);
  const transfers = (await get(`/api/v3/participants/ecf/${ect}/transfers`)).body.data.attributes.transfers;
  t.match(transfers, [{ transfer_type: 'new_school', status: 'complete', joining: { provider: first.name, school_urn: await urnOf(newSchool!) } }]);
  const enrolment = (await get(`/api/v3/participants/ecf/${ect}`)).body.data.attributes.ecf_enrolments[0];
  t.equal(enrolment.school_urn, await urnOf(newSchool!), 'still this provider\'s participant, at the new school');
  t.equal(enrolment.participant_status, 'active');
});

await t.test('participants eligibility', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const result = await admin('participants', 'eligibility', '--participant', ect!, '--status', 'manual_check', '--reason', 'different_trn');
  t.equal(result.exitCode, 0, result.stderr);
  t.match(result.stdout, /training_record_id: [0-9a-f-]{36}/);
  const shown = (await get(`/api/v1/participants/ecf/${ect}`)).body.data.attributes;
  t.equal(shown.eligible_for_funding, null);
  t.equal(shown.teacher_reference_number_validated, false, 'a different TRN is not validated');
  t.equal((await admin('participants', 'eligibility', '--participant', ect!, '--status', 'eligible')).exitCode, 0);
  t.equal((await get(`/api/v1/participants/ecf/${ect}`)).body.data.attributes.eligible_for_funding, true);
  await refused(t, ['participants', 'eligibility', '--participant', ect!, '--status', 'maybe'], /^--status must be one of/);
  await refused(t, ['participants', 'eligibility', '--participant', ect!, '--status', 'eligible', '--reason', 'vibes'], /^--reason must be one of/);
  const { participant: both } = await scenario('ect-and-mentor');
  await refused(t, ['participants', 'eligibility', '--participant', both!, '--status', 'eligible'], /both an ECT and a mentor/);
  t.equal((await admin('participants', 'eligibility', '--participant', both!, '--type', 'mentor', '--status', 'ineligible')).exitCode, 0);

  const { manualCheck } = await scenario('funding-unconfirmed');
  const posted = await api.request({
    method: 'POST',
    url: '/api/v3/participant-declarations',
    token,
    payload: { data: { type: 'participant-declaration', attributes: { participant_id: manualCheck, declaration_type: 'started', declaration_date: '2024-10-01T10:00:00Z', course_identifier: 'ecf-induction' } } },
  });
  const declaration = JSON.parse(posted.body).data;
  t.equal(declaration.attributes.state, 'submitted', 'a declaration for a participant not yet fundable stays submitted');
  t.equal(declaration.attributes.statement_id, null);
  const madeEligible = await admin('participants', 'eligibility', '--participant', manualCheck!, '--status', 'eligible');
  t.match(madeEligible.stdout, new RegExp(`declarations made eligible: ${declaration.id}`));
  const after = JSON.parse((await api.request({ method: 'GET', url: `/api/v3/participant-declarations/${declaration.id}`, token })).body).data.attributes;
  t.equal(after.state, 'eligible', 'becoming fundable makes submitted declarations eligible');
  t.ok(after.statement_id, 'and puts them on the current output statement');
});

await t.test('participants merge', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const { mentor: duplicate } = await scenario('withdrawn');
  const result = await admin('participants', 'merge', '--from', duplicate!, '--into', ect!);
  t.equal(result.exitCode, 0, result.stderr);
  t.match(result.stdout, new RegExp(`participant_id_change: ${duplicate} -> ${ect}`));
  const person = (await get(`/api/v3/participants/ecf/${ect}`)).body.data;
  t.match(person.attributes.participant_id_changes, [{ from_participant_id: duplicate, to_participant_id: ect }]);
  t.equal((await get(`/api/v3/participants/ecf?filter[from_participant_id]=${duplicate}`)).body.data[0].id, ect);
  t.equal((await get(`/api/v3/participants/ecf/${duplicate}`)).status, 404, 'the retired id no longer shows a participant (as in the DfE service)');
  const resumed = await api.request({
    method: 'PUT', url: `/api/v3/participants/ecf/${duplicate}/resume`, token,
    payload: { data: { attributes: { course_identifier: 'ecf-mentor' } } },
  });
  t.equal(resumed.statusCode, 200, 'but an action sent with it still reaches the registration');
  t.equal(JSON.parse(resumed.body).data.id, ect);
  await refused(t, ['participants', 'merge', '--from', duplicate!, '--into', ect!], /nothing left to merge/);
  await refused(t, ['participants', 'merge', '--from', ect!, '--into', ect!], /cannot be merged into itself/);
  await refused(t, ['participants', 'merge', '--from', '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', '--into', ect!], /^No participant 9b1deb4d/);
});

await t.test('participants withdraw (the school side)', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const result = await admin('participants', 'withdraw', '--participant', ect!);
  t.equal(result.exitCode, 0, result.stderr);
  t.match(result.stdout, new RegExp(`the school withdrew participant ${ect}`));
  t.equal((await get(`/api/v1/participants/ecf/${ect}`)).body.data.attributes.status, 'withdrawn');
  t.equal((await get(`/api/v3/participants/ecf/${ect}`)).body.data.attributes.ecf_enrolments[0].participant_status, 'withdrawn');
  await refused(t, ['participants', 'withdraw', '--participant', ect!], /has no active registration/);
  await refused(t, ['participants', 'withdraw', '--participant', ect!, '--type', 'teacher'], /^--type must be ect or mentor/);
});

await t.test('usage lists the commands', async (t) => {
  const help = await admin('help');
  for (const command of ['register', 'assign-mentor', 'transfer', 'eligibility', 'merge', 'withdraw']) {
    t.match(help.stderr, new RegExp(`participants ${command} `));
  }
});
