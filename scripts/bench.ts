// npm run bench: our API at real scale against "the physical limit" of this stack, on PostgreSQL.
//
// - Seeds the scale data set once per (seed, size) into a database of its own and reuses it.
// - Starts our server as its own process in production mode (`src/server.ts`), and the limit
//   server as another (scripts/bench/limit-server.ts): the same response bytes, fetched once
//   through our API and stored per (case, page), served by bare node:http with one indexed query.
// - Drives both with autocannon in a third process (scripts/bench/load.ts), 127.0.0.1 only,
//   BENCH_SECONDS per case (default 10) at BENCH_CONNECTIONS (default 10).
// - CSV exports against PostgreSQL's COPY of the same rows; declaration POSTs for distinct
//   participants against a bare route doing the same INSERTs; a CPU profile of our server under
//   the v3 participants case (BENCH_PROFILE=0 skips it).
// Writes the tables to stdout and to bench-results.md. BENCH_QUICK=1: a small seed, 2 s per case.
// Env: DATABASE_URL (a PostgreSQL server; the bench database is created on it), BENCH_SEED,
// BENCH_PARTICIPANTS, BENCH_DECLARATIONS, BENCH_POSTS.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createToken } from '../src/domain/lead-providers/tokens.ts';
import { FULL_SIZE, seedAtScale, type ScaleOptions } from './scale-seed.ts';
import { summariseProfile, type ProfileSummary } from './bench/profile.ts';
import { rssMb, runLoad, startLimitServer, startServer, timeCopy, withPeakRss, type Child, type LoadResult } from './bench/processes.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 10));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SINGLE_REQUESTS = QUICK ? 10 : 40;
const SCALE: ScaleOptions = {
  participants: Number(process.env.BENCH_PARTICIPANTS ?? (QUICK ? 10_000 : FULL_SIZE.participants)),
  declarations: Number(process.env.BENCH_DECLARATIONS ?? (QUICK ? 50_000 : FULL_SIZE.declarations)),
  seed: Number(process.env.BENCH_SEED ?? FULL_SIZE.seed),
};
const POSTS = Number(process.env.BENCH_POSTS ?? (QUICK ? 200 : 1000));
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RESULTS_FILE = 'bench-results.md';

function databaseUrl(name: string): string {
  if (!/^postgres(ql)?:/.test(SERVER_URL)) throw new Error('npm run bench needs DATABASE_URL=postgres://… (a PostgreSQL server)');
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const log = (message: string) => process.stderr.write(`${message}\n`);
const uptime = () => os.loadavg().map((n) => n.toFixed(2)).join(', ');

/** The bench database for this seed and size: reused when a previous run finished seeding it. */
async function prepareDatabase(): Promise<{ url: string; seedSeconds: number; reused: boolean }> {
  // Keyed by seed, size and the seed's own code, so a changed seed never reuses stale data.
  const code = createHash('sha256');
  for (const file of ['scripts/scale-seed.ts', 'scripts/scale/steps.ts']) code.update(readFileSync(file));
  const name = `lpapi_bench_s${SCALE.seed}_p${SCALE.participants}_d${SCALE.declarations}_${code.digest('hex').slice(0, 8)}`;
  const url = databaseUrl(name);
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
    if (exists) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const marker = await client.query(`SELECT seconds FROM bench_seeded`).catch(() => null);
      await client.end();
      if (marker?.rows[0]) {
        // The data is reused; migrations added since it was seeded (and their backfills) still apply.
        const database = await openDatabase({ kind: 'postgres', url }, { statementTimeoutMs: 900_000 });
        await migrate(database).finally(() => database.close());
        return { url, seedSeconds: Number(marker.rows[0].seconds), reused: true };
      }
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ kind: 'postgres', url }, { statementTimeoutMs: 900_000 });
  try {
    await migrate(database);
    log(`seeding ${SCALE.participants} participants, ~${SCALE.declarations} declarations (seed ${SCALE.seed})`);
    const started = Date.now();
    await seedAtScale(database.prisma, SCALE, { progress: process.stderr.isTTY });
    const seedSeconds = (Date.now() - started) / 1000;
    await database.prisma.$executeRawUnsafe(`CREATE TABLE bench_seeded (seconds numeric NOT NULL)`);
    await database.prisma.$executeRawUnsafe(`INSERT INTO bench_seeded VALUES (${seedSeconds})`);
    return { url, seedSeconds, reused: false };
  } finally {
    await database.close();
  }
}

