// Defer, resume and withdraw in every version (v1 and its legacy paths, v2, v3): the request
// bodies, every validation with its exact title and message, the effects the provider then sees.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { runScenario } from '../../prisma/seed/sandbox.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import type { Tap } from '../behaviours/endpoint.ts';

const api = await buildTestApi(t, { RATE_LIMIT_MAX: 1_000_000 });
const prisma = api.database.prisma;
const names = new NameSource('act');
const ambition = await api.providerId('Ambition Institute');
const token = await api.tokenFor('Ambition Institute');
const otherToken = await api.tokenFor('Capita');
const runNamed = scenarioRunner(prisma, names);

async function scenario(name: string, leadProviderId = ambition, cohortStartYear = 2024) {
  return runNamed(name, leadProviderId, cohortStartYear);
}

async function profileId(userId: string, profileType: 'ect' | 'mentor') {
  return (await prisma.participantProfile.findFirstOrThrow({ where: { userId, profileType } })).id;
}

const NOT_RECOGNISED = "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.";
const COURSE_NOT_RECOGNISED = "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.";
const COURSE_MISSING = "Enter a '#/course_identifier' value for this participant.";

type Action = 'defer' | 'resume' | 'withdraw';
interface Variant {
  label: string;
  version: 'v1' | 'v2' | 'v3';
  legacy?: boolean;
}
const variants: Variant[] = [
  { label: 'v1', version: 'v1' },
  { label: 'v1 legacy path', version: 'v1', legacy: true },
  { label: 'v2', version: 'v2' },
  { label: 'v3', version: 'v3' },
];

function urlFor(variant: Variant, id: string, action: Action | 'change-schedule') {
  return variant.legacy ? `/api/v1/participants/${id}/${action}` : `/api/${variant.version}/participants/ecf/${id}/${action}`;
}

async function act(variant: Variant, action: Action, id: string, attributes: unknown, options: { as?: string; headers?: Record<string, string>; payload?: unknown } = {}) {
  const response = await api.request({
    method: 'PUT',
    url: urlFor(variant, id, action),
    token: options.as ?? token,
    headers: options.headers,
    payload: (options.payload ?? { data: { type: `participant-${action}`, attributes } }) as object,
  });
  return { status: response.statusCode, body: JSON.parse(response.body || 'null'), raw: response.body };
}

const errors = (...items: [string, string][]) => ({ errors: items.map(([title, detail]) => ({ title, detail })) });

/** The registration the response shows for a course, whatever the version's shape. */
function shown(t: Tap, variant: Variant, body: { data: { id: string; attributes: Record<string, unknown> } }, course: 'ecf-induction' | 'ecf-mentor') {
  const type = course === 'ecf-induction' ? 'ect' : 'mentor';
  if (variant.version !== 'v3') {
    t.equal(body.data.attributes.participant_type, type, 'v1/v2 answer with the registration acted on');
    return body.data.attributes;
  }
  const enrolments = body.data.attributes.ecf_enrolments as Record<string, unknown>[];
  return enrolments.find((e) => e.participant_type === type)!;
}

