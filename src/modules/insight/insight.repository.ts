import type { Row, Tx } from '../../db/graph';
import type { ListSpec, RelationSpec } from '../../db/list-query';
import type { Reader } from '../../db/read-batcher';
import type { InsightChangeKind } from './insight.type';
import { taggedWith } from '../topic/topic.repository';
import { INBOX_INSIGHT_FILTERS } from '../inbox/inbox.repository';

/** Cypher of the insight module. */

export type InsightFilterField =
  | 'statuses'
  | 'origins'
  | 'topic'
  | 'aboutCustomerId'
  | 'aboutNeedId'
  | 'aboutSegmentId'
  | 'authorId'
  | 'evidenceInteractionId'
  | 'titleContains'
  | 'minConfidence'
  // The parts of a person's inbox (modules/inbox): set by the inbox only, never by a filter a client gives.
  | keyof typeof INBOX_INSIGHT_FILTERS;
export type InsightSortField = 'CREATED_AT' | 'UPDATED_AT' | 'CONFIDENCE';

export const insightList: ListSpec<InsightFilterField, InsightSortField> = {
  label: 'Insight',
  filters: {
    statuses: { where: (v) => `${v.node}.status IN ${v.filter}.statuses` },
    origins: { where: (v) => `${v.node}.origin IN ${v.filter}.origins` },
    topic: taggedWith,
    aboutCustomerId: { linkedTo: { label: 'Customer', type: 'ABOUT', direction: 'OUT' } },
    aboutNeedId: { linkedTo: { label: 'Need', type: 'ABOUT', direction: 'OUT' } },
    aboutSegmentId: { linkedTo: { label: 'Segment', type: 'ABOUT', direction: 'OUT' } },
    authorId: { linkedTo: { label: 'Employee', type: 'AUTHORED', direction: 'IN' } },
    evidenceInteractionId: { linkedTo: { label: 'Interaction', type: 'EVIDENCED_BY', direction: 'OUT' } },
    titleContains: { where: (v) => `toLower(${v.node}.title) CONTAINS toLower(${v.filter}.titleContains)` },
    minConfidence: { where: (v) => `${v.node}.confidence >= ${v.filter}.minConfidence` },
    ...INBOX_INSIGHT_FILTERS,
  },
  order: {
    CREATED_AT: { property: 'createdAt', kind: 'datetime' },
    UPDATED_AT: { property: 'updatedAt', kind: 'datetime' },
    CONFIDENCE: { property: 'confidence', kind: 'number' },
  },
};

export const insightRelations = {
  author: { fromLabel: 'Insight', type: 'AUTHORED', direction: 'IN', toLabels: ['Employee'], orderBy: 'nameLower' },
  subjects: { fromLabel: 'Insight', type: 'ABOUT', direction: 'OUT', toLabels: ['Customer', 'Need', 'Segment'], orderBy: 'id' },
  evidence: { fromLabel: 'Insight', type: 'EVIDENCED_BY', direction: 'OUT', toLabels: ['Interaction'], orderBy: 'occurredAt' },
  supersedes: { fromLabel: 'Insight', type: 'SUPERSEDES', direction: 'OUT', toLabels: ['Insight'], orderBy: 'createdAt' },
  supersededBy: { fromLabel: 'Insight', type: 'SUPERSEDES', direction: 'IN', toLabels: ['Insight'], orderBy: 'createdAt' },
} satisfies Record<string, RelationSpec>;

export interface InsightProps {
  title: string;
  body: string;
  origin: string;
  status: string;
  confidence: number;
}

export async function createInsight(tx: Tx, id: string, authorId: string, props: InsightProps, validUntil: string | null): Promise<Row> {
  const rows = await tx.run(
    `MATCH (a:Employee {id: $authorId})
     CREATE (a)-[:AUTHORED]->(i:Insight)
     SET i = $props, i.id = $id, i.version = 1, i.validUntil = datetime($validUntil),
         i.createdAt = datetime(), i.updatedAt = datetime()
     RETURN i`,
    { id, authorId, props, validUntil },
  );
  return rows[0].i;
}

export interface LockedInsight {
  insight: Row;
  authorId: string | null;
  /** The newer insight that already replaced this one, if any. */
  supersededById: string | null;
}

