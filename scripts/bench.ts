// npm run bench: autocannon on loopback against our API and, in the same run on the same data, a
// bare Fastify route with hand-written SQL and JSON.stringify (the baseline). Prints figures as
// ratios to the baseline. Bounded: BENCH_SECONDS per case (default 10), 127.0.0.1 only.
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, parseDatabaseUrl, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedAtScale } from './scale-seed.ts';
import { providerSlices } from './scale/steps.ts';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 60_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

async function openBenchDatabase(): Promise<{ database: Database; query: Query; cleanup: () => Promise<void> }> {
  const target = parseDatabaseUrl(process.env.DATABASE_URL ?? 'pglite:memory');
  if (target.kind === 'pglite') {
    if (target.dir) throw new Error('Benchmark on pglite:memory or a PostgreSQL server, not on a data folder');
    const database = await openDatabase(target);
    const query: Query = async (sql, params) => (await database.pglite!.query<Record<string, unknown>>(sql, params)).rows;
    return { database, query, cleanup: async () => database.close() };
  }
  // A private database on the given server, dropped afterwards.
  const name = `lpapi_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: target.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(target.url);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() }, { poolSize: 10 });
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  const query: Query = async (sql, params) => (await pool.query(sql, params)).rows;
  return {
    database,
    query,
    cleanup: async () => {
      await pool.end();
      await database.close();
      const dropper = new pg.Client({ connectionString: target.url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

// The baseline: what a bare route costs with one hand-written query and JSON.stringify.
const BASELINE_SQL = `
  SELECT u.id, coalesce(pi.email, u.email) AS email, u.full_name, mentor.user_id AS mentor_id, sch.urn AS school_urn,
         pp.profile_type AS participant_type, c.start_year::text AS cohort,
         CASE WHEN ir.induction_status IN ('withdrawn', 'changed') THEN 'withdrawn' ELSE 'active' END AS status,
         tp.trn AS teacher_reference_number,
         CASE WHEN tp.trn IS NULL THEN NULL ELSE e.reason IS NOT NULL AND e.reason <> 'different_trn' END AS teacher_reference_number_validated,
         CASE e.status WHEN 'eligible' THEN true WHEN 'ineligible' THEN false END AS eligible_for_funding,
         pp.pupil_premium_uplift, pp.sparsity_uplift, ir.training_status, pp.id AS training_record_id,
         s.schedule_identifier, to_char(greatest(u.updated_at, pp.updated_at, ir.updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at
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
   WHERE v.lead_provider_id = $1 AND v.cohort_start_year > 2020
   ORDER BY v.user_created_at, v.user_id, v.profile_created_at, v.participant_profile_id
   LIMIT $2 OFFSET $3`;

async function baselineServer(query: Query) {
  const app = Fastify({ logger: false });
  app.get('/baseline', async (request, reply) => {
    const { lp, per_page: perPage = '100', page = '1' } = request.query as Record<string, string>;
    const rows = await query(BASELINE_SQL, [lp, Number(perPage), (Number(page) - 1) * Number(perPage)]);
    const body = JSON.stringify({ data: rows.map(({ id, ...attributes }) => ({ id, type: 'participant', attributes })) });
    return reply.header('content-type', 'application/vnd.api+json').send(body);
  });
  return app;
}

interface Figures { rps: number; p50: number; p99: number; errors: number }

async function load(url: string, token?: string): Promise<Figures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function row(label: string, ours: Figures, base: Figures) {
  const ratio = base.rps > 0 ? ours.rps / base.rps : 0;
  return {
    case: label,
    'ours req/s': ours.rps.toFixed(0),
    'baseline req/s': base.rps.toFixed(0),
    'throughput ratio': ratio.toFixed(2),
    'ours p50/p99 ms': `${ours.p50}/${ours.p99}`,
    'baseline p50/p99 ms': `${base.p50}/${base.p99}`,
    errors: ours.errors + base.errors,
  };
}

async function main() {
  const { database, query, cleanup } = await openBenchDatabase();
  try {
    await migrate(database);
    console.log(`seeding ${PARTICIPANTS} participants for the largest provider (${database.config.kind})`);
    const started = Date.now();
    const seeded = await seedAtScale(database.prisma, { participants: Math.round(PARTICIPANTS / 0.3), declarations: 0, seed: 1 }, { progress: process.stdout.isTTY });
    void providerSlices;
    const { createToken } = await import('../src/domain/lead-providers/tokens.ts');
    const tokens = [];
    for (const provider of seeded) tokens.push({ name: provider.name, participants: provider.size, token: (await createToken(database.prisma, provider.leadProviderId, 'bench')).token });
    console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const largest = tokens[0]!;
    const leadProviderId = (await database.prisma.leadProvider.findUniqueOrThrow({ where: { name: largest.name } })).id;

    const config = loadConfig({}, { LOG_LEVEL: 'silent', RATE_LIMIT_MAX: 1_000_000_000 });
    const ours = await buildApp({ config, database });
    const oursUrl = await ours.listen({ host: '127.0.0.1', port: 0 });
    const baseline = await baselineServer(query);
    const baseUrl = await baseline.listen({ host: '127.0.0.1', port: 0 });

    const deepPage = Math.max(1, Math.floor(largest.participants / 100 / 2));
    const cases: [string, string, string][] = [
      ['v1 participants, 100 per page, page 1', '/api/v1/participants/ecf?page[per_page]=100', 'per_page=100&page=1'],
      [`v1 participants, 100 per page, page ${deepPage}`, `/api/v1/participants/ecf?page[per_page]=100&page[page]=${deepPage}`, `per_page=100&page=${deepPage}`],
      ['v3 participants, 100 per page, page 1', '/api/v3/participants/ecf?page[per_page]=100', 'per_page=100&page=1'],
      ['v1 participants, 3000 per page', '/api/v1/participants/ecf?page[per_page]=3000', 'per_page=3000&page=1'],
    ];
    const table = [];
    for (const [label, path, baselineQuery] of cases) {
      const mine = await load(`${oursUrl}${path}`, largest.token);
      const base = await load(`${baseUrl}/baseline?lp=${leadProviderId}&${baselineQuery}`);
      table.push(row(label, mine, base));
    }
    console.table(table);

    // Whole-provider CSV export: time and how far resident memory moved while streaming it.
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    const csvStarted = Date.now();
    const response = await fetch(`${oursUrl}/api/v1/participants/ecf.csv`, { headers: { authorization: `Bearer ${largest.token}` } });
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    clearInterval(sampler);
    console.log(
      `CSV export of ${largest.participants} registrations: ${(bytes / 1e6).toFixed(1)} MB in ${((Date.now() - csvStarted) / 1000).toFixed(2)} s, ` +
        `peak RSS +${((peak - before) / 1e6).toFixed(0)} MB (the body itself is ${(bytes / 1e6).toFixed(0)} MB)`,
    );
    await ours.close();
    await baseline.close();
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  console.error((error as Error).stack ?? error);
  process.exit(1);
});