interface ListCase {
  key: string;
  label: string;
  path: string;
}

function listCases(deepPage: number): ListCase[] {
  return [
    { key: 'v3-participants-100', label: 'v3 participants, 100 per page', path: '/api/v3/participants/ecf?page[per_page]=100' },
    { key: 'v3-participants-3000', label: 'v3 participants, 3000 per page', path: '/api/v3/participants/ecf?page[per_page]=3000' },
    { key: 'v3-participants-100-deep', label: `v3 participants, 100 per page, page ${deepPage}`, path: `/api/v3/participants/ecf?page[per_page]=100&page[page]=${deepPage}` },
    { key: 'v1-participants-100', label: 'v1 participants, 100 per page', path: '/api/v1/participants/ecf?page[per_page]=100' },
    { key: 'v3-declarations-100', label: 'v3 declarations, 100 per page', path: '/api/v3/participant-declarations?page[per_page]=100' },
    { key: 'v3-declarations-3000', label: 'v3 declarations, 3000 per page', path: '/api/v3/participant-declarations?page[per_page]=3000' },
    { key: 'v2-declarations-100', label: 'v2 declarations, 100 per page', path: '/api/v2/participant-declarations?page[per_page]=100' },
    { key: 'v2-declarations-3000', label: 'v2 declarations, 3000 per page', path: '/api/v2/participant-declarations?page[per_page]=3000' },
    { key: 'v3-npq-applications-100', label: 'v3 NPQ applications, 100 per page', path: '/api/v3/npq-applications?page[per_page]=100' },
  ];
}

const SYNC_PATH = (page: number) => `/api/v3/participants/ecf?filter[updated_since]=2000-01-01T00:00:00Z&page[per_page]=3000&page[page]=${page}`;

async function fetchBody(url: string, token?: string): Promise<{ status: number; contentType: string; body: string }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body: await response.text() };
}

/** Fetches each page once through our API and stores its body for the limit server. */
async function storePages(pool: pg.Pool, ours: Child, token: string, cases: ListCase[]): Promise<number> {
  await pool.query(`DROP TABLE IF EXISTS bench_pages`);
  await pool.query(`CREATE TABLE bench_pages (case_key text, page int, content_type text NOT NULL, body text NOT NULL, PRIMARY KEY (case_key, page))`);
  const store = async (key: string, page: number, url: string) => {
    const { status, contentType, body } = await fetchBody(url, token);
    if (status !== 200) throw new Error(`${url}: ${status} ${body.slice(0, 300)}`);
    await pool.query(`INSERT INTO bench_pages VALUES ($1, $2, $3, $4)`, [key, page, contentType, body]);
    return body;
  };
  for (const listCase of cases) await store(listCase.key, 1, `${ours.url}${listCase.path}`);
  let pages = 0;
  for (let page = 1; ; page++) {
    const body = await store('sync', page, `${ours.url}${SYNC_PATH(page)}`);
    if ((JSON.parse(body) as { data: unknown[] }).data.length === 0) break;
    pages = page;
  }
  await pool.query('ANALYZE bench_pages');
  return pages;
}

async function timeSync(pageUrl: (page: number) => string, token?: string): Promise<{ seconds: number; rows: number; pages: number }> {
  const started = process.hrtime.bigint();
  let rows = 0;
  let page = 1;
  for (; ; page++) {
    const { status, body } = await fetchBody(pageUrl(page), token);
    if (status !== 200) throw new Error(`sync page ${page}: ${status}`);
    const count = (JSON.parse(body) as { data: unknown[] }).data.length;
    if (count === 0) break;
    rows += count;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, rows, pages: page - 1 };
}

async function streamCsv(url: string, token: string): Promise<{ seconds: number; bytes: number; rows: number }> {
  const started = process.hrtime.bigint();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  let bytes = 0;
  let rows = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) rows++;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes, rows: rows - 1 };
}

