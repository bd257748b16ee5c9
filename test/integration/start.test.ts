import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildDist, ROOT, run, type Running } from '../helpers/process';

/**
 * `npm start` as a newcomer runs it: no NEO4J_URI, so the server starts its own local Neo4j
 * (in a fresh data folder), migrates, seeds the demo data, serves /graphql and prints a token
 * that works. Then the parent is killed hard, and its Neo4j must not outlive it.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-start-'));
let app: Running | undefined;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(() => buildDist(), 180_000);

afterAll(() => {
  app?.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('serves seeded demo data from its own Neo4j, with a working printed token', async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: '0',
    NEO4J_LOCAL_DATA_DIR: dataDir,
    NEO4J_LOCAL_HEAP: '512m',
  };
  delete env.NEO4J_URI;
  delete env.JWT_SECRET;
  app = run(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], env);

  const [, url] = await app.waitFor(/Rapport GraphQL API ready at (\S+)/, 240_000);
  const [, token] = await app.waitFor(/Bearer token for the seeded admin .*:\n\n {2}(\S+)\n/, 10_000);
  expect(app.output()).toMatch(/Loaded the demo data set: \d+ segments, \d+ employees, \d+ customers/);

  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `{ me { name accessRoles } customers(first: 100) { totalCount edges { node { name needs { totalCount } interactions(first: 2) { edges { node { summary } } } insights { totalCount } } } } }`,
    }),
  });
  const body = (await res.json()) as any;
  expect(body.errors).toBeUndefined();
  expect(body.data.me.accessRoles).toContain('ADMIN');
  const customers = body.data.customers.edges.map((e: any) => e.node);
  expect(body.data.customers.totalCount).toBeGreaterThanOrEqual(30);
  expect(customers.some((c: any) => c.needs.totalCount > 0)).toBe(true);
  expect(customers.some((c: any) => c.insights.totalCount > 0)).toBe(true);
  expect(customers.filter((c: any) => c.interactions.edges.length > 0).length).toBeGreaterThanOrEqual(20);

  // Apollo Sandbox is the landing page outside production.
  const landing = await fetch(url, { headers: { accept: 'text/html' } });
  expect(landing.status).toBe(200);
  expect(await landing.text()).toMatch(/Apollo/);
}, 300_000);

it('leaves no Neo4j behind when it is killed hard', async () => {
  const [, jvmPid] = app!.output().match(/Local Neo4j is ready \(pid (\d+)\)/)!;
  expect(alive(Number(jvmPid))).toBe(true);
  app!.child.kill('SIGKILL');
  const deadline = Date.now() + 60_000;
  while (alive(Number(jvmPid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  expect(alive(Number(jvmPid))).toBe(false);
}, 90_000);

it('says what to install, or to set NEO4J_URI, when Java is missing', () => {
  // A PATH with node on it and nothing else.
  const bin = mkdtempSync(path.join(tmpdir(), 'rapport-path-'));
  symlinkSync(process.execPath, path.join(bin, 'node'));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin, NEO4J_LOCAL_DATA_DIR: dataDir };
  delete env.NEO4J_URI;
  let stderr = '';
  let status: number | null = 0;
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { status: number | null; stderr: Buffer };
    status = err.status;
    stderr = err.stderr.toString();
  }
  rmSync(bin, { recursive: true, force: true });
  expect(status).toBe(1);
  expect(stderr.trim()).toBe(
    "Java ('java') was not found. The local Neo4j needs JDK 17+ and Maven (Debian: apt-get install openjdk-17-jdk-headless maven), or set NEO4J_URI to use an existing Neo4j 5 server.",
  );
});
