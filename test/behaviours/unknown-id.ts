import type { Endpoint, Tap } from './endpoint.ts';

export async function unknownIdIsNotFound(t: Tap, endpoint: Endpoint) {
  await t.test('unknown id is not found', async (t) => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '1']) {
      const response = await endpoint.api.request({ method: endpoint.method ?? 'GET', url: endpoint.url.replace(':id', id), token: endpoint.token, payload: endpoint.body as object });
      t.equal(response.statusCode, 404, `${id} → 404`);
      t.equal(response.body, '{"error":"Resource not Found"}');
    }
  });
}
