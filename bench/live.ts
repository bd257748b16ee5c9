import 'reflect-metadata';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import neo4j from 'neo4j-driver';
import { loadSeed, seedId } from '../seeds/load';
import type { SeedDataSet } from '../seeds/types';
import { loadConfig } from '../src/config';
import { Graph } from '../src/db/graph';
import { startLocalNeo4j, type LocalNeo4j } from '../src/db/local-neo4j';
import { migrate } from '../src/db/migrations';
import { AccessRole } from '../src/graphql/access';
import { mintToken } from '../src/server/auth';
import { subscribe, sleep, type LiveSubscription } from '../test/helpers/live';
import { buildDist, ROOT, startApp, startRedis } from '../test/helpers/process';
import { machineDescription, rssMiB, writeResult } from './common';

/**
 * `npm run bench:live`: 1,000 subscribers spread over filters, a steady stream of recorded
 * interactions and insight annotations for 30 seconds, once on one server and once on two copies
 * through Redis. Reports events expected vs delivered (lost and wrongly delivered), latency from
 * commit (the event's `at`) to the client, and server memory. Everything runs on this machine:
 * Neo4j, Redis, the server copies and the subscribers (their processing is part of the latency).
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const INTERACTIONS_PER_SECOND = Number(process.env.BENCH_INTERACTIONS_PER_SECOND ?? 10);
const ANNOTATIONS_PER_SECOND = Number(process.env.BENCH_ANNOTATIONS_PER_SECOND ?? 4);
const JWT_SECRET = 'rapport-bench-secret-0123456789abcdefghijklmnop';
const CUSTOMERS = 20;
/** Seconds of the same stream, on a customer of its own, before measuring (JIT, query plans, caches). */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CHANNELS = ['EMAIL', 'PHONE', 'CHAT', 'MEETING'] as const;

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fixture(run: string): SeedDataSet {
  const k = (x: string) => `${run}-${x}`;
  const at = '2025-01-01T00:00:00Z';
  return {
    segments: [],
    employees: [
      {
        key: k('writer'),
        name: 'Bench Writer',
        email: `${run}.writer@example.com`,
        team: 'Bench',
        role: 'ANALYST',
        accessRoles: ['ANALYST'],
      },
      {
        key: k('reader'),
        name: 'Bench Reader',
        email: `${run}.reader@example.com`,
        team: 'Bench',
        role: 'ANALYST',
        accessRoles: ['VIEWER'],
      },
    ],
    customers: Array.from({ length: CUSTOMERS + 1 }, (_, i) => ({
      key: k(`c${i}`),
      name: `Bench Customer ${i}`,
      kind: 'ORGANIZATION' as const,
      lifecycleStage: 'ACTIVE' as const,
      relationshipType: 'TRANSACTIONAL' as const,
      revenue: 1000,
      costToServe: 100,
      lifetimeValue: 5000,
      consentContact: true,
      consentAnalytics: true,
      ownerKeys: [],
      createdAt: at,
    })),
    needs: [],
    interactions: [],
    insights: Array.from({ length: CUSTOMERS + 1 }, (_, i) => ({
      key: k(`i${i}`),
      title: `Bench insight ${i}`,
      body: 'b',
      origin: 'ABOUT_CUSTOMER' as const,
      status: 'PROPOSED' as const,
      confidence: 0.5,
      version: 1,
      authorKey: k('reader'),
      aboutCustomerKeys: [k(`c${i}`)],
      aboutNeedKeys: [],
      aboutSegmentKeys: [],
      evidenceKeys: [],
      topicNames: [],
      createdAt: at,
      updatedAt: at,
      annotations: [],
    })),
  };
}

type Filter = { topic: 'interaction'; customerId?: string; channel?: string } | { topic: 'insight'; customerId?: string; kind?: string };

interface Mutation {
  topic: 'interaction' | 'insight';
  customerId: string;
  channel?: string;
  kind?: string;
}

function filterFor(i: number, customerIds: string[]): Filter {
  const slot = i % 10;
  if (slot <= 3) return { topic: 'interaction', customerId: customerIds[i % CUSTOMERS] };
  if (slot <= 5) return { topic: 'interaction', channel: CHANNELS[i % CHANNELS.length] };
  if (slot === 6) return { topic: 'interaction' };
  if (slot <= 8) return { topic: 'insight', customerId: customerIds[i % CUSTOMERS] };
  return { topic: 'insight', kind: 'ANNOTATED' };
}

function matches(f: Filter, m: Mutation): boolean {
  if (f.topic !== m.topic) return false;
  if (f.customerId && f.customerId !== m.customerId) return false;
  if (f.topic === 'interaction' && f.channel && f.channel !== m.channel) return false;
  if (f.topic === 'insight' && f.kind && f.kind !== m.kind) return false;
  return true;
}

