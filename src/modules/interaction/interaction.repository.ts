import type { Row, Tx } from '../../db/graph';
import type { ListSpec, RelationSpec } from '../../db/list-query';

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
    customerId: { match: '(n)-[:WITH_CUSTOMER]->(:Customer {id: f.customerId})' },
    employeeId: { match: '(n)-[:HANDLED_BY]->(:Employee {id: f.employeeId})' },
    channels: { where: 'n.channel IN f.channels' },
    touchpoints: { where: 'n.touchpoint IN f.touchpoints' },
    directions: { where: 'n.direction IN f.directions' },
    occurredAfter: { where: 'n.occurredAt >= datetime(f.occurredAfter)' },
    occurredBefore: { where: 'n.occurredAt < datetime(f.occurredBefore)' },
    needId: { match: '(n)-[:EXPRESSED]->(:Need {id: f.needId})' },
    topic: { match: '(n)-[:TAGGED]->(:Topic {name: toLower(f.topic)})' },
    evidenceOfInsightId: { match: '(n)<-[:EVIDENCED_BY]-(:Insight {id: f.evidenceOfInsightId})' },
  },
  order: {
    OCCURRED_AT: { property: 'occurredAt', kind: 'datetime' },
    CREATED_AT: { property: 'createdAt', kind: 'datetime' },
  },
};

export const interactionRelations = {
  customer: { fromLabel: 'Interaction', type: 'WITH_CUSTOMER', direction: 'OUT', toLabels: ['Customer'], orderBy: 'nameLower' },
  handler: { fromLabel: 'Interaction', type: 'HANDLED_BY', direction: 'OUT', toLabels: ['Employee'], orderBy: 'nameLower' },
  needs: { fromLabel: 'Interaction', type: 'EXPRESSED', direction: 'OUT', toLabels: ['Need'], orderBy: 'title' },
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

/**
 * Creates the interaction, or, when one with the same external id exists, returns that one
 * untouched (`created: false`). MERGE on the unique external id makes concurrent retries safe.
 */
export async function upsertInteraction(
  tx: Tx,
  id: string,
  props: InteractionProps,
  occurredAt: string,
): Promise<{ interaction: Row; created: boolean; customerId: string | null }> {
  const cypher = props.externalId
    ? `MERGE (i:Interaction {externalId: $props.externalId})
       ON CREATE SET i += $props, i.id = $id, i.occurredAt = datetime($occurredAt), i.createdAt = datetime(),
                     i.expectedQuality = toInteger($props.expectedQuality), i.perceivedQuality = toInteger($props.perceivedQuality)
       WITH i OPTIONAL MATCH (i)-[:WITH_CUSTOMER]->(c:Customer)
       RETURN i, i.id = $id AS created, c.id AS customerId`
    : `CREATE (i:Interaction) SET i = $props, i.id = $id, i.occurredAt = datetime($occurredAt), i.createdAt = datetime(),
                                  i.expectedQuality = toInteger($props.expectedQuality), i.perceivedQuality = toInteger($props.perceivedQuality)
       RETURN i, true AS created, null AS customerId`;
  const rows = await tx.run(cypher, { id, props, occurredAt });
  return { interaction: rows[0].i, created: rows[0].created, customerId: rows[0].customerId };
}

/** Links a new interaction to its customer, handler and expressed needs. */
export async function linkInteraction(tx: Tx, id: string, customerId: string, handlerId: string, needIds: string[]): Promise<void> {
  await tx.run(
    `MATCH (i:Interaction {id: $id}), (c:Customer {id: $customerId}), (e:Employee {id: $handlerId})
     MERGE (i)-[:WITH_CUSTOMER]->(c)
     MERGE (i)-[:HANDLED_BY]->(e)
     WITH i, c
     UNWIND $needIds AS nid
     MATCH (n:Need {id: nid})
     MERGE (i)-[:EXPRESSED]->(n)
     MERGE (c)-[h:HAS_NEED]->(n) ON CREATE SET h.since = i.occurredAt, h.intensity = 0.5`,
    { id, customerId, handlerId, needIds },
  );
}
