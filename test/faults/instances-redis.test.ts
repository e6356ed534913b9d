// Several instances: two server processes sharing PostgreSQL and Redis enforce one per-token limit
// between them; with Redis unreachable the server serves (fail-open) and says so once in its log.
import t from 'tap';
import { Redis } from 'ioredis';
import { freshDatabase } from '../helpers/app.ts';
import { createToken } from '../../src/domain/lead-providers/tokens.ts';
import { startServer } from './server-process.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const database = await freshDatabase(t);
const databaseUrl = database.config.kind === 'postgres' ? database.config.url : null;
const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000 });
const redisUp = await probe.connect().then(() => true, () => false);
probe.disconnect();
if (!databaseUrl || !redisUp) {
  t.comment('needs PostgreSQL (DATABASE_URL=postgres://…) and Redis on REDIS_URL (default redis://127.0.0.1:6379)');
  t.pass('skipped');
  process.exit(0);
}
const provider = await database.prisma.leadProvider.findFirstOrThrow({ orderBy: { name: 'asc' } });
const path = '/api/v3/participants/ecf?page[per_page]=1';

async function get(base: string, token: string): Promise<number> {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
  await response.text();
  return response.status;
}

await t.test('two instances through one Redis: 50 of 100 requests pass the 50-per-window limit, wherever they land', async (t) => {
  const env = { REDIS_URL: redisUrl, RATE_LIMIT_MAX: '50', RATE_LIMIT_WINDOW_MS: '120000' };
  const one = await startServer(t, databaseUrl, env);
  const two = await startServer(t, databaseUrl, env);
  // A new token is a new counter, so earlier runs against the same Redis do not count.
  const { token } = await createToken(database.prisma, provider.id);
  const statuses: number[] = [];
  // Ten at a time, alternating between the instances.
  for (let batch = 0; batch < 10; batch += 1) {
    statuses.push(...await Promise.all(Array.from({ length: 10 }, (_, i) => get(i % 2 === 0 ? one.url : two.url, token))));
  }
  const ok = statuses.filter((s) => s === 200).length;
  const limited = statuses.filter((s) => s === 429).length;
  t.comment(`100 requests over two instances: ${ok} × 200, ${limited} × 429`);
  t.equal(ok, 50, 'exactly the limit is served in total');
  t.equal(limited, 50, 'the rest are 429');
  const other = await createToken(database.prisma, provider.id);
  t.equal(await get(two.url, other.token), 200, 'another token has its own count');
});

await t.test('Redis unreachable: every request is served (no limit), and the outage is logged once', async (t) => {
  // Nothing listens on port 1.
  const server = await startServer(t, databaseUrl, { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_MAX: '5', LOG_LEVEL: 'info' });
  const { token } = await createToken(database.prisma, provider.id);
  const statuses: number[] = [];
  for (let i = 0; i < 40; i += 1) statuses.push(await get(server.url, token));
  t.same([...new Set(statuses)], [200], 'all 40 requests served, far above the limit of 5');
  // ioredis keeps retrying meanwhile; give it a few attempts.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const lines = server.output().split('\n').filter((line) => line.includes('Redis unreachable'));
  t.equal(lines.length, 1, 'one log line for the outage, not one per request or retry');
  t.match(lines[0], /"level":50/, 'at error level');
});
