import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importRecord, type ImportRecord } from '../../src/import/records';
import {
  PLANT_NAMES,
  PLANT_PARAMETERS,
  SEGMENTS,
  SIZES,
  TOPICS,
  WINDOW_END,
  WINDOW_START,
  generate,
  manifestFile,
  writeDataSet,
  type Manifest,
  type PlantName,
} from '../../seeds/generate';
import { parseCommandLine } from '../../src/cli/generate';

/**
 * The data-set generator (seeds/generate): deterministic bytes, valid records in a valid order,
 * the promised shapes (80/20 revenue, long-tailed needs, touchpoint and channel moods, two years
 * of interactions), the planted patterns exactly as the manifest describes them (and their
 * absence without the plant), and streaming of the 10k size in bounded memory.
 * No database: everything here is files and memory.
 */

type Rec<T extends ImportRecord['type']> = Extract<ImportRecord, { type: T }>;

/** A generated data set as NDJSON text, its records parsed (defaults filled) and its manifest. */
interface DataSet {
  text: string;
  lines: string[];
  records: ImportRecord[];
  manifest: Manifest;
  segments: Rec<'segment'>[];
  employees: Rec<'employee'>[];
  customers: Rec<'customer'>[];
  needs: Rec<'need'>[];
  interactions: Rec<'interaction'>[];
  insights: Rec<'insight'>[];
}

function small(seed: number, plants: PlantName[] = []): DataSet {
  const generated = generate({ size: 'small', seed, plants });
  const lines: string[] = [];
  for (const record of generated.records) lines.push(JSON.stringify(record));
  const records = lines.map((line, n) => {
    const parsed = importRecord.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`line ${n + 1} is not a valid import record: ${parsed.error.message}\n${line}`);
    return parsed.data;
  });
  const of = <T extends ImportRecord['type']>(type: T) => records.filter((r): r is Rec<T> => r.type === type);
  return {
    text: lines.join('\n') + '\n',
    lines,
    records,
    manifest: generated.manifest(),
    segments: of('segment'),
    employees: of('employee'),
    customers: of('customer'),
    needs: of('need'),
    interactions: of('interaction'),
    insights: of('insight'),
  };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ALL_PLANTS: PlantName[] = [...PLANT_NAMES];

let plain: DataSet;
let planted: DataSet;
let tmp: string;

