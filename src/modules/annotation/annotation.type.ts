import { Node } from '../../graphql/node';
import { ArrayMaxSize, MaxLength, Min } from 'class-validator';
import { MENTION_IDS_DESCRIPTION, MENTION_LIMIT } from '../inbox/inbox.type';
import { NotBlank, RenamedId } from '../../common/validation';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../../common/connection';
import { EXPECTED_VERSION_DESCRIPTION } from '../history/version';
import { ReadsItself } from '../../graphql/lookahead';

export enum AnnotationKind {
  COMMENT = 'COMMENT',
  ENDORSEMENT = 'ENDORSEMENT',
  CHALLENGE = 'CHALLENGE',
}
registerEnumType(AnnotationKind, {
  name: 'AnnotationKind',
  description: 'What a knowledge worker says about an insight.',
  valuesConfig: {
    COMMENT: { description: 'A remark or context.' },
    ENDORSEMENT: { description: 'Agreement, ideally with own evidence.' },
    CHALLENGE: { description: 'Doubt or contrary evidence.' },
  },
});

@ObjectType({ implements: Node, description: "A knowledge worker's comment, endorsement or challenge on an insight." })
export class Annotation {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @ReadsItself()
  @Field(() => AnnotationKind, { description: 'Comment, endorsement or challenge.' })
  kind!: AnnotationKind;

  @ReadsItself()
  @Field({ description: 'What was said.' })
  body!: string;

  @ReadsItself()
  @Field(() => Date, { description: 'When it was written.' })
  createdAt!: Date;
}

export const AnnotationConnection = connectionOf(Annotation, 'Annotation', 'annotations');

@InputType({ description: 'A comment, endorsement or challenge on an insight. The author is the caller.' })
@RenamedId('insightId', 'The insight to annotate.', 'the id of the insight')
export class AnnotateInsightInput {
  /** Given as `id` or as `insightId` (see @RenamedId); always set once validated. */
  id!: string;
  insightId?: string;

  @Field(() => AnnotationKind, { description: 'Comment, endorsement or challenge.' })
  kind!: AnnotationKind;

  @Field({ description: 'What you want to say, 1 to 5,000 characters.' })
  @NotBlank()
  @MaxLength(5000)
  body!: string;

  @Field(() => [ID], { nullable: true, description: MENTION_IDS_DESCRIPTION })
  @ArrayMaxSize(MENTION_LIMIT)
  @MaxLength(100, { each: true })
  mentionIds?: string[] | null;
}

@InputType({ description: 'Corrections to an annotation, by its author. Omitted fields keep their value.' })
export class UpdateAnnotationInput {
  @Field(() => ID, { description: 'The annotation to correct.' })
  @MaxLength(100)
  id!: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  @Min(1)
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'What you want to say instead, 1 to 5,000 characters.' })
  @NotBlank()
  @MaxLength(5000)
  body?: string | null;

  @Field(() => AnnotationKind, { nullable: true, description: 'Comment, endorsement or challenge, instead of what it was.' })
  kind?: AnnotationKind | null;

  @Field(() => [ID], {
    nullable: true,
    description: `${MENTION_IDS_DESCRIPTION} Given, it replaces the mentions (only those new to it are notified); omitted, they stay.`,
  })
  @ArrayMaxSize(MENTION_LIMIT)
  @MaxLength(100, { each: true })
  mentionIds?: string[] | null;
}
