// Secrets and headers: security headers on every kind of response (in process), and against real
// server processes on PostgreSQL: tokens never in the logs, revocation effective at once on two
// instances at the same time.
import t, { type Test } from 'tap';
import { buildTestApi, freshDatabase } from '../helpers/app.ts';
import { createToken, revokeToken, tokenDigest } from '../../src/domain/lead-providers/tokens.ts';
import { startServer } from './server-process.ts';

const database = await freshDatabase(t);

function checkSecurityHeaders(t: Test, label: string, headers: Record<string, unknown>, hsts: boolean) {
  t.equal(headers['x-content-type-options'], 'nosniff', `${label}: nosniff`);
  t.equal(headers['x-frame-options'], 'DENY', `${label}: no framing`);
  t.equal(headers['content-security-policy'], "frame-ancestors 'none'", `${label}: frame-ancestors none`);
  t.equal(headers['referrer-policy'], 'no-referrer', `${label}: no referrer`);
  t.ok(headers['cache-control'], `${label}: a cache policy`);
  if (hsts) t.match(headers['strict-transport-security'], /^max-age=31536000/, `${label}: HSTS`);
  else t.notOk(headers['strict-transport-security'], `${label}: no HSTS over plain HTTP in the sandbox`);
}

await t.test('security headers on every kind of response', async (t) => {
  const api = await buildTestApi(t, {}, database);
  const token = await api.tokenFor('Ambition Institute');
  const cases: Array<{ label: string; url: string; token?: string; headers?: Record<string, string>; status: number; apiNoStore: boolean }> = [
    { label: 'a v3 list', url: '/api/v3/participants/ecf', token, status: 200, apiNoStore: true },
    { label: 'a v1 CSV export', url: '/api/v1/participants/ecf.csv', token, status: 200, apiNoStore: true },
    { label: 'a 401', url: '/api/v2/participant-declarations', status: 401, apiNoStore: true },
    { label: 'a bad token', url: '/api/v2/participant-declarations', token: 'not-a-token', status: 401, apiNoStore: true },
    { label: 'a 404 inside the API', url: '/api/v3/participants/ecf/00000000-0000-4000-8000-000000000000', token, status: 404, apiNoStore: true },
    { label: 'a 404 outside it', url: '/nothing-here', status: 404, apiNoStore: false },
    { label: 'a 400', url: '/api/v3/participants/ecf?page[per_page]=0', token, status: 400, apiNoStore: true },
    { label: 'the health check', url: '/healthcheck', status: 200, apiNoStore: false },
    { label: 'the published spec', url: '/api/v3/openapi.yaml', status: 200, apiNoStore: true },
  ];
  for (const c of cases) {
    const response = await api.request({ method: 'GET', url: c.url, token: c.token ?? null, headers: c.headers });
    t.equal(response.statusCode, c.status, `${c.label}: ${c.status}`);
    checkSecurityHeaders(t, c.label, response.headers, false);
    if (c.apiNoStore) t.equal(response.headers['cache-control'], 'no-store', `${c.label}: no-store`);
  }
  const docs = await api.app.inject({ method: 'GET', url: '/api-reference/v3/' });
  t.ok(docs.statusCode < 400, `the docs page answers (${docs.statusCode})`);
  checkSecurityHeaders(t, 'the docs page', docs.headers, false);
  const overTls = await api.app.inject({ method: 'GET', url: '/healthcheck', headers: { 'x-forwarded-proto': 'https' } });
  t.notOk(overTls.headers['strict-transport-security'], 'X-Forwarded-Proto is not believed without TRUST_PROXY');
  const proxied = await buildTestApi(t, { TRUST_PROXY: true }, database);
  const behindTls = await proxied.app.inject({ method: 'GET', url: '/healthcheck', headers: { 'x-forwarded-proto': 'https' } });
  t.match(behindTls.headers['strict-transport-security'], /^max-age=31536000; includeSubDomains$/, 'HSTS behind a TLS proxy');
  const production = await buildTestApi(t, { API_ENV: 'production' }, database);
  const prod = await production.request({ method: 'GET', url: '/api/v3/participants/ecf', token });
  checkSecurityHeaders(t, 'production', prod.headers, true);
});

