import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { startLocalNeo4j, projectRoot } from '../src/db/local-neo4j';

/** The tests' own Neo4j data folder (RAPPORT_TEST_DATA_DIR overrides it): wiped at every run, never the one `npm start` keeps. */
export const TEST_DATA_DIR = '.neo4j/test';

/**
 * The folder the run wipes and gives its Neo4j: RAPPORT_TEST_DATA_DIR (unset or empty: the
 * default), which must lie inside the project's `.neo4j` folder. An empty value once resolved to
 * the project folder itself, and the wipe deleted the project with its `.git`.
 */
export function testDataDir(given = process.env.RAPPORT_TEST_DATA_DIR): string {
  const inside = path.join(projectRoot(), '.neo4j') + path.sep;
  const dir = path.resolve(projectRoot(), given || TEST_DATA_DIR);
  if (!dir.startsWith(inside)) {
    throw new Error(`RAPPORT_TEST_DATA_DIR must name a folder inside ${inside} (the tests wipe it at every run), not "${given}".`);
  }
  return dir;
}

/**
 * Starts one local Neo4j for the whole run (unless NEO4J_URI points at a server) and hands its
 * address to the tests through NEO4J_URI.
 */
export default async function globalSetup(): Promise<void> {
  // Set by the user, or by this setup for another project of the same run (integration, e2e): one Neo4j.
  if (process.env.NEO4J_URI) return;
  const dataDir = testDataDir();
  rmSync(dataDir, { recursive: true, force: true });
  const local = await startLocalNeo4j({
    dataDir,
    heap: '1g',
    pageCacheMb: 256,
    startTimeoutSeconds: 600,
    log: (l) => process.stderr.write(`[test neo4j] ${l}\n`),
  });
  process.env.NEO4J_URI = local.uri;
  (globalThis as { __rapportNeo4j?: typeof local }).__rapportNeo4j = local;
}
