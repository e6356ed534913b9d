import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { declareForNpq, npqEnroller } from '../helpers/npq.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { NPQ_WITHDRAW_REASONS } from '../../src/domain/npq/participants/reasons.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const names = new NameSource('npqa');
const ambition = await api.providerId('Ambition Institute');
const bestPractice = await api.providerId('Best Practice Network');
const token = await api.tokenFor('Ambition Institute');
const { apply, enrol } = npqEnroller(prisma, names);

const NOT_RECOGNISED = "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.";
const COURSE_NOT_RECOGNISED = "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.";
const COURSE_MISSING = "Enter a '#/course_identifier' value for this participant.";
const REASON_MISSING = "The property '#/reason' must be present";
const REASON_INVALID = "The property '#/reason' must be a valid reason";
const INVALID_SCHEDULE = "The property '#/schedule_identifier' must be present and correspond to a valid schedule";
const NO_CONTRACT = 'You cannot change a participant to this cohort as you do not have a contract for the cohort and course. Contact the DfE for assistance.';
const VERSIONS = ['v1', 'v2', 'v3'] as const;
const COURSE = 'npq-leading-teaching';

type Action = 'withdraw' | 'defer' | 'resume' | 'change-schedule';
async function act(version: string, action: Action, id: string, attributes: Record<string, unknown> | null, payload?: unknown) {
  const response = await api.request({
    method: 'PUT', url: `/api/${version}/participants/npq/${id}/${action}`, token,
    payload: (payload ?? (attributes === null ? {} : { data: { type: `participant-${action}`, attributes } })) as object,
  });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
}
const errors = (...items: [string, string][]) => ({ errors: items.map(([title, detail]) => ({ title, detail })) });
const declare = (person: { applicationId: string; userId: string }, extra: { type?: string; state?: string; date?: Date; courseIdentifier?: string; cohortStartYear?: number } = {}) =>
  declareForNpq(prisma, { enrolmentId: person.applicationId, userId: person.userId, leadProviderId: ambition, courseIdentifier: COURSE, ...extra });
const status = async (person: { applicationId: string }) => (await prisma.npqParticipantProfile.findUniqueOrThrow({ where: { id: person.applicationId } })).trainingStatus;

await t.test('shared checks, for every action and version', async (t) => {
  const person = await enrol(ambition);
  const stranger = await enrol(bestPractice);
  const pending = await apply(ambition);
  for (const version of VERSIONS) {
    for (const action of ['withdraw', 'defer', 'resume', 'change-schedule'] as const) {
      await tokenAuthenticatedEndpoint(t, { api, url: `/api/${version}/participants/npq/${person.userId}/${action}`, method: 'PUT', token, body: { data: { attributes: { course_identifier: COURSE } } } });
      const base = { course_identifier: COURSE, reason: 'other', schedule_identifier: 'npq-specialist-spring' };
      const unknown = await act(version, action, crypto.randomUUID(), base);
      t.equal(unknown.status, 422);
      t.same(unknown.body, errors(['participant_id', NOT_RECOGNISED]), `${version} ${action}: an unknown participant`);
      t.same((await act(version, action, 'not-a-uuid', base)).body, errors(['participant_id', NOT_RECOGNISED]), 'a malformed id');
      t.same((await act(version, action, crypto.randomUUID(), { reason: 'other', schedule_identifier: 'npq-specialist-spring' })).body,
        errors(['participant_id', NOT_RECOGNISED], ['course_identifier', COURSE_MISSING]), 'unknown participant, no course');
      t.same((await act(version, action, person.userId, { reason: 'other', schedule_identifier: 'npq-specialist-spring' })).body,
        errors(['course_identifier', `${COURSE_NOT_RECOGNISED}, ${COURSE_MISSING}`]), 'no course');
      t.same((await act(version, action, person.userId, { ...base, course_identifier: 'ecf-induction' })).body,
        errors(['course_identifier', COURSE_NOT_RECOGNISED]), 'not an NPQ course');
      t.same((await act(version, action, person.userId, { ...base, course_identifier: 'npq-headship' })).body,
        errors(['participant_id', NOT_RECOGNISED]), 'a course the person is not enrolled on with the provider');
      t.same((await act(version, action, stranger.userId, base)).body, errors(['participant_id', NOT_RECOGNISED]), "another provider's participant");
      t.same((await act(version, action, stranger.userId, { ...base, course_identifier: 'ecf-induction' })).body,
        errors(['participant_id', NOT_RECOGNISED]), "another provider's participant with a course they do not take: as an unknown id");
      t.same((await act(version, action, pending.userId, base)).body, errors(['course_identifier', COURSE_NOT_RECOGNISED]), 'a pending applicant (no enrolment anywhere)');
      const noData = await act(version, action, person.userId, null, { nothing: true });
      t.equal(noData.status, 400, 'a body without data');
      t.same(noData.body, errors(['Bad request', 'correct json data structure required. See API docs for reference']));
    }
  }
  t.equal(await status(person), 'active', 'nothing changed');
});