const databaseUrl = database.config.kind === 'postgres' ? database.config.url : null;
if (!databaseUrl) {
  t.comment('the two-process part runs on PostgreSQL only (DATABASE_URL=postgres://…)');
  process.exit(0);
}

await t.test('tokens never reach the logs, are stored as digests, and revocation reaches both instances at once', async (t) => {
  const providers = await database.prisma.leadProvider.findMany({ orderBy: { name: 'asc' }, take: 2 });
  const valid = await createToken(database.prisma, providers[0]!.id);
  const doomed = await createToken(database.prisma, providers[1]!.id);
  const invalid = 'fake-token-' + 'x'.repeat(40);
  // The most talkative level: every request line, every hook.
  const env = { LOG_LEVEL: 'trace', RATE_LIMIT_MAX: '100000' };
  const one = await startServer(t, databaseUrl, env);
  const two = await startServer(t, databaseUrl, env);
  const get = async (base: string, path: string, authorization: string) => {
    const response = await fetch(`${base}${path}`, { headers: { authorization }, signal: AbortSignal.timeout(5000) });
    await response.text();
    return response.status;
  };
  const statuses = new Map<string, number>();
  const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
  for (const server of [one, two]) {
    for (const path of ['/api/v3/participants/ecf', '/api/v1/participant-declarations', '/api/v2/nothing', '/api/v3/statements?filter[cohort]=x']) {
      count(`valid ${await get(server.url, path, `Bearer ${valid.token}`)}`);
      count(`rails ${await get(server.url, path, `Token token="${valid.token}"`)}`);
      count(`invalid ${await get(server.url, path, `Bearer ${invalid}`)}`);
      count(`doomed ${await get(server.url, path, `Bearer ${doomed.token}`)}`);
      count(`garbage ${await get(server.url, path, `Basic ${invalid}`)}`);
    }
  }
  t.comment(`statuses before revocation: ${JSON.stringify(Object.fromEntries(statuses))}`);
  t.notOk([...statuses.keys()].some((key) => /^(valid|rails|doomed) 5/.test(key)), 'no 5xx');

  // Revoked in the database (what `npm run admin -- tokens revoke` does), then used on both at once.
  // A cached token is dropped when the revocation's notification reaches the instance, which is
  // asynchronous to the revoking commit: each instance must refuse it within that delivery (bounded
  // here at 2 s; it is milliseconds), and never accept it again after the first refusal.
  t.ok(await revokeToken(database.prisma, doomed.token), 'revoked');
  const refusedWithin = async (base: string) => {
    const started = Date.now();
    while (Date.now() - started < 2000) {
      if ((await get(base, '/api/v3/participants/ecf', `Bearer ${doomed.token}`)) === 401) return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return null;
  };
  for (const [label, server] of [['one', one], ['two', two]] as const) {
    const ms = await refusedWithin(server.url);
    t.comment(`instance ${label} refused the revoked token after ${ms} ms`);
    t.ok(ms !== null, `instance ${label} refuses the revoked token within the notification's delivery`);
    t.equal(await get(server.url, '/api/v3/participants/ecf', `Bearer ${doomed.token}`), 401, `instance ${label} keeps refusing it`);
  }
  t.equal(await get(two.url, '/api/v3/participants/ecf', `Bearer ${valid.token}`), 200, 'the other token still works');

  const logs = one.output() + two.output();
  t.ok(logs.length > 1000, `the servers logged (${logs.length} characters)`);
  for (const [label, secret] of [['valid', valid.token], ['revoked', doomed.token], ['invalid', invalid]] as const) {
    t.notOk(logs.includes(secret), `the ${label} token is not in the logs`);
    t.notOk(logs.includes(secret.slice(0, 16)), `nor a prefix of the ${label} token`);
  }
  t.notOk(logs.includes(tokenDigest(valid.token)), 'nor the digest the rate limiter keys on');

  const stored = await database.prisma.apiToken.findMany({ where: { id: { in: [valid.id, doomed.id] } } });
  t.equal(stored.length, 2);
  for (const row of stored) {
    const text = JSON.stringify(row);
    t.notOk(text.includes(valid.token) || text.includes(doomed.token), 'no token in the stored row');
    t.match(row.tokenDigest, /^[0-9a-f]{64}$/, 'a SHA-256 digest is stored');
  }
});
