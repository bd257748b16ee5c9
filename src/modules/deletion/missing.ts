import { DomainError, ErrorCode, notFound } from '../../common/errors';
import type { Tx } from '../../db/graph';
import { findDeleted } from './deletion.repository';

/** The records an edit names, with how an ADMIN restores a deleted one and the trace a merged one leaves. */
const EDITABLE = {
  Interaction: { what: 'interaction', restore: 'restoreInteraction', merged: null },
  Annotation: { what: 'annotation', restore: 'restoreAnnotation', merged: null },
  Need: { what: 'need', restore: 'restoreNeed', merged: 'MergedNeed' },
} as const;

/**
 * The NOT_FOUND of an edit whose record is not live, saying what became of it: deleted (when, and
 * that an ADMIN can restore it), merged into another (`mergedIntoId`), or never there.
 */
export async function missingRecord(tx: Tx, label: keyof typeof EDITABLE, id: string): Promise<DomainError> {
  const { what, restore, merged } = EDITABLE[label];
  const Noun = `${what.charAt(0).toUpperCase()}${what.slice(1)}`;
  const deleted = await findDeleted(tx, label, id);
  if (deleted) {
    return new DomainError(
      ErrorCode.NOT_FOUND,
      `${Noun} '${id}' has been deleted (${deleted.deletedAt.toISOString()}); an ADMIN can restore it (${restore}), then it can be edited.`,
      { id, deletionId: deleted.deletionId },
    );
  }
  if (merged) {
    // The label comes from the fixed table above.
    const [trace] = await tx.run(`MATCH (m:${merged} {id: $id}) RETURN m.mergedIntoId AS mergedIntoId`, { id });
    if (trace) {
      return new DomainError(ErrorCode.NOT_FOUND, `${Noun} '${id}' has been merged into ${what} '${trace.mergedIntoId}'; edit that one.`, {
        id,
        mergedIntoId: trace.mergedIntoId,
      });
    }
  }
  return notFound(what, id);
}
