import type { Tx } from '../../db/graph';
import type { InsightChangedPayload } from '../../realtime/topics';
import { insightFacts } from './insight.repository';
import type { InsightChangeKind } from './insight.type';

/**
 * Describes a change inside its transaction (so that the customers, needs and topics are those
 * being committed); the caller publishes it once the transaction has committed.
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
