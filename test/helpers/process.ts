import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { freePort, projectRoot } from '../../src/db/local-neo4j';

export const ROOT = projectRoot();

/** Compiles the server to dist/ (what `npm start` runs). */
export function buildDist(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** A child process with its output collected and a way to wait for a line. */
export interface Running {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then waits for the exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    output += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = output.match(pattern);
          if (m) {
            cleanup();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`Timed out waiting for ${pattern}; output so far:\n${output}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`${command} exited (${child.exitCode}) before ${pattern}:\n${output}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(force);
    },
  };
}

/**
 * The environment of a server copy for tests and benchmarks: over the given Neo4j (its password
 * unused), on a free port, signing with `jwtSecret`, without demo data; `extra` on top.
 */
export function appEnv(neo4jUri: string, jwtSecret: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    NEO4J_URI: neo4jUri,
    NEO4J_PASSWORD: 'unused',
    PORT: '0',
    JWT_SECRET: jwtSecret,
    SEED_ON_EMPTY: 'false',
    ...extra,
  };
}

/** One copy of the Rapport server (dist/src/main.js) with the given environment. */
export async function startApp(env: Record<string, string>, nodeArgs: string[] = []): Promise<Running & { url: string; wsUrl: string }> {
  const app = run(process.execPath, [...nodeArgs, path.join(ROOT, 'dist', 'src', 'main.js')], {
    ...process.env,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const [, url] = await app.waitFor(/Rapport GraphQL API ready at (\S+)/, 120_000);
  return Object.assign(app, { url, wsUrl: url.replace(/^http/, 'ws') });
}

/** A real redis-server on a loopback port, without persistence. */
export async function startRedis(port?: number): Promise<Running & { url: string; port: number }> {
  const p = port ?? (await freePort());
  const redis = run('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], process.env);
  await redis.waitFor(/Ready to accept connections/, 20_000);
  return Object.assign(redis, { url: `redis://127.0.0.1:${p}`, port: p });
}
