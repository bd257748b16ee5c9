import type DataLoader from 'dataloader';
import {
  getArgumentValues,
  getNamedType,
  isInputObjectType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import neo4j from 'neo4j-driver';
import { getMetadataStorage, GraphQLISODateTime } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, toParams, type OrderDirection } from '../common/connection';
import { passesValidation } from '../common/validation';
import type { Row } from '../db/graph';
import {
  nestedFilterClauses,
  parentPattern,
  type ListSpec,
  type PageResult,
  type Projection,
  type RelationSpec,
  type SortKind,
} from '../db/list-query';
import type { Reader } from '../db/read-batcher';

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
 * Only fields listed in the hints' `nested` are looked ahead, and a nested page only when it has no
 * `after` (a page from its start, in any order, with any filter its resolver accepts); everything
 * else is loaded by its resolver as before. A node whose selection includes a field not in the hints' `reads` gets all
 * its properties. All Cypher comes from fixed fragments in code; the user's values (page sizes,
 * filters) travel as parameters `$la<k>`, and response keys never reach the text.
 */

type AnyListSpec = ListSpec<string, string>;

/**
 * A relation its resolver reads with a `relatedLoader`: the nodes in the same order, with `__rel`,
 * the relationship's properties, when `wrapped`. Only a relation whose field has an object type is
 * looked ahead, so its nodes need no `__label` (a union would tell its member by it).
 */
interface RelatedField {
  kind: 'related';
  rel: RelationSpec;
  wrapped?: Wrapped;
}

/**
 * A relation whose GraphQL type wraps each node with properties of its relationship
 * (`HeldNeed { need intensity since }`): the field that holds the node, the relationship's
 * properties the resolver reads (date-times apart) and the node property it sorts by.
 */
export interface Wrapped {
  nodeField: string;
  relProperties: string[];
  relDatetimes: string[];
  sortedBy: string;
}

/** A nested connection its resolver reads with a `listLoader`, filtered by its parent (`parentFilter` = the parent's id). */
interface PageField {
  kind: 'page';
  spec: AnyListSpec;
  parentFilter: string;
  defaultOrder: { field: string; direction: OrderDirection };
}

export type NestedField = RelatedField | PageField;

export const related = (rel: RelationSpec, wrapped?: Wrapped): RelatedField => {
  if (rel.toLabels.length !== 1)
    throw new Error(`Look-ahead follows relations to one label; ${rel.type} leads to ${rel.toLabels.join(', ')}.`);
  return { kind: 'related', rel, wrapped };
};
export const page = (spec: AnyListSpec, parentFilter: string, defaultOrder: PageField['defaultOrder']): PageField => {
  parentPattern(spec, parentFilter, 'x', 'y'); // fails at start-up when the filter is not a parent filter
  nestedFilterClauses(spec, Object.keys(spec.filters), 'x', '$y'); // and when a filter fragment cannot be nested
  return { kind: 'page', spec, parentFilter, defaultOrder };
};

/**
 * The fields looked ahead and what each field reads, by GraphQL type: given by the modules
 * (modules/lookahead-hints.ts) when the schema is built ({@link registerLookaheadHints}). Until
 * then nothing is looked ahead and every node reads all its properties: slower, never wrong.
 */
export interface LookaheadHints {
  /** The fields looked ahead, by GraphQL type; each reads exactly what its resolver's loader reads. */
  nested: Record<string, Record<string, NestedField>>;
  /**
   * What each field of a node type reads from its node: its properties, by GraphQL field. `id` is
   * read unless the node is a related one whose selected fields read only their own properties (a
   * field listed as `[itself]` must read nothing else, its id included); in a page, the property it
   * is sorted by is read too (for cursors). A selected field not listed here (or a type not listed)
   * makes the node read all its properties.
   */
  reads: Record<string, { fields: Record<string, string[]> }>;
}

let hints: LookaheadHints = { nested: {}, reads: {} };

/** Sets the hints the planner follows (once, when the schema is built; plans made before are forgotten). */
export function registerLookaheadHints(given: LookaheadHints): void {
  hints = given;
  plans = new WeakMap();
}

/**
 * What was fetched ahead for this field of this node (a related loader's rows, or a page), or
 * undefined: then the resolver loads it as usual.
 */
export function ahead<T>(node: object, info: Pick<GraphQLResolveInfo, 'path'>): T | undefined {
  return (node as { __ahead?: Record<string, T> }).__ahead?.[info.path.key as string];
}

