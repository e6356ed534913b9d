// PUT …/change-schedule in every version: each rule in its order with its exact title and message,
// cohort moves, payments-frozen cohort moves and back, and what the provider sees afterwards.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { reportPartnership } from '../../src/domain/partnerships/report.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import type { DeclarationState } from '../../generated/prisma/client.ts';

const api = await buildTestApi(t, { RATE_LIMIT_MAX: 1_000_000 });
const prisma = api.database.prisma;
const names = new NameSource('cs');
const ambition = await api.providerId('Ambition Institute');
const token = await api.tokenFor('Ambition Institute');
const runNamed = scenarioRunner(prisma, names);

async function scenario(name: string, cohortStartYear = 2024, leadProviderId = ambition) {
  return runNamed(name, leadProviderId, cohortStartYear);
}

const errors = (...items: [string, string][]) => ({ errors: items.map(([title, detail]) => ({ title, detail })) });
const messages = {
  invalidSchedule: "The property '#/schedule_identifier' must be present and correspond to a valid schedule",
  withdrawn: 'Cannot perform actions on a withdrawn participant',
  invalidates: 'Changing schedule would invalidate existing declarations. Please void them first.',
  same: 'Selected schedule is already on the profile',
  course: 'Selected schedule is not valid for the course',
  cohortLocked: "You cannot change the '#/cohort' field",
  noPartnership: 'You cannot change a participant to this cohort as you do not have a partnership with the school for the cohort. Contact the DfE for assistance.',
  notRecognised: "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.",
};

async function changeSchedule(id: string, attributes: unknown, version: 'v1' | 'v2' | 'v3' = 'v3', legacy = false) {
  const url = legacy ? `/api/v1/participants/${id}/change-schedule` : `/api/${version}/participants/ecf/${id}/change-schedule`;
  const response = await api.request({ method: 'PUT', url, token, payload: { data: { type: 'participant-change-schedule', attributes } } });
  return { status: response.statusCode, body: JSON.parse(response.body || 'null'), raw: response.body };
}

async function profileOf(userId: string, profileType: 'ect' | 'mentor' = 'ect') {
  return prisma.participantProfile.findFirstOrThrow({ where: { userId, profileType }, include: { schedule: { include: { cohort: true } } } });
}

/** A declaration row as the declarations service would have stored it. */
async function declare(userId: string, declarationType: string, date: string, state: DeclarationState = 'eligible', profileType: 'ect' | 'mentor' = 'ect') {
  const profile = await profileOf(userId, profileType);
  return prisma.participantDeclaration.create({
    data: {
      userId,
      participantProfileId: profile.id,
      leadProviderId: ambition,
      cohortId: profile.schedule.cohortId,
      profileType,
      declarationType,
      declarationDate: new Date(date),
      courseIdentifier: profileType === 'ect' ? 'ecf-induction' : 'ecf-mentor',
      state,
    },
  });
}

async function partnerIn(schoolId: string, cohortStartYear: number) {
  const existing = await prisma.partnership.findFirstOrThrow({ where: { schoolId, leadProviderId: ambition } });
  const cohort = await prisma.cohort.findUniqueOrThrow({ where: { startYear: cohortStartYear } });
  await prisma.$transaction((db) =>
    reportPartnership(db, { schoolId, cohortId: cohort.id, leadProviderId: ambition, deliveryPartnerId: existing.deliveryPartnerId, now: new Date() }),
  );
}

type Enrolment = Record<string, unknown>;
const enrolmentOf = (body: { data: { attributes: { ecf_enrolments: Enrolment[] } } }, type = 'ect') =>
  body.data.attributes.ecf_enrolments.find((e) => e.participant_type === type)!;

