import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let analyst: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
});
afterAll(() => s.close());

const RECORD = `mutation($input: RecordInteractionInput!) {
  recordInteraction(input: $input) {
    id externalId channel touchpoint direction occurredAt summary content sentiment expectedQuality perceivedQuality qualityGap
    customer { name } handler { name } needs { title } topics { name }
  }
}`;

const interactionCount = async (customerKey: string) =>
  (
    await s.cypher('MATCH (:Customer {id: $id})<-[:WITH_CUSTOMER]-(i:Interaction) RETURN count(i) AS n', {
      id: w.id('customer', customerKey),
    })
  )[0].n;

describe('recordInteraction', () => {
  const base = () => ({
    externalId: `${w.prefix}-zendesk-77`,
    customerId: w.id('customer', 'bolt'),
    channel: 'CHAT',
    touchpoint: 'SUPPORT',
    direction: 'INBOUND',
    occurredAt: '2025-06-01T08:30:00.000Z',
    summary: 'Driver app crashes on login',
    content: 'Since the update the app closes at the login screen.',
    sentiment: -0.6,
    expectedQuality: 4,
    perceivedQuality: 1,
    needIds: [w.id('need', 'offline')],
    topics: ['Mobile-App', ' login '],
  });

  it('links customer, handler, needs and topics in one transaction; the handler defaults to the caller', async () => {
    const res = await s.gql(RECORD, { input: base() }, analyst);
    expect(res.errors).toBeUndefined();
    const { id, ...rest } = res.data.recordInteraction;
    expect(typeof id).toBe('string');
    expect(rest).toEqual({
      externalId: `${w.prefix}-zendesk-77`,
      channel: 'CHAT',
      touchpoint: 'SUPPORT',
      direction: 'INBOUND',
      occurredAt: '2025-06-01T08:30:00.000Z',
      summary: 'Driver app crashes on login',
      content: 'Since the update the app closes at the login screen.',
      sentiment: -0.6,
      expectedQuality: 4,
      perceivedQuality: 1,
      qualityGap: -3,
      customer: { name: `${w.prefix} Bolt Couriers` },
      handler: { name: `${w.prefix} Alice Author` },
      needs: [{ title: 'Plan routes offline' }],
      topics: [{ name: 'login' }, { name: 'mobile-app' }],
    });
    // Expressing a need makes the customer hold it.
    const held = await s.cypher('MATCH (:Customer {id: $c})-[h:HAS_NEED]->(:Need {id: $n}) RETURN h.intensity AS intensity', {
      c: w.id('customer', 'bolt'),
      n: w.id('need', 'offline'),
    });
    expect(held).toEqual([{ intensity: 0.5 }]);
  });

  it('is idempotent by externalId: a retry returns the same interaction and writes nothing', async () => {
    const before = await interactionCount('bolt');
    const first = await s.gql(RECORD, { input: { ...base(), externalId: `${w.prefix}-retry-1` } }, analyst);
    const retry = await s.gql(RECORD, { input: { ...base(), externalId: `${w.prefix}-retry-1`, summary: 'changed on retry' } }, analyst);
    expect(retry.data.recordInteraction.id).toBe(first.data.recordInteraction.id);
    expect(retry.data.recordInteraction.summary).toBe('Driver app crashes on login');
    expect(await interactionCount('bolt')).toBe(before + 1);
    // Concurrent retries also end in one interaction.
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => s.gql(RECORD, { input: { ...base(), externalId: `${w.prefix}-burst` } }, analyst)),
    );
    expect(new Set(concurrent.map((r) => r.data?.recordInteraction.id)).size).toBe(1);
    expect(await interactionCount('bolt')).toBe(before + 2);
  });

  it('refuses an external id already used for another customer, changing nothing', async () => {
    const before = await interactionCount('acme');
    const res = await s.gql(
      RECORD,
      { input: { ...base(), externalId: `${w.prefix}-crm-2`, customerId: w.id('customer', 'bolt') } },
      analyst,
    );
    expect(res.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'externalId' });
    expect(await interactionCount('acme')).toBe(before);
  });

  it.each([
    ['an unknown customer', { customerId: 'nope' }, 'customerId', "No customer has the id 'nope'."],
    ['an unknown handler', { handlerId: 'nope' }, 'handlerId', "No employee has the id 'nope'."],
    ['an unknown need', { needIds: ['nope'] }, 'needIds', "No need has the id 'nope'."],
    ['a future date', { occurredAt: '2999-01-01T00:00:00Z' }, 'occurredAt', 'occurredAt cannot be in the future.'],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_what, change, field, message) => {
    const externalId = `${w.prefix}-bad-${field}`;
    const res = await s.gql(RECORD, { input: { ...base(), externalId, ...change } }, analyst);
    expect(res.errors?.[0].message).toBe(message);
    expect(res.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await s.cypher('MATCH (i:Interaction {externalId: $e}) RETURN i', { e: externalId })).toEqual([]);
  });

  it.each([
    ['sentiment above 1', { sentiment: 1.5 }, 'sentiment'],
    ['quality 6', { perceivedQuality: 6 }, 'perceivedQuality'],
    ['an empty summary', { summary: '' }, 'summary'],
    ['a summary of 501 characters', { summary: 'x'.repeat(501) }, 'summary'],
    ['content of 10,001 characters', { content: 'x'.repeat(10001) }, 'content'],
    ['a topic of 61 characters', { topics: ['t'.repeat(61)] }, 'topics'],
  ])('validates %s', async (_what, change, field) => {
    const externalId = `${w.prefix}-invalid-${field}`;
    const res = await s.gql(RECORD, { input: { ...base(), externalId, ...change } }, analyst);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe(field);
    expect(await s.cypher('MATCH (i:Interaction {externalId: $e}) RETURN i', { e: externalId })).toEqual([]);
  });

  it('refuses an invalid enum value before any resolver runs', async () => {
    const res = await s.gql(RECORD, { input: { ...base(), channel: 'PIGEON' } }, analyst);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/Value "PIGEON" does not exist in "Channel" enum/);
  });

  it('needs a token with ANALYST or ADMIN', async () => {
    const anonymous = await s.gql(RECORD, { input: base() });
    expect(anonymous.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    const viewer = await s.gql(RECORD, { input: base() }, await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]));
    expect(viewer.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
  });
});

