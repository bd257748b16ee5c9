import { ArrayMaxSize, IsEmail, Matches, Max, MaxLength, Min } from 'class-validator';
import { NotBlank } from '../../common/validation';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { EXPECTED_VERSION_DESCRIPTION } from '../history/version';
import { ConsentInput, CustomerKind, LifecycleStage, RelationshipType } from './customer.type';

/** The largest amount of money a field takes (revenue, cost to serve, lifetime value), in the API and the importer. */
export const MAX_MONEY = 1e12;

/** What a phone number may hold, in the API and the importer. */
export const PHONE_PATTERN = /^[0-9+()\-. ]{3,40}$/;
export const PHONE_RULE = 'may hold digits, spaces and + ( ) - . only (3 to 40 characters)';

@InputType({ description: 'A new customer.' })
export class CreateCustomerInput {
  @Field({ description: 'Display name, 1 to 200 characters.' })
  @NotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => CustomerKind, { description: 'Person or organization.' })
  kind!: CustomerKind;

  @Field({ nullable: true, description: 'Contact email address.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email?: string;

  @Field({ nullable: true, description: 'Contact phone number: digits, spaces and + ( ) - . only, up to 40 characters.' })
  @Matches(PHONE_PATTERN, { message: `phone ${PHONE_RULE}` })
  phone?: string;

  @Field(() => LifecycleStage, { defaultValue: LifecycleStage.PROSPECT, description: 'Lifecycle stage. Default: PROSPECT.' })
  lifecycleStage!: LifecycleStage;

  @Field(() => RelationshipType, {
    defaultValue: RelationshipType.TRANSACTIONAL,
    description: 'Relationship type. Default: TRANSACTIONAL.',
  })
  relationshipType!: RelationshipType;

  @Field(() => Float, { defaultValue: 0, description: 'Revenue, EUR per year, 0 or more. Default: 0.' })
  @Min(0)
  @Max(MAX_MONEY)
  revenue!: number;

  @Field(() => Float, { defaultValue: 0, description: 'Cost to serve, EUR per year, 0 or more. Default: 0.' })
  @Min(0)
  @Max(MAX_MONEY)
  costToServe!: number;

  @Field(() => Float, { defaultValue: 0, description: 'Expected lifetime value, EUR, 0 or more. Default: 0.' })
  @Min(0)
  @Max(MAX_MONEY)
  lifetimeValue!: number;

  @Field(() => ID, { nullable: true, description: 'Segment to place the customer in.' })
  @MaxLength(100)
  segmentId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'For a contact person (kind PERSON) only: the organization (a customer of kind ORGANIZATION) they belong to. Not erased.',
  })
  @MaxLength(100)
  organizationId?: string;

  @Field(() => ID, { nullable: true, description: 'The customer who referred this one.' })
  @MaxLength(100)
  referredById?: string;

  @Field(() => [ID], { defaultValue: [], description: 'Employees who own the account (at most 10). Default: none.' })
  @ArrayMaxSize(10)
  @MaxLength(100, { each: true })
  ownerIds!: string[];

  @Field(() => ConsentInput, { nullable: true, description: 'What the customer agreed to. Default: nothing (no contact, no analytics).' })
  consent?: ConsentInput;
}

@InputType({ description: "Changes to a customer's profile. Omitted fields keep their value; `null` clears an optional one." })
export class UpdateCustomerInput {
  @Field(() => ID, { description: 'The customer to change.' })
  @MaxLength(100)
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description: `Optional: ${EXPECTED_VERSION_DESCRIPTION} Omitted: the change applies to whatever version is current.`,
  })
  @Min(1)
  expectedVersion?: number | null;

  @Field({ nullable: true, description: 'New display name, 1 to 200 characters.' })
  @NotBlank()
  @MaxLength(200)
  name?: string;

  @Field(() => String, { nullable: true, description: 'New email address; null clears it.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'New phone number; null clears it.' })
  @Matches(PHONE_PATTERN, { message: `phone ${PHONE_RULE}` })
  phone?: string | null;

  @Field(() => LifecycleStage, { nullable: true, description: 'New lifecycle stage.' })
  lifecycleStage?: LifecycleStage;

  @Field(() => RelationshipType, { nullable: true, description: 'New relationship type.' })
  relationshipType?: RelationshipType;

  @Field(() => Float, { nullable: true, description: 'New revenue, EUR per year.' })
  @Min(0)
  @Max(MAX_MONEY)
  revenue?: number;

  @Field(() => Float, { nullable: true, description: 'New cost to serve, EUR per year.' })
  @Min(0)
  @Max(MAX_MONEY)
  costToServe?: number;

  @Field(() => Float, { nullable: true, description: 'New expected lifetime value, EUR.' })
  @Min(0)
  @Max(MAX_MONEY)
  lifetimeValue?: number;

  @Field(() => ID, { nullable: true, description: 'New segment; null takes the customer out of its segment.' })
  @MaxLength(100)
  segmentId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'New organization (kind ORGANIZATION, not erased) for a contact person (kind PERSON) only; null detaches them.',
  })
  @MaxLength(100)
  organizationId?: string | null;

  @Field(() => ConsentInput, { nullable: true, description: 'Changes to what the customer agreed to.' })
  consent?: ConsentInput;
}

@InputType({ description: "Makes an employee an owner of a customer's account." })
export class AssignAccountOwnerInput {
  @Field(() => ID, { description: 'The customer.' })
  @MaxLength(100)
  customerId!: string;

  @Field(() => ID, { description: 'The employee who will own the account.' })
  @MaxLength(100)
  employeeId!: string;
}

@InputType({ description: "Removes an employee from the owners of a customer's account." })
export class UnassignAccountOwnerInput extends AssignAccountOwnerInput {}
