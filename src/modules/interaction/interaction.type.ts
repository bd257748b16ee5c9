import { Node } from '../../graphql/node';
import { EVENT_CURSOR_DESCRIPTION } from '../../realtime/topics';
import { ArrayMaxSize, Max, MaxLength, Min } from 'class-validator';
import { NotBlank, MaxLengthLowerCased } from '../../common/validation';
import { Authorized, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PERSONAL_DATA_ROLES } from '../../graphql/access';
import { EXPECTED_VERSION_DESCRIPTION } from '../history/version';

/** How far ahead of the server's clock `occurredAt` may be (clocks that run a little fast): the API and the importer. */
export const FUTURE_SLACK_MS = 5 * 60 * 1000;
import { connectionOf, orderOf } from '../../common/connection';
import { ReadsItself } from '../../graphql/lookahead';

export enum Channel {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  CHAT = 'CHAT',
  MEETING = 'MEETING',
  VIDEO_CALL = 'VIDEO_CALL',
  SOCIAL = 'SOCIAL',
  WEB = 'WEB',
  SURVEY = 'SURVEY',
}
registerEnumType(Channel, {
  name: 'Channel',
  description: 'The medium of an interaction.',
  valuesConfig: {
    EMAIL: { description: 'Email.' },
    PHONE: { description: 'A phone call.' },
    CHAT: { description: 'Live chat or messaging.' },
    MEETING: { description: 'An in-person meeting or visit.' },
    VIDEO_CALL: { description: 'A video call.' },
    SOCIAL: { description: 'A public or private social-media exchange.' },
    WEB: { description: 'A web form, portal or self-service page.' },
    SURVEY: { description: 'A survey answer (NPS, CSAT, ...).' },
  },
});

export enum Touchpoint {
  SALES = 'SALES',
  ONBOARDING = 'ONBOARDING',
  SUPPORT = 'SUPPORT',
  BILLING = 'BILLING',
  PRODUCT = 'PRODUCT',
  RENEWAL = 'RENEWAL',
  EVENT = 'EVENT',
  FEEDBACK = 'FEEDBACK',
}
registerEnumType(Touchpoint, {
  name: 'Touchpoint',
  description: 'The point of the customer journey where an interaction happened (the customer interface).',
  valuesConfig: {
    SALES: { description: 'Buying: offers, demos, negotiation.' },
    ONBOARDING: { description: 'Getting started after buying.' },
    SUPPORT: { description: 'Getting help with a problem.' },
    BILLING: { description: 'Invoices, payments, prices.' },
    PRODUCT: { description: 'Using the product itself.' },
    RENEWAL: { description: 'Renewing or ending a contract.' },
    EVENT: { description: 'Events, webinars, user groups.' },
    FEEDBACK: { description: 'Asked-for feedback: surveys, reviews, interviews.' },
  },
});

export enum Direction {
  INBOUND = 'INBOUND',
  OUTBOUND = 'OUTBOUND',
}
registerEnumType(Direction, {
  name: 'Direction',
  description: 'Who started an interaction.',
  valuesConfig: {
    INBOUND: { description: 'The customer reached out.' },
    OUTBOUND: { description: 'The company reached out.' },
  },
});

@ObjectType({
  implements: Node,
  description: 'One contact between a customer and the company, at a touchpoint through a channel: what the customer told us.',
})
export class Interaction {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @ReadsItself()
  @Field(() => String, {
    nullable: true,
    description:
      'Id in the system the interaction came from (CRM, ticketing, ...); unique. Recording the same external id twice returns the first interaction.',
  })
  externalId!: string | null;

  @ReadsItself()
  @Field(() => Channel, { description: 'The medium.' })
  channel!: Channel;

  @ReadsItself()
  @Field(() => Touchpoint, { description: 'The touchpoint of the customer journey.' })
  touchpoint!: Touchpoint;

  @ReadsItself()
  @Field(() => Direction, { description: 'Who started it.' })
  direction!: Direction;

  @ReadsItself()
  @Field(() => Date, { description: 'When it happened.' })
  occurredAt!: Date;

