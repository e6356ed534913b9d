import { withQuery, type Endpoint, type Tap } from './endpoint.ts';

export async function rejectsNonHashFilter(t: Tap, endpoint: Endpoint) {
  await t.test('refuses a filter that is not a hash', async (t) => {
    // The second is a hash pasted as a value: its key still ends at the first `=`.
    for (const query of ['filter=2021', 'filter=filter[cohort]=2021']) {
      const response = await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, query), token: endpoint.token });
      t.equal(response.statusCode, 400, query);
      t.same(JSON.parse(response.body), { errors: [{ title: 'Bad parameter', detail: 'Filter must be a hash' }] });
    }
  });
}