for (const variant of variants) {
  await t.test(`${variant.label}: actions`, async (t) => {
    await tokenAuthenticatedEndpoint(t, {
      api,
      url: urlFor(variant, '00000000-0000-4000-8000-000000000000', 'defer'),
      method: 'PUT',
      token,
      body: { data: { attributes: { reason: 'other', course_identifier: 'ecf-induction' } } },
    });

    await t.test('defer, resume, withdraw and resume again, each shown at once', async (t) => {
      const { ect } = await scenario('ect-with-mentor');
      const ectProfile = await profileId(ect!, 'ect');
      const deferredAt = new Date(Date.now() - 1000);
      const deferred = await act(variant, 'defer', ect!, { reason: 'parental-leave', course_identifier: 'ecf-induction' }, {
        headers: { 'x-with-server-date': deferredAt.toISOString() },
      });
      t.equal(deferred.status, 200, deferred.raw);
      t.equal(deferred.body.data.id, ect);
      t.equal(deferred.body.data.type, 'participant');
      let record = shown(t, variant, deferred.body, 'ecf-induction');
      t.equal(record.training_status, 'deferred');
      t.equal(record.training_record_id, ectProfile);
      if (variant.version === 'v3') {
        t.same(record.deferral, { reason: 'parental-leave', date: `${deferredAt.toISOString().slice(0, 19)}Z` }, 'deferral reason and date');
        t.equal(record.withdrawal, null);
        t.equal(deferred.body.data.attributes.updated_at, `${deferredAt.toISOString().slice(0, 19)}Z`, 'updated_at is the change');
      } else {
        t.equal(record.updated_at, `${deferredAt.toISOString().slice(0, 19)}Z`, 'updated_at is the change');
        t.equal(record.status, 'active', 'the school-side status is unchanged');
      }

      t.same((await act(variant, 'defer', ect!, { reason: 'other', course_identifier: 'ecf-induction' })).body,
        errors(['participant_profile', 'The participant is already deferred']), 'deferring twice is refused');

      const resumed = await act(variant, 'resume', ect!, { course_identifier: 'ecf-induction' });
      t.equal(resumed.status, 200, resumed.raw);
      record = shown(t, variant, resumed.body, 'ecf-induction');
      t.equal(record.training_status, 'active');
      if (variant.version === 'v3') t.equal(record.deferral, null, 'no deferral once active');
      t.same((await act(variant, 'resume', ect!, { course_identifier: 'ecf-induction' })).body,
        errors(['participant_profile', 'The participant is already active']), 'resuming an active participant is refused');

      const withdrawn = await act(variant, 'withdraw', ect!, { reason: 'switched-to-school-led', course_identifier: 'ecf-induction' });
      t.equal(withdrawn.status, 200, withdrawn.raw);
      record = shown(t, variant, withdrawn.body, 'ecf-induction');
      t.equal(record.training_status, 'withdrawn');
      if (variant.version === 'v3') t.match(record.withdrawal, { reason: 'switched-to-school-led', date: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/ });

      t.same((await act(variant, 'withdraw', ect!, { reason: 'other', course_identifier: 'ecf-induction' })).body,
        errors(['participant_profile', 'The participant is already withdrawn']), 'withdrawing twice is refused');
      t.same((await act(variant, 'defer', ect!, { reason: 'other', course_identifier: 'ecf-induction' })).body,
        errors(['participant_profile', 'The participant is already withdrawn']), 'a withdrawn participant cannot be deferred');

      const back = await act(variant, 'resume', ect!, { course_identifier: 'ecf-induction' });
      t.equal(back.status, 200, 'a withdrawn participant can be resumed');
      t.equal(shown(t, variant, back.body, 'ecf-induction').training_status, 'active');

      const states = await prisma.participantProfileState.findMany({ where: { participantProfileId: ectProfile }, orderBy: { createdAt: 'asc' } });
      t.same(states.map((s) => [s.state, s.reason, s.leadProviderId]), [
        ['deferred', 'parental-leave', ambition],
        ['active', null, ambition],
        ['withdrawn', 'switched-to-school-led', ambition],
        ['active', null, ambition],
      ], 'every action records its state for this provider');
      const records = await prisma.inductionRecord.findMany({ where: { participantProfileId: ectProfile }, orderBy: { createdAt: 'asc' } });
      t.equal(records.length, 5, 'each action closed the record and opened a new one');
      t.same(records.slice(0, 4).map((r) => r.inductionStatus), ['changed', 'changed', 'changed', 'changed']);
      t.equal(records.filter((r) => r.endDate === null).length, 1, 'one open record');
      const profile = await prisma.participantProfile.findUniqueOrThrow({ where: { id: ectProfile } });
      t.equal(profile.trainingStatus, 'active', 'the profile mirrors the training status');
    });

    await t.test('a mentor who is also an ECT: the course picks the registration', async (t) => {
      const { participant } = await scenario('ect-and-mentor');
      const mentorProfile = await profileId(participant!, 'mentor');
      const response = await act(variant, 'withdraw', participant!, { reason: 'mentor-no-longer-being-mentor', course_identifier: 'ecf-mentor' });
      t.equal(response.status, 200, response.raw);
      const mentor = shown(t, variant, response.body, 'ecf-mentor');
      t.equal(mentor.training_status, 'withdrawn');
      t.equal(mentor.training_record_id, mentorProfile);
      if (variant.version === 'v3') t.equal(shown(t, variant, response.body, 'ecf-induction').training_status, 'active', 'the ECT registration is untouched');
      const deferEct = await act(variant, 'defer', participant!, { reason: 'career-break', course_identifier: 'ecf-induction' });
      t.equal(shown(t, variant, deferEct.body, 'ecf-induction').training_status, 'deferred');
    });

    await t.test('every defer reason is accepted; others, and blanks, are refused', async (t) => {
      for (const reason of ['bereavement', 'long-term-sickness', 'parental-leave', 'career-break', 'other']) {
        const { ect } = await scenario('ect-without-mentor');
        t.equal((await act(variant, 'defer', ect!, { reason, course_identifier: 'ecf-induction' })).status, 200, reason);
      }
      const { ect } = await scenario('ect-without-mentor');
      t.same((await act(variant, 'defer', ect!, { reason: 'holiday', course_identifier: 'ecf-induction' })).body,
        errors(['reason', "The property '#/reason' must be a valid reason"]));
      for (const missing of [{ course_identifier: 'ecf-induction' }, { reason: '', course_identifier: 'ecf-induction' }, { reason: ['other'], course_identifier: 'ecf-induction' }]) {
        const response = await act(variant, 'defer', ect!, missing);
        t.equal(response.status, 422);
        t.same(response.body, errors(['reason', "The property '#/reason' must be present, The property '#/reason' must be a valid reason"]),
          `reason ${JSON.stringify(missing.reason)} is missing`);
      }
    });

    await t.test('every withdraw reason is accepted; the retired school-left-fip is not', async (t) => {
      for (const reason of ['left-teaching-profession', 'moved-school', 'mentor-no-longer-being-mentor', 'switched-to-school-led', 'other']) {
        const { ect } = await scenario('ect-without-mentor');
        const response = await act(variant, 'withdraw', ect!, { reason, course_identifier: 'ecf-induction' });
        t.equal(response.status, 200, reason);
        if (variant.version === 'v3') t.equal((shown(t, variant, response.body, 'ecf-induction').withdrawal as { reason: string }).reason, reason);
      }
      const { ect } = await scenario('ect-without-mentor');
      for (const reason of ['school-left-fip', 'started-in-error', 'deceased']) {
        t.same((await act(variant, 'withdraw', ect!, { reason, course_identifier: 'ecf-induction' })).body,
          errors(['reason', "The property '#/reason' must be a valid reason"]), `${reason} is refused`);
      }
      t.same((await act(variant, 'withdraw', ect!, { course_identifier: 'ecf-induction' })).body,
        errors(['reason', "The property '#/reason' must be present, The property '#/reason' must be a valid reason"]));
    });

    await t.test('course_identifier: missing, unknown, or a course the participant does not hold', async (t) => {
      const { ect } = await scenario('ect-without-mentor');
      for (const action of ['defer', 'resume', 'withdraw'] as const) {
        const missing = await act(variant, action, ect!, { reason: 'other' });
        t.equal(missing.status, 422);
        t.same(missing.body, errors(['course_identifier', `${COURSE_NOT_RECOGNISED}, ${COURSE_MISSING}`]), `${action}: missing course`);
        t.same((await act(variant, action, ect!, { reason: 'other', course_identifier: 'ecf-mentor' })).body,
          errors(['course_identifier', COURSE_NOT_RECOGNISED]), `${action}: a course the ECT does not hold`);
        t.same((await act(variant, action, ect!, { reason: 'other', course_identifier: 'npq-leading-teaching' })).body,
          errors(['course_identifier', COURSE_NOT_RECOGNISED]), `${action}: an unknown course`);
      }
    });

    await t.test('participants this provider cannot act on are "not recognised" (422, never 404)', async (t) => {
      const theirs = await scenario('ect-without-mentor', await api.providerId('Capita'));
      const challenged = await scenario('challenged');
      for (const action of ['defer', 'resume', 'withdraw'] as const) {
        const body = { reason: 'other', course_identifier: 'ecf-induction' };
        for (const [label, id] of [
          ['an unknown id', '7d5a9c8e-1111-4a2b-9c3d-000000000001'],
          ['a malformed id', 'not-a-uuid'],
          ["another provider's participant", theirs.ect!],
          ['a participant under a challenged partnership', challenged.hiddenEct!],
        ] as const) {
          const response = await act(variant, action, id, body);
          t.equal(response.status, 422, `${action}: ${label}`);
          t.same(response.body, errors(['participant_id', NOT_RECOGNISED]));
        }
      }
      // A course the other provider's participant does not hold must not be answered differently
      // from an unknown id (that would confirm the id is a real person training elsewhere).
      for (const course of ['ecf-mentor', 'npq-headship']) {
        const answer = await act(variant, 'defer', theirs.ect!, { reason: 'other', course_identifier: course });
        t.same(answer.body, errors(['participant_id', NOT_RECOGNISED]), `another provider's participant, ${course}: as an unknown id`);
      }
      const stillActive = await act(variant, 'defer', theirs.ect!, { reason: 'other', course_identifier: 'ecf-induction' }, { as: otherToken });
      t.equal(stillActive.status, 200, 'the other provider still can (nothing was changed by the refused calls)');
      t.equal(shown(t, variant, stillActive.body, 'ecf-induction').training_status, 'deferred');
    });

    await t.test('a participant the school withdrew can no longer be acted on', async (t) => {
      const { ect } = await scenario('ect-without-mentor');
      const user = await prisma.participantProfile.findFirstOrThrow({ where: { userId: ect! } });
      await prisma.participantProfile.update({ where: { id: user.id }, data: { status: 'withdrawn' } });
      t.same((await act(variant, 'defer', ect!, { reason: 'other', course_identifier: 'ecf-induction' })).body,
        errors(['course_identifier', COURSE_NOT_RECOGNISED]));
    });

    await t.test('a retired (merged) participant id still reaches the registration it named', async (t) => {
      const { ect, retiredId } = await scenario('id-change');
      const response = await act(variant, 'defer', retiredId!, { reason: 'other', course_identifier: 'ecf-mentor' });
      t.equal(response.status, 200, response.raw);
      t.equal(response.body.data.id, ect, 'the answer names the participant id now in use');
      t.equal(shown(t, variant, response.body, 'ecf-mentor').training_status, 'deferred');
    });

    await t.test('malformed bodies', async (t) => {
      const { ect } = await scenario('ect-without-mentor');
      for (const payload of [{}, { attributes: { reason: 'other' } }, { data: 'defer' }, []]) {
        const response = await act(variant, 'defer', ect!, null, { payload });
        t.equal(response.status, 400, JSON.stringify(payload));
        t.same(response.body, errors(['Bad request', 'correct json data structure required. See API docs for reference']));
      }
      for (const payload of [{ data: {} }, { data: { attributes: 'x' } }, { data: { attributes: [] } }]) {
        const response = await act(variant, 'defer', ect!, null, { payload });
        t.equal(response.status, 422, `${JSON.stringify(payload)}: attributes read as empty`);
        t.same(response.body, errors(['course_identifier', `${COURSE_NOT_RECOGNISED}, ${COURSE_MISSING}`]));
      }
      const text = await api.request({ method: 'PUT', url: urlFor(variant, ect!, 'resume'), token, headers: { 'content-type': 'application/json' }, payload: '{"data":' });
      t.equal(text.statusCode, 400, 'unparseable JSON');
      const typeIgnored = await act(variant, 'defer', ect!, null, { payload: { data: { type: 'anything', attributes: { reason: 'other', course_identifier: 'ecf-induction', unknown: 1 } } } });
      t.equal(typeIgnored.status, 200, 'data.type is not checked and unknown attributes are ignored');
    });
  });
}

