import 'reflect-metadata';
import * as path from 'node:path';
import neo4j from 'neo4j-driver';
import { Graph } from '../src/db/graph';
import { startLocalNeo4j, type LocalNeo4j } from '../src/db/local-neo4j';
import { migrate } from '../src/db/migrations';
import { buildDist, ROOT, run } from '../test/helpers/process';
import { loadDataSet, measureReads, startBenchServer } from './suite';
import { sampleParameters } from './reads';
import type { SizeName } from '../seeds/generate';

/**
 * `npm run bench:reads`: only the read benchmark, on a kept database, for iterating on read
 * speed. Uses NEO4J_URI when set; otherwise its own Neo4j in `.neo4j/bench-reads`, which is
 * loaded with the BENCH_SIZE set (default 10k) the first time and kept afterwards.
 * BENCH_READ_SECONDS (default 10), BENCH_ONLY (a read's name, to run one), BENCH_NODE_ARGS
 * (extra node flags for the API server, e.g. `--cpu-prof`).
 */
async function main(): Promise<void> {
  buildDist();
  let local: LocalNeo4j | undefined;
  let uri = process.env.NEO4J_URI;
  if (!uri) {
    local = await startLocalNeo4j({ dataDir: path.join(ROOT, '.neo4j', 'bench-reads'), heap: '1500m', pageCacheMb: 1024, startTimeoutSeconds: 600, log: (l) => console.log(l) });
    uri = local.uri;
  }
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD ?? 'unused'), { disableLosslessIntegers: true });
  const graph = new Graph(driver, process.env.NEO4J_DATABASE ?? 'neo4j');
  try {
    await migrate(graph);
    const [{ n }] = await graph.read('MATCH (i:Interaction) RETURN count(i) AS n');
    if (!n) await loadDataSet(graph, (process.env.BENCH_SIZE ?? '10k') as SizeName);
    const params = await sampleParameters(graph);
    const app = await startBenchServer(uri, (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean));
    const raw = run(process.execPath, [path.join(ROOT, 'dist', 'bench', 'raw-server.js')], { ...process.env, NEO4J_URI: uri });
    try {
      const [, rawUrl] = await raw.waitFor(/raw Cypher server ready at (\S+)/, 30_000);
      const { reads } = await measureReads(app, rawUrl, params, Number(process.env.BENCH_READ_SECONDS ?? 10), process.env.BENCH_ONLY);
      console.table(reads.map((r) => ({ read: r.read, 'GraphQL p50': r.graphql.p50, 'raw p50': r.raw.p50, 'ratio p50': r.ratioP50, 'GraphQL req/s': r.graphql.requestsPerSecond, 'raw req/s': r.raw.requestsPerSecond, 'round trips': r.graphql.roundTrips, errors: r.graphql.errors + r.raw.errors })));
    } finally {
      await app.stop();
      await raw.stop();
    }
  } finally {
    await driver.close();
    await local?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
