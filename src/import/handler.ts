import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/graph';
import { RESTORE_MUTATION, WHAT } from '../modules/deletion/missing';
import type { DeletableLabel } from '../modules/deletion/deletion.repository';
import * as repo from './import.repository';
import type { ImportRecord, RecordType } from './records';

/**
 * What the importer (importer.ts) asks of the handler of each record type, and the tools the
 * handlers share. A handler lives in the module of its records (`modules/<x>/<x>.import.ts`), next
 * to the service whose rules it applies, and words a rule it shares with the API as that module's
 * `<x>.rules.ts` does.
 */

/** A line of the file whose record passed validation (records.ts). */
export interface Item<R extends ImportRecord = ImportRecord> {
  /** 1-based line number in the file. */
  line: number;
  /** The line as written in the file (what the rejects file keeps). */
  raw: string;
  record: R;
}

/** A line that could not be imported, as the rejects file holds it. */
export interface Reject {
  line: number;
  reason: string;
  record: string;
}

/** What a handler did with a batch. */
export interface HandlerResult {
  /** The items it did not write, each with the reason (lower case, no full stop). */
  rejects: Reject[];
  /** What became of each item it wrote (counted per type). */
  outcomes: repo.UpsertOutcome[];
  /**
   * The customers (by id, or as the holders of needs) whose health snapshot the batch may have
   * changed (created or updated, not unchanged: a re-import changes nothing): refreshed once at the
   * end of the import, or where it was interrupted (analytics/health-snapshot.ts).
   */
  healthOf?: { customerIds?: string[]; needIds?: string[] };
}

/** The record of type `T`. */
export type RecordOf<T extends RecordType> = Extract<ImportRecord, { type: T }>;

/**
 * Writes a batch of valid records of type `T` (consecutive in the file, external ids distinct) in
 * `tx`, the batch's transaction, which then saves the import's checkpoint: resolves the records'
 * references by external id (to records in the graph or earlier in the batch), rejects what cannot
 * be written and writes the rest, with `UNWIND` statements. It may run more than once for one batch
 * (a transient failure retries the transaction), so it changes nothing outside `tx`. A throw rolls
 * the batch back and ends the import with that error; the next run resumes before the batch.
 */
export type RecordHandler<T extends RecordType> = (tx: Tx, items: Item<RecordOf<T>>[], how: WriteHow) => Promise<HandlerResult>;

/** How a handler writes a batch. */
export interface WriteHow {
  /**
   * False (the first attempt): a handler may look the batch's external ids up once and `CREATE`
   * the records not found, throwing {@link CreateConflict} when a concurrent writer created one of
   * them meanwhile (the unique constraint on the external id refuses the duplicate). True (the
   * importer's retry of that batch): `MERGE` each record on its external id, as a concurrent
   * writer may.
   */
  mergeEach: boolean;
}

/**
 * Thrown by a handler whose `CREATE` hit the unique constraint on an external id: a concurrent
 * writer created that record between the batch's look-up and its write. The batch's transaction
 * rolls back and the importer writes the batch again with `mergeEach`.
 */
export class CreateConflict extends Error {
  override name = 'CreateConflict';
}

/** Sorts a batch into rejects and accepted items (in order); `accepted` lets a record refer to an earlier one. */
export class Triage<R extends ImportRecord> {
  readonly rejects: Reject[] = [];
  readonly accepted: Item<R>[] = [];

  constructor(items: Item<R>[], check: (record: R, accepted: Set<string>) => string | null) {
    const acceptedIds = new Set<string>();
    for (const item of items) {
      const reason = check(item.record, acceptedIds);
      if (reason) {
        this.rejects.push({ line: item.line, reason, record: item.raw });
        continue;
      }
      acceptedIds.add(item.record.externalId);
      this.accepted.push(item);
    }
  }
}

/** The first of the reasons that is not null, or null: a record's checks in the order they are reported. */
export const first = (...reasons: (string | null)[]) => reasons.find((r) => r !== null) ?? null;

/** A reason when `ref` (field `field`) names nothing found, else null. */
export const unknownRef = (field: string, what: string, ref: string | undefined, found: boolean) =>
  ref !== undefined && !found ? `${field} '${ref}' names no ${what} in the graph or earlier in the file` : null;

/**
 * A reason when `ref` (field `field`) names a deleted record of `label` (soft deletion; `deleted`:
 * from `deletedExternalIds`): a removed record named in a file is reported, not revived (as a new
 * record with the same external id), else null.
 */
export function deletedRef(field: string, label: DeletableLabel, ref: string | undefined, deleted: Map<string, string>): string | null {
  if (ref === undefined || !deleted.has(ref)) return null;
  // An insight is deleted with what it is about: restoring that brings it back.
  const restore = label === 'Insight' ? 'the restore of the customer or need it was deleted with' : RESTORE_MUTATION[label];
  return `${field} '${ref}' names a deleted ${WHAT[label]}; an import does not bring it back (an ADMIN can restore it with ${restore})`;
}

/**
 * Whether `value` of a unique property (a segment's name, an employee's email) is held by another
 * record than `externalId`: in the graph (`owners`, from `uniqueValueOwners`) or earlier in the batch
 * (`seen`, to which this adds the record's value).
 */
export function heldByAnother(value: string, externalId: string, owners: Map<string, string | null>, seen: Map<string, string>): boolean {
  const owner = owners.get(value);
  const clash = (owner !== undefined && owner !== externalId) || (seen.has(value) && seen.get(value) !== externalId);
  seen.set(value, externalId);
  return clash;
}

/** The row that upserts a record with these properties: a new id (used if it is created), its external id and creation time. */
export const upsertRow = (r: { externalId: string; createdAt?: string }, props: Record<string, unknown>): repo.UpsertRow => ({
  id: randomUUID(),
  externalId: r.externalId,
  createdAt: r.createdAt ?? null,
  props,
});

type Written = { id: string; outcome: repo.UpsertOutcome }[];

/**
 * Upserts customers or needs by external id, but those `found` through a record merged into them
 * ({@link repo.ExistingNode.viaMerge}), which update their survivor by id: a re-import of a merged
 * customer's external id updates the survivor, it does not bring the merged customer back.
 */
export async function upsertFound(tx: Tx, label: 'Customer' | 'Need', found: Map<string, repo.ExistingNode>, rows: repo.UpsertRow[]) {
  const viaMerge = (r: repo.UpsertRow) => found.get(r.externalId)?.viaMerge === true;
  return [
    ...(await repo.upsertByExternalId(
      tx,
      label,
      rows.filter((r) => !viaMerge(r)),
    )),
    ...(await repo.updateByIds(
      tx,
      label,
      rows.filter(viaMerge).map((r) => ({ id: found.get(r.externalId)!.id, externalId: r.externalId, props: r.props })),
    )),
  ];
}

/** The ids of the nodes an upsert created. */
export const createdIds = (written: Written) => new Set(written.filter((w) => w.outcome === 'created').map((w) => w.id));

/** Upsert outcomes, where a node whose fields were unchanged but whose links changed (`relinked`) counts as updated. */
export const outcomesWithLinks = (written: Written, relinked: Set<string>): repo.UpsertOutcome[] =>
  written.map((w) => (w.outcome === 'unchanged' && relinked.has(w.id) ? 'updated' : w.outcome));
