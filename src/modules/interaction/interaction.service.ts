import { healthOf, txReader } from '../analytics/health';
import { refreshHealthSnapshots, type HealthSnapshot } from '../analytics/health-snapshot';
import { randomUUID } from 'node:crypto';
import { badInput, conflict, notFound, sentence } from '../../common/errors';
import { missingIds, type Graph, type Tx } from '../../db/graph';
import type { AuthUser } from '../../graphql/access';
import { Topics, type EventRecorder } from '../../realtime/topics';
import { requireActor } from '../employee/actor';
import { assertCustomersWritable, lockCustomerOfInteraction } from '../customer/customer.service';
import { assertLiveForWrite } from '../deletion/live-lock';
import { missingRecord } from '../deletion/missing';
import { notYetHeld } from '../need/need.repository';
import { keep } from '../history/history.service';
import { changedFields, checkVersion, versionOf } from '../history/version';
import { normalizeTopics } from '../topic/topic.repository';
import * as repo from './interaction.repository';
import { inTheFuture, usedWithAnotherCustomer } from './interaction.rules';
import { deletedExternalIds } from '../deletion/deletion.repository';
import type { Interaction, RecordInteractionInput, UpdateInteractionInput } from './interaction.type';

/** The most interactions `recordInteractions` takes in one request. */
export const MAX_BATCH = 1000;

