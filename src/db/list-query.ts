import type { Row } from './graph';
import type { Reader } from './read-batcher';

/**
 * Cursor-paginated, filtered, ordered lists of one label, batched: every page asked for in one
 * request by the same "shape" (the same filters present, the same order and page size, with or
 * without a cursor) is fetched by a single `UNWIND $keys` statement, so a nested list under 50 parents costs
 * one round trip, not 50.
 *
 * All Cypher comes from the fixed fragments of a {@link ListSpec}; user values only ever travel
 * as parameters (the filter map's fields, and `a.v` / `a.id` inside the statement).
 */

/**
 * The names a fragment is written over, given by the statement it goes into: Cypher variables and
 * parameters made in code (`n` and `f` in a list statement, `la<k>` and `$la<k>` in a page looked
 * ahead), never user input.
 */
export interface FragmentNames {
  /** The listed node. */
  node: string;
  /** The filter map; a fragment reads its own field of it (the field `channels` of the map `f`: `f.channels`). */
  filter: string;
}

/**
 * A piece of Cypher, a function of the names it is given: written once, it reads the same in a list
 * statement and in a page looked ahead. Values are read from the filter map, never spliced in.
 */
export type Fragment = (v: FragmentNames) => string;

/**
 * How one filter field narrows the list: a pattern that must match and/or a predicate, or a link to
 * the record of another label whose id is the filter's value.
 */
export type FilterFragment =
  | {
      /** A pattern that must match; over `n` and `f`, e.g. `(n)-[:TAGGED]->(:Topic {name: toLower(trim(f.topic))})`. */
      match?: Fragment;
      /** A predicate; over `n` and `f`, e.g. `n.channel IN f.channels`. */
      where?: Fragment;
    }
  | {
      /**
       * The listed node has the relationship `type` (leaving it for `OUT`, reaching it for `IN`)
       * with the `label` node whose id is the filter's value: `(n)-[:type]->(:label {id: f.<field>})`.
       * The filter by which a list is nested under its parent (see {@link parentPattern}). All fixed
       * words in code.
       */
      linkedTo: { label: string; type: string; direction: 'OUT' | 'IN' };
    };

export type SortKind = 'string' | 'number' | 'datetime';

export interface ListSpec<F extends string, O extends string> {
  /** The node label (a fixed word in code). */
  label: string;
  filters: Record<F, FilterFragment>;
  /**
   * Sortable fields: the property and its kind. A property is never null, unless the field says
   * `nullable`: then the items without a value come after all the others in both directions,
   * ordered by id (in the direction asked), and a cursor among them carries a null value.
   */
  order: Record<O, { property: string; kind: SortKind; nullable?: boolean }>;
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
  /** Where that cursor was made (its list, sort field and direction); the list checks it is its own. */
  afterScope?: string;
  /** No item can match (a nested list's filter named another parent): the page is empty, read from nowhere. */
  none?: boolean;
}

export interface PageResult {
  nodes: Row[];
  hasNextPage: boolean;
}

/**
 * What a page's nodes are returned as, when a request looked ahead (see `graphql/lookahead/`):
 * a map projection of `n` (built in code from fixed fragments; values are the `params`, named
 * `la<k>`) with the properties its selection reads and its nested relations and pages, and
 * `attach`, which moves those nested values of the fetched rows to where the resolvers find them.
 */
export interface Projection {
  cypher: string;
  params: Record<string, unknown>;
  attach(rows: Row[]): void;
}

function present<F extends string>(filter: Partial<Record<F, unknown>>): F[] {
  return (Object.keys(filter) as F[]).filter((k) => filter[k] !== undefined && filter[k] !== null).sort();
}

/** The names the statements of this file give the fragments: the listed node `n`, and `f`, the filter map of a key. */
const LISTED: FragmentNames = { node: 'n', filter: 'f' };

/** The arrow of a link from the listed node: `-[:TYPE]->` (OUT) or `<-[:TYPE]-` (IN). */
const arrowOf = (link: { type: string; direction: 'OUT' | 'IN' }): string =>
  link.direction === 'OUT' ? `-[:${link.type}]->` : `<-[:${link.type}]-`;

