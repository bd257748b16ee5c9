import { createReadStream, type ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse, type CsvError } from 'csv-parse';
import { CSV_TYPES, recordFromCsv, type CsvType } from './records';

/** The formats `npm run import` reads. */
export type ImportFormat = 'ndjson' | 'csv';

/** One line (NDJSON) or row (CSV) of an import file, before validation. */
export interface SourceItem {
  /** 1-based line number in the file (for a CSV row spanning lines: its last line). */
  line: number;
  /** The text of the line or row, as written in the file (kept for the rejects file). */
  raw: string;
  /** The parsed value, when the line could be parsed. */
  value?: unknown;
  /** Why the line could not be parsed. */
  error?: string;
}

/** An import file opened for reading: its items in order, and how many bytes were read so far. */
export interface Source {
  items: AsyncIterable<SourceItem>;
  bytesRead(): number;
}

/** The format of a file from its name: `.csv` is CSV, anything else NDJSON. */
export function formatOf(file: string): ImportFormat {
  return /\.csv$/i.test(file) ? 'csv' : 'ndjson';
}

/** The record type of a CSV file from its name (`customers.csv`, `2025-interactions.csv`), if it says. */
export function csvTypeOf(file: string): CsvType | undefined {
  const name = file.split(/[\\/]/).pop()!.toLowerCase();
  return CSV_TYPES.find((t) => name.includes(t));
}

/**
 * Opens an import file. NDJSON: one JSON object a line; blank lines are skipped (in CSV too). CSV: a header
 * row naming the columns, then one record a row (`type` gives the record type of every row).
 * Lines up to `skipThrough` are read but not yielded (resuming an interrupted import).
 */
export function openSource(file: string, format: ImportFormat, csvType: CsvType | undefined, skipThrough = 0): Source {
  const stream = createReadStream(file);
  return {
    items: format === 'csv' ? csvItems(stream, csvType!, skipThrough) : ndjsonItems(stream, skipThrough),
    bytesRead: () => stream.bytesRead,
  };
}

async function* ndjsonItems(stream: ReadStream, skipThrough: number): AsyncIterable<SourceItem> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    // A byte-order mark before the first line is not part of the record (the CSV reader drops it too).
    const raw = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (line <= skipThrough || raw.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(raw);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        yield { line, raw, error: 'the line is not a JSON object' };
      } else {
        yield { line, raw, value };
      }
    } catch (e) {
      yield { line, raw, error: `the line is not valid JSON (${(e as Error).message})` };
    }
  }
}

async function* csvItems(stream: ReadStream, type: CsvType, skipThrough: number): AsyncIterable<SourceItem> {
  // Rows the parser cannot read (an unclosed quote, a wrong number of cells) are skipped by
  // csv-parse and reported here, so that they land in the rejects file in line order. The parser
  // reads a whole chunk ahead of the rows taken from it, so a bad row waits until the rows before
  // it have been yielded: a checkpoint after a batch must never claim a line not yet written.
  const skipped: SourceItem[] = [];
  const parser = stream.pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim()),
      info: true,
      raw: true,
      bom: true,
      skip_empty_lines: true,
      // A quote inside a cell that does not start with one is kept as text (`"Beta" Corp`): a
      // stray quote otherwise made the parser lose its place and swallow the good rows after it.
      relax_quotes: true,
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined, raw: string | undefined) => {
        if (raw !== undefined && raw.trim() === '') return undefined; // a line of spaces is blank, as in NDJSON
        const line = (err as (CsvError & { lines?: number }) | undefined)?.lines ?? 0;
        skipped.push({ line, raw: withoutLineEnd(raw ?? ''), error: `the row is not valid CSV (${err?.message ?? 'unreadable'})` });
        return undefined;
      },
    }),
  );
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number }; raw: string }>) {
    const line = item.info.lines;
    while (skipped.length && skipped[0].line < line) {
      const s = skipped.shift()!;
      if (s.line > skipThrough) yield s;
    }
    if (line <= skipThrough) continue;
    yield { line, raw: withoutLineEnd(item.raw), value: recordFromCsv(type, item.record) };
  }
  for (const s of skipped) if (s.line > skipThrough) yield s;
}

/** A row's text without the line break that ends it (`\n`, `\r\n` or `\r`). */
const withoutLineEnd = (raw: string) => raw.replace(/\r?\n$|\r$/, '');
