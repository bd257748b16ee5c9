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
export function corsFor({ origins, credentials }: Config['cors']): ReturnType<typeof cors> {
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

/**
 * A browser's preflight (OPTIONS with `Access-Control-Request-Method`) from an origin that is not
 * in CORS_ORIGINS: refused here, 403 FORBIDDEN saying why, rather than by Apollo's CSRF prevention
 * further on, whose 400 ("specify a content-type header") points away from the cause. The browser
 * refuses the page's call either way (no CORS header); the answer, seen in the browser's network
 * panel, and the request log now name the fix. Every answer of `/graphql` varies with `Origin`.
 */
export function refusePreflightsOfOtherOrigins(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.headers.origin;
    if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method'] || origin === undefined || allowed.has(origin)) {
      return next();
    }
    res.status(403).json({
      errors: [
        {
          message: `Pages of the origin ${origin.slice(0, 200)} may not call this API from a browser: it is not in CORS_ORIGINS (exact origins: scheme, host and port).`,
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
  };
}
