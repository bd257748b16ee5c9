import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, fixtureInsight, type World } from '../helpers/world';

/**
 * `Insight.history`: every change keeps the version it replaces, in the same transaction, and the
 * API shows the versions newest first, each with who wrote it and what change made it.
 */

let s: TestServer;
let w: World;
let P: string;
let alice: string;
let bob: string;
let carolAdmin: string;
let vic: string;
let ALICE: { id: string; name: string };
let BOB: { id: string; name: string };
let CAROL: { id: string; name: string };
// The customer the erasure tests erase, and what identifies them.
let NAME: string;
let EMAIL: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph, (world) => {
    const p = world.prefix;
    const k = (x: string) => `${p}-${x}`;
    NAME = `${p} Ingrid Vestby`;
    EMAIL = `ingrid.${p}@vestby.example`;
    world.data.customers.push({
      key: k('ingrid'),
      name: NAME,
      kind: 'PERSON',
      email: EMAIL,
      lifecycleStage: 'ACTIVE',
      relationshipType: 'COLLABORATIVE',
      revenue: 100,
      costToServe: 10,
      lifetimeValue: 1000,
      consentContact: true,
      consentAnalytics: true,
      ownerKeys: [k('alice')],
      createdAt: '2025-02-01T10:00:00Z',
    });
    world.data.insights.push(
      // Written before histories were kept: version 3, nothing kept.
      fixtureInsight(world, 'legacy', {
        title: `${p} legacy`,
        body: 'Old body.',
        version: 3,
        confidence: 0.3,
        updatedAt: '2025-06-03T00:00:00Z',
      }),
      fixtureInsight(world, 'race'),
      fixtureInsight(world, 'batch1'),
      fixtureInsight(world, 'batch2'),
      fixtureInsight(world, 'batch3'),
    );
  });
  P = w.prefix;
  alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  bob = await s.token(w.id('employee', 'bob'), [AccessRole.ANALYST]);
  carolAdmin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
  vic = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
  ALICE = { id: w.id('employee', 'alice'), name: `${P} Alice Author` };
  BOB = { id: w.id('employee', 'bob'), name: `${P} Bob Reviewer` };
  CAROL = { id: w.id('employee', 'carol'), name: `${P} Carol Admin` };
});
afterAll(() => s.close());

const VERSION_FIELDS = 'version title body confidence status validUntil at by { id name } change current';
const HISTORY = `query($id: ID!, $first: Int) {
  insight(id: $id) { id version createdAt updatedAt history(first: $first) { ${VERSION_FIELDS} } }
}`;
const PROPOSE = `mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id version } }`;
const REVISE = `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { id version } }`;
const status = (name: string) => `mutation($input: ChangeInsightStatusInput!) { ${name}(input: $input) { id version status } }`;
const ERASE = `mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) { insightsArchived propertiesScrubbed } }`;

