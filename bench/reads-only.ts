import 'reflect-metadata';
import type { SizeName } from '../seeds/generate';
import { buildDist } from '../test/helpers/process';
import { benchNeo4j, loadDataSet, measureReads, startBenchServer, startRawServer } from './suite';
import { sampleParameters } from './reads';

/**
 * `npm run bench:reads`: only the read benchmark, on a kept database, for iterating on read
 * speed. Uses NEO4J_URI when set; otherwise its own Neo4j in `.neo4j/bench-reads`, which is
 * loaded with the BENCH_SIZE set (default 10k) the first time and kept afterwards.
 * BENCH_READ_SECONDS (default 10), BENCH_ONLY (a read's name, to run one), BENCH_NODE_ARGS
 * (extra node flags for the API server, e.g. `--cpu-prof`).
 */
async function main(): Promise<void> {
  buildDist();
  const db = await benchNeo4j('bench-reads', { wipe: false });
  try {
    const [{ n }] = await db.graph.read('MATCH (i:Interaction) RETURN count(i) AS n');
    if (!n) await loadDataSet(db.graph, (process.env.BENCH_SIZE ?? '10k') as SizeName);
    const params = await sampleParameters(db.graph);
    const app = await startBenchServer(db, (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean));
    const raw = await startRawServer(db.uri);
    try {
      const { reads } = await measureReads(
        app,
        { url: raw.url, pid: raw.child.pid! },
        params,
        Number(process.env.BENCH_READ_SECONDS ?? 10),
        process.env.BENCH_ONLY,
      );
      console.table(
        reads.map((r) => ({
          read: r.read,
          'GraphQL p50': r.graphql.p50,
          'raw p50': r.raw.p50,
          'ratio p50': r.ratioP50,
          'GraphQL req/s': r.graphql.requestsPerSecond,
          'raw req/s': r.raw.requestsPerSecond,
          'round trips': r.graphql.roundTrips,
          'GraphQL CPU ms': r.graphql.serverCpuMs,
          'raw CPU ms': r.raw.serverCpuMs,
          errors: r.graphql.errors + r.raw.errors,
        })),
      );
    } finally {
      await app.stop();
      await raw.stop();
    }
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
