import type { Row, Tx } from '../../db/graph';
import type { Reader } from '../../db/read-batcher';
import type { DuplicateSubject } from './duplicates';

/**
 * Cypher of merges. Relationships cannot be re-pointed in Neo4j: each one of the merged record
 * is re-created on the survivor (with its properties) and deleted, or, where the survivor already
 * has the same one, folded into it. Labels and relationship types are fixed words in code; ids
 * travel as parameters.
 */

/** A record that has been merged: `(:MergedCustomer)` or `(:MergedNeed)`. */
export type MergedLabel = 'MergedCustomer' | 'MergedNeed';
/** A record that can be merged. */
export type MergeableLabel = 'Customer' | 'Need';

const MERGED: Record<MergeableLabel, MergedLabel> = { Customer: 'MergedCustomer', Need: 'MergedNeed' };

/**
 * A need held twice by one customer (once through each merged record) becomes one hold: the
 * higher intensity and the earlier \`since\` of the kept \`held\` and the moved \`r\` (a constant fragment).
 */
const KEEP_STRONGER_HOLD = `SET held.intensity = CASE WHEN held.intensity IS NULL OR r.intensity > held.intensity THEN r.intensity ELSE held.intensity END,
             held.since = CASE WHEN held.since IS NULL OR r.since < held.since THEN r.since ELSE held.since END`;

/** What a merge finds under the id it is given. */
export interface MergeTarget {
  id: string;
  /** The live record (all its properties), or null. */
  live: Row | null;
  /** When the id is that of a merged record: the id of the record it now is part of. */
  mergedIntoId: string | null;
}

/**
 * Write-locks the records with these ids, live or merged, in id order (every write that names a
 * customer locks in id order, so two merges of one pair wait for each other instead of crossing),
 * then reads each as it is under the lock: the latest committed state.
 */
export async function lockTargets(tx: Tx, label: MergeableLabel, ids: readonly string[]): Promise<Map<string, MergeTarget>> {
  const merged = MERGED[label];
  const sorted = [...new Set(ids)].sort();
  await tx.run(
    `UNWIND $ids AS id
     CALL (id) {
       MATCH (n:${label} {id: id}) RETURN n
       UNION
       MATCH (n:${merged} {id: id}) RETURN n
     }
     WITH n ORDER BY n.id
     SET n._lock = true REMOVE n._lock`,
    { ids: sorted },
  );
  const rows = await tx.run(
    `UNWIND $ids AS id
     OPTIONAL MATCH (n:${label} {id: id})
     OPTIONAL MATCH (m:${merged} {id: id})
     RETURN id, n {.*} AS live, m.mergedIntoId AS mergedIntoId`,
    { ids: sorted },
  );
  return new Map(rows.map((r) => [r.id as string, { id: r.id, live: r.live ?? null, mergedIntoId: r.mergedIntoId ?? null }]));
}

/** How many links of each kind a merge took over, by name (for the history). */
export type TakenOver = Record<string, number>;

/** What a customer is linked to, as a merge records it (ids only). */
export interface CustomerLinks {
  organizationId: string | null;
  segmentId: string | null;
  referredByIds: string[];
}

export async function customerLinks(tx: Tx, id: string): Promise<CustomerLinks> {
  const rows = await tx.run(
    `MATCH (c:Customer {id: $id})
     RETURN head([(c)-[:MEMBER_OF]->(o:Customer) | o.id]) AS organizationId,
            head([(c)-[:IN_SEGMENT]->(s:Segment) | s.id]) AS segmentId,
            [(r:Customer)-[:REFERRED]->(c) | r.id] AS referredByIds`,
    { id },
  );
  const r = rows[0] ?? {};
  return { organizationId: r.organizationId ?? null, segmentId: r.segmentId ?? null, referredByIds: (r.referredByIds ?? []).sort() };
}

/**
 * Moves every link of customer `mergedId` to `survivorId`: interactions, needs held (when both
 * hold one: the higher intensity and the earlier `since`), insights about it (never twice about
 * the survivor), account owners (once each, the earlier `since`), contact persons, its own
 * organization (when the survivor has none), referrals both ways (none from the survivor to
 * itself), and its segment (when the survivor has none). What the survivor already has of a
 * single-valued link (organization, segment) wins; the merged record's is dropped (and kept in
 * the history). Returns how many links of each kind moved.
 */
