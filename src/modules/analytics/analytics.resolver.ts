import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { Customer } from '../customer/customer.type';
import { Employee } from '../employee/employee.type';
import { Insight } from '../insight/insight.type';
import { Channel } from '../interaction/interaction.type';
import { Need } from '../need/need.type';
import { Topic } from '../topic/topic.type';
import { MAX_ANALYTIC_LIST, SIMILARITY_CANDIDATES } from './analytics.loaders';
import { checkRanked, DEFAULT_RANKED } from './analytics.service';
import {
  AtRiskCustomer,
  CustomerHealth,
  CustomerKnower,
  ExperienceGap,
  Expert,
  NeedTrend,
  NeedTrendReport,
  Portfolio,
  RecommendedInsight,
  SimilarCustomer,
  TimeWindowInput,
  TouchpointExperience,
  ValueQuadrant,
} from './analytics.type';
import { CustomerHealthChangeResolver } from './health-change.resolver';
import { experienceGap, knowerReason, valueQuadrant } from './scores';
import { Reads } from '../../graphql/lookahead';

const CONSENT_NOTE = 'Null for a customer without analytics consent.';
const nonNull = <T>(xs: (T | null | Error)[]): T[] => xs.filter((x): x is T => x != null && !(x instanceof Error));

/**
 * Knowledge about one customer, computed from the graph (fields on Customer). Each answers only
 * with analytics consent (`@Reads('consentAnalytics')`); the rest is read by the customer's id.
 */
@Resolver(() => Customer)
export class CustomerAnalyticsResolver {
  @Reads('consentAnalytics')
  @FieldResolver(() => CustomerHealth, {
    nullable: true,
    description:
      'How healthy the relationship is, 0-100, with the weighted components that explain the number (recent sentiment, its trend, ' +
      `days since the last contact, open needs, recent negative interactions), computed when asked, as of now. ` +
      `\`healthScore\` is the same score as stored (what lists sort and filter by), at most HEALTH_REFRESH_SECONDS old. ${CONSENT_NOTE}`,
  })
  health(@Root() c: Customer, @Ctx() ctx: Context) {
    return c.consentAnalytics ? ctx.loaders.analytics.health.load(c.id) : null;
  }

  @Reads('consentAnalytics')
  @FieldResolver(() => [CustomerKnower], {
    nullable: true,
    description:
      'Who knows this customer: employees ranked by how well they know them (interactions weighted by recency, account ownership, insights written, ' +
      `not counting an insight also about a customer without analytics consent), with the reason. ${CONSENT_NOTE}`,
  })
  async knownBy(
    @Root() c: Customer,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_RANKED, description: 'How many employees: 0 to 100, default 10.' })
    first: number,
    @Ctx() ctx: Context,
  ): Promise<CustomerKnower[] | null> {
    const n = checkRanked(first);
    if (!c.consentAnalytics) return null;
    const knowers = await ctx.loaders.analytics.knownBy.load(c.id);
    return knowers.slice(0, n).map((k) => ({ ...k, reason: knowerReason(k) }) as unknown as CustomerKnower);
  }

  @Reads('consentAnalytics', 'revenue', 'costToServe')
  @FieldResolver(() => ValueQuadrant, {
    nullable: true,
    description: `High or low revenue against high or low cost to serve, "high" meaning at or above the median of all customers with analytics consent. ${CONSENT_NOTE}`,
  })
  async valueQuadrant(@Root() c: Customer, @Ctx() ctx: Context): Promise<ValueQuadrant | null> {
    if (!c.consentAnalytics) return null;
    return valueQuadrant(c.revenue, c.costToServe, await ctx.loaders.analytics.medians.load('all'));
  }

  @Reads('consentAnalytics')
  @FieldResolver(() => [SimilarCustomer], {
    nullable: true,
    description:
      'Customers (with analytics consent) who share needs and topics with this one, most similar first (Jaccard similarity of needs and interaction topics). ' +
      `Candidates are the ${SIMILARITY_CANDIDATES} customers sharing the most needs: a customer sharing no need is not listed. ${CONSENT_NOTE}`,
  })
  async similarCustomers(
    @Root() c: Customer,
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: DEFAULT_RANKED,
      description: `How many customers: 0 to ${MAX_ANALYTIC_LIST}, default 10.`,
    })
    first: number,
    @Ctx() ctx: Context,
  ): Promise<SimilarCustomer[] | null> {
    const n = checkRanked(first);
    if (!c.consentAnalytics) return null;
    return (await ctx.loaders.analytics.similar.load(c.id)).slice(0, n);
  }

  @Reads('consentAnalytics')
  @FieldResolver(() => [RecommendedInsight], {
    nullable: true,
    description:
      "Validated insights not yet about this customer, but about the customer's needs or about the 20 most similar customers, most relevant first; " +
      `never one about a customer without analytics consent. ${CONSENT_NOTE}`,
  })
  async recommendedInsights(
    @Root() c: Customer,
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: DEFAULT_RANKED,
      description: `How many insights: 0 to ${MAX_ANALYTIC_LIST}, default 10.`,
    })
    first: number,
    @Ctx() ctx: Context,
  ): Promise<RecommendedInsight[] | null> {
    const n = checkRanked(first);
    if (!c.consentAnalytics) return null;
    return (await ctx.loaders.analytics.recommended.load(c.id)).slice(0, n);
  }

  @Reads('consentAnalytics')
  @FieldResolver(() => ExperienceGap, {
    nullable: true,
    description: `Expected against perceived quality over all the customer's interactions that record both (the gap model of service quality). ${CONSENT_NOTE}`,
  })
  async experienceGap(@Root() c: Customer, @Ctx() ctx: Context): Promise<ExperienceGap | null> {
    if (!c.consentAnalytics) return null;
    return experienceGap(await ctx.loaders.analytics.experienceGap.load(c.id));
  }
}

