import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';

/**
 * Streams rows as CSV: a header of the given columns, values as the JSON would show them
 * (booleans true/false, null empty). No rows at all gives an empty body, as the DfE service does.
 */
export function csvResponse<Row>(
  reply: FastifyReply,
  columns: readonly string[],
  rows: AsyncIterable<Row>,
  toRecord: (row: Row) => Record<string, unknown>,
): Readable {
  reply.header('content-type', 'text/csv');
  const source = Readable.from(
    (async function* records() {
      let first = true;
      for await (const row of rows) {
        // The header goes out with the first row, so no rows means a completely empty body.
        if (first) yield Object.fromEntries(columns.map((column) => [column, column]));
        first = false;
        yield toRecord(row);
      }
    })(),
  );
  const stringifier = stringify({
    header: false,
    columns: [...columns],
    cast: { boolean: (value) => String(value) },
  });
  source.on('error', (error) => stringifier.destroy(error));
  return source.pipe(stringifier);
}
