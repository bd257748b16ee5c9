import 'reflect-metadata';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import neo4j from 'neo4j-driver';
import { writeDataSet, type PlantName, type SizeName } from '../seeds/generate';
import { loadConfig } from '../src/config';
import { Graph } from '../src/db/graph';
import { startLocalNeo4j, type LocalNeo4j } from '../src/db/local-neo4j';
import { migrate } from '../src/db/migrations';
import { importFile, type ImportSummary } from '../src/import/importer';
import { AccessRole } from '../src/graphql/access';
import { mintToken } from '../src/server/auth';
import { buildDist, ROOT, run, startApp, type Running } from '../test/helpers/process';
import { measureImportCeiling } from './import-ceiling';
import { latestResult, load, loadWithCpu, machineDescription, memoryPeak, metricSum, rssMiB, writeResult, type LoadResult } from './common';
import { dataDifference, graphqlBody, peerBody, rawBody, READS, sampleParameters, type Read, type ReadParameters } from './reads';

/**
 * `npm run bench`: self-contained. Starts its own Neo4j (`.neo4j/bench`, wiped, with APOC core for
 * the peer), generates the `10k` data set and loads it through the importer, starts the API
 * server, a raw-Cypher server and the peer (@neo4j/graphql) as separate processes, and drives
 * each with autocannon at concurrency 16. Then it runs
 * the live-knowledge benchmark against the same database. Prints one table and writes it as JSON
 * under `bench/results/`.
 *
 * BENCH_SIZE (default 10k), BENCH_READ_SECONDS (15), BENCH_WARMUP_SECONDS (5), BENCH_LIVE
 * (default 1; 0 skips the subscription benchmark), NEO4J_URI (use that server instead).
 */

const JWT_SECRET = 'rapport-bench-secret-0123456789abcdefghijklmnop';
const SIZE = (process.env.BENCH_SIZE ?? '10k') as SizeName;
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = 16;
/**
 * ratioP50: Rapport's p50 over raw Cypher's; peerSpeedupP50: the peer's p50 over Rapport's (at
 * least); cpuRatio: Rapport's server CPU time per request over the raw server's (at most).
 */
export const TARGETS = { importPerSecond: 20_000, ratioP50: 1.5, peerSpeedupP50: 2.5, cpuRatio: 2, serverMiB: 400 };

export interface ReadResult {
  read: string;
  graphql: LoadResult & { roundTrips: number; serverCpuMs: number };
  raw: LoadResult & { serverCpuMs: number };
  /** The same read through @neo4j/graphql (bench/peer-server.ts). */
  peer: LoadResult & { serverCpuMs: number };
  ratioP50: number;
  ratioP99: number;
  /** The peer's p50 over Rapport's: how many times faster Rapport answers. */
  peerRatioP50: number;
  /** Rapport's server CPU time per request over the raw server's. */
  cpuRatio: number;
}

/**
 * Starts a Neo4j for a benchmark in `.neo4j/<name>` (wiped unless `wipe: false`), unless NEO4J_URI
 * names one. `apoc: true` loads APOC core into it, for the peer (which then needs it on a
 * NEO4J_URI server too).
 */
export async function benchNeo4j(
  name: string,
  { wipe = true, apoc = false } = {},
): Promise<{ uri: string; graph: Graph; close: () => Promise<void> }> {
  let local: LocalNeo4j | undefined;
  let uri = process.env.NEO4J_URI;
  if (!uri) {
    const dataDir = path.join(ROOT, '.neo4j', name);
    if (wipe) rmSync(dataDir, { recursive: true, force: true });
    local = await startLocalNeo4j({
      dataDir,
      heap: '1500m',
      pageCacheMb: 1024,
      startTimeoutSeconds: 600,
      log: (l) => console.log(l),
      plugins: apoc ? ['apoc'] : [],
    });
    uri = local.uri;
  }
  const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? 'unused'), {
    disableLosslessIntegers: true,
  });
  const graph = new Graph(driver, process.env.NEO4J_DATABASE ?? 'neo4j');
  await migrate(graph);
  return {
    uri,
    graph,
    close: async () => {
      await driver.close();
      await local?.stop();
    },
  };
}

