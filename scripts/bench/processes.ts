// The benchmark's child processes: our server (production mode, its own process), the limit
// server, the load generator, and psql for COPY. Everything listens on 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadResult } from './load.ts';

export type { LoadResult } from './load.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Child {
  process: ChildProcess;
  /** performance.now() when the process was spawned. */
  spawnedAt: number;
  url: string;
  stop(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode}): ${output()}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up in 90 s: ${output()}`);
}

function start(args: string[], env: Record<string, string>, readyPath: string, port: number): Promise<Child> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  return waitFor(`${url}${readyPath}`, child, () => output).then(() => ({ process: child, spawnedAt, url, stop }));
}

/**
 * Our server as a production deployment runs it (`npm run build`, then `npm run start:production`),
 * quiet logs, no rate limit in the way. A profiled run starts from the sources under tsx instead,
 * so its frames name our files (tsx only compiles as modules load; the running code is the same).
 */
export async function startServer(databaseUrl: string, options: { profileDir?: string } = {}): Promise<Child> {
  const entry = options.profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, '--import', 'tsx', 'src/server.ts']
    : ['dist/server/server.mjs'];
  return start(entry, {
    NODE_ENV: 'production',
    API_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '1000000000',
    SEED_ON_EMPTY: 'false',
  }, '/healthcheck', await freePort());
}

export async function startLimitServer(databaseUrl: string): Promise<Child> {
  return start(['--import', 'tsx', path.join(here, 'limit-server.ts')], { NODE_ENV: 'production', DATABASE_URL: databaseUrl }, '/', await freePort());
}

export interface LoadJob {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  bodies?: string[];
  sequential?: number;
}

/** Runs autocannon in a process of its own (the job goes through a file: POST bodies outgrow argv). */
export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'lpapi-bench-'));
  const file = path.join(folder, 'job.json');
  writeFileSync(file, JSON.stringify(job));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'load.ts'), file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  rmSync(folder, { recursive: true, force: true });
  if (code !== 0) throw new Error(`load generator failed (${code}): ${stderr.slice(-2000)}`);
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Samples a process's RSS every 20 ms while `work` runs; returns the work's result and the peak. */
export async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; beforeMb: number; peakMb: number }> {
  const beforeMb = rssMb(pid);
  let peakMb = beforeMb;
  const timer = setInterval(() => { peakMb = Math.max(peakMb, rssMb(pid)); }, 20);
  try {
    const result = await work();
    peakMb = Math.max(peakMb, rssMb(pid));
    return { result, beforeMb, peakMb };
  } finally {
    clearInterval(timer);
  }
}

/** PostgreSQL's own `COPY (query) TO STDOUT` through psql: seconds, bytes and rows (a CSV with a header). */
export async function timeCopy(databaseUrl: string, query: string): Promise<{ seconds: number; bytes: number; rows: number }> {
  const started = process.hrtime.bigint();
  const child = spawn('psql', [databaseUrl, '-X', '-q', '-c', `COPY (${query}) TO STDOUT WITH (FORMAT csv, HEADER)`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let bytes = 0;
  let rows = -1;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) rows++;
  });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`psql COPY failed: ${stderr}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes, rows };
}
