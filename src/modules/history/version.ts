import { conflict } from '../../common/errors';
import type { Row, Tx } from '../../db/graph';
import { valuesJson } from './history.repository';

/**
 * Versions of the records people correct (optimistic concurrency): every customer, interaction,
 * annotation, need, segment and topic has a `version` that starts at 1 and grows by one with
 * every change that changes it (an edit, a link removed, a restore, a merge). Nodes written before
 * versions were kept have no `version` property: they read as 1 (`coalesce(n.version, 1)`).
 */

/** The labels that carry a version (a fixed list: labels never come from input). */
export type VersionedLabel = 'Customer' | 'Interaction' | 'Annotation' | 'Need' | 'Segment' | 'Topic';

/** Description of the `version` field of every versioned record type. */
export const VERSION_DESCRIPTION =
  'Starts at 1 and grows by one with every change (an edit, a link removed, a restore, a merge); pass it back as ' +
  '`expectedVersion` to change the record, so that nobody overwrites a change they have not seen. Earlier values: `history`.';

/** Description of an edit input's `expectedVersion`. */
export const EXPECTED_VERSION_DESCRIPTION =
  'The `version` you read; when it is no longer the current one (someone changed the record since), the edit is a CONFLICT ' +
  'that names the current version (`extensions.currentVersion`) and changes nothing.';

/** The version of a record as read (a node without one reads 1). */
export const versionOf = (row: object | null | undefined): number => {
  const version = (row as { version?: unknown } | null | undefined)?.version;
  return typeof version === 'number' ? version : 1;
};

/**
 * Fails with `CONFLICT` when the caller's `expected` version is not the `current` one, naming the
 * current version in the message and in `extensions.currentVersion`. `what` names the record
 * ("insight", "interaction"). Nothing to check when no version was given (optional for some edits).
 */
export function checkVersion(what: string, current: number, expected: number | null | undefined): void {
  if (expected == null || expected === current) return;
  throw conflict(
    `The ${what} changed since you read it (you have version ${expected}, the current version is ${current}); reload it and try again.`,
    { currentVersion: current },
  );
}

/**
 * Write-locks the record for the rest of the transaction and reads it as it is under the lock,
 * with its version (1 when it has none); null when there is no such record.
 */
export async function lockVersioned(tx: Tx, label: VersionedLabel, id: string): Promise<Row | null> {
  const rows = await tx.run(
    `MATCH (n:${label} {id: $id})
     SET n._lock = true REMOVE n._lock
     RETURN n {.*, version: coalesce(n.version, 1)} AS n`,
    { id },
  );
  return rows[0]?.n ?? null;
}

/** Sets the record's version to one more than it was (1 when it had none); returns the new version. */
export async function bumpVersion(tx: Tx, label: VersionedLabel, id: string): Promise<number> {
  const rows = await tx.run(`MATCH (n:${label} {id: $id}) SET n.version = coalesce(n.version, 1) + 1 RETURN n.version AS version`, { id });
  return rows[0]?.version ?? 1;
}

/** Values compared as the history keeps them (dates as ISO text, lists as given). */
const same = (a: unknown, b: unknown) => valuesJson({ v: a ?? null }) === valuesJson({ v: b ?? null });

/**
 * The fields of `proposed` whose value differs from `current`'s, with their value before and
 * after (only those: what a history entry keeps). Fields absent from `proposed` are not compared.
 */
export function changedFields(
  current: Record<string, unknown>,
  proposed: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown>; fields: string[] } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(proposed)) {
    if (value === undefined || same(current[field], value)) continue;
    before[field] = current[field] ?? null;
    after[field] = value ?? null;
  }
  return { before, after, fields: Object.keys(after) };
}