/** Where a generated data set is kept. */
const dataSetFile = (size: SizeName, plants: PlantName[] = []) =>
  path.join(ROOT, 'data', `${size}-seed1${plants.length ? '-planted' : ''}.ndjson`);

/** `part` as a percentage of `whole`. */
const percentOf = (part: number, whole: number) => `${Math.round((100 * part) / Math.max(whole, 1))}%`;

/** Generates a data set (kept under data/ for the next run) and loads it through the importer. */
export async function loadDataSet(graph: Graph, size: SizeName, plants: PlantName[] = []): Promise<ImportSummary> {
  const file = dataSetFile(size, plants);
  if (!existsSync(file)) {
    console.log(`Generating the ${size} data set into ${path.relative(ROOT, file)}...`);
    await writeDataSet({ size, seed: 1, file, plants });
  }
  console.log(`Importing ${path.relative(ROOT, file)}...`);
  let last = 0;
  const summary = await importFile(graph, {
    file,
    restart: true,
    onProgress: (p) => {
      if (Date.now() - last > 10_000) {
        last = Date.now();
        console.log(`  line ${p.line}, ${Math.round((100 * p.bytesRead) / p.totalBytes)}%, ${Math.round(p.recordsPerSecond)} records/s`);
      }
    },
  });
  if (summary.rejected) throw new Error(`The generated data set had ${summary.rejected} rejected lines; see ${summary.rejectsFile}.`);
  return summary;
}

