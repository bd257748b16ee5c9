import express from 'express';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config';
import type { Graph } from '../db/graph';
import { projectRoot } from '../db/local-neo4j';
import { AccessRole, mintToken } from './auth';

/** Where `npm run build` puts the workbench (web/ built by Vite). */
export const WORKBENCH_DIR = path.join(projectRoot(), 'dist', 'web');

/** Paths the workbench never answers: the API and the operations endpoints keep them. */
const SERVER_PATHS = /^\/(graphql|healthz|readyz|metrics|auth)(\/|$)/;

/** At most this many employees are offered on the development sign-in page. */
const SIGN_IN_LIST_LIMIT = 200;

/**
 * The knowledge workbench (web/) at `/`, and the development sign-in it uses:
 *
 * - `GET /auth/dev/employees`: the employees one may sign in as, with their access roles;
 * - `POST /auth/dev/token` `{ "employeeId": "..." }`: a bearer token for that employee, with the
 *   roles the graph gives them.
 *
 * Both exist only outside production (`NODE_ENV` not `production`); in production they answer
 * 404 like any unknown path and the page asks for a token from the identity provider. Every other
 * GET that is not the API's is the page's own (its routes are client-side).
 */
export function mountWorkbench(app: express.Express, config: Config, graph: Graph, dir = WORKBENCH_DIR): void {
  if (config.env !== 'production') {
    app.get('/auth/dev/employees', async (_req, res, next) => {
      try {
        const rows = await graph.read(
          `MATCH (e:Employee) RETURN e.id AS id, e.name AS name, e.team AS team, e.role AS role, coalesce(e.accessRoles, []) AS accessRoles
           ORDER BY e.name, e.id LIMIT toInteger($limit)`,
          { limit: SIGN_IN_LIST_LIMIT },
          'dev-sign-in',
        );
        res.json({ employees: rows });
      } catch (e) {
        next(e);
      }
    });
    app.post('/auth/dev/token', express.json({ limit: 1024 }), async (req, res, next) => {
      try {
        const employeeId: unknown = req.body?.employeeId;
        if (typeof employeeId !== 'string' || employeeId.length === 0 || employeeId.length > 100) {
          res.status(400).json({ error: { code: 'BAD_USER_INPUT', message: 'Send {"employeeId": "<id of an employee>"}.' } });
          return;
        }
        const rows = await graph.read('MATCH (e:Employee {id: $id}) RETURN e.name AS name, coalesce(e.accessRoles, []) AS accessRoles', { id: employeeId }, 'dev-sign-in');
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
  }

  const built = existsSync(path.join(dir, 'index.html'));
  if (built) app.use(express.static(dir, { index: false, maxAge: '1h', immutable: false }));
  app.get(/.*/, (req, res, next) => {
    if (SERVER_PATHS.test(req.path)) return next();
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
