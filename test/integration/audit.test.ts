import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let alice: string;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
});
afterAll(() => s.close());

const TRAIL = `query($f: AuditFilter) { auditTrail(filter: $f) { totalCount edges { node { actorId action targetId outcome code at } } } }`;

describe('the audit trail', () => {
  it('records every mutation, succeeded, failed or refused, with actor, action, target, time and outcome', async () => {
    const insightId = w.id('insight', 'ins1');
    const before = Date.now();
    await s.gql(
      `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }`,
      { input: { id: insightId, expectedVersion: 1, confidence: 0.9 } },
      alice,
    );
    await s.gql(
      `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }`,
      { input: { id: insightId, expectedVersion: 1, confidence: 0.1 } },
      alice,
    );
    await s.gql(`mutation { validateInsight(input: { id: "${insightId}" }) { status } }`, {}, alice);
    await s.gql(`mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id } }`, {
      input: { insightId, kind: 'COMMENT', body: 'Private remark about Dana' },
    });
    const res = await s.gql(TRAIL, { f: { targetId: insightId } }, admin);
    expect(res.errors).toBeUndefined();
    const entries = res.data.auditTrail.edges.map((e: any) => e.node);
    expect(entries.map(({ at: _at, ...rest }: any) => rest)).toEqual([
      { actorId: null, action: 'annotateInsight', targetId: insightId, outcome: 'REFUSED', code: 'UNAUTHENTICATED' },
      { actorId: w.id('employee', 'alice'), action: 'validateInsight', targetId: insightId, outcome: 'FAILED', code: 'FORBIDDEN' },
      { actorId: w.id('employee', 'alice'), action: 'reviseInsight', targetId: insightId, outcome: 'FAILED', code: 'CONFLICT' },
      { actorId: w.id('employee', 'alice'), action: 'reviseInsight', targetId: insightId, outcome: 'SUCCEEDED', code: null },
    ]);
    for (const e of entries) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before - 1000);
    // Nothing of the input (which may hold personal data) is kept.
    const stored = await s.cypher('MATCH (a:AuditEntry {targetId: $id}) RETURN properties(a) AS p', { id: insightId });
    for (const { p } of stored) {
      for (const key of Object.keys(p)) expect(['action', 'actorId', 'at', 'code', 'id', 'outcome', 'targetId']).toContain(key);
    }
    expect(JSON.stringify(stored)).not.toMatch(/Dana/);
  });

  it('names what a creation created, and filters by actor and action', async () => {
    const created = await s.gql(`mutation { createSegment(input: { name: "${w.prefix} Audited" }) { id } }`, {}, alice);
    const id = created.data.createSegment.id;
    const res = await s.gql(TRAIL, { f: { actorId: w.id('employee', 'alice'), action: 'createSegment' } }, admin);
    expect(res.data.auditTrail.edges.map((e: any) => [e.node.targetId, e.node.outcome])).toEqual([[id, 'SUCCEEDED']]);
    // A creation that answers a payload (the record and a secret shown once): the record's id, never the secret.
    const registered = await s.gql(
      `mutation { registerWebhook(input: { url: "http://127.0.0.1:9/audit", filter: { needRaised: {} } }) { secret webhook { id } } }`,
      {},
      admin,
    );
    expect(registered.errors).toBeUndefined();
    // By this world's admin: other suites register webhooks in the same database (webhooks.test.ts).
    const trail = await s.gql(TRAIL, { f: { actorId: w.id('employee', 'carol'), action: 'registerWebhook' } }, admin);
    expect(trail.data.auditTrail.edges.map((e: any) => [e.node.targetId, e.node.outcome])).toEqual([
      [registered.data.registerWebhook.webhook.id, 'SUCCEEDED'],
    ]);
    await s.gql(
      `mutation($id: ID!) { deleteWebhook(input: { id: $id }) { id } }`,
      { id: registered.data.registerWebhook.webhook.id },
      admin,
    );
  });

  const trail = async (f: Record<string, string>) =>
    (await s.gql(TRAIL, { f }, admin)).data.auditTrail.edges.map(({ node: { at: _at, ...rest } }: any) => rest);

  it('records a mutation selected through a fragment, inline or named, like any other', async () => {
    const carol = w.id('employee', 'carol');
    const token = await s.token(carol, [AccessRole.ANALYST]);
    const inline = await s.gql(
      `mutation { ... on Mutation { createSegment(input: { name: "${w.prefix} via inline fragment" }) { id } } }`,
      {},
      token,
    );
    const named = await s.gql(
      `mutation { ...M } fragment M on Mutation { made: createSegment(input: { name: "${w.prefix} via named fragment" }) { id } }`,
      {},
      token,
    );
    expect(await trail({ actorId: carol, action: 'createSegment' })).toEqual([
      { actorId: carol, action: 'createSegment', targetId: named.data.made.id, outcome: 'SUCCEEDED', code: null },
      { actorId: carol, action: 'createSegment', targetId: inline.data.createSegment.id, outcome: 'SUCCEEDED', code: null },
    ]);
  });

  it('records nothing for a mutation field that @skip or @include leaves out (it does not run)', async () => {
    const bob = w.id('employee', 'bob');
    const token = await s.token(bob, [AccessRole.ANALYST]);
    const res = await s.gql(
      `mutation($no: Boolean!) { a: createSegment(input: { name: "${w.prefix} skipped" }) @skip(if: true) { id } b: createSegment(input: { name: "${w.prefix} not included" }) @include(if: $no) { id } }`,
      { no: false },
      token,
    );
    expect(res).toEqual({ status: 200, data: {} });
    expect(await trail({ actorId: bob, action: 'createSegment' })).toEqual([]);
  });

  it('records a mutation refused before it ran (variables that do not fit: 400; over GET: 405) as REFUSED with its code', async () => {
    const bob = w.id('employee', 'bob');
    const token = await s.token(bob, [AccessRole.ANALYST]);
    const need = w.id('need', 'offline');
    const bad = await s.gql(
      `mutation($input: UpdateNeedInput!) { updateNeed(input: $input) { id } }`,
      { input: { id: need, title: 42 } },
      token,
    );
    expect([bad.status, bad.errors?.[0].extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
    const query = `mutation { updateNeed(input: { id: "${need}", title: "via GET" }) { id } }`;
    const get = await fetch(`${s.url}?query=${encodeURIComponent(query)}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(405);
    expect((await s.cypher('MATCH (n:Need {id: $id}) RETURN n.title AS title', { id: need }))[0].title).toBe('Plan routes offline');
    expect(await trail({ actorId: bob, action: 'updateNeed' })).toEqual([
      { actorId: bob, action: 'updateNeed', targetId: need, outcome: 'REFUSED', code: 'BAD_REQUEST' },
      { actorId: bob, action: 'updateNeed', targetId: need, outcome: 'REFUSED', code: 'BAD_USER_INPUT' },
    ]);
  });

  it('records a committed mutation as SUCCEEDED even when the selection of what it returns has an error', async () => {
    const proposed = await s.gql(
      `mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }`,
      {
        input: {
          title: `${w.prefix} Committed anyway`,
          body: 'b',
          origin: 'FROM_CUSTOMER',
          confidence: 0.5,
          customerIds: [w.id('customer', 'acme')],
        },
      },
      alice,
    );
    const id = proposed.data.proposeInsight.id;
    const res = await s.gql(
      `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version history(first: 1000) { version } } }`,
      { input: { id, expectedVersion: 1, confidence: 0.9 } },
      alice,
    );
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['reviseInsight.history', 'BAD_USER_INPUT']]);
    expect(await s.cypher('MATCH (i:Insight {id: $id}) RETURN i.version AS version, i.confidence AS confidence', { id })).toEqual([
      { version: 2, confidence: 0.9 },
    ]);
    expect(await trail({ targetId: id, action: 'reviseInsight' })).toEqual([
      { actorId: w.id('employee', 'alice'), action: 'reviseInsight', targetId: id, outcome: 'SUCCEEDED', code: null },
    ]);
  });

  it('records a mutation sent with a forged token as REFUSED, UNAUTHENTICATED, with no actor', async () => {
    const target = w.id('customer', 'bolt');
    const forged = await s.gql(
      `mutation { updateCustomer(input: { id: "${target}", lifecycleStage: CHURNED }) { id } }`,
      {},
      `${alice.slice(0, -4)}AAAA`,
    );
    expect([forged.status, forged.errors?.[0].extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await s.cypher('MATCH (c:Customer {id: $id}) RETURN c.lifecycleStage AS stage', { id: target }))[0].stage).not.toBe('CHURNED');
    expect(await trail({ targetId: target })).toEqual([
      { actorId: null, action: 'updateCustomer', targetId: target, outcome: 'REFUSED', code: 'UNAUTHENTICATED' },
    ]);
    // A query with a forged token is refused the same way and recorded nowhere.
    await s.gql(`{ customer(id: "${target}") { name } }`, {}, `${alice.slice(0, -4)}AAAA`);
    expect(await trail({ targetId: target })).toHaveLength(1);
  });

  it('is for ADMIN only', async () => {
    const res = await s.gql(TRAIL, {}, alice);
    expect(res.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
  });
});
