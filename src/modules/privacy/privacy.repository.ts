import type { Row, Tx } from '../../db/graph';

/**
 * Cypher of the privacy module: erasure (right to be forgotten) and export (data-subject access
 * request). Every value travels as a parameter; no label, type or property name comes from data.
 */

// ---------------------------------------------------------------------------------------------
// Erasure
// ---------------------------------------------------------------------------------------------

/** What erasure needs to know of a customer before it starts. */
export interface ErasableCustomer {
  name: string | null;
  email: string | null;
  phone: string | null;
  erased: boolean;
}

/**
 * The customer, write-locked for this transaction; null when the id is unknown. Every write that
 * names a customer takes the same lock before it checks the tombstone (`lockCustomersForWrite` in
 * the customer module), so a write and an erasure of one customer run one after the other: a write
 * that commits first is erased with the rest, one that waits sees the tombstone and is refused.
 * The values are read after the lock is held: they are the latest committed.
 */
export async function lockCustomer(tx: Tx, id: string): Promise<ErasableCustomer | null> {
  const rows = await tx.run(
    `MATCH (c:Customer {id: $id})
     SET c._lock = true REMOVE c._lock
     RETURN c.name AS name, c.email AS email, c.phone AS phone, coalesce(c.erased, false) AS erased`,
    { id },
  );
  return (rows[0] as ErasableCustomer | undefined) ?? null;
}

/** An insight whose only subject is the customer. */
export interface SoleSubjectInsight {
  id: string;
  status: string;
  title: string;
  body: string;
}

/** Insights whose ABOUT links all point to this customer and to nothing else. */
export async function insightsAboutOnly(tx: Tx, customerId: string): Promise<SoleSubjectInsight[]> {
  const rows = await tx.run(
    `MATCH (i:Insight)-[:ABOUT]->(c:Customer {id: $customerId})
     WHERE NOT EXISTS { MATCH (i)-[:ABOUT]->(other) WHERE other <> c }
     RETURN DISTINCT i.id AS id, i.status AS status, i.title AS title, i.body AS body
     ORDER BY id`,
    { customerId },
  );
  return rows as SoleSubjectInsight[];
}

/** Changes of one insight: the properties to set (status, title, body). */
export interface InsightRewrite {
  id: string;
  changes: Record<string, string>;
}

/** Applies each rewrite, bumping the insight's version by one and its `updatedAt`. */
export async function rewriteInsights(tx: Tx, rewrites: InsightRewrite[]): Promise<void> {
  if (!rewrites.length) return;
  await tx.run(
    `UNWIND $rewrites AS r
     MATCH (i:Insight {id: r.id})
     SET i += r.changes, i.version = i.version + 1, i.updatedAt = datetime()`,
    { rewrites },
  );
}

/** Removes the customer from the subjects of insights that are also about something else. */
export async function unlinkSharedInsights(tx: Tx, customerId: string): Promise<void> {
  await tx.run(
    `MATCH (i:Insight)-[a:ABOUT]->(c:Customer {id: $customerId})
     WHERE EXISTS { MATCH (i)-[:ABOUT]->(other) WHERE other <> c }
     DELETE a`,
    { customerId },
  );
}

/** Deletes the customer's interactions with all their relationships; returns how many. */
export async function deleteInteractions(tx: Tx, customerId: string): Promise<number> {
  const rows = await tx.run(
    `MATCH (i:Interaction)-[:WITH_CUSTOMER]->(:Customer {id: $customerId})
     WITH DISTINCT i
     DETACH DELETE i
     RETURN count(*) AS deleted`,
    { customerId },
  );
  return rows[0]?.deleted ?? 0;
}

/** Cuts the customer from its owners, needs, organization or contacts, referrers and referrals. */
export async function deletePersonalLinks(tx: Tx, customerId: string): Promise<void> {
  await tx.run(
    `MATCH (c:Customer {id: $customerId})
     CALL (c) { MATCH (:Employee)-[r:OWNS_ACCOUNT]->(c) DELETE r }
     CALL (c) { MATCH (c)-[r:HAS_NEED]->(:Need) DELETE r }
     CALL (c) { MATCH (c)-[r:MEMBER_OF|REFERRED]-(:Customer) WITH DISTINCT r DELETE r }`,
    { customerId },
  );
}

/**
 * Turns the customer into a tombstone: no name, email or phone, no health snapshot or last contact
 * (analytics/health-snapshot.ts); churned, no consent, marked erased.
 * Kind, money figures, relationship type, segment and `createdAt` stay. A tombstone erased again
 * keeps its first `erasedAt`. Returns `erasedAt`.
 */
