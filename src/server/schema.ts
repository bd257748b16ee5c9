import 'reflect-metadata';
import {
  getNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isInterfaceType,
  isLeafType,
  isObjectType,
  isUnionType,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
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
    .then(unionsResolvedAtOnce)
    .then(plainFieldsReadDirectly);
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

/**
 * A plain field of a record (a scalar or enum property of a type that implements Node, with no
 * resolver method, no `@Authorized` and no middleware) gets no resolver: graphql-jit then reads the property inline in the compiled
 * operation. type-graphql gave each one a resolver that only returned `root[name]`, and graphql-jit
 * calls a field with a resolver through its deferred path (resolve info, promise checks): a page of
 * 50 customers made hundreds of such calls per request. graphql-js reads such a field with its
 * default resolver, which does the same. Fields with roles (personal data) or middleware keep
 * type-graphql's resolver, and with it their checks (test/unit/plain-fields.test.ts; the consent and hostile suites
 * check that a VIEWER still gets FORBIDDEN for them).
 */
export function plainFieldsReadDirectly(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    // Records of the graph only: their properties are values read from Neo4j. Other types may hold
    // promises (a connection counts its totalCount lazily), which graphql-jit does not await inline.
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const interfaces = storage.interfaceTypes.filter((i) => objectType.interfaceClasses?.includes(i.target));
    // As type-graphql builds the fields: the interfaces' first, the type's own after (and over) them.
    const declared = [...interfaces.flatMap((i) => i.fields ?? []), ...(objectType.fields ?? [])];
    for (const [name, field] of Object.entries(type.getFields())) {
      const metadata = declared.filter((f) => f.schemaName === name).at(-1);
      if (!metadata || !field.resolve || !isLeafType(getNamedType(field.type))) continue;
      const plain =
        metadata.name === metadata.schemaName &&
        metadata.roles === undefined &&
        !metadata.middlewares?.length &&
        !metadata.params?.length &&
        !storage.fieldResolvers.some(
          (r) => r.methodName === metadata.name && [metadata.target, objectType.target].includes(r.getObjectType?.() as Function),
        );
      if (plain) field.resolve = undefined;
    }
  }
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
