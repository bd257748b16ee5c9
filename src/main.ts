import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, loadConfig } from './config';
import { openGraph } from './db/connect';
import { LocalNeo4jError } from './db/local-neo4j';
import { migrate } from './db/migrations';
import { mintToken } from './server/auth';
import { startServer, type RunningServer } from './server/app';
import { createEventBus } from './realtime/event-bus';
import { demoAdmin, isGraphEmpty, loadSeed } from '../seeds/load';
import { DEMO_ADMIN_KEY, demoData } from '../seeds/demo-data';

/** `npm start`: configuration -> Neo4j -> migrations -> demo data (when empty) -> GraphQL server. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const say = (line: string) => process.stdout.write(line + '\n');

  const handle = await openGraph(config, say);
  const events = createEventBus({ graph: handle.graph, redisUrl: config.redisUrl, logger, ...config.events });
  let server: RunningServer | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: shutting down...`);
    await server?.stop().catch((e) => logger.error({ err: e }, 'stopping the server'));
    await events.close().catch((e) => logger.error({ err: e }, 'closing the event bus'));
    await handle.close().catch((e) => logger.error({ err: e }, 'closing Neo4j'));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const report = await migrate(handle.graph);
  say(`Schema migrations: ${report.applied.length ? `applied ${report.applied.join(', ')}` : 'up to date'} (version ${report.current}).`);

  if (config.seedOnEmpty && (await isGraphEmpty(handle.graph))) {
    const counts = await loadSeed(handle.graph, demoData);
    say(
      `Loaded the demo data set: ${Object.entries(counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}.`,
    );
  }

  server = await startServer(config, handle.graph, events, logger);
  say(
    `\nRapport GraphQL API ready at ${server.url} (subscriptions: ${server.url.replace(/^http/, 'ws')}, events ${config.redisUrl ? 'through Redis' : 'in-process'})` +
      `\nThe knowledge workbench: ${server.url.replace(/\/graphql$/, '/')}`,
  );
  // Ready (/readyz) once the first pages have been run once (WARM_UP_SECONDS).
  void server.warmedUp.then((report) => {
    if (report) {
      say(
        `Warmed up in ${(report.ms / 1000).toFixed(1)} s: ${report.ran} reads and operations of the first pages` +
          `${report.replanned ? `, ${report.replanned} statements planned again` : ''}` +
          `${report.failed ? `, ${report.failed} failed (see the log)` : ''}${report.timedOut ? ', stopped by its time limit' : ''}.`,
      );
    }
  });
  const admin = demoAdmin(demoData, DEMO_ADMIN_KEY);
  const exists = await handle.graph.read('MATCH (e:Employee {id: $id}) RETURN e.id AS id', { id: admin.id }, 'startup');
  if (exists.length && config.env !== 'production') {
    const token = await mintToken(config.jwt, admin.id, admin.roles);
    say(`Bearer token for the seeded admin ${admin.name} (valid ${Math.round(config.jwt.ttlSeconds / 3600)} h):\n\n  ${token}\n`);
    say(
      `Try: curl -s ${server.url} -H 'content-type: application/json' -H 'authorization: Bearer <token>' \\\n       -d '{"query":"{ customers(first: 3) { edges { node { name lifecycleStage } } } }"}'`,
    );
  }
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof LocalNeo4jError) {
    process.stderr.write(`\n${e.message}\n`);
  } else {
    process.stderr.write(`\nRapport could not start: ${e instanceof Error ? e.stack : String(e)}\n`);
  }
  process.exit(1);
});
