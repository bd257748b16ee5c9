import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { HISTORY_DESCRIPTION, HistoryArgs, historyOf } from '../history/history.resolver';
import { RecordChangeConnection } from '../history/history.type';
import { VERSION_DESCRIPTION, versionOf } from '../history/version';
import { filteredPageArgsOf, OrderDirection, pageRequest } from '../../common/connection';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { INSIGHT_DEFAULT_ORDER, InsightListArgs } from '../insight/insight.args';
import { InsightConnection } from '../insight/insight.type';
import { INTERACTION_DEFAULT_ORDER, InteractionListArgs } from '../interaction/interaction.args';
import { InteractionConnection } from '../interaction/interaction.type';
import { NEED_DEFAULT_ORDER, NeedListArgs } from '../need/need.args';
import { NeedConnection } from '../need/need.type';
import { TaggedItem, TagInput, Topic, TopicConnection, TopicFilter, UntagInput, UpdateTopicInput } from './topic.type';

const TopicListArgs = filteredPageArgsOf(TopicFilter);
type TopicListArgs = InstanceType<typeof TopicListArgs>;
const BY_NAME = { field: 'NAME' as const, direction: OrderDirection.ASC };

@Resolver(() => Topic)
export class TopicResolver {
  @FieldResolver(() => RecordChangeConnection, { description: HISTORY_DESCRIPTION })
  history(@Root() t: Topic, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: Context) {
    return historyOf(ctx, t.id, args);
  }

  @FieldResolver(() => Int, { description: VERSION_DESCRIPTION })
  version(@Root() t: Topic): number {
    return versionOf(t);
  }

  @Authorized()
  @Query(() => TopicConnection, { description: 'The topic taxonomy, by name.' })
  topics(@Args(() => TopicListArgs) args: TopicListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.topic.list.connection(pageRequest(args, { ...args.filter }, BY_NAME));
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => TaggedItem, {
    description:
      'Adds topics to an interaction, need or insight (new topics are created). Unknown target: NOT_FOUND. Needs ANALYST or ADMIN.',
  })
  tag(
    @Arg('input', { description: 'What to do; see TagInput for each field, its limits and default.' }) input: TagInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.topic.tag(input.id, input.topics, caller(ctx));
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => TaggedItem, {
    description:
      'Takes topics off an interaction, need or insight (the reverse of `tag`; the topics stay in the taxonomy). A topic it does not carry: ' +
      'BAD_USER_INPUT. An interaction or need moves its version on and keeps the change in its `history` (UNLINKED). Unknown target: NOT_FOUND; ' +
      'an ARCHIVED insight, or an interaction or need of an erased customer: CONFLICT. Needs ANALYST or ADMIN.',
  })
  untag(
    @Arg('input', { description: 'What to do; see UntagInput for each field and its limits.' }) input: UntagInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.topic.untag(input.id, input.topics, caller(ctx));
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => Topic, {
    description:
      'Renames a topic; everything tagged with it keeps it. The name is stored trimmed and in lower case; a name another topic has is a ' +
      'CONFLICT, as is a stale expectedVersion (naming the current one). What it replaced is kept in its `history`. Unknown id: NOT_FOUND. ' +
      'Needs ANALYST or ADMIN.',
  })
  updateTopic(
    @Arg('input', { description: 'What to change; see UpdateTopicInput for each field and its limits.' }) input: UpdateTopicInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.topic.update(input, caller(ctx));
  }

  @FieldResolver(() => InteractionConnection, { description: 'Interactions with this topic. Default order: newest first.' })
  interactions(@Root() t: Topic, @Args(() => InteractionListArgs) args: InteractionListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.interaction.list.connection(pageRequest(args, { ...args.filter }, INTERACTION_DEFAULT_ORDER, { topic: t.name }));
  }

  @FieldResolver(() => NeedConnection, { description: 'Needs with this topic. Default order: newest first.' })
  needs(@Root() t: Topic, @Args(() => NeedListArgs) args: NeedListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.need.list.connection(pageRequest(args, { ...args.filter }, NEED_DEFAULT_ORDER, { topic: t.name }));
  }

  @FieldResolver(() => InsightConnection, { description: 'Insights with this topic. Default order: newest first.' })
  insights(@Root() t: Topic, @Args(() => InsightListArgs) args: InsightListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.insight.list.connection(pageRequest(args, { ...args.filter }, INSIGHT_DEFAULT_ORDER, { topic: t.name }));
  }
}
