import DataLoader from 'dataloader';
import type { Graph, Row } from '../db/graph';
import {
  countMatching,
  fetchByIds,
  fetchPages,
  fetchRelated,
  type ListSpec,
  type PageRequest,
  type RelationSpec,
} from '../db/list-query';
import { toConnection, type Connection } from './connection';
import { badInput } from './errors';
import type { SortKind } from '../db/list-query';

/**
 * Small factories for the per-request DataLoaders every module builds. A loader lives for one
 * request (or one subscription event), so nothing is cached across users or across writes.
 */

/** Loads nodes of one label by id; null for an unknown id. */
export function byIdLoader<T>(graph: Graph, label: string): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => (await fetchByIds(graph, label, ids)) as (T | null)[]);
}

/** Loads, for many source ids at once, the nodes one fixed relationship leads to. */
export function relatedLoader<T>(graph: Graph, rel: RelationSpec): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (ids) => (await fetchRelated(graph, rel, ids)) as T[][]);
}

/** Pages of one list; many pages asked for in one tick are fetched together. */
export interface ListLoader<T, F extends string, O extends string> {
  connection(req: PageRequest<F, O>): Promise<Connection<T>>;
}

export function listLoader<T, F extends string, O extends string>(
  graph: Graph,
  spec: ListSpec<F, O>,
): ListLoader<T, F, O> {
  const pages = new DataLoader(
    (reqs: readonly PageRequest<F, O>[]) => fetchPages(graph, spec, reqs),
    { cacheKeyFn: (r) => JSON.stringify(r) },
  );
  const counts = new DataLoader(
    (filters: readonly Partial<Record<F, unknown>>[]) => countMatching(graph, spec, filters),
    { cacheKeyFn: (f) => JSON.stringify(f) },
  );
  return {
    async connection(req) {
      if (req.after) checkCursorValue(req.after.v, spec.order[req.orderBy].kind);
      const page = await pages.load(req);
      return toConnection<T>(page, req, spec.order[req.orderBy].property, () => counts.load(req.filter));
    },
  };
}

export type { Row };

/** A cursor made by this list holds a sort value of the list's kind; anything else was forged. */
function checkCursorValue(value: unknown, kind: SortKind): void {
  const fits =
    kind === 'number' ? typeof value === 'number' && Number.isFinite(value)
    : kind === 'datetime' ? typeof value === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(value) && !Number.isNaN(Date.parse(value))
    : typeof value === 'string';
  if (!fits) throw badInput('after', 'The cursor given in `after` is not valid; use a cursor returned by this list.');
}