// The rows of each CSV export as PostgreSQL would hand them out: the same joins, no API on top.
const PARTICIPANTS_COPY = (leadProviderId: string) => `
  SELECT u.id, coalesce(pi.email, u.email) AS email, u.full_name, mentor.user_id AS mentor_id, sch.urn AS school_urn,
         pp.profile_type AS participant_type, c.start_year AS cohort, ir.induction_status AS status,
         tp.trn AS teacher_reference_number, e.reason IS NOT NULL AND e.reason <> 'different_trn' AS teacher_reference_number_validated,
         e.status = 'eligible' AS eligible_for_funding, pp.pupil_premium_uplift, pp.sparsity_uplift, ir.training_status,
         pp.id AS training_record_id, s.schedule_identifier, greatest(u.updated_at, pp.updated_at, ir.updated_at) AS updated_at
    FROM participant_visibility v
    JOIN users u ON u.id = v.user_id
    JOIN participant_profiles pp ON pp.id = v.participant_profile_id
    JOIN induction_records ir ON ir.id = v.induction_record_id
    JOIN induction_programmes ip ON ip.id = ir.induction_programme_id
    JOIN school_cohorts sc ON sc.id = ip.school_cohort_id
    JOIN schools sch ON sch.id = sc.school_id
    JOIN cohorts c ON c.id = sc.cohort_id
    JOIN schedules s ON s.id = ir.schedule_id
    LEFT JOIN teacher_profiles tp ON tp.user_id = u.id
    LEFT JOIN ecf_participant_eligibilities e ON e.participant_profile_id = pp.id
    LEFT JOIN participant_profiles mentor ON mentor.id = ir.mentor_profile_id
    LEFT JOIN participant_identities pi ON pi.id = ir.preferred_identity_id
   WHERE v.lead_provider_id = '${leadProviderId}'
   ORDER BY v.user_created_at, v.user_id`;

const DECLARATIONS_COPY = (leadProviderId: string) => `
  SELECT d.id, d.user_id AS participant_id, d.declaration_type, d.course_identifier, d.declaration_date, d.updated_at, d.state,
         lp.name AS lead_provider_name, c.start_year AS cohort, d.evidence_held, d.pupil_premium_uplift, d.sparsity_uplift,
         d.delivery_partner_id, d.mentor_user_id, line.statement_id, refund.statement_id AS clawback_statement_id, d.created_at
    FROM participant_declarations d
    JOIN lead_providers lp ON lp.id = d.lead_provider_id
    JOIN cohorts c ON c.id = d.cohort_id
    LEFT JOIN LATERAL (SELECT statement_id FROM statement_line_items l WHERE l.participant_declaration_id = d.id AND l.state NOT IN ('awaiting_clawback', 'clawed_back') LIMIT 1) line ON true
    LEFT JOIN LATERAL (SELECT statement_id FROM statement_line_items l WHERE l.participant_declaration_id = d.id AND l.state IN ('awaiting_clawback', 'clawed_back') LIMIT 1) refund ON true
   WHERE d.lead_provider_id = '${leadProviderId}'
   ORDER BY d.created_at, d.id`;

interface Row {
  label: string;
  ours: LoadResult;
  limit: LoadResult;
  oursSingle: LoadResult;
  limitSingle: LoadResult;
}

const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const pct = (value: number) => `${(value * 100).toFixed(0)}%`;

function listTable(rows: Row[]): string {
  const lines = [
    '| case | ours req/s | limit req/s | ours / limit | ours p50 / p99 ms | limit p50 / p99 ms | single p50 ms ours / limit | single p50 ratio |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const errors = row.ours.non2xx + row.ours.errors + row.limit.non2xx + row.limit.errors;
    lines.push(
      `| ${row.label}${errors ? ` (${errors} errors)` : ''} | ${row.ours.rps.toFixed(0)} | ${row.limit.rps.toFixed(0)} | **${pct(row.ours.rps / row.limit.rps)}** | ` +
        `${ms(row.ours.p50)} / ${ms(row.ours.p99)} | ${ms(row.limit.p50)} / ${ms(row.limit.p99)} | ` +
        `${ms(row.oursSingle.p50)} / ${ms(row.limitSingle.p50)} | ${(row.oursSingle.p50 / Math.max(row.limitSingle.p50, 0.01)).toFixed(1)}× |`,
    );
  }
  return lines.join('\n');
}