function query(f: Filter): { query: string; variables: Record<string, unknown> } {
  if (f.topic === 'interaction') {
    return {
      query: `subscription($c: ID, $ch: [Channel!]) { interactionRecorded(customerId: $c, channels: $ch) { at interaction { id channel customer { id } } } }`,
      variables: { c: f.customerId ?? null, ch: f.channel ? [f.channel] : null },
    };
  }
  return {
    query: `subscription($c: ID, $k: [InsightChangeKind!]) { insightChanged(customerId: $c, kinds: $k) { kind at insight { id subjects { ... on Customer { id } } } } }`,
    variables: { c: f.customerId ?? null, k: f.kind ? [f.kind] : null },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

async function runMode(mode: 'one server' | 'two copies through Redis', neo4jUri: string, run: string) {
  // Index CUSTOMERS is the warm-up customer: no customer filter follows it, and its events are not counted.
  const customerIds = Array.from({ length: CUSTOMERS + 1 }, (_, i) => seedId('customer', `${run}-c${i}`));
  const insightIds = Array.from({ length: CUSTOMERS + 1 }, (_, i) => seedId('insight', `${run}-i${i}`));
  const warmupCustomer = customerIds[CUSTOMERS];
  const redis = mode === 'one server' ? undefined : await startRedis();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    NEO4J_URI: neo4jUri,
    NEO4J_PASSWORD: 'unused',
    PORT: '0',
    JWT_SECRET,
    SEED_ON_EMPTY: 'false',
    LOG_LEVEL: 'warn',
    // 1,000 subscribers on one token from one address: the socket caps are for hostile clients, not this load.
    WS_CONNECTIONS_PER_IDENTITY: '0',
    WS_CONNECTIONS_PER_ADDRESS: '0',
    WS_CONNECTION_INITS_PER_MINUTE: '0',
    ...(redis ? { REDIS_URL: redis.url } : {}),
  };
  // BENCH_PROFILE_DIR: write a V8 CPU profile of every server copy there.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const copies = await Promise.all((redis ? [1, 2] : [1]).map(() => startApp(env, profile)));
  const jwt = loadConfig({ NODE_ENV: 'test', JWT_SECRET }).jwt;
  const writerToken = await mintToken(jwt, seedId('employee', `${run}-writer`), [AccessRole.ANALYST]);
  const readerToken = await mintToken(jwt, seedId('employee', `${run}-reader`), [AccessRole.VIEWER]);
  const rest = copies.map((c) => rssMiB(c.child.pid!));

  // Subscribers, spread over the copies and the filters.
  const subs: { filter: Filter; live: LiveSubscription; received: { at: number; latency: number; m: Mutation | null }[] }[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const filter = filterFor(i, customerIds);
    const q = query(filter);
    const received: { at: number; latency: number; m: Mutation | null }[] = [];
    const live = subscribe(copies[i % copies.length].wsUrl, `Bearer ${readerToken}`, q.query, q.variables, {
      onEvent: (e) => {
        const now = Date.now();
        const d = e.data?.interactionRecorded ?? e.data?.insightChanged;
        if (!d) return;
        const m: Mutation | null = e.data.interactionRecorded
          ? { topic: 'interaction', customerId: d.interaction.customer.id, channel: d.interaction.channel }
          : { topic: 'insight', customerId: d.insight.subjects[0]?.id, kind: d.kind };
        if (m.customerId === warmupCustomer) return;
        received.push({ at: now, latency: now - Date.parse(d.at), m });
      },
    });
    subs.push({ filter, live, received });
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const counts = await Promise.all(
      copies.map(
        async (c) =>
          ((await (await fetch(c.url.replace('/graphql', '/healthz'))).json()) as { subscriptionConnections: number })
            .subscriptionConnections,
      ),
    );
    if (counts.reduce((a, b) => a + b, 0) >= SUBSCRIBERS) break;
    if (Date.now() > deadline) throw new Error(`Only ${counts} of ${SUBSCRIBERS} subscribers connected`);
    await sleep(200);
  }
  await sleep(2_000); // let every subscription reach its server

  // The stream: mutations at a steady pace, spread over the copies.
  const rnd = random(42);
  let mutations: Mutation[] = [];
  let failures: string[] = [];
  const peak = copies.map(() => 0);
  const sampler = setInterval(() => copies.forEach((c, i) => (peak[i] = Math.max(peak[i], rssMiB(c.child.pid!)))), 500);
  let n = 0;
  const stream = async (seconds: number, warmup: boolean) => {
    const started = Date.now();
    const total = seconds * (INTERACTIONS_PER_SECOND + ANNOTATIONS_PER_SECOND);
    const pending: Promise<void>[] = [];
    for (let k = 0; k < total; k++) {
      const due = started + (k * 1000) / (INTERACTIONS_PER_SECOND + ANNOTATIONS_PER_SECOND);
      if (due > Date.now()) await sleep(due - Date.now());
      const copy = copies[k % copies.length];
      const c = warmup ? CUSTOMERS : Math.floor(rnd() * CUSTOMERS);
      const isInteraction = rnd() < INTERACTIONS_PER_SECOND / (INTERACTIONS_PER_SECOND + ANNOTATIONS_PER_SECOND);
      const channel = CHANNELS[Math.floor(rnd() * CHANNELS.length)];
      const body = isInteraction
        ? {
            query: `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`,
            variables: {
              input: {
                externalId: `${run}-${mode}-${++n}`,
                customerId: customerIds[c],
                channel,
                touchpoint: 'SUPPORT',
                direction: 'INBOUND',
                summary: `bench ${n}`,
              },
            },
          }
        : {
            query: `mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id } }`,
            variables: { input: { insightId: insightIds[c], kind: 'COMMENT', body: `bench ${++n}` } },
          };
      const m: Mutation = isInteraction
        ? { topic: 'interaction', customerId: customerIds[c], channel }
        : { topic: 'insight', customerId: customerIds[c], kind: 'ANNOTATED' };
      pending.push(
        fetch(copy.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${writerToken}` },
          body: JSON.stringify(body),
        })
          .then(async (r) => {
            const json = (await r.json()) as { errors?: { message: string }[] };
            if (json.errors) failures.push(json.errors[0].message);
            else mutations.push(m);
          })
          .catch((e) => void failures.push(String(e))),
      );
    }
    await Promise.all(pending);
    await sleep(3_000); // the tail of the deliveries
    return (Date.now() - started) / 1000;
  };
  await stream(WARMUP_SECONDS, true);
  mutations = [];
  failures = [];
  const elapsed = await stream(SECONDS, false);
  clearInterval(sampler);

  let expected = 0;
  let delivered = 0;
  let wrong = 0;
  const latencies: number[] = [];
  for (const s of subs) {
    expected += mutations.filter((m) => matches(s.filter, m)).length;
    for (const r of s.received) {
      if (r.m && matches(s.filter, r.m)) delivered++;
      else wrong++;
      latencies.push(r.latency);
    }
  }
  latencies.sort((a, b) => a - b);
  const closed = subs.filter((s) => s.live.errors.length > 0).length;
  await Promise.all(subs.map((s) => s.live.dispose()));
  await Promise.all(copies.map((c) => c.stop()));
  await redis?.stop();
  return {
    mode,
    seconds: Math.round(elapsed),
    subscribers: SUBSCRIBERS,
    mutations: mutations.length,
    mutationFailures: failures.length,
    expected,
    delivered,
    lost: expected - delivered,
    wronglyDelivered: wrong,
    subscriptionErrors: closed,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1],
    },
    serverMemoryMiB: { atRest: rest, peak },
  };
}

async function main() {
  if (!process.env.BENCH_SKIP_BUILD) buildDist();
  let local: LocalNeo4j | undefined;
  let uri = process.env.NEO4J_URI;
  if (!uri) {
    const dataDir = path.join(ROOT, '.neo4j', 'bench');
    rmSync(dataDir, { recursive: true, force: true });
    local = await startLocalNeo4j({ dataDir, heap: '1g', pageCacheMb: 256, startTimeoutSeconds: 600, log: (l) => console.log(l) });
    uri = local.uri;
  }
  const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? 'unused'), {
    disableLosslessIntegers: true,
  });
  const graph = new Graph(driver, process.env.NEO4J_DATABASE ?? 'neo4j');
  const run = `bench${Date.now().toString(36)}`;
  try {
    await migrate(graph);
    await loadSeed(graph, fixture(run));
    const results = [];
    const modes = (process.env.BENCH_MODES ?? 'one,redis')
      .split(',')
      .map((m) => (m.trim() === 'redis' ? 'two copies through Redis' : 'one server') as 'one server' | 'two copies through Redis');
    for (const mode of modes) {
      console.log(
        `\n${mode}: ${SUBSCRIBERS} subscribers, ${INTERACTIONS_PER_SECOND} interactions/s + ${ANNOTATIONS_PER_SECOND} annotations/s for ${SECONDS} s...`,
      );
      results.push(await runMode(mode, uri, run));
    }
    const machine = machineDescription();
    console.log(`\nLive knowledge benchmark on ${machine}\n`);
    console.table(
      results.map((r) => ({
        mode: r.mode,
        mutations: r.mutations,
        'events expected': r.expected,
        delivered: r.delivered,
        lost: r.lost,
        'wrongly delivered': r.wronglyDelivered,
        'p50 ms': r.latencyMs.p50,
        'p95 ms': r.latencyMs.p95,
        'p99 ms': r.latencyMs.p99,
        'server MiB at rest': r.serverMemoryMiB.atRest.join(' + '),
        'server MiB peak': r.serverMemoryMiB.peak.join(' + '),
      })),
    );
    const targets = { 'one server': 100, 'two copies through Redis': 150 } as const;
    for (const r of results) {
      const ok = r.lost === 0 && r.wronglyDelivered === 0 && r.latencyMs.p99 < targets[r.mode];
      console.log(
        `${ok ? 'MET' : 'MISSED'}: ${r.mode}: zero lost, zero wrongly delivered, p99 under ${targets[r.mode]} ms (p99 ${r.latencyMs.p99} ms).`,
      );
    }
    const file = writeResult('live', {
      machine,
      at: new Date().toISOString(),
      settings: { SECONDS, SUBSCRIBERS, INTERACTIONS_PER_SECOND, ANNOTATIONS_PER_SECOND },
      results,
    });
    console.log(`\nWritten to ${file}`);
  } finally {
    await driver.close();
    await local?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
