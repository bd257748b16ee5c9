import { MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'Which customer to erase (right to erasure), and why.' })
export class EraseCustomerInput {
  @Field(() => ID, { description: 'The customer to erase.' })
  @MaxLength(100)
  customerId!: string;

  @Field({
    nullable: true,
    description:
      'Why the customer is erased (a request reference, the legal ground), up to 500 characters. Optional. ' +
      "Stored on the erasure record with the customer's name, email and phone replaced by [erased].",
  })
  @MaxLength(500)
  reason?: string;
}

@ObjectType({ description: 'The record of one erasure: what was removed, without any personal data of the erased customer.' })
export class ErasureReceipt {
  @Field(() => ID, { description: 'Opaque unique id of the erasure record.' })
  id!: string;

  @Field(() => ID, { description: 'The erased customer: the id stays, on a tombstone named "Erased customer", so that aggregates keep working.' })
  customerId!: string;

  @Field(() => Date, { description: 'When the erasure was committed.' })
  erasedAt!: Date;

  @Field(() => Int, { description: "How many of the customer's interactions were deleted, with their content." })
  interactionsDeleted!: number;

  @Field(() => Int, { description: 'How many insights about this customer alone moved to ARCHIVED (those already archived are not counted).' })
  insightsArchived!: number;

  @Field(() => Int, {
    description:
      "How many node properties anywhere in the graph (annotations, needs, other customers' interactions, insights, anything) still held " +
      "the customer's name, email or phone after the deletions, and had those occurrences replaced by [erased]; one per property of a node.",
  })
  propertiesScrubbed!: number;
}