/** A nested page fetched ahead: its nodes, and its total when `totalCount` was selected. */
export interface PageAhead {
  page: PageResult;
  total?: number;
}

/** The property a page is sorted by, and its kind. */
type SortedBy = { property: string; kind: SortKind };

/** The field nodes named `name` (under any alias) in a {@link subfields} map. */
const named = (fields: Map<string, FieldNode[]>, name: string): FieldNode[] =>
  [...fields.values()].flat().filter((f) => f.name.value === name);

/** The selected fields of some field nodes, by response key, fragments flattened. */
function subfields(info: Pick<GraphQLResolveInfo, 'fragments'>, nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        out.set(key, [...(out.get(key) ?? []), sel]);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        visit(sel.selectionSet, seen);
      } else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        visit(info.fragments[sel.name.value]?.selectionSet, seen);
      }
    }
  };
  for (const node of nodes) visit(node.selectionSet, new Set());
  return out;
}

/**
 * The node type of a connection type, the field nodes of `edges { node }` in a connection's
 * selection, and its other selected fields.
 */
function connectionNodes(info: Pick<GraphQLResolveInfo, 'fragments'>, connection: GraphQLObjectType, fieldNodes: readonly FieldNode[]) {
  const edge = getNamedType(connection.getFields().edges.type) as GraphQLObjectType;
  const selected = subfields(info, fieldNodes);
  return {
    nodeType: getNamedType(edge.getFields().node.type) as GraphQLObjectType,
    nodeFields: named(subfields(info, named(selected, 'edges')), 'node'),
    selected,
  };
}

interface Planned {
  /** The map projection of the variable. */
  cypher: string;
  /** Moves what was fetched beneath a row (`__la<k>` entries) to its `__ahead`, by response key. */
  attach: (row: Row) => void;
}

/** The classes object types are declared with, by GraphQL type name. */
let classes: Map<string, Function> | undefined;

/**
 * The prototype of the class `typeName` is declared with. A node fetched ahead is made an
 * instance of it: type-graphql hands a field resolver its parent as an instance of the type's
 * class and, for a plain object, builds one by copying every property, on every field resolver
 * call (100 copies for a page of 50 customers with their segment and owners).
 */
function prototypeOf(typeName: string): object | undefined {
  classes ??= new Map(getMetadataStorage().objectTypes.map((o) => [o.name, o.target]));
  return classes.get(typeName)?.prototype;
}

/** The classes input types are declared with, by GraphQL type name. */
let inputClasses: Map<string, Function> | undefined;

/** The class the input type `typeName` is declared with (to validate a nested page's filter as its resolver will). */
function inputClassOf(typeName: string): Function | undefined {
  inputClasses ??= new Map(getMetadataStorage().inputTypes.map((o) => [o.name, o.target]));
  return inputClasses.get(typeName);
}

/** A looked-ahead field: its entry in the parent's map projection, and how to take its value out of a parent row. */
interface Nested {
  cypher: string;
  take: (row: Row) => unknown;
}

/** Builds one statement's projections for a request; variables `la<k>` / `r<k>`, parameters `$la<k>`. */
class Planner {
  readonly params: Record<string, unknown> = {};
  /** True once a page's arguments named a variable: the plan then depends on the request, not only on the document. */
  readsVariables = false;
  private next = 0;

  constructor(private readonly info: Pick<GraphQLResolveInfo, 'fragments' | 'variableValues'>) {}