await t.test('concurrent identical actions on one participant apply once', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  const variant = variants[3]!;
  const results = await Promise.all(
    Array.from({ length: 6 }, () => act(variant, 'withdraw', ect!, { reason: 'other', course_identifier: 'ecf-induction' })),
  );
  t.same(results.map((r) => r.status).sort(), [200, 422, 422, 422, 422, 422]);
  const profile = await profileId(ect!, 'ect');
  t.equal(await prisma.participantProfileState.count({ where: { participantProfileId: profile } }), 1, 'one state row');
  t.equal(await prisma.inductionRecord.count({ where: { participantProfileId: profile, endDate: null } }), 1, 'one open record');
});

await t.test('a deferral shows in the v3 training_status filter', async (t) => {
  const { ect } = await scenario('ect-without-mentor');
  await act(variants[3]!, 'defer', ect!, { reason: 'bereavement', course_identifier: 'ecf-induction' });
  const deferred = JSON.parse((await api.request({ method: 'GET', url: '/api/v3/participants/ecf?filter[training_status]=deferred&page[per_page]=3000', token })).body);
  t.ok(deferred.data.some((item: { id: string }) => item.id === ect));
  const active = JSON.parse((await api.request({ method: 'GET', url: '/api/v3/participants/ecf?filter[training_status]=active&page[per_page]=3000', token })).body);
  t.notOk(active.data.some((item: { id: string }) => item.id === ect));
});

