import { Node } from '../../graphql/node';
import { MaxLength, Min } from 'class-validator';
import { NotBlank } from '../../common/validation';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionOf } from '../../common/connection';
import { EXPECTED_VERSION_DESCRIPTION } from '../history/version';
import { ReadsItself } from '../../graphql/lookahead';

@ObjectType({ implements: Node, description: 'A named group of customers (an explicit model of the customer base).' })
export class Segment {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @ReadsItself()
  @Field(() => String, {
    nullable: true,
    description: 'Its id in the system it was imported from (`npm run import`); null when it was created here.',
  })
  externalId!: string | null;

  @ReadsItself()
  @Field({ description: 'Unique name.' })
  name!: string;

  @ReadsItself()
  @Field({ description: 'Who belongs to the segment and why it matters.' })
  description!: string;

  @ReadsItself()
  @Field(() => Date, { description: 'When the segment was created.' })
  createdAt!: Date;
}

export const SegmentConnection = connectionOf(Segment, 'Segment', 'segments');

@InputType({ description: 'A new segment.' })
export class CreateSegmentInput {
  @Field({ description: 'Unique name, 1 to 100 characters.' })
  @NotBlank()
  @MaxLength(100)
  name!: string;

  @Field({ defaultValue: '', description: 'Description, up to 2,000 characters. Default: empty.' })
  @MaxLength(2000)
  description!: string;
}

@InputType({ description: 'Corrections to a segment. Omitted fields keep their value.' })
export class UpdateSegmentInput {
  @Field(() => ID, { description: 'The segment to change.' })
  @MaxLength(100)
  id!: string;

  @Field(() => Int, { description: EXPECTED_VERSION_DESCRIPTION })
  @Min(1)
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'New unique name, 1 to 100 characters; a name another segment has is a CONFLICT.' })
  @NotBlank()
  @MaxLength(100)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description, up to 2,000 characters (empty clears it).' })
  @MaxLength(2000)
  description?: string | null;
}

@InputType({ description: 'Narrows a list of segments.' })
export class SegmentFilter {
  @Field({ nullable: true, description: 'Part of the name, case-insensitive.' })
  @MaxLength(100)
  nameContains?: string;
}
