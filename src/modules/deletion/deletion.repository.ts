import type { Row, Tx } from '../../db/graph';
import type { ListSpec } from '../../db/list-query';

/**
 * Cypher of soft deletion. A deleted node is taken out of the graph the reads see:
 *
 * - its label (`Customer`, `Interaction`, `Annotation`, `Need`, `Insight`) is replaced by `Deleted`,
 *   with `deletedLabel` (the old label), `deletionId`, `deletedAt`, `deletedById`, `deletionReason`,
 *   `deletionRoot` (true on the record a person deleted) and `customerIds` (the customers it
 *   concerned, so that an erasure finds it);
 * - its relationships are written down in `deletedLinks` (JSON: type, direction, the other node's
 *   id and label, and the properties, each with its Cypher type so that date-times come back
 *   exactly), then deleted. One exception: a deleted insight keeps its `HAD_VERSION` links to the
 *   versions kept of it (nothing reads a version but through its insight), and the purge deletes
 *   those versions with it.
 *
 * Labels and relationship types only ever come from the fixed lists below, never from input or
 * from the graph; every value travels as a parameter.
 */

/** The labels a deletion takes out of the graph. */
export type DeletableLabel = 'Customer' | 'Interaction' | 'Annotation' | 'Need' | 'Insight';
export const DELETABLE_LABELS: readonly DeletableLabel[] = ['Customer', 'Interaction', 'Annotation', 'Need', 'Insight'];

/** Labels that carry a `version` (bumped by a restore). Insights version their content only. */
export const VERSIONED_DELETABLE: readonly DeletableLabel[] = ['Customer', 'Interaction', 'Annotation', 'Need'];

/** The labels a deleted record can be linked to; a link to a node of another label is reported, not re-created. */
export const LINKED_LABELS = [
  'Customer',
  'Interaction',
  'Annotation',
  'Need',
  'Insight',
  'Employee',
  'Segment',
  'Topic',
  'MergedCustomer',
  'MergedNeed',
  'Notification',
] as const;
export type LinkedLabel = (typeof LINKED_LABELS)[number];

/** The relationship types a restore re-creates; one of another type is reported, not re-created. */
export const LINK_TYPES = [
  'OWNS_ACCOUNT',
  'MEMBER_OF',
  'IN_SEGMENT',
  'REFERRED',
  'WITH_CUSTOMER',
  'HANDLED_BY',
  'EXPRESSED',
  'HAS_NEED',
  'ABOUT',
  'EVIDENCED_BY',
  'SUPERSEDES',
  'AUTHORED',
  'WROTE',
  'ON',
  'TAGGED',
  'MERGED_INTO',
  // modules/inbox: who a text mentions, what a notification concerns, who follows an insight and when they last saw it.
  'MENTIONS',
  'CONCERNS',
  'FOLLOWS',
  'SAW',
] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/**
 * Links a node may have only one of (a customer's organization, segment and referrer, an
 * interaction's customer and handler, an annotation's insight and author, an insight's author): a
 * restore does not re-create one when the node has got another since; it reports it.
 */
const SINGLE_FROM_START: ReadonlySet<string> = new Set(['MEMBER_OF', 'IN_SEGMENT', 'WITH_CUSTOMER', 'HANDLED_BY', 'ON']);
const SINGLE_AT_END: ReadonlySet<string> = new Set(['REFERRED', 'WROTE', 'AUTHORED']);

/** Labels whose merged records leave a `(:Merged<Label>)-[:MERGED_INTO]->(survivor)` behind. */
const MERGEABLE: ReadonlySet<string> = new Set(['Customer', 'Need']);

/** One property of a saved relationship: its key, Cypher type (`valueType`) and value as text. */
export interface SavedProp {
  k: string;
  t: string;
  v: string | string[] | null;
}

/** One relationship of a deleted node, as saved in `deletedLinks`. */
export interface SavedLink {
  type: string;
  /** OUT: the deleted node is its start; IN: its end. */
  dir: 'OUT' | 'IN';
  otherId: string | null;
  otherLabel: string | null;
  props: SavedProp[];
}

