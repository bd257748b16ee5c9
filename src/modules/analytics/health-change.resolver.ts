import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Resolver, Root, Subscription } from 'type-graphql';
import { crossing, customerHealthChangedFilter } from './health.events';
import { AFTER_CURSOR_DESCRIPTION, Topics, type Delivered } from '../../realtime/topics';
import type { Context } from '../../graphql/context';
import { Customer } from '../customer/customer.type';
import { Interaction } from '../interaction/interaction.type';
import { CustomerHealthChange, HealthDirection } from './analytics.type';

@Resolver(() => CustomerHealthChange)
export class CustomerHealthChangeResolver {
  // Any role, like every other subscription: a token that carries none gets FORBIDDEN, not the events.
  @Authorized()
  @Subscription(() => CustomerHealthChange, {
    description:
      "Fires when an interaction recorded or corrected (updateInteraction) moves a customer's health score across `threshold` (down below it, or up to it or above). " +
      'Customers without analytics consent never fire, and an event replayed (`after`) or delivered late is not sent once its customer has withdrawn consent. ' +
      'Filters apply on the server.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const crosses = customerHealthChangedFilter({ threshold: args.threshold, direction: args.direction, customerId: args.customerId });
      return ctx.events.subscribe(
        Topics.CUSTOMER_HEALTH_CHANGED,
        (p) => crosses(p) && ctx.services.analytics.sharesAnalytics(p.customerId),
        () => ctx.onSubscriberOverflow?.(),
        args.after as string | null | undefined,
      );
    },
  })
  customerHealthChanged(
    @Root() p: Delivered<typeof Topics.CUSTOMER_HEALTH_CHANGED>,
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | undefined,
    @Arg('threshold', () => Int, { defaultValue: 50, description: 'The health score (1-100) whose crossing is reported; default 50.' })
    threshold: number,
    @Arg('direction', () => HealthDirection, { nullable: true, description: 'Only crossings this way; default: both.' })
    _direction?: HealthDirection,
    @Arg('customerId', () => ID, { nullable: true, description: 'Only this customer.' }) _customerId?: string,
  ): CustomerHealthChange {
    ctx.useEventLoaders(p);
    return {
      cursor: p.cursor,
      customerId: p.customerId,
      interactionId: p.interactionId,
      previousScore: p.previousScore,
      score: p.score,
      direction: crossing(p.previousScore, p.score, threshold) as HealthDirection,
      at: new Date(p.at),
      customer: null,
      interaction: null,
    };
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The customer, as they are now.' })
  customer(@Root() e: CustomerHealthChange, @Ctx() ctx: Context) {
    return ctx.loaders.customer.byId.load(e.customerId);
  }

  @FieldResolver(() => Interaction, { nullable: true, description: 'The interaction that moved it.' })
  interaction(@Root() e: CustomerHealthChange, @Ctx() ctx: Context) {
    return ctx.loaders.interaction.byId.load(e.interactionId);
  }
}
