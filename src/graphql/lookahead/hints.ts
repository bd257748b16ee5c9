import { type OrderDirection } from '../../common/connection';
import { parentPattern, type ListSpec, type RelationSpec } from '../../db/list-query';

/** How a field may be fetched ahead beneath its node (given on the field with `@Ahead`, see decorators.ts). */

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
  parentPattern(spec, parentFilter, 'item', 'parent'); // fails at start-up when the filter is not a link to the parent
  return { kind: 'page', spec, parentFilter, defaultOrder };
};
