// The load generator, run by scripts/bench.ts as a process of its own so it never shares an event
// loop with a server it measures. Reads one JSON job from the file named by argv[2], runs autocannon on it, prints
// the result as one JSON line. A job with `bodies` sends each body once (POSTs for distinct
// participants) and stops when they are used up.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import http from 'node:http';

interface Job {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` or `bodies` bound the run. */
  duration?: number;
  amount?: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  bodies?: string[];
  /** Sequential requests, one at a time, timed to the microsecond (autocannon rounds to whole ms). */
  sequential?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  bytes: number;
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Job;
if (job.sequential) {
  process.stdout.write(`${JSON.stringify(await sequential(job, job.sequential))}\n`);
  process.exit(0);
}
let next = 0;
const bodies = job.bodies;
const result = await autocannon({
  url: job.url,
  connections: job.connections,
  ...(bodies ? { amount: bodies.length } : job.amount ? { amount: job.amount } : { duration: job.duration ?? 10 }),
  method: job.method ?? 'GET',
  headers: { ...job.headers, ...(bodies ? { 'content-type': 'application/json' } : {}) },
  ...(bodies
    ? {
        requests: [{
          setupRequest: (request: autocannon.Request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        }],
      }
    : {}),
});
const seconds = result.duration;
const summary: LoadResult = {
  requests: result.requests.total,
  seconds,
  rps: result.requests.total / seconds,
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  bytes: result.throughput.total,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);

async function sequential(job: Job, count: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<{ ms: number; status: number; bytes: number }>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const request = http.get(job.url, { agent, headers: job.headers }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => { bytes += chunk.length; });
        response.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: response.statusCode ?? 0, bytes }));
      });
      request.on('error', reject);
    });
  await once(); // the connection is opened outside the measurement
  const timings: number[] = [];
  let non2xx = 0;
  let bytes = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const result = await once();
    timings.push(result.ms);
    bytes += result.bytes;
    if (result.status < 200 || result.status >= 300) non2xx++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!;
  return { requests: count, seconds, rps: count / seconds, p50: at(0.5), p99: at(0.99), non2xx, errors: 0, bytes };
}
