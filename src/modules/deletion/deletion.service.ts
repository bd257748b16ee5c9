import { refreshHealthSnapshots } from '../analytics/health-snapshot';
import { randomUUID } from 'node:crypto';
import { capitalized, conflict, DomainError, ErrorCode, notFound } from '../../common/errors';
import { missingIds, type Graph, type Row, type Tx } from '../../db/graph';
import type { EventRecorder, InsightChangedPayload } from '../../realtime/topics';
import { AccessRole, type AuthUser } from '../../graphql/access';
import { lockCustomerOfInteraction } from '../customer/customer.service';
import { lockCustomersForWrite } from '../customer/customer.repository';
import { requireActor } from '../employee/actor';
import { keep, type KeptChange } from '../history/history.service';
import type { ChangeToKeep } from '../history/history.repository';
import { checkVersion } from '../history/version';
import { typeOfLabel } from '../history/history.type';
import { describeInsightChange, recordInsightChanges } from '../insight/insight.events';
import { InsightChangeKind } from '../insight/insight.type';
import { lockInsight } from '../insight/insight.repository';
import * as repo from './deletion.repository';
import { missingRecord, RESTORE_MUTATION, WHAT, type RootLabel } from './missing';
import type { DeletableLabel, LinkOutcome, NodeToDelete } from './deletion.repository';
import { DeletedRecordType, type DeletedRecordRef, type Deletion, type UnlinkEvidenceInput } from './deletion.type';
import { applyEvidenceLosses, evidenceLosses, unlinkEvidenceOf } from './evidence';

/** How long deleted records can be restored, and how often the server purges them. */
export interface DeletionConfig {
  /** Days a deleted record can be restored; the purge deletes it for good after that. */
  readonly retentionDays: number;
  /** Minutes between the server's purges; 0: the server does not purge (`npm run purge` does). */
  readonly purgeIntervalMinutes: number;
}

/** Labels whose records keep a history of corrections (`RecordType`); a deleted insight keeps its own versions. */
const WITH_HISTORY: ReadonlySet<DeletableLabel> = new Set(['Customer', 'Interaction', 'Annotation', 'Need']);

const DAY_MS = 24 * 3600 * 1000;

/** Longest `label` of a deletion. */
export const LABEL_LENGTH = 80;

/** A short label to recognize a (deleted) record by: a customer's name, an interaction's summary, a need's or insight's title, an annotation's body. */
export function labelOf(label: string, props: Row): string {
  const text = String(
    (label === 'Customer' ? props.name : label === 'Interaction' ? props.summary : label === 'Annotation' ? props.body : props.title) ?? '',
  )
    .replace(/\s+/gu, ' ')
    .trim();
  const chars = [...text];
  return chars.length > LABEL_LENGTH ? `${chars.slice(0, LABEL_LENGTH - 1).join('')}…` : text;
}

/**
 * Soft deletion, restore and evidence removal (see deletion.repository.ts for how a record leaves
 * the graph). Each method is one transaction; what it did is kept in the history in that
 * transaction and announced (`recordChanged`, `insightChanged`) once it has committed.
 */
