import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Resolver, Root, Args } from 'type-graphql';
import { HISTORY_DESCRIPTION, HistoryArgs, historyOf } from '../history/history.resolver';
import { RecordChangeConnection } from '../history/history.type';
import { AccessRole } from '../../server/auth';
import { caller, type Context } from '../../server/context';
import { ahead } from '../../server/lookahead';
import { Employee } from '../employee/employee.type';
import { Insight } from '../insight/insight.type';
import { AnnotateInsightInput, Annotation } from './annotation.type';

@Resolver(() => Annotation)
export class AnnotationResolver {
  @FieldResolver(() => RecordChangeConnection, { description: HISTORY_DESCRIPTION })
  history(@Root() a: Annotation, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: Context) {
    return historyOf(ctx, a.id, args);
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => Annotation, { description: 'Comments on, endorses or challenges an insight. The author is the caller. Needs ANALYST or ADMIN.' })
  annotateInsight(@Arg('input', { description: 'What to do; see AnnotateInsightInput for each field, its limits and default.' }) input: AnnotateInsightInput, @Ctx() ctx: Context) {
    return ctx.services.annotation.annotate(input, caller(ctx));
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'Who wrote it; null if that employee was removed.' })
  async author(@Root() a: Annotation, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return (ahead<Employee[]>(a, info) ?? (await ctx.loaders.annotation.author.load(a.id)))[0] ?? null;
  }

  @FieldResolver(() => Insight, { description: 'The insight it is on.' })
  async insight(@Root() a: Annotation, @Ctx() ctx: Context) {
    return (await ctx.loaders.annotation.insight.load(a.id))[0];
  }
}
