import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { SizeName } from '../seeds/generate';
import { buildDist, ROOT } from '../test/helpers/process';
import { machineDescription, writeResult } from './common';
import { READS, sampleParameters, type ReadParameters } from './reads';
import { benchNeo4j, loadDataSet, startBenchServer } from './suite';

/**
 * `npm run bench:first-requests`: the first request of each benchmark read after a start (issue 28).
 * Keeps its own Neo4j data folder (`.neo4j/bench-first`, loaded once with the `10k` set). For each
 * round (`--rounds 3`) it starts Neo4j (a new JVM: its plan cache and JIT are cold) and the API server
 * (`node dist/src/main.js`, with its warm-up at start), waits for `/readyz` to answer 200, then sends
 * each of the four reads of bench/reads.ts once (the first request of each, the reads taken in a
 * rotating order so that none is always the first), then each once more with other parameters (a
 * second request, for comparison), and stops both. Prints per read the median and the maximum over
 * the rounds, and the ready time; writes `bench/results/first-requests-<time>.json`.
 *
 *   npm run bench:first-requests -- [--rounds 3] [--size 10k] [--warm-up-seconds 60] [--planner-rounds 5] [--statements]
 *
 * `--warm-up-seconds 0` measures without a warm-up, `--planner-rounds 0` without its planning again
 * (WARM_UP_PLANNER_ROUNDS). `--statements` runs the server at the debug log
 * level, where it logs every statement with Neo4j's times from the result summary (until the first
 * row: planning, or a cached plan, and the first row; then the rest), and prints the statements of the
 * first requests (Neo4j Community has no query log).
 */
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    size: { type: 'string', default: '10k' },
    'data-dir': { type: 'string', default: 'bench-first' },
    'warm-up-seconds': { type: 'string' },
    'planner-rounds': { type: 'string' },
    statements: { type: 'boolean', default: false },
  },
});
const ROUNDS = Math.max(1, Number(values.rounds));
const DATA_NAME = values['data-dir']!;

