import { SignJWT } from 'jose';
import { AccessRole } from '../../src/graphql/access';
import { Topics } from '../../src/realtime/topics';
import { SIGN_IN_OPERATION } from '../../src/modules/employee/employee.repository';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../helpers/server';
import { subscribe, until, sleep, type LiveSubscription } from '../helpers/live';
import { buildWorld, type World } from '../helpers/world';

/**
 * A hostile tester's replays against sign-in and the WebSocket door (issue 21, items 8 and 9):
 *
 * - a demoted ADMIN kept ADMIN rights until the token expired (up to 12 h), on every server copy;
 * - nobody could take a token back: a stolen or leaked token worked until it expired, sockets too;
 * - 1,100 idle sockets from one VIEWER token exhausted the process's file limit and HTTP failed.
 *
 * Each case speaks GraphQL over real HTTP and WebSocket to real servers over one real Neo4j. A
 * change made through another server copy (or an import) reaches this one only through the graph:
 * the tests make it so, with Cypher, while this server still remembers the token.
 */

let s: TestServer;
let w: World;
const open: LiveSubscription[] = [];

const id = (key: string) => w.id('employee', key);

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph, (world) => {
    const e = (key: string, accessRoles: ('VIEWER' | 'ANALYST' | 'ADMIN')[]) => ({
      key: `${world.prefix}-${key}`,
      name: `${world.prefix} ${key}`,
      email: `${world.prefix}.${key}@example.com`,
      team: 'Ops',
      role: 'ANALYST' as const,
      accessRoles,
    });
    world.data.employees.push(
      e('dora', ['ADMIN']),
      e('eve', ['ADMIN', 'ANALYST']),
      e('fay', ['ANALYST']),
      e('gus', ['ANALYST']),
      e('hal', ['ANALYST']),
    );
  });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.dispose()));
  await until(() => s.events.listenerCount(Topics.INTERACTION_RECORDED) === 0, 5_000, 'the subscriptions to end');
});
afterAll(() => s.close());

const ME = '{ me { name } }';
const AUDIT = '{ auditTrail(first: 1) { totalCount } }';
const UPDATE = 'mutation($input: UpdateEmployeeInput!) { updateEmployee(input: $input) { id team accessRoles } }';
const REVOKE = 'mutation($input: RevokeEmployeeTokensInput!) { revokeEmployeeTokens(input: $input) { id tokensRevokedAt } }';
const SEGMENT = 'mutation($input: CreateSegmentInput!) { createSegment(input: $input) { name } }';
const RECORD = 'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }';
const SUB = 'subscription($c: ID) { interactionRecorded(customerId: $c) { interaction { summary content } } }';

/** Subscribes on a server and waits until it listens. */
async function live(server: TestServer, token: string, query = SUB, variables: Record<string, unknown> = {}) {
  const before = server.events.listenerCount(Topics.INTERACTION_RECORDED);
  const l = subscribe(server.wsUrl, `Bearer ${token}`, query, variables);
  open.push(l);
  await until(() => server.events.listenerCount(Topics.INTERACTION_RECORDED) > before, 5_000, 'the subscription to start');
  return l;
}

