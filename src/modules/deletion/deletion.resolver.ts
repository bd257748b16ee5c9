import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Node } from '../../graphql/node';
import { liveNodes } from '../node/node.resolver';
import { ValidateNested } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, OrderDirection, pageRequest } from '../../common/connection';
import { listLoader } from '../../common/loaders';
import type { Row } from '../../db/graph';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { Annotation } from '../annotation/annotation.type';
import { Customer } from '../customer/customer.type';
import { Employee } from '../employee/employee.type';
import { Insight } from '../insight/insight.type';
import { Interaction } from '../interaction/interaction.type';
import { Need } from '../need/need.type';
import { deletedList, type DeletedFilterField } from './deletion.repository';
import { labelOfType } from '../history/history.type';
import {
  DeleteAnnotationInput,
  DeleteCustomerInput,
  DeletedRecordConnection,
  DeletedRecordFilter,
  DeletedRecordRef,
  DeleteInteractionInput,
  DeleteNeedInput,
  Deletion,
  RestoreAnnotationInput,
  RestoreCustomerInput,
  RestoreInteractionInput,
  RestoreNeedInput,
  UnlinkEvidenceInput,
} from './deletion.type';

const WRITERS = [AccessRole.ANALYST, AccessRole.ADMIN];

const SOFT =
  'Soft: it disappears from every read, list, count, search, analytics, learning and subscription at once, and an ADMIN can restore it ' +
  'for the retention period (DELETED_RETENTION_DAYS, 30 days by default) before the purge deletes it for good. ' +
  'Already deleted: NOT_FOUND saying so and until when it can be restored; unknown id: NOT_FOUND.';

const RESTORE =
  'Puts it back as it was, with everything deleted with it, in one transaction; each record restored gets version + 1 and a RESTORED ' +
  'entry in its history. Its links are made again to the records still there (to the survivor when one was merged; to one deleted ' +
  'since, when that is restored); those that cannot be are listed in the history entry (`linksNotRestored`). Evidence comes back ' +
  'without raising the confidence of the insights that lost it. Not deleted, or purged: NOT_FOUND. Deleted with another record (an ' +
  'interaction with its customer): BAD_USER_INPUT naming that record, which is restored instead. An external id used since: CONFLICT. Needs ADMIN.';

