import type { GraphQLResolveInfo } from 'graphql';
import { insightChangedFilter } from './insight.events';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { AFTER_CURSOR_DESCRIPTION, Topics, type Delivered } from '../../realtime/topics';
import { Annotation } from '../annotation/annotation.type';
import { checkFirst, countDescription, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageRequest } from '../../common/connection';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { ahead, Ahead, loadNode, page, type PageAhead, pageProjection, Reads, related } from '../../graphql/lookahead';
import { AnnotationListArgs, ANNOTATION_DEFAULT_ORDER } from '../annotation/annotation.args';
import { AnnotationConnection } from '../annotation/annotation.type';
import { Employee } from '../employee/employee.type';
import { Interaction } from '../interaction/interaction.type';
import { Topic } from '../topic/topic.type';
import { INSIGHT_DEFAULT_ORDER, InsightListArgs } from './insight.args';
import {
  ChangeInsightStatusInput,
  Insight,
  InsightChange,
  InsightChangeKind,
  InsightConnection,
  InsightStatus,
  InsightSubject,
  InsightVersion,
  LinkEvidenceInput,
  ProposeInsightInput,
  ReviseInsightInput,
} from './insight.type';
import { insightRelations } from './insight.repository';
import { annotationList } from '../annotation/annotation.repository';

const WRITERS = [AccessRole.ANALYST, AccessRole.ADMIN];

@Resolver(() => Insight)
export class InsightResolver {
  @Authorized()
  @Query(() => Insight, { nullable: true, description: 'One insight by id; null when there is none.' })
  insight(@Arg('id', () => ID, { description: 'The insight id.' }) id: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return loadNode(ctx, info, 'Insight', ctx.loaders.insight.byId, id);
  }

  @Authorized()
  @Query(() => InsightConnection, { description: 'Insights, filtered and paginated. Default order: newest first.' })
  insights(@Args(() => InsightListArgs) args: InsightListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.insight.list.connection(pageRequest(args, { ...args.filter }, INSIGHT_DEFAULT_ORDER), {
      projection: pageProjection(ctx, info),
    });
  }