/** Rules for recording interactions. */
export class InteractionService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
  ) {}

  /**
   * Records an interaction with its customer, handler, needs and topics in one transaction.
   * Idempotent by `externalId`: a retry returns the interaction first recorded and changes
   * nothing; the same external id for another customer is a `CONFLICT`.
   */
  async record(input: RecordInteractionInput, user: AuthUser): Promise<Interaction> {
    return (await this.write([input], user, (field) => field, 'recordInteraction'))[0];
  }

  /**
   * Records up to {@link MAX_BATCH} interactions in one transaction, with the idempotency of
   * {@link record}: all are recorded, or (on the first invalid one) none. Returns them in input
   * order; an external id given twice yields the same interaction twice.
   */
  async recordMany(inputs: RecordInteractionInput[], user: AuthUser): Promise<Interaction[]> {
    if (inputs.length > MAX_BATCH) {
      throw badInput('input', `At most ${MAX_BATCH} interactions can be recorded in one request; got ${inputs.length}.`);
    }
    if (inputs.length === 0) throw badInput('input', 'Give at least one interaction to record.');
    return this.write(inputs, user, (field, k) => `${k}.${field}`, 'recordInteractions');
  }

  /**
   * Corrects an interaction: only the fields given change (needIds and topics replace the sets), in
   * one transaction, if `expectedVersion` is still the current version (else `CONFLICT`). Keeps
   * what it replaced in the interaction's history and announces it (`recordChanged`); a need newly
   * expressed makes the customer hold it (`needRaised`), and a changed health score is announced
   * (`customerHealthChanged`), as recording does. Nothing changed: the interaction as it is.
   */
  async update(input: UpdateInteractionInput, user: AuthUser): Promise<Interaction> {
    if (input.occurredAt && inTheFuture(input.occurredAt.getTime())) {
      throw badInput('occurredAt', 'occurredAt cannot be in the future.');
    }
    const result = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      // The customer first (as recording and erasure lock it), then the interaction.
      const customerId = await lockCustomerOfInteraction(tx, input.id, 'id');
      const found = await repo.lockInteractionForEdit(tx, input.id);
      if (!found) throw await missingRecord(tx, 'Interaction', input.id);
      checkVersion('interaction', versionOf(found.interaction), input.expectedVersion);
      const fieldOf = (field: string) => field;
      if (input.handlerId != null) await assertExist(tx, 'Employee', 'employee', 'handlerId', [[input.handlerId]], fieldOf);
      if (input.needIds != null) await assertLiveForWrite(tx, 'Need', [input.needIds], () => 'needIds');
      const proposed: Record<string, unknown> = {
        summary: input.summary?.trim() ?? undefined,
        content: input.content ?? undefined,
        channel: input.channel ?? undefined,
        touchpoint: input.touchpoint ?? undefined,
        direction: input.direction ?? undefined,
        occurredAt: input.occurredAt ?? undefined,
        // null clears these three; omitted keeps them.
        sentiment: input.sentiment,
        expectedQuality: input.expectedQuality,
        perceivedQuality: input.perceivedQuality,
        needIds: input.needIds == null ? undefined : [...new Set(input.needIds)].sort(),
        topics: input.topics == null ? undefined : normalizeTopics(input.topics).sort(),
        handlerId: input.handlerId ?? undefined,
      };
      const { before, after, fields } = changedFields(editableOf(found), proposed);
      if (fields.length === 0) return { interaction: found.interaction as Interaction, kept: [], freshHolds: [], health: null };
      const props: repo.InteractionEdit['props'] = {};
      for (const f of [
        'summary',
        'content',
        'channel',
        'touchpoint',
        'direction',
        'sentiment',
        'expectedQuality',
        'perceivedQuality',
      ] as const) {
        if (f in after) (props as Record<string, unknown>)[f] = after[f];
      }
      const asOf = new Date(Date.now() + 1);
      const healthBefore = customerId ? await healthOf(txReader(tx), [customerId], asOf) : new Map();
      const added = 'needIds' in after ? (after.needIds as string[]).filter((id) => !found.needIds.includes(id)) : [];
      const freshHolds = customerId
        ? await notYetHeld(
            tx,
            added.map((needId) => ({ customerId, needId })),
          )
        : [];
      const interaction = await repo.editInteraction(tx, input.id, {
        props,
        occurredAt: 'occurredAt' in after ? (after.occurredAt as Date).toISOString() : undefined,
        handlerId: after.handlerId as string | undefined,
        needIds: after.needIds as string[] | undefined,
        topics: after.topics as string[] | undefined,
      });
      // The stored snapshot (lastContactAt, healthScore) changes with it, in this transaction.
      const healthAfter = scoresOf(
        customerId ? await refreshHealthSnapshots(tx, { customerIds: [customerId] }, asOf, { locked: true }) : new Map(),
      );
      const kept = await keep(tx, this.events, [
        {
          recordType: 'Interaction',
          recordId: input.id,
          kind: 'EDITED',
          actorId,
          before,
          after,
          version: versionOf(interaction),
          customerIds: customerId ? [customerId] : [],
        },
      ]);
      const scoreBefore = customerId ? healthBefore.get(customerId)?.score : undefined;
      const scoreAfter = customerId ? healthAfter.get(customerId)?.score : undefined;
      const health =
        customerId && scoreBefore !== undefined && scoreAfter !== undefined && scoreBefore !== scoreAfter
          ? { customerId, previousScore: scoreBefore, score: scoreAfter }
          : null;
      // Subscribers hear of it once, and only if, this commits.
      const at = new Date().toISOString();
      for (const { customerId, needId } of freshHolds) this.events.record(tx, Topics.NEED_RAISED, { needId, customerId, actorId, at });
      if (health) this.events.record(tx, Topics.CUSTOMER_HEALTH_CHANGED, { ...health, interactionId: input.id, actorId, at });
      return { interaction: interaction as Interaction, kept };
    }, 'updateInteraction');
    return result.interaction;
  }

  private async write(
    inputs: RecordInteractionInput[],
    user: AuthUser,
    fieldOf: (field: string, index: number) => string,
    operation: string,
  ): Promise<Interaction[]> {
    const now = Date.now();
    inputs.forEach((input, k) => {
      if (inTheFuture(input.occurredAt?.getTime() ?? now, now)) {
        throw badInput(fieldOf('occurredAt', k), 'occurredAt cannot be in the future.');
      }
    });
    // Within one request, a repeated external id is the same interaction: written once.
    const firstOf = new Map<string, number>();
    const canonical = inputs.map((input, k) => {
      if (!input.externalId) return k;
      const first = firstOf.get(input.externalId);
      if (first === undefined) {
        firstOf.set(input.externalId, k);
        return k;
      }
      if (inputs[first].customerId !== input.customerId) {
        throw conflict(`The external id '${input.externalId}' is given for two different customers.`, { field: fieldOf('externalId', k) });
      }
      return first;
    });
    let rows: repo.InteractionWrite[] = [];
    const written = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const handlerOf = (input: RecordInteractionInput) => input.handlerId ?? actorId;
      const customerIds = inputs.map((i) => i.customerId);
      await assertCustomersWritable(tx, customerIds, (id) => fieldOf('customerId', customerIds.indexOf(id)));
      await assertExist(
        tx,
        'Customer',
        'customer',
        'customerId',
        customerIds.map((id) => [id]),
        fieldOf,
      );
      await assertNotDeletedExternalIds(tx, inputs, fieldOf);
      await assertExist(
        tx,
        'Employee',
        'employee',
        'handlerId',
        inputs.map((i) => [handlerOf(i)]),
        fieldOf,
      );
      await assertLiveForWrite(
        tx,
        'Need',
        inputs.map((i) => i.needIds),
        (k) => fieldOf('needIds', k),
      );
      rows = inputs
        .filter((_, k) => canonical[k] === k)
        .map((input) => ({
          id: randomUUID(),
          occurredAt: (input.occurredAt ?? new Date(now)).toISOString(),
          customerId: input.customerId,
          handlerId: handlerOf(input),
          needIds: [...new Set(input.needIds)],
          topics: normalizeTopics(input.topics),
          props: {
            externalId: input.externalId ?? null,
            channel: input.channel,
            touchpoint: input.touchpoint,
            direction: input.direction,
            summary: input.summary.trim(),
            content: input.content,
            sentiment: input.sentiment ?? null,
            expectedQuality: input.expectedQuality ?? null,
            perceivedQuality: input.perceivedQuality ?? null,
          },
        }));
      // Health as of the commit, before and after: a changed score is announced (customerHealthChanged).
      const asOf = new Date(Math.max(Date.now(), now + 1));
      const healthBefore = await healthOf(txReader(tx), customerIds, asOf);
      // Needs a customer comes to hold by expressing them here: raised, for subscribers (below).
      const freshHolds = await notYetHeld(
        tx,
        rows.flatMap((r) => r.needIds.map((needId) => ({ customerId: r.customerId, needId }))),
      );
      const written = await repo.writeInteractions(tx, rows, true);
      // The stored snapshot (lastContactAt, healthScore) of the customers who got an interaction changes with it,
      // in this transaction (a retry that created nothing changes nothing). Their locks are held (assertCustomersWritable).
      const createdFor = rows.filter((_, n) => written[n].created).map((r) => r.customerId);
      const healthAfter = scoresOf(await refreshHealthSnapshots(tx, { customerIds: createdFor }, asOf, { locked: true }));
      written.forEach((w, n) => {
        if (!w.created && w.customerId !== rows[n].customerId) {
          const k = inputs.findIndex((i) => i.externalId === rows[n].props.externalId);
          throw conflict(sentence(usedWithAnotherCustomer(`the external id '${rows[n].props.externalId}'`)), {
            field: fieldOf('externalId', k),
          });
        }
      });
      this.recordEvents(tx, rows, written, actorId, freshHolds, healthBefore, healthAfter);
      return written;
    }, operation);
    const byCanonical = new Map<number, Interaction>();
    let n = 0;
    canonical.forEach((c, k) => {
      if (c === k) byCanonical.set(k, written[n++].interaction as Interaction);
    });
    return canonical.map((c) => byCanonical.get(c)!);
  }

  /**
   * Records the events of a recording in its transaction: each interaction it created, each need
   * a customer came to hold through one of them, and each changed health score (a retry of an
   * existing interaction announces nothing).
   */
  private recordEvents(
    tx: Tx,
    rows: repo.InteractionWrite[],
    written: Awaited<ReturnType<typeof repo.writeInteractions>>,
    actorId: string,
    freshHolds: { customerId: string; needId: string }[],
    healthBefore: Map<string, { score: number }>,
    healthAfter: Map<string, { score: number }>,
  ): void {
    const at = new Date().toISOString();
    written.forEach((w, n) => {
      if (!w.created) return;
      this.events.record(tx, Topics.INTERACTION_RECORDED, {
        interactionId: rows[n].id,
        customerId: rows[n].customerId,
        handlerId: rows[n].handlerId,
        channel: rows[n].props.channel,
        actorId,
        at,
      });
    });
    // Only interactions this request created linked anything (a retry of an existing one did not).
    const expressed = new Set(rows.flatMap((r, n) => (written[n].created ? r.needIds.map((needId) => `${r.customerId} ${needId}`) : [])));
    for (const { customerId, needId } of freshHolds) {
      if (expressed.has(`${customerId} ${needId}`)) this.events.record(tx, Topics.NEED_RAISED, { needId, customerId, actorId, at });
    }
    const lastInteractionOf = new Map<string, string>();
    written.forEach((w, n) => w.created && lastInteractionOf.set(rows[n].customerId, rows[n].id));
    for (const [customerId, interactionId] of lastInteractionOf) {
      const before = healthBefore.get(customerId);
      const after = healthAfter.get(customerId);
      if (!before || !after || before.score === after.score) continue;
      this.events.record(tx, Topics.CUSTOMER_HEALTH_CHANGED, {
        customerId,
        interactionId,
        previousScore: before.score,
        score: after.score,
        actorId,
        at,
      });
    }
  }
}