export async function moveCustomerLinks(tx: Tx, survivorId: string, mergedId: string): Promise<TakenOver> {
  const rows = await tx.run(
    `MATCH (s:Customer {id: $survivorId}), (m:Customer {id: $mergedId})
     CALL (s, m) {
       MATCH (i:Interaction)-[r:WITH_CUSTOMER]->(m)
       CREATE (i)-[x:WITH_CUSTOMER]->(s) SET x = properties(r)
       DELETE r
       RETURN count(*) AS interactions
     }
     CALL (s, m) {
       MATCH (m)-[r:HAS_NEED]->(n:Need)
       OPTIONAL MATCH (s)-[held:HAS_NEED]->(n)
       CALL (s, n, r, held) {
         WITH s, n, r, held WHERE held IS NULL
         CREATE (s)-[x:HAS_NEED]->(n) SET x = properties(r)
       }
       CALL (r, held) {
         WITH r, held WHERE held IS NOT NULL
         ${KEEP_STRONGER_HOLD}
       }
       DELETE r
       RETURN count(*) AS needs
     }
     CALL (s, m) {
       MATCH (i:Insight)-[r:ABOUT]->(m)
       CALL (i, s, r) {
         WITH i, s, r WHERE NOT EXISTS { (i)-[:ABOUT]->(s) }
         CREATE (i)-[x:ABOUT]->(s) SET x = properties(r)
       }
       DELETE r
       RETURN count(*) AS insights
     }
     CALL (s, m) {
       MATCH (e:Employee)-[r:OWNS_ACCOUNT]->(m)
       OPTIONAL MATCH (e)-[held:OWNS_ACCOUNT]->(s)
       CALL (e, s, r, held) {
         WITH e, s, r, held WHERE held IS NULL
         CREATE (e)-[x:OWNS_ACCOUNT]->(s) SET x = properties(r)
       }
       CALL (r, held) {
         WITH r, held WHERE held IS NOT NULL AND r.since < held.since
         SET held.since = r.since
       }
       DELETE r
       RETURN count(*) AS owners
     }
     CALL (s, m) {
       MATCH (p:Customer)-[r:MEMBER_OF]->(m)
       CALL (p, s) {
         WITH p, s WHERE p <> s AND NOT EXISTS { (p)-[:MEMBER_OF]->(s) }
         CREATE (p)-[:MEMBER_OF]->(s)
       }
       DELETE r
       RETURN count(*) AS contacts
     }
     CALL (s, m) {
       MATCH (m)-[r:MEMBER_OF]->(o:Customer)
       CALL (s, o) {
         WITH s, o WHERE o <> s AND NOT EXISTS { (s)-[:MEMBER_OF]->(:Customer) }
         CREATE (s)-[:MEMBER_OF]->(o)
       }
       DELETE r
       RETURN count(*) AS organizations
     }
     CALL (s, m) {
       MATCH (x:Customer)-[r:REFERRED]->(m)
       CALL (x, s) {
         WITH x, s WHERE x <> s AND NOT EXISTS { (x)-[:REFERRED]->(s) }
         CREATE (x)-[:REFERRED]->(s)
       }
       DELETE r
       RETURN count(*) AS referrers
     }
     CALL (s, m) {
       MATCH (m)-[r:REFERRED]->(y:Customer)
       CALL (s, y) {
         WITH s, y WHERE y <> s AND NOT EXISTS { (s)-[:REFERRED]->(y) }
         CREATE (s)-[:REFERRED]->(y)
       }
       DELETE r
       RETURN count(*) AS referrals
     }
     CALL (s, m) {
       MATCH (m)-[r:IN_SEGMENT]->(g:Segment)
       CALL (s, g) {
         WITH s, g WHERE NOT EXISTS { (s)-[:IN_SEGMENT]->(:Segment) }
         CREATE (s)-[:IN_SEGMENT]->(g)
       }
       DELETE r
       RETURN count(*) AS segments
     }
     RETURN interactions, needs, insights, owners, contacts, organizations, referrers, referrals, segments`,
    { survivorId, mergedId },
  );
  return rows[0] as TakenOver;
}

/**
 * Moves every link of need `mergedId` to `survivorId`: its holders (when a customer holds both:
 * the higher intensity and the earlier `since`), the interactions that expressed it, its topics
 * and the insights about it, each once. Returns how many links of each kind moved.
 */
