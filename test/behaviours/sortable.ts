import { withQuery, type Endpoint, type Tap } from './endpoint.ts';

export async function sortableEndpoint(t: Tap, endpoint: Endpoint, options: { timestamps: (item: { attributes: Record<string, unknown> }) => { created_at?: string; updated_at: string } }) {
  await t.test('sortable endpoint', async (t) => {
    for (const [sort, key, direction] of [
      ['updated_at', 'updated_at', 1],
      ['-updated_at', 'updated_at', -1],
    ] as const) {
      const response = await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, `sort=${sort}&page[per_page]=3000`), token: endpoint.token });
      t.equal(response.statusCode, 200);
      const values = (JSON.parse(response.body).data as { attributes: Record<string, unknown> }[]).map((item) => options.timestamps(item)[key]!);
      const sorted = [...values].sort((a, b) => (a < b ? -direction : a > b ? direction : 0));
      t.same(values, sorted, `sort=${sort} orders by ${key}`);
    }
    const unknown = await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, 'sort=no_such_column'), token: endpoint.token });
    t.equal(unknown.statusCode, 200, 'unknown sort columns are ignored');
  });
}
