import { getNamedType, isLeafType, isNonNullType, isObjectType } from 'graphql';
import { AccessRole } from '../../src/graphql/access';
import { hintOf } from '../../src/graphql/lookahead';
import { buildRapportSchema } from '../../src/server/schema';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';
import { EVENT_LOG_OPERATION } from '../../src/realtime/event-log';

/**
 * Look-ahead (src/graphql/lookahead/): a node or page and what is selected beneath it come in one
 * statement, with only the properties the selection reads. Every answer must be exactly the one
 * the loaders alone give (a second server on the same graph, with look-ahead off), whatever the shape of the query: aliases,
 * fragments, the same node twice with different selections, pages with and without filters and
 * cursors, counts, computed fields, personal data for a VIEWER.
 */
let s: TestServer;
/** The same graph, served without look-ahead. */
let off: TestServer;
let w: World;
let analyst: string;
let viewer: string;

beforeAll(async () => {
  s = await startTestServer();
  off = await startTestServer({ server: { lookahead: false } });
  w = await buildWorld(s.graph, (world) => {
    const k = (key: string) => `${world.prefix}-${key}`;
    // A third interaction and a second annotation, so that pages have more than one item.
    world.data.interactions.push({
      key: k('i3'),
      externalId: `${world.prefix}-crm-3`,
      customerKey: k('acme'),
      handlerKey: k('carol'),
      channel: 'CHAT',
      touchpoint: 'PRODUCT',
      direction: 'INBOUND',
      occurredAt: '2025-06-01T09:00:00Z',
      summary: 'Feature question',
      content: 'Asked about ETAs.',
      sentiment: 0.5,
      expectedQuality: 3,
      perceivedQuality: 4,
      needKeys: [k('offline')],
      topicNames: [],
    });
    world.data.insights[0].annotations.push({
      authorKey: k('carol'),
      kind: 'COMMENT',
      body: 'Check the logs.',
      createdAt: '2025-04-04T00:00:00Z',
    });
  });
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
});
afterAll(async () => {
  await s?.close();
  await off?.close();
});

/** The query's answer and statement count with look-ahead, and its answer without. */
async function both(query: string, variables: Record<string, unknown>, token = analyst) {
  const before = s.statements();
  const on = await s.gql(query, variables, token);
  const statements = s.statements() - before;
  return { on, off: await off.gql(query, variables, token), statements };
}

const CUSTOMER_360 = `query($id: ID!) { customer(id: $id) {
  id name kind email revenue profitability consent { contact analytics } lifecycleStage
  owners { name email } segment { name } organization { name } referredBy { name }
  heldNeeds { intensity since need { title } }
  interactions(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
    occurredAt summary qualityGap handler { name } customer { name } needs { title } } } }
  insights(first: 5) { edges { node { title status author { name }
    annotations(first: 1) { totalCount pageInfo { hasNextPage } edges { node { kind body author { name } } } } } } } } }`;

it('a customer 360 is one statement, and exactly what the loaders give', async () => {
  const { on, off, statements } = await both(CUSTOMER_360, { id: w.id('customer', 'acme') });
  expect(on.errors).toBeUndefined();
  expect(on.data).toEqual(off.data);
  expect(statements).toBe(1);
  const c = on.data.customer;
  expect(c).toMatchObject({
    name: `${w.prefix} Acme Freight`,
    email: 'ops@acme.example',
    revenue: 120000,
    profitability: 90000,
    consent: { contact: true, analytics: true },
    owners: [{ name: `${w.prefix} Alice Author`, email: `${w.prefix}.alice@example.com` }],
    segment: { name: `${w.prefix} Logistics` },
    organization: null,
    referredBy: null,
    heldNeeds: [{ intensity: 0.8, since: '2025-04-01T00:00:00.000Z', need: { title: 'Plan routes offline' } }],
  });
  expect(c.interactions.totalCount).toBe(3);
  expect(c.interactions.pageInfo.hasNextPage).toBe(true);
  expect(
    c.interactions.edges.map((e: any) => [e.node.summary, e.node.qualityGap, e.node.handler.name, e.node.needs.map((n: any) => n.title)]),
  ).toEqual([
    ['Feature question', 1, `${w.prefix} Carol Admin`, ['Plan routes offline']],
    ['Invoice sent', 0, `${w.prefix} Bob Reviewer`, []],
  ]);
  const insight = c.insights.edges[0].node;
  expect(insight.annotations).toEqual({
    totalCount: 2,
    pageInfo: { hasNextPage: true },
    edges: [{ node: { kind: 'ENDORSEMENT', body: 'Heard the same.', author: { name: `${w.prefix} Bob Reviewer` } } }],
  });
});

