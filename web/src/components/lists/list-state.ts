import type { CustomerFilter, CustomerOrderField, LifecycleStage, OrderDirection, RelationshipType } from '../../gql/graphql';

/**
 * The customer list's state as the address keeps it (`?name=&stage=&relationship=&segment=&need=
 * &owner=&sort=&dir=&size=`), so that a reload or a shared link shows the same list; the CSV export
 * (`GET /export/customers.csv`) takes the same parameters but `size`.
 */
export const STAGES: LifecycleStage[] = ['PROSPECT', 'ACTIVE', 'AT_RISK', 'CHURNED'];
export const RELATIONSHIPS: RelationshipType[] = ['TRANSACTIONAL', 'COLLABORATIVE'];
export const PAGE_SIZES = [20, 50, 100] as const;

/** The columns one may sort by, as the address names them, and the API's order field of each. */
export const SORTS = {
  name: 'NAME',
  revenue: 'REVENUE',
  'lifetime-value': 'LIFETIME_VALUE',
  health: 'HEALTH_SCORE',
  'last-contact': 'LAST_CONTACT_AT',
} as const satisfies Record<string, CustomerOrderField>;
export type SortKey = keyof typeof SORTS;

/** The parameters of the filter, in the address's names. */
const FILTER_PARAMS = ['name', 'stage', 'relationship', 'segment', 'need', 'owner'] as const;

export interface ListState {
  filter: CustomerFilter;
  orderBy: { field: CustomerOrderField; direction: OrderDirection };
  sort: SortKey;
  dir: 'asc' | 'desc';
  size: number;
}

export function listFromParams(params: URLSearchParams): ListState {
  const filter: CustomerFilter = {};
  if (params.get('name')) filter.nameContains = params.get('name')!;
  const stage = params.get('stage') as LifecycleStage | null;
  if (stage && STAGES.includes(stage)) filter.lifecycleStages = [stage];
  const relationship = params.get('relationship') as RelationshipType | null;
  if (relationship && RELATIONSHIPS.includes(relationship)) filter.relationshipTypes = [relationship];
  if (params.get('segment')) filter.segmentId = params.get('segment');
  if (params.get('need')) filter.hasNeedId = params.get('need');
  if (params.get('owner')) filter.ownerId = params.get('owner');
  const sortParam = params.get('sort') ?? 'name';
  const sort: SortKey = sortParam in SORTS ? (sortParam as SortKey) : 'name';
  const dir = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const sizeParam = Number(params.get('size'));
  const size = (PAGE_SIZES as readonly number[]).includes(sizeParam) ? sizeParam : 20;
  return { filter, orderBy: { field: SORTS[sort], direction: dir === 'asc' ? 'ASC' : 'DESC' }, sort, dir, size };
}

/** The export's query for the list the address shows (its filter and order; every row, not one page). */
export function exportQuery(params: URLSearchParams): URLSearchParams {
  const list = listFromParams(params);
  const query = new URLSearchParams();
  for (const p of FILTER_PARAMS) if (params.get(p)) query.set(p, params.get(p)!);
  query.set('sort', list.sort);
  query.set('dir', list.dir);
  return query;
}

/** A saved view as the API keeps it. */
export interface ViewSettings {
  filter: {
    nameContains?: string | null;
    lifecycleStages?: LifecycleStage[] | null;
    relationshipTypes?: RelationshipType[] | null;
    segmentId?: string | number | null;
    hasNeedId?: string | number | null;
    ownerId?: string | number | null;
  };
  orderBy: { field: CustomerOrderField; direction: OrderDirection };
  pageSize: number;
}

/** The address of a saved view: its parameters in a fixed order, defaults left out. */
export function paramsOfView(view: ViewSettings): URLSearchParams {
  const p = new URLSearchParams();
  const f = view.filter;
  if (f.nameContains) p.set('name', f.nameContains);
  if (f.lifecycleStages?.[0]) p.set('stage', f.lifecycleStages[0]);
  if (f.relationshipTypes?.[0]) p.set('relationship', f.relationshipTypes[0]);
  if (f.segmentId) p.set('segment', String(f.segmentId));
  if (f.hasNeedId) p.set('need', String(f.hasNeedId));
  if (f.ownerId) p.set('owner', String(f.ownerId));
  const sort = (Object.keys(SORTS) as SortKey[]).find((k) => SORTS[k] === view.orderBy.field) ?? 'name';
  if (sort !== 'name' || view.orderBy.direction !== 'ASC') {
    p.set('sort', sort);
    p.set('dir', view.orderBy.direction === 'ASC' ? 'asc' : 'desc');
  }
  if (view.pageSize !== 20) p.set('size', String(view.pageSize));
  return p;
}

/** What `saveView` keeps of the list the address shows. */
export function viewOfParams(params: URLSearchParams): ViewSettings {
  const list = listFromParams(params);
  return { filter: list.filter, orderBy: list.orderBy, pageSize: list.size };
}

/** Whether the address shows exactly this view. */
export function showsView(params: URLSearchParams, view: ViewSettings): boolean {
  return paramsOfView(viewOfParams(params)).toString() === paramsOfView(view).toString();
}
