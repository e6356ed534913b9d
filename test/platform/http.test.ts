import t from 'tap';
import { Redis } from 'ioredis';
import { parse } from 'yaml';
import { buildApp, loggerOptions } from '../../src/app.ts';
import { specText } from '../../src/api/specs.ts';
import { buildTestApi, freshDatabase, testConfig } from '../helpers/app.ts';
import { runScenario } from '../../prisma/seed/sandbox.ts';
import { NameSource } from '../../prisma/seed/scenarios.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000 });
const redisUp = await probe.connect().then(() => true, () => false);
probe.disconnect();

const database = await freshDatabase(t);
const api = await buildTestApi(t, {}, database);
const token = await api.tokenFor('Ambition Institute');
await runScenario(database.prisma, {
  scenario: 'ect-with-mentor',
  leadProviderId: await api.providerId('Ambition Institute'),
  cohortStartYear: 2024,
  now: new Date(),
  names: new NameSource('h'),
});

await t.test('authentication', async (t) => {
  const ok = await api.request({ method: 'GET', url: '/api/v3/participants/ecf', token });
  t.equal(ok.statusCode, 200);
  t.equal(ok.headers['content-type'], 'application/vnd.api+json', 'no charset, as the DfE service');
  const rails = await api.request({ method: 'GET', url: '/api/v1/participants/ecf', headers: { authorization: `Token token="${token}"` } });
  t.equal(rails.statusCode, 200, 'the Rails Token form is accepted too');
  const revoked = await api.tokenFor('Capita');
  await database.prisma.apiToken.updateMany({ where: { leadProvider: { name: 'Capita' } }, data: { revokedAt: new Date() } });
  const refused = await api.request({ method: 'GET', url: '/api/v2/participants/ecf', token: revoked });
  t.equal(refused.statusCode, 401, 'a revoked token is refused');
  t.equal(refused.body, '{"error":"HTTP Token: Access denied"}');
  const noAuthBadQuery = await api.request({ method: 'GET', url: '/api/v1/participants/ecf?page[per_page]=0' });
  t.equal(noAuthBadQuery.statusCode, 401, 'authentication comes before parameter checks');
  const stored = await database.prisma.apiToken.findMany({ select: { tokenDigest: true } });
  t.ok(stored.every((row) => /^[0-9a-f]{64}$/.test(row.tokenDigest) && row.tokenDigest !== token), 'only SHA-256 digests are stored');
});

await t.test('errors in the DfE shapes, never a 500 for bad input', async (t) => {
  const unknown = await api.request({ method: 'GET', url: '/api/v3/nothing-here', token });
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.body, '{"error":"Resource not Found"}');
  const longId = await api.request({ method: 'GET', url: `/api/v3/participants/ecf/${'a'.repeat(3000)}`, token });
  t.equal(longId.statusCode, 404, 'an absurdly long id is a 404 too');
  t.equal(longId.body, '{"error":"Resource not Found"}');
  const wrongVerb = await api.request({ method: 'DELETE', url: '/api/v3/participants/ecf', token });
  t.equal(wrongVerb.statusCode, 404, 'a wrong verb is a 404, never a 405');
  for (const [label, payload, contentType] of [
    ['malformed JSON', '{"data":', 'application/json'],
    ['no data member', '{"foo":1}', 'application/vnd.api+json'],
    ['data not an object', '{"data":"x"}', 'application/json'],
    ['an array body', '[1,2]', 'application/json'],
    ['an empty body', '', 'application/json'],
    ['a text body', 'hello', 'text/plain'],
  ] as const) {
    const response = await api.request({
      method: 'POST',
      url: '/api/v3/participant-declarations',
      token,
      payload,
      headers: { 'content-type': contentType },
    });
    t.equal(response.statusCode, 400, `${label} → 400`);
    t.same(JSON.parse(response.body), { errors: [{ title: 'Bad request', detail: 'correct json data structure required. See API docs for reference' }] });
  }
  const deep = await api.request({ method: 'GET', url: `/api/v3/participants/ecf?filter[cohort][a][b][c][d]=1&${'x=1&'.repeat(500)}`, token });
  t.ok(deep.statusCode < 500, 'hostile query strings are refused or ignored, not a 500');
  const nested = await api.request({ method: 'GET', url: '/api/v3/participants/ecf?filter[cohort][]=2021&filter[cohort][]=2022', token });
  t.equal(nested.statusCode, 400, 'a filter given as a list is refused');
  t.same(JSON.parse(nested.body), { errors: [{ title: 'Bad parameter', detail: "The filter '#/cohort' must be a single value" }] });
  const big = await api.request({ method: 'POST', url: '/api/v3/participant-declarations', token, payload: JSON.stringify({ data: { attributes: { x: 'y'.repeat(2 * 1024 * 1024) } } }), headers: { 'content-type': 'application/json' } });
  t.equal(big.statusCode, 400, 'an oversized body is a 400');
});

