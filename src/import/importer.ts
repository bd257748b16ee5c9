import { refreshHealthSnapshotsOf } from '../modules/analytics/health-snapshot';
import { existsSync, rmSync, statSync } from 'node:fs';
import type { Graph } from '../db/graph';
import { importCustomers } from '../modules/customer/customer.import';
import { importEmployees } from '../modules/employee/employee.import';
import { importInsights } from '../modules/insight/insight.import';
import { importInteractions } from '../modules/interaction/interaction.import';
import { importNeeds } from '../modules/need/need.import';
import { importSegments } from '../modules/segment/segment.import';
import { Batches, writeInTurn, type Batch } from './batching';
import { Ledger, type ImportCounts } from './checkpoint';
import { CreateConflict, type HandlerResult, type RecordHandler, type WriteHow } from './handler';
import type { CsvType, RecordType } from './records';
import { csvTypeOf, formatOf, openSource, type ImportFormat } from './source';

export type { ImportCounts, TypeCounts } from './checkpoint';
export type { Reject } from './handler';

/**
 * The bulk importer behind `npm run import`. It reads a file in order and writes consecutive
 * records of one type in batches, one transaction each (`UNWIND` statements; batching.ts), through
 * the handler of their type, which lives in the module of its records (`modules/<x>/<x>.import.ts`,
 * handler.ts). Records are matched on their external ids, so running a file again changes nothing.
 * Each batch's transaction also saves a checkpoint (checkpoint.ts), so an interrupted import resumes
 * after the last committed batch. A bad record never stops the import: it goes to the rejects file
 * with its line number and the reason, and is counted.
 */

export const DEFAULT_BATCH_SIZE = 5000;
export const MAX_BATCH_SIZE = 20000;

export interface ImportOptions {
  file: string;
  /** Default: from the file name (`.csv` is CSV, anything else NDJSON). */
  format?: ImportFormat;
  /** The record type of every row of a CSV file. Default: from the file name (`customers.csv`). */
  csvType?: CsvType;
  /** Records per transaction. */
  batchSize?: number;
  /** Where rejected lines go. Default: `<file>.rejects.ndjson`. */
  rejectsFile?: string;
  /** Ignore a checkpoint left by an interrupted import of the same file and start over. */
  restart?: boolean;
  /** Called after every batch. */
  onProgress?: (progress: ImportProgress) => void;
  /** When aborted, the import stops after the batch being written; run it again to resume. */
  signal?: AbortSignal;
}

export interface ImportProgress {
  /** The last line committed. */
  line: number;
  bytesRead: number;
  totalBytes: number;
  /** Records committed or rejected so far (including those before a resume). */
  records: number;
  rejected: number;
  /** Records per second in this run. */
  recordsPerSecond: number;
}

export interface ImportSummary {
  file: string;
  format: ImportFormat;
  /** The line after which this run started, when it resumed an interrupted import. */
  resumedAfterLine: number | null;
  /** The last line read. */
  lines: number;
  counts: ImportCounts;
  /** Records imported (created, updated or unchanged) and rejected, over all types. */
  imported: number;
  rejected: number;
  /** The rejects file, or null when nothing was rejected. */
  rejectsFile: string | null;
  seconds: number;
  recordsPerSecond: number;
  /**
   * For each type written in this run: seconds from the start of its first batch's transaction
   * to the end of its last one (reading overlaps writing, so this is the type's wall time).
   */
  secondsByType: Partial<Record<RecordType, number>>;
  /** True when stopped by the signal before the end of the file. */
  interrupted: boolean;
  /**
   * Batches written a second time, a MERGE per record, because a concurrent writer created one of
   * their records between the batch's look-up and its CREATE (see `WriteHow`).
   */
  batchesMergedAgain: number;
}

/** Why an import cannot start at all (a missing file, an unknown CSV type, a bad option). */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** The handler of each record type: the modules' import handlers, in the order of records.ts. */
const HANDLERS: { [T in RecordType]: RecordHandler<T> } = {
  segment: importSegments,
  employee: importEmployees,
  customer: importCustomers,
  need: importNeeds,
  interaction: importInteractions,
  insight: importInsights,
};

