import express from 'express';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config';
import type { Graph, Row } from '../db/graph';
import { projectRoot } from '../db/local-neo4j';
import { AccessRole } from '../graphql/access';
import { mintToken } from './auth';

/** Where `npm run build` puts the workbench (web/ built by Vite). */
export const WORKBENCH_DIR = path.join(projectRoot(), 'dist', 'web');

/**
 * Paths the workbench never answers: the API and the operations endpoints keep them. Without
 * regard to case, as Express matches routes: else `/Auth/dev/token` would get the page.
 */
const SERVER_PATHS = /^\/(graphql|healthz|readyz|metrics|auth|export)(\/|$)/i;

/**
 * Paths that name a file (Vite's `assets/` folder, or a last segment with an extension; the
 * page's own routes end in ids without a dot): one that is not there is a 404, never the page,
 * or a browser holding an old page would run HTML as its missing script.
 */
const FILE_PATHS = /^\/assets\/|\.[a-z0-9]+$/i;

/** Largest body `POST /auth/dev/token` reads, in bytes: an employee id needs far less. */
const TOKEN_BODY_LIMIT = 1024;

/** Why a token request's body is refused (415): anything but JSON in UTF-8, as the page sends it. */
const UNSUPPORTED_BODY = 'Send JSON in UTF-8 (content-type: application/json), without a content encoding.';

/** Security headers of the page and its files. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

/** At most this many employees are offered on the development sign-in page. */
const SIGN_IN_LIST_LIMIT = 200;

/** Why a request for another host, or from another site's page, gets no development sign-in (403). */
const FOREIGN_REQUEST =
  'The development sign-in answers only requests for this server from its own pages: Host and Origin must name it (localhost, 127.0.0.1 or [::1] with its port).';

/** Loopback names a browser on this machine may use for the server. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The origins (`http://host:port`) of this server, as a browser may name it: the configured host
 * (unless it is a wildcard such as 0.0.0.0) and the loopback names, with the port the request
 * came in on (the port the server listens on), and the configured further origins (the
 * workbench's dev server, which passes /auth through with its own Host and the page's Origin).
 */
function ownOrigins(config: Config, port: number): Set<string> {
  const hosts = new Set(LOOPBACK_HOSTS);
  const configured = config.host.includes(':') ? `[${config.host}]` : config.host;
  if (!['0.0.0.0', '[::]'].includes(configured)) hosts.add(configured);
  const origins = new Set(config.devSignInOrigins);
  for (const host of hosts) {
    const url = URL.canParse(`http://${host}:${port}`) ? new URL(`http://${host}:${port}`) : null;
    if (url) origins.add(url.origin);
  }
  return origins;
}

/**
 * A guard against DNS rebinding: a site whose name an attacker points at 127.0.0.1 makes the
 * victim's browser send its requests here, with the attacker's name as `Host` (and its page as
 * `Origin`). The development sign-in answers only when `Host` names this server and `Origin`,
 * when sent, is one of its origins; anything else is a coded 403.
 */
