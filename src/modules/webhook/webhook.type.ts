import { Node } from '../../graphql/node';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../../common/connection';
import { EVENT_CURSOR_DESCRIPTION } from '../../realtime/topics';

/**
 * Webhooks: endpoints an ADMIN registers to be sent the live events by HTTP POST, signed, from the
 * event log (delivery.ts), with a log of every delivery. A `(:Webhook)` node per endpoint, its
 * secret on a `(:WebhookSecret)` node of its own (never read by the API), and a
 * `(:WebhookDelivery)` node per event sent (or skipped) with its attempts.
 */

export enum WebhookStatus {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
}
registerEnumType(WebhookStatus, {
  name: 'WebhookStatus',
  description: 'Whether a webhook is being delivered.',
  valuesConfig: {
    ACTIVE: { description: 'Events are delivered as they are logged, one at a time, in order.' },
    PAUSED: { description: 'Nothing is sent; events wait in the event log (within its retention) until it is resumed.' },
  },
});

export enum WebhookPauseCause {
  ADMIN = 'ADMIN',
  GONE = 'GONE',
  FAILING = 'FAILING',
}
registerEnumType(WebhookPauseCause, {
  name: 'WebhookPauseCause',
  description: 'Why a webhook was paused.',
  valuesConfig: {
    ADMIN: { description: 'An ADMIN paused it (pauseWebhook).' },
    GONE: { description: 'Its receiver answered 410 Gone: it asked for no more deliveries.' },
    FAILING: { description: 'A delivery kept failing for the whole retry window (24 hours by default).' },
  },
});

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  RETRYING = 'RETRYING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
  SKIPPED = 'SKIPPED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where the delivery of one event to one webhook stands.',
  valuesConfig: {
    PENDING: { description: 'Being sent for the first time.' },
    RETRYING: { description: 'Failed so far; sent again at `nextAttemptAt` (exponential backoff with jitter).' },
    DELIVERED: { description: 'The receiver answered 2xx.' },
    FAILED: {
      description:
        'Given up: the receiver answered 410 Gone, or failed for the whole retry window. The webhook was paused; when it is ' +
        'resumed, this event is sent again, as a new delivery.',
    },
    CANCELLED: {
      description:
        'The webhook was paused (by an ADMIN) before this was delivered; when it is resumed, the event is sent again, as a new delivery.',
    },
    SKIPPED: {
      description:
        'Never sent: the event log no longer held these events when their turn came (the webhook was paused longer than the ' +
        "log's retention, or the log was replaced); `error` says which. Delivery continued with the events logged after them.",
    },
  },
});

@ObjectType({
  implements: Node,
  description: 'An endpoint that is sent live events by HTTP POST, signed (see docs/webhooks.md). ADMIN only.',
})
export class Webhook {
  @Field(() => ID, { description: 'Opaque unique id; sent with every delivery as `rapport-webhook-id`.' })
  id!: string;

  @Field({ description: 'Where deliveries are POSTed.' })
  url!: string;

  @Field({ description: 'What the endpoint is for (may be empty).' })
  description!: string;

  @Field(() => WebhookStatus, { description: 'Whether it is being delivered.' })
  status!: WebhookStatus;

  @Field(() => WebhookPauseCause, { nullable: true, description: 'Why it was paused; null while ACTIVE.' })
  pauseCause!: WebhookPauseCause | null;

  @Field(() => String, { nullable: true, description: 'Why it was paused, in words; null while ACTIVE.' })
  pausedReason!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was paused; null while ACTIVE.' })
  pausedAt!: Date | null;

  @Field(() => Date, { description: 'When it was registered.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When it was last changed (registered, updated, paused, resumed, secret rotated).' })
  updatedAt!: Date;

  @Field(() => Int, {
    description:
      'Starts at 1 and grows by one with every change to it (updated, paused, resumed, given a new secret); pass it as `expectedVersion` to updateWebhook.',
  })
  version!: number;

  @Field(() => Int, { description: 'Events delivered (answered 2xx) since it was registered.' })
  deliveredCount!: number;

  @Field(() => Int, { description: 'Failed attempts since it was registered (every retry counts).' })
  failedAttempts!: number;

