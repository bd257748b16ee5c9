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
  type ValueNode,
} from 'graphql';
import neo4j from 'neo4j-driver';
import { getMetadataStorage, GraphQLISODateTime } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, toParams } from '../../common/connection';
import { passesValidation } from '../../common/validation';
import type { Row } from '../../db/graph';
import { nestedFilterClauses, parentPattern, type PageResult } from '../../db/list-query';
import { hintOf } from './decorators';
import { type PageField, type RelatedField, type Wrapped } from './hints';
import { connectionNodes, named, subfields, type SortedBy } from './selection';

/** The planner: one Cypher map projection for a node and what is looked ahead beneath it. */

/** A nested page fetched ahead: its nodes, and its total when `totalCount` was selected. */
export interface PageAhead {
  page: PageResult;
  total?: number;
}

export interface Planned {
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
export function prototypeOf(typeName: string): object | undefined {
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
export class Planner {
  readonly params: Record<string, unknown> = {};
  /** True once a page's arguments named a variable: the plan then depends on the request, not only on the document. */
  readsVariables = false;
  private next = 0;

  constructor(private readonly info: Pick<GraphQLResolveInfo, 'fragments' | 'variableValues'>) {}

  /**
   * `variable`'s properties that the selected fields read, and the looked-ahead fields beneath it.
   * `extra`: more entries of the map; `sortedBy`: the property a page of these nodes is sorted by;
   * `idOptional`: the node's id may be left out when no selected field reads anything but its own
   * property (a related node's `{ name }`): every string the driver decodes costs CPU time.
   */
  node(
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    variable: string,
    { extra = '', sortedBy, idOptional = false }: { extra?: string; sortedBy?: SortedBy; idOptional?: boolean } = {},
  ): Planned {
    const entries: string[] = [];
    const attachers: ((row: Row, into: Record<string, unknown>) => void)[] = [];
    const fields = type.getFields();
    const properties = new Set<string>(sortedBy ? ['id', sortedBy.property] : ['id']);
    // Date-times come as epoch milliseconds (decoding Neo4j's date-time values costs the driver
    // far more) and become Dates again in `attach`: the sort property of a date-time order, and
    // fields of the DateTimeISO type that read their own property.
    const datetimes = new Set<string>(sortedBy?.kind === 'datetime' ? [sortedBy.property] : []);
    let everything = false;
    let idNeeded = !idOptional;
    for (const [responseKey, fieldNodes] of subfields(this.info, nodes)) {
      const name = fieldNodes[0].name.value;
      if (name === 'id') idNeeded = true;
      if (name === 'id' || name === '__typename') continue;
      const def = fields[name];
      // A field without a hint (a test forbids it) makes the node read all its properties: slower, never wrong.
      const hint = hintOf(def);
      const needs = hint?.reads;
      if (needs) needs.forEach((p) => properties.add(p));
      else everything = true;
      const ownProperty = needs?.length === 1 && needs[0] === name;
      // Fields that read nothing but the id (relations, nested lists) and the resolvers they fall back on need it.
      if (!ownProperty) idNeeded = true;
      if (def && ownProperty && getNamedType(def.type) === GraphQLISODateTime) datetimes.add(name);
      const how = hint?.nested;
      if (!how || !def) continue;
      const planned = how.kind === 'related' ? this.related(how, def, fieldNodes, variable) : this.page(how, def, fieldNodes, variable);
      if (!planned) continue;
      entries.push(planned.cypher);
      attachers.push((row, into) => (into[responseKey] = planned.take(row)));
    }
    if (!idNeeded && properties.size > 1) properties.delete('id');
    const own = everything
      ? '.*'
      : [...properties].map((p) => (datetimes.has(p) ? `${p}: ${variable}.${p}.epochMillis` : `.${p}`)).join(', ');
    const millis = everything ? [] : [...datetimes];
    const prototype = prototypeOf(type.name);
    return {
      cypher: `${variable} {${own}${extra}${entries.map((e) => `, ${e}`).join('')}}`,
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

  private related(how: RelatedField, def: GraphQLField<unknown, unknown>, fieldNodes: FieldNode[], parent: string): Nested | null {
    const type = getNamedType(def.type);
    if (!isObjectType(type)) return null; // the resolver loads it
    const { rel } = how;
    const k = this.key();
    const item = `la${k}`;
    const link = `r${k}`;
    const out = `__la${k}`;
    const arrow = rel.direction === 'OUT' ? `-[${link}:${rel.type}]->` : `<-[${link}:${rel.type}]-`;
    const child = how.wrapped
      ? this.wrapped(how.wrapped, type, fieldNodes, item, link)
      : this.node(type, fieldNodes, item, { idOptional: true });
    return {
      cypher: `${out}: COLLECT { MATCH (${parent})${arrow}(${item}:${rel.toLabels[0]}) WITH ${item}, ${link} ORDER BY ${item}.${rel.orderBy}, ${item}.id RETURN ${child.cypher} }`,
      take: (row) => {
        const rows = (row[out] ?? []) as Row[];
        delete row[out];
        rows.forEach(child.attach);
        return rows;
      },
    };
  }

  /** The node of a wrapped relation, with the relationship's properties as `__rel` (date-times as Dates again on arrival). */
  private wrapped(w: Wrapped, type: GraphQLObjectType, fieldNodes: FieldNode[], item: string, link: string): Planned {
    const rel = [...w.relProperties.map((p) => `${p}: ${link}.${p}`), ...w.relDatetimes.map((p) => `${p}: ${link}.${p}.epochMillis`)];
    const nodeType = getNamedType(type.getFields()[w.nodeField].type) as GraphQLObjectType;
    const nodeFields = named(subfields(this.info, fieldNodes), w.nodeField);
    const child = this.node(nodeType, nodeFields, item, {
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

  private page(how: PageField, def: GraphQLField<unknown, unknown>, fieldNodes: FieldNode[], parent: string): Nested | null {
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
    // A nullable sort (items without a value last in both directions) is left to the list's own statement.
    if (!sort || sort.nullable || (order.direction !== 'ASC' && order.direction !== 'DESC')) return null;
    const { nodeType, nodeFields, selected } = connectionNodes(this.info, getNamedType(def.type) as GraphQLObjectType, fieldNodes);
    const counted = named(selected, 'totalCount').length > 0;

    const k = this.key();
    const item = `la${k}`;
    const out = `__la${k}`;
    const pattern = parentPattern(how.spec, how.parentFilter, item, parent);
    // The page's filter, if any: its fragments over this page's node and a parameter holding its values.
    const filtered = filter
      ? nestedFilterClauses(how.spec, filter.fields, item, this.param(filter.values))
          .map((clause) => ` ${clause}`)
          .join('')
      : '';
    const limit = this.param(neo4j.int(first + 1));
    const child = this.node(nodeType, nodeFields, item, { sortedBy: sort });
    const dir = order.direction;
    const entries = [
      `${out}: COLLECT { MATCH ${pattern}${filtered} WITH ${item} ORDER BY ${item}.${sort.property} ${dir}, ${item}.id ${dir} LIMIT ${limit} RETURN ${child.cypher} }`,
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
