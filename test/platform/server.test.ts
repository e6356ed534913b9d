// The real processes: `npm start` semantics, the folder lock, start-up errors, the admin CLI
// talking to a running server, and graceful shutdown. Everything on 127.0.0.1, bounded in time.
import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/ports.ts';
import { lockPath } from '../../src/db/database.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Finished { code: number | null; stdout: string; stderr: string }

function runNode(script: string, args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

// Generous: creating an empty embedded database with the sandbox takes ~10 s, several times that on a busy CI box.
async function waitForHealth(port: number, child: ChildProcess, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthcheck`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch { /* not up yet */ }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('server did not become healthy in time');
}

const folder = mkdtempSync(path.join(tmpdir(), 'lpapi-server-'));
t.teardown(() => rmSync(folder, { recursive: true, force: true }));
const env = { DATABASE_URL: `pglite:${folder}`, LOG_LEVEL: 'warn', API_ENV: 'sandbox', HOST: '127.0.0.1' };

await t.test('production refuses the embedded database with one clear line', async (t) => {
  for (const url of [`pglite:${path.join(folder, 'production')}`, 'pglite:memory']) {
    const result = await runNode('src/server.ts', [], { ...env, DATABASE_URL: url, API_ENV: 'production', PORT: '0' }, 60_000);
    t.equal(result.code, 1, `${url}: exit 1`);
    t.equal(result.stderr, 'API_ENV=production needs PostgreSQL (DATABASE_URL=postgres://…); the embedded database is for the sandbox and development only\n', 'one line on stderr');
  }
  t.notOk(existsSync(path.join(folder, 'production')), 'the folder was never created');
});

await t.test('the admin CLI refuses to create an empty embedded database for a command that needs data', async (t) => {
  const nowhere = path.join(folder, 'not-the-servers');
  for (const url of [`pglite:${nowhere}`, 'pglite:memory']) {
    const result = await runNode('scripts/admin.ts', ['tokens', 'create', '--lead-provider', 'Ambition Institute'], { ...env, DATABASE_URL: url }, 30_000);
    t.equal(result.code, 1, `${url}: exit 1`);
    t.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr.trim()}`);
    t.match(result.stderr, /^No database at .*set DATABASE_URL to the server's/);
    t.equal(result.stdout, '', 'no token printed');
  }
  t.notOk(existsSync(nowhere), 'no folder was created');
  const help = await runNode('scripts/admin.ts', ['help'], { ...env, DATABASE_URL: `pglite:${nowhere}` }, 30_000);
  t.equal(help.code, 0, 'help needs no database');
  t.notOk(existsSync(nowhere), 'nor opens one');
});

await t.test('start-up errors are one clear line and a non-zero exit', async (t) => {
  for (const [label, url] of [
    ['a malformed URL', 'mysql://nope'],
    ['an unreachable server', 'postgres://127.0.0.1:1/nothing'],
    ['a pglite URL with no folder', 'pglite:'],
  ] as const) {
    const result = await runNode('src/server.ts', [], { ...env, DATABASE_URL: url, PORT: '0' }, 30_000);
    t.equal(result.code, 1, `${label}: exit 1`);
    t.equal(result.stderr.trim().split('\n').length, 1, `${label}: one line (${result.stderr.trim()})`);
    t.notMatch(result.stderr, /\n\s+at /, `${label}: no stack`);
  }
  const badEnv = await runNode('src/server.ts', [], { ...env, PORT: 'eighty' }, 30_000);
  t.equal(badEnv.code, 1, 'an invalid setting: exit 1');
  t.match(badEnv.stderr, /PORT/);
});

await t.test('npm start on an empty embedded database: sandbox data, admin CLI through the server, lock, shutdown', async (t) => {
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env: { ...process.env, ...env, PORT: String(port) } });
  let serverErr = '';
  server.stderr.on('data', (chunk) => { serverErr += chunk; });
  t.teardown(() => { if (server.exitCode === null) server.kill('SIGKILL'); });
  const spawned = Date.now();
  await waitForHealth(port, server);
  t.comment(`healthy with the sandbox ${((Date.now() - spawned) / 1000).toFixed(1)} s after start on an empty folder`);
  t.ok(existsSync(lockPath(folder)), 'the server holds the folder lock');

  const created = await runNode('scripts/admin.ts', ['tokens', 'create', '--lead-provider', 'Ambition Institute'], env);
  t.equal(created.code, 0, created.stderr);
  const token = created.stdout.trim();
  t.match(token, /^[A-Za-z0-9_-]{30,}$/, 'stdout is only the new token');
  t.equal(created.stdout.split('\n').filter(Boolean).length, 1);

  const ours = new Set<string>();
  for (const version of ['v1', 'v2', 'v3']) {
    const response = await fetch(`http://127.0.0.1:${port}/api/${version}/participants/ecf?page[per_page]=3000`, { headers: { authorization: `Bearer ${token}` } });
    t.equal(response.status, 200);
    const data = (await response.json()) as { data: { id: string }[] };
    t.ok(data.data.length > 0, `${version} lists the sandbox participants`);
    for (const item of data.data) ours.add(item.id);
  }
  const theirs = await fetch(`http://127.0.0.1:${port}/api/v3/participants/ecf?page[per_page]=3000`, { headers: { authorization: 'Bearer sandbox-capita' } });
  const theirIds = ((await theirs.json()) as { data: { id: string }[] }).data.map((item) => item.id);
  t.ok(theirIds.length > 0);
  const shared = theirIds.filter((id) => ours.has(id));
  // Participants who moved between the two providers are the only ones both may see.
  t.ok(shared.length <= 2 * 7, `the token sees only its own provider's participants (${shared.length} transferred in common)`);

  const listed = await runNode('scripts/admin.ts', ['lead-providers', 'list'], env);
  t.equal(listed.code, 0);
  t.equal(listed.stdout.trim().split('\n').length, 7, 'the seven lead providers');

  const revoked = await runNode('scripts/admin.ts', ['tokens', 'revoke', token], env);
  t.equal(revoked.code, 0, revoked.stderr);
  const after = await fetch(`http://127.0.0.1:${port}/api/v3/participants/ecf`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(after.status, 401, 'a revoked token is refused at once');

  for (const args of [['tokens', 'create', '--lead-provider', 'Nobody Ltd'], ['frobnicate'], ['tokens', 'create', '--bogus']]) {
    const failed = await runNode('scripts/admin.ts', args, env);
    t.equal(failed.code, 1, `${args.join(' ')}: exit 1`);
    t.equal(failed.stderr.trim().split('\n')[0]!.length > 0, true);
    t.notMatch(failed.stderr, /\n\s+at /, 'no stack');
  }

  const second = await runNode('src/server.ts', [], { ...env, PORT: String(await freePort()) }, 30_000);
  t.equal(second.code, 1, 'a second server on the same folder is refused');
  t.match(second.stderr, /in use by process \d+/);

  server.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => server.on('close', resolve));
  t.equal(code, 0, `graceful shutdown exits 0 ${serverErr}`);
  t.notOk(existsSync(lockPath(folder)), 'the lock is released');

  const offline = await runNode('scripts/admin.ts', ['lead-providers', 'list'], env);
  t.equal(offline.code, 0, 'with no server running the CLI opens the folder itself');
  t.notOk(existsSync(lockPath(folder)), 'and releases it');
});
