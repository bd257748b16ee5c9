import { dataDifference, READS, type ReadParameters } from '../../bench/reads';
import { AccessRole } from '../../src/graphql/access';
import { fixtureInsight, buildWorld, type World } from '../helpers/world';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The benchmark compares each GraphQL read with a hand-written Cypher statement "for the same
 * data": this checks that they are the same data, down to the order of every list, on a world
 * built to have ties everywhere an order needs a tie-break (equal names, intensities, dates and
 * revenues). `npm run bench` runs the same check on the `10k` set before it measures.
 */
let s: TestServer;
let w: World;
let token: string;
let params: ReadParameters;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph, (world) => {
    const k = (key: string) => `${world.prefix}-${key}`;
    const d = world.data;
    // A second Alice with the same name as the first: owners and authors tie on their name.
    d.employees.push({ ...d.employees[0], key: k('alice2'), email: `${world.prefix}.alice2@example.com` });
    d.customers.push({
      ...d.customers[0],
      key: k('tied'),
      name: `${world.prefix} Tied Transport`,
      ownerKeys: [k('alice'), k('alice2'), k('bob')],
      revenue: 120000,
    });
    // Needs held with one intensity, titles in both cases (a case-sensitive and a case-blind order differ).
    for (const [n, title] of ['banana crates', 'Apple pallets', 'cherry boxes'].entries()) {
      d.needs.push({
        key: k(`need${n}`),
        title: `${title} ${world.prefix}`,
        description: 'd',
        kind: 'FUNCTIONAL',
        priority: 'LOW',
        status: 'OPEN',
        customers: [{ customerKey: k('tied'), since: '2025-01-01T00:00:00Z', intensity: 0.5 }],
        topicNames: [],
        createdAt: '2025-01-01T00:00:00Z',
      });
    }
    // 12 interactions, in pairs at the same time (the 10th and 11th newest tie), each with two needs.
    for (let i = 0; i < 12; i++) {
      d.interactions.push({
        key: k(`ti${i}`),
        externalId: k(`ti${i}`),
        customerKey: k('tied'),
        handlerKey: i % 2 ? k('alice') : k('alice2'),
        channel: 'CHAT',
        touchpoint: 'ONBOARDING',
        direction: 'INBOUND',
        occurredAt: `2025-06-${String(10 + Math.floor(i / 2)).padStart(2, '0')}T09:00:00Z`,
        summary: `Chat ${i}`,
        content: '',
        sentiment: i % 3 === 0 ? null : 0.25,
        expectedQuality: 3,
        perceivedQuality: 3,
        needKeys: [k('need0'), k('need1')],
        topicNames: [],
      } as (typeof d.interactions)[number]);
    }
    // 6 insights created at one time, each with 4 annotations written at one time by namesakes.
    for (let i = 0; i < 6; i++) {
      d.insights.push(
        fixtureInsight(world, `tins${i}`, {
          aboutCustomerKeys: [k('tied')],
          authorKey: i % 2 ? k('alice') : k('alice2'),
          createdAt: '2025-07-01T00:00:00Z',
          annotations: [0, 1, 2, 3].map((a) => ({
            authorKey: a % 2 ? k('alice') : k('alice2'),
            kind: 'COMMENT',
            body: `note ${a}`,
            createdAt: '2025-07-02T00:00:00Z',
          })),
        }),
      );
    }
  });
  token = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  params = {
    customerIds: [w.id('customer', 'tied'), w.id('customer', 'acme'), w.id('customer', 'bolt'), w.id('customer', 'dana')],
    searchTerms: [w.prefix, 'Transport', 'nobody-is-called-this'],
    stageSets: [['ACTIVE'], ['AT_RISK'], ['ACTIVE', 'AT_RISK'], ['PROSPECT', 'CHURNED']],
    interactionFilters: [
      { channels: ['CHAT'], touchpoints: ['ONBOARDING'], occurredAfter: '2025-01-01T00:00:00Z' },
      { channels: ['PHONE', 'EMAIL'], touchpoints: ['SUPPORT', 'BILLING'], occurredAfter: '2024-01-01T00:00:00Z' },
    ],
  };
});
afterAll(() => s.close());

/** Both answers of a read for its i-th parameters, and where they differ (null: nowhere). */
async function both(name: string, i: number) {
  const read = READS.find((r) => r.name === name)!;
  const res = await s.gql(read.graphql, read.variables(params, i), token);
  expect(res.errors).toBeUndefined();
  const rows = await s.cypher(read.cypher, read.params(params, i));
  return { data: res.data, difference: dataDifference(read, res.data, rows) };
}

