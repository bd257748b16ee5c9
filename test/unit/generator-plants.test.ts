import 'reflect-metadata';
import type { ImportRecordInput } from '../../src/import/records';
import {
  MINER_DEFAULTS,
  PLANT_NAMES,
  PLANT_PARAMETERS,
  WINDOW_END,
  generate,
  type Manifest,
  type PlantName,
  type SizeName,
} from '../../seeds/generate';

/**
 * The generator's plants for the insight miners (emergingNeed, sentimentDecline,
 * touchpointQualityGap, singleThreadedAccount; needCooccurrence for needsTogether), checked
 * against a reference computation of the miners' definitions in plain TypeScript over the
 * generated records: with every plant on, each miner finds exactly what the manifest plants
 * (recall and precision) and none of its decoys; without plants, it finds nothing, on `small`
 * and on `10k` (seed 1); each plant alone changes only what it is about.
 * No database: everything here is files and memory.
 */

const DAY = 86_400_000;
type In<T extends ImportRecordInput['type']> = Extract<ImportRecordInput, { type: T }>;

/**
 * The five miners with their default thresholds at `asOf`, written from their definitions (not
 * from the generator): only customers with analytics consent count; windows are half-open.
 * Records are added one at a time in file order (customers and needs come before interactions),
 * so that the 10k set never sits in memory.
 */
class ReferenceMiners {
  private readonly recentFrom: number;
  private readonly previousFrom: number;
  private readonly baselineFrom: number;
  private readonly knownFrom: number;
  private readonly consenting = new Set<string>();
  private readonly lifetimeValue = new Map<string, number>();
  private readonly holders = new Map<string, Set<string>>();
  /** Holders as the graph has them: the need records' holders, and every customer who expressed the need (writing an interaction links HAS_NEED). */
  private readonly held = new Map<string, Set<string>>();
  /** need → customers expressing it in the recent / previous window; also without consent. */
  readonly needRecent = new Map<string, Set<string>>();
  readonly needPrevious = new Map<string, Set<string>>();
  readonly needRecentWithoutConsent = new Map<string, Set<string>>();
  /** customer → sentiments (sum, count) in the baseline and the recent window. */
  readonly sentiment = new Map<string, { baselineSum: number; baseline: number; recentSum: number; recent: number }>();
  /** "TOUCHPOINT/CHANNEL" → perceived − expected (sum, count) in the recent and previous window. */
  readonly gap = new Map<string, { recentSum: number; recent: number; previousSum: number; previous: number }>();
  /** customer → owners and handlers of the last 365 days; interactions then. */
  readonly knownBy = new Map<string, Set<string>>();
  readonly yearInteractions = new Map<string, number>();

  constructor(readonly asOf: number) {
    this.recentFrom = asOf - 90 * DAY;
    this.previousFrom = asOf - 180 * DAY;
    this.baselineFrom = asOf - 455 * DAY;
    this.knownFrom = asOf - 365 * DAY;
  }

  add(r: ImportRecordInput): void {
    if (r.type === 'customer') this.customer(r);
    else if (r.type === 'need') {
      this.holders.set(r.externalId, new Set((r.holders ?? []).map((h) => h.customer)));
      this.held.set(r.externalId, new Set((r.holders ?? []).map((h) => h.customer)));
    } else if (r.type === 'interaction') this.interaction(r);
  }

  private customer(r: In<'customer'>): void {
    if (r.consentAnalytics) this.consenting.add(r.externalId);
    this.lifetimeValue.set(r.externalId, r.lifetimeValue ?? 0);
    this.knownBy.set(r.externalId, new Set(r.owners ?? []));
  }

