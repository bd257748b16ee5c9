import { randomUUID } from 'node:crypto';
import { OrderDirection } from '../../common/connection';
import { badInput, DomainError, ErrorCode, notFound } from '../../common/errors';
import type { Graph, Row } from '../../db/graph';
import type { AuthUser } from '../../graphql/access';
import { requireActor } from '../employee/actor';
import { CustomerOrderField } from '../customer/customer.type';
import * as repo from './view.repository';
import {
  MAX_VIEWS_PER_PERSON,
  VIEW_PAGE_SIZES,
  type DeleteSavedViewInput,
  type SavedView,
  type SavedViewList,
  type SaveViewInput,
} from './view.type';

/** Rules of saved views: each person keeps their own, named uniquely (case-insensitive), at most {@link MAX_VIEWS_PER_PERSON}. */
export class ViewService {
  constructor(private readonly graph: Graph) {}

  /** The caller's own views, by name. */
  async mine(user: AuthUser): Promise<SavedView[]> {
    const rows = await this.graph.readTx((tx) => repo.viewsOf(tx, user.employeeId, MAX_VIEWS_PER_PERSON), 'savedViews');
    return rows.map(toView);
  }

  /** Keeps a view for the caller: a name they already use is replaced, else a new one is kept (within the cap). */
  async save(input: SaveViewInput, user: AuthUser): Promise<SavedView> {
    const name = input.name.trim();
    const pageSize = input.pageSize ?? 20;
    if (!(VIEW_PAGE_SIZES as readonly number[]).includes(pageSize)) {
      throw badInput('pageSize', `A view shows ${VIEW_PAGE_SIZES.join(', ')} rows per page; ${pageSize} is not one of them.`);
    }
    const f = input.filter ?? {};
    const text = f.nameContains?.trim();
    const view: repo.StoredView = {
      name,
      nameLower: name.toLowerCase(),
      list: input.list,
      nameContains: text ? text : null,
      lifecycleStages: f.lifecycleStages?.length ? [...new Set(f.lifecycleStages)] : null,
      relationshipTypes: f.relationshipTypes?.length ? [...new Set(f.relationshipTypes)] : null,
      segmentId: f.segmentId || null,
      hasNeedId: f.hasNeedId || null,
      ownerId: f.ownerId || null,
      orderField: input.orderBy?.field ?? CustomerOrderField.NAME,
      orderDirection: input.orderBy?.direction ?? OrderDirection.ASC,
      pageSize,
    };
    const row = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const { count, sameName } = await repo.lockViews(tx, actorId, view.nameLower);
      if (sameName) return repo.replaceView(tx, actorId, sameName, view);
      if (count >= MAX_VIEWS_PER_PERSON) {
        throw new DomainError(
          ErrorCode.BAD_USER_INPUT,
          `You keep ${count} saved views, the most one person may keep; delete one first, or save under the name of one to replace it.`,
          { field: 'name' },
        );
      }
      return repo.createView(tx, actorId, randomUUID(), view);
    }, 'saveView');
    return toView(row);
  }

  /** Deletes one of the caller's views; any other id (another person's, an unknown one) is NOT_FOUND. */
  async delete(input: DeleteSavedViewInput, user: AuthUser): Promise<SavedView> {
    const row = await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      return repo.deleteView(tx, actorId, input.id);
    }, 'deleteSavedView');
    if (!row) throw notFound('saved view of yours', input.id);
    return toView(row);
  }
}

function toView(v: Row): SavedView {
  return {
    id: v.id as string,
    name: v.name as string,
    list: v.list as SavedViewList,
    filter: {
      nameContains: (v.nameContains as string | null) ?? null,
      lifecycleStages: (v.lifecycleStages as SavedView['filter']['lifecycleStages']) ?? null,
      relationshipTypes: (v.relationshipTypes as SavedView['filter']['relationshipTypes']) ?? null,
      segmentId: (v.segmentId as string | null) ?? null,
      hasNeedId: (v.hasNeedId as string | null) ?? null,
      ownerId: (v.ownerId as string | null) ?? null,
    },
    orderBy: { field: v.orderField as CustomerOrderField, direction: v.orderDirection as OrderDirection },
    pageSize: Number(v.pageSize),
    createdAt: v.createdAt as Date,
    updatedAt: v.updatedAt as Date,
  };
}
