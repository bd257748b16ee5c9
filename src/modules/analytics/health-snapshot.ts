import type { Graph, Tx } from '../../db/graph';
import { lockCustomersForWrite } from '../customer/customer.repository';
import { healthFacts } from './analytics.repository';
import { txReader } from './health';
import { healthScore, healthStatusOf, healthWindow } from './scores';

/**
 * The health snapshot kept on every Customer node, so that customers can be sorted and filtered
 * by health and last contact through range indexes, and `atRiskCustomers` need not compute the
 * health of every customer:
 *
 * - `lastContactAt`: when the latest interaction with the customer happened (null: never contacted);
 * - `healthScore`, `healthStatus`: the health score (0-100) and its band (see `healthStatusOf`),
 *   null for a customer without analytics consent (what is known of them feeds no figure);
 * - `healthAsOf`: the moment the score was computed for (null with the score).
 *
 * Every write that changes what they depend on (interactions recorded, corrected, deleted or
 * restored; needs held, released, re-statused, deleted, restored or merged; customers created,
 * merged, restored; consent changed; the seed) refreshes them in its own transaction
 * ({@link refreshHealthSnapshots}); an import refreshes what it touched once, at its end
 * ({@link refreshHealthSnapshotsOf}). Health also changes with time alone (recency decays,
 * interactions leave the 90-day and 365-day windows): {@link refreshAllHealthSnapshots} recomputes
 * every customer, from a timer in the server (HEALTH_REFRESH_SECONDS); migration 15 backfilled them
 * once, in Cypher. Erasure removes them (privacy.repository.ts, tombstoneCustomer).
 */

/** What a write changed, from which the customers whose snapshot is refreshed are found. */
export interface HealthAround {
  customerIds?: readonly string[];
  /** Interactions (live) whose customer is refreshed. */
  interactionIds?: readonly string[];
  /** Needs (live) whose holders are refreshed. */
  needIds?: readonly string[];
}

export interface HealthSnapshot {
  lastContactAt: Date | null;
  healthScore: number | null;
  healthStatus: string | null;
  healthAsOf: Date | null;
}

/** The live customers a write touched, by id. */
async function customersAround(tx: Tx, around: HealthAround): Promise<string[]> {
  const customerIds = [...new Set(around.customerIds ?? [])];
  const interactionIds = [...new Set(around.interactionIds ?? [])];
  const needIds = [...new Set(around.needIds ?? [])];
  if (!interactionIds.length && !needIds.length) return customerIds;
  const rows = await tx.run(
    `CALL () {
       UNWIND $customerIds AS id MATCH (c:Customer {id: id}) RETURN c.id AS id
       UNION
       UNWIND $interactionIds AS id MATCH (:Interaction {id: id})-[:WITH_CUSTOMER]->(c:Customer) RETURN c.id AS id
       UNION
       UNWIND $needIds AS id MATCH (:Need {id: id})<-[:HAS_NEED]-(c:Customer) RETURN c.id AS id
     }
     RETURN id`,
    { customerIds, interactionIds, needIds },
  );
  return rows.map((r) => r.id as string);
}

/**
 * Recomputes the snapshot of the customers a write touched, in its transaction, as of `asOf`
 * (default: now), and returns it by customer id. The customers are write-locked first (in id
 * order, as every write locks them; `locked`: the caller holds their locks already), then their
 * facts read: a refresh that raced another write of the same customer either waits for it and
 * reads what it committed, or is overwritten by it. Two statements (three with the locks): the
 * health facts, and the write, which reads the last contact itself.
 */