  private interaction(x: In<'interaction'>): void {
    const t = Date.parse(x.occurredAt);
    if (t >= this.knownFrom && t < this.asOf) {
      this.knownBy.get(x.customer)!.add(x.handler);
      this.yearInteractions.set(x.customer, (this.yearInteractions.get(x.customer) ?? 0) + 1);
    }
    const recent = t >= this.recentFrom && t < this.asOf;
    const previous = t >= this.previousFrom && t < this.recentFrom;
    const baseline = t >= this.baselineFrom && t < this.recentFrom;
    const add = (map: Map<string, Set<string>>, key: string, value: string) => {
      if (!map.has(key)) map.set(key, new Set());
      map.get(key)!.add(value);
    };
    for (const n of x.needs ?? []) add(this.held, n, x.customer);
    if (!this.consenting.has(x.customer)) {
      if (recent) for (const n of x.needs ?? []) add(this.needRecentWithoutConsent, n, x.customer);
      return;
    }
    for (const n of x.needs ?? []) {
      if (recent) add(this.needRecent, n, x.customer);
      if (previous) add(this.needPrevious, n, x.customer);
    }
    if (x.sentiment !== undefined && (recent || baseline)) {
      let s = this.sentiment.get(x.customer);
      if (!s) this.sentiment.set(x.customer, (s = { baselineSum: 0, baseline: 0, recentSum: 0, recent: 0 }));
      if (recent) {
        s.recentSum += x.sentiment;
        s.recent++;
      } else {
        s.baselineSum += x.sentiment;
        s.baseline++;
      }
    }
    if (x.expectedQuality !== undefined && x.perceivedQuality !== undefined && (recent || previous)) {
      const key = `${x.touchpoint}/${x.channel}`;
      let g = this.gap.get(key);
      if (!g) this.gap.set(key, (g = { recentSum: 0, recent: 0, previousSum: 0, previous: 0 }));
      if (recent) {
        g.recentSum += x.perceivedQuality - x.expectedQuality;
        g.recent++;
      } else {
        g.previousSum += x.perceivedQuality - x.expectedQuality;
        g.previous++;
      }
    }
  }

  /** Needs expressed by ≥ 5 consenting customers recently, ≥ 2 times as many as before (none before counts as growth). */
  emergingNeed(): string[] {
    const { minCustomers, growth } = { minCustomers: 5, growth: 2 };
    return [...this.needRecent]
      .filter(([need, cs]) => {
        const before = this.needPrevious.get(need)?.size ?? 0;
        return cs.size >= minCustomers && (before === 0 || cs.size / before >= growth);
      })
      .map(([need]) => need)
      .sort();
  }