function profileTable(summary: ProfileSummary): string {
  const lines = [
    `Busy ${(summary.busyMs / 1000).toFixed(1)} s of CPU, idle ${(summary.idleMs / 1000).toFixed(1)} s. By area (self time):`,
    '',
    '| area | self ms | share |',
    '| --- | ---: | ---: |',
    ...summary.areas.map((area) => `| ${area.area} | ${area.ms.toFixed(0)} | ${pct(area.share)} |`),
    '',
    'Top frames (self time):',
    '',
    '| frame | area | self ms | share | heaviest callers (nearest first) |',
    '| --- | --- | ---: | ---: | --- |',
    ...summary.frames.map((frame) =>
      `| \`${frame.frame.replaceAll('|', '\\|')}\` | ${frame.area} | ${frame.ms.toFixed(0)} | ${pct(frame.share)} | ${frame.callers.replaceAll('|', '\\|')} |`),
  ];
  return lines.join('\n');
}

async function main() {
  const loadBefore = uptime();
  const started = new Date();
  const { url, seedSeconds, reused } = await prepareDatabase();
  log(reused ? `reusing the bench database (seeded in ${seedSeconds.toFixed(1)} s)` : `seeded in ${seedSeconds.toFixed(1)} s`);

  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const database = await openDatabase({ kind: 'postgres', url }, { poolSize: 2 });
  await forgetPostedDeclarations(pool);
  const largest = (await pool.query<{ id: string; name: string; visible: string; declarations: string }>(
    `SELECT lp.id, lp.name,
            (SELECT count(*) FROM participant_visibility v WHERE v.lead_provider_id = lp.id) AS visible,
            (SELECT count(*) FROM participant_declarations d WHERE d.lead_provider_id = lp.id) AS declarations
       FROM lead_providers lp ORDER BY visible DESC LIMIT 1`,
  )).rows[0]!;
  const token = (await createToken(database.prisma, largest.id, 'benchmark')).token;
  await database.close();
  const visible = Number(largest.visible);
  const deepPage = Math.min(300, Math.max(1, Math.floor(visible / 100)));
  const cases = listCases(deepPage);
  const auth = { authorization: `Bearer ${token}` };

  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const ours = await startServer(url);
  const limit = await startLimitServer(url);
  const results: string[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const idleRss = rssMb(ours.process.pid!);
    log(`idle RSS of the server: ${idleRss.toFixed(0)} MB`);
    const syncPages = await storePages(pool, ours, token, cases);
    log(`stored ${cases.length} pages and ${syncPages} sync pages for the limit server`);

    const rows: Row[] = [];
    for (const listCase of cases) {
      const oursUrl = `${ours.url}${listCase.path}`;
      const limitUrl = `${limit.url}/pages/${listCase.key}/1`;
      log(listCase.label);
      const row: Row = {
        label: listCase.label,
        ours: await runLoad({ url: oursUrl, connections: CONNECTIONS, duration: SECONDS, headers: auth }),
        limit: await runLoad({ url: limitUrl, connections: CONNECTIONS, duration: SECONDS }),
        oursSingle: await runLoad({ url: oursUrl, connections: 1, sequential: SINGLE_REQUESTS, headers: auth }),
        limitSingle: await runLoad({ url: limitUrl, connections: 1, sequential: SINGLE_REQUESTS }),
      };
      rows.push(row);
    }

    log('full sync');
    const oursSync = await timeSync((page) => `${ours.url}${SYNC_PATH(page)}`, token);
    const limitSync = await timeSync((page) => `${limit.url}/pages/sync/${page}`);

    log('CSV exports');
    const csv = [];
    for (const [label, csvPath, query] of [
      ['v1 participants CSV', '/api/v1/participants/ecf.csv', PARTICIPANTS_COPY(largest.id)],
      ['v2 declarations CSV', '/api/v2/participant-declarations.csv', DECLARATIONS_COPY(largest.id)],
    ] as const) {
      const measured = await withPeakRss(ours.process.pid!, () => streamCsv(`${ours.url}${csvPath}`, token));
      const copy = await timeCopy(url, query);
      csv.push({ label, ...measured.result, extraMb: measured.peakMb - measured.beforeMb, beforeMb: measured.beforeMb, copy });
    }

    log('declaration POSTs');
    const post = await benchPosts(pool, ours, limit, largest.id, token);

    const loadAfter = uptime();
    results.push(
      `Run ${started.toISOString()}: ${QUICK ? '**quick smoke run** (BENCH_QUICK=1), ' : ''}${SECONDS} s per case at ${CONNECTIONS} connections; ` +
        `single-request p50 over ${SINGLE_REQUESTS} sequential requests on one kept-alive connection; ` +
        `autocannon's p50/p99 at ${CONNECTIONS} connections are whole milliseconds.`,
      `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}, ${serverVersion(url)}; ` +
        `shared with other work: load average ${loadBefore} before, ${loadAfter} after.`,
      `Data: ${SCALE.participants} participants, ${await count(pool, 'participant_declarations')} declarations (seed ${SCALE.seed}), ` +
        `${reused ? 'reused; it was seeded' : 'seeded'} in ${seedSeconds.toFixed(1)} s. The largest provider (${largest.name}) sees ` +
        `${visible} participants and owns ${largest.declarations} declarations.`,
      `Idle RSS of our server on PostgreSQL (the build, 3 s after it first answered /healthcheck): ${idleRss.toFixed(0)} MB.`,
      '',
      listTable(rows),
      '',
      '| case | ours | limit | ours / limit |',
      '| --- | ---: | ---: | ---: |',
      `| full sync of ${largest.name} by updated_since, 3000 per page (${oursSync.pages} pages, ${oursSync.rows} rows) | ` +
        `${oursSync.seconds.toFixed(2)} s | ${limitSync.seconds.toFixed(2)} s | ${(oursSync.seconds / limitSync.seconds).toFixed(1)}× the time |`,
      ...csv.map((c) =>
        `| ${c.label} (${c.rows} rows, ${(c.bytes / 1e6).toFixed(1)} MB; COPY ${c.copy.rows} rows, ${(c.copy.bytes / 1e6).toFixed(1)} MB) | ` +
          `${c.seconds.toFixed(2)} s, peak RSS +${c.extraMb.toFixed(0)} MB over ${c.beforeMb.toFixed(0)} MB | COPY ${c.copy.seconds.toFixed(2)} s | ` +
          `${(c.seconds / c.copy.seconds).toFixed(1)}× COPY |`),
      `| declaration POST, ${post.ours.requests} distinct participants, ${CONNECTIONS} connections: req/s, p50 / p99 ms | ` +
        `${post.ours.rps.toFixed(0)} req/s, ${ms(post.ours.p50)} / ${ms(post.ours.p99)} (${post.created} created, ${post.oursFailures} not 201, ${post.duplicates} duplicates) | ` +
        `bare INSERTs ${post.limit.rps.toFixed(0)} req/s, ${ms(post.limit.p50)} / ${ms(post.limit.p99)} | **${pct(post.ours.rps / post.limit.rps)}** |`,
    );
  } finally {
    await ours.stop();
    await limit.stop();
  }

  if (process.env.BENCH_PROFILE !== '0') {
    log('profiling the server under the v3 participants, 100 per page case');
    const profileDir = path.resolve('.tmp/bench-profile');
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
    const profiled = await startServer(url, { profileDir });
    const window = { fromMs: 0, toMs: 0 };
    try {
      // A first pass warms the process up; only the second is kept.
      await runLoad({ url: `${profiled.url}${cases[0]!.path}`, connections: CONNECTIONS, duration: Math.min(SECONDS, 3), headers: auth });
      window.fromMs = performance.now() - profiled.spawnedAt;
      await runLoad({ url: `${profiled.url}${cases[0]!.path}`, connections: CONNECTIONS, duration: SECONDS, headers: auth });
      window.toMs = performance.now() - profiled.spawnedAt;
    } finally {
      await profiled.stop();
    }
    // The main thread's profile (thread 0; tsx's loader hooks run on a thread of their own).
    const files = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
    const file = files.find((name) => /\.0\.\d+\.cpuprofile$/.test(name)) ?? files[0];
    if (file && existsSync(path.join(profileDir, file))) {
      results.push('', `CPU profile of our server (node --cpu-prof) under "${cases[0]!.label}" for ${SECONDS} s:`, '', profileTable(summariseProfile(path.join(profileDir, file), window)));
    } else {
      results.push('', 'No CPU profile was written.');
    }
  }
  await pool.end();
  const report = results.join('\n');
  process.stdout.write(`${report}\n`);
  writeFileSync(RESULTS_FILE, `# Benchmark results\n\nWritten by \`npm run bench\`.\n\n${report}\n`);
  log(`written to ${RESULTS_FILE}`);
}

