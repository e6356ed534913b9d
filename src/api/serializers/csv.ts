import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';

/**
 * Streams rows as CSV: a header of the given columns, values as the JSON would show them
 * (booleans true/false, null empty). No rows at all gives an empty body, as the DfE service does.
 * Rows come a batch at a time and each batch goes out as one chunk: an export of 300,000 rows
 * is a few hundred writes, not 300,000 trips through a stream.
 */
export function csvResponse<Row>(
  reply: FastifyReply,
  columns: readonly string[],
  batches: AsyncIterable<readonly Row[]>,
  toRecord: (row: Row) => Record<string, unknown>,
): Readable {
  reply.header('content-type', 'text/csv');
  const options = { columns: [...columns], cast: { boolean: (value: boolean) => String(value) } };
  return Readable.from(
    (async function* chunks() {
      let header = true;
      for await (const batch of batches) {
        if (batch.length === 0) continue;
        // The header goes out with the first row, so no rows means a completely empty body.
        yield stringify(batch.map(toRecord), { ...options, header });
        header = false;
      }
    })(),
    { objectMode: false },
  );
}
