import { randomUUID } from 'node:crypto';
import { badInput, conflict, DomainError, ErrorCode, notFound } from '../../common/errors';
import { missingIds, type Graph, type Row, type Tx } from '../../db/graph';
import { AccessRole, type AuthUser } from '../../server/auth';
import { createAnnotation } from '../annotation/annotation.repository';
import { AnnotationKind } from '../annotation/annotation.type';
import { requireActor } from '../employee/actor';
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
 * eyes (the author never validates or refutes their own insight).
 */
export class InsightService {
  constructor(private readonly graph: Graph) {}

  async propose(input: ProposeInsightInput, user: AuthUser): Promise<Insight> {
    if (!input.customerIds.length && !input.needIds.length && !input.segmentIds.length) {
      throw badInput('customerIds', 'An insight must be about at least one customer, need or segment.');
    }
    checkFuture(input.validUntil, 'validUntil');
    return this.graph.writeTx(async (tx) => {
      const authorId = await requireActor(tx, user);
      await mustExist(tx, 'Customer', input.customerIds, 'customerIds', 'customer');
      await mustExist(tx, 'Need', input.needIds, 'needIds', 'need');
      await mustExist(tx, 'Segment', input.segmentIds, 'segmentIds', 'segment');
      await mustExist(tx, 'Interaction', input.evidenceIds, 'evidenceIds', 'interaction');
      if (input.supersedesId) {
        const old = await repo.lockInsight(tx, input.supersedesId);
        if (!old) throw badInput('supersedesId', `No insight has the id '${input.supersedesId}'.`);
        if (old.authorId !== authorId && !isAdmin(user)) {
          throw new DomainError(ErrorCode.FORBIDDEN, 'Only the author of an insight or an ADMIN may supersede it (superseding archives it).');
        }
        if (old.supersededById) {
          throw conflict('That insight has already been superseded; supersede the newer one instead.', { supersededById: old.supersededById });
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
      await repo.linkEvidence(tx, id, unique(input.evidenceIds));
      await tagNode(tx, 'Insight', id, normalizeTopics(input.topics));
      if (input.supersedesId) await repo.supersede(tx, id, input.supersedesId);
      return insight as Insight;
    }, 'proposeInsight');
  }

  async revise(input: ReviseInsightInput, user: AuthUser): Promise<Insight> {
    if (input.title == null && input.body == null && input.confidence == null && input.validUntil == null) {
      throw badInput('input', 'Give at least one of title, body, confidence or validUntil to revise.');
    }
    checkFuture(input.validUntil, 'validUntil');
    return this.graph.writeTx(async (tx) => {
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
      return (await repo.updateInsight(tx, input.id, changes, input.validUntil?.toISOString())) as Insight;
    }, 'reviseInsight');
  }

  /** Moves an insight to `target`, if the workflow and the four-eyes rule allow it. */
  async changeStatus(input: ChangeInsightStatusInput, target: InsightStatus, user: AuthUser): Promise<Insight> {
    return this.graph.writeTx(async (tx) => {
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
        throw new DomainError(ErrorCode.FORBIDDEN, `Four eyes: the author cannot ${target === InsightStatus.VALIDATED ? 'validate' : 'refute'} their own insight; ask another reviewer.`);
      }
      if (!reviewing && authorId !== actorId && !isAdmin(user)) {
        throw new DomainError(ErrorCode.FORBIDDEN, `Only the author of an insight or an ADMIN may move it to ${target}.`);
      }
      const updated = await repo.updateInsight(tx, input.id, { status: target });
      if (input.reason) {
        await createAnnotation(tx, randomUUID(), input.id, actorId, AnnotationKind.COMMENT, `${target}: ${input.reason}`);
      }
      return updated as Insight;
    }, `insight -> ${target}`);
  }

  async linkEvidence(input: LinkEvidenceInput, user: AuthUser): Promise<Insight> {
    if (!input.interactionIds.length) throw badInput('interactionIds', 'Give at least one interaction id.');
    return this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      const { insight } = await this.lock(tx, input.insightId);
      if (insight.status === InsightStatus.ARCHIVED) {
        throw conflict('Evidence cannot be added to an ARCHIVED insight.', { status: insight.status });
      }
      await mustExist(tx, 'Interaction', input.interactionIds, 'interactionIds', 'interaction');
      await repo.linkEvidence(tx, input.insightId, unique(input.interactionIds));
      return insight as Insight;
    }, 'linkEvidence');
  }

  private async lock(tx: Tx, id: string) {
    const found = await repo.lockInsight(tx, id);
    if (!found) throw notFound('insight', id);
    return found;
  }
}

const unique = (ids: string[]) => [...new Set(ids)];

function checkVersion(insight: Row, expected: number): void {
  if (insight.version !== expected) {
    throw conflict(
      `The insight changed since you read it (you have version ${expected}, the current version is ${insight.version}); reload it and try again.`,
      { currentVersion: insight.version },
    );
  }
}

function checkFuture(date: Date | undefined, field: string): void {
  if (date && date.getTime() <= Date.now()) throw badInput(field, 'validUntil must be in the future.');
}

async function mustExist(tx: Tx, label: string, ids: string[], field: string, what: string): Promise<void> {
  const missing = await missingIds(tx, label, ids);
  if (missing.length) throw badInput(field, `No ${what} has the id ${missing.map((m) => `'${m}'`).join(', ')}.`);
}
