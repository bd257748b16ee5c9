import 'reflect-metadata';
import { GraphQLObjectType, GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AnnotationResolver } from '../modules/annotation/annotation.resolver';
import { CustomerResolver } from '../modules/customer/customer.resolver';
import { EmployeeResolver } from '../modules/employee/employee.resolver';
import { InsightResolver } from '../modules/insight/insight.resolver';
import { InteractionResolver } from '../modules/interaction/interaction.resolver';
import { NeedResolver } from '../modules/need/need.resolver';
import { SegmentResolver } from '../modules/segment/segment.resolver';
import { TopicResolver } from '../modules/topic/topic.resolver';
import { authChecker } from './auth';

export const RESOLVERS = [
  CustomerResolver,
  EmployeeResolver,
  InteractionResolver,
  NeedResolver,
  InsightResolver,
  AnnotationResolver,
  TopicResolver,
  SegmentResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once from the decorated classes. */
export function buildRapportSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    // Skip validators of omitted (undefined or null) optional fields; check everything given.
    validate: { skipMissingProperties: true, forbidUnknownValues: false },
  }).then(describeRoots);
  return built;
}

/** type-graphql leaves the root types undescribed; the API's front door deserves a sentence. */
function describeRoots(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  const describe = (type: GraphQLObjectType | null | undefined, description: string) =>
    type ? new GraphQLObjectType({ ...type.toConfig(), description }) : undefined;
  const query = describe(config.query, 'Reads of the customer knowledge graph. Every field needs a bearer token.');
  const mutation = describe(
    config.mutation,
    'Changes to the customer knowledge graph. Each runs in one transaction: it happens whole or not at all. Every field needs a bearer token.',
  );
  return new GraphQLSchema({
    ...config,
    query,
    mutation,
    types: config.types.filter((t) => t !== config.query && t !== config.mutation),
  });
}

/** The SDL committed at schema/schema.graphql (sorted, so diffs are stable). */
export async function printRapportSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await buildRapportSchema())) + '\n';
}
