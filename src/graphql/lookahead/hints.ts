import { type OrderDirection } from '../../common/connection';
import { nestedFilterClauses, parentPattern, type ListSpec, type RelationSpec } from '../../db/list-query';

/** Look-ahead hints: what the planner may fetch ahead beneath a field, and what each field reads of its node. */

export type AnyListSpec = ListSpec<string, string>;

/**
 * A relation its resolver reads with a `relatedLoader`: the nodes in the same order, with `__rel`,
 * the relationship's properties, when `wrapped`. Only a relation whose field has an object type is
 * looked ahead, so its nodes need no `__label` (a union would tell its member by it).
 */
export interface RelatedField {
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
export interface PageField {
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

/** The hints the planner follows now. */
export const currentHints = (): LookaheadHints => hints;

/** Sets them (see registerLookaheadHints in index.ts, which also forgets the plans made before). */
export function setHints(given: LookaheadHints): void {
  hints = given;
}
