import { Node } from '../../graphql/node';
import { EVENT_CURSOR_DESCRIPTION } from '../../realtime/topics';
import { ArrayMaxSize, Max, MaxLength, Min } from 'class-validator';
import { NotBlank, MaxLengthLowerCased } from '../../common/validation';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EXPECTED_VERSION_DESCRIPTION } from '../history/version';
import { connectionOf, orderOf } from '../../common/connection';
import { ReadsItself } from '../../graphql/lookahead';

export enum NeedKind {
  FUNCTIONAL = 'FUNCTIONAL',
  EMOTIONAL = 'EMOTIONAL',
  SOCIAL = 'SOCIAL',
}
registerEnumType(NeedKind, {
  name: 'NeedKind',
  description: 'What kind of need: a job to get done, a feeling to have, or how to be seen by others.',
  valuesConfig: {
    FUNCTIONAL: { description: 'A task or problem to solve (e.g. "plan routes offline").' },
    EMOTIONAL: { description: 'A feeling sought or avoided (e.g. "feel in control of costs").' },
    SOCIAL: { description: 'How the customer wants to be seen (e.g. "look reliable to their own clients").' },
  },
});

export enum Priority {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}
registerEnumType(Priority, {
  name: 'Priority',
  description: 'How urgent a need is for the company to address.',
  valuesConfig: {
    LOW: { description: 'Nice to address some day.' },
    MEDIUM: { description: 'Worth planning for.' },
    HIGH: { description: 'Affects the relationship; plan soon.' },
    CRITICAL: { description: 'Puts the relationship at risk now.' },
  },
});

export enum NeedStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  MET = 'MET',
  DROPPED = 'DROPPED',
}
registerEnumType(NeedStatus, {
  name: 'NeedStatus',
  description: 'Where the company stands on a need.',
  valuesConfig: {
    OPEN: { description: 'Known, not yet addressed.' },
    IN_PROGRESS: { description: 'Being addressed.' },
    MET: { description: "Addressed to the customer's satisfaction." },
    DROPPED: { description: 'Will not be addressed, or no longer relevant.' },
  },
});

@ObjectType({ implements: Node, description: 'Something one or more customers want or must achieve: knowledge from customers.' })
export class Need {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @ReadsItself()
  @Field(() => String, {
    nullable: true,
    description: 'Its id in the system it was imported from (`npm run import`); null when it was created here.',
  })
  externalId!: string | null;

  @ReadsItself()
  @Field({ description: 'Short title.' })
  title!: string;

  @ReadsItself()
  @Field({ description: "What the need is, in the customers' words where possible." })
  description!: string;

  @ReadsItself()
  @Field(() => NeedKind, { description: 'Functional, emotional or social.' })
  kind!: NeedKind;

  @ReadsItself()
  @Field(() => Priority, { description: 'How urgent it is.' })
  priority!: Priority;

  @ReadsItself()
  @Field(() => NeedStatus, { description: 'Where the company stands on it.' })
  status!: NeedStatus;

  @ReadsItself()
  @Field(() => Date, { description: 'When it was first raised.' })
  createdAt!: Date;

  @ReadsItself()
  @Field(() => Date, { description: 'When it last changed.' })
  updatedAt!: Date;
}

export const NeedConnection = connectionOf(Need, 'Need', 'needs');

export enum NeedOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  TITLE = 'TITLE',
}
registerEnumType(NeedOrderField, {
  name: 'NeedOrderField',
  description: 'What a list of needs can be sorted by.',
  valuesConfig: {
    CREATED_AT: { description: 'When it was raised.' },
    UPDATED_AT: { description: 'When it last changed.' },
    TITLE: { description: 'Title, alphabetically (case-insensitive).' },
  },
});

export const NeedOrder = orderOf(NeedOrderField, 'Need', 'Sort order of a list of needs. Default: newest first (CREATED_AT, DESC).');
export type NeedOrder = InstanceType<typeof NeedOrder>;

@InputType({ description: 'Narrows a list of needs; every given field must hold (AND).' })
export class NeedFilter {
  @Field(() => ID, { nullable: true, description: 'Needs this customer has.' })
  @MaxLength(100)
  customerId?: string;

  @Field(() => ID, { nullable: true, description: 'Needs expressed in this interaction.' })
  @MaxLength(100)
  interactionId?: string;

  @Field(() => [NeedKind], { nullable: true, description: 'Any of these kinds.' })
  kinds?: NeedKind[];

  @Field(() => [Priority], { nullable: true, description: 'Any of these priorities.' })
  priorities?: Priority[];

  @Field(() => [NeedStatus], { nullable: true, description: 'Any of these statuses.' })
  statuses?: NeedStatus[];