it('customer 360: raw Cypher returns what GraphQL returns, ties and all', async () => {
  const tied = await both('customer 360', 0);
  expect(tied.difference).toBeNull();
  const c = tied.data.customer;
  // The comparison saw full lists, not empty ones.
  expect(c.owners.map((o: { name: string }) => o.name)).toEqual([
    `${w.prefix} Alice Author`,
    `${w.prefix} Alice Author`,
    `${w.prefix} Bob Reviewer`,
  ]);
  expect(c.heldNeeds).toHaveLength(3);
  expect(c.interactions.edges).toHaveLength(10);
  expect(c.interactions.edges[0].node.needs).toHaveLength(2);
  expect(c.insights.edges).toHaveLength(5);
  expect(c.insights.edges[0].node.annotations.edges).toHaveLength(3);
  for (const i of [1, 2, 3]) expect((await both('customer 360', i)).difference).toBeNull();
});

it('page of 50 customers: the same customers in the same order, total and next page', async () => {
  for (const i of [0, 1, 2, 3]) {
    const { data, difference } = await both('page of 50 customers', i);
    expect(difference).toBeNull();
    if (i === 0) expect(data.customers.edges.length).toBeGreaterThan(2);
  }
});

it('filtered interactions: the same page, total and next page', async () => {
  const chat = await both('filtered interactions', 0);
  expect(chat.difference).toBeNull();
  expect(chat.data.interactions.totalCount).toBeGreaterThanOrEqual(12);
  expect((await both('filtered interactions', 1)).difference).toBeNull();
});

it('search customers by name: the same matches, total included', async () => {
  for (const i of [0, 1, 2]) expect((await both('search customers by name', i)).difference).toBeNull();
  expect((await both('search customers by name', 0)).data.customers.totalCount).toBe(4);
});

it('a difference is reported with its path and both values', () => {
  const read = READS.find((r) => r.name === 'search customers by name')!;
  const graphql = { customers: { totalCount: 2, edges: [{ node: { id: 'a', name: 'A', lifecycleStage: 'ACTIVE', revenue: 1 } }] } };
  const raw = { totalCount: 2, customers: [{ id: 'a', name: 'A', lifecycleStage: 'ACTIVE', revenue: 2 }] };
  expect(dataDifference(read, graphql, [raw])).toBe('data.customers.edges[0].node.revenue: GraphQL 1, raw 2');
  expect(dataDifference(read, graphql, [{ ...raw, customers: [] }])).toBe('data.customers.edges: GraphQL has 1 items, raw 0');
  expect(dataDifference(read, graphql, [raw, raw])).toBe('the raw statement returned 2 rows instead of 1');
});

it("the peer's answer is compared in the shape of Rapport's, date-times to the millisecond", () => {
  const search = READS.find((r) => r.name === 'search customers by name')!;
  const raw = { totalCount: 2, customers: [{ id: 'a', name: 'A', lifecycleStage: 'ACTIVE', revenue: 2 }] };
  const peer = { customersConnection: { totalCount: 2, edges: [{ node: { id: 'a', name: 'A', lifecycleStage: 'ACTIVE', revenue: 1 } }] } };
  expect(dataDifference(search, peer, [raw], 'peer')).toBe('data.customers.edges[0].node.revenue: the peer 1, raw 2');

  const interactions = READS.find((r) => r.name === 'filtered interactions')!;
  const node = { id: 'i', channel: 'CHAT', summary: 's', sentiment: null };
  const rawRow = (occurredAt: string) => ({
    totalCount: 1,
    hasNextPage: false,
    interactions: [{ ...node, occurredAt, customer: { name: 'C' }, handler: null }],
  });
  const peerData = (occurredAt: string) => ({
    interactionsConnection: {
      totalCount: 1,
      pageInfo: { hasNextPage: false, endCursor: 'x' },
      edges: [{ node: { ...node, occurredAt, customer: [{ name: 'C' }], handler: [] } }],
    },
  });
  expect(dataDifference(interactions, peerData('2025-06-10T09:00:00.120Z'), [rawRow('2025-06-10T09:00:00.12Z')], 'peer')).toBeNull();
  expect(dataDifference(interactions, peerData('2025-06-10T09:00:00.120001Z'), [rawRow('2025-06-10T09:00:00.12Z')], 'peer')).toBe(
    'data.interactions.edges[0].node.occurredAt: the peer "2025-06-10T09:00:00.120001Z", raw "2025-06-10T09:00:00.120Z"',
  );
});
