import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { openGraph } from '../../src/db/connect';
import { AccessRole } from '../../src/graphql/access';
import { createEventBus } from '../../src/realtime/event-bus';
import { encodeEventCursor, readHead, trimEvents } from '../../src/realtime/event-log';
import { Topics } from '../../src/realtime/topics';
import { subscribe, type LiveSubscription } from '../helpers/live';
import { startTestServer, testConfig, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * Webhooks against a local receiver this test controls: signed deliveries, retries with backoff,
 * timeouts, slow answers, 410 Gone, a receiver that keeps failing, the delivery log, resuming,
 * the addresses refused, and a restart that loses nothing.
 */

/** Fast retries: the first retry within 50 ms, at most 400 ms apart, for 5 seconds; an answer within 1.5 s. */
const ENV = {
  EVENT_POLL_MS: '200',
  WEBHOOK_TIMEOUT_MS: '1500',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '400',
  WEBHOOK_RETRY_FOR_SECONDS: '5',
};

let s: TestServer;
let w: World;
let admin: string;
let analyst: string;
const registered: string[] = [];
const receivers: Receiver[] = [];
const open: LiveSubscription[] = [];

beforeAll(async () => {
  s = await startTestServer({ env: ENV });
  w = await buildWorld(s.graph);
  admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
}, 180_000);
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.dispose()));
  // Nothing registered here is left for the next test (or the next file) to deliver.
  await s.cypher(
    `MATCH (h:Webhook) WHERE h.id IN $ids
     OPTIONAL MATCH (h)-[:SIGNED_WITH]->(secret:WebhookSecret)
     OPTIONAL MATCH (d:WebhookDelivery) WHERE d.webhookId = h.id
     DETACH DELETE h, secret, d`,
    { ids: registered.splice(0) },
  );
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => s.close());

// ---- A receiver this test controls ------------------------------------------------------------

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived (ms). */
  at: number;
}

/** What the receiver does with its n-th request (1-based): answer (after a delay), or never answer. */
type Behaviour = (n: number) => { status: number; body?: string; delayMs?: number } | 'hang';

interface Receiver {
  url: string;
  received: Received[];
  /** The most requests it was answering at once. */
  mostAtOnce(): number;
  close(): Promise<void>;
}

