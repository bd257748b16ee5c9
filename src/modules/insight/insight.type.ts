import { Node } from '../../graphql/node';
import { EVENT_CURSOR_DESCRIPTION } from '../../realtime/topics';
import { MENTION_IDS_DESCRIPTION, MENTION_LIMIT } from '../inbox/inbox.type';
import { NotBlank, MaxLengthLowerCased, RenamedId } from '../../common/validation';
import { ArrayMaxSize, Max, MaxLength, Min } from 'class-validator';
import { createUnionType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf, orderOf } from '../../common/connection';
import { Customer } from '../customer/customer.type';
import { Employee } from '../employee/employee.type';
import { Need } from '../need/need.type';
import { Segment } from '../segment/segment.type';
import { Miner } from '../learning/learning.type';
import { typeOfNode } from '../../common/union';
import { ReadsItself } from '../../graphql/lookahead';

/** The kinds of change an `insightChanged` subscriber hears about. */
export enum InsightChangeKind {
  PROPOSED = 'PROPOSED',
  REVISED = 'REVISED',
  VALIDATED = 'VALIDATED',
  REFUTED = 'REFUTED',
  ARCHIVED = 'ARCHIVED',
  ANNOTATED = 'ANNOTATED',
  EVIDENCE_LINKED = 'EVIDENCE_LINKED',
  EVIDENCE_REMOVED = 'EVIDENCE_REMOVED',
}

export enum InsightOrigin {
  ABOUT_CUSTOMER = 'ABOUT_CUSTOMER',
  FROM_CUSTOMER = 'FROM_CUSTOMER',
}
registerEnumType(InsightOrigin, {
  name: 'InsightOrigin',
  description: 'Whether an insight is knowledge about customers or knowledge from them.',
  valuesConfig: {
    ABOUT_CUSTOMER: { description: 'Knowledge about customers (CRM): who they are, what they are worth, how the relationship goes.' },
    FROM_CUSTOMER: { description: 'Knowledge from customers (CKM): what they told us and what we learned from it.' },
  },
});

export enum InsightStatus {
  DRAFT = 'DRAFT',
  PROPOSED = 'PROPOSED',
  VALIDATED = 'VALIDATED',
  REFUTED = 'REFUTED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(InsightStatus, {
  name: 'InsightStatus',
  description:
    'Review state of an insight. Allowed moves: DRAFT -> PROPOSED (submitInsight); PROPOSED -> VALIDATED or REFUTED; ' +
    'VALIDATED -> REFUTED; any state but ARCHIVED -> ARCHIVED. Revising a VALIDATED or REFUTED insight sends it back to PROPOSED.',
  valuesConfig: {
    DRAFT: { description: 'Being written; not yet up for review.' },
    PROPOSED: { description: 'Up for review by another knowledge worker.' },
    VALIDATED: { description: 'Confirmed by a reviewer other than the author.' },
    REFUTED: { description: 'Shown wrong by a reviewer other than the author.' },
    ARCHIVED: { description: 'No longer current; kept for history. Final.' },
  },
});

@ObjectType({ implements: Node, description: 'A piece of learned knowledge about or from customers, linked to the evidence it came from.' })
export class Insight {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @ReadsItself()
  @Field(() => String, {
    nullable: true,
    description: 'Its id in the system it was imported from (`npm run import`); null when it was created here.',
  })
  externalId!: string | null;

  @ReadsItself()
  @Field({ description: 'Short statement of what was learned.' })
  title!: string;

  @ReadsItself()
  @Field({ description: 'The insight in full: what, why, and what to do about it.' })
  body!: string;

  @ReadsItself()
  @Field(() => InsightOrigin, { description: 'About or from customers.' })
  origin!: InsightOrigin;

  @ReadsItself()
  @Field(() => InsightStatus, { description: 'Review state.' })
  status!: InsightStatus;

  @ReadsItself()
  @Field(() => Float, { description: 'How sure the author is, from 0 (a hunch) to 1 (certain).' })
  confidence!: number;

  @ReadsItself()
  @Field(() => Int, {
    description:
      'Starts at 1 and grows by one with every change; pass it back as `expectedVersion` to change the insight. Earlier versions: `history`.',
  })
  version!: number;

  @ReadsItself()
  @Field(() => Date, { nullable: true, description: 'After this time the insight should be re-checked; null when it does not expire.' })
  validUntil!: Date | null;

  @ReadsItself()
  @Field(() => Miner, {
    nullable: true,
    description: 'The miner that proposed it (`npm run learn`, runLearning); null when a person wrote it.',
  })
  learnedBy!: Miner | null;

  @ReadsItself()
  @Field(() => Date, { description: 'When it was first written.' })
  createdAt!: Date;

  @ReadsItself()
  @Field(() => Date, { description: 'When it last changed (content or status).' })
  updatedAt!: Date;
}

export const InsightConnection = connectionOf(Insight, 'Insight', 'insights');

