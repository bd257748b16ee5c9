import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { freePort, projectRoot, startLocalNeo4j, type LocalNeo4j } from '../../src/db/local-neo4j';
import { AccessRole } from '../../src/graphql/access';
import { mintToken } from '../../src/server/auth';
import { loadConfig } from '../../src/config';
import { openGraph } from '../../src/db/connect';
import { migrate } from '../../src/db/migrations';
import { buildDist, startApp } from '../helpers/process';
import { TEST_JWT_SECRET } from '../helpers/server';
import { buildWorld } from '../helpers/world';

/**
 * A Neo4j of its own is killed hard in the middle of a steady write load and started again on
 * the same port and data: the server keeps answering (SERVICE_UNAVAILABLE while the database is
 * down, /readyz failing), recovers without a restart, and every write acknowledged to a client
 * is in the graph exactly once.
 */
const dataDir = '.neo4j/test-restart';
let neo: LocalNeo4j | undefined;
let stopApp: (() => Promise<void>) | undefined;
/** The write load runs while this is true. */
let running = false;

afterAll(async () => {
  // Also when an assertion failed midway: a server left running would keep Jest from exiting.
  running = false;
  await stopApp?.().catch(() => undefined);
  await neo?.stop();
  rmSync(path.join(projectRoot(), dataDir), { recursive: true, force: true });
});

it('survives a Neo4j crash and restart under write load, losing no acknowledged write', async () => {
  buildDist();
  rmSync(path.join(projectRoot(), dataDir), { recursive: true, force: true });
  const port = await freePort();
  const options = { dataDir, heap: '512m', pageCacheMb: 64, startTimeoutSeconds: 300, port, log: () => undefined };
  neo = await startLocalNeo4j(options);
  const config = loadConfig({ NEO4J_URI: neo.uri, NEO4J_PASSWORD: 'unused', JWT_SECRET: TEST_JWT_SECRET, NODE_ENV: 'test' });
  const setup = await openGraph(config, () => undefined);
  await migrate(setup.graph);
  const w = await buildWorld(setup.graph);
  await setup.close();

  const app = await startApp({
    NODE_ENV: 'test',
    NEO4J_URI: neo.uri,
    NEO4J_PASSWORD: 'unused',
    PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    SEED_ON_EMPTY: 'false',
  });
  stopApp = () => app.stop();
  const token = await mintToken(config.jwt, w.id('employee', 'alice'), [AccessRole.ANALYST]);
  const acknowledged: string[] = [];
  const codes = new Map<string, number>();
  let n = 0;
  running = true;
  const write = async () => {
    const externalId = `${w.prefix}-restart-${++n}`;
    try {
      const res = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id externalId } }',
          variables: {
            input: {
              externalId,
              customerId: w.id('customer', 'acme'),
              channel: 'PHONE',
              touchpoint: 'SUPPORT',
              direction: 'INBOUND',
              summary: 'load',
            },
          },
        }),
      });
      const body = (await res.json()) as {
        data?: { recordInteraction: { externalId: string } };
        errors?: { extensions: { code: string } }[];
      };
      if (body.data?.recordInteraction) acknowledged.push(body.data.recordInteraction.externalId);
      else codes.set(body.errors![0].extensions.code, (codes.get(body.errors![0].extensions.code) ?? 0) + 1);
    } catch {
      codes.set('NO_ANSWER', (codes.get('NO_ANSWER') ?? 0) + 1);
    }
  };
  const load = (async () => {
    while (running) {
      await Promise.all([write(), write(), write()]);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const ready = async () => (await fetch(app.url.replace('/graphql', '/readyz'))).status;

  // A steady load first: the first writes on a fresh database wait for their plans to compile.
  const steadyBy = Date.now() + 30_000;
  while (acknowledged.length <= 5 && Date.now() < steadyBy) await new Promise((r) => setTimeout(r, 100));
  const beforeCrash = acknowledged.length;
  expect(beforeCrash).toBeGreaterThan(5);
  process.kill(neo.pid, 'SIGKILL'); // a crash, not a clean stop
  const downSince = Date.now();
  while (!codes.has('SERVICE_UNAVAILABLE') && Date.now() - downSince < 30_000) await new Promise((r) => setTimeout(r, 100));
  expect(Object.fromEntries(codes)).toEqual({ SERVICE_UNAVAILABLE: expect.any(Number) });
  expect(await ready()).toBe(503);
  const health = await fetch(app.url.replace('/graphql', '/healthz'));
  expect(health.status).toBe(200);

  neo = await startLocalNeo4j(options);
  const deadline = Date.now() + 60_000;
  while ((await ready()) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  expect(await ready()).toBe(200);
  const atRecovery = acknowledged.length;
  // Writes succeed again (the first ones on the restarted database wait for their plans to compile).
  const recoveredBy = Date.now() + 30_000;
  while (acknowledged.length <= atRecovery + 5 && Date.now() < recoveredBy) await new Promise((r) => setTimeout(r, 100));
  running = false;
  await load;
  expect(acknowledged.length).toBeGreaterThan(atRecovery); // writes succeed again, without a server restart
  expect([...codes.keys()].filter((c) => c !== 'SERVICE_UNAVAILABLE')).toEqual([]);

  const check = await openGraph(loadConfig({ NEO4J_URI: neo.uri, NEO4J_PASSWORD: 'unused', NODE_ENV: 'test' }), () => undefined);
  try {
    const rows = await check.graph.read('UNWIND $ids AS id OPTIONAL MATCH (i:Interaction {externalId: id}) RETURN id, count(i) AS n', {
      ids: acknowledged,
    });
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(rows).toHaveLength(acknowledged.length);
  } finally {
    await check.close();
    await app.stop();
  }
}, 240_000);
