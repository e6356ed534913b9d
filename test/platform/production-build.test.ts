// The production build (npm run build): the server as plain JavaScript, started without any
// TypeScript loader, migrates an empty database (on PostgreSQL in its own child process) and
// serves the API; on the embedded database it loads the sandbox as npm start does.
import t from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/ports.ts';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { testDatabaseUrl } from '../helpers/app.ts';
import { assertMatchesSpec } from '../helpers/spec-validator.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createToken } from '../../src/domain/lead-providers/tokens.ts';
import { loadReferenceData } from '../../src/domain/reference-data/load.ts';
import { sandboxToken, EXAMPLE_PROVIDER } from '../../prisma/seed/snapshot.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = `dist/test-${randomBytes(4).toString('hex')}`;
t.teardown(() => rmSync(path.join(root, out), { recursive: true, force: true }));
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

/** Starts the built server (no --import of any loader) and waits until /healthcheck answers. */
async function startBuilt(t: Tap, env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [`${out}/server.mjs`], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env, PORT: String(port), NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  t.teardown(() => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  }));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the built server exited with ${child.exitCode}: ${stderr}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthcheck`).then((r) => r.ok, () => false);
    if (healthy) return `http://127.0.0.1:${port}`;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the built server did not become healthy: ${stderr}`);
}

type Tap = import('tap').Test;

async function getChecked(t: Tap, baseUrl: string, url: string, token: string) {
  const response = await fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.text();
  t.equal(response.status, 200, `${url}: ${body.slice(0, 200)}`);
  const asInjected = { statusCode: response.status, body, headers: { 'content-type': response.headers.get('content-type') } } as unknown as LightMyRequestResponse;
  t.doesNotThrow(() => assertMatchesSpec('GET', url, asInjected), `${url}: the body matches the spec`);
  return JSON.parse(body) as { data: unknown[] };
}

t.ok(readdirSync(path.join(root, out)).includes('migrate-child.mjs'), 'the migration process is built beside the server');

const target = testDatabaseUrl();
if (/^postgres/.test(target)) {
  await t.test('on PostgreSQL in production: migrates an empty database in a child process, then serves', async (t) => {
    const name = `lpapi_build_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: target });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    t.teardown(async () => {
      const dropper = new pg.Client({ connectionString: target });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    });
    const url = new URL(target);
    url.pathname = `/${name}`;
    const baseUrl = await startBuilt(t, { API_ENV: 'production', NODE_ENV: 'production', DATABASE_URL: url.toString() });

    const database = await openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 1 });
    t.teardown(() => database.close());
    const migrations = readdirSync(path.join(root, 'prisma/migrations'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
    const [ledger] = await database.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
    t.equal(Number(ledger!.n), migrations, 'every migration applied');
    // Production holds no data until an operator loads it: the reference data, then a token.
    await loadReferenceData(database.prisma, new Date());
    const provider = await database.prisma.leadProvider.findFirst({ orderBy: { name: 'asc' } });
    const { token } = await createToken(database.prisma, provider!.id, 'production build test');
    const page = await getChecked(t, baseUrl, '/api/v3/participants/ecf', token);
    t.same(page.data, [], 'an empty production database lists nobody');
  });
} else {
  await t.test('on the embedded database: the sandbox, loaded and served as npm start does', async (t) => {
    const folder = mkdtempSync(path.join(tmpdir(), 'lpapi-build-'));
    t.teardown(() => rmSync(folder, { recursive: true, force: true }));
    const baseUrl = await startBuilt(t, { API_ENV: 'sandbox', DATABASE_URL: `pglite:${path.join(folder, 'db')}` });
    const page = await getChecked(t, baseUrl, '/api/v3/participants/ecf', sandboxToken(EXAMPLE_PROVIDER));
    t.ok(page.data.length > 0, `${page.data.length} sandbox participants`);
    // The docs pages' own script is read from the build's assets folder.
    const script = await fetch(`${baseUrl}/api-reference/v3/static/theme/docs-page.js`);
    t.equal(script.status, 200, 'the docs page script is served from the build');
    t.match(await script.text(), /\S/, 'and is not empty');
  });
}
