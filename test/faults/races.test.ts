// Races between two real server processes on one PostgreSQL database: requests for one slot, one
// declaration, one participant, one school or one NPQ application are sent to both at once, and
// the end state must be one the rules allow (docs/declarations.md, statements.md, participants.md,
// partnerships.md, npq-applications.md), with no duplicate row, no half state, every loser a
// clean 4xx. The outcome counts are printed as comments.
import t, { type Test } from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { Fixtures, started, type TestParticipant } from '../api/declarations-fixtures.ts';
import { runCommand } from '../../src/admin/run.ts';
import { declarationMessages } from '../../src/domain/declarations/rules.ts';
import { actionMessages } from '../../src/domain/participants/action-input.ts';
import { partnershipMessages } from '../../src/domain/partnerships/messages.ts';
import { npqApplicationMessages } from '../../src/domain/npq/applications/messages.ts';
import { applyForNpq } from '../../src/domain/npq/applications/register.ts';
import { createSchool } from '../../src/domain/schools/service.ts';
import { createDeliveryPartner, relateDeliveryPartner } from '../../src/domain/delivery-partners/service.ts';
import { startServer } from './server-process.ts';

const api = await buildTestApi(t);
const database = api.database;
if (database.config.kind !== 'postgres') {
  // Two processes cannot share an in-memory PGlite.
  t.comment('PostgreSQL only (DATABASE_URL=postgres://…)');
  t.pass('skipped on embedded PGlite');
  process.exit(0);
}
const prisma = database.prisma;
const serverEnv = { RATE_LIMIT_MAX: '1000000' };
const [one, two] = await Promise.all([startServer(t, database.config.url, serverEnv), startServer(t, database.config.url, serverEnv)]);
/** The i-th request of a race goes to one server, the next to the other. */
const server = (i: number) => (i % 2 === 0 ? one : two).url;

const fx = new Fixtures(api, 'race', 330000);
const AMBITION = 'Ambition Institute';
const OTHER = 'Best Practice Network';
const ambitionId = await api.providerId(AMBITION);
const otherId = await api.providerId(OTHER);
const token = await api.tokenFor(AMBITION);
const otherToken = await api.tokenFor(OTHER);

interface Answer { status: number; body: any }

