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
    'An insight miner: a rule that reads the graph and proposes insights for people to validate or refute. Thresholds are configuration (LEARN_* variables, see the README).',
  valuesConfig: {
    EMERGING_NEED: {
      description:
        'A need expressed by at least 5 distinct customers in the last 90 days, at least twice as many as in the 90 days before.',
    },
    NEEDS_TOGETHER: {
      description:
        'Two needs held together by customers far more often than chance (association rule: support ≥ 0.02 and at least 10 customers holding both, confidence ≥ 0.6, lift ≥ 2).',
    },
    SENTIMENT_DECLINE: {
      description:
        'A customer whose mean sentiment of the last 90 days is at least 0.5 below their own mean of the year before (at least 3 interactions in each).',
    },
    TOUCHPOINT_GAP: {
      description:
        'A touchpoint and channel where, over at least 20 interactions of the last 90 days, perceived quality is on average at least 1 below expected.',
    },
    SINGLE_THREADED_ACCOUNT: {
      description: 'A customer in the top 20% by lifetime value known by only one employee (owners and handlers of the last 365 days).',
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
