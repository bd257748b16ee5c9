import type { Row, Tx } from '../../db/graph';
import type { ListSpec, RelationSpec } from '../../db/list-query';
import { taggedWith } from '../topic/topic.repository';

/** Cypher of the interaction module. */

export type InteractionFilterField =
  | 'customerId'
  | 'employeeId'
  | 'channels'
  | 'touchpoints'
  | 'directions'
  | 'occurredAfter'
  | 'occurredBefore'
  | 'needId'
  | 'topic'
  | 'evidenceOfInsightId';
export type InteractionSortField = 'OCCURRED_AT' | 'CREATED_AT';

export const interactionList: ListSpec<InteractionFilterField, InteractionSortField> = {
  label: 'Interaction',
  filters: {
    customerId: { linkedTo: { label: 'Customer', type: 'WITH_CUSTOMER', direction: 'OUT' } },
    employeeId: { linkedTo: { label: 'Employee', type: 'HANDLED_BY', direction: 'OUT' } },
    channels: { where: (v) => `${v.node}.channel IN ${v.filter}.channels` },
    touchpoints: { where: (v) => `${v.node}.touchpoint IN ${v.filter}.touchpoints` },
    directions: { where: (v) => `${v.node}.direction IN ${v.filter}.directions` },
    occurredAfter: { where: (v) => `${v.node}.occurredAt >= datetime(${v.filter}.occurredAfter)` },
    occurredBefore: { where: (v) => `${v.node}.occurredAt < datetime(${v.filter}.occurredBefore)` },
    needId: { linkedTo: { label: 'Need', type: 'EXPRESSED', direction: 'OUT' } },
    topic: taggedWith,
    evidenceOfInsightId: { linkedTo: { label: 'Insight', type: 'EVIDENCED_BY', direction: 'IN' } },
  },
  order: {
    OCCURRED_AT: { property: 'occurredAt', kind: 'datetime' },
    CREATED_AT: { property: 'createdAt', kind: 'datetime' },
  },
};

export const interactionRelations = {
  customer: { fromLabel: 'Interaction', type: 'WITH_CUSTOMER', direction: 'OUT', toLabels: ['Customer'], orderBy: 'nameLower' },
  handler: { fromLabel: 'Interaction', type: 'HANDLED_BY', direction: 'OUT', toLabels: ['Employee'], orderBy: 'nameLower' },
  needs: { fromLabel: 'Interaction', type: 'EXPRESSED', direction: 'OUT', toLabels: ['Need'], orderBy: 'titleLower' },
} satisfies Record<string, RelationSpec>;

export interface InteractionProps {
  externalId: string | null;
  channel: string;
  touchpoint: string;
  direction: string;
  summary: string;
  content: string;
  sentiment: number | null;
  expectedQuality: number | null;
  perceivedQuality: number | null;
}

/** One interaction to write: its new id, its properties, and the ids of what it links to. */
export interface InteractionWrite {
  /** The id it gets when it is created. */
  id: string;
  props: InteractionProps;
  occurredAt: string;
  customerId: string;
  handlerId: string;
  /** Distinct need ids. */
  needIds: string[];
  /** Normalized topic names (see `normalizeTopics`). */
  topics: string[];
}

/** What became of one written interaction. */
export interface InteractionWritten {
  /** The interaction (only when asked for). */
  interaction: Row | null;
  /** False when an interaction with the same external id existed; it was left untouched. */
  created: boolean;
  /** For an existing interaction: the customer it is recorded for. */
  customerId: string | null;
}

/**
 * The batched writer of interactions, shared by `recordInteraction(s)` and the bulk importer:
 * one statement for any number of rows (two when some rows have no external id, one more to
 * create missing topics). Rows with an external id are MERGEd on it (the unique constraint makes
 * concurrent retries safe); an existing interaction is returned untouched, and only new ones are
 * linked to their customer, handler, needs (creating the customer's `HAS_NEED` when missing) and
 * topics. External ids must be distinct within one call.
 *
 * `createKeyed` (the importer, which has looked the external ids up in this transaction and passes
 * only those not found): rows with an external id are CREATEd, not MERGEd. A concurrent writer that
 * created one of them meanwhile makes the statement fail on the unique constraint
 * ({@link isConstraintViolation}) rather than duplicate it; the caller writes them again with MERGE.
 */
