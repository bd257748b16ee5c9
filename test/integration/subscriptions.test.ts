import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { AccessRole } from '../../src/graphql/access';
import { mintToken } from '../../src/server/auth';
import { Topics } from '../../src/realtime/topics';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../../src/server/websocket';
import { startTestServer, type TestServer } from '../helpers/server';
import { subscribe, until, sleep, type LiveSubscription } from '../helpers/live';
import { buildWorld, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let alice: string;
let bob: string;
const open: LiveSubscription[] = [];

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  bob = await s.token(w.id('employee', 'bob'), [AccessRole.ANALYST]);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.dispose()));
  // Each test starts with no subscription left over from the one before.
  await until(() => Object.values(Topics).every((t) => s.events.listenerCount(t) === 0), 5_000, 'old subscriptions to end');
});
afterAll(() => s.close());

/** Subscribes and waits until the server listens, so that no event can slip past. */
async function live(query: string, variables: Record<string, unknown> = {}, token: string = alice, topic: string = Topics.INSIGHT_CHANGED) {
  const before = s.events.listenerCount(topic as never);
  const l = subscribe(s.wsUrl, `Bearer ${token}`, query, variables);
  open.push(l);
  await until(() => s.events.listenerCount(topic as never) > before, 5_000, 'the subscription to start');
  return l;
}

const RECORD = `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`;
let counter = 0;
const record = (customerKey: string, extra: Record<string, unknown> = {}, token = alice) =>
  s.gql(
    RECORD,
    {
      input: {
        externalId: `${w.prefix}-live-${++counter}`,
        customerId: w.id('customer', customerKey),
        channel: 'CHAT',
        touchpoint: 'SUPPORT',
        direction: 'INBOUND',
        summary: `Live ${counter}`,
        topics: ['live'],
        ...extra,
      },
    },
    token,
  );

describe('interactionRecorded', () => {
  const SUB = `subscription($c: ID, $e: ID, $ch: [Channel!]) {
    interactionRecorded(customerId: $c, employeeId: $e, channels: $ch) {
      at actor { name } interaction { summary channel customer { name } handler { name } topics { name } }
    }
  }`;

  it('delivers the committed interaction with nested fields resolved', async () => {
    const l = await live(SUB, { c: w.id('customer', 'acme') }, alice, Topics.INTERACTION_RECORDED);
    const res = await record('acme', { summary: 'Asked about live tracking' });
    expect(res.errors).toBeUndefined();
    const event = await l.nth(1);
    expect(event.data.interactionRecorded).toEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      actor: { name: `${w.prefix} Alice Author` },
      interaction: {
        summary: 'Asked about live tracking',
        channel: 'CHAT',
        customer: { name: `${w.prefix} Acme Freight` },
        handler: { name: `${w.prefix} Alice Author` },
        topics: [{ name: 'live' }],
      },
    });
  });

  it("filters on the server: a subscriber to one customer never receives another customer's events", async () => {
    const boltOnly = await live(SUB, { c: w.id('customer', 'bolt') }, alice, Topics.INTERACTION_RECORDED);
    const emailByBob = await live(SUB, { e: w.id('employee', 'bob'), ch: ['EMAIL'] }, alice, Topics.INTERACTION_RECORDED);
    await record('acme', { summary: 'acme 1' });
    await record('acme', { summary: 'acme 2', channel: 'EMAIL' });
    await record('bolt', { summary: 'bolt by alice' });
    await record('bolt', { summary: 'bolt email by bob', channel: 'EMAIL', handlerId: w.id('employee', 'bob') });
    await boltOnly.nth(2);
    await emailByBob.nth(1);
    await sleep(300);
    expect(boltOnly.events.map((e) => e.data.interactionRecorded.interaction.summary)).toEqual(['bolt by alice', 'bolt email by bob']);
    expect(emailByBob.events.map((e) => e.data.interactionRecorded.interaction.summary)).toEqual(['bolt email by bob']);
  });

  it('publishes nothing for a refused mutation or a retry, and keeps commit order', async () => {
    const l = await live(SUB, { c: w.id('customer', 'bolt') }, alice, Topics.INTERACTION_RECORDED);
    const refused = await record('bolt', { needIds: ['no-such-need'], summary: 'refused' });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const first = await record('bolt', { summary: 'in order 1', externalId: `${w.prefix}-dup` });
    const retry = await record('bolt', { summary: 'in order 1', externalId: `${w.prefix}-dup` });
    expect(retry.data.recordInteraction.id).toBe(first.data.recordInteraction.id);
    for (let i = 2; i <= 10; i++) await record('bolt', { summary: `in order ${i}` });
    await l.nth(10);
    await sleep(300);
    expect(l.events.map((e) => e.data.interactionRecorded.interaction.summary)).toEqual(
      Array.from({ length: 10 }, (_, i) => `in order ${i + 1}`),
    );
  });
});

