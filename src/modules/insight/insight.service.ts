import { randomUUID } from 'node:crypto';
import { badInput, conflict, DomainError, ErrorCode, notFound, sentence } from '../../common/errors';
import { missingIds, type Graph, type Row, type Tx } from '../../db/graph';
import { AccessRole, type AuthUser } from '../../graphql/access';
import type { EventRecorder, InsightChangedPayload } from '../../realtime/topics';
import { describeInsightChange, recordInsightChanges } from './insight.events';
import { ABOUT_SOMETHING, aboutNothing } from './insight.rules';
import { InsightChangeKind } from './insight.type';
import { createAnnotation } from '../annotation/annotation.repository';
import { AnnotationKind } from '../annotation/annotation.type';
import { requireActor } from '../employee/actor';
import { participate, recordMentions } from '../inbox/participation';
import { checkVersion as checkRecordVersion } from '../history/version';
import { assertCustomersWritable } from '../customer/customer.service';
import { assertLiveForWrite } from '../deletion/live-lock';
import { normalizeTopics, tagNode } from '../topic/topic.repository';
import * as repo from './insight.repository';
import {
  InsightStatus,
  type ChangeInsightStatusInput,
  type Insight,
  type LinkEvidenceInput,
  type ProposeInsightInput,
  type ReviseInsightInput,
} from './insight.type';

/** The review workflow: which status may follow which. */
export const STATUS_TRANSITIONS: Readonly<Record<InsightStatus, readonly InsightStatus[]>> = {
  [InsightStatus.DRAFT]: [InsightStatus.PROPOSED, InsightStatus.ARCHIVED],
  [InsightStatus.PROPOSED]: [InsightStatus.VALIDATED, InsightStatus.REFUTED, InsightStatus.ARCHIVED],
  [InsightStatus.VALIDATED]: [InsightStatus.REFUTED, InsightStatus.ARCHIVED],
  [InsightStatus.REFUTED]: [InsightStatus.ARCHIVED],
  [InsightStatus.ARCHIVED]: [],
};

const isAdmin = (user: AuthUser) => user.roles.includes(AccessRole.ADMIN);

/**
 * Rules for insights: proposing with subjects, evidence and topics; revising with optimistic
 * concurrency (the caller's `expectedVersion` must be current); the review workflow with four
 * eyes (the author, and anyone who revised its text, never validates or refutes it).
 */
