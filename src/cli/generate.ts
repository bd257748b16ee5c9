import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { MAX_SEED, PLANT_NAMES, SIZES, SIZE_NAMES, manifestFile, writeDataSet, type PlantName, type SizeName } from '../../seeds/generate';

const USAGE = `Generates a deterministic NDJSON data set for \`npm run import\`.

  npm run generate -- [--size small|2k|10k|100k] [--seed <n>] [--out <file>] [--plant <name>]... [--raw] [--flat]

  --size    small (200 customers), 2k (2,000), 10k (10,000 customers, ~100 MB) or 100k; default small
  --seed    a whole number from 0 to ${MAX_SEED}; default 1 (same size, seed and plants: same bytes)
  --out     the file to write; default data/<size>-seed<seed>[-raw][-flat].ndjson (folders are created)
  --plant   a pattern to plant, repeatable: ${PLANT_NAMES.join(', ')}
  --raw     the background as drawn: without the "quiet base" that keeps it clear of the insight miners'
            thresholds (with no --plant: the pure-noise set of npm run bench:learning)
  --flat    a background without the model's systematic effects (touchpoint and channel moods, quality
            shortfalls, trends over time): with --raw and no --plant, noise the miners must find nothing in

The manifest (counts, planted patterns and what mining should find) is written to <file>.manifest.json.`;

/** A mistake in the command line: exit code 2 with the usage. */
class UsageError extends Error {}

/** The command line, checked. */
export function parseCommandLine(
  args: string[],
): { size: SizeName; seed: number; out: string; plants: PlantName[]; quiet: boolean; flat: boolean } | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        size: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        plant: { type: 'string', multiple: true },
        raw: { type: 'boolean' },
        flat: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) return 'help';
  const size = values.size ?? 'small';
  if (!(SIZE_NAMES as string[]).includes(size)) throw new UsageError(`Unknown size '${size}'; use one of ${SIZE_NAMES.join(', ')}.`);
  const seedText = values.seed ?? '1';
  const seed = /^\d{1,10}$/.test(seedText) ? Number(seedText) : NaN;
  if (!(seed <= MAX_SEED)) throw new UsageError(`--seed must be a whole number from 0 to ${MAX_SEED}, not '${seedText}'.`);
  const plants = values.plant ?? [];
  const unknown = plants.filter((p) => !(PLANT_NAMES as readonly string[]).includes(p));
  if (unknown.length) throw new UsageError(`Unknown plant(s) ${unknown.map((p) => `'${p}'`).join(', ')}; use ${PLANT_NAMES.join(', ')}.`);
  return {
    size: size as SizeName,
    seed,
    out: values.out ?? `data/${size}-seed${seed}${values.raw ? '-raw' : ''}${values.flat ? '-flat' : ''}.ndjson`,
    plants: plants as PlantName[],
    quiet: !values.raw,
    flat: !!values.flat,
  };
}

/** `npm run generate`: writes a data set and its manifest, then prints what it wrote. */
async function run(): Promise<void> {
  const options = parseCommandLine(process.argv.slice(2));
  if (options === 'help') return void process.stdout.write(USAGE + '\n');
  const { size, seed, out, plants, quiet, flat } = options;
  const spec = SIZES[size];
  process.stdout.write(
    `Generating ${size} (${spec.customers.toLocaleString('en')} customers, ${spec.interactions.toLocaleString('en')} interactions), ` +
      `seed ${seed}, plants: ${plants.length ? plants.join(', ') : 'none'}${quiet ? '' : ', raw background'}${flat ? ', flat background' : ''} ...\n`,
  );
  const started = performance.now();
  const manifest = await writeDataSet({ size, seed, plants, quiet, flat, file: out });
  const seconds = (performance.now() - started) / 1000;
  const c = manifest.counts;
  const rows: [string, number, string?][] = [
    ['segment', c.segment],
    ['employee', c.employee],
    ['customer', c.customer],
    ['need', c.need, `${c.needHolder.toLocaleString('en')} holders`],
    ['interaction', c.interaction],
    ['insight', c.insight, `${c.annotation.toLocaleString('en')} annotations`],
  ];
  for (const [type, count, extra] of rows) {
    process.stdout.write(`  ${type.padEnd(12)}${count.toLocaleString('en').padStart(10)}${extra ? `  (${extra})` : ''}\n`);
  }
  const mb = (manifest.output?.bytes ?? 0) / 1_000_000;
  process.stdout.write(
    `Wrote ${out}: ${mb.toFixed(1)} MB in ${seconds.toFixed(1)} s (sha256 ${manifest.output?.sha256.slice(0, 16)}...).\n`,
  );
  for (const [name, plant] of Object.entries(manifest.planted)) process.stdout.write(`Planted ${name}: ${plant.description}\n`);
  process.stdout.write(`Manifest: ${manifestFile(out)}\n`);
}

if (require.main === module) {
  run().catch((e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
