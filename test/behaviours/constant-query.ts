import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from '../../src/db/database.ts';
import { withQuery, type Endpoint, type Tap } from './endpoint.ts';

/** Counts the SQL statements the test process sends to its database, at the driver. */
export interface StatementCounter {
  readonly count: number;
  /** Statement texts since the last reset (for the failure message). */
  readonly texts: readonly string[];
  reset(): void;
}

// PGlite's first protocol message of a statement: Parse (extended protocol, `query`) or Query
// (simple protocol, `exec`); Bind, Describe, Execute and Sync follow within the same statement.
const PARSE = 0x50;
const SIMPLE_QUERY = 0x51;

/**
 * Wraps the driver under `database`: every `pg.Client#query` call (the pool and Prisma's adapter go
 * through it) or every statement PGlite parses, inside transactions too.
 */
export function countStatements(database: Database): StatementCounter {
  const texts: string[] = [];
  const counter: StatementCounter = {
    get count() { return texts.length; },
    texts,
    reset() { texts.length = 0; },
  };
  if (database.pglite) countOnPglite(database.pglite, texts);
  else countOnPg(texts);
  return counter;
}

function countOnPglite(pglite: PGlite, texts: string[]) {
  const send = pglite.execProtocolStream.bind(pglite);
  const decoder = new TextDecoder();
  pglite.execProtocolStream = (message, options) => {
    if (message[0] === PARSE || message[0] === SIMPLE_QUERY) texts.push(decoder.decode(message.subarray(5, 200)).replace(/\0/g, ' '));
    return send(message, options);
  };
}

let countingPg: string[] | null = null;

function countOnPg(texts: string[]) {
  if (countingPg) throw new Error('one statement counter per test process on PostgreSQL');
  countingPg = texts;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    texts.push(String(typeof first === 'string' ? first : first?.text ?? '').slice(0, 200));
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/** Waits until no statement has been sent for a while (hooks that finish after the reply). */
async function settled(counter: StatementCounter): Promise<number> {
  let seen = -1;
  while (seen !== counter.count) {
    seen = counter.count;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return seen;
}

/**
 * A constant-query endpoint: a page of 3000 costs the same number of SQL statements as a page of 1
 * (no statement per row). The endpoint needs enough data that the big page holds several rows.
 */
export async function constantQueryEndpoint(t: Tap, endpoint: Endpoint, counter: StatementCounter) {
  await t.test('constant-query endpoint', async (t) => {
    const page = async (perPage: number) => {
      await settled(counter);
      counter.reset();
      const response = await endpoint.api.request({ method: 'GET', url: withQuery(endpoint.url, `page[per_page]=${perPage}`), token: endpoint.token });
      t.equal(response.statusCode, 200, `per_page=${perPage} answers`);
      const rows = (JSON.parse(response.body) as { data: unknown[] }).data.length;
      return { rows, statements: await settled(counter), texts: [...counter.texts] };
    };
    await page(1); // anything cached per process (reference data, plans) is loaded now
    const one = await page(1);
    const many = await page(3000);
    t.equal(one.rows, 1, 'a page of 1 holds one row');
    t.ok(many.rows >= 3, `a page of 3000 holds several rows (${many.rows})`);
    t.ok(one.statements > 0, `the statements are counted (${one.statements})`);
    t.equal(many.statements, one.statements, `as many SQL statements for ${many.rows} rows as for 1`, {
      statementsForOne: one.texts,
      statementsForMany: many.texts,
    });
  });
}
