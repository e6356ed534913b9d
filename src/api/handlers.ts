import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Query } from './list-params.ts';

type SuccessContent<Op> = Op extends { responses: { 200: { content: infer C } } } ? C : never;

/** What a handler for an operation must resolve to: its spec's 200 body, or a CSV stream. */
export type SuccessBody<Op> =
  SuccessContent<Op> extends { 'application/vnd.api+json': infer Json }
    ? Json
    : SuccessContent<Op> extends { 'text/csv': unknown }
      ? Readable
      : never;

/** An operation's path parameters, as its spec declares them. */
export type PathParams<Op> = Op extends { parameters: { path: infer Path } } ? Path : never;

/** An operation's query parameters, as its spec declares them (Fastify always hands over an object). */
export type QueryParams<Op> = Op extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

/** The request a handler for an operation receives, its params and query typed from the spec. */
export type OperationRequest<Op> = FastifyRequest<{ Params: PathParams<Op>; Querystring: QueryParams<Op> }>;

export type Handler<Op> = (request: OperationRequest<Op>, reply: FastifyReply) => Promise<SuccessBody<Op>>;

/**
 * A version's operationId -> handler table, checked against the operations openapi-typescript
 * generated from that version's spec: a missing operation, or a body that breaks the spec,
 * fails `tsc`.
 */
export type HandlerTable<Operations> = { [OperationId in keyof Operations]: Handler<Operations[OperationId]> };

/** A further route, not in the spec, that behaves exactly like one of its operations. */
export interface RouteAlias<Operations = Record<string, unknown>> {
  operationId: keyof Operations & string;
  method: 'GET' | 'PUT' | 'PATCH' | 'POST';
  url: string;
}

// Shapes of request that handlers shared between versions accept; each version's table checks its
// own spec's operations supply them.

/** A request naming one resource by its `id` path parameter. */
export type ByIdRequest = FastifyRequest<{ Params: { id: string } }>;

/** A request for a list, read through its query parameters. */
export type ListRequest = FastifyRequest<{ Querystring: Query }>;
