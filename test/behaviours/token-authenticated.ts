import type { Endpoint, Tap } from './endpoint.ts';

export async function tokenAuthenticatedEndpoint(t: Tap, endpoint: Endpoint) {
  await t.test('token-authenticated endpoint', async (t) => {
    const method = endpoint.method ?? 'GET';
    for (const [label, headers] of [
      ['no Authorization header', {}],
      ['an unknown token', { authorization: 'Bearer not-a-real-token' }],
      ['a malformed header', { authorization: 'Basic dXNlcjpwYXNz' }],
    ] as const) {
      const response = await endpoint.api.request({ method, url: endpoint.url, headers, payload: endpoint.body as object });
      t.equal(response.statusCode, 401, `401 with ${label}`);
      t.equal(response.body, '{"error":"HTTP Token: Access denied"}', `DfE body with ${label}`);
      t.equal(response.headers['www-authenticate'], 'Token realm="Application"');
      t.equal(response.headers['content-type'], 'application/vnd.api+json');
    }
  });
}
