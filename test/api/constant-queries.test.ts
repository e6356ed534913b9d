// Every list endpoint of every version costs a fixed number of SQL statements per request, whatever
// the page size: the statements are counted at the database driver while one request runs.
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { scenarioRunner } from '../helpers/scenarios.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';
import { constantQueryEndpoint, countStatements } from '../behaviours/constant-query.ts';
import { declareForNpq, npqEnroller } from '../helpers/npq.ts';
import { recordNpqOutcomeIn } from '../../src/domain/npq/outcomes/record.ts';

const api = await buildTestApi(t);
const ambition = await api.providerId('Ambition Institute');
const token = await api.tokenFor('Ambition Institute');
// Enough of each resource that a page of 3000 holds several rows; statements come with the cohorts.
const run = scenarioRunner(api.database.prisma, new NameSource('cq', 500000));
for (const [scenario, times] of [
  ['ect-with-mentor', 1], ['declaration-states', 1], ['transfer-to-other-provider', 3],
  ['schools-in-every-state', 1], ['unfunded-mentor', 3], ['npq-applications', 2],
] as const) {
  for (let i = 0; i < times; i += 1) await run(scenario, ambition);
}
for (const year of [2023, 2024, 2025]) await run('delivery-partners', ambition, year);
// NPQ outcomes rest on completed declarations, which only a test can record against an enrolment
// yet; they are another provider's, so that the ECF declaration lists above stay ECF-only.
const capita = await api.providerId('Capita');
const capitaToken = await api.tokenFor('Capita');
const npq = npqEnroller(api.database.prisma, new NameSource('cq-npq', 510000));
for (let i = 0; i < 3; i += 1) {
  const person = await npq.enrol(capita);
  await declareForNpq(api.database.prisma, { enrolmentId: person.applicationId, userId: person.userId, leadProviderId: capita, courseIdentifier: 'npq-leading-teaching', type: 'completed' });
  await recordNpqOutcomeIn(api.database.prisma, {
    leadProviderId: capita, participantId: person.userId, now: new Date(),
    body: { data: { attributes: { course_identifier: 'npq-leading-teaching', state: 'passed', completion_date: '2025-06-30' } } },
  });
}
const counter = countStatements(api.database);

const lists = [
  ...(['v1', 'v2', 'v3'] as const).flatMap((version) => [
    `/api/${version}/participants/ecf`, `/api/${version}/participant-declarations`, `/api/${version}/npq-applications`,
    `/api/${version}/participants/npq`,
  ]),
  '/api/v3/participants/ecf/transfers',
  '/api/v3/partnerships/ecf',
  '/api/v3/schools/ecf?filter[cohort]=2024',
  '/api/v3/delivery-partners',
  '/api/v3/unfunded-mentors/ecf',
  '/api/v3/statements',
];

for (const url of lists) {
  await t.test(url, async (t) => constantQueryEndpoint(t, { api, url, token }, counter));
}
for (const version of ['v1', 'v2', 'v3']) {
  const url = `/api/${version}/participants/npq/outcomes`;
  await t.test(url, async (t) => constantQueryEndpoint(t, { api, url, token: capitaToken }, counter));
}
