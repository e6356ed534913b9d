// PUT participant-declarations/{id}/void: the state machine of docs/declarations.md in every version,
// with the statements a payment and its clawback are on.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { runScenario } from '../../prisma/seed/sandbox.ts';
import { closeStatement, payStatement } from '../../src/domain/statements/payment-runs.ts';
import { errors, Fixtures, started } from './declarations-fixtures.ts';

const api = await buildTestApi(t);
const fx = new Fixtures(api, 'v', 250000);
const prisma = fx.prisma;
// A provider of its own: these tests close and pay its statements.
const PROVIDER = 'Teach First';
const token = await api.tokenFor(PROVIDER);
const providerId = await api.providerId(PROVIDER);
const otherToken = await api.tokenFor('Ambition Institute');

const closeAndPay = async (statementId: string) => {
  await prisma.$transaction((db) => closeStatement(db, statementId, new Date(), 'test', { force: true }));
  await prisma.$transaction((db) => payStatement(db, statementId, new Date(), 'test'));
};
const lines = async (declarationId: string) =>
  (await prisma.statementLineItem.findMany({ where: { participantDeclarationId: declarationId }, orderBy: { createdAt: 'asc' } })).map((line) => [line.statementId, line.state]);

await t.test('unpaid declarations become voided, and leave the slot free', async (t) => {
  const statement = await fx.nextStatement(PROVIDER, 2024);
  for (const version of ['v1', 'v2', 'v3']) {
    const ect = await fx.participant({ provider: PROVIDER });
    const eligible = await fx.post(version, token, started(ect));
    const voided = await fx.void(version, token, eligible.body.data.id);
    t.equal(voided.status, 200);
    t.equal(voided.body.data.attributes.state, 'voided', `${version}: eligible -> voided`);
    if (version === 'v1') t.match(voided.body.data.attributes, { voided: true, eligible_for_payment: false });
    if (version === 'v3') t.match(voided.body.data.attributes, { statement_id: null, clawback_statement_id: null });
    t.same(await lines(eligible.body.data.id), [[statement.id, 'voided']], 'its line stays on the statement, voided');
    const again = await fx.void(version, token, eligible.body.data.id);
    t.equal(again.status, 422);
    t.same(errors(again), [{ title: 'Invalid action', detail: 'This declaration has already been voided.' }]);
    const redeclared = await fx.post(version, token, started(ect));
    t.equal(redeclared.status, 200, 'the milestone can be declared again');
    t.not(redeclared.body.data.id, eligible.body.data.id);
  }

  const unconfirmed = await fx.participant({ provider: PROVIDER, eligibility: { status: 'manual_check', reason: 'no_induction' } });
  const submitted = await fx.post('v3', token, started(unconfirmed));
  t.equal((await fx.void('v3', token, submitted.body.data.id)).body.data.attributes.state, 'voided', 'submitted -> voided');

  const original = await fx.participant({ provider: PROVIDER });
  const duplicate = await fx.participant({ provider: PROVIDER, trn: original.trn });
  await fx.post('v3', token, started(original));
  const ineligible = await fx.post('v3', token, started(duplicate));
  t.equal(ineligible.body.data.attributes.state, 'ineligible');
  t.equal((await fx.void('v3', token, ineligible.body.data.id)).body.data.attributes.state, 'voided', 'ineligible -> voided');
});

await t.test('only the provider\'s own declarations', async (t) => {
  const ect = await fx.participant({ provider: PROVIDER });
  const mine = await fx.post('v3', token, started(ect));
  const response = await fx.void('v3', otherToken, mine.body.data.id);
  t.equal(response.status, 404);
  t.same(response.body, { error: 'Resource not Found' });
  t.equal((await fx.show('v3', token, mine.body.data.id)).body.data.attributes.state, 'eligible', 'unchanged');
});

