import { MAX_OPERATION_LABELS } from '../../src/server/metrics';
import { loadMigrations } from '../../src/db/migrations';
import * as http from 'node:http';
import neo4j from 'neo4j-driver';
import pino from 'pino';
import { Graph } from '../../src/db/graph';
import { createEventBus } from '../../src/realtime/event-bus';
import { Topics } from '../../src/realtime/topics';
import { startServer } from '../../src/server/app';
import { AccessRole } from '../../src/graphql/access';
import { subscribe, until } from '../helpers/live';
import { appEnv, buildDist, startApp } from '../helpers/process';
import { startTestServer, testConfig, TEST_JWT_SECRET, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let token: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  token = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
});
afterAll(() => s.close());

const base = () => s.url.replace('/graphql', '');

describe('health, readiness and metrics', () => {
  it('is ready when Neo4j answers and every migration is applied', async () => {
    const res = await fetch(`${base()}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      neo4j: true,
      migrations: true,
      migrationVersion: loadMigrations().at(-1)!.version,
      // The tests' servers start without a warm-up (test/integration/warm-up.test.ts has it on).
      warmUp: 'off',
    });
  });

  it('is not ready (503) while Neo4j cannot be reached, and stays alive', async () => {
    const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'x'), {
      connectionTimeout: 500,
      maxTransactionRetryTime: 500,
    });
    const logger = pino({ level: 'silent' });
    const graph = new Graph(driver, 'neo4j');
    const events = createEventBus({ graph, logger });
    const down = await startServer(testConfig(), graph, events, logger);
    try {
      const ready = await fetch(`http://127.0.0.1:${down.port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: 'not ready',
        reason: 'Neo4j does not answer.',
        neo4j: false,
        migrations: false,
        migrationVersion: null,
        warmUp: 'off',
      });
      const health = await fetch(`http://127.0.0.1:${down.port}/healthz`);
      expect(health.status).toBe(200);
      const query = await fetch(`http://127.0.0.1:${down.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { name } }' }),
      });
      const body = (await query.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]).toMatchObject({
        extensions: { code: 'SERVICE_UNAVAILABLE' },
        message: 'The knowledge graph is unavailable right now; try again shortly.',
      });
    } finally {
      await down.stop();
      await events.close();
      await driver.close();
    }
  });

  it('answers another method on its routes, or an unknown path, with a coded JSON 404', async () => {
    for (const [method, route] of [
      ['POST', '/healthz'],
      ['POST', '/metrics'],
      ['DELETE', '/readyz'],
      ['PUT', '/nowhere'],
    ]) {
      const res = await fetch(`${base()}${route}`, { method, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect([method, route, res.status, res.headers.get('content-type')]).toEqual([
        method,
        route,
        404,
        expect.stringMatching(/^application\/json/),
      ]);
      expect(await res.json()).toEqual({
        errors: [{ message: `Nothing here answers ${method} ${route}; the API is POST /graphql.`, extensions: { code: 'NOT_FOUND' } }],
      });
    }
  });

  it('echoes a request id, or makes one', async () => {
    const given = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' },
      body: '{"query":"{ me { name } }"}',
    });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' },
      body: '{"query":"{ me { name } }"}',
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exposes Prometheus metrics: operations, errors by code, Cypher durations and live subscriptions', async () => {
    await s.gql('query CustomerPage { customers(first: 2) { totalCount } }', {}, token);
    await s.gql('query Anonymous { me { name } }');
    const live = subscribe(s.wsUrl, `Bearer ${token}`, 'subscription { needRaised { need { title } } }');
    await until(() => s.events.listenerCount(Topics.NEED_RAISED) === 1, 5_000, 'the subscription');
    const text = await (await fetch(`${base()}/metrics`)).text();
    await live.dispose();
    expect(text).toMatch(/^rapport_graphql_request_duration_seconds_count\{operation="CustomerPage",type="query"\} [1-9]\d*$/m);
    expect(text).toMatch(/^rapport_graphql_errors_total\{code="UNAUTHENTICATED"\} [1-9]\d*$/m);
    expect(text).toMatch(/^rapport_neo4j_query_duration_seconds_count\{operation="list",outcome="ok"\} [1-9]\d*$/m);
    expect(text).toMatch(/^rapport_subscriptions_active\{topic="rapport.needRaised"\} 1$/m);
    expect(text).toMatch(/^rapport_process_resident_memory_bytes \d+/m);
  });

  it('keeps at most 200 operation names as labels, whatever names signed-in clients send (later ones count as other)', async () => {
    for (let k = 0; k < 230; k += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => s.gql(`query Flood${k + j} { __typename }`, {}, token)));
    }
    const text = await (await fetch(`${base()}/metrics`)).text();
    const operations = new Set(
      [...text.matchAll(/^rapport_graphql_request_duration_seconds_count\{operation="([^"]*)"/gm)].map((m) => m[1]),
    );
    operations.delete('unauthenticated'); // requests without a signed-in caller share one label (hostile-audit.test.ts)
    expect(operations.size).toBe(MAX_OPERATION_LABELS + 1);
    expect(operations.has('other')).toBe(true);
    expect(operations.has('CustomerPage')).toBe(true); // the names seen first keep their series
  });
});

describe('graceful shutdown', () => {
  it('answers every request it accepted, in full, when it receives SIGTERM under load, and exits 0', async () => {
    buildDist();
    const app = await startApp(appEnv(process.env.NEO4J_URI!, TEST_JWT_SECRET, { LOG_LEVEL: 'info' }));
    const url = new URL(app.url);
    let n = 0;
    // One fresh connection per request; each request carries its own id, which the server logs once it has it.
    const ask = () =>
      new Promise<{ kind: 'answered'; id: string; status: number; body: string } | { kind: 'refused'; id: string; code: string }>(
        (resolve) => {
          const id = `load-${++n}`;
          const req = http.request(
            {
              host: url.hostname,
              port: url.port,
              path: url.pathname,
              method: 'POST',
              agent: false,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': id },
            },
            (res) => {
              let body = '';
              res.on('data', (d) => (body += d));
              res.on('end', () => resolve({ kind: 'answered', id, status: res.statusCode!, body }));
              res.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'refused', id, code: `broken response: ${e.code}` }));
            },
          );
          req.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'refused', id, code: e.code ?? String(e) }));
          req.end(
            JSON.stringify({
              query: '{ customers(first: 20) { edges { node { name interactions(first: 5) { edges { node { summary } } } } } } }',
            }),
          );
        },
      );
    const results: Promise<Awaited<ReturnType<typeof ask>>>[] = [];
    let stop = false;
    const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)));
    const load = (async () => {
      while (!stop) {
        results.push(ask());
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    await new Promise((r) => setTimeout(r, 400));
    app.child.kill('SIGTERM');
    const code = await exited;
    stop = true;
    await load;
    const all = await Promise.all(results);
    const answered = all.filter((r) => r.kind === 'answered') as { id: string; status: number; body: string }[];
    expect(code).toBe(0);
    expect(answered.length).toBeGreaterThan(10);
    expect(answered.length).toBeLessThan(all.length); // the shutdown did happen under load
    for (const r of answered) {
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).data.customers.edges).toBeInstanceOf(Array);
    }
    // Every request the server took in (and logged) was answered in full; the rest it never read
    // (refused, or reset in the kernel's queue when the listening socket closed).
    const accepted = app
      .output()
      .split('\n')
      .flatMap((line) => {
        const m = line.match(/"requestId":"(load-\d+)"/);
        return m ? [m[1]] : [];
      });
    const lost = all.filter((r) => r.kind === 'refused' && accepted.includes(r.id));
    expect(lost).toEqual([]);
    expect(accepted.length).toBe(answered.length);
    expect(new Set(accepted)).toEqual(new Set(answered.map((r) => r.id)));
    expect(app.output()).toMatch(/SIGTERM: shutting down/);
  }, 120_000);
});
