import { randomUUID } from 'node:crypto';
import { badInput, conflict } from '../../common/errors';
import { missingIds, type Graph } from '../../db/graph';
import type { AuthUser } from '../../server/auth';
import { Topics, type EventPublisher } from '../../realtime/topics';
import { requireActor } from '../employee/actor';
import { assertNotErased } from '../customer/customer.service';
import { normalizeTopics, tagNode } from '../topic/topic.repository';
import * as repo from './interaction.repository';
import type { Interaction, RecordInteractionInput } from './interaction.type';

/** Tolerance for clocks that run a little ahead of the server's. */
const FUTURE_SLACK_MS = 5 * 60 * 1000;

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
    const occurredAt = input.occurredAt ?? new Date();
    if (occurredAt.getTime() > Date.now() + FUTURE_SLACK_MS) {
      throw badInput('occurredAt', 'occurredAt cannot be in the future.');
    }
    const { interaction, created, actorId, handlerId } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const handlerId = input.handlerId ?? actorId;
      if ((await missingIds(tx, 'Customer', [input.customerId])).length) {
        throw badInput('customerId', `No customer has the id '${input.customerId}'.`);
      }
      await assertNotErased(tx, [input.customerId], 'customerId');
      if ((await missingIds(tx, 'Employee', [handlerId])).length) {
        throw badInput('handlerId', `No employee has the id '${handlerId}'.`);
      }
      const missingNeeds = await missingIds(tx, 'Need', input.needIds);
      if (missingNeeds.length) {
        throw badInput('needIds', `No need has the id ${missingNeeds.map((m) => `'${m}'`).join(', ')}.`);
      }
      const id = randomUUID();
      const { interaction, created, customerId } = await repo.upsertInteraction(
        tx,
        id,
        {
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
        occurredAt.toISOString(),
      );
      if (!created) {
        if (customerId !== input.customerId) {
          throw conflict(`The external id '${input.externalId}' is already used by an interaction with another customer.`, {
            field: 'externalId',
          });
        }
        return { interaction: interaction as Interaction, created, actorId, handlerId };
      }
      await repo.linkInteraction(tx, id, input.customerId, handlerId, [...new Set(input.needIds)]);
      await tagNode(tx, 'Interaction', id, normalizeTopics(input.topics));
      return { interaction: interaction as Interaction, created, actorId, handlerId };
    }, 'recordInteraction');
    // Committed: now, and only now, tell the subscribers (a retry announces nothing new).
    if (created) {
      this.events.publish(Topics.INTERACTION_RECORDED, {
        interactionId: interaction.id,
        customerId: input.customerId,
        handlerId,
        channel: input.channel,
        actorId,
        at: new Date().toISOString(),
      });
    }
    return interaction;
  }
}