it('the next page (after a cursor) is loaded by its resolver, a filtered page is looked ahead, with the same answers', async () => {
  const first = await s.gql(CUSTOMER_360, { id: w.id('customer', 'acme') }, analyst);
  const after = first.data.customer.interactions.pageInfo.endCursor;
  const query = `query($id: ID!, $after: String) { customer(id: $id) { name
    next: interactions(first: 2, after: $after) { edges { node { summary handler { name } } } pageInfo { hasNextPage } }
    phone: interactions(filter: { channels: [PHONE] }) { totalCount edges { node { summary } } } } }`;
  const { on, off, statements } = await both(query, { id: w.id('customer', 'acme'), after });
  expect(on.errors).toBeUndefined();
  expect(on.data).toEqual(off.data);
  expect(on.data.customer.next).toEqual({
    edges: [{ node: { summary: 'Offline routing request', handler: { name: `${w.prefix} Alice Author` } } }],
    pageInfo: { hasNextPage: false },
  });
  expect(on.data.customer.phone).toEqual({ totalCount: 1, edges: [{ node: { summary: 'Offline routing request' } }] });
  // The customer with its filtered page (1), then the next page (1), then its handlers (1).
  expect(statements).toBe(3);
});

it('filtered nested pages of every kind come in the one statement, with exactly what their resolvers give', async () => {
  const query = `query($id: ID!, $since: DateTimeISO) { customer(id: $id) { name
    chat: interactions(filter: { channels: [CHAT, EMAIL], occurredAfter: $since }) { totalCount edges { node { summary } } }
    routing: interactions(filter: { needId: "${w.id('need', 'offline')}", directions: [INBOUND] }) { totalCount edges { node { summary } } }
    byCarol: interactions(filter: { employeeId: "${w.id('employee', 'carol')}", touchpoints: [PRODUCT], occurredBefore: "2030-01-01T00:00:00Z" }) { edges { node { summary } } }
    tagged: interactions(filter: { topic: "${w.prefix}-ROUTING" }) { edges { node { summary } } }
    none: interactions(filter: { channels: [SURVEY] }) { totalCount edges { node { summary } } }
    empty: interactions(filter: {}) { totalCount }
    insights(filter: { statuses: [PROPOSED, VALIDATED], minConfidence: 0 }) { totalCount edges { node { title
      comments: annotations(filter: { kinds: [COMMENT] }) { totalCount edges { node { body } } } } } }
    needs(filter: { titleContains: "OFFLINE" }) { totalCount edges { node { title } } } } }`;
  const { on, off, statements } = await both(query, { id: w.id('customer', 'acme'), since: '2025-05-15T00:00:00Z' });
  expect(on.errors).toBeUndefined();
  expect(on.data).toEqual(off.data);
  expect(statements).toBe(1);
  const c = on.data.customer;
  const summaries = (page: any) => page.edges.map((e: any) => e.node.summary);
  expect([c.chat.totalCount, summaries(c.chat)]).toEqual([1, ['Feature question']]);
  expect([c.routing.totalCount, summaries(c.routing)]).toEqual([2, ['Feature question', 'Offline routing request']]);
  expect(summaries(c.byCarol)).toEqual(['Feature question']);
  expect(summaries(c.tagged)).toEqual(['Offline routing request']);
  expect(c.none).toEqual({ totalCount: 0, edges: [] });
  expect(c.empty).toEqual({ totalCount: 3 });
  expect(c.insights.edges[0].node.comments).toEqual({ totalCount: 1, edges: [{ node: { body: 'Check the logs.' } }] });
  expect(c.needs).toEqual({ totalCount: 1, edges: [{ node: { title: 'Plan routes offline' } }] });
});

