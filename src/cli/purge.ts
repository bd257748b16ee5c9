import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openGraph } from '../db/connect';
import { migrate } from '../db/migrations';
import { purgeDeleted } from '../modules/deletion/purge';

const USAGE = `Usage: npm run purge -- [--older-than-days N]
Deletes for good the deleted records (customers, interactions, annotations, needs and what went with
them) whose deletion is older than N days (default: DELETED_RETENTION_DAYS, 30), with their history.
Until then an ADMIN can restore them; after, nobody can. The server also purges every
PURGE_INTERVAL_MINUTES (60).`;

/** Reads the command line; throws a message for the user when it is wrong. */
export function parsePurgeArgs(argv: string[], defaultDays: number): { olderThanDays: number } {
  const { values } = parseArgs({ args: argv, options: { 'older-than-days': { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) throw new Error(USAGE);
  const given = values['older-than-days'];
  if (given === undefined) return { olderThanDays: defaultDays };
  if (!/^\d{1,4}$/.test(given)) throw new Error(`--older-than-days must be a whole number of days (0 to 9999); got '${given}'.\n${USAGE}`);
  return { olderThanDays: Number(given) };
}

/** `npm run purge`: migrations, then one purge; prints what it deleted. */
async function run(): Promise<void> {
  const config = loadConfig();
  const args = parsePurgeArgs(process.argv.slice(2), config.deletion.retentionDays);
  const handle = await openGraph(config, (l) => process.stdout.write(l + '\n'));
  try {
    await migrate(handle.graph);
    const report = await purgeDeleted(handle.graph, args);
    process.stdout.write(
      `Purged the records deleted more than ${args.olderThanDays} days ago: ${report.records} records, ` +
        `${report.insightVersions} kept insight versions, ${report.historyEntries} history entries (${report.batches} transactions).\n`,
    );
  } finally {
    await handle.close();
  }
}

if (require.main === module) {
  run().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
