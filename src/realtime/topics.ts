import type { Tx } from '../db/graph';

/**
 * The live events of Rapport: one topic each, with the payload published on it. Payloads are
 * small and JSON-safe (ids and ISO date-times), so they cross Redis unchanged; subscribers
 * resolve the objects through the same resolvers and loaders as queries.
 */

export const Topics = {
  INTERACTION_RECORDED: 'rapport.interactionRecorded',
  INSIGHT_CHANGED: 'rapport.insightChanged',
  NEED_RAISED: 'rapport.needRaised',
  CUSTOMER_HEALTH_CHANGED: 'rapport.customerHealthChanged',
  RECORD_CHANGED: 'rapport.recordChanged',
  WEBHOOK_PAUSED: 'rapport.webhookPaused',
  NOTIFICATION_CREATED: 'rapport.notificationCreated',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export interface InteractionRecordedPayload {
  interactionId: string;
  customerId: string;
  handlerId: string;
  channel: string;
  actorId: string;
  /** When it was committed (ISO-8601). */
  at: string;
}

export interface InsightChangedPayload {
  /** One of InsightChangeKind. */
  kind: string;
  insightId: string;
  actorId: string;
  at: string;
  /** The customers, needs and topics of the insight at commit time, for filtering. */
  customerIds: string[];
  needIds: string[];
  topics: string[];
  /** For ANNOTATED: the new annotation. */
  annotationId: string | null;
}

export interface NeedRaisedPayload {
  needId: string;
  customerId: string;
  actorId: string;
  at: string;
}

/** A recorded interaction changed a customer's health score (customers with analytics consent only). */
export interface CustomerHealthChangedPayload {
  customerId: string;
  /** The (last) interaction of the transaction with this customer. */
  interactionId: string;
  previousScore: number;
  score: number;
  actorId: string;
  at: string;
}

/** A correction committed: an edit, deletion, restore or merge (see modules/history). */
export interface RecordChangedPayload {
  /** One of RecordChangeKind. */
  kind: string;
  /** One of RecordType's values (`Customer`, `Interaction`, ...). */
  recordType: string;
  recordId: string;
  /** For merges: the other record. */
  otherId: string | null;
  /** The customers the record concerns, for filtering. */
  customerIds: string[];
  /** The history entry (`RecordChange.id`). */
  changeId: string;
  actorId: string;
  at: string;
}

/** A webhook endpoint was paused: by an ADMIN, because its receiver answered 410 Gone, or because it kept failing (see modules/webhook). */
export interface WebhookPausedPayload {
  webhookId: string;
  /** One of WebhookPauseCause: ADMIN, GONE, FAILING. */
  cause: string;
  /** Why, in words. */
  reason: string;
  /** The ADMIN who paused it; null when the dispatcher did. */
  actorId: string | null;
  at: string;
}

/** A notification was made for one employee (see modules/inbox): only they receive it. */
export interface NotificationCreatedPayload {
  notificationId: string;
  /** Its recipient. */
  employeeId: string;
  /** One of NotificationKind. */
  kind: string;
  insightId: string;
  /** For a mention in an annotation: the annotation. */
  annotationId: string | null;
  actorId: string;
  /** The customers the insight is about (an erasure forgets the event). */
  customerIds: string[];
  at: string;
}

/** The payload type of every topic: the typed topic map. */
export interface TopicPayloads {
  [Topics.INTERACTION_RECORDED]: InteractionRecordedPayload;
  [Topics.INSIGHT_CHANGED]: InsightChangedPayload;
  [Topics.NEED_RAISED]: NeedRaisedPayload;
  [Topics.CUSTOMER_HEALTH_CHANGED]: CustomerHealthChangedPayload;
  [Topics.RECORD_CHANGED]: RecordChangedPayload;
  [Topics.WEBHOOK_PAUSED]: WebhookPausedPayload;
  [Topics.NOTIFICATION_CREATED]: NotificationCreatedPayload;
}

/**
 * What services see of the event bus: recording an event in the write transaction of the change
 * it reports. It is appended to the event log as the transaction's last statement and exists
 * exactly when the change committed; subscribers receive it from the log.
 */
export interface EventRecorder {
  record<T extends TopicName>(tx: Tx, topic: T, payload: TopicPayloads[T]): void;
}

/** What one subscription receives: the payload of its topic, with the event's cursor in the event log. */
export type Delivered<T extends TopicName> = TopicPayloads[T] & { cursor: string };

/** The description of every event's `cursor` field. */
export const EVENT_CURSOR_DESCRIPTION =
  "This event's position in the event log, opaque. Keep the last one received: give it as `after` when subscribing again to " +
  'receive what happened meanwhile, without gap. An event may arrive twice (at least once, in order per subscription): one whose ' +
  'cursor equals one already received is the same event.';

/** The description of every subscription's `after` argument. */
export const AFTER_CURSOR_DESCRIPTION =
  'Resume after this event (the `cursor` of the last event received): first the events of this subscription committed since, ' +
  'from the event log, with the same filters and permissions, then live ones, with no gap and no duplicate at the seam. ' +
  'A cursor older than the retention of the log (7 days by default) is refused with CURSOR_EXPIRED: query the current state, ' +
  'then subscribe without `after`.';