it('a nested filter that names another parent matches nothing (all given fields must hold); naming the parent itself changes nothing', async () => {
  const query = `query($id: ID!, $other: ID!, $me: ID!, $carol: ID!) {
    customer(id: $id) { other: interactions(filter: { customerId: $other }) { totalCount edges { node { summary } } } same: interactions(filter: { customerId: $id }) { totalCount } }
    employee(id: $me) { accounts(filter: { ownerId: $carol }) { totalCount edges { node { name } } } mine: accounts(filter: { ownerId: $me }) { totalCount } }
    topics(filter: { nameContains: "${w.prefix}-routing" }) { edges { node { name interactions(filter: { topic: "  ${w.prefix}-ROUTING " }) { totalCount } } } } }`;
  const variables = {
    id: w.id('customer', 'acme'),
    other: w.id('customer', 'bolt'),
    me: w.id('employee', 'alice'),
    carol: w.id('employee', 'carol'),
  };
  const { on, off } = await both(query, variables);
  expect(on.errors).toBeUndefined();
  expect(on.data).toEqual(off.data);
  expect(on.data.customer).toEqual({ other: { totalCount: 0, edges: [] }, same: { totalCount: 3 } });
  expect(on.data.employee).toEqual({ accounts: { totalCount: 0, edges: [] }, mine: { totalCount: 2 } });
  expect(on.data.topics.edges).toEqual([{ node: { name: `${w.prefix}-routing`, interactions: { totalCount: 1 } } }]);
});

it('a nested filter its resolver refuses is not looked ahead: it never reaches Neo4j, and the error is the same as without look-ahead', async () => {
  const query = `query($id: ID!) { customer(id: $id) { name
    interactions(filter: { topic: "${'t'.repeat(61)}" }) { totalCount } owners { name } } }`;
  const sent: unknown[] = [];
  const read = s.graph.read.bind(s.graph);
  s.graph.read = (cypher, params, ...rest) => (sent.push(params), read(cypher, params, ...rest));
  let on, off;
  try {
    ({ on, off } = await both(query, { id: w.id('customer', 'acme') }));
  } finally {
    s.graph.read = read;
  }
  expect(on).toEqual(off);
  expect(on.errors?.map((e: any) => [e.path.join('.'), e.extensions.code])).toEqual([['customer.interactions', 'BAD_USER_INPUT']]);
  expect(on.data).toEqual({ customer: null });
  // The customer and its owners were read; the refused filter never went to Neo4j.
  expect(sent.length).toBeGreaterThan(0);
  expect(JSON.stringify(sent)).not.toContain('t'.repeat(61));
});

it('the same customer twice with different selections, aliases and fragments: each place gets what it asked for', async () => {
  const query = `query($id: ID!) {
    a: customer(id: $id) { name owners { name } few: interactions(first: 1) { edges { node { summary } } } }
    b: customer(id: $id) { ...Contact ... on Customer { lifetimeValue owners { email team } } many: interactions(first: 3) { edges { node { ...Talk } } } }
  }
  fragment Contact on Customer { email phone costToServe }
  fragment Talk on Interaction { channel direction handler { ... on Employee { name role } } }`;
  const { on, off } = await both(query, { id: w.id('customer', 'acme') });
  expect(on.errors).toBeUndefined();
  expect(on.data).toEqual(off.data);
  expect(on.data.a).toEqual({
    name: `${w.prefix} Acme Freight`,
    owners: [{ name: `${w.prefix} Alice Author` }],
    few: { edges: [{ node: { summary: 'Feature question' } }] },
  });
  expect(on.data.b).toEqual({
    email: 'ops@acme.example',
    phone: null,
    costToServe: 30000,
    lifetimeValue: 600000,
    owners: [{ email: `${w.prefix}.alice@example.com`, team: 'Insights' }],
    many: {
      edges: [
        { node: { channel: 'CHAT', direction: 'INBOUND', handler: { name: `${w.prefix} Carol Admin`, role: 'EXECUTIVE' } } },
        { node: { channel: 'EMAIL', direction: 'OUTBOUND', handler: { name: `${w.prefix} Bob Reviewer`, role: 'ANALYST' } } },
        { node: { channel: 'PHONE', direction: 'INBOUND', handler: { name: `${w.prefix} Alice Author`, role: 'ANALYST' } } },
      ],
    },
  });
});