@ArgsType()
class DeletedRecordsArgs {
  @Field(() => DeletedRecordFilter, { nullable: true, description: 'Only deletions that match every given field of this filter.' })
  @ValidateNested()
  filter?: DeletedRecordFilter;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `How many deletions to return, 0 to ${MAX_PAGE_SIZE}. Default (also when null): ${DEFAULT_PAGE_SIZE}.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the deletions after this cursor (an `endCursor` of this list).' })
  after?: string;
}

@Resolver(() => Deletion)
export class DeletionResolver {
  @Authorized(WRITERS)
  @Mutation(() => Deletion, {
    description: `Deletes an interaction (and nothing with it): insights citing it lose it as evidence (see unlinkEvidence). ${SOFT} Needs ANALYST or ADMIN.`,
  })
  deleteInteraction(
    @Arg('input', () => DeleteInteractionInput, { description: 'Which interaction, and why.' }) input: DeleteInteractionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deletion.delete('Interaction', input, caller(ctx), 'deleteInteraction');
  }

  @Authorized(WRITERS)
  @Mutation(() => Deletion, {
    description: `Deletes an annotation: its author or an ADMIN (anyone else: FORBIDDEN). ${SOFT} Needs ANALYST or ADMIN.`,
  })
  deleteAnnotation(
    @Arg('input', () => DeleteAnnotationInput, { description: 'Which annotation, and why.' }) input: DeleteAnnotationInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deletion.delete('Annotation', input, caller(ctx), 'deleteAnnotation');
  }

  @Authorized(WRITERS)
  @Mutation(() => Deletion, {
    description:
      'Deletes a need with the insights about it alone (and their annotations); the customers who held it and the interactions that ' +
      `expressed it stay (they no longer show it). ${SOFT} Needs ANALYST or ADMIN.`,
  })
  deleteNeed(@Arg('input', () => DeleteNeedInput, { description: 'Which need, and why.' }) input: DeleteNeedInput, @Ctx() ctx: Context) {
    return ctx.services.deletion.delete('Need', input, caller(ctx), 'deleteNeed');
  }

  @Authorized(WRITERS)
  @Mutation(() => Deletion, {
    description:
      'Deletes a customer with its interactions, the insights about it alone and their annotations; its contacts, owners, needs and ' +
      'segment stay (they no longer show it), and insights citing its interactions lose that evidence. An erased customer: CONFLICT ' +
      `(erased stays erased; erasure is eraseCustomer). ${SOFT} Needs ANALYST or ADMIN.`,
  })
  deleteCustomer(
    @Arg('input', () => DeleteCustomerInput, { description: 'Which customer, and why.' }) input: DeleteCustomerInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deletion.delete('Customer', input, caller(ctx), 'deleteCustomer');
  }

  @Authorized(AccessRole.ADMIN)
  @Mutation(() => Interaction, {
    description: `Restores a deleted interaction. Its customer must be there (else CONFLICT naming it). ${RESTORE}`,
  })
  async restoreInteraction(
    @Arg('input', () => RestoreInteractionInput, { description: 'Which interaction.' }) input: RestoreInteractionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deletion.restore('Interaction', input.id, caller(ctx), 'restoreInteraction');
  }

  @Authorized(AccessRole.ADMIN)
  @Mutation(() => Annotation, {
    description: `Restores a deleted annotation. Its insight must be there (else CONFLICT naming it). ${RESTORE}`,
  })
  async restoreAnnotation(
    @Arg('input', () => RestoreAnnotationInput, { description: 'Which annotation.' }) input: RestoreAnnotationInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deletion.restore('Annotation', input.id, caller(ctx), 'restoreAnnotation');
  }

  @Authorized(AccessRole.ADMIN)
  @Mutation(() => Need, { description: `Restores a deleted need with the insights deleted with it. ${RESTORE}` })
  async restoreNeed(@Arg('input', () => RestoreNeedInput, { description: 'Which need.' }) input: RestoreNeedInput, @Ctx() ctx: Context) {
    return ctx.services.deletion.restore('Need', input.id, caller(ctx), 'restoreNeed');
  }

  @Authorized(AccessRole.ADMIN)
  @Mutation(() => Customer, {
    description: `Restores a deleted customer with its interactions and the insights deleted with it. ${RESTORE}`,
  })
  async restoreCustomer(
    @Arg('input', () => RestoreCustomerInput, { description: 'Which customer.' }) input: RestoreCustomerInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deletion.restore('Customer', input.id, caller(ctx), 'restoreCustomer');
  }

  @Authorized(WRITERS)
  @Mutation(() => Insight, {
    description:
      'Removes interactions from the evidence of an insight (the mirror of linkEvidence; those that are not its evidence are ignored). ' +
      'The insight gets a new version (the one replaced is kept in its history) whose confidence is scaled by the evidence left: ' +
      'confidence × remaining / previous evidence count, rounded to 4 decimals, and 0 when no evidence is left; announced as ' +
      '`insightChanged` EVIDENCE_REMOVED. Linking evidence again does not raise it back (reviseInsight does). Nothing removed: ' +
      'the insight as it is. An ARCHIVED insight: CONFLICT; a stale `expectedVersion`: CONFLICT. Needs ANALYST or ADMIN.',
  })
  unlinkEvidence(
    @Arg('input', () => UnlinkEvidenceInput, { description: 'Which insight, and which interactions.' }) input: UnlinkEvidenceInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deletion.unlinkEvidence(input, caller(ctx));
  }

  @Authorized(AccessRole.ADMIN)
  @Query(() => DeletedRecordConnection, {
    description:
      'What can still be restored: each deletion a person made (its root record; what went with it is in `cascaded`), newest first, ' +
      'until the purge deletes it after the retention period. Needs ADMIN.',
  })
  deletedRecords(@Args(() => DeletedRecordsArgs) args: DeletedRecordsArgs, @Ctx() ctx: Context) {
    const filter: Partial<Record<DeletedFilterField, unknown>> = {
      roots: true,
      recordTypes: args.filter?.recordTypes?.map(labelOfType) ?? null,
    };
    const list = listLoader<Row, DeletedFilterField, 'DELETED_AT'>(ctx.loaders.reader, deletedList);
    const connection = list.connection(pageRequest(args, filter, { field: 'DELETED_AT', direction: OrderDirection.DESC }));
    const toDeletion = (n: Row) => ctx.services.deletion.deletionOf(n);
    return {
      get edges() {
        return Promise.resolve(connection.edges).then((edges) =>
          edges.map((e) => ({
            get cursor() {
              return e.cursor;
            },
            node: toDeletion(e.node),
          })),
        );
      },
      get pageInfo() {
        return connection.pageInfo;
      },
      get totalCount() {
        return connection.totalCount;
      },
    } as unknown as DeletedRecordConnection;
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'Who deleted it; null when that employee no longer exists.' })
  by(@Root() d: Deletion, @Ctx() ctx: Context) {
    return d.deletedById ? ctx.loaders.employee.byId.load(d.deletedById) : null;
  }

  @FieldResolver(() => [DeletedRecordRef], {
    description:
      'What went with it (nothing for an interaction or an annotation): a customer takes its interactions, the insights about it alone ' +
      'and their annotations; a need takes the insights about it alone and their annotations. Restored with it, never alone.',
  })
  cascaded(@Root() d: Deletion & { cascaded?: DeletedRecordRef[] }, @Ctx() ctx: Context) {
    return d.cascaded ?? ctx.loaders.deletion.cascaded.load(d.id);
  }

  @FieldResolver(() => [Node], {
    description:
      'The records still there whose lists and counts this deletion changed: those the deleted records (the root and what went with ' +
      "it) were linked to (the customer, handler, needs and topics of an interaction, the insight of an annotation, a need's holders, a " +
      "customer's owners and segment) and the insights that lost evidence. Select them (with their counts) in a delete mutation's answer, " +
      'and a normalized client cache updates them without another request. Records the caller may not read are left out.',
  })
  async affected(@Root() d: Deletion, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return liveNodes(ctx, info, [...new Set([...(await ctx.loaders.deletion.linked.load(d.id)), ...d.evidenceRemovedFrom])]);
  }

  @FieldResolver(() => Int, { description: 'How many records went with it: the length of `cascaded`.' })
  async cascadedCount(@Root() d: Deletion & { cascaded?: DeletedRecordRef[] }, @Ctx() ctx: Context) {
    return (d.cascaded ?? (await ctx.loaders.deletion.cascaded.load(d.id))).length;
  }
}
