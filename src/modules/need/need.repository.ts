import type { Row, Tx } from '../../db/graph';
import type { ListSpec } from '../../db/list-query';
import { taggedWith } from '../topic/topic.repository';

/** Cypher of the need module. */

export type NeedFilterField = 'customerId' | 'interactionId' | 'kinds' | 'priorities' | 'statuses' | 'titleContains' | 'topic';
export type NeedSortField = 'CREATED_AT' | 'UPDATED_AT' | 'TITLE';

export const needList: ListSpec<NeedFilterField, NeedSortField> = {
  label: 'Need',
  filters: {
    customerId: { linkedTo: { label: 'Customer', type: 'HAS_NEED', direction: 'IN' } },
    interactionId: { linkedTo: { label: 'Interaction', type: 'EXPRESSED', direction: 'IN' } },
    kinds: { where: (v) => `${v.node}.kind IN ${v.filter}.kinds` },
    priorities: { where: (v) => `${v.node}.priority IN ${v.filter}.priorities` },
    statuses: { where: (v) => `${v.node}.status IN ${v.filter}.statuses` },
    titleContains: { where: (v) => `toLower(${v.node}.title) CONTAINS toLower(${v.filter}.titleContains)` },
    topic: taggedWith,
  },
  order: {
    CREATED_AT: { property: 'createdAt', kind: 'datetime' },
    UPDATED_AT: { property: 'updatedAt', kind: 'datetime' },
    // Alphabetically without regard to case (the title's lower-cased copy).
    TITLE: { property: 'titleLower', kind: 'string' },
  },
};

export interface NeedProps {
  title: string;
  description: string;
  kind: string;
  priority: string;
  status: string;
}

export async function createNeed(tx: Tx, id: string, props: NeedProps): Promise<Row> {
  const rows = await tx.run(
    'CREATE (n:Need) SET n = $props, n.titleLower = toLower($props.title), n.id = $id, n.createdAt = datetime(), n.updatedAt = datetime(), n.version = 1 RETURN n',
    { id, props },
  );
  return rows[0].n;
}

/** Sets the given properties and bumps `updatedAt`, and the version when `changed`; null when the id is unknown. */
export async function updateNeed(tx: Tx, id: string, changes: Partial<NeedProps>, changed = false): Promise<Row | null> {
  const rows = await tx.run(
    `MATCH (n:Need {id: $id}) SET n += $changes SET n.titleLower = toLower(n.title), n.updatedAt = datetime()
     FOREACH (_ IN CASE WHEN $changed THEN [1] ELSE [] END | SET n.version = coalesce(n.version, 1) + 1)
     RETURN n`,
    { id, changes, changed },
  );
  return rows[0]?.n ?? null;
}

/** The ids of the customers who hold a need, sorted. */
export async function holdersOf(tx: Tx, needId: string): Promise<string[]> {
  const rows = await tx.run('MATCH (c:Customer)-[:HAS_NEED]->(:Need {id: $needId}) RETURN c.id AS id ORDER BY id', { needId });
  return rows.map((r) => r.id as string);
}

/**
 * The customer no longer holds the need: deletes the link, moves the customer's version on and
 * bumps both `updatedAt`s. Returns the customer and what the link held; null when there was no link.
 */
export async function unlinkCustomer(
  tx: Tx,
  needId: string,
  customerId: string,
): Promise<{ customer: Row; intensity: number | null; since: Date | null } | null> {
  const rows = await tx.run(
    `MATCH (c:Customer {id: $customerId})-[h:HAS_NEED]->(n:Need {id: $needId})
     WITH c, n, h, h.intensity AS intensity, h.since AS since
     DELETE h
     SET c.version = coalesce(c.version, 1) + 1, c.updatedAt = datetime(), n.updatedAt = datetime()
     RETURN c, intensity, since`,
    { needId, customerId },
  );
  return rows[0] ? { customer: rows[0].c, intensity: rows[0].intensity ?? null, since: rows[0].since ?? null } : null;
}

export async function findNeed(tx: Tx, id: string): Promise<Row | null> {
  const rows = await tx.run('MATCH (n:Need {id: $id}) RETURN n', { id });
  return rows[0]?.n ?? null;
}

/** The customer has the need (kept once; a new intensity replaces the old). True when new. */
export async function linkCustomer(tx: Tx, needId: string, customerId: string, intensity: number): Promise<boolean> {
  const rows = await tx.run(
    `MATCH (n:Need {id: $needId}), (c:Customer {id: $customerId})
     OPTIONAL MATCH (c)-[old:HAS_NEED]->(n)
     MERGE (c)-[h:HAS_NEED]->(n) ON CREATE SET h.since = datetime()
     SET h.intensity = $intensity, n.updatedAt = datetime()
     RETURN old IS NULL AS created`,
    { needId, customerId, intensity },
  );
  return rows[0]?.created === true;
}

/**
 * Of these (customer, need) pairs, those whose customer does not hold the need yet: recording an
 * interaction that expresses it, or linking one, will make them hold it (a need raised, for subscribers).
 */
export async function notYetHeld(
  tx: Tx,
  pairs: { customerId: string; needId: string }[],
): Promise<{ customerId: string; needId: string }[]> {
  if (!pairs.length) return [];
  const rows = await tx.run(
    `UNWIND $pairs AS p
     MATCH (c:Customer {id: p.customerId}), (n:Need {id: p.needId})
     WHERE NOT EXISTS { (c)-[:HAS_NEED]->(n) }
     RETURN DISTINCT p.customerId AS customerId, p.needId AS needId`,
    { pairs },
  );
  return rows as { customerId: string; needId: string }[];
}

/** The id of the customer an interaction is with, or null when there is no such interaction. */
export async function customerOfInteraction(tx: Tx, interactionId: string): Promise<string | null> {
  const rows = await tx.run('MATCH (:Interaction {id: $interactionId})-[:WITH_CUSTOMER]->(c:Customer) RETURN c.id AS id', {
    interactionId,
  });
  return (rows[0]?.id as string | undefined) ?? null;
}

/**
 * The interaction expressed the need; its customer then has the need too. Returns that customer's
 * id when they did not hold the need before (like {@link linkCustomer}'s "new"), else null.
 */
export async function linkInteraction(tx: Tx, needId: string, interactionId: string): Promise<string | null> {
  const rows = await tx.run(
    `MATCH (n:Need {id: $needId}), (i:Interaction {id: $interactionId})
     MERGE (i)-[:EXPRESSED]->(n)
     SET n.updatedAt = datetime()
     WITH n, i
     MATCH (i)-[:WITH_CUSTOMER]->(c:Customer)
     OPTIONAL MATCH (c)-[old:HAS_NEED]->(n)
     MERGE (c)-[h:HAS_NEED]->(n) ON CREATE SET h.since = i.occurredAt, h.intensity = 0.5
     RETURN c.id AS customerId, old IS NULL AS created`,
    { needId, interactionId },
  );
  return rows[0]?.created === true ? (rows[0].customerId as string) : null;
}
