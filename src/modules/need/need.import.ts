import {
  createdIds,
  deletedRef,
  first,
  outcomesWithLinks,
  Triage,
  unknownRef,
  upsertFound,
  upsertRow,
  type RecordHandler,
} from '../../import/handler';
import * as repo from '../../import/import.repository';
import { erasedCustomer } from '../customer/customer.rules';
import { deletedExternalIds } from '../deletion/deletion.repository';
import { normalizeTopics } from '../topic/topic.repository';

/**
 * Imports needs (`npm run import`, records.ts `need`): upserted by external id (one merged into
 * another updates the survivor), then linked to their holders (a holder's intensity replaced when
 * given) and topics. Rejected: a deleted need, and a holder that names no customer, a deleted one
 * or an erased one.
 */
export const importNeeds: RecordHandler<'need'> = async (tx, items) => {
  const holders = await repo.findByExternalIds(
    tx,
    'Customer',
    items.flatMap((i) => i.record.holders.map((h) => h.customer)),
  );
  const deletedHolders = await deletedExternalIds(
    tx,
    'Customer',
    items.flatMap((i) => i.record.holders.map((h) => h.customer)),
  );
  const deletedNeeds = await deletedExternalIds(
    tx,
    'Need',
    items.map((i) => i.record.externalId),
  );
  const t = new Triage(items, (r) =>
    first(
      deletedRef('externalId', 'Need', r.externalId, deletedNeeds),
      ...r.holders.map((h) => (holders.has(h.customer) ? null : deletedRef('holders.customer', 'Customer', h.customer, deletedHolders))),
      ...r.holders.map((h) => unknownRef('holders.customer', 'customer', h.customer, holders.has(h.customer))),
      ...r.holders.map((h) => (holders.get(h.customer)?.erased ? erasedCustomer(`holder '${h.customer}'`) : null)),
    ),
  );
  // A need merged into another (mergeNeeds) is updated through its survivor.
  const own = await repo.findByExternalIds(
    tx,
    'Need',
    t.accepted.map((i) => i.record.externalId),
  );
  const written = await upsertFound(
    tx,
    'Need',
    own,
    t.accepted.map(({ record: r }) =>
      upsertRow(r, {
        title: r.title,
        titleLower: r.title.toLowerCase(),
        description: r.description ?? '',
        kind: r.kind,
        priority: r.priority,
        status: r.status,
      }),
    ),
  );
  const idOf = new Map(written.map((w) => [w.externalId, w.id]));
  const created = createdIds(written);
  const reheld = await repo.linkNeeds(
    tx,
    t.accepted.map(({ record: r }) => ({
      id: idOf.get(r.externalId)!,
      isNew: created.has(idOf.get(r.externalId)!),
      holders: r.holders.map((h) => ({ customerId: holders.get(h.customer)!.id, since: h.since ?? null, intensity: h.intensity ?? null })),
      topics: normalizeTopics(r.topics),
    })),
  );
  // A new holder, or a holder's new intensity, is a change of the need, like a changed field.
  const outcomes = outcomesWithLinks(written, reheld);
  // The holders of a need created or changed (its status, its holders) have another health; an unchanged one changes nothing.
  return { rejects: t.rejects, outcomes, healthOf: { needIds: written.filter((_, k) => outcomes[k] !== 'unchanged').map((w) => w.id) } };
};
