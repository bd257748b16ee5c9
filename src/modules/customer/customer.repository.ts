import type { Tx, Row } from '../../db/graph';
import type { ListSpec, RelationSpec } from '../../db/list-query';

/** Cypher of the customer module. Every value travels as a parameter. */

/**
 * The one test of analytics consent, for every analytics or learning query: a customer without
 * consent is left out. `v` is the Cypher variable of a Customer (a fixed name in code).
 */
export const hasAnalyticsConsent = (v: string) => `coalesce(${v}.consentAnalytics, false)`;

export type CustomerFilterField =
  | 'nameContains'
  | 'externalId'
  | 'kinds'
  | 'lifecycleStages'
  | 'relationshipTypes'
  | 'segmentId'
  | 'hasNeedId'
  | 'ownerId'
  | 'organizationId'
  | 'analyticsConsent'
  | 'healthStatuses'
  | 'healthScoreBelow'
  | 'healthScoreAtLeast'
  | 'lastContactAfter'
  | 'lastContactBefore'
  | 'contacted';
export type CustomerSortField = 'NAME' | 'REVENUE' | 'LIFETIME_VALUE' | 'CREATED_AT' | 'UPDATED_AT' | 'HEALTH_SCORE' | 'LAST_CONTACT_AT';

export const customerList: ListSpec<CustomerFilterField, CustomerSortField> = {
  label: 'Customer',
  filters: {
    nameContains: { where: (v) => `${v.node}.nameLower CONTAINS toLower(${v.filter}.nameContains)` },
    // Its own external id, or that of a customer merged into it (mergeCustomers).
    externalId: {
      where: (v) =>
        `${v.node}.externalId = ${v.filter}.externalId OR EXISTS { (${v.node})<-[:MERGED_INTO]-(:MergedCustomer {externalId: ${v.filter}.externalId}) }`,
    },
    kinds: { where: (v) => `${v.node}.kind IN ${v.filter}.kinds` },
    lifecycleStages: { where: (v) => `${v.node}.lifecycleStage IN ${v.filter}.lifecycleStages` },
    relationshipTypes: { where: (v) => `${v.node}.relationshipType IN ${v.filter}.relationshipTypes` },
    segmentId: { linkedTo: { label: 'Segment', type: 'IN_SEGMENT', direction: 'OUT' } },
    hasNeedId: { linkedTo: { label: 'Need', type: 'HAS_NEED', direction: 'OUT' } },
    ownerId: { linkedTo: { label: 'Employee', type: 'OWNS_ACCOUNT', direction: 'IN' } },
    organizationId: { linkedTo: { label: 'Customer', type: 'MEMBER_OF', direction: 'OUT' } },
    analyticsConsent: { where: (v) => `${hasAnalyticsConsent(v.node)} = ${v.filter}.analyticsConsent` },
    // The health snapshot (analytics/health-snapshot.ts): a null (no consent, never contacted) matches no comparison.
    healthStatuses: { where: (v) => `${v.node}.healthStatus IN ${v.filter}.healthStatuses` },
    healthScoreBelow: { where: (v) => `${v.node}.healthScore < ${v.filter}.healthScoreBelow` },
    healthScoreAtLeast: { where: (v) => `${v.node}.healthScore >= ${v.filter}.healthScoreAtLeast` },
    lastContactAfter: { where: (v) => `${v.node}.lastContactAt >= datetime(${v.filter}.lastContactAfter)` },
    lastContactBefore: { where: (v) => `${v.node}.lastContactAt < datetime(${v.filter}.lastContactBefore)` },
    contacted: { where: (v) => `(${v.node}.lastContactAt IS NOT NULL) = ${v.filter}.contacted` },
  },
  order: {
    NAME: { property: 'nameLower', kind: 'string' },
    REVENUE: { property: 'revenue', kind: 'number' },
    LIFETIME_VALUE: { property: 'lifetimeValue', kind: 'number' },
    CREATED_AT: { property: 'createdAt', kind: 'datetime' },
    UPDATED_AT: { property: 'updatedAt', kind: 'datetime' },
    // Null for some customers (no analytics consent; never contacted): those come last, by id.
    HEALTH_SCORE: { property: 'healthScore', kind: 'number', nullable: true },
    LAST_CONTACT_AT: { property: 'lastContactAt', kind: 'datetime', nullable: true },
  },
};

