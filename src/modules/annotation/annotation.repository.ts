import type { Row, Tx } from '../../db/graph';
import type { ListSpec, RelationSpec } from '../../db/list-query';

/** Cypher of the annotation module. */

export type AnnotationFilterField = 'insightId' | 'authorId' | 'kinds';

export const annotationList: ListSpec<AnnotationFilterField, 'CREATED_AT'> = {
  label: 'Annotation',
  filters: {
    insightId: { linkedTo: { label: 'Insight', type: 'ON', direction: 'OUT' } },
    authorId: { linkedTo: { label: 'Employee', type: 'WROTE', direction: 'IN' } },
    kinds: { where: (v) => `${v.node}.kind IN ${v.filter}.kinds` },
  },
  order: { CREATED_AT: { property: 'createdAt', kind: 'datetime' } },
};

export const annotationRelations = {
  author: { fromLabel: 'Annotation', type: 'WROTE', direction: 'IN', toLabels: ['Employee'], orderBy: 'nameLower' },
  insight: { fromLabel: 'Annotation', type: 'ON', direction: 'OUT', toLabels: ['Insight'], orderBy: 'createdAt' },
} satisfies Record<string, RelationSpec>;

export async function createAnnotation(
  tx: Tx,
  id: string,
  insightId: string,
  authorId: string,
  kind: string,
  body: string,
): Promise<Row | null> {
  const rows = await tx.run(
    `MATCH (i:Insight {id: $insightId}), (e:Employee {id: $authorId})
     CREATE (e)-[:WROTE]->(a:Annotation {id: $id, kind: $kind, body: $body, createdAt: datetime(), version: 1})-[:ON]->(i)
     RETURN a`,
    { id, insightId, authorId, kind, body },
  );
  return rows[0]?.a ?? null;
}

/** The ids of the customers an insight is about. */
export async function customerSubjects(tx: Tx, insightId: string): Promise<string[]> {
  const rows = await tx.run('MATCH (:Insight {id: $insightId})-[:ABOUT]->(c:Customer) RETURN c.id AS id', { insightId });
  return rows.map((r) => r.id as string);
}

/** Who wrote an annotation and the insight it is on; null when there is no such annotation. */
export async function annotationFacts(tx: Tx, id: string): Promise<{ authorId: string | null; insightId: string | null } | null> {
  const rows = await tx.run(
    `MATCH (a:Annotation {id: $id})
     OPTIONAL MATCH (e:Employee)-[:WROTE]->(a)
     OPTIONAL MATCH (a)-[:ON]->(i:Insight)
     RETURN e.id AS authorId, i.id AS insightId LIMIT 1`,
    { id },
  );
  return rows[0] ? { authorId: rows[0].authorId ?? null, insightId: rows[0].insightId ?? null } : null;
}

/** Sets the given properties and moves the version on by one; returns the annotation. */
export async function editAnnotation(tx: Tx, id: string, changes: { body?: string; kind?: string }): Promise<Row> {
  const rows = await tx.run('MATCH (a:Annotation {id: $id}) SET a += $changes, a.version = coalesce(a.version, 1) + 1 RETURN a', {
    id,
    changes,
  });
  return rows[0].a;
}