async function receiver(behave: Behaviour = () => ({ status: 200, body: 'ok' })): Promise<Receiver> {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  let atOnce = 0;
  let most = 0;
  const server: Server = createServer((req, res) => {
    most = Math.max(most, ++atOnce);
    res.on('close', () => atOnce--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = behave(received.length);
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(answer.body ?? '');
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const r: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/rapport`,
    received,
    mostAtOnce: () => most,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  receivers.push(r);
  return r;
}

// ---- Helpers ----------------------------------------------------------------------------------

const WEBHOOK_FIELDS = `id url description status pauseCause pausedReason pausedAt version deliveredCount failedAttempts
  consecutiveFailures deliveredThrough createdAt createdBy { name }
  filter { interactionRecorded { customerId employeeId channels } insightChanged { customerId needId topic kinds }
           needRaised { customerId } customerHealthChanged { threshold direction customerId }
           recordChanged { recordTypes kinds recordId customerId } }`;

const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret webhook { ${WEBHOOK_FIELDS} } } }`;

const DELIVERIES = `query($id: ID!, $f: WebhookDeliveryFilter, $n: Int, $after: String) {
  webhook(id: $id) {
    ${WEBHOOK_FIELDS}
    deliveries(filter: $f, first: $n, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { eventId eventType status attempts responseStatus responseBody error durationMs
                            createdAt firstAttemptAt lastAttemptAt nextAttemptAt deliveredAt } }
    }
  }
}`;

async function register(input: Record<string, unknown>, token = admin) {
  const res = await s.gql(REGISTER, { input }, token);
  if (res.data?.registerWebhook) registered.push(res.data.registerWebhook.webhook.id);
  return res;
}

/** Registers a webhook for `needRaised` events of one customer (a fresh id per call) at `url`. */
let customers = 0;
async function hookOnNeeds(url: string): Promise<{ id: string; secret: string; customerId: string }> {
  const customerId = `${w.prefix}-customer-${++customers}`;
  const res = await register({ url, description: 'needs', filter: { needRaised: { customerId } } });
  expect(res.errors).toBeUndefined();
  return { id: res.data.registerWebhook.webhook.id, secret: res.data.registerWebhook.secret, customerId };
}

/** Records `n` needRaised events of the customer, one transaction each; returns their cursors. */
let needs = 0;
async function raise(customerId: string, n = 1): Promise<string[]> {
  for (let k = 0; k < n; k++)
    await s.publish(Topics.NEED_RAISED, {
      needId: `${w.prefix}-need-${++needs}`,
      customerId,
      actorId: 'tester',
      at: new Date().toISOString(),
    });
  return cursorsOf(customerId);
}

/** The cursors of every needRaised event of the customer in the log, in order. */
async function cursorsOf(customerId: string, graph = s.graph): Promise<string[]> {
  const { epoch } = await readHead(graph);
  const rows = await graph.read(
    `MATCH (e:Event) WHERE e.topic = $topic AND e.payload CONTAINS $needle RETURN e.position AS position ORDER BY position`,
    { topic: Topics.NEED_RAISED, needle: `"customerId":"${customerId}"` },
  );
  return rows.map((r) => encodeEventCursor(epoch!, r.position));
}

async function deliveries(id: string, variables: Record<string, unknown> = {}) {
  const res = await s.gql(DELIVERIES, { id, ...variables }, admin);
  expect(res.errors).toBeUndefined();
  return res.data.webhook;
}

/** Waits until `check` holds (polling), or fails saying what it waited for. */
async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await check();
    if (got) return got;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ids = (r: Receiver) => r.received.map((x) => JSON.parse(x.body).id as string);
const signature = (secret: string, timestamp: string, body: string) =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
const webhookCount = async () => (await s.cypher('MATCH (h:Webhook) RETURN count(h) AS n'))[0].n as number;

// ---- Delivery ---------------------------------------------------------------------------------

describe('delivery', () => {
  it('sends a recorded interaction to its filter, signed: the signature verifies with the secret shown once', async () => {
    const r = await receiver();
    const acme = w.id('customer', 'acme');
    const res = await register({ url: r.url, description: '  CRM sync  ', filter: { interactionRecorded: { customerId: acme } } });
    expect(res.errors).toBeUndefined();
    const { secret, webhook } = res.data.registerWebhook;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhook).toMatchObject({
      url: r.url,
      description: 'CRM sync',
      status: 'ACTIVE',
      pauseCause: null,
      pausedReason: null,
      version: 1,
      deliveredCount: 0,
      failedAttempts: 0,
      createdBy: { name: `${w.prefix} Carol Admin` },
      filter: {
        interactionRecorded: { customerId: acme, employeeId: null, channels: null },
        insightChanged: null,
        needRaised: null,
        customerHealthChanged: null,
        recordChanged: null,
      },
    });

    const record = (customerKey: string, summary: string) =>
      s.gql(
        `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`,
        {
          input: {
            customerId: w.id('customer', customerKey),
            channel: 'CHAT',
            touchpoint: 'SUPPORT',
            direction: 'INBOUND',
            summary,
          },
        },
        analyst,
      );
    expect((await record('bolt', 'not for this webhook')).errors).toBeUndefined(); // another customer: not sent
    const recorded = await record('acme', 'for this webhook');
    expect(recorded.errors).toBeUndefined();
    const interactionId = recorded.data.recordInteraction.id;

    await eventually(() => r.received.length === 1, 'the delivery');
    await sleep(300);
    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    const body = JSON.parse(got.body);
    expect(body).toEqual({
      id: expect.any(String),
      type: 'interactionRecorded',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: {
        interactionId,
        customerId: acme,
        handlerId: w.id('employee', 'alice'),
        channel: 'CHAT',
        actorId: w.id('employee', 'alice'),
        at: body.createdAt,
      },
    });
    expect(got.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Rapport-Webhooks/1',
      'rapport-webhook-id': webhook.id,
      'rapport-event-id': body.id,
      'content-length': String(Buffer.byteLength(got.body)),
    });
    // The receiver's check (docs/webhooks.md): HMAC-SHA256 of "<timestamp>.<raw body>", a timestamp within 5 minutes.
    const timestamp = got.headers['rapport-timestamp'] as string;
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
    expect(got.headers['rapport-signature']).toBe(signature(secret, timestamp, got.body));
    expect(got.headers['rapport-signature']).not.toBe(signature('whsec_wrong', timestamp, got.body));

    const hook = await deliveries(webhook.id);
    expect(hook).toMatchObject({ deliveredCount: 1, failedAttempts: 0, consecutiveFailures: 0, deliveredThrough: expect.any(String) });
    expect(hook.deliveries.totalCount).toBe(1);
    expect(hook.deliveries.edges[0].node).toMatchObject({
      eventId: body.id,
      eventType: 'interactionRecorded',
      status: 'DELIVERED',
      attempts: 1,
      responseStatus: 200,
      responseBody: 'ok',
      error: null,
      nextAttemptAt: null,
    });
    expect(hook.deliveries.edges[0].node.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('retries a failing receiver with backoff, the same event id each time, then delivers it and the events after it in order', async () => {
    const r = await receiver((n) => (n <= 3 ? { status: 500, body: 'down' } : { status: 200, body: 'ok' }));
    const hook = await hookOnNeeds(r.url);
    const cursors = await raise(hook.customerId, 3);
    await eventually(() => r.received.length >= 6, 'three failures and three deliveries');
    await sleep(300);
    expect(ids(r)).toEqual([cursors[0], cursors[0], cursors[0], cursors[0], cursors[1], cursors[2]]);
    // Every attempt is signed anew, with its own timestamp, and verifies.
    for (const got of r.received)
      expect(got.headers['rapport-signature']).toBe(signature(hook.secret, got.headers['rapport-timestamp'] as string, got.body));
    // Full jitter: retry k waits from 0 up to min(400, 50 * 2^(k-1)) ms, plus the time to record the failure and
    // take the work up again (a few statements, slow on a loaded machine): never the 15 s of a sweep. The schedule
    // itself is checked exactly in test/unit/webhook-signing.test.ts.
    const gaps = [1, 2, 3].map((k) => r.received[k].at - r.received[k - 1].at);
    [50, 100, 200].forEach((ceiling, k) => expect(gaps[k]).toBeLessThan(ceiling + 3000));

    const got = await deliveries(hook.id);
    expect(got).toMatchObject({ status: 'ACTIVE', deliveredCount: 3, failedAttempts: 3, consecutiveFailures: 0 });
    expect(got.deliveries.edges.map((e: any) => [e.node.eventId, e.node.status, e.node.attempts, e.node.responseStatus])).toEqual([
      [cursors[2], 'DELIVERED', 1, 200],
      [cursors[1], 'DELIVERED', 1, 200],
      [cursors[0], 'DELIVERED', 4, 200],
    ]);
    const first = got.deliveries.edges[2].node;
    expect(new Date(first.lastAttemptAt).getTime()).toBeGreaterThan(new Date(first.firstAttemptAt).getTime());
  });

  it('retries a receiver that does not answer within the timeout, recording the timeout, then delivers', async () => {
    const r = await receiver((n) => (n <= 2 ? 'hang' : { status: 204 }));
    const hook = await hookOnNeeds(r.url);
    const [cursor] = await raise(hook.customerId);
    // While the second attempt hangs, the log shows the first one's timeout.
    const retrying = await eventually(async () => {
      const d = (await deliveries(hook.id)).deliveries.edges[0]?.node;
      return d?.status === 'RETRYING' ? d : null;
    }, 'the first timeout');
    expect(retrying).toMatchObject({
      eventId: cursor,
      attempts: 1,
      responseStatus: null,
      responseBody: null,
      error: 'Timeout: no answer within 1500 ms.',
    });
    expect(retrying.durationMs).toBeGreaterThanOrEqual(1490);
    await eventually(() => r.received.length === 3, 'the third attempt');
    const done = await eventually(async () => {
      const d = (await deliveries(hook.id)).deliveries.edges[0]?.node;
      return d?.status === 'DELIVERED' ? d : null;
    }, 'the delivery');
    expect(done).toMatchObject({ eventId: cursor, attempts: 3, responseStatus: 204, responseBody: '', error: null });
    expect(ids(r)).toEqual([cursor, cursor, cursor]);
  });

  it('delivers once to a receiver that answers slowly but within the timeout', async () => {
    const r = await receiver(() => ({ status: 200, body: 'took my time', delayMs: 600 }));
    const hook = await hookOnNeeds(r.url);
    const [cursor] = await raise(hook.customerId);
    const done = await eventually(async () => {
      const d = (await deliveries(hook.id)).deliveries.edges[0]?.node;
      return d?.status === 'DELIVERED' ? d : null;
    }, 'the delivery');
    await sleep(1000);
    expect(ids(r)).toEqual([cursor]);
    expect(done).toMatchObject({ attempts: 1, responseStatus: 200, responseBody: 'took my time' });
    expect(done.durationMs).toBeGreaterThanOrEqual(590);
    expect(done.durationMs).toBeLessThan(1500);
  });
});

// ---- Pauses -----------------------------------------------------------------------------------

const PAUSED = `subscription($id: ID) {
  webhookPaused(webhookId: $id) { cursor at webhookId cause reason actor { name } webhook { id status pauseCause pausedReason } }
}`;

describe('consent', () => {
  it('sends a health change only while its customer shares analytics: not once consent is withdrawn, even a delivery waiting for its retry', async () => {
    const customer = (k: string) => `${w.prefix}-health-${k}`;
    await s.cypher(
      // Whole, as the API writes a customer (its value fields are never null): other suites list every customer.
      `UNWIND $cs AS c CREATE (:Customer {id: c.id, name: c.id, nameLower: c.id, kind: 'PERSON', lifecycleStage: 'ACTIVE',
         relationshipType: 'TRANSACTIONAL', revenue: 0.0, costToServe: 0.0, lifetimeValue: 0.0, consentAnalytics: c.consent,
         createdAt: datetime(), updatedAt: datetime()})`,
      {
        cs: [
          { id: customer('late'), consent: true },
          { id: customer('never'), consent: false },
          { id: customer('yes'), consent: true },
        ],
      },
    );
    // The first attempt fails, slowly: meanwhile the customer withdraws consent; its retry is not sent.
    const r = await receiver((n) => (n === 1 ? { status: 500, body: 'down', delayMs: 1000 } : { status: 200, body: 'ok' }));
    const res = await register({ url: r.url, description: 'health', filter: { customerHealthChanged: { threshold: 60 } } });
    expect(res.errors).toBeUndefined();
    const hook = res.data.registerWebhook.webhook.id as string;
    const health = (k: string) =>
      s.publish(Topics.CUSTOMER_HEALTH_CHANGED, {
        customerId: customer(k),
        interactionId: `${customer(k)}-i`,
        previousScore: 65,
        score: 55,
        actorId: 'tester',
        at: new Date().toISOString(),
      });
    await health('late');
    await eventually(() => r.received.length === 1, 'the first attempt');
    await s.cypher('MATCH (c:Customer {id: $id}) SET c.consentAnalytics = false', { id: customer('late') });
    await health('never');
    await health('yes');
    await eventually(() => r.received.length === 2, 'the next delivery');
    await sleep(500);
    expect(r.received.map((x) => JSON.parse(x.body).data.customerId)).toEqual([customer('late'), customer('yes')]);
    const got = await deliveries(hook);
    expect(got.deliveries.edges.map((e: any) => [e.node.status, e.node.attempts, e.node.error])).toEqual([
      ['DELIVERED', 1, null],
      ['SKIPPED', 1, 'The customer no longer shares analytics (consent withdrawn, or erased); this event was not sent.'],
    ]);
  });
});

describe('pauses', () => {
  it('410 Gone pauses the webhook at once and tells the ADMINs; nothing more is sent; resumed, it continues where it stopped', async () => {
    const r = await receiver((n) => (n === 1 ? { status: 410, body: 'unsubscribed' } : { status: 200, body: 'ok' }));
    const hook = await hookOnNeeds(r.url);
    const live = subscribe(s.wsUrl, `Bearer ${admin}`, PAUSED, { id: hook.id });
    open.push(live);
    await eventually(() => s.events.listenerCount(Topics.WEBHOOK_PAUSED) > 0, 'the subscription');
    const [e1] = await raise(hook.customerId);

    const told = (await live.nth(1)).data.webhookPaused;
    expect(told).toEqual({
      cursor: expect.any(String),
      at: expect.any(String),
      webhookId: hook.id,
      cause: 'GONE',
      reason: `The receiver answered 410 Gone to event ${e1}: it asked for no more deliveries. Resume the webhook to send again.`,
      actor: null,
      webhook: { id: hook.id, status: 'PAUSED', pauseCause: 'GONE', pausedReason: told.reason },
    });
    const [, e2, e3] = await raise(hook.customerId, 2);
    await sleep(600);
    expect(ids(r)).toEqual([e1]);
    let got = await deliveries(hook.id);
    expect(got).toMatchObject({ status: 'PAUSED', pauseCause: 'GONE', deliveredCount: 0, failedAttempts: 1 });
    expect(got.deliveries.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({
        eventId: e1,
        status: 'FAILED',
        attempts: 1,
        responseStatus: 410,
        responseBody: 'unsubscribed',
        nextAttemptAt: null,
      }),
    ]);

    const resumed = await s.gql(
      `mutation($id: ID!) { resumeWebhook(input: { id: $id }) { status pauseCause pausedReason version } }`,
      { id: hook.id },
      admin,
    );
    expect(resumed.data.resumeWebhook).toEqual({ status: 'ACTIVE', pauseCause: null, pausedReason: null, version: 3 });
    await eventually(() => r.received.length === 4, 'the resumed deliveries');
    await sleep(300);
    expect(ids(r)).toEqual([e1, e1, e2, e3]);

    // The delivery log, newest first, a page at a time; and only the failed ones.
    got = await deliveries(hook.id, { n: 2 });
    expect(got.deliveries.totalCount).toBe(4);
    expect(got.deliveries.pageInfo.hasNextPage).toBe(true);
    expect(got.deliveries.edges.map((e: any) => [e.node.eventId, e.node.status])).toEqual([
      [e3, 'DELIVERED'],
      [e2, 'DELIVERED'],
    ]);
    got = await deliveries(hook.id, { n: 2, after: got.deliveries.pageInfo.endCursor });
    expect(got.deliveries.pageInfo.hasNextPage).toBe(false);
    expect(got.deliveries.edges.map((e: any) => [e.node.eventId, e.node.status])).toEqual([
      [e1, 'DELIVERED'],
      [e1, 'FAILED'],
    ]);
    got = await deliveries(hook.id, { f: { statuses: ['FAILED'] } });
    expect(got.deliveries.edges.map((e: any) => [e.node.eventId, e.node.responseStatus])).toEqual([[e1, 410]]);
  });

  it('a receiver that keeps failing past the retry window: the delivery FAILED, the webhook paused, the ADMINs told, nothing more sent', async () => {
    // 3,000 bytes of three-byte characters: the log keeps the first 1 KB, cut at a whole character.
    const r = await receiver(() => ({ status: 503, body: '€'.repeat(1000) }));
    const hook = await hookOnNeeds(r.url);
    const live = subscribe(s.wsUrl, `Bearer ${admin}`, PAUSED, { id: hook.id });
    open.push(live);
    await eventually(() => s.events.listenerCount(Topics.WEBHOOK_PAUSED) > 0, 'the subscription');
    const [e1] = await raise(hook.customerId);
    const told = (await live.nth(1, 20_000)).data.webhookPaused;
    expect(told).toMatchObject({ webhookId: hook.id, cause: 'FAILING', actor: null, webhook: { status: 'PAUSED', pauseCause: 'FAILING' } });
    expect(told.reason).toMatch(
      new RegExp(
        `^Deliveries kept failing for 5 seconds: event ${e1} was tried \\d+ times since .+ \\(last: The receiver answered 503\\.\\)`,
      ),
    );
    const attempts = r.received.length;
    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(new Set(ids(r))).toEqual(new Set([e1]));

    await raise(hook.customerId, 2);
    await sleep(800);
    expect(r.received).toHaveLength(attempts);
    const got = await deliveries(hook.id);
    expect(got).toMatchObject({
      status: 'PAUSED',
      pauseCause: 'FAILING',
      pausedReason: told.reason,
      deliveredCount: 0,
      failedAttempts: attempts,
    });
    expect(got.consecutiveFailures).toBe(attempts);
    const [only] = got.deliveries.edges.map((e: any) => e.node);
    expect(got.deliveries.totalCount).toBe(1);
    expect(only).toMatchObject({
      eventId: e1,
      eventType: 'needRaised',
      status: 'FAILED',
      attempts,
      responseStatus: 503,
      responseBody: '€'.repeat(341),
      error: 'The receiver answered 503.',
      nextAttemptAt: null,
      deliveredAt: null,
    });
    // Retried until the end of the window after the first attempt, and not beyond.
    const span = new Date(only.lastAttemptAt).getTime() - new Date(only.firstAttemptAt).getTime();
    expect(span).toBeGreaterThanOrEqual(4900);
    expect(span).toBeLessThan(5000 + 1500);
  });

  it('paused by an ADMIN: told with the actor; resumed after the event log trimmed what waited, a SKIPPED delivery says so and it continues with what the log still holds', async () => {
    const r = await receiver();
    const hook = await hookOnNeeds(r.url);
    const live = subscribe(s.wsUrl, `Bearer ${admin}`, PAUSED, { id: hook.id });
    open.push(live);
    await eventually(() => s.events.listenerCount(Topics.WEBHOOK_PAUSED) > 0, 'the subscription');
    const paused = await s.gql(
      `mutation($id: ID!) { pauseWebhook(input: { id: $id, reason: "Receiver maintenance" }) { status pauseCause pausedReason } }`,
      { id: hook.id },
      admin,
    );
    expect(paused.data.pauseWebhook).toEqual({ status: 'PAUSED', pauseCause: 'ADMIN', pausedReason: 'Receiver maintenance' });
    expect((await live.nth(1)).data.webhookPaused).toMatchObject({
      cause: 'ADMIN',
      reason: 'Receiver maintenance',
      actor: { name: `${w.prefix} Carol Admin` },
    });

    await raise(hook.customerId, 2);
    await trimEvents(s.graph, new Date(Date.now() + 1000)); // as if the webhook had been paused longer than the retention
    const resumed = await s.gql(`mutation($id: ID!) { resumeWebhook(input: { id: $id }) { status } }`, { id: hook.id }, admin);
    expect(resumed.data.resumeWebhook.status).toBe('ACTIVE');
    const skipped = await eventually(async () => {
      const d = (await deliveries(hook.id)).deliveries.edges[0]?.node;
      return d?.status === 'SKIPPED' ? d : null;
    }, 'the skipped events');
    expect(skipped).toMatchObject({ eventId: null, eventType: null, attempts: 0, responseStatus: null });
    expect(skipped.error).toMatch(
      /^The events after position \d+ through (\d+) were removed by the event log's retention before they could be sent \(the webhook was paused or failing longer than the log keeps events\); it continues with the events after position \1, which the log still holds\.$/,
    );
    const later = await raise(hook.customerId);
    await eventually(() => r.received.length === 1, 'the next event');
    expect(ids(r)).toEqual([later.at(-1)]);
  });
});

// ---- Changes and refusals ---------------------------------------------------------------------

describe('changes', () => {
  it('updates with optimistic concurrency, rotates the secret (later deliveries signed with the new one), deletes', async () => {
    const r = await receiver();
    const hook = await hookOnNeeds(r.url);
    const stale = await s.gql(
      `mutation($input: UpdateWebhookInput!) { updateWebhook(input: $input) { version } }`,
      { input: { id: hook.id, expectedVersion: 7, description: 'x' } },
      admin,
    );
    expect(stale.errors?.[0].extensions).toEqual({ code: 'CONFLICT', currentVersion: 1 });
    const updated = await s.gql(
      `mutation($input: UpdateWebhookInput!) { updateWebhook(input: $input) { version description filter { needRaised { customerId } insightChanged { kinds } } } }`,
      {
        input: {
          id: hook.id,
          expectedVersion: 1,
          description: 'needs and validations',
          filter: { needRaised: { customerId: hook.customerId }, insightChanged: { kinds: ['VALIDATED'] } },
        },
      },
      admin,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateWebhook).toEqual({
      version: 2,
      description: 'needs and validations',
      filter: { needRaised: { customerId: hook.customerId }, insightChanged: { kinds: ['VALIDATED'] } },
    });

    const rotated = await s.gql(
      `mutation($id: ID!) { rotateWebhookSecret(input: { id: $id }) { secret webhook { version } } }`,
      { id: hook.id },
      admin,
    );
    const secret = rotated.data.rotateWebhookSecret.secret;
    expect(secret).not.toBe(hook.secret);
    expect(rotated.data.rotateWebhookSecret.webhook.version).toBe(3);
    await raise(hook.customerId);
    await eventually(() => r.received.length === 1, 'the delivery');
    const [got] = r.received;
    expect(got.headers['rapport-signature']).toBe(signature(secret, got.headers['rapport-timestamp'] as string, got.body));
    expect(got.headers['rapport-signature']).not.toBe(signature(hook.secret, got.headers['rapport-timestamp'] as string, got.body));

    const listed = await s.gql(`{ webhooks(first: 100) { totalCount edges { node { id } } } }`, {}, admin);
    expect(listed.data.webhooks.edges.map((e: any) => e.node.id)).toContain(hook.id);
    const deleted = await s.gql(
      `mutation($id: ID!) { deleteWebhook(input: { id: $id }) { id url deliveriesDeleted } }`,
      { id: hook.id },
      admin,
    );
    expect(deleted.data.deleteWebhook).toEqual({ id: hook.id, url: r.url, deliveriesDeleted: 1 });
    expect((await s.gql(`query($id: ID!) { webhook(id: $id) { id } }`, { id: hook.id }, admin)).data.webhook).toBeNull();
    const again = await s.gql(`mutation($id: ID!) { deleteWebhook(input: { id: $id }) { id } }`, { id: hook.id }, admin);
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(
      await s.cypher('MATCH (x) WHERE (x:WebhookSecret OR x:WebhookDelivery) AND x.webhookId = $id RETURN x', { id: hook.id }),
    ).toEqual([]);
    await raise(hook.customerId);
    await sleep(500);
    expect(r.received).toHaveLength(1);
  });

  it('refuses internal addresses, credentials, an empty filter and unknown values, storing nothing', async () => {
    const before = await webhookCount();
    const refused = async (url: string, filter: Record<string, unknown> = { needRaised: {} }) => {
      const res = await register({ url, filter });
      expect(res.data?.registerWebhook ?? null).toBeNull();
      return { code: res.errors?.[0].extensions?.code, field: res.errors?.[0].extensions?.field, message: res.errors?.[0].message };
    };
    const internal = (ip: string, words: string) => ({
      code: 'BAD_USER_INPUT',
      field: 'url',
      message: `${ip} is ${words}; webhooks are delivered only to public addresses, never inside a private network.`,
    });
    expect(await refused('https://10.0.0.1/hook')).toEqual(internal('10.0.0.1', 'a private address'));
    expect(await refused('https://192.168.1.1/hook')).toEqual(internal('192.168.1.1', 'a private address'));
    expect(await refused('http://169.254.169.254/latest/meta-data/')).toEqual(internal('169.254.169.254', 'a link-local address'));
    expect(await refused('https://[fe80::1]/hook')).toEqual(internal('fe80::1', 'a link-local address'));
    expect(await refused('https://[::ffff:192.168.1.1]/hook')).toEqual(internal('::ffff:c0a8:101', 'a private address'));
    expect(await refused('http://user:pass@127.0.0.1:9/hook')).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'url',
      message: 'The URL must not carry a user name or password; authenticate deliveries with their signature instead.',
    });
    expect(await refused('not a url')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(await refused('http://127.0.0.1:9/hook', {})).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'filter',
      message:
        'Choose at least one kind of event to send: give one or more of interactionRecorded, insightChanged, needRaised, customerHealthChanged, recordChanged in `filter` (`{}` sends all of that kind).',
    });
    expect(await refused('http://127.0.0.1:9/hook', { needRaised: null })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter' });
    expect(await refused('http://127.0.0.1:9/hook', { customerHealthChanged: { threshold: 0 } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.customerHealthChanged.threshold',
    });
    // An unknown enum value never reaches the API: GraphQL refuses the variable, naming where it is.
    expect(await refused('http://127.0.0.1:9/hook', { interactionRecorded: { channels: ['CARRIER_PIGEON'] } })).toEqual({
      code: 'BAD_USER_INPUT',
      field: undefined,
      message: expect.stringContaining(
        'at "input.filter.interactionRecorded.channels[0]"; Value "CARRIER_PIGEON" does not exist in "Channel" enum.',
      ),
    });
    expect(await webhookCount()).toBe(before);
  });

  it('answers only ADMINs', async () => {
    const before = await webhookCount();
    const r = await receiver();
    const byAnalyst = await register({ url: r.url, filter: { needRaised: {} } }, analyst);
    expect(byAnalyst.errors?.[0]).toMatchObject({ message: 'This needs one of the roles ADMIN.', extensions: { code: 'FORBIDDEN' } });
    const viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
    for (const token of [analyst, viewer]) {
      const listed = await s.gql(`{ webhooks { totalCount } }`, {}, token);
      expect(listed.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const live = subscribe(s.wsUrl, `Bearer ${analyst}`, PAUSED, {});
    open.push(live);
    await eventually(() => live.errors.length > 0, 'the refusal');
    expect(JSON.stringify(live.errors[0])).toContain('FORBIDDEN');
    expect(await webhookCount()).toBe(before);
  });
});

describe('in production', () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({ env: { ...ENV, NODE_ENV: 'production' } });
  }, 120_000);
  afterAll(() => prod.close());

  it('refuses http, loopback and localhost, as well as internal addresses', async () => {
    const token = await prod.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
    const before = await webhookCount();
    const refused = async (url: string) => {
      const res = await prod.gql(REGISTER, { input: { url, filter: { needRaised: {} } } }, token);
      expect(res.data?.registerWebhook ?? null).toBeNull();
      return [res.errors?.[0].extensions?.code, res.errors?.[0].extensions?.field, res.errors?.[0].message];
    };
    expect(await refused('http://hooks.example.com/rapport')).toEqual([
      'BAD_USER_INPUT',
      'url',
      'The URL must start with https://; it starts with http://.',
    ]);
    expect(await refused('http://127.0.0.1:9/hook')).toEqual([
      'BAD_USER_INPUT',
      'url',
      'The URL must start with https://; it starts with http://.',
    ]);
    expect(await refused('https://[::1]/hook')).toEqual([
      'BAD_USER_INPUT',
      'url',
      '::1 is a loopback address; webhooks are delivered only to public addresses (to loopback only in development and test).',
    ]);
    expect(await refused('https://localhost/hook')).toEqual([
      'BAD_USER_INPUT',
      'url',
      expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address;/),
    ]);
    expect(await refused('https://127.0.0.1/hook')).toEqual([
      'BAD_USER_INPUT',
      'url',
      expect.stringMatching(/^127\.0\.0\.1 is a loopback address/),
    ]);
    expect(await refused('https://10.0.0.1/hook')).toEqual([
      'BAD_USER_INPUT',
      'url',
      expect.stringMatching(/^10\.0\.0\.1 is a private address/),
    ]);
    expect(await webhookCount()).toBe(before);
  });
});

// ---- Several copies, restart ------------------------------------------------------------------

describe('several server copies', () => {
  it('send to one endpoint one event at a time, in order, whichever copy holds its lease', async () => {
    const r = await receiver(() => ({ status: 200, body: 'ok', delayMs: 50 }));
    const hook = await hookOnNeeds(r.url);
    // A second copy on the same graph, which finds the webhook when it starts: both work on it.
    const other = await startTestServer({ env: ENV });
    try {
      const all = await raise(hook.customerId, 8);
      await eventually(() => all.every((c) => ids(r).includes(c)), 'every event', 30_000);
      await sleep(500);
      expect(r.mostAtOnce()).toBe(1);
      expect([...new Set(ids(r))]).toEqual(all);
    } finally {
      await other.close();
    }
  }, 180_000);
});

describe('a restart', () => {
  it('loses nothing: the events of before, during and after the stop are all delivered, each at least once', async () => {
    const r = await receiver(() => ({ status: 200, body: 'ok', delayMs: 100 }));
    const hook = await hookOnNeeds(r.url);
    await raise(hook.customerId, 10);
    await eventually(() => r.received.length >= 3, 'the first deliveries');
    await s.close(); // mid-stream: an attempt may be cut off (it is sent again)
    const sentBeforeStop = r.received.length;

    // Events recorded while no server runs (a command-line tool's transaction, say).
    const handle = await openGraph(testConfig(), () => undefined);
    const recorder = createEventBus({ graph: handle.graph, logger: pino({ level: 'silent' }), relay: false });
    for (let k = 0; k < 5; k++)
      await handle.graph.writeTx(async (tx) => {
        recorder.record(tx, Topics.NEED_RAISED, {
          needId: `${w.prefix}-down-${k}`,
          customerId: hook.customerId,
          actorId: 'tester',
          at: new Date().toISOString(),
        });
      });
    const all = await cursorsOf(hook.customerId, handle.graph);
    await recorder.close();
    await handle.close();
    expect(all).toHaveLength(15);
    expect(sentBeforeStop).toBeLessThan(15);

    s = await startTestServer({ env: ENV });
    await eventually(() => all.every((c) => ids(r).includes(c)), 'every event', 20_000);
    await sleep(300);
    // At least once, in order: each event's first delivery comes after the one before it.
    const firsts = [...new Set(ids(r))];
    expect(firsts).toEqual(all);
    const got = await deliveries(hook.id, { n: 100 });
    expect(got).toMatchObject({ status: 'ACTIVE', deliveredThrough: all.at(-1) });
    expect(new Set(got.deliveries.edges.filter((e: any) => e.node.status === 'DELIVERED').map((e: any) => e.node.eventId))).toEqual(
      new Set(all),
    );
  }, 180_000);
});
