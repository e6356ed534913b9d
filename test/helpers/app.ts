import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type AppConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { loadReferenceData } from '../../src/domain/reference-data/load.ts';
import { createToken } from '../../src/domain/lead-providers/tokens.ts';
import { assertMatchesSpec } from './spec-validator.ts';

/** The server a test file talks to: `DATABASE_URL=postgres://…` gets a database of its own. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:/.test(url) ? url : 'pglite:memory';
}

type Tap = Pick<import("tap").Test, "teardown">;
interface _Unused {
  teardown(fn: () => unknown): void;
}

/** A fresh, migrated database with the reference data (cohorts, schedules, providers, statements). */
export async function freshDatabase(t: Tap, options: { referenceData?: boolean } = {}): Promise<Database> {
  const url = testDatabaseUrl();
  let database: Database;
  if (url.startsWith('pglite:')) {
    database = await openDatabase({ kind: 'pglite', dir: null });
  } else {
    const name = `lpapi_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const own = new URL(url);
    own.pathname = `/${name}`;
    database = await openDatabase({ kind: 'postgres', url: own.toString() }, { poolSize: 5 });
    t.teardown(async () => {
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    });
  }
  t.teardown(() => database.close());
  await migrate(database);
  if (options.referenceData !== false) await loadReferenceData(database.prisma, new Date());
  return database;
}

export interface TestApi {
  app: FastifyInstance;
  database: Database;
  config: AppConfig;
  /** Sends a request; every JSON or CSV body is checked against the version's spec. */
  request(options: InjectOptions & { token?: string | null }): Promise<LightMyRequestResponse>;
  tokenFor(leadProviderName: string): Promise<string>;
  providerId(leadProviderName: string): Promise<string>;
}

/**
 * The configuration of an app built inside a test process. No load shedding: the test's own work
 * (compiling the specs, seeding, building a second app) delays the event loop it shares with the
 * app, which would turn into spurious 503s on a busy machine.
 */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return loadConfig({}, { LOG_LEVEL: 'silent', LOAD_SHED_EVENT_LOOP_DELAY_MS: 0, ...overrides });
}

export async function buildTestApi(t: Tap, overrides: Partial<AppConfig> = {}, database?: Database): Promise<TestApi> {
  const db = database ?? (await freshDatabase(t));
  const config = testConfig(overrides);
  const app = await buildApp({ config, database: db });
  t.teardown(() => app.close());
  const tokens = new Map<string, string>();
  const api: TestApi = {
    app,
    database: db,
    config,
    async request(options) {
      const { token, ...inject } = options;
      const headers: Record<string, string> = { ...(inject.headers as Record<string, string> | undefined) };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await app.inject({ ...inject, headers });
      assertMatchesSpec(String(inject.method ?? 'GET'), String(inject.url), response);
      return response;
    },
    async providerId(name) {
      return (await db.prisma.leadProvider.findUniqueOrThrow({ where: { name } })).id;
    },
    async tokenFor(name) {
      if (!tokens.has(name)) tokens.set(name, (await createToken(db.prisma, await api.providerId(name))).token);
      return tokens.get(name)!;
    },
  };
  return api;
}