export const InsightSubject = createUnionType({
  name: 'InsightSubject',
  description: 'What an insight is about: a customer, a need or a segment.',
  types: () => [Customer, Need, Segment] as const,
  resolveType: typeOfNode,
});

export enum InsightOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  CONFIDENCE = 'CONFIDENCE',
}
registerEnumType(InsightOrderField, {
  name: 'InsightOrderField',
  description: 'What a list of insights can be sorted by.',
  valuesConfig: {
    CREATED_AT: { description: 'When it was written.' },
    UPDATED_AT: { description: 'When it last changed.' },
    CONFIDENCE: { description: 'Confidence.' },
  },
});

export const InsightOrder = orderOf(
  InsightOrderField,
  'Insight',
  'Sort order of a list of insights. Default: newest first (CREATED_AT, DESC).',
);
export type InsightOrder = InstanceType<typeof InsightOrder>;

@InputType({ description: 'Narrows a list of insights; every given field must hold (AND).' })
export class InsightFilter {
  @Field(() => [InsightStatus], { nullable: true, description: 'In any of these statuses.' })
  statuses?: InsightStatus[];

  @Field(() => [InsightOrigin], { nullable: true, description: 'Of any of these origins.' })
  origins?: InsightOrigin[];

  @Field({ nullable: true, description: 'Tagged with the topic of this name.' })
  @MaxLength(60)
  topic?: string;

  @Field(() => ID, { nullable: true, description: 'About this customer.' })
  @MaxLength(100)
  aboutCustomerId?: string;

  @Field(() => ID, { nullable: true, description: 'About this need.' })
  @MaxLength(100)
  aboutNeedId?: string;

  @Field(() => ID, { nullable: true, description: 'About this segment.' })
  @MaxLength(100)
  aboutSegmentId?: string;

  @Field(() => ID, { nullable: true, description: 'Written by this employee.' })
  @MaxLength(100)
  authorId?: string;

  @Field(() => ID, { nullable: true, description: 'Evidenced by this interaction.' })
  @MaxLength(100)
  evidenceInteractionId?: string;

  @Field({ nullable: true, description: 'Part of the title, case-insensitive.' })
  @MaxLength(200)
  titleContains?: string;

  @Field(() => Float, { nullable: true, description: 'Confidence at least this (0 to 1).' })
  @Min(0)
  @Max(1)
  minConfidence?: number;
}

@InputType({ description: 'A new insight. The author is the caller.' })
export class ProposeInsightInput {
  @Field({ description: 'Short statement, 1 to 200 characters.' })
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field({ description: 'The insight in full, 1 to 10,000 characters.' })
  @NotBlank()
  @MaxLength(10000)
  body!: string;

  @Field(() => InsightOrigin, { description: 'About or from customers.' })
  origin!: InsightOrigin;

  @Field(() => Float, { description: 'How sure the author is, 0 to 1.' })
  @Min(0)
  @Max(1)
  confidence!: number;

  @Field(() => Date, { nullable: true, description: 'When it should be re-checked; must be in the future.' })
  validUntil?: Date;

  @Field(() => [ID], { defaultValue: [], description: 'Customers it is about (at most 50).' })
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true })
  customerIds!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Needs it is about (at most 50).' })
  @ArrayMaxSize(50)
  @MaxLength(100, { each: true })
  needIds!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Segments it is about (at most 20).' })
  @ArrayMaxSize(20)
  @MaxLength(100, { each: true })
  segmentIds!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Interactions it was learned from (at most 100).' })
  @ArrayMaxSize(100)
  @MaxLength(100, { each: true })
  evidenceIds!: string[];

  @Field(() => [String], { defaultValue: [], description: 'Topic names (at most 20, each 1 to 60 characters).' })
  @ArrayMaxSize(20)
  @MaxLength(60, { each: true })
  @MaxLengthLowerCased(60, { each: true })
  @NotBlank({ each: true })
  topics!: string[];

  @Field(() => ID, {
    nullable: true,
    description: 'An older insight this one replaces; it is archived. Only its author or an ADMIN may supersede it, and only once.',
  })
  @MaxLength(100)
  supersedesId?: string;

  @Field({ defaultValue: false, description: 'Keep it as a DRAFT instead of proposing it for review. Default: false.' })
  draft!: boolean;

  @Field(() => [ID], { nullable: true, description: MENTION_IDS_DESCRIPTION })
  @ArrayMaxSize(MENTION_LIMIT)
  @MaxLength(100, { each: true })
  mentionIds?: string[] | null;
}

@InputType({ description: 'A new version of an insight, by its author or an ADMIN.' })
export class ReviseInsightInput {
  @Field(() => ID, { description: 'The insight.' })
  @MaxLength(100)
  id!: string;

  @Field(() => Int, { description: 'The version you read; a different current version is a CONFLICT and changes nothing.' })
  @Min(1)
  expectedVersion!: number;