  /**
   * Unordered need pairs {A, B} over consenting customers' holdings as the graph has them (need
   * records and expressed needs) with support(A∪B) ≥ 0.02 and at least 10 customers holding both, lift ≥ 2 and confidence ≥ 0.6 in at
   * least one direction (N: all consenting customers).
   */
  needsTogether(): string[] {
    const n = this.consenting.size;
    const items = [...this.held].map(([need, hs]) => [need, new Set([...hs].filter((c) => this.consenting.has(c)))] as const);
    const found: string[] = [];
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const [a, ha] = items[i];
        const [b, hb] = items[j];
        if (!ha.size || !hb.size) continue;
        const rule = this.rule(ha, hb, n);
        if (rule.support >= 0.02 && rule.withBoth >= 10 && Math.max(rule.confidenceAB, rule.confidenceBA) >= 0.6 && rule.lift >= 2)
          found.push([a, b].sort().join('+'));
      }
    }
    return found.sort();
  }

  /** The rule figures of needs a and b over consenting customers. */
  holdingsRule(a: string, b: string) {
    const only = (need: string) => new Set([...this.holders.get(need)!].filter((c) => this.consenting.has(c)));
    return { customers: this.consenting.size, ...this.rule(only(a), only(b), this.consenting.size) };
  }

  private rule(ha: Set<string>, hb: Set<string>, n: number) {
    let both = 0;
    for (const c of ha) if (hb.has(c)) both++;
    return {
      withA: ha.size,
      withB: hb.size,
      withBoth: both,
      support: both / n,
      confidenceAB: both / ha.size,
      confidenceBA: both / hb.size,
      lift: (both * n) / (ha.size * hb.size),
    };
  }

  /** Consenting customers with ≥ 3 sentiments in both windows whose recent mean is ≥ 0.5 below the baseline mean. */
  sentimentDecline(): string[] {
    return [...this.sentiment]
      .filter(([, s]) => s.recent >= 3 && s.baseline >= 3 && s.baselineSum / s.baseline - s.recentSum / s.recent >= 0.5)
      .map(([c]) => c)
      .sort();
  }

  /** Sentiment figures of a customer, whether or not it consents (computed from the records). */
  sentimentOf(customer: string, records: ImportRecordInput[]) {
    const f = { baselineSum: 0, baseline: 0, recentSum: 0, recent: 0 };
    for (const x of records) {
      if (x.type !== 'interaction' || x.customer !== customer || x.sentiment === undefined) continue;
      const t = Date.parse(x.occurredAt);
      if (t >= this.recentFrom && t < this.asOf) {
        f.recentSum += x.sentiment;
        f.recent++;
      } else if (t >= this.baselineFrom && t < this.recentFrom) {
        f.baselineSum += x.sentiment;
        f.baseline++;
      }
    }
    return f;
  }

  /** "TOUCHPOINT/CHANNEL" pairs with ≥ 20 recent interactions carrying both qualities and a mean gap ≤ −1. */
  touchpointGap(): string[] {
    return [...this.gap]
      .filter(([, g]) => g.recent >= 20 && g.recentSum / g.recent <= -1)
      .map(([k]) => k)
      .sort();
  }

  /** percentileDisc(0.8) of consenting customers' lifetime values (Neo4j: rank ceil(0.8 × n)). */
  lifetimeValueThreshold(): number {
    const values = [...this.consenting].map((c) => this.lifetimeValue.get(c)!).sort((a, b) => a - b);
    return values[Math.max(0, Math.ceil(0.8 * values.length) - 1)];
  }

  /** Consenting customers at or above the threshold known by exactly one employee. */
  singleThreaded(): string[] {
    const threshold = this.lifetimeValueThreshold();
    return [...this.consenting].filter((c) => this.lifetimeValue.get(c)! >= threshold && this.knownBy.get(c)!.size === 1).sort();
  }

  /** Everything every miner finds. */
  all() {
    return {
      emergingNeed: this.emergingNeed(),
      needsTogether: this.needsTogether(),
      sentimentDecline: this.sentimentDecline(),
      touchpointGap: this.touchpointGap(),
      singleThreaded: this.singleThreaded(),
    };
  }
}

/** What the manifest says each miner must find (nothing for a plant that is off). */
function expected(m: Manifest) {
  const p = m.planted;
  return {
    emergingNeed: p.emergingNeed ? [p.emergingNeed.need.need] : [],
    needsTogether: p.needCooccurrence ? [[...p.needCooccurrence.needs].sort().join('+')] : [],
    sentimentDecline: (p.sentimentDecline?.customers ?? []).map((c) => c.customer).sort(),
    touchpointGap: p.touchpointQualityGap ? [`${p.touchpointQualityGap.touchpoint}/${p.touchpointQualityGap.channel}`] : [],
    singleThreaded: (p.singleThreadedAccount?.customers ?? []).map((c) => c.customer).sort(),
  };
}

interface Generated {
  lines: string[];
  records: ImportRecordInput[];
  manifest: Manifest;
  miners: ReferenceMiners;
}

/** A data set with the reference miners run over it; `keep` holds the records and lines (small sizes only). */
function run(size: SizeName, plants: PlantName[], keep = size === 'small'): Generated {
  const generated = generate({ size, seed: 1, plants });
  const miners = new ReferenceMiners(WINDOW_END);
  const lines: string[] = [];
  const records: ImportRecordInput[] = [];
  for (const record of generated.records) {
    miners.add(record);
    if (keep) {
      lines.push(JSON.stringify(record));
      records.push(record);
    }
  }
  return { lines, records, manifest: generated.manifest(), miners };
}

