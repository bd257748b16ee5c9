import 'reflect-metadata';
import type { SizeName } from '../seeds/generate';
import { buildDist } from '../test/helpers/process';
import {
  benchNeo4j,
  loadDataSet,
  measureReads,
  PEER_DESCRIPTION,
  readsTable,
  readVerdicts,
  startBenchServer,
  startPeerServer,
  startRawServer,
} from './suite';
import { sampleParameters } from './reads';

/**
 * `npm run bench:reads`: only the read benchmark, on a kept database, for iterating on read
 * speed: Rapport, the peer (@neo4j/graphql, bench/peer-server.ts) and raw Cypher side by side.
 * Uses NEO4J_URI when set (the peer needs APOC core there); otherwise its own Neo4j, with APOC
 * core, in `.neo4j/bench-reads`, which is loaded with the BENCH_SIZE set (default 10k) the first
 * time and kept afterwards. BENCH_READ_SECONDS (default 10), BENCH_ONLY (a read's name, to run
 * one), BENCH_NODE_ARGS (extra node flags for the API server, e.g. `--cpu-prof`).
 */
async function main(): Promise<void> {
  buildDist();
  const db = await benchNeo4j('bench-reads', { wipe: false, apoc: true });
  try {
    const [{ n }] = await db.graph.read('MATCH (i:Interaction) RETURN count(i) AS n');
    if (!n) await loadDataSet(db.graph, (process.env.BENCH_SIZE ?? '10k') as SizeName);
    const params = await sampleParameters(db.graph);
    const app = await startBenchServer(db, (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean));
    const raw = await startRawServer(db.uri);
    const peer = await startPeerServer(db.uri);
    try {
      const { reads } = await measureReads(
        app,
        { url: raw.url, pid: raw.child.pid! },
        { url: peer.url, pid: peer.child.pid! },
        params,
        Number(process.env.BENCH_READ_SECONDS ?? 10),
        process.env.BENCH_ONLY,
      );
      console.table(readsTable(reads));
      console.log(
        `p50/p99 in ms; CPU: the serving process's CPU time per request answered (Rapport's API, the raw Cypher server, the peer: ${PEER_DESCRIPTION}).`,
      );
      const verdicts = [
        ...readVerdicts(reads),
        ['zero errors', reads.every((r) => r.graphql.errors + r.raw.errors + r.peer.errors === 0)] as const,
      ];
      for (const [what, ok] of verdicts) console.log(`${ok ? 'MET' : 'MISSED'}: ${what}`);
    } finally {
      await app.stop();
      await raw.stop();
      await peer.stop();
    }
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
