import 'reflect-metadata';
import { PLANT_NAMES, WINDOW_END, type SizeName } from '../seeds/generate';
import { loadConfig } from '../src/config';
import type { Graph } from '../src/db/graph';
import { LearningService } from '../src/modules/learning/learning.service';
import { createEventBus } from '../src/realtime/event-bus';
import pino from 'pino';
import { buildRapportSchema } from '../src/server/schema';
import { buildDist } from '../test/helpers/process';
import { costSamples, measureAnalyticsCosts, printCostReport, type CostReport } from './analytics-cost';
import { load, machineDescription, writeResult, type LoadResult } from './common';
import { benchNeo4j, loadDataSet, startBenchServer } from './suite';

/**
 * `npm run bench:analytics`: the analytics and insight mining of issue 5 on the `10k` data set
 * (BENCH_SIZE) with every plant on (data/10k-seed1-planted.ndjson), loaded through the importer into a fresh Neo4j (`.neo4j/bench-analytics`). Each
 * query is driven through GraphQL at concurrency 8 for BENCH_READ_SECONDS (default 10) after a
 * warm-up, twice: cold (ANALYTICS_CACHE_SECONDS=0: every request computes its answer) and with the
 * analytics cache as configured by default (a read-only load: after the first request, answers
 * across customers come from the cache). Then one full learning run (all five miners, as of the
 * data set's end) is timed.
 * Targets: every analytics query p50 under 150 ms, a full learning run under 60 s. BENCH_ONLY
 * (query names, comma-separated) measures some of them.
 *
 * First of all it checks the cost table of the analytics against their measured Neo4j time
 * (bench/analytics-cost.ts) and exits with 1 at the end when a price is out of line.
 * `BENCH_ONLY=costs` does only that, in a few minutes, on a database it keeps
 * (`.neo4j/bench-analytics-cost`, loaded the first time).
 */

const SIZE = (process.env.BENCH_SIZE ?? '10k') as SizeName;
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = 8;
export const ANALYTICS_TARGETS = { p50Ms: 150, learningSeconds: 60 };

interface Samples {
  customerIds: string[];
  topicIds: string[];
  needIds: string[];
  segmentIds: string[];
  words: string[];
}

interface AnalyticsQuery {
  name: string;
  query: string;
  variables: (s: Samples, i: number) => Record<string, unknown>;
}

const at = <T>(xs: T[], i: number) => xs[i % xs.length];
const END = new Date(WINDOW_END).toISOString();