  @ReadsItself()
  @Field({ description: 'One-line summary.' })
  summary!: string;

  @Authorized(PERSONAL_DATA_ROLES)
  @ReadsItself()
  @Field(() => String, {
    nullable: true,
    description: 'What was said or written, as recorded (may be empty). Personal data: null with a FORBIDDEN error for a VIEWER.',
  })
  content!: string | null;

  @ReadsItself()
  @Field(() => Float, {
    nullable: true,
    description: 'Customer sentiment, from -1 (very negative) to 1 (very positive); null when not assessed.',
  })
  sentiment!: number | null;

  @ReadsItself()
  @Field(() => Int, { nullable: true, description: 'Quality the customer expected, 1 (poor) to 5 (excellent); null when unknown.' })
  expectedQuality!: number | null;

  @ReadsItself()
  @Field(() => Int, { nullable: true, description: 'Quality the customer perceived, 1 (poor) to 5 (excellent); null when unknown.' })
  perceivedQuality!: number | null;

  @ReadsItself()
  @Field(() => Date, { description: 'When it was recorded in Rapport.' })
  createdAt!: Date;
}

export const InteractionConnection = connectionOf(Interaction, 'Interaction', 'interactions');

export enum InteractionOrderField {
  OCCURRED_AT = 'OCCURRED_AT',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(InteractionOrderField, {
  name: 'InteractionOrderField',
  description: 'What a list of interactions can be sorted by.',
  valuesConfig: {
    OCCURRED_AT: { description: 'When it happened.' },
    CREATED_AT: { description: 'When it was recorded.' },
  },
});

export const InteractionOrder = orderOf(
  InteractionOrderField,
  'Interaction',
  'Sort order of a list of interactions. Default: newest first (OCCURRED_AT, DESC).',
);
export type InteractionOrder = InstanceType<typeof InteractionOrder>;

@InputType({ description: 'Narrows a list of interactions; every given field must hold (AND).' })
export class InteractionFilter {
  @Field(() => ID, { nullable: true, description: 'With this customer.' })
  @MaxLength(100)
  customerId?: string;

  @Field(() => ID, { nullable: true, description: 'Handled by this employee.' })
  @MaxLength(100)
  employeeId?: string;

  @Field(() => [Channel], { nullable: true, description: 'Through any of these channels.' })
  channels?: Channel[];

  @Field(() => [Touchpoint], { nullable: true, description: 'At any of these touchpoints.' })
  touchpoints?: Touchpoint[];

  @Field(() => [Direction], { nullable: true, description: 'In any of these directions.' })
  directions?: Direction[];

  @Field(() => Date, { nullable: true, description: 'Happened at or after this time.' })
  occurredAfter?: Date;

  @Field(() => Date, { nullable: true, description: 'Happened before this time.' })
  occurredBefore?: Date;

  @Field(() => ID, { nullable: true, description: 'Expressed this need.' })
  @MaxLength(100)
  needId?: string;

  @Field({ nullable: true, description: 'Tagged with the topic of this name.' })
  @MaxLength(60)
  topic?: string;
}

@InputType({ description: 'A contact with a customer to record, with the needs it expressed and its topics.' })
export class RecordInteractionInput {
  @Field({
    nullable: true,
    description:
      'Id in the source system, up to 200 characters. When given, recording it again returns the first interaction and changes nothing (safe retries).',
  })
  @NotBlank()
  @MaxLength(200)
  externalId?: string;

  @Field(() => ID, { description: 'The customer.' })
  @MaxLength(100)
  customerId!: string;

  @Field(() => ID, { nullable: true, description: 'The employee who handled it. Default: the caller.' })
  @MaxLength(100)
  handlerId?: string;

  @Field(() => Channel, { description: 'The medium.' })
  channel!: Channel;

  @Field(() => Touchpoint, { description: 'The touchpoint.' })
  touchpoint!: Touchpoint;

  @Field(() => Direction, { description: 'Who started it.' })
  direction!: Direction;

  @Field(() => Date, { nullable: true, description: 'When it happened; not in the future. Default: now.' })
  occurredAt?: Date;