/** The insight with its author's id, write-locked for this transaction (no lost updates). */
export async function lockInsight(tx: Tx, id: string): Promise<LockedInsight | null> {
  const rows = await tx.run(
    `MATCH (i:Insight {id: $id})
     SET i._lock = true REMOVE i._lock
     WITH i OPTIONAL MATCH (a:Employee)-[:AUTHORED]->(i)
     OPTIONAL MATCH (newer:Insight)-[:SUPERSEDES]->(i)
     RETURN i, a.id AS authorId, newer.id AS supersededById LIMIT 1`,
    { id },
  );
  return rows[0] ? { insight: rows[0].i, authorId: rows[0].authorId, supersededById: rows[0].supersededById } : null;
}

/** Whether this employee revised the insight's text (title, body, confidence): a version kept by a revision of theirs. */
/**
 * For each insight id, the ids of the people who revised its text (a version they replaced with
 * REVISED; a miner's revisions have no one), in the order of their first revision.
 */
export async function reviserIds(db: Reader, ids: readonly string[]): Promise<string[][]> {
  const rows = await db.read(
    `UNWIND range(0, size($ids) - 1) AS k
     CALL (k) {
       OPTIONAL MATCH (:Insight {id: $ids[k]})-[:HAD_VERSION]->(v:InsightVersion {changeKind: 'REVISED'}) WHERE v.changedById IS NOT NULL
       WITH v ORDER BY v.version
       RETURN collect(v.changedById) AS revisers
     }
     RETURN k, revisers`,
    { ids },
    'insight revisers',
    ['k', 'revisers'],
  );
  const out: string[][] = ids.map(() => []);
  for (const r of rows) out[r.k as number] = [...new Set(r.revisers as string[])];
  return out;
}

export async function hasRevised(tx: Tx, id: string, employeeId: string): Promise<boolean> {
  const rows = await tx.run(
    `RETURN EXISTS { MATCH (:Insight {id: $id})-[:HAD_VERSION]->(:InsightVersion {changeKind: 'REVISED', changedById: $employeeId}) } AS revised`,
    { id, employeeId },
  );
  return rows[0]?.revised === true;
}

/** The change that replaces the current version of an insight: what it is and who makes it (null: a miner). */
export interface VersionChange {
  kind: InsightChangeKind;
  actorId: string | null;
}

/**
 * Keeps the insight `i` as it is before a change: an `(:InsightVersion)` linked by `HAD_VERSION`
 * with its version number, content, status, when that version was written (its `createdAt` for
 * version 1, else its `updatedAt`), and the change replacing it (`$change`: {kind, actorId}).
 * A constant fragment shared by every statement that bumps an insight's version, placed before
 * that statement's SET, so the version is kept in the same transaction as the change.
 */
export const KEEP_VERSION = `CREATE (i)-[:HAD_VERSION]->(:InsightVersion {
       version: i.version, title: i.title, body: i.body, confidence: i.confidence, status: i.status, validUntil: i.validUntil,
       writtenAt: CASE WHEN i.version = 1 THEN i.createdAt ELSE coalesce(i.updatedAt, i.createdAt) END,
       changeKind: $change.kind, changedById: $change.actorId, changedAt: datetime()})`;

/** Applies changes and bumps the version by one, keeping the version it replaces (see {@link KEEP_VERSION}). */
export async function updateInsight(
  tx: Tx,
  id: string,
  changes: Partial<InsightProps>,
  change: VersionChange,
  validUntil?: string,
): Promise<Row> {
  const rows = await tx.run(
    `MATCH (i:Insight {id: $id})
     ${KEEP_VERSION}
     SET i += $changes, i.version = i.version + 1, i.updatedAt = datetime()
     FOREACH (_ IN CASE WHEN $validUntil IS NULL THEN [] ELSE [1] END | SET i.validUntil = datetime($validUntil))
     RETURN i`,
    { id, changes, change, validUntil: validUntil ?? null },
  );
  return rows[0].i;
}

export async function linkSubjects(tx: Tx, id: string, label: 'Customer' | 'Need' | 'Segment', ids: string[]): Promise<void> {
  if (!ids.length) return;
  await tx.run(`MATCH (i:Insight {id: $id}) UNWIND $ids AS sid MATCH (s:${label} {id: sid}) MERGE (i)-[:ABOUT]->(s)`, { id, ids });
}

