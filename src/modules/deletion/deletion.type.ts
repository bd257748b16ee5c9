import { ArrayMaxSize, ArrayMinSize, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotBlank, RenamedId } from '../../common/validation';
import { connectionOf } from '../../common/connection';
import { EXPECTED_VERSION_DESCRIPTION } from '../history/version';

/**
 * Soft deletion (issue 22): a deleted record leaves every read at once (its label becomes
 * `Deleted`), waits for an ADMIN to restore it for the retention period, and is then purged.
 * See deletion.repository.ts for how, and the README section "Correcting knowledge: delete,
 * restore, purge" for the rules.
 */

/** The kinds of record that can be deleted (by a person, or with what a person deleted). Values are the graph labels. */
export enum DeletedRecordType {
  CUSTOMER = 'CUSTOMER',
  INTERACTION = 'INTERACTION',
  ANNOTATION = 'ANNOTATION',
  NEED = 'NEED',
  INSIGHT = 'INSIGHT',
}

registerEnumType(DeletedRecordType, {
  name: 'DeletedRecordType',
  description: 'A kind of record that can be deleted and restored.',
  valuesConfig: {
    CUSTOMER: { description: 'A customer (deleted with its interactions and the insights about it alone).' },
    INTERACTION: { description: 'A contact between a customer and the company.' },
    ANNOTATION: { description: 'A comment, endorsement or challenge on an insight.' },
    NEED: { description: 'A need (deleted with the insights about it alone).' },
    INSIGHT: { description: 'An insight: never deleted on its own, only with every record it is about (then with its annotations).' },
  },
});

/** Longest reason a person may give for a deletion. */
export const MAX_REASON_LENGTH = 500;

@ObjectType({ description: 'One record taken out of the graph by a deletion.' })
export class DeletedRecordRef {
  @Field(() => DeletedRecordType, { description: 'The kind of record.' })
  recordType!: DeletedRecordType;

  @Field(() => ID, { description: 'Its id (the id it had, and has again once restored).' })
  recordId!: string;
}

@ObjectType({
  description:
    'A deletion: the record a person deleted (the root) and what went with it, hidden from every read, list, count, search, ' +
    'analytics, learning and subscription until an ADMIN restores it or the purge deletes it for good.',
})
export class Deletion {
  @Field(() => ID, { description: 'The deletion id: the same for the root and every record that went with it.' })
  id!: string;

  @Field(() => DeletedRecordType, { description: 'The kind of record deleted (the root).' })
  recordType!: DeletedRecordType;

  @Field(() => ID, { description: 'The id of the record deleted (the root); restore it with the restore mutation of its kind.' })
  recordId!: string;

  @Field({
    description:
      "A short label to recognize the record by: the customer's name, the interaction's summary, the need's title, or the start of " +
      "the annotation's body (at most 80 characters, with an ellipsis when cut).",
  })
  label!: string;

  @Field(() => Date, { description: 'When it was deleted (committed), to the millisecond.' })
  deletedAt!: Date;

  @Field(() => Date, {
    description:
      'Until when an ADMIN can restore it: `deletedAt` plus the retention period (DELETED_RETENTION_DAYS, 30 days by default). ' +
      'The purge (hourly inside the server by default, or `npm run purge`) deletes it for good after that.',
  })
  restorableUntil!: Date;

  @Field(() => String, { nullable: true, description: 'Why, as the person who deleted it gave it; null when no reason was given.' })
  reason!: string | null;

  /** What went with it (resolved as `cascaded`, with `cascadedCount`, in deletion.resolver.ts). */
  cascaded?: DeletedRecordRef[];

  @Field(() => [ID], {
    description:
      'The insights (still live) that lost evidence because interactions were deleted: each has a new version with its confidence ' +
      'scaled by the evidence left (see `unlinkEvidence`). Empty in `deletedRecords`.',
  })
  evidenceRemovedFrom!: string[];

  /** Who deleted it (resolved as `by`). */
  deletedById!: string | null;
}

