// The finance side through the admin CLI: a declaration's whole payment life (eligible -> payable
// -> paid -> awaiting-clawback -> clawed-back) with the statement ids right at each step, a
// statement's calculation, participants becoming fundable, and voids by DfE staff.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { runCommand } from '../../src/admin/run.ts';
import { Fixtures, started } from '../api/declarations-fixtures.ts';

const api = await buildTestApi(t);
const fx = new Fixtures(api, 'f', 310000);
const prisma = fx.prisma;
// A provider of its own: this file closes and pays its statements.
const PROVIDER = 'UCL Institute of Education';
const token = await api.tokenFor(PROVIDER);
const providerId = await api.providerId(PROVIDER);

const admin = (...argv: string[]) => runCommand(prisma, argv);
const statementNamed = (cohort: number, name: string) =>
  prisma.statement.findFirstOrThrow({ where: { leadProviderId: providerId, cohort: { startYear: cohort }, type: 'ecf', name } });
const attributes = async (id: string) => (await fx.show('v3', token, id)).body.data.attributes;

const january = await statementNamed(2024, 'January 2027');
const april = await statementNamed(2024, 'April 2027');

await t.test('eligible -> payable -> paid -> awaiting-clawback -> clawed-back', async (t) => {
  const ect = await fx.participant({ provider: PROVIDER, pupilPremiumUplift: true });
  const posted = await fx.post('v3', token, started(ect));
  const id = posted.body.data.id as string;
  t.match(posted.body.data.attributes, { state: 'eligible', statement_id: january.id, clawback_statement_id: null });

  const listed = await admin('statements', 'list', '--lead-provider', PROVIDER, '--cohort', '2024');
  t.equal(listed.exitCode, 0);
  t.match(listed.stdout, new RegExp(`${january.id}  2024  January 2027 +open +cut-off 2026-12-31  payment 2027-01-25  output  1 lines`));

  const early = await admin('statements', 'close', january.id);
  t.equal(early.exitCode, 1, 'a statement does not close before its deadline');
  t.match(early.stderr, /cannot close before its deadline \(2026-12-31\) has passed/);

  const closed = await admin('statements', 'close', january.id, '--as-of', '2027-01-01');
  t.equal(closed.exitCode, 0, closed.stderr);
  t.equal(closed.stdout, `closed ${PROVIDER} January 2027 (cohort 2024): 1 declarations now payable\n`);
  t.match(await attributes(id), { state: 'payable', statement_id: january.id });
  t.equal((await admin('statements', 'close', january.id, '--as-of', '2027-01-01')).exitCode, 1, 'closing twice is refused');

  const paid = await admin('statements', 'pay', january.id, '--as-of', '2027-01-25');
  t.equal(paid.stdout, `paid ${PROVIDER} January 2027 (cohort 2024): 1 declarations paid, 0 clawed back\n`);
  t.match(await attributes(id), { state: 'paid', statement_id: january.id, clawback_statement_id: null, uplift_paid: true });
  t.equal((await fx.request('GET', `/api/v3/statements/${january.id}`, token)).body.data.attributes.paid, true, 'the statement shows paid');
  const again = await admin('statements', 'pay', january.id);
  t.equal(again.exitCode, 1);
  t.match(again.stderr, /already paid/);

  const clawback = await fx.void('v1', token, id);
  t.match(clawback.body.data.attributes, { state: 'awaiting-clawback', voided: false });
  t.match(await attributes(id), { state: 'awaiting-clawback', statement_id: january.id, clawback_statement_id: april.id });

  t.equal((await admin('statements', 'pay', april.id)).exitCode, 1, 'an open statement is closed before it is paid');
  t.equal((await admin('statements', 'close', april.id, '--as-of', '2027-04-01')).exitCode, 0);
  t.match(await attributes(id), { state: 'awaiting-clawback' }, 'a refund waits for payment');
  const refunded = await admin('statements', 'pay', april.id, '--as-of', '2027-04-25');
  t.equal(refunded.stdout, `paid ${PROVIDER} April 2027 (cohort 2024): 0 declarations paid, 1 clawed back\n`);
  t.match(await attributes(id), { state: 'clawed-back', statement_id: january.id, clawback_statement_id: april.id });

  const history = await admin('declarations', 'history', id);
  t.equal(history.exitCode, 0);
  const changes = history.stdout.split('\n').filter((line) => line.includes(' -> ')).map((line) => line.replace(/^\s+\S+\s+/, ''));
  t.same(changes, [
    `(new) -> eligible  by lead_provider:${providerId}`,
    'eligible -> payable  by admin',
    'payable -> paid  by admin',
    `paid -> awaiting_clawback  by lead_provider:${providerId}`,
    'awaiting_clawback -> clawed_back  by admin',
  ], 'who changed it, from what');
  t.match(history.stdout, `line on January 2027 (${january.id}): paid`);
  t.match(history.stdout, `line on April 2027 (${april.id}): clawed_back`);
});

