import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { HISTORY_DESCRIPTION, HistoryArgs, historyOf } from '../history/history.resolver';
import { RecordChangeConnection } from '../history/history.type';
import { VERSION_DESCRIPTION, versionOf } from '../history/version';
import { countDescription, pageRequest } from '../../common/connection';
import { survivorOfMerged } from '../merge/merge.resolver';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { ahead, Ahead, loadNode, page, type PageAhead, pageProjection, Reads, ReadsItself, related } from '../../graphql/lookahead';
import { Employee } from '../employee/employee.type';
import { InsightListArgs, INSIGHT_DEFAULT_ORDER } from '../insight/insight.args';
import { InsightConnection } from '../insight/insight.type';
import { InteractionListArgs, INTERACTION_DEFAULT_ORDER } from '../interaction/interaction.args';
import { InteractionConnection } from '../interaction/interaction.type';
import { NeedListArgs, NEED_DEFAULT_ORDER } from '../need/need.args';
import { HeldNeed, NeedConnection } from '../need/need.type';
import { Segment } from '../segment/segment.type';
import { AssignAccountOwnerInput, CreateCustomerInput, UnassignAccountOwnerInput, UpdateCustomerInput } from './customer.inputs';
import { CustomerListArgs, CUSTOMER_DEFAULT_ORDER } from './customer.args';
import { Consent, Customer, CustomerConnection } from './customer.type';
import { interactionList } from '../interaction/interaction.repository';
import { needList } from '../need/need.repository';
import { insightList } from '../insight/insight.repository';
import { customerRelations } from './customer.repository';

const WRITERS = [AccessRole.ANALYST, AccessRole.ADMIN];

/** A held need is looked ahead with the relationship's intensity and since, sorted by the need's title as the resolver does. */
const HELD_NEED = { nodeField: 'need', relProperties: ['intensity'], relDatetimes: ['since'], sortedBy: 'titleLower' };

@Resolver(() => Customer)
export class CustomerResolver {
  @Reads()
  @FieldResolver(() => RecordChangeConnection, { description: HISTORY_DESCRIPTION })
  history(@Root() c: Customer, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: Context) {
    return historyOf(ctx, c.id, args);
  }

  @ReadsItself()
  @FieldResolver(() => Int, { description: VERSION_DESCRIPTION })
  version(@Root() c: Customer): number {
    return versionOf(c);
  }

