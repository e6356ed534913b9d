// Kept-alive connections under the benchmark's sequence, and graceful shutdown under load,
// against the real server process (production mode) on this run's database.
import t from 'tap';
import net from 'node:net';
import { Agent, request } from 'undici';
import { freshDatabase } from '../helpers/app.ts';
import { createToken } from '../../src/domain/lead-providers/tokens.ts';
import { loadFromAnotherProcess, startServer } from './server-process.ts';

const database = await freshDatabase(t);
const databaseUrl = database.config.kind === 'postgres' ? database.config.url : null;
if (!databaseUrl) {
  // Two processes cannot share an in-memory PGlite; these run where the server is a separate process.
  t.comment('PostgreSQL only (DATABASE_URL=postgres://…)');
  t.pass('skipped on embedded PGlite');
  process.exit(0);
}
const provider = await database.prisma.leadProvider.findFirstOrThrow({ orderBy: { name: 'asc' } });
const { token } = await createToken(database.prisma, provider.id);
const path = '/api/v3/participants/ecf?page[per_page]=5';
// The load phases are far above the per-token limit; this file is about connections.
const serverEnv = { RATE_LIMIT_MAX: '1000000' };

await t.test('the benchmark sequence: sequential GETs on one kept-alive socket survive the idle gaps between load phases', async (t) => {
  const ours = await startServer(t, databaseUrl, serverEnv);
  const other = await startServer(t, databaseUrl, serverEnv);
  // One socket, kept alive the way fetch keeps it (undici honours the server's Keep-Alive hint).
  const agent = new Agent({ connections: 1, pipelining: 1 });
  t.teardown(() => agent.close());
  const failures: string[] = [];
  let sent = 0;
  const sequentialGets = async (round: number) => {
    for (let i = 0; i < 30; i += 1) {
      sent += 1;
      try {
        const response = await request(`${ours.url}${path}`, { dispatcher: agent, headers: { authorization: `Bearer ${token}` }, headersTimeout: 5000, bodyTimeout: 5000 });
        await response.body.text();
        if (response.statusCode !== 200) failures.push(`round ${round} #${i}: ${response.statusCode}`);
      } catch (error) {
        failures.push(`round ${round} #${i}: ${(error as Error).message}`);
      }
    }
  };
  for (let round = 0; round < 2; round += 1) {
    await sequentialGets(round);
    // The socket idles through both load phases, longer than the old 10 s keep-alive.
    const loadOurs = await loadFromAnotherProcess(`${ours.url}${path}`, token, 5);
    const loadOther = await loadFromAnotherProcess(`${other.url}${path}`, token, 5);
    t.ok(loadOurs.requests > 0 && loadOther.requests > 0, `round ${round}: load ran (${loadOurs.requests} + ${loadOther.requests} requests)`);
  }
  await sequentialGets(2);
  t.same(failures, [], `no request of ${sent} failed on the kept-alive socket`);
});

// Load balancers and many HTTP clients ignore the Keep-Alive hint and reuse an idle socket until
// their own idle timeout. A raw socket does exactly that: a second request written after 12 s of
// silence must be answered. Under the old 10 s server keep-alive the server had already closed
// the socket, and the client saw the connection end with no answer ("other side closed"); to see
// it fail, run this file with KEEP_ALIVE_TIMEOUT_MS=10000 in the environment (the servers inherit it).
await t.test('a client that ignores the Keep-Alive hint is answered on its socket after 12 s idle (the old 10 s keep-alive cut it)', async (t) => {
  const ours = await startServer(t, databaseUrl, serverEnv);
  const { port } = new URL(ours.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  t.teardown(() => socket.destroy());
  let received = '';
  let ended = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => { received += chunk; });
  socket.on('end', () => { ended = true; });
  socket.on('error', () => { ended = true; });
  await new Promise((resolve) => socket.once('connect', resolve));
  const answers = () => received.match(/HTTP\/1\.1 \d{3} /g)?.length ?? 0;
  const until = async (done: () => boolean, ms: number) => {
    for (const began = Date.now(); !done() && Date.now() - began < ms;) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const ask = () => socket.write('GET /healthcheck HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  ask();
  await until(() => answers() === 1 || ended, 5000);
  t.equal(answers(), 1, 'the first request is answered');
  await new Promise((resolve) => setTimeout(resolve, 12_000));
  t.notOk(ended, 'the server kept the idle socket open');
  if (!ended) ask();
  await until(() => answers() === 2 || ended, 5000);
  t.equal(answers(), 2, 'the request written after the idle gap is answered on the same socket');
});

await t.test('SIGTERM under load: in-flight requests finish, no connection is reset, exit 0', async (t) => {
  const ours = await startServer(t, databaseUrl, serverEnv);
  const agent = new Agent({ connections: 8 });
  t.teardown(() => agent.close());
  const outcomes = { answered: 0, refused: 0, reset: [] as string[], statuses: new Map<number, number>() };
  let stopping = false;
  const worker = async () => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      try {
        const response = await request(`${ours.url}${path}`, { dispatcher: agent, headers: { authorization: `Bearer ${token}` }, headersTimeout: 10_000, bodyTimeout: 10_000 });
        await response.body.text();
        outcomes.answered += 1;
        outcomes.statuses.set(response.statusCode, (outcomes.statuses.get(response.statusCode) ?? 0) + 1);
      } catch (error) {
        const code = (error as { code?: string; cause?: { code?: string } }).code ?? '';
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? '';
        // After the listener closes, a new connection is refused: that is not a reset.
        if (stopping && (code === 'ECONNREFUSED' || cause === 'ECONNREFUSED')) { outcomes.refused += 1; return; }
        outcomes.reset.push(`${code} ${(error as Error).message}`);
        if (stopping) return;
      }
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  stopping = true;
  ours.child.kill('SIGTERM');
  await Promise.all(workers);
  const code = await ours.exited;
  t.equal(code, 0, `graceful shutdown exits 0 ${ours.output()}`);
  t.ok(outcomes.answered > 20, `requests were in flight (${outcomes.answered} answered, ${outcomes.refused} refused after close)`);
  t.same(outcomes.reset, [], 'no request was reset');
  const statuses = Object.fromEntries(outcomes.statuses);
  t.comment(`statuses through the SIGTERM: ${JSON.stringify(statuses)}`);
  t.same(Object.keys(statuses).filter((status) => status !== '200' && status !== '503'), [], 'every answer a 200 or, once closing, a 503');
});
