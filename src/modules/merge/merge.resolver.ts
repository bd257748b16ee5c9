import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Row } from '../../db/graph';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { loadNode, Reads } from '../../graphql/lookahead';
import { Customer } from '../customer/customer.type';
import { Employee } from '../employee/employee.type';
import { Need } from '../need/need.type';
import * as repo from './merge.repository';
import {
  DismissDuplicateInput,
  DismissedDuplicate,
  DuplicateCandidate,
  DuplicateCandidateArgs,
  DuplicateCandidateConnection,
  MergeCustomersInput,
  MergeNeedsInput,
} from './merge.type';

/** Merges are for those who change knowledge; possible duplicates compare emails and phones (personal data). */
const WRITERS = [AccessRole.ANALYST, AccessRole.ADMIN];

/**
 * `customer(id:)` and `need(id:)` of a merged record: the record it was merged into, which stands
 * for it now (as a CRM answers for a merged contact), or null when the id is not a merged one.
 */
export async function survivorOfMerged(
  ctx: Context,
  info: GraphQLResolveInfo,
  label: 'Customer' | 'Need',
  id: string,
): Promise<Row | null> {
  const survivorId = await repo.survivorOf(ctx.loaders.reader, label === 'Customer' ? 'MergedCustomer' : 'MergedNeed', id);
  if (!survivorId) return null;
  return label === 'Customer'
    ? loadNode(ctx, info, 'Customer', ctx.loaders.customer.byId, survivorId)
    : ctx.loaders.need.byId.load(survivorId);
}

/** The description of `mergeCustomers` (lines joined with spaces; kept apart for its length). */
const MERGE_CUSTOMERS = [
  'Merges a customer recorded twice into one, in one transaction, and returns the survivor. Needs ADMIN, or ANALYST with a',
  '`reason`. The survivor takes over every interaction, need (a need both hold keeps the higher intensity and the earlier',
  '`since`), insight, account owner, contact person, referral (both ways; none of itself) and, when it has none, the',
  'organization and segment of the merged customer. Its profile stays: name, kind, lifecycle stage, relationship type and',
  "money figures are the survivor's (two records of one customer describe the same business, so figures are not added up;",
  'the merged ones are in the history); an email or phone it lacks is taken from the merged customer; consent is the',
  'stricter of the two (either one without consent: none); `createdAt` is the earlier one; `version` grows by one. The',
  "merged customer's id and external id then stand for the survivor: `customer(id:)`, `customers(filter: { externalId })`",
  'and a re-import find it. Both histories keep it (a change of kind `MERGED` on the survivor, with the merged profile, and',
  'one of kind `MERGED_INTO` on the merged id); `recordChanged` tells subscribers. Retrying a merge that went through',
  'returns the survivor and changes nothing. Refused, changing nothing: the same customer twice or customers of two kinds',
  '(BAD_USER_INPUT), an unknown id (NOT_FOUND), an erased customer on either side, a customer already merged into another',
  '(CONFLICT).',
].join(' ');

@Resolver()
export class MergeResolver {
  @Authorized(WRITERS)
  @Mutation(() => Customer, {
    description: MERGE_CUSTOMERS,
  })
  mergeCustomers(@Arg('input', { description: 'Which customer into which, and why.' }) input: MergeCustomersInput, @Ctx() ctx: Context) {
    return ctx.services.merge.mergeCustomers(input, caller(ctx));
  }

  @Authorized(WRITERS)
  @Mutation(() => Need, {
    description:
      'Merges a need raised twice (under different titles) into one, in one transaction, and returns the survivor. Needs ANALYST or ADMIN. ' +
      'The survivor takes over every holder (a customer holding both keeps the higher intensity and the earlier `since`), every interaction ' +
      'that expressed it, its topics and the insights about it, each once. Its title, kind, priority and status stay; a description it lacks is ' +
      "taken over; `createdAt` is the earlier one; `version` grows by one. The merged need's id and external id then stand for the survivor " +
      '(`need(id:)`, imports). Histories, events, retries and refusals as for mergeCustomers.',
  })
  mergeNeeds(@Arg('input', { description: 'Which need into which, and why.' }) input: MergeNeedsInput, @Ctx() ctx: Context) {
    return ctx.services.merge.mergeNeeds(input, caller(ctx));
  }

