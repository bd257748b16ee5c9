import { AccessRole } from '../../src/graphql/access';
import { Topics } from '../../src/realtime/topics';
import { graphFingerprint } from '../helpers/fingerprint';
import { subscribe, until, type LiveSubscription } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

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
afterAll(async () => {
  // The suites share one database: leave nothing behind that makes the others' whole-graph checks slow.
  await s.cypher('MATCH (i:Interaction) WHERE i.externalId STARTS WITH $p DETACH DELETE i', { p: `${w.prefix}-bulk-` });
  await s.close();
});

const RECORD_MANY = `mutation($input: [RecordInteractionInput!]!) {
  recordInteractions(input: $input) { id externalId summary occurredAt customer { name } handler { name } needs { title } topics { name } }
}`;

let batchNo = 0;
/** `n` valid inputs with fresh external ids, alternating between two customers. */
function inputs(n: number, over: (k: number) => Record<string, unknown> = () => ({})) {
  const b = ++batchNo;
  return Array.from({ length: n }, (_, k) => ({
    externalId: `${w.prefix}-bulk-${b}-${k}`,
    customerId: w.id('customer', k % 2 ? 'bolt' : 'acme'),
    channel: 'EMAIL',
    touchpoint: 'SUPPORT',
    direction: 'INBOUND',
    occurredAt: new Date(Date.UTC(2025, 5, 1) + k * 1000).toISOString(),
    summary: `Bulk ${b} #${k}`,
    ...over(k),
  }));
}

const countWith = async (prefix: string) =>
  (await s.cypher('MATCH (i:Interaction) WHERE i.externalId STARTS WITH $p RETURN count(i) AS n', { p: prefix }))[0].n as number;