it('root pages of customers, interactions and insights with nested fields, counts and analytics fields', async () => {
  const query = `query($seg: ID!) {
    customers(filter: { segmentId: $seg }, orderBy: { field: REVENUE, direction: DESC }) { totalCount edges { cursor node {
      name health { score } valueQuadrant segment { name } owners { name } referredBy { name } insights { totalCount } } } }
    interactions(first: 2, filter: { channels: [PHONE, EMAIL, CHAT] }) { edges { cursor node { summary customer { name owners { name } } handler { email } } } }
    insights(first: 1) { edges { node { title history(first: 2) { version } author { name } annotations { edges { node { body } } } } } }
  }`;
  const { on, off, statements } = await both(query, { seg: w.id('segment', 'seg') });
  expect(on.errors).toBeUndefined();
  expect(on.data).toEqual(off.data);
  expect(on.data.customers.totalCount).toBe(2);
  expect(
    on.data.customers.edges.map((e: any) => [
      e.node.name,
      e.node.owners.map((o: any) => o.name),
      e.node.referredBy?.name ?? null,
      e.node.insights.totalCount,
    ]),
  ).toEqual([
    [`${w.prefix} Acme Freight`, [`${w.prefix} Alice Author`], null, 1],
    [`${w.prefix} Bolt Couriers`, [`${w.prefix} Alice Author`, `${w.prefix} Bob Reviewer`], `${w.prefix} Acme Freight`, 0],
  ]);
  // Bolt gave no analytics consent: no health, no quadrant (read from its consent, which the projection must carry).
  expect(on.data.customers.edges[1].node.health).toBeNull();
  expect(on.data.customers.edges[1].node.valueQuadrant).toBeNull();
  expect(on.data.customers.edges[0].node.health).toEqual({ score: expect.any(Number) });
  // The three root pages and all beneath them (one batched statement), then what the analytics and
  // history loaders read for the fields they serve (one more).
  expect(statements).toBe(2);
});

it('a VIEWER still gets personal data refused field by field, looked ahead or not', async () => {
  const query = `query($id: ID!) { customer(id: $id) { name email owners { name email } interactions(first: 1) { edges { node { summary content } } } } }`;
  const { on, off } = await both(query, { id: w.id('customer', 'acme') }, viewer);
  expect(on.data).toEqual(off.data);
  expect(on.errors?.map((e: any) => [e.path.join('.'), e.extensions.code]).sort()).toEqual(
    off.errors?.map((e: any) => [e.path.join('.'), e.extensions.code]).sort(),
  );
  // Customer email and interaction content are personal data; an employee's work email is not.
  expect(on.data).toEqual({
    customer: {
      name: `${w.prefix} Acme Freight`,
      email: null,
      owners: [{ name: `${w.prefix} Alice Author`, email: `${w.prefix}.alice@example.com` }],
      interactions: { edges: [{ node: { summary: 'Feature question', content: null } }] },
    },
  });
  expect(on.errors?.map((e: any) => [e.path.join('.'), e.extensions.code])).toEqual([
    ['customer.email', 'FORBIDDEN'],
    ['customer.interactions.edges.0.node.content', 'FORBIDDEN'],
  ]);
});

it('reads only the properties the selection needs, date-times as epoch milliseconds, in one statement', async () => {
  const sent: string[] = [];
  const read = s.graph.read.bind(s.graph);
  // (Not the event log's relay, which reads in the background.)
  s.graph.read = (cypher, params, operation) => (operation !== EVENT_LOG_OPERATION && sent.push(cypher), read(cypher, params, operation));
  try {
    const res = await s.gql(
      `query($id: ID!) { customer(id: $id) { id name profitability segment { name } heldNeeds { since need { id } }
        interactions(first: 1) { edges { node { occurredAt handler { name } } } } } }`,
      { id: w.id('customer', 'acme') },
      analyst,
    );
    expect(res.data.customer).toEqual({
      id: w.id('customer', 'acme'),
      name: `${w.prefix} Acme Freight`,
      profitability: 90000,
      segment: { name: `${w.prefix} Logistics` },
      heldNeeds: [{ since: '2025-04-01T00:00:00.000Z', need: { id: w.id('need', 'offline') } }],
      interactions: { edges: [{ node: { occurredAt: '2025-06-01T09:00:00.000Z', handler: { name: `${w.prefix} Carol Admin` } } }] },
    });
  } finally {
    s.graph.read = read;
  }
  // A related node whose fields read only their own properties comes without its id (the segment,
  // the handler); no related node comes with a label, as none of these fields is a union.
  expect(sent).toEqual([
    'UNWIND $ids AS id MATCH (n:Customer {id: id}) RETURN id, n {.id, .name, .revenue, .costToServe, ' +
      '__la0: COLLECT { MATCH (n)-[r0:IN_SEGMENT]->(la0:Segment) WITH la0, r0 ORDER BY la0.nameLower, la0.id RETURN la0 {.name} }, ' +
      // The need's lower-cased title too: held needs of equal intensity keep their order by title, whatever its case.
      '__la1: COLLECT { MATCH (n)-[r1:HAS_NEED]->(la1:Need) WITH la1, r1 ORDER BY la1.titleLower, la1.id ' +
      'RETURN la1 {.id, .titleLower, __rel: {intensity: r1.intensity, since: r1.since.epochMillis}} }, ' +
      '__la2: COLLECT { MATCH (la2:Interaction)-[:WITH_CUSTOMER]->(n:Customer) WITH la2 ORDER BY la2.occurredAt DESC, la2.id DESC LIMIT $la3 ' +
      'RETURN la2 {.id, occurredAt: la2.occurredAt.epochMillis, ' +
      '__la4: COLLECT { MATCH (la2)-[r4:HANDLED_BY]->(la4:Employee) WITH la4, r4 ORDER BY la4.nameLower, la4.id RETURN la4 {.name} }} }} AS n',
  ]);
});

