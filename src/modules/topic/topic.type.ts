import { NotBlank, MaxLengthLowerCased } from '../../common/validation';
import { ArrayMaxSize, ArrayNotEmpty, MaxLength } from 'class-validator';
import { createUnionType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { connectionOf } from '../../common/connection';
import { Insight } from '../insight/insight.type';
import { Interaction } from '../interaction/interaction.type';
import { Need } from '../need/need.type';
import { typeOfNode } from '../../common/union';

@ObjectType({ description: 'A tag of the shared taxonomy that interactions, needs and insights carry.' })
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
export class TagInput {
  @Field(() => ID, { description: 'The id of an interaction, need or insight.' })
  @MaxLength(100)
  targetId!: string;

  @Field(() => [String], { description: 'Topic names (1 to 20, each 1 to 60 characters; stored in lower case; new topics are created).' })
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @MaxLength(60, { each: true })
  @MaxLengthLowerCased(60, { each: true })
  @NotBlank({ each: true })
  topics!: string[];
}

/** What `tag` returns: the thing that was tagged. */
export const TaggedItem = createUnionType({
  name: 'TaggedItem',
  description: 'Something that carries topics: an interaction, a need or an insight.',
  types: () => [Interaction, Need, Insight] as const,
  resolveType: typeOfNode,
});
