import http from 'node:http';
import { AccessRole } from '../../src/graphql/access';
import { compiledExecution } from '../../src/server/compiled-executor';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * The audit trail under attack (issue 21, items 6 and 11a): every entry must be true (what was
 * attempted, with its true outcome), a refused request is one entry, anonymous traffic cannot
 * grow the trail without bound, and anonymous operation names cannot take the metric label slots.
 */

const TRAIL = `query($f: AuditFilter, $first: Int) { auditTrail(filter: $f, first: $first) { edges { node { actorId action targetId outcome code at } } } }`;
type Entry = { actorId: string | null; action: string; targetId: string | null; outcome: string; code: string | null };

/** Every entry written since `since` (ms), newest first, as an ADMIN reads them; entries of one request in a fixed order. */
async function entriesSince(s: TestServer, admin: string, since: number, filter: Record<string, string> = {}): Promise<Entry[]> {
  const res = await s.gql(TRAIL, { f: filter, first: 100 }, admin);
  expect(res.errors).toBeUndefined();
  return res.data.auditTrail.edges
    .map((e: any) => e.node)
    .filter((n: any) => Date.parse(n.at) >= since)
    .map(({ at: _at, ...rest }: any) => rest as Entry);
}

const byAction = (a: Entry, b: Entry) => a.action.localeCompare(b.action) || String(a.targetId).localeCompare(String(b.targetId));

/** One POST sent from a given local address (127.0.0.x), as a client at that address would. */
function postFrom(url: string, localAddress: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = http.request(url, { method: 'POST', headers, localAddress, agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

let s: TestServer;
let w: World;
let admin: string;
let viewer: string;
let bob: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
  bob = await s.token(w.id('employee', 'bob'), [AccessRole.ANALYST]);
});
afterAll(() => s.close());

const customerName = async (id: string) => (await s.cypher('MATCH (c:Customer {id: $id}) RETURN c.name AS name', { id }))[0]?.name;

describe('forged entries (issue 21 item 6)', () => {
  const ATTACK = (customerId: string) =>
    `mutation { first: validateInsight(input: { id: "x" }) { id } eraseCustomer(input: { customerId: "${customerId}" }) { id } }`;

  it('a request without a token that asks to erase a real customer leaves one REFUSED entry, and none saying the erasure ran', async () => {
    const acme = w.id('customer', 'acme');
    const since = Date.now();
    const res = await s.gql(ATTACK(acme), {});
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(await customerName(acme)).toBe(`${w.prefix} Acme Freight`);
    expect(await entriesSince(s, admin, since)).toEqual([
      { actorId: null, action: 'validateInsight,eraseCustomer', targetId: null, outcome: 'REFUSED', code: 'UNAUTHENTICATED' },
    ]);
    expect(await entriesSince(s, admin, since, { targetId: acme })).toEqual([]);
  });

  it('a VIEWER sending the same request is recorded as refused for the field its role check refused, and the erasure that never ran is not recorded', async () => {
    const acme = w.id('customer', 'acme');
    const vic = w.id('employee', 'vic');
    const since = Date.now();
    // Its own document text: the first run of a document is graphql-js's (see compiled-executor.ts).
    const res = await s.gql(`# a viewer\n${ATTACK(acme)}`, {}, viewer);
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['first', 'FORBIDDEN']]);
    expect(await customerName(acme)).toBe(`${w.prefix} Acme Freight`);
    expect(await entriesSince(s, admin, since)).toEqual([
      { actorId: vic, action: 'validateInsight', targetId: 'x', outcome: 'REFUSED', code: 'FORBIDDEN' },
    ]);
  });

  it('records what ran and how it ended, field by field: a success, a refusal by the role check, and nothing for the field after it (it never ran)', async () => {
    const bolt = w.id('customer', 'bolt');
    const since = Date.now();
    const res = await s.gql(
      `mutation {
        a: createSegment(input: { name: "${w.prefix} ran" }) { id }
        b: eraseCustomer(input: { customerId: "${bolt}" }) { id }
        c: createSegment(input: { name: "${w.prefix} never ran" }) { id }
      }`,
      {},
      bob,
    );
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['b', 'FORBIDDEN']]);
    const made = await s.cypher('MATCH (g:Segment) WHERE g.name STARTS WITH $p RETURN g.name AS name, g.id AS id', { p: `${w.prefix} ` });
    expect(made.map((m) => m.name).sort()).toEqual([`${w.prefix} Logistics`, `${w.prefix} ran`]);
    const ran = made.find((m) => m.name === `${w.prefix} ran`)!.id;
    expect((await entriesSince(s, admin, since)).sort(byAction)).toEqual([
      { actorId: w.id('employee', 'bob'), action: 'createSegment', targetId: ran, outcome: 'SUCCEEDED', code: null },
      { actorId: w.id('employee', 'bob'), action: 'eraseCustomer', targetId: bolt, outcome: 'REFUSED', code: 'FORBIDDEN' },
    ]);
  });

  it('records a rule refusing a mutation that ran (four eyes) as FAILED with its code, not REFUSED', async () => {
    const alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
    const insight = w.id('insight', 'ins1');
    const since = Date.now();
    const res = await s.gql(`mutation { validateInsight(input: { id: "${insight}" }) { status } }`, {}, alice);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await entriesSince(s, admin, since)).toEqual([
      { actorId: w.id('employee', 'alice'), action: 'validateInsight', targetId: insight, outcome: 'FAILED', code: 'FORBIDDEN' },
    ]);
  });

  it('records the same truth when the same document is sent again (mutations are never compiled)', async () => {
    const bolt = w.id('customer', 'bolt');
    const b = w.id('employee', 'bob');
    const query = `mutation Twice($name: String!) { a: createSegment(input: { name: $name }) { id } b: eraseCustomer(input: { customerId: "${bolt}" }) { id } }`;
    const compilations = compiledExecution.compilations;
    for (const run of ['first', 'again']) {
      const since = Date.now();
      const res = await s.gql(query, { name: `${w.prefix} ${run}` }, bob);
      expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['b', 'FORBIDDEN']]);
      const made = await s.cypher('MATCH (g:Segment {name: $name}) RETURN g.id AS id', { name: `${w.prefix} ${run}` });
      expect(made).toHaveLength(1);
      expect((await entriesSince(s, admin, since)).sort(byAction)).toEqual([
        { actorId: b, action: 'createSegment', targetId: made[0].id, outcome: 'SUCCEEDED', code: null },
        { actorId: b, action: 'eraseCustomer', targetId: bolt, outcome: 'REFUSED', code: 'FORBIDDEN' },
      ]);
    }
    expect(compiledExecution.compilations).toBe(compilations);
    expect(await customerName(bolt)).toBe(`${w.prefix} Bolt Couriers`);
  });

  it('a mutation after a failed one never runs, the first time or again, and is not recorded', async () => {
    const carol = w.id('employee', 'carol');
    const query = `mutation AfterAFailure($c: ID!) { first: validateInsight(input: { id: "missing" }) { id } eraseCustomer(input: { customerId: $c }) { id } }`;
    for (const run of ['interpreted', 'compiled']) {
      const made = await s.gql(
        `mutation { createCustomer(input: { name: "${w.prefix} Throwaway ${run}", kind: PERSON }) { id } }`,
        {},
        admin,
      );
      const id = made.data.createCustomer.id;
      const since = Date.now();
      const res = await s.gql(query, { c: id }, admin);
      expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['first', 'NOT_FOUND']]);
      // The failed non-null field stops the mutation: the erasure never runs, and is not recorded.
      expect(await customerName(id)).toBe(`${w.prefix} Throwaway ${run}`);
      expect((await entriesSince(s, admin, since)).sort(byAction)).toEqual([
        { actorId: carol, action: 'validateInsight', targetId: 'missing', outcome: 'FAILED', code: 'NOT_FOUND' },
      ]);
    }
  });
});

