import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { demoData } from '../../seeds/demo-data';
import { loadSeed } from '../../seeds/load';
import { compiledExecution } from '../../src/server/compiled-executor';
import { FIRST_PAGES, WARM_UP_ROLES, type FirstPageOperation } from '../../src/server/warm-up';
import { ROOT } from '../helpers/process';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The warm-up at start (src/server/warm-up.ts): /readyz says why it is not ready while the server
 * runs the workbench's first pages, then ready; the pages' operations run without an error on the
 * demo data and on an empty graph; a warm-up that fails leaves a server that is ready and serves.
 * Correctness only: how much faster the first pages are is measured by npm run bench:cold-start.
 */
const WARM = { WARM_UP_SECONDS: '60' };
// A warm-up of the demo data is tens of seconds on two busy cores (and its rounds of planning again come on top).
jest.setTimeout(240_000);
const servers: TestServer[] = [];
const wipe = (s: TestServer) => s.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');

async function start(extra: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const s = await startTestServer({ ...extra, env: { ...WARM, ...extra.env } });
  servers.push(s);
  return s;
}

async function readyz(s: TestServer): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(s.url.replace(/\/graphql$/, '/readyz'));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(() => {
  // The workbench's documents (dist/web/trusted-documents.json) are what the warm-up runs: built now when its sources changed.
  execFileSync(process.execPath, [path.join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}, 300_000);

afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.server.warmedUp;
    await s.close();
  }
});

afterAll(async () => {
  const s = await startTestServer();
  await wipe(s);
  await s.close();
});

