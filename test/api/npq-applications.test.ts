import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import type { NpqApplicationForm } from '../../src/domain/npq/applications/register.ts';
import { declareForNpq, npqEnroller } from '../helpers/npq.ts';
import { rejectNpqApplicationIn } from '../../src/domain/npq/applications/actions.ts';
import { NPQ_APPLICATION_CSV_COLUMNS_V1, NPQ_APPLICATION_CSV_COLUMNS_V2 } from '../../src/api/serializers/npq-application.ts';
import { filtersByUpdatedSince } from '../behaviours/updated-since.ts';
import { paginatedEndpoint } from '../behaviours/paginated-list.ts';
import { rejectsNonHashFilter } from '../behaviours/non-hash-filter.ts';
import { sortableEndpoint } from '../behaviours/sortable.ts';
import { tokenAuthenticatedEndpoint } from '../behaviours/token-authenticated.ts';
import { unknownIdIsNotFound } from '../behaviours/unknown-id.ts';

const api = await buildTestApi(t);
const prisma = api.database.prisma;
const names = new NameSource('npq');
const ambition = await api.providerId('Ambition Institute');
// The scenarios' "other provider" for Ambition (the next by name).
const bestPractice = await api.providerId('Best Practice Network');
const capita = await api.providerId('Capita');
const token = await api.tokenFor('Ambition Institute');
const bestPracticeToken = await api.tokenFor('Best Practice Network');
const capitaToken = await api.tokenFor('Capita');
const run = scenarioRunner(prisma, names);

const y2024 = await run('npq-applications', ambition, 2024);
const y2023 = await run('npq-applications', ambition, 2023);
const theirs = await run('npq-applications', capita, 2024);

const VERSIONS = ['v1', 'v2', 'v3'] as const;
type Item = { id: string; type: string; attributes: Record<string, unknown> };

async function call(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, as = token) {
  const response = await api.request({ method, url, token: as, ...(body === undefined ? {} : { payload: body as object }) });
  const json = response.headers['content-type'] === 'application/vnd.api+json' && response.body ? JSON.parse(response.body) : undefined;
  return { status: response.statusCode, json, body: response.body, response };
}

const enroller = npqEnroller(prisma, names);
/** A fresh pending application to Ambition (a second apart, so orders are determined). */
const apply = (overrides: Partial<NpqApplicationForm> = {}) => enroller.apply(ambition, overrides);

/** A declaration against an NPQ enrolment (see declareForNpq). */
const declareAgainst = (enrolmentId: string, userId: string, state: string) =>
  declareForNpq(prisma, { enrolmentId, userId, leadProviderId: ambition, courseIdentifier: 'npq-leading-teaching', state });

const accept = (version: string, id: string, attributes?: Record<string, unknown>, as = token) =>
  call('POST', `/api/${version}/npq-applications/${id}/accept`, attributes === undefined ? undefined : { data: { type: 'npq-application-accept', attributes } }, as);
const reject = (version: string, id: string, as = token) => call('POST', `/api/${version}/npq-applications/${id}/reject`, undefined, as);
const changeFundedPlace = (version: string, id: string, attributes: Record<string, unknown>) =>
  call('PUT', `/api/${version}/npq-applications/${id}/change-funded-place`, { data: { type: 'npq-application-change-funded-place', attributes } });
const error = (title: string, detail: string) => ({ errors: [{ title, detail }] });

