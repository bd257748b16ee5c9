import { randomUUID } from 'node:crypto';
import { deletedRef, first, Triage, unknownRef, type RecordHandler } from '../../import/handler';
import * as repo from '../../import/import.repository';
import { erasedCustomer } from '../customer/customer.rules';
import { deletedExternalIds } from '../deletion/deletion.repository';
import { normalizeTopics } from '../topic/topic.repository';
import { ABOUT_SOMETHING, aboutNothing } from './insight.rules';

/**
 * Imports insights (`npm run import`, records.ts `insight`) with their links, topics and nested
 * annotations: one that exists is left as it is. Rejected: a deleted insight, an author, subject,
 * evidence or annotation author that names nothing, an erased customer, and an insight about nothing.
 */
export const importInsights: RecordHandler<'insight'> = async (tx, items) => {
  const rs = items.map((i) => i.record);
  const employeesFound = await repo.findByExternalIds(
    tx,
    'Employee',
    rs.flatMap((r) => [r.author, ...r.annotations.map((a) => a.author)]),
  );
  const customersFound = await repo.findByExternalIds(
    tx,
    'Customer',
    rs.flatMap((r) => r.aboutCustomers),
  );
  const needsFound = await repo.findByExternalIds(
    tx,
    'Need',
    rs.flatMap((r) => r.aboutNeeds),
  );
  const segmentsFound = await repo.findByExternalIds(
    tx,
    'Segment',
    rs.flatMap((r) => r.aboutSegments),
  );
  const evidenceFound = await repo.findByExternalIds(
    tx,
    'Interaction',
    rs.flatMap((r) => r.evidence),
  );
  const deletedOwn = await deletedExternalIds(
    tx,
    'Insight',
    rs.map((r) => r.externalId),
  );
  const t = new Triage(items, (r) =>
    first(
      deletedRef('externalId', 'Insight', r.externalId, deletedOwn),
      unknownRef('author', 'employee', r.author, employeesFound.has(r.author)),
      ...r.aboutCustomers.map((x) => unknownRef('aboutCustomers', 'customer', x, customersFound.has(x))),
      ...r.aboutCustomers.map((x) => (customersFound.get(x)?.erased ? erasedCustomer(`customer '${x}'`) : null)),
      ...r.aboutNeeds.map((x) => unknownRef('aboutNeeds', 'need', x, needsFound.has(x))),
      ...r.aboutSegments.map((x) => unknownRef('aboutSegments', 'segment', x, segmentsFound.has(x))),
      ...r.evidence.map((x) => unknownRef('evidence', 'interaction', x, evidenceFound.has(x))),
      ...r.annotations.map((a, n) => unknownRef(`annotations.${n}.author`, 'employee', a.author, employeesFound.has(a.author))),
      aboutNothing(r.aboutCustomers, r.aboutNeeds, r.aboutSegments) ? ABOUT_SOMETHING : null,
    ),
  );
  const idsOf = (found: Map<string, repo.ExistingNode>, refs: string[]) => [...new Set(refs)].map((x) => found.get(x)!.id);
  const created = await repo.createInsights(
    tx,
    t.accepted.map(({ record: r }) => ({
      id: randomUUID(),
      externalId: r.externalId,
      createdAt: r.createdAt ?? null,
      props: { title: r.title, body: r.body, origin: r.origin, status: r.status, confidence: r.confidence },
      authorId: employeesFound.get(r.author)!.id,
      aboutCustomerIds: idsOf(customersFound, r.aboutCustomers),
      aboutNeedIds: idsOf(needsFound, r.aboutNeeds),
      aboutSegmentIds: idsOf(segmentsFound, r.aboutSegments),
      evidenceIds: idsOf(evidenceFound, r.evidence),
      topics: normalizeTopics(r.topics),
      annotations: r.annotations.map((a, n) => ({
        id: randomUUID(),
        externalId: `${r.externalId}#${n}`,
        authorId: employeesFound.get(a.author)!.id,
        kind: a.kind,
        body: a.body,
        createdAt: a.createdAt ?? null,
      })),
    })),
  );
  return { rejects: t.rejects, outcomes: created.map((c) => (c ? 'created' : 'unchanged')) };
};
