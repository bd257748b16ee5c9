/** Stops the Neo4j the global setup started (a given NEO4J_URI is left alone). */
export default async function globalTeardown(): Promise<void> {
  const local = (globalThis as { __rapportNeo4j?: { stop(): Promise<void> } }).__rapportNeo4j;
  await local?.stop();
}