await t.test('payable -> voided; paid -> awaiting-clawback -> clawed-back', async (t) => {
  const jan = await fx.nextStatement(PROVIDER, 2024);
  const payableEct = await fx.participant({ provider: PROVIDER, cohort: 2025 });
  const paidEct = await fx.participant({ provider: PROVIDER, cohort: 2025, sparsityUplift: true });
  const payable = await fx.post('v3', token, { ...started(payableEct), declaration_date: '2025-10-01T10:00:00Z' });
  const paid = await fx.post('v3', token, { ...started(paidEct), declaration_date: '2025-10-01T10:00:00Z' });
  const statement = await fx.nextStatement(PROVIDER, 2025);
  t.equal(paid.body.data.attributes.statement_id, statement.id);
  await prisma.$transaction((db) => closeStatement(db, statement.id, new Date(), 'test', { force: true }));
  t.equal((await fx.show('v3', token, payable.body.data.id)).body.data.attributes.state, 'payable');
  t.equal((await fx.show('v1', token, payable.body.data.id)).body.data.attributes.eligible_for_payment, true);

  const voidedPayable = await fx.void('v3', token, payable.body.data.id);
  t.match(voidedPayable.body.data.attributes, { state: 'voided', statement_id: null });
  t.same(await lines(payable.body.data.id), [[statement.id, 'voided']]);

  await prisma.$transaction((db) => payStatement(db, statement.id, new Date(), 'test'));
  const afterPayment = (await fx.show('v3', token, paid.body.data.id)).body.data.attributes;
  t.match(afterPayment, { state: 'paid', statement_id: statement.id, clawback_statement_id: null, uplift_paid: true });

  const next = await fx.nextStatement(PROVIDER, 2025);
  t.not(next.id, statement.id, 'the paid statement takes no more lines');
  const clawback = await fx.void('v2', token, paid.body.data.id);
  t.equal(clawback.status, 200);
  t.equal(clawback.body.data.attributes.state, 'awaiting-clawback', 'states are dash-separated on the wire');
  const v3 = (await fx.show('v3', token, paid.body.data.id)).body.data.attributes;
  t.match(v3, { state: 'awaiting-clawback', statement_id: statement.id, clawback_statement_id: next.id, uplift_paid: true });
  t.same(await lines(paid.body.data.id), [[statement.id, 'paid'], [next.id, 'awaiting_clawback']], 'the paid line stays; a refund line goes on the next statement');

  const viewOnly = [{ title: 'Invalid action', detail: 'This declaration has been clawed-back, so you can only view it.' }];
  t.same(errors(await fx.void('v3', token, paid.body.data.id)), viewOnly, 'awaiting-clawback is view-only');
  const redeclared = await fx.post('v3', token, { ...started(paidEct), declaration_date: '2025-10-02T10:00:00Z' });
  t.equal(redeclared.status, 200, 'a clawed-back milestone can be declared again');

  await closeAndPay(next.id);
  const clawedBack = (await fx.show('v3', token, paid.body.data.id)).body.data.attributes;
  t.match(clawedBack, { state: 'clawed-back', statement_id: statement.id, clawback_statement_id: next.id });
  t.same(errors(await fx.void('v1', token, paid.body.data.id)), viewOnly, 'clawed-back is view-only');
  t.equal((await prisma.statement.findUniqueOrThrow({ where: { id: next.id } })).status, 'paid');
  t.ok(jan, 'other cohorts\' statements untouched');
  t.equal((await prisma.statement.findUniqueOrThrow({ where: { id: jan.id } })).status, 'open');
});

await t.test('a cohort whose funding has ended: paid ones cannot be clawed back, unpaid ones can be voided', async (t) => {
  const history = await runScenario(prisma, { scenario: 'declaration-states', leadProviderId: providerId, cohortStartYear: 2022, now: new Date(), names: fx.names });
  const paid = await fx.void('v3', token, history.paid!);
  t.equal(paid.status, 422);
  t.same(errors(paid), [{
    title: 'Invalid action',
    detail: 'Participant declaration You cannot submit or void declarations for the 2022 cohort. The funding contract for this cohort has ended. Get in touch if you need to discuss this with us',
  }]);
  t.equal((await fx.show('v3', token, history.paid!)).body.data.attributes.state, 'paid', 'unchanged');
  t.equal((await fx.void('v3', token, history.submitted!)).body.data.attributes.state, 'voided');
});

await t.test('every state change is on record', async (t) => {
  const ect = await fx.participant({ provider: PROVIDER });
  const declaration = await fx.post('v3', token, started(ect));
  await fx.void('v3', token, declaration.body.data.id);
  const changes = await prisma.declarationStateChange.findMany({ where: { participantDeclarationId: declaration.body.data.id }, orderBy: { createdAt: 'asc' } });
  t.same(changes.map((change) => [change.fromState, change.state, change.actor]), [
    [null, 'eligible', `lead_provider:${providerId}`],
    ['eligible', 'voided', `lead_provider:${providerId}`],
  ]);
});
