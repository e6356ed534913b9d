import { withQuery, type Endpoint, type Tap } from './endpoint.ts';

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