it('a related node keeps its id wherever a selected field needs it: the id itself, computed fields, relations and pages beneath', async () => {
  const { on, off, statements } = await both(
    `query($id: ID!) { customer(id: $id) {
      owners { id name } segment { __typename name customers(first: 2) { totalCount } }
      interactions(first: 3) { edges { node { customer { name health { score } } handler { name accounts(first: 5) { totalCount } } needs { title } } } } } }`,
    { id: w.id('customer', 'acme') },
  );
  expect(on.errors).toBeUndefined();
  expect(on).toEqual(off);
  expect(statements).toBeGreaterThan(1); // the segment's customers and the handler's accounts are loaded by their resolvers
  expect(on.data.customer.owners.map((o: { id: string }) => o.id)).toEqual([w.id('employee', 'alice')]);
  expect(on.data.customer.segment.customers.totalCount).toBe(2);
});

it('bad nested arguments are refused as before, and an unknown id is null', async () => {
  const { on: tooMany, off } = await both(
    `query($id: ID!) { customer(id: $id) { name interactions(first: 1000) { edges { node { summary } } } } }`,
    { id: w.id('customer', 'acme') },
  );
  expect(tooMany).toEqual(off);
  expect(tooMany.errors?.map((e: any) => [e.path.join('.'), e.extensions.code])).toEqual([['customer.interactions', 'BAD_USER_INPUT']]);
  // The page is not nullable, so the customer is null.
  expect(tooMany.data).toEqual({ customer: null });
  const none = await s.gql(`{ customer(id: "no-such-customer") { name owners { name } } }`, {}, analyst);
  expect(none).toEqual({ status: 200, data: { customer: null } });
});

it('a document is planned once and serves each request its own data; page sizes from variables are planned per request', async () => {
  const q = `query($id: ID!) { customer(id: $id) { name interactions(first: 1) { edges { node { summary } } } owners { name } } }`;
  const acme = await s.gql(q, { id: w.id('customer', 'acme') }, analyst);
  const bolt = await s.gql(q, { id: w.id('customer', 'bolt') }, analyst);
  expect(acme.data.customer).toEqual({
    name: `${w.prefix} Acme Freight`,
    interactions: { edges: [{ node: { summary: 'Feature question' } }] },
    owners: [{ name: `${w.prefix} Alice Author` }],
  });
  expect(bolt.data.customer).toEqual({
    name: `${w.prefix} Bolt Couriers`,
    interactions: { edges: [] },
    owners: [{ name: `${w.prefix} Alice Author` }, { name: `${w.prefix} Bob Reviewer` }],
  });
  // The same document with the page size in a variable: each request gets the size it asked for, in one statement.
  const sized = `query($id: ID!, $n: Int) { customer(id: $id) { interactions(first: $n) { pageInfo { hasNextPage } edges { node { summary } } } } }`;
  const newestFirst = ['Feature question', 'Invoice sent', 'Offline routing request'];
  for (const n of [1, 3, 2]) {
    const before = s.statements();
    const res = await s.gql(sized, { id: w.id('customer', 'acme'), n }, analyst);
    expect(s.statements() - before).toBe(1);
    expect(res.data.customer.interactions).toEqual({
      pageInfo: { hasNextPage: n < 3 },
      edges: newestFirst.slice(0, n).map((summary) => ({ node: { summary } })),
    });
  }
});