async function send(base: string, method: 'GET' | 'POST' | 'PUT', path: string, as: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** How many answers had each status, e.g. `1 × 200, 49 × 422`. */
function tally(answers: Answer[]): string {
  const counts = new Map<number, number>();
  for (const answer of answers) counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${n} × ${status}`).join(', ');
}

const oneError = (title: string, detail: string) => ({ errors: [{ title, detail }] });
const declarationBody = (attributes: Record<string, unknown>) => ({ data: { type: 'participant-declaration', attributes } });

await t.test('the declaration slot: 50 identical POSTs over two servers make one row, every answer the same 200', async (t) => {
  const ect = await fx.participant();
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) => send(server(i), 'POST', `/api/${['v1', 'v2', 'v3'][i % 3]}/participant-declarations`, token, declarationBody(started(ect)))),
  );
  t.comment(`50 identical POSTs: ${tally(answers)}`);
  // docs/declarations.md: an exact repeat of the slot's holder answers 200 with the holder.
  t.same([...new Set(answers.map((a) => a.status))], [200], 'every answer is 200');
  t.equal(new Set(answers.map((a) => a.body.data.id)).size, 1, 'every answer is the same declaration');
  const rows = await prisma.participantDeclaration.findMany({ where: { userId: ect.userId }, include: { lineItems: true, stateHistory: true } });
  t.equal(rows.length, 1, 'one row');
  t.equal(rows[0]!.lineItems.length, 1, 'one statement line');
  t.equal(rows[0]!.stateHistory.length, 1, 'one history entry');
  t.equal(await prisma.declarationAttempt.count({ where: { userId: ect.userId } }), 50, 'every POST kept as an attempt');
});

await t.test('the declaration slot: 50 POSTs of one type with different dates make one row, the 49 others the slot 422', async (t) => {
  const ect = await fx.participant();
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) => {
      const date = new Date(Date.UTC(2024, 9, 1, 10, i)).toISOString().replace('.000', '');
      return send(server(i), 'POST', '/api/v3/participant-declarations', token, declarationBody(started(ect, { declaration_date: date })));
    }),
  );
  t.comment(`50 different-date POSTs: ${tally(answers)}`);
  t.equal(answers.filter((a) => a.status === 200).length, 1, 'one winner');
  const losers = answers.filter((a) => a.status !== 200);
  t.equal(losers.length, 49);
  t.ok(losers.every((a) => a.status === 422), 'every loser a 422');
  t.same(losers.map((a) => a.body), losers.map(() => oneError('base', declarationMessages.slotTaken)), 'every loser the slot message, nothing else');
  t.equal(await prisma.participantDeclaration.count({ where: { userId: ect.userId } }), 1, 'one row');
});

await t.test('void versus a payment run: each declaration ends voided before payment, or paid then clawed back or refused; never half', async (t) => {
  const COUNT = 30;
  const statement = await fx.nextStatement(AMBITION, 2024);
  const ects: TestParticipant[] = [];
  for (let i = 0; i < COUNT; i += 1) ects.push(await fx.participant({ schoolId: ects[0]?.schoolId }));
  const ids: string[] = [];
  for (const ect of ects) {
    const answer = await send(one.url, 'POST', '/api/v3/participant-declarations', token, declarationBody(started(ect)));
    t.equal(answer.status, 200);
    ids.push(answer.body.data.id);
  }
  t.equal(await prisma.statementLineItem.count({ where: { statementId: statement.id, participantDeclarationId: { in: ids } } }), COUNT, 'all on the next statement');
  const closed = await runCommand(prisma, ['statements', 'close', statement.id, '--force']);
  t.equal(closed.exitCode, 0, closed.stderr);

  // The voids go out 25 ms apart and the payment run starts after the tenth: the first ones land
  // before it, some wait on its locks, the last ones come after it.
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const answeredBeforePay = new Set<string>();
  let payBegun = false;
  const voids = Promise.all(ids.map(async (id, i) => {
    await sleep(i * 25);
    const answer = await send(server(i), 'PUT', `/api/v3/participant-declarations/${id}/void`, token);
    if (!payBegun) answeredBeforePay.add(id);
    return answer;
  }));
  await sleep(100);
  payBegun = true;
  const paid = await runCommand(prisma, ['statements', 'pay', statement.id]);
  t.equal(paid.exitCode, 0, paid.stderr);
  const answers = await voids;

  const outcomes = new Map<string, number>();
  const halfStates: string[] = [];
  const unexpected: string[] = [];
  const rows = await prisma.participantDeclaration.findMany({ where: { id: { in: ids } }, include: { lineItems: true, stateHistory: { orderBy: { createdAt: 'asc' } } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  ids.forEach((id, i) => {
    const answer = answers[i]!;
    const row = byId.get(id)!;
    const onStatement = row.lineItems.filter((line) => line.statementId === statement.id);
    const elsewhere = row.lineItems.filter((line) => line.statementId !== statement.id);
    const history = row.stateHistory.map((change) => change.state).join('>');
    const what = `${id}: answer ${answer.status}, state ${row.state}, lines ${row.lineItems.map((l) => l.state).join(',')}, history ${history}`;
    let outcome: string;
    if (answer.status === 200 && row.state === 'voided') {
      outcome = 'voided before payment';
      if (answer.body.data.attributes.state !== 'voided') unexpected.push(what);
      if (history !== 'eligible>payable>voided' || onStatement.length !== 1 || onStatement[0]!.state !== 'voided' || elsewhere.length) halfStates.push(what);
    } else if (answer.status === 200 && row.state === 'awaiting_clawback') {
      outcome = 'paid, then awaiting clawback';
      if (answer.body.data.attributes.state !== 'awaiting-clawback') unexpected.push(what);
      if (history !== 'eligible>payable>paid>awaiting_clawback' || onStatement[0]?.state !== 'paid' || elsewhere.length !== 1 || elsewhere[0]!.state !== 'awaiting_clawback') halfStates.push(what);
    } else if (answer.status === 422 && row.state === 'paid') {
      outcome = 'paid, void refused (no statement for the clawback)';
      if (JSON.stringify(answer.body) !== JSON.stringify(oneError('Invalid action', declarationMessages.clawbackCohortClosed(2024)))) unexpected.push(what);
      if (history !== 'eligible>payable>paid' || onStatement[0]?.state !== 'paid' || elsewhere.length) halfStates.push(what);
    } else {
      outcome = 'not allowed';
      unexpected.push(what);
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  });
  t.comment(`${COUNT} voids racing a payment run: ${[...outcomes].map(([o, n]) => `${n} × ${o}`).join('; ')} (answers ${tally(answers)})`);
  t.same(unexpected, [], 'every end state is one the rules allow, and the answer says it');
  t.same(halfStates, [], 'no half state: history, statement lines and state agree');
  t.ok([...answeredBeforePay].every((id) => byId.get(id)!.state === 'voided'), `the ${answeredBeforePay.size} voids answered before the run began stay voided, unpaid`);
  const after = await prisma.statement.findUniqueOrThrow({ where: { id: statement.id } });
  t.equal(after.status, 'paid', 'the statement is paid');
});

const withdrawBody = { data: { type: 'participant-withdraw', attributes: { reason: 'other', course_identifier: 'ecf-induction' } } };
const deferBody = { data: { type: 'participant-defer', attributes: { reason: 'other', course_identifier: 'ecf-induction' } } };

/** The training-status history and current records of a registration agree with its status. */
async function historyAgrees(profileId: string): Promise<string | null> {
  const profile = await prisma.participantProfile.findUniqueOrThrow({
    where: { id: profileId },
    include: { states: { orderBy: { createdAt: 'asc' } }, inductionRecords: { orderBy: { createdAt: 'asc' } } },
  });
  const states = profile.states.map((s) => s.state);
  const latest = profile.states.at(-1)?.state;
  const openRecords = profile.inductionRecords.filter((record) => record.endDate === null);
  const currentRecord = profile.inductionRecords.at(-1);
  const backwards = profile.inductionRecords.filter((record) => record.endDate && record.endDate < record.startDate);
  if (latest !== profile.trainingStatus || currentRecord?.trainingStatus !== profile.trainingStatus || openRecords.length !== 1 || backwards.length) {
    return `${profileId}: status ${profile.trainingStatus}, history ${states.join('>')}, records ${profile.inductionRecords.map((r) => `${r.trainingStatus}[${r.startDate.toISOString()}–${r.endDate?.toISOString() ?? ''}]`).join(' ')}`;
  }
  return null;
}

async function actionRace(t: Test, label: string, first: { path: string; body: unknown }, second: { path: string; body: unknown }, pairs: number) {
  const ects: TestParticipant[] = [];
  for (let i = 0; i < pairs; i += 1) ects.push(await fx.participant({ schoolId: ects[0]?.schoolId }));
  const results = await Promise.all(ects.map(async (ect) => {
    const [a, b] = await Promise.all([
      send(one.url, 'PUT', `/api/v3/participants/ecf/${ect.userId}/${first.path}`, token, first.body),
      send(two.url, 'PUT', `/api/v3/participants/ecf/${ect.userId}/${second.path}`, token, second.body),
    ]);
    return { ect, a, b };
  }));
  const inconsistent: string[] = [];
  for (const { ect } of results) {
    const problem = await historyAgrees(ect.profileId);
    if (problem) inconsistent.push(problem);
  }
  t.comment(`${label}, ${pairs} participants: ${first.path} ${tally(results.map((r) => r.a))}; ${second.path} ${tally(results.map((r) => r.b))}`);
  t.same(inconsistent, [], 'history, induction records and status agree');
  return results;
}

await t.test('withdraw versus defer of one participant: withdraw first refuses the defer; defer first lets the withdraw follow', async (t) => {
  const results = await actionRace(t, 'withdraw vs defer', { path: 'withdraw', body: withdrawBody }, { path: 'defer', body: deferBody }, 20);
  const bad: string[] = [];
  let deferLost = 0;
  for (const { ect, a, b } of results) {
    const states = (await prisma.participantProfileState.findMany({ where: { participantProfileId: ect.profileId }, orderBy: { createdAt: 'asc' } })).map((s) => s.state);
    const refusedDefer = b.status === 422 && JSON.stringify(b.body) === JSON.stringify(oneError('participant_profile', actionMessages.alreadyWithdrawn));
    // Both may pass: a deferred participant can still be withdrawn.
    const bothPassed = a.status === 200 && b.status === 200 && states.join('>') === 'deferred>withdrawn';
    if (a.status === 200 && refusedDefer && states.join('>') === 'withdrawn') deferLost += 1;
    else if (!bothPassed) bad.push(`${ect.userId}: withdraw ${a.status} ${JSON.stringify(a.body?.errors ?? '')}, defer ${b.status} ${JSON.stringify(b.body?.errors ?? '')}, history ${states.join('>')}`);
  }
  t.comment(`withdraw vs defer: ${deferLost} × withdraw first (defer refused), ${results.length - deferLost - bad.length} × defer first then withdrawn`);
  t.same(bad, [], 'only the end states the rules allow');
  t.ok(results.every((r) => r.a.status === 200), 'the withdrawal always succeeds');
});

await t.test('two withdrawals and two deferrals of one participant at once: one 200, one "already" 422', async (t) => {
  for (const [path, body, message] of [['withdraw', withdrawBody, actionMessages.alreadyWithdrawn], ['defer', deferBody, actionMessages.alreadyDeferred]] as const) {
    const results = await actionRace(t, `${path} vs ${path}`, { path, body }, { path, body }, 10);
    const bad = results.filter(({ a, b }) => {
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
      return winner.status !== 200 || loser.status !== 422 || JSON.stringify(loser.body) !== JSON.stringify(oneError('participant_profile', message));
    });
    t.equal(bad.length, 0, `${path}: always one 200 and one 422 "${message}"`);
    const rows = await prisma.participantProfileState.count({ where: { participantProfileId: { in: results.map((r) => r.ect.profileId) } } });
    t.equal(rows, results.length, `${path}: one history row per participant`);
  }
});

await t.test('two providers confirm one school for one cohort at once: one 200, one 422, one partnership', async (t) => {
  const SCHOOLS = 10;
  const cohort = await prisma.cohort.findUniqueOrThrow({ where: { startYear: 2024 } });
  const partnerFor = async (leadProviderId: string) => {
    const partner = await createDeliveryPartner(prisma, { name: `Race ${fx.names.school().name} Hub`, now: new Date() });
    await relateDeliveryPartner(prisma, { leadProviderId, deliveryPartnerId: partner.id, cohortId: cohort.id, now: new Date() });
    return partner.id;
  };
  const [ambitionPartner, otherPartner] = [await partnerFor(ambitionId), await partnerFor(otherId)];
  const schools = [];
  for (let i = 0; i < SCHOOLS; i += 1) schools.push(await createSchool(prisma, { ...fx.names.school(), inductionTutorName: 'Sam Tutor', inductionTutorEmail: `tutor.${fx.names.person().email}` }));
  const body = (schoolId: string, deliveryPartnerId: string) => ({ data: { type: 'ecf-partnership', attributes: { cohort: 2024, school_id: schoolId, delivery_partner_id: deliveryPartnerId } } });
  const results = await Promise.all(schools.map(async (school) => {
    const [a, b] = await Promise.all([
      send(one.url, 'POST', '/api/v3/partnerships/ecf', token, body(school.id, ambitionPartner)),
      send(two.url, 'POST', '/api/v3/partnerships/ecf', otherToken, body(school.id, otherPartner)),
    ]);
    return { school, a, b };
  }));
  const expectedLoss = JSON.stringify(oneError('school_id', partnershipMessages.otherProvider));
  const bad: string[] = [];
  let ambitionWon = 0;
  for (const { school, a, b } of results) {
    const partnerships = await prisma.partnership.findMany({ where: { schoolId: school.id, cohortId: cohort.id } });
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    const winnerProvider = a.status === 200 ? ambitionId : otherId;
    if (a.status === 200) ambitionWon += 1;
    if (winner.status !== 200 || loser.status !== 422 || JSON.stringify(loser.body) !== expectedLoss
        || partnerships.length !== 1 || partnerships[0]!.leadProviderId !== winnerProvider || partnerships[0]!.id !== winner.body.data.id) {
      bad.push(`${school.id}: ${a.status} / ${b.status} ${JSON.stringify(loser.body)}; partnerships ${partnerships.map((p) => p.leadProviderId).join(',')}`);
    }
  }
  t.comment(`two providers, ${SCHOOLS} schools: ${tally(results.map((r) => r.a))} for Ambition, ${tally(results.map((r) => r.b))} for the other; Ambition won ${ambitionWon}`);
  t.same(bad, [], 'every school: one 200, one 422 "another provider", one partnership, the winner\'s');
});

await t.test('NPQ: accept versus reject, and two accepts, of one application: one winner, the other a 422', async (t) => {
  const PAIRS = 10;
  let clock = Date.now() - 600_000;
  const apply = (leadProviderId: string, userId?: string) => {
    clock += 1000;
    const person = fx.names.person();
    return applyForNpq(prisma, {
      leadProviderId,
      courseIdentifier: 'npq-leading-teaching',
      cohortStartYear: 2024,
      ...(userId ? { userId } : { fullName: person.fullName, email: person.email }),
      teacherReferenceNumber: person.trn,
      trnVerified: true,
      schoolUrn: '100001',
      eligibleForFunding: true,
      now: new Date(clock),
    });
  };
  const acceptBody = { data: { type: 'npq-application-accept', attributes: { funded_place: true } } };
  const accept = (base: string, id: string, as = token) => send(base, 'POST', `/api/v3/npq-applications/${id}/accept`, as, acceptBody);
  const reject = (base: string, id: string) => send(base, 'POST', `/api/v3/npq-applications/${id}/reject`, token);
  const npqError = (detail: string) => JSON.stringify(oneError('npq_application', detail));

  /** The application's status and enrolment agree, and the person has at most one accepted application. */
  const endState = async (id: string) => {
    const application = await prisma.npqApplication.findUniqueOrThrow({ where: { id } });
    const enrolments = await prisma.npqParticipantProfile.count({ where: { id } });
    const accepted = await prisma.npqApplication.count({ where: { userId: application.userId, status: 'accepted' } });
    return { status: application.status, enrolments, accepted };
  };

  const pending = await Promise.all(Array.from({ length: PAIRS }, () => apply(ambitionId)));
  const acceptReject = await Promise.all(pending.map(async (application) => {
    const [a, r] = await Promise.all([accept(one.url, application.id), reject(two.url, application.id)]);
    return { id: application.id, a, r, end: await endState(application.id) };
  }));
  const badAcceptReject = acceptReject.filter(({ a, r, end }) => {
    if (a.status === 200) return !(r.status === 422 && JSON.stringify(r.body) === npqError(npqApplicationMessages.cannotChangeOnceAccepted) && end.status === 'accepted' && end.enrolments === 1);
    return !(r.status === 200 && a.status === 422 && JSON.stringify(a.body) === npqError(npqApplicationMessages.cannotChangeOnceRejected) && end.status === 'rejected' && end.enrolments === 0);
  });
  const acceptsWon = acceptReject.filter((r) => r.a.status === 200).length;
  t.comment(`NPQ accept vs reject, ${PAIRS} applications: ${acceptsWon} × accept won, ${PAIRS - acceptsWon} × reject won (accept ${tally(acceptReject.map((r) => r.a))}; reject ${tally(acceptReject.map((r) => r.r))})`);
  t.same(badAcceptReject.map((r) => JSON.stringify(r)), [], 'one 200, the other the "once accepted/rejected" 422, status and enrolment agree');

  const twice = await Promise.all(Array.from({ length: PAIRS }, () => apply(ambitionId)));
  const twoAccepts = await Promise.all(twice.map(async (application) => {
    const answers = await Promise.all([accept(one.url, application.id), accept(two.url, application.id)]);
    return { answers, end: await endState(application.id) };
  }));
  const badTwice = twoAccepts.filter(({ answers, end }) => {
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 422 && JSON.stringify(a.body) === npqError(npqApplicationMessages.alreadyAccepted));
    return ok.length !== 1 || refused.length !== 1 || end.status !== 'accepted' || end.enrolments !== 1;
  });
  t.comment(`NPQ two accepts, ${PAIRS} applications: ${tally(twoAccepts.flatMap((r) => r.answers))}`);
  t.same(badTwice.map((r) => JSON.stringify(r)), [], 'one 200, one "already accepted" 422, one enrolment');

  // One person, one course, two providers: accepting either rejects the other's pending application.
  const people = await Promise.all(Array.from({ length: PAIRS }, () => apply(ambitionId)));
  const seconds = await Promise.all(people.map((application) => apply(otherId, application.userId)));
  const acrossProviders = await Promise.all(people.map(async (mine, i) => {
    const theirs = seconds[i]!;
    const [a, b] = await Promise.all([accept(one.url, mine.id), accept(two.url, theirs.id, otherToken)]);
    const accepted = await prisma.npqApplication.count({ where: { userId: mine.userId, status: 'accepted' } });
    const enrolments = await prisma.npqParticipantProfile.count({ where: { id: { in: [mine.id, theirs.id] } } });
    return { a, b, accepted, enrolments };
  }));
  const badAcross = acrossProviders.filter(({ a, b, accepted, enrolments }) => {
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    return winner.status !== 200 || loser.status !== 422 || !JSON.stringify(loser.body).includes(npqApplicationMessages.cannotChangeOnceRejected) || accepted !== 1 || enrolments !== 1;
  });
  t.comment(`NPQ one person's applications to two providers accepted at once, ${PAIRS} people: Ambition ${tally(acrossProviders.map((r) => r.a))}; the other ${tally(acrossProviders.map((r) => r.b))}`);
  t.same(badAcross.map((r) => JSON.stringify(r)), [], 'one 200, the other refused as rejected; one accepted application, one enrolment');
});
