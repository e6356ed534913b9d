// Builds a data set at real scale for benchmarks: for each provider, schools partnered for the
// 2024 cohort and ECT/mentor registrations on them (the largest provider ~60k by default), written
// with set-based SQL (deterministic ids from md5 of a sequence number) rather than one domain call
// per row. Shows a progress bar. Usage: `npm run seed:scale [-- --participants 60000]`.
import cliProgress from 'cli-progress';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { loadReferenceData } from '../src/domain/reference-data/load.ts';
import { rebuildVisibility } from '../src/domain/participants/visibility.ts';
import { createToken } from '../src/domain/lead-providers/tokens.ts';

const PARTICIPANTS_PER_SCHOOL = 100;

/** Participants per provider: the largest gets `largest`, the others a falling share of it. */
export function providerSizes(largest: number): number[] {
  return [1, 0.6, 0.4, 0.3, 0.25, 0.2, 0.15].map((share) => Math.max(PARTICIPANTS_PER_SCHOOL, Math.round(largest * share)));
}

interface Step {
  label: string;
  sql: string;
}

function stepsFor(providerIndex: number, leadProviderId: string, count: number, offset: number): Step[] {
  const schools = Math.ceil(count / PARTICIPANTS_PER_SCHOOL);
  const tag = `p${providerIndex}`;
  // Sequence numbers are global (offset + n) so ids never collide between providers.
  const uid = (prefix: string, expr: string | number) => `md5('${prefix}' || (${expr})::text)::uuid`;
  const schoolOf = `(${offset} / ${PARTICIPANTS_PER_SCHOOL} + (n - 1) / ${PARTICIPANTS_PER_SCHOOL})`;
  const base = `TIMESTAMPTZ '2024-06-01T00:00:00Z'`;
  const cohort = `(SELECT id FROM cohorts WHERE start_year = 2024)`;
  const schedule = `(SELECT s.id FROM schedules s JOIN cohorts c ON c.id = s.cohort_id WHERE c.start_year = 2024 AND s.schedule_identifier = 'ecf-standard-september')`;
  const schoolSeries = `generate_series(${offset / PARTICIPANTS_PER_SCHOOL + 1}, ${offset / PARTICIPANTS_PER_SCHOOL + schools}) AS s`;
  const participantSeries = `generate_series(1, ${count}) AS n`;
  return [
    {
      label: `${tag} delivery partner`,
      sql: `INSERT INTO delivery_partners (id, name, created_at, updated_at)
              VALUES (${uid('dp', providerIndex)}, 'Scale Delivery Partner ${providerIndex + 1}', now(), now());
            INSERT INTO provider_relationships (id, lead_provider_id, delivery_partner_id, cohort_id, created_at, updated_at)
              VALUES (gen_random_uuid(), '${leadProviderId}', ${uid('dp', providerIndex)}, ${cohort}, now(), now())`,
    },
    {
      label: `${tag} schools`,
      sql: `INSERT INTO schools (id, urn, name, school_status_code, school_type_code, administrative_district_code, eligible, cip_only, created_at, updated_at)
              SELECT ${uid('school', 's')}, (900000 + s)::text, 'Scale School ' || s, 1, 1, 'E09000001', true, false,
                     ${base} + s * interval '1 second', ${base} + s * interval '1 second' FROM ${schoolSeries};
            INSERT INTO school_cohorts (id, school_id, cohort_id, induction_programme_choice, created_at, updated_at)
              SELECT ${uid('sc', 's')}, ${uid('school', 's')}, ${cohort}, 'full_induction_programme', now(), now() FROM ${schoolSeries};
            INSERT INTO partnerships (id, school_id, lead_provider_id, delivery_partner_id, cohort_id, created_at, updated_at)
              SELECT ${uid('partnership', 's')}, ${uid('school', 's')}, '${leadProviderId}', ${uid('dp', providerIndex)}, ${cohort},
                     ${base} + s * interval '1 second', now() FROM ${schoolSeries};
            INSERT INTO induction_programmes (id, school_cohort_id, partnership_id, training_programme, created_at, updated_at)
              SELECT ${uid('programme', 's')}, ${uid('sc', 's')}, ${uid('partnership', 's')}, 'full_induction_programme', now(), now() FROM ${schoolSeries};
            UPDATE school_cohorts SET default_induction_programme_id = md5('programme' || substr(urn, 2)::int::text)::uuid
              FROM schools WHERE schools.id = school_cohorts.school_id AND schools.urn::int BETWEEN ${900000 + offset / PARTICIPANTS_PER_SCHOOL + 1} AND ${900000 + offset / PARTICIPANTS_PER_SCHOOL + schools}`,
    },
    {
      label: `${tag} participants`,
      sql: `INSERT INTO users (id, full_name, email, created_at, updated_at)
              SELECT ${uid('user', `${offset} + n`)}, 'Scale Participant ' || (${offset} + n), 'scale' || (${offset} + n) || '@example.com',
                     ${base} + (${offset} + n) * interval '1 second', ${base} + (${offset} + n) * interval '1 second' FROM ${participantSeries};
            INSERT INTO teacher_profiles (id, user_id, trn, created_at, updated_at)
              SELECT gen_random_uuid(), ${uid('user', `${offset} + n`)}, (2000000 + ${offset} + n)::text, now(), now() FROM ${participantSeries};
            INSERT INTO participant_identities (id, user_id, external_identifier, email, created_at, updated_at)
              SELECT ${uid('identity', `${offset} + n`)}, ${uid('user', `${offset} + n`)}, ${uid('user', `${offset} + n`)}, 'scale' || (${offset} + n) || '@example.com', now(), now() FROM ${participantSeries}`,
    },
    {
      label: `${tag} registrations`,
      sql: `INSERT INTO participant_profiles (id, user_id, participant_identity_id, profile_type, school_cohort_id, schedule_id, pupil_premium_uplift, sparsity_uplift, created_at, updated_at)
              SELECT ${uid('profile', `${offset} + n`)}, ${uid('user', `${offset} + n`)}, ${uid('identity', `${offset} + n`)},
                     (CASE WHEN n % 3 = 0 THEN 'mentor' ELSE 'ect' END)::profile_type, ${uid('sc', schoolOf + ' + 1')}, ${schedule},
                     n % 5 = 0, n % 7 = 0, ${base} + (${offset} + n) * interval '1 second', ${base} + (${offset} + n) * interval '1 second'
                FROM ${participantSeries};
            INSERT INTO ecf_participant_eligibilities (id, participant_profile_id, status, reason, created_at, updated_at)
              SELECT gen_random_uuid(), ${uid('profile', `${offset} + n`)}, 'eligible', 'none', now(), now() FROM ${participantSeries};
            INSERT INTO induction_records (id, participant_profile_id, induction_programme_id, schedule_id, mentor_profile_id, preferred_identity_id, start_date, training_status, induction_status, created_at, updated_at)
              SELECT gen_random_uuid(), ${uid('profile', `${offset} + n`)}, ${uid('programme', schoolOf + ' + 1')}, ${schedule},
                     CASE WHEN n % 3 = 1 AND n + 2 <= ${count} THEN ${uid('profile', `${offset} + n + 2`)} END,
                     ${uid('identity', `${offset} + n`)}, ${base} + (${offset} + n) * interval '1 second',
                     (CASE WHEN n % 23 = 0 THEN 'deferred' WHEN n % 29 = 0 THEN 'withdrawn' ELSE 'active' END)::training_status,
                     'active', ${base} + (${offset} + n) * interval '1 second', ${base} + (${offset} + n) * interval '1 second'
                FROM ${participantSeries}`,
    },
  ];
}