describe('insightChanged', () => {
  const SUB = `subscription($c: ID, $n: ID, $t: String, $k: [InsightChangeKind!]) {
    insightChanged(customerId: $c, needId: $n, topic: $t, kinds: $k) {
      kind at actor { name } annotation { kind body }
      insight { title status version author { name } subjects { __typename ... on Customer { name } ... on Need { title } } evidence { summary } }
    }
  }`;
  const mutate = (query: string, input: Record<string, unknown>, token = alice) => s.gql(query, { input }, token);

  // `InsightChange.insight` is the insight as it is when the event is delivered (its description
  // says so), so each change waits for its event before the next one is made.
  it('reports every kind of change, in order, with the insight as each change left it', async () => {
    const l = await live(SUB, { c: w.id('customer', 'bolt') });
    const proposed = await mutate(`mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }`, {
      title: 'Bolt churns on price',
      body: 'Two quotes lost.',
      origin: 'ABOUT_CUSTOMER',
      confidence: 0.6,
      customerIds: [w.id('customer', 'bolt')],
      topics: ['Pricing'],
    });
    const id = proposed.data.proposeInsight.id;
    await l.nth(1);
    await mutate(`mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { id } }`, {
      id,
      expectedVersion: 1,
      confidence: 0.8,
    });
    await l.nth(2);
    await mutate(`mutation($input: ChangeInsightStatusInput!) { validateInsight(input: $input) { id } }`, { id }, bob);
    await l.nth(3);
    await mutate(
      `mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id } }`,
      { insightId: id, kind: 'CHALLENGE', body: 'Only two quotes?' },
      bob,
    );
    await l.nth(4);
    await mutate(`mutation($input: LinkEvidenceInput!) { linkEvidence(input: $input) { id } }`, {
      insightId: id,
      interactionIds: [w.id('interaction', 'i2')],
    });
    await l.nth(5);
    await mutate(`mutation($input: ChangeInsightStatusInput!) { archiveInsight(input: $input) { id } }`, { id });
    await l.nth(6);
    const events = l.events.map((e) => e.data.insightChanged);
    expect(events.map((e) => [e.kind, e.insight.status, e.insight.version, e.actor.name])).toEqual([
      ['PROPOSED', 'PROPOSED', 1, `${w.prefix} Alice Author`],
      ['REVISED', 'PROPOSED', 2, `${w.prefix} Alice Author`],
      ['VALIDATED', 'VALIDATED', 3, `${w.prefix} Bob Reviewer`],
      ['ANNOTATED', 'VALIDATED', 3, `${w.prefix} Bob Reviewer`],
      ['EVIDENCE_LINKED', 'VALIDATED', 3, `${w.prefix} Alice Author`],
      ['ARCHIVED', 'ARCHIVED', 4, `${w.prefix} Alice Author`],
    ]);
    expect(events[0].insight).toEqual({
      title: 'Bolt churns on price',
      status: 'PROPOSED',
      version: 1,
      author: { name: `${w.prefix} Alice Author` },
      subjects: [{ __typename: 'Customer', name: `${w.prefix} Bolt Couriers` }],
      evidence: [],
    });
    expect(events[3].annotation).toEqual({ kind: 'CHALLENGE', body: 'Only two quotes?' });
    expect(events[4].insight.evidence).toEqual([{ summary: 'Invoice sent' }]);
    expect(events.filter((e) => e.kind !== 'ANNOTATED').every((e) => e.annotation === null)).toBe(true);
  });

  it('announces the comment a status change with a reason writes, as ANNOTATED after the change', async () => {
    const l = await live(SUB, { c: w.id('customer', 'bolt'), k: ['REFUTED', 'ANNOTATED'] });
    const proposed = await mutate(`mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }`, {
      title: 'Bolt wants weekly invoices',
      body: 'Said once.',
      origin: 'FROM_CUSTOMER',
      confidence: 0.4,
      customerIds: [w.id('customer', 'bolt')],
    });
    const refuted = await mutate(
      `mutation($input: ChangeInsightStatusInput!) { refuteInsight(input: $input) { id } }`,
      { id: proposed.data.proposeInsight.id, reason: 'They asked for monthly.' },
      bob,
    );
    expect(refuted.errors).toBeUndefined();
    await l.nth(2);
    expect(l.events.map((e) => [e.data.insightChanged.kind, e.data.insightChanged.annotation])).toEqual([
      ['REFUTED', null],
      ['ANNOTATED', { kind: 'COMMENT', body: 'REFUTED: They asked for monthly.' }],
    ]);
  });

  it('filters by need, topic and kind; a draft and a refused change announce nothing', async () => {
    const byNeed = await live(SUB, { n: w.id('need', 'offline'), k: ['PROPOSED'] });
    const byTopic = await live(SUB, { t: 'Roadmap' });
    await mutate(`mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }`, {
      title: 'A draft',
      body: 'b',
      origin: 'FROM_CUSTOMER',
      confidence: 0.5,
      needIds: [w.id('need', 'offline')],
      topics: ['roadmap'],
      draft: true,
    });
    const stale = await mutate(`mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { id } }`, {
      id: w.id('insight', 'ins1'),
      expectedVersion: 99,
      confidence: 0.1,
    });
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    await mutate(`mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }`, {
      title: 'Offline for all',
      body: 'b',
      origin: 'FROM_CUSTOMER',
      confidence: 0.5,
      needIds: [w.id('need', 'offline')],
      topics: ['roadmap'],
    });
    await byNeed.nth(1);
    await byTopic.nth(1);
    await sleep(300);
    expect(byNeed.events.map((e) => e.data.insightChanged.insight.title)).toEqual(['Offline for all']);
    expect(byTopic.events.map((e) => e.data.insightChanged.insight.title)).toEqual(['Offline for all']);
  });
});

