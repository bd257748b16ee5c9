import { createHash, randomUUID } from 'node:crypto';
import type { LearningConfig } from '../../config';
import { DomainError, ErrorCode } from '../../common/errors';
import type { Graph } from '../../db/graph';
import type { EventRecorder, InsightChangedPayload } from '../../realtime/topics';
import type { AuthUser } from '../../graphql/access';
import { lockCustomersForWrite } from '../customer/customer.repository';
import { requireActor } from '../employee/actor';
import { txReader } from '../analytics/health';
import { InsightChangeKind } from '../insight/insight.type';
import { recordInsightChanges } from '../insight/insight.events';
import { createLearned, learnedInsights, updateLearned, type LearnedWrite } from './learning.repository';
import { Miner, type LearningRun, type MinerResult } from './learning.type';
import { MINERS, type Proposal } from './miners';

/** Statuses a person set: a re-run never touches an insight in one of them. */
const REVIEWED = new Set(['VALIDATED', 'REFUTED', 'ARCHIVED']);

/**
 * Runs the miners and turns their proposals into insights: new patterns become PROPOSED
 * insights (no author: a miner wrote them), patterns proposed before update their insight in
 * place while it is still PROPOSED or DRAFT (keeping the evidence people linked to it), and an
 * insight a person validated, refuted, archived or revised is theirs: left alone. Each miner's
 * writes are one transaction; `insightChanged` events follow its commit.
 */
export class LearningService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
    private readonly config: LearningConfig,
  ) {}

  /** Runs the miners; `user` is the ADMIN who asked (null from the command line). */
  async run(options: { miners?: Miner[] | null; asOf?: Date | null }, user: AuthUser | null): Promise<LearningRun> {
    const started = Date.now();
    const actorId = user ? await this.graph.readTx((tx) => requireActor(tx, user), 'runLearning') : null;
    const asOf = options.asOf ?? new Date();
    const miners = options.miners?.length ? Object.values(Miner).filter((m) => options.miners!.includes(m)) : Object.values(Miner);
    const results: MinerResult[] = [];
    for (const miner of miners) {
      const t0 = Date.now();
      const proposals = await this.graph.readTx((tx) => MINERS[miner]({ db: txReader(tx), asOf, config: this.config }), `learn: ${miner}`);
      const outcome = await this.save(proposals, actorId);
      results.push({ miner, found: proposals.length, ...outcome, durationMs: Date.now() - t0 });
    }
    return { asOf, results, durationMs: Date.now() - started };
  }

  private async save(proposals: Proposal[], actorId: string | null) {
    const counts = { created: 0, updated: 0, unchanged: 0, keptAsReviewed: 0 };
    if (!proposals.length) return counts;
    const changes: InsightChangedPayload[] = [];
    // Another run that saved the same new patterns first breaks the unique learned key of this
    // transaction (CONFLICT): run it again, and it finds them as earlier proposals.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.saveOnce(proposals, actorId, counts, changes);
        break;
      } catch (e) {
        if (attempt < 3 && e instanceof DomainError && e.code === ErrorCode.CONFLICT) continue;
        throw e;
      }
    }
    return counts;
  }

  private async saveOnce(
    proposals: Proposal[],
    actorId: string | null,
    counts: Record<'created' | 'updated' | 'unchanged' | 'keptAsReviewed', number>,
    changes: InsightChangedPayload[],
  ): Promise<void> {
    await this.graph.writeTx(async (tx) => {
      Object.assign(counts, { created: 0, updated: 0, unchanged: 0, keptAsReviewed: 0 });
      changes.length = 0; // a retried transaction starts over
      // Miners read in one transaction and save in this one: a customer erased in between is
      // write-locked here like by any write that names a customer, and what was mined about them is
      // dropped (their name would come back in the proposal's text, about the tombstone).
      const erased = new Set(
        await lockCustomersForWrite(
          tx,
          proposals.flatMap((p) => p.customerIds),
        ),
      );
      const kept = proposals.filter((p) => !p.customerIds.some((id) => erased.has(id)));
      const earlier = await learnedInsights(
        tx,
        kept.map((p) => p.key),
      );
      const created: LearnedWrite[] = [];
      const updated: LearnedWrite[] = [];
      for (const proposal of kept) {
        const fingerprint = fingerprintOf(proposal);
        const old = earlier.get(proposal.key);
        if (!old) created.push({ id: randomUUID(), proposal, fingerprint });
        else if (REVIEWED.has(old.status) || old.changedByPerson) counts.keptAsReviewed++;
        else if (old.fingerprint === fingerprint) counts.unchanged++;
        else updated.push({ id: old.id, proposal, fingerprint });
      }
      await createLearned(tx, created);
      await updateLearned(tx, updated);
      counts.created = created.length;
      counts.updated = updated.length;
      const event = (kind: InsightChangeKind, w: LearnedWrite): InsightChangedPayload => ({
        kind,
        insightId: w.id,
        actorId: actorId ?? '',
        at: '',
        customerIds: w.proposal.customerIds,
        needIds: w.proposal.needIds,
        topics: [],
        annotationId: null,
      });
      changes.push(...created.map((w) => event(InsightChangeKind.PROPOSED, w)), ...updated.map((w) => event(InsightChangeKind.REVISED, w)));
      recordInsightChanges(tx, this.events, changes);
    }, 'learn: save');
  }
}

/**
 * What a proposal says; a re-run with the same fingerprint changes nothing. The days a body names
 * (its windows: "in the 90 days before 2026-12-04 (2026-09-05 to 2026-12-03)") are left out: a run a
 * day later over the same figures and evidence is no change (it made a new version of every
 * proposal every day).
 */
function fingerprintOf(p: Proposal): string {
  const body = p.body.replace(/\d{4}-\d{2}-\d{2}( \d{2}:\d{2} UTC)?/g, '{day}');
  const content = [
    p.title,
    body,
    p.confidence,
    p.origin,
    [...p.customerIds].sort(),
    [...p.needIds].sort(),
    [...p.segmentIds].sort(),
    [...p.evidenceIds].sort(),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