  /**
   * `v`'s properties that the selected fields read, and the looked-ahead fields beneath it.
   * `extra`: more entries of the map; `sortedBy`: the property a page of these nodes is sorted by;
   * `idOptional`: the node's id may be left out when no selected field reads anything but its own
   * property (a related node's `{ name }`): every string the driver decodes costs CPU time.
   */
  node(
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    v: string,
    { extra = '', sortedBy, idOptional = false }: { extra?: string; sortedBy?: SortedBy; idOptional?: boolean } = {},
  ): Planned {
    const entries: string[] = [];
    const attachers: ((row: Row, into: Record<string, unknown>) => void)[] = [];
    const nested = hints.nested[type.name] ?? {};
    const reads = hints.reads[type.name];
    const properties = new Set<string>(sortedBy ? ['id', sortedBy.property] : ['id']);
    // Date-times come as epoch milliseconds (decoding Neo4j's date-time values costs the driver
    // far more) and become Dates again in `attach`: the sort property of a date-time order, and
    // fields of the DateTimeISO type that read their own property.
    const datetimes = new Set<string>(sortedBy?.kind === 'datetime' ? [sortedBy.property] : []);
    let everything = !reads;
    let idNeeded = !idOptional;
    for (const [responseKey, fieldNodes] of subfields(this.info, nodes)) {
      const name = fieldNodes[0].name.value;
      if (name === 'id') idNeeded = true;
      if (name === 'id' || name === '__typename') continue;
      const needs = reads?.fields[name];
      if (needs) needs.forEach((p) => properties.add(p));
      else everything = true;
      const ownProperty = needs?.length === 1 && needs[0] === name;
      // Fields that read nothing but the id (relations, nested lists) and the resolvers they fall back on need it.
      if (!ownProperty) idNeeded = true;
      const def = type.getFields()[name];
      if (def && ownProperty && getNamedType(def.type) === GraphQLISODateTime) datetimes.add(name);
      const how = nested[name];
      if (!how || !def) continue;
      const planned = how.kind === 'related' ? this.related(how, def, fieldNodes, v) : this.page(how, def, fieldNodes, v);
      if (!planned) continue;
      entries.push(planned.cypher);
      attachers.push((row, into) => (into[responseKey] = planned.take(row)));
    }
    if (!idNeeded && properties.size > 1) properties.delete('id');
    const own = everything ? '.*' : [...properties].map((p) => (datetimes.has(p) ? `${p}: ${v}.${p}.epochMillis` : `.${p}`)).join(', ');
    const millis = everything ? [] : [...datetimes];
    const prototype = prototypeOf(type.name);
    return {
      cypher: `${v} {${own}${extra}${entries.map((e) => `, ${e}`).join('')}}`,
      attach: (row) => {
        if (prototype) Object.setPrototypeOf(row, prototype);
        for (const p of millis) if (row[p] != null) row[p] = new Date(row[p] as number);
        if (attachers.length === 0) return;
        const into: Record<string, unknown> = {};
        for (const a of attachers) a(row, into);
        row.__ahead = into;
      },
    };
  }

  private key(): number {
    return this.next++;
  }

  private param(value: unknown): string {
    const name = `la${this.key()}`;
    this.params[name] = value;
    return `$${name}`;
  }

  private related(how: RelatedField, def: GraphQLField<unknown, unknown>, fieldNodes: FieldNode[], v: string): Nested | null {
    const type = getNamedType(def.type);
    if (!isObjectType(type)) return null; // the resolver loads it
    const { rel } = how;
    const k = this.key();
    const m = `la${k}`;
    const r = `r${k}`;
    const out = `__la${k}`;
    const arrow = rel.direction === 'OUT' ? `-[${r}:${rel.type}]->` : `<-[${r}:${rel.type}]-`;
    const child = how.wrapped ? this.wrapped(how.wrapped, type, fieldNodes, m, r) : this.node(type, fieldNodes, m, { idOptional: true });
    return {
      cypher: `${out}: COLLECT { MATCH (${v})${arrow}(${m}:${rel.toLabels[0]}) WITH ${m}, ${r} ORDER BY ${m}.${rel.orderBy}, ${m}.id RETURN ${child.cypher} }`,
      take: (row) => {
        const rows = (row[out] ?? []) as Row[];
        delete row[out];
        rows.forEach(child.attach);
        return rows;
      },
    };
  }

  /** The node of a wrapped relation, with the relationship's properties as `__rel` (date-times as Dates again on arrival). */
  private wrapped(w: Wrapped, type: GraphQLObjectType, fieldNodes: FieldNode[], m: string, r: string): Planned {
    const rel = [...w.relProperties.map((p) => `${p}: ${r}.${p}`), ...w.relDatetimes.map((p) => `${p}: ${r}.${p}.epochMillis`)];
    const nodeType = getNamedType(type.getFields()[w.nodeField].type) as GraphQLObjectType;
    const nodeFields = named(subfields(this.info, fieldNodes), w.nodeField);
    const child = this.node(nodeType, nodeFields, m, {
      extra: `, __rel: {${rel.join(', ')}}`,
      sortedBy: { property: w.sortedBy, kind: 'string' },
    });
    return {
      cypher: child.cypher,
      attach: (row) => {
        child.attach(row);
        const props = row.__rel as Row;
        for (const p of w.relDatetimes) if (props[p] != null) props[p] = new Date(props[p] as number);
      },
    };
  }

