import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { countDescription, pageRequest } from '../../common/connection';
import { AccessRole } from '../../graphql/access';
import { caller, type Context } from '../../graphql/context';
import { CUSTOMER_DEFAULT_ORDER, CustomerListArgs } from '../customer/customer.args';
import { CustomerConnection } from '../customer/customer.type';
import { INSIGHT_DEFAULT_ORDER, InsightListArgs } from '../insight/insight.args';
import { InsightConnection } from '../insight/insight.type';
import { INTERACTION_DEFAULT_ORDER, InteractionListArgs } from '../interaction/interaction.args';
import { InteractionConnection } from '../interaction/interaction.type';
import { EMPLOYEE_DEFAULT_ORDER, EmployeeListArgs } from './employee.args';
import { CreateEmployeeInput, Employee, EmployeeConnection, RevokeEmployeeTokensInput, UpdateEmployeeInput } from './employee.type';
import { Reads } from '../../graphql/lookahead';
import { Permissions, permissionsOf } from './employee.permissions';

@Resolver(() => Employee)
export class EmployeeResolver {
  @Authorized()
  @Query(() => Employee, { nullable: true, description: 'The employee the token belongs to.' })
  me(@Ctx() ctx: Context) {
    return ctx.loaders.employee.byId.load(caller(ctx).employeeId);
  }

  @Reads('accessRoles')
  @FieldResolver(() => Permissions, {
    description:
      "What this employee may do through the API. For `me`: what the caller's token allows now (its roles, bounded by the employee's " +
      'access roles in the graph); for anyone else: what their access roles allow. Ask it once (`me { can { readPersonalData } }`) and ' +
      'shape the queries by it, rather than reading fields that would answer FORBIDDEN.',
  })
  can(@Root() e: Employee, @Ctx() ctx: Context): Permissions {
    return permissionsOf(e.id === ctx.user?.employeeId ? ctx.user.roles : e.accessRoles);
  }

  @Authorized()
  @Query(() => Employee, { nullable: true, description: 'One employee by id; null when there is none.' })
  employee(@Arg('id', () => ID, { description: 'The employee id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.employee.byId.load(id);
  }

  @Authorized()
  @Query(() => EmployeeConnection, { description: 'Employees, filtered and paginated. Default order: by name.' })
  employees(@Args(() => EmployeeListArgs) args: EmployeeListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.employee.list.connection(pageRequest(args, { ...args.filter }, EMPLOYEE_DEFAULT_ORDER));
  }

  @Authorized(AccessRole.ADMIN)
  @Mutation(() => Employee, { description: 'Records a new employee. Needs ADMIN.' })
  createEmployee(
    @Arg('input', { description: 'What to do; see CreateEmployeeInput for each field, its limits and default.' })
    input: CreateEmployeeInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.employee.create(input, caller(ctx));
  }

  @Authorized(AccessRole.ADMIN)
  @Mutation(() => Employee, {
    description:
      'Changes an employee. Unknown id: NOT_FOUND. Needs ADMIN. New access roles take effect for the tokens already issued too: at once for mutations and on this server, within a minute on other server copies.',
  })
  updateEmployee(
    @Arg('input', { description: 'What to do; see UpdateEmployeeInput for each field, its limits and default.' })
    input: UpdateEmployeeInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.employee.update(input, caller(ctx));
  }

  @Authorized(AccessRole.ADMIN)
  @Mutation(() => Employee, {
    description:
      'Revokes every token of an employee issued until now (a lost laptop, a leaked token, someone leaving): they are refused (UNAUTHENTICATED, "The token was revoked") at once for mutations and on this server, within a minute on other server copies, and the employee\'s open WebSocket connections are closed (4401). Tokens issued afterwards work. Returns the employee with `tokensRevokedAt`. Unknown id: NOT_FOUND. Needs ADMIN.',
  })
  revokeEmployeeTokens(
    @Arg('input', { description: 'Whose tokens to revoke; see RevokeEmployeeTokensInput.' }) input: RevokeEmployeeTokensInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.employee.revokeTokens(input, caller(ctx));
  }

  @Reads()
  @FieldResolver(() => Int, { description: countDescription('customer accounts this employee owns', 'accounts') })
  accountCount(@Root() e: Employee, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.customer.list.count(pageRequest({}, {}, CUSTOMER_DEFAULT_ORDER, { ownerId: e.id }));
  }

  @Reads()
  @FieldResolver(() => CustomerConnection, { description: 'Customer accounts this employee owns. Default order: by name.' })
  accounts(@Root() e: Employee, @Args(() => CustomerListArgs) args: CustomerListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.customer.list.connection(pageRequest(args, { ...args.filter }, CUSTOMER_DEFAULT_ORDER, { ownerId: e.id }));
  }

  @Reads()
  @FieldResolver(() => Int, { description: countDescription('interactions this employee handled', 'interactions') })
  interactionCount(@Root() e: Employee, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.interaction.list.count(pageRequest({}, {}, INTERACTION_DEFAULT_ORDER, { employeeId: e.id }));
  }

  @Reads()
  @FieldResolver(() => InteractionConnection, { description: 'Interactions this employee handled. Default order: newest first.' })
  interactions(@Root() e: Employee, @Args(() => InteractionListArgs) args: InteractionListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.interaction.list.connection(pageRequest(args, { ...args.filter }, INTERACTION_DEFAULT_ORDER, { employeeId: e.id }));
  }

  @Reads()
  @FieldResolver(() => InsightConnection, { description: 'Insights this employee wrote. Default order: newest first.' })
  insights(@Root() e: Employee, @Args(() => InsightListArgs) args: InsightListArgs, @Ctx() ctx: Context) {
    return ctx.loaders.insight.list.connection(pageRequest(args, { ...args.filter }, INSIGHT_DEFAULT_ORDER, { authorId: e.id }));
  }
}