export class DeletionService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
    readonly config: DeletionConfig,
  ) {}

  /** Until when a record deleted at `deletedAt` can be restored. */
  restorableUntil(deletedAt: Date): Date {
    return new Date(deletedAt.getTime() + this.config.retentionDays * DAY_MS);
  }

  /** A deletion as the API shows it, from one of its nodes (the root) as read. */
  deletionOf(
    row: Row,
    extra: { cascaded?: DeletedRecordRef[]; evidenceRemovedFrom?: string[] } = {},
  ): Deletion & { cascaded?: DeletedRecordRef[] } {
    const deletedAt = row.deletedAt as Date;
    return {
      id: row.deletionId,
      recordType: typeOfLabel<DeletedRecordType>(row.deletedLabel),
      recordId: row.id,
      label: labelOf(row.deletedLabel, row),
      deletedAt,
      restorableUntil: this.restorableUntil(deletedAt),
      reason: row.deletionReason ?? null,
      deletedById: row.deletedById ?? null,
      evidenceRemovedFrom: extra.evidenceRemovedFrom ?? [],
      ...(extra.cascaded ? { cascaded: extra.cascaded, cascadedCount: extra.cascaded.length } : {}),
    } as Deletion;
  }

  /**
   * Deletes a record and what goes with it, in one transaction: a customer takes its interactions,
   * the insights about it alone and their annotations; a need the insights about it alone and their
   * annotations; an interaction or an annotation nothing. Insights (still live) that cited a deleted
   * interaction get a new version with their confidence scaled by the evidence left.
   */
  async delete(label: RootLabel, input: { id: string; reason?: string | null }, user: AuthUser, operation: string): Promise<Deletion> {
    const reason = input.reason?.trim() || null;
    let kept: KeptChange[] = [];
    const deletion = await this.graph.writeTx(async (tx) => {
      kept = [];
      const actorId = await requireActor(tx, user);
      const plan = await this.plan(tx, label, input.id, user, actorId);
      const deletionId = randomUUID();
      const insightIds = plan.nodes.filter((n) => n.label === 'Insight').map((n) => n.id);
      const interactionIds = plan.nodes.filter((n) => n.label === 'Interaction').map((n) => n.id);
      // Read (and lock) the insights that lose evidence before the links go.
      const losses = await evidenceLosses(tx, interactionIds, insightIds);
      await repo.takeOut(tx, plan.nodes, { deletionId, actorId, reason });
      // The customers who lost an interaction or a need (a deleted customer has no snapshot to keep).
      await refreshHealthSnapshots(tx, {
        customerIds: [...plan.nodes.flatMap((n) => n.customerIds), ...[...plan.historyCustomerIds.values()].flat()],
      });
      recordInsightChanges(tx, this.events, await applyEvidenceLosses(tx, losses, actorId));
      const cascaded = plan.nodes
        .filter((n) => !n.root)
        .map((n) => ({ recordType: typeOfLabel<DeletedRecordType>(n.label), recordId: n.id }));
      kept = await keep(
        tx,
        this.events,
        plan.nodes
          .filter((n) => WITH_HISTORY.has(n.label))
          .map((n): ChangeToKeep => ({
            recordType: n.label as ChangeToKeep['recordType'],
            recordId: n.id,
            kind: 'DELETED',
            actorId,
            reason,
            after: n.root ? { deletionId, cascadedCount: cascaded.length } : { deletionId, deletedWith: `${label}:${input.id}` },
            customerIds: plan.historyCustomerIds.get(n.id) ?? n.customerIds,
          })),
      );
      const [root] = await tx.run('MATCH (n:Deleted {deletionId: $deletionId}) WHERE n.deletionRoot = true RETURN n', { deletionId });
      return this.deletionOf(root.n, {
        cascaded,
        evidenceRemovedFrom: losses.filter((l) => l.remaining < l.before).map((l) => l.insightId),
      });
    }, operation);
    return deletion;
  }

  /**
   * What a deletion takes, with every lock it needs taken in the order every write takes them
   * (customers first): the root (which must be live), then what goes with it.
   */
  private async plan(
    tx: Tx,
    label: RootLabel,
    id: string,
    user: AuthUser,
    actorId: string,
  ): Promise<{ nodes: NodeToDelete[]; historyCustomerIds: Map<string, string[]> }> {
    const historyCustomerIds = new Map<string, string[]>();
    const root = (customerIds: string[]): NodeToDelete => ({ label, id, root: true, customerIds });
    switch (label) {
      case 'Customer': {
        const state = await repo.lockCustomerAnyState(tx, id);
        if (!state) throw notFound('customer', id);
        if (state.deleted) throw await this.missing(tx, 'Customer', id);
        if (state.erased) {
          throw conflict(`Customer '${id}' has been erased; an erased customer stays erased and cannot be deleted.`, { field: 'id' });
        }
        const interactions = await repo.interactionsOf(tx, id);
        const insights = await repo.soleSubjectInsights(tx, 'Customer', id);
        const annotations = await repo.annotationsOn(
          tx,
          insights.map((i) => i.id),
        );
        return {
          nodes: [
            root([id]),
            ...interactions.map((x): NodeToDelete => ({ label: 'Interaction', id: x, root: false, customerIds: [id] })),
            ...insights.map((x): NodeToDelete => ({ label: 'Insight', id: x.id, root: false, customerIds: x.customerIds })),
            ...annotations.map((a): NodeToDelete => ({ label: 'Annotation', id: a.id, root: false, customerIds: [id] })),
          ],
          historyCustomerIds,
        };
      }
      case 'Interaction': {
        // Its customer first, as recording, editing and erasure lock it (an erased customer: CONFLICT).
        const customerId = await lockCustomerOfInteraction(tx, id, 'id');
        if (customerId === undefined) throw await this.missing(tx, 'Interaction', id);
        if (!(await repo.lockLive(tx, 'Interaction', id))) throw await this.missing(tx, 'Interaction', id);
        return { nodes: [root(customerId ? [customerId] : [])], historyCustomerIds };
      }
      case 'Need': {
        await lockCustomersForWrite(tx, await repo.holdersOf(tx, id));
        if (!(await repo.lockLive(tx, 'Need', id))) throw await this.missing(tx, 'Need', id);
        // A need is shared knowledge: its holders are links (saved), not its owners; the history names them.
        historyCustomerIds.set(id, await repo.holdersOf(tx, id));
        const insights = await repo.soleSubjectInsights(tx, 'Need', id);
        const annotations = await repo.annotationsOn(
          tx,
          insights.map((i) => i.id),
        );
        return {
          nodes: [
            root([]),
            ...insights.map((x): NodeToDelete => ({ label: 'Insight', id: x.id, root: false, customerIds: x.customerIds })),
            ...annotations.map((a): NodeToDelete => ({ label: 'Annotation', id: a.id, root: false, customerIds: [] })),
          ],
          historyCustomerIds,
        };
      }
      case 'Annotation': {
        const facts = await repo.annotationFacts(tx, id);
        if (!facts) throw await this.missing(tx, 'Annotation', id);
        if (facts.authorId !== actorId && !user.roles.includes(AccessRole.ADMIN)) {
          throw new DomainError(ErrorCode.FORBIDDEN, 'Only the author of an annotation or an ADMIN may delete it.');
        }
        await lockCustomersForWrite(tx, facts.customerIds);
        if (!(await repo.lockLive(tx, 'Annotation', id))) throw await this.missing(tx, 'Annotation', id);
        return { nodes: [root(facts.customerIds)], historyCustomerIds };
      }
    }
  }

  /** The error for a record that is not live: NOT_FOUND, saying what became of it (see missing.ts). */
  private missing(tx: Tx, label: RootLabel, id: string): Promise<DomainError> {
    return missingRecord(tx, label, id, (at) => this.restorableUntil(at));
  }

  /**
   * Restores a deleted record with everything deleted with it, in one transaction: the labels come
   * back, the links are made again to the records that are still there (to the survivor when one
   * was merged; those deleted since are noted on them, to be made when they are restored; the
   * rest are reported in the history), and each record's version grows by one. A record deleted
   * with another is restored through that one (BAD_USER_INPUT naming it).
   */
  async restore(label: RootLabel, id: string, user: AuthUser, operation: string): Promise<Row> {
    let kept: KeptChange[] = [];
    const restored = await this.graph.writeTx(async (tx) => {
      kept = [];
      const actorId = await requireActor(tx, user);
      const notDeleted = () =>
        new DomainError(
          ErrorCode.NOT_FOUND,
          `No deleted ${WHAT[label]} has the id '${id}': it is not deleted (or never existed, or was restored meanwhile), or it was purged ${this.config.retentionDays} days after its deletion.`,
          { id },
        );
      const deleted = await repo.findDeleted(tx, label, id);
      if (!deleted) throw notDeleted();
      if (!deleted.deletionRoot) {
        const root = await repo.deletionRootOf(tx, deleted.deletionId);
        const rootLabel = (root?.label ?? label) as RootLabel;
        throw new DomainError(
          ErrorCode.BAD_USER_INPUT,
          `${capitalized(WHAT[label])} '${id}' was deleted with ${WHAT[rootLabel]} '${root?.id}'; restore that ${WHAT[rootLabel]} ` +
            `(${RESTORE_MUTATION[rootLabel]}) to bring it back with everything deleted with it.`,
          { field: 'id', rootRecordType: typeOfLabel<DeletedRecordType>(rootLabel), rootRecordId: root?.id ?? null },
        );
      }
      // The customers the restored records belong to, locked first (as every write locks them).
      // Read again under the locks: a restore or a purge that committed meanwhile took it.
      const stillDeleted = (members: repo.DeletionMember[]) => members.some((m) => m.root && m.id === id && m.label === label);
      const members0 = await repo.lockDeletion(tx, deleted.deletionId);
      await lockCustomersForWrite(
        tx,
        requiredTargets(members0, 'Interaction').map((t) => t.otherId),
      );
      const members = await repo.lockDeletion(tx, deleted.deletionId);
      if (!stillDeleted(members)) throw notDeleted();
      await this.checkRestorable(tx, members);
      const versions = await repo.relabel(tx, deleted.deletionId, members, true);
      const restoredIds = new Set(members.map((m) => m.id));
      const outcomes = await repo.relink(
        tx,
        members.flatMap((m) => m.links.map((link) => ({ e: m.elementId, nodeId: m.id, link }))),
        restoredIds,
      );
      await parkLinks(tx, members, outcomes);
      // The customers who get back an interaction or a need, or come back themselves.
      const restoredOf = (l: string) => members.filter((m) => m.label === l).map((m) => m.id);
      await refreshHealthSnapshots(tx, {
        customerIds: restoredOf('Customer'),
        interactionIds: restoredOf('Interaction'),
        needIds: restoredOf('Need'),
      });
      // Live insights that get a deleted interaction back as evidence: EVIDENCE_LINKED (their confidence stays as it is).
      const relinkedInsights = [
        ...new Set(
          outcomes
            .filter(
              (o) =>
                o.type === 'EVIDENCED_BY' &&
                o.dir === 'IN' &&
                (o.outcome === 'RESTORED' || o.outcome === 'REDIRECTED') &&
                !restoredIds.has(o.otherId ?? ''),
            )
            .map((o) => o.toId!),
        ),
      ];
      for (const insightId of relinkedInsights)
        recordInsightChanges(tx, this.events, [await describeInsightChange(tx, InsightChangeKind.EVIDENCE_LINKED, insightId, actorId)]);
      kept = await keep(
        tx,
        this.events,
        await this.restoredChanges(tx, members, outcomes, versions, actorId, deleted.deletionId, label, id),
      );
      const [row] = await tx.run(`MATCH (n:${label} {id: $id}) RETURN n`, { id });
      return row.n as Row;
    }, operation);
    return restored;
  }

  /**
   * A restore that would break a rule changes nothing: an external id taken since (CONFLICT), an
   * interaction whose customer, or an annotation whose insight, is not there to go back to
   * (CONFLICT saying what to restore first, or that it is gone).
   */
  private async checkRestorable(tx: Tx, members: repo.DeletionMember[]): Promise<void> {
    const [clash] = await repo.externalIdClashes(tx, members);
    if (clash) {
      const what = WHAT[clash.member.label];
      throw conflict(
        `${capitalized(what)} '${clash.member.id}' cannot be restored: its external id '${clash.member.externalId}' is used by ${what} '${clash.takenById}', ` +
          'recorded since it was deleted. Delete or correct that one first.',
        { field: 'id', externalId: clash.member.externalId, takenById: clash.takenById },
      );
    }
    const inDeletion = new Set(members.map((m) => m.id));
    for (const [label, targetLabel] of [
      ['Interaction', 'Customer'],
      ['Annotation', 'Insight'],
    ] as const) {
      const required = requiredTargets(members, label).filter((t) => !inDeletion.has(t.otherId));
      const targets = await repo.linkTargets(
        tx,
        targetLabel,
        required.map((t) => t.otherId),
      );
      for (const t of required) {
        const target = targets.get(t.otherId);
        if (target?.liveId) continue;
        const whose = `${capitalized(WHAT[label])} '${t.nodeId}' cannot be restored`;
        const other = `${WHAT[targetLabel]} '${t.otherId}'`;
        if (target?.state === 'DELETED') {
          const root = targetLabel === 'Customer' ? null : await repo.findDeleted(tx, 'Insight', t.otherId);
          const rootOf = root ? await repo.deletionRootOf(tx, root.deletionId) : null;
          const how =
            rootOf && rootOf.label !== 'Insight'
              ? `restore ${WHAT[rootOf.label]} '${rootOf.id}' (${RESTORE_MUTATION[rootOf.label as RootLabel]}) first`
              : 'restore it first (restoreCustomer)';
          throw conflict(`${whose} while its ${other} is deleted; ${how}.`, { field: 'id', blockedBy: t.otherId });
        }
        throw conflict(`${whose}: its ${other} ${target?.state === 'ERASED' ? 'has been erased' : 'no longer exists'}.`, {
          field: 'id',
          blockedBy: t.otherId,
        });
      }
    }
  }

  /** RESTORED entries of the records that keep a history; what links did not come back is noted on each (and those of insights on the root). */
  private async restoredChanges(
    tx: Tx,
    members: repo.DeletionMember[],
    outcomes: LinkOutcome[],
    versions: Map<string, number | null>,
    actorId: string,
    deletionId: string,
    rootLabel: RootLabel,
    rootId: string,
  ): Promise<ChangeToKeep[]> {
    const withHistory = new Set(members.filter((m) => WITH_HISTORY.has(m.label)).map((m) => m.id));
    const notes = (ids: (id: string) => boolean) => {
      const mine = outcomes.filter((o) => ids(o.nodeId));
      const notRestored = mine
        .filter((o) => o.outcome !== 'RESTORED' && o.outcome !== 'REDIRECTED')
        .map((o) => ({ record: o.nodeId, type: o.type, direction: o.dir, otherType: o.otherLabel, otherId: o.otherId, why: o.outcome }));
      const redirected = mine
        .filter((o) => o.outcome === 'REDIRECTED')
        .map((o) => ({ record: o.nodeId, type: o.type, from: o.otherId, to: o.toId }));
      return {
        ...(notRestored.length ? { linksNotRestored: notRestored } : {}),
        ...(redirected.length ? { linksRedirected: redirected } : {}),
      };
    };
    const holders = await heldBy(
      tx,
      members.filter((m) => m.label === 'Need').map((m) => m.id),
    );
    return members
      .filter((m) => withHistory.has(m.id))
      .map((m): ChangeToKeep => ({
        recordType: m.label as ChangeToKeep['recordType'],
        recordId: m.id,
        kind: 'RESTORED',
        actorId,
        version: versions.get(m.id) ?? null,
        after: {
          deletionId,
          ...(m.root ? {} : { restoredWith: `${rootLabel}:${rootId}` }),
          ...notes((id) => id === m.id || (m.root && !withHistory.has(id))),
        },
        customerIds: m.label === 'Need' ? (holders.get(m.id) ?? []) : m.customerIds,
      }));
  }

  /**
   * Removes interactions from the evidence of an insight (the mirror of `linkEvidence`): a new
   * version of the insight whose confidence is scaled by the evidence left. Interactions that are
   * not its evidence are ignored; when none was, nothing changes.
   */
  async unlinkEvidence(input: UnlinkEvidenceInput, user: AuthUser): Promise<Row> {
    const insight = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const found = await lockInsight(tx, input.id);
      if (!found) throw notFound('insight', input.id);
      checkVersion('insight', found.insight.version, input.expectedVersion);
      if (found.insight.status === 'ARCHIVED') {
        throw conflict('Evidence cannot be removed from an ARCHIVED insight.', { status: found.insight.status });
      }
      const ids = [...new Set(input.interactionIds)];
      const missing = await missingIds(tx, 'Interaction', ids);
      if (missing.length)
        throw new DomainError(ErrorCode.BAD_USER_INPUT, `No interaction has the id ${missing.map((m) => `'${m}'`).join(', ')}.`, {
          field: 'interactionIds',
        });
      const [{ before }] = await tx.run('MATCH (x:Insight {id: $id}) RETURN COUNT { (x)-[:EVIDENCED_BY]->(:Interaction) } AS before', {
        id: input.id,
      });
      const removed = await unlinkEvidenceOf(tx, input.id, ids);
      if (removed === 0) return found.insight;
      recordInsightChanges(
        tx,
        this.events,
        await applyEvidenceLosses(tx, [{ insightId: input.id, before, remaining: before - removed }], actorId),
      );
      const [row] = await tx.run('MATCH (x:Insight {id: $id}) RETURN x', { id: input.id });
      return row.x as Row;
    }, 'unlinkEvidence');
    return insight;
  }
}

