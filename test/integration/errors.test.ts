import { SignJWT } from 'jose';
import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let token: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  token = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
});
afterAll(() => s.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body });

describe('bad requests get a coded error and the server stays up', () => {
  it('a syntax error in the query', async () => {
    const res = await s.gql('query { customers { ', {}, token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('an unknown field', async () => {
    const res = await s.gql('query { customers { edges { node { shoeSize } } } }', {}, token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res.errors?.[0].message).toBe('Cannot query field "shoeSize" on type "Customer".');
  });

  it('a body that is not JSON', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('a body in an unsupported charset', async () => {
    const res = await post(JSON.stringify({ query: '{ me { name } }' }), { 'content-type': 'application/json; charset=iso-8859-1' });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      errors: [{ message: 'The request body must be JSON in UTF-8, without a content encoding.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('a body over 1 MiB', async () => {
    const res = await post(JSON.stringify({ query: `query { customers { totalCount } } # ${'x'.repeat(1024 * 1024)}` }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      errors: [{ message: 'The request body is larger than 1048576 bytes.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('a wrongly typed variable', async () => {
    const res = await s.gql('query($n: Int) { customers(first: $n) { totalCount } }', { n: 'ten' }, token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a token that is expired, signed with another secret, or not a bearer token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ roles: ['ADMIN'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('rapport')
      .setAudience('rapport-api')
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(new TextEncoder().encode(s.config.jwt.secret));
    const foreign = await new SignJWT({ roles: ['ADMIN'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('rapport')
      .setAudience('rapport-api')
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    const noneAlg = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', roles: ['ADMIN'], exp: now + 3600, iss: 'rapport', aud: 'rapport-api' })).toString('base64url')}.`;
    for (const [authorization, message] of [
      [`Bearer ${expired}`, 'The token has expired; sign in again.'],
      [`Bearer ${foreign}`, 'The token is not valid (bad signature, issuer, audience or format).'],
      [`Bearer ${noneAlg}`, 'The token is not valid (bad signature, issuer, audience or format).'],
      ['Basic dXNlcjpwYXNz', 'The Authorization header must be "Bearer <token>".'],
    ]) {
      const res = await post(JSON.stringify({ query: '{ customers { totalCount } }' }), { authorization });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });

  it('a token whose employee no longer exists cannot write', async () => {
    const ghost = await s.token('ghost-employee', [AccessRole.ANALYST]);
    const res = await s.gql(
      `mutation { raiseNeed(input: { customerId: "${w.id('customer', 'acme')}", title: "x", kind: FUNCTIONAL }) { id } }`,
      {},
      ghost,
    );
    expect(res.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('still answers afterwards, and /healthz says ok', async () => {
    const res = await s.gql(`query($id: ID!) { customer(id: $id) { name } }`, { id: w.id('customer', 'acme') }, token);
    expect(res.data).toEqual({ customer: { name: `${w.prefix} Acme Freight` } });
    const health = await fetch(s.url.replace('/graphql', '/healthz'));
    expect(await health.json()).toEqual({
      status: 'ok',
      events: { published: 0, publishFailures: 0, position: expect.any(Number) },
      subscriptionConnections: 0,
    });
  });

  it('never leaks Cypher or stack traces: an internal failure is INTERNAL_SERVER_ERROR with a plain message', async () => {
    // A node stored with a property of the wrong type makes a non-null field fail inside the server.
    const id = `${w.prefix}-broken`;
    await s.cypher("CREATE (:Customer {id: $id, name: 'Broken', nameLower: 'broken', kind: 'PERSON', lifecycleStage: 'NOT_A_STAGE'})", {
      id,
    });
    const res = await s.gql(`query($id: ID!) { customer(id: $id) { name lifecycleStage } }`, { id }, token);
    const text = JSON.stringify(res);
    expect(text).not.toMatch(/MATCH|Neo4j|stack|at \w+ \(/);
    expect(res.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(res.errors?.[0].message).toBe('Something went wrong on our side; the request was not completed. It has been logged.');
    await s.cypher('MATCH (c:Customer {id: $id}) DELETE c', { id });
  });
});
