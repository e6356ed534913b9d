import { withQuery, type Endpoint, type Tap } from './endpoint.ts';

export async function rejectsNonHashFilter(t: Tap, endpoint: Endpoint) {
  await t.test('refuses a filter that is not a hash', async (t) => {
    const response = await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, 'filter=2021'), token: endpoint.token });
    t.equal(response.statusCode, 400);
    t.same(JSON.parse(response.body), { errors: [{ title: 'Bad parameter', detail: 'Filter must be a hash' }] });
  });
}
