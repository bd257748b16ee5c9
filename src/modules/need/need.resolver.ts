import type { GraphQLResolveInfo } from 'graphql';
import { stillThere } from '../../common/errors';
import { needRaisedFilter } from './need.events';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { HISTORY_DESCRIPTION, HistoryArgs, historyOf } from '../history/history.resolver';
import { RecordChangeConnection } from '../history/history.type';
import { VERSION_DESCRIPTION, versionOf } from '../history/version';
import { AFTER_CURSOR_DESCRIPTION, Topics, type Delivered } from '../../realtime/topics';
import { Customer } from '../customer/customer.type';
import { Employee } from '../employee/employee.type';
import { countDescription, pageRequest } from '../../common/connection';
import { survivorOfMerged } from '../merge/merge.resolver';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { CUSTOMER_DEFAULT_ORDER, CustomerListArgs } from '../customer/customer.args';
import { CustomerConnection } from '../customer/customer.type';
import { INSIGHT_DEFAULT_ORDER, InsightListArgs } from '../insight/insight.args';
import { InsightConnection } from '../insight/insight.type';
import { INTERACTION_DEFAULT_ORDER, InteractionListArgs } from '../interaction/interaction.args';
import { InteractionConnection } from '../interaction/interaction.type';
import { Topic } from '../topic/topic.type';
import { NEED_DEFAULT_ORDER, NeedListArgs } from './need.args';
import { LinkNeedInput, Need, NeedConnection, NeedRaisedEvent, RaiseNeedInput, UnlinkNeedInput, UpdateNeedInput } from './need.type';
import { Reads, ReadsItself } from '../../graphql/lookahead';

const WRITERS = [AccessRole.ANALYST, AccessRole.ADMIN];

@Resolver(() => Need)
export class NeedResolver {
  @Reads()
  @FieldResolver(() => RecordChangeConnection, { description: HISTORY_DESCRIPTION })
  history(@Root() n: Need, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: Context) {
    return historyOf(ctx, n.id, args);
  }

  @ReadsItself()
  @FieldResolver(() => Int, { description: VERSION_DESCRIPTION })
  version(@Root() n: Need): number {
    return versionOf(n);
  }

  @Authorized()
  @Query(() => Need, {
    nullable: true,
    description:
      'One need by id; null when there is none. The id of a need merged into another (mergeNeeds) gives the one it was merged into, which stands for it now (its `id` differs from the one asked for).',
  })
  async need(@Arg('id', () => ID, { description: 'The need id.' }) id: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return (await ctx.loaders.need.byId.load(id)) ?? survivorOfMerged(ctx, info, 'Need', id);
  }

  @Authorized()
  @Query(() => NeedConnection, { description: 'Needs, filtered and paginated. Default order: newest first.' })
  needs(@Args(() => NeedListArgs) args: NeedListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.need.list.connection(pageRequest(args, { ...args.filter }, NEED_DEFAULT_ORDER));
  }

