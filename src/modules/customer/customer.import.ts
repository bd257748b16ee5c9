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
import { deletedExternalIds } from '../deletion/deletion.repository';
import {
  AN_ORGANIZATION,
  erasedCustomer,
  isAnOrganization,
  mayBeAMember,
  MEMBER_OF_ITSELF,
  ONLY_PERSONS_ARE_MEMBERS,
} from './customer.rules';

/**
 * Imports customers (`npm run import`, records.ts `customer`): upserted by external id (one merged
 * into another updates the survivor), then linked to their segment, organization, referrer and
 * owners. Rejected: a deleted or erased customer, a change of kind, and a segment, organization,
 * referrer or owner that names nothing, a deleted or erased customer, or breaks a rule of
 * customer.rules.ts.
 */
export const importCustomers: RecordHandler<'customer'> = async (tx, items) => {
  const refs = items.flatMap(({ record: r }) => [r.externalId, r.organization, r.referredBy].filter((x): x is string => !!x));
  const known = await repo.findByExternalIds(tx, 'Customer', refs);
  const deletedCustomers = await deletedExternalIds(tx, 'Customer', refs);
  const segmentsFound = await repo.findByExternalIds(
    tx,
    'Segment',
    items.flatMap((i) => (i.record.segment ? [i.record.segment] : [])),
  );
  const employeesFound = await repo.findByExternalIds(
    tx,
    'Employee',
    items.flatMap((i) => i.record.owners),
  );
  const kinds = new Map<string, string>();
  const t = new Triage(items, (r, earlier) => {
    const exists = (x: string) => known.has(x) || earlier.has(x);
    const orgKind = r.organization ? (known.get(r.organization)?.kind ?? kinds.get(r.organization)) : undefined;
    const before = known.get(r.externalId);
    const reason = first(
      before ? null : deletedRef('externalId', 'Customer', r.externalId, deletedCustomers),
      before?.erased ? erasedCustomer(`customer '${r.externalId}'`) : null,
      before?.kind && before.kind !== r.kind
        ? `kind cannot change: customer '${r.externalId}' is ${before.kind === 'PERSON' ? 'a' : 'an'} ${before.kind}`
        : null,
      unknownRef('segment', 'segment', r.segment, !!r.segment && segmentsFound.has(r.segment)),
      r.organization && exists(r.organization) ? null : deletedRef('organization', 'Customer', r.organization, deletedCustomers),
      unknownRef('organization', 'customer', r.organization, !!r.organization && exists(r.organization)),
      r.organization && exists(r.organization) && !isAnOrganization(orgKind)
        ? `organization '${r.organization}' is not ${AN_ORGANIZATION}`
        : null,
      r.organization === r.externalId ? MEMBER_OF_ITSELF : null,
      r.organization && !mayBeAMember(r.kind) ? ONLY_PERSONS_ARE_MEMBERS : null,
      r.organization && known.get(r.organization)?.erased ? erasedCustomer(`organization '${r.organization}'`) : null,
      r.referredBy && exists(r.referredBy) ? null : deletedRef('referredBy', 'Customer', r.referredBy, deletedCustomers),
      unknownRef('referredBy', 'customer', r.referredBy, !!r.referredBy && exists(r.referredBy)),
      r.referredBy === r.externalId || (!!r.referredBy && !!before && known.get(r.referredBy)?.id === before.id)
        ? 'a customer cannot refer itself'
        : null,
      r.referredBy && known.get(r.referredBy)?.erased ? erasedCustomer(`customer '${r.referredBy}'`) : null,
      ...r.owners.map((o) => unknownRef('owners', 'employee', o, employeesFound.has(o))),
    );
    if (!reason) kinds.set(r.externalId, r.kind);
    return reason;
  });
  const written = await upsertFound(
    tx,
    'Customer',
    known,
    t.accepted.map(({ record: r }) =>
      upsertRow(r, {
        name: r.name,
        nameLower: r.name.toLowerCase(),
        kind: r.kind,
        email: r.email ?? null,
        phone: r.phone ?? null,
        lifecycleStage: r.lifecycleStage,
        relationshipType: r.relationshipType,
        revenue: r.revenue,
        costToServe: r.costToServe,
        lifetimeValue: r.lifetimeValue,
        consentContact: r.consentContact,
        consentAnalytics: r.consentAnalytics,
      }),
    ),
  );
  const idOf = new Map([...[...known].map(([x, n]) => [x, n.id] as const), ...written.map((w) => [w.externalId, w.id] as const)]);
  const created = createdIds(written);
  const relinked = await repo.linkCustomers(
    tx,
    t.accepted.map(({ record: r }) => ({
      id: idOf.get(r.externalId)!,
      isNew: created.has(idOf.get(r.externalId)!),
      segmentId: r.segment ? segmentsFound.get(r.segment)!.id : null,
      organizationId: r.organization ? idOf.get(r.organization)! : null,
      referrerId: r.referredBy ? idOf.get(r.referredBy)! : null,
      ownerIds: [...new Set(r.owners)].map((o) => employeesFound.get(o)!.id),
    })),
  );
  // A new segment, organization or referrer is a change of the customer, like a changed field.
  const outcomes = outcomesWithLinks(written, relinked);
  // A customer created or changed (its consent) gets its snapshot; an unchanged one keeps it (a re-import changes nothing).
  return {
    rejects: t.rejects,
    outcomes,
    healthOf: { customerIds: written.filter((_, k) => outcomes[k] !== 'unchanged').map((w) => w.id) },
  };
};
