import { conflict, notFound } from '../../common/errors';
import type { Graph } from '../../db/graph';
import type { AuthUser } from '../../server/auth';
import { requireActor } from '../employee/actor';
import { findTaggable, normalizeTopics, tagNode } from './topic.repository';

/** Tagging interactions, needs and insights with topics of the shared taxonomy. */
export class TopicService {
  constructor(private readonly graph: Graph) {}

  /** Adds topics to the target; returns the target, marked with its label for the union. */
  async tag(targetId: string, topics: string[], user: AuthUser): Promise<Record<string, unknown>> {
    return this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      const found = await findTaggable(tx, targetId);
      if (!found) throw notFound('interaction, need or insight', targetId);
      // An archived insight is final, as for its evidence.
      if (found.label === 'Insight' && found.node.status === 'ARCHIVED') {
        throw conflict('Topics cannot be added to an ARCHIVED insight.', { status: 'ARCHIVED' });
      }
      await tagNode(tx, found.label, targetId, normalizeTopics(topics));
      return { ...found.node, __label: found.label };
    }, 'tag');
  }
}
