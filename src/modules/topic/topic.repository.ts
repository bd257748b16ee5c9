import type { Row, Tx } from '../../db/graph';
import type { ListSpec, RelationSpec } from '../../db/list-query';

/** Cypher of the topic taxonomy. */

/** Labels that can carry topics (a fixed list: labels never come from input). */
export const TAGGABLE_LABELS = ['Interaction', 'Need', 'Insight'] as const;
export type TaggableLabel = (typeof TAGGABLE_LABELS)[number];

export const topicList: ListSpec<'nameContains', 'NAME'> = {
  label: 'Topic',
  filters: { nameContains: { where: 'n.name CONTAINS toLower(f.nameContains)' } },
  order: { NAME: { property: 'name', kind: 'string' } },
};

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
     MERGE (t:Topic {name: name}) ON CREATE SET t.id = randomUUID(), t.createdAt = datetime()
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
