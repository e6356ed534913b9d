// Runs the domain seed (`seedSandbox`) into a fresh in-memory database on SANDBOX_CLOCK and writes
// its dump to the file named by the first argument. Every source of difference between two runs is
// pinned, in this process only: ids come from a counter-seeded hash, and the current time (in
// JavaScript and in SQL) is the seed's clock. Run as its own process by scripts/generate.ts and by
// the snapshot test, because those pins are global.
import crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

let issued = 0;
function sandboxUuid(): `${string}-${string}-${string}-${string}-${string}` {
  issued += 1;
  const hex = crypto.createHash('sha256').update(`sandbox-record:${issued}`).digest('hex');
  // Shaped as a version 4, variant 1 UUID, like the ones the service issues.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
crypto.randomUUID = sandboxUuid as typeof crypto.randomUUID;
syncBuiltinESMExports();
Object.defineProperty(globalThis.crypto, 'randomUUID', { value: sandboxUuid });

const { SANDBOX_CLOCK, dumpTables } = await import('../prisma/seed/snapshot.ts');

// `new Date()` (Prisma's @default(now()) and @updatedAt, the domain's defaults) reads the seed's
// clock; dates built from a value, and Date.now() (timers), are untouched.
const RealDate = Date;
class SeedClockDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(SANDBOX_CLOCK.getTime());
    else super(...(args as [string]));
  }
}
globalThis.Date = SeedClockDate as DateConstructor;

const { openDatabase, parseDatabaseUrl } = await import('../src/db/database.ts');
const { migrate } = await import('../src/db/migrate.ts');
const { seedSandbox } = await import('../prisma/seed/sandbox.ts');

const output = process.argv[2];
if (!output) {
  console.error('usage: capture-sandbox.ts <output file>');
  process.exit(2);
}

const database = await openDatabase(parseDatabaseUrl('pglite:memory'));
await migrate(database);
const pglite = database.pglite!;
const clock = `'${SANDBOX_CLOCK.toISOString()}'::timestamptz`;
// SQL's clocks and UUIDs, pinned the same way: column defaults read the seed's clock, and the
// functions the domain calls by name resolve to counter-driven versions first on the search path.
const defaults = await pglite.query<{ table_name: string; column_name: string }>(
  `SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_default ILIKE '%current_timestamp%'`,
);
await pglite.exec(`
  ${defaults.rows.map((c) => `ALTER TABLE "${c.table_name}" ALTER COLUMN "${c.column_name}" SET DEFAULT ${clock};`).join('\n')}
  CREATE SEQUENCE sandbox_capture_seq;
  CREATE FUNCTION public.clock_timestamp() RETURNS timestamptz LANGUAGE sql
    AS $$ SELECT ${clock} + nextval('sandbox_capture_seq') * interval '1 microsecond' $$;
  CREATE FUNCTION public.gen_random_uuid() RETURNS uuid LANGUAGE sql
    AS $$ SELECT md5('sandbox-sql-record:' || nextval('sandbox_capture_seq'))::uuid $$;
  SET search_path TO public, pg_catalog;
`);
await seedSandbox(database.prisma, SANDBOX_CLOCK);
await pglite.exec(`SET search_path TO public; DROP FUNCTION public.clock_timestamp(); DROP FUNCTION public.gen_random_uuid(); DROP SEQUENCE sandbox_capture_seq;`);
writeFileSync(output, await dumpTables(database.prisma));
await database.close();
