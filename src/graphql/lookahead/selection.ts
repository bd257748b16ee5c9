import { getNamedType, Kind, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { type SortKind } from '../../db/list-query';

/** Walking a request's selection: the fields under a node (fragments and aliases resolved), a connection's nodes. */

/** The property a page is sorted by, and its kind. */
export type SortedBy = { property: string; kind: SortKind };

/** The field nodes named `name` (under any alias) in a {@link subfields} map. */
export const named = (fields: Map<string, FieldNode[]>, name: string): FieldNode[] =>
  [...fields.values()].flat().filter((f) => f.name.value === name);

/** The selected fields of some field nodes, by response key, fragments flattened. */
export function subfields(info: Pick<GraphQLResolveInfo, 'fragments'>, nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
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
export function connectionNodes(
  info: Pick<GraphQLResolveInfo, 'fragments'>,
  connection: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
) {
  const edge = getNamedType(connection.getFields().edges.type) as GraphQLObjectType;
  const selected = subfields(info, fieldNodes);
  return {
    nodeType: getNamedType(edge.getFields().node.type) as GraphQLObjectType,
    nodeFields: named(subfields(info, named(selected, 'edges')), 'node'),
    selected,
  };
}