describe('the warm-up at start', () => {
  it('/readyz says not ready, and why, while warming; ready once the warm-up has run', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held: FirstPageOperation = {
      operation: 'FinderOptions',
      variables: async () => {
        await gate;
        return {};
      },
    };
    const s = await start({ server: { warmUpPages: [held] } });
    const warming = await readyz(s);
    expect(warming.status).toBe(503);
    expect(warming.body).toMatchObject({
      status: 'not ready',
      reason: "Warming up: running the workbench's first pages once, so that the first person to sign in does not wait for it.",
      neo4j: true,
      migrations: true,
      warmUp: 'warming',
    });
    // The API answers meanwhile (only readiness waits).
    const meanwhile = await fetch(s.url.replace(/\/graphql$/, '/healthz'));
    expect(meanwhile.status).toBe(200);

    release();
    const report = await s.server.warmedUp;
    expect(report).toMatchObject({ failed: 0, missing: [], timedOut: false });
    const ready = await readyz(s);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', warmUp: 'done' });
    expect(ready.body.reason).toBeUndefined();
  });

  it('without a warm-up (WARM_UP_SECONDS=0) /readyz says ready at once', async () => {
    const s = await start({ env: { WARM_UP_SECONDS: '0' } });
    expect(await s.server.warmedUp).toBeNull();
    const ready = await readyz(s);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', warmUp: 'off' });
  });

  it("runs the workbench's first pages without an error on an empty graph", async () => {
    const before = await startTestServer();
    await wipe(before);
    await before.close();
    const s = await start();
    const report = await s.server.warmedUp;
    // The sign-in's two reads and the token check, then each first-page operation for three sets of roles.
    expect(report).toEqual({
      ran: 3 + WARM_UP_ROLES.length * FIRST_PAGES.length,
      failed: 0,
      missing: [],
      customerId: null,
      ms: expect.any(Number),
      timedOut: false,
      replanned: expect.any(Number),
      replanMs: expect.any(Number),
    });
    expect(report!.replanned).toBeGreaterThan(0);
  });

  it("runs the workbench's first pages without an error on the demo data, on the first customer of the list, compiled", async () => {
    const seeding = await startTestServer();
    await wipe(seeding);
    await loadSeed(seeding.graph, demoData);
    await seeding.close();
    const compilationsBefore = compiledExecution.compilations;
    const s = await start();
    const report = await s.server.warmedUp;
    const firstByName = [...demoData.customers].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))[0];
    const customers = await s.cypher('MATCH (c:Customer {name: $name}) RETURN c.id AS id', { name: firstByName.name });
    expect(report).toEqual({
      ran: 3 + WARM_UP_ROLES.length * FIRST_PAGES.length,
      failed: 0,
      missing: [],
      customerId: customers[0].id,
      ms: expect.any(Number),
      timedOut: false,
      replanned: expect.any(Number),
      replanMs: expect.any(Number),
    });
    // Each operation ran more than once: graphql-jit compiled it before the first person asks.
    expect(compiledExecution.compilations - compilationsBefore).toBe(FIRST_PAGES.length);
  });

  it('plans the read statements it sent again, each round, without running them, and leaves the statement hook as it was', async () => {
    const seeding = await startTestServer();
    await wipe(seeding);
    await loadSeed(seeding.graph, demoData);
    await seeding.close();
    // Without the cap on their time (half the pages' time: short on a Neo4j the other tests warmed), so that every round runs.
    const one = await start({ server: { warmUpPlannerRounds: 1, warmUpReplanShare: Infinity } });
    const once = (await one.server.warmedUp)!;
    const counts = 'MATCH (n) RETURN count(n) AS nodes, COUNT { ()-[]->() } AS links';
    const before = await one.cypher(counts);
    // The statements made by the pages (their reads, 18 or so on the demo data): each planned again once.
    expect(once.replanned).toBeGreaterThan(5);
    expect(once.failed).toBe(0);
    expect(one.graph.timed).toBeUndefined();
    await one.close();
    servers.splice(servers.indexOf(one), 1);

    const three = await start({ server: { warmUpPlannerRounds: 3, warmUpReplanShare: Infinity } });
    const thrice = (await three.server.warmedUp)!;
    // The same statements each round (those that planned in the first), three rounds; EXPLAIN ran none of them.
    expect(thrice.replanned % 3).toBe(0);
    expect(thrice.replanned).toBeGreaterThan(2 * once.replanned);
    expect(await three.cypher(counts)).toEqual(before);
    expect(three.graph.timed).toBeUndefined();
  });

  it('plans again for at most half the time the pages took', async () => {
    const s = await start({ server: { warmUpPlannerRounds: 50 } });
    const report = (await s.server.warmedUp)!;
    expect(report.timedOut).toBe(false);
    // One statement may end after the cap: a second's leeway on a busy machine.
    expect(report.replanMs).toBeLessThanOrEqual(0.5 * (report.ms - report.replanMs) + 1000);
  });

  it('without rounds of planning again (0), only the pages run', async () => {
    const s = await start({ server: { warmUpPlannerRounds: 0 } });
    const report = await s.server.warmedUp;
    expect(report).toMatchObject({ failed: 0, replanned: 0, timedOut: false });
  });

  it('a warm-up that fails is logged, and the server is ready and serves all the same', async () => {
    const failing: FirstPageOperation[] = [
      {
        operation: 'FinderOptions',
        variables: () => {
          throw new Error('E2E: a warm-up step that fails');
        },
      },
      { operation: 'NoSuchOperation', variables: () => ({}) },
    ];
    const s = await start({ server: { warmUpPages: failing } });
    const report = await s.server.warmedUp;
    expect(report).toMatchObject({ failed: WARM_UP_ROLES.length, missing: ['NoSuchOperation'], timedOut: false });
    const ready = await readyz(s);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', warmUp: 'done' });
    const employees = await s.cypher('MATCH (e:Employee) RETURN e.id AS id LIMIT 1');
    const answer = await s.gql('{ customers(first: 1) { totalCount } }', {}, await s.token(employees[0].id));
    expect(answer.errors).toBeUndefined();
    expect(answer.data.customers.totalCount).toBe(demoData.customers.length);
  });
});