export const DeletedRecordConnection = connectionOf(Deletion, 'DeletedRecord', 'deletions that can still be restored, newest first');
export type DeletedRecordConnection = InstanceType<typeof DeletedRecordConnection>;

@InputType({ description: 'Which deletions to list.' })
export class DeletedRecordFilter {
  @Field(() => [DeletedRecordType], {
    nullable: true,
    description: "Only deletions of these kinds of record (the root's kind); default: all.",
  })
  @ArrayMaxSize(5)
  recordTypes?: DeletedRecordType[];
}

/** Declares `<name>` { id, reason }, the input of one delete mutation; `what` names the record. */
function deleteInput(name: string, what: string, extra: string) {
  @InputType(name, { description: `Which ${what} to delete, and why. ${extra}` })
  class DeleteInput {
    @Field(() => ID, { description: `The ${what}.` })
    @MaxLength(100)
    id!: string;

    @Field(() => String, {
      nullable: true,
      description: `Why it is deleted, up to ${MAX_REASON_LENGTH} characters. Optional; shown in \`deletedRecords\` and kept in the history.`,
    })
    @MaxLength(MAX_REASON_LENGTH)
    reason?: string | null;
  }
  return DeleteInput;
}

export const DeleteInteractionInput = deleteInput('DeleteInteractionInput', 'interaction', 'Insights citing it lose it as evidence.');
export type DeleteInteractionInput = InstanceType<typeof DeleteInteractionInput>;
export const DeleteAnnotationInput = deleteInput('DeleteAnnotationInput', 'annotation', 'Only its author or an ADMIN.');
export type DeleteAnnotationInput = InstanceType<typeof DeleteAnnotationInput>;
export const DeleteNeedInput = deleteInput('DeleteNeedInput', 'need', 'The insights about it alone go with it.');
export type DeleteNeedInput = InstanceType<typeof DeleteNeedInput>;
export const DeleteCustomerInput = deleteInput(
  'DeleteCustomerInput',
  'customer',
  'Its interactions and the insights about it alone go with it; its contacts, owners and needs stay.',
);
export type DeleteCustomerInput = InstanceType<typeof DeleteCustomerInput>;

/** Declares `<name>` { id }, the input of one restore mutation. */
function restoreInput(name: string, what: string) {
  @InputType(name, { description: `Which deleted ${what} to restore (with everything that was deleted with it).` })
  class RestoreInput {
    @Field(() => ID, { description: `The deleted ${what} (its id, as it had it).` })
    @MaxLength(100)
    id!: string;
  }
  return RestoreInput;
}

export const RestoreInteractionInput = restoreInput('RestoreInteractionInput', 'interaction');
export type RestoreInteractionInput = InstanceType<typeof RestoreInteractionInput>;
export const RestoreAnnotationInput = restoreInput('RestoreAnnotationInput', 'annotation');
export type RestoreAnnotationInput = InstanceType<typeof RestoreAnnotationInput>;
export const RestoreNeedInput = restoreInput('RestoreNeedInput', 'need');
export type RestoreNeedInput = InstanceType<typeof RestoreNeedInput>;
export const RestoreCustomerInput = restoreInput('RestoreCustomerInput', 'customer');
export type RestoreCustomerInput = InstanceType<typeof RestoreCustomerInput>;

@InputType({ description: 'Interactions that are no longer evidence of an insight (the mirror of LinkEvidenceInput).' })
@RenamedId('insightId', 'The insight whose evidence to remove.', 'the id of the insight')
export class UnlinkEvidenceInput {
  /** Given as `id` or as `insightId` (see @RenamedId); always set once validated. */
  id!: string;
  insightId?: string;

  @Field(() => [ID], { description: 'Interactions (1 to 100). Those that are not its evidence are ignored.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @MaxLength(100, { each: true })
  @NotBlank({ each: true })
  interactionIds!: string[];

  @Field(() => Int, {
    nullable: true,
    description: `Optional: without it, the evidence is removed from whatever version is current. ${EXPECTED_VERSION_DESCRIPTION}`,
  })
  @Min(1)
  expectedVersion?: number | null;
}
