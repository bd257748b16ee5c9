import { AccessRole } from '../../src/graphql/access';
import { Topics } from '../../src/realtime/topics';
import { graphFingerprint } from '../helpers/fingerprint';
import { subscribe, until, sleep, type LiveSubscription } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, fixtureInsight, type World } from '../helpers/world';

/**
 * Correcting knowledge (issue 22), edits: updateInteraction, updateAnnotation, updateSegment,
 * updateTopic, updateCustomer and updateNeed with expectedVersion, untag and unlinkNeed: what a
 * user sees after each, versions, stale versions, permissions, history and live events, and that
 * bad input changes nothing.
 */

let s: TestServer;
let w: World;
let P: string;
let alice: string;
let bob: string;
let carol: string;
let vic: string;
const open: LiveSubscription[] = [];

const k = (x: string) => `${P}-${x}`;
const cid = (key: string) => w.id('customer', key);
const iid = (key: string) => w.id('interaction', key);
const nid = (key: string) => w.id('need', key);

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph, (w) => {
    const k = (x: string) => `${w.prefix}-${x}`;
    const interaction = (key: string, customerKey: string, extra: Record<string, unknown> = {}) => ({
      key: k(key),
      externalId: `${w.prefix}-x-${key}`,
      customerKey: k(customerKey),
      handlerKey: k('alice'),
      channel: 'PHONE' as const,
      touchpoint: 'SUPPORT' as const,
      direction: 'INBOUND' as const,
      occurredAt: '2025-06-01T09:00:00Z',
      summary: `Call ${key}`,
      content: `Content of ${key}.`,
      sentiment: 0.1,
      expectedQuality: 3,
      perceivedQuality: 3,
      needKeys: [] as string[],
      topicNames: [] as string[],
      ...extra,
    });
    w.data.customers.push({
      key: k('erin'),
      name: `${w.prefix} Erin Erased`,
      kind: 'PERSON',
      email: 'erin@example.com',
      lifecycleStage: 'ACTIVE',
      relationshipType: 'TRANSACTIONAL',
      revenue: 100,
      costToServe: 10,
      lifetimeValue: 1000,
      consentContact: true,
      consentAnalytics: true,
      ownerKeys: [],
      createdAt: '2025-01-01T00:00:00Z',
    });
    w.data.needs.push(
      {
        key: k('solo'),
        title: `${w.prefix} Solo need`,
        description: 'Held by bolt only.',
        kind: 'FUNCTIONAL',
        priority: 'LOW',
        status: 'OPEN',
        customers: [{ customerKey: k('bolt'), since: '2025-05-01T00:00:00Z', intensity: 0.4 }],
        topicNames: [],
        createdAt: '2025-05-01T00:00:00Z',
      },
      {
        key: k('tagneed'),
        title: `${w.prefix} Tagged need`,
        description: 'Carries two topics.',
        kind: 'SOCIAL',
        priority: 'MEDIUM',
        status: 'OPEN',
        customers: [{ customerKey: k('bolt'), since: '2025-05-02T00:00:00Z', intensity: 0.6 }],
        topicNames: [k('t-one'), k('t-two')],
        createdAt: '2025-05-02T00:00:00Z',
      },
      {
        key: k('held'),
        title: `${w.prefix} Held need`,
        description: 'Held by dana and acme.',
        kind: 'EMOTIONAL',
        priority: 'HIGH',
        status: 'OPEN',
        customers: [
          { customerKey: k('dana'), since: '2025-03-01T00:00:00Z', intensity: 0.9 },
          { customerKey: k('acme'), since: '2025-03-02T00:00:00Z', intensity: 0.3 },
        ],
        topicNames: [],
        createdAt: '2025-03-01T00:00:00Z',
      },
      {
        key: k('erinneed'),
        title: `${w.prefix} Erin's need`,
        description: 'Held by erin.',
        kind: 'FUNCTIONAL',
        priority: 'LOW',
        status: 'OPEN',
        customers: [{ customerKey: k('erin'), since: '2025-03-01T00:00:00Z', intensity: 0.5 }],
        topicNames: [k('t-erin')],
        createdAt: '2025-03-01T00:00:00Z',
      },
    );
    w.data.interactions.push(
      interaction('e1', 'acme', { needKeys: [k('offline')], topicNames: [k('t-old'), k('t-keep')] }),
      interaction('e2', 'acme'),
      interaction('e3', 'acme'),
      interaction('bad', 'bolt', { topicNames: [k('t-bad')] }),
      interaction('erin1', 'erin', { topicNames: [k('t-erin')] }),
      interaction('tagme', 'bolt', { topicNames: [k('t-alpha'), k('t-b')] }),
      interaction('live', 'acme'),
      interaction('renamed', 'bolt', { topicNames: [k('rename-me')] }),
    );
    w.data.insights.push(
      fixtureInsight(w, 'ann', {
        annotations: [
          { authorKey: k('bob'), kind: 'ENDORSEMENT', body: 'Heard it twice.', createdAt: '2025-06-02T00:00:00Z' },
          { authorKey: k('carol'), kind: 'COMMENT', body: 'Carol was here.', createdAt: '2025-06-03T00:00:00Z' },
        ],
      }),
      fixtureInsight(w, 'erinins', {
        aboutCustomerKeys: [k('erin')],
        annotations: [{ authorKey: k('bob'), kind: 'COMMENT', body: 'About Erin.', createdAt: '2025-06-02T00:00:00Z' }],
      }),
      fixtureInsight(w, 'tagins', { topicNames: [k('t-ins1'), k('t-ins2')] }),
      fixtureInsight(w, 'archived', { status: 'ARCHIVED', topicNames: [k('t-arch')] }),
    );
  });
  P = w.prefix;
  alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  bob = await s.token(w.id('employee', 'bob'), [AccessRole.ANALYST]);
  carol = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
  vic = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
  // Erin has been erased since (a tombstone): nothing more may be recorded about her.
  await s.cypher('MATCH (c:Customer {id: $id}) SET c.erased = true', { id: cid('erin') });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.dispose()));
  await until(() => Object.values(Topics).every((t) => s.events.listenerCount(t) === 0), 5_000, 'old subscriptions to end');
});
afterAll(() => s.close());

/** Subscribes and waits until the server listens, so that no event can slip past. */
async function live(query: string, variables: Record<string, unknown>, token: string, topic: string) {
  const before = s.events.listenerCount(topic as never);
  const l = subscribe(s.wsUrl, `Bearer ${token}`, query, variables);
  open.push(l);
  await until(() => s.events.listenerCount(topic as never) > before, 5_000, 'the subscription to start');
  return l;
}

const HISTORY = `history(first: 10) { totalCount edges { node { kind version reason otherId recordType recordId by { name } changes { field before after withheld } } } }`;

