import cors from 'cors';
import type { RequestHandler } from 'express';
import type { Config } from '../config';

/** Request headers a page may send: the token, JSON, a request id, and Apollo Client's own. */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
];

/** Response headers a page may read besides the simple ones: the request id (to quote it) and when to retry. */
const EXPOSED_HEADERS = ['x-request-id', 'retry-after'];

/** How long a browser may remember a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the API: a page whose origin is in the list gets the headers that let the browser give
 * it the answer; any other origin gets none, so its browser refuses (a request without an Origin,
 * from a server or a tool, is not a browser's cross-origin call and is served as before).
 */
export function corsFor({ origins, credentials }: Config['cors']): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  });
}
