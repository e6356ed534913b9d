import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';

type SuccessContent<Op> = Op extends { responses: { 200: { content: infer C } } } ? C : never;

/** What a handler for an operation must resolve to: its spec's 200 body, or a CSV stream. */
export type SuccessBody<Op> =
  SuccessContent<Op> extends { 'application/vnd.api+json': infer Json }
    ? Json
    : SuccessContent<Op> extends { 'text/csv': unknown }
      ? Readable
      : never;

export type Handler<Op> = (request: FastifyRequest, reply: FastifyReply) => Promise<SuccessBody<Op>>;

/**
 * A version's operationId -> handler table, checked against the operations openapi-typescript
 * generated from that version's spec: a missing operation, or a body that breaks the spec,
 * fails `tsc`.
 */
export type HandlerTable<Operations> = { [OperationId in keyof Operations]: Handler<Operations[OperationId]> };
