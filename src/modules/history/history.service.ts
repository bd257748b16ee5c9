import type { Tx } from '../../db/graph';
import { Topics, type EventRecorder } from '../../realtime/topics';
import { keepChanges, type ChangeToKeep } from './history.repository';

/** Corrections kept in a transaction, to announce once it has committed. */
export interface KeptChange {
  change: ChangeToKeep;
  id: string;
}

/**
 * Keeps the changes in the transaction (see {@link keepChanges}) and records their `recordChanged`
 * events in it: subscribers hear of them once, and only if, the transaction commits.
 */
export async function keep(tx: Tx, events: EventRecorder, changes: ChangeToKeep[]): Promise<KeptChange[]> {
  const ids = await keepChanges(tx, changes);
  const kept = changes.map((change, k) => ({ change, id: ids[k] }));
  const at = new Date().toISOString();
  for (const { change, id } of kept) {
    events.record(tx, Topics.RECORD_CHANGED, {
      kind: change.kind,
      recordType: change.recordType,
      recordId: change.recordId,
      otherId: change.otherId ?? null,
      customerIds: change.customerIds ?? (change.recordType === 'Customer' ? [change.recordId] : []),
      changeId: id,
      actorId: change.actorId,
      at,
    });
  }
  return kept;
}
