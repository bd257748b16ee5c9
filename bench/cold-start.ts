import 'reflect-metadata';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page, Request } from 'playwright-core';
import { launchBrowser } from '../test/helpers/browser';
import { ROOT } from '../test/helpers/process';
import { seedId } from '../seeds/load';
import { machineDescription, writeResult } from './common';

/**
 * `npm run bench:cold-start`: how long a person waits after a restart. Starts the built server
 * (`node dist/src/main.js`, with its own local Neo4j on its own data folder: a restart of the server
 * is a cold Neo4j too), waits for `/readyz`, then in a fresh Chromium (no cache) opens the workbench,
 * signs in through the development sign-in and times
 *
 * - sign-in: the click on "Sign in" until the first rows of the customer list are shown;
 * - customer 360: the click on a customer until its 360 (name and value) is shown;
 *
 * and lists every request the page made on the way, with its duration (where the time goes). The
 * data folder is prepared once (the demo data set loaded on the first start); every measured run is
 * a new server process on it. The script uses only what older checkouts have too (it can be copied
 * into one to measure "before").
 *
 *   npm run bench:cold-start -- [--runs 3] [--data-dir .neo4j/bench-cold-start] [--keep]
 */
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'data-dir': { type: 'string', default: path.join('.neo4j', 'bench-cold-start') },
    keep: { type: 'boolean', default: false },
    employee: { type: 'string', default: 'emp-aisha' },
  },
});
const RUNS = Math.max(1, Number(values.runs));
const DATA_DIR = path.resolve(ROOT, values['data-dir']!);
const EMPLOYEE_ID = seedId('employee', values.employee!);
const TIMEOUT_MS = 120_000;

interface Started {
  child: ChildProcess;
  url: string;
  /** From the spawn until /readyz answered 200. */
  readyMs: number;
  /** From the spawn until the "ready at" line (the HTTP server listens). */
  listeningMs: number;
  /** /readyz answers before 200: status and body, deduplicated. */
  readyzSeen: string[];
}

/** The server's environment: development (the sign-in offers the employees), its own local Neo4j, a free port. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PORT: '0', NEO4J_LOCAL_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' };
  delete env.NEO4J_URI;
  return env;
}

/** Starts `node dist/src/main.js` on the data folder; resolves once /readyz says ready. */
async function startServer(): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: serverEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = out.match(/ready at (http:\/\/[^/\s]+)\/graphql/);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      } else if (child.exitCode !== null || performance.now() - t0 > 10 * TIMEOUT_MS) {
        clearInterval(timer);
        reject(new Error(`The server did not start:\n${out}`));
      }
    }, 20);
  });
  const listeningMs = performance.now() - t0;
  const readyzSeen = new Set<string>();
  for (;;) {
    const res = await fetch(url + '/readyz').catch(() => null);
    if (res?.status === 200) break;
    if (res) readyzSeen.add(`${res.status} ${await res.text()}`);
    if (performance.now() - t0 > 10 * TIMEOUT_MS) throw new Error('/readyz never said ready');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, url, listeningMs, readyMs: performance.now() - t0, readyzSeen: [...readyzSeen] };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

interface RequestTime {
  what: string;
  ms: number;
  /** Milliseconds after the step began that the request was sent. */
  startedAt: number;
}

/** Every request the page makes from now on, with its duration, named by operation for GraphQL. */
function recordRequests(page: Page): { since(t: number): RequestTime[] } {
  const seen: { what: string; sentAt: number; ms: number }[] = [];
  const sent = new Map<Request, number>();
  page.on('request', (r) => sent.set(r, performance.now()));
  page.on('requestfinished', (r) => {
    const at = sent.get(r) ?? performance.now();
    let what = r.url().replace(/^https?:\/\/[^/]+/, '');
    if (what === '/graphql' && r.method() === 'POST') {
      const body = r.postDataJSON() as { operationName?: string; documentId?: string; extensions?: unknown } | null;
      what = `graphql ${body?.operationName ?? body?.documentId ?? '?'}`;
    }
    seen.push({ what: `${r.method()} ${what}`, sentAt: at, ms: Math.round(performance.now() - at) });
  });
  return {
    since: (t) => seen.filter((s) => s.sentAt >= t).map((s) => ({ what: s.what, ms: s.ms, startedAt: Math.round(s.sentAt - t) })),
  };
}

