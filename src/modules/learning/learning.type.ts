import { ArrayMaxSize } from 'class-validator';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum Miner {
  EMERGING_NEED = 'EMERGING_NEED',
  NEEDS_TOGETHER = 'NEEDS_TOGETHER',
  SENTIMENT_DECLINE = 'SENTIMENT_DECLINE',
  TOUCHPOINT_GAP = 'TOUCHPOINT_GAP',
  SINGLE_THREADED_ACCOUNT = 'SINGLE_THREADED_ACCOUNT',
}
registerEnumType(Miner, {
  name: 'Miner',
  description:
    'An insight miner: a statistical test over every candidate of a run (needs, pairs of needs, customers, touchpoints), proposing the discoveries at the configured false discovery rate (LEARN_FALSE_DISCOVERY_RATE, Benjamini-Hochberg) whose effect is large enough (LEARN_* minimums); confidence is 1 − q. See docs/learning.md.',
  valuesConfig: {
    EMERGING_NEED: {
      description:
        'A need that at least 5 customers expressed in the last 90 days, significantly more than in the 90 days before (at least twice as many) and rising, not steady: more customers first expressed it in the later half of the time since the first of them.',
    },
    NEEDS_TOGETHER: {
      description:
        'Two needs held together by at least 10 customers significantly more often than independence within strata of customers holding as many needs gives (Cochran-Mantel-Haenszel), with lift ≥ 2 and the stronger rule’s confidence ≥ 0.6; the customers who hold both are linked.',
    },
    SENTIMENT_DECLINE: {
      description:
        'A customer whose mean sentiment of the last 90 days is significantly (moderated t-test) and at least 0.5 below their own mean of the year before (at least 3 interactions in each).',
    },
    TOUCHPOINT_GAP: {
      description:
        'A touchpoint (over all its channels), or else one of its channels, where over at least 20 interactions of the last 90 days perceived quality falls significantly and on average at least 1 below expected.',
    },
    SINGLE_THREADED_ACCOUNT: {
      description:
        'A customer in the top 20% by value (lifetime value, or revenue where none is recorded) known by only one employee (owners and handlers of the last 365 days), with more interactions than chance would leave with one employee.',
    },
  },
});

@InputType({ description: 'What a learning run does.' })
export class RunLearningInput {
  @Field(() => [Miner], { nullable: true, description: 'The miners to run; default: all five.' })
  @ArrayMaxSize(5)
  miners?: Miner[];

  @Field(() => Date, {
    nullable: true,
    description: 'The moment the windows end (to learn from a past state, or replay a data set); default: now.',
  })
  asOf?: Date;
}

@ObjectType({ description: 'What one miner did in a learning run.' })
export class MinerResult {
  @Field(() => Miner, { description: 'The miner.' })
  miner!: Miner;

  @Field(() => Int, { description: 'Patterns it found.' })
  found!: number;

  @Field(() => Int, { description: 'New insights proposed (status PROPOSED).' })
  created!: number;

  @Field(() => Int, {
    description:
      'Earlier proposals (still PROPOSED or DRAFT, never changed by a person) updated with new figures or evidence (version + 1); evidence a person linked to them stays.',
  })
  updated!: number;

  @Field(() => Int, { description: 'Earlier proposals that were already up to date.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Patterns whose insight a person already validated, refuted, archived or revised: left as they are.' })
  keptAsReviewed!: number;

  @Field(() => Int, { description: 'How long the miner took, in milliseconds.' })
  durationMs!: number;
}

@ObjectType({ description: 'The outcome of a learning run.' })
export class LearningRun {
  @Field(() => Date, { description: 'The moment the windows ended.' })
  asOf!: Date;

  @Field(() => [MinerResult], { description: 'One result per miner run, in the order they ran.' })
  results!: MinerResult[];

  @Field(() => Int, { description: 'How long the whole run took, in milliseconds.' })
  durationMs!: number;
}
