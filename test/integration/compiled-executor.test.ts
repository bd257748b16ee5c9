import { isEnumType } from 'graphql';
import { AccessRole } from '../../src/graphql/access';
import { compiledExecution } from '../../src/server/compiled-executor';
import { buildRapportSchema } from '../../src/server/schema';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * The compiled executor (src/server/compiled-executor.ts): operations run as functions graphql-jit
 * compiled for them. Every answer must be exactly graphql-js's (the compiled executor switched
 * off), whatever the query uses: fragments, aliases, directives, unions, variables of every kind,
 * partial answers with errors, introspection, refusals. Each test also pins what a user sees.
 */
let s: TestServer;
let w: World;
let analyst: string;
let viewer: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
});
afterAll(() => s.close());

/**
 * The answer compiled, after asserting that graphql-js gives the very same. Sent three times: a
 * document's first run is graphql-js's, its second is compiled, its third reuses the compiled one.
 */
async function same(query: string, variables: Record<string, unknown>, token: string | null = analyst) {
  const compiled = [await s.gql(query, variables, token), await s.gql(query, variables, token), await s.gql(query, variables, token)];
  compiledExecution.enabled = false;
  let standard;
  try {
    standard = await s.gql(query, variables, token);
  } finally {
    compiledExecution.enabled = true;
  }
  expect(compiled[0]).toEqual(standard);
  expect(compiled[1]).toEqual(standard);
  expect(compiled[2]).toEqual(standard);
  return compiled[1];
}

it('compiles an operation on its second run, once, and not on its first', async () => {
  // A document no other test sends (Apollo keeps parsed documents across requests).
  const query = `query SecondRun { customer(id: "${w.id('customer', 'acme')}") { name compiledOnSecondRun: kind } }`;
  const answer = { status: 200, data: { customer: { name: `${w.prefix} Acme Freight`, compiledOnSecondRun: 'ORGANIZATION' } } };
  const counts = [compiledExecution.compilations];
  for (let run = 0; run < 3; run++) {
    expect(await s.gql(query, {}, analyst)).toEqual(answer);
    counts.push(compiledExecution.compilations);
  }
  expect(counts.map((n) => n - counts[0])).toEqual([0, 0, 1, 1]);
});

it('answers fragments, aliases and @include/@skip from variables exactly as graphql-js', async () => {
  const query = `query Acme($id: ID!, $withOwners: Boolean!, $noSegment: Boolean!) {
    acme: customer(id: $id) { ...Basics owners @include(if: $withOwners) { name } segment @skip(if: $noSegment) { name } }
    again: customer(id: $id) { name lifecycleStage }
  }
  fragment Basics on Customer { id name kind heldNeeds { intensity need { title } } }`;
  const id = w.id('customer', 'acme');
  const res = await same(query, { id, withOwners: true, noSegment: true });
  expect(res).toEqual({
    status: 200,
    data: {
      acme: {
        id,
        name: `${w.prefix} Acme Freight`,
        kind: 'ORGANIZATION',
        heldNeeds: [{ intensity: 0.8, need: { title: 'Plan routes offline' } }],
        owners: [{ name: `${w.prefix} Alice Author` }],
      },
      again: { name: `${w.prefix} Acme Freight`, lifecycleStage: 'ACTIVE' },
    },
  });
  const flipped = await same(query, { id, withOwners: false, noSegment: false });
  expect(flipped.data.acme).toEqual({
    id,
    name: `${w.prefix} Acme Freight`,
    kind: 'ORGANIZATION',
    heldNeeds: [{ intensity: 0.8, need: { title: 'Plan routes offline' } }],
    segment: { name: `${w.prefix} Logistics` },
  });
});

it('resolves the members of a union by their type, with __typename', async () => {
  const res = await same(
    `query($id: ID!) { insight(id: $id) { title subjects { __typename ... on Customer { name } ... on Need { title } ... on Segment { name } } } }`,
    { id: w.id('insight', 'ins1') },
  );
  expect(res.data.insight.title).toBe(`${w.prefix} Acme needs offline routing`);
  expect([...res.data.insight.subjects].sort((a, b) => a.__typename.localeCompare(b.__typename))).toEqual([
    { __typename: 'Customer', name: `${w.prefix} Acme Freight` },
    { __typename: 'Need', title: 'Plan routes offline' },
  ]);
});

it('coerces enums, lists and date-times in variables, and pages the same way', async () => {
  const res = await same(
    `query($id: ID!, $channels: [Channel!], $after: DateTimeISO) { customer(id: $id) {
      interactions(first: 5, filter: { channels: $channels, occurredAfter: $after }) { totalCount edges { node { channel occurredAt summary } } } } }`,
    { id: w.id('customer', 'acme'), channels: ['PHONE', 'EMAIL'], after: '2025-01-01T00:00:00Z' },
  );
  expect(res.data.customer.interactions).toEqual({
    totalCount: 2,
    edges: [
      { node: { channel: 'EMAIL', occurredAt: '2025-05-01T09:00:00.000Z', summary: 'Invoice sent' } },
      { node: { channel: 'PHONE', occurredAt: '2025-04-01T09:00:00.000Z', summary: 'Offline routing request' } },
    ],
  });
});

