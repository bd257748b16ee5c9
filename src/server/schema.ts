import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
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
  });
  return built;
}

/** The SDL committed at schema/schema.graphql (sorted, so diffs are stable). */
export async function printRapportSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await buildRapportSchema())) + '\n';
}
