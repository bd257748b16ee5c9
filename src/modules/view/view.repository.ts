import type { Row, Tx } from '../../db/graph';

/**
 * Cypher of saved views: `(:Employee)-[:KEEPS_VIEW]->(:SavedView)`. Every statement starts from
 * the person's own Employee node, so a view of anyone else is never read, changed or deleted.
 */

/** The properties a view is stored with (typed, one property per filter field). */
export interface StoredView {
  name: string;
  nameLower: string;
  list: string;
  nameContains: string | null;
  lifecycleStages: string[] | null;
  relationshipTypes: string[] | null;
  segmentId: string | null;
  hasNeedId: string | null;
  ownerId: string | null;
  orderField: string;
  orderDirection: string;
  pageSize: number;
}

/** The person's views, by name (case-insensitive), at most `limit`. */
export async function viewsOf(tx: Tx, employeeId: string, limit: number): Promise<Row[]> {
  const rows = await tx.run(
    `MATCH (:Employee {id: $employeeId})-[:KEEPS_VIEW]->(v:SavedView)
     RETURN v ORDER BY v.nameLower, v.id LIMIT toInteger($limit)`,
    { employeeId, limit },
  );
  return rows.map((r) => r.v);
}

/**
 * Locks the person's Employee node (two saves of one person at once are taken one after the
 * other, so the count cap and the name rule hold) and says how many views they keep and which
 * of them (if any) has this name.
 */
export async function lockViews(tx: Tx, employeeId: string, nameLower: string): Promise<{ count: number; sameName: string | null }> {
  const rows = await tx.run(
    `MATCH (e:Employee {id: $employeeId})
     SET e._lock = true REMOVE e._lock
     WITH e
     OPTIONAL MATCH (e)-[:KEEPS_VIEW]->(v:SavedView)
     RETURN count(v) AS count, head(collect(CASE WHEN v.nameLower = $nameLower THEN v.id END)) AS sameName`,
    { employeeId, nameLower },
  );
  return { count: rows[0]?.count ?? 0, sameName: rows[0]?.sameName ?? null };
}

/** Keeps a new view for the person. */
export async function createView(tx: Tx, employeeId: string, id: string, view: StoredView): Promise<Row> {
  const rows = await tx.run(
    `MATCH (e:Employee {id: $employeeId})
     CREATE (e)-[:KEEPS_VIEW]->(v:SavedView {id: $id, createdAt: datetime(), updatedAt: datetime()})
     SET v += $view
     RETURN v`,
    { employeeId, id, view },
  );
  return rows[0].v;
}

/** Replaces the person's view `id` (every stored field, the creation time kept). */
export async function replaceView(tx: Tx, employeeId: string, id: string, view: StoredView): Promise<Row> {
  const rows = await tx.run(
    `MATCH (:Employee {id: $employeeId})-[:KEEPS_VIEW]->(v:SavedView {id: $id})
     SET v = {id: v.id, createdAt: v.createdAt, updatedAt: datetime()}
     SET v += $view
     RETURN v`,
    { employeeId, id, view },
  );
  return rows[0].v;
}

/** Deletes the person's view `id`; returns it as it was, or null when the person keeps no view with that id. */
export async function deleteView(tx: Tx, employeeId: string, id: string): Promise<Row | null> {
  const rows = await tx.run(
    `MATCH (:Employee {id: $employeeId})-[:KEEPS_VIEW]->(v:SavedView {id: $id})
     WITH v, properties(v) AS kept
     DETACH DELETE v
     RETURN kept AS v`,
    { employeeId, id },
  );
  return rows[0]?.v ?? null;
}