/** How a socket closed, or 'still open' after a while. */
async function closeOf(l: LiveSubscription, ms = 5_000): Promise<{ code: number; reason: string } | 'still open'> {
  let timer: NodeJS.Timeout | undefined;
  const stillOpen = new Promise<'still open'>((resolve) => (timer = setTimeout(() => resolve('still open'), ms)));
  try {
    return await Promise.race([l.closed, stillOpen]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the second after the given time: a token minted then has a later `iat`. */
const nextSecond = (iso: string) => sleep(Math.max(0, (Math.floor(Date.parse(iso) / 1000) + 1) * 1000 - Date.now() + 20));

const stored = async (employeeId: string) =>
  (
    await s.cypher(
      'MATCH (e:Employee {id: $id}) RETURN e.team AS team, e.accessRoles AS accessRoles, e.tokensRevokedAt IS NULL AS neverRevoked',
      { id: employeeId },
    )
  )[0];

describe('role changes take effect', () => {
  it('a demoted ADMIN is refused ADMIN mutations at once, whoever demoted them, and ADMIN reads at once where the change was made', async () => {
    const admin = await s.token(id('dora'), [AccessRole.ADMIN]);
    const eve = await s.token(id('eve'), [AccessRole.ADMIN, AccessRole.ANALYST]);
    expect((await s.gql(AUDIT, {}, eve)).errors).toBeUndefined(); // the token is verified and remembered

    // Demoted through another server copy (or an import): this server still remembers the token,
    // but a mutation checks the employee's roles in its own transaction.
    await s.cypher(`MATCH (e:Employee {id: $id}) SET e.accessRoles = ['ANALYST']`, { id: id('eve') });
    const write = await s.gql(UPDATE, { input: { id: id('eve'), team: 'Takeover', accessRoles: ['ADMIN', 'ANALYST'] } }, eve);
    expect(write.status).toBe(200);
    expect(write.data).toBeNull();
    expect(write.errors).toEqual([
      expect.objectContaining({ message: 'This needs one of the roles ADMIN.', extensions: { code: 'FORBIDDEN' } }),
    ]);
    expect(await stored(id('eve'))).toEqual({ team: 'Ops', accessRoles: ['ANALYST'], neverRevoked: true });
    // What she still holds keeps working, with the same token.
    expect((await s.gql(SEGMENT, { input: { name: `${w.prefix} Eve's segment` } }, eve)).errors).toBeUndefined();

    // Demoted through this server: it forgets the token at once, reads are refused too.
    await s.cypher(`MATCH (e:Employee {id: $id}) SET e.accessRoles = ['ADMIN', 'ANALYST']`, { id: id('eve') });
    const eve2 = await s.token(id('eve'), [AccessRole.ADMIN, AccessRole.ANALYST]);
    expect((await s.gql(AUDIT, {}, eve2)).errors).toBeUndefined();
    const demoted = await s.gql(UPDATE, { input: { id: id('eve'), accessRoles: ['ANALYST'] } }, admin);
    expect(demoted.errors).toBeUndefined();
    expect(demoted.data.updateEmployee.accessRoles).toEqual(['ANALYST']);
    const read = await s.gql(AUDIT, {}, eve2);
    expect(read.data).toBeNull();
    expect(read.errors).toEqual([
      expect.objectContaining({ message: 'This needs one of the roles ADMIN.', extensions: { code: 'FORBIDDEN' } }),
    ]);
    expect((await s.gql(ME, {}, eve2)).data).toEqual({ me: { name: `${w.prefix} eve` } });
  });

  it('a token carrying a role its employee does not hold gets nothing of it', async () => {
    const forged = await s.token(id('fay'), [AccessRole.ADMIN, AccessRole.ANALYST]);
    const read = await s.gql(AUDIT, {}, forged);
    expect(read.errors).toEqual([
      expect.objectContaining({ message: 'This needs one of the roles ADMIN.', extensions: { code: 'FORBIDDEN' } }),
    ]);
    const write = await s.gql(UPDATE, { input: { id: id('fay'), accessRoles: ['ADMIN'] } }, forged);
    expect(write.errors).toEqual([
      expect.objectContaining({ message: 'This needs one of the roles ADMIN.', extensions: { code: 'FORBIDDEN' } }),
    ]);
    expect(await stored(id('fay'))).toEqual({ team: 'Ops', accessRoles: ['ANALYST'], neverRevoked: true });
  });

  it('an open socket of an employee demoted to VIEWER stops receiving personal data at once', async () => {
    const admin = await s.token(id('dora'), [AccessRole.ADMIN]);
    const gus = await s.token(id('gus'), [AccessRole.ANALYST]);
    const alice = await s.token(id('alice'), [AccessRole.ANALYST]);
    const acme = w.id('customer', 'acme');
    const l = await live(s, gus, SUB, { c: acme });
    const input = (n: number) => ({
      customerId: acme,
      channel: 'PHONE',
      touchpoint: 'SALES',
      direction: 'OUTBOUND',
      summary: `Gus sees ${n}`,
      content: `Private ${n}`,
    });
    expect((await s.gql(RECORD, { input: input(1) }, alice)).errors).toBeUndefined();
    expect((await l.nth(1)).data).toEqual({ interactionRecorded: { interaction: { summary: 'Gus sees 1', content: 'Private 1' } } });

    expect((await s.gql(UPDATE, { input: { id: id('gus'), accessRoles: ['VIEWER'] } }, admin)).errors).toBeUndefined();
    expect((await s.gql(RECORD, { input: input(2) }, alice)).errors).toBeUndefined();
    const second = await l.nth(2);
    expect(second.data).toEqual({ interactionRecorded: { interaction: { summary: 'Gus sees 2', content: null } } });
    expect(second.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN', field: 'Interaction.content' } })]);
  });

  it('open sockets follow changes made around this server (another copy, an import) at their next check: roles narrowed, removed employees closed', async () => {
    const alice = await s.token(id('alice'), [AccessRole.ANALYST]);
    const hal = await s.token(id('hal'), [AccessRole.ANALYST]);
    const acme = w.id('customer', 'acme');
    const halSocket = await live(s, hal, SUB, { c: acme });
    const ghost = `${w.prefix}-ghost`;
    await s.cypher(
      `CREATE (:Employee {id: $id, name: 'Ghost', nameLower: 'ghost', email: $id + '@example.com', team: 'T', role: 'ANALYST', accessRoles: ['ANALYST'], createdAt: datetime()})`,
      { id: ghost },
    );
    const ghostSocket = await live(s, await s.token(ghost, [AccessRole.ANALYST]), SUB, { c: acme });

    await s.cypher(`MATCH (e:Employee {id: $id}) SET e.accessRoles = ['VIEWER']`, { id: id('hal') });
    await s.cypher('MATCH (e:Employee {id: $id}) DETACH DELETE e', { id: ghost });
    await s.server.subscriptions.recheckTokens(); // what every open socket does once a minute

    expect(await closeOf(ghostSocket)).toEqual({
      code: 4401,
      reason: 'Unauthorized: The token names an employee who no longer exists; sign in again.',
    });
    const input = {
      customerId: acme,
      channel: 'PHONE',
      touchpoint: 'SALES',
      direction: 'OUTBOUND',
      summary: 'Hal sees',
      content: 'Private',
    };
    expect((await s.gql(RECORD, { input }, alice)).errors).toBeUndefined();
    const event = await halSocket.nth(1);
    expect(event.data).toEqual({ interactionRecorded: { interaction: { summary: 'Hal sees', content: null } } });
    expect(event.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN', field: 'Interaction.content' } })]);
    await s.cypher(`MATCH (e:Employee {id: $id}) SET e.accessRoles = ['ANALYST']`, { id: id('hal') });
  });

  it('the sign-in check stays one statement per token', async () => {
    const token = await s.token(id('bob'), [AccessRole.ANALYST]);
    const signIns = () => s.graph.statementsByOperation.get(SIGN_IN_OPERATION) ?? 0;
    const before = signIns();
    expect((await s.gql(ME, {}, token)).data).toEqual({ me: { name: `${w.prefix} Bob Reviewer` } });
    expect(signIns() - before).toBe(1);
    await s.gql(ME, {}, token);
    expect(signIns() - before).toBe(1);
  });
});

describe('revokeEmployeeTokens', () => {
  it('is for ADMIN only, and an unknown employee is NOT_FOUND; neither changes anything', async () => {
    const analyst = await s.token(id('alice'), [AccessRole.ANALYST]);
    const refused = await s.gql(REVOKE, { input: { employeeId: id('fay') } }, analyst);
    expect(refused.data).toBeNull();
    expect(refused.errors).toEqual([
      expect.objectContaining({ message: 'This needs one of the roles ADMIN.', extensions: { code: 'FORBIDDEN' } }),
    ]);
    const admin = await s.token(id('dora'), [AccessRole.ADMIN]);
    const unknown = await s.gql(REVOKE, { input: { employeeId: `${w.prefix}-nobody` } }, admin);
    expect(unknown.errors).toEqual([
      expect.objectContaining({
        message: `No employee has the id '${w.prefix}-nobody'.`,
        extensions: { code: 'NOT_FOUND', id: `${w.prefix}-nobody` },
      }),
    ]);
    expect(await stored(id('fay'))).toMatchObject({ neverRevoked: true });
  });

  it('refuses every token issued before it, over HTTP and WebSocket; closes the open sockets; a new token works', async () => {
    const admin = await s.token(id('dora'), [AccessRole.ADMIN]);
    const fay = await s.token(id('fay'), [AccessRole.ANALYST]);
    expect((await s.gql(ME, {}, fay)).data).toEqual({ me: { name: `${w.prefix} fay` } });
    const socket = await live(s, fay);

    const revoked = await s.gql(REVOKE, { input: { employeeId: id('fay') } }, admin);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.revokeEmployeeTokens).toEqual({ id: id('fay'), tokensRevokedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const at = revoked.data.revokeEmployeeTokens.tokensRevokedAt as string;
    expect(Math.abs(Date.parse(at) - Date.now())).toBeLessThan(10_000);

    // The open socket is closed, and the token signs nobody in any more.
    expect(await closeOf(socket)).toEqual({ code: 4401, reason: 'Unauthorized: The token was revoked; sign in again.' });
    const read = await s.gql(ME, {}, fay);
    expect(read.status).toBe(401);
    expect(read.errors).toEqual([
      expect.objectContaining({
        message: 'The token was revoked; sign in again.',
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);
    const again = subscribe(s.wsUrl, `Bearer ${fay}`, SUB);
    open.push(again);
    expect(await closeOf(again)).toEqual({ code: 4401, reason: 'Unauthorized: The token was revoked; sign in again.' });

    // A token issued after the revocation works.
    await nextSecond(at);
    const fresh = await s.token(id('fay'), [AccessRole.ANALYST]);
    expect((await s.gql(ME, {}, fresh)).data).toEqual({ me: { name: `${w.prefix} fay` } });
    await live(s, fresh);

    // Revoked through another server copy: this one still remembers the fresh token, but a
    // mutation checks the revocation in its own transaction.
    await s.cypher('MATCH (e:Employee {id: $id}) SET e.tokensRevokedAt = datetime()', { id: id('fay') });
    const write = await s.gql(SEGMENT, { input: { name: `${w.prefix} Fay's segment` } }, fresh);
    expect(write.data).toBeNull();
    expect(write.errors).toEqual([
      expect.objectContaining({ message: 'The token was revoked; sign in again.', extensions: { code: 'UNAUTHENTICATED' } }),
    ]);
    expect(await s.cypher('MATCH (g:Segment {name: $n}) RETURN g', { n: `${w.prefix} Fay's segment` })).toEqual([]);
  });

  it("a token without iat (from an identity provider that sets none) works until its employee's tokens are revoked, then never", async () => {
    const noIat = await new SignJWT({ roles: ['ANALYST'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(id('hal'))
      .setIssuer('rapport')
      .setAudience('rapport-api')
      .setExpirationTime(Math.floor(Date.now() / 1000) + 3600)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expect((await s.gql(ME, {}, noIat)).data).toEqual({ me: { name: `${w.prefix} hal` } });
    const admin = await s.token(id('dora'), [AccessRole.ADMIN]);
    expect((await s.gql(REVOKE, { input: { employeeId: id('hal') } }, admin)).errors).toBeUndefined();
    const res = await s.gql(ME, {}, noIat);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]).toMatchObject({ message: 'The token was revoked; sign in again.', extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('WebSocket connection caps', () => {
  let capped: TestServer;
  let throttled: TestServer;
  beforeAll(async () => {
    capped = await startTestServer({
      env: { WS_CONNECTIONS_PER_IDENTITY: '2', WS_CONNECTIONS_PER_ADDRESS: '4', WS_CONNECTION_INITS_PER_MINUTE: '0' },
    });
    throttled = await startTestServer({ env: { WS_CONNECTION_INITS_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((l) => l.dispose()));
    await throttled.close();
    await capped.close();
  });

  const sockets = async (server: TestServer) =>
    ((await (await fetch(server.url.replace('/graphql', '/healthz'))).json()) as { subscriptionConnections: number })
      .subscriptionConnections;
  const waitForSockets = async (server: TestServer, n: number) => {
    for (let i = 0; i < 250 && (await sockets(server)) !== n; i++) await sleep(20);
    expect(await sockets(server)).toBe(n);
  };
  const httpStillAnswers = async (server: TestServer, token: string) => {
    const res = await server.gql(ME, {}, token);
    expect(res.status).toBe(200);
    expect(res.data.me.name).toMatch(new RegExp(`^${w.prefix} `));
  };

  it("refuses one identity's socket over its cap (4429) while HTTP answers; closing one frees its slot", async () => {
    const alice = await capped.token(id('alice'), [AccessRole.ANALYST]);
    const alsoAlice = await capped.token(id('alice'), [AccessRole.VIEWER]); // another token, the same subject
    const bob = await capped.token(id('bob'), [AccessRole.ANALYST]);
    const first = await live(capped, alice);
    await live(capped, alsoAlice);
    const third = subscribe(capped.wsUrl, `Bearer ${alice}`, SUB);
    open.push(third);
    expect(await closeOf(third)).toEqual({
      code: 4429,
      reason: 'Too many open connections for this identity (at most 2); close one first',
    });
    await httpStillAnswers(capped, alice);
    await live(capped, bob); // another identity is not held back
    await first.dispose();
    await waitForSockets(capped, 2);
    await live(capped, alice);
  });

  it("refuses one address's socket over its cap (4429), before connection_init, while HTTP answers; closing one frees its slot", async () => {
    await Promise.all(open.splice(0).map((l) => l.dispose()));
    await waitForSockets(capped, 0);
    const tokens = await Promise.all(
      ['alice', 'bob', 'carol', 'vic', 'dora'].map((k) => capped.token(id(k), k === 'vic' ? [AccessRole.VIEWER] : [AccessRole.ANALYST])),
    );
    const four = [];
    for (const t of tokens.slice(0, 4)) four.push(await live(capped, t));
    const fifth = subscribe(capped.wsUrl, `Bearer ${tokens[4]}`, SUB);
    open.push(fifth);
    expect(await closeOf(fifth)).toEqual({
      code: 4429,
      reason: 'Too many open connections from this address (at most 4); close one first',
    });
    await httpStillAnswers(capped, tokens[4]);
    await four[0].dispose();
    await waitForSockets(capped, 3);
    await live(capped, tokens[4]);
  });

  it('limits connection_init per address (4429 with when to try again) while HTTP answers', async () => {
    const alice = await throttled.token(id('alice'), [AccessRole.ANALYST]);
    for (let i = 0; i < 3; i++) {
      await (await live(throttled, alice)).dispose();
      await until(() => throttled.events.listenerCount(Topics.INTERACTION_RECORDED) === 0, 5_000, 'the subscription to end');
    }
    const fourth = subscribe(throttled.wsUrl, `Bearer ${alice}`, SUB);
    open.push(fourth);
    expect(await closeOf(fourth)).toEqual({
      code: 4429,
      reason: expect.stringMatching(/^Too many connection attempts from this address \(at most 3 a minute\); try again in \d+ s$/),
    });
    await httpStillAnswers(throttled, alice);
  });
});
