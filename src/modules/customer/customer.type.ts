import { Node } from '../../graphql/node';
import { Authorized, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PERSONAL_DATA_ROLES } from '../../graphql/access';
import { ArrayMaxSize, Max, MaxLength, Min } from 'class-validator';
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

export enum HealthStatus {
  AT_RISK = 'AT_RISK',
  WATCH = 'WATCH',
  HEALTHY = 'HEALTHY',
}
registerEnumType(HealthStatus, {
  name: 'HealthStatus',
  description: 'The band a health score falls in.',
  valuesConfig: {
    AT_RISK: { description: 'Health below 50 (the default threshold of `atRiskCustomers`): the relationship may be lost; act now.' },
    WATCH: { description: 'Health from 50 to 69: no alarm, but worth a look.' },
    HEALTHY: { description: 'Health of 70 or more.' },
  },
});

/** How fresh the stored health snapshot is, said in each field that reads it. */
export const HEALTH_SNAPSHOT_FRESHNESS =
  'Stored on the customer: recomputed in the transaction of every write that changes it (an interaction recorded, corrected, deleted or restored; ' +
  'a need held, released or re-statused; a merge, an import, a consent change) and, for the decay with time alone, every HEALTH_REFRESH_SECONDS ' +
  '(default 3600 s) by the server: at most that old (`healthAsOf` says when). `health` gives the score as of now, with its components.';

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

  @ReadsItself()
  @Field(() => Date, {
    nullable: true,
    description:
      'When the latest interaction with the customer happened (its `occurredAt`); null when the customer was never contacted. ' +
      'Stored on the customer and updated in the transaction of every write of an interaction (recorded, corrected, deleted, restored, merged, imported): never stale.',
  })
  lastContactAt!: Date | null;

  @ReadsItself()
  @Field(() => Int, {
    nullable: true,
    description: `The health score (0-100, see \`health\`) as of \`healthAsOf\`. ${HEALTH_SNAPSHOT_FRESHNESS} None is stored (null) for a customer who withheld analytics consent.`,
  })
  healthScore!: number | null;

  @ReadsItself()
  @Field(() => HealthStatus, {
    nullable: true,
    description: `The band of \`healthScore\` (AT_RISK below 50, WATCH 50-69, HEALTHY 70 and above). None is stored (null) for a customer who withheld analytics consent.`,
  })
  healthStatus!: HealthStatus | null;

  @ReadsItself()
  @Field(() => Date, {
    nullable: true,
    description: 'The moment `healthScore` and `healthStatus` were computed for; null with them.',
  })
  healthAsOf!: Date | null;

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
  HEALTH_SCORE = 'HEALTH_SCORE',
  LAST_CONTACT_AT = 'LAST_CONTACT_AT',
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
    HEALTH_SCORE: {
      description:
        'The stored health score (`healthScore`), lowest first in ASC. Customers without one (no analytics consent) come last in both directions, by id.',
    },
    LAST_CONTACT_AT: {
      description:
        'When the customer was last contacted (`lastContactAt`), longest ago first in ASC. Customers never contacted come last in both directions, by id.',
    },
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

  @Field(() => [HealthStatus], {
    nullable: true,
    description: 'Any of these health statuses (the stored `healthStatus`); a customer without one (no analytics consent) never matches.',
  })
  @ArrayMaxSize(3)
  healthStatuses?: HealthStatus[];

  @Field(() => Int, {
    nullable: true,
    description: 'Stored health score below this (0-101); a customer without one (no analytics consent) never matches.',
  })
  @Min(0)
  @Max(101)
  healthScoreBelow?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Stored health score at or above this (0-100); a customer without one (no analytics consent) never matches.',
  })
  @Min(0)
  @Max(100)
  healthScoreAtLeast?: number;

  @Field(() => Date, {
    nullable: true,
    description: 'Last contacted at or after this time; a customer never contacted never matches.',
  })
  lastContactAfter?: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Last contacted before this time; a customer never contacted does not match (use `contacted: false` for those).',
  })
  lastContactBefore?: Date;

  @Field({ nullable: true, description: 'Only customers with at least one interaction (true), or only those never contacted (false).' })
  contacted?: boolean;
}