interface Round {
  round: number;
  /** Neo4j's start (a new JVM on the kept folder). */
  neo4jMs: number;
  /** From the server's spawn until `/readyz` answered 200. */
  readyMs: number;
  /** The server's own report of its warm-up, as logged. */
  warmUp: string | null;
  first: Record<string, number>;
  second: Record<string, number>;
  /** With --statements: the statements of the first requests, as the server logged them. */
  statements?: Statement[];
  /** With --statements: the warm-up's statements, how many and their time (ms) in all. */
  warmUpStatements?: { count: number; ms: number; availableAfterMs: number };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

/** Sends one read through GraphQL; its latency (ms). Throws when it is refused or answered with errors. */
async function timed(url: string, token: string, body: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const json = (await res.json()) as { errors?: unknown };
  const ms = performance.now() - t0;
  if (res.status !== 200 || json.errors) throw new Error(`answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return Math.round(ms * 10) / 10;
}

interface Statement {
  operation: string;
  ms: number;
  availableAfterMs: number;
  consumedAfterMs: number;
  statement: string;
}

/** The statements the server logged (at the debug level) in `output`. */
function statementsIn(output: string): Statement[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"msg":"statement"'))
    .map((line) => JSON.parse(line) as Statement);
}

async function measureRound(round: number, params: ReadParameters): Promise<Round> {
  const t0 = performance.now();
  const db = await benchNeo4j(DATA_NAME, { wipe: false });
  const neo4jMs = performance.now() - t0;
  const env: Record<string, string> = {
    ...(values['warm-up-seconds'] === undefined ? {} : { WARM_UP_SECONDS: values['warm-up-seconds'] }),
    ...(values['planner-rounds'] === undefined ? {} : { WARM_UP_PLANNER_ROUNDS: values['planner-rounds'] }),
  };
  try {
    const t1 = performance.now();
    const app = await startBenchServer(db, [], { ...env, LOG_LEVEL: values.statements ? 'debug' : 'info' });
    try {
      const readyz = app.url.replace(/\/graphql$/, '/readyz');
      for (;;) {
        const res = await fetch(readyz).catch(() => null);
        if (res?.status === 200) break;
        if (performance.now() - t1 > 600_000) throw new Error('/readyz never said ready');
        await new Promise((r) => setTimeout(r, 20));
      }
      const readyMs = performance.now() - t1;
      const warmUp = app.output().match(/"msg":"warm-up done"/)
        ? (app.output().match(/\{[^\n]*"msg":"warm-up done"[^\n]*\}/)?.[0] ?? null)
        : null;
      const logFrom = app.output().length;
      const warmUpStatements = statementsIn(app.output());
      const first: Record<string, number> = {};
      const second: Record<string, number> = {};
      // A rotating order: round 1 starts with the first read, round 2 with the second, ...
      const order = READS.map((_, k) => READS[(k + round - 1) % READS.length]);
      for (const read of order) {
        first[read.name] = await timed(
          app.url,
          app.token,
          JSON.stringify({ query: read.graphql, variables: read.variables(params, round) }),
        );
      }
      const statements = values.statements ? statementsIn(app.output().slice(logFrom)) : undefined;
      for (const read of order) {
        second[read.name] = await timed(
          app.url,
          app.token,
          JSON.stringify({ query: read.graphql, variables: read.variables(params, round + ROUNDS + 7) }),
        );
      }
      return {
        round,
        neo4jMs: Math.round(neo4jMs),
        readyMs: Math.round(readyMs),
        warmUp,
        first,
        second,
        statements,
        warmUpStatements: values.statements
          ? {
              count: warmUpStatements.length,
              ms: Math.round(warmUpStatements.reduce((t, x) => t + x.ms, 0)),
              availableAfterMs: warmUpStatements.reduce((t, x) => t + x.availableAfterMs, 0),
            }
          : undefined,
      };
    } finally {
      await app.stop();
    }
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  buildDist();
  // The workbench (its trusted-documents manifest is what the warm-up runs), built when its sources changed.
  execFileSync(process.execPath, [path.join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  let params: ReadParameters;
  {
    const db = await benchNeo4j(DATA_NAME, { wipe: false });
    try {
      const [{ n }] = await db.graph.read('MATCH (i:Interaction) RETURN count(i) AS n');
      if (!n) await loadDataSet(db.graph, values.size as SizeName);
      params = await sampleParameters(db.graph);
    } finally {
      await db.close();
    }
  }
  const rounds: Round[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const r = await measureRound(round, params);
    rounds.push(r);
    console.log(
      `round ${round}: ready ${r.readyMs} ms (Neo4j ${r.neo4jMs} ms); first ${JSON.stringify(r.first)}; second ${JSON.stringify(r.second)}`,
    );
    if (r.warmUp) console.log(`  ${r.warmUp}`);
    if (r.warmUpStatements) console.log(`  warm-up: ${JSON.stringify(r.warmUpStatements)}`);
    for (const s of r.statements ?? []) {
      console.log(
        `  ${s.ms} ms (Neo4j: first row ${s.availableAfterMs}, rest ${s.consumedAfterMs}) ${s.operation}: ${s.statement.slice(0, 200)}`,
      );
    }
  }
  const perRead = READS.map((read) => {
    const firsts = rounds.map((r) => r.first[read.name]);
    const seconds = rounds.map((r) => r.second[read.name]);
    return {
      read: read.name,
      'first, median ms': median(firsts),
      'first, max ms': Math.max(...firsts),
      'second, median ms': median(seconds),
      'second, max ms': Math.max(...seconds),
    };
  });
  const ready = rounds.map((r) => r.readyMs);
  console.table(perRead);
  console.log(`ready (server spawn to /readyz 200): median ${median(ready)} ms, max ${Math.max(...ready)} ms`);
  const file = writeResult('first-requests', {
    at: new Date().toISOString(),
    machine: machineDescription(),
    size: values.size,
    warmUpSeconds: values['warm-up-seconds'] ?? 'default',
    plannerRounds: values['planner-rounds'] ?? 'default',
    rounds,
    perRead,
    readyMs: { median: median(ready), max: Math.max(...ready) },
  });
  console.log(`Written to ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
