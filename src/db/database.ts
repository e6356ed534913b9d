import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { parseTimestamptz } from './timestamps.ts';
import type { Connections, Reader } from '../domain/shared/db.ts';

export type DatabaseConfig =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dir: string | null };

/** A configuration or start-up problem worth one clear line to the operator, never a stack. */
export class DatabaseSetupError extends Error {}

/** The folder is held by a live process (a PGlite folder opened twice silently loses data). */
export class DatabaseLockedError extends DatabaseSetupError {
  constructor(readonly dir: string, readonly holder: LockInfo) {
    super(`The embedded database ${dir} is in use by process ${holder.pid}; stop it first (or use the admin CLI, which talks to it).`);
  }
}

export const DEFAULT_DATABASE_URL = 'pglite:./data/pglite';

export function parseDatabaseUrl(url: string | undefined): DatabaseConfig {
  const value = (url ?? '').trim() || DEFAULT_DATABASE_URL;
  if (value === 'pglite:memory') return { kind: 'pglite', dir: null };
  if (value.startsWith('pglite:')) {
    const dir = value.slice('pglite:'.length);
    if (!dir) throw new DatabaseSetupError(`DATABASE_URL "${value}" names no folder; use pglite:<dir> or pglite:memory`);
    return { kind: 'pglite', dir: path.resolve(dir) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      const parsed = new URL(value);
      if (!parsed.hostname && !parsed.searchParams.get('host')) throw new Error('no host');
    } catch {
      throw new DatabaseSetupError(`DATABASE_URL is not a valid PostgreSQL URL: ${redactUrl(value)}`);
    }
    return { kind: 'postgres', url: value };
  }
  throw new DatabaseSetupError(
    `DATABASE_URL must start with postgres://, postgresql:// or pglite: (got "${redactUrl(value)}")`,
  );
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'postgres') return `PostgreSQL ${redactUrl(config.url)}`;
  return config.dir ? `embedded PGlite in ${config.dir}` : 'embedded PGlite in memory';
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

// ---------------------------------------------------------------------------------------------
// The folder lock. PGlite has no cross-process locking, so the opener writes a lock file with its
// pid (and, for a server, how the admin CLI can reach it) and removes it when it closes.

export interface LockInfo {
  pid: number;
  adminUrl?: string;
  adminSecret?: string;
}

const LOCK_FILE = 'lead-provider-api.lock';

export function lockPath(dir: string): string {
  return path.join(dir, LOCK_FILE);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the lock of a folder; null when free or when the holder died without cleaning up. */
export function readLock(dir: string): LockInfo | null {
  let info: LockInfo;
  try {
    info = JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
  return Number.isInteger(info.pid) && processIsAlive(info.pid) ? info : null;
}

export class FolderLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(readonly dir: string, private info: LockInfo) {
    process.once('exit', this.onExit);
  }

  static acquire(dir: string): FolderLock {
    mkdirSync(dir, { recursive: true });
    const file = lockPath(dir);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const fd = openSync(file, 'wx');
        const info = { pid: process.pid };
        writeFileSync(fd, JSON.stringify(info));
        closeSync(fd);
        return new FolderLock(dir, info);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readLock(dir);
        if (holder) throw new DatabaseLockedError(dir, holder);
        // Stale: its process is gone.
        try { unlinkSync(file); } catch { /* raced with another cleaner */ }
      }
    }
    throw new DatabaseSetupError(`Could not lock the embedded database folder ${dir}`);
  }

  /** Publishes how other processes (the admin CLI) can reach the holder. */
  advertise(extra: Omit<LockInfo, 'pid'>): void {
    this.info = { ...this.info, ...extra };
    writeFileSync(lockPath(this.dir), JSON.stringify(this.info), { mode: 0o600 });
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    try {
      const current = JSON.parse(readFileSync(lockPath(this.dir), 'utf8')) as LockInfo;
      if (current.pid === process.pid) unlinkSync(lockPath(this.dir));
    } catch { /* already gone */ }
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs one read-only SQL statement straight on the driver, for the hot list queries where Prisma's
 * row mapping costs more than the query. `name` makes it a prepared statement on PostgreSQL (the
 * plan is cached per connection). On PGlite it waits for any open transaction, as Prisma does.
 */
type SqlReader = <Row>(sql: string, params: unknown[], name?: string) => Promise<Row[]>;

export interface Database extends Connections {
  readonly config: DatabaseConfig;
  /** The embedded instance when running on PGlite (migrations run through it). */
  readonly pglite: PGlite | null;
  readonly lock: FolderLock | null;
  close(): Promise<void>;
}

/** A stable prepared-statement name per statement text (texts carry no values, so they are few). */
function statementName(text: string): string {
  return `reader_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
}

function readerOver(sql: SqlReader): Reader {
  return { rows: (statement) => sql(statement.text, statement.values, statementName(statement.text)) };
}

export interface OpenOptions {
  /** PostgreSQL pool size per process. */
  poolSize?: number;
  /** Milliseconds after which PostgreSQL cancels a statement, so a request never hangs on it. */
  statementTimeoutMs?: number;
}

export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<Database> {
  if (config.kind === 'postgres') return openPostgres(config, options);
  return openPglite(config);
}

// `date` columns as midnight UTC (node-postgres would use the process's local time zone), and
// timestamptz columns through a parser for the one form they take (src/db/timestamps.ts).
const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;
const readerTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    format === 'binary' ? pg.types.getTypeParser(oid, format)
      : oid === DATE_OID ? (value: string) => new Date(`${value}T00:00:00.000Z`)
        : oid === TIMESTAMPTZ_OID ? parseTimestamptz
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

async function openPostgres(config: { kind: 'postgres'; url: string }, options: OpenOptions): Promise<Database> {
  const poolConfig: pg.PoolConfig = {
    types: readerTypes,
    connectionString: config.url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    connectionTimeoutMillis: 5_000,
  };
  // Fail fast with one clear line when the server is unreachable.
  const probe = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: 5_000 });
  try {
    await probe.connect();
    await probe.query('SELECT 1');
  } catch (error) {
    throw new DatabaseSetupError(`Cannot connect to ${describeDatabase(config)}: ${(error as Error).message}`);
  } finally {
    await probe.end().catch(() => undefined);
  }
  // One pool, shared by Prisma and the raw readers.
  const pool = new pg.Pool(poolConfig);
  pool.on('error', () => { /* a dropped idle connection; the pool replaces it */ });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const sql: SqlReader = async (text, values, name) => (await pool.query(name ? { name, text, values } : { text, values })).rows;
  return {
    config,
    prisma,
    reader: readerOver(sql),
    pglite: null,
    lock: null,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

async function openPglite(config: { kind: 'pglite'; dir: string | null }): Promise<Database> {
  const lock = config.dir ? FolderLock.acquire(config.dir) : null;
  // Loaded only here: a PostgreSQL deployment never loads the embedded database (~45 MB resident).
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  let pglite: PGlite;
  try {
    pglite = config.dir ? await PGlite.create(config.dir) : await PGlite.create();
  } catch (error) {
    lock?.release();
    throw new DatabaseSetupError(`Cannot open ${describeDatabase(config)}: ${(error as Error).message}`);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const sql: SqlReader = async (text, values) => (await pglite.query(text, values)).rows as never[];
  return {
    config,
    prisma,
    reader: readerOver(sql),
    pglite,
    lock,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      lock?.release();
    },
  };
}
