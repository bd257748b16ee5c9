import type DataLoader from 'dataloader';
import { getNamedType, isObjectType, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import type { Row } from '../../db/graph';
import type { Projection } from '../../db/list-query';
import type { Reader } from '../../db/read-batcher';
import { Planner, type Planned } from './planner';
import { connectionNodes, type SortedBy } from './selection';

/**
 * Look-ahead: a request for a node or a page of nodes is fetched, with the relations and nested
 * pages its selection set asks for, by ONE Cypher statement (map projections with `COLLECT { }`
 * subqueries) that returns only the properties the selected fields read. Each node comes back
 * with what was fetched beneath it attached under its response keys (`__ahead`); the field
 * resolvers take it from there ({@link ahead}) and fall back to their loaders when nothing was
 * looked ahead. So a customer 360 costs one round trip instead of one per level, and no field's
 * rules (roles, defaults, validation) are bypassed. A node fetched for one place in the query
 * serves only that place: nothing partial is put in a loader's cache.
 *
 * What the planner may do is written on the fields (decorators.ts): `@Reads(...)` says what a
 * field reads of its node, `@Ahead(...)` that it may be fetched ahead. Only `@Ahead` fields are
 * looked ahead, and a nested page only when it has no `after` (a page from its start, in any
 * order, with any filter its resolver accepts); everything else is loaded by its resolver as
 * before. A node whose selection includes a field without a hint gets all its properties (a test
 * forbids such fields). All Cypher comes from fixed fragments in code; the user's values (page
 * sizes, filters) travel as parameters `$la<k>`, and response keys never reach the text.
 */

export { Ahead, hintOf, Reads, ReadsItself, type FieldHint } from './decorators';
export { page, related, type NestedField, type Wrapped } from './hints';
export type { PageAhead } from './planner';

/**
 * What was fetched ahead for this field of this node (a related loader's rows, or a page), or
 * undefined: then the resolver loads it as usual.
 */
export function ahead<T>(node: object, info: Pick<GraphQLResolveInfo, 'path'>): T | undefined {
  return (node as { __ahead?: Record<string, T> }).__ahead?.[info.path.key as string];
}

interface Plan {
  planned: Planned;
  params: Record<string, unknown>;
}

/** Plans that depend on their document alone, by the root field's node in the (cached) document, then by variant. */
const plans = new WeakMap<FieldNode, Map<string, Plan>>();

/**
 * The plan `make` builds for this root field, built once per document where it can be: when the
 * field is selected once (one field node) and no page beneath it takes an argument from a
 * variable, the plan depends on the document alone, and is kept with the document's field node
 * for the next requests (planning walked the selection anew on every request: 4% of the customer
 * 360's time). `variant` tells apart plans of one field that differ otherwise (a page's order).
 */
function plan(info: GraphQLResolveInfo, variant: string, make: (planner: Planner) => Planned): Plan {
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0] : undefined;
  const known = node && plans.get(node)?.get(variant);
  if (known) return known;
  const planner = new Planner(info);
  const made: Plan = { planned: make(planner), params: planner.params };
  if (node && !planner.readsVariables) {
    let variants = plans.get(node);
    if (!variants) plans.set(node, (variants = new Map()));
    variants.set(variant, made);
  }
  return made;
}

/** True when the projection leaves something out or fetches something along. */
const worthIt = (projection: string, v: string) => projection !== `${v} {.*}`;

/**
 * One node by id, with only what the request selects on it (the root field's `info`) and the
 * looked-ahead fields beneath it, in one statement (null when there is none). A selection that
 * needs the whole node and nothing beneath it is a plain `byId` load.
 */
export async function loadNode(
  ctx: { loaders: { reader: Reader }; lookahead: boolean },
  info: GraphQLResolveInfo,
  label: 'Customer' | 'Interaction' | 'Insight',
  byId: DataLoader<string, any>,
  id: string,
): Promise<Row | null> {
  const type = getNamedType(info.returnType);
  if (!ctx.lookahead || !isObjectType(type)) return byId.load(id);
  const { planned, params } = plan(info, label, (planner) => planner.node(type, info.fieldNodes, 'n'));
  if (!worthIt(planned.cypher, 'n')) return byId.load(id);
  const rows = await ctx.loaders.reader.read(
    `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN id, ${planned.cypher} AS n`,
    { ...params, ids: [id] },
    `look-ahead ${label}`,
    ['id', 'n'],
  );
  const row = (rows[0]?.n as Row | undefined) ?? null;
  if (row) planned.attach(row);
  return row;
}

/**
 * The projection of a root connection's nodes (`edges { node { ... } }` of the root field), given
 * the property the page is sorted by; undefined when the whole nodes and nothing beneath them are needed.
 */
export function pageProjection(
  ctx: { lookahead: boolean },
  info: GraphQLResolveInfo,
): ((sortedBy: SortedBy) => Projection | undefined) | undefined {
  const connection = getNamedType(info.returnType);
  if (!ctx.lookahead || !isObjectType(connection) || !connection.getFields().edges) return undefined;
  return (sortedBy) => {
    const { planned, params } = plan(info, `${sortedBy.property} ${sortedBy.kind}`, (planner) => {
      const { nodeType, nodeFields } = connectionNodes(info, connection, info.fieldNodes);
      return planner.node(nodeType, nodeFields, 'n', { sortedBy });
    });
    if (!worthIt(planned.cypher, 'n')) return undefined;
    return { cypher: planned.cypher, params, attach: (rows) => rows.forEach(planned.attach) };
  };
}