export async function refreshHealthSnapshots(
  tx: Tx,
  around: HealthAround,
  asOf = new Date(),
  { locked = false }: { locked?: boolean } = {},
): Promise<Map<string, HealthSnapshot>> {
  const ids = (await customersAround(tx, around)).sort();
  if (!ids.length) return new Map();
  if (!locked) await lockCustomersForWrite(tx, ids);
  const facts = await healthFacts(txReader(tx), ids, healthWindow(asOf));
  const scores = new Map(facts.map((f) => [f.id, healthScore(f, asOf).score]));
  // Customers without analytics consent have no facts, so no score; an erased one keeps nothing.
  const rows = await tx.run(
    `UNWIND $rows AS r MATCH (c:Customer {id: r.id})
     CALL (c) { OPTIONAL MATCH (c)<-[:WITH_CUSTOMER]-(i:Interaction) RETURN max(i.occurredAt) AS last }
     WITH c, r, coalesce(c.erased, false) AS erased, last
     SET c.lastContactAt = CASE WHEN erased THEN null ELSE last END,
         c.healthScore = CASE WHEN erased THEN null ELSE r.healthScore END,
         c.healthStatus = CASE WHEN erased THEN null ELSE r.healthStatus END,
         c.healthAsOf = CASE WHEN erased OR r.healthScore IS NULL THEN null ELSE datetime($asOf) END
     RETURN c.id AS id, c.lastContactAt AS lastContactAt, c.healthScore AS healthScore, c.healthStatus AS healthStatus, c.healthAsOf AS healthAsOf`,
    {
      asOf: asOf.toISOString(),
      rows: ids.map((id) => {
        const score = scores.get(id);
        return { id, healthScore: score ?? null, healthStatus: score === undefined ? null : healthStatusOf(score) };
      }),
    },
  );
  return new Map(rows.map((r) => [r.id as string, r as unknown as HealthSnapshot]));
}

/** A customer row with its snapshot as just refreshed (for a mutation that returns the customer it changed). */
export function withSnapshot<T extends { id: string }>(row: T, snapshots: Map<string, HealthSnapshot>): T {
  const s = snapshots.get(row.id);
  return s ? { ...row, ...s } : row;
}

/**
 * Refreshes the snapshot of many customers (by id, and the holders of needs), {@link HEALTH_REFRESH_BATCH}
 * at a time, each batch in its own transaction: what an import touched, at its end.
 */
export async function refreshHealthSnapshotsOf(graph: Graph, around: { customerIds: string[]; needIds: string[] }): Promise<void> {
  for (const [key, ids] of [
    ['needIds', around.needIds],
    ['customerIds', around.customerIds],
  ] as const) {
    for (let k = 0; k < ids.length; k += HEALTH_REFRESH_BATCH) {
      const chunk = ids.slice(k, k + HEALTH_REFRESH_BATCH);
      await graph.writeTx((tx) => refreshHealthSnapshots(tx, { [key]: chunk }), 'health refresh');
    }
  }
}

/** Customers refreshed per transaction by {@link refreshAllHealthSnapshots}. */
export const HEALTH_REFRESH_BATCH = 500;

/**
 * Recomputes the snapshot of every customer (erased ones included: theirs is cleared), in
 * transactions of `batch` customers in id order, as of one moment. Returns how many.
 */
export async function refreshAllHealthSnapshots(graph: Graph, asOf = new Date(), batch = HEALTH_REFRESH_BATCH): Promise<number> {
  let after = '';
  let count = 0;
  for (;;) {
    const rows = await graph.read(
      'MATCH (c:Customer) WHERE c.id > $after RETURN c.id AS id ORDER BY c.id LIMIT toInteger($batch)',
      { after, batch },
      'health refresh',
    );
    if (!rows.length) return count;
    const ids = rows.map((r) => r.id as string);
    await graph.writeTx((tx) => refreshHealthSnapshots(tx, { customerIds: ids }, asOf), 'health refresh');
    count += ids.length;
    after = ids[ids.length - 1];
  }
}

/**
 * Refreshes every snapshot now and then (every `intervalSeconds`; 0 turns it off). A run that
 * fails is logged and tried again at the next tick; a tick while a run goes on is skipped.
 */
export function startHealthRefresh(
  graph: Graph,
  intervalSeconds: number,
  log: { warn(obj: unknown, msg: string): void },
): { stop(): Promise<void>; runNow(): Promise<number> } {
  let running: Promise<number> | null = null;
  const run = () => {
    running ??= refreshAllHealthSnapshots(graph).finally(() => (running = null));
    return running;
  };
  const timer =
    intervalSeconds > 0
      ? setInterval(() => {
          if (!running) run().catch((e) => log.warn({ err: e }, 'The periodic health refresh failed; it runs again at the next tick.'));
        }, intervalSeconds * 1000)
      : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
    runNow: run,
  };
}
