import type { Graph } from '../../db/graph';
import type { ListSpec } from '../../db/list-query';

/** Cypher of the audit trail: append-only `(:AuditEntry)` nodes, never linked, never changed. */

export const auditList: ListSpec<'targetId' | 'actorId' | 'action', 'AT'> = {
  label: 'AuditEntry',
  filters: {
    targetId: { where: (v) => `${v.node}.targetId = ${v.filter}.targetId` },
    actorId: { where: (v) => `${v.node}.actorId = ${v.filter}.actorId` },
    action: { where: (v) => `${v.node}.action = ${v.filter}.action` },
  },
  order: { AT: { property: 'at', kind: 'datetime' } },
};

export interface AuditRecord {
  actorId: string | null;
  action: string;
  targetId: string | null;
  outcome: 'SUCCEEDED' | 'FAILED' | 'REFUSED';
  code: string | null;
  /** When it ended (ISO-8601); the time of writing when not given. */
  at?: string;
}

/**
 * How many entries callers without a valid identity (no token, or one that is not valid) may
 * leave: per client address and in all, per window of `windowMs`, on each server process. The
 * window starts with the first such entry after the last window ended.
 */
export const ANONYMOUS_AUDIT_BUDGET = Object.freeze({ perAddress: 10, total: 100, windowMs: 60_000 });

/** Appends entries in their own transaction (a refused mutation rolled back its own). */
export async function appendAudit(graph: Graph, records: AuditRecord[]): Promise<void> {
  if (!records.length) return;
  await graph.write(
    `UNWIND $records AS r
     CREATE (:AuditEntry {id: randomUUID(), at: coalesce(datetime(r.at), datetime()), actorId: r.actorId, action: r.action, targetId: r.targetId, outcome: r.outcome, code: r.code})`,
    { records: records.map((r) => ({ ...r, at: r.at ?? null })) },
    'audit',
  );
}