const UPDATE_INTERACTION = `mutation($input: UpdateInteractionInput!) {
  updateInteraction(input: $input) {
    id version summary content channel touchpoint direction occurredAt sentiment expectedQuality perceivedQuality
    handler { name } needs { title } topics { name } customer { name }
  }
}`;
const INTERACTION = `query($id: ID!) {
  interaction(id: $id) {
    id version summary channel sentiment expectedQuality handler { name } needs { title } topics { name }
    ${HISTORY}
  }
}`;
const UPDATE_ANNOTATION = `mutation($input: UpdateAnnotationInput!) { updateAnnotation(input: $input) { id version kind body author { name } insight { id } } }`;
const UPDATE_SEGMENT = `mutation($input: UpdateSegmentInput!) { updateSegment(input: $input) { id version name description } }`;
const UPDATE_TOPIC = `mutation($input: UpdateTopicInput!) { updateTopic(input: $input) { id version name } }`;
const UPDATE_CUSTOMER = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id version name email phone lifecycleStage consent { contact analytics } } }`;
const UPDATE_NEED = `mutation($input: UpdateNeedInput!) { updateNeed(input: $input) { id version title priority status } }`;
const UNTAG = `mutation($input: UntagInput!) {
  untag(input: $input) {
    __typename
    ... on Interaction { id version topics { name } }
    ... on Need { id version topics { name } }
    ... on Insight { id version topics { name } }
  }
}`;
const TAG = `mutation($input: TagInput!) { tag(input: $input) { __typename ... on Interaction { id version topics { name } } ... on Need { id version topics { name } } } }`;
const UNLINK_NEED = `mutation($input: UnlinkNeedInput!) { unlinkNeed(input: $input) { id version heldNeeds { need { title } intensity } } }`;

/** The entries of a history, as a client reads them. */
const entries = (record: any) => record.history.edges.map((e: any) => e.node);

/** Runs `act` and asserts that it was refused with `code` (and the given extensions) and changed nothing in the graph. */
async function refusedUnchanged(act: () => Promise<any>, extensions: Record<string, unknown>, message?: string | RegExp) {
  const before = await graphFingerprint(s.graph);
  const res = await act();
  expect(res.errors).toHaveLength(1);
  expect(res.errors[0].extensions).toEqual(extensions);
  if (typeof message === 'string') expect(res.errors[0].message).toBe(message);
  else if (message) expect(res.errors[0].message).toMatch(message);
  expect(await graphFingerprint(s.graph)).toEqual(before);
  return res;
}

describe('version', () => {
  it('reads 1 on records written before versions existed, and starts at 1 on new records', async () => {
    const ins = await s.gql(
      `query($c: ID!, $i: ID!, $n: ID!, $ins: ID!) {
        customer(id: $c) { version segment { version } }
        interaction(id: $i) { version topics { name version } }
        need(id: $n) { version }
        insight(id: $ins) { annotations { edges { node { version } } } }
        customers(filter: { nameContains: "${P}" }) { edges { node { name version } } }
      }`,
      { c: cid('acme'), i: iid('i1'), n: nid('offline'), ins: w.id('insight', 'ann') },
      vic,
    );
    expect(ins.errors).toBeUndefined();
    expect(ins.data.customer).toEqual({ version: 1, segment: { version: 1 } });
    expect(ins.data.interaction).toEqual({ version: 1, topics: [{ name: `${P}-routing`, version: 1 }] });
    expect(ins.data.need).toEqual({ version: 1 });
    expect(ins.data.insight.annotations.edges).toEqual([{ node: { version: 1 } }, { node: { version: 1 } }]);
    expect(ins.data.customers.edges.every((e: any) => e.node.version === 1)).toBe(true);
    // The seeded nodes have no version property at all: they read as 1.
    expect(await s.cypher('MATCH (c:Customer {id: $id}) RETURN c.version AS v', { id: cid('acme') })).toEqual([{ v: null }]);

    const seg = await s.gql(`mutation { createSegment(input: { name: "${P} New seg" }) { id version } }`, {}, alice);
    const cust = await s.gql(`mutation { createCustomer(input: { name: "${P} New co", kind: ORGANIZATION }) { id version } }`, {}, alice);
    const need = await s.gql(
      `mutation($c: ID!) { raiseNeed(input: { customerId: $c, title: "${P} New need", kind: FUNCTIONAL }) { id version } }`,
      { c: cust.data.createCustomer.id },
      alice,
    );
    const rec = await s.gql(
      `mutation($c: ID!) { recordInteraction(input: { customerId: $c, channel: CHAT, touchpoint: SUPPORT, direction: INBOUND, summary: "Hi", topics: ["${P}-brand-new"] }) { id version topics { version } } }`,
      { c: cust.data.createCustomer.id },
      alice,
    );
    const ann = await s.gql(
      `mutation($i: ID!) { annotateInsight(input: { insightId: $i, kind: COMMENT, body: "New" }) { id version } }`,
      { i: w.id('insight', 'ins1') },
      alice,
    );
    for (const r of [seg, cust, need, rec, ann]) expect(r.errors).toBeUndefined();
    expect(rec.data.recordInteraction.topics).toEqual([{ version: 1 }]);
    const ids = [
      seg.data.createSegment.id,
      cust.data.createCustomer.id,
      need.data.raiseNeed.id,
      rec.data.recordInteraction.id,
      ann.data.annotateInsight.id,
    ];
    const stored = await s.cypher(
      `UNWIND $ids AS id MATCH (n {id: id}) RETURN id, n.version AS v
       UNION ALL MATCH (t:Topic {name: $topic}) RETURN t.id AS id, t.version AS v`,
      { ids, topic: `${P}-brand-new` },
    );
    expect(stored.map((r) => r.v)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe('updateInteraction', () => {
  it('changes only the fields given, replaces needs and topics, bumps the version and keeps what it replaced', async () => {
    const id = iid('e1');
    const res = await s.gql(
      UPDATE_INTERACTION,
      {
        input: {
          id,
          expectedVersion: 1,
          summary: '  Call about offline maps  ',
          channel: 'VIDEO_CALL',
          sentiment: null,
          expectedQuality: 5,
          needIds: [nid('solo'), nid('solo')],
          topics: [`  ${k('T-KEEP')} `, k('t-new')],
          handlerId: w.id('employee', 'bob'),
          occurredAt: '2025-06-02T10:30:00.000Z',
        },
      },
      alice,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateInteraction).toEqual({
      id,
      version: 2,
      summary: 'Call about offline maps',
      content: 'Content of e1.',
      channel: 'VIDEO_CALL',
      touchpoint: 'SUPPORT',
      direction: 'INBOUND',
      occurredAt: '2025-06-02T10:30:00.000Z',
      sentiment: null,
      expectedQuality: 5,
      perceivedQuality: 3,
      handler: { name: `${P} Bob Reviewer` },
      needs: [{ title: `${P} Solo need` }],
      topics: [{ name: k('t-keep') }, { name: k('t-new') }],
      customer: { name: `${P} Acme Freight` },
    });

    // A need newly expressed: the customer now holds it, as recording does (since it happened, intensity 0.5).
    const held = await s.gql(
      `query($c: ID!) { customer(id: $c) { heldNeeds { need { title } intensity since } } }`,
      { c: cid('acme') },
      vic,
    );
    expect(held.data.customer.heldNeeds).toContainEqual({
      need: { title: `${P} Solo need` },
      intensity: 0.5,
      since: '2025-06-02T10:30:00.000Z',
    });
    // A need no longer expressed stays held (unlinkNeed ends that).
    expect(held.data.customer.heldNeeds).toContainEqual({
      need: { title: 'Plan routes offline' },
      intensity: 0.8,
      since: '2025-04-01T00:00:00.000Z',
    });
    // The topic no longer carried still exists; it no longer lists this interaction.
    const old = await s.gql(
      `query { topics(filter: { nameContains: "${k('t-old')}" }) { edges { node { name interactions { totalCount } } } } }`,
      {},
      vic,
    );
    expect(old.data.topics.edges).toEqual([{ node: { name: k('t-old'), interactions: { totalCount: 0 } } }]);

    const read = await s.gql(INTERACTION, { id }, alice);
    expect(read.errors).toBeUndefined();
    expect(read.data.interaction.version).toBe(2);
    expect(read.data.interaction.history.totalCount).toBe(1);
    expect(entries(read.data.interaction)).toEqual([
      {
        kind: 'EDITED',
        version: 2,
        reason: null,
        otherId: null,
        recordType: 'INTERACTION',
        recordId: id,
        by: { name: `${P} Alice Author` },
        changes: [
          { field: 'channel', before: '"PHONE"', after: '"VIDEO_CALL"', withheld: false },
          { field: 'expectedQuality', before: '3', after: '5', withheld: false },
          {
            field: 'handlerId',
            before: JSON.stringify(w.id('employee', 'alice')),
            after: JSON.stringify(w.id('employee', 'bob')),
            withheld: false,
          },
          { field: 'needIds', before: JSON.stringify([nid('offline')]), after: JSON.stringify([nid('solo')]), withheld: false },
          { field: 'occurredAt', before: '"2025-06-01T09:00:00.000Z"', after: '"2025-06-02T10:30:00.000Z"', withheld: false },
          { field: 'sentiment', before: '0.1', after: null, withheld: false },
          { field: 'summary', before: '"Call e1"', after: '"Call about offline maps"', withheld: false },
          {
            field: 'topics',
            before: JSON.stringify([k('t-keep'), k('t-old')]),
            after: JSON.stringify([k('t-keep'), k('t-new')]),
            withheld: false,
          },
        ],
      },
    ]);
    // The node itself: version 2, qualities as integers, sentiment gone.
    const node = await s.cypher('MATCH (i:Interaction {id: $id}) RETURN i.version AS v, i.expectedQuality AS q, i.sentiment AS sentiment', {
      id,
    });
    expect(node).toEqual([{ v: 2, q: 5, sentiment: null }]);
  });

  it('withholds the content it replaced from a VIEWER, and shows it to an ANALYST', async () => {
    const id = iid('e2');
    const res = await s.gql(
      UPDATE_INTERACTION,
      { input: { id, expectedVersion: 1, content: 'Corrected notes.', summary: 'Call e2, corrected' } },
      alice,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateInteraction).toMatchObject({ version: 2, content: 'Corrected notes.', summary: 'Call e2, corrected' });
    const q = `query($id: ID!) { interaction(id: $id) { history { edges { node { kind version changes { field before after withheld } } } } } }`;
    const asViewer = await s.gql(q, { id }, vic);
    expect(asViewer.errors).toBeUndefined();
    expect(asViewer.data.interaction.history.edges[0].node).toEqual({
      kind: 'EDITED',
      version: 2,
      changes: [
        { field: 'content', before: null, after: null, withheld: true },
        { field: 'summary', before: '"Call e2"', after: '"Call e2, corrected"', withheld: false },
      ],
    });
    const asAnalyst = await s.gql(q, { id }, bob);
    expect(asAnalyst.data.interaction.history.edges[0].node.changes[0]).toEqual({
      field: 'content',
      before: '"Content of e2."',
      after: '"Corrected notes."',
      withheld: false,
    });
  });

  it('changes nothing and keeps no history when the values given are those it has', async () => {
    const id = iid('e3');
    const before = await graphFingerprint(s.graph);
    const res = await s.gql(
      UPDATE_INTERACTION,
      { input: { id, expectedVersion: 1, summary: 'Call e3', channel: 'PHONE', topics: [] } },
      alice,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateInteraction).toMatchObject({ version: 1, summary: 'Call e3', channel: 'PHONE' });
    expect(await graphFingerprint(s.graph)).toEqual(before);
  });

  it('refuses a stale version with a CONFLICT naming the current one, and changes nothing', async () => {
    const id = iid('e1'); // at version 2 since the first test
    const res = await refusedUnchanged(
      () => s.gql(UPDATE_INTERACTION, { input: { id, expectedVersion: 1, summary: 'Lost update' } }, bob),
      { code: 'CONFLICT', currentVersion: 2 },
      'The interaction changed since you read it (you have version 1, the current version is 2); reload it and try again.',
    );
    expect(res.data).toBeNull();
    const read = await s.gql(INTERACTION, { id }, alice);
    expect(read.data.interaction).toMatchObject({ version: 2, summary: 'Call about offline maps' });
    expect(read.data.interaction.history.totalCount).toBe(1);
  });

  it('refuses a VIEWER (FORBIDDEN), and changes nothing', async () => {
    await refusedUnchanged(() => s.gql(UPDATE_INTERACTION, { input: { id: iid('bad'), expectedVersion: 1, summary: 'x' } }, vic), {
      code: 'FORBIDDEN',
    });
  });

  it('refuses bad input with a coded error naming the field, and changes nothing', async () => {
    const id = iid('bad');
    const update = (input: Record<string, unknown>) => () =>
      s.gql(UPDATE_INTERACTION, { input: { id, expectedVersion: 1, ...input } }, alice);
    await refusedUnchanged(
      () => s.gql(UPDATE_INTERACTION, { input: { id: `${P}-nope`, expectedVersion: 1, summary: 'x' } }, alice),
      { code: 'NOT_FOUND', id: `${P}-nope` },
      `No interaction has the id '${P}-nope'.`,
    );
    await refusedUnchanged(
      update({ summary: 'x', needIds: [nid('solo'), `${P}-no-need`] }),
      { code: 'BAD_USER_INPUT', field: 'needIds' },
      `No need has the id '${P}-no-need'.`,
    );
    await refusedUnchanged(
      update({ handlerId: `${P}-nobody` }),
      { code: 'BAD_USER_INPUT', field: 'handlerId' },
      `No employee has the id '${P}-nobody'.`,
    );
    await refusedUnchanged(
      update({ occurredAt: new Date(Date.now() + 3_600_000).toISOString() }),
      { code: 'BAD_USER_INPUT', field: 'occurredAt' },
      'occurredAt cannot be in the future.',
    );
    const bigSummary = await refusedUnchanged(update({ summary: 's'.repeat(501) }), {
      code: 'BAD_USER_INPUT',
      field: 'summary',
      validationErrors: [{ field: 'summary', message: 'summary must be shorter than or equal to 500 characters' }],
    });
    expect(bigSummary.errors[0].message).toBe('summary: summary must be shorter than or equal to 500 characters');
    await refusedUnchanged(update({ summary: '   ' }), {
      code: 'BAD_USER_INPUT',
      field: 'summary',
      validationErrors: [{ field: 'summary', message: 'summary must not be empty or only spaces' }],
    });
    await refusedUnchanged(update({ content: 'c'.repeat(10_001) }), {
      code: 'BAD_USER_INPUT',
      field: 'content',
      validationErrors: [{ field: 'content', message: 'content must be shorter than or equal to 10000 characters' }],
    });
    await refusedUnchanged(update({ sentiment: 1.5 }), {
      code: 'BAD_USER_INPUT',
      field: 'sentiment',
      validationErrors: [{ field: 'sentiment', message: 'sentiment must not be greater than 1' }],
    });
    await refusedUnchanged(update({ topics: ['x'.repeat(61)] }), {
      code: 'BAD_USER_INPUT',
      field: 'topics',
      validationErrors: [{ field: 'topics', message: 'each value in topics must be shorter than or equal to 60 characters' }],
    });
    await refusedUnchanged(update({ expectedVersion: 0 }), {
      code: 'BAD_USER_INPUT',
      field: 'expectedVersion',
      validationErrors: [{ field: 'expectedVersion', message: 'expectedVersion must not be less than 1' }],
    });
    const badEnum = await refusedUnchanged(update({ channel: 'FAX' }), { code: 'BAD_USER_INPUT' });
    expect(badEnum.status).toBe(400);
    expect(badEnum.errors[0].message).toContain('Value "FAX" does not exist in "Channel" enum.');
    const noVersion = await refusedUnchanged(() => s.gql(UPDATE_INTERACTION, { input: { id, summary: 'x' } }, alice), {
      code: 'BAD_USER_INPUT',
    });
    expect(noVersion.errors[0].message).toContain('Field "expectedVersion" of required type "Int!" was not provided.');
  });

  it('refuses an interaction with an erased customer (CONFLICT), and changes nothing', async () => {
    await refusedUnchanged(
      () => s.gql(UPDATE_INTERACTION, { input: { id: iid('erin1'), expectedVersion: 1, summary: 'More about Erin' } }, alice),
      { code: 'CONFLICT', field: 'id' },
      `Customer '${cid('erin')}' has been erased; nothing more can be recorded about them.`,
    );
  });

  it('announces the edit (recordChanged), the need newly held (needRaised) and a health score it moved (customerHealthChanged)', async () => {
    // A fresh customer with analytics consent and one interaction today, sentiment 1: a healthy score.
    const c = await s.gql(
      `mutation { createCustomer(input: { name: "${P} Live Health", kind: PERSON, consent: { analytics: true } }) { id } }`,
      {},
      alice,
    );
    const customerId = c.data.createCustomer.id;
    const rec = await s.gql(
      `mutation($c: ID!) { recordInteraction(input: { customerId: $c, channel: CHAT, touchpoint: SUPPORT, direction: INBOUND, summary: "Happy chat", sentiment: 1 }) { id } }`,
      { c: customerId },
      alice,
    );
    const interactionId = rec.data.recordInteraction.id;
    const score = async () =>
      (await s.gql(`query($c: ID!) { customer(id: $c) { health { score } } }`, { c: customerId }, alice)).data.customer.health.score;
    const before = await score();

    const changed = await live(
      `subscription($c: ID) { recordChanged(customerId: $c) { kind recordType recordId customerIds otherId actor { name }
         change { version changes { field before after withheld } } } }`,
      { c: customerId },
      vic,
      Topics.RECORD_CHANGED,
    );
    const otherCustomer = await live(
      `subscription($c: ID) { recordChanged(customerId: $c) { recordId } }`,
      { c: cid('bolt') },
      vic,
      Topics.RECORD_CHANGED,
    );
    const raised = await live(
      `subscription($c: ID) { needRaised(customerId: $c) { need { title } customer { id } actor { name } } }`,
      { c: customerId },
      alice,
      Topics.NEED_RAISED,
    );
    const health = await live(
      `subscription($c: ID) { customerHealthChanged(customerId: $c, threshold: 60) { previousScore score direction interaction { id summary } } }`,
      { c: customerId },
      alice,
      Topics.CUSTOMER_HEALTH_CHANGED,
    );

    const res = await s.gql(
      UPDATE_INTERACTION,
      { input: { id: interactionId, expectedVersion: 1, sentiment: -1, summary: 'Angry chat, in fact', needIds: [nid('offline')] } },
      alice,
    );
    expect(res.errors).toBeUndefined();
    const after = await score();
    expect(before).toBeGreaterThanOrEqual(60);
    expect(after).toBeLessThan(60);

    expect((await changed.nth(1)).data.recordChanged).toEqual({
      kind: 'EDITED',
      recordType: 'INTERACTION',
      recordId: interactionId,
      customerIds: [customerId],
      otherId: null,
      actor: { name: `${P} Alice Author` },
      change: {
        version: 2,
        changes: [
          { field: 'needIds', before: '[]', after: JSON.stringify([nid('offline')]), withheld: false },
          { field: 'sentiment', before: '1', after: '-1', withheld: false },
          { field: 'summary', before: '"Happy chat"', after: '"Angry chat, in fact"', withheld: false },
        ],
      },
    });
    expect((await raised.nth(1)).data.needRaised).toEqual({
      need: { title: 'Plan routes offline' },
      customer: { id: customerId },
      actor: { name: `${P} Alice Author` },
    });
    expect((await health.nth(1)).data.customerHealthChanged).toEqual({
      previousScore: before,
      score: after,
      direction: 'DROPPED',
      interaction: { id: interactionId, summary: 'Angry chat, in fact' },
    });
    await sleep(300);
    expect(changed.events).toHaveLength(1);
    expect(otherCustomer.events).toHaveLength(0);
  });
});

describe('updateAnnotation', () => {
  const annotationsOf = async (insightKey: string) =>
    (
      await s.gql(
        `query($i: ID!) { insight(id: $i) { annotations { edges { node { id version kind body author { name } } } } } }`,
        { i: w.id('insight', insightKey) },
        alice,
      )
    ).data.insight.annotations.edges.map((e: any) => e.node);

  it('lets its author change body and kind, bumps the version and keeps what it replaced', async () => {
    const [bobs] = await annotationsOf('ann');
    expect(bobs).toMatchObject({ version: 1, kind: 'ENDORSEMENT', body: 'Heard it twice.', author: { name: `${P} Bob Reviewer` } });
    const res = await s.gql(
      UPDATE_ANNOTATION,
      { input: { id: bobs.id, expectedVersion: 1, body: 'Heard it three times.', kind: 'COMMENT' } },
      bob,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateAnnotation).toEqual({
      id: bobs.id,
      version: 2,
      kind: 'COMMENT',
      body: 'Heard it three times.',
      author: { name: `${P} Bob Reviewer` },
      insight: { id: w.id('insight', 'ann') },
    });
    const again = await s.gql(UPDATE_ANNOTATION, { input: { id: bobs.id, expectedVersion: 2, body: 'Heard it four times.' } }, bob);
    expect(again.data.updateAnnotation).toMatchObject({ version: 3, kind: 'COMMENT', body: 'Heard it four times.' });

    const h = await s.gql(
      `query($i: ID!) { insight(id: $i) { annotations { edges { node { id ${HISTORY} } } } } }`,
      { i: w.id('insight', 'ann') },
      vic,
    );
    expect(h.errors).toBeUndefined();
    const node = h.data.insight.annotations.edges.find((e: any) => e.node.id === bobs.id).node;
    expect(node.history.totalCount).toBe(2);
    expect(entries(node)).toEqual([
      {
        kind: 'EDITED',
        version: 3,
        reason: null,
        otherId: null,
        recordType: 'ANNOTATION',
        recordId: bobs.id,
        by: { name: `${P} Bob Reviewer` },
        changes: [{ field: 'body', before: '"Heard it three times."', after: '"Heard it four times."', withheld: false }],
      },
      {
        kind: 'EDITED',
        version: 2,
        reason: null,
        otherId: null,
        recordType: 'ANNOTATION',
        recordId: bobs.id,
        by: { name: `${P} Bob Reviewer` },
        changes: [
          { field: 'body', before: '"Heard it twice."', after: '"Heard it three times."', withheld: false },
          { field: 'kind', before: '"ENDORSEMENT"', after: '"COMMENT"', withheld: false },
        ],
      },
    ]);
  });

  it('refuses anyone but its author, an ADMIN too (FORBIDDEN), and a VIEWER; changes nothing', async () => {
    const [bobs, carols] = await annotationsOf('ann');
    const msg = 'Only the author of an annotation may change it; write your own annotation instead.';
    await refusedUnchanged(
      () => s.gql(UPDATE_ANNOTATION, { input: { id: bobs.id, expectedVersion: bobs.version, body: 'Hijacked' } }, alice),
      { code: 'FORBIDDEN' },
      msg,
    );
    await refusedUnchanged(
      () => s.gql(UPDATE_ANNOTATION, { input: { id: bobs.id, expectedVersion: bobs.version, body: 'Hijacked' } }, carol),
      { code: 'FORBIDDEN' },
      msg,
    );
    await refusedUnchanged(
      () => s.gql(UPDATE_ANNOTATION, { input: { id: bobs.id, expectedVersion: bobs.version, body: 'Hijacked' } }, vic),
      { code: 'FORBIDDEN' },
    );
    // The ADMIN edits their own.
    const own = await s.gql(UPDATE_ANNOTATION, { input: { id: carols.id, expectedVersion: 1, body: 'Carol was here, twice.' } }, carol);
    expect(own.data.updateAnnotation).toMatchObject({ version: 2, body: 'Carol was here, twice.', author: { name: `${P} Carol Admin` } });
  });

  it('refuses a stale version, an unknown id, bad input and an annotation about an erased customer; changes nothing', async () => {
    const [bobs] = await annotationsOf('ann');
    await refusedUnchanged(
      () => s.gql(UPDATE_ANNOTATION, { input: { id: bobs.id, expectedVersion: 1, body: 'Stale' } }, bob),
      { code: 'CONFLICT', currentVersion: bobs.version },
      `The annotation changed since you read it (you have version 1, the current version is ${bobs.version}); reload it and try again.`,
    );
    await refusedUnchanged(
      () => s.gql(UPDATE_ANNOTATION, { input: { id: `${P}-nope`, expectedVersion: 1, body: 'x' } }, bob),
      { code: 'NOT_FOUND', id: `${P}-nope` },
      `No annotation has the id '${P}-nope'.`,
    );
    await refusedUnchanged(
      () => s.gql(UPDATE_ANNOTATION, { input: { id: bobs.id, expectedVersion: bobs.version, body: 'y'.repeat(5001) } }, bob),
      {
        code: 'BAD_USER_INPUT',
        field: 'body',
        validationErrors: [{ field: 'body', message: 'body must be shorter than or equal to 5000 characters' }],
      },
    );
    const badKind = await refusedUnchanged(
      () => s.gql(UPDATE_ANNOTATION, { input: { id: bobs.id, expectedVersion: bobs.version, kind: 'RANT' } }, bob),
      { code: 'BAD_USER_INPUT' },
    );
    expect(badKind.errors[0].message).toContain('Value "RANT" does not exist in "AnnotationKind" enum.');
    const [erins] = await annotationsOf('erinins');
    await refusedUnchanged(
      () => s.gql(UPDATE_ANNOTATION, { input: { id: erins.id, expectedVersion: 1, body: 'More about Erin' } }, bob),
      { code: 'CONFLICT', field: 'id' },
      `Customer '${cid('erin')}' has been erased; nothing more can be recorded about them.`,
    );
  });
});

describe('updateSegment', () => {
  it('renames and re-describes a segment, with history; a name taken is a CONFLICT; stale, unknown and VIEWER are refused', async () => {
    const other = await s.gql(`mutation { createSegment(input: { name: "${P} Taken" }) { id } }`, {}, alice);
    expect(other.errors).toBeUndefined();
    const id = w.id('segment', 'seg');
    const res = await s.gql(
      UPDATE_SEGMENT,
      { input: { id, expectedVersion: 1, name: `  ${P} Freight  `, description: 'Freight forwarders.' } },
      alice,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateSegment).toEqual({ id, version: 2, name: `${P} Freight`, description: 'Freight forwarders.' });
    const listed = await s.gql(
      `query { segments(filter: { nameContains: "${P} freight" }) { totalCount edges { node { name customers { totalCount } } } } }`,
      {},
      vic,
    );
    expect(listed.data.segments).toEqual({ totalCount: 1, edges: [{ node: { name: `${P} Freight`, customers: { totalCount: 2 } } }] });

    await refusedUnchanged(
      () => s.gql(UPDATE_SEGMENT, { input: { id, expectedVersion: 2, name: `${P} Taken` } }, alice),
      { code: 'CONFLICT', field: 'name' },
      `A segment named '${P} Taken' already exists; choose another name.`,
    );
    await refusedUnchanged(() => s.gql(UPDATE_SEGMENT, { input: { id, expectedVersion: 1, name: 'Stale' } }, alice), {
      code: 'CONFLICT',
      currentVersion: 2,
    });
    await refusedUnchanged(() => s.gql(UPDATE_SEGMENT, { input: { id: `${P}-nope`, expectedVersion: 1, name: 'x' } }, alice), {
      code: 'NOT_FOUND',
      id: `${P}-nope`,
    });
    await refusedUnchanged(() => s.gql(UPDATE_SEGMENT, { input: { id, expectedVersion: 2, name: 'x' } }, vic), { code: 'FORBIDDEN' });
    await refusedUnchanged(() => s.gql(UPDATE_SEGMENT, { input: { id, expectedVersion: 2, name: 'n'.repeat(101) } }, alice), {
      code: 'BAD_USER_INPUT',
      field: 'name',
      validationErrors: [{ field: 'name', message: 'name must be shorter than or equal to 100 characters' }],
    });

    const h = await s.gql(`query($id: ID!) { segment(id: $id) { version ${HISTORY} } }`, { id }, vic);
    expect(h.data.segment.version).toBe(2);
    expect(entries(h.data.segment)).toEqual([
      {
        kind: 'EDITED',
        version: 2,
        reason: null,
        otherId: null,
        recordType: 'SEGMENT',
        recordId: id,
        by: { name: `${P} Alice Author` },
        changes: [
          { field: 'description', before: '"Test segment"', after: '"Freight forwarders."', withheld: false },
          { field: 'name', before: JSON.stringify(`${P} Logistics`), after: JSON.stringify(`${P} Freight`), withheld: false },
        ],
      },
    ]);
  });
});

describe('updateTopic', () => {
  it('renames a topic (normalized); what it tags keeps it; a name taken is a CONFLICT', async () => {
    const found = await s.gql(
      `query { topics(filter: { nameContains: "${k('rename-me')}" }) { edges { node { id version name } } } }`,
      {},
      vic,
    );
    const topic = found.data.topics.edges[0].node;
    expect(topic).toMatchObject({ version: 1, name: k('rename-me') });
    const res = await s.gql(UPDATE_TOPIC, { input: { id: topic.id, expectedVersion: 1, name: `  ${k('Renamed-Topic')} ` } }, alice);
    expect(res.errors).toBeUndefined();
    expect(res.data.updateTopic).toEqual({ id: topic.id, version: 2, name: k('renamed-topic') });
    const tagged = await s.gql(
      `query($i: ID!) { interaction(id: $i) { topics { name } } interactions(filter: { topic: "${k('RENAMED-topic')}" }) { totalCount } }`,
      { i: iid('renamed') },
      vic,
    );
    expect(tagged.data).toEqual({ interaction: { topics: [{ name: k('renamed-topic') }] }, interactions: { totalCount: 1 } });

    await refusedUnchanged(
      () => s.gql(UPDATE_TOPIC, { input: { id: topic.id, expectedVersion: 2, name: k('T-KEEP') } }, alice),
      { code: 'CONFLICT', field: 'name' },
      `A topic named '${k('t-keep')}' already exists; choose another name, or tag with that topic instead.`,
    );
    await refusedUnchanged(() => s.gql(UPDATE_TOPIC, { input: { id: topic.id, expectedVersion: 1, name: 'stale' } }, alice), {
      code: 'CONFLICT',
      currentVersion: 2,
    });
    await refusedUnchanged(() => s.gql(UPDATE_TOPIC, { input: { id: `${P}-nope`, expectedVersion: 1, name: 'x' } }, alice), {
      code: 'NOT_FOUND',
      id: `${P}-nope`,
    });
    await refusedUnchanged(() => s.gql(UPDATE_TOPIC, { input: { id: topic.id, expectedVersion: 2, name: 'x' } }, vic), {
      code: 'FORBIDDEN',
    });
    await refusedUnchanged(() => s.gql(UPDATE_TOPIC, { input: { id: topic.id, expectedVersion: 2, name: ' '.repeat(3) } }, alice), {
      code: 'BAD_USER_INPUT',
      field: 'name',
      validationErrors: [{ field: 'name', message: 'name must not be empty or only spaces' }],
    });
    await refusedUnchanged(() => s.gql(UPDATE_TOPIC, { input: { id: topic.id, expectedVersion: 2, name: 't'.repeat(61) } }, alice), {
      code: 'BAD_USER_INPUT',
      field: 'name',
      validationErrors: [{ field: 'name', message: 'name must be shorter than or equal to 60 characters' }],
    });

    const h = await s.gql(`query { topics(filter: { nameContains: "${k('renamed-topic')}" }) { edges { node { ${HISTORY} } } } }`, {}, vic);
    expect(entries(h.data.topics.edges[0].node)).toEqual([
      {
        kind: 'EDITED',
        version: 2,
        reason: null,
        otherId: null,
        recordType: 'TOPIC',
        recordId: topic.id,
        by: { name: `${P} Alice Author` },
        changes: [{ field: 'name', before: JSON.stringify(k('rename-me')), after: JSON.stringify(k('renamed-topic')), withheld: false }],
      },
    ]);
  });
});

describe('updateCustomer and updateNeed with expectedVersion', () => {
  it('updateCustomer checks expectedVersion when given, bumps the version and keeps history (email and phone withheld from a VIEWER)', async () => {
    const id = cid('dana');
    const res = await s.gql(
      UPDATE_CUSTOMER,
      {
        input: {
          id,
          expectedVersion: 1,
          phone: '+49 30 7654321',
          email: null,
          lifecycleStage: 'AT_RISK',
          consent: { analytics: false },
          organizationId: null,
        },
      },
      alice,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateCustomer).toEqual({
      id,
      version: 2,
      name: `${P} Dana Contact`,
      email: null,
      phone: '+49 30 7654321',
      lifecycleStage: 'AT_RISK',
      consent: { contact: true, analytics: false },
    });
    // Without expectedVersion: applies to whatever is current, and still counts.
    const blind = await s.gql(UPDATE_CUSTOMER, { input: { id, name: `${P} Dana C.` } }, bob);
    expect(blind.data.updateCustomer).toMatchObject({ version: 3, name: `${P} Dana C.` });
    await refusedUnchanged(
      () => s.gql(UPDATE_CUSTOMER, { input: { id, expectedVersion: 2, name: 'Stale' } }, alice),
      { code: 'CONFLICT', currentVersion: 3 },
      'The customer changed since you read it (you have version 2, the current version is 3); reload it and try again.',
    );

    const q = `query($id: ID!) { customer(id: $id) { version ${HISTORY} } }`;
    const asViewer = await s.gql(q, { id }, vic);
    expect(asViewer.errors).toBeUndefined();
    expect(asViewer.data.customer.version).toBe(3);
    expect(entries(asViewer.data.customer)).toEqual([
      {
        kind: 'EDITED',
        version: 3,
        reason: null,
        otherId: null,
        recordType: 'CUSTOMER',
        recordId: id,
        by: { name: `${P} Bob Reviewer` },
        changes: [{ field: 'name', before: JSON.stringify(`${P} Dana Contact`), after: JSON.stringify(`${P} Dana C.`), withheld: false }],
      },
      {
        kind: 'EDITED',
        version: 2,
        reason: null,
        otherId: null,
        recordType: 'CUSTOMER',
        recordId: id,
        by: { name: `${P} Alice Author` },
        changes: [
          { field: 'consent', before: '{"contact":true,"analytics":true}', after: '{"contact":true,"analytics":false}', withheld: false },
          { field: 'email', before: null, after: null, withheld: true },
          { field: 'lifecycleStage', before: '"ACTIVE"', after: '"AT_RISK"', withheld: false },
          { field: 'organizationId', before: JSON.stringify(cid('acme')), after: null, withheld: false },
          { field: 'phone', before: null, after: null, withheld: true },
        ],
      },
    ]);
    const asAnalyst = await s.gql(q, { id }, alice);
    const personal = entries(asAnalyst.data.customer)[1].changes.filter((c: any) => c.field === 'email' || c.field === 'phone');
    expect(personal).toEqual([
      { field: 'email', before: '"dana@acme.example"', after: null, withheld: false },
      { field: 'phone', before: '"+49 30 1234567"', after: '"+49 30 7654321"', withheld: false },
    ]);
  });

  it('updateNeed checks expectedVersion when given, bumps the version and keeps history', async () => {
    const id = nid('held');
    const res = await s.gql(
      UPDATE_NEED,
      { input: { id, expectedVersion: 1, priority: 'CRITICAL', status: 'IN_PROGRESS', title: `${P} Held need` } },
      alice,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateNeed).toEqual({ id, version: 2, title: `${P} Held need`, priority: 'CRITICAL', status: 'IN_PROGRESS' });
    await refusedUnchanged(() => s.gql(UPDATE_NEED, { input: { id, expectedVersion: 1, status: 'MET' } }, alice), {
      code: 'CONFLICT',
      currentVersion: 2,
    });
    await refusedUnchanged(() => s.gql(UPDATE_NEED, { input: { id: `${P}-nope`, expectedVersion: 1, status: 'MET' } }, alice), {
      code: 'NOT_FOUND',
      id: `${P}-nope`,
    });
    await refusedUnchanged(() => s.gql(UPDATE_NEED, { input: { id, status: 'MET' } }, vic), { code: 'FORBIDDEN' });
    const h = await s.gql(`query($id: ID!) { need(id: $id) { version ${HISTORY} } }`, { id }, vic);
    expect(h.data.need.version).toBe(2);
    expect(entries(h.data.need)).toEqual([
      {
        kind: 'EDITED',
        version: 2,
        reason: null,
        otherId: null,
        recordType: 'NEED',
        recordId: id,
        by: { name: `${P} Alice Author` },
        changes: [
          { field: 'priority', before: '"HIGH"', after: '"CRITICAL"', withheld: false },
          { field: 'status', before: '"OPEN"', after: '"IN_PROGRESS"', withheld: false },
        ],
      },
    ]);
    // The change concerns the customers who hold the need.
    const kept = await s.cypher('MATCH (x:RecordChange {recordId: $id}) RETURN x.customerIds AS customerIds', { id });
    expect(kept).toEqual([{ customerIds: [cid('acme'), cid('dana')].sort() }]);
  });
});

describe('untag and tag', () => {
  it("untag takes topics off an interaction: its list and the topic's count change, its version moves on, its history says UNLINKED", async () => {
    const id = iid('tagme');
    const count = async (name: string) =>
      (await s.gql(`query { interactions(filter: { topic: "${name}" }) { totalCount } }`, {}, vic)).data.interactions.totalCount;
    expect(await count(k('t-alpha'))).toBe(1);
    const res = await s.gql(UNTAG, { input: { targetId: id, topics: [`  ${k('T-ALPHA')}`] } }, alice);
    expect(res.errors).toBeUndefined();
    expect(res.data.untag).toEqual({ __typename: 'Interaction', id, version: 2, topics: [{ name: k('t-b') }] });
    expect(await count(k('t-alpha'))).toBe(0);
    // The topic stays in the taxonomy.
    expect(
      (await s.gql(`query { topics(filter: { nameContains: "${k('t-alpha')}" }) { totalCount } }`, {}, vic)).data.topics.totalCount,
    ).toBe(1);

    const tagged = await s.gql(TAG, { input: { targetId: id, topics: [k('t-c')] } }, bob);
    expect(tagged.data.tag).toEqual({ __typename: 'Interaction', id, version: 3, topics: [{ name: k('t-b') }, { name: k('t-c') }] });
    const read = await s.gql(INTERACTION, { id }, vic);
    expect(entries(read.data.interaction).map((e: any) => [e.kind, e.version, e.by.name, e.changes])).toEqual([
      [
        'LINKED',
        3,
        `${P} Bob Reviewer`,
        [{ field: 'topics', before: JSON.stringify([k('t-b')]), after: JSON.stringify([k('t-b'), k('t-c')]), withheld: false }],
      ],
      [
        'UNLINKED',
        2,
        `${P} Alice Author`,
        [{ field: 'topics', before: JSON.stringify([k('t-alpha'), k('t-b')]), after: JSON.stringify([k('t-b')]), withheld: false }],
      ],
    ]);
    // Tagging with a topic it already carries changes nothing.
    const before = await graphFingerprint(s.graph);
    const same = await s.gql(TAG, { input: { targetId: id, topics: [k('t-c')] } }, bob);
    expect(same.data.tag.version).toBe(3);
    expect(await graphFingerprint(s.graph)).toEqual(before);
  });

  it('untag on a need and on an insight', async () => {
    const need = await s.gql(UNTAG, { input: { targetId: nid('tagneed'), topics: [k('t-one'), k('t-two')] } }, alice);
    expect(need.data.untag).toEqual({ __typename: 'Need', id: nid('tagneed'), version: 2, topics: [] });
    const needCount = await s.gql(`query { needs(filter: { topic: "${k('t-one')}" }) { totalCount } }`, {}, vic);
    expect(needCount.data.needs.totalCount).toBe(0);
    const h = await s.gql(`query($id: ID!) { need(id: $id) { ${HISTORY} } }`, { id: nid('tagneed') }, vic);
    expect(entries(h.data.need)).toEqual([
      {
        kind: 'UNLINKED',
        version: 2,
        reason: null,
        otherId: null,
        recordType: 'NEED',
        recordId: nid('tagneed'),
        by: { name: `${P} Alice Author` },
        changes: [{ field: 'topics', before: JSON.stringify([k('t-one'), k('t-two')]), after: '[]', withheld: false }],
      },
    ]);

    // An insight's topics change; its version (of its content) does not.
    const ins = await s.gql(UNTAG, { input: { targetId: w.id('insight', 'tagins'), topics: [k('t-ins1')] } }, alice);
    expect(ins.errors).toBeUndefined();
    expect(ins.data.untag).toEqual({ __typename: 'Insight', id: w.id('insight', 'tagins'), version: 1, topics: [{ name: k('t-ins2') }] });
    const insCount = await s.gql(`query { insights(filter: { topic: "${k('t-ins1')}" }) { totalCount } }`, {}, vic);
    expect(insCount.data.insights.totalCount).toBe(0);
  });

  it("untag refuses a topic not carried, an unknown target, an ARCHIVED insight, an erased customer's interaction and a VIEWER; changes nothing", async () => {
    await refusedUnchanged(
      () => s.gql(UNTAG, { input: { targetId: iid('bad'), topics: [k('t-bad'), k('t-nope')] } }, alice),
      { code: 'BAD_USER_INPUT', field: 'topics' },
      `It does not carry the topic '${k('t-nope')}'; it carries '${k('t-bad')}'.`,
    );
    await refusedUnchanged(() => s.gql(UNTAG, { input: { targetId: `${P}-nope`, topics: ['x'] } }, alice), {
      code: 'NOT_FOUND',
      id: `${P}-nope`,
    });
    await refusedUnchanged(
      () => s.gql(UNTAG, { input: { targetId: w.id('insight', 'archived'), topics: [k('t-arch')] } }, alice),
      { code: 'CONFLICT', status: 'ARCHIVED' },
      'Topics cannot be taken off an ARCHIVED insight.',
    );
    // Given under its deprecated name `targetId`, the field is named as it is called now: `id`.
    await refusedUnchanged(() => s.gql(UNTAG, { input: { targetId: iid('erin1'), topics: [k('t-erin')] } }, alice), {
      code: 'CONFLICT',
      field: 'id',
    });
    await refusedUnchanged(() => s.gql(UNTAG, { input: { id: nid('erinneed'), topics: [k('t-erin')] } }, alice), {
      code: 'CONFLICT',
      field: 'id',
    });
    await refusedUnchanged(() => s.gql(UNTAG, { input: { targetId: iid('bad'), topics: [k('t-bad')] } }, vic), { code: 'FORBIDDEN' });
    await refusedUnchanged(() => s.gql(UNTAG, { input: { targetId: iid('bad'), topics: [] } }, alice), {
      code: 'BAD_USER_INPUT',
      field: 'topics',
      validationErrors: [{ field: 'topics', message: 'topics should not be empty' }],
    });
  });
});

describe('unlinkNeed', () => {
  it("ends a customer holding a need: lists and counts change, the customer's version moves on, its history keeps the link", async () => {
    const customerId = cid('dana');
    const needId = nid('held');
    const holders = async () =>
      (await s.gql(`query($n: ID!) { need(id: $n) { customers { totalCount edges { node { name } } } } }`, { n: needId }, vic)).data.need
        .customers;
    expect((await holders()).totalCount).toBe(2);
    const { version } = (await s.gql(`query($c: ID!) { customer(id: $c) { version } }`, { c: customerId }, vic)).data.customer;

    const changed = await live(
      `subscription($c: ID) { recordChanged(customerId: $c) { kind recordType recordId change { version } } }`,
      { c: customerId },
      vic,
      Topics.RECORD_CHANGED,
    );
    const res = await s.gql(UNLINK_NEED, { input: { customerId, needId } }, alice);
    expect(res.errors).toBeUndefined();
    expect(res.data.unlinkNeed).toEqual({ id: customerId, version: version + 1, heldNeeds: [] });
    expect(await holders()).toEqual({ totalCount: 1, edges: [{ node: { name: `${P} Acme Freight` } }] });
    const filtered = await s.gql(`query($n: ID!) { customers(filter: { hasNeedId: $n }) { totalCount } }`, { n: needId }, vic);
    expect(filtered.data.customers.totalCount).toBe(1);
    const needs = await s.gql(`query($c: ID!) { customer(id: $c) { needs { totalCount } } }`, { c: customerId }, vic);
    expect(needs.data.customer.needs.totalCount).toBe(0);
    // The need itself stays.
    expect((await s.gql(`query($n: ID!) { need(id: $n) { title } }`, { n: needId }, vic)).data.need).toEqual({ title: `${P} Held need` });

    const h = await s.gql(`query($c: ID!) { customer(id: $c) { ${HISTORY} } }`, { c: customerId }, vic);
    expect(entries(h.data.customer)[0]).toEqual({
      kind: 'UNLINKED',
      version: version + 1,
      reason: null,
      otherId: null,
      recordType: 'CUSTOMER',
      recordId: customerId,
      by: { name: `${P} Alice Author` },
      changes: [
        { field: 'intensity', before: '0.9', after: null, withheld: false },
        { field: 'needId', before: JSON.stringify(needId), after: null, withheld: false },
        { field: 'since', before: '"2025-03-01T00:00:00.000Z"', after: null, withheld: false },
      ],
    });
    expect((await changed.nth(1)).data.recordChanged).toEqual({
      kind: 'UNLINKED',
      recordType: 'CUSTOMER',
      recordId: customerId,
      change: { version: version + 1 },
    });
  });

  it('refuses a link that does not exist, unknown ids, an erased customer and a VIEWER; changes nothing', async () => {
    await refusedUnchanged(
      () => s.gql(UNLINK_NEED, { input: { customerId: cid('dana'), needId: nid('held') } }, alice),
      { code: 'BAD_USER_INPUT', field: 'needId' },
      `Customer '${cid('dana')}' does not hold the need '${nid('held')}'.`,
    );
    await refusedUnchanged(
      () => s.gql(UNLINK_NEED, { input: { customerId: `${P}-nope`, needId: nid('held') } }, alice),
      { code: 'NOT_FOUND', id: `${P}-nope` },
      `No customer has the id '${P}-nope'.`,
    );
    await refusedUnchanged(
      () => s.gql(UNLINK_NEED, { input: { customerId: cid('acme'), needId: `${P}-nope` } }, alice),
      { code: 'BAD_USER_INPUT', field: 'needId' },
      `No need has the id '${P}-nope'.`,
    );
    await refusedUnchanged(() => s.gql(UNLINK_NEED, { input: { customerId: cid('erin'), needId: nid('erinneed') } }, alice), {
      code: 'CONFLICT',
      field: 'customerId',
    });
    await refusedUnchanged(() => s.gql(UNLINK_NEED, { input: { customerId: cid('acme'), needId: nid('held') } }, vic), {
      code: 'FORBIDDEN',
    });
  });
});
