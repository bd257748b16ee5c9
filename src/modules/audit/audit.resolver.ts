import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { filteredPageArgsOf, OrderDirection, pageRequest } from '../../common/connection';
import { AccessRole } from '../../graphql/access';
import type { Context } from '../../graphql/context';
import { ANONYMOUS_AUDIT_BUDGET } from './audit.repository';
import { AuditEntry, AuditEntryConnection, AuditFilter } from './audit.type';

const AuditArgs = filteredPageArgsOf(AuditFilter);
type AuditArgs = InstanceType<typeof AuditArgs>;
const NEWEST_FIRST = { field: 'AT' as const, direction: OrderDirection.DESC };

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Authorized(AccessRole.ADMIN)
  @Query(() => AuditEntryConnection, {
    description:
      'The audit trail of mutations over HTTP, newest first: each mutation that ran, with its outcome, and each request refused before its mutations ran ' +
      `(one entry). Refusals of callers without a valid token are kept up to ${ANONYMOUS_AUDIT_BUDGET.perAddress} per client address and ${ANONYMOUS_AUDIT_BUDGET.total} in all ` +
      `per ${ANONYMOUS_AUDIT_BUDGET.windowMs / 1000} s on each server process; ` +
      'the rest are only counted in /metrics (rapport_audit_refusals_unrecorded_total). Requests refused for the rate limit are not recorded. ' +
      'Queries are not recorded, except exportCustomer. Needs ADMIN.',
  })
  auditTrail(@Args(() => AuditArgs) args: AuditArgs, @Ctx() ctx: Context) {
    return ctx.loaders.audit.list.connection(pageRequest(args, { ...args.filter }, NEWEST_FIRST));
  }
}
