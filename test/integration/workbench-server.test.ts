import { jwtVerify } from 'jose';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * The workbench as the API server serves it, seen through real HTTP: the built page at `/` with
 * its client-side routes, its files, and (outside production only) the development sign-in
 * (`GET /auth/dev/employees`, `POST /auth/dev/token`); and what a caller who should not get a
 * token, or should not see a file, gets instead.
 *
 * The page is a fake "built workbench" in a temporary folder, so that these tests do not depend
 * on whether `npm run build:web` ran. The sign-in lists every employee of the graph (ordered by
 * name, at most 200), so this suite starts from an empty graph and empties it again when it ends.
 */

const INDEX_HTML =
  '<!doctype html><html><head><title>Rapport test workbench</title><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';
const APP_JS = 'console.log("rapport test workbench");\n';
const PRODUCTION_SECRET = 'a-production-secret-that-is-not-the-development-one-0123456789';

let root: string;
let built: string;
let s: TestServer;
let w: World;

/** An answer as a caller sees it. */
interface Answer {
  status: number;
  type: string;
  headers: Headers;
  text: string;
  json(): any;
}

async function call(server: TestServer, url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${server.url.replace(/\/graphql$/, '')}${url}`, init);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, text, json: () => JSON.parse(text) };
}

const get = (url: string, init: RequestInit = {}) => call(s, url, init);
const postToken = (body: unknown, server = s) =>
  call(server, '/auth/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A GET with the path sent exactly as written (fetch would resolve `..` before sending). */
function rawGet(server: TestServer, rawPath: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.server.port, path: rawPath, method: 'GET', agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The roles claim of a token, read the way the API reads it (signature, issuer and audience checked). */
async function claims(token: string) {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(TEST_JWT_SECRET), {
    issuer: 'rapport',
    audience: 'rapport-api',
    algorithms: ['HS256'],
  });
  return payload;
}

/** Nothing in an answer looks like a token (a JWT's header always starts with `eyJ`). */
const expectNoToken = (a: Answer) => {
  expect(a.text).not.toMatch(/eyJ/);
  expect(a.text).not.toMatch(/"token"/);
};

/** The page itself, as the workbench's client routes get it. */
const expectPage = (a: Answer) => {
  expect(a.status).toBe(200);
  expect(a.type).toMatch(/^text\/html/);
  expect(a.headers.get('cache-control')).toBe('no-cache');
  expect(a.text).toBe(INDEX_HTML);
  expectPageHeaders(a);
};

/** What the page and its files are sent with: our scripts only, talking only to this server, never framed. */
const expectPageHeaders = (a: Answer) => {
  expect(a.headers.get('content-security-policy')).toBe(
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; " +
      "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  expect(a.headers.get('x-content-type-options')).toBe('nosniff');
  expect(a.headers.get('x-frame-options')).toBe('DENY');
  expect(a.headers.get('referrer-policy')).toBe('no-referrer');
};

/** Express's own 404: neither the page nor an API answer. */
const expectNotFound = (a: Answer) => {
  expect(a.status).toBe(404);
  expect(a.text).not.toContain('Rapport test workbench');
};

beforeAll(async () => {
  // root/secret.txt sits next to the served folder root/web: a path escaping the folder must not reach it.
  root = mkdtempSync(path.join(os.tmpdir(), 'rapport-workbench-'));
  built = path.join(root, 'web');
  mkdirSync(path.join(built, 'assets'), { recursive: true });
  writeFileSync(path.join(built, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(built, 'assets', 'app.js'), APP_JS);
  writeFileSync(path.join(built, '.env'), 'SECRET_IN_DOTFILE=1\n');
  writeFileSync(path.join(root, 'secret.txt'), 'SECRET_OUTSIDE_THE_FOLDER\n');
  s = await startTestServer({ server: { workbenchDir: built } });
  await s.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
});

afterAll(async () => {
  await s.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  await s.close();
  rmSync(root, { recursive: true, force: true });
});

describe('an empty graph', () => {
  it('GET /auth/dev/employees offers nobody', async () => {
    const a = await get('/auth/dev/employees');
    expect(a.status).toBe(200);
    expect(a.type).toMatch(/^application\/json/);
    expect(a.json()).toEqual({ employees: [] });
  });
});

describe('with employees', () => {
  beforeAll(async () => {
    w = await buildWorld(s.graph, (world) => {
      const e = (key: string, name: string, accessRoles: ('VIEWER' | 'ANALYST' | 'ADMIN')[]) => ({
        key: `${world.prefix}-${key}`,
        name: `${world.prefix} ${name}`,
        email: `${world.prefix}.${key}@example.com`,
        team: 'Support',
        role: 'SUPPORT_AGENT' as const,
        accessRoles,
      });
      world.data.employees.push(
        e('nora', 'Nora Noroles', []),
        // Same name as bob: the id decides. Lower case sorts after upper case (Neo4j compares code points).
        e('bob2', 'Bob Reviewer', ['VIEWER']),
        e('amy', 'amy lowercase', ['ANALYST']),
      );
    });
  });

  describe('GET /auth/dev/employees', () => {
    it('lists every employee with id, name, team, role and access roles (nothing else), ordered by name, then id', async () => {
      const a = await get('/auth/dev/employees');
      expect(a.status).toBe(200);
      const expected = w.data.employees
        .map((e) => ({
          id: w.id('employee', e.key.slice(w.prefix.length + 1)),
          name: e.name,
          team: e.team,
          role: e.role,
          accessRoles: e.accessRoles,
        }))
        .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.id < y.id ? -1 : 1));
      expect(a.json()).toEqual({ employees: expected });
      expect(expected.map((e) => e.name.slice(w.prefix.length + 1))).toEqual([
        'Alice Author',
        'Bob Reviewer',
        'Bob Reviewer',
        'Carol Admin',
        'Nora Noroles',
        'Vic Viewer',
        'amy lowercase',
      ]);
    });

    it('offers at most 200 employees', async () => {
      await s.cypher(
        `UNWIND range(1, 201) AS i CREATE (:Employee {id: $p + toString(i), name: 'zz bulk ' + toString(i), accessRoles: ['VIEWER']})`,
        { p: 'bulk-' },
      );
      try {
        const a = await get('/auth/dev/employees');
        expect(a.json().employees).toHaveLength(200);
        expect(a.json().employees[0].name).toBe(`${w.prefix} Alice Author`);
      } finally {
        await s.cypher(`MATCH (e:Employee) WHERE e.id STARTS WITH 'bulk-' DELETE e`);
      }
    });
  });

  describe('POST /auth/dev/token', () => {
    const me = '{ me { id name } }';
    const audit = '{ auditTrail(first: 1) { totalCount } }';

    it('mints a token for the employee, carrying exactly their roles from the graph, that the API accepts', async () => {
      const carol = w.id('employee', 'carol');
      const a = await postToken({ employeeId: carol });
      expect(a.status).toBe(200);
      const body = a.json();
      expect(body).toEqual({
        token: expect.any(String),
        employee: { id: carol, name: `${w.prefix} Carol Admin`, accessRoles: ['ADMIN', 'ANALYST'] },
        expiresInSeconds: s.config.jwt.ttlSeconds,
      });
      const payload = await claims(body.token);
      expect(payload).toMatchObject({ sub: carol, roles: ['ADMIN', 'ANALYST'] });
      expect(payload.exp! - payload.iat!).toBe(s.config.jwt.ttlSeconds);

      expect(await s.gql(me, {}, body.token)).toEqual({ status: 200, data: { me: { id: carol, name: `${w.prefix} Carol Admin` } } });
      const admin = await s.gql(audit, {}, body.token);
      expect(admin.errors).toBeUndefined();
      expect(admin.data.auditTrail.totalCount).toEqual(expect.any(Number));
    });

    it('a VIEWER gets a VIEWER token: signed in, but refused what needs ADMIN', async () => {
      const vic = w.id('employee', 'vic');
      const a = await postToken({ employeeId: vic });
      expect(a.json().employee.accessRoles).toEqual(['VIEWER']);
      expect((await claims(a.json().token)).roles).toEqual(['VIEWER']);
      expect((await s.gql(me, {}, a.json().token)).data).toEqual({ me: { id: vic, name: `${w.prefix} Vic Viewer` } });
      const refused = await s.gql(audit, {}, a.json().token);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('an employee without access roles gets a token without roles, which the API refuses (FORBIDDEN)', async () => {
      const a = await postToken({ employeeId: w.id('employee', 'nora') });
      expect(a.status).toBe(200);
      expect(a.json().employee.accessRoles).toEqual([]);
      expect((await claims(a.json().token)).roles).toEqual([]);
      expect((await s.gql(me, {}, a.json().token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('reads the roles from the graph at every sign-in: a change shows in the next token; unknown role names are left out', async () => {
      const bob = w.id('employee', 'bob');
      await s.cypher(`MATCH (e:Employee {id: $id}) SET e.accessRoles = ['ADMIN', 'SUPERUSER']`, { id: bob });
      const a = await postToken({ employeeId: bob });
      expect(a.json().employee.accessRoles).toEqual(['ADMIN']);
      expect((await claims(a.json().token)).roles).toEqual(['ADMIN']);
      expect((await s.gql(audit, {}, a.json().token)).errors).toBeUndefined();
      await s.cypher(`MATCH (e:Employee {id: $id}) SET e.accessRoles = ['ANALYST']`, { id: bob });
      expect((await claims((await postToken({ employeeId: bob })).json().token)).roles).toEqual(['ANALYST']);
    });

    it('an unknown employee id: 404 NOT_FOUND, no token', async () => {
      for (const employeeId of ['no-such-employee', 'x'.repeat(100), "x'}) MATCH (n) DETACH DELETE n //"]) {
        const a = await postToken({ employeeId });
        expect(a.status).toBe(404);
        expect(a.json()).toEqual({ error: { code: 'NOT_FOUND', message: `No employee has the id '${employeeId}'.` } });
        expectNoToken(a);
      }
      expect((await s.cypher('MATCH (e:Employee) RETURN count(e) AS n'))[0].n).toBe(w.data.employees.length);
    });

    it('a missing, empty, too long or non-string id: 400 BAD_USER_INPUT, no token', async () => {
      const carol = w.id('employee', 'carol');
      const bodies: unknown[] = [
        {},
        [],
        { employeeId: '' },
        { employeeId: 'x'.repeat(101) },
        { employeeId: `${carol}${' '.repeat(100)}` },
        { employeeId: 42 },
        { employeeId: [carol] },
        { employeeId: { $eq: carol } },
        { employeeId: null },
        { employeeId: true },
        { id: carol },
      ];
      for (const body of bodies) {
        const a = await postToken(body);
        expect({ body, status: a.status }).toEqual({ body, status: 400 });
        expect(a.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: 'Send {"employeeId": "<id of an employee>"}.' } });
        expectNoToken(a);
      }
    });

    it("a body over 1 KiB: 413 with a code, in the route's own error shape, no token", async () => {
      const a = await postToken({ employeeId: w.id('employee', 'carol'), padding: 'x'.repeat(2000) });
      expect(a.status).toBe(413);
      expect(a.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request body is larger than 1024 bytes.' } });
      expectNoToken(a);
    });

    it('a body that is not JSON: 400 with a code, no token', async () => {
      const a = await call(s, '/auth/dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"employeeId": ',
      });
      expect(a.status).toBe(400);
      expect(a.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' } });
      expectNoToken(a);
    });

    it('anything but JSON in UTF-8 (a cross-site form, a text body, no type at all, another charset or encoding): 415, no token', async () => {
      const carol = w.id('employee', 'carol');
      const json = JSON.stringify({ employeeId: carol });
      const sent: [string, RequestInit][] = [
        ['text/plain', { headers: { 'content-type': 'text/plain' }, body: json }],
        ['form', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `employeeId=${carol}` }],
        [
          'multipart',
          {
            body: (() => {
              const f = new FormData();
              f.set('employeeId', carol);
              return f;
            })(),
          },
        ],
        ['no type', { body: new TextEncoder().encode(json) }],
      ];
      for (const [what, init] of sent) {
        const a = await call(s, '/auth/dev/token', { method: 'POST', ...init });
        expect({ what, status: a.status }).toEqual({ what, status: 415 });
        expect(a.json()).toEqual({
          error: { code: 'BAD_REQUEST', message: 'Send JSON in UTF-8 (content-type: application/json), without a content encoding.' },
        });
        expectNoToken(a);
      }
      // JSON in another charset, or in an encoding it does not know, cannot be read.
      const unreadable: Record<string, string>[] = [
        { 'content-type': 'application/json; charset=latin1' },
        { 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
      ];
      for (const headers of unreadable) {
        const a = await call(s, '/auth/dev/token', { method: 'POST', headers, body: json });
        expect({ headers, status: a.status }).toEqual({ headers, status: 415 });
        expect(a.json()).toEqual({
          error: { code: 'BAD_REQUEST', message: 'Send JSON in UTF-8 (content-type: application/json), without a content encoding.' },
        });
        expectNoToken(a);
      }
      // The JSON type with the UTF-8 charset is JSON; an empty JSON body names nobody.
      expect(
        (await call(s, '/auth/dev/token', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: json }))
          .status,
      ).toBe(200);
      const empty = await call(s, '/auth/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
      expect(empty.status).toBe(400);
      expect(empty.json().error.code).toBe('BAD_USER_INPUT');
    });

    it('answers only POST', async () => {
      expectNotFound(await get(`/auth/dev/token?employeeId=${w.id('employee', 'carol')}`));
      expectNotFound(await call(s, '/auth/dev/employees', { method: 'POST' }));
    });
  });

  describe('DNS rebinding: the sign-in answers only requests for this server, from its pages', () => {
    /** A request with the Host and Origin a browser would send (fetch lets neither be chosen). */
    function signIn(route: 'employees' | 'token', headers: Record<string, string>): Promise<{ status: number; text: string; json(): any }> {
      const body = JSON.stringify({ employeeId: w.id('employee', 'carol') });
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: s.server.port,
            path: `/auth/dev/${route}`,
            method: route === 'token' ? 'POST' : 'GET',
            agent: false,
            headers: {
              ...(route === 'token' ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
              ...headers,
            },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode!, text, json: () => JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end(route === 'token' ? body : undefined);
      });
    }
    const REFUSED = {
      error: {
        code: 'FORBIDDEN',
        message:
          'The development sign-in answers only requests for this server from its own pages: Host and Origin must name it (localhost, 127.0.0.1 or [::1] with its port).',
      },
    };
    const port = () => s.server.port;

    it('refuses a foreign Host (a name rebound to this address), and another port: 403 FORBIDDEN, no token, no employees', async () => {
      for (const host of [
        `evil.example:${port()}`,
        `evil.example`,
        `127.0.0.1.evil.example:${port()}`,
        `127.0.0.1:${port() + 1}`,
        `localhost`,
        `0.0.0.0:${port()}`,
      ]) {
        for (const route of ['employees', 'token'] as const) {
          const a = await signIn(route, { host });
          expect({ host, route, status: a.status }).toEqual({ host, route, status: 403 });
          expect(a.json()).toEqual(REFUSED);
          expect(a.text).not.toContain(w.prefix);
          expectNoToken(a as Answer);
        }
      }
    });

    it("refuses a foreign Origin, even with this server's Host: 403 FORBIDDEN, no token", async () => {
      const host = `127.0.0.1:${port()}`;
      for (const origin of [
        `http://evil.example:${port()}`,
        'null',
        `http://127.0.0.1:${port() + 1}`,
        `https://evil.example`,
        `http://localhost`,
      ]) {
        for (const route of ['employees', 'token'] as const) {
          const a = await signIn(route, { host, origin });
          expect({ origin, route, status: a.status }).toEqual({ origin, route, status: 403 });
          expect(a.json()).toEqual(REFUSED);
          expectNoToken(a as Answer);
        }
      }
    });

    it('answers this server by its loopback names and port, with or without its own Origin, and the workbench dev server (npm run dev:web)', async () => {
      const accepted: Record<string, string>[] = [
        { host: `127.0.0.1:${port()}` },
        { host: `localhost:${port()}` },
        { host: `LocalHost:${port()}` },
        { host: `[::1]:${port()}` },
        { host: `localhost:${port()}`, origin: `http://localhost:${port()}` },
        { host: `127.0.0.1:${port()}`, origin: `http://127.0.0.1:${port()}` },
        { host: `127.0.0.1:${port()}`, origin: `http://[::1]:${port()}` },
        // Vite's dev server on :5173 passes /auth through with its own Host and the page's Origin.
        { host: '127.0.0.1:5173', origin: 'http://127.0.0.1:5173' },
        { host: 'localhost:5173', origin: 'http://localhost:5173' },
      ];
      for (const headers of accepted) {
        const list = await signIn('employees', headers);
        expect({ headers, status: list.status }).toEqual({ headers, status: 200 });
        expect(list.json().employees.length).toBe(w.data.employees.length);
        const token = await signIn('token', headers);
        expect({ headers, status: token.status }).toEqual({ headers, status: 200 });
        expect((await claims(token.json().token)).sub).toBe(w.id('employee', 'carol'));
      }
    });
  });

  describe('the built workbench', () => {
    it('GET / is the page, never cached without asking', async () => {
      expectPage(await get('/'));
      expectPage(await get('/', { headers: { accept: 'text/html' } }));
      const head = await call(s, '/', { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.type).toMatch(/^text\/html/);
    });

    it('client-side routes get the page', async () => {
      for (const route of ['/customers/abc', '/insights/x/y', '/dashboards', '/customers/abc?tab=needs', '/no/such/route']) {
        expectPage(await get(route, { headers: { accept: 'text/html' } }));
      }
    });

    it('/index.html itself is the page, not cached without asking either', async () => {
      expectPage(await get('/index.html'));
    });

    it('its files, with their content types', async () => {
      const a = await get('/assets/app.js');
      expect(a.status).toBe(200);
      expect(a.type).toMatch(/^(text|application)\/javascript/);
      expect(a.text).toBe(APP_JS);
      expectPageHeaders(a);
    });

    it('a file it does not have is a 404, not the page (a stale chunk must not load as HTML)', async () => {
      for (const file of ['/assets/missing.js', '/assets/app-OLDHASH.css', '/favicon.ico', '/robots.txt', '/assets/']) {
        expectNotFound(await get(file));
      }
    });

    it('never a dotfile or a file outside its folder', async () => {
      for (const p of [
        '/.env',
        '/assets/../.env',
        '/..%2fsecret.txt',
        '/assets/..%2f..%2fsecret.txt',
        '/%2e%2e/secret.txt',
        '/../secret.txt',
        '/assets/../../secret.txt',
      ]) {
        const a = await rawGet(s, p);
        expect({ p, status: a.status, secret: /SECRET/.test(a.text) }).toEqual({ p, status: 404, secret: false });
      }
    });

    it('leaves the API and the operations endpoints alone', async () => {
      const sandbox = await get('/graphql', { headers: { accept: 'text/html' } });
      expect(sandbox.status).toBe(200);
      expect(sandbox.type).toMatch(/^text\/html/);
      expect(sandbox.text).toMatch(/apollo/i);
      expect(sandbox.text).not.toContain('Rapport test workbench');
      // The Sandbox loads from Apollo's CDN: the page's policy is not imposed on it.
      expect(sandbox.headers.get('content-security-policy')).toBeNull();

      const health = await get('/healthz');
      expect(health.status).toBe(200);
      expect(health.json()).toMatchObject({ status: 'ok' });
      const ready = await get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ready' });
      const metrics = await get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.type).toMatch(/^text\/plain/);
      expect(metrics.text).toMatch(/^rapport_/m);

      expect((await s.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    });

    it("a path that only starts like the API's is a client route (/graphqlx)", async () => {
      expectPage(await get('/graphqlx'));
      expectPage(await get('/healthzz'));
    });

    it('/auth/... it does not know is a 404, in any letter case, not the page', async () => {
      for (const p of ['/auth', '/auth/', '/auth/unknown', '/auth/dev', '/auth/dev/unknown', '/AUTH/unknown', '/Auth/Dev/Token']) {
        expectNotFound(await get(p));
      }
    });

    it('answers only GET and HEAD: POST / and PUT on a client route are 404s', async () => {
      expectNotFound(await call(s, '/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
      expectNotFound(await call(s, '/customers/abc', { method: 'PUT', body: 'x' }));
      expectNotFound(await call(s, '/customers/abc', { method: 'DELETE' }));
    });
  });

  describe('in production (NODE_ENV=production)', () => {
    let prod: TestServer;
    beforeAll(async () => {
      prod = await startTestServer({ env: { NODE_ENV: 'production', JWT_SECRET: PRODUCTION_SECRET }, server: { workbenchDir: built } });
    });
    afterAll(() => prod.close());

    it('there is no development sign-in: both answer 404 and nothing is minted', async () => {
      expect(prod.config.env).toBe('production');
      const list = await call(prod, '/auth/dev/employees');
      expectNotFound(list);
      expect(list.text).not.toContain(w.prefix);
      for (const a of [
        await postToken({ employeeId: w.id('employee', 'carol') }, prod),
        await call(prod, '/auth/dev/token', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ employeeId: w.id('employee', 'carol') }),
        }),
        await call(prod, '/AUTH/DEV/TOKEN', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ employeeId: w.id('employee', 'carol') }),
        }),
        await call(prod, '/auth/dev/token'),
        await call(prod, '/Auth/Dev/Employees'),
      ]) {
        expectNotFound(a);
        expectNoToken(a);
      }
    });

    it('the page is served as in development', async () => {
      const page = await call(prod, '/customers/abc');
      expect(page.status).toBe(200);
      expect(page.text).toBe(INDEX_HTML);
      expect((await call(prod, '/assets/app.js')).text).toBe(APP_JS);
    });
  });

  describe('with an identity provider (JWT_JWKS_URL)', () => {
    let idp: TestServer;
    beforeAll(async () => {
      idp = await startTestServer({ env: { JWT_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' }, server: { workbenchDir: built } });
    });
    afterAll(() => idp.close());

    it('there is no development sign-in either: the API would refuse the tokens it minted', async () => {
      expectNotFound(await call(idp, '/auth/dev/employees'));
      const a = await postToken({ employeeId: w.id('employee', 'carol') }, idp);
      expectNotFound(a);
      expectNoToken(a);
      expectPage(await call(idp, '/'));
    });
  });

  describe('when the workbench is not built (no index.html)', () => {
    let bare: TestServer;
    let empty: string;
    beforeAll(async () => {
      empty = path.join(root, 'empty');
      mkdirSync(path.join(empty, 'assets'), { recursive: true });
      writeFileSync(path.join(empty, 'assets', 'app.js'), APP_JS);
      bare = await startTestServer({ server: { workbenchDir: empty } });
    });
    afterAll(() => bare.close());

    it('the page answers 503 saying to run npm run build', async () => {
      for (const p of ['/', '/customers/abc', '/assets/app.js']) {
        const a = await call(bare, p);
        expect(a.status).toBe(503);
        expect(a.type).toMatch(/^text\/plain/);
        expect(a.text).toContain('npm run build');
      }
    });

    it('the API, the operations endpoints and the sign-in still work', async () => {
      expect((await bare.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
      expect((await call(bare, '/healthz')).status).toBe(200);
      expect((await call(bare, '/readyz')).status).toBe(200);
      const list = await call(bare, '/auth/dev/employees');
      expect(list.status).toBe(200);
      expect(list.json().employees).toHaveLength(w.data.employees.length);
      const token = (await postToken({ employeeId: w.id('employee', 'alice') }, bare)).json().token;
      expect((await bare.gql('{ me { name } }', {}, token)).data).toEqual({ me: { name: `${w.prefix} Alice Author` } });
      expectNotFound(await call(bare, '/auth/unknown'));
    });
  });
});
