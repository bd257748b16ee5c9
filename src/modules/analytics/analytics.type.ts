import { EVENT_CURSOR_DESCRIPTION } from '../../realtime/topics';
import { Max, Min } from 'class-validator';
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Customer, LifecycleStage, RelationshipType } from '../customer/customer.type';
import { Employee } from '../employee/employee.type';
import { Insight } from '../insight/insight.type';
import { Channel, Interaction, Touchpoint } from '../interaction/interaction.type';
import { Need } from '../need/need.type';
import { Topic } from '../topic/topic.type';

// ---------------------------------------------------------------------------------------------
// Health

@ObjectType({ description: 'One part of a health score: what was measured, how it scored and how much it weighs.' })
export class HealthComponent {
  @Field({ description: 'Stable name of the component: RECENT_SENTIMENT, SENTIMENT_TREND, RECENCY, OPEN_NEEDS or RECENT_NEGATIVES.' })
  name!: string;

  @Field({ description: 'What the component measures and how it is scored, in words.' })
  description!: string;

  @Field(() => Float, {
    nullable: true,
    description: 'The measured value in its own unit (a mean sentiment, a number of days, a count); null when there is nothing to measure.',
  })
  value!: number | null;

  @Field(() => Float, { description: "The component's score, from 0 (bad) to 1 (good)." })
  score!: number;

  @Field(() => Float, { description: 'Its weight in the health score; the weights add up to 1.' })
  weight!: number;

  @Field(() => Float, { description: 'Points it adds to the health score: 100 × weight × score.' })
  points!: number;
}

@ObjectType({
  description:
    'How healthy the relationship with a customer is, from 0 (about to be lost) to 100, with the components that explain the number.',
})
export class CustomerHealth {
  @Field(() => Int, { description: "The health score, 0-100: the sum of the components' points, rounded." })
  score!: number;

  @Field(() => [HealthComponent], { description: 'The components, in a fixed order; their points add up to the score (before rounding).' })
  components!: HealthComponent[];

  @Field(() => Date, { description: 'The moment the score was computed for (windows end here).' })
  asOf!: Date;

  customerId!: string;
}

@ObjectType({ description: 'A customer ranked by health, lowest first (see `atRiskCustomers`).' })
export class AtRiskCustomer {
  @Field(() => Customer, { description: 'The customer.' })
  customer!: Customer;

  @Field(() => CustomerHealth, { description: 'Their health, with its components.' })
  health!: CustomerHealth;

  @Field({
    description: 'The components that cost the most points, in words (e.g. "no contact for 200 days; 3 negative interactions in 90 days").',
  })
  explanation!: string;
}

export enum HealthDirection {
  DROPPED = 'DROPPED',
  ROSE = 'ROSE',
}
registerEnumType(HealthDirection, {
  name: 'HealthDirection',
  description: 'Which way a health score crossed a threshold.',
  valuesConfig: {
    DROPPED: { description: 'From at or above the threshold to below it.' },
    ROSE: { description: 'From below the threshold to at or above it.' },
  },
});

@ObjectType({
  description: "Event of `customerHealthChanged`: a recorded interaction moved a customer's health across the threshold asked for.",
})
export class CustomerHealthChange {
  @Field(() => String, { description: EVENT_CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => Customer, { nullable: true, description: 'The customer, as they are now.' })
  customer!: Customer | null;

  @Field(() => Int, { description: 'Health before the interaction was recorded.' })
  previousScore!: number;

  @Field(() => Int, { description: 'Health after it.' })
  score!: number;

  @Field(() => HealthDirection, { description: 'Whether the health dropped below or rose to the threshold.' })
  direction!: HealthDirection;

  @Field(() => Interaction, { nullable: true, description: 'The interaction that moved it.' })
  interaction!: Interaction | null;

  @Field(() => Date, { description: 'When the interaction was committed.' })
  at!: Date;

  customerId!: string;
  interactionId!: string;
}

// ---------------------------------------------------------------------------------------------
// Who knows the customer

@ObjectType({ description: 'An employee who knows a customer, with how well and why.' })
export class CustomerKnower {
  @Field(() => Employee, { description: 'The employee.' })
  employee!: Employee;

  @Field(() => Float, {
    description:
      'How well they know the customer: each interaction they handled counts 0.5^(age in days / 90) (a half-life of 90 days), ' +
      'owning the account counts 3, each insight they wrote about the customer counts 2.',
  })
  score!: number;

  @Field(() => Int, { description: 'Interactions with the customer they handled.' })
  interactionCount!: number;

  @Field(() => Date, { nullable: true, description: 'When the latest of those happened; null when none.' })
  lastInteractionAt!: Date | null;

  @Field({ description: 'Whether they own the account.' })
  accountOwner!: boolean;

  @Field(() => Int, { description: 'Insights about the customer they wrote.' })
  insightCount!: number;

  @Field({ description: 'The score in words, e.g. "account owner; 4 interactions, the last on 2026-11-02; 1 insight written".' })
  reason!: string;