const ALL_QUERIES: AnalyticsQuery[] = [
  {
    name: 'customer.health',
    query: 'query($id: ID!) { customer(id: $id) { health { score components { name value score weight points } } } }',
    variables: (s, i) => ({ id: at(s.customerIds, i) }),
  },
  {
    name: 'customer.knownBy',
    query: 'query($id: ID!) { customer(id: $id) { knownBy(first: 5) { employee { name } score reason } } }',
    variables: (s, i) => ({ id: at(s.customerIds, i) }),
  },
  {
    name: 'customer.valueQuadrant',
    query: 'query($id: ID!) { customer(id: $id) { profitability lifetimeValue valueQuadrant } }',
    variables: (s, i) => ({ id: at(s.customerIds, i) }),
  },
  {
    name: 'customer.similarCustomers',
    query:
      'query($id: ID!) { customer(id: $id) { similarCustomers(first: 10) { customer { name } score sharedNeeds { title } sharedTopics { name } } } }',
    variables: (s, i) => ({ id: at(s.customerIds, i) }),
  },
  {
    name: 'customer.recommendedInsights',
    query: 'query($id: ID!) { customer(id: $id) { recommendedInsights(first: 10) { insight { title } score reason } } }',
    variables: (s, i) => ({ id: at(s.customerIds, i) }),
  },
  {
    name: 'customer.experienceGap',
    query: 'query($id: ID!) { customer(id: $id) { experienceGap { interactionCount gap } } }',
    variables: (s, i) => ({ id: at(s.customerIds, i) }),
  },
  {
    name: 'needTrends',
    query:
      'query($seg: ID, $end: DateTimeISO) { needTrends(window: { days: 90, end: $end }, segmentId: $seg, first: 10) { trends { need { title } customerCount previousCustomerCount growth } } }',
    variables: (s, i) => ({ seg: i % 2 ? at(s.segmentIds, i) : null, end: END }),
  },
  {
    name: 'expertsOn(topic)',
    query: 'query($t: ID) { expertsOn(topicId: $t, first: 10) { employee { name } score reason } }',
    variables: (s, i) => ({ t: at(s.topicIds, i) }),
  },
  {
    name: 'expertsOn(need)',
    query: 'query($n: ID) { expertsOn(needId: $n, first: 10) { employee { name } score reason } }',
    variables: (s, i) => ({ n: at(s.needIds, i) }),
  },
  {
    name: 'atRiskCustomers',
    query: 'query($seg: ID) { atRiskCustomers(segmentId: $seg, first: 20) { customer { name } health { score } explanation } }',
    variables: (s, i) => ({ seg: i % 2 ? at(s.segmentIds, i) : null }),
  },
  {
    name: 'portfolio',
    query:
      'query($seg: ID) { portfolio(segmentId: $seg) { customerCount customerEquity topFifthProfitShare byValueQuadrant { quadrant customerCount } byLifecycleStage { stage customerCount } } }',
    variables: (s, i) => ({ seg: i % 2 ? at(s.segmentIds, i) : null }),
  },
  {
    name: 'experienceByTouchpoint',
    query:
      'query($end: DateTimeISO) { experienceByTouchpoint(window: { days: 90, end: $end }) { touchpoint channel interactionCount averageSentiment gap } }',
    variables: () => ({ end: END }),
  },
  {
    name: 'search',
    query: 'query($q: String!) { search(query: $q, first: 20) { totalCount edges { node { type score snippet } } } }',
    variables: (s, i) => ({ q: at(s.words, i) }),
  },
];

/** BENCH_ONLY: a comma-separated list of query names to measure (default: all). */
const ONLY = process.env.BENCH_ONLY?.split(',').map((n) => n.trim());
const QUERIES = ONLY ? ALL_QUERIES.filter((q) => ONLY.includes(q.name)) : ALL_QUERIES;
/** The cost table is checked unless BENCH_ONLY names queries and not `costs`; with `costs` alone, nothing else runs. */
const COSTS = !ONLY || ONLY.includes('costs');
const COSTS_ONLY = COSTS && ONLY?.length === 1;

/** Measures the analytics' Neo4j time, checks the cost table against it, prints and saves the report. */
async function checkCostTable(graph: Graph): Promise<CostReport> {
  console.log('The cost table against measured Neo4j time:');
  const report = await measureAnalyticsCosts(graph, await buildRapportSchema(), await costSamples(graph));
  printCostReport(report);
  if (!report.inLine) process.exitCode = 1;
  return report;
}

/** `BENCH_ONLY=costs`: the cost check alone, on a kept database. */
async function costsOnly(): Promise<void> {
  const db = await benchNeo4j('bench-analytics-cost', { wipe: false });
  try {
    const [{ n }] = await db.graph.read('MATCH (c:Customer) RETURN count(c) AS n');
    if (!n) await loadDataSet(db.graph, SIZE, [...PLANT_NAMES]);
    const costs = await checkCostTable(db.graph);
    console.log(`\nWritten to ${writeResult('analytics-costs', { machine: machineDescription(), size: SIZE, costs })}`);
  } finally {
    await db.close();
  }
}

async function samples(graph: Graph): Promise<Samples> {
  const ids = async (cypher: string) => (await graph.read(cypher)).map((r) => r.id as string);
  const words = (await graph.read('MATCH (n:Need) RETURN n.title AS t ORDER BY n.externalId LIMIT 60'))
    .flatMap((r) => String(r.t).split(/\s+/))
    .filter((w) => w.length >= 5)
    .slice(0, 40);
  return {
    customerIds: await ids(
      `MATCH (c:Customer) WHERE coalesce(c.consentAnalytics, false) AND EXISTS { (c)-[:HAS_NEED]->() } RETURN c.id AS id ORDER BY c.externalId LIMIT 200`,
    ),
    topicIds: await ids('MATCH (t:Topic) RETURN t.id AS id ORDER BY t.name'),
    needIds: await ids('MATCH (n:Need) RETURN n.id AS id ORDER BY n.externalId LIMIT 100'),
    segmentIds: await ids('MATCH (s:Segment) RETURN s.id AS id ORDER BY s.name'),
    words,
  };
}