/** The pattern and the predicate of one filter field, over the names `v`. Throws for a field the list does not have. */
function fragmentsOf<F extends string, O extends string>(
  spec: ListSpec<F, O>,
  field: F,
  v: FragmentNames,
): { match?: string; where?: string } {
  if (!Object.hasOwn(spec.filters, field)) throw new Error(`The ${spec.label} list has no filter ${field}.`);
  const fragment = spec.filters[field];
  if (!('linkedTo' in fragment)) return { match: fragment.match?.(v), where: fragment.where?.(v) };
  // The field is a key of the spec (checked above): a fixed word in code, like the link's label and type.
  const link = fragment.linkedTo;
  return { match: `(${v.node})${arrowOf(link)}(:${link.label} {id: ${v.filter}.${field}})` };
}

/**
 * The clauses that narrow a list to its filter `fields`, written over `names`: a `MATCH` for each
 * pattern, then one `WHERE` with `extraWhere` and the predicates (none when there are none).
 */
function filterClauses<F extends string, O extends string>(
  spec: ListSpec<F, O>,
  fields: F[],
  names: FragmentNames,
  extraWhere: string[] = [],
): string[] {
  const fragments = fields.map((field) => fragmentsOf(spec, field, names));
  const patterns = fragments.flatMap(({ match }) => (match ? [match] : []));
  const wheres = [...extraWhere, ...fragments.flatMap(({ where }) => (where ? [where] : []))];
  return [
    ...patterns.map((pattern) => `MATCH ${pattern}`),
    ...(wheres.length ? [`WHERE ${wheres.map((w) => `(${w})`).join(' AND ')}`] : []),
  ];
}

function clauses<F extends string, O extends string>(spec: ListSpec<F, O>, fields: F[], extraWhere: string[] = []): string {
  return [`MATCH (n:${spec.label})`, ...filterClauses(spec, fields, LISTED, extraWhere)].join('\n    ');
}

/**
 * A page's `LIMIT` (its size + 1, to tell whether a next page exists), written into the statement
 * instead of passed as a parameter. With `LIMIT $limit` Neo4j plans without knowing that the limit
 * is small: for the filtered interactions page it sorted every match (1,888 on the 10k set) instead
 * of reading the time index newest first and stopping after 21 (298 entries), at five times the
 * CPU time per statement. Only a non-negative integer can get here, so the text stays safe.
 */
function literalLimit(first: number): string {
  if (!Number.isSafeInteger(first) || first < 0) throw new Error(`A page size must be a non-negative integer, not ${first}.`);
  return String(first + 1);
}