describe('recordInteractions', () => {
  it('records 1,000 interactions in one transaction, with as many statements as 10, returned in input order', async () => {
    let statements = s.statements();
    expect(
      (
        await s.gql(
          RECORD_MANY,
          { input: inputs(10, (k) => (k === 7 ? { needIds: [w.id('need', 'offline')], topics: ['bulk-topic'] } : {})) },
          analyst,
        )
      ).errors,
    ).toBeUndefined();
    const usedForTen = s.statements() - statements;
    const batch = inputs(1000, (k) => (k === 7 ? { needIds: [w.id('need', 'offline')], topics: ['Bulk-Topic', 'bulk-topic '] } : {}));
    statements = s.statements();
    const res = await s.gql(RECORD_MANY, { input: batch }, analyst);
    const used = s.statements() - statements;
    expect(res.errors).toBeUndefined();
    const got = res.data.recordInteractions as any[];
    expect(got.map((x) => x.externalId)).toEqual(batch.map((b) => b.externalId));
    expect(got.map((x) => x.summary)).toEqual(batch.map((b) => b.summary));
    expect(new Set(got.map((x) => x.id)).size).toBe(1000);
    expect(got[0]).toMatchObject({
      occurredAt: '2025-06-01T00:00:00.000Z',
      customer: { name: `${w.prefix} Acme Freight` },
      handler: { name: `${w.prefix} Alice Author` },
    });
    expect(got[7]).toMatchObject({
      customer: { name: `${w.prefix} Bolt Couriers` },
      needs: [{ title: 'Plan routes offline' }],
      topics: [{ name: 'bulk-topic' }],
    });
    expect(await countWith(batch[0].externalId.replace(/0$/, ''))).toBe(1000);
    // The checks, the writes, the events (the event log's append), the customers' health snapshot (analytics/health-snapshot.ts)
    // and the audit entry are one statement each, and the results' customers, handlers, needs and topics one batched read
    // each, whatever the size.
    expect(used).toBe(usedForTen);
    expect(used).toBeLessThanOrEqual(15);
  });

  it('announces each new interaction once, after commit; a retry announces nothing', async () => {
    const listening = s.events.listenerCount(Topics.INTERACTION_RECORDED as never);
    const sub: LiveSubscription = subscribe(
      s.wsUrl,
      `Bearer ${analyst}`,
      'subscription { interactionRecorded { interaction { externalId } } }',
    );
    await until(() => s.events.listenerCount(Topics.INTERACTION_RECORDED as never) > listening, 5_000, 'the subscription to start');
    const batch = inputs(50);
    expect((await s.gql(RECORD_MANY, { input: batch }, analyst)).errors).toBeUndefined();
    await until(() => sub.events.length >= 50, 10_000, '50 events');
    expect((await s.gql(RECORD_MANY, { input: batch }, analyst)).errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.events.map((e) => e.data.interactionRecorded.interaction.externalId).sort()).toEqual(batch.map((b) => b.externalId).sort());
    await sub.client.dispose();
  });

  it('is idempotent by externalId: the same batch again returns the same interactions and changes nothing', async () => {
    const batch = inputs(20);
    const first = await s.gql(RECORD_MANY, { input: batch }, analyst);
    expect(first.errors).toBeUndefined();
    const fp = await graphFingerprint(s.graph);
    const again = await s.gql(RECORD_MANY, { input: batch }, analyst);
    expect(again.errors).toBeUndefined();
    expect(again.data.recordInteractions.map((x: any) => x.id)).toEqual(first.data.recordInteractions.map((x: any) => x.id));
    const after = await graphFingerprint(s.graph);
    expect([after.nodes, after.relationships, after.sha256]).toEqual([fp.nodes, fp.relationships, fp.sha256]);
  });

  it('returns one interaction twice for an external id given twice for the same customer', async () => {
    const [a, b] = inputs(2);
    const twice = { ...a, summary: 'the same, sent twice' };
    const res = await s.gql(RECORD_MANY, { input: [a, b, twice] }, analyst);
    expect(res.errors).toBeUndefined();
    const [x, y, z] = res.data.recordInteractions;
    expect(z).toEqual(x);
    expect(y.id).not.toBe(x.id);
    expect(await countWith(`${w.prefix}-bulk-${batchNo}-`)).toBe(2);
  });

  const refused = async (input: unknown[], expected: { message: string | RegExp; extensions: Record<string, unknown> }) => {
    const before = await graphFingerprint(s.graph);
    const res = await s.gql(RECORD_MANY, { input }, analyst);
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    if (typeof expected.message === 'string') expect(res.errors![0].message).toBe(expected.message);
    else expect(res.errors![0].message).toMatch(expected.message);
    expect(res.errors![0].extensions).toEqual(expected.extensions);
    const after = await graphFingerprint(s.graph);
    expect([after.nodes, after.relationships, after.sha256]).toEqual([before.nodes, before.relationships, before.sha256]);
  };

  it('writes nothing when one interaction names a customer, handler or need that does not exist, and names its position', async () => {
    await refused(
      inputs(10, (k) => (k === 6 ? { customerId: 'no-such-customer' } : {})),
      {
        message: "No customer has the id 'no-such-customer'.",
        extensions: { code: 'BAD_USER_INPUT', field: '6.customerId' },
      },
    );
    await refused(
      inputs(10, (k) => (k === 3 ? { handlerId: 'nobody' } : {})),
      {
        message: "No employee has the id 'nobody'.",
        extensions: { code: 'BAD_USER_INPUT', field: '3.handlerId' },
      },
    );
    await refused(
      inputs(10, (k) => (k === 9 ? { needIds: [w.id('need', 'offline'), 'no-need'] } : {})),
      {
        message: "No need has the id 'no-need'.",
        extensions: { code: 'BAD_USER_INPUT', field: '9.needIds' },
      },
    );
  });

  it('writes nothing when one external id belongs to another customer, in the batch or in the graph', async () => {
    const batch = inputs(5);
    await refused([...batch, { ...batch[1], customerId: w.id('customer', 'acme') }], {
      message: `The external id '${batch[1].externalId}' is given for two different customers.`,
      extensions: { code: 'CONFLICT', field: '5.externalId' },
    });
    // crm-1 is an interaction of Acme in the world.
    await refused([...inputs(3), { ...inputs(1)[0], externalId: `${w.prefix}-crm-1`, customerId: w.id('customer', 'bolt') }], {
      message: `The external id '${w.prefix}-crm-1' is already used by an interaction with another customer.`,
      extensions: { code: 'CONFLICT', field: '3.externalId' },
    });
  });

  it('refuses invalid fields, more than 1,000 interactions, and callers without ANALYST or ADMIN', async () => {
    await refused(
      inputs(4, (k) => (k === 2 ? { summary: 'x'.repeat(501), sentiment: 2 } : k === 3 ? { topics: [' '] } : {})),
      {
        message:
          '2.summary: summary must be shorter than or equal to 500 characters; 2.sentiment: sentiment must not be greater than 1; 3.topics: topics must not be empty or only spaces',
        extensions: {
          code: 'BAD_USER_INPUT',
          field: '2.summary',
          validationErrors: [
            { field: '2.summary', message: 'summary must be shorter than or equal to 500 characters' },
            { field: '2.sentiment', message: 'sentiment must not be greater than 1' },
            { field: '3.topics', message: 'topics must not be empty or only spaces' },
          ],
        },
      },
    );
    await refused(inputs(1001), {
      message: 'At most 1000 interactions can be recorded in one request; got 1001.',
      extensions: { code: 'BAD_USER_INPUT', field: 'input' },
    });
    await refused(
      inputs(2, (k) => (k === 1 ? { occurredAt: new Date(Date.now() + 3_600_000).toISOString() } : {})),
      {
        message: 'occurredAt cannot be in the future.',
        extensions: { code: 'BAD_USER_INPUT', field: '1.occurredAt' },
      },
    );
    const before = await graphFingerprint(s.graph);
    const forbidden = await s.gql(RECORD_MANY, { input: inputs(2) }, viewer);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphFingerprint(s.graph)).sha256).toBe(before.sha256);
    const empty = await s.gql(RECORD_MANY, { input: [] }, analyst);
    expect(empty.errors?.[0]).toMatchObject({
      message: 'Give at least one interaction to record.',
      extensions: { code: 'BAD_USER_INPUT', field: 'input' },
    });
    expect((await graphFingerprint(s.graph)).sha256).toBe(before.sha256);
  });
});
