import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { HISTORY_DESCRIPTION, HistoryArgs, historyOf } from '../history/history.resolver';
import { RecordChangeConnection } from '../history/history.type';
import { VERSION_DESCRIPTION, versionOf } from '../history/version';
import { filteredPageArgsOf, OrderDirection, pageRequest } from '../../common/connection';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { CUSTOMER_DEFAULT_ORDER, CustomerListArgs } from '../customer/customer.args';
import { CustomerConnection } from '../customer/customer.type';
import { INSIGHT_DEFAULT_ORDER, InsightListArgs } from '../insight/insight.args';
import { InsightConnection } from '../insight/insight.type';
import { CreateSegmentInput, Segment, SegmentConnection, SegmentFilter, UpdateSegmentInput } from './segment.type';
import { Reads, ReadsItself } from '../../graphql/lookahead';

const SegmentListArgs = filteredPageArgsOf(SegmentFilter);
type SegmentListArgs = InstanceType<typeof SegmentListArgs>;
const BY_NAME = { field: 'NAME' as const, direction: OrderDirection.ASC };

@Resolver(() => Segment)
export class SegmentResolver {
  @Reads()
  @FieldResolver(() => RecordChangeConnection, { description: HISTORY_DESCRIPTION })
  history(@Root() s: Segment, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: Context) {
    return historyOf(ctx, s.id, args);
  }

  @ReadsItself()
  @FieldResolver(() => Int, { description: VERSION_DESCRIPTION })
  version(@Root() s: Segment): number {
    return versionOf(s);
  }

  @Authorized()
  @Query(() => Segment, { nullable: true, description: 'One segment by id; null when there is none.' })
  segment(@Arg('id', () => ID, { description: 'The segment id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.segment.byId.load(id);
  }

  @Authorized()
  @Query(() => SegmentConnection, { description: 'Segments, by name (case-insensitive).' })
  segments(@Args(() => SegmentListArgs) args: SegmentListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.segment.list.connection(pageRequest(args, { ...args.filter }, BY_NAME));
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => Segment, { description: 'Creates a segment; a name already in use is a CONFLICT. Needs ANALYST or ADMIN.' })
  createSegment(
    @Arg('input', { description: 'What to do; see CreateSegmentInput for each field, its limits and default.' }) input: CreateSegmentInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.segment.create(input, caller(ctx));
  }

  @Authorized(AccessRole.ANALYST, AccessRole.ADMIN)
  @Mutation(() => Segment, {
    description:
      'Renames or re-describes a segment. Only the fields given change, if expectedVersion is still its version (else CONFLICT naming the ' +
      'current one); a name another segment has is a CONFLICT; what it replaced is kept in its `history`. Unknown id: NOT_FOUND. Needs ANALYST or ADMIN.',
  })
  updateSegment(
    @Arg('input', { description: 'What to change; see UpdateSegmentInput for each field and its limits.' }) input: UpdateSegmentInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.segment.update(input, caller(ctx));
  }

  @Reads()
  @FieldResolver(() => CustomerConnection, { description: 'Customers in this segment. Default order: by name.' })
  customers(@Root() s: Segment, @Args(() => CustomerListArgs) args: CustomerListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.customer.list.connection(pageRequest(args, { ...args.filter }, CUSTOMER_DEFAULT_ORDER, { segmentId: s.id }));
  }

  @Reads()
  @FieldResolver(() => InsightConnection, { description: 'Insights about this segment. Default order: newest first.' })
  insights(@Root() s: Segment, @Args(() => InsightListArgs) args: InsightListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.insight.list.connection(pageRequest(args, { ...args.filter }, INSIGHT_DEFAULT_ORDER, { aboutSegmentId: s.id }));
  }
}
