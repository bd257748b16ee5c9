import { Field, ID, InterfaceType } from 'type-graphql';
import { typeOfNode } from '../common/union';

/**
 * Global object identification (the Relay convention): every record of the knowledge graph that a
 * client may want to fetch again by its id alone implements `Node`, and `node(id:)` / `nodes(ids:)`
 * find it whatever its type. The ids are the records' own: UUIDs made by the server, unique across
 * every type, so they need no type prefix (docs/front-end.md).
 */
@InterfaceType('Node', {
  description:
    'A record that can be fetched again by its id alone, whatever its type, with `node(id:)` or `nodes(ids:)` (Relay global object identification). ' +
    'Ids are unique across every type.',
  resolveType: typeOfNode,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque unique id, unique across every type of record.' })
  id!: string;
}
