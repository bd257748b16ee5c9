import type { Graph, Row, Tx } from '../db/graph';

/**
 * Cypher of the bulk importer. Nodes are matched on their `externalId` (unique per label,
 * migration 005); labels come from the fixed lists below, values always travel as parameters.
 */

/** Labels whose nodes import records refer to by external id. */
export type RefLabel = 'Segment' | 'Employee' | 'Customer' | 'Need' | 'Interaction';

/** Labels whose records are upserted: created, or updated when a property differs. */
export type UpsertLabel = 'Segment' | 'Employee' | 'Customer' | 'Need';

/** A node found by external id, with the facts the importer checks. */
export interface ExistingNode {
  id: string;
  kind: string | null;
  erased: boolean;
  /** For an interaction: the id of its customer. */
  customerId: string | null;
  /**
   * A customer or need found through the external id of a record merged into it (mergeCustomers,
   * mergeNeeds): a record of that external id updates this one, by id.
   */
  viaMerge?: boolean;
}

/** Write-locks the nodes found (customers), in external id order. */
/** Write-locks the survivor a merged id or external id leads to (see survivorsOf). */
const LOCK_SURVIVOR = 'SET n._lock = true REMOVE n._lock';
const LOCK_FOUND = 'WITH x, n ORDER BY x SET n._lock = true REMOVE n._lock WITH x, n';

/**
 * The nodes of `label` among `externalIds`, by external id. Customers are write-locked first (in
 * external id order), as every write that names a customer does, so that whether one is erased is
 * read under the lock: an import and an erasure of one customer never interleave.
 */
export async function findByExternalIds(tx: Tx, label: RefLabel, externalIds: Iterable<string>): Promise<Map<string, ExistingNode>> {
  const ids = [...new Set(externalIds)].sort();
  if (ids.length === 0) return new Map();
  const rows = await tx.run(
    label === 'Interaction'
      ? `UNWIND $ids AS x MATCH (n:Interaction {externalId: x}) OPTIONAL MATCH (n)-[:WITH_CUSTOMER]->(c:Customer)
         RETURN x, n.id AS id, null AS kind, false AS erased, c.id AS customerId`
      : `UNWIND $ids AS x MATCH (n:${label} {externalId: x})
         ${label === 'Customer' ? LOCK_FOUND : ''}
         RETURN x, n.id AS id, n.kind AS kind, coalesce(n.erased, false) AS erased, null AS customerId`,
    { ids },
  );
  const found = new Map<string, ExistingNode>(
    rows.map((r) => [r.x as string, { id: r.id, kind: r.kind ?? null, erased: r.erased, customerId: r.customerId ?? null }]),
  );
  if (label === 'Customer' || label === 'Need') await findMerged(tx, label, ids, found);
  return found;
}

/**
 * Adds to `found` the customers or needs that external ids name through a record merged into
 * them (`(:MergedCustomer {externalId})-[:MERGED_INTO]->(survivor)`), for the ids not found and
 * for those found whose record was merged while this transaction waited for its lock. Survivors
 * found so are write-locked, as customers found directly are.
 */
async function findMerged(tx: Tx, label: 'Customer' | 'Need', ids: string[], found: Map<string, ExistingNode>): Promise<void> {
  const merged = label === 'Customer' ? 'MergedCustomer' : 'MergedNeed';
  // Every answer goes through a merged record: with none in the graph (the count store answers that at
  // once), the ids are not looked up one by one (the importer asks for thousands a batch).
  const rows = await tx.run(
    `MATCH (anyMerged:${merged}) WITH count(anyMerged) AS mergedNodes WHERE mergedNodes > 0
     UNWIND $refs AS ref
     OPTIONAL MATCH (gone:${merged} {id: ref.id})
     OPTIONAL MATCH (trace:${merged} {externalId: ref.x}) WHERE ref.id IS NULL
     WITH ref, coalesce(gone.mergedIntoId, trace.mergedIntoId) AS survivorId WHERE survivorId IS NOT NULL
     MATCH (n:${label} {id: survivorId})
     WITH ref.x AS x, n ORDER BY n.id
     ${label === 'Customer' ? LOCK_SURVIVOR : ''}
     RETURN x, n.id AS id, n.kind AS kind, coalesce(n.erased, false) AS erased`,
    { refs: ids.map((x) => ({ x, id: found.get(x)?.id ?? null })) },
  );
  for (const r of rows) found.set(r.x, { id: r.id, kind: r.kind ?? null, erased: r.erased, customerId: null, viaMerge: true });
}

