import 'reflect-metadata';
import * as path from 'node:path';
import type { SizeName } from '../seeds/generate';
import { ROOT } from '../test/helpers/process';
import { machineDescription, writeResult } from './common';
import { measureImportCeiling } from './import-ceiling';
import { benchNeo4j, loadDataSet } from './suite';

/**
 * `npm run bench:import`: only the import benchmark, for iterating on import speed. On a wiped
 * Neo4j in `.neo4j/bench-import` (or NEO4J_URI), imports the BENCH_SIZE set (default 10k) through
 * the importer, then measures the ceiling (bench/import-ceiling.ts) in the same run, so that the
 * ratio of the two compares figures taken under the same load on the machine. Prints
 * interactions/s, the ceiling and the ratio, and writes them under bench/results/.
 */
const SIZE = (process.env.BENCH_SIZE ?? '10k') as SizeName;

async function main(): Promise<void> {
  const db = await benchNeo4j('bench-import');
  try {
    const imported = await loadDataSet(db.graph, SIZE);
    const interactionSeconds = imported.secondsByType.interaction ?? imported.seconds;
    const interactionsPerSecond = Math.round(imported.counts.interaction.created / interactionSeconds);
    const ceiling = await measureImportCeiling(db.graph, path.join(ROOT, 'data', `${SIZE}-seed1.ndjson`));
    const ratio = Math.round((interactionsPerSecond / Math.max(ceiling.nodesAndLinksPerSecond, 1)) * 100) / 100;
    const file = writeResult('import', {
      machine: machineDescription(),
      at: new Date().toISOString(),
      size: SIZE,
      import: {
        records: imported.imported,
        seconds: Math.round(imported.seconds * 10) / 10,
        secondsByType: imported.secondsByType,
        interactions: imported.counts.interaction.created,
        interactionSeconds: Math.round(interactionSeconds * 10) / 10,
        interactionsPerSecond,
      },
      ceiling,
      ratioToLinkedCeiling: ratio,
    });
    console.log(
      `\nImport of ${SIZE}: ${imported.imported} records in ${imported.seconds.toFixed(1)} s; ` +
        `${imported.counts.interaction.created} interactions in ${interactionSeconds.toFixed(1)} s = ${interactionsPerSecond} interactions/s.`,
    );
    console.log(
      `Ceiling (the first ${ceiling.interactions} interactions by the simplest Cypher): ${ceiling.nodesPerSecond}/s as bare nodes, ` +
        `${ceiling.nodesAndLinksPerSecond}/s with customer and handler.`,
    );
    console.log(`Importer / linked ceiling: ${ratio} (the issue's aim: at least 0.5).`);
    console.log(`Written to ${file}`);
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
