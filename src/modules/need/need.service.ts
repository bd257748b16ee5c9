import { refreshHealthSnapshots, withSnapshot } from '../analytics/health-snapshot';
import { randomUUID } from 'node:crypto';
import { badInput, ErrorCode, notFound } from '../../common/errors';
import { missingIds, type Graph, type Tx } from '../../db/graph';
import type { AuthUser } from '../../graphql/access';
import { Topics, type EventRecorder } from '../../realtime/topics';
import { requireActor } from '../employee/actor';
import { assertCustomersWritable, lockCustomerOfInteraction } from '../customer/customer.service';
import { assertLiveForWrite } from '../deletion/live-lock';
import { missingRecord } from '../deletion/missing';
import { normalizeTopics, tagNode } from '../topic/topic.repository';
import * as repo from './need.repository';
import type { LinkNeedInput, Need, RaiseNeedInput, UnlinkNeedInput, UpdateNeedInput } from './need.type';
import type { Customer } from '../customer/customer.type';
import { keep } from '../history/history.service';
import { changedFields, checkVersion, lockVersioned, versionOf } from '../history/version';
import { NeedStatus } from './need.type';

/** Rules for customer needs. */
export class NeedService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
  ) {}

  /** Records a new need of a customer, optionally linked to the interaction that expressed it. */
  async raise(input: RaiseNeedInput, user: AuthUser): Promise<Need> {
    return this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      await assertCustomersWritable(tx, [input.customerId], 'customerId');
      if ((await missingIds(tx, 'Customer', [input.customerId])).length) {
        throw badInput('customerId', `No customer has the id '${input.customerId}'.`);
      }
      if (input.interactionId) {
        // The interaction in which this customer expressed it: one with another customer would make that one hold the need too.
        const withCustomer = await repo.customerOfInteraction(tx, input.interactionId);
        if (withCustomer === null) throw badInput('interactionId', `No interaction has the id '${input.interactionId}'.`);
        if (withCustomer !== input.customerId) {
          throw badInput(
            'interactionId',
            `Interaction '${input.interactionId}' is with another customer; give one with this customer, or link the need to it with linkNeed.`,
          );
        }
      }
      const id = randomUUID();
      const need = await repo.createNeed(tx, id, {
        title: input.title.trim(),
        description: input.description,
        kind: input.kind,
        priority: input.priority,
        status: NeedStatus.OPEN,
      });
      await repo.linkCustomer(tx, id, input.customerId, input.intensity);
      if (input.interactionId) await repo.linkInteraction(tx, id, input.interactionId);
      await tagNode(tx, 'Need', id, normalizeTopics(input.topics));
      this.raised(tx, id, input.customerId, actorId);
      await refreshHealthSnapshots(tx, { customerIds: [input.customerId] });
      return need as Need;
    }, 'raiseNeed');
  }

  /** Links a need to another customer and/or an interaction. */
  async link(input: LinkNeedInput, user: AuthUser): Promise<Need> {
    if (!input.customerId && !input.interactionId) {
      throw badInput('input', 'Give a customerId, an interactionId, or both.');
    }
    return this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      // The need first (as a merge of needs locks it), then whom it links to.
      await assertLiveForWrite(tx, 'Need', [[input.needId]], () => 'needId', ErrorCode.NOT_FOUND);
      const newHolders = new Set<string>();
      if (input.customerId) {
        await assertCustomersWritable(tx, [input.customerId], 'customerId');
        if ((await missingIds(tx, 'Customer', [input.customerId])).length) {
          throw badInput('customerId', `No customer has the id '${input.customerId}'.`);
        }
        if (await repo.linkCustomer(tx, input.needId, input.customerId, input.intensity)) newHolders.add(input.customerId);
      }
      if (input.interactionId) {
        // The interaction's customer comes to hold the need too, if they did not: a write that names
        // them, which waits for (and is refused after) their erasure like any other.
        const holder = await lockCustomerOfInteraction(tx, input.interactionId, 'interactionId');
        await assertLiveForWrite(tx, 'Interaction', [[input.interactionId]], () => 'interactionId');
        const newHolder = await repo.linkInteraction(tx, input.needId, input.interactionId);
        if (newHolder) newHolders.add(newHolder);
      }
      // A customer who now has the need raised it, as far as subscribers are concerned.
      for (const customerId of newHolders) this.raised(tx, input.needId, customerId, actorId);
      await refreshHealthSnapshots(tx, { customerIds: [...newHolders] });
      return (await repo.findNeed(tx, input.needId)) as Need;
    }, 'linkNeed');
  }

  /** Records, in the transaction, that a customer came to hold a need (`needRaised`). */
  private raised(tx: Tx, needId: string, customerId: string, actorId: string): void {
    this.events.record(tx, Topics.NEED_RAISED, { needId, customerId, actorId, at: new Date().toISOString() });
  }

  /**
   * Changes a need, if `expectedVersion` (when given) is still the current version. What it
   * replaced is kept in the need's history and announced (`recordChanged`).
   */
  async update(input: UpdateNeedInput, user: AuthUser): Promise<Need> {
    const { need, kept } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const current = await lockVersioned(tx, 'Need', input.id);
      if (!current) throw await missingRecord(tx, 'Need', input.id);
      checkVersion('need', versionOf(current), input.expectedVersion);
      const changes: Partial<repo.NeedProps> = {};
      if (input.title != null) changes.title = input.title.trim();
      if (input.description != null) changes.description = input.description;
      if (input.kind != null) changes.kind = input.kind;
      if (input.priority != null) changes.priority = input.priority;
      if (input.status != null) changes.status = input.status;
      const { before, after, fields } = changedFields(current, changes);
      const need = await repo.updateNeed(tx, input.id, changes, fields.length > 0);
      if (!need) throw notFound('need', input.id);
      // Its holders' open needs (and so their health) change with its status.
      if (fields.includes('status')) await refreshHealthSnapshots(tx, { needIds: [input.id] });
      const kept = fields.length
        ? await keep(tx, this.events, [
            {
              recordType: 'Need',
              recordId: input.id,
              kind: 'EDITED',
              actorId,
              before,
              after,
              version: versionOf(need),
              customerIds: await repo.holdersOf(tx, input.id),
            },
          ])
        : [];
      return { need: need as Need, kept };
    }, 'updateNeed');
    return need;
  }

  /**
   * A customer no longer holds a need: removes the link (the need, and the interactions in which
   * the customer expressed it, stay). Keeps what the link held in the customer's history (UNLINKED)
   * and moves the customer's version on. Unknown customer: `NOT_FOUND`; unknown need, or one the
   * customer does not hold: `BAD_USER_INPUT`; an erased customer: `CONFLICT`.
   */
  async unlink(input: UnlinkNeedInput, user: AuthUser): Promise<Customer> {
    const { customer, kept } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      await assertCustomersWritable(tx, [input.customerId], 'customerId');
      if ((await missingIds(tx, 'Customer', [input.customerId])).length) throw notFound('customer', input.customerId);
      if ((await missingIds(tx, 'Need', [input.needId])).length) throw badInput('needId', `No need has the id '${input.needId}'.`);
      const link = await repo.unlinkCustomer(tx, input.needId, input.customerId);
      if (!link) throw badInput('needId', `Customer '${input.customerId}' does not hold the need '${input.needId}'.`);
      const kept = await keep(tx, this.events, [
        {
          recordType: 'Customer',
          recordId: input.customerId,
          kind: 'UNLINKED',
          actorId,
          before: { needId: input.needId, intensity: link.intensity, since: link.since },
          after: {},
          version: versionOf(link.customer),
          customerIds: [input.customerId],
        },
      ]);
      const snapshots = await refreshHealthSnapshots(tx, { customerIds: [input.customerId] });
      return { customer: withSnapshot(link.customer as Customer, snapshots), kept };
    }, 'unlinkNeed');
    return customer;
  }
}