await t.test('actions on someone who has left for another provider act on the old provider\'s record', async (t) => {
  const { ect } = await scenario('transfer-to-other-provider');
  const v3 = variants[3]!;
  const deferred = await act(v3, 'defer', ect!, { reason: 'other', course_identifier: 'ecf-induction' });
  t.equal(deferred.status, 200, deferred.raw);
  const enrolment = shown(t, v3, deferred.body, 'ecf-induction');
  t.equal(enrolment.training_status, 'deferred');
  t.equal(enrolment.participant_status, 'left', 'still shown as left');
  const resumed = await act(v3, 'resume', ect!, { course_identifier: 'ecf-induction' });
  t.equal(resumed.status, 200, `the deferral is seen by the next action: ${resumed.raw}`);
  t.equal(shown(t, v3, resumed.body, 'ecf-induction').training_status, 'active');
  const theirs = JSON.parse((await api.request({ method: 'GET', url: `/api/v3/participants/ecf/${ect}`, token: await api.tokenFor((await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } }))[1]!.name) })).body);
  t.equal(theirs.data.attributes.ecf_enrolments[0].training_status, 'active', 'the new provider\'s record is untouched');
  const transfers = JSON.parse((await api.request({ method: 'GET', url: `/api/v3/participants/ecf/${ect}/transfers`, token })).body);
  t.match(transfers.data.attributes.transfers, [{ transfer_type: 'new_provider', joining: { provider: String } }], 'the move still pairs its leaving and joining records');
  t.equal(transfers.data.attributes.transfers.length, 1);
});

