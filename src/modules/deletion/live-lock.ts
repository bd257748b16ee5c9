import { DomainError, ErrorCode } from '../../common/errors';
import type { Tx } from '../../db/graph';
import { missingRecord, WHAT } from './missing';

/**
 * Writes that link to needs and interactions lock them first. A need or an interaction a write
 * names can be deleted (modules/deletion) or, for a need, merged into another (modules/merge) by a
 * transaction that commits while the write runs: a write that only looked it up would then link
 * to a deleted record, or lose the link without a word. Locking each record under any of its
 * states, in id order, and reading its state once the lock is held makes the two take turns: the
 * write commits first (and its links are saved with the deletion, or moved by the merge), or it is
 * refused after, saying what became of the record.
 */

/** The records a write links to and locks, with the constant Cypher that also finds a merged one (none: never merged). */
const LOCKABLE = {
  Need: { alsoMerged: 'UNION MATCH (n:MergedNeed {id: id}) RETURN n' },
  Interaction: { alsoMerged: '' },
} as const;
export type LockableLabel = keyof typeof LOCKABLE;

/** Write-locks the records with these ids, live, deleted or merged, in id order; returns the ids of those live once the lock is held. */
async function lockLive(tx: Tx, label: LockableLabel, ids: string[]): Promise<Set<string>> {
  // Labels and fragments from the fixed table above; ids as a parameter.
  const rows = await tx.run(
    `UNWIND $ids AS id
     CALL (id) {
       MATCH (n:${label} {id: id}) RETURN n
       UNION
       MATCH (n:Deleted {id: id}) WHERE n.deletedLabel = $label RETURN n
       ${LOCKABLE[label].alsoMerged}
     }
     WITH n ORDER BY n.id
     SET n._lock = true REMOVE n._lock
     WITH n WHERE n:${label}
     RETURN n.id AS id`,
    { ids, label },
  );
  return new Set(rows.map((r) => r.id as string));
}

/**
 * Write-locks the needs or interactions each input names and checks that they are live, with a
 * BAD_USER_INPUT (or `code`) naming the field of the first input at fault and saying what became of
 * the record (missing.ts): deleted (how an ADMIN restores it, `deletionId`), merged into another
 * (`mergedIntoId`, the one to name instead), or never there.
 */
export async function assertLiveForWrite(
  tx: Tx,
  label: LockableLabel,
  idsPerInput: readonly (readonly string[] | null | undefined)[],
  fieldAt: (k: number) => string,
  /** NOT_FOUND when the record is the target of the mutation, not one it links to. */
  code: ErrorCode.BAD_USER_INPUT | ErrorCode.NOT_FOUND = ErrorCode.BAD_USER_INPUT,
): Promise<void> {
  const ids = [...new Set(idsPerInput.flatMap((x) => x ?? []))].sort();
  if (!ids.length) return;
  const live = await lockLive(tx, label, ids);
  const k = idsPerInput.findIndex((x) => (x ?? []).some((id) => !live.has(id)));
  if (k < 0) return;
  const id = idsPerInput[k]!.find((x) => !live.has(x))!;
  // Read under the lock: what became of it (deleted, merged, never there), in the words an edit uses.
  const why = await missingRecord(tx, label, id);
  // A mutation's own target names its id (as every NOT_FOUND does); a record it links to, the field.
  const where = code === ErrorCode.NOT_FOUND ? { id } : { field: fieldAt(k) };
  const { mergedIntoId, deletionId } = why.details;
  const known = mergedIntoId !== undefined || deletionId !== undefined;
  // Never there: every unknown id of that input, as the other existence checks name them.
  const unknown = idsPerInput[k]!.filter((x) => !live.has(x));
  const message = known ? why.message : `No ${WHAT[label]} has the id ${unknown.map((m) => `'${m}'`).join(', ')}.`;
  throw new DomainError(code, message, {
    ...where,
    ...(mergedIntoId !== undefined ? { mergedIntoId } : {}),
    ...(deletionId !== undefined ? { deletionId } : {}),
  });
}