describe('needRaised', () => {
  it('announces a raised need and a need newly linked to the customer, never a rolled-back link', async () => {
    const l = await live(
      `subscription($c: ID) { needRaised(customerId: $c) { need { title } customer { name } actor { name } } }`,
      { c: w.id('customer', 'bolt') },
      alice,
      Topics.NEED_RAISED,
    );
    // Rolled back: the customer link is written, then the unknown interaction aborts the transaction.
    const rolledBack = await s.gql(
      `mutation($input: LinkNeedInput!) { linkNeed(input: $input) { id } }`,
      {
        input: { needId: w.id('need', 'offline'), customerId: w.id('customer', 'bolt'), interactionId: 'no-such-interaction' },
      },
      alice,
    );
    expect(rolledBack.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'interactionId' });
    await s.gql(
      `mutation($input: RaiseNeedInput!) { raiseNeed(input: $input) { id } }`,
      {
        input: { customerId: w.id('customer', 'bolt'), title: 'Cheaper handhelds', kind: 'FUNCTIONAL' },
      },
      alice,
    );
    await s.gql(
      `mutation($input: LinkNeedInput!) { linkNeed(input: $input) { id } }`,
      {
        input: { needId: w.id('need', 'offline'), customerId: w.id('customer', 'bolt') },
      },
      bob,
    );
    await l.nth(2);
    await sleep(300);
    expect(l.events.map((e) => e.data.needRaised)).toEqual([
      {
        need: { title: 'Cheaper handhelds' },
        customer: { name: `${w.prefix} Bolt Couriers` },
        actor: { name: `${w.prefix} Alice Author` },
      },
      {
        need: { title: 'Plan routes offline' },
        customer: { name: `${w.prefix} Bolt Couriers` },
        actor: { name: `${w.prefix} Bob Reviewer` },
      },
    ]);
  });
});

describe('an event whose interaction was deleted before delivery', () => {
  it('is a NOT_FOUND error for that event, not an internal error', async () => {
    const l = await live(
      `subscription($c: ID) { interactionRecorded(customerId: $c) { interaction { summary } } }`,
      { c: w.id('customer', 'bolt') },
      alice,
      Topics.INTERACTION_RECORDED,
    );
    // What erasure leaves behind: an event committed just before, for an interaction deleted since.
    await s.publish(Topics.INTERACTION_RECORDED, {
      interactionId: `${w.prefix}-gone`,
      customerId: w.id('customer', 'bolt'),
      handlerId: w.id('employee', 'alice'),
      channel: 'CHAT',
      actorId: w.id('employee', 'alice'),
      at: new Date().toISOString(),
    });
    const event = await l.nth(1);
    expect(event.data).toBeNull();
    expect(event.errors).toEqual([
      expect.objectContaining({
        message: `The interaction '${w.prefix}-gone' of this event has since been deleted (its customer was erased).`,
        extensions: { code: 'NOT_FOUND', id: `${w.prefix}-gone` },
      }),
    ]);
  });
});

