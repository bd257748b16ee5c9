import { MaxLength } from 'class-validator';
import { NotBlank } from '../../common/validation';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { connectionOf } from '../../common/connection';

@ObjectType({ description: 'A named group of customers (an explicit model of the customer base).' })
export class Segment {
  @Field(() => ID, { description: 'Opaque unique id.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Its id in the system it was imported from (`npm run import`); null when it was created here.' })
  externalId!: string | null;

  @Field({ description: 'Unique name.' })
  name!: string;

  @Field({ description: 'Who belongs to the segment and why it matters.' })
  description!: string;

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

@InputType({ description: 'Narrows a list of segments.' })
export class SegmentFilter {
  @Field({ nullable: true, description: 'Part of the name, case-insensitive.' })
  @MaxLength(100)
  nameContains?: string;
}
