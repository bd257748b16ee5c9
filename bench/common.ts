import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from '../test/helpers/process';

/** Helpers shared by the benchmarks in `bench/`. */

/** Resident memory of a process, MiB (Linux). */
export const rssMiB = (pid: number): number => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

/** Clock ticks per second of /proc's CPU times (Linux). */
let ticksPerSecond: number | undefined;

/** CPU time (user and system) a process has used so far, ms (Linux). */
export function cpuMs(pid: number): number {
  ticksPerSecond ??= Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/**
 * Runs a load and also measures the CPU time `pid` (the server under load) spent on it, per
 * request answered: where a read's time goes when client, server and Neo4j share two cores.
 */
export async function loadWithCpu(pid: number, run: () => Promise<LoadResult>): Promise<LoadResult & { serverCpuMs: number }> {
  const before = cpuMs(pid);
  const result = await run();
  return { ...result, serverCpuMs: Math.round(((cpuMs(pid) - before) / Math.max(result.requests, 1)) * 100) / 100 };
}

/** The machine, as the results name it. */
export const machineDescription = (): string =>
  `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

/** Writes a result as `bench/results/<name>-<time>.json` and returns its path relative to the project. */
export function writeResult(name: string, result: object): string {
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  const file = path.join(ROOT, 'bench', 'results', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return path.relative(ROOT, file);
}

/** The newest result file of a benchmark, parsed, or null. */
export function latestResult<T>(name: string): T | null {
  const dir = path.join(ROOT, 'bench', 'results');
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.json'))
    .sort();
  return files.length ? (JSON.parse(readFileSync(path.join(dir, files[files.length - 1]), 'utf8')) as T) : null;
}

/** Samples a process's memory every 200 ms until stopped; returns the peak. */
export function memoryPeak(pid: number): { stop: () => number } {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 200);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssMiB(pid));
    },
  };
}

export interface LoadResult {
  /** Requests answered within the duration. */
  requests: number;
  /** Requests sent, including those still unanswered when the duration ended (the server serves them all the same). */
  sent: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts, non-2xx answers and answers carrying GraphQL `errors`. */
  errors: number;
}

/**
 * Runs autocannon against one URL: POST bodies from `body(i)`, `connections` at a time, for
 * `seconds`. Latencies in milliseconds.
 */
export async function load(
  url: string,
  headers: Record<string, string>,
  body: (i: number) => string,
  seconds: number,
  connections = 16,
): Promise<LoadResult> {
  let i = 0;
  let bodyErrors = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: body(i++) }),
        onResponse: (status, responseBody) => {
          if (status === 200 && responseBody.includes('"errors"')) bodyErrors++;
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    sent: result.requests.sent,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + bodyErrors,
  };
}

/** The sum of a Prometheus counter (all label sets) in a /metrics text. */
export function metricSum(text: string, name: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}
