import type { Row, Tx } from '../../db/graph';
import type { ListSpec } from '../../db/list-query';

/** Cypher of the segment module. */

export const segmentList: ListSpec<'nameContains', 'NAME'> = {
  label: 'Segment',
  filters: { nameContains: { where: (v) => `toLower(${v.node}.name) CONTAINS toLower(${v.filter}.nameContains)` } },
  order: { NAME: { property: 'nameLower', kind: 'string' } },
};

export async function createSegment(tx: Tx, id: string, name: string, description: string): Promise<Row | null> {
  const rows = await tx.run(
    `OPTIONAL MATCH (existing:Segment {name: $name})
     WITH existing WHERE existing IS NULL
     CREATE (s:Segment {id: $id, name: $name, nameLower: toLower($name), description: $description, createdAt: datetime(), version: 1})
     RETURN s`,
    { id, name, description },
  );
  return rows[0]?.s ?? null;
}

/** Whether another segment than `id` has this name. */
export async function segmentNameTaken(tx: Tx, name: string, id: string): Promise<boolean> {
  const rows = await tx.run('MATCH (s:Segment {name: $name}) WHERE s.id <> $id RETURN s.id AS id LIMIT 1', { name, id });
  return rows.length > 0;
}

/** Sets the given properties (and the lower-cased name) and moves the version on by one; returns the segment. */
export async function editSegment(tx: Tx, id: string, changes: { name?: string; description?: string }): Promise<Row> {
  const rows = await tx.run(
    'MATCH (s:Segment {id: $id}) SET s += $changes SET s.nameLower = toLower(s.name), s.version = coalesce(s.version, 1) + 1 RETURN s',
    { id, changes },
  );
  return rows[0].s;
}
