import type { Tx } from '../../db/graph';
import type { InsightChangedPayload } from '../../realtime/topics';
import { describeInsightChange } from '../insight/insight.events';
import { InsightChangeKind } from '../insight/insight.type';
import { KEEP_VERSION } from '../insight/insight.repository';

/**
 * Evidence removed from insights (an interaction deleted, or `unlinkEvidence`): the insight says
 * so. Its evidence count drops, and it gets a new version (the one replaced is kept, as every
 * change of an insight keeps it) whose confidence is scaled by the evidence left: confidence ×
 * remaining / previous evidence count, rounded to 4 decimals; with no evidence left, 0. A restore
 * links the evidence again without raising the confidence back (a person decides that, with
 * `reviseInsight`; the confidence it had is in the insight's history).
 */

/** What one insight loses: how much evidence it had, and how much it keeps. */
export interface EvidenceLoss {
  insightId: string;
  before: number;
  remaining: number;
}

/**
 * The live insights (but those in `except`) citing any of these interactions, write-locked (in id
 * order), with how much evidence each has and how much it keeps without them. Read before the
 * links are removed.
 */
export async function evidenceLosses(tx: Tx, interactionIds: string[], except: string[] = []): Promise<EvidenceLoss[]> {
  if (!interactionIds.length) return [];
  const rows = await tx.run(
    `MATCH (x:Insight)-[:EVIDENCED_BY]->(i:Interaction) WHERE i.id IN $ids AND NOT x.id IN $except
     WITH DISTINCT x ORDER BY x.id
     SET x._lock = true REMOVE x._lock
     WITH x
     MATCH (x)-[:EVIDENCED_BY]->(e:Interaction)
     WITH x, count(DISTINCT e) AS before, count(DISTINCT CASE WHEN e.id IN $ids THEN e END) AS lost
     RETURN x.id AS insightId, before, before - lost AS remaining
     ORDER BY insightId`,
    { ids: interactionIds, except },
  );
  return rows as EvidenceLoss[];
}

/** Removes these interactions from the evidence of the insight; returns how many links went. */
export async function unlinkEvidenceOf(tx: Tx, insightId: string, interactionIds: string[]): Promise<number> {
  const rows = await tx.run(
    `MATCH (:Insight {id: $insightId})-[e:EVIDENCED_BY]->(i:Interaction) WHERE i.id IN $ids
     DELETE e
     RETURN count(*) AS removed`,
    { insightId, ids: interactionIds },
  );
  return rows[0]?.removed ?? 0;
}

/**
 * Gives each insight that lost evidence its new version (the one replaced kept with change
 * EVIDENCE_REMOVED, by `actorId`), with the confidence scaled by what remains, and describes the
 * changes for `insightChanged` (to publish after the commit).
 */
export async function applyEvidenceLosses(tx: Tx, losses: EvidenceLoss[], actorId: string): Promise<InsightChangedPayload[]> {
  const real = losses.filter((l) => l.remaining < l.before);
  if (!real.length) return [];
  await tx.run(
    `UNWIND $losses AS l
     MATCH (i:Insight {id: l.insightId})
     ${KEEP_VERSION}
     SET i.confidence = CASE WHEN l.remaining = 0 THEN 0.0 ELSE round(i.confidence * l.remaining / toFloat(l.before), 4) END,
         i.version = i.version + 1, i.updatedAt = datetime()`,
    { losses: real, change: { kind: InsightChangeKind.EVIDENCE_REMOVED, actorId } },
  );
  const events: InsightChangedPayload[] = [];
  for (const l of real) events.push(await describeInsightChange(tx, InsightChangeKind.EVIDENCE_REMOVED, l.insightId, actorId));
  return events;
}