export async function importFile(graph: Graph, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const { file } = options;
  if (!existsSync(file) || !statSync(file).isFile()) throw new ImportError(`No file at ${file}.`);
  const format = options.format ?? formatOf(file);
  const csvType: CsvType | undefined = options.csvType ?? (format === 'csv' ? csvTypeOf(file) : undefined);
  if (format === 'csv' && !csvType) {
    throw new ImportError(
      `The record type of ${file} is unknown: name the file customers….csv or interactions….csv, or pass --type customer|interaction.`,
    );
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new ImportError(`The batch size must be a whole number from 1 to ${MAX_BATCH_SIZE}; got ${batchSize}.`);
  }
  const rejectsFile = options.rejectsFile ?? `${file}.rejects.ndjson`;
  const totalBytes = statSync(file).size;
  // Resume after the last committed batch, with its counts and every reject up to it, exactly once.
  const ledger = await Ledger.open(graph, file, rejectsFile, csvType, options.restart === true);
  const { counts } = ledger;

  const { items, bytesRead } = openSource(file, format, csvType, ledger.resumedAfterLine ?? 0);
  let lastCommitted = ledger.resumedAfterLine ?? 0;
  let recordsThisRun = 0;
  let mergedAgain = 0;

  const windows: Partial<Record<RecordType, { from: number; to: number }>> = {};
  // The customers whose health snapshot this run changed, refreshed once at its end (or interruption): per batch, a
  // customer whose interactions are spread over the file was recomputed in every batch (the 10k set took 2.7 times as long).
  const touched = { customerIds: new Set<string>(), needIds: new Set<string>() };
  const commit = async (batch: Batch): Promise<void> => {
    const from = performance.now();
    let healthOf: HandlerResult['healthOf'];
    const write = (how: WriteHow) =>
      graph.writeTx(async (tx) => {
        const outcome: HandlerResult = batch.type
          ? await HANDLERS[batch.type](tx, batch.items as never, how)
          : { rejects: [], outcomes: [] };
        healthOf = outcome.healthOf; // of the attempt that committed
        return ledger.save(tx, batch, outcome);
      }, 'import');
    let saved;
    try {
      saved = await write({ mergeEach: false });
    } catch (e) {
      // A concurrent writer created a record the batch had looked up as new: written again, a MERGE per record.
      if (!(e instanceof CreateConflict)) throw e;
      mergedAgain++;
      saved = await write({ mergeEach: true });
    }
    ledger.committed(saved);
    for (const id of healthOf?.customerIds ?? []) touched.customerIds.add(id);
    for (const id of healthOf?.needIds ?? []) touched.needIds.add(id);
    if (batch.type) windows[batch.type] = { from: windows[batch.type]?.from ?? from, to: performance.now() };
    lastCommitted = batch.lastLine;
    recordsThisRun += batch.items.length + batch.rejects.length;
    options.onProgress?.({
      line: lastCommitted,
      bytesRead: bytesRead(),
      totalBytes,
      records: ledger.total((c) => c.created + c.updated + c.unchanged + c.rejected),
      rejected: ledger.total((c) => c.rejected),
      recordsPerSecond: recordsThisRun / ((performance.now() - started) / 1000),
    });
  };

  // One batch is written while the next one is read and validated.
  const batches = new Batches(items, lastCommitted + 1, batchSize, options.signal);
  await writeInTurn(batches, commit);
  const { interrupted } = batches;
  await refreshHealthSnapshotsOf(graph, { customerIds: [...touched.customerIds], needIds: [...touched.needIds] });
  if (!interrupted) await ledger.finished(graph);

  const rejected = ledger.total((c) => c.rejected);
  if (rejected === 0 && !interrupted) rmSync(rejectsFile, { force: true });
  const seconds = (performance.now() - started) / 1000;
  return {
    file,
    format,
    resumedAfterLine: ledger.resumedAfterLine,
    lines: lastCommitted,
    counts,
    imported: ledger.total((c) => c.created + c.updated + c.unchanged),
    rejected,
    rejectsFile: rejected ? rejectsFile : null,
    seconds,
    recordsPerSecond: recordsThisRun / seconds,
    secondsByType: Object.fromEntries(Object.entries(windows).map(([t, w]) => [t, (w.to - w.from) / 1000])),
    interrupted,
    batchesMergedAgain: mergedAgain,
  };
}
