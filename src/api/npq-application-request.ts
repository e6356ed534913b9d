import { BadRequestError, messages } from '../errors.ts';
import type { FastifyRequest } from 'fastify';
import { callerOf } from './caller.ts';

// Reading the bodies of the NPQ application writes. A `data` object must carry at least one
// attribute the operation knows; otherwise the request is the DfE "no data structure" 400.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The known attributes of `data.attributes`; `null` when there is no `data` at all. */
function knownAttributes(body: unknown, known: readonly string[]): Record<string, unknown> | null {
  if (!isObject(body) || body.data === undefined) return null;
  const attributes = isObject(body.data) ? body.data.attributes : undefined;
  if (!isObject(attributes) || !known.some((name) => name in attributes)) throw new BadRequestError(messages.missingData);
  return attributes;
}

function scheduleValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

function change(request: IdRequest) {
  return { leadProviderId: callerOf(request).leadProviderId, applicationId: request.params.id, now: request.now };
}

/** An accept: no body, or `funded_place` (and in v3 `schedule_identifier`). */
export function acceptInputOf(request: IdRequest, withSchedule: boolean) {
  const attributes = knownAttributes(request.body, withSchedule ? ['funded_place', 'schedule_identifier'] : ['funded_place']) ?? {};
  return {
    ...change(request),
    fundedPlace: attributes.funded_place,
    scheduleIdentifier: withSchedule ? scheduleValue(attributes.schedule_identifier) : undefined,
  };
}

export function rejectInputOf(request: IdRequest) {
  return change(request);
}

/** A change of funded place; v3 also lets `schedule_identifier` through (and ignores it). */
export function changeFundedPlaceInputOf(request: IdRequest, toleratesSchedule: boolean) {
  const attributes = knownAttributes(request.body, toleratesSchedule ? ['funded_place', 'schedule_identifier'] : ['funded_place']);
  if (!attributes) throw new BadRequestError(messages.missingData);
  return { ...change(request), fundedPlace: attributes.funded_place };
}
