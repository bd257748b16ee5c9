import { EVENT_CURSOR_DESCRIPTION } from '../../realtime/topics';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../../common/connection';

/**
 * The history of corrections: every edit, deletion, restore and merge of a customer, interaction,
 * annotation, need, segment or topic keeps what it replaced, who did it and when, as a
 * `(:RecordChange)` node (insights keep their own versions: `Insight.history`).
 */

/** The kinds of record that keep a history of corrections. */
export enum RecordType {
  CUSTOMER = 'CUSTOMER',
  INTERACTION = 'INTERACTION',
  ANNOTATION = 'ANNOTATION',
  NEED = 'NEED',
  SEGMENT = 'SEGMENT',
  TOPIC = 'TOPIC',
}

/** The graph label of a record whose history is kept (what `RecordChange.recordType` stores). */
export type RecordLabel = 'Customer' | 'Interaction' | 'Annotation' | 'Need' | 'Segment' | 'Topic';

/**
 * A label as the API names its record type ('Customer' → 'CUSTOMER'). Enum values are their own
 * names (the compiled executor coerces variables twice), so the graph's labels are turned into
 * type names where they leave for the API and back where filters come in ({@link labelOfType}).
 */
export const typeOfLabel = <T extends string>(label: string): T => label.toUpperCase() as T;

/** The label of a record type ('CUSTOMER' → 'Customer'). */
export const labelOfType = (type: string): string => type.charAt(0) + type.slice(1).toLowerCase();

registerEnumType(RecordType, {
  name: 'RecordType',
  description: 'A kind of record whose corrections are kept in its history.',
  valuesConfig: {
    CUSTOMER: { description: 'A customer (person or organization).' },
    INTERACTION: { description: 'A contact between a customer and the company.' },
    ANNOTATION: { description: 'A comment, endorsement or challenge on an insight.' },
    NEED: { description: 'Something customers want or must achieve.' },
    SEGMENT: { description: 'A named group of customers.' },
    TOPIC: { description: 'A tag of the taxonomy.' },
  },
});

/** What a correction did. */
export enum RecordChangeKind {
  EDITED = 'EDITED',
  LINKED = 'LINKED',
  UNLINKED = 'UNLINKED',
  DELETED = 'DELETED',
  RESTORED = 'RESTORED',
  MERGED = 'MERGED',
  MERGED_INTO = 'MERGED_INTO',
}

registerEnumType(RecordChangeKind, {
  name: 'RecordChangeKind',
  description: 'What a correction did to a record.',
  valuesConfig: {
    EDITED: { description: 'Some of its fields were changed (see `changes`).' },
    LINKED: { description: 'It was linked to another record (a topic, a need).' },
    UNLINKED: { description: 'A link to another record was removed (a topic, a need, evidence).' },
    DELETED: { description: 'It was deleted: hidden from every read until restored or purged.' },
    RESTORED: { description: 'A deleted record was restored by an ADMIN.' },
    MERGED: { description: 'Another record (`otherId`) was merged into it; `changes` shows what it took over.' },
    MERGED_INTO: { description: 'It was merged into another record (`otherId`), which now stands for it.' },
  },
});

@ObjectType({ description: 'One field a correction changed: its value before and after, as JSON text.' })
export class FieldChange {
  @Field({ description: 'The field, as named in the API (`summary`, `email`, `needIds`).' })
  field!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The value it replaced, as JSON text (a string in quotes, a number, a list); null when it had none or when `withheld`.',
  })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'The value it got, as JSON text; null when it has none or when `withheld`.' })
  after!: string | null;

  @Field({ description: 'True when the field is personal data the caller may not read (a VIEWER): `before` and `after` are then null.' })
  withheld!: boolean;
}

@ObjectType({ description: 'One correction of a record: what it replaced, who made it and when.' })
export class RecordChange {
  @Field(() => ID, { description: 'The change id.' })
  id!: string;

  /** The label of the record changed, as stored (the API's `recordType` is resolved from it). */
  recordType!: RecordLabel;

  @Field(() => ID, { description: 'The id of the record changed.' })
  recordId!: string;

  @Field(() => RecordChangeKind, { description: 'What the change did.' })
  kind!: RecordChangeKind;

  @Field(() => Date, { description: 'When it was committed.' })
  at!: Date;

  @Field(() => Int, { nullable: true, description: 'The version of the record the change made; null for records that have no version.' })
  version!: number | null;

  @Field(() => String, { nullable: true, description: 'Why, as the person gave it; null when no reason was given.' })
  reason!: string | null;

  @Field(() => ID, { nullable: true, description: 'For merges: the other record (the one merged in, or the one it was merged into).' })
  otherId!: string | null;

  @Field(() => [FieldChange], { description: 'The fields changed, by name.' })
  changes!: FieldChange[];

  /** Who made it (resolved as `by`). */
  actorId!: string | null;
}

export const RecordChangeConnection = connectionOf(RecordChange, 'RecordChange', 'changes of a record, newest first');
export type RecordChangeConnection = InstanceType<typeof RecordChangeConnection>;

@ObjectType({ description: 'A correction committed: an edit, deletion, restore or merge of a record.' })
export class RecordChangedEvent {
  @Field(() => String, { description: EVENT_CURSOR_DESCRIPTION })
  cursor!: string;

  @Field(() => RecordChangeKind, { description: 'What happened.' })
  kind!: RecordChangeKind;

  @Field(() => RecordType, { description: 'The kind of record.' })
  recordType!: RecordType;

  @Field(() => ID, {
    description: 'The record changed. After DELETED it can no longer be read (until restored); after MERGED_INTO, read `otherId`.',
  })
  recordId!: string;

  @Field(() => ID, { nullable: true, description: 'For merges: the other record.' })
  otherId!: string | null;

  @Field(() => [ID], { description: 'The customers the record concerns (for a customer, itself), as of the change.' })
  customerIds!: string[];

  @Field(() => Date, { description: 'When it was committed.' })
  at!: Date;

  /** The history entry (resolved as `change`). */
  changeId!: string;

  /** Who made it (resolved as `actor`). */
  actorId!: string;
}