function sameServerOnly(config: Config): express.RequestHandler {
  return (req, res, next) => {
    const origins = ownOrigins(config, req.socket.localPort ?? config.port);
    // Host as the URL parser reads it (lower case, default port dropped); userinfo or a path is no host.
    const host = req.headers.host ?? '';
    const hostName = /^[^@/?#\\\s]+$/.test(host) && URL.canParse(`http://${host}`) ? new URL(`http://${host}`).host : null;
    const hostOk = hostName !== null && [...origins].some((o) => new URL(o).host === hostName);
    const origin = req.headers.origin;
    const originOk = origin === undefined || (URL.canParse(origin) && origins.has(new URL(origin).origin));
    if (hostOk && originOk) return next();
    res.status(403).json({ error: { code: 'FORBIDDEN', message: FOREIGN_REQUEST } });
  };
}

/** The employees the development sign-in offers (`GET /auth/dev/employees`); the warm-up reads them too. */
export async function signInEmployees(graph: Graph): Promise<Row[]> {
  return graph.read(
    `MATCH (e:Employee) RETURN e.id AS id, e.name AS name, e.team AS team, e.role AS role, coalesce(e.accessRoles, []) AS accessRoles
     ORDER BY e.name, e.id LIMIT toInteger($limit)`,
    { limit: SIGN_IN_LIST_LIMIT },
    'dev-sign-in',
  );
}

/** The employee the development sign-in mints a token for (`POST /auth/dev/token`): none when the id is unknown. */
export async function signInEmployee(graph: Graph, id: string): Promise<Row[]> {
  return graph.read(
    'MATCH (e:Employee {id: $id}) RETURN e.name AS name, coalesce(e.accessRoles, []) AS accessRoles',
    { id },
    'dev-sign-in',
  );
}

/**
 * The knowledge workbench (web/) at `/`, and the development sign-in it uses:
 *
 * - `GET /auth/dev/employees`: the employees one may sign in as, with their access roles;
 * - `POST /auth/dev/token` `{ "employeeId": "..." }`: a bearer token for that employee, with the
 *   roles the graph gives them.
 *
 * Both answer only requests whose `Host` names this server and whose `Origin`, when sent, is one of
 * its pages (see {@link sameServerOnly}); others get 403 `FORBIDDEN`.
 *
 * Both exist only outside production (`NODE_ENV` not `production`) and without an identity
 * provider (`JWT_JWKS_URL`, against whose keys the API would refuse the tokens minted here); else
 * they answer 404 like any unknown path and the page asks for a token from the identity provider.
 * Every other GET that is not the API's and names no file is the page's own (its routes are
 * client-side).
 */
export function mountWorkbench(app: express.Express, config: Config, graph: Graph, dir = WORKBENCH_DIR): void {
  if (config.env !== 'production' && !config.jwt.jwksUrl) {
    const sameServer = sameServerOnly(config);
    app.get('/auth/dev/employees', sameServer, async (_req, res, next) => {
      try {
        res.json({ employees: await signInEmployees(graph) });
      } catch (e) {
        next(e);
      }
    });
    // JSON only: a form or a text body, which any other site can make a browser send without
    // asking, never gets a token.
    const jsonOnly: express.RequestHandler = (req, res, next) => {
      if (req.is('application/json')) return next();
      res.status(415).json({ error: { code: 'BAD_REQUEST', message: UNSUPPORTED_BODY } });
    };
    app.post('/auth/dev/token', sameServer, jsonOnly, express.json({ limit: TOKEN_BODY_LIMIT }), async (req, res, next) => {
      try {
        const employeeId: unknown = req.body?.employeeId;
        if (typeof employeeId !== 'string' || employeeId.length === 0 || employeeId.length > 100) {
          res.status(400).json({ error: { code: 'BAD_USER_INPUT', message: 'Send {"employeeId": "<id of an employee>"}.' } });
          return;
        }
        const rows = await signInEmployee(graph, employeeId);
        if (!rows.length) {
          res.status(404).json({ error: { code: 'NOT_FOUND', message: `No employee has the id '${employeeId}'.` } });
          return;
        }
        const roles = (rows[0].accessRoles as string[]).filter((r): r is AccessRole => (Object.values(AccessRole) as string[]).includes(r));
        const token = await mintToken(config.jwt, employeeId, roles);
        res.json({ token, employee: { id: employeeId, name: rows[0].name, accessRoles: roles }, expiresInSeconds: config.jwt.ttlSeconds });
      } catch (e) {
        next(e);
      }
    });
    // A body that cannot be read answers in this route's own shape (the page shows `error.message`),
    // with this route's limit; the server's handler speaks GraphQL and of the API's limit.
    app.use(
      '/auth/dev/token',
      (err: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
        if (!err.status || err.status < 400 || err.status >= 500) return next(err);
        const message =
          err.type === 'entity.too.large'
            ? `The request body is larger than ${TOKEN_BODY_LIMIT} bytes.`
            : err.status === 415
              ? UNSUPPORTED_BODY
              : 'The request body is not valid JSON.';
        res.status(err.status).json({ error: { code: 'BAD_REQUEST', message } });
      },
    );
  }

  // The page and its files: only our own scripts, talking only to this server (HTTP and WebSocket,
  // which 'self' covers), never framed. Inline styles are allowed: the chart and graph libraries
  // position their elements with style attributes.
  app.use((req, res, next) => {
    if (!SERVER_PATHS.test(req.path)) for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
    next();
  });
  const built = existsSync(path.join(dir, 'index.html'));
  if (built) {
    app.use(
      express.static(dir, {
        index: false,
        maxAge: '1h',
        immutable: false,
        // The page names the current bundles: asked for by name it is not cached either, as at `/`.
        setHeaders: (res, file) => {
          if (path.basename(file) === 'index.html') res.setHeader('cache-control', 'no-cache');
        },
      }),
    );
  }
  app.get(/.*/, (req, res, next) => {
    if (SERVER_PATHS.test(req.path)) return next();
    if (built && FILE_PATHS.test(req.path)) return next();
    if (!built) {
      res
        .status(503)
        .type('text/plain')
        .send('The workbench is not built. Run `npm run build` (npm start does it for you); the API is at /graphql.');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path.join(dir, 'index.html'));
  });
}
