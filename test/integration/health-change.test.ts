import { randomUUID } from 'node:crypto';
import { AccessRole } from '../../src/graphql/access';
import { subscribe, sleep } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * customerHealthChanged: a recorded interaction that moves a customer's health across the
 * threshold is announced, with the scores before and after; other moves and customers without
 * analytics consent are not.
 */
let s: TestServer;
let token: string;
const p = `h${randomUUID().slice(0, 8)}`;
const id = (k: string) => `${p}-${k}`;
const DAY = 86_400_000;

beforeAll(async () => {
  s = await startTestServer();
  await s.cypher(
    `CREATE (:Employee {id: $e, name: $e, nameLower: $e, email: $e + '@example.com', team: 'T', role: 'ANALYST', accessRoles: ['ANALYST'], createdAt: datetime()})`,
    { e: id('ann') },
  );
  await s.cypher(
    `UNWIND $cs AS c CREATE (:Customer {id: c.id, name: c.id, nameLower: c.id, kind: 'PERSON', lifecycleStage: 'ACTIVE', relationshipType: 'TRANSACTIONAL',
       revenue: 0.0, costToServe: 0.0, lifetimeValue: 0.0, consentContact: true, consentAnalytics: c.consent, createdAt: datetime(), updatedAt: datetime()})`,
    {
      cs: [
        { id: id('c'), consent: true },
        { id: id('n'), consent: false },
      ],
    },
  );
  // Both customers: one interaction 10 days ago, sentiment 0.2. Health before = round(100 × (0.3 × 0.6 + 0.15 × 0.5 + 0.25 × (1 - 10/180) + 0.1 × 1 + 0.2 × 1))
  //   = round(18 + 7.5 + 23.6111 + 10 + 20) = round(79.1111) = 79.
  await s.cypher(
    `UNWIND $cs AS cid MATCH (c:Customer {id: cid}), (e:Employee {id: $e})
     CREATE (i:Interaction {id: cid + '-x0', channel: 'CHAT', touchpoint: 'SUPPORT', direction: 'INBOUND', occurredAt: datetime($at), summary: 'x', sentiment: 0.2, createdAt: datetime()})
     CREATE (i)-[:WITH_CUSTOMER]->(c), (i)-[:HANDLED_BY]->(e)`,
    { cs: [id('c'), id('n')], e: id('ann'), at: new Date(Date.now() - 10 * DAY - 3_600_000).toISOString() },
  );
  token = await s.token(id('ann'), [AccessRole.ANALYST]);
});
afterAll(async () => {
  await s.cypher(`MATCH (n) WHERE n.id STARTS WITH $p DETACH DELETE n`, { p });
  await s.close();
});

/** A customer with analytics consent and one interaction 10 days ago at sentiment 0.2 (health 79), handled by ann. */
const consentingCustomer = (key: string) =>
  s.cypher(
    `MATCH (e:Employee {id: $e})
     CREATE (c:Customer {id: $c, name: $c, nameLower: $c, kind: 'PERSON', lifecycleStage: 'ACTIVE', relationshipType: 'TRANSACTIONAL',
       revenue: 0.0, costToServe: 0.0, lifetimeValue: 0.0, consentContact: true, consentAnalytics: true, createdAt: datetime(), updatedAt: datetime()})
     CREATE (i:Interaction {id: $c + '-x0', channel: 'CHAT', touchpoint: 'SUPPORT', direction: 'INBOUND', occurredAt: datetime($at), summary: 'x', sentiment: 0.2, createdAt: datetime()})
     CREATE (i)-[:WITH_CUSTOMER]->(c), (i)-[:HANDLED_BY]->(e)`,
    { c: id(key), e: id('ann'), at: new Date(Date.now() - 10 * DAY - 3_600_000).toISOString() },
  );

const RECORD = `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`;
const record = (customerId: string, sentiment: number) =>
  s.gql(
    RECORD,
    { input: { customerId, channel: 'CHAT', touchpoint: 'SUPPORT', direction: 'INBOUND', summary: 'angry call', sentiment } },
    token,
  );
const HEALTH = `subscription($t: Int) { customerHealthChanged(threshold: $t) { previousScore score direction customer { id } interaction { id summary } } }`;