/** Knowledge across customers. */
@Resolver()
export class AnalyticsResolver {
  @Authorized()
  @Query(() => NeedTrendReport, {
    description:
      'Needs ranked by how many distinct customers expressed them in interactions of the window, with growth against the previous window. ' +
      'Customers without analytics consent are left out.',
  })
  needTrends(
    @Arg('window', () => TimeWindowInput, { nullable: true, description: 'The window counted; default: the last 90 days.' })
    window: TimeWindowInput | null,
    @Arg('previousWindow', () => TimeWindowInput, {
      nullable: true,
      description:
        'The window compared with; default: as long as `window`, right before it. Given without `end`, it ends where `window` starts.',
    })
    previousWindow: TimeWindowInput | null,
    @Arg('segmentId', () => ID, { nullable: true, description: 'Only customers of this segment.' }) segmentId: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_RANKED, description: 'How many needs: 0 to 100, default 10.' })
    first: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.analytics.needTrends(window, previousWindow, segmentId, first);
  }

  @Authorized()
  @Query(() => [Expert], {
    description:
      'Employees who know most about a topic or a need (give exactly one), ranked by interactions handled + 3 × insights written + accounts owned, with the evidence counts. ' +
      'An unknown id gives an empty list.',
  })
  expertsOn(
    @Arg('topicId', () => ID, { nullable: true, description: 'The topic.' }) topicId: string | null,
    @Arg('needId', () => ID, { nullable: true, description: 'The need.' }) needId: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_RANKED, description: 'How many employees: 0 to 100, default 10.' })
    first: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.analytics.expertsOn(topicId, needId, first);
  }

  @Authorized()
  @Query(() => [AtRiskCustomer], {
    description:
      'Customers (with analytics consent) whose health is below `healthBelow`, lowest first, each with what costs them the most points.',
  })
  atRiskCustomers(
    @Arg('healthBelow', () => Int, {
      nullable: true,
      defaultValue: 50,
      description: 'Only customers with a health score below this (0-101); default (and when null) 50.',
    })
    healthBelow: number | null,
    @Arg('segmentId', () => ID, { nullable: true, description: 'Only customers of this segment.' }) segmentId: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_RANKED, description: 'How many customers: 0 to 100, default 10.' })
    first: number,
    @Ctx() ctx: Context,
  ) {
    // An explicit null means the default, as for `first`.
    return ctx.services.analytics.atRiskCustomers(segmentId, healthBelow ?? 50, first);
  }

  @Authorized()
  @Query(() => Portfolio, {
    description:
      'The customer base (or one segment) as a portfolio: equity, the 20/80 profit check, value quadrants, lifecycle stages and relationship types.',
  })
  portfolio(
    @Arg('segmentId', () => ID, { nullable: true, description: 'Only customers of this segment; default: all.' }) segmentId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.analytics.portfolio(segmentId);
  }

  @Authorized()
  @Query(() => [TouchpointExperience], {
    description:
      'Per touchpoint and channel: interactions, mean sentiment, mean expected and perceived quality and their gap (the service-quality gap model), ' +
      'in the order of the Touchpoint and Channel enums. Only pairs with interactions in the window are listed.',
  })
  experienceByTouchpoint(
    @Arg('channel', () => Channel, { nullable: true, description: 'Only this channel.' }) channel: Channel | null,
    @Arg('window', () => TimeWindowInput, { nullable: true, description: 'The window; default: the last 90 days.' })
    window: TimeWindowInput | null,
    @Arg('segmentId', () => ID, { nullable: true, description: 'Only customers of this segment.' }) segmentId: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.analytics.experienceByTouchpoint(channel, window, segmentId);
  }
}

