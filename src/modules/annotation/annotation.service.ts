import { randomUUID } from 'node:crypto';
import { assertNotErased } from '../customer/customer.service';
import { notFound } from '../../common/errors';
import { missingIds, type Graph } from '../../db/graph';
import type { AuthUser } from '../../server/auth';
import { Topics, type EventPublisher } from '../../realtime/topics';
import { describeInsightChange, InsightChangeKind } from '../insight/insight.events';
import { requireActor } from '../employee/actor';
import * as repo from './annotation.repository';
import type { AnnotateInsightInput, Annotation } from './annotation.type';

/** Comments, endorsements and challenges on insights; the author is always the caller. */
export class AnnotationService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventPublisher,
  ) {}

  async annotate(input: AnnotateInsightInput, user: AuthUser): Promise<Annotation> {
    const { annotation, change } = await this.graph.writeTx(async (tx) => {
      const authorId = await requireActor(tx, user);
      if ((await missingIds(tx, 'Insight', [input.insightId])).length) throw notFound('insight', input.insightId);
      // Nothing more is recorded about an erased customer: not a comment on an insight about them.
      await assertNotErased(tx, await repo.customerSubjects(tx, input.insightId), 'insightId');
      const annotation = (await repo.createAnnotation(tx, randomUUID(), input.insightId, authorId, input.kind, input.body)) as Annotation;
      const change = await describeInsightChange(tx, InsightChangeKind.ANNOTATED, input.insightId, authorId, annotation.id);
      return { annotation, change };
    }, 'annotateInsight');
    this.events.publish(Topics.INSIGHT_CHANGED, { ...change, at: new Date().toISOString() });
    return annotation;
  }
}