export async function writeInteractions(
  tx: Tx,
  rows: InteractionWrite[],
  withNodes: boolean,
  { createKeyed = false } = {},
): Promise<InteractionWritten[]> {
  if (rows.length === 0) return [];
  const names = [...new Set(rows.flatMap((r) => r.topics))];
  if (names.length) {
    await tx.run(
      'UNWIND $names AS name MERGE (t:Topic {name: name}) ON CREATE SET t.id = randomUUID(), t.createdAt = datetime(), t.version = 1',
      { names },
    );
  }
  const keyed = rows.flatMap((r, k) => (r.props.externalId === null ? [] : [{ ...r, k }]));
  const unkeyed = rows.flatMap((r, k) => (r.props.externalId === null ? [{ ...r, k }] : []));
  const out: InteractionWritten[] = new Array(rows.length);
  for (const [group, cypher] of [
    [keyed, createKeyed ? CREATE_INTERACTIONS : MERGE_INTERACTIONS],
    [unkeyed, CREATE_INTERACTIONS],
  ] as const) {
    if (group.length === 0) continue;
    for (const w of await tx.run(cypher, { rows: group, withNodes })) {
      out[w.k] = { interaction: w.i ?? null, created: w.created, customerId: w.customerId ?? null };
    }
  }
  return out;
}

/** Links a new interaction `i` of row `r` to its customer, handler, needs and (existing) topics. */
const LINK_NEW = `MATCH (c:Customer {id: r.customerId}), (e:Employee {id: r.handlerId})
       CREATE (i)-[:WITH_CUSTOMER]->(c), (i)-[:HANDLED_BY]->(e)
       WITH i, c, r
       CALL (i, c, r) {
         UNWIND r.needIds AS nid
         MATCH (n:Need {id: nid})
         CREATE (i)-[:EXPRESSED]->(n)
         MERGE (c)-[h:HAS_NEED]->(n) ON CREATE SET h.since = i.occurredAt, h.intensity = 0.5
       }
       CALL (i, r) { UNWIND r.topics AS name MATCH (t:Topic {name: name}) CREATE (i)-[:TAGGED]->(t) }`;

const NEW_PROPS = `i += r.props, i.id = r.id, i.occurredAt = datetime(r.occurredAt), i.createdAt = datetime(), i.version = 1,
       i.expectedQuality = toInteger(r.props.expectedQuality), i.perceivedQuality = toInteger(r.props.perceivedQuality)`;

const MERGE_INTERACTIONS = `UNWIND $rows AS r
     MERGE (i:Interaction {externalId: r.props.externalId})
     ON CREATE SET ${NEW_PROPS}
     WITH i, r, i.id = r.id AS created
     CALL (i, r, created) {
       WITH i, r WHERE created
       ${LINK_NEW}
     }
     OPTIONAL MATCH (i)-[:WITH_CUSTOMER]->(owner:Customer)
     RETURN r.k AS k, CASE WHEN $withNodes THEN i END AS i, created, owner.id AS customerId`;

const CREATE_INTERACTIONS = `UNWIND $rows AS r
     CREATE (i:Interaction) SET ${NEW_PROPS}
     WITH i, r
     CALL (i, r) {
       ${LINK_NEW}
     }
     RETURN r.k AS k, CASE WHEN $withNodes THEN i END AS i, true AS created, r.customerId AS customerId`;

/** An interaction as an edit reads it: its properties (version 1 when it has none) and the ids of what it links to. */
export interface InteractionForEdit {
  interaction: Row;
  customerId: string | null;
  handlerId: string | null;
  /** Sorted. */
  needIds: string[];
  /** Sorted. */
  topics: string[];
}

