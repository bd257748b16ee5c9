import 'reflect-metadata';
import { SIZE_NAMES, type SizeName } from '../seeds/generate';
import { buildDist } from '../test/helpers/process';
import { load, machineDescription, writeResult } from './common';
import { graphqlBody, READS, sampleParameters } from './reads';
import { benchNeo4j, loadDataSet, startBenchServer } from './suite';

/**
 * `npm run bench:scale`: how the latency of each read grows with the data. For each size
 * (BENCH_SCALE_SIZES, default small,10k,100k) a fresh Neo4j is loaded through the importer and
 * every read is driven through GraphQL at concurrency 16 for BENCH_READ_SECONDS (default 10).
 * Look-ups and pages should stay nearly flat; totals (`totalCount`) and substring search grow with
 * what they count or scan.
 */

const SIZES = (process.env.BENCH_SCALE_SIZES ?? SIZE_NAMES.join(',')).split(',').map((s) => s.trim()) as SizeName[];
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 10);

async function main(): Promise<void> {
  buildDist();
  const rows: { size: SizeName; read: string; p50: number; p99: number; requestsPerSecond: number; errors: number }[] = [];
  const imports: { size: SizeName; records: number; seconds: number; interactionsPerSecond: number }[] = [];
  for (const size of SIZES) {
    console.log(`\n== ${size} ==`);
    const db = await benchNeo4j('bench-scale');
    try {
      const imported = await loadDataSet(db.graph, size);
      imports.push({
        size,
        records: imported.imported,
        seconds: Math.round(imported.seconds),
        interactionsPerSecond: Math.round(imported.counts.interaction.created / (imported.secondsByType.interaction ?? imported.seconds)),
      });
      const params = await sampleParameters(db.graph);
      const app = await startBenchServer(db);
      try {
        const auth = { authorization: `Bearer ${app.token}` };
        // Neo4j's JIT needs about 20 s of work to reach its steady speed: warm every read first (as npm run bench does).
        for (const read of READS) await load(app.url, auth, graphqlBody(read, params), 5);
        for (const read of READS) {
          const body = graphqlBody(read, params);
          await load(app.url, auth, body, 3);
          const r = await load(app.url, auth, body, READ_SECONDS);
          rows.push({ size, read: read.name, p50: r.p50, p99: r.p99, requestsPerSecond: r.requestsPerSecond, errors: r.errors });
          console.log(`  ${read.name}: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.requestsPerSecond} req/s`);
        }
      } finally {
        await app.stop();
      }
    } finally {
      await db.close();
    }
  }
  const machine = machineDescription();
  const file = writeResult('scale', { machine, at: new Date().toISOString(), readSeconds: READ_SECONDS, imports, rows });
  console.log(`\nLatency by data size on ${machine} (GraphQL, concurrency 16)\n`);
  console.table(imports);
  console.table(
    READS.map((read) =>
      Object.fromEntries([
        ['read', read.name],
        ...SIZES.flatMap((size) => {
          const r = rows.find((x) => x.size === size && x.read === read.name)!;
          return [
            [`${size} p50 ms`, r.p50],
            [`${size} p99 ms`, r.p99],
          ];
        }),
      ]),
    ),
  );
  console.log(`Written to ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
