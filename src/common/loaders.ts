import DataLoader from 'dataloader';
import type { Row } from '../db/graph';
import type { Reader } from '../db/read-batcher';
import {
  fetchByIds,
  fetchLists,
  fetchRelated,
  type ListKey,
  type ListSpec,
  type PageRequest,
  type PageResult,
  type Projection,
  type RelationSpec,
} from '../db/list-query';
import { invalidCursor, listCursorScope, toConnection, type Connection } from './connection';
import type { SortKind } from '../db/list-query';

/**
 * Small factories for the per-request DataLoaders every module builds. A loader lives for one
 * request (or one subscription event), so nothing is cached across users or across writes.
 */

/** Loads nodes of one label by id; null for an unknown id. */
export function byIdLoader<T>(graph: Reader, label: string): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => (await fetchByIds(graph, label, ids)) as (T | null)[]);
}

/** Loads, for many source ids at once, the nodes one fixed relationship leads to. */
export function relatedLoader<T>(graph: Reader, rel: RelationSpec): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (ids) => (await fetchRelated(graph, rel, ids)) as T[][]);
}

/**
 * Pages of one list; every page and count asked for in one tick is fetched together, a page and
 * the count of its filter in one statement.
 */
export interface ListLoader<T, F extends string, O extends string> {
  /**
   * The connection at once; its edges and page info resolve with the page, `totalCount` when
   * asked. With a `projection` (a root field's look-ahead), the page's nodes are fetched as that
   * projection. With `ahead` (a nested page fetched with its parent), nothing is fetched but the
   * count, when it was not fetched along.
   */
  connection(
    req: PageRequest<F, O>,
    lookahead?: {
      projection?: (sortedBy: { property: string; kind: SortKind }) => Projection | undefined;
      ahead?: { page: PageResult; total?: number };
    },
  ): Connection<T>;
  /**
   * How many the list holds under the request's filter: its connection's `totalCount`, batched
   * with the other reads of the moment (a page and the count of the same filter share one statement).
   */
  count(req: PageRequest<F, O>): Promise<number>;
}

export function listLoader<T, F extends string, O extends string>(graph: Reader, spec: ListSpec<F, O>): ListLoader<T, F, O> {
  // A page fetched as a projection holds only what its place in the query reads: it is kept
  // apart from the same page fetched otherwise.
  const lists = new DataLoader((keys: readonly ListKey<F, O>[]) => fetchLists(graph, spec, keys), {
    cacheKeyFn: (k) => JSON.stringify(k.kind === 'page' ? [k.req, k.projection?.cypher, k.projection?.params] : k),
  });
  return {
    connection(req, { projection, ahead } = {}) {
      const scope = listCursorScope(spec.label, req.orderBy, req.direction);
      if (req.after && (req.afterScope !== scope || !fitsSort(req.after.v, spec.order[req.orderBy]))) throw invalidCursor();
      const sortedBy = spec.order[req.orderBy];
      if (req.none)
        return toConnection<T>(Promise.resolve({ nodes: [], hasNextPage: false }), req, sortedBy.property, scope, () => Promise.resolve(0));
      const page = ahead
        ? Promise.resolve(ahead.page)
        : (lists.load({ kind: 'page', req, projection: projection?.(sortedBy) }) as Promise<PageResult>);
      const count = () =>
        ahead?.total !== undefined ? Promise.resolve(ahead.total) : (lists.load({ kind: 'count', filter: req.filter }) as Promise<number>);
      return toConnection<T>(page, req, sortedBy.property, scope, count);
    },
    count(req) {
      return req.none ? Promise.resolve(0) : (lists.load({ kind: 'count', filter: req.filter }) as Promise<number>);
    },
  };
}

export type { Row };

/**
 * Whether a cursor's sort value is one this list could have made: null (only where the sort
 * property may be missing), a finite number, a string, or a
 * date-time exactly as this API writes them (`toISOString`: a real date and time to the millisecond;
 * Neo4j refuses February 30 or 24:00 where JavaScript rolls them over).
 */
function fitsSort(value: unknown, { kind, nullable }: { kind: SortKind; nullable?: boolean }): boolean {
  if (value === null) return nullable === true;
  if (kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (kind === 'datetime') {
    if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value)) return false;
    const date = new Date(value);
    return !Number.isNaN(date.getTime()) && date.toISOString() === value;
  }
  return typeof value === 'string';
}