/** Values of a unique property (employee email, segment name) already held by another external id. */
export async function uniqueValueOwners(tx: Tx, label: 'Employee' | 'Segment', values: string[]): Promise<Map<string, string | null>> {
  if (values.length === 0) return new Map();
  const rows = await tx.run(
    label === 'Employee'
      ? 'UNWIND $values AS v MATCH (n:Employee {email: v}) RETURN v, n.externalId AS externalId'
      : 'UNWIND $values AS v MATCH (n:Segment {name: v}) RETURN v, n.externalId AS externalId',
    { values: [...new Set(values)] },
  );
  return new Map(rows.map((r) => [r.v as string, (r.externalId as string | null) ?? null]));
}

/** One node to upsert: its new id (used when created), external id, creation time and properties. */
export interface UpsertRow {
  id: string;
  externalId: string;
  createdAt: string | null;
  props: Record<string, unknown>;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Creates each node, or updates an existing one when any given property differs (then, and only
 * then, `updatedAt` moves): running the same rows twice changes nothing. A `null` property means
 * "absent". External ids must be distinct within one call.
 */
export async function upsertByExternalId(
  tx: Tx,
  label: UpsertLabel,
  rows: UpsertRow[],
): Promise<{ externalId: string; id: string; outcome: UpsertOutcome }[]> {
  if (rows.length === 0) return [];
  // Records people correct have versions (modules/history/version.ts): 1 when created, one more when an import changes them.
  const versioned = label !== 'Employee';
  const result = await tx.run(
    `UNWIND $rows AS r
     MERGE (n:${label} {externalId: r.externalId})
     ON CREATE SET n += r.props, n.id = r.id, n.createdAt = datetime(coalesce(r.createdAt, $now)), n.updatedAt = datetime(coalesce(r.createdAt, $now))${versioned ? ', n.version = 1' : ''}
     WITH n, r, n.id = r.id AS created
     WITH n, r, created, [k IN keys(r.props) WHERE NOT coalesce(n[k] = r.props[k], n[k] IS NULL AND r.props[k] IS NULL)] AS changed
     FOREACH (_ IN CASE WHEN NOT created AND size(changed) > 0 THEN [1] ELSE [] END | SET n += r.props, n.updatedAt = datetime()${versioned ? ', n.version = coalesce(n.version, 1) + 1' : ''})
     RETURN r.externalId AS externalId, n.id AS id,
            CASE WHEN created THEN 'created' WHEN size(changed) > 0 THEN 'updated' ELSE 'unchanged' END AS outcome`,
    { rows, now: new Date().toISOString() },
  );
  return result as { externalId: string; id: string; outcome: UpsertOutcome }[];
}

/**
 * Updates customers or needs by id (those an external id named through a merged record: see
 * {@link ExistingNode.viaMerge}) when any given property differs, as {@link upsertByExternalId}
 * updates; their own external id stays.
 */
export async function updateByIds(
  tx: Tx,
  label: 'Customer' | 'Need',
  rows: { id: string; externalId: string; props: Record<string, unknown> }[],
): Promise<{ externalId: string; id: string; outcome: UpsertOutcome }[]> {
  if (rows.length === 0) return [];
  const result = await tx.run(
    `UNWIND $rows AS r
     MATCH (n:${label} {id: r.id})
     WITH n, r, [k IN keys(r.props) WHERE NOT coalesce(n[k] = r.props[k], n[k] IS NULL AND r.props[k] IS NULL)] AS changed
     FOREACH (_ IN CASE WHEN size(changed) > 0 THEN [1] ELSE [] END | SET n += r.props, n.updatedAt = datetime(), n.version = coalesce(n.version, 1) + 1)
     RETURN r.externalId AS externalId, n.id AS id, CASE WHEN size(changed) > 0 THEN 'updated' ELSE 'unchanged' END AS outcome`,
    { rows },
  );
  return result as { externalId: string; id: string; outcome: UpsertOutcome }[];
}

/**
 * Links customers (by id) to their segment, organization, referrer and owners. A customer has one
 * segment, one organization and one referrer: one given replaces another (then `updatedAt`
 * moves); none given keeps the one there. Owners are added; none is removed. Returns the ids of
 * the customers, not new ones (`isNew`), whose segment, organization or referrer changed.
 */
export async function linkCustomers(
  tx: Tx,
  rows: {
    id: string;
    isNew: boolean;
    segmentId: string | null;
    organizationId: string | null;
    referrerId: string | null;
    ownerIds: string[];
  }[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const changed = await tx.run(
    `UNWIND $rows AS r
     MATCH (c:Customer {id: r.id})
     CALL (c, r) {
       OPTIONAL MATCH (c)-[old:IN_SEGMENT]->(s:Segment) WHERE r.segmentId IS NOT NULL AND s.id <> r.segmentId
       DELETE old
       RETURN count(old) AS segments
     }
     CALL (c, r) {
       OPTIONAL MATCH (c)-[old:MEMBER_OF]->(o:Customer) WHERE r.organizationId IS NOT NULL AND o.id <> r.organizationId
       DELETE old
       RETURN count(old) AS organizations
     }
     CALL (c, r) {
       OPTIONAL MATCH (ref:Customer)-[old:REFERRED]->(c) WHERE r.referrerId IS NOT NULL AND ref.id <> r.referrerId
       DELETE old
       RETURN count(old) AS referrers
     }
     CALL (c, r) {
       OPTIONAL MATCH (s:Segment {id: r.segmentId}) WHERE NOT EXISTS { (c)-[:IN_SEGMENT]->(s) }
       OPTIONAL MATCH (o:Customer {id: r.organizationId}) WHERE NOT EXISTS { (c)-[:MEMBER_OF]->(o) }
       OPTIONAL MATCH (ref:Customer {id: r.referrerId}) WHERE NOT EXISTS { (ref)-[:REFERRED]->(c) }
       FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | MERGE (c)-[:IN_SEGMENT]->(s))
       FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (c)-[:MEMBER_OF]->(o))
       FOREACH (_ IN CASE WHEN ref IS NULL THEN [] ELSE [1] END | MERGE (ref)-[:REFERRED]->(c))
       RETURN s IS NOT NULL OR o IS NOT NULL OR ref IS NOT NULL AS added
     }
     CALL (c, r) { UNWIND r.ownerIds AS oid MATCH (e:Employee {id: oid}) MERGE (e)-[o:OWNS_ACCOUNT]->(c) ON CREATE SET o.since = c.createdAt }
     WITH c, r, segments + organizations + referrers > 0 OR added AS changed
     WHERE changed AND NOT r.isNew
     SET c.updatedAt = datetime()
     RETURN c.id AS id`,
    { rows },
  );
  return new Set(changed.map((r) => r.id as string));
}

/**
 * Links needs (by id) to their holders and topics. A holder given with an intensity other than
 * the one in the graph gets the new one (as `linkNeed` in the API replaces it; none given keeps
 * it, and a new holder without one gets 0.5); other links are added, none is removed. Returns the
 * ids of the needs, not new ones (`isNew`), that gained a holder or whose holder's intensity changed.
 */
export async function linkNeeds(
  tx: Tx,
  rows: {
    id: string;
    isNew: boolean;
    holders: { customerId: string; since: string | null; intensity: number | null }[];
    topics: string[];
  }[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const changed = await tx.run(
    `UNWIND $rows AS r
     MATCH (n:Need {id: r.id})
     CALL (n, r) {
       UNWIND r.holders AS h
       MATCH (c:Customer {id: h.customerId})
       OPTIONAL MATCH (c)-[old:HAS_NEED]->(n)
       WITH n, h, c, old IS NULL OR (h.intensity IS NOT NULL AND old.intensity <> h.intensity) AS changed
       MERGE (c)-[x:HAS_NEED]->(n)
       ON CREATE SET x.since = datetime(coalesce(h.since, toString(n.createdAt))), x.intensity = coalesce(h.intensity, 0.5)
       ON MATCH SET x.intensity = coalesce(h.intensity, x.intensity)
       RETURN count(CASE WHEN changed THEN 1 END) AS holders
     }
     CALL (n, r) {
       UNWIND r.topics AS name
       MERGE (t:Topic {name: name}) ON CREATE SET t.id = randomUUID(), t.createdAt = datetime(), t.version = 1
       MERGE (n)-[:TAGGED]->(t)
     }
     WITH n, r, holders WHERE holders > 0 AND NOT r.isNew
     SET n.updatedAt = datetime()
     RETURN n.id AS id`,
    { rows },
  );
  return new Set(changed.map((r) => r.id as string));
}

/** One insight to create, with the ids of what it is about, its evidence, topics and annotations. */
export interface InsightImportRow {
  id: string;
  externalId: string;
  createdAt: string | null;
  props: Record<string, unknown>;
  authorId: string;
  aboutCustomerIds: string[];
  aboutNeedIds: string[];
  aboutSegmentIds: string[];
  evidenceIds: string[];
  topics: string[];
  annotations: { id: string; externalId: string; authorId: string; kind: string; body: string; createdAt: string | null }[];
}

/**
 * Creates insights that do not exist yet (matched on external id) with their links and
 * annotations; an existing insight is left as it is. Returns, per row, whether it was created.
 */
export async function createInsights(tx: Tx, rows: InsightImportRow[]): Promise<boolean[]> {
  if (rows.length === 0) return [];
  const result = await tx.run(
    `UNWIND range(0, size($rows) - 1) AS k
     WITH k, $rows[k] AS r
     MERGE (i:Insight {externalId: r.externalId})
     ON CREATE SET i += r.props, i.id = r.id, i.version = 1, i.createdAt = datetime(coalesce(r.createdAt, $now)), i.updatedAt = datetime(coalesce(r.createdAt, $now))
     WITH k, r, i, i.id = r.id AS created
     CALL (r, i, created) {
       WITH r, i WHERE created
       MATCH (a:Employee {id: r.authorId}) CREATE (a)-[:AUTHORED]->(i)
       WITH r, i
       CALL (r, i) { UNWIND r.aboutCustomerIds AS sid MATCH (s:Customer {id: sid}) CREATE (i)-[:ABOUT]->(s) }
       CALL (r, i) { UNWIND r.aboutNeedIds AS sid MATCH (s:Need {id: sid}) CREATE (i)-[:ABOUT]->(s) }
       CALL (r, i) { UNWIND r.aboutSegmentIds AS sid MATCH (s:Segment {id: sid}) CREATE (i)-[:ABOUT]->(s) }
       CALL (r, i) { UNWIND r.evidenceIds AS xid MATCH (x:Interaction {id: xid}) CREATE (i)-[:EVIDENCED_BY]->(x) }
       CALL (r, i) {
         UNWIND r.topics AS name
         MERGE (t:Topic {name: name}) ON CREATE SET t.id = randomUUID(), t.createdAt = datetime(), t.version = 1
         CREATE (i)-[:TAGGED]->(t)
       }
       CALL (r, i) {
         UNWIND r.annotations AS an
         MATCH (e:Employee {id: an.authorId})
         MERGE (a:Annotation {externalId: an.externalId})
         ON CREATE SET a.id = an.id, a.kind = an.kind, a.body = an.body, a.createdAt = datetime(coalesce(an.createdAt, toString(i.createdAt))), a.version = 1
         MERGE (e)-[:WROTE]->(a)
         MERGE (a)-[:ON]->(i)
       }
     }
     RETURN k, created ORDER BY k`,
    { rows, now: new Date().toISOString() },
  );
  return result.map((r) => r.created as boolean);
}

/** Where an interrupted import of a file stopped, saved in the transaction of each batch. */
export interface Checkpoint {
  /** The last line whose record is committed (or rejected). */
  line: number;
  /** The first line of the last committed batch. */
  batchFirstLine: number;
  /** Counts so far, as JSON (see `ImportCounts`). */
  counts: string;
  /** The rejects of the last committed batch, as JSON lines, so none is lost in a crash. */
  batchRejects: string;
}

export async function saveCheckpoint(tx: Tx, source: string, checkpoint: Checkpoint): Promise<void> {
  await tx.run(
    `MERGE (c:ImportCheckpoint {source: $source})
     SET c += $checkpoint, c.updatedAt = datetime()`,
    { source, checkpoint },
  );
}

export async function readCheckpoint(graph: Graph, source: string): Promise<Checkpoint | null> {
  const rows: Row[] = await graph.read(
    'MATCH (c:ImportCheckpoint {source: $source}) RETURN c.line AS line, c.batchFirstLine AS batchFirstLine, c.counts AS counts, c.batchRejects AS batchRejects',
    { source },
    'import',
  );
  return (rows[0] as Checkpoint | undefined) ?? null;
}

export async function clearCheckpoint(graph: Graph, source: string): Promise<void> {
  await graph.write('MATCH (c:ImportCheckpoint {source: $source}) DELETE c', { source }, 'import');
}
