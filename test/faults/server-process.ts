// Starts the real server (`src/server.ts`) as a child process on 127.0.0.1 for the fault tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/ports.ts';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthcheck`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch { /* not up yet */ }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server did not become healthy in time');
}

/** A production-mode server on `databaseUrl`, healthy when this resolves; killed at teardown. */
export async function startServer(
  t: { teardown(fn: () => unknown): void },
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      API_ENV: 'production',
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      // These tests judge connections, not load shedding: a busy CI box must not turn into 503s.
      LOAD_SHED_EVENT_LOOP_DELAY_MS: '0',
      ...env,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, 90_000);
  return { child, url, output: () => output, exited };
}

/** Runs autocannon in another process against `url` for `seconds` with `connections` sockets. */
export function loadFromAnotherProcess(url: string, token: string, seconds: number, connections = 10): Promise<{ requests: number; errors: number }> {
  const script = `
    const autocannon = require('autocannon');
    autocannon({ url: process.argv[1], connections: ${connections}, duration: ${seconds},
      headers: { authorization: 'Bearer ' + process.argv[2] } }, (err, result) => {
      if (err) { console.error(err); process.exit(1); }
      console.log(JSON.stringify({ requests: result.requests.total, errors: result.errors + result.timeouts }));
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, url, token], { cwd: root });
    let stdout = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!));
    });
  });
}