await t.test('a statement\'s calculation', async (t) => {
  const jan = await admin('statements', 'show', january.id);
  t.equal(jan.exitCode, 0, jan.stderr);
  const lines = jan.stdout.split('\n');
  t.equal(lines[0], `${PROVIDER} January 2027, cohort 2024 (paid; cut-off 2026-12-31, payment 2027-01-25)`);
  t.ok(lines.includes('  started: 1 / 0'), 'one started declaration paid');
  // Band A £1,065 × 60% output share × 20% for started.
  t.ok(lines.includes('  started: band A +1/-0 × £127.80 = £127.80 (clawed back £0.00)'), 'fee by band');
  t.ok(lines.includes('Output fee: £127.80'));
  // 6,000 recruitment target over bands of 2,000 at 40% of £1,065, £1,048, £1,032, over 29 months.
  t.ok(lines.includes('Service fee: £86,758.62'));
  t.ok(lines.includes('Uplifts: 1 × £100.00 = £100.00, clawed back 0 = -£0.00'), 'pupil premium uplift');
  t.ok(lines.includes('Total: £86,986.42'));
  t.ok(lines.includes('VAT: £17,397.28'));

  const apr = (await admin('statements', 'show', april.id)).stdout.split('\n');
  t.ok(apr.includes('  started: 0 / 1'), 'one refund');
  t.ok(apr.includes('  started: band A +0/-1 × £127.80 = £0.00 (clawed back £127.80)'), 'taken from the earlier fill');
  t.ok(apr.includes('Clawbacks: -£127.80'));
  t.ok(apr.includes('Uplifts: 0 × £100.00 = £0.00, clawed back 1 = -£100.00'));
  t.ok(apr.includes('Total: £86,530.82'), 'service fee less the refunds');

  const next2025 = await fx.nextStatement(PROVIDER, 2025);
  const mentor = await fx.participant({ provider: PROVIDER, cohort: 2025, participantType: 'mentor' });
  await fx.post('v3', token, { ...started(mentor), course_identifier: 'ecf-mentor', declaration_date: '2025-10-01T10:00:00Z' });
  const mentors = (await admin('statements', 'show', next2025.id)).stdout.split('\n');
  t.ok(mentors.includes('Mentors (flat rate £1,000.00): started 1/-0 × £500.00; completed 0/-0 × £500.00 = £500.00'), 'from 2025, mentors at a flat rate');
  t.ok(mentors.includes('Uplifts: none under this contract'));

  t.equal((await admin('statements', 'show', 'nope')).exitCode, 1);
});

await t.test('a participant becoming fundable: submitted declarations become eligible', async (t) => {
  const ect = await fx.participant({ provider: PROVIDER, cohort: 2025, eligibility: { status: 'manual_check', reason: 'no_induction' } });
  const submitted = await fx.post('v3', token, { ...started(ect), declaration_date: '2025-10-01T10:00:00Z' });
  t.match(submitted.body.data.attributes, { state: 'submitted', statement_id: null });
  const result = await admin('declarations', 'make-eligible', '--participant', ect.userId);
  t.equal(result.exitCode, 0, result.stderr);
  t.equal(result.stdout, `ect ${ect.profileId}: eligible for funding; 1 declarations made eligible\n`);
  const next = await fx.nextStatement(PROVIDER, 2025);
  t.match(await attributes(submitted.body.data.id), { state: 'eligible', statement_id: next.id });
  const participant = (await fx.request('GET', `/api/v3/participants/ecf/${ect.userId}`, token)).body.data;
  t.equal(participant.attributes.ecf_enrolments[0].eligible_for_funding, true, 'the participant shows as fundable');
  const unknown = await admin('declarations', 'make-eligible', '--participant', crypto.randomUUID());
  t.equal(unknown.exitCode, 1);
});

await t.test('DfE staff can void any provider\'s declaration', async (t) => {
  const ect = await fx.participant({ provider: 'Capita', cohort: 2025 });
  const theirs = await fx.post('v3', await api.tokenFor('Capita'), { ...started(ect), declaration_date: '2025-10-01T10:00:00Z' });
  const voided = await admin('declarations', 'void', theirs.body.data.id);
  t.equal(voided.stdout, `${theirs.body.data.id}: voided\n`);
  const again = await admin('declarations', 'void', theirs.body.data.id);
  t.equal(again.exitCode, 1);
  t.equal(again.stderr, 'This declaration has already been voided.\n');
});

await t.test('the daily job: every open statement past its deadline closes', async (t) => {
  const ect = await fx.participant({ provider: PROVIDER, cohort: 2025 });
  const posted = await fx.post('v3', token, { ...started(ect), declaration_date: '2025-10-01T10:00:00Z' });
  const result = await admin('statements', 'close-due', '--as-of', '2027-01-02');
  t.equal(result.exitCode, 0, result.stderr);
  t.match(result.stdout, `closed ${PROVIDER} January 2027 (cohort 2025): `);
  t.equal((await attributes(posted.body.data.id)).state, 'payable');
  t.equal((await admin('statements', 'close-due', '--as-of', 'soon')).exitCode, 1, 'a bad date is a usage error');
});

await t.test('statements list by product line', async (t) => {
  const npq = await admin('statements', 'list', '--lead-provider', PROVIDER, '--cohort', '2024', '--type', 'npq');
  t.equal(npq.exitCode, 0);
  const lines = npq.stdout.trim().split('\n');
  t.equal(lines.length, 38, 'the 2024 cohort has 38 NPQ statements');
  t.ok(lines.every((line) => line.endsWith('NPQ')), 'each marked NPQ');
  const ecf = await admin('statements', 'list', '--lead-provider', PROVIDER, '--cohort', '2024', '--type', 'ecf');
  t.ok(ecf.stdout.trim().split('\n').every((line) => line.endsWith('ECF')), 'and ECF ones ECF');
  const bad = await admin('statements', 'list', '--lead-provider', PROVIDER, '--type', 'other');
  t.equal(bad.exitCode, 1);
  t.equal(bad.stderr, '--type must be ecf or npq\n');
});
