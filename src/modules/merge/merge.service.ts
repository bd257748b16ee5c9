import { refreshHealthSnapshots, withSnapshot } from '../analytics/health-snapshot';
import { badInput, conflict, notFound } from '../../common/errors';
import { decodeCursor, checkFirst, encodeCursor, invalidCursor } from '../../common/connection';
import type { Graph, Row, Tx } from '../../db/graph';
import type { Reader } from '../../db/read-batcher';
import type { EventRecorder } from '../../realtime/topics';
import { AccessRole, type AuthUser } from '../../graphql/access';
import { lockCustomersForWrite } from '../customer/customer.repository';
import type { Customer } from '../customer/customer.type';
import { requireActor } from '../employee/actor';
import { keep, type KeptChange } from '../history/history.service';
import { changedFields, versionOf } from '../history/version';
import type { Need } from '../need/need.type';
import { byRank, findDuplicates, pairKey, type DuplicatePair } from './duplicates';
import * as repo from './merge.repository';
import type { DismissDuplicateInput, MergeCustomersInput, MergeNeedsInput } from './merge.type';
import { mergeCustomerEvents } from '../../realtime/event-log';

/** The scope of the cursors of `duplicateCandidates` (see `encodeCursor`). */
const DUPLICATES_SCOPE = 'DuplicateCandidate.SCORE.DESC';

const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const kindName = (kind: string) => (kind === 'ORGANIZATION' ? 'an organization' : 'a person');
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? null : String(v));

/** A customer's profile as the API names it (for the history), without its personal fields. */
function customerProfile(c: Row, links: repo.CustomerLinks): Record<string, unknown> {
  return {
    id: c.id,
    externalId: c.externalId ?? null,
    name: c.name ?? null,
    kind: c.kind ?? null,
    lifecycleStage: c.lifecycleStage ?? null,
    relationshipType: c.relationshipType ?? null,
    revenue: c.revenue ?? null,
    costToServe: c.costToServe ?? null,
    lifetimeValue: c.lifetimeValue ?? null,
    consent: { contact: c.consentContact === true, analytics: c.consentAnalytics === true },
    createdAt: iso(c.createdAt),
    version: versionOf(c),
    organizationId: links.organizationId,
    segmentId: links.segmentId,
    referredByIds: links.referredByIds,
  };
}

/** A need as the API names it (for the history). */
function needProfile(n: Row): Record<string, unknown> {
  return {
    id: n.id,
    externalId: n.externalId ?? null,
    title: n.title ?? null,
    description: n.description ?? null,
    kind: n.kind ?? null,
    priority: n.priority ?? null,
    status: n.status ?? null,
    createdAt: iso(n.createdAt),
    version: versionOf(n),
  };
}

/**
 * Merges (one customer or need recorded twice becomes one) and possible duplicates. A merge is
 * one transaction: everything of the merged record moves to the survivor, the merged record
 * becomes a trace (`MergedCustomer`, `MergedNeed`) that keeps its id and external id pointing at
 * the survivor, and both records' histories say so; subscribers hear of it after the commit.
 */
