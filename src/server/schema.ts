import 'reflect-metadata';
import { GraphQLObjectType, GraphQLSchema, isInterfaceType, isUnionType, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { typeOfNode } from '../common/union';
import { validateArgument } from '../common/validation';
import { authChecker } from '../graphql/access';
import { MODULES } from '../modules';

/** The resolvers of every module (modules/index.ts). */
export const RESOLVERS = MODULES.flatMap((m) => m.resolvers) as [Function, ...Function[]];

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once from the decorated classes. */
export function buildRapportSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    // Every @Subscription here brings its own `subscribe` (the event bus travels in the context,
    // one per server), but type-graphql insists on a global pubSub: one that is never used.
    pubSub: {
      publish: () => {
        throw new Error("Publish through the EventBus, not type-graphql's pubSub.");
      },
      subscribe: () => {
        throw new Error("Subscribe through the EventBus, not type-graphql's pubSub.");
      },
    },
    // Every argument goes through validateArgument (an argument's own validateFn goes first).
    validateFn: validateArgument,
  })
    .then(describeRoots)
    .then(unionsResolvedAtOnce);
  return built;
}

/**
 * type-graphql wraps every union's and interface's `resolveType` in an async function. The compiled
 * executor (graphql-jit) needs the member's type at once, not a promise of it. Every union and
 * interface (Node) of this API tells it from the node's label, so each gets `typeOfNode` itself,
 * whatever its declaration says: one that needed another rule would have to be handled here.
 */
function unionsResolvedAtOnce(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) if (isUnionType(type) || isInterfaceType(type)) type.resolveType = typeOfNode;
  return schema;
}

/** type-graphql leaves the root types undescribed; the API's front door deserves a sentence. */
function describeRoots(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  const describe = (type: GraphQLObjectType | null | undefined, description: string) =>
    type ? new GraphQLObjectType({ ...type.toConfig(), description }) : undefined;
  const query = describe(config.query, 'Reads of the customer knowledge graph. Every field needs a bearer token.');
  const subscription = describe(
    config.subscription,
    'Live knowledge over WebSocket (graphql-ws, protocol graphql-transport-ws, at /graphql): events arrive after their transaction commits. ' +
      'Send the bearer token as connectionParams.authorization.',
  );
  const mutation = describe(
    config.mutation,
    'Changes to the customer knowledge graph. Each runs in one transaction: it happens whole or not at all. Every field needs a bearer token.',
  );
  return new GraphQLSchema({
    ...config,
    query,
    mutation,
    subscription,
    types: config.types.filter((t) => t !== config.query && t !== config.mutation && t !== config.subscription),
  });
}

/** The SDL committed at schema/schema.graphql (sorted, so diffs are stable). */
export async function printRapportSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await buildRapportSchema())) + '\n';
}
