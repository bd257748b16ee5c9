import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../config';
import { openGraph } from '../db/connect';
import { migrate } from '../db/migrations';
import { DEFAULT_BATCH_SIZE, ImportError, importFile, type ImportProgress, type ImportSummary } from '../import/importer';
import { CSV_TYPES, RECORD_TYPES, type CsvType } from '../import/records';

const USAGE = `Imports customers, employees, interactions, needs and insights from a file.

  npm run import -- <file> [--type customer|interaction] [--batch-size ${DEFAULT_BATCH_SIZE}]
                           [--rejects <file>] [--restart] [--progress bar|lines|none]

<file> is NDJSON (one record a line, typed by its "type" field) or CSV (.csv; one type a file,
from --type or the file name: customers.csv, interactions.csv). Records are matched on their
externalId: running a file again changes nothing. An interrupted import (Ctrl-C, a crash)
resumes after its last committed batch when run again; --restart starts over. Bad lines go to
<file>.rejects.ndjson with their line number and the reason. Uses the database of NEO4J_URI, or
the project's local one (.neo4j/data; stop npm start first, it holds that folder).`;

/** The options and file named; an unknown option or a missing value is an unusable command line (exit 2). */
function commandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        type: { type: 'string' },
        'batch-size': { type: 'string' },
        rejects: { type: 'string' },
        restart: { type: 'boolean', default: false },
        progress: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new ImportError(`${(e as Error).message}\n\n${USAGE}`);
  }
}

/** `npm run import`: the bulk importer's command line, with a progress bar or CI-friendly lines. */
async function run(): Promise<number> {
  const { values, positionals } = commandLine();
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new ImportError(`Name one file to import.\n\n${USAGE}`);
  if (values.type && !(CSV_TYPES as readonly string[]).includes(values.type)) {
    throw new ImportError(`--type must be one of ${CSV_TYPES.join(', ')}; got '${values.type}'.`);
  }
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  const config = loadConfig();
  const mode = values.progress ?? (process.stderr.isTTY && !config.ci ? 'bar' : 'lines');
  if (!['bar', 'lines', 'none'].includes(mode)) throw new ImportError(`--progress must be bar, lines or none; got '${mode}'.`);

  const handle = await openGraph(config, (l) => process.stderr.write(l + '\n'));
  const abort = new AbortController();
  const stop = (signal: string) => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write(`\n${signal}: stopping after the batch being written (again to quit at once)…\n`);
    abort.abort();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  try {
    await migrate(handle.graph);
    const reporter = progressReporter(mode);
    const summary = await importFile(handle.graph, {
      file: positionals[0],
      csvType: values.type as CsvType | undefined,
      batchSize,
      rejectsFile: values.rejects,
      restart: values.restart,
      signal: abort.signal,
      onProgress: reporter.update,
    });
    reporter.stop();
    process.stdout.write(describeSummary(summary));
    return summary.interrupted ? 130 : 0;
  } finally {
    await handle.close();
  }
}

/** A progress bar on a terminal; a plain line every 5 s (and at the end) in CI logs. */
function progressReporter(mode: string): { update: (p: ImportProgress) => void; stop: () => void } {
  if (mode === 'none') return { update: () => undefined, stop: () => undefined };
  if (mode === 'bar') {
    const bar = new SingleBar({
      format: 'import [{bar}] {percentage}% | line {line} | {rate} records/s | {rejected} rejected',
      stream: process.stderr,
      hideCursor: true,
    });
    let started = false;
    return {
      update: (p) => {
        if (!started) bar.start(p.totalBytes, 0, { line: 0, rate: 0, rejected: 0 });
        started = true;
        bar.update(p.bytesRead, { line: p.line, rate: Math.round(p.recordsPerSecond), rejected: p.rejected });
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  let latest: ImportProgress | null = null;
  const print = (p: ImportProgress) =>
    process.stderr.write(
      `import: line ${p.line}, ${Math.round((100 * p.bytesRead) / Math.max(p.totalBytes, 1))}% of the file, ` +
        `${p.records} records (${p.rejected} rejected), ${Math.round(p.recordsPerSecond)} records/s\n`,
    );
  return {
    update: (p) => {
      latest = p;
      if (Date.now() - last >= 5000) {
        last = Date.now();
        print(p);
      }
    },
    stop: () => latest && print(latest),
  };
}

/** The summary table printed at the end. */
function describeSummary(s: ImportSummary): string {
  const head = s.interrupted
    ? `Import of ${s.file} interrupted after line ${s.lines}; run the same command again to resume.\n`
    : `Imported ${s.file} (${s.format}${s.resumedAfterLine !== null ? `, resumed after line ${s.resumedAfterLine}` : ''}) ` +
      `in ${s.seconds.toFixed(1)} s, ${Math.round(s.recordsPerSecond)} records/s.\n`;
  const pad = (v: string | number, n: number) => String(v).padStart(n);
  const lines = [`  ${'type'.padEnd(12)}${pad('created', 10)}${pad('updated', 10)}${pad('unchanged', 11)}${pad('rejected', 10)}`];
  for (const t of [...RECORD_TYPES, 'unknown'] as const) {
    const c = s.counts[t];
    if (c.created + c.updated + c.unchanged + c.rejected === 0) continue;
    lines.push(`  ${t.padEnd(12)}${pad(c.created, 10)}${pad(c.updated, 10)}${pad(c.unchanged, 11)}${pad(c.rejected, 10)}`);
  }
  const tail = s.rejected
    ? `${s.rejected} rejected line(s), each with its line number and reason, in ${s.rejectsFile}\n`
    : 'No line was rejected.\n';
  return head + lines.join('\n') + '\n' + tail;
}

run()
  .then((code) => process.exit(code))
  .catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(e instanceof ImportError ? 2 : 1);
  });
