import { randomUUID } from 'node:crypto';
import { notFound } from '../../common/errors';
import { missingIds, type Graph } from '../../db/graph';
import type { AuthUser } from '../../server/auth';
import { requireActor } from '../employee/actor';
import * as repo from './annotation.repository';
import type { AnnotateInsightInput, Annotation } from './annotation.type';

/** Comments, endorsements and challenges on insights; the author is always the caller. */
export class AnnotationService {
  constructor(private readonly graph: Graph) {}

  async annotate(input: AnnotateInsightInput, user: AuthUser): Promise<Annotation> {
    return this.graph.writeTx(async (tx) => {
      const authorId = await requireActor(tx, user);
      if ((await missingIds(tx, 'Insight', [input.insightId])).length) throw notFound('insight', input.insightId);
      return (await repo.createAnnotation(tx, randomUUID(), input.insightId, authorId, input.kind, input.body)) as Annotation;
    }, 'annotateInsight');
  }
}