  employeeId!: string;
}

// ---------------------------------------------------------------------------------------------
// Value

export enum ValueQuadrant {
  HIGH_REVENUE_LOW_COST = 'HIGH_REVENUE_LOW_COST',
  HIGH_REVENUE_HIGH_COST = 'HIGH_REVENUE_HIGH_COST',
  LOW_REVENUE_LOW_COST = 'LOW_REVENUE_LOW_COST',
  LOW_REVENUE_HIGH_COST = 'LOW_REVENUE_HIGH_COST',
}
registerEnumType(ValueQuadrant, {
  name: 'ValueQuadrant',
  description:
    'Where a customer sits on revenue against cost to serve. "High" means at or above the median of all customers with analytics consent.',
  valuesConfig: {
    HIGH_REVENUE_LOW_COST: { description: 'Brings much, costs little: the most profitable; keep and grow.' },
    HIGH_REVENUE_HIGH_COST: { description: 'Brings much, costs much: demanding; serve more efficiently.' },
    LOW_REVENUE_LOW_COST: { description: 'Brings little, costs little: grow the share of customer.' },
    LOW_REVENUE_HIGH_COST: { description: 'Brings little, costs much: may lose money; rethink how to serve.' },
  },
});

// ---------------------------------------------------------------------------------------------
// Similar customers and recommendations

@ObjectType({ description: 'A customer similar to another, with what they share.' })
export class SimilarCustomer {
  @Field(() => Customer, { description: 'The similar customer.' })
  customer!: Customer;

  @Field(() => Float, {
    description:
      "Jaccard similarity of the two customers' needs and topics (topics of their interactions): shared items divided by all items of either, 0 to 1.",
  })
  score!: number;

  @Field(() => [Need], { description: 'Needs both hold, by title.' })
  sharedNeeds!: Need[];

  @Field(() => [Topic], { description: "Topics of both customers' interactions, by name." })
  sharedTopics!: Topic[];

  customerId!: string;
  sharedNeedIds!: string[];
  sharedTopicIds!: string[];
}

@ObjectType({ description: 'A validated insight worth knowing for a customer, not yet linked to them.' })
export class RecommendedInsight {
  @Field(() => Insight, { description: 'The insight.' })
  insight!: Insight;

  @Field(() => Float, {
    description:
      "Relevance: the insight's confidence × (1 for each of the customer's needs it is about + the similarity of each similar customer it is about).",
  })
  score!: number;

  @Field({ description: 'Why it is recommended, in words.' })
  reason!: string;

  @Field(() => [Need], { description: "The customer's needs it is about." })
  viaNeeds!: Need[];

  @Field(() => [Customer], { description: 'The similar customers it is about.' })
  viaCustomers!: Customer[];

  insightId!: string;
  viaNeedIds!: string[];
  viaCustomerIds!: string[];
}

// ---------------------------------------------------------------------------------------------
// Experience (the gap model of service quality)

@ObjectType({ description: 'Expected against perceived quality over a set of interactions (the gap model of service quality).' })
export class ExperienceGap {
  @Field(() => Int, { description: 'Interactions that record both expected and perceived quality.' })
  interactionCount!: number;

  @Field(() => Float, { nullable: true, description: 'Mean expected quality (1-5); null when there are none.' })
  averageExpectedQuality!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean perceived quality (1-5); null when there are none.' })
  averagePerceivedQuality!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Perceived minus expected (mean over the interactions): below 0, the experience fell short of what was expected.',
  })
  gap!: number | null;
}

@ObjectType({ description: 'The experience at one touchpoint through one channel.' })
export class TouchpointExperience {
  @Field(() => Touchpoint, { description: 'The touchpoint.' })
  touchpoint!: Touchpoint;

  @Field(() => Channel, { description: 'The channel.' })
  channel!: Channel;

  @Field(() => Int, { description: 'Interactions in the window.' })
  interactionCount!: number;

  @Field(() => Float, { nullable: true, description: 'Mean sentiment (-1 to 1) of those that carry one; null when none does.' })
  averageSentiment!: number | null;

  @Field(() => Int, { description: 'Interactions that record both expected and perceived quality.' })
  qualityCount!: number;

  @Field(() => Float, { nullable: true, description: 'Mean expected quality (1-5) over those; null when none.' })
  averageExpectedQuality!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean perceived quality (1-5) over those; null when none.' })
  averagePerceivedQuality!: number | null;

  @Field(() => Float, { nullable: true, description: 'Perceived minus expected, the mean over those: below 0 the touchpoint falls short.' })
  gap!: number | null;
}

// ---------------------------------------------------------------------------------------------
// Across customers

@InputType({ description: 'A time window: the `days` days that end at `end`.' })
export class TimeWindowInput {
  @Field(() => Int, { description: 'Length in days, 1 to 3650.' })
  @Min(1)
  @Max(3650)
  days!: number;

  @Field(() => Date, { nullable: true, description: 'When it ends (exclusive); default: now.' })
  end?: Date;
}

@ObjectType({ description: 'A time window, as used by an analytic.' })
export class TimeWindow {
  @Field(() => Date, { description: 'Start (inclusive).' })
  start!: Date;

