import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { EraseCustomerInput, ErasureReceipt } from './privacy.type';
import { renamedIdDescription, renamedReason, renamedValue } from '../../common/validation';

/** Data-protection rights of customers: erasure and export. ADMIN only. */
@Resolver()
export class PrivacyResolver {
  @Authorized(AccessRole.ADMIN)
  @Mutation(() => ErasureReceipt, {
    description:
      "Erases a customer's personal data (right to erasure), in one transaction. The customer stays as a tombstone with the same id " +
      "(name 'Erased customer', no email or phone, CHURNED, no consent; money figures, kind, relationship type and segment kept); its interactions " +
      'are deleted; its account owners, needs, organization or contacts and referrals are unlinked; insights about it alone are ARCHIVED ' +
      '(their title and body, and those of the versions kept of them, replaced when they name the customer); insights about several subjects ' +
      'lose it as a subject; and every remaining mention of its name, email or phone in free text (interaction summary and content, insight ' +
      'title and body and the versions kept of them, annotation body, need title and description, segment description, the reason of an earlier ' +
      'erasure) becomes [erased], as does a topic or segment name that holds one (a topic whose new name exists already is merged into it). ' +
      'Matching is exact: whole words only, without regard to case in any script ("Ann" is not found in "planning"; "İPEK" is "İpek"). ' +
      'An insight whose text changes gets a new version, announced as REVISED; who changed each kept version stays (four eyes still knows ' +
      'who revised an insight). Every write that names the customer waits for the erasure and is then refused (CONFLICT), so nothing comes back. ' +
      'The erasure is recorded without personal data (where text was rewritten, not the text). A customer erased before can be erased again: ' +
      'whatever is left is removed the same way (normally nothing). With `dryRun: true` nothing changes and the receipt says what would. ' +
      'Unknown id: NOT_FOUND. Needs ADMIN.',
  })
  eraseCustomer(
    @Arg('input', { description: 'What to do; see EraseCustomerInput for each field and its limits.' }) input: EraseCustomerInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.privacy.erase(input, caller(ctx));
  }

  @Authorized(AccessRole.ADMIN)
  @Query(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'Everything held about one customer, as one JSON document (data-subject access request): ' +
      '{ exportedAt, customer (every stored property, consent included), segment, organization, contacts, owners, needs (with intensity ' +
      'and since), interactions (every field, content included, with handler, topics and needs; newest first), insights about the customer ' +
      '(with author, annotations and the earlier versions kept of each, oldest first, with who changed them), referredBy, referred }. Date-times are ISO-8601 strings. Null when there is no such ' +
      'customer. Needs ADMIN. Each export leaves an entry in the audit trail (action exportCustomer).',
  })
  async exportCustomer(
    @Arg('id', () => ID, { nullable: true, description: renamedIdDescription('The customer whose data to export.', 'customerId') })
    id: string | null,
    @Arg('customerId', () => ID, {
      nullable: true,
      deprecationReason: renamedReason('id'),
      description: 'Old name of `id`: give one or the other.',
    })
    oldId: string | null,
    @Ctx() ctx: Context,
  ) {
    const customerId = renamedValue(id, oldId, 'id', 'customerId', 'the id of the customer whose data to export');
    const exported = await ctx.services.privacy.export(customerId);
    // Reading everything held about a person is recorded like a change: who, whom, when.
    if (exported) await ctx.services.privacy.recordExport(customerId, ctx.user!.employeeId);
    return exported;
  }
}
