import closeWithGrace from 'close-with-grace';
import { Redis } from 'ioredis';
import { buildApp, loggerOptions } from './app.ts';
import { ConfigError, loadConfig, type AppConfig } from './config.ts';
import { DatabaseSetupError, describeDatabase, openDatabase, parseDatabaseUrl, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { databaseIsEmpty, loadSandbox, sandboxToken } from '../prisma/seed/snapshot.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function prepare(config: AppConfig, database: Database, log: (msg: string) => void) {
  // The server lives long: the schema engine is not left in its memory.
  const applied = await migrate(database, { isolated: true });
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  if (config.API_ENV !== 'sandbox' || !config.SEED_ON_EMPTY) return;
  if (await databaseIsEmpty(database.prisma)) {
    const loaded = await loadSandbox(database, new Date());
    log(`empty database: loaded the sandbox data set (${loaded.source}, as of ${loaded.asOf.toISOString()})`);
    const providers = await database.prisma.leadProvider.findMany({ orderBy: { name: 'asc' } });
    log(`sandbox tokens: ${providers.map((p) => `${p.name}=${sandboxToken(p.name)}`).join(', ')}`);
  }
}

async function main() {
  let config: AppConfig;
  let database: Database;
  try {
    config = loadConfig();
    const databaseConfig = parseDatabaseUrl(config.DATABASE_URL);
    // The embedded database lives in this one process, with no replica, backup or failover, and
    // cannot be shared by a second instance: fine for the sandbox and development, not for production.
    if (config.API_ENV === 'production' && databaseConfig.kind === 'pglite') {
      throw new ConfigError('API_ENV=production needs PostgreSQL (DATABASE_URL=postgres://…); the embedded database is for the sandbox and development only');
    }
    database = await openDatabase(databaseConfig);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DatabaseSetupError) fail(error.message);
    throw error;
  }
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 })
    : undefined;
  // An outage is logged once by the rate limiter, which keeps serving; this only keeps ioredis quiet.
  redis?.on('error', () => undefined);
  const app = await buildApp({ config, database, redis, logger: loggerOptions(config.LOG_LEVEL) });
  try {
    await prepare(config, database, (msg) => app.log.info(msg));
  } catch (error) {
    await database.close();
    fail(`Cannot prepare ${describeDatabase(database.config)}: ${(error as Error).message.split('\n')[0]}`);
  }
  // The admin listener serves the CLI for an embedded database only (with PostgreSQL the CLI
  // connects itself), so its commands are loaded only then.
  const admin = database.lock ? await (await import('./admin/listener.ts')).startAdminListener(database.prisma, config.ADMIN_PORT) : null;
  if (admin) database.lock!.advertise({ adminUrl: admin.url, adminSecret: admin.secret });

  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    await admin?.app.close();
    await app.close();
    await database.close();
  });

  try {
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (error) {
    await database.close();
    fail(`Cannot listen on ${config.HOST}:${config.PORT}: ${(error as Error).message}`);
  }
  app.log.info(`serving the ${config.API_ENV} API on ${describeDatabase(database.config)}`);
}

main().catch((error) => fail(`Start-up failed: ${(error as Error).message.split('\n')[0]}`));