/** Decodes a saved property `p` ({k, t, v}) back to its Cypher value: date-times to the nanosecond and zone, integers as integers. */
const DECODE = `CASE p.t
         WHEN 'ZONED DATETIME NOT NULL' THEN datetime(p.v)
         WHEN 'LOCAL DATETIME NOT NULL' THEN localdatetime(p.v)
         WHEN 'DATE NOT NULL' THEN date(p.v)
         WHEN 'ZONED TIME NOT NULL' THEN time(p.v)
         WHEN 'LOCAL TIME NOT NULL' THEN localtime(p.v)
         WHEN 'DURATION NOT NULL' THEN duration(p.v)
         WHEN 'INTEGER NOT NULL' THEN toInteger(p.v)
         WHEN 'FLOAT NOT NULL' THEN toFloat(p.v)
         WHEN 'BOOLEAN NOT NULL' THEN toBoolean(p.v)
         WHEN 'LIST<INTEGER NOT NULL> NOT NULL' THEN [x IN p.v | toInteger(x)]
         WHEN 'LIST<FLOAT NOT NULL> NOT NULL' THEN [x IN p.v | toFloat(x)]
         WHEN 'LIST<BOOLEAN NOT NULL> NOT NULL' THEN [x IN p.v | toBoolean(x)]
         ELSE p.v
       END`;

/** The time of a deletion: the transaction's, to the millisecond (what cursors and clients carry). */
const DELETED_AT = "datetime.truncate('millisecond', datetime.transaction())";

// ---------------------------------------------------------------------------------------------
// Finding and locking what to delete

/** A live node of `label`, write-locked for the rest of the transaction; null when there is none. */
export async function lockLive(tx: Tx, label: DeletableLabel, id: string): Promise<Row | null> {
  const rows = await tx.run(`MATCH (n:${label} {id: $id}) SET n._lock = true REMOVE n._lock RETURN n`, { id });
  return rows[0]?.n ?? null;
}

/** What is known of a deleted record. */
export interface DeletedNode {
  id: string;
  label: DeletableLabel;
  deletionId: string;
  deletionRoot: boolean;
  deletedAt: Date;
  externalId: string | null;
}

/** The deleted record of `label` with this id (as it had it); null when none is deleted. */
export async function findDeleted(tx: Tx, label: DeletableLabel, id: string): Promise<DeletedNode | null> {
  const rows = await tx.run(
    `MATCH (n:Deleted {id: $id}) WHERE n.deletedLabel = $label
     RETURN n.id AS id, n.deletedLabel AS label, n.deletionId AS deletionId, coalesce(n.deletionRoot, false) AS deletionRoot,
            n.deletedAt AS deletedAt, n.externalId AS externalId
     ORDER BY n.deletedAt DESC LIMIT 1`,
    { id, label },
  );
  return (rows[0] as DeletedNode | undefined) ?? null;
}

/** The record a person deleted in this deletion (its root). */
export async function deletionRootOf(tx: Tx, deletionId: string): Promise<DeletedNode | null> {
  const rows = await tx.run(
    `MATCH (n:Deleted {deletionId: $deletionId}) WHERE n.deletionRoot = true
     RETURN n.id AS id, n.deletedLabel AS label, n.deletionId AS deletionId, true AS deletionRoot, n.deletedAt AS deletedAt, n.externalId AS externalId
     LIMIT 1`,
    { deletionId },
  );
  return (rows[0] as DeletedNode | undefined) ?? null;
}

/** A customer, live or deleted, write-locked (as every write naming it locks it); null when there is none. */
export async function lockCustomerAnyState(
  tx: Tx,
  id: string,
): Promise<{ deleted: boolean; erased: boolean; deletionId: string | null } | null> {
  const rows = await tx.run(
    `CALL () {
       MATCH (c:Customer {id: $id}) RETURN c
       UNION
       MATCH (c:Deleted {id: $id}) WHERE c.deletedLabel = 'Customer' RETURN c
     }
     SET c._lock = true REMOVE c._lock
     RETURN c:Deleted AS deleted, coalesce(c.erased, false) AS erased, c.deletionId AS deletionId
     LIMIT 1`,
    { id },
  );
  return (rows[0] as { deleted: boolean; erased: boolean; deletionId: string | null } | undefined) ?? null;
}

