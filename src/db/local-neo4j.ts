import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';

/**
 * Rapport's own local Neo4j: real Neo4j 5.26 Community, embedded in a small Java launcher
 * (`neo4j-launcher/Launcher.java`) that runs as a child process. Maven resolves its jars into
 * `~/.m2` on first use; later starts reuse the cached class path.
 *
 * The child stops when {@link LocalNeo4j.stop} is called, and also by itself when this process
 * ends in any way (its standard input, held by this process, closes).
 */

export interface LocalNeo4jOptions {
  /** Folder for the database files, relative to the project root or absolute. */
  dataDir: string;
  /** JVM heap, e.g. `1g`. */
  heap: string;
  /** Page cache size in MiB. */
  pageCacheMb: number;
  /** How long to wait for Maven and the database, in seconds. */
  startTimeoutSeconds: number;
  /** Bolt port; default: a free one. (A restart on the same port lets clients reconnect.) */
  port?: number;
  /** Progress lines go here (default: stderr). */
  log?: (line: string) => void;
  /**
   * Neo4j plugins to load, for the benchmarks only (Rapport needs none): `apoc` is APOC core
   * (neo4j-launcher/apoc/pom.xml), which the @neo4j/graphql peer of the read benchmark needs.
   */
  plugins?: LocalNeo4jPlugin[];
}

export type LocalNeo4jPlugin = 'apoc';

export interface LocalNeo4j {
  /** `bolt://127.0.0.1:<port>` */
  readonly uri: string;
  readonly pid: number;
  /** Stops the database cleanly (escalates to SIGKILL after 30 s). Safe to call twice. */
  stop(): Promise<void>;
}

/** Java or Maven is missing, or the database could not start; the message says what to do. */
export class LocalNeo4jError extends Error {
  override name = 'LocalNeo4jError';
}

/** The project root: the nearest folder above this file holding package.json. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

const JAVA_FLAGS = [
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-exports=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:+UseG1GC',
  '-XX:+ExitOnOutOfMemoryError',
];

function requireTool(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.error || r.status !== 0) {
    throw new LocalNeo4jError(
      `${what} ('${cmd}') was not found. The local Neo4j needs JDK 17+ and Maven ` +
        `(Debian: apt-get install openjdk-17-jdk-headless maven), ` +
        `or set NEO4J_URI to use an existing Neo4j 5 server.`,
    );
  }
}

/**
 * The class path of a pom's dependencies, resolved by Maven once and cached under
 * neo4j-launcher/target as `<name>.txt` (resolved again when the pom is newer or a jar is gone).
 */
function resolvedClassPath(
  root: string,
  pom: string,
  name: string,
  what: string,
  log: (l: string) => void,
  timeoutMs: number,
  note = '',
): string {
  const out = path.join(root, 'neo4j-launcher', 'target', `${name}.txt`);
  const cached = existsSync(out) && statSync(out).mtimeMs >= statSync(pom).mtimeMs ? readFileSync(out, 'utf8').trim() : '';
  if (cached && cached.split(path.delimiter).every((jar) => existsSync(jar))) return cached;

  requireTool('mvn', ['-v'], 'Maven');
  log(`Resolving ${what} with Maven${note}...`);
  const r = spawnSync('mvn', ['-q', '-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${out}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    encoding: 'utf8',
  });
  if (r.status !== 0 || !existsSync(out)) {
    const detail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new LocalNeo4jError(`Maven could not resolve ${what} (mvn exit ${r.status}):\n${detail}`);
  }
  return readFileSync(out, 'utf8').trim();
}

/** The launcher's class path: Neo4j's jars (the first run downloads about 150 MB into ~/.m2). */
function classPath(root: string, log: (l: string) => void, timeoutMs: number): string {
  const pom = path.join(root, 'neo4j-launcher', 'pom.xml');
  return resolvedClassPath(
    root,
    pom,
    'classpath',
    'the Neo4j 5.26 jars',
    log,
    timeoutMs,
    ' (the first run downloads about 150 MB into ~/.m2)',
  );
}

/** A jar's group and artifact in ~/.m2 (its folder without the version), to leave out a second version of a jar. */
const artifactOf = (jar: string) => path.dirname(path.dirname(jar));