export class MergeService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
  ) {}

  async mergeCustomers(input: MergeCustomersInput, user: AuthUser): Promise<Customer> {
    const { survivorId, mergedId } = input;
    const reason = input.reason?.trim() || null;
    const { survivor, kept } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      if (!reason && !user.roles.includes(AccessRole.ADMIN)) {
        throw badInput(
          'reason',
          'Say why these two customers are one (a reason): an ANALYST merges customers with a reason, an ADMIN may without.',
        );
      }
      if (survivorId === mergedId) throw badInput('mergedId', 'A customer cannot be merged into itself: name two different customers.');
      const pair = await lockPair(tx, 'Customer', survivorId, mergedId);
      // A retry of a merge that went through: the same answer, nothing changes.
      if ('retried' in pair) return { survivor: pair.retried, kept: [] as KeptChange[] };
      const { current, other } = pair;
      for (const [c, field] of [
        [current, 'survivorId'],
        [other, 'mergedId'],
      ] as const) {
        if (c.erased === true) {
          throw conflict(`Customer '${c.id}' has been erased; nothing can be merged into or out of an erased customer.`, { field });
        }
      }
      if (current.kind !== other.kind) {
        throw badInput(
          'mergedId',
          `Customer '${mergedId}' is ${kindName(other.kind)} and customer '${survivorId}' ${kindName(current.kind)}: a customer can only be merged into one of the same kind.`,
        );
      }

      const mergedLinks = await repo.customerLinks(tx, mergedId);
      const takenOver = await repo.moveCustomerLinks(tx, survivorId, mergedId);
      await assertNothingLeft(tx, 'Customer', mergedId);

      // The survivor's profile stays; what it lacks it takes from the merged record; consent is
      // the stricter of the two; it was first recorded when the earlier of them was.
      const proposed: Record<string, unknown> = {};
      if (blank(current.email) && !blank(other.email)) proposed.email = other.email;
      if (blank(current.phone) && !blank(other.phone)) proposed.phone = other.phone;
      const consent = { contact: current.consentContact === true, analytics: current.consentAnalytics === true };
      const stricter = {
        contact: consent.contact && other.consentContact === true,
        analytics: consent.analytics && other.consentAnalytics === true,
      };
      if (stricter.contact !== consent.contact || stricter.analytics !== consent.analytics) proposed.consent = stricter;
      const earlier = other.createdAt instanceof Date && current.createdAt instanceof Date && other.createdAt < current.createdAt;
      if (earlier) proposed.createdAt = other.createdAt.toISOString();
      const { before, after } = changedFields({ ...current, consent, createdAt: iso(current.createdAt) }, proposed);

      const props: Record<string, unknown> = {};
      if ('email' in after) props.email = after.email;
      if ('phone' in after) props.phone = after.phone;
      if ('consent' in after) {
        props.consentContact = stricter.contact;
        props.consentAnalytics = stricter.analytics;
      }
      const node = await repo.updateSurvivor(tx, 'Customer', survivorId, props, earlier ? (proposed.createdAt as string) : null);
      await repo.leaveTrace(tx, 'Customer', survivorId, mergedId);
      await mergeCustomerEvents(tx, survivorId, mergedId);
      await repo.followToSurvivor(tx, survivorId, mergedId);
      // The survivor has the merged record's interactions and needs now.
      const snapshots = await refreshHealthSnapshots(tx, { customerIds: [survivorId] });

      const customerIds = [survivorId, mergedId];
      const kept = await keep(tx, this.events, [
        {
          recordType: 'Customer',
          recordId: survivorId,
          kind: 'MERGED',
          actorId,
          // The merged record, as it was: its personal fields under names of their own, which a VIEWER does not see.
          before: {
            ...before,
            merged: customerProfile(other, mergedLinks),
            mergedEmail: other.email ?? null,
            mergedPhone: other.phone ?? null,
          },
          after: { ...after, takenOver },
          version: versionOf(node),
          reason,
          otherId: mergedId,
          customerIds,
        },
        {
          recordType: 'Customer',
          recordId: mergedId,
          kind: 'MERGED_INTO',
          actorId,
          before: { ...customerProfile(other, mergedLinks), email: other.email ?? null, phone: other.phone ?? null },
          after: { mergedIntoId: survivorId },
          version: null,
          reason,
          otherId: survivorId,
          customerIds,
        },
      ]);
      return { survivor: withSnapshot(node as Customer, snapshots), kept };
    }, 'mergeCustomers');
    return survivor as Customer;
  }

  async mergeNeeds(input: MergeNeedsInput, user: AuthUser): Promise<Need> {
    const { survivorId, mergedId } = input;
    const reason = input.reason?.trim() || null;
    const { survivor, kept } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      if (survivorId === mergedId) throw badInput('mergedId', 'A need cannot be merged into itself: name two different needs.');
      const pair = await lockPair(tx, 'Need', survivorId, mergedId);
      if ('retried' in pair) return { survivor: pair.retried, kept: [] as KeptChange[] };
      const { current, other } = pair;
      // The holders get the survivor: a write that names them, which waits for (and after an
      // erasure finds nothing to move of) an erasure of any of them.
      await lockCustomersForWrite(tx, await repo.holdersOf(tx, [survivorId, mergedId]));
      const takenOver = await repo.moveNeedLinks(tx, survivorId, mergedId);
      await assertNothingLeft(tx, 'Need', mergedId);

      const proposed: Record<string, unknown> = {};
      if (blank(current.description) && !blank(other.description)) proposed.description = other.description;
      const earlier = other.createdAt instanceof Date && current.createdAt instanceof Date && other.createdAt < current.createdAt;
      if (earlier) proposed.createdAt = other.createdAt.toISOString();
      const { before, after } = changedFields({ ...current, createdAt: iso(current.createdAt) }, proposed);
      const props: Record<string, unknown> = {};
      if ('description' in after) props.description = after.description;
      const node = await repo.updateSurvivor(tx, 'Need', survivorId, props, earlier ? (proposed.createdAt as string) : null);
      await repo.leaveTrace(tx, 'Need', survivorId, mergedId);

      const customerIds = await repo.holdersOf(tx, [survivorId]);
      await refreshHealthSnapshots(tx, { customerIds });
      const kept = await keep(tx, this.events, [
        {
          recordType: 'Need',
          recordId: survivorId,
          kind: 'MERGED',
          actorId,
          before: { ...before, merged: needProfile(other) },
          after: { ...after, takenOver },
          version: versionOf(node),
          reason,
          otherId: mergedId,
          customerIds,
        },
        {
          recordType: 'Need',
          recordId: mergedId,
          kind: 'MERGED_INTO',
          actorId,
          before: needProfile(other),
          after: { mergedIntoId: survivorId },
          version: null,
          reason,
          otherId: survivorId,
          customerIds,
        },
      ]);
      return { survivor: node, kept };
    }, 'mergeNeeds');
    return survivor as Need;
  }

  /** Every possible duplicate, best first (read in one round trip, computed here). */
  async duplicates(reader: Reader): Promise<DuplicatePair[]> {
    const [subjects, dismissed] = await Promise.all([repo.duplicateSubjects(reader), repo.dismissedKeys(reader)]);
    return findDuplicates(subjects, dismissed);
  }

  /** One page of possible duplicates (see API-CONVENTIONS: opaque cursors, `first` up to 100). */
  async duplicatePage(reader: Reader, args: { first?: number | null; after?: string | null }) {
    const first = checkFirst(args.first);
    let position: { score: number; key: string } | null = null;
    if (args.after != null) {
      const cursor = decodeCursor(args.after);
      if (cursor.scope !== DUPLICATES_SCOPE || typeof cursor.v !== 'number' || !Number.isFinite(cursor.v)) throw invalidCursor();
      position = { score: cursor.v, key: cursor.id };
    }
    const all = await this.duplicates(reader);
    const start = position ? lowerBound(all, position) : 0;
    const page = all.slice(start, start + first);
    const cursorOf = (p: DuplicatePair) => encodeCursor(p.score, p.key, DUPLICATES_SCOPE);
    return {
      edges: page.map((p) => ({ cursor: cursorOf(p), node: { customerIds: p.ids, reasons: p.reasons, score: p.score, key: p.key } })),
      pageInfo: {
        hasNextPage: start + first < all.length,
        hasPreviousPage: position !== null,
        startCursor: page.length ? cursorOf(page[0]) : null,
        endCursor: page.length ? cursorOf(page[page.length - 1]) : null,
      },
      totalCount: all.length,
    };
  }

  /** Records that two customers are not one; they are no longer listed as a possible duplicate. */
  async dismissDuplicate(input: DismissDuplicateInput, user: AuthUser) {
    const [a, b] = input.customerIds;
    if (a === b) throw badInput('customerIds', 'Name two different customers.');
    return this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const targets = await repo.lockTargets(tx, 'Customer', [a, b]);
      for (const id of [a, b]) if (!targets.get(id)?.live) throw withField(notFound('customer', id), 'customerIds');
      const ids = [a, b].sort();
      const d = await repo.dismiss(tx, pairKey(a, b), ids, actorId);
      return { customerIds: d.customerIds as string[], dismissedAt: d.dismissedAt as Date, dismissedById: d.dismissedById as string };
    }, 'dismissDuplicate');
  }
}

