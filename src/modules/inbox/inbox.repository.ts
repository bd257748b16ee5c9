import type { Tx } from '../../db/graph';
import type { ListSpec, RelationSpec } from '../../db/list-query';
import type { Reader } from '../../db/read-batcher';

/**
 * Cypher of the inbox: who follows which insight (`(:Employee)-[:FOLLOWS {since}]->(:Insight)`),
 * when they last opened it (`(:Employee)-[:SAW {at}]->(:Insight)`), who a text mentions
 * (`(:Insight|Annotation)-[:MENTIONS]->(:Employee)`), and notifications
 * (`(:Notification {id, kind, createdAt, readAt})`, `-[:FOR]->` its recipient, `-[:FROM]->` who caused it,
 * `-[:CONCERNS]->` the insight or annotation it is about).
 */

/**
 * The parts of the inbox, as filters of the insight list (internal: no user input names them; the
 * value of each is the signed-in employee's id). The variables inside the subqueries are prefixed
 * `ibx_`, so that they never meet those of the statement the fragment goes into.
 */
export const INBOX_INSIGHT_FILTERS = {
  /** PROPOSED, not written by them, not revised by them (four eyes: theirs to review). Read through the status index. */
  awaitingReviewBy: {
    where: (v: { node: string; filter: string }) =>
      `${v.node}.status = 'PROPOSED'
       AND NOT EXISTS { MATCH (:Employee {id: ${v.filter}.awaitingReviewBy})-[:AUTHORED]->(${v.node}) }
       AND NOT EXISTS { MATCH (${v.node})-[:HAD_VERSION]->(:InsightVersion {changeKind: 'REVISED', changedById: ${v.filter}.awaitingReviewBy}) }`,
  },
  // The other parts start from the person (a pattern from their employee node), not from every insight.
  /** Their own drafts. */
  draftsOf: {
    match: (v: { node: string; filter: string }) => `(:Employee {id: ${v.filter}.draftsOf})-[:AUTHORED]->(${v.node})`,
    where: (v: { node: string; filter: string }) => `${v.node}.status = 'DRAFT'`,
  },
  /** Followed by them, and changed (a new version or an annotation) by someone else since they last opened it. */
  followedChangedFor: {
    match: (v: { node: string; filter: string }) => `(:Employee {id: ${v.filter}.followedChangedFor})-[:FOLLOWS]->(${v.node})`,
    where: (v: { node: string; filter: string }) =>
      `EXISTS { MATCH (${v.node})-[:HAD_VERSION]->(ibx_v:InsightVersion)
                WHERE coalesce(ibx_v.changedById, '') <> ${v.filter}.followedChangedFor
                  AND NOT EXISTS { MATCH (:Employee {id: ${v.filter}.followedChangedFor})-[ibx_s:SAW]->(${v.node}) WHERE ibx_s.at >= ibx_v.changedAt } }
       OR EXISTS { MATCH (ibx_w:Employee)-[:WROTE]->(ibx_a:Annotation)-[:ON]->(${v.node})
                WHERE ibx_w.id <> ${v.filter}.followedChangedFor
                  AND NOT EXISTS { MATCH (:Employee {id: ${v.filter}.followedChangedFor})-[ibx_s:SAW]->(${v.node}) WHERE ibx_s.at >= ibx_a.createdAt } }`,
  },
  /** Written by them, not archived, and challenged by someone else since they last opened it. */
  challengesFor: {
    match: (v: { node: string; filter: string }) => `(:Employee {id: ${v.filter}.challengesFor})-[:AUTHORED]->(${v.node})`,
    where: (v: { node: string; filter: string }) =>
      `${v.node}.status <> 'ARCHIVED'
       AND EXISTS { MATCH (ibx_w:Employee)-[:WROTE]->(ibx_a:Annotation {kind: 'CHALLENGE'})-[:ON]->(${v.node})
                    WHERE ibx_w.id <> ${v.filter}.challengesFor
                      AND NOT EXISTS { MATCH (:Employee {id: ${v.filter}.challengesFor})-[ibx_s:SAW]->(${v.node}) WHERE ibx_s.at >= ibx_a.createdAt } }`,
  },
};

export type NotificationFilterField = 'recipientId' | 'unread' | 'live';

/** A person's notifications, newest first; only those whose insight or annotation is still there. */
export const notificationList: ListSpec<NotificationFilterField, 'CREATED_AT'> = {
  label: 'Notification',
  filters: {
    recipientId: { linkedTo: { label: 'Employee', type: 'FOR', direction: 'OUT' } },
    unread: { where: (v) => `(${v.node}.readAt IS NULL) = ${v.filter}.unread` },
    // Always set: a notification whose insight or annotation was deleted is not shown (it is again if that is restored).
    live: {
      where: (v) => `${v.filter}.live AND EXISTS { MATCH (${v.node})-[:CONCERNS]->(ibx_x) WHERE ibx_x:Insight OR ibx_x:Annotation }`,
    },
  },
  order: { CREATED_AT: { property: 'createdAt', kind: 'datetime' } },
};