interface Run {
  run: number;
  listeningMs: number;
  readyMs: number;
  readyzBeforeReady: string[];
  /** Opening `/` until the sign-in form offers the employees. */
  signInPageMs: number;
  /** The click on "Sign in" until the customer list's rows are shown. */
  signInToListMs: number;
  /** The click on a customer until its 360 is shown. */
  listTo360Ms: number;
  customer: string;
  requests: { signInPage: RequestTime[]; signInToList: RequestTime[]; listTo360: RequestTime[] };
}

async function measure(browser: Browser, run: number): Promise<Run> {
  const server = await startServer();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests = recordRequests(page);
    const t0 = performance.now();
    await page.goto(server.url + '/');
    await page.locator(`select option[value="${EMPLOYEE_ID}"]`).waitFor({ state: 'attached', timeout: TIMEOUT_MS });
    const t1 = performance.now();
    await page.getByLabel('Employee').selectOption(EMPLOYEE_ID);
    const t2 = performance.now();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('table[aria-label="Customers"] tbody tr').first().waitFor({ timeout: TIMEOUT_MS });
    const t3 = performance.now();
    const link = page.locator('table[aria-label="Customers"] tbody tr a').first();
    const customer = (await link.innerText()).trim();
    const t4 = performance.now();
    await link.click();
    await page.getByRole('heading', { level: 1, name: customer }).waitFor({ timeout: TIMEOUT_MS });
    await page.getByTestId('customer-value').waitFor({ timeout: TIMEOUT_MS });
    const t5 = performance.now();
    const result: Run = {
      run,
      listeningMs: Math.round(server.listeningMs),
      readyMs: Math.round(server.readyMs),
      readyzBeforeReady: server.readyzSeen,
      signInPageMs: Math.round(t1 - t0),
      signInToListMs: Math.round(t3 - t2),
      listTo360Ms: Math.round(t5 - t4),
      customer,
      requests: {
        signInPage: requests.since(t0).filter((r) => r.startedAt < t1 - t0),
        signInToList: requests.since(t2).filter((r) => r.startedAt < t3 - t2),
        listTo360: requests.since(t4).filter((r) => r.startedAt < t5 - t4),
      },
    };
    await context.close();
    return result;
  } finally {
    await stopServer(server.child);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

async function main(): Promise<void> {
  // The workbench the server serves, built when its sources changed (what npm run build does).
  execFileSync(process.execPath, [path.join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (!values.keep) rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  if (!existsSync(path.join(DATA_DIR, 'prepared'))) {
    // The first start loads the demo data set into the empty graph; it is not measured.
    process.stdout.write(`Preparing ${path.relative(ROOT, DATA_DIR)} (the demo data set)...\n`);
    const first = await startServer();
    await stopServer(first.child);
    mkdirSync(path.join(DATA_DIR, 'prepared'));
  }
  const browser = await launchBrowser();
  const runs: Run[] = [];
  try {
    for (let i = 1; i <= RUNS; i++) {
      const r = await measure(browser, i);
      runs.push(r);
      process.stdout.write(
        `run ${i}: ready after ${(r.readyMs / 1000).toFixed(1)} s; sign-in page ${r.signInPageMs} ms, ` +
          `sign-in -> list ${r.signInToListMs} ms, list -> 360 ${r.listTo360Ms} ms (${r.customer})\n`,
      );
      for (const [step, list] of Object.entries(r.requests)) {
        const slow = [...list].sort((a, b) => b.ms - a.ms).slice(0, 4);
        process.stdout.write(`  ${step}: ${slow.map((s) => `${s.what} ${s.ms} ms`).join(', ')}\n`);
      }
    }
  } finally {
    await browser.close();
  }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    // not a git checkout
  }
  const summary = {
    readyMs: median(runs.map((r) => r.readyMs)),
    signInToListMs: median(runs.map((r) => r.signInToListMs)),
    listTo360Ms: median(runs.map((r) => r.listTo360Ms)),
  };
  process.stdout.write(
    `median of ${runs.length}: ready ${(summary.readyMs / 1000).toFixed(1)} s, sign-in -> list ${summary.signInToListMs} ms, list -> 360 ${summary.listTo360Ms} ms\n`,
  );
  const file = writeResult('cold-start', {
    when: new Date().toISOString(),
    commit,
    machine: machineDescription(),
    data: 'the demo data set',
    runs,
    median: summary,
  });
  process.stdout.write(`Written to ${file}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