  @Field({ nullable: true, description: 'Part of the title, case-insensitive.' })
  @MaxLength(200)
  titleContains?: string;

  @Field({ nullable: true, description: 'Tagged with the topic of this name.' })
  @MaxLength(60)
  topic?: string;
}

@InputType({ description: 'A need a customer told us about.' })
export class RaiseNeedInput {
  @Field(() => ID, { description: 'The customer who has the need.' })
  @MaxLength(100)
  customerId!: string;

  @Field({ description: 'Short title, 1 to 200 characters.' })
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field({ defaultValue: '', description: 'What the need is, up to 5,000 characters. Default: empty.' })
  @MaxLength(5000)
  description!: string;

  @Field(() => NeedKind, { description: 'Functional, emotional or social.' })
  kind!: NeedKind;

  @Field(() => Priority, { defaultValue: Priority.MEDIUM, description: 'How urgent it is. Default: MEDIUM.' })
  priority!: Priority;

  @Field(() => Float, { defaultValue: 0.5, description: 'How strongly this customer feels it, 0 to 1. Default: 0.5.' })
  @Min(0)
  @Max(1)
  intensity!: number;

  @Field(() => ID, {
    nullable: true,
    description: 'The interaction in which the customer expressed it: one with this customer (another is BAD_USER_INPUT).',
  })
  @MaxLength(100)
  interactionId?: string;

  @Field(() => [String], { defaultValue: [], description: 'Topic names (at most 20, each 1 to 60 characters).' })
  @ArrayMaxSize(20)
  @MaxLength(60, { each: true })
  @MaxLengthLowerCased(60, { each: true })
  @NotBlank({ each: true })
  topics!: string[];
}

@InputType({ description: 'Links an existing need to another customer who has it, and/or to an interaction that expressed it.' })
export class LinkNeedInput {
  @Field(() => ID, { description: 'The need.' })
  @MaxLength(100)
  needId!: string;

  @Field(() => ID, { nullable: true, description: 'A customer who has this need too.' })
  @MaxLength(100)
  customerId?: string;

  @Field(() => Float, { defaultValue: 0.5, description: 'How strongly that customer feels it, 0 to 1. Default: 0.5.' })
  @Min(0)
  @Max(1)
  intensity!: number;

  @Field(() => ID, { nullable: true, description: 'An interaction in which the need was expressed.' })
  @MaxLength(100)
  interactionId?: string;
}

@InputType({ description: 'Changes to a need. Omitted fields keep their value.' })
export class UpdateNeedInput {
  @Field(() => ID, { description: 'The need to change.' })
  @MaxLength(100)
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description: `Optional: ${EXPECTED_VERSION_DESCRIPTION} Omitted: the change applies to whatever version is current.`,
  })
  @Min(1)
  expectedVersion?: number | null;

  @Field({ nullable: true, description: 'New title, 1 to 200 characters.' })
  @NotBlank()
  @MaxLength(200)
  title?: string;

  @Field({ nullable: true, description: 'New description, up to 5,000 characters.' })
  @MaxLength(5000)
  description?: string;

  @Field(() => NeedKind, { nullable: true, description: 'New kind.' })
  kind?: NeedKind;

  @Field(() => Priority, { nullable: true, description: 'New priority.' })
  priority?: Priority;

  @Field(() => NeedStatus, { nullable: true, description: 'New status.' })
  status?: NeedStatus;
}

@InputType({ description: 'A customer no longer holds a need: the link between them to remove (the need itself stays).' })
export class UnlinkNeedInput {
  @Field(() => ID, { description: 'The customer who no longer holds the need.' })
  @MaxLength(100)
  customerId!: string;

  @Field(() => ID, { description: 'The need the customer no longer holds; one they do not hold is BAD_USER_INPUT.' })
  @MaxLength(100)
  needId!: string;
}

@ObjectType({ description: 'Event of `needRaised`: a customer now has a need (newly raised, or an existing need linked to them).' })
export class NeedRaisedEvent {
  @Field(() => String, { description: EVENT_CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => Date, { description: 'When it was committed.' })
  at!: Date;

  needId!: string;
  customerId!: string;
  actorId!: string;
}

@ObjectType({ description: 'A need as one customer holds it: how strongly, and since when.' })
export class HeldNeed {
  @Field(() => Need, { description: 'The need.' })
  need!: Need;

  @Field(() => Float, { description: 'How strongly this customer feels it, 0 (barely) to 1 (urgently).' })
  intensity!: number;

  @Field(() => Date, { nullable: true, description: 'Since when the customer has had it, as far as we know.' })
  since!: Date | null;
}