/** Starts the API server (a separate process, as in production) on the benchmark's database. */
export async function startBenchServer(
  db: { uri: string; graph: Graph },
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<Running & { url: string; metricsUrl: string; token: string; pid: number }> {
  const { uri } = db;
  const app = await startApp(
    {
      NODE_ENV: 'test',
      NEO4J_URI: uri,
      NEO4J_PASSWORD: 'unused',
      PORT: '0',
      JWT_SECRET,
      SEED_ON_EMPTY: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
    nodeArgs,
  );
  const jwt = loadConfig({ NODE_ENV: 'test', JWT_SECRET }).jwt;
  // An ANALYST sees every field (a VIEWER gets personal data refused), like an analyst's 360 page;
  // a token signs in only an employee of the graph, with no more than their roles: the data set's first ANALYST or ADMIN.
  const [employee] = await db.graph.read(
    "MATCH (e:Employee) WHERE 'ANALYST' IN e.accessRoles OR 'ADMIN' IN e.accessRoles RETURN e.id AS id ORDER BY e.id LIMIT 1",
  );
  if (!employee) throw new Error('The benchmark database holds no employee to sign in as; load a data set first.');
  const token = await mintToken(jwt, employee.id as string, [AccessRole.ANALYST]);
  return Object.assign(app, { metricsUrl: app.url.replace(/\/graphql$/, '/metrics'), token, pid: app.child.pid! });
}

/** Starts the raw-Cypher server (bench/raw-server.ts) on a database; resolves with it and its URL. */
export async function startRawServer(uri: string): Promise<Running & { url: string }> {
  const raw = run(process.execPath, [path.join(ROOT, 'dist', 'bench', 'raw-server.js')], { ...process.env, NEO4J_URI: uri });
  const [, url] = await raw.waitFor(/raw Cypher server ready at (\S+)/, 30_000);
  return Object.assign(raw, { url });
}

/** What the peer is, as the results name it (its version as package.json pins it). */
export const PEER_DESCRIPTION = `@neo4j/graphql ${
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[
    '@neo4j/graphql'
  ]
} (no auth, no plugins)`;

/** Starts the peer, @neo4j/graphql (bench/peer-server.ts), on a database; resolves with it and its URL. */
export async function startPeerServer(uri: string): Promise<Running & { url: string }> {
  const peer = run(process.execPath, [path.join(ROOT, 'dist', 'bench', 'peer-server.js')], { ...process.env, NEO4J_URI: uri });
  const [, url] = await peer.waitFor(/peer GraphQL server ready at (\S+)/, 60_000);
  return Object.assign(peer, { url });
}

/** How many parameter sets of each read `npm run bench` checks for equal data before measuring. */
const SAME_DATA_CHECKS = 20;

/**
 * Checks, before anything is measured, that each read's GraphQL query and the peer's return the
 * same data as its raw statement for its first {@link SAME_DATA_CHECKS} parameter sets (see
 * `dataDifference`); throws at the first difference, since a ratio between different answers
 * means nothing.
 */
async function checkSameData(
  url: string,
  auth: Record<string, string>,
  rawUrl: string,
  peerUrl: string,
  params: ReadParameters,
  reads: [number, Read][],
): Promise<void> {
  const post = async (to: string, headers: Record<string, string>, body: string) => {
    const res = await fetch(to, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const json = (await res.json()) as { data?: any; errors?: unknown };
    if (res.status !== 200 || json.errors) throw new Error(`${to} answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
    return json.data;
  };
  for (const [index, read] of reads) {
    for (let i = 0; i < SAME_DATA_CHECKS; i++) {
      const data = await post(url, auth, graphqlBody(read, params)(i));
      const rows = await post(`${rawUrl}/${index}`, {}, rawBody(read, params)(i));
      const difference = dataDifference(read, data, rows);
      if (difference) throw new Error(`${read.name} (parameters #${i}): GraphQL and raw Cypher return different data: ${difference}`);
      const peerData = await post(peerUrl, {}, peerBody(read, params)(i));
      const peerDifference = dataDifference(read, peerData, rows, 'peer');
      if (peerDifference)
        throw new Error(
          `${read.name} (parameters #${i}): the peer (@neo4j/graphql) and raw Cypher return different data: ${peerDifference}`,
        );
    }
  }
  console.log(
    `Rapport's GraphQL, the peer (@neo4j/graphql) and raw Cypher return the same data (${SAME_DATA_CHECKS} parameter sets of each read compared).`,
  );
}

/**
 * Each read through Rapport's GraphQL, as raw Cypher and through the peer, at concurrency 16, once
 * all three are checked to return the same data.
 */
export async function measureReads(
  app: { url: string; metricsUrl: string; token: string; pid: number },
  rawServer: { url: string; pid: number },
  peerServer: { url: string; pid: number },
  params: ReadParameters,
  seconds: number,
  only?: string,
): Promise<{ reads: ReadResult[]; serverPeakMiB: number; sameDataChecked: number }> {
  const reads: ReadResult[] = [];
  const rawUrl = rawServer.url;
  const memory = memoryPeak(app.pid);
  const measured = [...READS.entries()].filter(([, read]) => !only || read.name === only);
  const auth = { authorization: `Bearer ${app.token}` };
  try {
    await checkSameData(app.url, auth, rawUrl, peerServer.url, params, measured);
  } catch (e) {
    memory.stop(); // its timer would read the memory of a server that the caller is about to stop
    throw e;
  }
  // Neo4j's JIT needs about 20 s of work before a statement reaches its steady speed (a trivial
  // statement goes from 7 ms to 0.7 ms on this machine): warm every read all three ways first, so
  // that the first read measured is not measured on a cold database.
  for (const [index, read] of measured) {
    await load(app.url, auth, graphqlBody(read, params), WARMUP_SECONDS, CONNECTIONS);
    await load(`${rawUrl}/${index}`, {}, rawBody(read, params), WARMUP_SECONDS, CONNECTIONS);
    await load(peerServer.url, {}, peerBody(read, params), WARMUP_SECONDS, CONNECTIONS);
  }
  for (const [index, read] of measured) {
    const gqlBody = graphqlBody(read, params);
    const rawRequest = rawBody(read, params);
    const peerRequest = peerBody(read, params);
    // Warm all three again (this read's plans and pages), then measure GraphQL, raw Cypher and the peer one after the other.
    await load(app.url, auth, gqlBody, WARMUP_SECONDS, CONNECTIONS);
    await load(`${rawUrl}/${index}`, {}, rawRequest, WARMUP_SECONDS, CONNECTIONS);
    await load(peerServer.url, {}, peerRequest, WARMUP_SECONDS, CONNECTIONS);
    const before = metricSum(await (await fetch(app.metricsUrl)).text(), 'rapport_neo4j_query_duration_seconds_count');
    const graphql = await loadWithCpu(app.pid, () => load(app.url, auth, gqlBody, seconds, CONNECTIONS));
    // The requests still in flight when the load stopped are served too: let them finish, and
    // count statements per request sent (per request answered, they made 1.00 look like 1.01).
    await new Promise((r) => setTimeout(r, 1000));
    const after = metricSum(await (await fetch(app.metricsUrl)).text(), 'rapport_neo4j_query_duration_seconds_count');
    const raw = await loadWithCpu(rawServer.pid, () => load(`${rawUrl}/${index}`, {}, rawRequest, seconds, CONNECTIONS));
    await new Promise((r) => setTimeout(r, 1000));
    const peer = await loadWithCpu(peerServer.pid, () => load(peerServer.url, {}, peerRequest, seconds, CONNECTIONS));
    const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 1)) * 100) / 100;
    reads.push({
      read: read.name,
      graphql: { ...graphql, roundTrips: Math.round(((after - before) / Math.max(graphql.sent, 1)) * 100) / 100 },
      raw,
      peer,
      ratioP50: ratio(graphql.p50, raw.p50),
      ratioP99: ratio(graphql.p99, raw.p99),
      peerRatioP50: ratio(peer.p50, graphql.p50),
      cpuRatio: Math.round((graphql.serverCpuMs / Math.max(raw.serverCpuMs, 0.01)) * 100) / 100,
    });
    console.log(
      `  ${read.name}: p50 GraphQL ${graphql.p50} ms, raw ${raw.p50} ms, peer ${peer.p50} ms; ` +
        `server CPU ${graphql.serverCpuMs} / ${raw.serverCpuMs} / ${peer.serverCpuMs} ms a request`,
    );
  }
  return { reads, serverPeakMiB: memory.stop(), sameDataChecked: SAME_DATA_CHECKS };
}

/** The reads side by side, one row each: Rapport's GraphQL, raw Cypher and the peer; p50 in ms, CPU ms per request. */
export function readsTable(reads: ReadResult[]): Record<string, string | number>[] {
  return reads.map((r) => ({
    read: r.read,
    'Rapport p50/p99': `${r.graphql.p50}/${r.graphql.p99}`,
    'raw p50/p99': `${r.raw.p50}/${r.raw.p99}`,
    'peer p50/p99': `${r.peer.p50}/${r.peer.p99}`,
    'Rapport/raw p50': r.ratioP50,
    'peer/Rapport p50': r.peerRatioP50,
    'req/s Rapport': r.graphql.requestsPerSecond,
    'req/s raw': r.raw.requestsPerSecond,
    'req/s peer': r.peer.requestsPerSecond,
    'round trips': r.graphql.roundTrips,
    'CPU ms Rapport': r.graphql.serverCpuMs,
    'CPU ms raw': r.raw.serverCpuMs,
    'CPU ms peer': r.peer.serverCpuMs,
    'CPU Rapport/raw': r.cpuRatio,
    errors: r.graphql.errors + r.raw.errors + r.peer.errors,
  }));
}

/** The reads' targets, each as [what, met]. */
export function readVerdicts(reads: ReadResult[]): (readonly [string, boolean])[] {
  return [
    ...reads.map(
      (r) =>
        [`${r.read}: GraphQL within ${TARGETS.ratioP50}x of raw Cypher at p50 (${r.ratioP50}x)`, r.ratioP50 <= TARGETS.ratioP50] as const,
    ),
    ...reads.map(
      (r) =>
        [
          `${r.read}: Rapport at least ${TARGETS.peerSpeedupP50}x faster than @neo4j/graphql at p50 (${r.peerRatioP50}x)`,
          r.peerRatioP50 >= TARGETS.peerSpeedupP50,
        ] as const,
    ),
    ...reads.map(
      (r) =>
        [
          `${r.read}: API server CPU per request at most ${TARGETS.cpuRatio}x the raw server's (${r.cpuRatio}x: ${r.graphql.serverCpuMs} / ${r.raw.serverCpuMs} ms; the peer ${r.peer.serverCpuMs} ms)`,
          r.cpuRatio <= TARGETS.cpuRatio,
        ] as const,
    ),
  ];
}

/** What a request costs through the API's whole stack when it reads nothing. */
export interface StackFloor {
  query: string;
  result: LoadResult & { serverCpuMs: number };
}

/**
 * The fixed cost of the API's stack: `{ __typename }`, which reads nothing, through everything a
 * read goes through (HTTP, body parsing, Apollo's pipeline and plugins, the token, the rate
 * limiter, the context, the compiled executor), at the reads' concurrency. Its server CPU time per
 * request is paid by every GraphQL read on top of its data, and the raw server pays none of it.
 */
export async function measureStackFloor(app: { url: string; token: string; pid: number }, seconds: number): Promise<StackFloor> {
  const query = '{ __typename }';
  const body = () => JSON.stringify({ query });
  const auth = { authorization: `Bearer ${app.token}` };
  await load(app.url, auth, body, WARMUP_SECONDS, CONNECTIONS);
  return { query, result: await loadWithCpu(app.pid, () => load(app.url, auth, body, seconds, CONNECTIONS)) };
}

interface LiveResult {
  results: {
    mode: string;
    delivered: number;
    expected: number;
    lost: number;
    wronglyDelivered: number;
    latencyMs: { p50: number; p99: number };
  }[];
}

async function main(): Promise<void> {
  buildDist();
  const db = await benchNeo4j('bench', { apoc: true });
  let app: Awaited<ReturnType<typeof startBenchServer>> | undefined;
  let raw: (Running & { url: string }) | undefined;
  let peer: (Running & { url: string }) | undefined;
  try {
    const imported = await loadDataSet(db.graph, SIZE);
    const interactionSeconds = imported.secondsByType.interaction ?? imported.seconds;
    const importRate = Math.round(imported.counts.interaction.created / interactionSeconds);
    console.log(`Imported ${imported.imported} records in ${imported.seconds.toFixed(1)} s; interactions at ${importRate}/s.`);
    const ceiling = await measureImportCeiling(db.graph, dataSetFile(SIZE));
    console.log(
      `The same interactions written by the simplest Cypher: ${ceiling.nodesPerSecond}/s as bare nodes, ${ceiling.nodesAndLinksPerSecond}/s with their customer and handler.`,
    );
    const params = await sampleParameters(db.graph);

    app = await startBenchServer(db);
    raw = await startRawServer(db.uri);
    peer = await startPeerServer(db.uri);
    await new Promise((r) => setTimeout(r, 2000));
    const restMiB = rssMiB(app.pid);
    console.log(
      `Reads at concurrency ${CONNECTIONS}, ${READ_SECONDS} s each (after warming every read all three ways for ${WARMUP_SECONDS} s, and again before each):`,
    );
    const { reads, serverPeakMiB, sameDataChecked } = await measureReads(
      app,
      { url: raw.url, pid: raw.child.pid! },
      { url: peer.url, pid: peer.child.pid! },
      params,
      READ_SECONDS,
    );
    const floor = await measureStackFloor(app, READ_SECONDS);
    console.log(
      `  the stack's floor, ${floor.query}: p50 ${floor.result.p50} ms, ${floor.result.requestsPerSecond} req/s; server CPU ${floor.result.serverCpuMs} ms a request`,
    );
    await app.stop();
    app = undefined;
    await raw.stop();
    raw = undefined;
    await peer.stop();
    peer = undefined;

    let live: LiveResult | null = null;
    if (process.env.BENCH_LIVE !== '0') {
      console.log('\nThe live-knowledge benchmark (npm run bench:live) on the same database...');
      const child = run(process.execPath, [path.join(ROOT, 'dist', 'bench', 'live.js')], {
        ...process.env,
        NEO4J_URI: db.uri,
        BENCH_SKIP_BUILD: '1',
      });
      const code = await new Promise((r) => child.child.once('exit', r));
      if (code !== 0) throw new Error(`The live benchmark failed:\n${child.output()}`);
      live = latestResult<LiveResult>('live');
    }

    const machine = machineDescription();
    const result = {
      machine,
      at: new Date().toISOString(),
      size: SIZE,
      settings: { connections: CONNECTIONS, readSeconds: READ_SECONDS, warmupSeconds: WARMUP_SECONDS },
      import: {
        records: imported.imported,
        seconds: Math.round(imported.seconds * 10) / 10,
        interactions: imported.counts.interaction.created,
        interactionSeconds: Math.round(interactionSeconds * 10) / 10,
        interactionsPerSecond: importRate,
        ceiling,
      },
      // Parameter sets of each read for which GraphQL and the peer were checked to return the same data as raw Cypher.
      sameDataChecked,
      peer: PEER_DESCRIPTION,
      reads,
      stackFloor: floor,
      serverMemoryMiB: { atRest: restMiB, peak: serverPeakMiB },
      live: live?.results ?? null,
    };
    const file = writeResult('bench', result);

    console.log(`\nRapport benchmark on ${machine}, data set ${SIZE}\n`);
    console.log(
      `Import: ${result.import.interactions} interactions in ${result.import.interactionSeconds} s = ${importRate} interactions/s (target ${TARGETS.importPerSecond}); ${result.import.records} records in ${result.import.seconds} s.`,
    );
    console.log(
      `Import ceiling (the first ${ceiling.interactions} interactions by the simplest Cypher, same batches): ${ceiling.nodesPerSecond}/s as bare nodes ` +
        `(importer at ${percentOf(importRate, ceiling.nodesPerSecond)} of it), ${ceiling.nodesAndLinksPerSecond}/s with customer and handler (${percentOf(importRate, ceiling.nodesAndLinksPerSecond)}).`,
    );
    console.table(readsTable(reads));
    console.log(
      `p50/p99 in ms. Server CPU time per request (ms): the API's process for GraphQL, the raw server's for raw Cypher, the peer's for ${PEER_DESCRIPTION}. ` +
        `The stack alone (${floor.query}, no data): ${floor.result.serverCpuMs} ms a request, ${floor.result.requestsPerSecond} req/s, p50 ${floor.result.p50} ms.`,
    );
    console.log(`Server memory: ${restMiB} MiB at rest, ${serverPeakMiB} MiB peak under load (target < ${TARGETS.serverMiB}).`);
    if (live)
      for (const l of live.results)
        console.log(
          `Live (${l.mode}): ${l.delivered}/${l.expected} events, ${l.lost} lost, p50 ${l.latencyMs.p50} ms, p99 ${l.latencyMs.p99} ms.`,
        );
    const verdicts = [
      [`import at least ${TARGETS.importPerSecond} interactions/s`, importRate >= TARGETS.importPerSecond],
      ...readVerdicts(reads),
      ['zero errors', reads.every((r) => r.graphql.errors + r.raw.errors + r.peer.errors === 0) && floor.result.errors === 0],
      [`server memory under ${TARGETS.serverMiB} MiB`, serverPeakMiB < TARGETS.serverMiB],
    ] as const;
    for (const [what, ok] of verdicts) console.log(`${ok ? 'MET' : 'MISSED'}: ${what}`);
    console.log(`\nWritten to ${file}`);
  } finally {
    await app?.stop();
    await raw?.stop();
    await peer?.stop();
    await db.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