export class InsightService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
  ) {}

  /**
   * Runs `work` in one write transaction and records the insight changes it describes in it:
   * subscribers hear of them once, and only if, the transaction commits.
   */
  private async commit<T>(operation: string, work: (tx: Tx, changes: InsightChangedPayload[]) => Promise<T>): Promise<T> {
    return this.graph.writeTx(async (tx) => {
      const changes: InsightChangedPayload[] = [];
      const result = await work(tx, changes);
      recordInsightChanges(tx, this.events, changes);
      return result;
    }, operation);
  }

  async propose(input: ProposeInsightInput, user: AuthUser): Promise<Insight> {
    if (aboutNothing(input.customerIds, input.needIds, input.segmentIds)) {
      throw badInput('customerIds', sentence(ABOUT_SOMETHING));
    }
    checkFuture(input.validUntil, 'validUntil');
    return this.commit('proposeInsight', async (tx, changes) => {
      const authorId = await requireActor(tx, user);
      await assertCustomersWritable(tx, input.customerIds, 'customerIds');
      await mustExist(tx, 'Customer', input.customerIds, 'customerIds', 'customer');
      await assertLiveForWrite(tx, 'Need', [input.needIds], () => 'needIds');
      await mustExist(tx, 'Segment', input.segmentIds, 'segmentIds', 'segment');
      await assertLiveForWrite(tx, 'Interaction', [input.evidenceIds], () => 'evidenceIds');
      if (input.supersedesId) {
        const old = await repo.lockInsight(tx, input.supersedesId);
        if (!old) throw badInput('supersedesId', `No insight has the id '${input.supersedesId}'.`);
        if (old.authorId !== authorId && !isAdmin(user)) {
          throw new DomainError(
            ErrorCode.FORBIDDEN,
            'Only the author of an insight or an ADMIN may supersede it (superseding archives it).',
          );
        }
        if (old.supersededById) {
          throw conflict('That insight has already been superseded; supersede the newer one instead.', {
            supersededById: old.supersededById,
          });
        }
      }
      const id = randomUUID();
      const insight = await repo.createInsight(
        tx,
        id,
        authorId,
        {
          title: input.title.trim(),
          body: input.body,
          origin: input.origin,
          status: input.draft ? InsightStatus.DRAFT : InsightStatus.PROPOSED,
          confidence: input.confidence,
        },
        input.validUntil?.toISOString() ?? null,
      );
      await repo.linkSubjects(tx, id, 'Customer', unique(input.customerIds));
      await repo.linkSubjects(tx, id, 'Need', unique(input.needIds));
      await repo.linkSubjects(tx, id, 'Segment', unique(input.segmentIds));
      await repo.linkEvidence(tx, id, unique(input.evidenceIds), authorId);
      await tagNode(tx, 'Insight', id, normalizeTopics(input.topics));
      await participate(tx, authorId, id);
      await recordMentions(tx, this.events, {
        label: 'Insight',
        id,
        insightId: id,
        actorId: authorId,
        mentionIds: input.mentionIds,
        replace: false,
        customerIds: unique(input.customerIds),
      });
      if (input.supersedesId) {
        await repo.supersede(tx, id, input.supersedesId, { kind: InsightChangeKind.ARCHIVED, actorId: authorId });
        changes.push(await describeInsightChange(tx, InsightChangeKind.ARCHIVED, input.supersedesId, authorId));
      }
      if (!input.draft) changes.push(await describeInsightChange(tx, InsightChangeKind.PROPOSED, id, authorId));
      return insight as Insight;
    });
  }

  async revise(input: ReviseInsightInput, user: AuthUser): Promise<Insight> {
    if (input.title == null && input.body == null && input.confidence == null && input.validUntil == null) {
      throw badInput('input', 'Give at least one of title, body, confidence or validUntil to revise.');
    }
    checkFuture(input.validUntil, 'validUntil');
    return this.commit('reviseInsight', async (tx, events) => {
      const actorId = await requireActor(tx, user);
      const { insight, authorId } = await this.lock(tx, input.id);
      if (authorId !== actorId && !isAdmin(user)) {
        throw new DomainError(ErrorCode.FORBIDDEN, 'Only the author of an insight or an ADMIN may revise it.');
      }
      checkVersion(insight, input.expectedVersion);
      if (insight.status === InsightStatus.ARCHIVED) {
        throw conflict('An ARCHIVED insight cannot be revised; propose a new one that supersedes it.', { status: insight.status });
      }
      const changes: Partial<repo.InsightProps> = {};
      if (input.title != null) changes.title = input.title.trim();
      if (input.body != null) changes.body = input.body;
      if (input.confidence != null) changes.confidence = input.confidence;
      // A changed insight needs a fresh review.
      if (insight.status === InsightStatus.VALIDATED || insight.status === InsightStatus.REFUTED) {
        changes.status = InsightStatus.PROPOSED;
      }
      const revised = await repo.updateInsight(
        tx,
        input.id,
        changes,
        { kind: InsightChangeKind.REVISED, actorId },
        input.validUntil?.toISOString(),
      );
      const change = await describeInsightChange(tx, InsightChangeKind.REVISED, input.id, actorId);
      events.push(change);
      await participate(tx, actorId, input.id);
      await recordMentions(tx, this.events, {
        label: 'Insight',
        id: input.id,
        insightId: input.id,
        actorId,
        mentionIds: input.mentionIds,
        replace: true,
        customerIds: change.customerIds,
      });
      return revised as Insight;
    });
  }

  /** Moves an insight to `target`, if the workflow and the four-eyes rule allow it. */
  async changeStatus(input: ChangeInsightStatusInput, target: InsightStatus, user: AuthUser): Promise<Insight> {
    return this.commit(`insight -> ${target}`, async (tx, changes) => {
      const actorId = await requireActor(tx, user);
      const { insight, authorId } = await this.lock(tx, input.id);
      if (input.expectedVersion != null) checkVersion(insight, input.expectedVersion);
      const from = insight.status as InsightStatus;
      if (!STATUS_TRANSITIONS[from].includes(target)) {
        const allowed = STATUS_TRANSITIONS[from];
        throw conflict(
          `An insight in status ${from} cannot become ${target}` +
            (allowed.length ? `; it can become ${allowed.join(' or ')}.` : '; it is final.'),
          { status: from },
        );
      }
      const reviewing = target === InsightStatus.VALIDATED || target === InsightStatus.REFUTED;
      if (reviewing && authorId === actorId) {
        throw new DomainError(
          ErrorCode.FORBIDDEN,
          `Four eyes: the author cannot ${target === InsightStatus.VALIDATED ? 'validate' : 'refute'} their own insight; ask another reviewer.`,
        );
      }
      // Whoever revised the text (an ADMIN may revise anyone's insight) wrote part of it: not their review either.
      if (reviewing && (await repo.hasRevised(tx, input.id, actorId))) {
        throw new DomainError(
          ErrorCode.FORBIDDEN,
          `Four eyes: you revised this insight, so you cannot ${target === InsightStatus.VALIDATED ? 'validate' : 'refute'} it; ask another reviewer.`,
        );
      }
      if (!reviewing && authorId !== actorId && !isAdmin(user)) {
        throw new DomainError(ErrorCode.FORBIDDEN, `Only the author of an insight or an ADMIN may move it to ${target}.`);
      }
      // The status names the change: submitting a draft PROPOSED it, the others are named alike.
      const kind = target as unknown as InsightChangeKind;
      const updated = await repo.updateInsight(tx, input.id, { status: target }, { kind, actorId });
      await participate(tx, actorId, input.id);
      changes.push(await describeInsightChange(tx, kind, input.id, actorId));
      if (input.reason) {
        // The reason is a comment like any other: announced as ANNOTATED, after the status change.
        const commentId = randomUUID();
        await createAnnotation(tx, commentId, input.id, actorId, AnnotationKind.COMMENT, `${target}: ${input.reason}`);
        changes.push(await describeInsightChange(tx, InsightChangeKind.ANNOTATED, input.id, actorId, commentId));
      }
      return updated as Insight;
    });
  }

  async linkEvidence(input: LinkEvidenceInput, user: AuthUser): Promise<Insight> {
    if (!input.interactionIds.length) throw badInput('interactionIds', 'Give at least one interaction id.');
    return this.commit('linkEvidence', async (tx, changes) => {
      const actorId = await requireActor(tx, user);
      const { insight } = await this.lock(tx, input.id);
      if (insight.status === InsightStatus.ARCHIVED) {
        throw conflict('Evidence cannot be added to an ARCHIVED insight.', { status: insight.status });
      }
      await assertLiveForWrite(tx, 'Interaction', [input.interactionIds], () => 'interactionIds');
      const added = await repo.linkEvidence(tx, input.id, unique(input.interactionIds), actorId);
      await participate(tx, actorId, input.id);
      if (added > 0) changes.push(await describeInsightChange(tx, InsightChangeKind.EVIDENCE_LINKED, input.id, actorId));
      return insight as Insight;
    });
  }

  private async lock(tx: Tx, id: string) {
    const found = await repo.lockInsight(tx, id);
    if (!found) throw notFound('insight', id);
    return found;
  }
}

const unique = (ids: string[]) => [...new Set(ids)];

/** A stale version is a CONFLICT naming the current one (the check every versioned record shares). */
function checkVersion(insight: Row, expected: number): void {
  checkRecordVersion('insight', insight.version, expected);
}

function checkFuture(date: Date | undefined, field: string): void {
  if (date && date.getTime() <= Date.now()) throw badInput(field, 'validUntil must be in the future.');
}

async function mustExist(tx: Tx, label: string, ids: string[], field: string, what: string): Promise<void> {
  const missing = await missingIds(tx, label, ids);
  if (missing.length) throw badInput(field, `No ${what} has the id ${missing.map((m) => `'${m}'`).join(', ')}.`);
}