it('a root page planned once per order: the same document sorted by name, then by revenue, up and down', async () => {
  const q = `query($seg: ID!, $field: CustomerOrderField!, $dir: OrderDirection!) {
    customers(filter: { segmentId: $seg }, orderBy: { field: $field, direction: $dir }) { edges { node { name revenue owners { name } } } } }`;
  const names = async (field: string, dir: string) => {
    const { on, off } = await both(q, { seg: w.id('segment', 'seg'), field, dir });
    expect(on).toEqual(off);
    return on.data.customers.edges.map((e: any) => e.node.name.replace(`${w.prefix} `, ''));
  };
  expect(await names('NAME', 'ASC')).toEqual(['Acme Freight', 'Bolt Couriers']);
  expect(await names('REVENUE', 'ASC')).toEqual(['Bolt Couriers', 'Acme Freight']);
  expect(await names('NAME', 'DESC')).toEqual(['Bolt Couriers', 'Acme Freight']);
  expect(await names('REVENUE', 'DESC')).toEqual(['Acme Freight', 'Bolt Couriers']);
});

it('fields whose hints came with the hints test (merged ids, analytics, learnedBy, an insight history) answer as the loaders do', async () => {
  const q = `query($id: ID!) { customer(id: $id) { name mergedIds mergedExternalIds knownBy(first: 2) { employee { name } }
    similarCustomers(first: 2) { customer { name } } recommendedInsights(first: 2) { insight { title } }
    insights(first: 5) { edges { node { title learnedBy history(first: 2) { version title status current } } } } } }`;
  const before = s.statements();
  const { on, off } = await both(q, { id: w.id('customer', 'acme') });
  expect(on.errors).toBeUndefined();
  expect(on).toEqual(off);
  expect(s.statements() - before).toBeLessThan(8);
  // The insight's history begins with its current version, read from the hinted properties.
  const node = on.data.customer.insights.edges[0].node;
  expect(node.history[0]).toEqual({ version: expect.any(Number), title: node.title, status: expect.any(String), current: true });
});

describe('every field with a look-ahead hint, selected alone', () => {
  /**
   * A hint that names too few properties (a computed field reading `kind` that says it reads only
   * `name`) passes the hints unit test and answers wrong only when the field is selected without the
   * others. So each hinted field of each type the planner fetches is selected alone, where the planner
   * fetches that type, with and without look-ahead, as an ADMIN (who sees every field): same answers.
   */
  /** Where each fetched type is reached, `F` standing for the field selected (id included or not). */
  const PLACES: Record<string, string[]> = {
    Customer: ['customer(id: $customer) { F }', 'customers(first: 5) { edges { node { F } } }'],
    Interaction: ['interaction(id: $interaction) { F }', 'interactions(first: 5) { edges { node { F } } }'],
    Insight: ['insight(id: $insight) { F }', 'insights(first: 5) { edges { node { F } } }'],
    Employee: ['customer(id: $customer) { owners { F } }', 'interactions(first: 5) { edges { node { handler { F } } } }'],
    Segment: ['customer(id: $customer) { segment { F } }'],
    Need: ['customer(id: $customer) { needs(first: 5) { edges { node { F } } } heldNeeds { need { F } } }'],
    Annotation: ['insight(id: $insight) { annotations(first: 5) { edges { node { F } } } }'],
  };

  it('answers as the loaders do', async () => {
    const types = await buildRapportSchema();
    const admin = await s.token(w.id('employee', 'alice'), [AccessRole.ADMIN]);
    const variables = { customer: w.id('customer', 'acme'), interaction: w.id('interaction', 'i1'), insight: w.id('insight', 'ins1') };
    const differences: string[] = [];
    let compared = 0;
    for (const [typeName, places] of Object.entries(PLACES)) {
      const type = types.getType(typeName);
      if (!isObjectType(type)) throw new Error(`${typeName} is no object type`);
      for (const [name, field] of Object.entries(type.getFields())) {
        if (name === 'id' || !hintOf(field)) continue;
        if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
        const selection = isLeafType(getNamedType(field.type)) ? name : `${name} { __typename }`;
        for (const place of places)
          for (const fields of [selection, `id ${selection}`]) {
            const used = Object.keys(variables).filter((v) => place.includes(`$${v}`));
            const declared = used.length ? `(${used.map((v) => `$${v}: ID!`).join(', ')})` : '';
            const query = `query${declared} { ${place.replaceAll('F', fields)} }`;
            const { on, off } = await both(query, variables, admin);
            compared++;
            // The loaders' answer is the reference: it must be a whole answer, or the comparison proves nothing.
            if (off.errors || !off.data) differences.push(`${typeName}.${name} in ${place} (${fields}): ${JSON.stringify(off.errors)}`);
            else if (JSON.stringify(on) !== JSON.stringify(off)) differences.push(`${typeName}.${name} in ${place} (${fields})`);
          }
      }
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(200);
  });
});
