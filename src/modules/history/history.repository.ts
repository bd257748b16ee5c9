import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/graph';
import type { ListSpec } from '../../db/list-query';
import type { RecordChangeKind, RecordLabel } from './history.type';

/** Cypher of the history of corrections (see history.type.ts). */

/** One correction to keep, written in the transaction that makes it. */
export interface ChangeToKeep {
  recordType: RecordLabel;
  recordId: string;
  kind: `${RecordChangeKind}`;
  /** The employee who made it. */
  actorId: string;
  /** Field name (as in the API) to the value it replaced; JSON-safe values (dates as `Date` or ISO text). */
  before?: Record<string, unknown>;
  /** Field name to the value it got. */
  after?: Record<string, unknown>;
  /** The record's version after the change, when it has versions. */
  version?: number | null;
  reason?: string | null;
  /** For merges: the other record. */
  otherId?: string | null;
  /** The customers the record concerns (erasure deletes their changes with them). */
  customerIds?: string[];
}

/** JSON text of a map of values; dates as ISO-8601. */
export function valuesJson(values: Record<string, unknown> | undefined): string {
  return JSON.stringify(values ?? {}, (_k, v) => (v instanceof Date ? v.toISOString() : v));
}

/**
 * Keeps corrections as `(:RecordChange)` nodes, stamped with the transaction's time. They are kept
 * by record id, not linked to the record, so the history outlives a deletion and a merge.
 * Returns their ids, in order.
 */
export async function keepChanges(tx: Tx, changes: ChangeToKeep[]): Promise<string[]> {
  if (!changes.length) return [];
  const rows = changes.map((c) => ({
    id: randomUUID(),
    recordType: c.recordType,
    recordId: c.recordId,
    kind: c.kind,
    actorId: c.actorId,
    before: valuesJson(c.before),
    after: valuesJson(c.after),
    version: c.version ?? null,
    reason: c.reason ?? null,
    otherId: c.otherId ?? null,
    customerIds: c.customerIds ?? [],
  }));
  await tx.run(
    `UNWIND $rows AS r
     CREATE (x:RecordChange) SET x = r, x.at = datetime.transaction()`,
    { rows },
  );
  return rows.map((r) => r.id);
}

/** The changes of one record, newest first (`recordId` is set by the parent record). */
export const recordChangeList: ListSpec<'recordId', 'AT'> = {
  label: 'RecordChange',
  filters: { recordId: { where: (v) => `${v.node}.recordId = ${v.filter}.recordId` } },
  order: { AT: { property: 'at', kind: 'datetime' } },
};

/** Deletes the history of records that no longer exist (erasure, purge). Returns how many. */
export async function deleteHistoryOf(tx: Tx, recordIds: string[]): Promise<number> {
  if (!recordIds.length) return 0;
  const rows = await tx.run(
    `UNWIND $recordIds AS id
     MATCH (x:RecordChange {recordId: id})
     DETACH DELETE x
     RETURN count(*) AS deleted`,
    { recordIds },
  );
  return rows[0]?.deleted ?? 0;
}
