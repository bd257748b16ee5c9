import { Node } from '../../graphql/node';
import { Authorized, Field, Float, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { PERSONAL_DATA_ROLES } from '../../graphql/access';
import { MaxLength } from 'class-validator';
import { connectionOf, orderOf } from '../../common/connection';
import { ReadsItself } from '../../graphql/lookahead';

export enum CustomerKind {
  PERSON = 'PERSON',
  ORGANIZATION = 'ORGANIZATION',
}
registerEnumType(CustomerKind, {
  name: 'CustomerKind',
  description: 'Whether a customer is one person or an organization.',
  valuesConfig: {
    PERSON: { description: 'A person: a consumer, or a contact person of an organization.' },
    ORGANIZATION: { description: 'A company or public body, with contact persons as members.' },
  },
});

export enum LifecycleStage {
  PROSPECT = 'PROSPECT',
  ACTIVE = 'ACTIVE',
  AT_RISK = 'AT_RISK',
  CHURNED = 'CHURNED',
}
registerEnumType(LifecycleStage, {
  name: 'LifecycleStage',
  description: 'Where the customer is in the get-keep-grow lifecycle.',
  valuesConfig: {
    PROSPECT: { description: 'Not yet buying: being won.' },
    ACTIVE: { description: 'Buying and healthy: being kept and grown.' },
    AT_RISK: { description: 'Buying, with warning signs of leaving.' },
    CHURNED: { description: 'Has left.' },
  },
});

export enum RelationshipType {
  TRANSACTIONAL = 'TRANSACTIONAL',
  COLLABORATIVE = 'COLLABORATIVE',
}
registerEnumType(RelationshipType, {
  name: 'RelationshipType',
  description: 'How closely the customer works with the company.',
  valuesConfig: {
    TRANSACTIONAL: { description: "Buys at arm's length, one supplier among many, few links." },
    COLLABORATIVE: { description: 'Works closely with the company: many operational links, trust and commitment.' },
  },
});

@ObjectType({
  implements: Node,
  description: 'A person or organization the company serves: knowledge about the customer (profile, value, relationship).',
})
export class Customer {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @ReadsItself()
  @Field(() => String, {
    nullable: true,
    description: 'Its id in the system it was imported from (`npm run import`); null when it was created here.',
  })
  externalId!: string | null;

  @ReadsItself()
  @Field({ description: "Display name: a person's full name or an organization's name." })
  name!: string;

  @ReadsItself()
  @Field(() => CustomerKind, { description: 'Person or organization.' })
  kind!: CustomerKind;

  @Authorized(PERSONAL_DATA_ROLES)
  @ReadsItself()
  @Field(() => String, {
    nullable: true,
    description: 'Contact email address, if known. Personal data: null with a FORBIDDEN error for a VIEWER.',
  })
  email!: string | null;

  @Authorized(PERSONAL_DATA_ROLES)
  @ReadsItself()
  @Field(() => String, {
    nullable: true,
    description: 'Contact phone number, if known, as entered. Personal data: null with a FORBIDDEN error for a VIEWER.',
  })
  phone!: string | null;

  @ReadsItself()
  @Field(() => LifecycleStage, { description: 'Lifecycle stage (prospect, active, at risk, churned).' })
  lifecycleStage!: LifecycleStage;

  @ReadsItself()
  @Field(() => RelationshipType, { description: 'Transactional or collaborative relationship.' })
  relationshipType!: RelationshipType;

  @ReadsItself()
  @Field(() => Float, { description: 'Revenue from this customer, in EUR per year.' })
  revenue!: number;

  @ReadsItself()
  @Field(() => Float, { description: 'Cost to serve this customer, in EUR per year.' })
  costToServe!: number;

  @ReadsItself()
  @Field(() => Float, { description: 'Expected lifetime value of this customer, in EUR.' })
  lifetimeValue!: number;

  @ReadsItself()
  @Field(() => Date, { description: 'When the customer was first recorded.' })
  createdAt!: Date;

  @ReadsItself()
  @Field(() => Date, { description: "When the customer's profile last changed." })
  updatedAt!: Date;

  /** Stored flags, exposed as `consent`. */
  consentContact?: boolean;
  consentAnalytics?: boolean;
}

@ObjectType({ description: 'What the customer agreed to.' })
export class Consent {
  @Field({ description: 'May be contacted (marketing and outreach).' })
  contact!: boolean;

  @Field({
    description: 'May be included in analytics and learning (health, trends, insight mining). Without it the customer is left out of them.',
  })
  analytics!: boolean;
}

@InputType({ description: 'What the customer agreed to. Omitted fields keep their value (false for a new customer).' })
export class ConsentInput {
  @Field({ nullable: true, description: 'May be contacted.' })
  contact?: boolean;

  @Field({ nullable: true, description: 'May be included in analytics and learning.' })
  analytics?: boolean;
}

export const CustomerConnection = connectionOf(Customer, 'Customer', 'customers');

export enum CustomerOrderField {
  NAME = 'NAME',
  REVENUE = 'REVENUE',
  LIFETIME_VALUE = 'LIFETIME_VALUE',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(CustomerOrderField, {
  name: 'CustomerOrderField',
  description: 'What a list of customers can be sorted by.',
  valuesConfig: {
    NAME: { description: 'Name, alphabetically (case-insensitive).' },
    REVENUE: { description: 'Revenue per year.' },
    LIFETIME_VALUE: { description: 'Expected lifetime value.' },
    CREATED_AT: { description: 'When the customer was recorded.' },
    UPDATED_AT: { description: 'When the profile last changed.' },
  },
});

export const CustomerOrder = orderOf(CustomerOrderField, 'Customer', 'Sort order of a list of customers. Default: by name, ascending.');
export type CustomerOrder = InstanceType<typeof CustomerOrder>;

@InputType({ description: 'Narrows a list of customers; every given field must hold (AND).' })
export class CustomerFilter {
  @Field({ nullable: true, description: 'Part of the name, case-insensitive.' })
  @MaxLength(200)
  nameContains?: string;

  @Field({ nullable: true, description: 'The id the customer has in the system it was imported from (exact match).' })
  @MaxLength(200)
  externalId?: string;

  @Field(() => [CustomerKind], { nullable: true, description: 'Any of these kinds.' })
  kinds?: CustomerKind[];

  @Field(() => [LifecycleStage], { nullable: true, description: 'Any of these lifecycle stages.' })
  lifecycleStages?: LifecycleStage[];

  @Field(() => [RelationshipType], { nullable: true, description: 'Any of these relationship types.' })
  relationshipTypes?: RelationshipType[];

  @Field(() => ID, { nullable: true, description: 'Members of this segment.' })
  @MaxLength(100)
  segmentId?: string;

  @Field(() => ID, { nullable: true, description: 'Customers who have this need.' })
  @MaxLength(100)
  hasNeedId?: string;

  @Field(() => ID, { nullable: true, description: 'Customers whose account this employee owns.' })
  @MaxLength(100)
  ownerId?: string;

  @Field(() => ID, { nullable: true, description: 'Contact persons of this organization.' })
  @MaxLength(100)
  organizationId?: string;

  @Field({ nullable: true, description: 'Only customers who gave (true) or did not give (false) analytics consent.' })
  analyticsConsent?: boolean;
}
