import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, OrderDirection, pageRequest } from '../../common/connection';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { Reads } from '../../graphql/lookahead';
import { AFTER_CURSOR_DESCRIPTION, Topics, type Delivered } from '../../realtime/topics';
import { Annotation } from '../annotation/annotation.type';
import { Employee } from '../employee/employee.type';
import { Insight, InsightConnection } from '../insight/insight.type';
import {
  Inbox,
  InboxCounts,
  InsightRefInput,
  MarkNotificationsReadInput,
  Notification,
  NotificationConnection,
  NotificationReceivedEvent,
} from './inbox.type';

@ArgsType()
class InboxPageArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many items to return, 0 to ${MAX_PAGE_SIZE}. Default (also when null): ${DEFAULT_PAGE_SIZE}.`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return the items after this cursor (an `endCursor` or edge `cursor` of the same list).',
  })
  after?: string;
}

@ArgsType()
class NotificationPageArgs extends InboxPageArgs {
  @Field(() => Boolean, { defaultValue: false, description: 'Only those not marked read yet.' })
  unreadOnly!: boolean;
}

/** The parts of the inbox that list insights: the filter that makes each, and its order. */
const PARTS = {
  awaitingReview: { filter: 'awaitingReviewBy', order: { field: 'CREATED_AT', direction: OrderDirection.ASC } },
  drafts: { filter: 'draftsOf', order: { field: 'UPDATED_AT', direction: OrderDirection.DESC } },
  followedChanges: { filter: 'followedChangedFor', order: { field: 'UPDATED_AT', direction: OrderDirection.DESC } },
  challenges: { filter: 'challengesFor', order: { field: 'UPDATED_AT', direction: OrderDirection.DESC } },
} as const;
type Part = keyof typeof PARTS;

const NOTIFICATION_ORDER = { field: 'CREATED_AT' as const, direction: OrderDirection.DESC };

/** The request of one insight part of `inbox` (none for awaitingReview when the person does not review). */
function partRequest(inbox: Inbox, part: Part, args: InboxPageArgs) {
  const { filter, order } = PARTS[part];
  const req = pageRequest(args, { [filter]: inbox.employeeId }, order);
  return part === 'awaitingReview' && !inbox.reviews ? { ...req, none: true } : req;
}

const notificationsRequest = (inbox: Inbox, args: InboxPageArgs, unreadOnly: boolean) =>
  pageRequest(args, { recipientId: inbox.employeeId, live: true, ...(unreadOnly ? { unread: true } : {}) }, NOTIFICATION_ORDER);

@Resolver(() => Inbox)
export class InboxResolver {
  @Authorized()
  @Query(() => Inbox, {
    description:
      'The signed-in person\'s work queue ("For me"): insights awaiting their review, their drafts, changes in what they follow, ' +
      'challenges to their insights, and their notifications. Only ever their own. Any role (a VIEWER reviews nothing: that list is empty).',
  })
  inbox(@Ctx() ctx: Context): Inbox {
    const user = caller(ctx);
    return { employeeId: user.employeeId, reviews: user.roles.includes(AccessRole.ANALYST) || user.roles.includes(AccessRole.ADMIN) };
  }

  @FieldResolver(() => InsightConnection, {
    description:
      'PROPOSED insights that they neither wrote nor revised (four eyes: theirs to validate or refute), the longest waiting first. ' +
      'Empty for a VIEWER.',
  })
  awaitingReview(@Root() inbox: Inbox, @Args(() => InboxPageArgs) args: InboxPageArgs, @Ctx() ctx: Context) {
    return ctx.loaders.insight.list.connection(partRequest(inbox, 'awaitingReview', args));
  }

  @FieldResolver(() => InsightConnection, { description: 'Their DRAFT insights, the last changed first.' })
  drafts(@Root() inbox: Inbox, @Args(() => InboxPageArgs) args: InboxPageArgs, @Ctx() ctx: Context) {
    return ctx.loaders.insight.list.connection(partRequest(inbox, 'drafts', args));
  }

  @FieldResolver(() => InsightConnection, {
    description:
      'Insights they follow (`followInsight`; and every insight they wrote, revised, reviewed, annotated or were mentioned in) that ' +
      'someone else changed (a new version or status, or an annotation) since they last opened it (`markInsightSeen`). The last changed first.',
  })
  followedChanges(@Root() inbox: Inbox, @Args(() => InboxPageArgs) args: InboxPageArgs, @Ctx() ctx: Context) {
    return ctx.loaders.insight.list.connection(partRequest(inbox, 'followedChanges', args));
  }

  @FieldResolver(() => InsightConnection, {
    description:
      'Their insights (not archived) with a CHALLENGE annotation by someone else made since they last opened it (`markInsightSeen`). ' +
      'The last changed first.',
  })
  challenges(@Root() inbox: Inbox, @Args(() => InboxPageArgs) args: InboxPageArgs, @Ctx() ctx: Context) {
    return ctx.loaders.insight.list.connection(partRequest(inbox, 'challenges', args));
  }

  @FieldResolver(() => NotificationConnection, {
    description: 'Their notifications, newest first (a notification whose annotation or insight was deleted is left out).',
  })
  notifications(@Root() inbox: Inbox, @Args(() => NotificationPageArgs) args: NotificationPageArgs, @Ctx() ctx: Context) {
    return ctx.loaders.inbox.notifications.connection(notificationsRequest(inbox, args, args.unreadOnly));
  }

  @FieldResolver(() => InboxCounts, { description: 'How many items each part holds (every page of it), and their sum.' })
  async counts(@Root() inbox: Inbox, @Ctx() ctx: Context): Promise<InboxCounts> {
    const count = (part: Part) => ctx.loaders.insight.list.count(partRequest(inbox, part, {}));
    const [awaitingReview, drafts, followedChanges, challenges, unreadNotifications] = await Promise.all([
      count('awaitingReview'),
      count('drafts'),
      count('followedChanges'),
      count('challenges'),
      ctx.loaders.inbox.notifications.count(notificationsRequest(inbox, {}, true)),
    ]);
    return {
      awaitingReview,
      drafts,
      followedChanges,
      challenges,
      unreadNotifications,
      total: awaitingReview + drafts + followedChanges + challenges + unreadNotifications,
    };
  }

  @Authorized()
  @Mutation(() => Insight, {
    description:
      'Follows an insight: its changes by others come to `inbox.followedChanges` until you open it (`markInsightSeen`). Following it ' +
      'again changes nothing. Unknown id: NOT_FOUND. Any role.',
  })
  async followInsight(@Arg('input', { description: 'The insight.' }) input: InsightRefInput, @Ctx() ctx: Context) {
    await ctx.services.inbox.follow(input.id, caller(ctx));
    return this.reload(ctx, input.id);
  }

  @Authorized()
  @Mutation(() => Insight, { description: 'Stops following an insight (nothing changes if you did not). Unknown id: NOT_FOUND. Any role.' })
  async unfollowInsight(@Arg('input', { description: 'The insight.' }) input: InsightRefInput, @Ctx() ctx: Context) {
    await ctx.services.inbox.unfollow(input.id, caller(ctx));
    return this.reload(ctx, input.id);
  }

  @Authorized()
  @Mutation(() => Insight, {
    description:
      'Says that you have read the insight as it is now (the workbench calls it when you open one): its changes and challenges so far ' +
      'leave your inbox. Unknown id: NOT_FOUND. Any role.',
  })
  async markInsightSeen(@Arg('input', { description: 'The insight.' }) input: InsightRefInput, @Ctx() ctx: Context) {
    await ctx.services.inbox.markSeen(input.id, caller(ctx));
    return this.reload(ctx, input.id);
  }

  @Authorized()
  @Mutation(() => [Notification], {
    description:
      'Marks notifications of yours read (those read already keep their time); returns them. An id that is not a notification of ' +
      'yours is NOT_FOUND and nothing changes. Any role.',
  })
  async markNotificationsRead(
    @Arg('input', { description: 'The notifications.' }) input: MarkNotificationsReadInput,
    @Ctx() ctx: Context,
  ): Promise<Notification[]> {
    const ids = await ctx.services.inbox.markRead(input.ids, caller(ctx));
    ctx.loaders.inbox.notificationById.clearAll();
    return (await ctx.loaders.inbox.notificationById.loadMany(ids)).filter((n): n is Notification => n != null && !(n instanceof Error));
  }

  @Authorized()
  @Subscription(() => NotificationReceivedEvent, {
    description:
      'Every notification made for the subscriber from now on (a colleague mentioned them), and only theirs. What a header refreshes ' +
      'its inbox counts on. Any role.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const me = caller(ctx).employeeId;
      return ctx.events.subscribe(
        Topics.NOTIFICATION_CREATED,
        (p) => p.employeeId === me,
        () => ctx.onSubscriberOverflow?.(),
        args.after as string | null | undefined,
      );
    },
  })
  notificationReceived(
    @Root() p: Delivered<typeof Topics.NOTIFICATION_CREATED>,
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | undefined,
  ): NotificationReceivedEvent {
    ctx.useEventLoaders(p);
    return { cursor: p.cursor, at: new Date(p.at), notificationId: p.notificationId };
  }

  private async reload(ctx: Context, id: string): Promise<Insight> {
    ctx.loaders.insight.byId.clear(id);
    return (await ctx.loaders.insight.byId.load(id)) as Insight;
  }
}

@Resolver(() => NotificationReceivedEvent)
export class NotificationEventResolver {
  @FieldResolver(() => Notification, { nullable: true, description: 'The notification; null if its insight or annotation is gone since.' })
  async notification(@Root() e: NotificationReceivedEvent, @Ctx() ctx: Context): Promise<Notification | null> {
    return ctx.loaders.inbox.notificationById.load(e.notificationId);
  }
}

@Resolver(() => Notification)
export class NotificationResolver {
  @Reads()
  @FieldResolver(() => Employee, { nullable: true, description: 'Who caused it (who mentioned them); null if that employee was removed.' })
  async actor(@Root() n: Notification, @Ctx() ctx: Context) {
    return (await ctx.loaders.inbox.actor.load(n.id))[0] ?? null;
  }

  @Reads()
  @FieldResolver(() => Insight, {
    nullable: true,
    description: 'The insight it is about (the one mentioned in, or the one the annotation is on); null if it was deleted.',
  })
  async insight(@Root() n: Notification, @Ctx() ctx: Context) {
    const direct = (await ctx.loaders.inbox.insight.load(n.id))[0];
    if (direct) return direct;
    const annotation = (await ctx.loaders.inbox.annotation.load(n.id))[0];
    return annotation ? ((await ctx.loaders.annotation.insight.load(annotation.id))[0] ?? null) : null;
  }

  @Reads()
  @FieldResolver(() => Annotation, { nullable: true, description: 'For a mention in an annotation: the annotation; else null.' })
  async annotation(@Root() n: Notification, @Ctx() ctx: Context) {
    return (await ctx.loaders.inbox.annotation.load(n.id))[0] ?? null;
  }
}

@Resolver(() => Insight)
class InsightInboxResolver {
  @Reads()
  @FieldResolver(() => [Employee], { description: 'Employees its text mentions (`mentionIds`), by name.' })
  mentions(@Root() i: Insight, @Ctx() ctx: Context) {
    return ctx.loaders.inbox.insightMentions.load(i.id);
  }

  @Reads()
  @FieldResolver(() => Boolean, {
    description: 'Whether the signed-in person follows it (`followInsight`; or took part in it): its changes come to their inbox.',
  })
  followedByMe(@Root() i: Insight, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.user ? ctx.loaders.inbox.follows.load({ employeeId: ctx.user.employeeId, insightId: i.id }) : Promise.resolve(false);
  }
}

@Resolver(() => Annotation)
class AnnotationInboxResolver {
  @Reads()
  @FieldResolver(() => [Employee], { description: 'Employees it mentions (`mentionIds`), by name.' })
  mentions(@Root() a: Annotation, @Ctx() ctx: Context) {
    return ctx.loaders.inbox.annotationMentions.load(a.id);
  }
}

/** The fields the inbox adds to insights and annotations. */
export const InboxTextResolvers = { insight: InsightInboxResolver, annotation: AnnotationInboxResolver, event: NotificationEventResolver };
