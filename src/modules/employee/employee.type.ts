import { Node } from '../../graphql/node';
import { ArrayMaxSize, IsEmail, MaxLength } from 'class-validator';
import { NotBlank, RenamedId } from '../../common/validation';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf, orderOf } from '../../common/connection';
import { AccessRole } from '../../graphql/access';
import { ReadsItself } from '../../graphql/lookahead';

export enum EmployeeRole {
  ACCOUNT_MANAGER = 'ACCOUNT_MANAGER',
  SUPPORT_AGENT = 'SUPPORT_AGENT',
  ANALYST = 'ANALYST',
  PRODUCT_MANAGER = 'PRODUCT_MANAGER',
  CUSTOMER_SUCCESS = 'CUSTOMER_SUCCESS',
  EXECUTIVE = 'EXECUTIVE',
}
registerEnumType(EmployeeRole, {
  name: 'EmployeeRole',
  description: 'The job an employee does with customers.',
  valuesConfig: {
    ACCOUNT_MANAGER: { description: 'Owns customer accounts and grows them.' },
    SUPPORT_AGENT: { description: 'Answers customers who need help.' },
    ANALYST: { description: 'Turns interactions into insights.' },
    PRODUCT_MANAGER: { description: 'Turns customer needs into the product.' },
    CUSTOMER_SUCCESS: { description: 'Onboards customers and keeps them successful.' },
    EXECUTIVE: { description: 'Leads; sponsors key relationships.' },
  },
});

@ObjectType({ implements: Node, description: 'A person of the company: account owner, support agent, analyst.' })
export class Employee {
  @Field(() => ID, { description: "Opaque unique id; also the `sub` of this employee's tokens." })
  id!: string;

  @ReadsItself()
  @Field(() => String, {
    nullable: true,
    description: 'Its id in the system it was imported from (`npm run import`); null when it was created here.',
  })
  externalId!: string | null;

  @ReadsItself()
  @Field({ description: 'Full name.' })
  name!: string;

  @ReadsItself()
  @Field({ description: 'Work email address, unique.' })
  email!: string;

  @ReadsItself()
  @Field({ description: 'Team, e.g. "Key Accounts" or "Support".' })
  team!: string;

  @ReadsItself()
  @Field(() => EmployeeRole, { description: 'Job role.' })
  role!: EmployeeRole;

  @ReadsItself()
  @Field(() => [AccessRole], { description: "Access roles written into this employee's tokens." })
  accessRoles!: AccessRole[];

  @ReadsItself()
  @Field(() => Date, { description: 'When the employee was recorded.' })
  createdAt!: Date;

  @ReadsItself()
  @Field(() => Date, { description: 'When the employee last changed.' })
  updatedAt!: Date;

  @ReadsItself()
  @Field(() => Date, {
    nullable: true,
    description:
      "When this employee's tokens were last revoked (revokeEmployeeTokens): every token issued until then, to the second, and every token without an issue time (`iat`), is refused. Null when never.",
  })
  tokensRevokedAt!: Date | null;
}

export const EmployeeConnection = connectionOf(Employee, 'Employee', 'employees');

export enum EmployeeOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(EmployeeOrderField, {
  name: 'EmployeeOrderField',
  description: 'What a list of employees can be sorted by.',
  valuesConfig: {
    NAME: { description: 'Name, alphabetically (case-insensitive).' },
    CREATED_AT: { description: 'When the employee was recorded.' },
  },
});

export const EmployeeOrder = orderOf(EmployeeOrderField, 'Employee', 'Sort order of a list of employees. Default: by name, ascending.');
export type EmployeeOrder = InstanceType<typeof EmployeeOrder>;

@InputType({ description: 'Narrows a list of employees; every given field must hold (AND).' })
export class EmployeeFilter {
  @Field({ nullable: true, description: 'Part of the name, case-insensitive.' })
  @MaxLength(200)
  nameContains?: string;

  @Field(() => [String], { nullable: true, description: 'Any of these teams (exact names).' })
  @ArrayMaxSize(50)
  teams?: string[];

  @Field(() => [EmployeeRole], { nullable: true, description: 'Any of these job roles.' })
  roles?: EmployeeRole[];

  @Field(() => ID, { nullable: true, description: "Employees who own this customer's account." })
  @MaxLength(100)
  ownsCustomerId?: string;
}

@InputType({ description: 'A new employee.' })
export class CreateEmployeeInput {
  @Field({ description: 'Full name, 1 to 200 characters.' })
  @NotBlank()
  @MaxLength(200)
  name!: string;

  @Field({ description: 'Work email address; must be unique.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @Field({ description: 'Team, 1 to 100 characters.' })
  @NotBlank()
  @MaxLength(100)
  team!: string;

  @Field(() => EmployeeRole, { description: 'Job role.' })
  role!: EmployeeRole;

  @Field(() => [AccessRole], { defaultValue: [AccessRole.VIEWER], description: 'Access roles. Default: [VIEWER].' })
  @ArrayMaxSize(3)
  accessRoles!: AccessRole[];
}

@InputType({ description: 'Changes to an employee. Omitted fields keep their value.' })
export class UpdateEmployeeInput {
  @Field(() => ID, { description: 'The employee to change.' })
  @MaxLength(100)
  id!: string;

  @Field({ nullable: true, description: 'New full name.' })
  @NotBlank()
  @MaxLength(200)
  name?: string;

  @Field({ nullable: true, description: 'New work email address; must be unique.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email?: string;

  @Field({ nullable: true, description: 'New team.' })
  @NotBlank()
  @MaxLength(100)
  team?: string;

  @Field(() => EmployeeRole, { nullable: true, description: 'New job role.' })
  role?: EmployeeRole;

  @Field(() => [AccessRole], { nullable: true, description: 'New access roles (replace the old ones).' })
  @ArrayMaxSize(3)
  accessRoles?: AccessRole[];
}

@InputType({ description: 'Whose tokens to revoke.' })
@RenamedId('employeeId', 'The employee whose tokens issued until now are refused from now on.', 'the id of the employee')
export class RevokeEmployeeTokensInput {
  /** Given as `id` or as `employeeId` (see @RenamedId); always set once validated. */
  id!: string;
  employeeId?: string;
}