async function main(): Promise<void> {
  if (COSTS_ONLY) return costsOnly();
  buildDist();
  const db = await benchNeo4j('bench-analytics');
  try {
    // Every plant on, so that the learning run below finds patterns and writes its proposals.
    const imported = await loadDataSet(db.graph, SIZE, [...PLANT_NAMES]);
    console.log(`Imported ${imported.imported} records in ${Math.round(imported.seconds)} s.`);
    const s = await samples(db.graph);
    const costs = COSTS ? await checkCostTable(db.graph) : null;
    const measure = async (label: string, env: Record<string, string>) => {
      console.log(`${label}:`);
      const app = await startBenchServer(db, [], env);
      const rows: ({ query: string } & LoadResult)[] = [];
      try {
        for (const q of QUERIES) {
          const body = (i: number) => JSON.stringify({ query: q.query, variables: q.variables(s, i) });
          const auth = { authorization: `Bearer ${app.token}` };
          await load(app.url, auth, body, WARMUP_SECONDS, CONNECTIONS);
          const r = await load(app.url, auth, body, READ_SECONDS, CONNECTIONS);
          rows.push({ query: q.name, ...r });
          console.log(`  ${q.name}: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.requestsPerSecond} req/s, ${r.errors} errors`);
        }
      } finally {
        await app.stop();
      }
      return rows;
    };
    const cold = await measure('Cold (ANALYTICS_CACHE_SECONDS=0)', { ANALYTICS_CACHE_SECONDS: '0' });
    const rows = await measure('With the analytics cache (default)', {});
    // One full learning run, in this process, as `npm run learn` does it.
    const learning = new LearningService(
      db.graph,
      createEventBus({ graph: db.graph, logger: pino({ level: 'silent' }), relay: false }),
      loadConfig({ NODE_ENV: 'test' }).learning,
    );
    const run = await learning.run({ asOf: new Date(WINDOW_END) }, null);
    const result = {
      machine: machineDescription(),
      size: SIZE,
      connections: CONNECTIONS,
      seconds: READ_SECONDS,
      targets: ANALYTICS_TARGETS,
      queries: rows.map((r, k) => ({
        ...r,
        p50Met: r.p50 < ANALYTICS_TARGETS.p50Ms,
        cold: { ...cold[k], p50Met: cold[k].p50 < ANALYTICS_TARGETS.p50Ms },
      })),
      learning: {
        seconds: Math.round(run.durationMs / 100) / 10,
        met: run.durationMs < ANALYTICS_TARGETS.learningSeconds * 1000,
        results: run.results,
      },
      costs,
    };
    const file = writeResult('analytics', result);
    console.log(`\nAnalytics on ${SIZE} (${result.machine}), concurrency ${CONNECTIONS}, ${READ_SECONDS} s each:`);
    console.log(
      '| query | cold p50 / p99 ms | cold p50 < 150 | cached p50 / p99 ms | cached p50 < 150 | errors |\n| --- | --- | --- | --- | --- | --- |',
    );
    for (const r of result.queries) {
      console.log(
        `| ${r.query} | ${r.cold.p50} / ${r.cold.p99} | ${r.cold.p50Met ? 'yes' : 'no'} | ${r.p50} / ${r.p99} | ${r.p50Met ? 'yes' : 'no'} | ${r.errors + r.cold.errors} |`,
      );
    }
    console.log(`\nFull learning run: ${result.learning.seconds} s (target < 60 s: ${result.learning.met ? 'met' : 'missed'})`);
    console.log('| miner | found | created | ms |\n| --- | --- | --- | --- |');
    for (const r of run.results) console.log(`| ${r.miner} | ${r.found} | ${r.created} | ${r.durationMs} |`);
    if (costs) printCostReport(costs);
    console.log(`\nWritten to ${file}`);
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