it('gives a partial answer with the same coded errors at the same paths (a VIEWER and personal data)', async () => {
  const res = await same(`query($id: ID!) { customer(id: $id) { name email phone } }`, { id: w.id('customer', 'dana') }, viewer);
  expect(res.data).toEqual({ customer: { name: `${w.prefix} Dana Contact`, email: null, phone: null } });
  expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code, e.locations])).toEqual([
    ['customer.email', 'FORBIDDEN', [{ line: 1, column: 44 }]],
    ['customer.phone', 'FORBIDDEN', [{ line: 1, column: 50 }]],
  ]);
  // An error in a field that cannot be null (a page) makes its parent null, as graphql-js does.
  const bubbled = await same(`query($id: ID!) { customer(id: $id) { name interactions(first: 1000) { totalCount } } }`, {
    id: w.id('customer', 'acme'),
  });
  expect(bubbled.data).toEqual({ customer: null });
  expect(bubbled.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['customer.interactions', 'BAD_USER_INPUT']]);
});

it('answers introspection the same way', async () => {
  const res = await same(`{ __type(name: "InsightSubject") { kind possibleTypes { name } } }`, {});
  expect(res).toEqual({
    status: 200,
    data: { __type: { kind: 'UNION', possibleTypes: [{ name: 'Customer' }, { name: 'Need' }, { name: 'Segment' }] } },
  });
});

it("refuses a bad variable and an unknown operation name with graphql-js's words and a 400", async () => {
  const bad = await same(`query($n: Int) { customers(first: $n) { totalCount } }`, { n: 'ten' });
  expect(bad).toEqual({
    status: 400,
    errors: [
      {
        message: 'Variable "$n" got invalid value "ten"; Int cannot represent non-integer value: "ten"',
        locations: [{ line: 1, column: 7 }],
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ],
  });
  const res = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}` },
    body: JSON.stringify({ query: 'query A { me { name } }', operationName: 'B' }),
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({
    errors: [{ message: 'Unknown operation named "B".', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }],
  });
});

it('fills the defaults of required input fields (content: String! = "", needIds: [ID!]! = [])', async () => {
  const res = await s.gql(
    `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { summary content needs { id } topics { name } } }`,
    {
      input: {
        customerId: w.id('customer', 'acme'),
        channel: 'CHAT',
        touchpoint: 'PRODUCT',
        direction: 'INBOUND',
        summary: `${w.prefix} defaults`,
      },
    },
    analyst,
  );
  expect(res).toEqual({
    status: 200,
    data: { recordInteraction: { summary: `${w.prefix} defaults`, content: '', needs: [], topics: [] } },
  });
  await s.cypher('MATCH (i:Interaction {summary: $summary}) DETACH DELETE i', { summary: `${w.prefix} defaults` });
});

it('can coerce variables twice: every enum value is its own name', async () => {
  // graphql-jit coerces the values graphql-js already coerced; an enum whose value differed from its
  // name (PHONE = 'phone') would be refused the second time.
  const schema = await buildRapportSchema();
  const differing = Object.values(schema.getTypeMap())
    .filter(isEnumType)
    .flatMap((type) =>
      type
        .getValues()
        .filter((v) => v.value !== v.name)
        .map((v) => `${type.name}.${v.name}`),
    );
  expect(differing).toEqual([]);
});

it("runs no mutation after one that failed, however often the document is sent (mutations are graphql-js's)", async () => {
  // graphql-jit went on to the next root mutation after one failed, and answered `data: null` with
  // only the first error: the second time an ADMIN sent this, the customer was erased and the client
  // was never told. graphql-js stops at a failed non-null root field, as the spec's serial execution does.
  const admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
  const [target] = await s.cypher(
    `CREATE (c:Customer {id: randomUUID(), name: $name, nameLower: toLower($name), kind: 'PERSON', lifecycleStage: 'ACTIVE', relationshipType: 'TRANSACTIONAL',
      revenue: 0.0, costToServe: 0.0, lifetimeValue: 0.0, consentContact: false, consentAnalytics: false, createdAt: datetime(), updatedAt: datetime()})
     RETURN c.id AS id`,
    { name: `${w.prefix} Serial Sam` },
  );
  const query = `mutation StopsAtTheFirstFailure($id: ID!) {
    first: validateInsight(input: { id: "no-such-insight" }) { id }
    eraseCustomer(input: { customerId: $id }) { id }
  }`;
  const compilationsBefore = compiledExecution.compilations;
  for (let run = 0; run < 3; run++) {
    const res = await s.gql(query, { id: target.id }, admin);
    expect({ run, data: res.data, codes: res.errors?.map((e) => [e.path, e.extensions?.code]) }).toEqual({
      run,
      data: null,
      codes: [[['first'], 'NOT_FOUND']],
    });
    expect({
      run,
      rows: await s.cypher('MATCH (c:Customer {id: $id}) RETURN c.name AS name, c.erased AS erased', { id: target.id }),
    }).toEqual({
      run,
      rows: [{ name: `${w.prefix} Serial Sam`, erased: null }],
    });
  }
  expect(compiledExecution.compilations).toBe(compilationsBefore); // no mutation is compiled
});
