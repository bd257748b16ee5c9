import type { Tx } from '../../db/graph';
import type { Reader } from '../../db/read-batcher';
import { healthFacts } from './analytics.repository';
import type { CustomerHealth } from './analytics.type';
import { healthScore, healthWindow } from './scores';

/** Health of the given customers as of `asOf`; customers without analytics consent are missing. */
export async function healthOf(db: Reader, ids: readonly string[], asOf: Date): Promise<Map<string, CustomerHealth>> {
  if (!ids.length) return new Map();
  const facts = await healthFacts(db, [...new Set(ids)], healthWindow(asOf));
  return new Map(facts.map((f) => [f.id, healthScore(f, asOf)]));
}

/** A write transaction seen as a reader, to compute health inside it. */
export const txReader = (tx: Tx): Reader => ({ read: (cypher, params) => tx.run(cypher, params) });