await t.test('withdraw', async (t) => {
  for (const version of VERSIONS) {
    const person = await enrol(ambition);
    t.same((await act(version, 'withdraw', person.userId, { course_identifier: COURSE })).body,
      errors(['reason', `${REASON_MISSING}, ${REASON_INVALID}`], ['participant_profile', 'An NPQ participant who has not got a started declaration cannot be withdrawn. Please contact support for assistance']),
      'no reason, no started declaration');
    t.same((await act(version, 'withdraw', person.userId, { course_identifier: COURSE, reason: 'moved-school' })).body,
      errors(['reason', REASON_INVALID], ['participant_profile', 'An NPQ participant who has not got a started declaration cannot be withdrawn. Please contact support for assistance']),
      'an ECF reason is not an NPQ one');
    await declare(person, { type: 'retained-1' });
    t.equal((await act(version, 'withdraw', person.userId, { course_identifier: COURSE, reason: 'other' })).status, 422, 'a retained declaration is not a start');
    await declare(person, { state: 'voided' });
    const done = await act(version, 'withdraw', person.userId, { course_identifier: COURSE, reason: 'quality-of-programme-structure-not-suitable.' });
    t.equal(done.status, 200, 'a voided started declaration is enough');
    t.equal(done.body.data.id, person.userId);
    if (version === 'v3') {
      t.match(done.body.data.attributes.npq_enrolments[0], { training_status: 'withdrawn', withdrawal: { reason: 'quality-of-programme-structure-not-suitable.', date: /Z$/ }, deferral: null });
    } else if (version === 'v2') {
      t.match(done.body.data.attributes.npq_enrolments[0], { training_status: 'withdrawn' });
    } else {
      t.match(done.body.data.attributes, { npq_courses: [COURSE] });
    }
    t.equal(await status(person), 'withdrawn');
    const state = await prisma.npqProfileState.findFirstOrThrow({ where: { npqParticipantProfileId: person.applicationId, leadProviderId: ambition } });
    t.match(state, { state: 'withdrawn', reason: 'quality-of-programme-structure-not-suitable.' }, 'the history records who and why');
    t.same((await act(version, 'withdraw', person.userId, { course_identifier: COURSE, reason: 'other' })).body,
      errors(['participant_profile', 'The participant is already withdrawn']), 'not twice');
  }
  t.notOk((NPQ_WITHDRAW_REASONS as readonly string[]).includes('quality-of-programme-structure-not-suitable'), 'the reason keeps its full stop');
  const person = await enrol(ambition);
  await declare(person);
  t.same((await act('v3', 'withdraw', person.userId, { course_identifier: COURSE, reason: 'quality-of-programme-structure-not-suitable' })).body,
    errors(['reason', REASON_INVALID]), 'without the full stop it is not a reason');
});

await t.test('defer', async (t) => {
  for (const version of VERSIONS) {
    const person = await enrol(ambition);
    t.same((await act(version, 'defer', person.userId, { course_identifier: COURSE, reason: 'personal-reason-other' })).body,
      errors(['reason', REASON_INVALID], ['participant_profile', 'You cannot defer an NPQ participant that has no declarations']));
    await declare(person, { type: 'retained-1', state: 'voided' });
    const done = await act(version, 'defer', person.userId, { course_identifier: COURSE, reason: 'career-break' });
    t.equal(done.status, 200, 'any declaration, in any state, is enough');
    if (version === 'v3') t.match(done.body.data.attributes.npq_enrolments[0], { training_status: 'deferred', deferral: { reason: 'career-break' }, withdrawal: null });
    t.equal(await status(person), 'deferred');
    t.same((await act(version, 'defer', person.userId, { course_identifier: COURSE, reason: 'career-break' })).body,
      errors(['participant_profile', 'The participant is already deferred']), 'not twice');
    await declare(person);
    t.equal((await act(version, 'withdraw', person.userId, { course_identifier: COURSE, reason: 'other' })).status, 200, 'a deferred participant can be withdrawn');
    t.same((await act(version, 'defer', person.userId, { course_identifier: COURSE })).body,
      errors(['reason', `${REASON_MISSING}, ${REASON_INVALID}`], ['participant_profile', 'The participant is already withdrawn']), 'nor a withdrawn one deferred');
  }
});