export const notificationRelations = {
  actor: { fromLabel: 'Notification', type: 'FROM', direction: 'OUT', toLabels: ['Employee'], orderBy: 'nameLower' },
  insight: { fromLabel: 'Notification', type: 'CONCERNS', direction: 'OUT', toLabels: ['Insight'], orderBy: 'createdAt' },
  annotation: { fromLabel: 'Notification', type: 'CONCERNS', direction: 'OUT', toLabels: ['Annotation'], orderBy: 'createdAt' },
  insightMentions: { fromLabel: 'Insight', type: 'MENTIONS', direction: 'OUT', toLabels: ['Employee'], orderBy: 'nameLower' },
  annotationMentions: { fromLabel: 'Annotation', type: 'MENTIONS', direction: 'OUT', toLabels: ['Employee'], orderBy: 'nameLower' },
} satisfies Record<string, RelationSpec>;

/**
 * Makes the employee a follower of the insight (kept if they were), and, when they `saw` it (they
 * acted on it, or opened it), marks it seen now.
 */
export async function follow(tx: Tx, employeeId: string, insightId: string, saw: boolean): Promise<void> {
  await tx.run(
    `MATCH (e:Employee {id: $employeeId}), (i:Insight {id: $insightId})
     MERGE (e)-[f:FOLLOWS]->(i) ON CREATE SET f.since = datetime()
     FOREACH (_ IN CASE WHEN $saw THEN [1] ELSE [] END | MERGE (e)-[s:SAW]->(i) SET s.at = datetime())`,
    { employeeId, insightId, saw },
  );
}

export async function unfollow(tx: Tx, employeeId: string, insightId: string): Promise<void> {
  await tx.run('MATCH (:Employee {id: $employeeId})-[f:FOLLOWS]->(:Insight {id: $insightId}) DELETE f', { employeeId, insightId });
}

/** Marks the insight seen by the employee now (what they follow of it, and its challenges, are no longer new). */
export async function markSeen(tx: Tx, employeeId: string, insightId: string): Promise<void> {
  await tx.run(
    `MATCH (e:Employee {id: $employeeId}), (i:Insight {id: $insightId})
     MERGE (e)-[s:SAW]->(i) SET s.at = datetime()`,
    { employeeId, insightId },
  );
}

/** For each (employee, insight) pair, whether that employee follows that insight. One statement. */
export async function follows(db: Reader, pairs: readonly { employeeId: string; insightId: string }[]): Promise<boolean[]> {
  const rows = await db.read(
    `UNWIND range(0, size($pairs) - 1) AS k
     RETURN k, EXISTS { MATCH (:Employee {id: $pairs[k].employeeId})-[:FOLLOWS]->(:Insight {id: $pairs[k].insightId}) } AS follows`,
    { pairs: pairs.map((p) => ({ employeeId: p.employeeId, insightId: p.insightId })) },
    'insight followers',
    ['k', 'follows'],
  );
  const out = pairs.map(() => false);
  for (const r of rows) out[r.k as number] = r.follows === true;
  return out;
}

/**
 * Links the text (`label` `id`) to the employees it mentions that it did not mention yet, and makes
 * a notification for each of them but the author. Returns the notifications made.
 */
export async function mention(
  tx: Tx,
  label: 'Insight' | 'Annotation',
  id: string,
  employeeIds: readonly string[],
  actorId: string,
  kind: string,
): Promise<{ notificationId: string; employeeId: string }[]> {
  const rows = await tx.run(
    `MATCH (r:${label} {id: $id})
     UNWIND $employeeIds AS eid
     MATCH (e:Employee {id: eid})
     WHERE NOT (r)-[:MENTIONS]->(e)
     CREATE (r)-[:MENTIONS]->(e)
     // Not the author; and not again someone this text notified before (mentioned, dropped, mentioned again).
     WITH r, e WHERE e.id <> $actorId AND NOT EXISTS { MATCH (e)<-[:FOR]-(:Notification)-[:CONCERNS]->(r) }
     MATCH (a:Employee {id: $actorId})
     CREATE (a)<-[:FROM]-(n:Notification {id: randomUUID(), kind: $kind, createdAt: datetime()})-[:FOR]->(e)
     CREATE (n)-[:CONCERNS]->(r)
     RETURN n.id AS notificationId, e.id AS employeeId`,
    { id, employeeIds: [...new Set(employeeIds)], actorId, kind },
  );
  return rows.map((r) => ({ notificationId: r.notificationId as string, employeeId: r.employeeId as string }));
}

/** Removes the mentions of employees no longer in `keep` (a revised text); their notifications stay. */
export async function forgetMentions(tx: Tx, label: 'Insight' | 'Annotation', id: string, keep: readonly string[]): Promise<void> {
  await tx.run(
    `MATCH (r:${label} {id: $id})
     MATCH (r)-[m:MENTIONS]->(e:Employee) WHERE NOT e.id IN $keep
     DELETE m`,
    { id, keep: [...keep] },
  );
}

/**
 * Marks the recipient's own notifications among `ids` read (those already read keep their time); returns their ids.
 * A notification hidden because its insight or annotation is deleted is not among them (as it is not in the list).
 */
export async function markRead(tx: Tx, employeeId: string, ids: readonly string[]): Promise<string[]> {
  const rows = await tx.run(
    `UNWIND $ids AS id
     MATCH (n:Notification {id: id})-[:FOR]->(:Employee {id: $employeeId})
     WHERE EXISTS { MATCH (n)-[:CONCERNS]->(x) WHERE x:Insight OR x:Annotation }
     SET n.readAt = coalesce(n.readAt, datetime())
     RETURN n.id AS id`,
    { employeeId, ids: [...new Set(ids)] },
  );
  return rows.map((r) => r.id as string);
}
