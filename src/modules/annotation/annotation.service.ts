import { randomUUID } from 'node:crypto';
import { assertCustomersWritable } from '../customer/customer.service';
import { missingRecord } from '../deletion/missing';
import { badInput, DomainError, ErrorCode, notFound } from '../../common/errors';
import { missingIds, type Graph } from '../../db/graph';
import type { AuthUser } from '../../graphql/access';
import type { EventRecorder } from '../../realtime/topics';
import { describeInsightChange, recordInsightChanges } from '../insight/insight.events';
import { InsightChangeKind } from '../insight/insight.type';
import { requireActor } from '../employee/actor';
import * as repo from './annotation.repository';
import type { AnnotateInsightInput, Annotation, UpdateAnnotationInput } from './annotation.type';
import { keep } from '../history/history.service';
import { participate, recordMentions } from '../inbox/participation';
import { changedFields, checkVersion, lockVersioned, versionOf } from '../history/version';

/** Comments, endorsements and challenges on insights; the author is always the caller. */
export class AnnotationService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
  ) {}

  async annotate(input: AnnotateInsightInput, user: AuthUser): Promise<Annotation> {
    return this.graph.writeTx(async (tx) => {
      const authorId = await requireActor(tx, user);
      if ((await missingIds(tx, 'Insight', [input.id])).length) throw notFound('insight', input.id);
      // Nothing more is recorded about an erased customer: not a comment on an insight about them.
      const customerIds = await repo.customerSubjects(tx, input.id);
      await assertCustomersWritable(tx, customerIds, 'id');
      const annotation = (await repo.createAnnotation(tx, randomUUID(), input.id, authorId, input.kind, input.body)) as Annotation;
      await participate(tx, authorId, input.id);
      await recordMentions(tx, this.events, {
        label: 'Annotation',
        id: annotation.id,
        insightId: input.id,
        actorId: authorId,
        mentionIds: input.mentionIds,
        replace: false,
        customerIds,
      });
      recordInsightChanges(tx, this.events, [
        await describeInsightChange(tx, InsightChangeKind.ANNOTATED, input.id, authorId, annotation.id),
      ]);
      return annotation;
    }, 'annotateInsight');
  }

  /**
   * Corrects an annotation: its body and/or kind, by its author only (an ADMIN may delete
   * another's annotation, not put words in their mouth), if `expectedVersion` is still the current
   * version. Not an annotation on an insight about an erased customer. What it replaced is kept in
   * its history and announced (`recordChanged`).
   */
  async update(input: UpdateAnnotationInput, user: AuthUser): Promise<Annotation> {
    // Who a text mentions goes with the text: a new body, a new version, kept in its history.
    if (input.mentionIds != null && input.body == null) {
      throw badInput('mentionIds', 'Mentions change with the text: give the new body with them.');
    }
    const { annotation, kept } = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const facts = await repo.annotationFacts(tx, input.id);
      if (!facts) throw await missingRecord(tx, 'Annotation', input.id);
      const customerIds = facts.insightId ? await repo.customerSubjects(tx, facts.insightId) : [];
      await assertCustomersWritable(tx, customerIds, 'id');
      const current = await lockVersioned(tx, 'Annotation', input.id);
      if (!current) throw await missingRecord(tx, 'Annotation', input.id);
      if (facts.authorId !== actorId) {
        throw new DomainError(ErrorCode.FORBIDDEN, 'Only the author of an annotation may change it; write your own annotation instead.');
      }
      checkVersion('annotation', versionOf(current), input.expectedVersion);
      if (facts.insightId) {
        await recordMentions(tx, this.events, {
          label: 'Annotation',
          id: input.id,
          insightId: facts.insightId,
          actorId,
          mentionIds: input.mentionIds,
          replace: true,
          customerIds,
        });
      }
      const { before, after, fields } = changedFields(current, { body: input.body ?? undefined, kind: input.kind ?? undefined });
      if (fields.length === 0) return { annotation: current as Annotation, kept: [] };
      const annotation = await repo.editAnnotation(tx, input.id, after as { body?: string; kind?: string });
      const kept = await keep(tx, this.events, [
        {
          recordType: 'Annotation',
          recordId: input.id,
          kind: 'EDITED',
          actorId,
          before,
          after,
          version: versionOf(annotation),
          customerIds,
        },
      ]);
      return { annotation: annotation as Annotation, kept };
    }, 'updateAnnotation');
    return annotation;
  }
}