await t.test('a withdrawal stops declarations dated after it, until the participant is resumed', async (t) => {
  const { ect } = await runScenario(prisma, { scenario: 'ect-without-mentor', leadProviderId: ambition, cohortStartYear: 2024, now: new Date('2024-09-02T08:00:00Z'), names });
  const at = (when: string) => ({ 'x-with-server-date': when });
  const withdrawn = await act(variants[3]!, 'withdraw', ect!, { reason: 'moved-school', course_identifier: 'ecf-induction' }, { headers: at('2024-10-01T12:00:00Z') });
  t.equal(withdrawn.status, 200, withdrawn.raw);
  const declare = (date: string, serverDate: string) => api.request({
    method: 'POST', url: '/api/v3/participant-declarations', token, headers: at(serverDate),
    payload: { data: { type: 'participant-declaration', attributes: { participant_id: ect, declaration_type: 'started', declaration_date: date, course_identifier: 'ecf-induction' } } },
  });
  const after = await declare('2024-10-05T10:00:00Z', '2024-10-06T10:00:00Z');
  t.equal(after.statusCode, 422);
  t.same(JSON.parse(after.body), errors(['participant_id',
    "This participant withdrew from this course on 2024-10-01T12:00:00Z. Enter a '#/declaration_date' that's on or before the withdrawal date."]));
  const resumed = await act(variants[3]!, 'resume', ect!, { course_identifier: 'ecf-induction' }, { headers: at('2024-10-10T09:00:00Z') });
  t.equal(resumed.status, 200, resumed.raw);
  const accepted = await declare('2024-10-12T10:00:00Z', '2024-10-13T10:00:00Z');
  t.equal(accepted.statusCode, 200, `declarations are accepted again once resumed: ${accepted.body}`);
});
