import { MaxLength } from 'class-validator';
import { RenamedId } from '../../common/validation';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

@InputType({ description: 'Which customer to erase (right to erasure), and why.' })
@RenamedId('customerId', 'The customer to erase.', 'the id of the customer to erase')
export class EraseCustomerInput {
  /** Given as `id` or as `customerId` (see @RenamedId); always set once validated. */
  id!: string;
  customerId?: string;

  @Field({
    nullable: true,
    description:
      'Why the customer is erased (a request reference, the legal ground), up to 500 characters. Optional. ' +
      "Stored on the erasure record with the customer's name, email and phone replaced by [erased].",
  })
  @MaxLength(500)
  reason?: string;

  @Field({
    defaultValue: false,
    description:
      'True: change nothing and record nothing, and answer what this erasure would do (the same receipt, with `dryRun: true`, no id and ' +
      'no `erasedAt`), so that an ADMIN can read every text it would rewrite before and after. Default false.',
  })
  dryRun!: boolean;
}

export enum ErasedRecordKind {
  INTERACTION = 'INTERACTION',
  INSIGHT = 'INSIGHT',
  INSIGHT_VERSION = 'INSIGHT_VERSION',
  ANNOTATION = 'ANNOTATION',
  NEED = 'NEED',
  SEGMENT = 'SEGMENT',
  TOPIC = 'TOPIC',
  ERASURE = 'ERASURE',
  IMPORT_CHECKPOINT = 'IMPORT_CHECKPOINT',
  DELETED_RECORD = 'DELETED_RECORD',
  RECORD_CHANGE = 'RECORD_CHANGE',
}
registerEnumType(ErasedRecordKind, {
  name: 'ErasedRecordKind',
  description: 'The kind of record whose text an erasure rewrote.',
  valuesConfig: {
    INTERACTION: { description: "Another customer's interaction (summary, content)." },
    INSIGHT: { description: 'An insight (title, body).' },
    INSIGHT_VERSION: { description: 'A version kept of an insight (title, body); `recordId` is the insight, `version` the version.' },
    ANNOTATION: { description: 'A comment, endorsement or challenge on an insight (body).' },
    NEED: { description: 'A need (title, description).' },
    SEGMENT: { description: 'A segment (name, description).' },
    TOPIC: { description: 'A topic (name).' },
    ERASURE: { description: 'The reason recorded with an earlier erasure.' },
    IMPORT_CHECKPOINT: { description: 'The rejected lines kept by an interrupted import until it resumes; `recordId` is the source file.' },
    DELETED_RECORD: {
      description:
        'A deleted record waiting for its purge (summary, content, title, body, description, or the reason it was deleted); `recordId` is its id.',
    },
    RECORD_CHANGE: {
      description:
        "An entry of another record's history (the values before and after, as JSON, or its reason); `recordId` is the entry's id.",
    },
  },
});

@ObjectType({ description: 'One text property an erasure rewrote (or, in a dry run, would rewrite).' })
export class ErasureChange {
  @Field(() => ErasedRecordKind, { description: 'The kind of record.' })
  kind!: ErasedRecordKind;

  @Field(() => ID, { description: "The record's id; for INSIGHT_VERSION the insight's id." })
  recordId!: string;

  @Field(() => Int, { nullable: true, description: 'For INSIGHT_VERSION: which version of the insight. Null otherwise.' })
  version!: number | null;

  @Field({ description: 'The property rewritten (summary, content, title, body, description, name, reason).' })
  property!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The text before, with the erased values still in it: given in this answer only, to the ADMIN who erases, and stored nowhere ' +
      '(the erasure record keeps only where text was rewritten).',
  })
  before!: string | null;

  @Field({
    description:
      'The text after: each whole-word occurrence of the name, email or phone replaced by [erased] (or, in an insight about the customer alone that named them, neutral text).',
  })
  after!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'For TOPIC: when another topic already had the new name, the topic this one was merged into (this one is gone). Null otherwise.',
  })
  mergedIntoId?: string | null;
}

@ObjectType({
  description: 'The record of one erasure (or, with dryRun, what it would do): what was removed, and where text was rewritten.',
})
export class ErasureReceipt {
  @Field(() => ID, { nullable: true, description: 'Opaque unique id of the erasure record. Null on a dry run: nothing was recorded.' })
  id!: string | null;

  @Field(() => ID, {
    description: 'The erased customer: the id stays, on a tombstone named "Erased customer", so that aggregates keep working.',
  })
  customerId!: string;

  @Field(() => Date, { nullable: true, description: 'When the erasure was committed. Null on a dry run.' })
  erasedAt!: Date | null;

  @Field({ description: 'True when nothing was changed: this says what the erasure would do.' })
  dryRun!: boolean;

  @Field(() => Int, { description: "How many of the customer's interactions were (or would be) deleted, with their content." })
  interactionsDeleted!: number;

  @Field(() => Int, {
    description: 'How many insights about this customer alone moved to ARCHIVED (those already archived are not counted).',
  })
  insightsArchived!: number;

  @Field(() => Int, {
    description:
      "How many text properties anywhere in the graph still held the customer's name, email or phone as whole words after the deletions, " +
      'and were rewritten: the number of entries in `changes`.',
  })
  propertiesScrubbed!: number;

  @Field(() => [ErasureChange], {
    description:
      'Every text property rewritten, with its text before and after, in the order they were found (insights about the customer alone first). ' +
      'Matching is exact: whole words only (a name is not found inside another word), and without regard to case in any script.',
  })
  changes!: ErasureChange[];
}
