import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';
import { AccessRole } from '../../src/graphql/access';

let s: TestServer;
let w: World;
let analyst: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
});
afterAll(() => s.close());

const CUSTOMER_360 = `query($id: ID!) {
  customer(id: $id) {
    id name kind email phone lifecycleStage relationshipType revenue costToServe lifetimeValue profitability
    segment { name }
    owners { name }
    contacts { totalCount edges { node { name organization { name } } } }
    referredBy { name }
    needs { totalCount edges { node { title kind priority status } } }
    interactions(first: 1) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { summary channel touchpoint qualityGap handler { name } needs { title } topics { name } } } }
    insights { totalCount edges { node { title status author { name } } } }
  }
}`;

describe('customer queries', () => {
  it('serves a customer 360 with nested relationships', async () => {
    const res = await s.gql(CUSTOMER_360, { id: w.id('customer', 'acme') }, analyst);
    expect(res.errors).toBeUndefined();
    const p = w.prefix;
    expect(res.data.customer).toEqual({
      id: w.id('customer', 'acme'),
      name: `${p} Acme Freight`,
      kind: 'ORGANIZATION',
      email: 'ops@acme.example',
      phone: null,
      lifecycleStage: 'ACTIVE',
      relationshipType: 'COLLABORATIVE',
      revenue: 120000,
      costToServe: 30000,
      lifetimeValue: 600000,
      profitability: 90000,
      segment: { name: `${p} Logistics` },
      owners: [{ name: `${p} Alice Author` }],
      contacts: { totalCount: 1, edges: [{ node: { name: `${p} Dana Contact`, organization: { name: `${p} Acme Freight` } } }] },
      referredBy: null,
      needs: { totalCount: 1, edges: [{ node: { title: 'Plan routes offline', kind: 'FUNCTIONAL', priority: 'HIGH', status: 'OPEN' } }] },
      interactions: {
        totalCount: 2,
        pageInfo: { hasNextPage: true, hasPreviousPage: false },
        edges: [
          {
            node: {
              summary: 'Invoice sent',
              channel: 'EMAIL',
              touchpoint: 'BILLING',
              qualityGap: 0,
              handler: { name: `${p} Bob Reviewer` },
              needs: [],
              topics: [],
            },
          },
        ],
      },
      insights: {
        totalCount: 1,
        edges: [{ node: { title: `${p} Acme needs offline routing`, status: 'PROPOSED', author: { name: `${p} Alice Author` } } }],
      },
    });
  });

  it('shows how strongly and since when the customer holds each need, strongest first', async () => {
    await s.cypher(
      `MATCH (c:Customer {id: $c}) CREATE (n:Need {id: $n, title: 'Weekly usage report', description: '', kind: 'SOCIAL', priority: 'LOW', status: 'OPEN', createdAt: datetime(), updatedAt: datetime()})
       CREATE (c)-[:HAS_NEED {intensity: 0.3}]->(n)`,
      { c: w.id('customer', 'acme'), n: `${w.prefix}-report` },
    );
    const res = await s.gql(
      `query($id: ID!) { customer(id: $id) { heldNeeds { need { title } intensity since } } }`,
      { id: w.id('customer', 'acme') },
      analyst,
    );
    expect(res.data.customer.heldNeeds).toEqual([
      { need: { title: 'Plan routes offline' }, intensity: 0.8, since: '2025-04-01T00:00:00.000Z' },
      { need: { title: 'Weekly usage report' }, intensity: 0.3, since: null },
    ]);
  });

  it('returns null for an unknown id, without an error', async () => {
    const res = await s.gql('query { customer(id: "no-such-id") { id } }', {}, analyst);
    expect(res).toEqual({ status: 200, data: { customer: null } });
  });

  it('filters, orders and paginates customers with stable cursors', async () => {
    const q = `query($f: CustomerFilter, $after: String) {
      customers(filter: $f, first: 1, after: $after, orderBy: { field: REVENUE, direction: DESC }) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { name revenue } }
      }
    }`;
    const filter = { segmentId: w.id('segment', 'seg') };
    const page1 = await s.gql(q, { f: filter }, analyst);
    expect(page1.data.customers.totalCount).toBe(2);
    expect(page1.data.customers.edges.map((e: any) => e.node.name)).toEqual([`${w.prefix} Acme Freight`]);
    expect(page1.data.customers.pageInfo.hasNextPage).toBe(true);
    const page2 = await s.gql(q, { f: filter, after: page1.data.customers.pageInfo.endCursor }, analyst);
    expect(page2.data.customers.edges.map((e: any) => e.node.name)).toEqual([`${w.prefix} Bolt Couriers`]);
    expect(page2.data.customers.pageInfo.hasNextPage).toBe(false);

    const atRisk = await s.gql(q, { f: { nameContains: w.prefix.toUpperCase(), lifecycleStages: ['AT_RISK'] } }, analyst);
    expect(atRisk.data.customers.edges.map((e: any) => e.node.name)).toEqual([`${w.prefix} Bolt Couriers`]);
    const owned = await s.gql(q, { f: { ownerId: w.id('employee', 'bob') } }, analyst);
    expect(owned.data.customers.edges.map((e: any) => e.node.name)).toEqual([`${w.prefix} Bolt Couriers`]);
    const withNeed = await s.gql(q, { f: { hasNeedId: w.id('need', 'offline') } }, analyst);
    expect(withNeed.data.customers.edges.map((e: any) => e.node.name)).toEqual([`${w.prefix} Acme Freight`]);
  });

  it('refuses a page larger than 100 and a forged cursor', async () => {
    const big = await s.gql('query { customers(first: 101) { totalCount } }', {}, analyst);
    expect(big.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(big.errors?.[0].message).toBe('`first` must be between 0 and 100; got 101.');
    const forged = await s.gql('query { customers(after: "not-a-cursor") { totalCount } }', {}, analyst);
    expect(forged.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('takes first: null (a variable or a literal) as the default page, at the top and nested; an empty after is a bad cursor', async () => {
    const q = (first: string) =>
      `query(${first.includes('$n') ? '$n: Int, ' : ''}$id: ID!) { customers${first} { edges { cursor } } customer(id: $id) { interactions${first} { edges { cursor } } } }`;
    const id = w.id('customer', 'acme');
    const omitted = await s.gql(q(''), { id }, analyst);
    expect(omitted.errors).toBeUndefined();
    expect(omitted.data.customers.edges.length).toBeGreaterThan(0);
    expect(omitted.data.customer.interactions.edges.length).toBeGreaterThan(0);
    for (const first of ['(first: $n)', '(first: null)']) {
      const res = await s.gql(q(first), first.includes('$n') ? { n: null, id } : { id }, analyst);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual(omitted.data);
    }
    const empty = await s.gql('query { customers(first: 1, after: "") { totalCount } }', {}, analyst);
    expect(empty.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    const emptySearch = await s.gql('query { search(query: "acme", after: "") { totalCount } }', {}, analyst);
    expect(emptySearch.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('refuses a cursor of another order or another list, rather than answering a page from the wrong place', async () => {
    const page = (orderBy: string, after?: string) =>
      s.gql(
        `query($a: String) { customers(first: 1, after: $a, orderBy: ${orderBy}) { edges { node { name } } pageInfo { endCursor } } }`,
        { a: after ?? null },
        analyst,
      );
    const byCreation = (await page('{ field: CREATED_AT, direction: ASC }')).data.customers.pageInfo.endCursor;
    // Its own order takes it ...
    expect((await page('{ field: CREATED_AT, direction: ASC }', byCreation)).errors).toBeUndefined();
    // ... another field or direction does not.
    const refusal = {
      message: 'The cursor given in `after` is not valid; use a cursor returned by this list, in the same order.',
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    };
    expect((await page('{ field: NAME, direction: ASC }', byCreation)).errors).toEqual([expect.objectContaining(refusal)]);
    expect((await page('{ field: CREATED_AT, direction: DESC }', byCreation)).errors).toEqual([expect.objectContaining(refusal)]);
    const needCursor = (
      await s.gql(`{ needs(first: 1, orderBy: { field: TITLE, direction: ASC }) { pageInfo { endCursor } } }`, {}, analyst)
    ).data.needs.pageInfo.endCursor;
    expect((await page('{ field: NAME, direction: ASC }', needCursor)).errors).toEqual([expect.objectContaining(refusal)]);
  });

  it('needs a token, and refuses a forged one', async () => {
    const anonymous = await s.gql('query { customers { totalCount } }');
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeNull();
    const forged = await s.gql('query { customers { totalCount } }', {}, analyst.slice(0, -4) + 'AAAA');
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