describe('needRaised through interactions', () => {
  it('announces a need a customer comes to hold by an interaction that expresses it, recorded or linked; not one they already hold', async () => {
    const dana = w.id('customer', 'dana');
    const l = await live(
      `subscription($c: ID) { needRaised(customerId: $c) { need { title } customer { name } } }`,
      { c: dana },
      alice,
      Topics.NEED_RAISED,
    );
    const raised = await s.gql(
      `mutation($input: RaiseNeedInput!) { raiseNeed(input: $input) { id } }`,
      {
        input: { customerId: w.id('customer', 'acme'), title: `${w.prefix} Route exports`, kind: 'FUNCTIONAL' },
      },
      alice,
    );
    const exportsNeed = raised.data.raiseNeed.id;
    const RECORD = `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`;
    const input = {
      customerId: dana,
      channel: 'CHAT',
      touchpoint: 'SUPPORT',
      direction: 'INBOUND',
      summary: 'Wants exports',
      needIds: [exportsNeed],
    };
    const first = await s.gql(RECORD, { input }, alice); // dana comes to hold it: an event
    expect(first.errors).toBeUndefined();
    expect((await s.gql(RECORD, { input: { ...input, summary: 'Again' } }, alice)).errors).toBeUndefined(); // already held: none
    const linked = await s.gql(
      `mutation($input: LinkNeedInput!) { linkNeed(input: $input) { id } }`,
      {
        input: { needId: w.id('need', 'offline'), interactionId: first.data.recordInteraction.id },
      },
      bob,
    ); // dana comes to hold "Plan routes offline" through her interaction: an event
    expect(linked.errors).toBeUndefined();
    await l.nth(2);
    await sleep(300);
    expect(l.events.map((e) => e.data.needRaised)).toEqual([
      { need: { title: `${w.prefix} Route exports` }, customer: { name: `${w.prefix} Dana Contact` } },
      { need: { title: 'Plan routes offline' }, customer: { name: `${w.prefix} Dana Contact` } },
    ]);
  });
});