describe('customerHealthChanged', () => {
  it('fires when a recorded interaction moves health across the threshold, and only then', async () => {
    const at60 = subscribe(s.wsUrl, `Bearer ${token}`, HEALTH, { t: 60 });
    const at20 = subscribe(s.wsUrl, `Bearer ${token}`, HEALTH, { t: 20 });
    await sleep(300);
    // A -1 interaction now: recent mean (0.2 - 1) / 2 = -0.4 → 0.3 × 0.3 = 9; no baseline → 7.5; contact today → 25;
    // no open needs → 10; one negative → 0.2 × (1 - 1/3) × 100 = 13.3333. Total 64.8333 → 65: no crossing of 60.
    const first = await record(id('c'), -1);
    expect(first.errors).toBeUndefined();
    // Another -1: mean (0.2 - 2) / 3 = -0.6 → 0.3 × 0.2 × 100 = 6; 7.5; 25; 10; two negatives → 6.6667. Total 55.1667 → 55: crosses 60 downwards.
    const second = await record(id('c'), -1);
    await record(id('n'), -1); // no consent: never announced
    await record(id('n'), -1);
    const event = await at60.nth(1);
    expect(event.data.customerHealthChanged).toEqual({
      previousScore: 65,
      score: 55,
      direction: 'DROPPED',
      customer: { id: id('c') },
      interaction: { id: second.data.recordInteraction.id, summary: 'angry call' },
    });
    await sleep(500);
    expect(at60.events).toHaveLength(1);
    expect(at20.events).toHaveLength(0);
    await at60.dispose();
    await at20.dispose();
  });

  it('refuses a token that carries no role when it subscribes, like every other subscription, and sends it no event', async () => {
    await consentingCustomer('r');
    const roleless = `Bearer ${await s.token(id('ann'), [])}`;
    const refusal = [['FORBIDDEN', 'This token carries no role; it needs one of VIEWER, ANALYST, ADMIN in its roles claim.']];
    const codes = (l: { errors: unknown[] }) =>
      (l.errors as { message: string; extensions: { code: string } }[][]).flat().map((e) => [e.extensions.code, e.message]);
    const direct = subscribe(s.wsUrl, roleless, HEALTH, { t: 60 });
    // The same field reached through a fragment is refused too.
    const viaFragment = subscribe(
      s.wsUrl,
      roleless,
      `subscription($t: Int!) { ...F } fragment F on Subscription { customerHealthChanged(threshold: $t) { score } }`,
      { t: 60 },
    );
    const analyst = subscribe(s.wsUrl, `Bearer ${token}`, HEALTH, { t: 60 });
    await sleep(300);
    expect(codes(direct)).toEqual(refusal);
    expect(codes(viaFragment)).toEqual(refusal);
    await record(id('r'), -1);
    await record(id('r'), -1); // 79 -> 65 -> 55: crosses 60
    expect((await analyst.nth(1)).data.customerHealthChanged).toMatchObject({ previousScore: 65, score: 55, customer: { id: id('r') } });
    await sleep(300);
    expect(direct.events).toEqual([]);
    expect(viaFragment.events).toEqual([]);
    await direct.dispose();
    await viaFragment.dispose();
    await analyst.dispose();
  });

  it('does not replay a health change once its customer has withdrawn analytics consent; replays it while they share it', async () => {
    await consentingCustomer('w');
    const before = (await s.gql('{ eventCursor }', {}, token)).data.eventCursor as string;
    await record(id('w'), -1);
    await record(id('w'), -1); // 79 -> 65 -> 55: crosses 60
    const REPLAY = `subscription($t: Int, $c: ID, $after: String) { customerHealthChanged(threshold: $t, customerId: $c, after: $after) { score customer { id } } }`;
    const replay = async () => {
      const l = subscribe(s.wsUrl, `Bearer ${token}`, REPLAY, { t: 60, c: id('w'), after: before });
      await sleep(800);
      await l.dispose();
      return { events: l.events.map((e) => e.data), errors: l.errors };
    };
    await s.cypher('MATCH (c:Customer {id: $c}) SET c.consentAnalytics = false', { c: id('w') });
    expect(await replay()).toEqual({ events: [], errors: [] });
    await s.cypher('MATCH (c:Customer {id: $c}) SET c.consentAnalytics = true', { c: id('w') });
    expect(await replay()).toEqual({ events: [{ customerHealthChanged: { score: 55, customer: { id: id('w') } } }], errors: [] });
  });

  it('refuses a threshold outside 1-100 with BAD_USER_INPUT', async () => {
    const bad = subscribe(s.wsUrl, `Bearer ${token}`, HEALTH, { t: 0 });
    await sleep(500);
    const seen = JSON.stringify([...bad.errors, ...bad.events]);
    expect(seen).toContain('BAD_USER_INPUT');
    expect(seen).toContain('`threshold` must be between 1 and 100; got 0.');
    await bad.dispose();
  });
});
