// Behaviours shared by every endpoint that has them, named after what they prove. Each resource's
// test file lists the ones that apply, per version.
import type { Test } from 'tap';
import type { TestApi } from '../helpers/app.ts';

export type Tap = Test;

export interface Endpoint {
  api: TestApi;
  /** e.g. /api/v3/participants/ecf */
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** A token that sees data on this endpoint. */
  token: string;
  body?: unknown;
}

const withQuery = (url: string, query: string) => `${url}${url.includes('?') ? '&' : '?'}${query}`;

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

/** Returns the ids of a full walk over every page. */
export async function pageIds(endpoint: Endpoint, perPage: number, query = ''): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; page < 1000; page += 1) {
    const url = withQuery(endpoint.url, `page[page]=${page}&page[per_page]=${perPage}${query ? `&${query}` : ''}`);
    const response = await endpoint.api.request({ method: 'GET', url, token: endpoint.token });
    const data = JSON.parse(response.body).data as { id: string }[];
    if (data.length === 0) break;
    ids.push(...data.map((item) => item.id));
  }
  return ids;
}

export async function paginatedEndpoint(t: Tap, endpoint: Endpoint, options: { minimumItems?: number } = {}) {
  await t.test('paginated endpoint', async (t) => {
    const all = JSON.parse((await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, 'page[per_page]=3000'), token: endpoint.token })).body).data as { id: string }[];
    t.ok(all.length >= (options.minimumItems ?? 3), `enough items to page (${all.length})`);
    const walked = await pageIds(endpoint, 2);
    t.same(walked, all.map((item) => item.id), 'pages of 2 walk the same items, in the same order, none missed or repeated');

    const first = await endpoint.api.request({ method: 'GET', url: endpoint.url, token: endpoint.token });
    t.equal(first.statusCode, 200);
    t.ok(JSON.parse(first.body).data.length <= 100, 'default page size is 100');

    const clamped = await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, 'page[per_page]=50000'), token: endpoint.token });
    t.equal(clamped.statusCode, 200, 'per_page above 3000 is clamped, not refused');

    const beyond = await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, 'page[page]=9999'), token: endpoint.token });
    t.equal(beyond.body, '{"data":[]}', 'a page past the end is empty');

    for (const bad of ['page[per_page]=0', 'page[page]=0', 'page[page]=-1', 'page[per_page]=abc', 'page[page]=1.5', 'page=3']) {
      const response = await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, bad), token: endpoint.token });
      t.equal(response.statusCode, 400, `${bad} is refused`);
      t.same(JSON.parse(response.body), {
        errors: [{
          title: 'Bad request',
          detail: "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid number (equal and more than 1)",
        }],
      });
    }
  });
}

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

export async function unknownIdIsNotFound(t: Tap, endpoint: Endpoint) {
  await t.test('unknown id is not found', async (t) => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '1']) {
      const response = await endpoint.api.request({ method: endpoint.method ?? 'GET', url: endpoint.url.replace(':id', id), token: endpoint.token, payload: endpoint.body as object });
      t.equal(response.statusCode, 404, `${id} → 404`);
      t.equal(response.body, '{"error":"Resource not Found"}');
    }
  });
}
