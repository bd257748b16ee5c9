import { healthOf, txReader } from '../analytics/health';
import { randomUUID } from 'node:crypto';
import { badInput, conflict } from '../../common/errors';
import { missingIds, type Graph, type Tx } from '../../db/graph';
import type { AuthUser } from '../../server/auth';
import { Topics, type EventPublisher } from '../../realtime/topics';
import { requireActor } from '../employee/actor';
import { assertNotErased } from '../customer/customer.service';
import { notYetHeld } from '../need/need.repository';
import { normalizeTopics } from '../topic/topic.repository';
import * as repo from './interaction.repository';
import { FUTURE_SLACK_MS, type Interaction, type RecordInteractionInput } from './interaction.type';


/** The most interactions `recordInteractions` takes in one request. */
export const MAX_BATCH = 1000;

/** Rules for recording interactions. */
export class InteractionService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventPublisher,
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

  private async write(
    inputs: RecordInteractionInput[],
    user: AuthUser,
    fieldOf: (field: string, index: number) => string,
    operation: string,
  ): Promise<Interaction[]> {
    const now = Date.now();
    inputs.forEach((input, k) => {
      if ((input.occurredAt?.getTime() ?? now) > now + FUTURE_SLACK_MS) {
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
    const { written, rows, actorId, healthBefore, healthAfter, freshHolds } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const handlerOf = (input: RecordInteractionInput) => input.handlerId ?? actorId;
      const customerIds = inputs.map((i) => i.customerId);
      await assertExist(tx, 'Customer', 'customer', 'customerId', customerIds.map((id) => [id]), fieldOf);
      await assertNotErased(tx, customerIds, (id) => fieldOf('customerId', customerIds.indexOf(id)));
      await assertExist(tx, 'Employee', 'employee', 'handlerId', inputs.map((i) => [handlerOf(i)]), fieldOf);
      await assertExist(tx, 'Need', 'need', 'needIds', inputs.map((i) => i.needIds), fieldOf);
      const rows: repo.InteractionWrite[] = inputs
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
      const freshHolds = await notYetHeld(tx, rows.flatMap((r) => r.needIds.map((needId) => ({ customerId: r.customerId, needId }))));
      const written = await repo.writeInteractions(tx, rows, true);
      const healthAfter = await healthOf(txReader(tx), customerIds, asOf);
      written.forEach((w, n) => {
        if (!w.created && w.customerId !== rows[n].customerId) {
          const k = inputs.findIndex((i) => i.externalId === rows[n].props.externalId);
          throw conflict(`The external id '${rows[n].props.externalId}' is already used by an interaction with another customer.`, {
            field: fieldOf('externalId', k),
          });
        }
      });
      return { written, rows, actorId, healthBefore, healthAfter, freshHolds };
    }, operation);
    // Committed: now, and only now, tell the subscribers (a retry announces nothing new).
    written.forEach((w, n) => {
      if (!w.created) return;
      this.events.publish(Topics.INTERACTION_RECORDED, {
        interactionId: rows[n].id,
        customerId: rows[n].customerId,
        handlerId: rows[n].handlerId,
        channel: rows[n].props.channel,
        actorId,
        at: new Date().toISOString(),
      });
    });
    // Only interactions this request created linked anything (a retry of an existing one did not).
    const expressed = new Set(rows.flatMap((r, n) => (written[n].created ? r.needIds.map((needId) => `${r.customerId} ${needId}`) : [])));
    for (const { customerId, needId } of freshHolds) {
      if (expressed.has(`${customerId} ${needId}`)) this.events.publish(Topics.NEED_RAISED, { needId, customerId, actorId, at: new Date().toISOString() });
    }
    const lastInteractionOf = new Map<string, string>();
    written.forEach((w, n) => w.created && lastInteractionOf.set(rows[n].customerId, rows[n].id));
    for (const [customerId, interactionId] of lastInteractionOf) {
      const before = healthBefore.get(customerId);
      const after = healthAfter.get(customerId);
      if (!before || !after || before.score === after.score) continue;
      this.events.publish(Topics.CUSTOMER_HEALTH_CHANGED, {
        customerId,
        interactionId,
        previousScore: before.score,
        score: after.score,
        actorId,
        at: new Date().toISOString(),
      });
    }
    const byCanonical = new Map<number, Interaction>();
    let n = 0;
    canonical.forEach((c, k) => {
      if (c === k) byCanonical.set(k, written[n++].interaction as Interaction);
    });
    return canonical.map((c) => byCanonical.get(c)!);
  }
}

/** Fails with `BAD_USER_INPUT`, naming the first input whose ids include one that does not exist. */
async function assertExist(
  tx: Tx,
  label: 'Customer' | 'Employee' | 'Need',
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
