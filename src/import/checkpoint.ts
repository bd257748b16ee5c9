import { createHash } from 'node:crypto';
import { appendFileSync, createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Graph, Tx } from '../db/graph';
import type { Batch } from './batching';
import type { HandlerResult, Reject } from './handler';
import * as repo from './import.repository';
import { RECORD_TYPES, type CsvType, type RecordType } from './records';

/**
 * How an import resumes. Each batch's transaction also saves a checkpoint, keyed by the file's
 * content: the last line done, the counts so far and the batch's rejects. An interrupted import of
 * the same content resumes after its last committed batch, with its counts, and with every reject
 * up to it in the rejects file exactly once. The checkpoint is removed when the import ends.
 */

/** What became of the records of one type. */
export interface TypeCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export type ImportCounts = Record<RecordType | 'unknown', TypeCounts>;

const emptyCounts = (): ImportCounts =>
  Object.fromEntries([...RECORD_TYPES, 'unknown'].map((t) => [t, { created: 0, updated: 0, unchanged: 0, rejected: 0 }])) as ImportCounts;

/** The sha256 of a file's content: an import's checkpoint belongs to the content, not the path. */
async function contentHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The record type a rejected line is counted under: the CSV file's type, or the `type` an NDJSON line claims. */
function typeOfRaw(raw: string, csvType: CsvType | undefined): RecordType | 'unknown' {
  if (csvType) return csvType;
  const t = /"type"\s*:\s*"(\w+)"/.exec(raw)?.[1] as RecordType | undefined;
  return t && RECORD_TYPES.includes(t) ? t : 'unknown';
}

/** A batch's rejects and the counts with it, saved in its transaction, kept once it commits. */
export interface Saved {
  rejects: Reject[];
  tally: ImportCounts;
}

/** What an import of one file's content has done so far: its counts, its checkpoint and its rejects file. */
export class Ledger {
  private constructor(
    private readonly source: string,
    private readonly rejectsFile: string,
    private readonly csvType: CsvType | undefined,
    /** The line after which this run starts (the last line of the last committed batch), or null when it starts at the top. */
    readonly resumedAfterLine: number | null,
    /** Counts so far, including those before a resume; they move when a batch commits. */
    readonly counts: ImportCounts,
  ) {}

  /**
   * Resumes the import of `file` after its last committed batch, with its counts, or starts over
   * (`restart`, or no checkpoint). Rewrites the rejects file with the rejects up to that batch
   * (none when starting over).
   */
  static async open(graph: Graph, file: string, rejectsFile: string, csvType: CsvType | undefined, restart: boolean): Promise<Ledger> {
    const source = await contentHash(file);
    const checkpoint = restart ? null : await repo.readCheckpoint(graph, source);
    const counts: ImportCounts = checkpoint ? { ...emptyCounts(), ...JSON.parse(checkpoint.counts) } : emptyCounts();
    let kept: string[] = [];
    if (checkpoint && existsSync(rejectsFile)) {
      kept = readFileSync(rejectsFile, 'utf8')
        .split('\n')
        .filter((l) => l && (JSON.parse(l) as Reject).line < checkpoint.batchFirstLine);
    }
    if (checkpoint) kept.push(...checkpoint.batchRejects.split('\n').filter(Boolean));
    writeFileSync(rejectsFile, kept.map((l) => l + '\n').join(''));
    return new Ledger(source, rejectsFile, csvType, checkpoint?.line ?? null, counts);
  }

  /** Over all types: the sum of `f` of each type's counts. */
  total(f: (c: TypeCounts) => number): number {
    return Object.values(this.counts).reduce((n, c) => n + f(c), 0);
  }

  /**
   * In the batch's transaction: counts what the handler did (`outcome`) and every reject of the
   * batch, and saves the checkpoint after it. Changes nothing here (the transaction may be retried):
   * {@link committed} keeps what it returns once the transaction commits.
   */
  async save(tx: Tx, batch: Batch, outcome: HandlerResult): Promise<Saved> {
    const tally = { ...this.counts } as ImportCounts;
    for (const t of Object.keys(tally) as (keyof ImportCounts)[]) tally[t] = { ...this.counts[t] };
    for (const o of outcome.outcomes) tally[batch.type!][o]++;
    const rejects = [...batch.rejects, ...outcome.rejects].sort((a, b) => a.line - b.line);
    for (const r of rejects) tally[typeOfRaw(r.record, this.csvType)].rejected++;
    await repo.saveCheckpoint(tx, this.source, {
      line: batch.lastLine,
      batchFirstLine: batch.firstLine,
      counts: JSON.stringify(tally),
      batchRejects: rejects.map((r) => JSON.stringify(r)).join('\n'),
    });
    return { rejects, tally };
  }

  /** After a batch's transaction committed: its counts become the counts, its rejects go to the rejects file. */
  committed(saved: Saved): void {
    Object.assign(this.counts, saved.tally);
    if (saved.rejects.length) appendFileSync(this.rejectsFile, saved.rejects.map((r) => JSON.stringify(r) + '\n').join(''));
  }

  /** The import read its file to the end: nothing to resume. */
  async finished(graph: Graph): Promise<void> {
    await repo.clearCheckpoint(graph, this.source);
  }
}