  @Field(() => Date, { description: 'End (exclusive).' })
  end!: Date;
}

@ObjectType({ description: 'How many distinct customers expressed a need in a window, against the window before.' })
export class NeedTrend {
  @Field(() => Need, { description: 'The need.' })
  need!: Need;

  @Field(() => Int, { description: 'Distinct customers (with analytics consent) who expressed it in an interaction in the window.' })
  customerCount!: number;

  @Field(() => Int, { description: 'The same in the previous window.' })
  previousCustomerCount!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'customerCount / previousCustomerCount; null when the need was not expressed in the previous window (new).',
  })
  growth!: number | null;

  @Field(() => Int, { description: 'Interactions that expressed it in the window.' })
  interactionCount!: number;

  needId!: string;
}

@ObjectType({ description: 'Need trends over a window, with the windows compared.' })
export class NeedTrendReport {
  @Field(() => TimeWindow, { description: 'The window counted.' })
  window!: TimeWindow;

  @Field(() => TimeWindow, { description: 'The window it is compared with.' })
  previousWindow!: TimeWindow;

  @Field(() => [NeedTrend], { description: 'Needs by distinct customers in the window (most first), then by growth, then by title.' })
  trends!: NeedTrend[];
}

@ObjectType({ description: 'An employee who knows about a topic or need, with the evidence.' })
export class Expert {
  @Field(() => Employee, { description: 'The employee.' })
  employee!: Employee;

  @Field(() => Float, { description: 'interactionCount + 3 × insightCount + accountCount: how the experts are ranked.' })
  score!: number;

  @Field(() => Int, {
    description:
      'Interactions about it (tagged with the topic, or expressing the need) they handled, with customers who gave analytics consent.',
  })
  interactionCount!: number;

  @Field(() => Int, { description: 'Insights about it (tagged with the topic, or about the need) they wrote, not refuted or archived.' })
  insightCount!: number;

  @Field(() => Int, { description: 'For a need: accounts they own whose customer holds the need; for a topic: 0.' })
  accountCount!: number;

  @Field(() => Int, { description: 'Distinct customers of those interactions.' })
  customerCount!: number;

  @Field({ description: 'The evidence in words.' })
  reason!: string;

  employeeId!: string;
}

@ObjectType({ description: 'A number of customers with one value of a property.' })
export class QuadrantCount {
  @Field(() => ValueQuadrant, { description: 'The value quadrant.' })
  quadrant!: ValueQuadrant;

  @Field(() => Int, { description: 'Customers in it.' })
  customerCount!: number;
}

@ObjectType({ description: 'Customers in one lifecycle stage.' })
export class LifecycleStageCount {
  @Field(() => LifecycleStage, { description: 'The stage.' })
  stage!: LifecycleStage;

  @Field(() => Int, { description: 'Customers in it.' })
  customerCount!: number;
}

@ObjectType({ description: 'Customers with one relationship type.' })
export class RelationshipTypeCount {
  @Field(() => RelationshipType, { description: 'The relationship type.' })
  relationshipType!: RelationshipType;

  @Field(() => Int, { description: 'Customers with it.' })
  customerCount!: number;
}

@ObjectType({
  description:
    'The customer base (or one segment of it) as a portfolio: its equity, where the profit comes from, and its make-up. Customers with analytics consent only.',
})
export class Portfolio {
  @Field(() => Int, { description: 'Customers counted.' })
  customerCount!: number;

  @Field(() => Float, { description: 'Customer equity: the sum of their lifetime values, in EUR.' })
  customerEquity!: number;

  @Field(() => Float, { description: 'Sum of their revenue, in EUR per year.' })
  totalRevenue!: number;

  @Field(() => Float, { description: 'Sum of their cost to serve, in EUR per year.' })
  totalCostToServe!: number;

  @Field(() => Float, { description: 'Total profit (revenue minus cost to serve), in EUR per year.' })
  totalProfit!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'The 20/80 check: the share (0-1, may exceed 1 when others lose money) of total profit made by the most profitable 20% of the customers (rounded up to whole customers). Null when total profit is not positive.',
  })
  topFifthProfitShare!: number | null;

  @Field(() => Int, { description: 'How many customers are in that top 20%.' })
  topFifthCustomerCount!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median revenue of all customers with analytics consent: the line between high and low revenue of the value quadrants. Null when there are none.',
  })
  medianRevenue!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median cost to serve of all customers with analytics consent: the line between high and low cost. Null when there are none.',
  })
  medianCostToServe!: number | null;

  @Field(() => [QuadrantCount], { description: "Customers per value quadrant, every quadrant listed (in the enum's order)." })
  byValueQuadrant!: QuadrantCount[];

  @Field(() => [LifecycleStageCount], { description: "Customers per lifecycle stage, every stage listed (in the enum's order)." })
  byLifecycleStage!: LifecycleStageCount[];

  @Field(() => [RelationshipTypeCount], { description: "Customers per relationship type, every type listed (in the enum's order)." })
  byRelationshipType!: RelationshipTypeCount[];
}
