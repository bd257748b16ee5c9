import { capitalized, DomainError, ErrorCode, notFound } from '../../common/errors';
import type { Tx } from '../../db/graph';
import { deletionRootOf, findDeleted, type DeletableLabel } from './deletion.repository';

/** The labels a person deletes (an insight goes only with what it is about). */
export type RootLabel = Exclude<DeletableLabel, 'Insight'>;

/** A record of each label, in words. */
export const WHAT: Record<DeletableLabel, string> = {
  Customer: 'customer',
  Interaction: 'interaction',
  Annotation: 'annotation',
  Need: 'need',
  Insight: 'insight',
};

/** How an ADMIN brings back a deletion whose root has each label. */
export const RESTORE_MUTATION: Record<RootLabel, string> = {
  Customer: 'restoreCustomer',
  Interaction: 'restoreInteraction',
  Annotation: 'restoreAnnotation',
  Need: 'restoreNeed',
};

/**
 * NOT_FOUND for a deleted record: when it was deleted, and how an ADMIN can restore it (through the
 * record it was deleted with, when it went with another), until when if `restorableUntil` is
 * known; null when the record is not deleted. Deleting, and editing, a deleted record say this.
 */
export async function deletedError(
  tx: Tx,
  label: RootLabel,
  id: string,
  restorableUntil?: (deletedAt: Date) => Date,
): Promise<DomainError | null> {
  const deleted = await findDeleted(tx, label, id);
  if (!deleted) return null;
  const until = restorableUntil?.(deleted.deletedAt).toISOString();
  const untilText = until ? ` until ${until}` : '';
  const root = deleted.deletionRoot ? null : await deletionRootOf(tx, deleted.deletionId);
  const message =
    root && root.label !== 'Insight'
      ? `${capitalized(WHAT[label])} '${id}' has already been deleted, with ${WHAT[root.label]} '${root.id}' (${deleted.deletedAt.toISOString()}); ` +
        `an ADMIN can restore it by restoring that ${WHAT[root.label]} (${RESTORE_MUTATION[root.label as RootLabel]})${untilText}.`
      : `${capitalized(WHAT[label])} '${id}' has already been deleted (${deleted.deletedAt.toISOString()}); ` +
        `an ADMIN can restore it (${RESTORE_MUTATION[label]})${untilText}.`;
  return new DomainError(ErrorCode.NOT_FOUND, message, {
    id,
    deletionId: deleted.deletionId,
    ...(until ? { restorableUntil: until } : {}),
  });
}

/**
 * The NOT_FOUND of a change whose record is not live, saying what became of it: deleted
 * ({@link deletedError}), a need merged into another (`mergedIntoId`, the one to name instead),
 * or never there.
 */
export async function missingRecord(
  tx: Tx,
  label: RootLabel,
  id: string,
  restorableUntil?: (deletedAt: Date) => Date,
): Promise<DomainError> {
  const deleted = await deletedError(tx, label, id, restorableUntil);
  if (deleted) return deleted;
  if (label === 'Need') {
    const [trace] = await tx.run('MATCH (m:MergedNeed {id: $id}) RETURN m.mergedIntoId AS mergedIntoId', { id });
    if (trace) {
      return new DomainError(
        ErrorCode.NOT_FOUND,
        `Need '${id}' has been merged into need '${trace.mergedIntoId}'; name that need instead.`,
        {
          id,
          mergedIntoId: trace.mergedIntoId,
        },
      );
    }
  }
  return notFound(WHAT[label], id);
}
