// Which providers may use the NPQ operations: those with an NPQ contract. Another provider's valid
// token is refused with an empty 403 on applications and participants; outcomes and declarations
// stay open to it, scoped to the provider (so empty).
import t from 'tap';
import { buildTestApi } from '../helpers/app.ts';
import { createToken } from '../../src/domain/lead-providers/tokens.ts';

const api = await buildTestApi(t);
const provider = await api.database.prisma.leadProvider.create({ data: { name: 'ECF Only Provider' } });
const { token } = await createToken(api.database.prisma, provider.id);
const npqToken = await api.tokenFor('Ambition Institute');
const someone = crypto.randomUUID();
const action = (course: string) => ({ data: { type: 'participant-withdraw', attributes: { course_identifier: course, reason: 'other' } } });

const refused: [string, string, string, unknown?][] = [
  ['v1', 'GET', '/api/v1/npq-applications'],
  ['v1', 'GET', '/api/v1/npq-applications.csv'],
  ['v2', 'GET', `/api/v2/npq-applications/${someone}`],
  ['v3', 'POST', `/api/v3/npq-applications/${someone}/accept`, {}],
  ['v3', 'POST', `/api/v3/npq-applications/${someone}/reject`, {}],
  ['v3', 'PUT', `/api/v3/npq-applications/${someone}/change-funded-place`, { data: { attributes: { funded_place: true } } }],
  ['v1', 'GET', '/api/v1/participants/npq'],
  ['v3', 'GET', `/api/v3/participants/npq/${someone}`],
  ['v2', 'PUT', `/api/v2/participants/npq/${someone}/withdraw`, action('npq-headship')],
  ['v2', 'GET', '/api/v2/npq-enrolments.csv'],
];

await t.test('applications, participants and enrolments: 403 with an empty body', async (t) => {
  for (const [, method, url, payload] of refused) {
    const response = await api.request({ method: method as 'GET', url, token, payload: payload as object | undefined });
    t.equal(response.statusCode, 403, `${method} ${url}`);
    t.equal(response.body, '', 'empty body');
  }
});

await t.test('a provider with NPQ contracts is let through', async (t) => {
  const response = await api.request({ method: 'GET', url: '/api/v3/participants/npq', token: npqToken });
  t.equal(response.statusCode, 200);
});

await t.test('outcomes and declarations stay open, scoped to the provider', async (t) => {
  for (const url of ['/api/v3/participants/npq/outcomes', `/api/v1/participants/npq/${someone}/outcomes`, '/api/v3/participant-declarations']) {
    const response = await api.request({ method: 'GET', url, token });
    t.equal(response.statusCode, 200, url);
    t.same(JSON.parse(response.body).data, [], 'nothing of anyone else');
  }
});
