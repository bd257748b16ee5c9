import type { Tx } from '../../db/graph';
import { InsightChangeKind } from '../insight/insight.type';
import { KEEP_VERSION, type VersionChange } from '../insight/insight.repository';
import type { Proposal } from './miners';

/** An insight an earlier run proposed. */
export interface LearnedInsight {
  id: string;
  status: string;
  /** The content fingerprint of the miner's last write. */
  fingerprint: string | null;
  /** Whether a person has made a version of it (revised its text, changed its status). */
  changedByPerson: boolean;
}

/** The insights earlier runs proposed under these keys. */
export async function learnedInsights(tx: Tx, keys: string[]): Promise<Map<string, LearnedInsight>> {
  const rows = await tx.run(
    `UNWIND $keys AS key MATCH (i:Insight {learnedKey: key})
     RETURN key, i.id AS id, i.status AS status, i.learnedFingerprint AS fingerprint,
            EXISTS { (i)-[:HAD_VERSION]->(v:InsightVersion) WHERE v.changedById IS NOT NULL } AS changedByPerson`,
    { keys },
  );
  return new Map(
    rows.map((r) => [r.key as string, { id: r.id, status: r.status, fingerprint: r.fingerprint, changedByPerson: r.changedByPerson }]),
  );
}

export interface LearnedWrite {
  id: string;
  proposal: Proposal;
  fingerprint: string;
}

/** Creates new proposals (PROPOSED, version 1, no author: a miner wrote them). */
export async function createLearned(tx: Tx, writes: LearnedWrite[]): Promise<void> {
  if (!writes.length) return;
  await tx.run(
    `UNWIND $rows AS r
     CREATE (i:Insight)
     SET i.id = r.id, i.learnedKey = r.key, i.learnedBy = r.miner, i.learnedFingerprint = r.fingerprint,
         i.title = r.title, i.body = r.body, i.origin = r.origin, i.confidence = r.confidence,
         i.status = 'PROPOSED', i.version = 1, i.createdAt = datetime(), i.updatedAt = datetime()`,
    { rows: writes.map(rowOf) },
  );
  await link(tx, writes);
}

/** A miner's update of its earlier proposal: REVISED, by nobody (a miner, not a person). */
const MINER_REVISION: VersionChange = { kind: InsightChangeKind.REVISED, actorId: null };

/**
 * Updates earlier proposals in place (version + 1, the version replaced kept as REVISED by no
 * one: a miner) and replaces their subjects and the evidence miners linked; evidence a person
 * linked (`linkedById`) stays.
 */
export async function updateLearned(tx: Tx, writes: LearnedWrite[]): Promise<void> {
  if (!writes.length) return;
  await tx.run(
    `UNWIND $rows AS r
     MATCH (i:Insight {id: r.id})
     ${KEEP_VERSION}
     SET i.learnedFingerprint = r.fingerprint, i.title = r.title, i.body = r.body, i.confidence = r.confidence,
         i.version = i.version + 1, i.updatedAt = datetime()
     WITH i
     OPTIONAL MATCH (i)-[old:ABOUT|EVIDENCED_BY]->()
     WITH old WHERE old.linkedById IS NULL
     DELETE old`,
    { rows: writes.map(rowOf), change: MINER_REVISION },
  );
  await link(tx, writes);
}

function rowOf(w: LearnedWrite) {
  const p = w.proposal;
  return {
    id: w.id,
    key: p.key,
    miner: p.miner,
    fingerprint: w.fingerprint,
    title: p.title,
    body: p.body,
    origin: p.origin,
    confidence: p.confidence,
  };
}

async function link(tx: Tx, writes: LearnedWrite[]): Promise<void> {
  await tx.run(
    `UNWIND $rows AS r
     MATCH (i:Insight {id: r.id})
     CALL (i, r) { UNWIND r.customerIds AS x MATCH (s:Customer {id: x}) MERGE (i)-[:ABOUT]->(s) }
     CALL (i, r) { UNWIND r.needIds AS x MATCH (s:Need {id: x}) MERGE (i)-[:ABOUT]->(s) }
     CALL (i, r) { UNWIND r.segmentIds AS x MATCH (s:Segment {id: x}) MERGE (i)-[:ABOUT]->(s) }
     CALL (i, r) { UNWIND r.evidenceIds AS x MATCH (s:Interaction {id: x}) MERGE (i)-[:EVIDENCED_BY]->(s) }`,
    {
      rows: writes.map((w) => ({
        id: w.id,
        customerIds: w.proposal.customerIds,
        needIds: w.proposal.needIds,
        segmentIds: w.proposal.segmentIds,
        evidenceIds: w.proposal.evidenceIds,
      })),
    },
  );
}