/** The health scores of refreshed snapshots (customers without analytics consent have none). */
function scoresOf(snapshots: Map<string, HealthSnapshot>): Map<string, { score: number }> {
  const out = new Map<string, { score: number }>();
  for (const [id, s] of snapshots) if (s.healthScore != null) out.set(id, { score: s.healthScore });
  return out;
}

/** The fields of an interaction an edit compares, named as in the API. */
function editableOf(found: repo.InteractionForEdit): Record<string, unknown> {
  const i = found.interaction;
  return {
    summary: i.summary,
    content: i.content ?? '',
    channel: i.channel,
    touchpoint: i.touchpoint,
    direction: i.direction,
    occurredAt: i.occurredAt,
    sentiment: i.sentiment ?? null,
    expectedQuality: i.expectedQuality ?? null,
    perceivedQuality: i.perceivedQuality ?? null,
    needIds: found.needIds,
    topics: found.topics,
    handlerId: found.handlerId,
  };
}

/**
 * An external id of a deleted interaction is not recorded again as a new one (a retry would bring
 * back what someone deleted, under another id): `CONFLICT`, saying that an ADMIN can restore it.
 */
async function assertNotDeletedExternalIds(
  tx: Tx,
  inputs: RecordInteractionInput[],
  fieldOf: (field: string, index: number) => string,
): Promise<void> {
  const externalIds = inputs.flatMap((i) => (i.externalId ? [i.externalId] : []));
  if (!externalIds.length) return;
  const deleted = await deletedExternalIds(tx, 'Interaction', externalIds);
  if (!deleted.size) return;
  const k = inputs.findIndex((i) => i.externalId && deleted.has(i.externalId));
  const externalId = inputs[k].externalId!;
  throw conflict(
    `The interaction with external id '${externalId}' ('${deleted.get(externalId)}') has been deleted; it is not recorded again. An ADMIN can restore it (restoreInteraction).`,
    { field: fieldOf('externalId', k), deletedId: deleted.get(externalId) },
  );
}

/** Fails with `BAD_USER_INPUT`, naming the first input whose ids include one that does not exist. */
async function assertExist(
  tx: Tx,
  label: 'Customer' | 'Employee',
  what: string,
  field: string,
  idsPerInput: string[][],
  fieldOf: (field: string, index: number) => string,
): Promise<void> {
  const missing = new Set(await missingIds(tx, label, idsPerInput.flat()));
  if (missing.size === 0) return;
  const k = idsPerInput.findIndex((ids) => ids.some((id) => missing.has(id)));
  const named = idsPerInput[k].filter((id) => missing.has(id));
  throw badInput(fieldOf(field, k), `No ${what} has the id ${named.map((m) => `'${m}'`).join(', ')}.`);
}