/**
 * Removes the declarations an earlier run POSTed (the seed writes no attempts; both POST routes do).
 * A plain DELETE checks each row against the unindexed self-reference superseded_by_id, a scan of
 * every declaration per row; nothing refers to these, so their dependants go first and the rows
 * themselves with the referential triggers off, then the read model is refreshed for them.
 */
export async function forgetPostedDeclarations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ profiles: string[] }>(
      `SELECT coalesce(array_agg(DISTINCT d.participant_profile_id), '{}') AS profiles
         FROM participant_declarations d WHERE d.id IN (SELECT participant_declaration_id FROM declaration_attempts)`,
    );
    for (const table of ['declaration_state_changes', 'statement_line_items']) {
      await client.query(`DELETE FROM ${table} WHERE participant_declaration_id IN (SELECT participant_declaration_id FROM declaration_attempts)`);
    }
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(`DELETE FROM participant_declarations WHERE id IN (SELECT participant_declaration_id FROM declaration_attempts)`);
    await client.query(`DELETE FROM declaration_attempts`);
    await client.query(`SET LOCAL session_replication_role = origin`);
    await client.query(`SELECT refresh_declaration_shares($1::uuid[])`, [rows[0]!.profiles]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function count(pool: pg.Pool, table: string): Promise<number> {
  return Number((await pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}

function serverVersion(url: string): string {
  try {
    return execFileSync('psql', [url, '-X', '-tAc', 'SHOW server_version'], { encoding: 'utf8' }).trim().replace(/^/, 'PostgreSQL ');
  } catch {
    return 'PostgreSQL (version unknown)';
  }
}

/** Declarations for distinct participants that have none: half through our API, half through the bare route. */
async function benchPosts(pool: pg.Pool, ours: Child, limit: Child, leadProviderId: string, token: string) {
  const { rows: participants } = await pool.query<{ user_id: string }>(
    `SELECT v.user_id FROM participant_visibility v
      WHERE v.lead_provider_id = $1 AND v.cohort_start_year = 2025 AND v.profile_type = 'ect' AND v.training_status = 'active'
        AND NOT EXISTS (SELECT 1 FROM participant_declarations d WHERE d.user_id = v.user_id)
      ORDER BY v.user_id LIMIT $2`,
    [leadProviderId, POSTS * 2],
  );
  const { rows: [milestone] } = await pool.query<{ day: string }>(
    `SELECT to_char(m.start_date + 10, 'YYYY-MM-DD') AS day FROM milestones m JOIN schedules s ON s.id = m.schedule_id JOIN cohorts c ON c.id = s.cohort_id
      WHERE c.start_year = 2025 AND s.schedule_identifier = 'ecf-standard-september' AND m.declaration_type = 'started'`,
  );
  const body = (participantId: string) => JSON.stringify({
    data: {
      type: 'participant-declaration',
      attributes: { participant_id: participantId, declaration_type: 'started', declaration_date: `${milestone!.day}T10:00:00Z`, course_identifier: 'ecf-induction' },
    },
  });
  const half = Math.floor(participants.length / 2);
  const oursIds = participants.slice(0, half).map((row) => row.user_id);
  const limitIds = participants.slice(half, half * 2).map((row) => row.user_id);
  const oursRun = await runLoad({ url: `${ours.url}/api/v3/participant-declarations`, method: 'POST', connections: CONNECTIONS, headers: { authorization: `Bearer ${token}` }, bodies: oursIds.map(body) });
  const limitRun = await runLoad({ url: `${limit.url}/declarations/${leadProviderId}`, method: 'POST', connections: CONNECTIONS, bodies: limitIds.map(body) });
  const { rows: [check] } = await pool.query<{ created: string; slots: string }>(
    `SELECT count(*) AS created, count(DISTINCT (user_id, declaration_type)) AS slots FROM participant_declarations WHERE user_id = ANY($1::uuid[])`,
    [oursIds],
  );
  const created = Number(check!.created);
  return { ours: oursRun, limit: limitRun, created, duplicates: created - Number(check!.slots), oursFailures: oursRun.non2xx + oursRun.errors };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error((error as Error).stack ?? error);
    process.exit(1);
  });
}
