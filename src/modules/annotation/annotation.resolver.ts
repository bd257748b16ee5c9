import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Int, Mutation, Resolver, Root, Args } from 'type-graphql';
import { HISTORY_DESCRIPTION, HistoryArgs, historyOf } from '../history/history.resolver';
import { RecordChangeConnection } from '../history/history.type';
import { VERSION_DESCRIPTION, versionOf } from '../history/version';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { ahead, Ahead, Reads, ReadsItself, related } from '../../graphql/lookahead';
import { Employee } from '../employee/employee.type';
import { Insight } from '../insight/insight.type';
import { AnnotateInsightInput, Annotation, UpdateAnnotationInput } from './annotation.type';
import { annotationRelations } from './annotation.repository';

@Resolver(() => Annotation)
export class AnnotationResolver {
  @Reads()
  @FieldResolver(() => RecordChangeConnection, { description: HISTORY_DESCRIPTION })
  history(@Root() a: Annotation, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: Context) {
    return historyOf(ctx, a.id, args);
  }

  @ReadsItself()
  @FieldResolver(() => Int, { description: VERSION_DESCRIPTION })
  version(@Root() a: Annotation): number {
    return versionOf(a);
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => Annotation, {
    description: 'Comments on, endorses or challenges an insight. The author is the caller. Needs ANALYST or ADMIN.',
  })
  annotateInsight(
    @Arg('input', { description: 'What to do; see AnnotateInsightInput for each field, its limits and default.' })
    input: AnnotateInsightInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.annotation.annotate(input, caller(ctx));
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => Annotation, {
    description:
      'Corrects an annotation (body, kind): its author only (anyone else, an ADMIN too: FORBIDDEN). Only the fields given change, ' +
      'if expectedVersion is still its version (else CONFLICT naming the current one); what it replaced is kept in its `history`. ' +
      'Unknown id: NOT_FOUND; on an insight about an erased customer: CONFLICT. Needs ANALYST or ADMIN.',
  })
  updateAnnotation(
    @Arg('input', { description: 'What to change; see UpdateAnnotationInput for each field and its limits.' }) input: UpdateAnnotationInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.annotation.update(input, caller(ctx));
  }

  @Ahead(related(annotationRelations.author))
  @FieldResolver(() => Employee, { nullable: true, description: 'Who wrote it; null if that employee was removed.' })
  async author(@Root() a: Annotation, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return (ahead<Employee[]>(a, info) ?? (await ctx.loaders.annotation.author.load(a.id)))[0] ?? null;
  }

  @Reads()
  @FieldResolver(() => Insight, { description: 'The insight it is on.' })
  async insight(@Root() a: Annotation, @Ctx() ctx: Context) {
    return (await ctx.loaders.annotation.insight.load(a.id))[0];
  }
}