for (const version of VERSIONS) {
  await t.test(`${version} list and show`, async (t) => {
    const url = `/api/${version}/npq-applications`;
    await tokenAuthenticatedEndpoint(t, { api, url, token });
    await paginatedEndpoint(t, { api, url, token }, { minimumItems: 10 });
    await rejectsNonHashFilter(t, { api, url, token });
    await unknownIdIsNotFound(t, { api, url: `${url}/:id`, token });
    await filtersByUpdatedSince(t, { api, url, token }, {
      touch: async () => {
        const application = await apply();
        await rejectNpqApplicationIn(prisma, { leadProviderId: ambition, applicationId: application.id, now: new Date() });
        return application.id;
      },
    });
    if (version === 'v3') {
      await sortableEndpoint(t, { api, url, token }, { timestamps: (item) => item.attributes as { created_at: string; updated_at: string } });
    }

    const all = (await call('GET', `${url}?page[per_page]=3000`)).json.data as Item[];
    const ids = all.map((item) => item.id);
    t.ok(Object.values(y2024).every((id) => ids.includes(id)), 'every application made to the provider is listed');
    t.notOk(Object.values(theirs).some((id) => ids.includes(id)), "no other provider's application is listed");
    t.ok(all.every((item) => item.type === 'npq_application'));
    const created = all.map((item) => String(item.attributes.created_at));
    t.same(created, [...created].sort(), 'in creation order');

    const shown = (await call('GET', `${url}/${y2024.pending}`)).json.data as Item;
    t.match(shown.attributes, {
      status: 'pending', course_identifier: 'npq-leading-teaching', cohort: '2024', email_validated: true, eligible_for_funding: true,
      ineligible_for_funding_reason: null, funded_place: null, teacher_reference_number_validated: true, works_in_school: true,
      teacher_catchment: true, teacher_catchment_iso_country_code: 'GBR', targeted_delivery_funding_eligibility: true,
    });
    t.equal('schedule_identifier' in shown.attributes, version === 'v3', 'schedule_identifier only in v3');
    if (version === 'v3') t.equal(shown.attributes.schedule_identifier, null, 'no schedule while pending');

    const ineligible = (await call('GET', `${url}/${y2024.ineligible}`)).json.data as Item;
    t.match(ineligible.attributes, { eligible_for_funding: false, ineligible_for_funding_reason: 'establishment-ineligible', works_in_school: false, employer_name: 'Northern Learning Trust', funding_choice: 'self', teacher_catchment: false, school_urn: null });
    const earlyYears = (await call('GET', `${url}/${y2024.earlyYears}`)).json.data as Item;
    t.match(earlyYears.attributes, { private_childcare_provider_urn: /^EY/, itt_provider: 'Teach Together Partnership', lead_mentor: true });
    const previously = (await call('GET', `${url}/${y2024.previouslyFunded}`)).json.data as Item;
    t.match(previously.attributes, { status: 'pending', eligible_for_funding: false, ineligible_for_funding_reason: 'previously-funded' }, 'funded through another provider for the course');
    const funded = (await call('GET', `${url}/${y2024.funded}`)).json.data as Item;
    t.match(funded.attributes, { status: 'accepted', funded_place: true, headteacher_status: 'yes_when_course_starts' });
    if (version === 'v3') t.equal(funded.attributes.schedule_identifier === 'npq-leadership-autumn' || funded.attributes.schedule_identifier === 'npq-leadership-spring', true, 'a leadership schedule');
    t.match((await call('GET', `${url}/${y2024.unfunded}`)).json.data.attributes, { status: 'accepted', funded_place: false });
    t.match((await call('GET', `${url}/${y2024.rejected}`)).json.data.attributes, { status: 'rejected' });
    t.match((await call('GET', `${url}/${y2024.rejectedAsSibling}`)).json.data.attributes, { status: 'rejected' }, 'rejected when another provider accepted the same course');
    t.match((await call('GET', `${url}/${y2023.funded}`)).json.data.attributes, { status: 'accepted', funded_place: null, cohort: '2023' }, 'no funded place before capped cohorts');

    t.equal((await call('GET', `${url}/${theirs.pending}`)).status, 404, "another provider's application is not found");
    t.same((await call('GET', `${url}/${theirs.pending}`, undefined, capitaToken)).json.data.id, theirs.pending, 'but its own provider sees it');
  });

  await t.test(`${version} filters`, async (t) => {
    const url = `/api/${version}/npq-applications`;
    const list = async (query: string) => ((await call('GET', `${url}?page[per_page]=3000&${query}`)).json.data as Item[]);
    const in2023 = await list('filter[cohort]=2023');
    t.ok(in2023.length > 0 && in2023.every((item) => item.attributes.cohort === '2023'), 'cohort filter');
    t.ok(in2023.some((item) => item.id === y2023.pending));
    t.same(await list('filter[cohort]=2019'), [], 'an unknown cohort matches nothing');
    // A change to the applicant (a new name) is a change to what the provider sees.
    const renamed = await apply();
    const since = new Date(Date.now() + 500);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await prisma.user.update({ where: { id: renamed.userId }, data: { fullName: `Renamed ${version}`, updatedAt: new Date() } });
    const changed = await list(`filter[updated_since]=${encodeURIComponent(since.toISOString())}`);
    const item = changed.find((entry) => entry.id === renamed.id);
    t.equal(item?.attributes.full_name, `Renamed ${version}`, 'an applicant change shows through updated_since');
    t.ok(String(item?.attributes.updated_at) >= since.toISOString().slice(0, 19), 'and moves updated_at');

    const both = await list('filter[cohort]=2023,2024');
    if (version === 'v3') {
      t.ok(both.some((item) => item.attributes.cohort === '2023') && both.some((item) => item.attributes.cohort === '2024'), 'v3 takes a list of cohorts');
      const person = (await call('GET', `${url}/${y2024.pending}`)).json.data.attributes.participant_id as string;
      const other = (await call('GET', `${url}/${y2023.pending}`)).json.data.attributes.participant_id as string;
      const mine = await list(`filter[participant_id]=${person},${other}`);
      t.same(mine.map((item) => item.id).sort(), [y2024.pending, y2023.pending].sort(), 'participant_id filter (comma list)');
      t.same(await list('filter[participant_id]=not-a-uuid'), [], 'a malformed participant id matches nothing');
      const desc = await list('sort=-created_at');
      const asc = await list('sort=created_at');
      t.same(desc.map((item) => item.id), asc.map((item) => item.id).reverse(), '-created_at is created_at reversed');
    } else {
      t.same(both, [], 'v1/v2 take a single cohort');
    }
  });

  if (version !== 'v3') {
    await t.test(`${version} CSV`, async (t) => {
      const url = `/api/${version}/npq-applications.csv`;
      const response = await call('GET', url);
      t.equal(response.status, 200);
      t.match(response.response.headers['content-type'], /^text\/csv/);
      const lines = response.body.trim().split('\n');
      const columns = version === 'v1' ? NPQ_APPLICATION_CSV_COLUMNS_V1 : NPQ_APPLICATION_CSV_COLUMNS_V2;
      t.equal(lines[0], columns.join(','), 'the exact header');
      t.equal(columns.includes('teacher_catchment'), version === 'v1', 'catchment columns only in v1');
      const json = (await call('GET', `/api/${version}/npq-applications?page[per_page]=3000`)).json.data as Item[];
      t.same(lines.slice(1).map((line) => line.split(',')[0]), json.map((item) => item.id), 'the same rows as the JSON list, in the same order');
      const pendingRow = lines.find((line) => line.startsWith(y2024.pending!))!.split(',');
      t.equal(pendingRow[columns.indexOf('status')], 'pending');
      t.equal(pendingRow[columns.indexOf('funded_place')], '', 'null is an empty cell');
      t.equal(pendingRow[columns.indexOf('email_validated')], 'true');
      const only2023 = (await call('GET', `${url}?filter[cohort]=2023`)).body.trim().split('\n').slice(1);
      t.ok(only2023.length > 0 && only2023.every((line) => line.split(',')[columns.indexOf('cohort')] === '2023'), 'filtered by cohort');
      t.equal((await call('GET', `${url}?filter[cohort]=2019`)).body, '', 'nothing matching: an empty body');
      t.notOk(lines.some((line) => Object.values(theirs).some((id) => line.startsWith(id))), "no other provider's rows");
    });
  } else {
    await t.test('v3 has no CSV', async (t) => {
      t.equal((await call('GET', '/api/v3/npq-applications.csv')).status, 404);
    });
  }

  await t.test(`${version} accept`, async (t) => {
    const pending = await apply();
    const accepted = await accept(version, pending.id, { funded_place: true });
    t.equal(accepted.status, 200);
    t.match(accepted.json.data.attributes, { status: 'accepted', funded_place: true });
    if (version === 'v3') t.match(accepted.json.data.attributes.schedule_identifier, /^npq-specialist-(autumn|spring)$/, 'the default schedule for the course');
    const profile = await prisma.npqParticipantProfile.findUnique({ where: { id: pending.id }, include: { states: true } });
    t.ok(profile, 'the applicant has an NPQ enrolment with the application id');
    t.equal(profile?.trainingStatus, 'active');
    t.equal(profile?.states.length, 1, 'with its first state');
    t.equal((await prisma.teacherProfile.findUnique({ where: { userId: pending.userId } }))?.trn, pending.teacherReferenceNumber, 'the verified TRN is recorded');

    t.same((await accept(version, pending.id, { funded_place: true })).json, error('npq_application', 'This NPQ application has already been accepted'));
    t.same((await reject(version, pending.id)).json, error('npq_application', 'Once accepted an application cannot change state'));

    const rejected = await apply();
    t.equal((await reject(version, rejected.id)).json.data.attributes.status, 'rejected');
    t.same((await reject(version, rejected.id)).json, error('npq_application', 'This NPQ application has already been rejected'));
    t.same((await accept(version, rejected.id, { funded_place: true })).json, error('npq_application', 'Once rejected an application cannot change state'));

    const capped = await apply();
    const missing = await accept(version, capped.id);
    t.equal(missing.status, 422);
    t.same(missing.json, error('funded_place', "Set '#/funded_place' to true or false."), 'a capped cohort needs funded_place');
    t.same((await accept(version, capped.id, { funded_place: null })).json, error('funded_place', "Set '#/funded_place' to true or false."));
    t.same((await accept(version, capped.id, { funded_place: 'yes' })).json, error('funded_place', "Set '#/funded_place' to true or false."));

    const ineligible = await apply({ eligibleForFunding: false });
    t.same((await accept(version, ineligible.id, { funded_place: true })).json,
      error('npq_application', "The participant is not eligible for funding, so '#/funded_place' cannot be set to true."));
    t.match((await accept(version, ineligible.id, { funded_place: false })).json.data.attributes, { status: 'accepted', funded_place: false, eligible_for_funding: false });

    const uncapped = await apply({ cohortStartYear: 2023 });
    const plain = await accept(version, uncapped.id);
    t.equal(plain.status, 200, 'no body at all is an accept');
    t.match(plain.json.data.attributes, { status: 'accepted', funded_place: null }, 'funded_place is not stored without a cap');

    // Already accepted for the course through another provider, in an earlier cohort.
    const first = await apply({ leadProviderId: bestPractice, cohortStartYear: 2023, courseIdentifier: 'npq-headship' });
    t.equal((await accept(version, first.id, {}, bestPracticeToken)).status, 400, 'data with no known attribute is a 400');
    t.equal((await accept(version, first.id, undefined, bestPracticeToken)).status, 200);
    const second = await apply({ userId: first.userId, courseIdentifier: 'npq-headship' });
    t.same((await accept(version, second.id, { funded_place: true })).json,
      error('npq_application', 'The participant has already had an application accepted for this course.'));
    // The coaching offer and the support offer count as one course.
    const support = await apply({ cohortStartYear: 2021, courseIdentifier: 'npq-additional-support-offer' });
    t.equal((await accept(version, support.id)).status, 200);
    const coaching = await apply({ userId: support.userId, cohortStartYear: 2023, courseIdentifier: 'npq-early-headship-coaching-offer' });
    t.same((await accept(version, coaching.id)).json, error('npq_application', 'The participant has already had an application accepted for this course.'), 'rebranded alternative');

    // The person's other pending applications for the course in the cohort are rejected, with any provider.
    const mine = await apply({ courseIdentifier: 'npq-senco' });
    const sibling = await apply({ userId: mine.userId, leadProviderId: bestPractice, courseIdentifier: 'npq-senco' });
    const otherCourse = await apply({ userId: mine.userId, leadProviderId: bestPractice, courseIdentifier: 'npq-leading-literacy' });
    t.equal((await accept(version, mine.id, { funded_place: true })).status, 200);
    t.equal((await call('GET', `/api/${version}/npq-applications/${sibling.id}`, undefined, bestPracticeToken)).json.data.attributes.status, 'rejected', 'same course: rejected');
    t.equal((await call('GET', `/api/${version}/npq-applications/${otherCourse.id}`, undefined, bestPracticeToken)).json.data.attributes.status, 'pending', 'another course: untouched');

    // No contract for the cohort and course.
    const uncontracted = await apply({ courseIdentifier: 'npq-leading-literacy', cohortStartYear: 2022 });
    const course = await prisma.npqCourse.findUniqueOrThrow({ where: { identifier: 'npq-leading-literacy' } });
    const cohort = await prisma.cohort.findUniqueOrThrow({ where: { startYear: 2022 } });
    const contracts = await prisma.npqContract.findMany({ where: { leadProviderId: ambition, npqCourseId: course.id, cohortId: cohort.id } });
    await prisma.npqContract.deleteMany({ where: { id: { in: contracts.map((contract) => contract.id) } } });
    t.same((await accept(version, uncontracted.id)).json, error('Unprocessable request', 'There’s an issue with your contract data. Contact us so we can rectify this for you'));
    await prisma.npqContract.createMany({ data: contracts });

    if (version === 'v3') {
      const scheduled = await apply({ courseIdentifier: 'npq-headship' });
      t.same((await accept(version, scheduled.id, { funded_place: true, schedule_identifier: 'npq-specialist-autumn' })).json,
        error('schedule_identifier', 'Selected schedule is not valid for the course'), 'a schedule of another kind of course');
      t.same((await accept(version, scheduled.id, { funded_place: true, schedule_identifier: 'npq-nonsense' })).json,
        error('schedule_identifier', 'Selected schedule is not valid for the course'), 'an unknown schedule');
      t.same((await accept(version, scheduled.id, { funded_place: true, schedule_identifier: 'npq-aso-june' })).json,
        error('schedule_identifier', 'Selected schedule is not valid for the course'), 'not a schedule of the cohort');
      const chosen = await accept(version, scheduled.id, { funded_place: true, schedule_identifier: 'npq-leadership-spring' });
      t.equal(chosen.json.data.attributes.schedule_identifier, 'npq-leadership-spring', 'the chosen schedule');
      const blank = await apply({ courseIdentifier: 'npq-headship' });
      t.match((await accept(version, blank.id, { funded_place: true, schedule_identifier: '' })).json.data.attributes.schedule_identifier, /^npq-leadership-/, 'blank means the default');
    } else {
      const scheduled = await apply();
      t.equal((await accept(version, scheduled.id, { schedule_identifier: 'npq-leadership-spring' })).status, 400, 'schedule_identifier is not part of this version');
    }

    const theirsResponse = await accept(version, theirs.pending!, { funded_place: true });
    t.equal(theirsResponse.status, 404, "another provider's application cannot be accepted");
    t.equal((await reject(version, theirs.pending!)).status, 404, "nor rejected");
    t.equal((await changeFundedPlace(version, theirs.funded!, { funded_place: false })).status, 404, 'nor changed');
    t.equal((await call('GET', `/api/${version}/npq-applications/${theirs.pending}`, undefined, capitaToken)).json.data.attributes.status, 'pending', 'and stays as it was');
  });

  await t.test(`${version} change funded place`, async (t) => {
    const pending = await apply();
    t.same((await changeFundedPlace(version, pending.id, { funded_place: true })).json,
      error('npq_application', "You must accept the application before attempting to change the '#/funded_place' setting"));
    await accept(version, pending.id, { funded_place: true });
    t.same((await changeFundedPlace(version, pending.id, { funded_place: null })).json,
      error('npq_application', "The entered '#/funded_place' is missing from your request. Check details and try again."));
    t.same((await changeFundedPlace(version, pending.id, { funded_place: 'maybe' })).json, error('funded_place', "Set '#/funded_place' to true or false."));
    const changed = await changeFundedPlace(version, pending.id, { funded_place: false });
    t.equal(changed.status, 200);
    t.equal(changed.json.data.attributes.funded_place, false);
    t.equal((await changeFundedPlace(version, pending.id, { funded_place: true })).json.data.attributes.funded_place, true);
    t.equal((await call('PUT', `/api/${version}/npq-applications/${pending.id}/change-funded-place`, { data: { attributes: {} } })).status, 400, 'no attribute: 400');
    t.equal((await call('PUT', `/api/${version}/npq-applications/${pending.id}/change-funded-place`, {})).status, 400, 'no data: 400');

    const declared = await apply();
    await accept(version, declared.id, { funded_place: true });
    await declareAgainst(declared.id, declared.userId, 'voided');
    t.equal((await changeFundedPlace(version, declared.id, { funded_place: false })).status, 200, 'a voided declaration does not count');
    await changeFundedPlace(version, declared.id, { funded_place: true });
    await declareAgainst(declared.id, declared.userId, 'paid');
    t.same((await changeFundedPlace(version, declared.id, { funded_place: false })).json,
      error('npq_application', "You must void or claw back your declarations for this participant before being able to set '#/funded_place' to false"));
    t.equal((await changeFundedPlace(version, declared.id, { funded_place: true })).status, 200, 'true is still allowed');

    const ineligible = await apply({ eligibleForFunding: false });
    await accept(version, ineligible.id, { funded_place: false });
    t.same((await changeFundedPlace(version, ineligible.id, { funded_place: true })).json,
      error('npq_application', 'This participant is not eligible for funding. Contact us if you think this is wrong'));

    const uncapped = await apply({ cohortStartYear: 2023 });
    await accept(version, uncapped.id);
    t.same((await changeFundedPlace(version, uncapped.id, { funded_place: true })).json,
      error('npq_application', "Leave the '#/funded_place' field blank. It's only needed for participants starting NPQs from autumn 2024 onwards"));

    const notYet = await apply({ eligibleForFunding: false });
    t.same((await changeFundedPlace(version, notYet.id, { funded_place: true })).json, {
      errors: [{
        title: 'npq_application',
        detail: "You must accept the application before attempting to change the '#/funded_place' setting, This participant is not eligible for funding. Contact us if you think this is wrong",
      }],
    }, 'several messages on one attribute are joined');
  });
}

await t.test('accept and reject of one application run one after the other', async (t) => {
  for (let i = 0; i < 3; i += 1) {
    const pending = await apply();
    const [a, b] = await Promise.all([accept('v3', pending.id, { funded_place: true }), reject('v3', pending.id)]);
    t.same([a.status, b.status].sort(), [200, 422], 'exactly one wins');
    const final = (await call('GET', `/api/v3/npq-applications/${pending.id}`)).json.data.attributes.status;
    t.equal(final, a.status === 200 ? 'accepted' : 'rejected');
    t.equal(Boolean(await prisma.npqParticipantProfile.findUnique({ where: { id: pending.id } })), final === 'accepted', 'an enrolment only if accepted');
  }
  const one = await apply({ courseIdentifier: 'npq-headship' });
  const two = await apply({ userId: one.userId, leadProviderId: bestPractice, courseIdentifier: 'npq-headship', cohortStartYear: 2023 });
  const [x, y] = await Promise.all([accept('v3', one.id, { funded_place: true }), accept('v3', two.id, undefined, bestPracticeToken)]);
  t.same([x.status, y.status].sort(), [200, 422], 'one person, one accepted application for a course');
});