/** A live annotation with its author and the customers its insight is about; null when there is none. */
export async function annotationFacts(
  tx: Tx,
  id: string,
): Promise<{ authorId: string | null; insightId: string | null; customerIds: string[] } | null> {
  const rows = await tx.run(
    `MATCH (a:Annotation {id: $id})
     OPTIONAL MATCH (e:Employee)-[:WROTE]->(a)
     OPTIONAL MATCH (a)-[:ON]->(i:Insight)
     RETURN e.id AS authorId, i.id AS insightId, [(i)-[:ABOUT]->(c:Customer) | c.id] AS customerIds
     LIMIT 1`,
    { id },
  );
  return (rows[0] as { authorId: string | null; insightId: string | null; customerIds: string[] } | undefined) ?? null;
}

/** The customers holding a live need. */
export async function holdersOf(tx: Tx, needId: string): Promise<string[]> {
  const rows = await tx.run('MATCH (c:Customer)-[:HAS_NEED]->(:Need {id: $needId}) RETURN c.id AS id ORDER BY id', { needId });
  return rows.map((r) => r.id as string);
}

/** The live interactions with a customer. */
export async function interactionsOf(tx: Tx, customerId: string): Promise<string[]> {
  const rows = await tx.run(
    'MATCH (i:Interaction)-[:WITH_CUSTOMER]->(:Customer {id: $customerId}) RETURN DISTINCT i.id AS id ORDER BY id',
    { customerId },
  );
  return rows.map((r) => r.id as string);
}

/**
 * The insights whose every subject (ABOUT) is the customer or need `id`, with the customers each
 * is about, write-locked: they go with it.
 */
export async function soleSubjectInsights(
  tx: Tx,
  label: 'Customer' | 'Need',
  id: string,
): Promise<{ id: string; customerIds: string[] }[]> {
  const rows = await tx.run(
    `MATCH (x:Insight)-[:ABOUT]->(s:${label} {id: $id})
     WHERE NOT EXISTS { MATCH (x)-[:ABOUT]->(other) WHERE other <> s }
     WITH DISTINCT x ORDER BY x.id
     SET x._lock = true REMOVE x._lock
     RETURN x.id AS id, [(x)-[:ABOUT]->(c:Customer) | c.id] AS customerIds`,
    { id },
  );
  return rows as { id: string; customerIds: string[] }[];
}

/** The annotations on these insights, with the insight each is on. */
export async function annotationsOn(tx: Tx, insightIds: string[]): Promise<{ id: string; insightId: string }[]> {
  if (!insightIds.length) return [];
  const rows = await tx.run(
    `UNWIND $insightIds AS xid
     MATCH (a:Annotation)-[:ON]->(:Insight {id: xid})
     RETURN DISTINCT a.id AS id, xid AS insightId ORDER BY id`,
    { insightIds },
  );
  return rows as { id: string; insightId: string }[];
}

// ---------------------------------------------------------------------------------------------
// Deleting

/** One node to take out: its label, id, whether a person deleted it (the root), and the customers it concerned. */
export interface NodeToDelete {
  label: DeletableLabel;
  id: string;
  root: boolean;
  customerIds: string[];
}

/** The deletion's facts, stamped on every node of it. */
export interface DeletionStamp {
  deletionId: string;
  actorId: string;
  reason: string | null;
}

/**
 * The relationships of these nodes (of one label), as they will be saved: all but `HAD_VERSION`,
 * each with its type, direction, other node and properties (type-tagged). One statement.
 */
async function readLinks(tx: Tx, label: DeletableLabel, ids: string[]): Promise<Map<string, SavedLink[]>> {
  const rows = await tx.run(
    `UNWIND $ids AS id
     MATCH (n:${label} {id: id})
     CALL (n) {
       OPTIONAL MATCH (n)-[r]-(o) WHERE type(r) <> 'HAD_VERSION'
       WITH r, o WHERE r IS NOT NULL
       RETURN collect({
         type: type(r),
         dir: CASE WHEN startNode(r) = n THEN 'OUT' ELSE 'IN' END,
         otherId: o.id,
         otherLabel: coalesce([l IN labels(o) WHERE l IN $known][0], head(labels(o))),
         props: [k IN keys(r) | {k: k, t: valueType(r[k]),
                                 v: CASE WHEN valueType(r[k]) STARTS WITH 'LIST' THEN [e IN r[k] | toString(e)] ELSE toString(r[k]) END}]
       }) AS links
     }
     RETURN id, links`,
    { ids, known: [...LINKED_LABELS] },
  );
  return new Map(rows.map((r) => [r.id as string, r.links as SavedLink[]]));
}