/** The index of the first pair that ranks after `position` (the list is in rank order). */
function lowerBound(all: DuplicatePair[], position: { score: number; key: string }): number {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byRank(all[mid], position) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Locks both records of a merge and checks them: either both are live (`current` the survivor,
 * `other` the merged one), or the merge went through already (`retried`, the survivor); anything
 * else is refused: an unknown id is NOT_FOUND, a record merged into another a CONFLICT naming it.
 */
async function lockPair(
  tx: Tx,
  label: repo.MergeableLabel,
  survivorId: string,
  mergedId: string,
): Promise<{ retried: Row } | { current: Row; other: Row }> {
  const noun = label === 'Customer' ? 'customer' : 'need';
  const Noun = label;
  const targets = await repo.lockTargets(tx, label, [survivorId, mergedId]);
  const s = targets.get(survivorId)!;
  const m = targets.get(mergedId)!;
  if (!s.live && !s.mergedIntoId) throw withField(notFound(noun, survivorId), 'survivorId');
  if (!m.live && !m.mergedIntoId) throw withField(notFound(noun, mergedId), 'mergedId');
  if (m.mergedIntoId) {
    if (m.mergedIntoId === survivorId && s.live) return { retried: s.live };
    throw conflict(`${Noun} '${mergedId}' has already been merged into ${noun} '${m.mergedIntoId}'.`, {
      field: 'mergedId',
      mergedIntoId: m.mergedIntoId,
    });
  }
  if (!s.live) {
    throw conflict(`${Noun} '${survivorId}' has been merged into ${noun} '${s.mergedIntoId}'; merge into that one instead.`, {
      field: 'survivorId',
      mergedIntoId: s.mergedIntoId,
    });
  }
  return { current: s.live, other: m.live! };
}

/** A NOT_FOUND naming the input field at fault. */
function withField<E extends { details: Record<string, unknown> }>(e: E, field: string): E {
  e.details.field = field;
  return e;
}

/** Every link of the merged record was moved: one of a kind this module does not know would be lost, so the merge stops whole. */
async function assertNothingLeft(tx: Tx, label: repo.MergeableLabel, id: string): Promise<void> {
  const left = await repo.linksLeft(tx, label, id);
  if (left.length) throw new Error(`A merge would lose links of ${label} '${id}' of types ${left.join(', ')}; nothing was changed.`);
}
