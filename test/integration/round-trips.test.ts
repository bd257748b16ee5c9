import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * No N+1: the number of Cypher statements a request sends never grows with the number of results.
 * A page and what is selected beneath it is one statement (look-ahead); what is not looked ahead
 * costs one statement per level. Counted on the server's own gateway.
 */
let s: TestServer;
let w: World;
let token: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph, (world) => {
    const k = (key: string) => `${world.prefix}-${key}`;
    for (let c = 0; c < 60; c++) {
      world.data.customers.push({
        key: k(`bulk-${c}`),
        name: `${world.prefix} Bulk ${String(c).padStart(2, '0')}`,
        kind: 'ORGANIZATION',
        lifecycleStage: 'ACTIVE',
        relationshipType: 'TRANSACTIONAL',
        revenue: 1000 + c,
        costToServe: 100,
        lifetimeValue: 5000,
        consentContact: true,
        consentAnalytics: true,
        segmentKey: k('seg'),
        ownerKeys: [k('alice')],
        createdAt: '2025-01-01T00:00:00Z',
      });
      for (let i = 0; i < 3; i++) {
        world.data.interactions.push({
          key: k(`bulk-${c}-${i}`),
          externalId: k(`bulk-${c}-${i}`),
          customerKey: k(`bulk-${c}`),
          handlerKey: i % 2 ? k('bob') : k('alice'),
          channel: 'EMAIL',
          touchpoint: 'SUPPORT',
          direction: 'INBOUND',
          occurredAt: `2025-0${i + 1}-15T10:00:00Z`,
          summary: `Mail ${i}`,
          content: '',
          sentiment: 0,
          expectedQuality: 3,
          perceivedQuality: 3,
          needKeys: [k('offline')],
          topicNames: [],
        });
      }
      world.data.insights.push({
        key: k(`bulk-ins-${c}`),
        title: `${world.prefix} Insight ${c}`,
        body: 'b',
        origin: 'ABOUT_CUSTOMER',
        status: 'PROPOSED',
        confidence: 0.5,
        version: 1,
        authorKey: k('alice'),
        aboutCustomerKeys: [k(`bulk-${c}`)],
        aboutNeedKeys: [],
        aboutSegmentKeys: [],
        evidenceKeys: [k(`bulk-${c}-0`)],
        topicNames: [],
        createdAt: '2025-05-01T00:00:00Z',
        updatedAt: '2025-05-01T00:00:00Z',
        annotations: [
          { authorKey: k('bob'), kind: 'COMMENT', body: 'c1', createdAt: '2025-05-02T00:00:00Z' },
          { authorKey: k('carol'), kind: 'ENDORSEMENT', body: 'c2', createdAt: '2025-05-03T00:00:00Z' },
        ],
      });
    }
  });
  token = await s.token(w.id('employee', 'alice'), [AccessRole.VIEWER]);
});
afterAll(() => s.close());

const INTERACTIONS = `query($f: CustomerFilter, $n: Int) {
  customers(filter: $f, first: $n) { edges { node { name interactions(first: 5) { edges { node { summary handler { name } needs { title } } } } } } }
}`;
const INSIGHTS = `query($f: CustomerFilter, $n: Int) {
  customers(filter: $f, first: $n) { edges { node { name insights { edges { node { title author { name } annotations { edges { node { body author { name } } } } } } } } } }
}`;

async function statements(query: string, first: number) {
  const before = s.statements();
  const res = await s.gql(query, { f: { segmentId: w.id('segment', 'seg'), nameContains: 'bulk' }, n: first }, token);
  expect(res.errors).toBeUndefined();
  return { count: s.statements() - before, customers: res.data.customers.edges };
}

it('customers -> interactions -> handler and needs: the same statements for 5 and 50 customers', async () => {
  const five = await statements(INTERACTIONS, 5);
  const fifty = await statements(INTERACTIONS, 50);
  expect(five.customers).toHaveLength(5);
  expect(fifty.customers).toHaveLength(50);
  expect(fifty.customers[49].node.interactions.edges).toHaveLength(3);
  expect(fifty.customers[49].node.interactions.edges[0].node).toEqual({
    summary: 'Mail 2',
    handler: { name: `${w.prefix} Alice Author` },
    needs: [{ title: 'Plan routes offline' }],
  });
  expect(fifty.count).toBe(five.count);
  // The page of customers and everything beneath it is looked ahead: one statement.
  expect(fifty.count).toBe(1);
});

it('customers -> insights -> author and annotations -> author: the same statements for 5 and 50 customers', async () => {
  const five = await statements(INSIGHTS, 5);
  const fifty = await statements(INSIGHTS, 50);
  expect(fifty.customers).toHaveLength(50);
  const insight = fifty.customers[10].node.insights.edges[0].node;
  expect(insight).toEqual({
    title: `${w.prefix} Insight 10`,
    author: { name: `${w.prefix} Alice Author` },
    annotations: {
      edges: [
        { node: { body: 'c1', author: { name: `${w.prefix} Bob Reviewer` } } },
        { node: { body: 'c2', author: { name: `${w.prefix} Carol Admin` } } },
      ],
    },
  });
  expect(fifty.count).toBe(five.count);
  // The page of customers and everything beneath it is looked ahead: one statement.
  expect(fifty.count).toBe(1);
});

it('without look-ahead (a nested page after a cursor): one statement per level, whatever the number of results', async () => {
  const query = `query($f: CustomerFilter, $n: Int) {
    customers(filter: $f, first: $n) { edges { node { name interactions(first: 5, after: "WyIyMDI2LTAxLTAxVDAwOjAwOjAwLjAwMFoiLCJ6IiwiSW50ZXJhY3Rpb24uT0NDVVJSRURfQVQuREVTQyJd") { edges { node { summary handler { name } } } } } } }
  }`;
  const five = await statements(query, 5);
  const fifty = await statements(query, 50);
  expect(fifty.customers).toHaveLength(50);
  expect(fifty.customers[49].node.interactions.edges.map((e: any) => e.node)).toEqual([
    { summary: 'Mail 2', handler: { name: `${w.prefix} Alice Author` } },
    { summary: 'Mail 1', handler: { name: `${w.prefix} Bob Reviewer` } },
    { summary: 'Mail 0', handler: { name: `${w.prefix} Alice Author` } },
  ]);
  // customers, interactions (after the cursor), handler: 3 levels, 3 statements, for 5 or 50 customers.
  expect(fifty.count).toBe(five.count);
  expect(fifty.count).toBe(3);
});