await tokenAuthenticatedEndpoint(t, {
  api,
  url: '/api/v3/participants/ecf/00000000-0000-4000-8000-000000000000/change-schedule',
  method: 'PUT',
  token,
  body: { data: { attributes: { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-induction' } } },
});

await t.test('changes the schedule in every version', async (t) => {
  for (const [version, legacy] of [['v1', false], ['v1', true], ['v2', false], ['v3', false]] as const) {
    const { ect } = await scenario('ect-without-mentor');
    const before = await profileOf(ect!);
    const response = await changeSchedule(ect!, { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-induction' }, version, legacy);
    t.equal(response.status, 200, `${version}${legacy ? ' legacy' : ''}: ${response.raw}`);
    const shown = version === 'v3' ? enrolmentOf(response.body) : response.body.data.attributes;
    t.equal(shown.schedule_identifier, 'ecf-extended-september');
    t.equal(shown.cohort, '2024');
    t.equal(shown.training_record_id, before.id);
    const after = await profileOf(ect!);
    t.equal(after.schedule.scheduleIdentifier, 'ecf-extended-september', 'the profile is on the new schedule');
    t.equal(await prisma.participantProfileSchedule.count({ where: { participantProfileId: before.id } }), 2, 'schedule history kept');
    const open = await prisma.inductionRecord.findFirstOrThrow({ where: { participantProfileId: before.id, endDate: null }, include: { schedule: true } });
    t.equal(open.schedule.scheduleIdentifier, 'ecf-extended-september', 'a new induction record carries it');
  }
});

await t.test('a mentor may take a replacement schedule; an ECT may not', async (t) => {
  const { ect, mentor } = await scenario('ect-with-mentor');
  const ok = await changeSchedule(mentor!, { schedule_identifier: 'ecf-replacement-january', course_identifier: 'ecf-mentor' });
  t.equal(ok.status, 200, ok.raw);
  t.equal(enrolmentOf(ok.body, 'mentor').schedule_identifier, 'ecf-replacement-january');
  t.same((await changeSchedule(ect!, { schedule_identifier: 'ecf-replacement-january', course_identifier: 'ecf-induction' })).body,
    errors(['schedule_identifier', messages.course]));
});

await t.test('schedule_identifier missing, blank or unknown', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  for (const attributes of [
    { course_identifier: 'ecf-induction' },
    { course_identifier: 'ecf-induction', schedule_identifier: '' },
    { course_identifier: 'ecf-induction', schedule_identifier: { id: 'ecf-standard-april' } },
    { course_identifier: 'ecf-induction', schedule_identifier: 'ecf-standard-july' },
    { course_identifier: 'ecf-induction', schedule_identifier: 'ECF-STANDARD-APRIL' },
  ]) {
    const response = await changeSchedule(ect!, attributes);
    t.equal(response.status, 422, JSON.stringify(attributes));
    t.same(response.body, errors(['schedule_identifier', messages.invalidSchedule]));
  }
});

await t.test('the same schedule again is refused', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  t.same((await changeSchedule(ect!, { schedule_identifier: 'ecf-standard-september', course_identifier: 'ecf-induction' })).body,
    errors(['schedule_identifier', messages.same]));
  t.same((await changeSchedule(ect!, { schedule_identifier: 'ecf-standard-september', course_identifier: 'ecf-induction', cohort: '2024' })).body,
    errors(['schedule_identifier', messages.same]), 'naming the current cohort changes nothing');
});

await t.test('a withdrawn participant cannot change schedule; a deferred one can', async (t) => {
  const { mentor } = await scenario('withdrawn');
  t.same((await changeSchedule(mentor!, { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-mentor' })).body,
    errors(['participant_id', messages.withdrawn]));
  const { ect } = await scenario('deferred');
  const response = await changeSchedule(ect!, { schedule_identifier: 'ecf-reduced-april', course_identifier: 'ecf-induction' });
  t.equal(response.status, 200);
  t.equal(enrolmentOf(response.body).training_status, 'deferred', 'still deferred on the new schedule');
});

await t.test('the shared participant and course checks come first', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  t.same((await changeSchedule('2b9e6a6c-0000-4000-8000-000000000000', { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-induction' })).body,
    errors(['participant_id', messages.notRecognised]));
  t.same((await changeSchedule(ect!, { schedule_identifier: 'ecf-extended-september' })).body,
    errors(['course_identifier', "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again., Enter a '#/course_identifier' value for this participant."]));
  t.same((await changeSchedule('nonsense', {})).body,
    errors(['participant_id', messages.notRecognised], ['course_identifier', "Enter a '#/course_identifier' value for this participant."], ['schedule_identifier', messages.invalidSchedule]));
});

await t.test('existing declarations must fit the new schedule', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  // ecf-standard-september 2024 `started` opens 2024-06-01; ecf-extended-september 2024 opens 2024-09-01.
  const early = await declare(ect!, 'started', '2024-07-15T10:00:00Z');
  t.same((await changeSchedule(ect!, { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-induction' })).body,
    errors(['schedule_identifier', messages.invalidates]));
  await prisma.participantDeclaration.update({ where: { id: early.id }, data: { state: 'voided' } });
  await declare(ect!, 'started', '2024-09-01T00:00:00Z', 'submitted');
  t.same((await changeSchedule(ect!, { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-induction' })).body,
    errors(['schedule_identifier', messages.invalidates]), 'a declaration at exactly midnight of the start day fails (the DfE "<=")');
  await prisma.participantDeclaration.updateMany({ where: { userId: ect! }, data: { state: 'voided' } });
  await declare(ect!, 'started', '2024-09-02T09:00:00Z', 'paid');
  const ok = await changeSchedule(ect!, { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-induction' });
  t.equal(ok.status, 200, 'voided declarations are ignored; the paid one fits the new window');

  const { ect: late } = await scenario('ect-without-mentor');
  // ecf-standard-january 2024 `retained-1` closes 2025-07-31.
  await declare(late!, 'retained-1', '2025-12-01T00:00:00Z', 'payable');
  t.same((await changeSchedule(late!, { schedule_identifier: 'ecf-standard-january', course_identifier: 'ecf-induction' })).body,
    errors(['schedule_identifier', messages.invalidates]), 'after the milestone end date');
});

await t.test('a declaration type the new schedule has no milestone for is a 404', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  await changeSchedule(ect!, { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-induction' });
  await declare(ect!, 'extended-1', '2025-10-01T00:00:00Z');
  const response = await changeSchedule(ect!, { schedule_identifier: 'ecf-standard-september', course_identifier: 'ecf-induction' });
  t.equal(response.status, 404);
  t.equal(response.raw, '{"error":"Resource not Found"}');
});

await t.test('moving cohort', async (t) => {
  await t.test('needs a partnership with the school in the target cohort', async (t) => {
    const { ect, school } = await scenario('ect-without-mentor');
    for (const cohort of ['2025', '1999', 'abc', 2025]) {
      t.same((await changeSchedule(ect!, { schedule_identifier: 'ecf-standard-september', course_identifier: 'ecf-induction', cohort })).body,
        errors(['cohort', messages.noPartnership]), `cohort ${JSON.stringify(cohort)}`);
    }
    await partnerIn(school!, 2025);
    const moved = await changeSchedule(ect!, { schedule_identifier: 'ecf-standard-september', course_identifier: 'ecf-induction', cohort: '2025' });
    t.equal(moved.status, 200, moved.raw);
    const enrolment = enrolmentOf(moved.body);
    t.equal(enrolment.cohort, '2025');
    t.equal(enrolment.schedule_identifier, 'ecf-standard-september');
    t.equal(enrolment.cohort_changed_after_payments_frozen, false);
    const profile = await profileOf(ect!);
    t.equal(profile.schedule.cohort.startYear, 2025, 'the profile moved cohort');
    const v1 = JSON.parse((await api.request({ method: 'GET', url: `/api/v1/participants/ecf?filter[cohort]=2025&page[per_page]=3000`, token })).body);
    t.ok(v1.data.some((item: { id: string }) => item.id === ect), 'listed under its new cohort');
  });

  await t.test('is locked while billable or submitted declarations exist', async (t) => {
    const { ect, school } = await scenario('ect-without-mentor');
    await partnerIn(school!, 2025);
    await declare(ect!, 'started', '2025-08-01T00:00:00Z', 'submitted');
    t.same((await changeSchedule(ect!, { schedule_identifier: 'ecf-standard-september', course_identifier: 'ecf-induction', cohort: '2025' })).body,
      errors(['cohort', messages.cohortLocked]));
    const { ect: other, school: otherSchool } = await scenario('ect-without-mentor');
    await declare(other!, 'started', '2024-07-01T00:00:00Z', 'eligible');
    t.same((await changeSchedule(other!, { schedule_identifier: 'ecf-standard-september', course_identifier: 'ecf-induction', cohort: '2025' })).body,
      errors(['schedule_identifier', messages.invalidates], ['cohort', `${messages.cohortLocked}, ${messages.noPartnership}`]),
      `every failing rule is reported, in order (school ${otherSchool})`);
  });

  await t.test('payments-frozen ECTs move to 2024 and back, toggling the flag', async (t) => {
    const { ect, school } = await scenario('ect-without-mentor', 2022);
    await partnerIn(school!, 2024);
    await declare(ect!, 'started', '2022-10-01T00:00:00Z', 'paid');
    await declare(ect!, 'retained-1', '2023-02-01T00:00:00Z', 'paid');
    const out = await changeSchedule(ect!, { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-induction', cohort: '2024' });
    t.equal(out.status, 200, out.raw);
    t.equal(enrolmentOf(out.body).cohort, '2024');
    t.equal(enrolmentOf(out.body).cohort_changed_after_payments_frozen, true, 'flag set on the way out');
    const back = await changeSchedule(ect!, { schedule_identifier: 'ecf-standard-september', course_identifier: 'ecf-induction', cohort: '2022' });
    t.equal(back.status, 200, back.raw);
    t.equal(enrolmentOf(back.body).cohort, '2022');
    t.equal(enrolmentOf(back.body).cohort_changed_after_payments_frozen, false, 'flag cleared on the way back');

    const { ect: finished, school: finishedSchool } = await scenario('ect-without-mentor', 2022);
    await partnerIn(finishedSchool!, 2024);
    await declare(finished!, 'started', '2022-10-01T00:00:00Z', 'paid');
    await declare(finished!, 'completed', '2024-05-01T00:00:00Z', 'paid');
    t.same((await changeSchedule(finished!, { schedule_identifier: 'ecf-extended-september', course_identifier: 'ecf-induction', cohort: '2024' })).body,
      errors(['schedule_identifier', messages.invalidates], ['cohort', messages.cohortLocked]), 'a finished ECT is not moved');
  });
});

await t.test('a participant kept with the provider at a new school (relationship partnership) can change schedule within the cohort', async (t) => {
  const { ect } = await scenario('transfer-keep-provider');
  const response = await changeSchedule(ect!, { schedule_identifier: 'ecf-reduced-september', course_identifier: 'ecf-induction' });
  t.equal(response.status, 200, response.raw);
  t.equal(enrolmentOf(response.body).schedule_identifier, 'ecf-reduced-september');
});