function pageStatement<F extends string, O extends string>(
  spec: ListSpec<F, O>,
  fields: F[],
  orderBy: O,
  direction: Direction,
  withCursor: boolean,
  counted: boolean,
  first: number,
  projection = 'n',
): string {
  const { property, kind, nullable } = spec.order[orderBy];
  const cmp = direction === 'DESC' ? '<' : '>';
  const value = kind === 'datetime' ? 'datetime(a.v)' : 'a.v';
  const after = `n.${property} ${cmp} ${value} OR (n.${property} = ${value} AND n.id ${cmp} a.id)`;
  const limit = literalLimit(first);
  // The sort property is never null (see ListSpec), or only the items that have one are read
  // here; saying so lets Neo4j read the page in order from that property's index and stop at the
  // limit, instead of sorting every match.
  const pageClauses = clauses(spec, fields, [`n.${property} IS NOT NULL`]);
  // One row per key: the page, and (when the pages of this statement asked for it) the total
  // count. A statement either counts for every key or has no count at all: Neo4j read every match
  // of a count guarded by `WHERE key.count` before looking at the guard.
  const count = counted
    ? `
CALL (f) {
    ${clauses(spec, fields)}
    RETURN count(n) AS total
}`
    : '';
  // Without a nullable sort, the page is read in order from the index; with one (items without a
  // value last, by id), the items with a value first (none when the cursor is past them: its value
  // is null), then, while the page is not full, those without one.
  const cursor = withCursor ? `WITH n, a WHERE ${after}` : '';
  // Written as one range (at or past the cursor's value) and a test of the ties: Neo4j then seeks the
  // index from the cursor on, in order, where `after` (an OR) made it seek twice and sort the union.
  const cmpOrEqual = `${cmp}=`;
  const valuedCursor = withCursor
    ? `WITH n, a WHERE a.v IS NOT NULL AND n.${property} ${cmpOrEqual} ${value} AND (n.${property} ${cmp} ${value} OR n.id ${cmp} a.id)`
    : '';
  const unvaluedCursor = withCursor ? `WITH n, a WHERE a.v IS NOT NULL OR n.id ${cmp} a.id` : '';
  const unvaluedClauses = clauses(spec, fields, [`n.${property} IS NULL`]);
  const page = nullable
    ? `CALL (f, a) {
        ${pageClauses}
        ${valuedCursor}
        WITH n ORDER BY n.${property} ${direction}, n.id ${direction} LIMIT ${limit}
        RETURN collect(n) AS valued
    }
    CALL (f, a, valued) {
        UNWIND CASE WHEN size(valued) < ${limit} THEN [true] ELSE [] END AS needed
        ${unvaluedClauses}
        ${unvaluedCursor}
        WITH n ORDER BY n.id ${direction} LIMIT ${limit}
        RETURN collect(n) AS unvalued
    }
    UNWIND (valued + unvalued)[..${limit}] AS n
    RETURN collect(${projection}) AS nodes`
    : `${pageClauses}
    ${cursor}
    WITH n ORDER BY n.${property} ${direction}, n.id ${direction} LIMIT ${limit}
    RETURN collect(${projection}) AS nodes`;
  return `UNWIND $keys AS key
WITH key, key.f AS f, key.a AS a
CALL (f, a) {
    ${page}
}${count}
RETURN key.i AS i, nodes${counted ? ', total' : ''}`;
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

/** What a list loader is asked for: a page, or the number of items matching a filter. */
export type ListKey<F extends string, O extends string> =
  { kind: 'page'; req: PageRequest<F, O>; projection?: Projection } | { kind: 'count'; filter: Partial<Record<F, unknown>> };

/**
 * Fetches many pages and counts: one statement per distinct page shape, and a count asked for
 * with a page of the same filter comes in that page's statement (a connection's `edges` and
 * `totalCount` cost one round trip). Other counts: one statement per filter shape. Results in
 * the order of `keys`.
 */
export async function fetchLists<F extends string, O extends string>(
  graph: Reader,
  spec: ListSpec<F, O>,
  keys: readonly ListKey<F, O>[],
): Promise<(PageResult | number)[]> {
  const out: (PageResult | number)[] = keys.map((k) => (k.kind === 'page' ? { nodes: [], hasNextPage: false } : 0));
  const counts = new Map<string, number[]>(); // filter (JSON) -> indexes of the counts asked for it
  keys.forEach((k, index) => {
    if (k.kind !== 'count') return;
    const f = JSON.stringify(k.filter);
    counts.set(f, [...(counts.get(f) ?? []), index]);
  });
  // A count asked for with a page of the same filter is answered by the first such page's statement.
  const pages = keys.flatMap((k, index) => {
    if (k.kind !== 'page') return [];
    const f = JSON.stringify(k.req.filter);
    const countsAnswered = counts.get(f) ?? [];
    counts.delete(f);
    return [{ req: k.req, projection: k.projection, index, countsAnswered }];
  });
  // Pages of one shape (and, when looked ahead, one projection with the same values) share a
  // statement; pages that answer a count share one with a count.
  const groups = groupBy(pages, ({ req: r, projection: p, countsAnswered }) =>
    [
      present(r.filter).join(','),
      r.orderBy,
      r.direction,
      !!r.after,
      r.first,
      countsAnswered.length > 0,
      p ? p.cypher : '',
      p ? JSON.stringify(p.params) : '',
    ].join('|'),
  );
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const first = group[0].item;
      const counted = first.countsAnswered.length > 0;
      const { req, projection } = first;
      const cypher = pageStatement(
        spec,
        present(req.filter),
        req.orderBy,
        req.direction,
        !!req.after,
        counted,
        req.first,
        projection?.cypher,
      );
      const params = group.map(({ item }) => ({ i: item.index, f: item.req.filter, a: item.req.after ?? null }));
      const columns = counted ? ['i', 'nodes', 'total'] : ['i', 'nodes'];
      const rows = await graph.read(cypher, { ...projection?.params, keys: params }, `list ${spec.label}`, columns);
      const byIndex = new Map(group.map(({ item }) => [item.index, item]));
      for (const row of rows) {
        const item = byIndex.get(row.i as number)!;
        const nodes = row.nodes as Row[];
        projection?.attach(nodes);
        out[row.i] = { nodes: nodes.slice(0, item.req.first), hasNextPage: nodes.length > item.req.first };
        for (const c of item.countsAnswered) out[c] = row.total as number;
      }
    }),
  );
  const rest = [...counts.entries()];
  if (rest.length) {
    const totals = await countMatching(
      graph,
      spec,
      rest.map(([, indexes]) => (keys[indexes[0]] as { filter: Partial<Record<F, unknown>> }).filter),
    );
    rest.forEach(([, indexes], n) => indexes.forEach((i) => (out[i] = totals[n])));
  }
  return out;
}

