import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { startLocalNeo4j, projectRoot } from '../src/db/local-neo4j';

/** The tests' own Neo4j data folder (RAPPORT_TEST_DATA_DIR overrides it): wiped at every run, never the one `npm start` keeps. */
export const TEST_DATA_DIR = '.neo4j/test';

/**
 * Starts one local Neo4j for the whole run (unless NEO4J_URI points at a server) and hands its
 * address to the tests through NEO4J_URI.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.NEO4J_URI) return;
  const dataDir = process.env.RAPPORT_TEST_DATA_DIR ?? TEST_DATA_DIR;
  rmSync(path.resolve(projectRoot(), dataDir), { recursive: true, force: true });
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
