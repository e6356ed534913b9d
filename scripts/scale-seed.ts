// Builds a data set of the real service's shape for benchmarks: ~200k participants over the seven
// providers (the largest ~30%) across cohorts 2021–2025 and several schedules, every training and
// induction status, transfers between providers, id changes, ~1M declarations in every state
// on the providers' output statements, and NPQ applications from a quarter of the participants
// (enrolments with declarations on the NPQ statements, and outcomes). Set-based SQL (scripts/scale/steps.ts), deterministic from
// --seed, with a progress bar.
// Usage: `npm run seed:scale [-- --participants 200000 --declarations 1000000 --seed 1]`.
// The defaults are the full size on PostgreSQL and a small set on PGlite.
import cliProgress from 'cli-progress';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { loadReferenceData } from '../src/domain/reference-data/load.ts';
import { rebuildVisibility } from '../src/domain/participants/visibility.ts';
import { leadProviderNames } from '../src/domain/reference-data/lead-providers.ts';
import { providerSlices, scaleSteps, type ProviderSlice, type ScaleOptions } from './scale/steps.ts';

export type { ScaleOptions } from './scale/steps.ts';

export const FULL_SIZE: ScaleOptions = { participants: 200_000, declarations: 1_000_000, seed: 1 };
export const PGLITE_SIZE: ScaleOptions = { participants: 5_000, declarations: 25_000, seed: 1 };

const BULK_TABLES = [
  'users', 'teacher_profiles', 'participant_identities', 'participant_profiles', 'ecf_participant_eligibilities',
  'induction_records', 'participant_declarations', 'declaration_state_changes', 'statement_line_items',
];

export interface SeededProvider extends ProviderSlice {
  name: string;
}

/** Loads the reference data and the scaled data set; returns the providers' slices, largest first. */
export async function seedAtScale(prisma: PrismaClient, options: ScaleOptions, display: { progress?: boolean } = {}): Promise<SeededProvider[]> {
  await loadReferenceData(prisma, new Date());
  const byName = new Map((await prisma.leadProvider.findMany()).map((provider) => [provider.name, provider.id]));
  // The reference data's order, so the slices do not depend on ids.
  const names = leadProviderNames.filter((name) => byName.has(name));
  const slices = providerSlices(options.participants, names.map((name) => byName.get(name)!));
  const steps = scaleSteps(options, slices);
  const total = steps.reduce((sum, step) => sum + step.statements.length, 0) + 2;
  const bar = display.progress
    ? new cliProgress.SingleBar({ format: 'seeding [{bar}] {value}/{total} {step} ({duration}s)' }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(total, 0, { step: '' });
  const timings: string[] = [];
  const timed = async (label: string, work: () => Promise<void>) => {
    const started = Date.now();
    await work();
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  // Bulk loading: the big tables' secondary indexes are dropped first and built once at the end
  // (from their own definitions, so they come back exactly as the migrations made them; a unique
  // one checks its rows as it is built).
  const indexes = await prisma.$queryRawUnsafe<{ name: string; definition: string }[]>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = to_regclass(quote_ident(i.indexname)))`,
    BULK_TABLES,
  );
  for (const index of indexes) await prisma.$executeRawUnsafe(`DROP INDEX "${index.name}"`);
  // The read models' triggers refresh per writing statement over the registrations it touched;
  // for a bulk load that is every registration at once, so they are off and the models rebuilt
  // once at the end (and back on whatever happens, so the data set is never served without them).
  const triggered = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT DISTINCT c.relname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = to_regnamespace(current_schema()) ORDER BY 1`,
  );
  const setTriggers = async (state: 'ENABLE' | 'DISABLE') => {
    for (const { name } of triggered) await prisma.$executeRawUnsafe(`ALTER TABLE "${name}" ${state} TRIGGER USER`);
  };
  await setTriggers('DISABLE');
  try {
    for (const step of steps) {
      bar?.update({ step: step.label });
      await timed(step.label, async () => {
        for (const statement of step.statements) {
          await prisma.$executeRawUnsafe(statement);
          bar?.increment();
        }
      });
    }
  } finally {
    await setTriggers('ENABLE');
  }
  bar?.update({ step: 'indexes' });
  await timed('indexes', async () => {
    for (const index of indexes) await prisma.$executeRawUnsafe(index.definition);
  });
  bar?.update({ step: 'read models' });
  await timed('read models', async () => {
    await rebuildVisibility(prisma);
    await prisma.$executeRawUnsafe('SELECT rebuild_declaration_shares()');
  });
  bar?.increment();
  bar?.update({ step: 'analyze' });
  // Fresh statistics, or the planner guesses on tables it has never seen filled.
  await timed('analyze', async () => { await prisma.$executeRawUnsafe('ANALYZE'); });
  bar?.increment();
  bar?.stop();
  if (display.progress) console.log(timings.join(', '));
  return slices.map((slice, index) => ({ ...slice, name: names[index]! }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { participants: { type: 'string' }, declarations: { type: 'string' }, seed: { type: 'string' } },
  });
  const { openDatabase, parseDatabaseUrl } = await import('../src/db/database.ts');
  const { migrate } = await import('../src/db/migrate.ts');
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  const defaults = target.kind === 'pglite' ? PGLITE_SIZE : FULL_SIZE;
  const options: ScaleOptions = {
    participants: Number(values.participants ?? defaults.participants),
    declarations: Number(values.declarations ?? defaults.declarations),
    seed: Number(values.seed ?? defaults.seed),
  };
  // A bulk statement runs for longer than a request may.
  const database = await openDatabase(target, { statementTimeoutMs: 900_000 });
  try {
    await migrate(database);
    if ((await database.prisma.user.count()) > 0) throw new Error('The database already has participants: use an empty one');
    const started = Date.now();
    const providers = await seedAtScale(database.prisma, options, { progress: true });
    const declarations = await database.prisma.participantDeclaration.count();
    console.log(`seeded ${options.participants} participants and ${declarations} declarations in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${options.seed})`);
    for (const provider of providers) console.log(`  ${provider.name}: ${provider.size} participants`);
    console.log('a token per provider: npm run admin -- tokens create --lead-provider <name>');
  } catch (error) {
    console.error((error as Error).message.trim().split('\n').slice(-3).join('\n'));
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
