import type { Reader } from '../../db/read-batcher';
import type { ModuleDefinition } from '../module';
import { nodeLabelLoader, NodeResolver } from './node.resolver';

/** Its DataLoaders, made for every request. */
const loaders = (reader: Reader) => ({ label: nodeLabelLoader(reader) });

/** Global object identification: `node(id:)` and `nodes(ids:)` find any record by its id (graphql/node.ts has the Node interface). */
export const nodeModule: ModuleDefinition<'node', undefined, ReturnType<typeof loaders>> = {
  name: 'node',
  resolvers: [NodeResolver],
  loaders,
};
