import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import * as path from 'node:path';
import type { ImportRecordInput } from '../../src/import/records';
import { MAX_SEED } from './random';
import { Run } from './stream';
import { PLANT_NAMES, SIZES, SIZE_NAMES, type Manifest, type PlantName, type SizeName } from './sizes';

/**
 * The deterministic data-set generator: NDJSON import files (the records of
 * `src/import/records.ts`) of a named size, with realistic shapes (80/20 revenue, long-tailed
 * needs, touchpoint and channel moods, two years of chronological interactions) and optional
 * planted patterns that insight mining must find. The same size, seed and plants always give
 * the same bytes; nothing depends on the clock or Math.random.
 *
 *   const { records, manifest } = generate({ size: 'small', seed: 1, plants: ['needCooccurrence'] });
 *   for (const record of records) ...;   // streamed: the 100k set never sits in memory
 *   manifest();                           // counts and planted patterns, after the records
 *
 * Sizes: small, 2k, 10k, 100k (SIZES). `quiet: false` switches the quiet base off (the
 * background is then the plain draws); `flat: true` takes out the model's own systematic effects
 * (touchpoint and channel moods, quality shortfalls, trends over time). With `plants: []`, both
 * give pure noise for measuring the miners' false discoveries. The manifest's `expectations` list
 * what each miner must propose (planted) and must not (decoy), by the subjects' external ids.
 */

export { SIZES, SIZE_NAMES, PLANT_NAMES, PLANT_PARAMETERS, MINER_DEFAULTS, WINDOW_START, WINDOW_END } from './sizes';
export type {
  SizeName,
  SizeSpec,
  PlantName,
  Manifest,
  RecordCounts,
  PlantedPatterns,
  Expectation,
  MinerName,
  NeedCooccurrencePlant,
  NicheNeedPairPlant,
  NeedRisingFigure,
  SplitGapFigure,
  TouchpointSentimentDropPlant,
  AtRiskSharedNeedPlant,
  EmergingNeedPlant,
  NeedGrowthFigure,
  NeedGrowthDecoy,
  SentimentDeclinePlant,
  SentimentDeclineFigure,
  SentimentDeclineDecoy,
  TouchpointQualityGapPlant,
  TouchpointChannelFigure,
  TouchpointChannelDecoy,
  QualityGapFigure,
  SingleThreadedAccountPlant,
  SingleThreadedFigure,
  SingleThreadedDecoy,
  SentimentFigure,
} from './sizes';
export { TOPICS, SEGMENTS } from './vocabulary';
export { MAX_SEED } from './random';

/** What to generate: a named size, a seed (0 to MAX_SEED) and the patterns to plant. */
export interface GenerateOptions {
  size: SizeName;
  seed: number;
  plants?: PlantName[];
  /**
   * Whether the background keeps clear of the miners' thresholds (the quiet base, see stream.ts;
   * default true). false: the background is the plain random draws ("pure noise" with
   * `plants: []`: whatever a miner proposes there is a false discovery).
   */
  quiet?: boolean;
  /**
   * Whether the background has no systematic effects for the miners to find (default false): no
   * touchpoint or channel sentiment offsets (a customer keeps one sentiment level throughout),
   * perceived quality = expected quality + symmetric noise of mean 0, needs expressed at the same
   * rate throughout, no growth of the contact volume. Customers, interactions per customer, the
   * channel mix, need popularity, handlers and values are as without it. Meant for `plants: []`
   * (with `quiet: false`: the pure-noise set); plants still work on top of it.
   */
  flat?: boolean;
}

/** A generated data set: the records (iterate once per pass; each pass yields the same records) and its manifest. */
export interface GeneratedDataSet {
  /** The records in file order; each iteration generates them afresh, streaming. */
  records: Iterable<ImportRecordInput>;
  /** The manifest of the last complete pass over `records` (throws before one). */
  manifest(): Manifest;
}

/** Checks options and returns them normalized (plants sorted, without duplicates). */
function normalize(options: GenerateOptions): { size: SizeName; seed: number; plants: PlantName[]; quiet: boolean; flat: boolean } {
  if (!(SIZE_NAMES as string[]).includes(options.size))
    throw new Error(`unknown size '${options.size}'; use one of ${SIZE_NAMES.join(', ')}`);
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > MAX_SEED) {
    throw new Error(`seed must be a whole number from 0 to ${MAX_SEED}`);
  }
  const plants = [...new Set(options.plants ?? [])].sort();
  for (const plant of plants) {
    if (!(PLANT_NAMES as readonly string[]).includes(plant))
      throw new Error(`unknown plant '${plant}'; use one of ${PLANT_NAMES.join(', ')}`);
  }
  if (options.quiet !== undefined && typeof options.quiet !== 'boolean') throw new Error('quiet must be true or false');
  if (options.flat !== undefined && typeof options.flat !== 'boolean') throw new Error('flat must be true or false');
  return { size: options.size, seed: options.seed, plants, quiet: options.quiet ?? true, flat: options.flat ?? false };
}

/** Generates a data set as a stream of records plus its manifest (see the file comment). */
export function generate(options: GenerateOptions): GeneratedDataSet {
  const { size, seed, plants, quiet, flat } = normalize(options);
  let last: Run | undefined;
  return {
    records: {
      *[Symbol.iterator]() {
        const run = new Run({ size, spec: SIZES[size], seed, plants, quiet, flat });
        yield* run.records();
        last = run;
      },
    },
    manifest() {
      if (!last) throw new Error('the manifest is complete only after all records were consumed');
      return last.manifest();
    },
  };
}

/** Where writeDataSet puts the manifest of a data file. */
export function manifestFile(file: string): string {
  return `${file}.manifest.json`;
}

/**
 * Generates a data set into `file` (NDJSON, one record a line; folders are created), respecting
 * the write stream's backpressure, and writes its manifest (with the file's size and sha256) to
 * `<file>.manifest.json`. Resolves to the manifest.
 */
export async function writeDataSet(options: GenerateOptions & { file: string }): Promise<Manifest> {
  const dataSet = generate(options);
  await mkdir(path.dirname(path.resolve(options.file)), { recursive: true });
  const out = createWriteStream(options.file);
  let failure: Error | undefined;
  out.on('error', (e) => (failure = e));
  const hash = createHash('sha256');
  let bytes = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = async () => {
    if (!pending.length) return;
    const chunk = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingLength = 0;
    hash.update(chunk);
    bytes += chunk.length;
    if (failure) throw failure;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  try {
    for (const record of dataSet.records) {
      const line = JSON.stringify(record) + '\n';
      pending.push(line);
      pendingLength += line.length;
      if (pendingLength >= 256 * 1024) await flush();
    }
    await flush();
    out.end();
    await finished(out);
  } catch (e) {
    out.destroy();
    throw e;
  }
  const manifest: Manifest = {
    ...dataSet.manifest(),
    output: { file: path.basename(options.file), bytes, sha256: hash.digest('hex') },
  };
  await writeFile(manifestFile(options.file), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