export async function tombstoneCustomer(tx: Tx, customerId: string): Promise<Date> {
  const rows = await tx.run(
    `MATCH (c:Customer {id: $customerId})
     REMOVE c.name, c.nameLower, c.email, c.phone, c.lastContactAt, c.healthScore, c.healthStatus, c.healthAsOf
     WITH c, datetime.transaction() AS now
     SET c.name = $name, c.nameLower = toLower($name), c.erased = true, c.erasedAt = coalesce(c.erasedAt, now),
         c.lifecycleStage = 'CHURNED', c.consentContact = false, c.consentAnalytics = false, c.updatedAt = now
     RETURN c.erasedAt AS erasedAt`,
    { customerId, name: TOMBSTONE_NAME },
  );
  return rows[0].erasedAt as Date;
}

export const TOMBSTONE_NAME = 'Erased customer';

/**
 * Where people write about customers in their own words: the free-text properties that erasure
 * scrubs, by label. Nothing else is touched: not ids, not enum values (a customer named "Chat" or
 * "Active" must not rewrite every CHAT channel or ACTIVE stage), not the names and emails of other
 * customers and employees (their own data). Topic and segment names are names, unique among
 * their kind: erasure renames them apart ({@link namedMayHold}).
 */
export const FREE_TEXT = {
  Interaction: ['summary', 'content'],
  Insight: ['title', 'body'],
  InsightVersion: ['title', 'body'],
  Annotation: ['body'],
  Need: ['title', 'description'],
  Segment: ['description'],
  Erasure: ['reason'],
  // The rejected lines an interrupted import keeps until it resumes (JSON lines: the scrub keeps them JSON).
  ImportCheckpoint: ['batchRejects'],
  // Deleted records waiting for their purge (modules/deletion): the free text of every label that
  // can be deleted, and the reason given for the deletion.
  Deleted: ['summary', 'content', 'title', 'titleLower', 'body', 'description', 'deletionReason'],
  // The history of corrections: values before and after as JSON (the scrub keeps them JSON), and the reason.
  RecordChange: ['before', 'after', 'reason'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type FreeTextLabel = keyof typeof FREE_TEXT;

/** A node whose free text may name the customer, as read for scrubbing. */
export interface TextNode {
  /** Its element id, valid within this transaction. */
  elementId: string;
  label: FreeTextLabel;
  /** Its id; for a kept insight version, the insight's id; for an import checkpoint, its source. */
  id: string;
  /** A kept insight version's number; null otherwise. */
  version: number | null;
  /** For a kept insight version: whether its insight is about the erased customer alone. */
  ofSoleSubjectInsight: boolean;
  /** Its free-text properties. */
  props: Record<string, unknown>;
}

/** The superset filter of a text property `v` against `$terms` (the exact match is made in code). */
const MAY_HOLD = `any(x IN $terms WHERE toLower(normalize(v, NFD)) CONTAINS toLower(x) OR toUpper(normalize(v, NFD)) CONTAINS toUpper(x))`;

/**
 * Every node with a free-text property ({@link FREE_TEXT}) that may hold one of `terms`, compared
 * without case (lower and upper case both, so that a name whose case mapping changes its length is
 * a candidate too), with those properties. The caller decides exactly (whole words) which match.
 * One statement per label; labels and keys come from the fixed list above.
 */
export async function nodesMayHold(tx: Tx, terms: string[], soleSubjectInsightIds: string[]): Promise<TextNode[]> {
  if (!terms.length) return [];
  const found: TextNode[] = [];
  for (const [label, keys] of Object.entries(FREE_TEXT) as [FreeTextLabel, readonly string[]][]) {
    // First write-lock the candidates (so that a write in flight commits before this reads them, or
    // waits until the erasure has committed), then read them in a statement of their own: what is
    // read and rewritten is the latest text, and no concurrent edit is overwritten with an old one.
    const locked = await tx.run(
      `MATCH (n:${label})
       WHERE any(k IN $keys WHERE n[k] IS :: STRING AND any(v IN [n[k]] WHERE ${MAY_HOLD}))
       WITH n ORDER BY elementId(n)
       SET n._lock = true REMOVE n._lock
       RETURN elementId(n) AS elementId`,
      { terms, keys },
    );
    if (!locked.length) continue;
    // A deleted insight keeps its versions (modules/deletion): they are its, by its id.
    const owner =
      label === 'InsightVersion'
        ? 'OPTIONAL MATCH (owner)-[:HAD_VERSION]->(n) WHERE owner:Insight OR owner:Deleted'
        : 'WITH n, null AS owner';
    const rows = await tx.run(
      `UNWIND $elementIds AS e
       MATCH (n:${label}) WHERE elementId(n) = e
       ${owner}
       RETURN elementId(n) AS elementId, coalesce(owner.id, n.id, n.source) AS id, CASE WHEN owner IS NULL THEN null ELSE n.version END AS version,
              [k IN $keys | n[k]] AS values
       ORDER BY id, version`,
      { elementIds: locked.map((r) => r.elementId), keys },
    );
    for (const row of rows) {
      found.push({
        elementId: row.elementId,
        label,
        id: row.id,
        version: row.version ?? null,
        ofSoleSubjectInsight: label === 'InsightVersion' && soleSubjectInsightIds.includes(row.id),
        props: Object.fromEntries(keys.map((k, i) => [k, row.values[i]])),
      });
    }
  }
  return found;
}

/** New values of some properties of one node, by element id. */
export interface NodeChanges {
  elementId: string;
  changes: Record<string, unknown>;
}

/**
 * Writes the changed properties back, node by node (`SET n += changes`). An insight among them gets
 * a new version and `updatedAt`, like any change to its content (without keeping the version it
 * replaces: that still named the customer), so a client holding the old text cannot write it back
 * with the old `expectedVersion`. Returns the ids of those insights.
 */
export async function setNodeProperties(tx: Tx, updates: NodeChanges[]): Promise<string[]> {
  if (!updates.length) return [];
  const rows = await tx.run(
    `UNWIND $updates AS u
     MATCH (n) WHERE elementId(n) = u.elementId
     SET n += u.changes
     WITH n
     CALL (n) { WITH n WHERE n:Need SET n.titleLower = toLower(n.title) }
     WITH n WHERE n:Insight
     SET n.version = n.version + 1, n.updatedAt = datetime()
     RETURN n.id AS id`,
    { updates },
  );
  return rows.map((r) => r.id as string);
}

/** A topic or segment whose name may hold one of the terms. */
export interface NamedNode {
  id: string;
  name: string;
}

/** Topics or segments (a fixed label) whose name may hold one of `terms` (the caller decides exactly), by name. */
export async function namedMayHold(tx: Tx, label: 'Topic' | 'Segment', terms: string[]): Promise<NamedNode[]> {
  if (!terms.length) return [];
  return (await tx.run(
    `MATCH (n:${label}) WITH n, n.name AS v WHERE v IS :: STRING AND ${MAY_HOLD} RETURN n.id AS id, n.name AS name ORDER BY name`,
    { terms },
  )) as NamedNode[];
}

/**
 * Renames a topic. When another topic already has the new name, the topic is merged into it
 * instead: what it tagged is tagged with the other, and it is deleted. Returns the id of the topic
 * that now has the name.
 */
export async function renameTopic(tx: Tx, id: string, name: string): Promise<string> {
  const rows = await tx.run(
    `MATCH (t:Topic {id: $id})
     OPTIONAL MATCH (other:Topic {name: $name}) WHERE other <> t
     CALL (t, other) {
       WITH t, other WHERE other IS NULL
       SET t.name = $name
       RETURN t.id AS into
       UNION
       WITH t, other WHERE other IS NOT NULL
       CALL (t, other) { MATCH (x)-[r:TAGGED]->(t) MERGE (x)-[:TAGGED]->(other) DELETE r }
       WITH t, other, other.id AS into
       DETACH DELETE t
       RETURN into
     }
     RETURN into`,
    { id, name },
  );
  return rows[0].into as string;
}

/** Whether another segment than `id` has this name (segment names are unique). */
export async function segmentNameTaken(tx: Tx, id: string, name: string): Promise<boolean> {
  const rows = await tx.run('MATCH (s:Segment {name: $name}) WHERE s.id <> $id RETURN count(s) > 0 AS taken', { id, name });
  return rows[0].taken as boolean;
}

/** Renames a segment (its lower-cased copy, which orders segments by name, with it). */
export async function renameSegment(tx: Tx, id: string, name: string): Promise<void> {
  await tx.run('MATCH (s:Segment {id: $id}) SET s.name = $name, s.nameLower = toLower($name)', { id, name });
}

/** The record of an erasure: counts, ids and where text was scrubbed; no personal data. */
export interface ErasureRecord {
  id: string;
  customerId: string;
  actorId: string;
  reason: string | null;
  interactionsDeleted: number;
  insightsArchived: number;
  propertiesScrubbed: number;
  /** Where text was rewritten, each as `KIND:id:property` (`INSIGHT_VERSION:id@version:property`). */
  scrubbedIn: string[];
}

/** Records the erasure, dated when it ran, as the tombstone is (a tombstone erased again keeps its first `erasedAt`). */
export async function createErasure(tx: Tx, record: ErasureRecord): Promise<Row> {
  const rows = await tx.run(
    `CREATE (e:Erasure)
     SET e = $record, e.erasedAt = datetime.transaction()
     RETURN e`,
    { record },
  );
  return rows[0].e;
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

// Lists are ordered by `WITH ... ORDER BY` before `collect()` in a CALL subquery: Neo4j 5.26 does not
// always keep the order of a `COLLECT { ... RETURN x {...} ORDER BY ... }` subquery expression.

/** The customer's properties and the people and groups it is linked to; null when unknown. */
export async function customerWithLinks(tx: Tx, id: string): Promise<Row | null> {
  const rows = await tx.run(
    `MATCH (c:Customer {id: $id})
     CALL (c) { MATCH (c)-[:IN_SEGMENT]->(s:Segment) WITH s ORDER BY s.name, s.id RETURN collect(s {.id, .name, .description}) AS segments }
     CALL (c) { MATCH (c)-[:MEMBER_OF]->(o:Customer) WITH o ORDER BY o.nameLower, o.id RETURN collect(o {.id, .name}) AS organizations }
     CALL (c) { MATCH (m:Customer)-[:MEMBER_OF]->(c) WITH m ORDER BY m.nameLower, m.id RETURN collect(m {.id, .name}) AS contacts }
     CALL (c) { MATCH (e:Employee)-[:OWNS_ACCOUNT]->(c) WITH e ORDER BY e.nameLower, e.id RETURN collect(e {.id, .name, .email}) AS owners }
     CALL (c) { MATCH (r:Customer)-[:REFERRED]->(c) WITH r ORDER BY r.nameLower, r.id RETURN collect(r {.id, .name}) AS referrers }
     CALL (c) { MATCH (c)-[:REFERRED]->(r:Customer) WITH r ORDER BY r.nameLower, r.id RETURN collect(r {.id, .name}) AS referred }
     RETURN properties(c) AS customer, segments[0] AS segment, organizations[0] AS organization, contacts, owners,
            referrers[0] AS referredBy, referred`,
    { id },
  );
  return rows[0] ?? null;
}

/** The customer's needs: every property of the need, with how strongly and since when it is held. */
export async function customerNeeds(tx: Tx, id: string): Promise<Row[]> {
  const rows = await tx.run(
    `MATCH (:Customer {id: $id})-[h:HAS_NEED]->(n:Need)
     RETURN n {.*, intensity: h.intensity, since: h.since} AS need
     ORDER BY h.since, n.id`,
    { id },
  );
  return rows.map((r) => r.need);
}

/** The customer's interactions, newest first, with handler, topics and expressed needs. */
export async function customerInteractions(tx: Tx, id: string): Promise<Row[]> {
  const rows = await tx.run(
    `MATCH (i:Interaction)-[:WITH_CUSTOMER]->(:Customer {id: $id})
     CALL (i) { MATCH (i)-[:HANDLED_BY]->(e:Employee) WITH e ORDER BY e.id RETURN collect(e {.id, .name}) AS handlers }
     CALL (i) { MATCH (i)-[:TAGGED]->(t:Topic) WITH t ORDER BY t.name RETURN collect(t.name) AS topics }
     CALL (i) { MATCH (i)-[:EXPRESSED]->(n:Need) WITH n ORDER BY n.title, n.id RETURN collect(n {.id, .title}) AS needs }
     RETURN i {.*, handler: handlers[0], topics: topics, needs: needs} AS interaction
     ORDER BY i.occurredAt DESC, i.id`,
    { id },
  );
  return rows.map((r) => r.interaction);
}

/**
 * Insights about the customer, newest first, with author, annotations (oldest first) and the
 * earlier versions kept of each (`HAD_VERSION`, oldest first, with who made the change that
 * replaced them): what an insight said before is held about the customer too.
 */
export async function customerInsights(tx: Tx, id: string): Promise<Row[]> {
  const rows = await tx.run(
    `MATCH (x:Insight)-[:ABOUT]->(:Customer {id: $id})
     CALL (x) { MATCH (a:Employee)-[:AUTHORED]->(x) WITH a ORDER BY a.id RETURN collect(a {.id, .name}) AS authors }
     CALL (x) {
       MATCH (an:Annotation)-[:ON]->(x)
       OPTIONAL MATCH (w:Employee)-[:WROTE]->(an)
       WITH an, w ORDER BY an.createdAt, an.id
       RETURN collect(an {.*, author: w {.id, .name}}) AS annotations
     }
     CALL (x) {
       MATCH (x)-[:HAD_VERSION]->(v:InsightVersion)
       OPTIONAL MATCH (c:Employee {id: v.changedById})
       WITH v, c ORDER BY v.version
       RETURN collect(v {.*, changedBy: c {.id, .name}}) AS versions
     }
     RETURN x {.*, author: authors[0], annotations: annotations, versions: versions} AS insight
     ORDER BY x.createdAt DESC, x.id`,
    { id },
  );
  return rows.map((r) => r.insight);
}
