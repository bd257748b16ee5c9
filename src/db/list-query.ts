import neo4j from 'neo4j-driver';
import type { Graph, Row } from './graph';

/**
 * Cursor-paginated, filtered, ordered lists of one label, batched: every page asked for in one
 * request by the same "shape" (the same filters present, the same order and page size, with or
 * without a cursor) is fetched by a single `UNWIND $keys` statement, so a nested list under 50 parents costs
 * one round trip, not 50.
 *
 * All Cypher comes from the fixed fragments of a {@link ListSpec}; user values only ever travel
 * as parameters (`f.<filter>` and `a.v` / `a.id` inside the statement).
 */

/** How one filter field narrows the list. `n` is the listed node, `f` the filter map. */
export interface FilterFragment {
  /** A pattern that must match, e.g. `(n)-[:WITH_CUSTOMER]->(:Customer {id: f.customerId})`. */
  match?: string;
  /** A predicate, e.g. `n.channel IN f.channels`. */
  where?: string;
}

export type SortKind = 'string' | 'number' | 'datetime';

export interface ListSpec<F extends string, O extends string> {
  /** The node label (a fixed word in code). */
  label: string;
  filters: Record<F, FilterFragment>;
  /** Sortable fields: the property and its kind. Properties must never be null. */
  order: Record<O, { property: string; kind: SortKind }>;
}

export type Direction = 'ASC' | 'DESC';

/** One page request, as the resolvers build it. */
export interface PageRequest<F extends string, O extends string> {
  filter: Partial<Record<F, unknown>>;
  orderBy: O;
  direction: Direction;
  /** Number of items, already validated (0..100). */
  first: number;
  /** Decoded cursor: the sort value and id of the last item seen. */
  after?: { v: unknown; id: string };
}

export interface PageResult {
  nodes: Row[];
  hasNextPage: boolean;
}

function present<F extends string>(filter: Partial<Record<F, unknown>>): F[] {
  return (Object.keys(filter) as F[]).filter((k) => filter[k] !== undefined && filter[k] !== null).sort();
}

function clauses<F extends string, O extends string>(spec: ListSpec<F, O>, fields: F[]): string {
  const matches = fields.map((f) => spec.filters[f].match).filter(Boolean) as string[];
  const wheres = fields.map((f) => spec.filters[f].where).filter(Boolean) as string[];
  return [
    `MATCH (n:${spec.label})`,
    ...matches.map((m) => `MATCH ${m}`),
    wheres.length ? `WHERE ${wheres.map((w) => `(${w})`).join(' AND ')}` : '',
  ]
    .filter(Boolean)
    .join('\n    ');
}

function pageStatement<F extends string, O extends string>(
  spec: ListSpec<F, O>,
  fields: F[],
  orderBy: O,
  direction: Direction,
  withCursor: boolean,
): string {
  const { property, kind } = spec.order[orderBy];
  const cmp = direction === 'DESC' ? '<' : '>';
  const value = kind === 'datetime' ? 'datetime(a.v)' : 'a.v';
  const cursor = withCursor
    ? `WITH n, a WHERE n.${property} ${cmp} ${value} OR (n.${property} = ${value} AND n.id ${cmp} a.id)`
    : '';
  return `UNWIND $keys AS key
CALL (key) {
    WITH key.f AS f, key.a AS a
    ${clauses(spec, fields)}
    ${cursor}
    RETURN n ORDER BY n.${property} ${direction}, n.id ${direction} LIMIT $limit
}
RETURN key.i AS i, n`;
}

function countStatement<F extends string, O extends string>(spec: ListSpec<F, O>, fields: F[]): string {
  return `UNWIND $keys AS key
CALL (key) {
    WITH key.f AS f
    ${clauses(spec, fields)}
    RETURN count(n) AS total
}
RETURN key.i AS i, total`;
}

