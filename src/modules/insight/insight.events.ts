import type { Tx } from '../../db/graph';
import type { InsightChangedPayload } from '../../realtime/topics';
import { insightFacts } from './insight.repository';

/** The kinds of change an `insightChanged` subscriber hears about. */
export enum InsightChangeKind {
  PROPOSED = 'PROPOSED',
  REVISED = 'REVISED',
  VALIDATED = 'VALIDATED',
  REFUTED = 'REFUTED',
  ARCHIVED = 'ARCHIVED',
  ANNOTATED = 'ANNOTATED',
  EVIDENCE_LINKED = 'EVIDENCE_LINKED',
  EVIDENCE_REMOVED = 'EVIDENCE_REMOVED',
}

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