/**
 * Takes the nodes out of the graph, in one transaction: first writes down the relationships of
 * every node (all of them, before any is deleted: two nodes of one deletion linked to each other
 * both keep the link), then deletes those relationships and swaps each label for `Deleted`.
 * Returns the links saved, by node id.
 */
export async function takeOut(tx: Tx, nodes: NodeToDelete[], stamp: DeletionStamp): Promise<Map<string, SavedLink[]>> {
  const saved = new Map<string, SavedLink[]>();
  const byLabel = groupByLabel(nodes);
  for (const [label, group] of byLabel) {
    for (const [id, links] of await readLinks(
      tx,
      label,
      group.map((n) => n.id),
    ))
      saved.set(id, links);
  }
  for (const [label, group] of byLabel) {
    await tx.run(
      `UNWIND $rows AS x
       MATCH (n:${label} {id: x.id})
       CALL (n) { MATCH (n)-[r]-() WHERE type(r) <> 'HAD_VERSION' DELETE r }
       REMOVE n:${label}
       SET n:Deleted, n.deletedLabel = '${label}', n.deletionId = $deletionId, n.deletedAt = ${DELETED_AT},
           n.deletedById = $actorId, n.deletionReason = $reason, n.deletionRoot = x.root, n.customerIds = x.customerIds,
           n.deletedLinks = x.links`,
      {
        rows: group.map((n) => ({
          id: n.id,
          root: n.root,
          customerIds: [...new Set(n.customerIds)],
          links: JSON.stringify(saved.get(n.id) ?? []),
        })),
        ...stamp,
      },
    );
  }
  return saved;
}

