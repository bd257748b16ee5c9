import { AccessRole } from '../../src/graphql/access';
import { mintToken } from '../../src/server/auth';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * A verified token is remembered (signature checks were most of what signing in cost), which
 * must never widen what a token opens: an expired token is refused even when it was remembered,
 * a token remembered by one server is not taken by a server with another key, and a token
 * altered after it was remembered is a different token. Also: statements started without the
 * driver's call-site stack trace still fail with the driver's error, and stack traces stay on.
 */
let s: TestServer;
let other: TestServer;
let w: World;
const ME = '{ me { name } }';

beforeAll(async () => {
  s = await startTestServer();
  other = await startTestServer({ env: { JWT_SECRET: 'another-secret-of-another-server-0123456789' } });
  w = await buildWorld(s.graph);
});
afterAll(async () => {
  await other.close();
  await s.close();
});

it('a remembered token is refused once it has expired', async () => {
  const token = await mintToken(s.config.jwt, w.id('employee', 'alice'), [AccessRole.ANALYST], 2);
  const first = await s.gql(ME, {}, token);
  expect(first.data).toEqual({ me: { name: `${w.prefix} Alice Author` } });
  expect((await s.gql(ME, {}, token)).data).toEqual(first.data); // the second time, from the remembered token
  await new Promise((r) => setTimeout(r, 2_100));
  const late = await s.gql(ME, {}, token);
  expect(late.status).toBe(401);
  expect(late.errors).toEqual([
    expect.objectContaining({
      message: 'The token has expired; sign in again.',
      extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    }),
  ]);
});

it('a token remembered by one server is refused by a server with another key', async () => {
  const token = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  expect((await s.gql(ME, {}, token)).data).toEqual({ me: { name: `${w.prefix} Alice Author` } });
  const elsewhere = await other.gql(ME, {}, token);
  expect(elsewhere.status).toBe(401);
  expect(elsewhere.errors?.[0].message).toBe('The token is not valid (bad signature, issuer, audience or format).');
});

it('a remembered token with its claims rewritten (roles raised, signature kept) is refused', async () => {
  const token = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
  expect((await s.gql(ME, {}, token)).data).toEqual({ me: { name: `${w.prefix} Vic Viewer` } });
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const raised = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url')}.${signature}`;
  const res = await s.gql(ME, {}, raised);
  expect(res.status).toBe(401);
  expect(res.data).toBeUndefined();
  expect(res.errors).toEqual([
    expect.objectContaining({
      message: 'The token is not valid (bad signature, issuer, audience or format).',
      extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    }),
  ]);
  // The genuine token still works, as the VIEWER it names.
  expect((await s.gql(ME, {}, token)).data).toEqual({ me: { name: `${w.prefix} Vic Viewer` } });
});

it("a failing statement rejects with the driver's error, and stack traces stay on afterwards", async () => {
  const limit = Error.stackTraceLimit;
  expect(limit).toBeGreaterThan(0);
  await expect(s.graph.read('RETURN 1 +')).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.SyntaxError' });
  expect(Error.stackTraceLimit).toBe(limit);
  expect(new Error('here').stack).toContain('token-cache.test.ts');
});