  /**
   * A nested page's filter as the resolver will apply it: the fields given and their values as
   * parameters; undefined for no filter; null when the filter is one the resolver will refuse or
   * names the parent field (then it is not looked ahead, and the resolver reports or weighs it
   * before anything is read).
   */
  private filterOf(
    how: PageField,
    def: GraphQLField<unknown, unknown>,
    given: unknown,
  ): { fields: string[]; values: Record<string, unknown> } | undefined | null {
    if (given == null) return undefined;
    const type = def.args.find((a) => a.name === 'filter')?.type;
    const target = type && inputClassOf(getNamedType(type).name);
    if (!target || !isInputObjectType(getNamedType(type))) return null;
    if (!passesValidation(Object.assign(Object.create(target.prototype), given))) return null;
    // A filter that names the parent field itself is the resolver's to weigh (another parent: no items).
    const { [how.parentFilter]: parent, ...rest } = toParams(given as Record<string, unknown>);
    if (parent !== undefined) return null;
    const fields = Object.keys(rest).sort();
    if (fields.some((f) => !(f in how.spec.filters))) return null;
    return fields.length ? { fields, values: rest } : undefined;
  }

  private page(how: PageField, def: GraphQLField<unknown, unknown>, fieldNodes: FieldNode[], v: string): Nested | null {
    // Two selections of one page under one response key have the same arguments (GraphQL validation).
    if (fieldNodes.some((f) => f.arguments?.some((a) => mentionsVariable(a.value)))) this.readsVariables = true;
    let args: Record<string, any>;
    try {
      args = getArgumentValues(def, fieldNodes[0], this.info.variableValues);
    } catch {
      return null; // the resolver reports it
    }
    if (args.after != null) return null;
    const filter = this.filterOf(how, def, args.filter);
    if (filter === null) return null;
    const first = (args.first ?? DEFAULT_PAGE_SIZE) as number;
    if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) return null;
    const order = (args.orderBy ?? how.defaultOrder) as { field: string; direction: string };
    const sort = how.spec.order[order.field];
    if (!sort || (order.direction !== 'ASC' && order.direction !== 'DESC')) return null;
    const { nodeType, nodeFields, selected } = connectionNodes(this.info, getNamedType(def.type) as GraphQLObjectType, fieldNodes);
    const counted = named(selected, 'totalCount').length > 0;

    const k = this.key();
    const m = `la${k}`;
    const out = `__la${k}`;
    const pattern = parentPattern(how.spec, how.parentFilter, m, v);
    // The page's filter, if any: its fragments over this page's node and a parameter holding its values.
    const { matches, wheres } = filter
      ? nestedFilterClauses(how.spec, filter.fields, m, this.param(filter.values))
      : { matches: [], wheres: [] };
    const filtered = [
      ...matches.map((x) => ` MATCH ${x}`),
      wheres.length ? ` WHERE ${wheres.map((w) => `(${w})`).join(' AND ')}` : '',
    ].join('');
    const limit = this.param(neo4j.int(first + 1));
    const child = this.node(nodeType, nodeFields, m, { sortedBy: sort });
    const dir = order.direction;
    const entries = [
      `${out}: COLLECT { MATCH ${pattern}${filtered} WITH ${m} ORDER BY ${m}.${sort.property} ${dir}, ${m}.id ${dir} LIMIT ${limit} RETURN ${child.cypher} }`,
      ...(counted ? [`${out}_total: COUNT { MATCH ${pattern}${filtered} }`] : []),
    ];
    return {
      cypher: entries.join(', '),
      take: (row): PageAhead => {
        const rows = (row[out] ?? []) as Row[];
        const total = counted ? (row[`${out}_total`] as number) : undefined;
        delete row[out];
        delete row[`${out}_total`];
        rows.forEach(child.attach);
        return { page: { nodes: rows.slice(0, first), hasNextPage: rows.length > first }, total };
      },
    };
  }
}

/** Whether a value in the document refers to a variable. */
function mentionsVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(mentionsVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((f) => mentionsVariable(f.value));
  return false;
}

interface Plan {
  planned: Planned;
  params: Record<string, unknown>;
}

/** Plans that depend on their document alone, by the root field's node in the (cached) document, then by variant. */
let plans = new WeakMap<FieldNode, Map<string, Plan>>();

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
