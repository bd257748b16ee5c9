import neo4j, { type Driver } from 'neo4j-driver';
import type { Config } from '../config';
import { Graph } from './graph';
import { startLocalNeo4j, type LocalNeo4j } from './local-neo4j';

export interface GraphHandle {
  graph: Graph;
  /** The local Neo4j started for this process, if any. */
  local?: LocalNeo4j;
  /** Closes the driver, then stops the local Neo4j if one was started. */
  close(): Promise<void>;
}

/**
 * Opens the graph: the server named by NEO4J_URI, or else the project's own local Neo4j
 * (started here). Waits until Bolt answers before returning.
 */
export async function openGraph(config: Config, log: (line: string) => void): Promise<GraphHandle> {
  const target = config.neo4j;
  let local: LocalNeo4j | undefined;
  let driver: Driver;
  if (target.kind === 'remote') {
    log(`Using Neo4j at ${target.uri} (database ${target.database}).`);
    driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), driverConfig());
  } else {
    local = await startLocalNeo4j({ ...target, log });
    driver = neo4j.driver(local.uri, neo4j.auth.basic('neo4j', 'unused-auth-is-off'), driverConfig());
  }
  try {
    await waitForBolt(driver, target.kind === 'remote' ? 60_000 : 30_000);
  } catch (e) {
    await driver.close();
    await local?.stop();
    throw e;
  }
  const graph = new Graph(driver, target.database);
  return {
    graph,
    local,
    async close() {
      await driver.close();
      await local?.stop();
    },
  };
}

function driverConfig() {
  return {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 50,
    // Fail within seconds while the database is down (SERVICE_UNAVAILABLE), instead of hanging.
    connectionAcquisitionTimeout: 5_000,
    connectionTimeout: 5_000,
    maxTransactionRetryTime: 5_000,
    logging: { level: 'error' as const, logger: (_level: string, message: string) => process.stderr.write(`neo4j-driver: ${message}\n`) },
  };
}

async function waitForBolt(driver: Driver, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await driver.verifyConnectivity();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`Neo4j did not answer within ${timeoutMs / 1000} s: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