await t.test('resume', async (t) => {
  for (const version of VERSIONS) {
    const person = await enrol(ambition);
    t.same((await act(version, 'resume', person.userId, { course_identifier: COURSE })).body, errors(['participant_profile', 'The participant is already active']));
    await declare(person);
    await act(version, 'defer', person.userId, { course_identifier: COURSE, reason: 'parental-leave' });
    const resumed = await act(version, 'resume', person.userId, { course_identifier: COURSE });
    t.equal(resumed.status, 200, 'from deferred');
    if (version === 'v3') t.match(resumed.body.data.attributes.npq_enrolments[0], { training_status: 'active', deferral: null, withdrawal: null });
    await act(version, 'withdraw', person.userId, { course_identifier: COURSE, reason: 'other' });
    t.equal((await act(version, 'resume', person.userId, { course_identifier: COURSE })).status, 200, 'and from withdrawn');
    t.equal(await status(person), 'active');
    const history = await prisma.npqProfileState.findMany({ where: { npqParticipantProfileId: person.applicationId }, orderBy: { createdAt: 'asc' } });
    t.same(history.map((row) => row.state), ['active', 'deferred', 'active', 'withdrawn', 'active'], 'every change is in the history');
  }
});

await t.test('change-schedule', async (t) => {
  const schedule = async (person: { applicationId: string }) => {
    const profile = await prisma.npqParticipantProfile.findUniqueOrThrow({ where: { id: person.applicationId }, include: { schedule: { include: { cohort: true } } } });
    return `${profile.schedule.scheduleIdentifier}/${profile.schedule.cohort.startYear}`;
  };
  for (const version of VERSIONS) {
    const person = await enrol(ambition, {}, { scheduleIdentifier: 'npq-specialist-autumn' });
    const change = (attributes: Record<string, unknown>) => act(version, 'change-schedule', person.userId, { course_identifier: COURSE, ...attributes });
    t.same((await change({})).body, errors(['schedule_identifier', INVALID_SCHEDULE]), 'a schedule is needed');
    t.same((await change({ schedule_identifier: 'npq-specialist-sometime' })).body, errors(['schedule_identifier', INVALID_SCHEDULE]), 'an unknown schedule');
    t.same((await change({ schedule_identifier: 'npq-specialist-autumn' })).body,
      errors(['schedule_identifier', 'Selected schedule is already on the profile']), 'the same schedule');
    t.same((await change({ schedule_identifier: 'npq-leadership-spring' })).body,
      errors(['schedule_identifier', 'Selected schedule is not valid for the course']), 'a schedule of another kind');
    t.same((await change({ schedule_identifier: 'npq-specialist-spring', cohort: '2019' })).body, errors(['cohort', NO_CONTRACT]), 'a cohort without a contract');

    const moved = await change({ schedule_identifier: 'npq-specialist-spring' });
    t.equal(moved.status, 200);
    if (version !== 'v1') t.match(moved.body.data.attributes.npq_enrolments[0], { schedule_identifier: 'npq-specialist-spring', cohort: '2024' });
    t.equal(await schedule(person), 'npq-specialist-spring/2024');

    const toCohort = await change({ schedule_identifier: 'npq-specialist-autumn', cohort: '2025' });
    t.equal(toCohort.status, 200, 'into another cohort');
    if (version !== 'v1') t.match(toCohort.body.data.attributes.npq_enrolments[0], { schedule_identifier: 'npq-specialist-autumn', cohort: '2025' });
    const application = await prisma.npqApplication.findUniqueOrThrow({ where: { id: person.applicationId }, include: { cohort: true } });
    t.equal(application.cohort.startYear, 2025, 'the application moves with it');

    // A paid declaration dated before the 2024 spring schedule started, and a submitted one after.
    await declare(person, { state: 'paid', date: new Date('2025-03-01T10:00:00Z'), cohortStartYear: 2025 });
    t.same((await change({ schedule_identifier: 'npq-specialist-spring', cohort: '2024' })).body, errors(['cohort', "You cannot change the '#/cohort' field"]),
      'declarations hold the cohort');
    const future = await prisma.npqSchedule.findFirstOrThrow({ where: { scheduleIdentifier: 'npq-specialist-spring', cohort: { startYear: 2025 } } });
    const tooEarly = await change({ schedule_identifier: 'npq-specialist-spring' });
    t.ok(future.startDate.getTime() > new Date('2025-03-01T10:00:00Z').getTime(), 'the 2025 spring schedule starts after the declaration');
    t.same(tooEarly.body, errors(['schedule_identifier', 'Changing schedule would invalidate existing declarations. Please void them first.']),
      'a declaration before the new schedule starts');

    const withdrawn = await enrol(ambition);
    await declare(withdrawn);
    await act(version, 'withdraw', withdrawn.userId, { course_identifier: COURSE, reason: 'other' });
    t.same((await act(version, 'change-schedule', withdrawn.userId, { course_identifier: COURSE, schedule_identifier: 'npq-specialist-spring' })).body,
      errors(['participant_id', 'Cannot perform actions on a withdrawn participant']));
  }

  const leader = await enrol(ambition, { courseIdentifier: 'npq-headship' }, { scheduleIdentifier: 'npq-leadership-autumn' });
  await declare(leader, { type: 'retained-2', courseIdentifier: 'npq-headship', date: new Date('2025-06-01T10:00:00Z') });
  const toSpecialist = await act('v3', 'change-schedule', leader.userId, { course_identifier: 'npq-headship', schedule_identifier: 'npq-specialist-spring' });
  t.equal(toSpecialist.status, 404, 'a declaration type the new schedule has no milestone for (as the DfE service answered)');

  const noCap = await enrol(ambition, { cohortStartYear: 2023 }, { scheduleIdentifier: 'npq-specialist-autumn' });
  const capped = await act('v3', 'change-schedule', noCap.userId, { course_identifier: COURSE, schedule_identifier: 'npq-specialist-autumn', cohort: '2024' });
  t.equal(capped.status, 200, 'from an uncapped cohort into a capped one');
  t.equal(capped.body.data.attributes.npq_enrolments[0].funded_place, true, 'the funded place follows the eligibility');
  const back = await act('v3', 'change-schedule', noCap.userId, { course_identifier: COURSE, schedule_identifier: 'npq-specialist-autumn', cohort: '2023' });
  t.same(back.body, errors(['cohort', "You cannot change the '#/cohort' field"]), 'but not from capped back to uncapped');
});

