import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SizeName } from '../seeds/generate';
import { buildDist, ROOT, run } from '../test/helpers/process';
import { load, writeResult } from './common';
import { graphqlBody, rawBody, READS, sampleParameters } from './reads';
import { benchNeo4j, loadDataSet, startBenchServer } from './suite';

/**
 * `npm run bench:profile`: where a read's server CPU time goes, per request and per phase, in the
 * API's process and in the raw-Cypher server's. Both run under V8's sampling profiler
 * (`--cpu-prof`) on the kept database of `npm run bench:reads` (`.neo4j/bench-reads`); each read is
 * warmed, then loaded at concurrency 16 for BENCH_READ_SECONDS (default 10). Only the samples taken
 * while the read was measured count (a profile's timestamps and this process's `hrtime` are the
 * same monotonic clock). Each sample goes to the phase of the innermost frame that belongs to one
 * (see PHASES), so a socket write made by Express counts as a socket write, and a `Buffer` call made
 * by the driver as the driver's. BENCH_ONLY runs one read.
 */

const SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = 16;

/** Phases, by the frames that belong to them (function name or script URL, tested innermost first). */
const PHASES: [phase: string, test: (fn: string, url: string) => boolean][] = [
  ['garbage collection', (fn) => fn === '(garbage collector)'],
  ['socket writes (system calls)', (fn, url) => !url && (fn === 'writev' || fn === 'writeBuffer' || fn === 'writeUtf8String')],
  ['Neo4j driver (encode, decode)', (_fn, url) => /node_modules\/neo4j-driver/.test(url)],
  ['results to plain values', (fn, url) => url.endsWith('/src/db/graph.js')],
  ['serialization (JSON)', (fn) => fn === 'prettyJSONStringify' || fn === 'stringify'],
  [
    'execution (graphql-jit, resolvers, look-ahead, loaders)',
    (_fn, url) =>
      /node_modules\/(graphql-jit|type-graphql|class-validator|class-transformer|dataloader)\//.test(url) ||
      /\/src\/(modules|graphql|common|db)\//.test(url) ||
      url.endsWith('/src/server/compiled-executor.js'),
  ],
  [
    'sign-in and rate limit',
    (_fn, url) => /\/src\/server\/(auth|rate-limit|context)\.js$/.test(url) || /node_modules\/(jose|rate-limiter-flexible)\//.test(url),
  ],
  [
    'Apollo pipeline and plugins (parse, validate, limits, metrics, audit, log)',
    (_fn, url) =>
      /node_modules\/(@apollo|graphql|@escape\.tech|graphql-query-complexity|prom-client|pino|@graphql-tools)\//.test(url) ||
      /\/src\/server\/(limits|metrics|audit-plugin|trusted-documents|format-error)\.js$/.test(url),
  ],
  [
    'HTTP (Node, Express, body)',
    (_fn, url) =>
      /node_modules\/(express|router|body-parser|raw-body|type-is|negotiator|content-type|iconv-lite|on-finished|finalhandler|send|@as-integrations|cors|mime-types|qs)\//.test(
        url,
      ) ||
      /^node:(_http|net|internal\/(streams|stream_base_commons|http|net))/.test(url) ||
      url.endsWith('/src/server/app.js') ||
      url.endsWith('/src/server/cors.js') ||
      url.endsWith('/bench/raw-server.js'),
  ],
];
const OTHER = 'other (Node internals, promises, timers)';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** CPU milliseconds by phase among the samples taken between `from` and `to` (µs of the monotonic clock); idle left out. */
export function phasesOf(profile: CpuProfile, from: number, to: number): Record<string, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const phaseOfNode = new Map<number, string | null>();
  const phaseOf = (id: number): string | null => {
    if (phaseOfNode.has(id)) return phaseOfNode.get(id)!;
    const { functionName, url } = byId.get(id)!.callFrame;
    let phase: string | null = null;
    if (functionName === '(idle)' || functionName === '(program)') phase = null;
    else {
      const own = PHASES.find(([, test]) => test(functionName, url));
      const up = parent.get(id);
      phase = own ? own[0] : up === undefined ? OTHER : (phaseOf(up) ?? OTHER);
    }
    phaseOfNode.set(id, phase);
    return phase;
  };
  const ms: Record<string, number> = {};
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) continue;
    const phase = phaseOf(profile.samples[i]);
    if (phase) ms[phase] = (ms[phase] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  }
  return ms;
}

