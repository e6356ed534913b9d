// One NPQ participant from application to a clawed-back completion, through the API and the admin
// CLI only: applied (admin), accepted, started, retained twice, completed with has_passed, outcome
// passed, paid on an NPQ statement, the completed declaration voided (clawback) and the outcome
// voided; at each end the participant as every version's lists and CSVs show them.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { runCommand } from '../../src/admin/run.ts';

const api = await buildTestApi(t);
const token = await api.tokenFor('Ambition Institute');
const COURSE = 'npq-headship';

type Resource = { id: string; attributes: Record<string, unknown> };
async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const response = await api.request({ method, url, token, payload: payload as object | undefined });
  const json = String(response.headers['content-type']).startsWith('application/vnd.api+json') && response.body !== '';
  return { status: response.statusCode, data: (json ? JSON.parse(response.body).data : undefined) as Resource & Resource[], text: response.body };
}
async function admin(...argv: string[]) {
  const result = await runCommand(api.database.prisma, argv);
  if (result.exitCode !== 0) throw new Error(`admin ${argv.join(' ')}: ${result.stderr}`);
  return result.stdout;
}
const declare = (attributes: Record<string, unknown>, version = 'v3') =>
  call('POST', `/api/${version}/participant-declarations`, { data: { type: 'participant-declaration', attributes: { course_identifier: COURSE, ...attributes } } });

await t.test('application to clawed-back completion', async (t) => {
  const applied = await admin('npq', 'apply', '--lead-provider', 'Ambition Institute', '--course', COURSE, '--cohort', '2024',
    '--name', 'Robin Lifecycle', '--email', 'robin.lifecycle@example.com', '--trn', '1234567', '--trn-verified', '--school-urn', '100001', '--eligible');
  const applicationId = /npq_application_id: (\S+)/.exec(applied)![1]!;
  const participantId = /participant_id: (\S+)/.exec(applied)![1]!;

  const accepted = await call('POST', `/api/v3/npq-applications/${applicationId}/accept`, { data: { type: 'npq-application-accept', attributes: { funded_place: true } } });
  t.equal(accepted.status, 200, 'accepted');
  t.equal(accepted.data.attributes.status, 'accepted');

  const started = await declare({ participant_id: participantId, declaration_type: 'started', declaration_date: '2025-01-15T10:00:00Z' });
  const retained1 = await declare({ participant_id: participantId, declaration_type: 'retained-1', declaration_date: '2025-06-15T10:00:00Z' }, 'v2');
  const retained2 = await declare({ participant_id: participantId, declaration_type: 'retained-2', declaration_date: '2025-12-15T10:00:00Z' }, 'v1');
  const completed = await declare({ participant_id: participantId, declaration_type: 'completed', declaration_date: '2026-06-30T10:00:00Z', has_passed: true });
  for (const [name, made] of [['started', started], ['retained-1', retained1], ['retained-2', retained2], ['completed', completed]] as const) {
    t.equal(made.status, 200, `${name} declared`);
    t.equal(made.data.attributes.state, 'eligible', `${name} eligible`);
  }
  t.equal(completed.data.attributes.has_passed, true, 'completed: passed');
  const outcome = await call('GET', `/api/v2/participants/npq/${participantId}/outcomes`);
  t.match(outcome.data, [{ attributes: { state: 'passed', course_identifier: COURSE, participant_id: participantId } }], 'outcome passed');

  // The statement they are on closes and is paid (the DfE's payment run).
  const statementId = completed.data.attributes.statement_id as string;
  t.ok(statementId, 'on an NPQ statement');
  const statement = (await call('GET', `/api/v3/statements/${statementId}`)).data;
  t.equal(statement.attributes.type, 'npq');
  t.match(await admin('statements', 'close', statementId, '--force'), /4 declarations now payable/);
  t.match(await admin('statements', 'pay', statementId), /4 declarations paid/);
  t.equal((await call('GET', `/api/v3/statements/${statementId}`)).data.attributes.paid, true, 'the statement is paid');
  t.match(await admin('statements', 'show', statementId), /npq-headship/, 'the statement shows the NPQ lines');

  const clawedBack = await call('PUT', `/api/v3/participant-declarations/${completed.data.id}/void`);
  t.equal(clawedBack.status, 200);
  t.match(clawedBack.data.attributes, { state: 'awaiting-clawback', has_passed: null, statement_id: statementId });
  t.not(clawedBack.data.attributes.clawback_statement_id, null, 'the refund is on the next NPQ statement');
  const outcomes = await call('GET', `/api/v3/participants/npq/${participantId}/outcomes`);
  t.same(outcomes.data.map((item) => item.attributes.state), ['passed', 'voided'], 'outcome voided');

  // Every version sees the same participant, accepted and active, with their declarations.
  for (const version of ['v1', 'v2', 'v3']) {
    const participant = await call('GET', `/api/${version}/participants/npq/${participantId}`);
    t.equal(participant.status, 200, `${version}: participant shown`);
    const listed = await call('GET', `/api/${version}/participants/npq?page[per_page]=3000`);
    t.ok(listed.data.some((item) => item.id === participantId), `${version}: in the participants list`);
    const declarations = await call('GET', `/api/${version}/participant-declarations?filter[participant_id]=${participantId}`);
    t.same(declarations.data.map((item) => item.attributes.state), ['paid', 'paid', 'paid', 'awaiting-clawback'], `${version}: declaration states`);
  }
  const v3 = (await call('GET', `/api/v3/participants/npq/${participantId}`)).data;
  t.match(v3.attributes, { npq_enrolments: [{ course_identifier: COURSE, training_status: 'active', funded_place: true }] }, 'v3: the enrolment');
  const enrolments = await call('GET', '/api/v2/npq-enrolments.csv');
  t.match(enrolments.text, new RegExp(`${participantId},${COURSE},`), 'v2 enrolments CSV');
  for (const version of ['v1', 'v2']) {
    const applications = await call('GET', `/api/${version}/npq-applications.csv`);
    t.match(applications.text, new RegExp(`${applicationId},`), `${version}: applications CSV`);
    const csv = await call('GET', `/api/${version}/participant-declarations.csv?filter[participant_id]=${participantId}`);
    t.match(csv.text, new RegExp(`${completed.data.id},${participantId},completed,${COURSE},.*awaiting-clawback`), `${version}: declarations CSV`);
  }
});