/**
 * APOC core for a benchmark's Neo4j: its jars (and their dependencies, where Neo4j's class path
 * lacks them) to add to the class path, where Neo4j finds APOC's extensions, and a plugins folder
 * holding the APOC jars, whose procedures and functions Neo4j loads from there.
 */
function apocPlugin(
  root: string,
  neo4jClassPath: string,
  log: (l: string) => void,
  timeoutMs: number,
): { classPath: string[]; dir: string } {
  const pom = path.join(root, 'neo4j-launcher', 'apoc', 'pom.xml');
  const jars = resolvedClassPath(root, pom, 'apoc-classpath', 'APOC core', log, timeoutMs).split(path.delimiter);
  const present = new Set(neo4jClassPath.split(path.delimiter).map(artifactOf));
  const dir = path.join(root, 'neo4j-launcher', 'target', 'plugins');
  mkdirSync(dir, { recursive: true });
  const apocJars = jars.filter((j) => /[\\/]apoc-(core|common)-[^\\/]+\.jar$/.test(j));
  const wanted = new Set(apocJars.map((j) => path.basename(j)));
  for (const file of readdirSync(dir)) if (!wanted.has(file)) rmSync(path.join(dir, file), { force: true });
  for (const jar of apocJars) {
    const copy = path.join(dir, path.basename(jar));
    if (!existsSync(copy) || statSync(copy).size !== statSync(jar).size) copyFileSync(jar, copy);
  }
  return { classPath: jars.filter((j) => !present.has(artifactOf(j))), dir };
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the local Neo4j and resolves once Bolt accepts connections.
 * Rejects with {@link LocalNeo4jError} when Java or Maven is missing or the database fails.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const log = options.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const root = projectRoot();
  const timeoutMs = options.startTimeoutSeconds * 1000;
  requireTool('java', ['-version'], 'Java');
  let cp = classPath(root, log, timeoutMs);
  const pluginArgs: string[] = [];
  if (options.plugins?.includes('apoc')) {
    const apoc = apocPlugin(root, cp, log, timeoutMs);
    cp = [cp, ...apoc.classPath].join(path.delimiter);
    pluginArgs.push(apoc.dir);
  }
  const dataDir = path.resolve(root, options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());

  log(
    `Starting local Neo4j 5.26${pluginArgs.length ? ' with APOC core' : ''} (data in ${path.relative(root, dataDir) || dataDir}, Bolt on 127.0.0.1:${port})...`,
  );
  const child = spawn(
    'java',
    [
      `-Xmx${options.heap}`,
      `-Xms${options.heap}`,
      ...JAVA_FLAGS,
      '-cp',
      cp,
      path.join(root, 'neo4j-launcher', 'Launcher.java'),
      dataDir,
      String(port),
      String(options.pageCacheMb),
      ...pluginArgs,
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  // Never let a dying parent leave the JVM behind: closing stdin stops it, and so does exit.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stderrTail = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderrTail = (stderrTail + d.toString()).slice(-4000);
  });

  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new LocalNeo4jError(`Local Neo4j did not start within ${options.startTimeoutSeconds} s.\n${stderrTail}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      buffered += d.toString();
      if (buffered.includes('RAPPORT_NEO4J_READY')) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        child.stdout!.resume();
        resolve();
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      const detail = /lock/i.test(stderrTail)
        ? `Another process (another Rapport?) is using ${dataDir}. Stop it, or set NEO4J_LOCAL_DATA_DIR to another folder.`
        : (stderrTail.match(/RAPPORT_NEO4J_FAILED .*/)?.[0] ?? stderrTail.slice(-2000));
      reject(new LocalNeo4jError(`Local Neo4j exited during start-up (code ${code}).\n${detail}`));
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
  log(`Local Neo4j is ready (pid ${child.pid}).`);

  let stopping: Promise<void> | undefined;
  return {
    uri: `bolt://127.0.0.1:${port}`,
    pid: child.pid!,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(force);
          process.off('exit', killOnExit);
          resolve();
        });
        child.stdin!.end();
      });
      return stopping;
    },
  };
}
