import Redis from 'ioredis';
import { AccessRole } from '../../src/graphql/access';
import { mintToken } from '../../src/server/auth';
import { appEnv, buildDist, startApp, startRedis } from '../helpers/process';
import { subscribe, sleep, type LiveSubscription } from '../helpers/live';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * Two server processes, one Neo4j, one real Redis: an event committed through copy A reaches a
 * subscriber of copy B, filters included, and a Redis restart is survived.
 */
let s: TestServer; // for fixtures and Cypher only
let w: World;
let redis: Awaited<ReturnType<typeof startRedis>>;
let a: Awaited<ReturnType<typeof startApp>>;
let b: Awaited<ReturnType<typeof startApp>>;
let token: string;
const subs: LiveSubscription[] = [];

beforeAll(async () => {
  buildDist();
  s = await startTestServer();
  w = await buildWorld(s.graph);
  token = await mintToken(s.config.jwt, w.id('employee', 'alice'), [AccessRole.ANALYST]);
  redis = await startRedis();
  const env = appEnv(process.env.NEO4J_URI!, TEST_JWT_SECRET, {
    REDIS_URL: redis.url,
    // Slow polls: an event that arrives within a second came by a Redis notice, not by a poll.
    EVENT_POLL_MS: '3000',
  });
  [a, b] = await Promise.all([startApp(env), startApp(env)]);
}, 180_000);

afterAll(async () => {
  await Promise.all(subs.map((l) => l.dispose()));
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  await s?.close();
});

let n = 0;
async function recordThroughA(customerKey: string, summary: string) {
  const res = await fetch(a.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`,
      variables: {
        input: {
          externalId: `${w.prefix}-redis-${++n}`,
          customerId: w.id('customer', customerKey),
          channel: 'EMAIL',
          touchpoint: 'BILLING',
          direction: 'INBOUND',
          summary,
        },
      },
    }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
}

const SUB = `subscription($c: ID) { interactionRecorded(customerId: $c) { interaction { summary customer { name } } } }`;

it('delivers an event committed on copy A to a subscriber of copy B, filters included', async () => {
  const acmeOnB = subscribe(b.wsUrl, `Bearer ${token}`, SUB, { c: w.id('customer', 'acme') });
  const boltOnA = subscribe(a.wsUrl, `Bearer ${token}`, SUB, { c: w.id('customer', 'bolt') });
  subs.push(acmeOnB, boltOnA);
  await sleep(500); // let both subscriptions reach their servers
  await recordThroughA('acme', 'acme via A');
  await recordThroughA('bolt', 'bolt via A');
  const event = await acmeOnB.nth(1);
  expect(event.data.interactionRecorded.interaction).toEqual({ summary: 'acme via A', customer: { name: `${w.prefix} Acme Freight` } });
  expect((await boltOnA.nth(1)).data.interactionRecorded.interaction.summary).toBe('bolt via A');
  await sleep(300);
  expect(acmeOnB.events).toHaveLength(1);
  expect(boltOnA.events).toHaveLength(1);
});

it('keeps serving mutations and delivering events while Redis is down (by reading the log), counting the failed notices; fast again once Redis is back', async () => {
  const acmeOnB = subscribe(b.wsUrl, `Bearer ${token}`, SUB, { c: w.id('customer', 'acme') });
  subs.push(acmeOnB);
  await sleep(500);
  const port = redis.port;
  type Health = { events: { published: number; publishFailures: number } };
  const healthOfA = async () => ((await (await fetch(a.url.replace('/graphql', '/healthz'))).json()) as Health).events;
  const before = await healthOfA();
  await redis.stop();
  try {
    await recordThroughA('acme', 'during the outage');
    // B hears nothing from A, and finds the event at its next read of the log (EVENT_POLL_MS, 3 s here).
    expect((await acmeOnB.nth(1, 8_000)).data.interactionRecorded.interaction.summary).toBe('during the outage');
    const during = await healthOfA();
    expect(during.publishFailures).toBeGreaterThanOrEqual(before.publishFailures + 1); // the notice to B failed
    expect(during.published).toBeGreaterThan(before.published); // A relayed it to its own subscribers all the same
  } finally {
    redis = await startRedis(port);
  }
  // Once ioredis has reconnected, B hears at once again (well within a poll of 3 s).
  await sleep(3_000);
  await recordThroughA('acme', 'after the outage');
  const started = Date.now();
  expect((await acmeOnB.nth(2, 5_000)).data.interactionRecorded.interaction.summary).toBe('after the outage');
  expect(Date.now() - started).toBeLessThan(900);
}, 60_000);

it('ignores foreign or malformed messages on its Redis channels, and keeps delivering', async () => {
  const acmeOnB = subscribe(b.wsUrl, `Bearer ${token}`, SUB, { c: w.id('customer', 'acme') });
  subs.push(acmeOnB);
  await sleep(500);
  const intruder = new Redis(redis.url);
  // On the channel the copies tell each other that the event log moved: a notice carries nothing trusted.
  await intruder.publish('rapport.eventlog.v1', 'this is not JSON');
  await intruder.publish('rapport.eventlog.v1', JSON.stringify({ position: -1 }));
  await intruder.publish('rapport.interactionRecorded', JSON.stringify({ customerId: 42 }));
  await intruder.quit();
  await recordThroughA('acme', 'after the intruder');
  expect((await acmeOnB.nth(1)).data.interactionRecorded.interaction.summary).toBe('after the intruder');
  const health = await fetch(b.url.replace('/graphql', '/healthz'));
  expect(health.status).toBe(200);
});

it('shares rate limits between copies through Redis', async () => {
  const env = appEnv(process.env.NEO4J_URI!, TEST_JWT_SECRET, { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '4' });
  const [c, d] = await Promise.all([startApp(env), startApp(env)]);
  const bob = await mintToken(s.config.jwt, w.id('employee', 'bob'), [AccessRole.ANALYST]); // an identity nobody used yet
  try {
    const ask = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bob}` },
        body: JSON.stringify({ query: '{ me { name } }' }),
      });
    const statuses = [];
    for (const url of [c.url, d.url, c.url, d.url, c.url, d.url]) statuses.push((await ask(url)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  } finally {
    await Promise.all([c.stop(), d.stop()]);
  }
}, 60_000);