export const customerRelations = {
  owners: { fromLabel: 'Customer', type: 'OWNS_ACCOUNT', direction: 'IN', toLabels: ['Employee'], orderBy: 'nameLower' },
  segment: { fromLabel: 'Customer', type: 'IN_SEGMENT', direction: 'OUT', toLabels: ['Segment'], orderBy: 'nameLower' },
  organization: { fromLabel: 'Customer', type: 'MEMBER_OF', direction: 'OUT', toLabels: ['Customer'], orderBy: 'nameLower' },
  referredBy: { fromLabel: 'Customer', type: 'REFERRED', direction: 'IN', toLabels: ['Customer'], orderBy: 'nameLower' },
  heldNeeds: { fromLabel: 'Customer', type: 'HAS_NEED', direction: 'OUT', toLabels: ['Need'], orderBy: 'titleLower' },
} satisfies Record<string, RelationSpec>;

export interface CustomerProps {
  name: string;
  kind: string;
  email: string | null;
  phone: string | null;
  lifecycleStage: string;
  relationshipType: string;
  revenue: number;
  costToServe: number;
  lifetimeValue: number;
  consentContact: boolean;
  consentAnalytics: boolean;
}

export async function createCustomer(tx: Tx, id: string, props: CustomerProps): Promise<Row> {
  const rows = await tx.run(
    `CREATE (c:Customer)
     SET c = $props, c.id = $id, c.nameLower = toLower($props.name), c.createdAt = datetime(), c.updatedAt = datetime(), c.version = 1
     RETURN c`,
    { id, props },
  );
  return rows[0].c;
}

/**
 * Sets the given properties (null removes one) and bumps `updatedAt`, and the version when
 * `changed` (something the history keeps changed); null when the id is unknown.
 */
export async function updateCustomer(tx: Tx, id: string, changes: Partial<CustomerProps>, changed = false): Promise<Row | null> {
  const rows = await tx.run(
    `MATCH (c:Customer {id: $id})
     SET c += $changes, c.updatedAt = datetime()
     SET c.nameLower = toLower(c.name)
     FOREACH (_ IN CASE WHEN $changed THEN [1] ELSE [] END | SET c.version = coalesce(c.version, 1) + 1)
     RETURN c`,
    { id, changes, changed },
  );
  return rows[0]?.c ?? null;
}

/** A customer as an edit compares it: its properties (version 1 when it has none), segment and organization. */
export async function customerForEdit(
  tx: Tx,
  id: string,
): Promise<{ customer: Row; segmentId: string | null; organizationId: string | null } | null> {
  const rows = await tx.run(
    `MATCH (c:Customer {id: $id})
     OPTIONAL MATCH (c)-[:IN_SEGMENT]->(s:Segment)
     OPTIONAL MATCH (c)-[:MEMBER_OF]->(o:Customer)
     RETURN c {.*, version: coalesce(c.version, 1)} AS c, s.id AS segmentId, o.id AS organizationId LIMIT 1`,
    { id },
  );
  return rows[0] ? { customer: rows[0].c, segmentId: rows[0].segmentId ?? null, organizationId: rows[0].organizationId ?? null } : null;
}

export async function customerKind(tx: Tx, id: string): Promise<string | null> {
  const rows = await tx.run('MATCH (c:Customer {id: $id}) RETURN c.kind AS kind', { id });
  return rows[0]?.kind ?? null;
}

/** The single-valued links of a customer: to its segment, and (for a contact) its organization. */
const SINGLE_LINKS = {
  segment: { type: 'IN_SEGMENT', label: 'Segment' },
  organization: { type: 'MEMBER_OF', label: 'Customer' },
} as const;

/** Replaces the customer's segment or organization with `targetId` (none when null). */
async function replaceLink(tx: Tx, link: keyof typeof SINGLE_LINKS, customerId: string, targetId: string | null): Promise<void> {
  const { type, label } = SINGLE_LINKS[link];
  await tx.run(
    `MATCH (c:Customer {id: $customerId})
     OPTIONAL MATCH (c)-[old:${type}]->(:${label})
     DELETE old
     WITH DISTINCT c
     OPTIONAL MATCH (t:${label} {id: $targetId})
     FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | MERGE (c)-[:${type}]->(t))`,
    { customerId, targetId },
  );
}

export const setSegment = (tx: Tx, customerId: string, segmentId: string | null) => replaceLink(tx, 'segment', customerId, segmentId);
export const setOrganization = (tx: Tx, customerId: string, organizationId: string | null) =>
  replaceLink(tx, 'organization', customerId, organizationId);

