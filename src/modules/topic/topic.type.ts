import { Node } from '../../graphql/node';
import { NotBlank, MaxLengthLowerCased, RenamedId } from '../../common/validation';
import { ArrayMaxSize, ArrayNotEmpty, MaxLength, Min } from 'class-validator';
import { createUnionType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionOf } from '../../common/connection';
import { Insight } from '../insight/insight.type';
import { Interaction } from '../interaction/interaction.type';
import { Need } from '../need/need.type';
import { typeOfNode } from '../../common/union';
import { EXPECTED_VERSION_DESCRIPTION } from '../history/version';

@ObjectType({ implements: Node, description: 'A tag of the shared taxonomy that interactions, needs and insights carry.' })
export class Topic {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @Field({ description: 'Unique name, in lower case (e.g. "billing", "route-planning").' })
  name!: string;

  @Field(() => Date, { description: 'When the topic was first used.' })
  createdAt!: Date;
}

export const TopicConnection = connectionOf(Topic, 'Topic', 'topics');

@InputType({ description: 'Narrows a list of topics.' })
export class TopicFilter {
  @Field({ nullable: true, description: 'Part of the name, case-insensitive.' })
  @MaxLength(60)
  nameContains?: string;
}

@InputType({ description: 'Topics to add to an interaction, need or insight.' })
@RenamedId('targetId', 'The interaction, need or insight.', 'the id of an interaction, need or insight')
export class TagInput {
  /** Given as `id` or as `targetId` (see @RenamedId); always set once validated. */
  id!: string;
  targetId?: string;

  @Field(() => [String], { description: 'Topic names (1 to 20, each 1 to 60 characters; stored in lower case; new topics are created).' })
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @MaxLength(60, { each: true })
  @MaxLengthLowerCased(60, { each: true })
  @NotBlank({ each: true })
  topics!: string[];
}

@InputType({ description: 'Topics to take off an interaction, need or insight (the topics themselves stay in the taxonomy).' })
@RenamedId('targetId', 'The interaction, need or insight.', 'the id of an interaction, need or insight')
export class UntagInput {
  /** Given as `id` or as `targetId` (see @RenamedId); always set once validated. */
  id!: string;
  targetId?: string;

  @Field(() => [String], {
    description:
      'Topic names it carries (1 to 20, each 1 to 60 characters, compared in lower case); one it does not carry is BAD_USER_INPUT.',
  })
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @MaxLength(60, { each: true })
  @MaxLengthLowerCased(60, { each: true })
  @NotBlank({ each: true })
  topics!: string[];
}

@InputType({ description: 'A new name for a topic of the taxonomy; everything tagged with it keeps it.' })
export class UpdateTopicInput {
  @Field(() => ID, { description: 'The topic to rename.' })
  @MaxLength(100)
  id!: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  @Min(1)
  expectedVersion!: number;

  @Field({ description: 'The new name, 1 to 60 characters, stored trimmed and in lower case; a name another topic has is a CONFLICT.' })
  @NotBlank()
  @MaxLength(60)
  @MaxLengthLowerCased(60)
  name!: string;
}

/** What `tag` returns: the thing that was tagged. */
export const TaggedItem = createUnionType({
  name: 'TaggedItem',
  description: 'Something that carries topics: an interaction, a need or an insight.',
  types: () => [Interaction, Need, Insight] as const,
  resolveType: typeOfNode,
});