@Resolver(() => CustomerKnower)
export class CustomerKnowerResolver {
  @FieldResolver(() => Employee, { description: 'The employee.' })
  employee(@Root() k: CustomerKnower, @Ctx() ctx: Context) {
    return ctx.loaders.employee.byId.load(k.employeeId);
  }
}

@Resolver(() => SimilarCustomer)
export class SimilarCustomerResolver {
  @FieldResolver(() => Customer, { description: 'The similar customer.' })
  customer(@Root() s: SimilarCustomer, @Ctx() ctx: Context) {
    return ctx.loaders.customer.byId.load(s.customerId);
  }

  @FieldResolver(() => [Need], { description: 'Needs both hold, by title.' })
  async sharedNeeds(@Root() s: SimilarCustomer, @Ctx() ctx: Context) {
    return nonNull(await ctx.loaders.need.byId.loadMany(s.sharedNeedIds)).sort((a, b) => a.title.localeCompare(b.title));
  }

  @FieldResolver(() => [Topic], { description: "Topics of both customers' interactions, by name." })
  async sharedTopics(@Root() s: SimilarCustomer, @Ctx() ctx: Context) {
    return nonNull(await ctx.loaders.topic.byId.loadMany(s.sharedTopicIds)).sort((a, b) => a.name.localeCompare(b.name));
  }
}

@Resolver(() => RecommendedInsight)
export class RecommendedInsightResolver {
  @FieldResolver(() => Insight, { description: 'The insight.' })
  insight(@Root() r: RecommendedInsight, @Ctx() ctx: Context) {
    return ctx.loaders.insight.byId.load(r.insightId);
  }

  @FieldResolver(() => [Need], { description: "The customer's needs it is about, by title." })
  async viaNeeds(@Root() r: RecommendedInsight, @Ctx() ctx: Context) {
    return nonNull(await ctx.loaders.need.byId.loadMany(r.viaNeedIds)).sort((a, b) => a.title.localeCompare(b.title));
  }

  @FieldResolver(() => [Customer], { description: 'The similar customers it is about, most similar first.' })
  async viaCustomers(@Root() r: RecommendedInsight, @Ctx() ctx: Context) {
    return nonNull(await ctx.loaders.customer.byId.loadMany(r.viaCustomerIds));
  }
}

@Resolver(() => NeedTrend)
export class NeedTrendResolver {
  @FieldResolver(() => Need, { description: 'The need.' })
  need(@Root() t: NeedTrend, @Ctx() ctx: Context) {
    return ctx.loaders.need.byId.load(t.needId);
  }
}

@Resolver(() => Expert)
export class ExpertResolver {
  @FieldResolver(() => Employee, { description: 'The employee.' })
  employee(@Root() e: Expert, @Ctx() ctx: Context) {
    return ctx.loaders.employee.byId.load(e.employeeId);
  }
}

@Resolver(() => AtRiskCustomer)
export class AtRiskCustomerResolver {
  @FieldResolver(() => Customer, { description: 'The customer.' })
  customer(@Root() a: AtRiskCustomer & { customerId: string }, @Ctx() ctx: Context) {
    return ctx.loaders.customer.byId.load(a.customerId);
  }
}

export const ANALYTICS_RESOLVERS = [
  CustomerHealthChangeResolver,
  CustomerAnalyticsResolver,
  AnalyticsResolver,
  CustomerKnowerResolver,
  SimilarCustomerResolver,
  RecommendedInsightResolver,
  NeedTrendResolver,
  ExpertResolver,
  AtRiskCustomerResolver,
] as const;