const ALL_PLANTS: PlantName[] = [...PLANT_NAMES];
const MINER_PLANTS = ['emergingNeed', 'sentimentDecline', 'touchpointQualityGap', 'singleThreadedAccount'] as const;
const NOTHING = { emergingNeed: [], needsTogether: [], sentimentDecline: [], touchpointGap: [], singleThreaded: [] };
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

let plain: Generated;
let planted: Generated;

beforeAll(() => {
  plain = run('small', []);
  planted = run('small', ALL_PLANTS);
});

describe('the miners the plants are made for', () => {
  it('are the ones of the brief, at WINDOW_END', () => {
    expect(MINER_DEFAULTS).toMatchObject({
      asOf: WINDOW_END,
      recentFrom: WINDOW_END - 90 * DAY,
      previousFrom: WINDOW_END - 180 * DAY,
      baselineFrom: WINDOW_END - 455 * DAY,
      knownFrom: WINDOW_END - 365 * DAY,
      emergingNeed: { minCustomers: 5, growth: 2 },
      needsTogether: { minSupport: 0.02, minCustomers: 10, minConfidence: 0.6, minLift: 2 },
      sentimentDecline: { minInteractions: 3, minDecline: 0.5 },
      touchpointGap: { minInteractions: 20, maxMeanGap: -1 },
      singleThreaded: { percentile: 0.8 },
    });
  });
});

describe('precision: without plants the miners find nothing', () => {
  it('on small (seed 1)', () => {
    expect(plain.miners.all()).toEqual(NOTHING);
  });

  it('on 10k (seed 1)', () => {
    const big = run('10k', []);
    expect(big.miners.all()).toEqual(NOTHING);
  });
});