function groupByLabel<T extends { label: DeletableLabel }>(items: T[]): Map<DeletableLabel, T[]> {
  const out = new Map<DeletableLabel, T[]>();
  for (const label of DELETABLE_LABELS) {
    const group = items.filter((i) => i.label === label);
    if (group.length) out.set(label, group);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Restoring

/** One node of a deletion, write-locked, as a restore reads it. */
export interface DeletionMember {
  elementId: string;
  id: string;
  label: DeletableLabel;
  root: boolean;
  externalId: string | null;
  customerIds: string[];
  links: SavedLink[];
}

/** Every node of a deletion, write-locked, in id order. */
export async function lockDeletion(tx: Tx, deletionId: string): Promise<DeletionMember[]> {
  const rows = await tx.run(
    `MATCH (n:Deleted {deletionId: $deletionId})
     WITH n ORDER BY n.id
     SET n._lock = true REMOVE n._lock
     RETURN elementId(n) AS elementId, n.id AS id, n.deletedLabel AS label, coalesce(n.deletionRoot, false) AS root,
            n.externalId AS externalId, coalesce(n.customerIds, []) AS customerIds, n.deletedLinks AS links`,
    { deletionId },
  );
  return rows
    .filter((r) => (DELETABLE_LABELS as readonly string[]).includes(r.label))
    .map((r) => ({ ...(r as Omit<DeletionMember, 'links'>), links: parseLinks(r.links) }));
}

/** Saved links as JSON text back to a list (an unreadable text: none). */
export function parseLinks(json: unknown): SavedLink[] {
  if (typeof json !== 'string') return [];
  try {
    const parsed = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as SavedLink[]) : [];
  } catch {
    return [];
  }
}

/** The members whose external id a live record of their label has taken since they were deleted, with that record's id. */
export async function externalIdClashes(tx: Tx, members: DeletionMember[]): Promise<{ member: DeletionMember; takenById: string }[]> {
  const out: { member: DeletionMember; takenById: string }[] = [];
  for (const [label, group] of groupByLabel(members.filter((m) => m.externalId))) {
    const rows = await tx.run(`UNWIND $ids AS x MATCH (n:${label} {externalId: x}) RETURN x, n.id AS id`, {
      ids: group.map((m) => m.externalId),
    });
    for (const r of rows) out.push({ member: group.find((m) => m.externalId === r.x)!, takenById: r.id });
  }
  return out;
}

/** How a node a link pointed to stands now. */
export interface LinkTarget {
  /** The id asked about. */
  id: string;
  /** The live node the link goes to now: the same id, or the survivor of a merge; null when none. */
  liveId: string | null;
  /** When there is no live node: DELETED (restore it first), ERASED (a tombstone) or GONE (purged, erased or never known). */
  state: 'LIVE' | 'MERGED' | 'DELETED' | 'ERASED' | 'GONE';
}

/** Where links to these nodes of `label` would go now (merges followed to their survivor). */
export async function linkTargets(tx: Tx, label: 'Customer' | 'Insight', ids: string[]): Promise<Map<string, LinkTarget>> {
  if (!ids.length) return new Map();
  const merged = MERGEABLE.has(label)
    ? `OPTIONAL MATCH (:Merged${label} {id: id})-[:MERGED_INTO*1..10]->(s:${label}) WHERE NOT coalesce(s.erased, false)`
    : 'WITH id, o, null AS s';
  const rows = await tx.run(
    `UNWIND $ids AS id
     OPTIONAL MATCH (o:${label} {id: id})
     ${merged}
     WITH id, o, head(collect(s)) AS s
     OPTIONAL MATCH (d:Deleted {id: id}) WHERE d.deletedLabel = '${label}'
     RETURN id, o.id AS liveId, coalesce(o.erased, false) AS erased, s.id AS survivorId, d IS NOT NULL AS deleted`,
    { ids: [...new Set(ids)] },
  );
  return new Map(
    rows.map((r) => {
      const target: LinkTarget =
        r.liveId && !r.erased
          ? { id: r.id, liveId: r.liveId, state: 'LIVE' }
          : r.liveId
            ? { id: r.id, liveId: null, state: 'ERASED' }
            : r.survivorId
              ? { id: r.id, liveId: r.survivorId, state: 'MERGED' }
              : { id: r.id, liveId: null, state: r.deleted ? 'DELETED' : 'GONE' };
      return [r.id as string, target];
    }),
  );
}

/**
 * Puts the label back on every node of the deletion and removes the deletion's properties; the
 * versioned ones get version + 1 when `bump`. Returns the new versions by id.
 */
export async function relabel(tx: Tx, deletionId: string, members: DeletionMember[], bump: boolean): Promise<Map<string, number | null>> {
  const versions = new Map<string, number | null>();
  for (const [label, group] of groupByLabel(members)) {
    const versioned = bump && VERSIONED_DELETABLE.includes(label);
    const rows = await tx.run(
      `UNWIND $ids AS id
       MATCH (n:Deleted {id: id}) WHERE n.deletionId = $deletionId AND n.deletedLabel = '${label}'
       REMOVE n:Deleted, n.deletedLabel, n.deletionId, n.deletedAt, n.deletedById, n.deletionReason, n.deletionRoot, n.customerIds, n.deletedLinks
       SET n:${label}${versioned ? ', n.version = coalesce(n.version, 1) + 1' : ''}
       RETURN n.id AS id, n.version AS version`,
      { ids: group.map((m) => m.id), deletionId },
    );
    for (const r of rows) versions.set(r.id, versioned ? (r.version as number) : null);
  }
  return versions;
}

/** One saved link to re-create, with what became of it. */
export interface LinkToRestore {
  /** The restored node's element id. */
  e: string;
  nodeId: string;
  link: SavedLink;
}

/** What became of a saved link: re-created (to its node, or to the survivor of a merge), or not, and why. */
export interface LinkOutcome {
  nodeId: string;
  type: string;
  dir: 'OUT' | 'IN';
  otherLabel: string | null;
  otherId: string | null;
  /** RESTORED; REDIRECTED (to `toId`, the survivor of a merge); MISSING (the other node is deleted, erased or gone); TAKEN (a single link the node has got another of since); UNKNOWN (a type or label restore does not know). */
  outcome: 'RESTORED' | 'REDIRECTED' | 'MISSING' | 'TAKEN' | 'UNKNOWN';
  toId: string | null;
}

/**
 * Re-creates saved links, one statement per relationship type, other label and direction present:
 * to the node they pointed to when it is still there (a customer not erased), else to the
 * survivor it was merged into. Links between two restored nodes are re-created once (from their
 * start). `MERGE`: a link the survivor of a merge already has is not doubled. Properties come back
 * with their types.
 */
export async function relink(tx: Tx, links: LinkToRestore[], restoredIds: Set<string>): Promise<LinkOutcome[]> {
  const outcomes: LinkOutcome[] = [];
  const groups = new Map<string, (LinkToRestore & { i: number })[]>();
  links.forEach((l, i) => {
    const { type, otherLabel, dir, otherId } = l.link;
    // Between two nodes of this restore: made once, from its start.
    if (otherId && restoredIds.has(otherId) && dir === 'IN') return;
    const known =
      (LINK_TYPES as readonly string[]).includes(type) && (LINKED_LABELS as readonly string[]).includes(otherLabel ?? '') && !!otherId;
    if (!known) {
      outcomes.push({ nodeId: l.nodeId, type, dir, otherLabel, otherId, outcome: 'UNKNOWN', toId: null });
      return;
    }
    const key = `${type}|${otherLabel}|${dir}`;
    groups.set(key, [...(groups.get(key) ?? []), { ...l, i }]);
  });
  for (const [key, group] of groups) {
    const [type, otherLabel, dir] = key.split('|') as [LinkType, LinkedLabel, 'OUT' | 'IN'];
    // The variables of the link's start and end node: n, the restored node, and o, the other one.
    const [start, end] = dir === 'OUT' ? ['n', 'o'] : ['o', 'n'];
    const single = SINGLE_FROM_START.has(type)
      ? `NOT EXISTS { MATCH (${start})-[:${type}]->(x) WHERE x <> ${end} }`
      : SINGLE_AT_END.has(type)
        ? `NOT EXISTS { MATCH (x)-[:${type}]->(${end}) WHERE x <> ${start} }`
        : 'true';
    const notErased = otherLabel === 'Customer' ? 'WHERE NOT coalesce(o.erased, false)' : '';
    const survivor = MERGEABLE.has(otherLabel)
      ? `OPTIONAL MATCH (:Merged${otherLabel} {id: l.otherId})-[:MERGED_INTO*1..10]->(s:${otherLabel}) WHERE NOT coalesce(s.erased, false)
         WITH n, l, o, head(collect(s)) AS s`
      : 'WITH n, l, o, null AS s';
    const rows = await tx.run(
      `UNWIND $links AS l
       MATCH (n) WHERE elementId(n) = l.e
       OPTIONAL MATCH (o:${otherLabel} {id: l.otherId}) ${notErased}
       WITH n, l, head(collect(o)) AS o
       ${survivor}
       WITH n, l, coalesce(o, s) AS o, o IS NULL AND s IS NOT NULL AS redirected
       CALL (n, o, l) {
         WITH n, o, l WHERE o IS NOT NULL AND ${single}
         MERGE (${start})-[r:${type}]->(${end})
         ON CREATE SET r._restoring = true
         WITH r, l
         CALL (r, l) {
           WITH r, l WHERE r._restoring
           UNWIND l.props AS p
           SET r[p.k] = ${DECODE}
         }
         REMOVE r._restoring
         RETURN true AS linked
         UNION
         WITH n, o, l WHERE NOT (o IS NOT NULL AND ${single})
         RETURN false AS linked
       }
       RETURN l.i AS i, o IS NOT NULL AS found, linked, redirected, o.id AS toId`,
      { links: group.map((l) => ({ e: l.e, i: l.i, otherId: l.link.otherId, props: l.link.props ?? [] })) },
    );
    for (const r of rows) {
      const l = links[r.i as number];
      outcomes.push({
        nodeId: l.nodeId,
        type,
        dir,
        otherLabel,
        otherId: l.link.otherId,
        outcome: !r.found ? 'MISSING' : !r.linked ? 'TAKEN' : r.redirected ? 'REDIRECTED' : 'RESTORED',
        toId: r.toId ?? null,
      });
    }
  }
  return outcomes;
}

// ---------------------------------------------------------------------------------------------
// Listing

export type DeletedFilterField = 'roots' | 'recordTypes';

/** The deletions that can be restored: the roots, newest first. */
export const deletedList: ListSpec<DeletedFilterField, 'DELETED_AT'> = {
  label: 'Deleted',
  filters: {
    roots: { where: (v) => `${v.node}.deletionRoot = ${v.filter}.roots` },
    recordTypes: { where: (v) => `${v.node}.deletedLabel IN ${v.filter}.recordTypes` },
  },
  order: { DELETED_AT: { property: 'deletedAt', kind: 'datetime' } },
};

/** For each deletion id, the records that went with its root (in label, id order). */
export async function cascadedOf(
  db: { read(cypher: string, params: Record<string, unknown>, operation: string, columns?: readonly string[]): Promise<Row[]> },
  deletionIds: readonly string[],
): Promise<{ recordType: string; recordId: string }[][]> {
  const rows = await db.read(
    `UNWIND $ids AS d
     CALL (d) {
       OPTIONAL MATCH (n:Deleted {deletionId: d}) WHERE NOT coalesce(n.deletionRoot, false)
       WITH n ORDER BY n.deletedLabel, n.id
       RETURN collect(CASE WHEN n IS NULL THEN null ELSE {recordType: n.deletedLabel, recordId: n.id} END) AS cascaded
     }
     RETURN d, cascaded`,
    { ids: [...new Set(deletionIds)] },
    'deleted records cascaded',
    ['d', 'cascaded'],
  );
  const byId = new Map(rows.map((r) => [r.d as string, r.cascaded as { recordType: string; recordId: string }[]]));
  return deletionIds.map((d) => byId.get(d) ?? []);
}

// ---------------------------------------------------------------------------------------------
// Erasure and purge

/**
 * Deletes for good (`DETACH DELETE`) the deleted records whose `customerIds` include the customer,
 * but for the customer itself, with the versions kept of deleted insights among them. Returns
 * their ids.
 */
export async function destroyDeletedOf(tx: Tx, customerId: string): Promise<string[]> {
  const rows = await tx.run(
    `MATCH (n:Deleted) WHERE $customerId IN n.customerIds AND n.id <> $customerId
     WITH n ORDER BY n.id
     SET n._lock = true REMOVE n._lock
     WITH n, n.id AS id
     CALL (n) { MATCH (n)-[:HAD_VERSION]->(v:InsightVersion) DETACH DELETE v }
     DETACH DELETE n
     RETURN id`,
    { customerId },
  );
  return rows.map((r) => r.id as string);
}

/** Deleted records whose saved links name this id, with those links (JSON). */
export async function deletedLinkingTo(tx: Tx, id: string): Promise<{ elementId: string; links: SavedLink[] }[]> {
  const rows = await tx.run(
    `MATCH (n:Deleted) WHERE n.deletedLinks CONTAINS $id
     WITH n ORDER BY n.id
     SET n._lock = true REMOVE n._lock
     RETURN elementId(n) AS elementId, n.deletedLinks AS links`,
    { id },
  );
  return rows.map((r) => ({ elementId: r.elementId as string, links: parseLinks(r.links) }));
}

/** Replaces the saved links of deleted records, by element id. */
export async function rewriteDeletedLinks(tx: Tx, rows: { elementId: string; links: SavedLink[] }[]): Promise<void> {
  if (!rows.length) return;
  await tx.run('UNWIND $rows AS r MATCH (n:Deleted) WHERE elementId(n) = r.elementId SET n.deletedLinks = r.links', {
    rows: rows.map((r) => ({ elementId: r.elementId, links: JSON.stringify(r.links) })),
  });
}

/**
 * One batch of the purge: up to `limit` deleted records deleted longer ago than `olderThanDays`,
 * write-locked, with the ids of the records. The caller deletes their history, then {@link purgeNodes}.
 */
export async function purgeBatch(
  tx: Tx,
  olderThanDays: number,
  limit: number,
): Promise<{ elementIds: string[]; ids: string[]; deletionIds: string[] }> {
  const rows = await tx.run(
    `MATCH (n:Deleted) WHERE n.deletedAt < datetime() - duration({days: $days})
     WITH n ORDER BY n.deletedAt, n.id LIMIT toInteger($limit)
     SET n._lock = true REMOVE n._lock
     RETURN elementId(n) AS elementId, n.id AS id, n.deletionId AS deletionId`,
    { days: olderThanDays, limit },
  );
  return {
    elementIds: rows.map((r) => r.elementId as string),
    ids: rows.map((r) => r.id as string).filter(Boolean),
    deletionIds: [...new Set(rows.map((r) => r.deletionId as string))],
  };
}

/** Deletes these deleted records for good, with the versions kept of deleted insights among them. Returns the counts. */
export async function purgeNodes(tx: Tx, elementIds: string[]): Promise<{ records: number; versions: number }> {
  if (!elementIds.length) return { records: 0, versions: 0 };
  const rows = await tx.run(
    `UNWIND $elementIds AS e
     MATCH (n:Deleted) WHERE elementId(n) = e
     CALL (n) {
       OPTIONAL MATCH (n)-[:HAD_VERSION]->(v:InsightVersion)
       WITH collect(v) AS vs
       FOREACH (v IN vs | DETACH DELETE v)
       RETURN size(vs) AS versions
     }
     DETACH DELETE n
     RETURN count(*) AS records, sum(versions) AS versions`,
    { elementIds },
  );
  return { records: rows[0]?.records ?? 0, versions: rows[0]?.versions ?? 0 };
}

/** Goes on (one row) only when the graph holds a Deleted node: a count from the count store. */
const ANY_DELETED = 'MATCH (anyDeleted:Deleted) WITH count(anyDeleted) AS deletedNodes WHERE deletedNodes > 0';

/**
 * The external ids among these that a deleted record of `label` has, directly or through a record
 * merged into it (a `MergedCustomer` or `MergedNeed` trace whose survivor is deleted): an import or
 * a retry naming one must not bring it back as a new record (an ADMIN restores it). Each with the
 * deleted record's id.
 */
export async function deletedExternalIds(tx: Tx, label: DeletableLabel, externalIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(externalIds)];
  if (!ids.length) return new Map();
  const merged = label === 'Customer' ? 'MergedCustomer' : label === 'Need' ? 'MergedNeed' : null;
  // Every answer is a Deleted node: with none in the graph (the count store answers that at once), the
  // ids are not looked up one by one (the importer asks for thousands a batch).
  const rows = await tx.run(
    merged
      ? `${ANY_DELETED}
         UNWIND $ids AS x
         CALL (x) {
           MATCH (n:Deleted {externalId: x}) WHERE n.deletedLabel = $label RETURN n
           UNION
           MATCH (t:${merged} {externalId: x}) MATCH (n:Deleted {id: t.mergedIntoId}) WHERE n.deletedLabel = $label RETURN n
         }
         WITH x, n WHERE NOT EXISTS { MATCH (live:${label} {externalId: x}) }
         RETURN DISTINCT x, n.id AS id`
      : `${ANY_DELETED}
         UNWIND $ids AS x
         MATCH (n:Deleted {externalId: x}) WHERE n.deletedLabel = $label AND NOT EXISTS { MATCH (live:${label} {externalId: x}) }
         RETURN DISTINCT x, n.id AS id`,
    { ids, label },
  );
  return new Map(rows.map((r) => [r.x as string, r.id as string]));
}

/**
 * For each deletion id, the ids of the records that the records of the deletion (its root and what
 * went with it) were linked to and that were not deleted with them, each once, from their saved
 * links (`deletedLinks`): the records whose lists and counts the deletion changed.
 */
export async function linkedOutsideOf(
  db: { read(cypher: string, params: Record<string, unknown>, operation: string, columns?: readonly string[]): Promise<Row[]> },
  deletionIds: readonly string[],
): Promise<string[][]> {
  const rows = await db.read(
    `UNWIND $ids AS d
     CALL (d) {
       OPTIONAL MATCH (n:Deleted {deletionId: d})
       RETURN collect(n.id) AS members, collect(n.deletedLinks) AS links
     }
     RETURN d, members, links`,
    { ids: [...new Set(deletionIds)] },
    'deleted records linked',
    ['d', 'members', 'links'],
  );
  const byId = new Map(
    rows.map((r) => {
      const members = new Set(r.members as string[]);
      const others = (r.links as string[]).flatMap((json) => (JSON.parse(json) as SavedLink[]).map((l) => l.otherId));
      return [r.d as string, [...new Set(others)].filter((id): id is string => !!id && !members.has(id))];
    }),
  );
  return deletionIds.map((d) => byId.get(d) ?? []);
}
