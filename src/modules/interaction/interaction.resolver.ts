import type { GraphQLResolveInfo } from 'graphql';
import { interactionRecordedFilter } from './interaction.events';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { HISTORY_DESCRIPTION, HistoryArgs, historyOf } from '../history/history.resolver';
import { RecordChangeConnection } from '../history/history.type';
import { VERSION_DESCRIPTION, versionOf } from '../history/version';
import { AFTER_CURSOR_DESCRIPTION, Topics, type Delivered } from '../../realtime/topics';
import { pageRequest } from '../../common/connection';
import { stillThere } from '../../common/errors';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { ahead, Ahead, loadNode, pageProjection, Reads, ReadsItself, related } from '../../graphql/lookahead';
import { Customer } from '../customer/customer.type';
import { Employee } from '../employee/employee.type';
import { INSIGHT_DEFAULT_ORDER, InsightListArgs } from '../insight/insight.args';
import { InsightConnection } from '../insight/insight.type';
import { Need } from '../need/need.type';
import { Topic } from '../topic/topic.type';
import { INTERACTION_DEFAULT_ORDER, InteractionListArgs } from './interaction.args';
import { MAX_BATCH } from './interaction.service';
import { validateEachItem } from '../../common/validation';
import {
  Channel,
  Interaction,
  InteractionConnection,
  InteractionRecordedEvent,
  RecordInteractionInput,
  UpdateInteractionInput,
} from './interaction.type';
import { interactionRelations } from './interaction.repository';

@Resolver(() => Interaction)
export class InteractionResolver {
  @Reads()
  @FieldResolver(() => RecordChangeConnection, { description: HISTORY_DESCRIPTION })
  history(@Root() i: Interaction, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: Context) {
    return historyOf(ctx, i.id, args);
  }

  @ReadsItself()
  @FieldResolver(() => Int, { description: VERSION_DESCRIPTION })
  version(@Root() i: Interaction): number {
    return versionOf(i);
  }

  @Authorized()
  @Query(() => Interaction, { nullable: true, description: 'One interaction by id; null when there is none.' })
  interaction(
    @Arg('id', () => ID, { description: 'The interaction id.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return loadNode(ctx, info, 'Interaction', ctx.loaders.interaction.byId, id);
  }

  @Authorized()
  @Query(() => InteractionConnection, { description: 'Interactions, filtered and paginated. Default order: newest first.' })
  interactions(@Args(() => InteractionListArgs) args: InteractionListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.interaction.list.connection(pageRequest(args, { ...args.filter }, INTERACTION_DEFAULT_ORDER), {
      projection: pageProjection(ctx, info),
    });
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => Interaction, {
    description:
      'Records a contact with a customer, linked to its handler, needs and topics, in one transaction. ' +
      'Idempotent by externalId: a retry returns the interaction first recorded. Needs ANALYST or ADMIN.',
  })
  recordInteraction(
    @Arg('input', { description: 'What to do; see RecordInteractionInput for each field, its limits and default.' })
    input: RecordInteractionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.interaction.record(input, caller(ctx));
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => Interaction, {
    description:
      'Corrects an interaction: summary, content, channel, touchpoint, direction, occurredAt, sentiment, qualities, needs, topics, handler. ' +
      'Only the fields given change, in one transaction, if expectedVersion is still its version (else CONFLICT naming the current one); ' +
      'what it replaced is kept in its `history`. Unknown id: NOT_FOUND; an unknown need or handler: BAD_USER_INPUT naming the field; ' +
      'an interaction with an erased customer: CONFLICT. Needs ANALYST or ADMIN.',
  })
  updateInteraction(
    @Arg('input', { description: 'What to change; see UpdateInteractionInput for each field, its limits and default.' })
    input: UpdateInteractionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.interaction.update(input, caller(ctx));
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => [Interaction], {
    description:
      `Records up to ${MAX_BATCH} interactions in one transaction: all of them, or (when one is invalid) none, with the error naming ` +
      'the first invalid one by its position (`3.customerId`). Idempotent by externalId like recordInteraction; returns the interactions ' +
      'in input order. Send them as a variable: the request body is limited to 1 MiB. Needs ANALYST or ADMIN.',
  })
  recordInteractions(
    @Arg('input', () => [RecordInteractionInput], {
      description: `The interactions to record, at most ${MAX_BATCH}; see RecordInteractionInput.`,
      validateFn: validateEachItem,
    })
    input: RecordInteractionInput[],
    @Ctx() ctx: Context,
  ) {
    return ctx.services.interaction.recordMany(input, caller(ctx));
  }

  @Authorized()
  @Subscription(() => InteractionRecordedEvent, {
    description: 'Every interaction committed from now on; each argument given narrows the stream (AND). Filters apply on the server.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      return ctx.events.subscribe(
        Topics.INTERACTION_RECORDED,
        interactionRecordedFilter({ customerId: args.customerId, employeeId: args.employeeId, channels: args.channels }),
        () => ctx.onSubscriberOverflow?.(),
        args.after as string | null | undefined,
      );
    },
  })
  interactionRecorded(
    @Root() p: Delivered<typeof Topics.INTERACTION_RECORDED>,
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | undefined,
    @Arg('customerId', () => ID, { nullable: true, description: 'Only interactions with this customer.' }) _customerId?: string,
    @Arg('employeeId', () => ID, { nullable: true, description: 'Only interactions handled by this employee.' }) _employeeId?: string,
    @Arg('channels', () => [Channel], { nullable: true, description: 'Only interactions through these channels.' }) _channels?: Channel[],
  ): InteractionRecordedEvent {
    ctx.useEventLoaders(p);
    return { cursor: p.cursor, at: new Date(p.at), interactionId: p.interactionId, actorId: p.actorId };
  }