async function runSql(prisma: PrismaClient, sql: string) {
  for (const statement of sql.split(/;\s*\n/).map((part) => part.trim()).filter(Boolean)) {
    await prisma.$executeRawUnsafe(statement);
  }
}

/** Loads the reference data and the scaled participants; returns a token per provider (largest first). */
export async function seedAtScale(prisma: PrismaClient, largest: number, options: { progress?: boolean } = {}) {
  await loadReferenceData(prisma, new Date());
  const providers = await prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
  const sizes = providerSizes(largest);
  const steps = providers.flatMap((provider, index) => {
    const offset = sizes.slice(0, index).reduce((sum, size) => sum + Math.ceil(size / PARTICIPANTS_PER_SCHOOL) * PARTICIPANTS_PER_SCHOOL, 0);
    return stepsFor(index, provider.id, sizes[index]!, offset);
  });
  const bar = options.progress ? new cliProgress.SingleBar({ format: 'seeding [{bar}] {value}/{total} {step}' }, cliProgress.Presets.shades_classic) : null;
  bar?.start(steps.length + 1, 0, { step: '' });
  for (const step of steps) {
    bar?.update({ step: step.label });
    await runSql(prisma, step.sql);
    bar?.increment();
  }
  bar?.update({ step: 'visibility' });
  await rebuildVisibility(prisma);
  // Fresh statistics, or the planner guesses on tables it has never seen filled.
  await prisma.$executeRawUnsafe('ANALYZE');
  bar?.increment();
  bar?.stop();
  const tokens: { name: string; token: string; participants: number }[] = [];
  for (const [index, provider] of providers.entries()) {
    tokens.push({ name: provider.name, token: (await createToken(prisma, provider.id, 'scale seed')).token, participants: sizes[index]! });
  }
  return tokens;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { participants: { type: 'string', default: '60000' } } });
  const { openDatabase, parseDatabaseUrl } = await import('../src/db/database.ts');
  const { migrate } = await import('../src/db/migrate.ts');
  const database = await openDatabase(parseDatabaseUrl(process.env.DATABASE_URL));
  try {
    await migrate(database);
    if ((await database.prisma.user.count()) > 0) throw new Error('The database already has participants: use an empty one');
    const tokens = await seedAtScale(database.prisma, Number(values.participants), { progress: true });
    for (const { name, token, participants } of tokens) console.log(`${name} (${participants} participants): ${token}`);
  } catch (error) {
    console.error((error as Error).message.split('\n')[0]);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
