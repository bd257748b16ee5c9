import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { DEFAULT_PAGE_SIZE, filteredPageArgsOf, MAX_PAGE_SIZE, OrderDirection, pageRequest } from '../../common/connection';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { encodeEventCursor } from '../../realtime/event-log';
import { AFTER_CURSOR_DESCRIPTION, Topics, type Delivered } from '../../realtime/topics';
import { Employee } from '../employee/employee.type';
import {
  DeleteWebhookInput,
  PauseWebhookInput,
  RegisterWebhookInput,
  ResumeWebhookInput,
  RotateWebhookSecretInput,
  UpdateWebhookInput,
  WebhookDeliveryFilter,
  WebhookFilterInput,
} from './webhook.inputs';
import { parseFilter } from './webhook.service';
import {
  DeleteWebhookPayload,
  RegisterWebhookPayload,
  RotateWebhookSecretPayload,
  Webhook,
  WebhookConnection,
  WebhookDeliveryConnection,
  WebhookPauseCause,
  WebhookPausedEvent,
} from './webhook.type';

const ADMIN = AccessRole.ADMIN;

@ArgsType()
class WebhookListArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many webhooks to return, 0 to ${MAX_PAGE_SIZE}. Default (also when null): ${DEFAULT_PAGE_SIZE}.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the webhooks after this cursor (an `endCursor` of this list).' })
  after?: string;
}

const DeliveryListArgs = filteredPageArgsOf(WebhookDeliveryFilter);
type DeliveryListArgs = InstanceType<typeof DeliveryListArgs>;

const NEWEST_WEBHOOKS = { field: 'CREATED_AT' as const, direction: OrderDirection.DESC };
const NEWEST_DELIVERIES = { field: 'SEQ' as const, direction: OrderDirection.DESC };