beforeAll(() => {
  plain = small(1);
  planted = small(1, ALL_PLANTS);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-generator-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('determinism', () => {
  it('writes byte-identical files for the same size, seed and plants, and different ones otherwise', async () => {
    const file = (name: string) => path.join(tmp, name);
    const a = await writeDataSet({ size: 'small', seed: 1, file: file('a.ndjson') });
    const b = await writeDataSet({ size: 'small', seed: 1, file: file('nested/b.ndjson') });
    const other = await writeDataSet({ size: 'small', seed: 2, file: file('c.ndjson') });
    const withPlant = await writeDataSet({ size: 'small', seed: 1, plants: ['atRiskSharedNeed'], file: file('d.ndjson') });

    const bytesA = fs.readFileSync(file('a.ndjson'));
    expect(sha256(bytesA)).toBe(sha256(fs.readFileSync(file('nested/b.ndjson'))));
    expect(sha256(bytesA)).toBe(a.output?.sha256);
    expect(b.output?.sha256).toBe(a.output?.sha256);
    expect(a.output?.bytes).toBe(bytesA.length);
    // The file is exactly the streamed records, one JSON object a line.
    expect(bytesA.toString('utf8')).toBe(plain.text);
    expect(sha256(fs.readFileSync(file('c.ndjson')))).not.toBe(a.output?.sha256);
    expect(other.output?.sha256).not.toBe(a.output?.sha256);
    expect(withPlant.output?.sha256).not.toBe(a.output?.sha256);

    // The manifest next to the file is the one returned.
    const written = JSON.parse(fs.readFileSync(manifestFile(file('a.ndjson')), 'utf8')) as Manifest;
    expect(written).toEqual(a);
    expect(written.output?.file).toBe('a.ndjson');
    expect(written).toMatchObject({ format: 'rapport-generated-data-set/1', size: 'small', seed: 1, plants: [] });
  });

  it('gives the same records on a second pass over the same generator, and a manifest only after a full pass', () => {
    const generated = generate({ size: 'small', seed: 1 });
    expect(() => generated.manifest()).toThrow(/after all records were consumed/);
    const first = [...generated.records].map((r) => JSON.stringify(r));
    const second = [...generated.records].map((r) => JSON.stringify(r));
    expect(second).toEqual(first);
    expect(first.join('\n') + '\n').toBe(plain.text);
    expect(generated.manifest()).toEqual(plain.manifest);
  });

  it('refuses unknown sizes, plants and seeds', () => {
    expect(() => generate({ size: 'huge' as 'small', seed: 1 })).toThrow("unknown size 'huge'; use one of small, 2k, 10k, 100k");
    expect(() => generate({ size: 'small', seed: 1, plants: ['nope' as PlantName] })).toThrow(/unknown plant 'nope'/);
    expect(() => generate({ size: 'small', seed: -1 })).toThrow(/seed must be a whole number/);
    expect(() => generate({ size: 'small', seed: 1.5 })).toThrow(/seed must be a whole number/);
    expect(() => generate({ size: 'small', seed: 1, quiet: 'no' as unknown as boolean })).toThrow('quiet must be true or false');
    expect(() => generate({ size: 'small', seed: 1, flat: 1 as unknown as boolean })).toThrow('flat must be true or false');
  });

  it('records whether the quiet base was on; quiet: false gives other bytes, the same record ids and counts', () => {
    expect(plain.manifest.quiet).toBe(true);
    const raw = generate({ size: 'small', seed: 1, quiet: false });
    const lines = [...raw.records].map((r) => JSON.stringify(r));
    const manifest = raw.manifest();
    expect(manifest.quiet).toBe(false);
    expect(manifest.counts).toEqual(plain.manifest.counts);
    expect(lines.join('\n') + '\n').not.toBe(plain.text);
    expect(lines.map((l) => JSON.parse(l).externalId)).toEqual(plain.records.map((r) => r.externalId));
    // quiet: true is the default.
    const quiet = generate({ size: 'small', seed: 1, quiet: true });
    expect([...quiet.records].map((r) => JSON.stringify(r)).join('\n') + '\n').toBe(plain.text);
  });

  it('records whether the background was flat; flat: false is the default', () => {
    expect(plain.manifest.flat).toBe(false);
    const notFlat = generate({ size: 'small', seed: 1, flat: false });
    expect([...notFlat.records].map((r) => JSON.stringify(r)).join('\n') + '\n').toBe(plain.text);
    expect(notFlat.manifest()).toEqual(plain.manifest);
  });
});

describe('records and order', () => {
  it.each([
    ['without plants', () => plain],
    ['with every plant', () => planted],
  ])('%s: every line is a valid import record referring only to earlier records, in file order', (_, get) => {
    const d = get();
    const order = ['segment', 'employee', 'customer', 'need', 'interaction', 'insight'];
    const seen = new Map<string, string>(); // external id → type
    const refersTo = (id: string | undefined, type: string) => {
      if (id === undefined) return;
      if (seen.get(id) !== type) throw new Error(`${id} is not an earlier ${type}`);
    };
    let lastType = 0;
    let lastOccurred = '';
    const employeeRole = new Map(d.employees.map((e) => [e.externalId, e.role]));
    const customerKind = new Map(d.customers.map((c) => [c.externalId, c.kind]));
    const interactionById = new Map(d.interactions.map((x) => [x.externalId, x]));
    for (const r of d.records) {
      const typeIndex = order.indexOf(r.type);
      expect(typeIndex).toBeGreaterThanOrEqual(lastType);
      lastType = typeIndex;
      expect(seen.has(r.externalId)).toBe(false);
      switch (r.type) {
        case 'customer':
          refersTo(r.segment, 'segment');
          refersTo(r.organization, 'customer');
          if (r.organization) {
            expect(r.kind).toBe('PERSON');
            expect(customerKind.get(r.organization)).toBe('ORGANIZATION');
          }
          refersTo(r.referredBy, 'customer');
          expect(r.owners.length).toBeGreaterThanOrEqual(1);
          expect(r.owners.length).toBeLessThanOrEqual(2);
          for (const o of r.owners) {
            refersTo(o, 'employee');
            expect(['ACCOUNT_MANAGER', 'CUSTOMER_SUCCESS']).toContain(employeeRole.get(o));
          }
          break;
        case 'need':
          for (const h of r.holders) refersTo(h.customer, 'customer');
          expect(new Set(r.holders.map((h) => h.customer)).size).toBe(r.holders.length);
          break;
        case 'interaction':
          refersTo(r.customer, 'customer');
          refersTo(r.handler, 'employee');
          for (const n of r.needs) refersTo(n, 'need');
          expect(r.needs.length).toBeLessThanOrEqual(2);
          expect(r.topics.length).toBeLessThanOrEqual(3);
          expect(r.occurredAt >= lastOccurred).toBe(true); // chronological
          lastOccurred = r.occurredAt;
          break;
        case 'insight':
          refersTo(r.author, 'employee');
          for (const c of r.aboutCustomers) refersTo(c, 'customer');
          for (const n of r.aboutNeeds) refersTo(n, 'need');
          for (const s of r.aboutSegments) refersTo(s, 'segment');
          for (const x of r.evidence) refersTo(x, 'interaction');
          expect(r.aboutCustomers.length).toBeGreaterThanOrEqual(1);
          expect(r.aboutCustomers.length).toBeLessThanOrEqual(2);
          expect(r.evidence.length).toBeGreaterThanOrEqual(1);
          expect(r.evidence.length).toBeLessThanOrEqual(4);
          for (const x of r.evidence) {
            const evidence = interactionById.get(x)!;
            expect(r.aboutCustomers).toContain(evidence.customer); // evidence of the customers it is about
            expect(evidence.occurredAt <= r.createdAt!).toBe(true); // learned after the fact
          }
          expect(r.annotations.length).toBeLessThanOrEqual(4);
          for (const a of r.annotations) {
            refersTo(a.author, 'employee');
            expect(a.author).not.toBe(r.author);
            expect(a.createdAt! >= r.createdAt!).toBe(true);
          }
          break;
      }
      seen.set(r.externalId, r.type);
    }
  });

  it('has the counts of SIZES.small, as the manifest says', () => {
    const d = plain;
    const spec = SIZES.small;
    expect(spec).toEqual({ customers: 200, employees: 20, interactions: 2_000, insights: 200, needs: 40 });
    const counts = {
      segment: d.segments.length,
      employee: d.employees.length,
      customer: d.customers.length,
      need: d.needs.length,
      interaction: d.interactions.length,
      insight: d.insights.length,
      annotation: d.insights.reduce((n, i) => n + i.annotations.length, 0),
      needHolder: d.needs.reduce((n, x) => n + x.holders.length, 0),
    };
    expect(counts).toEqual({ ...d.manifest.counts });
    expect(counts).toMatchObject({ segment: 8, employee: 20, customer: 200, need: 40, interaction: 2_000, insight: 200 });
    expect(d.segments.map((s) => s.externalId)).toEqual(SEGMENTS.map((s) => s.externalId));
    expect(d.customers[0]!.externalId).toBe('c-000001');
    expect(d.employees[19]!.externalId).toBe('e-0020');
    expect(d.needs[39]!.externalId).toBe('n-0040');
    expect(d.interactions[1999]!.externalId).toBe('x-0002000');
    expect(d.insights[0]!.externalId).toBe('s-000001');
    // Annotations: 0 to 4 an insight, about 1.5 on average.
    expect(counts.annotation / counts.insight).toBeGreaterThan(1.2);
    expect(counts.annotation / counts.insight).toBeLessThan(1.8);
  });

  it('uses the fixed lower-case topic vocabulary and a plausible mix of kinds, stages, roles and statuses', () => {
    const d = plain;
    expect(TOPICS.length).toBeGreaterThanOrEqual(60);
    expect(TOPICS.length).toBeLessThanOrEqual(80);
    const used = new Set([...d.needs, ...d.interactions, ...d.insights].flatMap((r) => r.topics));
    for (const t of used) {
      expect(TOPICS).toContain(t);
      expect(t).toBe(t.toLowerCase());
    }
    expect(used.size).toBeGreaterThan(30);

    const share = <T>(xs: T[], pred: (x: T) => boolean) => xs.filter(pred).length / xs.length;
    const stage = (s: string) => share(d.customers, (c) => c.lifecycleStage === s);
    expect(stage('ACTIVE')).toBeGreaterThan(0.5);
    for (const s of ['PROSPECT', 'AT_RISK', 'CHURNED']) expect(stage(s)).toBeGreaterThan(0.05);
    expect(share(d.customers, (c) => c.kind === 'ORGANIZATION')).toBeGreaterThan(0.2);
    expect(share(d.customers, (c) => c.organization !== undefined)).toBeGreaterThan(0.1);
    expect(share(d.customers, (c) => c.referredBy !== undefined)).toBeGreaterThan(0.03);
    expect(share(d.customers, (c) => c.consentContact)).toBeGreaterThan(0.8);
    expect(share(d.customers, (c) => c.consentAnalytics)).toBeGreaterThan(0.75);
    expect(new Set(d.employees.map((e) => e.role)).size).toBe(6);
    expect(new Set(d.insights.map((i) => i.status))).toEqual(new Set(['DRAFT', 'PROPOSED', 'VALIDATED', 'REFUTED', 'ARCHIVED']));
    expect(new Set(d.needs.map((n) => n.kind))).toEqual(new Set(['FUNCTIONAL', 'EMOTIONAL', 'SOCIAL']));
    expect(new Set(d.needs.map((n) => n.title)).size).toBe(d.needs.length);
    // Validated insights are held with more confidence than refuted ones.
    const confidence = (s: string) => mean(d.insights.filter((i) => i.status === s).map((i) => i.confidence));
    expect(confidence('VALIDATED') - confidence('REFUTED')).toBeGreaterThan(0.4);
  });
});

describe('shapes', () => {
  it('concentrates revenue: the top 20% of customers hold 75-85% of it; cost and lifetime value follow revenue', () => {
    const d = plain;
    const revenues = d.customers.map((c) => c.revenue).sort((a, b) => b - a);
    const total = revenues.reduce((a, b) => a + b, 0);
    const top = revenues.slice(0, revenues.length / 5).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThanOrEqual(0.75);
    expect(top / total).toBeLessThanOrEqual(0.85);
    expect(d.manifest.figures.topFifthRevenueShare).toBeCloseTo(top / total, 4);

    for (const c of d.customers.filter((c) => c.lifecycleStage === 'PROSPECT')) expect(c.revenue).toBe(0);
    const paying = d.customers.filter((c) => c.revenue > 0).sort((a, b) => b.revenue - a.revenue);
    const topFifth = paying.slice(0, paying.length / 5);
    const bottomHalf = paying.slice(paying.length / 2);
    expect(mean(topFifth.map((c) => c.costToServe))).toBeGreaterThan(5 * mean(bottomHalf.map((c) => c.costToServe)));
    // Some customers cost more than they bring (mostly small ones), most do not.
    const unprofitable = paying.filter((c) => c.costToServe > c.revenue);
    expect(unprofitable.length).toBeGreaterThan(0);
    expect(unprofitable.length / paying.length).toBeLessThan(0.3);
    for (const c of paying.filter((c) => c.lifecycleStage === 'ACTIVE')) {
      expect(c.lifetimeValue / c.revenue).toBeGreaterThanOrEqual(2);
      expect(c.lifetimeValue / c.revenue).toBeLessThanOrEqual(7);
    }
  });

  it('has long-tailed needs: the most popular need is held by many times more customers than the median need', () => {
    const d = plain;
    const holders = d.needs.map((n) => n.holders.length).sort((a, b) => b - a);
    const median = holders[Math.floor(holders.length / 2)]!;
    expect(holders[0]).toBeGreaterThanOrEqual(8 * Math.max(1, median));
    expect(d.manifest.figures.needHolders).toEqual({ max: holders[0], median });
    // The top 10% of needs hold at least 40% of all holdings.
    const all = holders.reduce((a, b) => a + b, 0);
    expect(holders.slice(0, holders.length / 10).reduce((a, b) => a + b, 0) / all).toBeGreaterThan(0.4);
    // Interactions express the needs their customers hold, mostly.
    const held = new Set(d.needs.flatMap((n) => n.holders.map((h) => `${h.customer}|${n.externalId}`)));
    const expressed = d.interactions.flatMap((x) => x.needs.map((n) => `${x.customer}|${n}`));
    expect(expressed.filter((e) => held.has(e)).length / expressed.length).toBeGreaterThan(0.6);
  });

  it('lets bigger customers talk more', () => {
    const d = plain;
    const count = new Map<string, number>();
    for (const x of d.interactions) count.set(x.customer, (count.get(x.customer) ?? 0) + 1);
    const byRevenue = [...d.customers].sort((a, b) => b.revenue - a.revenue);
    const perCustomer = (cs: typeof byRevenue) => mean(cs.map((c) => count.get(c.externalId) ?? 0));
    expect(perCustomer(byRevenue.slice(0, 40))).toBeGreaterThan(2 * perCustomer(byRevenue.slice(40)));
  });

  it('has different mean sentiment by touchpoint and by channel, as the manifest says', () => {
    const d = plain;
    const meanOf = (pred: (x: Rec<'interaction'>) => boolean) =>
      mean(d.interactions.filter((x) => pred(x) && x.sentiment !== undefined).map((x) => x.sentiment!));
    const tp = (t: string) => meanOf((x) => x.touchpoint === t);
    expect(Math.min(tp('SALES'), tp('ONBOARDING')) - Math.max(tp('SUPPORT'), tp('BILLING'))).toBeGreaterThan(0.4);
    expect(tp('SUPPORT')).toBeLessThan(0);
    expect(tp('SALES')).toBeGreaterThan(0.2);
    // The same touchpoint feels different through different channels.
    const support = (ch: string) => meanOf((x) => x.touchpoint === 'SUPPORT' && x.channel === ch);
    expect(support('CHAT') - support('PHONE')).toBeGreaterThan(0.15);
    for (const [t, figure] of Object.entries(d.manifest.figures.sentimentByTouchpoint)) {
      expect(figure.meanSentiment).toBeCloseTo(tp(t), 3);
    }
    const sentiments = d.interactions.filter((x) => x.sentiment !== undefined);
    expect(sentiments.length / d.interactions.length).toBeGreaterThan(0.9);
    expect(new Set(d.interactions.map((x) => x.touchpoint)).size).toBe(8);
    expect(new Set(d.interactions.map((x) => x.channel)).size).toBe(8);
  });

  it('spreads interactions over the two years ending 2026-10-31, after each customer was created', () => {
    const d = plain;
    expect(new Date(WINDOW_END).toISOString()).toBe('2026-10-31T00:00:00.000Z');
    expect(new Date(WINDOW_START).toISOString()).toBe('2024-10-31T00:00:00.000Z');
    const created = new Map(d.customers.map((c) => [c.externalId, c.createdAt!]));
    const months = new Set<string>();
    for (const x of d.interactions) {
      const t = Date.parse(x.occurredAt);
      expect(t).toBeGreaterThanOrEqual(WINDOW_START);
      expect(t).toBeLessThanOrEqual(WINDOW_END);
      expect(x.occurredAt >= created.get(x.customer)!).toBe(true);
      months.add(x.occurredAt.slice(0, 7));
    }
    expect(months.size).toBeGreaterThanOrEqual(20);
    expect(d.manifest.figures.monthsWithInteractions).toBe(months.size);
    for (const i of d.insights) expect(Date.parse(i.createdAt!)).toBeLessThanOrEqual(WINDOW_END);
  });
});

describe('planted patterns', () => {
  /** Co-occurrence figures of two needs in a data set. */
  function cooccurrence(d: DataSet, a: string, b: string, group: Set<string>) {
    let withA = 0;
    let withB = 0;
    let withBoth = 0;
    let withBothInGroup = 0;
    for (const x of d.interactions) {
      const hasA = x.needs.includes(a);
      const hasB = x.needs.includes(b);
      if (hasA) withA++;
      if (hasB) withB++;
      if (hasA && hasB) {
        withBoth++;
        if (group.has(x.customer)) withBothInGroup++;
      }
    }
    const total = d.interactions.length;
    return { total, withA, withB, withBoth, withBothInGroup, lift: withA && withB ? (withBoth * total) / (withA * withB) : 0 };
  }

  /** Mean sentiment before and after the drop date at the plant's touchpoint and channel. */
  function sentimentDrop(d: DataSet) {
    const { touchpoint, channel, from } = PLANT_PARAMETERS.touchpointSentimentDrop;
    const at = d.interactions.filter((x) => x.touchpoint === touchpoint && x.channel === channel && x.sentiment !== undefined);
    const before = at.filter((x) => Date.parse(x.occurredAt) < from).map((x) => x.sentiment!);
    const after = at.filter((x) => Date.parse(x.occurredAt) >= from).map((x) => x.sentiment!);
    return {
      before: { interactions: before.length, meanSentiment: mean(before) },
      after: { interactions: after.length, meanSentiment: mean(after) },
    };
  }

  /** Share of AT_RISK customers and of the others who hold a need. */
  function holdersByStage(d: DataSet, need: string) {
    const holders = new Set(d.needs.find((n) => n.externalId === need)!.holders.map((h) => h.customer));
    const atRisk = d.customers.filter((c) => c.lifecycleStage === 'AT_RISK');
    const others = d.customers.filter((c) => c.lifecycleStage !== 'AT_RISK');
    const count = (cs: typeof atRisk) => cs.filter((c) => holders.has(c.externalId)).length;
    return {
      atRisk: { customers: atRisk.length, holders: count(atRisk), share: count(atRisk) / atRisk.length },
      others: { customers: others.length, holders: count(others), share: count(others) / others.length },
    };
  }

  it('describes only the plants asked for, with ids that do not depend on which plants are on', () => {
    expect(plain.manifest.planted).toEqual({});
    expect(Object.keys(planted.manifest.planted).sort()).toEqual([...ALL_PLANTS].sort());
    expect(planted.manifest.plants).toEqual([...ALL_PLANTS].sort());
    const alone = generate({ size: 'small', seed: 1, plants: ['needCooccurrence'] });
    for (const _ of alone.records);
    expect(Object.keys(alone.manifest().planted)).toEqual(['needCooccurrence']);
    expect(alone.manifest().planted.needCooccurrence!.needs).toEqual(planted.manifest.planted.needCooccurrence!.needs);
    expect(alone.manifest().planted.needCooccurrence!.customers).toEqual(planted.manifest.planted.needCooccurrence!.customers);
  });

  it('needCooccurrence: a group of 30 customers expresses needs A and B together far more often than chance', () => {
    const plant = planted.manifest.planted.needCooccurrence!;
    const [a, b] = plant.needs;
    expect(a).not.toBe(b);
    expect(plant.customers).toHaveLength(30);
    const group = new Set(plant.customers);
    const figures = cooccurrence(planted, a, b, group);
    expect(plant.interactions).toEqual({
      total: 2_000,
      withA: figures.withA,
      withB: figures.withB,
      withBoth: figures.withBoth,
      withBothInGroup: figures.withBothInGroup,
    });
    expect(plant.lift).toBeCloseTo(figures.lift, 2);
    // Strong: over a hundred joint expressions, nearly all from the group, at several times chance.
    expect(figures.withBoth).toBeGreaterThan(100);
    expect(figures.withBothInGroup / figures.withBoth).toBeGreaterThan(0.95);
    expect(figures.lift).toBeGreaterThan(4);
    // The group holds both needs.
    const holdsBoth = plant.customers.filter((c) =>
      [a, b].every((n) => planted.needs.find((x) => x.externalId === n)!.holders.some((h) => h.customer === c)),
    );
    expect(holdsBoth).toHaveLength(plant.groupHoldersOfBoth);
    expect(plant.groupHoldersOfBoth).toBe(30);

    // Without the plant, the same two needs rarely meet.
    const without = cooccurrence(plain, a, b, group);
    expect(without.withBoth).toBeLessThanOrEqual(5);
    expect(without.withBoth * 20).toBeLessThan(figures.withBoth);
  });

  it('touchpointSentimentDrop: from the date on, ONBOARDING through CHAT turns strongly negative', () => {
    const plant = planted.manifest.planted.touchpointSentimentDrop!;
    const { touchpoint, channel, from } = PLANT_PARAMETERS.touchpointSentimentDrop;
    expect(plant).toMatchObject({ touchpoint, channel, from: new Date(from).toISOString().replace('.000Z', 'Z') });
    expect(plant.from).toBe('2026-03-01T00:00:00Z');
    const figures = sentimentDrop(planted);
    expect(plant.before.interactions).toBe(figures.before.interactions);
    expect(plant.after.interactions).toBe(figures.after.interactions);
    expect(plant.before.meanSentiment).toBeCloseTo(figures.before.meanSentiment, 3);
    expect(plant.after.meanSentiment).toBeCloseTo(figures.after.meanSentiment, 3);
    expect(figures.after.interactions).toBeGreaterThanOrEqual(15);
    expect(figures.after.meanSentiment).toBeLessThan(-0.55);
    expect(figures.before.meanSentiment).toBeGreaterThan(0.2);

    // Without the plant, the same interactions stay positive after the date.
    const without = sentimentDrop(plain);
    expect(without.after.interactions).toBeGreaterThanOrEqual(15);
    expect(without.after.meanSentiment).toBeGreaterThan(0.2);
  });

  it('touchpointSentimentDrop changes nothing but the interactions it is about', () => {
    const only = small(1, ['touchpointSentimentDrop']);
    const { touchpoint, channel, from } = PLANT_PARAMETERS.touchpointSentimentDrop;
    let changed = 0;
    only.records.forEach((r, n) => {
      if (r.type === 'insight') return; // insight wording follows the mood of its evidence
      const affected = r.type === 'interaction' && r.touchpoint === touchpoint && r.channel === channel && Date.parse(r.occurredAt) >= from;
      if (affected) changed += only.lines[n] === plain.lines[n] ? 0 : 1;
      else expect(only.lines[n]).toBe(plain.lines[n]);
    });
    expect(changed).toBeGreaterThanOrEqual(15);
  });

  it('atRiskSharedNeed: AT_RISK customers hold one need far more often than the others', () => {
    const plant = planted.manifest.planted.atRiskSharedNeed!;
    const figures = holdersByStage(planted, plant.need);
    expect(plant.atRisk).toEqual({ ...figures.atRisk, share: Number(figures.atRisk.share.toFixed(4)) });
    expect(plant.others).toEqual({ ...figures.others, share: Number(figures.others.share.toFixed(4)) });
    expect(figures.atRisk.share).toBeGreaterThan(0.5);
    expect(figures.others.share).toBeLessThan(0.1);
    expect(figures.atRisk.share).toBeGreaterThan(8 * figures.others.share);
    const atRisk = new Set(planted.customers.filter((c) => c.lifecycleStage === 'AT_RISK').map((c) => c.externalId));
    expect(plant.plantedHolders.length).toBeGreaterThan(0);
    for (const c of plant.plantedHolders) expect(atRisk.has(c)).toBe(true);
    expect(plant.plantedHolders.length).toBeLessThanOrEqual(figures.atRisk.holders);

    // Without the plant, AT_RISK customers hold it no more often than anyone (within chance).
    const without = holdersByStage(plain, plant.need);
    expect(without.atRisk.share).toBeLessThan(0.2);
    expect(without.atRisk.share).toBeLessThan(figures.atRisk.share / 3);
  });
});

describe('npm run generate (command line)', () => {
  it('has defaults and accepts both --flag value and --flag=value forms', () => {
    expect(parseCommandLine([])).toEqual({ size: 'small', seed: 1, out: 'data/small-seed1.ndjson', plants: [], quiet: true, flat: false });
    expect(parseCommandLine(['--raw'])).toEqual({
      size: 'small',
      seed: 1,
      out: 'data/small-seed1-raw.ndjson',
      plants: [],
      quiet: false,
      flat: false,
    });
    expect(parseCommandLine(['--flat'])).toMatchObject({ out: 'data/small-seed1-flat.ndjson', quiet: true, flat: true });
    expect(parseCommandLine(['--raw', '--flat', '--size', '2k'])).toMatchObject({
      out: 'data/2k-seed1-raw-flat.ndjson',
      quiet: false,
      flat: true,
    });
    expect(parseCommandLine(['--size=10k', '--seed', '42', '--plant', 'needCooccurrence', '--plant=atRiskSharedNeed'])).toEqual({
      size: '10k',
      seed: 42,
      out: 'data/10k-seed42.ndjson',
      plants: ['needCooccurrence', 'atRiskSharedNeed'],
      quiet: true,
      flat: false,
    });
    expect(parseCommandLine(['--out', '/tmp/x.ndjson'])).toMatchObject({ out: '/tmp/x.ndjson' });
    expect(parseCommandLine(['--size', '2k'])).toMatchObject({ size: '2k', out: 'data/2k-seed1.ndjson' });
    expect(parseCommandLine(['-h'])).toBe('help');
  });

  it('refuses an unknown size, plant, flag or seed with a clear message', () => {
    expect(() => parseCommandLine(['--size', 'huge'])).toThrow("Unknown size 'huge'; use one of small, 2k, 10k, 100k.");
    expect(() => parseCommandLine(['--plant', 'nope'])).toThrow(/Unknown plant\(s\) 'nope'; use needCooccurrence/);
    expect(() => parseCommandLine(['--bogus'])).toThrow(/Unknown option '--bogus'/);
    expect(() => parseCommandLine(['--seed', 'abc'])).toThrow(/--seed must be a whole number/);
    expect(() => parseCommandLine(['--seed', '99999999999'])).toThrow(/--seed must be a whole number/);
    expect(() => parseCommandLine(['extra'])).toThrow(/Unexpected argument 'extra'/);
  });
});

describe('the 2k size', () => {
  it('is a fifth of 10k in every count, with the shapes of the others', () => {
    expect(SIZES['2k']).toEqual({ customers: 2_000, employees: 100, interactions: 40_000, insights: 4_000, needs: 80 });
    for (const k of ['customers', 'employees', 'interactions', 'insights'] as const) expect(SIZES['2k'][k] * 5).toBe(SIZES['10k'][k]);
    const generated = generate({ size: '2k', seed: 1 });
    const counts: Record<string, number> = {};
    for (const record of generated.records) counts[record.type] = (counts[record.type] ?? 0) + 1;
    expect(counts).toEqual({ segment: 8, employee: 100, customer: 2_000, need: 80, interaction: 40_000, insight: 4_000 });
    const m = generated.manifest();
    expect(m).toMatchObject({ size: '2k', quiet: true, flat: false, plants: [], expectations: [] });
    expect(m.figures.topFifthRevenueShare).toBeGreaterThanOrEqual(0.75);
    expect(m.figures.topFifthRevenueShare).toBeLessThanOrEqual(0.85);
    expect(m.figures.monthsWithInteractions).toBe(25);
  });
});

describe('the 10k size', () => {
  it('streams 230,908 records in bounded memory and reasonable time', () => {
    const started = performance.now();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const counts: Record<string, number> = {};
    let n = 0;
    let checked = 0;
    const generated = generate({ size: '10k', seed: 1, plants: ALL_PLANTS });
    for (const record of generated.records) {
      counts[record.type] = (counts[record.type] ?? 0) + 1;
      if (++n % 5_000 === 0) {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
        // A sample of lines through the importer's validation.
        expect(importRecord.safeParse(JSON.parse(JSON.stringify(record))).success).toBe(true);
        checked++;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const spec = SIZES['10k'];
    expect(counts).toEqual({
      segment: 8,
      employee: spec.employees,
      customer: spec.customers,
      need: spec.needs,
      interaction: spec.interactions,
      insight: spec.insights,
    });
    expect(n).toBe(230_908);
    expect(checked).toBe(46);
    expect((peak - baseline) / 1e6).toBeLessThan(300);
    expect(seconds).toBeLessThan(20);

    const m = generated.manifest();
    expect(m.counts.annotation / m.counts.insight).toBeGreaterThan(1.3);
    expect(m.counts.annotation / m.counts.insight).toBeLessThan(1.7);
    expect(m.figures.topFifthRevenueShare).toBeGreaterThanOrEqual(0.75);
    expect(m.figures.topFifthRevenueShare).toBeLessThanOrEqual(0.85);
    expect(m.figures.needHolders.max).toBeGreaterThanOrEqual(50 * m.figures.needHolders.median);
    expect(m.figures.monthsWithInteractions).toBe(25);
    expect(m.planted.needCooccurrence!.customers).toHaveLength(1_500);
    expect(m.planted.touchpointSentimentDrop!.after.meanSentiment).toBeLessThan(-0.6);
    expect(m.planted.atRiskSharedNeed!.atRisk.share).toBeGreaterThan(0.6);
  });
});

describe('flat: true (a background without systematic effects)', () => {
  const DAY = 86_400_000;
  const recentFrom = WINDOW_END - 90 * DAY;

  it('keeps the records, ids and shapes: the same segments, employees, customers and needs, the same counts', () => {
    const raw = generate({ size: 'small', seed: 1, quiet: false });
    const rawLines = [...raw.records].map((r) => JSON.stringify(r));
    const flat = generate({ size: 'small', seed: 1, quiet: false, flat: true });
    const flatLines = [...flat.records].map((r) => JSON.stringify(r));
    // The same counts (annotations follow the insights' evidence, so only about the same number).
    const { annotation, ...counts } = raw.manifest().counts;
    expect(flat.manifest()).toMatchObject({ quiet: false, flat: true, counts });
    expect(Math.abs(flat.manifest().counts.annotation / annotation - 1)).toBeLessThan(0.1);
    expect(flatLines).toHaveLength(rawLines.length);
    const before = rawLines.findIndex((l) => l.startsWith('{"type":"interaction"'));
    expect(flatLines.slice(0, before)).toEqual(rawLines.slice(0, before));
    expect(flatLines.map((l) => JSON.parse(l).externalId)).toEqual(rawLines.map((l) => JSON.parse(l).externalId));
    expect(flatLines.join('\n')).not.toBe(rawLines.join('\n'));
    // The channel mix as without it (within chance).
    const channels = (lines: string[]) => {
      const out: Record<string, number> = {};
      for (const l of lines) if (l.startsWith('{"type":"interaction"')) out[JSON.parse(l).channel] = (out[JSON.parse(l).channel] ?? 0) + 1;
      return out;
    };
    const rawChannels = channels(rawLines);
    for (const [channel, count] of Object.entries(channels(flatLines))) expect(Math.abs(count - rawChannels[channel])).toBeLessThan(30);
  });

  it('2k: no touchpoint and channel shortfall of quality, no touchpoint or channel mood, no trend over time', () => {
    const generated = generate({ size: '2k', seed: 1, plants: [], quiet: false, flat: true });
    const gaps = new Map<string, { sum: number; count: number }>();
    const sentiments = { touchpoint: new Map<string, number[]>(), channel: new Map<string, number[]>() };
    const all: number[] = [];
    const allGaps: number[] = [];
    const byCustomer = new Map<string, { baseline: number[]; recent: number[] }>();
    const needsByYear = [0, 0];
    for (const r of generated.records) {
      if (r.type !== 'interaction') continue;
      const t = Date.parse(r.occurredAt!);
      if (r.expectedQuality !== undefined && r.perceivedQuality !== undefined) {
        allGaps.push(r.perceivedQuality - r.expectedQuality);
        if (t >= recentFrom && t < WINDOW_END) {
          const key = `${r.touchpoint}/${r.channel}`;
          const g = gaps.get(key) ?? { sum: 0, count: 0 };
          g.sum += r.perceivedQuality - r.expectedQuality;
          g.count++;
          gaps.set(key, g);
        }
      }
      if (r.sentiment !== undefined) {
        all.push(r.sentiment);
        for (const [map, key] of [
          [sentiments.touchpoint, r.touchpoint!],
          [sentiments.channel, r.channel!],
        ] as const) {
          if (!map.has(key)) map.set(key, []);
          map.get(key)!.push(r.sentiment);
        }
        if (t >= WINDOW_END - 455 * DAY) {
          const c = byCustomer.get(r.customer) ?? { baseline: [], recent: [] };
          (t >= recentFrom ? c.recent : c.baseline).push(r.sentiment);
          byCustomer.set(r.customer, c);
        }
      }
      needsByYear[t >= WINDOW_END - 365 * DAY ? 1 : 0] += r.needs?.length ?? 0;
    }
    expect(generated.manifest().flat).toBe(true);

    // Perceived − expected: mean 0 overall, above −0.5 at every pair with 20 recent interactions.
    expect(Math.abs(mean(allGaps))).toBeLessThan(0.02);
    const pairs = [...gaps].filter(([, g]) => g.count >= 20);
    expect(pairs.length).toBeGreaterThanOrEqual(20);
    expect(pairs.filter(([, g]) => g.sum / g.count <= -0.5).map(([pair]) => pair)).toEqual([]);

    // Sentiment: every touchpoint and channel within 0.1 of the overall mean.
    const overall = mean(all);
    expect(sentiments.touchpoint.size).toBe(8);
    for (const values of [...sentiments.touchpoint.values(), ...sentiments.channel.values()]) {
      expect(Math.abs(mean(values) - overall)).toBeLessThan(0.1);
    }

    // No trend: customers' sentiment in the last 90 days as in the year before (on average), and
    // needs expressed as often in the second year of the window as in the first.
    const declines = [...byCustomer.values()]
      .filter((c) => c.baseline.length >= 3 && c.recent.length >= 3)
      .map((c) => mean(c.baseline) - mean(c.recent));
    expect(declines.length).toBeGreaterThan(200);
    expect(Math.abs(mean(declines))).toBeLessThan(0.03);
    expect(needsByYear[1] / needsByYear[0]).toBeGreaterThan(0.95);
    expect(needsByYear[1] / needsByYear[0]).toBeLessThan(1.05);
  });
});