export async function linkReferrer(tx: Tx, customerId: string, referrerId: string): Promise<void> {
  await tx.run(`MATCH (c:Customer {id: $customerId}), (r:Customer {id: $referrerId}) MERGE (r)-[:REFERRED]->(c)`, {
    customerId,
    referrerId,
  });
}

export async function addOwners(tx: Tx, customerId: string, employeeIds: string[]): Promise<void> {
  await tx.run(
    `MATCH (c:Customer {id: $customerId})
     UNWIND $employeeIds AS eid
     MATCH (e:Employee {id: eid})
     MERGE (e)-[r:OWNS_ACCOUNT]->(c) ON CREATE SET r.since = datetime()
     SET c.updatedAt = datetime()`,
    { customerId, employeeIds },
  );
}

/** Removes an owner; returns whether the employee owned the account. */
export async function removeOwner(tx: Tx, customerId: string, employeeId: string): Promise<boolean> {
  const rows = await tx.run(
    `MATCH (:Employee {id: $employeeId})-[r:OWNS_ACCOUNT]->(c:Customer {id: $customerId})
     DELETE r SET c.updatedAt = datetime() RETURN count(*) AS removed`,
    { customerId, employeeId },
  );
  return (rows[0]?.removed ?? 0) > 0;
}

export async function findCustomer(tx: Tx, id: string): Promise<Row | null> {
  const rows = await tx.run('MATCH (c:Customer {id: $id}) RETURN c', { id });
  return rows[0]?.c ?? null;
}

/**
 * Write-locks these customers for the rest of the transaction (in id order, so that two writes
 * naming the same customers never wait on each other crosswise) and returns the ids of those that
 * have been erased (tombstones), read once the locks are held. An erasure takes the same lock
 * (`lockCustomer` in the privacy module): a write and an erasure of one customer run one after the
 * other, so the write either commits before the erasure (and is erased with the rest) or sees the
 * tombstone and is refused. Without the lock, a write that checked before an erasure committed
 * and wrote after it brought personal data back onto the tombstone.
 */
/** The customer an interaction is with (null: none), or undefined when no interaction has the id. */
export async function customerOfInteraction(tx: Tx, id: string): Promise<string | null | undefined> {
  const rows = await tx.run(
    'MATCH (i:Interaction {id: $id}) OPTIONAL MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) RETURN c.id AS customerId LIMIT 1',
    { id },
  );
  return rows.length ? (rows[0].customerId ?? null) : undefined;
}

export async function lockCustomersForWrite(tx: Tx, ids: readonly string[]): Promise<string[]> {
  return (await lockCustomersForWriteState(tx, ids)).map((c) => c.id);
}

/**
 * {@link lockCustomersForWrite}, telling apart the customers erased, those deleted (soft
 * deletion, modules/deletion) and those merged into another (modules/merge): a deleted or merged
 * customer is locked too (it was a customer when the write looked it up), and its state is read
 * once the lock is held, so that a write and a deletion or merge of one customer never interleave
 * either: the write commits before (and is deleted or moved with the rest) or is refused after it.
 * Returns only those erased, deleted or merged.
 */
export async function lockCustomersForWriteState(
  tx: Tx,
  ids: readonly string[],
): Promise<{ id: string; erased: boolean; deleted: boolean; mergedIntoId: string | null }[]> {
  if (ids.length === 0) return [];
  const rows = await tx.run(
    `UNWIND $ids AS id
     CALL (id) {
       MATCH (c:Customer {id: id}) RETURN c
       UNION
       MATCH (c:Deleted {id: id}) WHERE c.deletedLabel = 'Customer' RETURN c
       UNION
       MATCH (c:MergedCustomer {id: id}) RETURN c
     }
     WITH c ORDER BY c.id
     SET c._lock = true REMOVE c._lock
     WITH c WHERE c.erased = true OR c:Deleted OR c:MergedCustomer
     RETURN c.id AS id, coalesce(c.erased, false) AS erased, c:Deleted AS deleted, CASE WHEN c:MergedCustomer THEN c.mergedIntoId END AS mergedIntoId`,
    { ids: [...new Set(ids)].sort() },
  );
  return rows as { id: string; erased: boolean; deleted: boolean; mergedIntoId: string | null }[];
}