  @Field({ nullable: true, description: 'New title, 1 to 200 characters.' })
  @NotBlank()
  @MaxLength(200)
  title?: string;

  @Field({ nullable: true, description: 'New body, 1 to 10,000 characters.' })
  @NotBlank()
  @MaxLength(10000)
  body?: string;

  @Field(() => Float, { nullable: true, description: 'New confidence, 0 to 1.' })
  @Min(0)
  @Max(1)
  confidence?: number;

  @Field(() => Date, { nullable: true, description: 'New re-check time; must be in the future.' })
  validUntil?: Date;

  @Field(() => [ID], {
    nullable: true,
    description: `${MENTION_IDS_DESCRIPTION} Given, it replaces the mentions (only those new to it are notified); omitted, they stay.`,
  })
  @ArrayMaxSize(MENTION_LIMIT)
  @MaxLength(100, { each: true })
  mentionIds?: string[] | null;
}

@InputType({ description: 'A review decision or status change on an insight.' })
export class ChangeInsightStatusInput {
  @Field(() => ID, { description: 'The insight.' })
  @MaxLength(100)
  id!: string;

  @Field(() => Int, { nullable: true, description: 'The version you read; when given, a different current version is a CONFLICT.' })
  @Min(1)
  expectedVersion?: number;

  @Field({ nullable: true, description: 'Why (up to 2,000 characters); kept as a COMMENT annotation by the caller.' })
  @MaxLength(2000)
  reason?: string;
}

@InputType({ description: 'Interactions to add as evidence of an insight.' })
@RenamedId('insightId', 'The insight to add evidence to.', 'the id of the insight')
export class LinkEvidenceInput {
  /** Given as `id` or as `insightId` (see @RenamedId); always set once validated. */
  id!: string;
  insightId?: string;

  @Field(() => [ID], { description: 'Interactions (1 to 100).' })
  @ArrayMaxSize(100)
  @MaxLength(100, { each: true })
  @NotBlank({ each: true })
  interactionIds!: string[];
}

registerEnumType(InsightChangeKind, {
  name: 'InsightChangeKind',
  description: 'What happened to an insight.',
  valuesConfig: {
    PROPOSED: { description: 'Proposed for review (new, or a draft submitted).' },
    REVISED: { description: 'A new version of its content.' },
    VALIDATED: { description: 'Confirmed by a reviewer.' },
    REFUTED: { description: 'Shown wrong by a reviewer.' },
    ARCHIVED: { description: 'Archived (by hand, or superseded by a newer insight).' },
    ANNOTATED: { description: 'Somebody commented on, endorsed or challenged it.' },
    EVIDENCE_LINKED: { description: 'Interactions were added as its evidence.' },
    EVIDENCE_REMOVED: {
      description:
        'Interactions stopped being its evidence (deleted, or unlinked with unlinkEvidence): a new version whose confidence is scaled by ' +
        'the evidence left (confidence × remaining / previous evidence count; 0 when none is left).',
    },
  },
});

@ObjectType({ description: 'Event of `insightChanged`: one committed change to an insight.' })
export class InsightChange {
  @Field(() => String, { description: EVENT_CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => InsightChangeKind, { description: 'What happened.' })
  kind!: InsightChangeKind;

  @Field(() => Date, { description: 'When it was committed.' })
  at!: Date;

  insightId!: string;
  actorId!: string;
  annotationId!: string | null;
}

@ObjectType({
  description:
    'One version of an insight, as it was written: its content and status, when and by whom, and what change made it. ' +
    'Every change to an insight (revision, status change, superseding, a miner updating its proposal) writes a new version.',
})
export class InsightVersion {
  @Field(() => Int, { description: 'The version number: 1 when the insight was first written, one more with every change.' })
  version!: number;

  @Field({ description: 'The title in this version.' })
  title!: string;

  @Field({ description: 'The body in this version.' })
  body!: string;

  @Field(() => Float, { description: 'The confidence in this version, from 0 (a hunch) to 1 (certain).' })
  confidence!: number;

  @Field(() => InsightStatus, { description: 'The review state in this version.' })
  status!: InsightStatus;

  @Field(() => Date, { nullable: true, description: 'The re-check time in this version; null when it did not expire.' })
  validUntil!: Date | null;

  @Field(() => Date, { description: 'When this version was written.' })
  at!: Date;

  @Field(() => Employee, {
    nullable: true,
    description:
      'Who wrote this version: the author for version 1, else whoever made the change that led to it. ' +
      'Null when a miner wrote it, when that employee was removed, or when it is not known (the version before was not kept).',
  })
  by!: Employee | null;

  @Field(() => InsightChangeKind, {
    nullable: true,
    description:
      'The change that made this version (REVISED, PROPOSED for a submitted draft, VALIDATED, REFUTED, ARCHIVED); null for version 1 and when not known.',
  })
  change!: InsightChangeKind | null;

  @Field({ description: 'Whether this is the version the insight has now (the first of its history).' })
  current!: boolean;
}
