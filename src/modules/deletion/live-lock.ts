import { DomainError, ErrorCode } from '../../common/errors';
import type { Tx } from '../../db/graph';

/**
 * Writes that link to needs and interactions lock them first. A need or an interaction a write
 * names can be deleted (modules/deletion) or, for a need, merged into another (modules/merge) by a
 * transaction that commits while the write runs: a write that only looked it up would then link
 * to a deleted record, or lose the link without a word. Locking each record under any of its
 * states, in id order, and reading its state once the lock is held makes the two take turns: the
 * write commits first (and its links are saved with the deletion, or moved by the merge), or it is
 * refused after, saying what became of the record.
 */

/**
 * The records a write links to and locks: the constant Cypher that also finds a merged one
 * (`alsoMerged`) and reads the survivor's id (`mergedIntoId`); nothing for a record never merged.
 */
const LOCKABLE = {
  Need: {
    what: 'need',
    restore: 'restoreNeed',
    alsoMerged: 'UNION MATCH (n:MergedNeed {id: id}) RETURN n',
    mergedIntoId: 'CASE WHEN n:MergedNeed THEN n.mergedIntoId END',
  },
  Interaction: { what: 'interaction', restore: 'restoreInteraction', alsoMerged: '', mergedIntoId: 'null' },
} as const;
export type LockableLabel = keyof typeof LOCKABLE;

type State = { id: string; live: boolean; deleted: boolean; mergedIntoId: string | null };

async function lockStates(tx: Tx, label: LockableLabel, ids: string[]): Promise<Map<string, State>> {
  const spec = LOCKABLE[label];
  // Labels and fragments from the fixed table above; ids as a parameter.
  const rows = await tx.run(
    `UNWIND $ids AS id
     CALL (id) {
       MATCH (n:${label} {id: id}) RETURN n
       UNION
       MATCH (n:Deleted {id: id}) WHERE n.deletedLabel = $label RETURN n
       ${spec.alsoMerged}
     }
     WITH n ORDER BY n.id
     SET n._lock = true REMOVE n._lock
     RETURN n.id AS id, n:${label} AS live, n:Deleted AS deleted, ${spec.mergedIntoId} AS mergedIntoId`,
    { ids, label },
  );
  const states = new Map<string, State>();
  for (const r of rows as State[]) {
    // A record deleted twice over (restored and deleted again) has one live state at most.
    const known = states.get(r.id);
    if (!known || r.live) states.set(r.id, r);
  }
  return states;
}

/**
 * Write-locks the needs or interactions each input names and checks that they are live, with a
 * BAD_USER_INPUT (or `code`) naming the field of the first input at fault: no such record, deleted (an ADMIN
 * can restore it), or merged into another (`mergedIntoId`, the one to name instead).
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
  const states = await lockStates(tx, label, ids);
  const { what, restore } = LOCKABLE[label];
  const Noun = what.charAt(0).toUpperCase() + what.slice(1);
  const bad = (id: string) => !states.get(id)?.live;
  const k = idsPerInput.findIndex((x) => (x ?? []).some(bad));
  if (k < 0) return;
  const id = idsPerInput[k]!.find(bad)!;
  const state = states.get(id);
  // A mutation's own target names its id (as every NOT_FOUND does); a record it links to, the field.
  const where = code === ErrorCode.NOT_FOUND ? { id } : { field: fieldAt(k) };
  if (state?.mergedIntoId) {
    throw new DomainError(code, `${Noun} '${id}' has been merged into ${what} '${state.mergedIntoId}'; name that ${what} instead.`, {
      ...where,
      mergedIntoId: state.mergedIntoId,
    });
  }
  if (state?.deleted) {
    throw new DomainError(
      code,
      `${Noun} '${id}' has been deleted; nothing can be linked to it unless an ADMIN restores it (${restore}).`,
      where,
    );
  }
  const missing = idsPerInput[k]!.filter((x) => !states.has(x));
  throw new DomainError(code, `No ${what} has the id ${(missing.length ? missing : [id]).map((m) => `'${m}'`).join(', ')}.`, where);
}
