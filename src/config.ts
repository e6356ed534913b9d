import envSchema from 'env-schema';
import { parseLifecycles } from './api/versions.ts';

export type ApiEnvironment = 'sandbox' | 'production';

export interface AppConfig {
  HOST: string;
  PORT: number;
  DATABASE_URL: string;
  API_ENV: ApiEnvironment;
  REDIS_URL?: string;
  PUBLIC_URL?: string;
  /** Believe X-Forwarded-Proto/-Host (set behind a reverse proxy only). */
  TRUST_PROXY: boolean;
  LOG_LEVEL: string;
  RATE_LIMIT_MAX: number;
  RATE_LIMIT_WINDOW_MS: number;
  /** Seed the sandbox data set when the database is empty (sandbox only). */
  SEED_ON_EMPTY: boolean;
  /** Port of the loopback-only admin listener the CLI uses while the server runs (0 = any). */
  ADMIN_PORT: number;
  /** How long an idle kept-alive connection stays open; must outlast a load balancer's idle timeout. */
  KEEP_ALIVE_TIMEOUT_MS: number;
  /** Longest time a client may take to send a request's headers. */
  HEADERS_TIMEOUT_MS: number;
  /** Longest time a client may take to send a whole request. */
  REQUEST_TIMEOUT_MS: number;
  /** On SIGTERM, how long in-flight requests may take to finish before the process exits anyway. */
  SHUTDOWN_GRACE_MS: number;
  LOAD_SHED_EVENT_LOOP_DELAY_MS: number;
  /** Each version's state: `v1=deprecated:<since>:<sunset>,v2=retired` (see src/api/versions.ts); empty keeps the defaults. */
  API_VERSION_LIFECYCLE: string;
}

const schema = {
  type: 'object',
  properties: {
    HOST: { type: 'string', default: '127.0.0.1' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    DATABASE_URL: { type: 'string', default: 'pglite:./data/pglite' },
    API_ENV: { type: 'string', enum: ['sandbox', 'production'], default: 'sandbox' },
    REDIS_URL: { type: 'string' },
    PUBLIC_URL: { type: 'string', pattern: '^https?://' },
    TRUST_PROXY: { type: 'boolean', default: false },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    RATE_LIMIT_MAX: { type: 'integer', minimum: 1, default: 1000 },
    RATE_LIMIT_WINDOW_MS: { type: 'integer', minimum: 1000, default: 300_000 },
    SEED_ON_EMPTY: { type: 'boolean', default: true },
    ADMIN_PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 0 },
    KEEP_ALIVE_TIMEOUT_MS: { type: 'integer', minimum: 1000, default: 72_000 },
    HEADERS_TIMEOUT_MS: { type: 'integer', minimum: 1000, default: 30_000 },
    REQUEST_TIMEOUT_MS: { type: 'integer', minimum: 1000, default: 60_000 },
    SHUTDOWN_GRACE_MS: { type: 'integer', minimum: 0, default: 10_000 },
    LOAD_SHED_EVENT_LOOP_DELAY_MS: { type: 'integer', minimum: 0, default: 2000 },
    API_VERSION_LIFECYCLE: { type: 'string', default: '' },
  },
} as const;

/** A setting in the environment is missing or invalid; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; throws one readable ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const data: Record<string, unknown> = { ...env };
  for (const key of ['REDIS_URL', 'PUBLIC_URL'] as const) if (data[key] === '') delete data[key];
  let config: AppConfig;
  try {
    config = { ...envSchema<AppConfig>({ schema, data, dotenv: false }), ...overrides };
  } catch (error) {
    // env-schema reports a failed validation as an Error carrying Ajv's `errors` list.
    if (error instanceof Error && 'errors' in error) throw new ConfigError(error.message, { cause: error });
    throw error;
  }
  // Node refuses a headers deadline later than the whole request's.
  if (config.HEADERS_TIMEOUT_MS > config.REQUEST_TIMEOUT_MS) throw new ConfigError('HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS');
  try {
    parseLifecycles(config.API_VERSION_LIFECYCLE);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return config;
}