  @Field({ description: 'One-line summary, 1 to 500 characters.' })
  @NotBlank()
  @MaxLength(500)
  summary!: string;

  @Field({ defaultValue: '', description: 'What was said or written, up to 10,000 characters. Default: empty.' })
  @MaxLength(10000)
  content!: string;

  @Field(() => Float, { nullable: true, description: 'Sentiment from -1 to 1.' })
  @Min(-1)
  @Max(1)
  sentiment?: number;

  @Field(() => Int, { nullable: true, description: 'Expected quality, 1 to 5.' })
  @Min(1)
  @Max(5)
  expectedQuality?: number;

  @Field(() => Int, { nullable: true, description: 'Perceived quality, 1 to 5.' })
  @Min(1)
  @Max(5)
  perceivedQuality?: number;

  @Field(() => [ID], { defaultValue: [], description: 'Needs the customer expressed in it (at most 20).' })
  @ArrayMaxSize(20)
  @MaxLength(100, { each: true })
  needIds!: string[];

  @Field(() => [String], {
    defaultValue: [],
    description: 'Topic names to tag it with (at most 20, each 1 to 60 characters; new topics are created).',
  })
  @ArrayMaxSize(20)
  @MaxLength(60, { each: true })
  @MaxLengthLowerCased(60, { each: true })
  @NotBlank({ each: true })
  topics!: string[];
}

@InputType({
  description:
    'Corrections to an interaction. Omitted fields keep their value; `null` clears sentiment and the qualities, and keeps the others. ' +
    'needIds and topics, when given, replace the whole set.',
})
export class UpdateInteractionInput {
  @Field(() => ID, { description: 'The interaction to correct.' })
  @MaxLength(100)
  id!: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  @Min(1)
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'New one-line summary, 1 to 500 characters.' })
  @NotBlank()
  @MaxLength(500)
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'New content: what was said or written, up to 10,000 characters (empty clears it).' })
  @MaxLength(10000)
  content?: string | null;

  @Field(() => Channel, { nullable: true, description: 'New medium.' })
  channel?: Channel | null;

  @Field(() => Touchpoint, { nullable: true, description: 'New touchpoint.' })
  touchpoint?: Touchpoint | null;

  @Field(() => Direction, { nullable: true, description: 'New direction: who started it.' })
  direction?: Direction | null;

  @Field(() => Date, { nullable: true, description: 'When it really happened; not in the future.' })
  occurredAt?: Date | null;

  @Field(() => Float, { nullable: true, description: 'New sentiment from -1 to 1; null clears it (not assessed).' })
  @Min(-1)
  @Max(1)
  sentiment?: number | null;

  @Field(() => Int, { nullable: true, description: 'New expected quality, 1 to 5; null clears it (unknown).' })
  @Min(1)
  @Max(5)
  expectedQuality?: number | null;

  @Field(() => Int, { nullable: true, description: 'New perceived quality, 1 to 5; null clears it (unknown).' })
  @Min(1)
  @Max(5)
  perceivedQuality?: number | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'The needs expressed in it, replacing those it had (at most 20; [] removes all). A need newly expressed makes the customer hold it, ' +
      'as recording does; a need no longer expressed stays held (unlinkNeed ends that).',
  })
  @ArrayMaxSize(20)
  @MaxLength(100, { each: true })
  needIds?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Its topics, replacing those it had (at most 20, each 1 to 60 characters, stored in lower case; new topics are created; [] removes all).',
  })
  @ArrayMaxSize(20)
  @MaxLength(60, { each: true })
  @MaxLengthLowerCased(60, { each: true })
  @NotBlank({ each: true })
  topics?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The employee who really handled it.' })
  @MaxLength(100)
  handlerId?: string | null;
}

@ObjectType({ description: 'Event of `interactionRecorded`: a new interaction was committed.' })
export class InteractionRecordedEvent {
  @Field(() => String, { description: EVENT_CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => Date, { description: 'When it was committed.' })
  at!: Date;

  interactionId!: string;
  actorId!: string;
}