  @Authorized(WRITERS)
  @Query(() => DuplicateCandidateConnection, {
    description:
      'Pairs of customers that are probably one customer recorded twice, most likely first (by score, then by ids), for a person to merge ' +
      'or dismiss: the same email, the same phone, or similar names (see DuplicateReason). Only customers of one kind pair; erased customers ' +
      'and dismissed pairs are left out. Needs ANALYST or ADMIN (it compares emails and phones).',
  })
  duplicateCandidates(@Args(() => DuplicateCandidateArgs) args: DuplicateCandidateArgs, @Ctx() ctx: Context) {
    return ctx.services.merge.duplicatePage(ctx.loaders.reader, args);
  }

  @Authorized(WRITERS)
  @Mutation(() => DismissedDuplicate, {
    description:
      'Records that two customers listed as a possible duplicate are two customers: `duplicateCandidates` no longer lists the pair. ' +
      'Dismissing a pair again changes nothing. Unknown or merged customers: NOT_FOUND. Needs ANALYST or ADMIN.',
  })
  dismissDuplicate(@Arg('input', { description: 'The pair.' }) input: DismissDuplicateInput, @Ctx() ctx: Context) {
    return ctx.services.merge.dismissDuplicate(input, caller(ctx));
  }
}

@Resolver(() => DuplicateCandidate)
export class DuplicateCandidateResolver {
  @FieldResolver(() => [Customer], { description: 'The two customers, in id order.' })
  async customers(@Root() d: DuplicateCandidate, @Ctx() ctx: Context) {
    return (await ctx.loaders.customer.byId.loadMany(d.customerIds)).filter((c) => c && !(c instanceof Error));
  }
}

@Resolver(() => DismissedDuplicate)
export class DismissedDuplicateResolver {
  @FieldResolver(() => [Customer], { description: 'The two customers (those that still exist), in id order.' })
  async customers(@Root() d: DismissedDuplicate, @Ctx() ctx: Context) {
    return (await ctx.loaders.customer.byId.loadMany(d.customerIds)).filter((c) => c && !(c instanceof Error));
  }

  @FieldResolver(() => Employee, { nullable: true, description: 'Who dismissed it; null when that employee no longer exists.' })
  dismissedBy(@Root() d: DismissedDuplicate, @Ctx() ctx: Context) {
    return ctx.loaders.employee.byId.load(d.dismissedById);
  }
}

@Resolver(() => Customer)
export class CustomerMergesResolver {
  @Reads()
  @FieldResolver(() => [ID], {
    description: 'The ids of the customers merged into this one (mergeCustomers), oldest merge first: they stand for this customer now.',
  })
  async mergedIds(@Root() c: Customer, @Ctx() ctx: Context): Promise<string[]> {
    return (await repo.mergedInto(ctx.loaders.reader, 'MergedCustomer', c.id)).map((m) => m.id);
  }

  @Reads()
  @FieldResolver(() => [String], {
    description:
      'The external ids of the customers merged into this one, oldest merge first: `customers(filter: { externalId })` and the importer ' +
      'find this customer by any of them, as by `externalId`.',
  })
  async mergedExternalIds(@Root() c: Customer, @Ctx() ctx: Context): Promise<string[]> {
    return (await repo.mergedInto(ctx.loaders.reader, 'MergedCustomer', c.id)).flatMap((m) => (m.externalId ? [m.externalId] : []));
  }
}

@Resolver(() => Need)
export class NeedMergesResolver {
  @Reads()
  @FieldResolver(() => [ID], {
    description: 'The ids of the needs merged into this one (mergeNeeds), oldest merge first: they stand for this need now.',
  })
  async mergedIds(@Root() n: Need, @Ctx() ctx: Context): Promise<string[]> {
    return (await repo.mergedInto(ctx.loaders.reader, 'MergedNeed', n.id)).map((m) => m.id);
  }
}
