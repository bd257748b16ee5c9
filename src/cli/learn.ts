import 'reflect-metadata';
import pino from 'pino';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openGraph } from '../db/connect';
import { migrate } from '../db/migrations';
import { createEventBus } from '../realtime/event-bus';
import { LearningService } from '../modules/learning/learning.service';
import { Miner } from '../modules/learning/learning.type';

const USAGE = `Usage: npm run learn -- [--miner NAME]... [--as-of ISO-DATE-TIME]
Runs the insight miners (all, or the ones named: ${Object.values(Miner).join(', ')}) and proposes
what they find as insights. With REDIS_URL set, running servers announce them on insightChanged.`;

/** Reads the command line; throws a message for the user when it is wrong. */
export function parseLearnArgs(argv: string[]): { miners: Miner[]; asOf: Date | null } {
  const { values } = parseArgs({
    args: argv,
    options: { miner: { type: 'string', multiple: true }, 'as-of': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) throw new Error(USAGE);
  const miners = (values.miner ?? []).map((m) => {
    if (!(Object.values(Miner) as string[]).includes(m)) throw new Error(`Unknown miner '${m}'.\n${USAGE}`);
    return m as Miner;
  });
  let asOf: Date | null = null;
  if (values['as-of'] !== undefined) {
    asOf = new Date(values['as-of']);
    if (Number.isNaN(asOf.getTime()))
      throw new Error(`--as-of must be an ISO-8601 date-time such as 2026-10-31T00:00:00Z; got '${values['as-of']}'.\n${USAGE}`);
  }
  return { miners, asOf };
}

/** `npm run learn`: migrations, then one learning run; prints what each miner did. */
async function run(): Promise<void> {
  const args = parseLearnArgs(process.argv.slice(2));
  const config = loadConfig();
  const handle = await openGraph(config, (l) => process.stdout.write(l + '\n'));
  // This run records events in the log (the servers relay them); it relays nothing itself.
  const events = createEventBus({ graph: handle.graph, redisUrl: config.redisUrl, logger: pino({ level: 'warn' }), relay: false });
  try {
    await migrate(handle.graph);
    const result = await new LearningService(handle.graph, events, config.learning).run(args, null);
    process.stdout.write(`Learning run as of ${result.asOf.toISOString()} (${result.durationMs} ms):\n`);
    for (const r of result.results) {
      process.stdout.write(
        `  ${r.miner.padEnd(24)} found ${r.found}, created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, kept as reviewed ${r.keptAsReviewed} (${r.durationMs} ms)\n`,
      );
    }
  } finally {
    await events.close();
    await handle.close();
  }
}

if (require.main === module) {
  run().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