  @Field(() => Int, { description: 'Failed attempts since the last delivery that succeeded; 0 when the last attempt succeeded.' })
  consecutiveFailures!: number;

  @Field(() => Date, { nullable: true, description: 'When an event was last delivered; null before the first.' })
  lastDeliveredAt!: Date | null;

  /** Internal: the filter as JSON text (the `filter` field parses it). */
  filterJson!: string;
  /** Internal: the employee who registered it (`createdBy`). */
  createdById!: string | null;
  /** Internal: the event log position it has handled through, in the log of `epoch`. */
  position!: number;
  epoch!: string | null;
}

export const WebhookConnection = connectionOf(Webhook, 'Webhook', 'webhooks');

@ObjectType({ implements: Node, description: 'The delivery of one event to one webhook, with its attempts and the last answer.' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The event: its cursor in the event log, sent as the body's `id` and the `rapport-event-id` header (the idempotency key: an event " +
      'may be sent more than once, always with the same id). Null for SKIPPED.',
  })
  eventId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The kind of event: the name of its subscription (`interactionRecorded`, `needRaised`, ...), the body's `type`. Null for SKIPPED.",
  })
  eventType!: string | null;

  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands.' })
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far (0 before the first).' })
  attempts!: number;

  @Field(() => Date, { description: 'When its turn came (the delivery was created).' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was first sent; null before.' })
  firstAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was last sent; null before.' })
  lastAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it will be sent again (RETRYING); null otherwise.' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the receiver accepted it (DELIVERED); null otherwise.' })
  deliveredAt!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: "The HTTP status of the receiver's last answer; null when it gave none (timeout, refused connection...).",
  })
  responseStatus!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "The first 1 KB of the receiver's last answer body (UTF-8, cut at a whole character); null when it gave none.",
  })
  responseBody!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the last attempt failed, in words (a timeout, a refused connection, an address refused, a redirect, an HTTP status); or why it was ' +
      'skipped or cancelled. Null when it succeeded or was not tried yet.',
  })
  error!: string | null;

  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in milliseconds; null before the first.' })
  durationMs!: number | null;
}

export const WebhookDeliveryConnection = connectionOf(WebhookDelivery, 'WebhookDelivery', 'deliveries of a webhook, newest first');

@ObjectType({ description: 'A new webhook, with its secret: shown this once, never readable again.' })
export class RegisterWebhookPayload {
  @Field(() => Webhook, { description: 'The webhook (ACTIVE: it is sent the events logged from now on).' })
  webhook!: Webhook;

  @Field({
    description:
      'The key of the signatures (`rapport-signature`, see docs/webhooks.md). Keep it where the receiver can read it: it is shown only ' +
      'now; a lost one is replaced with rotateWebhookSecret.',
  })
  secret!: string;
}

@ObjectType({ description: 'A webhook with its new secret: shown this once, never readable again.' })
export class RotateWebhookSecretPayload {
  @Field(() => Webhook, { description: 'The webhook.' })
  webhook!: Webhook;

  @Field({ description: 'The new key of the signatures: every attempt from now on is signed with it, and the old one is forgotten.' })
  secret!: string;
}

@ObjectType({ description: 'A webhook deleted, with its deliveries.' })
export class DeleteWebhookPayload {
  @Field(() => ID, { description: 'The id it had.' })
  id!: string;

  @Field({ description: 'The URL it had.' })
  url!: string;

  @Field(() => Int, { description: 'How many records of its deliveries were deleted with it.' })
  deliveriesDeleted!: number;
}

@ObjectType({ description: 'A webhook was paused: by an ADMIN, because its receiver answered 410 Gone, or because it kept failing.' })
export class WebhookPausedEvent {
  @Field(() => String, { description: EVENT_CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => Date, { description: 'When it was paused.' })
  at!: Date;

  @Field(() => ID, { description: 'The webhook paused.' })
  webhookId!: string;

  @Field(() => WebhookPauseCause, { description: 'Why.' })
  cause!: WebhookPauseCause;

  @Field({ description: 'Why, in words.' })
  reason!: string;

  actorId!: string | null;
}
