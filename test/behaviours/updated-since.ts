import { withQuery, type Endpoint, type Tap } from './endpoint.ts';

export async function filtersByUpdatedSince(t: Tap, endpoint: Endpoint, options: { touch: () => Promise<string> }) {
  await t.test('filters by updated_since', async (t) => {
    const since = new Date(Date.now() + 1000);
    const far = encodeURIComponent(new Date(Date.now() + 3600_000 * 24 * 365 * 50).toISOString());
    const none = await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, `filter[updated_since]=${far}`), token: endpoint.token });
    t.equal(none.statusCode, 200);
    t.same(JSON.parse(none.body).data, [], 'nothing updated in the future');

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const changedId = await options.touch();
    const url = withQuery(endpoint.url, `filter[updated_since]=${encodeURIComponent(since.toISOString())}`);
    const ids = (JSON.parse((await endpoint.api.request({ method: 'GET', url, token: endpoint.token })).body).data as { id: string }[]).map((item) => item.id);
    t.ok(ids.includes(changedId), 'the changed item is listed');

    const unencodedPlus = withQuery(endpoint.url, `filter[updated_since]=${since.toISOString().replace('Z', '+00:00')}`);
    t.equal((await endpoint.api.request({ method: 'GET', url: unencodedPlus, token: endpoint.token })).statusCode, 200, 'an un-encoded + offset is accepted');

    for (const bad of ['yesterday', '2021-13-45T00:00:00Z', '']) {
      if (bad === '') continue;
      const response = await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, `filter[updated_since]=${bad}`), token: endpoint.token });
      t.equal(response.statusCode, 400, `${bad} is refused`);
      t.same(JSON.parse(response.body), { errors: [{ title: 'Bad request', detail: "The filter '#/updated_since' must be a valid RCF3339 date" }] });
    }
  });
}