const nowMicros = () => Number(process.hrtime.bigint() / 1000n);
const readProfile = (dir: string): CpuProfile => {
  const [file] = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`No profile was written in ${dir}.`);
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
};

async function main(): Promise<void> {
  buildDist();
  const db = await benchNeo4j('bench-reads', { wipe: false });
  const dirs = { api: mkdtempSync(path.join(tmpdir(), 'rapport-prof-api-')), raw: mkdtempSync(path.join(tmpdir(), 'rapport-prof-raw-')) };
  try {
    const [{ n }] = await db.graph.read('MATCH (i:Interaction) RETURN count(i) AS n');
    if (!n) await loadDataSet(db.graph, (process.env.BENCH_SIZE ?? '10k') as SizeName);
    const params = await sampleParameters(db.graph);
    const reads = [...READS.entries()].filter(([, r]) => !process.env.BENCH_ONLY || r.name === process.env.BENCH_ONLY);
    const app = await startBenchServer(db, ['--cpu-prof', `--cpu-prof-dir=${dirs.api}`]);
    const raw = run(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dirs.raw}`, path.join(ROOT, 'dist', 'bench', 'raw-server.js')], {
      ...process.env,
      NEO4J_URI: db.uri,
    });
    const [, rawUrl] = await raw.waitFor(/raw Cypher server ready at (\S+)/, 30_000);
    const auth = { authorization: `Bearer ${app.token}` };
    const windows: { read: string; api: [number, number, number]; raw: [number, number, number] }[] = [];
    try {
      for (const [index, read] of reads) {
        const api = graphqlBody(read, params);
        const direct = rawBody(read, params);
        await load(app.url, auth, api, WARMUP_SECONDS, CONNECTIONS);
        await load(`${rawUrl}/${index}`, {}, direct, WARMUP_SECONDS, CONNECTIONS);
        let from = nowMicros();
        const a = await load(app.url, auth, api, SECONDS, CONNECTIONS);
        await new Promise((r) => setTimeout(r, 1000)); // the requests still in flight
        const apiWindow: [number, number, number] = [from, nowMicros(), a.sent];
        from = nowMicros();
        const b = await load(`${rawUrl}/${index}`, {}, direct, SECONDS, CONNECTIONS);
        await new Promise((r) => setTimeout(r, 1000));
        windows.push({ read: read.name, api: apiWindow, raw: [from, nowMicros(), b.sent] });
        if (a.errors || b.errors) throw new Error(`${read.name}: ${a.errors} errors through the API, ${b.errors} through raw Cypher.`);
      }
    } finally {
      await app.stop(); // the profiles are written as the processes exit
      await raw.stop();
    }
    const profiles = { api: readProfile(dirs.api), raw: readProfile(dirs.raw) };
    const results = windows.map((w) => {
      const perRequest = (which: 'api' | 'raw') => {
        const [from, to, sent] = w[which];
        const ms = phasesOf(profiles[which], from, to);
        return Object.fromEntries(
          Object.entries(ms).map(([phase, total]) => [phase, Math.round((total / Math.max(sent, 1)) * 1000) / 1000]),
        );
      };
      return { read: w.read, api: perRequest('api'), raw: perRequest('raw') };
    });
    for (const r of results) {
      const phases = [...PHASES.map(([p]) => p), OTHER];
      const total = (m: Record<string, number>) => Math.round(Object.values(m).reduce((s, v) => s + v, 0) * 1000) / 1000;
      console.log(`\n${r.read}: server CPU per request, ms (sampled), API ${total(r.api)} / raw ${total(r.raw)}`);
      console.table(phases.map((phase) => ({ phase, API: r.api[phase] ?? 0, raw: r.raw[phase] ?? 0 })));
    }
    console.log(
      `\nWritten to ${writeResult('profile', { at: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, results })}`,
    );
  } finally {
    rmSync(dirs.api, { recursive: true, force: true });
    rmSync(dirs.raw, { recursive: true, force: true });
    await db.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
