import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Resolver, Root, Subscription } from 'type-graphql';
import { badInput } from '../../common/errors';
import { Topics, type CustomerHealthChangedPayload } from '../../realtime/topics';
import type { Context } from '../../graphql/context';
import { Customer } from '../customer/customer.type';
import { Interaction } from '../interaction/interaction.type';
import { CustomerHealthChange, HealthDirection } from './analytics.type';

/** Which way, if any, a move from `previous` to `score` crosses `threshold`. */
export function crossing(previous: number, score: number, threshold: number): HealthDirection | null {
  if (previous >= threshold && score < threshold) return HealthDirection.DROPPED;
  if (previous < threshold && score >= threshold) return HealthDirection.ROSE;
  return null;
}

@Resolver(() => CustomerHealthChange)
export class CustomerHealthChangeResolver {
  // Any role, like every other subscription: a token that carries none gets FORBIDDEN, not the events.
  @Authorized()
  @Subscription(() => CustomerHealthChange, {
    description:
      "Fires when an interaction recorded or corrected (updateInteraction) moves a customer's health score across `threshold` (down below it, or up to it or above). " +
      'Customers without analytics consent never fire. Filters apply on the server.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const threshold = args.threshold as number;
      if (!Number.isInteger(threshold) || threshold < 1 || threshold > 100) {
        throw badInput('threshold', `\`threshold\` must be between 1 and 100; got ${threshold}.`);
      }
      const directions = args.direction ? [args.direction as HealthDirection] : [HealthDirection.DROPPED, HealthDirection.ROSE];
      return ctx.events.subscribe(
        Topics.CUSTOMER_HEALTH_CHANGED,
        (p) => {
          const d = crossing(p.previousScore, p.score, threshold);
          return d != null && directions.includes(d) && (args.customerId == null || p.customerId === args.customerId);
        },
        () => ctx.onSubscriberOverflow?.(),
      );
    },
  })
  customerHealthChanged(
    @Root() p: CustomerHealthChangedPayload,
    @Ctx() ctx: Context,
    @Arg('threshold', () => Int, { defaultValue: 50, description: 'The health score (1-100) whose crossing is reported; default 50.' })
    threshold: number,
    @Arg('direction', () => HealthDirection, { nullable: true, description: 'Only crossings this way; default: both.' })
    _direction?: HealthDirection,
    @Arg('customerId', () => ID, { nullable: true, description: 'Only this customer.' }) _customerId?: string,
  ): CustomerHealthChange {
    ctx.useEventLoaders(p);
    return {
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
