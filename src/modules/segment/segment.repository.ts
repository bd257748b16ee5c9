import type { Row, Tx } from '../../db/graph';
import type { ListSpec } from '../../db/list-query';

/** Cypher of the segment module. */

export const segmentList: ListSpec<'nameContains', 'NAME'> = {
  label: 'Segment',
  filters: { nameContains: { where: 'toLower(n.name) CONTAINS toLower(f.nameContains)' } },
  order: { NAME: { property: 'nameLower', kind: 'string' } },
};

export async function createSegment(tx: Tx, id: string, name: string, description: string): Promise<Row | null> {
  const rows = await tx.run(
    `OPTIONAL MATCH (existing:Segment {name: $name})
     WITH existing WHERE existing IS NULL
     CREATE (s:Segment {id: $id, name: $name, nameLower: toLower($name), description: $description, createdAt: datetime()})
     RETURN s`,
    { id, name, description },
  );
  return rows[0]?.s ?? null;
}