export async function moveNeedLinks(tx: Tx, survivorId: string, mergedId: string): Promise<TakenOver> {
  const rows = await tx.run(
    `MATCH (s:Need {id: $survivorId}), (m:Need {id: $mergedId})
     CALL (s, m) {
       MATCH (c:Customer)-[r:HAS_NEED]->(m)
       OPTIONAL MATCH (c)-[held:HAS_NEED]->(s)
       CALL (c, s, r, held) {
         WITH c, s, r, held WHERE held IS NULL
         CREATE (c)-[x:HAS_NEED]->(s) SET x = properties(r)
       }
       CALL (r, held) {
         WITH r, held WHERE held IS NOT NULL
         ${KEEP_STRONGER_HOLD}
       }
       DELETE r
       RETURN count(*) AS holders
     }
     CALL (s, m) {
       MATCH (i:Interaction)-[r:EXPRESSED]->(m)
       CALL (i, s, r) {
         WITH i, s, r WHERE NOT EXISTS { (i)-[:EXPRESSED]->(s) }
         CREATE (i)-[x:EXPRESSED]->(s) SET x = properties(r)
       }
       DELETE r
       RETURN count(*) AS interactions
     }
     CALL (s, m) {
       MATCH (m)-[r:TAGGED]->(t:Topic)
       CALL (s, t, r) {
         WITH s, t, r WHERE NOT EXISTS { (s)-[:TAGGED]->(t) }
         CREATE (s)-[x:TAGGED]->(t) SET x = properties(r)
       }
       DELETE r
       RETURN count(*) AS topics
     }
     CALL (s, m) {
       MATCH (i:Insight)-[r:ABOUT]->(m)
       CALL (i, s, r) {
         WITH i, s, r WHERE NOT EXISTS { (i)-[:ABOUT]->(s) }
         CREATE (i)-[x:ABOUT]->(s) SET x = properties(r)
       }
       DELETE r
       RETURN count(*) AS insights
     }
     RETURN holders, interactions, topics, insights`,
    { survivorId, mergedId },
  );
  return rows[0] as TakenOver;
}

/** The ids of the customers that hold a need. */
export async function holdersOf(tx: Tx, needIds: readonly string[]): Promise<string[]> {
  const rows = await tx.run(
    `UNWIND $needIds AS id MATCH (c:Customer)-[:HAS_NEED]->(:Need {id: id}) RETURN DISTINCT c.id AS id ORDER BY id`,
    { needIds },
  );
  return rows.map((r) => r.id as string);
}

/**
 * Sets the survivor's changed properties (and, when given, an earlier `createdAt`, ISO-8601),
 * bumps its version and `updatedAt`; returns the node. `nameLower`/`titleLower` follow their field.
 */
export async function updateSurvivor(
  tx: Tx,
  label: MergeableLabel,
  id: string,
  changes: Record<string, unknown>,
  createdAt: string | null,
): Promise<Row> {
  const lower = label === 'Customer' ? 'n.nameLower = toLower(n.name)' : 'n.titleLower = toLower(n.title)';
  const rows = await tx.run(
    `MATCH (n:${label} {id: $id})
     SET n += $changes, n.version = coalesce(n.version, 1) + 1, n.updatedAt = datetime(),
         n.createdAt = CASE WHEN $createdAt IS NULL THEN n.createdAt ELSE datetime($createdAt) END
     SET ${lower}
     RETURN n`,
    { id, changes, createdAt },
  );
  return rows[0].n;
}

/** The types of the relationships a record still has (besides the traces of earlier merges into it). */
export async function linksLeft(tx: Tx, label: MergeableLabel, id: string): Promise<string[]> {
  const merged = MERGED[label];
  const rows = await tx.run(
    `MATCH (m:${label} {id: $id})-[r]-(other)
     WHERE NOT (type(r) = 'MERGED_INTO' AND other:${merged})
     RETURN DISTINCT type(r) AS type ORDER BY type`,
    { id },
  );
  return rows.map((r) => r.type as string);
}

/**
 * Turns the merged record into its trace: `(:MergedCustomer {id, externalId, mergedIntoId,
 * mergedAt})-[:MERGED_INTO]->(survivor)` and nothing else (it must have no other relationship
 * left). Records merged into it before now point at the survivor, so every chain ends at a live
 * record in one step.
 */