@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized(ADMIN)
  @Query(() => Webhook, { nullable: true, description: 'One webhook by id; null when there is none. Needs ADMIN.' })
  webhook(@Arg('id', () => ID, { description: 'The webhook id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.webhook.byId.load(id);
  }

  @Authorized(ADMIN)
  @Query(() => WebhookConnection, { description: 'The registered webhooks, newest first. Needs ADMIN.' })
  webhooks(@Args(() => WebhookListArgs) args: WebhookListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.webhook.list.connection(pageRequest(args, {}, NEWEST_WEBHOOKS));
  }

  @Authorized(ADMIN)
  @Mutation(() => RegisterWebhookPayload, {
    description:
      'Registers an endpoint to be sent the events its filter names, from now on, by HTTP POST, signed with its secret (shown only in ' +
      'this answer; see docs/webhooks.md for the body, the headers and how to verify them). A URL that is not https, carries ' +
      'credentials, or whose host resolves to a private, loopback, link-local or other internal address is a BAD_USER_INPUT on `url` ' +
      '(http and loopback are allowed in development and test); a filter without any kind of event is a BAD_USER_INPUT on `filter`. Needs ADMIN.',
  })
  registerWebhook(
    @Arg('input', () => RegisterWebhookInput, { description: 'The endpoint; see RegisterWebhookInput for each field and its limits.' })
    input: RegisterWebhookInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhook.register(input, caller(ctx));
  }

  @Authorized(ADMIN)
  @Mutation(() => Webhook, {
    description:
      'Changes a webhook: its URL (checked as at registration), description or filter. With expectedVersion, a stale version is a ' +
      'CONFLICT naming the current one. Unknown id: NOT_FOUND. Needs ADMIN.',
  })
  updateWebhook(
    @Arg('input', () => UpdateWebhookInput, { description: 'What to change; see UpdateWebhookInput for each field.' })
    input: UpdateWebhookInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhook.update(input, caller(ctx));
  }

  @Authorized(ADMIN)
  @Mutation(() => Webhook, {
    description:
      'Pauses a webhook: nothing is sent until it is resumed (a delivery pending or retrying is CANCELLED, and sent again on resume); ' +
      '`webhookPaused` tells the ADMINs. Already paused: unchanged. Unknown id: NOT_FOUND. Needs ADMIN.',
  })
  pauseWebhook(
    @Arg('input', () => PauseWebhookInput, { description: 'Which webhook, and why.' }) input: PauseWebhookInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhook.pause(input, caller(ctx));
  }

  @Authorized(ADMIN)
  @Mutation(() => Webhook, {
    description:
      'Resumes a paused webhook where it stopped: the event it was delivering when it was paused first (as a new delivery), then ' +
      'everything logged since, in order. Events the event log no longer holds (paused longer than its retention, 7 days by default) ' +
      'are recorded as one SKIPPED delivery and delivery continues with the newest. Already active: unchanged. Unknown id: NOT_FOUND. Needs ADMIN.',
  })
  resumeWebhook(@Arg('input', () => ResumeWebhookInput, { description: 'Which webhook.' }) input: ResumeWebhookInput, @Ctx() ctx: Context) {
    return ctx.services.webhook.resume(input, caller(ctx));
  }

  @Authorized(ADMIN)
  @Mutation(() => RotateWebhookSecretPayload, {
    description:
      'Gives a webhook a new secret, shown only in this answer; every attempt from now on is signed with it and the old one is ' +
      'forgotten (a receiver still checking with the old one refuses them, and they are retried). Unknown id: NOT_FOUND. Needs ADMIN.',
  })
  rotateWebhookSecret(
    @Arg('input', () => RotateWebhookSecretInput, { description: 'Which webhook.' }) input: RotateWebhookSecretInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhook.rotateSecret(input, caller(ctx));
  }

  @Authorized(ADMIN)
  @Mutation(() => DeleteWebhookPayload, {
    description:
      'Deletes a webhook, its secret and the record of its deliveries; nothing more is sent. Unknown id: NOT_FOUND. Needs ADMIN.',
  })
  deleteWebhook(@Arg('input', () => DeleteWebhookInput, { description: 'Which webhook.' }) input: DeleteWebhookInput, @Ctx() ctx: Context) {
    return ctx.services.webhook.delete(input, caller(ctx));
  }

  @Authorized(ADMIN)
  @Subscription(() => WebhookPausedEvent, {
    description:
      'Every webhook paused from now on: by an ADMIN, because its receiver answered 410 Gone, or because a delivery kept failing for ' +
      'the whole retry window. Needs ADMIN.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const webhookId = args.webhookId as string | null | undefined;
      return ctx.events.subscribe(
        Topics.WEBHOOK_PAUSED,
        (p) => webhookId == null || p.webhookId === webhookId,
        () => ctx.onSubscriberOverflow?.(),
        args.after as string | null | undefined,
      );
    },
  })
  webhookPaused(
    @Root() p: Delivered<typeof Topics.WEBHOOK_PAUSED>,
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | undefined,
    @Arg('webhookId', () => ID, { nullable: true, description: 'Only this webhook.' }) _webhookId?: string,
  ): WebhookPausedEvent {
    ctx.useEventLoaders(p);
    return {
      cursor: p.cursor,
      at: new Date(p.at),
      webhookId: p.webhookId,
      cause: p.cause as WebhookPauseCause,
      reason: p.reason,
      actorId: p.actorId,
    };
  }

  @FieldResolver(() => WebhookFilterInput, { description: 'The events it is sent, with their filters.' })
  filter(@Root() w: Webhook) {
    return parseFilter(w.filterJson);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The cursor of the last event of the event log it has handled (delivered, or passed over by its filter): what it is sent next ' +
      'comes after it. Null before the log holds any event.',
  })
  deliveredThrough(@Root() w: Webhook): string | null {
    return w.epoch ? encodeEventCursor(w.epoch, w.position) : null;
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'The ADMIN who registered it; null if that employee was removed.' })
  createdBy(@Root() w: Webhook, @Ctx() ctx: Context) {
    return w.createdById ? ctx.loaders.employee.byId.load(w.createdById) : null;
  }

  @FieldResolver(() => WebhookDeliveryConnection, {
    description:
      "Its deliveries, newest first: one per event sent (or skipped), with its status, attempts and the receiver's last answer. Kept " +
      '30 days once finished.',
  })
  deliveries(@Root() w: Webhook, @Args(() => DeliveryListArgs) args: DeliveryListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.webhook.deliveries.connection(pageRequest(args, { ...args.filter }, NEWEST_DELIVERIES, { webhookId: w.id }));
  }
}

@Resolver(() => WebhookPausedEvent)
export class WebhookPausedEventResolver {
  @FieldResolver(() => Webhook, { nullable: true, description: 'The webhook, as it is now; null when it has been deleted since.' })
  webhook(@Root() e: WebhookPausedEvent, @Ctx() ctx: Context) {
    return ctx.loaders.webhook.byId.load(e.webhookId);
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'The ADMIN who paused it; null when the dispatcher did (GONE, FAILING).' })
  actor(@Root() e: WebhookPausedEvent, @Ctx() ctx: Context) {
    return e.actorId ? ctx.loaders.employee.byId.load(e.actorId) : null;
  }
}