  @Authorized(WRITERS)
  @Mutation(() => Insight, {
    description:
      'Proposes a new insight (status PROPOSED, or DRAFT with `draft: true`, version 1) about customers, needs or segments, ' +
      'with its evidence and topics. The author is the caller. Needs ANALYST or ADMIN.',
  })
  proposeInsight(
    @Arg('input', { description: 'What to do; see ProposeInsightInput for each field, its limits and default.' })
    input: ProposeInsightInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.insight.propose(input, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Insight, {
    description:
      'Writes a new version of an insight (version + 1). `expectedVersion` must be the current version, else CONFLICT and nothing changes. ' +
      'Only its author or an ADMIN. A VALIDATED or REFUTED insight goes back to PROPOSED.',
  })
  reviseInsight(
    @Arg('input', { description: 'What to do; see ReviseInsightInput for each field, its limits and default.' }) input: ReviseInsightInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.insight.revise(input, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Insight, { description: 'Puts a DRAFT insight up for review (DRAFT -> PROPOSED). Only its author or an ADMIN.' })
  submitInsight(
    @Arg('input', { description: 'What to do; see ChangeInsightStatusInput for each field, its limits and default.' })
    input: ChangeInsightStatusInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.insight.changeStatus(input, InsightStatus.PROPOSED, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Insight, {
    description:
      'Confirms a PROPOSED insight (-> VALIDATED). Four eyes: not by its author, nor by anyone who revised it. Needs ANALYST or ADMIN.',
  })
  validateInsight(
    @Arg('input', { description: 'What to do; see ChangeInsightStatusInput for each field, its limits and default.' })
    input: ChangeInsightStatusInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.insight.changeStatus(input, InsightStatus.VALIDATED, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Insight, {
    description:
      'Rejects a PROPOSED or VALIDATED insight (-> REFUTED). Four eyes: not by its author, nor by anyone who revised it. Needs ANALYST or ADMIN.',
  })
  refuteInsight(
    @Arg('input', { description: 'What to do; see ChangeInsightStatusInput for each field, its limits and default.' })
    input: ChangeInsightStatusInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.insight.changeStatus(input, InsightStatus.REFUTED, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Insight, { description: 'Retires an insight (any status but ARCHIVED -> ARCHIVED; final). Only its author or an ADMIN.' })
  archiveInsight(
    @Arg('input', { description: 'What to do; see ChangeInsightStatusInput for each field, its limits and default.' })
    input: ChangeInsightStatusInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.insight.changeStatus(input, InsightStatus.ARCHIVED, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Insight, {
    description: 'Adds interactions as evidence of an insight (existing links are kept once). Needs ANALYST or ADMIN.',
  })
  linkEvidence(
    @Arg('input', { description: 'What to do; see LinkEvidenceInput for each field, its limits and default.' }) input: LinkEvidenceInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.insight.linkEvidence(input, caller(ctx));
  }

  @Authorized()
  @Subscription(() => InsightChange, {
    description:
      'Every committed change to an insight from now on: proposed, revised, validated, refuted, archived, annotated, evidence linked. ' +
      'Each argument given narrows the stream (AND), judged on the insight as the change left it. Filters apply on the server.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      return ctx.events.subscribe(
        Topics.INSIGHT_CHANGED,
        insightChangedFilter({ customerId: args.customerId, needId: args.needId, topic: args.topic, kinds: args.kinds }),
        () => ctx.onSubscriberOverflow?.(),
        args.after as string | null | undefined,
      );
    },
  })
  insightChanged(
    @Root() p: Delivered<typeof Topics.INSIGHT_CHANGED>,
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | undefined,
    @Arg('customerId', () => ID, { nullable: true, description: 'Only insights about this customer.' }) _customerId?: string,
    @Arg('needId', () => ID, { nullable: true, description: 'Only insights about this need.' }) _needId?: string,
    @Arg('topic', () => String, { nullable: true, description: 'Only insights tagged with this topic (name, case-insensitive).' })
    _topic?: string,
    @Arg('kinds', () => [InsightChangeKind], { nullable: true, description: 'Only these kinds of change.' }) _kinds?: InsightChangeKind[],
  ): InsightChange {
    ctx.useEventLoaders(p);
    return {
      cursor: p.cursor,
      kind: p.kind as InsightChangeKind,
      at: new Date(p.at),
      insightId: p.insightId,
      actorId: p.actorId,
      annotationId: p.annotationId,
    };
  }

  @Ahead(related(insightRelations.author))
  @FieldResolver(() => Employee, { nullable: true, description: 'Who wrote it; null if that employee was removed.' })
  async author(@Root() i: Insight, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return (ahead<Employee[]>(i, info) ?? (await ctx.loaders.insight.author.load(i.id)))[0] ?? null;
  }

  @Reads()
  @FieldResolver(() => [Employee], {
    description:
      'The people who revised its text, in the order they first did; a miner is no one. Like its author, they may not ' +
      'validate or refute it (four eyes). Employees removed since are left out.',
  })
  async revisers(@Root() i: Insight, @Ctx() ctx: Context): Promise<Employee[]> {
    const found = await ctx.loaders.employee.byId.loadMany(await ctx.loaders.insight.revisers.load(i.id));
    return found.filter((e): e is Employee => {
      if (e instanceof Error) throw e;
      return e !== null;
    });
  }

  @Reads()
  @FieldResolver(() => [InsightSubject], { description: 'What it is about: customers, needs and segments.' })
  subjects(@Root() i: Insight, @Ctx() ctx: Context) {
    return ctx.loaders.insight.subjects.load(i.id);
  }

  @Reads()
  @FieldResolver(() => [Interaction], { description: 'The interactions it was learned from, oldest first.' })
  evidence(@Root() i: Insight, @Ctx() ctx: Context) {
    return ctx.loaders.insight.evidence.load(i.id);
  }

  @Reads()
  @FieldResolver(() => Int, { description: countDescription('annotations it has', 'annotations') })
  annotationCount(@Root() i: Insight, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.annotation.list.count(pageRequest({}, {}, ANNOTATION_DEFAULT_ORDER, { insightId: i.id }));
  }

  @Ahead(page(annotationList, 'insightId', ANNOTATION_DEFAULT_ORDER))
  @FieldResolver(() => AnnotationConnection, { description: 'Comments, endorsements and challenges on it. Default order: oldest first.' })
  annotations(
    @Root() i: Insight,
    @Args(() => AnnotationListArgs) args: AnnotationListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ctx.loaders.annotation.list.connection(pageRequest(args, { ...args.filter }, ANNOTATION_DEFAULT_ORDER, { insightId: i.id }), {
      ahead: ahead<PageAhead>(i, info),
    });
  }

  @Reads()
  @FieldResolver(() => [Topic], { description: 'Its topics, by name.' })
  topics(@Root() i: Insight, @Ctx() ctx: Context) {
    return ctx.loaders.insight.topics.load(i.id);
  }

  @Reads()
  @FieldResolver(() => Insight, { nullable: true, description: 'The older insight this one replaced; null when none.' })
  async supersedes(@Root() i: Insight, @Ctx() ctx: Context) {
    return (await ctx.loaders.insight.supersedes.load(i.id))[0] ?? null;
  }

  @Reads()
  @FieldResolver(() => Insight, { nullable: true, description: 'The newer insight that replaced this one; null when none.' })
  async supersededBy(@Root() i: Insight, @Ctx() ctx: Context) {
    return (await ctx.loaders.insight.supersededBy.load(i.id))[0] ?? null;
  }

  @Authorized()
  // The current version heads the history, from the insight as it is.
  @Reads('version', 'title', 'body', 'confidence', 'status', 'validUntil', 'createdAt', 'updatedAt')
  @FieldResolver(() => [InsightVersion], {
    description:
      'Its versions, newest first: the current one (`current: true`), then the earlier ones kept when a change replaced them, ' +
      'each with who wrote it and what change made it. Versions that were not kept are absent: those written before ' +
      'histories were kept, and those an erasure deleted.',
  })
  async history(
    @Root() i: Insight,
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: DEFAULT_PAGE_SIZE,
      description: `How many versions, the current one included: 0 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}.`,
    })
    first: number,
    @Ctx() ctx: Context,
  ): Promise<InsightVersion[]> {
    const n = checkFirst(first);
    return n === 0 ? [] : ctx.loaders.insight.history.load({ insight: i, first: n });
  }
}

@Resolver(() => InsightChange)
export class InsightChangeResolver {
  @FieldResolver(() => Insight, { description: 'The insight, as it is now.' })
  insight(@Root() e: InsightChange, @Ctx() ctx: Context) {
    return ctx.loaders.insight.byId.load(e.insightId);
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'Who made the change.' })
  actor(@Root() e: InsightChange, @Ctx() ctx: Context) {
    return ctx.loaders.employee.byId.load(e.actorId);
  }

  @FieldResolver(() => Annotation, { nullable: true, description: 'For ANNOTATED: the new annotation; null otherwise.' })
  annotation(@Root() e: InsightChange, @Ctx() ctx: Context) {
    return e.annotationId ? ctx.loaders.annotation.byId.load(e.annotationId) : null;
  }
}