await t.test('an action is a change an incremental sync sees', async (t) => {
  const person = await enrol(ambition);
  await declare(person);
  const since = new Date(Date.now() + 1000);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  t.equal((await act('v2', 'defer', person.userId, { course_identifier: COURSE, reason: 'other' })).status, 200);
  for (const version of VERSIONS) {
    const response = await api.request({ method: 'GET', url: `/api/${version}/participants/npq?filter[updated_since]=${encodeURIComponent(since.toISOString())}`, token });
    t.same(JSON.parse(response.body).data.map((item: { id: string }) => item.id), [person.userId], `${version}: the deferred participant`);
  }
});

await t.test('concurrent actions on one enrolment apply one after the other', async (t) => {
  const person = await enrol(ambition);
  await declare(person);
  const answers = await Promise.all([1, 2, 3].map(() => act('v3', 'withdraw', person.userId, { course_identifier: COURSE, reason: 'other' })));
  t.same(answers.map((answer) => answer.status).sort(), [200, 422, 422], 'one withdrawal, two refusals');
  t.ok(answers.filter((answer) => answer.status === 422).every((answer) => answer.body.errors[0].detail === 'The participant is already withdrawn'));
  t.equal(await prisma.npqProfileState.count({ where: { npqParticipantProfileId: person.applicationId, state: 'withdrawn' } }), 1, 'one state row');
});