  @Authorized()
  @Query(() => Customer, {
    nullable: true,
    description:
      'One customer by id; null when there is none. The id of a customer merged into another (mergeCustomers) gives the one it was merged into, which stands for it now (its `id` differs from the one asked for).',
  })
  async customer(
    @Arg('id', () => ID, { description: 'The customer id.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return (await loadNode(ctx, info, 'Customer', ctx.loaders.customer.byId, id)) ?? survivorOfMerged(ctx, info, 'Customer', id);
  }

  @Authorized()
  @Query(() => CustomerConnection, { description: 'Customers, filtered and paginated. Default order: by name.' })
  customers(@Args(() => CustomerListArgs) args: CustomerListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.customer.list.connection(pageRequest(args, { ...args.filter }, CUSTOMER_DEFAULT_ORDER), {
      projection: pageProjection(ctx, info),
    });
  }

  @Authorized(WRITERS)
  @Mutation(() => Customer, { description: 'Records a new customer. Needs ANALYST or ADMIN.' })
  createCustomer(
    @Arg('input', { description: 'What to do; see CreateCustomerInput for each field, its limits and default.' })
    input: CreateCustomerInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.customer.create(input, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Customer, {
    description:
      "Changes a customer's profile. With expectedVersion, a stale version is a CONFLICT naming the current one. What it replaced is kept " +
      'in its `history` (email and phone withheld from VIEWERs). Unknown id: NOT_FOUND. Needs ANALYST or ADMIN.',
  })
  updateCustomer(
    @Arg('input', { description: 'What to do; see UpdateCustomerInput for each field, its limits and default.' })
    input: UpdateCustomerInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.customer.update(input, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Customer, {
    description: "Makes an employee an owner of a customer's account (no change if already). Needs ANALYST or ADMIN.",
  })
  assignAccountOwner(
    @Arg('input', { description: 'What to do; see AssignAccountOwnerInput for each field, its limits and default.' })
    input: AssignAccountOwnerInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.customer.assignOwner(input, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Customer, { description: "Removes an employee from the owners of a customer's account. Needs ANALYST or ADMIN." })
  unassignAccountOwner(
    @Arg('input', { description: 'What to do; see UnassignAccountOwnerInput for each field, its limits and default.' })
    input: UnassignAccountOwnerInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.customer.unassignOwner(input, caller(ctx));
  }

  @Reads('consentContact', 'consentAnalytics')
  @FieldResolver(() => Consent, { description: 'What the customer agreed to: contact, and inclusion in analytics and learning.' })
  consent(@Root() c: Customer): Consent {
    return { contact: c.consentContact === true, analytics: c.consentAnalytics === true };
  }

  @Reads('revenue', 'costToServe')
  @FieldResolver(() => Float, { description: 'Revenue minus cost to serve, in EUR per year (customer profitability).' })
  profitability(@Root() c: Customer): number {
    return c.revenue - c.costToServe;
  }

  @Reads()
  @FieldResolver(() => Int, { description: countDescription('interactions this customer has had', 'interactions') })
  interactionCount(@Root() c: Customer, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.interaction.list.count(pageRequest({}, {}, INTERACTION_DEFAULT_ORDER, { customerId: c.id }));
  }

  @Reads()
  @FieldResolver(() => Int, { description: countDescription('needs this customer has', 'needs') })
  needCount(@Root() c: Customer, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.need.list.count(pageRequest({}, {}, NEED_DEFAULT_ORDER, { customerId: c.id }));
  }

  @Reads()
  @FieldResolver(() => Int, { description: countDescription('insights are about this customer', 'insights') })
  insightCount(@Root() c: Customer, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.insight.list.count(pageRequest({}, {}, INSIGHT_DEFAULT_ORDER, { aboutCustomerId: c.id }));
  }

  @Ahead(page(interactionList, 'customerId', INTERACTION_DEFAULT_ORDER))
  @FieldResolver(() => InteractionConnection, { description: 'Interactions with this customer. Default order: newest first.' })
  interactions(
    @Root() c: Customer,
    @Args(() => InteractionListArgs) args: InteractionListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ctx.loaders.interaction.list.connection(pageRequest(args, { ...args.filter }, INTERACTION_DEFAULT_ORDER, { customerId: c.id }), {
      ahead: ahead<PageAhead>(c, info),
    });
  }

  @Ahead(page(needList, 'customerId', NEED_DEFAULT_ORDER))
  @FieldResolver(() => NeedConnection, { description: 'Needs this customer has. Default order: newest first.' })
  needs(@Root() c: Customer, @Args(() => NeedListArgs) args: NeedListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.need.list.connection(pageRequest(args, { ...args.filter }, NEED_DEFAULT_ORDER, { customerId: c.id }), {
      ahead: ahead<PageAhead>(c, info),
    });
  }

  @Ahead(related(customerRelations.heldNeeds, HELD_NEED))
  @FieldResolver(() => [HeldNeed], {
    description: "The customer's needs with how strongly and since when they hold each: strongest first, then by title.",
  })
  async heldNeeds(@Root() c: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<HeldNeed[]> {
    const needs =
      ahead<Awaited<ReturnType<typeof ctx.loaders.customer.heldNeeds.load>>>(c, info) ?? (await ctx.loaders.customer.heldNeeds.load(c.id));
    return (
      needs
        .map(({ __rel, ...need }) => ({ need, intensity: __rel?.intensity ?? 0, since: __rel?.since ?? null }))
        // Stable: needs of equal intensity keep the order they came in, by title then id.
        .sort((a, b) => b.intensity - a.intensity)
    );
  }

  @Ahead(page(insightList, 'aboutCustomerId', INSIGHT_DEFAULT_ORDER))
  @FieldResolver(() => InsightConnection, { description: 'Insights about this customer. Default order: newest first.' })
  insights(@Root() c: Customer, @Args(() => InsightListArgs) args: InsightListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.insight.list.connection(pageRequest(args, { ...args.filter }, INSIGHT_DEFAULT_ORDER, { aboutCustomerId: c.id }), {
      ahead: ahead<PageAhead>(c, info),
    });
  }

  @Reads()
  @FieldResolver(() => CustomerConnection, { description: 'For an organization: its contact persons. Default order: by name.' })
  contacts(@Root() c: Customer, @Args(() => CustomerListArgs) args: CustomerListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.customer.list.connection(pageRequest(args, { ...args.filter }, CUSTOMER_DEFAULT_ORDER, { organizationId: c.id }));
  }

  @Ahead(related(customerRelations.owners))
  @FieldResolver(() => [Employee], { description: "Employees who own this customer's account, by name." })
  owners(@Root() c: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ahead<Employee[]>(c, info) ?? ctx.loaders.customer.owners.load(c.id);
  }

  @Ahead(related(customerRelations.segment))
  @FieldResolver(() => Segment, { nullable: true, description: 'The segment this customer belongs to; null when none.' })
  async segment(@Root() c: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return (ahead<unknown[]>(c, info) ?? (await ctx.loaders.customer.segment.load(c.id)))[0] ?? null;
  }

  @Ahead(related(customerRelations.organization))
  @FieldResolver(() => Customer, { nullable: true, description: 'For a contact person: the organization they belong to; null otherwise.' })
  async organization(@Root() c: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return (ahead<unknown[]>(c, info) ?? (await ctx.loaders.customer.organization.load(c.id)))[0] ?? null;
  }

  @Ahead(related(customerRelations.referredBy))
  @FieldResolver(() => Customer, { nullable: true, description: 'The customer who referred this one; null when none.' })
  async referredBy(@Root() c: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return (ahead<unknown[]>(c, info) ?? (await ctx.loaders.customer.referredBy.load(c.id)))[0] ?? null;
  }
}