describe('interactions query', () => {
  const Q = `query($f: InteractionFilter, $o: InteractionOrder) {
    interactions(filter: $f, orderBy: $o) { totalCount edges { node { summary } } }
  }`;
  const summaries = (r: any) => r.data.interactions.edges.map((e: any) => e.node.summary);

  it('lists newest first by default and filters by customer, employee, channel, time range, need and topic', async () => {
    const acme = { customerId: w.id('customer', 'acme') };
    expect(summaries(await s.gql(Q, { f: acme }, analyst))).toEqual(['Invoice sent', 'Offline routing request']);
    expect(summaries(await s.gql(Q, { f: acme, o: { field: 'OCCURRED_AT', direction: 'ASC' } }, analyst))).toEqual([
      'Offline routing request',
      'Invoice sent',
    ]);
    expect(summaries(await s.gql(Q, { f: { ...acme, employeeId: w.id('employee', 'bob') } }, analyst))).toEqual(['Invoice sent']);
    expect(summaries(await s.gql(Q, { f: { ...acme, channels: ['PHONE', 'CHAT'] } }, analyst))).toEqual(['Offline routing request']);
    expect(
      summaries(await s.gql(Q, { f: { ...acme, occurredAfter: '2025-04-15T00:00:00Z', occurredBefore: '2025-06-01T00:00:00Z' } }, analyst)),
    ).toEqual(['Invoice sent']);
    expect(summaries(await s.gql(Q, { f: { needId: w.id('need', 'offline'), ...acme } }, analyst))).toEqual(['Offline routing request']);
    expect(summaries(await s.gql(Q, { f: { topic: `${w.prefix}-ROUTING` } }, analyst))).toEqual(['Offline routing request']);
    // Read as tagging stores it: trimmed and lower-cased.
    expect(summaries(await s.gql(Q, { f: { topic: `  ${w.prefix}-Routing ` } }, analyst))).toEqual(['Offline routing request']);
  });

  it('refuses a malformed date-time', async () => {
    const res = await s.gql(Q, { f: { occurredAfter: 'last tuesday' } }, analyst);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
