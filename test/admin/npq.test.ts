// The registration side of NPQ in the admin CLI: a person applies with a provider (the provider
// then sees the application through the API), and DfE changes the funding decision.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { runCommand } from '../../src/admin/run.ts';
import type { Tap } from '../behaviours/endpoint.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const token = await api.tokenFor('Ambition Institute');
const capitaToken = await api.tokenFor('Capita');

const admin = (...argv: string[]) => runCommand(prisma, argv);
const idLine = (stdout: string, label: string) => new RegExp(`${label}: ([0-9a-f-]{36})`).exec(stdout)?.[1];
const show = async (id: string, as = token) => api.request({ method: 'GET', url: `/api/v3/npq-applications/${id}`, token: as });

async function refused(t: Tap, argv: string[], message: RegExp) {
  const result = await admin(...argv);
  t.equal(result.exitCode, 1, `${argv.join(' ')}: exit code 1`);
  t.equal(result.stderr.trimEnd().split('\n').length, 1, 'one line');
  t.match(result.stderr, message);
}

await t.test('npq apply', async (t) => {
  const result = await admin('npq', 'apply', '--lead-provider', 'Ambition Institute', '--course', 'npq-headship', '--cohort', '2024',
    '--name', 'Nadia Rahman', '--email', 'Nadia.Rahman@example.com', '--trn', '7654321', '--trn-verified', '--school-urn', '123456',
    '--school-ukprn', '10012345', '--headteacher-status', 'yes_when_course_starts', '--eligible', '--catchment', 'england',
    '--country', 'United Kingdom', '--country-code', 'GBR', '--targeted-delivery-funding');
  t.equal(result.exitCode, 0, result.stderr);
  const id = idLine(result.stdout, 'npq_application_id')!;
  const participant = idLine(result.stdout, 'participant_id')!;
  const response = await show(id);
  t.equal(response.statusCode, 200);
  t.match(JSON.parse(response.body).data.attributes, {
    participant_id: participant, full_name: 'Nadia Rahman', email: 'nadia.rahman@example.com', teacher_reference_number: '7654321',
    teacher_reference_number_validated: true, school_urn: '123456', school_ukprn: '10012345', headteacher_status: 'yes_when_course_starts',
    eligible_for_funding: true, course_identifier: 'npq-headship', status: 'pending', cohort: '2024', teacher_catchment: true,
    targeted_delivery_funding_eligibility: true, works_in_school: true,
  });
  t.equal((await show(id, capitaToken)).statusCode, 404, 'only the provider applied to sees it');

  const again = await admin('npq', 'apply', '--lead-provider', 'Capita', '--course', 'npq-senco', '--cohort', '2025', '--participant', participant,
    '--employer', 'Riverside Trust', '--role', 'SENCO', '--funding-choice', 'employer');
  t.equal(again.exitCode, 0, again.stderr);
  t.match(JSON.parse((await show(idLine(again.stdout, 'npq_application_id')!, capitaToken)).body).data.attributes, {
    participant_id: participant, works_in_school: false, employer_name: 'Riverside Trust', employment_role: 'SENCO', funding_choice: 'employer',
    eligible_for_funding: false, ineligible_for_funding_reason: 'establishment-ineligible',
  });

  await refused(t, ['npq', 'apply', '--lead-provider', 'Nobody', '--course', 'npq-headship', '--cohort', '2024', '--name', 'A', '--email', 'a@example.com'], /No lead provider "Nobody"/);
  await refused(t, ['npq', 'apply', '--lead-provider', 'Capita', '--course', 'npq-cooking', '--cohort', '2024', '--name', 'A', '--email', 'a@example.com'], /--course must be one of/);
  await refused(t, ['npq', 'apply', '--lead-provider', 'Capita', '--course', 'npq-headship', '--cohort', '2024'], /--name and --email are required/);
  await refused(t, ['npq', 'apply', '--lead-provider', 'Capita', '--course', 'npq-headship', '--cohort', '1999', '--name', 'A', '--email', 'a1@example.com'], /There is no 1999 cohort/);
  await refused(t, ['npq', 'apply', '--lead-provider', 'Capita', '--course', 'npq-headship', '--cohort', '2024', '--name', 'A', '--email', 'a2@example.com', '--headteacher-status', 'maybe'], /--headteacher-status must be one of/);
});

await t.test('npq eligibility', async (t) => {
  const applied = await admin('npq', 'apply', '--lead-provider', 'Ambition Institute', '--course', 'npq-leading-literacy', '--cohort', '2024', '--name', 'Omar Hill', '--email', 'omar.hill@example.com');
  const id = idLine(applied.stdout, 'npq_application_id')!;
  t.equal(JSON.parse((await show(id)).body).data.attributes.eligible_for_funding, false);
  const since = new Date(Date.now() - 1).toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const changed = await admin('npq', 'eligibility', '--application', id, '--eligible', 'true');
  t.equal(changed.exitCode, 0, changed.stderr);
  t.match(JSON.parse((await show(id)).body).data.attributes, { eligible_for_funding: true, ineligible_for_funding_reason: null });
  const listed = await api.request({ method: 'GET', url: `/api/v3/npq-applications?filter[updated_since]=${encodeURIComponent(since)}`, token });
  t.ok((JSON.parse(listed.body).data as { id: string }[]).some((item) => item.id === id), 'the change shows through updated_since');
  await refused(t, ['npq', 'eligibility', '--application', id, '--eligible', 'perhaps'], /--eligible must be one of true, false/);
  await refused(t, ['npq', 'eligibility', '--application', '00000000-0000-0000-0000-000000000000', '--eligible', 'true'], /No NPQ application/);
});

await t.test('help lists the NPQ commands', async (t) => {
  const help = await admin('help');
  t.match(help.stderr, /npq apply --lead-provider/);
  t.match(help.stderr, /npq eligibility --application/);
});