  @Ahead(related(interactionRelations.customer))
  @FieldResolver(() => Customer, { description: 'The customer.' })
  async customer(@Root() i: Interaction, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return (ahead<Customer[]>(i, info) ?? (await ctx.loaders.interaction.customer.load(i.id)))[0];
  }

  @Ahead(related(interactionRelations.handler))
  @FieldResolver(() => Employee, { nullable: true, description: 'The employee who handled it; null when unknown.' })
  async handler(@Root() i: Interaction, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return (ahead<Employee[]>(i, info) ?? (await ctx.loaders.interaction.handler.load(i.id)))[0] ?? null;
  }

  @Ahead(related(interactionRelations.needs))
  @FieldResolver(() => [Need], { description: 'Needs the customer expressed in it, by title.' })
  needs(@Root() i: Interaction, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ahead<Need[]>(i, info) ?? ctx.loaders.interaction.needs.load(i.id);
  }

  @Reads()
  @FieldResolver(() => [Topic], { description: 'Its topics, by name.' })
  topics(@Root() i: Interaction, @Ctx() ctx: Context) {
    return ctx.loaders.interaction.topics.load(i.id);
  }

  @Reads()
  @FieldResolver(() => InsightConnection, { description: 'Insights that cite it as evidence. Default order: newest first.' })
  insights(@Root() i: Interaction, @Args(() => InsightListArgs) args: InsightListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.insight.list.connection(
      pageRequest(args, { ...args.filter }, INSIGHT_DEFAULT_ORDER, { evidenceInteractionId: i.id }),
    );
  }

  @Reads('expectedQuality', 'perceivedQuality')
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Service-quality gap: perceived minus expected quality (negative: worse than expected); null when either is unknown.',
  })
  qualityGap(@Root() i: Interaction): number | null {
    return i.perceivedQuality == null || i.expectedQuality == null ? null : i.perceivedQuality - i.expectedQuality;
  }
}

@Resolver(() => InteractionRecordedEvent)
export class InteractionRecordedEventResolver {
  @FieldResolver(() => Interaction, {
    description:
      'The interaction, as it is now. An interaction deleted or erased before its event reached the subscriber (deleteInteraction, deleteCustomer, eraseCustomer) is a NOT_FOUND error for that event.',
  })
  async interaction(@Root() e: InteractionRecordedEvent, @Ctx() ctx: Context) {
    return stillThere(
      'interaction',
      e.interactionId,
      'deleted (its customer was erased)',
      ctx.loaders.interaction.byId.load(e.interactionId),
    );
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'Who recorded it.' })
  actor(@Root() e: InteractionRecordedEvent, @Ctx() ctx: Context) {
    return ctx.loaders.employee.byId.load(e.actorId);
  }
}