describe('a request refused before it ran is one entry (issue 21 item 6)', () => {
  it('one anonymous request asking for 16 mutations leaves one entry, not 16', async () => {
    const fields = Array.from({ length: 15 }, (_, k) => `a${k}: validateInsight(input: { id: "x${k}" }) { id }`).join(' ');
    const since = Date.now();
    const res = await s.gql(`mutation { ${fields} validateInsight(input: { id: "y" }) { id } }`, {});
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(await entriesSince(s, admin, since)).toEqual([
      { actorId: null, action: 'validateInsight', targetId: null, outcome: 'REFUSED', code: 'UNAUTHENTICATED' },
    ]);
  });

  it('variables that do not fit, a mutation over GET, a document that does not validate, one too deep and one too costly: one REFUSED entry each, with its code', async () => {
    const need = w.id('need', 'offline');
    const b = w.id('employee', 'bob');
    const since = Date.now();
    const two = `mutation($a: UpdateNeedInput!, $b: UpdateNeedInput!) { a: updateNeed(input: $a) { id } b: updateNeed(input: $b) { id } }`;
    const badVariables = await s.gql(two, { a: { id: need, title: 42 }, b: { id: need, title: 'fine' } }, bob);
    expect([badVariables.status, badVariables.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['BAD_USER_INPUT']]);

    const overGet = `mutation { a: updateNeed(input: { id: "${need}", title: "via GET" }) { id } b: updateNeed(input: { id: "${need}", title: "again" }) { id } }`;
    const get = await fetch(`${s.url}?query=${encodeURIComponent(overGet)}`, {
      headers: { authorization: `Bearer ${bob}`, 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(405);

    const invalid = await s.gql(`mutation { updateNeed(input: { id: "${need}", title: "x" }) { noSuchField } }`, {}, bob);
    expect([invalid.status, invalid.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);

    const deep = await s.gql(
      `mutation { updateNeed(input: { id: "${need}", title: "deep" }) { customers { edges { node { needs { edges { node { customers { edges { node { needs { edges { node { id } } } } } } } } } } } } } }`,
      {},
      bob,
    );
    expect([deep.status, deep.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);

    const costly = await s.gql(
      `mutation { updateNeed(input: { id: "${need}", title: "costly" }) { customers(first: 100) { edges { node { needs(first: 100) { edges { node { customers(first: 100) { edges { node { id } } } } } } } } } } }`,
      {},
      bob,
    );
    expect([costly.status, costly.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);

    expect((await s.cypher('MATCH (n:Need {id: $id}) RETURN n.title AS title', { id: need }))[0].title).toBe('Plan routes offline');
    expect(await entriesSince(s, admin, since, { actorId: b })).toEqual([
      { actorId: b, action: 'updateNeed', targetId: need, outcome: 'REFUSED', code: 'GRAPHQL_VALIDATION_FAILED' },
      { actorId: b, action: 'updateNeed', targetId: need, outcome: 'REFUSED', code: 'GRAPHQL_VALIDATION_FAILED' },
      { actorId: b, action: 'updateNeed', targetId: need, outcome: 'REFUSED', code: 'GRAPHQL_VALIDATION_FAILED' },
      { actorId: b, action: 'updateNeed', targetId: null, outcome: 'REFUSED', code: 'BAD_REQUEST' },
      { actorId: b, action: 'updateNeed', targetId: null, outcome: 'REFUSED', code: 'BAD_USER_INPUT' },
    ]);
  });
});

describe('anonymous traffic cannot grow the trail without bound (issue 21 item 6)', () => {
  let fresh: TestServer;
  beforeAll(async () => {
    fresh = await startTestServer();
  });
  afterAll(() => fresh.close());

  it('records at most 10 refusals without a valid identity per client address and 100 in all per minute, and counts the rest in /metrics', async () => {
    const acme = w.id('customer', 'acme');
    const attack = { query: `mutation { eraseCustomer(input: { customerId: "${acme}" }) { id } }` };
    const forged = `${admin.slice(0, -4)}AAAA`;
    const since = Date.now();
    // One address: 15 requests, without a token or with a forged one.
    const first = await Promise.all(
      Array.from({ length: 15 }, (_, k) => postFrom(fresh.url, '127.0.0.1', attack, k % 3 === 0 ? forged : undefined)),
    );
    expect(first.map((r) => r.body.errors?.[0].extensions?.code)).toEqual(Array(15).fill('UNAUTHENTICATED'));
    expect(await entriesSince(fresh, admin, since, { targetId: acme })).toHaveLength(10);
    // Ten more addresses, ten requests each: the window's total is reached after nine of them.
    for (let a = 2; a <= 11; a++) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => postFrom(fresh.url, `127.0.0.${a}`, attack)));
      expect(answers.map((r) => r.body.errors?.[0].extensions?.code)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    }
    const recorded = await entriesSince(fresh, admin, since, { targetId: acme });
    expect(recorded).toHaveLength(100);
    for (const e of recorded)
      expect(e).toEqual({ actorId: null, action: 'eraseCustomer', targetId: acme, outcome: 'REFUSED', code: 'UNAUTHENTICATED' });
    const metrics = await (await fetch(fresh.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/^rapport_audit_refusals_unrecorded_total\{code="UNAUTHENTICATED"\} 15$/m);
    // A signed-in caller's refusal is still recorded: they are accountable, and rate-limited.
    const vic = w.id('employee', 'vic');
    await fresh.gql(attack.query, {}, viewer);
    expect(await entriesSince(fresh, admin, since, { actorId: vic })).toEqual([
      { actorId: vic, action: 'eraseCustomer', targetId: acme, outcome: 'REFUSED', code: 'FORBIDDEN' },
    ]);
    expect(await customerName(acme)).toBe(`${w.prefix} Acme Freight`);
  });
});

describe('/metrics operation-name labels (issue 21 item 11a)', () => {
  it('an anonymous flood of operation names takes no label slot: they count as "unauthenticated", and a signed-in caller\'s name still gets its own', async () => {
    for (let k = 0; k < 250; k += 25) {
      await Promise.all(Array.from({ length: 25 }, (_, j) => s.gql(`query Flood${k + j} { __typename }`)));
    }
    await s.gql('query RealWork { me { name } }', {}, bob);
    const text = await (await fetch(s.url.replace('/graphql', '/metrics'))).text();
    const operations = new Set(
      [...text.matchAll(/^rapport_graphql_request_duration_seconds_count\{operation="([^"]*)"/gm)].map((m) => m[1]),
    );
    expect([...operations].filter((o) => o.startsWith('Flood'))).toEqual([]);
    expect(operations.has('RealWork')).toBe(true);
    expect(operations.has('other')).toBe(false);
    expect(text).toMatch(/^rapport_graphql_request_duration_seconds_count\{operation="unauthenticated",type="query"\} 250$/m);
  });
});
