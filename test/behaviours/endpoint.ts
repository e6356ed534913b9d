// What a shared behaviour is run against. Each behaviour lives in a file of its own, named after
// what it proves; each resource's test file lists the ones that apply, per version.
import type { Test } from 'tap';
import type { TestApi } from '../helpers/app.ts';

export type Tap = Test;

export interface Endpoint {
  api: TestApi;
  /** e.g. /api/v3/participants/ecf */
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** A token that sees data on this endpoint. */
  token: string;
  body?: unknown;
}

export const withQuery = (url: string, query: string) => `${url}${url.includes('?') ? '&' : '?'}${query}`;
