import type { Row, Tx } from '../../db/graph';
import type { FilterFragment, ListSpec, RelationSpec } from '../../db/list-query';

/** Cypher of the topic taxonomy. */

/** Labels that can carry topics (a fixed list: labels never come from input). */
export const TAGGABLE_LABELS = ['Interaction', 'Need', 'Insight'] as const;
export type TaggableLabel = (typeof TAGGABLE_LABELS)[number];

export const topicList: ListSpec<'nameContains', 'NAME'> = {
  label: 'Topic',
  filters: { nameContains: { where: (v) => `${v.node}.name CONTAINS toLower(${v.filter}.nameContains)` } },
  order: { NAME: { property: 'name', kind: 'string' } },
};

/** A list filter for a taggable node tagged with the topic `topic` (named as stored: trimmed, lower case). */
export const taggedWith: FilterFragment = { match: (v) => `(${v.node})-[:TAGGED]->(:Topic {name: toLower(trim(${v.filter}.topic))})` };

/** The topics of a taggable node, by name. */
export const topicsOf = (label: TaggableLabel): RelationSpec => ({
  fromLabel: label,
  type: 'TAGGED',
  direction: 'OUT',
  toLabels: ['Topic'],
  orderBy: 'name',
});

/** Topic names as stored: trimmed, lower case, without duplicates. */
export function normalizeTopics(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim().toLowerCase()).filter(Boolean))];
}

/** Tags a node with topics, creating topics that do not exist yet. Names must be normalized. */
export async function tagNode(tx: Tx, label: TaggableLabel, id: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await tx.run(
    `MATCH (x:${label} {id: $id})
     UNWIND $names AS name
     MERGE (t:Topic {name: name}) ON CREATE SET t.id = randomUUID(), t.createdAt = datetime(), t.version = 1
     MERGE (x)-[:TAGGED]->(t)`,
    { id, names },
  );
}

/** The taggable node with this id and its label, or null. */
export async function findTaggable(tx: Tx, id: string): Promise<{ label: TaggableLabel; node: Row } | null> {
  const rows = await tx.run(
    `MATCH (x {id: $id}) WHERE x:Interaction OR x:Need OR x:Insight
     RETURN x, [l IN labels(x) WHERE l IN $labels][0] AS label`,
    { id, labels: TAGGABLE_LABELS },
  );
  return rows[0] ? { label: rows[0].label, node: rows[0].x } : null;
}

/** The topic names a taggable node carries, sorted. */
export async function topicNamesOf(tx: Tx, label: TaggableLabel, id: string): Promise<string[]> {
  const rows = await tx.run(`MATCH (:${label} {id: $id})-[:TAGGED]->(t:Topic) RETURN t.name AS name ORDER BY name`, { id });
  return rows.map((r) => r.name as string);
}

/** Takes these topics (normalized names) off a taggable node; the topics themselves stay. */
export async function untagNode(tx: Tx, label: TaggableLabel, id: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await tx.run(`MATCH (:${label} {id: $id})-[x:TAGGED]->(t:Topic) WHERE t.name IN $names DELETE x`, { id, names });
}

/** Whether another topic than `id` has this (normalized) name. */
export async function topicNameTaken(tx: Tx, name: string, id: string): Promise<boolean> {
  const rows = await tx.run('MATCH (t:Topic {name: $name}) WHERE t.id <> $id RETURN t.id AS id LIMIT 1', { name, id });
  return rows.length > 0;
}

/** Renames a topic and moves its version on by one; returns it. */
export async function renameTopic(tx: Tx, id: string, name: string): Promise<Row> {
  const rows = await tx.run('MATCH (t:Topic {id: $id}) SET t.name = $name, t.version = coalesce(t.version, 1) + 1 RETURN t', { id, name });
  return rows[0].t;
}

/** The customers a taggable record concerns: an interaction's customer, a need's holders (none for an insight here). */
export async function customersOfTaggable(tx: Tx, label: TaggableLabel, id: string): Promise<string[]> {
  if (label === 'Interaction') {
    const rows = await tx.run('MATCH (:Interaction {id: $id})-[:WITH_CUSTOMER]->(c:Customer) RETURN c.id AS id', { id });
    return rows.map((r) => r.id as string);
  }
  if (label === 'Need') {
    const rows = await tx.run('MATCH (c:Customer)-[:HAS_NEED]->(:Need {id: $id}) RETURN c.id AS id ORDER BY id', { id });
    return rows.map((r) => r.id as string);
  }
  return [];
}
