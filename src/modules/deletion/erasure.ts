import type { Tx } from '../../db/graph';
import { deleteHistoryOf } from '../history/history.repository';
import * as repo from './deletion.repository';

/**
 * What an erasure (the right to be forgotten) does to deleted records, in its transaction, before
 * it erases the customer as usual. Deleted records wait for their purge, but an erasure does not
 * wait:
 *
 * - the deleted records that concerned the customer (`customerIds`: its deleted interactions, the
 *   insights about it alone deleted with it and their annotations, annotations on insights about it)
 *   are deleted for good, with the versions kept of those insights;
 * - a deleted customer is restored first (itself alone, its links made again), so that the erasure
 *   makes it the tombstone every erased customer becomes (GDPR: erasing a deleted customer works);
 * - the links other deleted records keep to it (a deleted need it held, a deleted organization it
 *   was a contact of) are forgotten, so that no restore links anything to the tombstone;
 * - the history of the customer and of its interactions (live or deleted) is deleted, and that of
 *   the customers merged into it (the same person or company, recorded twice): their traces keep
 *   only their ids (so that old ids still lead to the tombstone), and the name, email and phone
 *   they had are returned, for the erasure to scrub them from free text as it does the customer's.
 *
 * Free text in deleted records and in the history of other records is scrubbed by the erasure
 * itself (`Deleted` and `RecordChange` are among its FREE_TEXT labels). Returns how many deleted
 * records were deleted for good, and the personal values of the customers merged into it.
 */
export async function prepareErasure(
  tx: Tx,
  customerId: string,
): Promise<{ deletedRecordsDestroyed: number; mergedValues: MergedValues[] }> {
  const state = await repo.lockCustomerAnyState(tx, customerId);
  if (!state) return { deletedRecordsDestroyed: 0, mergedValues: [] };
  const liveInteractions = state.deleted ? [] : await repo.interactionsOf(tx, customerId);
  const destroyed = await repo.destroyDeletedOf(tx, customerId);
  if (state.deleted && state.deletionId) {
    const members = await repo.lockDeletion(tx, state.deletionId);
    const self = members.filter((m) => m.id === customerId);
    await repo.relabel(tx, state.deletionId, self, false);
    await repo.relink(
      tx,
      self.flatMap((m) => m.links.map((link) => ({ e: m.elementId, nodeId: m.id, link }))),
      new Set([customerId]),
    );
  }
  const linking = await repo.deletedLinkingTo(tx, customerId);
  await repo.rewriteDeletedLinks(
    tx,
    linking.map((n) => ({ elementId: n.elementId, links: n.links.filter((l) => l.otherId !== customerId) })),
  );
  const merged = await mergedInto(tx, customerId);
  await deleteHistoryOf(tx, [customerId, ...liveInteractions, ...destroyed, ...merged.ids]);
  return { deletedRecordsDestroyed: destroyed.length, mergedValues: merged.values };
}

/** The name, email and phone a customer merged into another had (from the history of the merge). */
export interface MergedValues {
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** The ids of the customers merged into this one (their traces all point at it), and what they were called and reached at. */
async function mergedInto(tx: Tx, customerId: string): Promise<{ ids: string[]; values: MergedValues[] }> {
  const rows = await tx.run(
    `MATCH (m:MergedCustomer {mergedIntoId: $customerId})
     RETURN m.id AS id, COLLECT { MATCH (x:RecordChange {recordId: m.id}) WHERE x.kind = 'MERGED_INTO' RETURN x.before } AS befores`,
    { customerId },
  );
  const values = rows.flatMap((r) =>
    (r.befores as string[]).map((text): MergedValues => {
      const before = JSON.parse(text) as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
      return { name: str(before.name), email: str(before.email), phone: str(before.phone) };
    }),
  );
  return { ids: rows.map((r) => r.id as string), values };
}
