/** Stops the Neo4j the global setup started, once (a given NEO4J_URI is left alone); each project of the run calls it. */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __rapportNeo4j?: { stop(): Promise<void> } };
  const local = holder.__rapportNeo4j;
  delete holder.__rapportNeo4j;
  await local?.stop();
}
