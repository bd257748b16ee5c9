import 'reflect-metadata';
import { loadConfig } from '../config';
import { openGraph } from '../db/connect';
import { migrate } from '../db/migrations';
import { loadSeed } from '../../seeds/load';
import { demoData } from '../../seeds/demo-data';

/** `npm run seed`: migrations, then the demo data set, idempotently (safe to run again). */
async function run(): Promise<void> {
  const config = loadConfig();
  const handle = await openGraph(config, (l) => process.stdout.write(l + '\n'));
  try {
    await migrate(handle.graph);
    const counts = await loadSeed(handle.graph, demoData);
    process.stdout.write(
      `Demo data set loaded: ${Object.entries(counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}.\n`,
    );
  } finally {
    await handle.close();
  }
}

run().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