describe('recall and precision with every plant on (small, seed 1)', () => {
  it('every miner finds exactly what the manifest plants', () => {
    const found = planted.miners.all();
    expect(found).toEqual(expected(planted.manifest));
    expect(found.emergingNeed).toHaveLength(1);
    expect(found.needsTogether).toHaveLength(1);
    expect(found.sentimentDecline).toHaveLength(PLANT_PARAMETERS.sentimentDecline.minCustomers);
    expect(found.touchpointGap).toHaveLength(1);
    expect(found.singleThreaded).toHaveLength(PLANT_PARAMETERS.singleThreadedAccount.minCustomers);
  });

  it('needCooccurrence serves needsTogether: the rule A ⇄ B over consenting holdings, as the manifest says', () => {
    const plant = planted.manifest.planted.needCooccurrence!;
    const rule = planted.miners.holdingsRule(...plant.needs);
    expect(plant.holdings).toEqual({
      customers: rule.customers,
      withA: rule.withA,
      withB: rule.withB,
      withBoth: rule.withBoth,
      support: round4(rule.support),
      confidenceAB: round4(rule.confidenceAB),
      confidenceBA: round4(rule.confidenceBA),
      lift: round4(rule.lift),
    });
    expect(rule.support).toBeGreaterThanOrEqual(0.02);
    expect(Math.min(rule.confidenceAB, rule.confidenceBA)).toBeGreaterThanOrEqual(0.6);
    expect(rule.lift).toBeGreaterThanOrEqual(2);
  });

  it('emergingNeed: one need grows from 3 to 8 consenting customers; the decoy needs are not found', () => {
    const plant = planted.manifest.planted.emergingNeed!;
    const m = planted.miners;
    expect(plant.asOf).toBe('2026-10-31T00:00:00Z');
    const figure = (need: string) => {
      const previous = m.needPrevious.get(need)?.size ?? 0;
      const recent = m.needRecent.get(need)?.size ?? 0;
      return {
        need,
        previous,
        recent,
        growth: previous ? Math.round((recent / previous) * 100) / 100 : null,
        recentCustomers: [...(m.needRecent.get(need) ?? [])].sort(),
        recentWithoutConsent: m.needRecentWithoutConsent.get(need)?.size ?? 0,
      };
    };
    const { need, decoys: decoyCounts } = PLANT_PARAMETERS.emergingNeed;
    expect(plant.need).toEqual(figure(plant.need.need));
    expect(plant.need).toMatchObject({ previous: need.previous, recent: need.recent, growth: 2.67 });
    expect(plant.need.recentCustomers).toHaveLength(need.recent);

    expect(plant.decoys.map((d) => d.kind)).toEqual(['noGrowth', 'fewCustomers', 'slowGrowth', 'withoutConsent']);
    const ids = [plant.need.need, ...plant.decoys.map((d) => d.need)];
    expect(new Set(ids).size).toBe(5);
    for (const decoy of plant.decoys) {
      const { kind, description, ...f } = decoy;
      expect(f).toEqual(figure(decoy.need));
      expect(description.length).toBeGreaterThan(20);
      expect(m.emergingNeed()).not.toContain(decoy.need);
      const { previous, recent } = decoyCounts[kind];
      if (kind === 'withoutConsent') {
        // Would be found if consent did not count: 6 customers, none before.
        expect(decoy).toMatchObject({ previous: 0, recent: 0, recentWithoutConsent: recent });
        expect(m.needPrevious.get(decoy.need)).toBeUndefined();
      } else {
        expect(decoy).toMatchObject({ previous, recent });
      }
    }
    const byKind = Object.fromEntries(plant.decoys.map((d) => [d.kind, d]));
    expect(byKind.noGrowth.recent).toBeGreaterThanOrEqual(5); // enough customers, no growth
    expect(byKind.fewCustomers.recent).toBeLessThan(5); // growing from none, too few
    expect(byKind.slowGrowth.recent / byKind.slowGrowth.previous).toBeLessThan(2); // enough customers, too little growth
    expect(byKind.slowGrowth.recent).toBeGreaterThan(byKind.slowGrowth.previous);
  });

  it('sentimentDecline: five consenting customers decline by 0.5 and more; the decoy customers are not found', () => {
    const plant = planted.manifest.planted.sentimentDecline!;
    const m = planted.miners;
    const figure = (customer: string, consentAnalytics: boolean) => {
      const s = m.sentimentOf(customer, planted.records);
      return {
        customer,
        consentAnalytics,
        baseline: { interactions: s.baseline, meanSentiment: round4(s.baselineSum / s.baseline) },
        recent: { interactions: s.recent, meanSentiment: round4(s.recentSum / s.recent) },
        decline: round4(s.baselineSum / s.baseline - s.recentSum / s.recent),
      };
    };
    expect(plant.customers).toHaveLength(5);
    for (const f of plant.customers) {
      expect(f).toEqual(figure(f.customer, true));
      expect(f.recent.interactions).toBeGreaterThanOrEqual(3);
      expect(f.baseline.interactions).toBeGreaterThanOrEqual(3);
      expect(f.decline).toBeGreaterThanOrEqual(0.7);
    }
    const kinds = plant.decoys.map((d) => d.kind);
    expect(kinds).toEqual([
      'constantlyLow',
      'constantlyLow',
      'smallDecline',
      'smallDecline',
      'tooFewRecent',
      'tooFewRecent',
      'withoutConsent',
      'withoutConsent',
    ]);
    const ids = [...plant.customers, ...plant.decoys].map((f) => f.customer);
    expect(new Set(ids).size).toBe(ids.length);
    for (const decoy of plant.decoys) {
      const { kind, description, ...f } = decoy;
      expect(f).toEqual(figure(decoy.customer, kind !== 'withoutConsent'));
      expect(description.length).toBeGreaterThan(20);
      expect(m.sentimentDecline()).not.toContain(decoy.customer);
      if (kind === 'constantlyLow') {
        expect(Math.abs(f.decline)).toBeLessThan(0.3);
        expect(f.baseline.meanSentiment).toBeLessThan(-0.4);
        expect(f.recent.meanSentiment).toBeLessThan(-0.4);
        expect(f.recent.interactions).toBeGreaterThanOrEqual(3);
      } else if (kind === 'smallDecline') {
        expect(f.decline).toBeGreaterThan(0.15);
        expect(f.decline).toBeLessThan(0.45);
        expect(f.recent.interactions).toBeGreaterThanOrEqual(3);
      } else if (kind === 'tooFewRecent') {
        expect(f.recent.interactions).toBe(2);
        expect(f.decline).toBeGreaterThanOrEqual(0.7);
      } else {
        expect(f.consentAnalytics).toBe(false);
        expect(f.recent.interactions).toBeGreaterThanOrEqual(3);
        expect(f.decline).toBeGreaterThanOrEqual(0.7);
      }
      expect(f.baseline.interactions).toBeGreaterThanOrEqual(3);
    }
  });

  it('touchpointQualityGap: one pair falls short of expected quality recently; the decoy pairs are not found', () => {
    const plant = planted.manifest.planted.touchpointQualityGap!;
    const m = planted.miners;
    const figure = (touchpoint: string, channel: string) => {
      const g = m.gap.get(`${touchpoint}/${channel}`)!;
      return {
        touchpoint,
        channel,
        recent: { interactions: g.recent, meanGap: round4(g.recentSum / g.recent) },
        previous: { interactions: g.previous, meanGap: round4(g.previousSum / g.previous) },
      };
    };
    const { description, asOf, decoys, ...gap } = plant;
    expect(asOf).toBe('2026-10-31T00:00:00Z');
    expect(description).toContain(`${gap.touchpoint} interactions through ${gap.channel}`);
    expect(gap).toEqual(figure(gap.touchpoint, gap.channel));
    expect(gap.recent.interactions).toBeGreaterThanOrEqual(20);
    expect(gap.recent.meanGap).toBeLessThanOrEqual(-1.5);
    expect(gap.previous.meanGap).toBeGreaterThan(-1);

    expect(decoys.map((d) => d.kind)).toEqual(['tooFewInteractions', 'beforeRecentWindow']);
    const pairs = [gap, ...decoys].map((q) => `${q.touchpoint}/${q.channel}`);
    expect(new Set(pairs).size).toBe(3);
    const [tooFew, before] = decoys;
    for (const decoy of decoys) {
      const { kind, description, ...f } = decoy;
      expect(f).toEqual(figure(decoy.touchpoint, decoy.channel));
      expect(m.touchpointGap()).not.toContain(`${decoy.touchpoint}/${decoy.channel}`);
    }
    expect(tooFew.recent.interactions).toBe(PLANT_PARAMETERS.touchpointQualityGap.decoyInteractions);
    expect(tooFew.recent.meanGap).toBeLessThanOrEqual(-1.5);
    expect(before.previous.interactions).toBeGreaterThanOrEqual(20);
    expect(before.previous.meanGap).toBeLessThanOrEqual(-1.5);
    expect(before.recent.meanGap).toBeGreaterThan(-1);
  });

  it('singleThreadedAccount: three high-value consenting customers are known by one employee; the decoys are not found', () => {
    const plant = planted.manifest.planted.singleThreadedAccount!;
    const m = planted.miners;
    const threshold = m.lifetimeValueThreshold();
    expect(plant.lifetimeValueThreshold).toBe(threshold);
    const customers = new Map(planted.records.filter((r): r is In<'customer'> => r.type === 'customer').map((c) => [c.externalId, c]));
    const figure = (customer: string) => ({
      customer,
      consentAnalytics: customers.get(customer)!.consentAnalytics ?? false,
      lifetimeValue: customers.get(customer)!.lifetimeValue ?? 0,
      knownBy: [...m.knownBy.get(customer)!].sort(),
      interactions: m.yearInteractions.get(customer) ?? 0,
    });
    expect(plant.customers).toHaveLength(3);
    for (const f of plant.customers) {
      expect(f).toEqual(figure(f.customer));
      expect(f.consentAnalytics).toBe(true);
      expect(f.lifetimeValue).toBeGreaterThanOrEqual(threshold);
      expect(f.knownBy).toHaveLength(1);
      expect(f.knownBy).toEqual(customers.get(f.customer)!.owners);
      expect(f.interactions).toBeGreaterThanOrEqual(3);
    }
    expect(plant.decoys.map((d) => d.kind)).toEqual([
      'lowValue',
      'lowValue',
      'secondOwner',
      'secondOwner',
      'secondHandler',
      'secondHandler',
      'withoutConsent',
      'withoutConsent',
    ]);
    for (const decoy of plant.decoys) {
      const { kind, description, ...f } = decoy;
      expect(f).toEqual(figure(decoy.customer));
      expect(m.singleThreaded()).not.toContain(decoy.customer);
      expect(f.interactions).toBeGreaterThanOrEqual(1);
      const owners = customers.get(decoy.customer)!.owners!;
      if (kind === 'lowValue') {
        expect(f).toMatchObject({ consentAnalytics: true });
        expect(f.knownBy).toHaveLength(1);
        expect(f.lifetimeValue).toBeLessThan(threshold);
      } else if (kind === 'withoutConsent') {
        expect(f).toMatchObject({ consentAnalytics: false });
        expect(f.knownBy).toHaveLength(1);
        expect(f.lifetimeValue).toBeGreaterThanOrEqual(threshold);
      } else {
        expect(f).toMatchObject({ consentAnalytics: true });
        expect(f.knownBy).toHaveLength(2);
        expect(f.lifetimeValue).toBeGreaterThanOrEqual(threshold);
        expect(owners).toHaveLength(kind === 'secondOwner' ? 2 : 1);
      }
    }
  });
});