async function ok(query: string, variables: Record<string, unknown>, token: string) {
  const res = await s.gql(query, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data;
}

async function propose(title: string, token: string, over: Record<string, unknown> = {}): Promise<string> {
  const data = await ok(
    PROPOSE,
    { input: { title, body: 'First body.', origin: 'FROM_CUSTOMER', confidence: 0.6, customerIds: [w.id('customer', 'acme')], ...over } },
    token,
  );
  return data.proposeInsight.id;
}

async function history(id: string, token = vic, first?: number) {
  const data = await ok(HISTORY, { id, first }, token);
  return data.insight;
}

/** The versions kept in the graph for one insight, oldest first. */
async function kept(id: string) {
  return s.cypher(
    `MATCH (:Insight {id: $id})-[:HAD_VERSION]->(v:InsightVersion)
     RETURN v.version AS version, v.changeKind AS change, v.changedById AS by ORDER BY version`,
    { id },
  );
}

/** A version as the API shows it, with `at` left out (checked on its own). */
const shown = (v: Record<string, unknown>) => {
  const { at: _at, ...rest } = v;
  return rest;
};

describe('Insight.history', () => {
  let id: string;
  let title: string;

  beforeAll(async () => {
    title = `${P} Drivers want offline maps`;
    id = await propose(title, alice);
    await ok(REVISE, { input: { id, expectedVersion: 1, title: `${title} (confirmed)`, confidence: 0.7 } }, alice);
    await ok(REVISE, { input: { id, expectedVersion: 2, body: 'Second body.', validUntil: '2099-01-01T00:00:00.000Z' } }, carolAdmin);
    await ok(status('validateInsight'), { input: { id, expectedVersion: 3 } }, bob);
  });

  it('shows every version newest first, each with who wrote it and what change made it', async () => {
    const ins = await history(id);
    expect(ins.version).toBe(4);
    expect(ins.history.map(shown)).toEqual([
      {
        version: 4,
        title: `${title} (confirmed)`,
        body: 'Second body.',
        confidence: 0.7,
        status: 'VALIDATED',
        validUntil: '2099-01-01T00:00:00.000Z',
        by: BOB,
        change: 'VALIDATED',
        current: true,
      },
      {
        version: 3,
        title: `${title} (confirmed)`,
        body: 'Second body.',
        confidence: 0.7,
        status: 'PROPOSED',
        validUntil: '2099-01-01T00:00:00.000Z',
        by: CAROL,
        change: 'REVISED',
        current: false,
      },
      {
        version: 2,
        title: `${title} (confirmed)`,
        body: 'First body.',
        confidence: 0.7,
        status: 'PROPOSED',
        validUntil: null,
        by: ALICE,
        change: 'REVISED',
        current: false,
      },
      {
        version: 1,
        title,
        body: 'First body.',
        confidence: 0.6,
        status: 'PROPOSED',
        validUntil: null,
        by: ALICE,
        change: null,
        current: false,
      },
    ]);
    // When each version was written: version 1 when the insight was, the current one at its last change, strictly in order.
    const at = ins.history.map((v: { at: string }) => Date.parse(v.at));
    expect(ins.history[0].at).toBe(ins.updatedAt);
    expect(ins.history[3].at).toBe(ins.createdAt);
    expect(at[0]).toBeGreaterThan(at[1]);
    expect(at[1]).toBeGreaterThan(at[2]);
    expect(at[2]).toBeGreaterThan(at[3]);
    // In the graph: the three replaced versions, each with the change that replaced it.
    expect(await kept(id)).toEqual([
      { version: 1, change: 'REVISED', by: ALICE.id },
      { version: 2, change: 'REVISED', by: CAROL.id },
      { version: 3, change: 'VALIDATED', by: BOB.id },
    ]);
  });

  it('keeps nothing when a change is refused: a stale version (CONFLICT), a non-author (FORBIDDEN), the loser of a race', async () => {
    const before = await history(id);
    const stale = await s.gql(REVISE, { input: { id, expectedVersion: 3, title: `${P} lost update` } }, alice);
    expect(stale.errors?.[0].extensions).toEqual({ code: 'CONFLICT', currentVersion: 4 });
    const forbidden = await s.gql(REVISE, { input: { id, expectedVersion: 4, title: `${P} not mine` } }, bob);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const selfReview = await s.gql(status('refuteInsight'), { input: { id } }, alice);
    expect(selfReview.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await history(id)).toEqual(before);
    expect(await kept(id)).toHaveLength(3);

    const race = w.id('insight', 'race');
    const results = await Promise.all([
      s.gql(REVISE, { input: { id: race, expectedVersion: 1, title: `${P} race by alice` } }, alice),
      s.gql(REVISE, { input: { id: race, expectedVersion: 1, title: `${P} race by carol` } }, carolAdmin),
    ]);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(1);
    const winner = results[0].errors ? CAROL : ALICE;
    expect((await history(race)).history.map(shown)).toEqual([
      {
        version: 2,
        title: `${P} race by ${winner === ALICE ? 'alice' : 'carol'}`,
        body: 'Body of race.',
        confidence: 0.5,
        status: 'PROPOSED',
        validUntil: null,
        by: winner,
        change: 'REVISED',
        current: true,
      },
      {
        version: 1,
        title: `${P} fixture race`,
        body: 'Body of race.',
        confidence: 0.5,
        status: 'PROPOSED',
        validUntil: null,
        by: ALICE,
        change: null,
        current: false,
      },
    ]);
    expect(await kept(race)).toEqual([{ version: 1, change: 'REVISED', by: winner.id }]);
  });

  it('gives the first `first` versions, the current one included; `by` and `change` of the last still known', async () => {
    const all = (await history(id)).history;
    expect((await history(id, vic, 2)).history).toEqual(all.slice(0, 2));
    expect((await history(id, vic, 2)).history[1]).toMatchObject({ version: 3, by: CAROL, change: 'REVISED' });
    expect((await history(id, vic, 1)).history).toEqual(all.slice(0, 1));
    expect((await history(id, vic, 0)).history).toEqual([]);
    expect((await history(id, vic, 100)).history).toEqual(all);
    // Default: 20.
    expect((await ok(`query($id: ID!) { insight(id: $id) { history { version } } }`, { id }, vic)).insight.history).toEqual([
      { version: 4 },
      { version: 3 },
      { version: 2 },
      { version: 1 },
    ]);
  });

  it('refuses `first` outside 0 to 100 with BAD_USER_INPUT', async () => {
    for (const first of [101, -1]) {
      const res = await s.gql(HISTORY, { id, first }, vic);
      expect(res.errors).toHaveLength(1);
      expect(res.errors?.[0]).toMatchObject({
        message: `\`first\` must be between 0 and 100; got ${first}.`,
        path: ['insight', 'history'],
        extensions: { code: 'BAD_USER_INPUT', field: 'first' },
      });
      expect(res.data).toEqual({ insight: null });
    }
  });

  it('records submitting a draft as PROPOSED and archiving as ARCHIVED', async () => {
    const draft = await propose(`${P} A draft`, alice, { draft: true });
    await ok(status('submitInsight'), { input: { id: draft, expectedVersion: 1 } }, alice);
    await ok(status('archiveInsight'), { input: { id: draft } }, carolAdmin);
    expect((await history(draft)).history.map((v: any) => [v.version, v.status, v.change, v.by?.id ?? null, v.current])).toEqual([
      [3, 'ARCHIVED', 'ARCHIVED', CAROL.id, true],
      [2, 'PROPOSED', 'PROPOSED', ALICE.id, false],
      [1, 'DRAFT', null, ALICE.id, false],
    ]);
  });

  it('keeps the version a supersede archives, by whoever superseded it', async () => {
    const old = await propose(`${P} Old view`, alice);
    const newer = await propose(`${P} New view`, carolAdmin, { supersedesId: old });
    expect((await history(old)).history.map(shown)).toEqual([
      {
        version: 2,
        title: `${P} Old view`,
        body: 'First body.',
        confidence: 0.6,
        status: 'ARCHIVED',
        validUntil: null,
        by: CAROL,
        change: 'ARCHIVED',
        current: true,
      },
      {
        version: 1,
        title: `${P} Old view`,
        body: 'First body.',
        confidence: 0.6,
        status: 'PROPOSED',
        validUntil: null,
        by: ALICE,
        change: null,
        current: false,
      },
    ]);
    expect((await history(newer)).history.map(shown)).toEqual([
      {
        version: 1,
        title: `${P} New view`,
        body: 'First body.',
        confidence: 0.6,
        status: 'PROPOSED',
        validUntil: null,
        by: CAROL,
        change: null,
        current: true,
      },
    ]);
  });

  it('leaves out the versions that were never kept, and does not guess who wrote the one after them', async () => {
    const legacy = w.id('insight', 'legacy');
    expect((await history(legacy)).history).toEqual([
      {
        version: 3,
        title: `${P} legacy`,
        body: 'Old body.',
        confidence: 0.3,
        status: 'PROPOSED',
        validUntil: null,
        at: '2025-06-03T00:00:00.000Z',
        by: null,
        change: null,
        current: true,
      },
    ]);
    await ok(REVISE, { input: { id: legacy, expectedVersion: 3, confidence: 0.35 } }, alice);
    expect((await history(legacy)).history.map(shown)).toEqual([
      {
        version: 4,
        title: `${P} legacy`,
        body: 'Old body.',
        confidence: 0.35,
        status: 'PROPOSED',
        validUntil: null,
        by: ALICE,
        change: 'REVISED',
        current: true,
      },
      {
        version: 3,
        title: `${P} legacy`,
        body: 'Old body.',
        confidence: 0.3,
        status: 'PROPOSED',
        validUntil: null,
        by: null,
        change: null,
        current: false,
      },
    ]);
    expect((await history(legacy)).history[1].at).toBe('2025-06-03T00:00:00.000Z');
  });

  it('is read in one statement for a whole page of insights, employees included', async () => {
    const ids = ['batch1', 'batch2', 'batch3'].map((k) => w.id('insight', k));
    for (const i of ids) await ok(REVISE, { input: { id: i, expectedVersion: 1, confidence: 0.9 } }, alice);
    const LIST = `query($t: String!, $n: Int!, $h: Boolean!) {
      insights(filter: { titleContains: $t }, first: $n) { edges { node { id history @include(if: $h) { version by { name } change } } } }
    }`;
    const statements = async (n: number, h: boolean) => {
      const before = s.statements();
      const data = await ok(LIST, { t: `${P} fixture batch`, n, h }, vic);
      return { count: s.statements() - before, edges: data.insights.edges };
    };
    const one = await statements(1, true);
    const three = await statements(3, true);
    const without = await statements(3, false);
    expect(three.edges).toHaveLength(3);
    for (const e of three.edges) {
      expect(e.node.history).toEqual([
        { version: 2, by: { name: ALICE.name }, change: 'REVISED' },
        { version: 1, by: { name: ALICE.name }, change: null },
      ]);
    }
    expect(three.count).toBe(one.count);
    expect(three.count).toBe(without.count + 1);
  });
});

describe('erasure and history', () => {
  let solo: string;
  let pair: string;
  let named: string;
  let other: string;
  let receipt: { insightsArchived: number; propertiesScrubbed: number };

  beforeAll(async () => {
    const ingrid = w.id('customer', 'ingrid');
    const acme = w.id('customer', 'acme');
    // About the customer alone, naming them in every version.
    solo = await propose(`${NAME} wants early deliveries`, alice, { customerIds: [ingrid], body: `Write to ${EMAIL} first.` });
    await ok(REVISE, { input: { id: solo, expectedVersion: 1, body: `${NAME} asked twice.` } }, alice);
    // About the customer and Acme; named only in its first version.
    pair = await propose(`${P} Acme contacts want routing`, alice, { customerIds: [ingrid, acme], body: `${NAME} said so.` });
    await ok(REVISE, { input: { id: pair, expectedVersion: 1, body: 'A contact said so.' } }, alice);
    // About the customer and Acme; named now and before (the scrub rewrites it).
    named = await propose(`${P} Acme wants invoices by mail`, alice, { customerIds: [ingrid, acme], body: `Ask ${NAME}.` });
    await ok(REVISE, { input: { id: named, expectedVersion: 1, body: `Ask ${NAME} or the dispatcher.` } }, alice);
    // Not about them at all: its history stays.
    other = await propose(`${P} Acme pays late`, alice);
    await ok(REVISE, { input: { id: other, expectedVersion: 1, confidence: 0.8 } }, alice);
    expect(await kept(solo)).toHaveLength(1);
    expect(await kept(pair)).toHaveLength(1);
    expect(await kept(named)).toHaveLength(1);
    receipt = (await ok(ERASE, { input: { customerId: ingrid } }, carolAdmin)).eraseCustomer;
  });

  it('keeps the versions of the insights it rewrites, with who made each change, and scrubs their text (an insight about the customer alone: redacted)', async () => {
    // solo: its text and its kept version's (both redacted: 4); pair: its kept version's body; named: its body and its kept version's.
    expect(receipt).toEqual({ insightsArchived: 1, propertiesScrubbed: 7 });
    const REDACTED = {
      title: 'Insight about an erased customer',
      body: 'The text of this insight named a customer who has since been erased.',
    };
    // The rewrite itself keeps no copy of the text it replaced (it named the customer): version 2 of solo and named is not shown.
    expect((await history(solo)).history.map(shown)).toEqual([
      { version: 3, ...REDACTED, confidence: 0.6, status: 'ARCHIVED', validUntil: null, by: null, change: null, current: true },
      { version: 1, ...REDACTED, confidence: 0.6, status: 'PROPOSED', validUntil: null, by: ALICE, change: null, current: false },
    ]);
    expect((await history(pair)).history.map(shown)).toEqual([
      {
        version: 2,
        title: `${P} Acme contacts want routing`,
        body: 'A contact said so.',
        confidence: 0.6,
        status: 'PROPOSED',
        validUntil: null,
        by: ALICE,
        change: 'REVISED',
        current: true,
      },
      {
        version: 1,
        title: `${P} Acme contacts want routing`,
        body: '[erased] said so.',
        confidence: 0.6,
        status: 'PROPOSED',
        validUntil: null,
        by: ALICE,
        change: null,
        current: false,
      },
    ]);
    expect((await history(named)).history.map(shown)).toEqual([
      {
        version: 3,
        title: `${P} Acme wants invoices by mail`,
        body: 'Ask [erased] or the dispatcher.',
        confidence: 0.6,
        status: 'PROPOSED',
        validUntil: null,
        by: null,
        change: null,
        current: true,
      },
      {
        version: 1,
        title: `${P} Acme wants invoices by mail`,
        body: 'Ask [erased].',
        confidence: 0.6,
        status: 'PROPOSED',
        validUntil: null,
        by: ALICE,
        change: null,
        current: false,
      },
    ]);
    // Who revised each is still known: four eyes holds after an erasure.
    for (const id of [solo, pair, named]) expect(await kept(id)).toEqual([{ version: 1, change: 'REVISED', by: ALICE.id }]);
  });

  it('keeps the history of insights that never named the customer', async () => {
    expect((await history(other)).history.map((v: any) => [v.version, v.confidence, v.change, v.by?.id ?? null])).toEqual([
      [2, 0.8, 'REVISED', ALICE.id],
      [1, 0.6, null, ALICE.id],
    ]);
  });

  it('leaves the erased values nowhere in any history, nor in any kept version', async () => {
    for (const insight of [solo, pair, named, other]) {
      const text = JSON.stringify(await history(insight, carolAdmin)).toLowerCase();
      expect(text).not.toContain(NAME.toLowerCase());
      expect(text).not.toContain(EMAIL.toLowerCase());
    }
    const left = await s.cypher(
      `MATCH (v:InsightVersion) WHERE any(x IN $needles WHERE toLower(v.title) CONTAINS x OR toLower(v.body) CONTAINS x) RETURN count(v) AS n`,
      { needles: [NAME.toLowerCase(), EMAIL.toLowerCase()] },
    );
    expect(left).toEqual([{ n: 0 }]);
  });
});
