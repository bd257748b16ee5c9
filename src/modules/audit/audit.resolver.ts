import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { filteredPageArgsOf, OrderDirection, pageRequest } from '../../common/connection';
import { AccessRole } from '../../server/auth';
import type { Context } from '../../server/context';
import { AuditEntry, AuditEntryConnection, AuditFilter } from './audit.type';

const AuditArgs = filteredPageArgsOf(AuditFilter);
type AuditArgs = InstanceType<typeof AuditArgs>;
const NEWEST_FIRST = { field: 'AT' as const, direction: OrderDirection.DESC };

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Authorized(AccessRole.ADMIN)
  @Query(() => AuditEntryConnection, { description: 'The audit trail of mutations, newest first. Needs ADMIN.' })
  auditTrail(@Args(() => AuditArgs) args: AuditArgs, @Ctx() ctx: Context) {
    return ctx.loaders.audit.list.connection(pageRequest(args, { ...args.filter }, NEWEST_FIRST));
  }
}