/** Counts the items matching each filter (ignoring cursors); one statement per filter shape. */
export async function countMatching<F extends string, O extends string>(
  graph: Reader,
  spec: ListSpec<F, O>,
  filters: readonly Partial<Record<F, unknown>>[],
): Promise<number[]> {
  const out = filters.map(() => 0);
  const groups = groupBy([...filters], (f) => present(f).join(','));
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const cypher = countStatement(spec, present(group[0].item));
      const keys = group.map(({ item, index }) => ({ i: index, f: item }));
      const rows = await graph.read(cypher, { keys }, `count ${spec.label}`, ['i', 'total']);
      for (const row of rows) out[row.i] = row.total;
    }),
  );
  return out;
}

/**
 * A list's parent filter (a `linkedTo` filter, as every "items of this parent" filter is) as a
 * pattern from a bound parent node: `(<item>:ListLabel)-[:TYPE]->(<parent>:ParentLabel)`. Variable
 * names come from code. Throws when the filter is not a link.
 */
export function parentPattern<F extends string, O extends string>(spec: ListSpec<F, O>, filter: F, item: string, parent: string): string {
  const fragment = Object.hasOwn(spec.filters, filter) ? spec.filters[filter] : undefined;
  if (!fragment || !('linkedTo' in fragment)) throw new Error(`The ${spec.label} filter ${filter} is not a parent filter.`);
  const link = fragment.linkedTo;
  return `(${item}:${spec.label})${arrowOf(link)}(${parent}:${link.label})`;
}

/**
 * The filter clauses of `fields` for a page nested under a bound parent (see `graphql/lookahead/`):
 * the list's fragments over the listed node `item` and the filter map `param` (a `$la<k>`
 * parameter), both names made in code: a `MATCH` for each pattern, then one `WHERE` with the
 * predicates (none when there are none).
 */
export function nestedFilterClauses<F extends string, O extends string>(
  spec: ListSpec<F, O>,
  fields: F[],
  item: string,
  param: string,
): string[] {
  return filterClauses(spec, fields, { node: item, filter: param });
}

/** Nodes of one label by id, in the order asked (null where missing). One statement. */
export async function fetchByIds(graph: Reader, label: string, ids: readonly string[]): Promise<(Row | null)[]> {
  const rows = await graph.read(
    `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN id, n`,
    { ids: [...new Set(ids)] },
    `by id ${label}`,
    ['id', 'n'],
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
export async function fetchRelated(graph: Reader, rel: RelationSpec, ids: readonly string[]): Promise<Row[][]> {
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
    ['id', 'm', 'rel', 'label'],
  );
  const byId = new Map<string, Row[]>();
  for (const r of rows) {
    if (!byId.has(r.id)) byId.set(r.id, []);
    byId.get(r.id)!.push({ ...r.m, __label: r.label, __rel: r.rel });
  }
  return ids.map((id) => byId.get(id) ?? []);
}