  @Authorized(WRITERS)
  @Mutation(() => Need, { description: 'Records a new need of a customer (status OPEN). Needs ANALYST or ADMIN.' })
  raiseNeed(
    @Arg('input', { description: 'What to do; see RaiseNeedInput for each field, its limits and default.' }) input: RaiseNeedInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.need.raise(input, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Need, {
    description: 'Links an existing need to another customer and/or the interaction that expressed it. Needs ANALYST or ADMIN.',
  })
  linkNeed(
    @Arg('input', { description: 'What to do; see LinkNeedInput for each field, its limits and default.' }) input: LinkNeedInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.need.link(input, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Customer, {
    description:
      'A customer no longer holds a need: removes the link (the need, and the interactions in which they expressed it, stay) and returns ' +
      "the customer. What the link held (intensity, since) is kept in the customer's `history` (UNLINKED). Unknown customer: NOT_FOUND; " +
      'unknown need, or one the customer does not hold: BAD_USER_INPUT; an erased customer: CONFLICT. Needs ANALYST or ADMIN.',
  })
  unlinkNeed(
    @Arg('input', { description: 'What to do; see UnlinkNeedInput for each field.' }) input: UnlinkNeedInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.need.unlink(input, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Need, {
    description:
      'Changes a need (title, description, kind, priority, status). With expectedVersion, a stale version is a CONFLICT naming the current one. ' +
      'What it replaced is kept in its `history`. Unknown id: NOT_FOUND. Needs ANALYST or ADMIN.',
  })
  updateNeed(
    @Arg('input', { description: 'What to do; see UpdateNeedInput for each field, its limits and default.' }) input: UpdateNeedInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.need.update(input, caller(ctx));
  }

  @Authorized()
  @Subscription(() => NeedRaisedEvent, {
    description:
      'Every need raised from now on, and every existing need a customer comes to hold (linked to them, or expressed in an interaction with them). Filters apply on the server.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      return ctx.events.subscribe(
        Topics.NEED_RAISED,
        needRaisedFilter({ customerId: args.customerId }),
        () => ctx.onSubscriberOverflow?.(),
        args.after as string | null | undefined,
      );
    },
  })
  needRaised(
    @Root() p: Delivered<typeof Topics.NEED_RAISED>,
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | undefined,
    @Arg('customerId', () => ID, { nullable: true, description: 'Only needs of this customer.' }) _customerId?: string,
  ): NeedRaisedEvent {
    ctx.useEventLoaders(p);
    return { cursor: p.cursor, at: new Date(p.at), needId: p.needId, customerId: p.customerId, actorId: p.actorId };
  }

  @Reads()
  @FieldResolver(() => Int, { description: countDescription('customers have this need', 'customers') })
  customerCount(@Root() n: Need, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.customer.list.count(pageRequest({}, {}, CUSTOMER_DEFAULT_ORDER, { hasNeedId: n.id }));
  }

  @Reads()
  @FieldResolver(() => Int, { description: countDescription('interactions expressed it', 'interactions') })
  interactionCount(@Root() n: Need, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.interaction.list.count(pageRequest({}, {}, INTERACTION_DEFAULT_ORDER, { needId: n.id }));
  }

  @Reads()
  @FieldResolver(() => CustomerConnection, { description: 'Customers who have this need. Default order: by name.' })
  customers(@Root() n: Need, @Args(() => CustomerListArgs) args: CustomerListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.customer.list.connection(pageRequest(args, { ...args.filter }, CUSTOMER_DEFAULT_ORDER, { hasNeedId: n.id }));
  }

  @Reads()
  @FieldResolver(() => InteractionConnection, { description: 'Interactions in which it was expressed. Default order: newest first.' })
  interactions(@Root() n: Need, @Args(() => InteractionListArgs) args: InteractionListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.interaction.list.connection(pageRequest(args, { ...args.filter }, INTERACTION_DEFAULT_ORDER, { needId: n.id }));
  }

  @Reads()
  @FieldResolver(() => InsightConnection, { description: 'Insights about this need. Default order: newest first.' })
  insights(@Root() n: Need, @Args(() => InsightListArgs) args: InsightListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.insight.list.connection(pageRequest(args, { ...args.filter }, INSIGHT_DEFAULT_ORDER, { aboutNeedId: n.id }));
  }

  @Reads()
  @FieldResolver(() => [Topic], { description: 'Its topics, by name.' })
  topics(@Root() n: Need, @Ctx() ctx: Context) {
    return ctx.loaders.need.topics.load(n.id);
  }
}

@Resolver(() => NeedRaisedEvent)
export class NeedRaisedEventResolver {
  @FieldResolver(() => Need, {
    description:
      'The need, as it is now. A need deleted or merged away before the event reached the subscriber (a replay with `after`) is a NOT_FOUND error for that event.',
  })
  async need(@Root() e: NeedRaisedEvent, @Ctx() ctx: Context) {
    return stillThere('need', e.needId, 'deleted or merged', ctx.loaders.need.byId.load(e.needId));
  }

  @FieldResolver(() => Customer, {
    description:
      'The customer who has it. A customer deleted or merged away before the event reached the subscriber (a replay with `after`) is a NOT_FOUND error for that event.',
  })
  async customer(@Root() e: NeedRaisedEvent, @Ctx() ctx: Context) {
    return stillThere('customer', e.customerId, 'deleted or merged', ctx.loaders.customer.byId.load(e.customerId));
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'Who recorded it.' })
  actor(@Root() e: NeedRaisedEvent, @Ctx() ctx: Context) {
    return ctx.loaders.employee.byId.load(e.actorId);
  }
}