/** Write-locks the interaction and reads it as {@link InteractionForEdit}; null when there is none. */
export async function lockInteractionForEdit(tx: Tx, id: string): Promise<InteractionForEdit | null> {
  const rows = await tx.run(
    `MATCH (i:Interaction {id: $id})
     SET i._lock = true REMOVE i._lock
     WITH i
     OPTIONAL MATCH (i)-[:WITH_CUSTOMER]->(c:Customer)
     OPTIONAL MATCH (i)-[:HANDLED_BY]->(e:Employee)
     RETURN i {.*, version: coalesce(i.version, 1)} AS i, c.id AS customerId, e.id AS handlerId,
            COLLECT { MATCH (i)-[:EXPRESSED]->(n:Need) RETURN n.id AS id ORDER BY id } AS needIds,
            COLLECT { MATCH (i)-[:TAGGED]->(t:Topic) RETURN t.name AS name ORDER BY name } AS topics
     LIMIT 1`,
    { id },
  );
  const r = rows[0];
  return r
    ? { interaction: r.i, customerId: r.customerId ?? null, handlerId: r.handlerId ?? null, needIds: r.needIds, topics: r.topics }
    : null;
}

/** What an edit changes of an interaction (only what is given changes). */
export interface InteractionEdit {
  /** Properties to set (null removes one). */
  props: Partial<Omit<InteractionProps, 'externalId'>>;
  /** ISO-8601, when it changes. */
  occurredAt?: string;
  handlerId?: string;
  /** The needs it expresses from now on (distinct), when they change. */
  needIds?: string[];
  /** The normalized topic names it carries from now on, when they change. */
  topics?: string[];
}

/**
 * Applies an edit and moves the version on by one; returns the interaction as it now is. A need
 * newly expressed makes the customer hold it (as recording does: since when it happened, intensity
 * 0.5); one no longer expressed stays held. Topics that do not exist yet are created.
 */
export async function editInteraction(tx: Tx, id: string, edit: InteractionEdit): Promise<Row> {
  const params = { id, props: edit.props, occurredAt: edit.occurredAt ?? null, handlerId: edit.handlerId ?? null };
  const rows = await tx.run(
    `MATCH (i:Interaction {id: $id})
     SET i += $props, i.version = coalesce(i.version, 1) + 1
     SET i.expectedQuality = toInteger(i.expectedQuality), i.perceivedQuality = toInteger(i.perceivedQuality)
     FOREACH (_ IN CASE WHEN $occurredAt IS NULL THEN [] ELSE [1] END | SET i.occurredAt = datetime($occurredAt))
     WITH i
     CALL (i) {
       WITH i WHERE $handlerId IS NOT NULL
       MATCH (e:Employee {id: $handlerId})
       OPTIONAL MATCH (i)-[old:HANDLED_BY]->(:Employee)
       DELETE old
       WITH DISTINCT i, e
       CREATE (i)-[:HANDLED_BY]->(e)
     }
     RETURN i`,
    params,
  );
  if (edit.needIds) {
    await tx.run(
      `MATCH (i:Interaction {id: $id})
       CALL (i) { MATCH (i)-[x:EXPRESSED]->(n:Need) WHERE NOT n.id IN $needIds DELETE x }
       WITH i
       OPTIONAL MATCH (i)-[:WITH_CUSTOMER]->(c:Customer)
       UNWIND $needIds AS nid
       MATCH (n:Need {id: nid})
       MERGE (i)-[:EXPRESSED]->(n)
       FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END |
         MERGE (c)-[h:HAS_NEED]->(n) ON CREATE SET h.since = i.occurredAt, h.intensity = 0.5)`,
      { id, needIds: edit.needIds },
    );
  }
  if (edit.topics) {
    await tx.run(
      `MATCH (i:Interaction {id: $id})
       CALL (i) { MATCH (i)-[x:TAGGED]->(t:Topic) WHERE NOT t.name IN $names DELETE x }
       WITH i
       UNWIND $names AS name
       MERGE (t:Topic {name: name}) ON CREATE SET t.id = randomUUID(), t.createdAt = datetime(), t.version = 1
       MERGE (i)-[:TAGGED]->(t)`,
      { id, names: edit.topics },
    );
  }
  return rows[0].i;
}
