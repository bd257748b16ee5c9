import { randomUUID } from 'node:crypto';
import { isConstraintViolation } from '../../db/graph';
import { CreateConflict, deletedRef, first, Triage, unknownRef, type RecordHandler } from '../../import/handler';
import * as repo from '../../import/import.repository';
import type { InteractionRecord } from '../../import/records';
import { erasedCustomer } from '../customer/customer.rules';
import { deletedExternalIds } from '../deletion/deletion.repository';
import { normalizeTopics } from '../topic/topic.repository';
import { writeInteractions, type InteractionWrite } from './interaction.repository';
import { usedWithAnotherCustomer } from './interaction.rules';

/** The properties an interaction record gives its node (absent optional values as null, content as ''). */
export const interactionProps = (r: InteractionRecord) => ({
  externalId: r.externalId,
  channel: r.channel,
  touchpoint: r.touchpoint,
  direction: r.direction,
  summary: r.summary,
  content: r.content ?? '',
  sentiment: r.sentiment ?? null,
  expectedQuality: r.expectedQuality ?? null,
  perceivedQuality: r.perceivedQuality ?? null,
});

/**
 * Imports interactions (`npm run import`, records.ts `interaction`) through the writer of the
 * `recordInteractions` mutation: one that exists is left as it is. Rejected: a deleted interaction,
 * a customer, handler or need that names nothing (or a deleted customer or need), an erased
 * customer, and an external id already used with another customer.
 *
 * The batch's external ids are looked up once, and only the interactions not found are written,
 * with `CREATE` (a `MERGE` per row cost more than the look-up). A concurrent writer that creates one
 * of them in between makes the `CREATE` fail on the unique constraint: {@link CreateConflict}, and
 * the importer writes the batch again with `how.mergeEach`, a `MERGE` per row as before.
 */
export const importInteractions: RecordHandler<'interaction'> = async (tx, items, how) => {
  const customersFound = await repo.findByExternalIds(
    tx,
    'Customer',
    items.map((i) => i.record.customer),
  );
  const handlersFound = await repo.findByExternalIds(
    tx,
    'Employee',
    items.map((i) => i.record.handler),
  );
  const needsFound = await repo.findByExternalIds(
    tx,
    'Need',
    items.flatMap((i) => i.record.needs),
  );
  const deletedOwn = await deletedExternalIds(
    tx,
    'Interaction',
    items.map((i) => i.record.externalId),
  );
  const deletedCustomers = await deletedExternalIds(
    tx,
    'Customer',
    items.map((i) => i.record.customer),
  );
  const deletedNeeds = await deletedExternalIds(
    tx,
    'Need',
    items.flatMap((i) => i.record.needs),
  );
  const t = new Triage(items, (r) =>
    first(
      deletedRef('externalId', 'Interaction', r.externalId, deletedOwn),
      customersFound.has(r.customer) ? null : deletedRef('customer', 'Customer', r.customer, deletedCustomers),
      ...r.needs.map((n) => (needsFound.has(n) ? null : deletedRef('needs', 'Need', n, deletedNeeds))),
      unknownRef('customer', 'customer', r.customer, customersFound.has(r.customer)),
      customersFound.get(r.customer)?.erased ? erasedCustomer(`customer '${r.customer}'`) : null,
      unknownRef('handler', 'employee', r.handler, handlersFound.has(r.handler)),
      ...r.needs.map((n) => unknownRef('needs', 'need', n, needsFound.has(n))),
    ),
  );
  // Those already in the graph are not written (MERGE would leave them as they are), only checked.
  const existing = how.mergeEach
    ? new Map<string, repo.ExistingNode>()
    : await repo.findByExternalIds(
        tx,
        'Interaction',
        t.accepted.map((i) => i.record.externalId),
      );
  const toWrite = t.accepted.filter((i) => !existing.has(i.record.externalId));
  const rows: InteractionWrite[] = toWrite.map(({ record: r }) => ({
    id: randomUUID(),
    occurredAt: r.occurredAt,
    customerId: customersFound.get(r.customer)!.id,
    handlerId: handlersFound.get(r.handler)!.id,
    needIds: [...new Set(r.needs.map((n) => needsFound.get(n)!.id))],
    topics: normalizeTopics(r.topics),
    props: interactionProps(r),
  }));
  let written;
  try {
    written = await writeInteractions(tx, rows, false, { createKeyed: !how.mergeEach });
  } catch (e) {
    if (!how.mergeEach && isConstraintViolation(e)) throw new CreateConflict('An interaction of the batch was created meanwhile.');
    throw e;
  }
  const outcomes: repo.UpsertOutcome[] = [];
  const rejects = [...t.rejects];
  const outcome = (item: (typeof toWrite)[number], created: boolean, customerId: string | null, ownCustomerId: string) => {
    if (created) outcomes.push('created');
    else if (customerId === ownCustomerId) outcomes.push('unchanged');
    else rejects.push({ line: item.line, reason: usedWithAnotherCustomer(`externalId '${item.record.externalId}'`), record: item.raw });
  };
  for (const item of t.accepted) {
    const found = existing.get(item.record.externalId);
    if (found) outcome(item, false, found.customerId, customersFound.get(item.record.customer)!.id);
  }
  written.forEach((w, k) => outcome(toWrite[k], w.created, w.customerId, rows[k].customerId));
  return { rejects, outcomes, healthOf: { customerIds: rows.filter((_, k) => written[k].created).map((r) => r.customerId) } };
};
