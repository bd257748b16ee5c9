import type { Tx } from '../../db/graph';
import { Topics, type EventPublisher } from '../../realtime/topics';
import { keepChanges, type ChangeToKeep } from './history.repository';

/** Corrections kept in a transaction, to announce once it has committed. */
export interface KeptChange {
  change: ChangeToKeep;
  id: string;
}

/** Keeps the changes in the transaction (see {@link keepChanges}); announce the result after the commit. */
export async function keep(tx: Tx, changes: ChangeToKeep[]): Promise<KeptChange[]> {
  const ids = await keepChanges(tx, changes);
  return changes.map((change, k) => ({ change, id: ids[k] }));
}

/** Tells `recordChanged` subscribers of committed corrections. Call only after the commit. */
export function announce(events: EventPublisher, kept: KeptChange[]): void {
  const at = new Date().toISOString();
  for (const { change, id } of kept) {
    events.publish(Topics.RECORD_CHANGED, {
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
}