describe('the WebSocket door', () => {
  const SUB = `subscription { needRaised { need { title } } }`;

  it('closes the socket with 4401 for a missing, forged or expired token', async () => {
    const missing = subscribe(s.wsUrl, undefined, SUB);
    expect(await missing.closed).toEqual({ code: 4401, reason: 'Unauthorized: send connectionParams.authorization = "Bearer <token>"' });
    const forged = subscribe(s.wsUrl, `Bearer ${alice.slice(0, -3)}abc`, SUB);
    expect(await forged.closed).toEqual({
      code: 4401,
      reason: 'Unauthorized: The token is not valid (bad signature, issuer, audience or format).',
    });
    const expired = subscribe(
      s.wsUrl,
      `Bearer ${await mintToken(s.config.jwt, w.id('employee', 'alice'), [AccessRole.ANALYST], -10)}`,
      SUB,
    );
    expect(await expired.closed).toEqual({ code: 4401, reason: 'Unauthorized: The token has expired; sign in again.' });
  });

  it('closes the socket with the same code and reason when the token expires while connected', async () => {
    const shortLived = await mintToken(s.config.jwt, w.id('employee', 'alice'), [AccessRole.VIEWER], 2);
    const l = subscribe(s.wsUrl, `Bearer ${shortLived}`, SUB);
    const started = Date.now();
    expect(await l.closed).toEqual({ code: 4401, reason: 'Unauthorized: The token has expired; sign in again.' });
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it('keeps a socket open with a token that lives longer than one timer can wait (30 days), and delivers to it', async () => {
    const longLived = await mintToken(s.config.jwt, w.id('employee', 'alice'), [AccessRole.ANALYST], 30 * 86_400);
    const l = subscribe(s.wsUrl, `Bearer ${longLived}`, SUB);
    const closed = await Promise.race([l.closed, new Promise((r) => setTimeout(() => r('still open'), 1_000))]);
    expect(closed).toBe('still open');
    const raised = await s.gql(
      `mutation($input: RaiseNeedInput!) { raiseNeed(input: $input) { id } }`,
      { input: { customerId: w.id('customer', 'acme'), title: `${w.prefix} Long-lived token need`, kind: 'FUNCTIONAL' } },
      alice,
    );
    expect(raised.errors).toBeUndefined();
    expect((await l.nth(1)).data.needRaised.need.title).toBe(`${w.prefix} Long-lived token need`);
    await l.dispose();
  });

  it('closes a connection that never sends connection_init (4408) and a message over 64 KiB (1009)', async () => {
    const idle = new WebSocket(s.wsUrl, 'graphql-transport-ws');
    const idleClose = await new Promise<number>((resolve) => idle.on('close', (code) => resolve(code)));
    expect(idleClose).toBe(4408);

    const big = new WebSocket(s.wsUrl, 'graphql-transport-ws');
    await new Promise((r) => big.on('open', r));
    big.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${alice}`, padding: 'x'.repeat(70 * 1024) } }));
    const bigClose = await new Promise<number>((resolve) => big.on('close', (code) => resolve(code)));
    expect(bigClose).toBe(1009);
  });

  it('holds at most 100 subscriptions at once on one connection; the next is refused with a code, the others go on', async () => {
    const client = createClient({
      url: s.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${alice}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
    });
    const before = s.events.listenerCount(Topics.NEED_RAISED);
    const errors: unknown[] = [];
    const disposers = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, () =>
      client.subscribe({ query: SUB }, { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined }),
    );
    await until(
      () => s.events.listenerCount(Topics.NEED_RAISED) === before + MAX_SUBSCRIPTIONS_PER_CONNECTION,
      10_000,
      'the hundred subscriptions',
    );
    const refused = await new Promise<unknown>((resolve) =>
      client.subscribe({ query: SUB }, { next: () => undefined, error: resolve, complete: () => resolve('completed') }),
    );
    expect(refused).toEqual([
      expect.objectContaining({
        message: 'At most 100 operations at once on one connection; complete some first, or open another connection.',
        extensions: { code: 'BAD_REQUEST' },
      }),
    ]);
    expect(errors).toEqual([]);
    expect(s.events.listenerCount(Topics.NEED_RAISED)).toBe(before + MAX_SUBSCRIPTIONS_PER_CONNECTION);
    disposers.forEach((dispose) => dispose());
    await client.dispose();
  });

  it('refuses mutations on the socket: they go over HTTP, where they are audited', async () => {
    const l = subscribe(s.wsUrl, `Bearer ${alice}`, `mutation { createSegment(input: { name: "${w.prefix} over ws" }) { id } }`);
    open.push(l);
    await until(() => l.errors.length > 0, 5_000, 'the refusal');
    expect(l.errors[0]).toEqual([
      expect.objectContaining({
        message: 'Send mutations over HTTP (POST /graphql), where they are audited; this socket serves queries and subscriptions.',
        extensions: { code: 'BAD_REQUEST' },
      }),
    ]);
    expect(await s.cypher('MATCH (g:Segment {name: $name}) RETURN g', { name: `${w.prefix} over ws` })).toEqual([]);
  });

  it('applies the same validation as HTTP: an unknown field is refused with a code', async () => {
    const l = subscribe(s.wsUrl, `Bearer ${alice}`, `subscription { needRaised { shoeSize } }`);
    open.push(l);
    await until(() => l.errors.length > 0, 5_000, 'the validation error');
    expect(l.errors[0]).toEqual([
      expect.objectContaining({
        message: 'Cannot query field "shoeSize" on type "NeedRaisedEvent".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
  });
});

describe('fan-out cost', () => {
  it('resolves one event with the same Cypher statements for 1 or 20 subscribers', async () => {
    const SUB = `subscription { interactionRecorded { interaction { summary customer { name } handler { name } } } }`;
    const cost = async (subscribers: number) => {
      const ls: LiveSubscription[] = [];
      for (let i = 0; i < subscribers; i++) ls.push(await live(SUB, {}, alice, Topics.INTERACTION_RECORDED));
      // What resolving costs: the statements of the subscribers, not the event's write (tagged 'test').
      const resolving = () => s.statements() - (s.graph.statementsByOperation.get('test') ?? 0);
      const before = resolving();
      await s.publish(Topics.INTERACTION_RECORDED, {
        interactionId: w.id('interaction', 'i1'),
        customerId: w.id('customer', 'acme'),
        handlerId: w.id('employee', 'alice'),
        channel: 'PHONE',
        actorId: w.id('employee', 'alice'),
        at: new Date().toISOString(),
      });
      await Promise.all(ls.map((l) => l.nth(1)));
      expect(ls.every((l) => l.events[0].data.interactionRecorded.interaction.summary === 'Offline routing request')).toBe(true);
      const statements = resolving() - before;
      await Promise.all(open.splice(0).map((l) => l.dispose()));
      await until(() => s.events.listenerCount(Topics.INTERACTION_RECORDED) === 0, 5_000, 'subscriptions to end');
      return statements;
    };
    const one = await cost(1);
    const twenty = await cost(20);
    expect(one).toBe(2); // the interaction, then its customer and handler (one statement)
    expect(twenty).toBe(one);
  });
});

describe('slow consumers and shutdown', () => {
  it('closes a subscriber that stops reading (4413) while a fast one receives every event', async () => {
    const content = 'A long note. '.repeat(760).slice(0, 9_900);
    const rec = await record('acme', { content, summary: 'Long one' });
    const interactionId = rec.data.recordInteraction.id;
    const SUB = `subscription($c: ID) { interactionRecorded(customerId: $c) { at interaction { content } } }`;
    const fast = await live(
      `subscription($c: ID) { interactionRecorded(customerId: $c) { at } }`,
      { c: w.id('customer', 'acme') },
      alice,
      Topics.INTERACTION_RECORDED,
    );

    // The slow one speaks the protocol by hand, subscribes, then stops reading its socket.
    const before = s.events.listenerCount(Topics.INTERACTION_RECORDED);
    const slow = new WebSocket(s.wsUrl, 'graphql-transport-ws');
    const slowClosed = new Promise<number>((resolve) => slow.on('close', (code) => resolve(code)));
    await new Promise((r) => slow.on('open', r));
    slow.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${alice}` } }));
    await new Promise((r) => slow.once('message', r));
    slow.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUB, variables: { c: w.id('customer', 'acme') } } }));
    await until(() => s.events.listenerCount(Topics.INTERACTION_RECORDED) > before, 5_000, 'the slow subscription');
    slow.pause();

    // Bursts of 50 events (well within one subscriber's buffer of 256), as fast as the fast one reads.
    const total = 3_000;
    const event = (i: number) => ({
      interactionId,
      customerId: w.id('customer', 'acme'),
      handlerId: w.id('employee', 'alice'),
      channel: 'CHAT',
      actorId: w.id('employee', 'alice'),
      at: new Date(1e12 + i).toISOString(),
    });
    for (let i = 0; i < total; i += 50) {
      await s.publish(Topics.INTERACTION_RECORDED, ...Array.from({ length: 50 }, (_, k) => event(i + k)));
      await until(() => fast.events.length >= i, 10_000, 'the fast subscriber');
    }
    await fast.nth(total, 30_000);
    expect(fast.events.map((e) => e.data.interactionRecorded.at)).toEqual(
      Array.from({ length: total }, (_, i) => new Date(1e12 + i).toISOString()),
    );
    slow.resume();
    expect(await slowClosed).toBe(4413);
  }, 90_000);

  it('closes subscriptions with 1001 when the server shuts down', async () => {
    const other = await startTestServer();
    const l = subscribe(other.wsUrl, `Bearer ${alice}`, `subscription { needRaised { need { title } } }`);
    await until(() => other.events.listenerCount(Topics.NEED_RAISED) === 1, 5_000, 'the subscription');
    await other.close();
    expect(await l.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
  });

  it('cuts a subscriber that stopped reading at shutdown after a moment, instead of waiting 30 s for its answer', async () => {
    const other = await startTestServer();
    const reading = subscribe(other.wsUrl, `Bearer ${alice}`, `subscription { needRaised { need { title } } }`);
    const paused = new WebSocket(other.wsUrl, 'graphql-transport-ws');
    await new Promise((r) => paused.on('open', r));
    paused.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${alice}` } }));
    await new Promise((r) => paused.once('message', r));
    paused.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { needRaised { need { title } } }' } }));
    await until(() => other.events.listenerCount(Topics.NEED_RAISED) === 2, 5_000, 'both subscriptions');
    paused.pause();
    const started = Date.now();
    await other.server.stop();
    // The close handshake ws waits for is 30 s; the grace is 1 s.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await reading.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
    paused.terminate();
    await other.close();
  }, 60_000);
});