function groupBy<T>(items: T[], keyOf: (t: T) => string): Map<string, { item: T; index: number }[]> {
  const groups = new Map<string, { item: T; index: number }[]>();
  items.forEach((item, index) => {
    const k = keyOf(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push({ item, index });
  });
  return groups;
}

/** Fetches many pages; one statement per distinct shape. Results in the order of `requests`. */
export async function fetchPages<F extends string, O extends string>(
  graph: Graph,
  spec: ListSpec<F, O>,
  requests: readonly PageRequest<F, O>[],
): Promise<PageResult[]> {
  const out: PageResult[] = requests.map(() => ({ nodes: [], hasNextPage: false }));
  const groups = groupBy([...requests], (r) => [present(r.filter).join(','), r.orderBy, r.direction, !!r.after, r.first].join('|'));
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const first = group[0].item;
      const fields = present(first.filter);
      const cypher = pageStatement(spec, fields, first.orderBy, first.direction, !!first.after);
      const keys = group.map(({ item, index }) => ({ i: index, f: item.filter, a: item.after ?? null }));
      const rows = await graph.read(cypher, { keys, limit: neo4j.int(first.first + 1) }, `list ${spec.label}`);
      for (const row of rows) out[row.i].nodes.push(row.n);
    }),
  );
  requests.forEach((r, i) => {
    if (out[i].nodes.length > r.first) {
      out[i].nodes.length = r.first;
      out[i].hasNextPage = true;
    }
  });
  return out;
}

/** Counts the items matching each filter (ignoring cursors); one statement per filter shape. */
export async function countMatching<F extends string, O extends string>(
  graph: Graph,
  spec: ListSpec<F, O>,
  filters: readonly Partial<Record<F, unknown>>[],
): Promise<number[]> {
  const out = filters.map(() => 0);
  const groups = groupBy([...filters], (f) => present(f).join(','));
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const cypher = countStatement(spec, present(group[0].item));
      const keys = group.map(({ item, index }) => ({ i: index, f: item }));
      const rows = await graph.read(cypher, { keys }, `count ${spec.label}`);
      for (const row of rows) out[row.i] = row.total;
    }),
  );
  return out;
}

/** Nodes of one label by id, in the order asked (null where missing). One statement. */
export async function fetchByIds(graph: Graph, label: string, ids: readonly string[]): Promise<(Row | null)[]> {
  const rows = await graph.read(
    `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN id, n`,
    { ids: [...new Set(ids)] },
    `by id ${label}`,
  );
  const byId = new Map(rows.map((r) => [r.id as string, r.n as Row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * A fixed relationship to follow from a node: `(from:fromLabel)-[:type]->(to:toLabel)` or the
 * reverse when `direction` is `IN`. `toLabels` may list several labels (a union).
 */
export interface RelationSpec {
  fromLabel: string;
  type: string;
  direction: 'OUT' | 'IN';
  toLabels: string[];
  /** Property of the related node to order by (ascending), never null. */
  orderBy: string;
}

/**
 * Related nodes for many sources in one statement; each row carries `__label` (the node's label
 * among `toLabels`) and `__rel` (the relationship's properties).
 */
export async function fetchRelated(graph: Graph, rel: RelationSpec, ids: readonly string[]): Promise<Row[][]> {
  const arrow = rel.direction === 'OUT' ? `-[r:${rel.type}]->` : `<-[r:${rel.type}]-`;
  const labelTest = rel.toLabels.map((l) => `m:${l}`).join(' OR ');
  const rows = await graph.read(
    `UNWIND $ids AS id
MATCH (:${rel.fromLabel} {id: id})${arrow}(m)
WHERE ${labelTest}
WITH id, m, r ORDER BY m.${rel.orderBy}, m.id
RETURN id, m, properties(r) AS rel, [l IN labels(m) WHERE l IN $labels][0] AS label`,
    { ids: [...new Set(ids)], labels: rel.toLabels },
    `related ${rel.fromLabel}-${rel.type}`,
  );
  const byId = new Map<string, Row[]>();
  for (const r of rows) {
    if (!byId.has(r.id)) byId.set(r.id, []);
    byId.get(r.id)!.push({ ...r.m, __label: r.label, __rel: r.rel });
  }
  return ids.map((id) => byId.get(id) ?? []);
}
