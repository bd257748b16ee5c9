import { notFound } from '../../common/errors';
import { missingIds, type Graph } from '../../db/graph';
import type { AuthUser } from '../../graphql/access';
import { requireActor } from '../employee/actor';
import * as repo from './inbox.repository';

/** The signed-in person's own follow list, what they have seen, and their notifications: nobody acts on another's. */
export class InboxService {
  constructor(private readonly graph: Graph) {}

  /** Follows the insight (kept if followed already); an unknown insight is NOT_FOUND. */
  async follow(insightId: string, user: AuthUser): Promise<void> {
    await this.graph.writeTx(async (tx) => {
      const employeeId = await requireActor(tx, user);
      if ((await missingIds(tx, 'Insight', [insightId])).length) throw notFound('insight', insightId);
      await repo.follow(tx, employeeId, insightId, false);
    }, 'followInsight');
  }

  /** Stops following the insight (nothing happens if not followed); an unknown insight is NOT_FOUND. */
  async unfollow(insightId: string, user: AuthUser): Promise<void> {
    await this.graph.writeTx(async (tx) => {
      const employeeId = await requireActor(tx, user);
      if ((await missingIds(tx, 'Insight', [insightId])).length) throw notFound('insight', insightId);
      await repo.unfollow(tx, employeeId, insightId);
    }, 'unfollowInsight');
  }

  /** Marks the insight seen now: its changes and challenges so far leave the inbox. */
  async markSeen(insightId: string, user: AuthUser): Promise<void> {
    await this.graph.writeTx(async (tx) => {
      const employeeId = await requireActor(tx, user);
      if ((await missingIds(tx, 'Insight', [insightId])).length) throw notFound('insight', insightId);
      await repo.markSeen(tx, employeeId, insightId);
    }, 'markInsightSeen');
  }

  /**
   * Marks the caller's notifications among `ids` read. An id that is not one of their notifications
   * (unknown, or someone else's: the same answer, so that nobody learns another's ids) is NOT_FOUND
   * and nothing changes.
   */
  async markRead(ids: readonly string[], user: AuthUser): Promise<string[]> {
    return this.graph.writeTx(async (tx) => {
      const employeeId = await requireActor(tx, user);
      const unique = [...new Set(ids)];
      const marked = await repo.markRead(tx, employeeId, unique);
      const missing = unique.find((id) => !marked.includes(id));
      if (missing) throw notFound('notification of yours', missing);
      return unique;
    }, 'markNotificationsRead');
  }
}