/** The single link every record of `label` needs (an interaction's customer, an annotation's insight), as saved. */
function requiredTargets(members: repo.DeletionMember[], label: 'Interaction' | 'Annotation'): { nodeId: string; otherId: string }[] {
  const type = label === 'Interaction' ? 'WITH_CUSTOMER' : 'ON';
  return members
    .filter((m) => m.label === label)
    .flatMap((m) =>
      m.links.filter((l) => l.type === type && l.dir === 'OUT' && l.otherId).map((l) => ({ nodeId: m.id, otherId: l.otherId! })),
    );
}

/** The customers holding each of these (live) needs. */
async function heldBy(tx: Tx, needIds: string[]): Promise<Map<string, string[]>> {
  if (!needIds.length) return new Map();
  const rows = await tx.run('UNWIND $ids AS id MATCH (n:Need {id: id}) RETURN id, [(c:Customer)-[:HAS_NEED]->(n) | c.id] AS holders', {
    ids: needIds,
  });
  return new Map(rows.map((r) => [r.id as string, r.holders as string[]]));
}

/**
 * Links a restore could not make because the other record is itself deleted (by another deletion)
 * are noted on that record, the other way round, so that restoring it makes them: restoring a
 * customer, then a need deleted after it, gives the customer the need back.
 */
