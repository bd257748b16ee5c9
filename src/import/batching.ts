import type { Item, Reject } from './handler';
import { describeIssues, importRecord, type RecordType } from './records';
import type { SourceItem } from './source';

/**
 * How the importer cuts a file into batches, one transaction each: consecutive records of one type,
 * `batchSize` lines at the most, and one written while the next one is read and validated.
 */

/** Consecutive lines of a file: the valid records of one type among them, and the lines rejected. */
export interface Batch {
  /** The type of its records; null when every line of it was rejected. */
  type: RecordType | null;
  items: Item[];
  rejects: Reject[];
  firstLine: number;
  lastLine: number;
}

/**
 * The batches of a file's items from line `firstLine` on, each item validated (an invalid one is a
 * reject of its batch). A new record type, an external id already in the batch (a record given
 * twice is treated as in a later run: a retry), or `batchSize` lines (records and rejects) end a
 * batch. When `signal` is aborted, reading stops before the next item, the batch being read is
 * dropped and {@link interrupted} is true.
 */
export class Batches implements AsyncIterable<Batch> {
  /** True when the signal stopped the reading before the end of the file. */
  interrupted = false;
  private readonly ids = new Set<string>();

  constructor(
    private readonly items: AsyncIterable<SourceItem>,
    private readonly firstLine: number,
    private readonly batchSize: number,
    private readonly signal?: AbortSignal,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
    let batch = this.fresh(this.firstLine);
    for await (const item of this.items) {
      if (this.signal?.aborted) {
        this.interrupted = true;
        return;
      }
      if (item.error) {
        batch.rejects.push({ line: item.line, reason: item.error, record: item.raw });
      } else {
        const parsed = importRecord.safeParse(item.value, { reportInput: true });
        if (!parsed.success) {
          batch.rejects.push({ line: item.line, reason: describeIssues(parsed.error), record: item.raw });
        } else {
          const type = parsed.data.type;
          if ((batch.type !== null && batch.type !== type) || this.ids.has(parsed.data.externalId)) {
            yield batch;
            batch = this.fresh(batch.lastLine + 1);
          }
          batch.type = type;
          batch.items.push({ line: item.line, raw: item.raw, record: parsed.data });
          this.ids.add(parsed.data.externalId);
        }
      }
      batch.lastLine = item.line;
      if (batch.items.length + batch.rejects.length >= this.batchSize) {
        yield batch;
        batch = this.fresh(batch.lastLine + 1);
      }
    }
    if (batch.lastLine >= batch.firstLine) yield batch;
  }

  private fresh(firstLine: number): Batch {
    this.ids.clear();
    return { type: null, items: [], rejects: [], firstLine, lastLine: firstLine - 1 };
  }
}

/**
 * Writes each batch with `write`, one at a time and in order, while the next one is read: a batch
 * is handed to `write` once the one before it is written. Returns when the last one is written; a
 * failed write fails this when the next batch is ready, or at the end (no other batch is written).
 */
export async function writeInTurn(batches: AsyncIterable<Batch>, write: (batch: Batch) => Promise<void>): Promise<void> {
  let writing: Promise<void> | null = null;
  for await (const batch of batches) {
    if (writing) await writing;
    writing = write(batch);
    // Handled from the start, thrown by the await above or below: a write that fails while the next
    // batch is read would otherwise be a rejection with no handler, which ends the process.
    writing.catch(() => {});
  }
  if (writing) await writing;
}