/** Links evidence; returns how many links are new. */
export async function linkEvidence(tx: Tx, id: string, interactionIds: string[], actorId: string): Promise<number> {
  if (!interactionIds.length) return 0;
  // The link remembers who made it: a learning run replaces a miner's evidence, never a person's.
  const rows = await tx.run(
    `MATCH (i:Insight {id: $id}) UNWIND $ids AS xid MATCH (x:Interaction {id: xid})
     OPTIONAL MATCH (i)-[old:EVIDENCED_BY]->(x)
     MERGE (i)-[e:EVIDENCED_BY]->(x)
     SET e.linkedById = coalesce(e.linkedById, $actorId)
     RETURN count(CASE WHEN old IS NULL THEN 1 END) AS added`,
    { id, ids: interactionIds, actorId },
  );
  return rows[0]?.added ?? 0;
}

/**
 * The new insight replaces an old one, which is archived: its version is bumped, and the version
 * it had is kept as replaced by `change` (ARCHIVED, by the author of the new insight).
 */
export async function supersede(tx: Tx, id: string, oldId: string, change: VersionChange): Promise<void> {
  await tx.run(
    `MATCH (newer:Insight {id: $id}), (i:Insight {id: $oldId})
     MERGE (newer)-[:SUPERSEDES]->(i)
     WITH i WHERE i.status <> 'ARCHIVED'
     ${KEEP_VERSION}
     SET i.status = 'ARCHIVED', i.version = i.version + 1, i.updatedAt = datetime()`,
    { id, oldId, change },
  );
}

/** What subscribers filter insight events on: its customers, needs and topics, now. */
export async function insightFacts(tx: Tx, id: string): Promise<{ customerIds: string[]; needIds: string[]; topics: string[] }> {
  const rows = await tx.run(
    `MATCH (i:Insight {id: $id})
     RETURN [(i)-[:ABOUT]->(c:Customer) | c.id] AS customerIds,
            [(i)-[:ABOUT]->(n:Need) | n.id] AS needIds,
            [(i)-[:TAGGED]->(t:Topic) | t.name] AS topics`,
    { id },
  );
  return (
    (rows[0] as { customerIds: string[]; needIds: string[]; topics: string[] } | undefined) ?? { customerIds: [], needIds: [], topics: [] }
  );
}

/** One kept version with the employee whose change replaced it (null: a miner, or no longer known). */
export interface KeptVersion {
  version: Row;
  by: Row | null;
}

/** What {@link insightHistories} is asked: kept versions of insight `id` below version `below`, at most `n`. */
export interface HistoryKey {
  id: string;
  below: number;
  n: number;
}

/**
 * For many insights in one statement: the kept versions below `below`, newest first, at most `n`
 * (each with the employee of the change that replaced it), and the insight's author. Results in
 * the order of `keys`; an unknown insight has no kept versions and no author.
 */
export async function insightHistories(db: Reader, keys: readonly HistoryKey[]): Promise<{ kept: KeptVersion[]; author: Row | null }[]> {
  const rows = await db.read(
    `UNWIND $keys AS key
     MATCH (i:Insight {id: key.id})
     CALL (i, key) {
       OPTIONAL MATCH (i)-[:HAD_VERSION]->(v:InsightVersion) WHERE v.version < key.below
       OPTIONAL MATCH (e:Employee {id: v.changedById})
       WITH v, e ORDER BY v.version DESC
       WITH key, collect(CASE WHEN v IS NULL THEN null ELSE {version: v, by: e} END) AS all
       RETURN all[..key.n] AS kept
     }
     OPTIONAL MATCH (a:Employee)-[:AUTHORED]->(i)
     RETURN key.i AS i, kept, a AS author`,
    { keys: keys.map((k, i) => ({ i, id: k.id, below: k.below, n: k.n })) },
    'insight history',
    ['i', 'kept', 'author'],
  );
  const out: { kept: KeptVersion[]; author: Row | null }[] = keys.map(() => ({ kept: [], author: null }));
  for (const r of rows) out[r.i] = { kept: r.kept as KeptVersion[], author: (r.author as Row | null) ?? out[r.i].author };
  return out;
}
