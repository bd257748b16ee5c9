import type { Tx } from '../../db/graph';
import { Topics, type EventRecorder, type InsightChangedPayload } from '../../realtime/topics';
import { insightFacts } from './insight.repository';
import type { InsightChangeKind } from './insight.type';

/**
 * Describes a change inside its transaction (so that the customers, needs and topics are those
 * being committed); the caller records it in the same transaction ({@link recordInsightChanges}).
 */
export async function describeInsightChange(
  tx: Tx,
  kind: InsightChangeKind,
  insightId: string,
  actorId: string,
  annotationId: string | null = null,
): Promise<InsightChangedPayload> {
  return { kind, insightId, actorId, annotationId, at: '', ...(await insightFacts(tx, insightId)) };
}

/** Records insight changes in their transaction, in order: subscribers hear of them once, and only if, it commits. */
export function recordInsightChanges(tx: Tx, events: EventRecorder, changes: readonly InsightChangedPayload[]): void {
  const at = new Date().toISOString();
  for (const change of changes) events.record(tx, Topics.INSIGHT_CHANGED, { ...change, at });
}

/** The filters of `insightChanged` (and of webhooks on it): each one given narrows the stream (AND). */
export interface InsightChangedFilter {
  customerId?: string | null;
  needId?: string | null;
  /** A topic name, any case. */
  topic?: string | null;
  /** InsightChangeKind values. */
  kinds?: readonly string[] | null;
}

/** Whether an `insightChanged` event passes `filter`, judged on the insight as the change left it. */
export function insightChangedFilter(filter: InsightChangedFilter): (p: InsightChangedPayload) => boolean {
  const topic = typeof filter.topic === 'string' ? filter.topic.trim().toLowerCase() : null;
  return (p) =>
    (filter.customerId == null || p.customerIds.includes(filter.customerId)) &&
    (filter.needId == null || p.needIds.includes(filter.needId)) &&
    (topic == null || p.topics.includes(topic)) &&
    (filter.kinds == null || filter.kinds.includes(p.kind));
}