async function parkLinks(tx: Tx, members: repo.DeletionMember[], outcomes: LinkOutcome[]): Promise<void> {
  const missing = outcomes.filter((o) => o.outcome === 'MISSING' && o.otherId && o.otherLabel);
  if (!missing.length) return;
  const labelOf = new Map(members.map((m) => [m.id, m.label]));
  const linkOf = new Map(members.flatMap((m) => m.links.map((l) => [`${m.id}|${l.type}|${l.dir}|${l.otherId}`, l] as const)));
  const rows = await tx.run(
    `UNWIND $targets AS t
     MATCH (d:Deleted {id: t.id}) WHERE d.deletedLabel = t.label
     SET d._lock = true REMOVE d._lock
     RETURN elementId(d) AS elementId, d.id AS id, d.deletedLabel AS label, d.deletedLinks AS links`,
    { targets: [...new Map(missing.map((o) => [`${o.otherId}|${o.otherLabel}`, { id: o.otherId, label: o.otherLabel }])).values()] },
  );
  const updates = rows.map((r) => {
    const links = repo.parseLinks(r.links);
    for (const o of missing.filter((m) => m.otherId === r.id && m.otherLabel === r.label)) {
      const saved = linkOf.get(`${o.nodeId}|${o.type}|${o.dir}|${o.otherId}`);
      const reversed: repo.SavedLink = {
        type: o.type,
        dir: o.dir === 'OUT' ? 'IN' : 'OUT',
        otherId: o.nodeId,
        otherLabel: labelOf.get(o.nodeId) ?? null,
        props: saved?.props ?? [],
      };
      if (!links.some((l) => l.type === reversed.type && l.dir === reversed.dir && l.otherId === reversed.otherId)) links.push(reversed);
    }
    return { elementId: r.elementId as string, links };
  });
  await repo.rewriteDeletedLinks(tx, updates);
}