await t.test('an unexpected failure is a bare 500 with nothing internal', async (t) => {
  const broken = await buildApp({ config: testConfig(), database });
  t.teardown(() => broken.close());
  broken.get('/api/v3/boom', async () => {
    throw new Error('relation "secret_table" does not exist');
  });
  const response = await broken.inject({ method: 'GET', url: '/api/v3/boom', headers: { authorization: `Bearer ${token}` } });
  t.equal(response.statusCode, 500);
  t.equal(response.body, '{"error":"Internal server error"}');
});

await t.test('healthcheck reports the database', async (t) => {
  const response = await api.request({ method: 'GET', url: '/healthcheck' });
  t.equal(response.statusCode, 200);
  t.match(JSON.parse(response.body), { status: 'ok', database: 'connected' });
});

await t.test('publishes each spec for Postman naming only this instance as its server, with a docs page', async (t) => {
  const servers = (text: string) => (parse(text) as { servers: { url: string }[] }).servers.map((server) => server.url);
  const strip = (text: string) => text.replace(/servers:\n(?:[ -].*\n)+/, '');
  for (const version of ['v1', 'v2', 'v3'] as const) {
    for (const url of [`/lead-providers/api-docs/${version}/api_spec.yml`, `/api/${version}/openapi.yaml`]) {
      const response = await api.request({ method: 'GET', url, headers: { host: 'api.example.test:8443' } });
      t.equal(response.statusCode, 200, url);
      t.match(response.headers['content-type'], /^text\/yaml/);
      t.same(servers(response.body), ['http://api.example.test:8443'], `${url} names the origin it was fetched from`);
      t.equal(strip(response.body), strip(specText(version)), 'only the servers differ from the spec file');
    }
    const docs = await api.request({ method: 'GET', url: `/api-reference/${version}/` });
    t.equal(docs.statusCode, 200, 'a human docs page');
    t.match(docs.body, new RegExp(`<title>Lead Provider API ${version} reference</title>`), 'titled as this API and version');
    t.notMatch(docs.body, /Swagger UI/);
    const document = await api.request({ method: 'GET', url: `/api-reference/${version}/json`, headers: { host: 'docs.example.test' } });
    t.same(JSON.parse(document.body).servers.map((server: { url: string }) => server.url), ['http://docs.example.test'], 'the docs page tries requests out here');
  }
  const forwarded = { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example.test' };
  const untrusted = await api.request({ method: 'GET', url: '/api/v3/openapi.yaml', headers: forwarded });
  t.same(servers(untrusted.body), ['http://internal:3000'], 'forwarded headers are ignored unless TRUST_PROXY says so');
  const proxied = await buildTestApi(t, { TRUST_PROXY: true }, database);
  const trusted = await proxied.request({ method: 'GET', url: '/api/v3/openapi.yaml', headers: forwarded });
  t.same(servers(trusted.body), ['https://public.example.test'], 'behind a trusted proxy, the forwarded origin');
  const local = await buildTestApi(t, { PUBLIC_URL: 'https://lp.example.test/' }, database);
  const adjusted = (await local.request({ method: 'GET', url: '/lead-providers/api-docs/v3/api_spec.yml' })).body;
  t.same(servers(adjusted), ['https://lp.example.test'], 'PUBLIC_URL wins over the request origin');

  // Over a real socket on an arbitrary port, the spec names exactly that instance.
  const address = await local.app.listen({ host: '127.0.0.1', port: 0 });
  const onSocket = await buildTestApi(t, {}, database);
  const socketAddress = await onSocket.app.listen({ host: '127.0.0.1', port: 0 });
  for (const version of ['v1', 'v2', 'v3']) {
    const fetched = await (await fetch(`${socketAddress}/lead-providers/api-docs/${version}/api_spec.yml`)).text();
    t.same(servers(fetched), [socketAddress], `${version} spec from ${socketAddress} lists that instance only`);
  }
  t.same(servers(await (await fetch(`${address}/api/v1/openapi.yaml`)).text()), ['https://lp.example.test']);
});

await t.test('a page that is not a hash is the DfE pagination 400', async (t) => {
  for (const query of ['page=2', 'page=page[page]=2']) {
    const response = await api.request({ method: 'GET', url: `/api/v3/participants/ecf?${query}`, token });
    t.equal(response.statusCode, 400, query);
    t.same(JSON.parse(response.body).errors[0].title, 'Bad request');
    t.match(JSON.parse(response.body).errors[0].detail, /^The '#\/page\[page\]' and '#\/page\[per_page\]' parameter values/);
  }
  const encoded = await api.request({ method: 'GET', url: '/api/v3/participants/ecf?page%5Bper_page%5D=1', token });
  t.equal(encoded.statusCode, 200, 'encoded brackets in a key still nest');
  t.equal(JSON.parse(encoded.body).data.length, 1);
});

await t.test('sandbox X-With-Server-Date sets "now"; production ignores it', async (t) => {
  const future = '2031-06-01T10:00:00Z';
  const sandbox = await api.request({ method: 'GET', url: '/api/v3/participants/ecf', token, headers: { 'x-with-server-date': future } });
  t.equal(sandbox.statusCode, 200);
  const bad = await api.request({ method: 'GET', url: '/api/v3/participants/ecf', token, headers: { 'x-with-server-date': 'next tuesday' } });
  t.equal(bad.statusCode, 400, 'an unreadable date is refused rather than silently ignored');
  const production = await buildTestApi(t, { API_ENV: 'production' }, database);
  const ignored = await production.request({ method: 'GET', url: '/api/v3/participants/ecf', token, headers: { 'x-with-server-date': 'next tuesday' } });
  t.equal(ignored.statusCode, 200, 'production never reads the header');
  // The simulated date drives date rules: a record starting in the future shows as joining then active.
  const inPast = await api.request({ method: 'GET', url: '/api/v3/participants/ecf', token, headers: { 'x-with-server-date': '2020-01-01T00:00:00Z' } });
  const statuses = (JSON.parse(inPast.body).data as { attributes: { ecf_enrolments: { participant_status: string }[] } }[]).flatMap((p) => p.attributes.ecf_enrolments.map((e) => e.participant_status));
  t.ok(statuses.length > 0 && statuses.every((status) => status === 'joining'), 'seen from 2020 every record has not started yet');
});

await t.test('rate limit: 1000 per 5 minutes per token, 429 beyond', async (t) => {
  const limited = await buildTestApi(t, { RATE_LIMIT_MAX: 5 }, database);
  const other = await api.tokenFor('Teach First');
  for (let i = 0; i < 5; i += 1) t.equal((await limited.request({ method: 'GET', url: '/api/v3/participants/ecf', token })).statusCode, 200);
  const over = await limited.request({ method: 'GET', url: '/api/v1/participants/ecf', token });
  t.equal(over.statusCode, 429, 'the sixth request in the window is refused, across versions');
  t.equal(over.body, 'Retry later\n');
  t.equal(over.headers['content-type'], 'text/plain');
  t.equal((await limited.request({ method: 'GET', url: '/api/v3/participants/ecf', token: other })).statusCode, 200, 'other tokens keep their own budget');
  t.equal((await limited.request({ method: 'GET', url: '/healthcheck' })).statusCode, 200, 'non-API paths are not counted');
});

await t.test('rate limit is shared across instances through Redis', { skip: redisUp ? false : `no Redis at ${redisUrl}` }, async (t) => {
  const instances = await Promise.all([0, 1].map(async () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    const app = await buildApp({ config: testConfig({ RATE_LIMIT_MAX: 6 }), database, redis });
    t.teardown(() => app.close());
    return app;
  }));
  const shared = await api.tokenFor('National Institute of Teaching');
  const statuses: number[] = [];
  for (let i = 0; i < 8; i += 1) {
    const response = await instances[i % 2]!.inject({ method: 'GET', url: '/api/v3/participants/ecf', headers: { authorization: `Bearer ${shared}` } });
    statuses.push(response.statusCode);
  }
  t.same(statuses, [200, 200, 200, 200, 200, 200, 429, 429], 'six in all across both instances, then 429');
  const inspector = new Redis(redisUrl);
  const keys = await inspector.keys('lead-provider-api-rate-limit:*');
  inspector.disconnect();
  t.notOk(keys.some((key) => key.includes(shared)), 'the token itself never reaches Redis');
});

await t.test('logs never carry the token', async (t) => {
  const lines: string[] = [];
  const stream = { write: (line: string) => { lines.push(line); } };
  const logged = await buildApp({
    config: testConfig({ LOG_LEVEL: 'info' }),
    database,
    logger: { ...(loggerOptions('info') as object), stream, serializers: { req: (req: { headers: unknown; method: string; url: string }) => ({ method: req.method, url: req.url, headers: req.headers }) } },
  });
  t.teardown(() => logged.close());
  await logged.inject({ method: 'GET', url: '/api/v3/participants/ecf', headers: { authorization: `Bearer ${token}` } });
  await logged.inject({ method: 'GET', url: '/api/v3/participants/ecf', headers: { authorization: 'Bearer some-wrong-token' } });
  const all = lines.join('');
  t.ok(all.includes('"authorization":"[redacted]"'), 'the header is logged redacted');
  t.notOk(all.includes(token) || all.includes('some-wrong-token'), 'no token appears in the logs');
});
