import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../src/db/local-neo4j';
import { AccessRole } from '../../src/graphql/access';
import { ROOT } from '../helpers/process';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * The typed-client example (issue 25, item 8) as a front-end team would use it, from a fresh
 * clone: GraphQL Code Generator (client preset) makes its typed documents from
 * schema/schema.graphql, the top-level tsc compiles it, and the compiled program runs with node
 * against a real server: a query, a paged list, a customer 360, a mutation, and the subscription
 * event that mutation caused. Its output is what the server returned.
 */
const EXAMPLE = path.join(ROOT, 'examples', 'apollo-client');
const bin = (pkg: string, file: string) => path.join(ROOT, 'node_modules', pkg, file);
/** The tools' environment: Jest's NODE_ENV=test makes the code generator leave out why it failed. */
const toolEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.NODE_ENV;
  return env;
};

let s: TestServer;

/** Runs the compiled example with only the given environment; resolves when it exits (the server keeps serving meanwhile). */
function example(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(EXAMPLE, 'dist', 'main.js')], {
      cwd: EXAMPLE,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  // A fresh clone has neither the generated documents nor the build.
  rmSync(path.join(EXAMPLE, 'src', 'gql'), { recursive: true, force: true });
  rmSync(path.join(EXAMPLE, 'dist'), { recursive: true, force: true });
  const step = (script: string, args: string[]) =>
    execFileSync(process.execPath, [script, ...args], {
      cwd: EXAMPLE,
      env: toolEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  step(bin('@graphql-codegen/cli', 'esm/bin.js'), ['--config', 'codegen.ts', '--errors-only']);
  step(bin('typescript', 'bin/tsc'), ['-p', 'tsconfig.json']);

  s = await startTestServer();
}, 120_000);

afterAll(() => s?.close());

it('generates the typed documents and compiles the example with them', () => {
  expect(
    ['fragment-masking.ts', 'gql.ts', 'graphql.ts', 'index.ts'].filter((f) => existsSync(path.join(EXAMPLE, 'src', 'gql', f))),
  ).toEqual(['fragment-masking.ts', 'gql.ts', 'graphql.ts', 'index.ts']);
  expect(['client.js', 'main.js', 'operations.js'].filter((f) => existsSync(path.join(EXAMPLE, 'dist', f)))).toEqual([
    'client.js',
    'main.js',
    'operations.js',
  ]);
});

it("fails to generate when an operation does not fit the schema, naming the field: the example's operations with one field misspelt", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-example-'));
  try {
    const operations = readFileSync(path.join(EXAMPLE, 'src', 'operations.ts'), 'utf8');
    const misspelt = operations.replace(
      'fragment CustomerRow on Customer {\n    id\n    name\n    lifecycleStage',
      'fragment CustomerRow on Customer {\n    id\n    name\n    lifecycleStag',
    );
    expect(misspelt).not.toBe(operations);
    writeFileSync(path.join(dir, 'operations.ts'), misspelt);
    const config = {
      schema: '../../schema/schema.graphql',
      documents: [path.join(dir, 'operations.ts')],
      generates: { [`${dir}/gql/`]: { preset: 'client' } },
    };
    writeFileSync(path.join(dir, 'codegen.json'), JSON.stringify(config));
    const run = spawnSync(
      process.execPath,
      [bin('@graphql-codegen/cli', 'esm/bin.js'), '--config', path.join(dir, 'codegen.json'), '--errors-only'],
      { cwd: EXAMPLE, env: toolEnv(), encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain('Cannot query field "lifecycleStag" on type "Customer". Did you mean "lifecycleStage"?');
    expect(existsSync(path.join(dir, 'gql'))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * What the example prints before it records anything: the signed-in employee, the world's
 * customers (`pages` pages of `size`), Acme's 360. Each test has a world of its own, so that
 * what one records is not in another's 360.
 */
function readLines(w: World, signedInAs: string, { shown = 3, pages = 2, size = 2 } = {}): string[] {
  const p = w.prefix;
  const rows = [`  ${p} Acme Freight (ACTIVE)`, `  ${p} Bolt Couriers (AT_RISK)`, `  ${p} Dana Contact (ACTIVE)`];
  return [
    `Signed in as ${signedInAs}`,
    `Customers: ${shown} of 3 in ${pages} page(s) of ${size}`,
    ...rows.slice(0, shown),
    `Customer 360: ${p} Acme Freight, ORGANIZATION, ACTIVE, COLLABORATIVE`,
    `  revenue 120000, lifetime value 600000, segment ${p} Logistics, owners ${p} Alice Author`,
    `  open needs (1): Plan routes offline [HIGH]`,
    `  interactions (2), latest: 2025-05-01T09:00:00.000Z EMAIL/BILLING with ${p} Bob Reviewer: Invoice sent`,
  ];
}

/** What the example prints once it has recorded an interaction with Acme: its id and time as the server keeps them, then the event. */
async function recordedLines(w: World, token: string): Promise<string[]> {
  const p = w.prefix;
  const kept = await s.gql(
    `query($id: ID!) { customer(id: $id) { interactions(first: 1) { totalCount edges { node { id occurredAt summary } } } } }`,
    { id: w.id('customer', 'acme') },
    token,
  );
  expect(kept.data.customer.interactions.totalCount).toBe(3);
  const recorded = kept.data.customer.interactions.edges[0].node;
  return [
    `Recorded interaction ${recorded.id} with ${p} Acme Freight: ${recorded.occurredAt} CHAT/SUPPORT with ${p} Alice Author: Asked how to use the typed client`,
    `  the cached customer 360 now counts 3 interactions (was 2), without another request`,
    `Received over the subscription: interaction ${recorded.id}, recorded by ${p} Alice Author`,
  ];
}

it('signs in, pages through customers, reads a 360, records an interaction and receives it over the subscription', async () => {
  const w = await buildWorld(s.graph);
  const token = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  const run = await example({ RAPPORT_URL: s.url, RAPPORT_TOKEN: token, RAPPORT_SEARCH: w.prefix, RAPPORT_PAGE_SIZE: '2' });
  expect(run).toEqual({
    code: 0,
    stdout: [
      ...readLines(w, `${w.prefix} Alice Author (ANALYST)`),
      ...(await recordedLines(w, token)),
      `Done: 3 customers in 2 page(s), 1 customer 360, 1 interaction recorded and received live.`,
      '',
    ].join('\n'),
    stderr: '',
  });
});

it('stops paging at RAPPORT_MAX_PAGES', async () => {
  const w = await buildWorld(s.graph);
  const token = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  const run = await example({
    RAPPORT_URL: s.url,
    RAPPORT_TOKEN: token,
    RAPPORT_SEARCH: w.prefix,
    RAPPORT_PAGE_SIZE: '1',
    RAPPORT_MAX_PAGES: '2',
  });
  expect(run).toEqual({
    code: 0,
    stdout: [
      ...readLines(w, `${w.prefix} Alice Author (ANALYST)`, { shown: 2, pages: 2, size: 1 }),
      ...(await recordedLines(w, token)),
      `Done: 2 customers in 2 page(s), 1 customer 360, 1 interaction recorded and received live.`,
      '',
    ].join('\n'),
    stderr: '',
  });
});

it("says the API's error code when the server refuses: a VIEWER may read but not record", async () => {
  const w = await buildWorld(s.graph);
  const token = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
  const run = await example({ RAPPORT_URL: s.url, RAPPORT_TOKEN: token, RAPPORT_SEARCH: w.prefix, RAPPORT_PAGE_SIZE: '2' });
  expect(run).toEqual({
    code: 1,
    stdout: [...readLines(w, `${w.prefix} Vic Viewer (VIEWER)`), ''].join('\n'),
    stderr: 'FORBIDDEN: This needs one of the roles ANALYST, ADMIN.\n',
  });
});

it('says when there is no server at RAPPORT_URL', async () => {
  const url = `http://127.0.0.1:${await freePort()}/graphql`;
  expect(await example({ RAPPORT_URL: url, RAPPORT_TOKEN: 'any' })).toEqual({
    code: 1,
    stdout: '',
    stderr: `Could not reach ${url} (ECONNREFUSED): is the server running (npm start)?\n`,
  });
});

it('refuses a token that signs nobody in, and says how to get one when none is given', async () => {
  const bad = await example({ RAPPORT_URL: s.url, RAPPORT_TOKEN: 'not-a-token' });
  expect(bad).toEqual({
    code: 1,
    stdout: '',
    stderr: 'UNAUTHENTICATED: The token is not valid (bad signature, issuer, audience or format).\n',
  });
  const none = await example({ RAPPORT_URL: s.url });
  expect(none).toEqual({
    code: 2,
    stdout: '',
    stderr: 'Set RAPPORT_TOKEN to a bearer token (at the top of the project: TOKEN=$(npm run -s token)).\n',
  });
});