export async function leaveTrace(tx: Tx, label: MergeableLabel, survivorId: string, mergedId: string): Promise<void> {
  const merged = MERGED[label];
  await tx.run(
    `MATCH (s:${label} {id: $survivorId}), (m:${label} {id: $mergedId})
     CALL (s, m) {
       MATCH (earlier:${merged})-[r:MERGED_INTO]->(m)
       CREATE (earlier)-[:MERGED_INTO]->(s)
       SET earlier.mergedIntoId = s.id
       DELETE r
     }
     WITH s, m, m.externalId AS externalId
     REMOVE m:${label}
     SET m = {id: $mergedId, externalId: externalId, mergedIntoId: s.id, mergedAt: datetime.transaction()}
     SET m:${merged}
     CREATE (m)-[:MERGED_INTO]->(s)`,
    { survivorId, mergedId },
  );
}

/**
 * What was kept of the merged record elsewhere follows it to the survivor: records deleted softly
 * (their links, kept as JSON until a restore, name it by id) and histories (`customerIds`,
 * which an erasure of the survivor finds).
 */
export async function followToSurvivor(tx: Tx, survivorId: string, mergedId: string): Promise<void> {
  await tx.run(
    `CALL () {
       MATCH (d:Deleted) WHERE d.deletedLinks CONTAINS $mergedId OR $mergedId IN coalesce(d.customerIds, [])
       SET d.deletedLinks = replace(d.deletedLinks, $mergedId, $survivorId)
       SET d.customerIds = CASE WHEN $mergedId IN coalesce(d.customerIds, [])
                                THEN [id IN d.customerIds WHERE id <> $mergedId AND id <> $survivorId] + $survivorId
                                ELSE d.customerIds END
     }
     CALL () {
       MATCH (x:RecordChange) WHERE $mergedId IN x.customerIds AND NOT $survivorId IN x.customerIds
       SET x.customerIds = x.customerIds + $survivorId
     }`,
    { survivorId, mergedId },
  );
}

/** The ids of the records merged into this one (directly or through a chain), oldest first. */
export async function mergedInto(reader: Reader, label: MergedLabel, id: string): Promise<{ id: string; externalId: string | null }[]> {
  const survivor = label === 'MergedCustomer' ? 'Customer' : 'Need';
  const rows = await reader.read(
    `MATCH (m:${label})-[:MERGED_INTO]->(:${survivor} {id: $id})
     RETURN m.id AS id, m.externalId AS externalId ORDER BY m.mergedAt, m.id`,
    { id },
    'merged records',
    ['id', 'externalId'],
  );
  return rows as { id: string; externalId: string | null }[];
}

/** The live record a merged id now stands for; null when the id is not that of a merged record. */
export async function survivorOf(reader: Reader, label: MergedLabel, id: string): Promise<string | null> {
  const rows = await reader.read(`MATCH (m:${label} {id: $id}) RETURN m.mergedIntoId AS id`, { id }, 'merged record', ['id']);
  return (rows[0]?.id as string | undefined) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Possible duplicates

/** What duplicate detection reads of every customer not erased (one statement). */
export async function duplicateSubjects(reader: Reader): Promise<DuplicateSubject[]> {
  const rows = await reader.read(
    `MATCH (c:Customer) WHERE c.erased IS NULL OR c.erased = false
     RETURN c.id AS id, c.kind AS kind, c.name AS name, c.email AS email, c.phone AS phone`,
    {},
    'duplicate candidates',
  );
  return rows as DuplicateSubject[];
}

/** The keys of the pairs people dismissed as not duplicates. */
export async function dismissedKeys(reader: Reader): Promise<Set<string>> {
  const rows = await reader.read('MATCH (d:DismissedDuplicate) RETURN d.key AS key', {}, 'duplicate candidates');
  return new Set(rows.map((r) => r.key as string));
}

/** Records that a pair is not a duplicate (once; again keeps the first). Returns the dismissal. */
export async function dismiss(tx: Tx, key: string, customerIds: string[], actorId: string): Promise<Row> {
  const rows = await tx.run(
    `MERGE (d:DismissedDuplicate {key: $key})
     ON CREATE SET d.customerIds = $customerIds, d.dismissedAt = datetime(), d.dismissedById = $actorId
     RETURN d`,
    { key, customerIds, actorId },
  );
  return rows[0].d;
}