describe('each plant alone', () => {
  it.each(MINER_PLANTS)('%s: its miner finds what it plants (the same ids as with every plant), the others nothing', (plant) => {
    const alone = run('small', [plant]);
    expect(Object.keys(alone.manifest.planted)).toEqual([plant]);
    expect(alone.miners.all()).toEqual(expected(alone.manifest));
    expect(expected(alone.manifest)).toEqual({ ...NOTHING, ...pick(expected(planted.manifest), plant) });
    // The same ids of what must and must not be found.
    const ids = (m: Manifest) => JSON.stringify(m.planted[plant], (k, v) => (typeof v === 'number' || k === 'description' ? undefined : v));
    expect(ids(alone.manifest)).toBe(ids(planted.manifest));
  });

  /** The miner a plant serves, with the manifest's expectation for it. */
  function pick(e: ReturnType<typeof expected>, plant: (typeof MINER_PLANTS)[number]) {
    const miner = {
      emergingNeed: 'emergingNeed',
      sentimentDecline: 'sentimentDecline',
      touchpointQualityGap: 'touchpointGap',
      singleThreadedAccount: 'singleThreaded',
    } as const;
    return { [miner[plant]]: e[miner[plant]] };
  }

  it('changes nothing but what it is about', () => {
    const recentFrom = WINDOW_END - 90 * DAY;
    const previousFrom = WINDOW_END - 180 * DAY;
    const baselineFrom = WINDOW_END - 455 * DAY;
    const knownFrom = WINDOW_END - 365 * DAY;
    const manifest = planted.manifest.planted;
    const declining = new Set([...manifest.sentimentDecline!.customers, ...manifest.sentimentDecline!.decoys].map((f) => f.customer));
    const threaded = new Set(
      [...manifest.singleThreadedAccount!.customers, ...manifest.singleThreadedAccount!.decoys].map((f) => f.customer),
    );
    const gap = manifest.touchpointQualityGap!;
    const pair = (q: { touchpoint: string; channel: string }) => `${q.touchpoint}/${q.channel}`;
    const [tooFew, before] = gap.decoys;
    const emerging = new Set([manifest.emergingNeed!.need, ...manifest.emergingNeed!.decoys].map((f) => f.need));
    const expresses = (r: ImportRecordInput | undefined) => r?.type === 'interaction' && (r.needs ?? []).some((n) => emerging.has(n));
    /** Per plant: which records may differ (r: with the plant, was: without), and in which fields. */
    const allowed: Record<(typeof MINER_PLANTS)[number], (r: ImportRecordInput, was: ImportRecordInput) => string[]> = {
      // Only interactions of the two windows that express one of its needs, with the plant or without.
      emergingNeed: (r, was) =>
        r.type === 'interaction' && Date.parse(r.occurredAt) >= previousFrom && (expresses(r) || expresses(was))
          ? ['needs', 'topics', 'summary', 'content']
          : [],
      sentimentDecline: (r) =>
        r.type === 'interaction' && declining.has(r.customer) && Date.parse(r.occurredAt) >= baselineFrom
          ? ['sentiment', 'perceivedQuality', 'summary', 'content']
          : r.type === 'insight'
            ? ['title', 'body'] // the wording follows the mood of the evidence
            : [],
      touchpointQualityGap: (r) => {
        if (r.type !== 'interaction') return [];
        const t = Date.parse(r.occurredAt);
        const at = pair(r);
        const touched =
          (t >= recentFrom && (at === pair(gap) || at === pair(tooFew))) || (t >= previousFrom && t < recentFrom && at === pair(before));
        return touched ? ['expectedQuality', 'perceivedQuality'] : [];
      },
      singleThreadedAccount: (r) =>
        r.type === 'customer' && threaded.has(r.externalId)
          ? ['owners']
          : r.type === 'interaction' && threaded.has(r.customer) && Date.parse(r.occurredAt) >= knownFrom
            ? ['handler']
            : [],
    };
    for (const plant of MINER_PLANTS) {
      const alone = run('small', [plant]);
      expect(alone.lines).toHaveLength(plain.lines.length);
      let changed = 0;
      alone.records.forEach((r, n) => {
        if (alone.lines[n] === plain.lines[n]) return;
        changed++;
        const before = plain.records[n] as Record<string, unknown>;
        const after = r as Record<string, unknown>;
        const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
          (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
        );
        const may = allowed[plant](r, plain.records[n]);
        for (const field of fields)
          expect(`${plant}: ${r.type} ${r.externalId}.${field}`).toBe(
            may.includes(field) ? `${plant}: ${r.type} ${r.externalId}.${field}` : 'unchanged',
          );
      });
      expect(changed).toBeGreaterThan(10);
    }
  });
});

describe('the 10k size with every plant on (seed 1)', () => {
  it('every miner finds exactly what the manifest plants', () => {
    const big = run('10k', ALL_PLANTS);
    const found = big.miners.all();
    expect(found).toEqual(expected(big.manifest));
    expect(found.sentimentDecline).toHaveLength(25);
    expect(found.singleThreaded).toHaveLength(10);
    const p = big.manifest.planted;
    for (const decoy of p.emergingNeed!.decoys) expect(found.emergingNeed).not.toContain(decoy.need);
    for (const decoy of p.sentimentDecline!.decoys) expect(found.sentimentDecline).not.toContain(decoy.customer);
    for (const decoy of p.touchpointQualityGap!.decoys) expect(found.touchpointGap).not.toContain(`${decoy.touchpoint}/${decoy.channel}`);
    for (const decoy of p.singleThreadedAccount!.decoys) expect(found.singleThreaded).not.toContain(decoy.customer);
    expect(p.touchpointQualityGap!.decoys[0].recent.interactions).toBe(12);
    expect(p.touchpointQualityGap!.decoys[1].previous.interactions).toBeGreaterThanOrEqual(20);
  });
});
