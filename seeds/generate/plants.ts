import { Rng, round2 } from './random';
import {
  CHANNELS,
  CHANNEL_MIX,
  CHANNEL_SENTIMENT,
  DAY,
  InteractionDraw,
  InteractionDrawer,
  TOUCHPOINTS,
  TOUCHPOINT_SENTIMENT,
  flatPerceivedQuality,
  perceivedQuality,
} from './draws';
import { Population } from './population';
import { MINER_DEFAULTS, PLANT_PARAMETERS } from './sizes';

/**
 * What the plants of the insight miners (emergingNeed, sentimentDecline, touchpointQualityGap,
 * singleThreadedAccount, nicheNeedPair) and the quiet-base rules act on, chosen before any record
 * is written:
 *
 * 1. A survey draws every interaction once (the draws that do not depend on plants, see
 *    draws.ts) and counts, per customer, interactions in the miners' windows and who handled
 *    those of the last year; per touchpoint and channel, the interactions of consenting
 *    customers in the recent and the previous window (and their drawn quality gaps); per need
 *    of the less popular half, the consenting customers who hold or express it as drawn.
 * 2. Plans choose from that, with their own random stream: the customers, needs, pairs and
 *    single interactions each plant changes (and its decoys), and the customers the quiet base
 *    gives a second owner (unless `quiet` is false). Every choice is made for every data set,
 *    whichever plants are on, so that ids do not depend on the plants asked for and switching a
 *    plant on changes only what the plant is about.
 */

/** Kinds of customers of the sentimentDecline plan (0: not chosen). */
export const DECLINE = { planted: 1, constantlyLow: 2, smallDecline: 3, tooFewRecent: 4, withoutConsent: 5, fewPointsNoise: 6 } as const;
export const DECLINE_KINDS = ['', 'planted', 'constantlyLow', 'smallDecline', 'tooFewRecent', 'withoutConsent', 'fewPointsNoise'] as const;
/** Kinds of customers of the singleThreadedAccount plan (0: not chosen). */
export const THREAD = { planted: 1, lowValue: 2, secondOwner: 3, secondHandler: 4, withoutConsent: 5, fewContacts: 6 } as const;
export const THREAD_KINDS = ['', 'planted', 'lowValue', 'secondOwner', 'secondHandler', 'withoutConsent', 'fewContacts'] as const;
/** The needs of the emergingNeed plan, by index into Plans.emergingNeeds. */
export const EMERGING_KINDS = ['need', 'noGrowth', 'fewCustomers', 'slowGrowth', 'withoutConsent', 'steadyNew'] as const;

/** Distinct customers the emergingNeed plant's need reaches in each window, for a data set of `customers` customers. */
export function emergingTargets(customers: number): { previous: number; recent: number } {
  const en = PLANT_PARAMETERS.emergingNeed;
  const recent = Math.max(en.need.recent, Math.round(customers * en.recentShare));
  return { recent, previous: Math.max(en.need.previous, Math.round(recent * en.previousShare)) };
}

/** Number of a touchpoint and channel pair (touchpoint × 8 + channel). */
export function pairOf(tp: number, ch: number): number {
  return tp * CHANNELS.length + ch;
}
export const PAIRS = TOUCHPOINTS.length * CHANNELS.length;

/** The pair of the touchpointSentimentDrop plant. */
export const DROP_PAIR = pairOf(
  TOUCHPOINTS.indexOf(PLANT_PARAMETERS.touchpointSentimentDrop.touchpoint),
  CHANNELS.indexOf(PLANT_PARAMETERS.touchpointSentimentDrop.channel),
);

/** Whether customer i has analytics consent. */
export function consents(p: Population, i: number): boolean {
  return (p.flags[i] & 8) !== 0;
}

/**
 * percentileDisc as Neo4j computes it: the value at 1-based rank ceil(percentile × n) of the
 * values in ascending order (the largest for percentile 1).
 */
export function percentileDisc(values: ArrayLike<number>, percentile: number): number {
  const sorted = Float64Array.from(values).sort();
  if (!sorted.length) return 0;
  if (percentile >= 1 || sorted.length === 1) return sorted[sorted.length - 1];
  const at = percentile * sorted.length;
  let i = Math.floor(at);
  if (at === i && i > 0) i--;
  return sorted[i];
}

/** Counts of the interactions as drawn (before any plant or quiet-base rule). */
export class Survey {
  /** Per customer: interactions in the recent, previous, baseline window and the last year. */
  readonly recent: Int32Array;
  /** Per customer: interactions in the recent window drawn with a sentiment. */
  readonly recentSentiments: Int32Array;
  readonly previous: Int32Array;
  readonly baseline: Int32Array;
  readonly year: Int32Array;
  /** Per customer: 1 if an interaction of the last year was handled by someone but owner1. */
  readonly yearOtherHandler: Uint8Array;
  /** Per customer: 1 if the touchpointSentimentDrop plant would change one of its interactions in the baseline or recent window. */
  readonly dropLine: Uint8Array;
  /** Per customer: sum of the drawn sentiments of its baseline-window interactions (with or without one). */
  readonly baselineSentiment: Float64Array;
  /** Per customer: the drawn sentiments of its baseline-window interactions that carry one (sum, count). */
  readonly baselineDrawnSum: Float64Array;
  readonly baselineDrawnCount: Int32Array;
  /**
   * The quiet base's recent sentiments: for each interaction of the recent window (recentX
   * order) its drawn sentiment, raised where the quiet base holds a consenting customer back
   * from a decline (see `quietSentiments`); and per customer their sum and count (of those that
   * carry a sentiment). Computed from the draws alone, so the same whichever plants are on.
   */
  readonly recentQuiet: number[] = [];
  readonly recentQuietSum: Float64Array;
  /** Per pair: interactions of consenting customers in the recent and in the previous window. */
  readonly pairRecent = new Int32Array(PAIRS);
  readonly pairPrevious = new Int32Array(PAIRS);
  /** Interaction numbers and customers of the recent and of the previous window, in file order. */
  readonly recentX: number[] = [];
  readonly recentC: number[] = [];
  readonly previousX: number[] = [];
  readonly previousC: number[] = [];
  /** Drawn needs (0-2) of the recent and the previous window's interactions. */
  readonly recentNeedCount: number[] = [];
  readonly previousNeedCount: number[] = [];
  /** Times of the recent and of the previous window's interactions. */
  readonly recentT: number[] = [];
  readonly previousT: number[] = [];
  /** Per pair: interactions of consenting customers in the recent window drawn with qualities, and the sum of their drawn gaps. */
  readonly pairRecentQuality = new Int32Array(PAIRS);
  /** The same per touchpoint (all channels). */
  readonly touchpointRecentQuality = new Int32Array(TOUCHPOINTS.length);
  readonly pairRecentGapSum = new Float64Array(PAIRS);
  /** The same sum with every gap raised to at least min(1, 5 − expected) (the touchpointQualityGap plant's other channels, see Plans). */
  readonly pairRecentMetSum = new Float64Array(PAIRS);
  /**
   * Per need of the less popular half: consenting customers who hold it (drawn holdings) or
   * express it as drawn (with the drawn holdings, before any plant or quiet-base rule: at least
   * as many as in any data set). 0 for the other needs.
   */
  readonly needReach: Int32Array;
  /** Per customer and need (need × customers + customer): expressed as drawn or held (drawn holdings). */
  readonly reached = new Set<number>();

  /** `flat`: the draws of the flat background (GenerateOptions.flat, see InteractionDrawer and the stream). */
  constructor(p: Population, total: number, rng: Rng, quiet = true, flat = false) {
    const n = p.customers;
    this.recent = new Int32Array(n);
    this.recentSentiments = new Int32Array(n);
    this.previous = new Int32Array(n);
    this.baseline = new Int32Array(n);
    this.year = new Int32Array(n);
    this.yearOtherHandler = new Uint8Array(n);
    this.dropLine = new Uint8Array(n);
    this.baselineSentiment = new Float64Array(n);
    this.baselineDrawnSum = new Float64Array(n);
    this.baselineDrawnCount = new Int32Array(n);
    this.recentQuietSum = new Float64Array(n);
    const recentHas: boolean[] = [];
    const { recentFrom, previousFrom, baselineFrom, knownFrom } = MINER_DEFAULTS;
    const dropFrom = Math.max(PLANT_PARAMETERS.touchpointSentimentDrop.from, baselineFrom);
    const drawer = new InteractionDrawer(p, total, rng, flat);
    const d = new InteractionDraw();
    this.needReach = new Int32Array(p.needs);
    const rare = Math.floor(p.needs / 2);
    const reach = (need: number, c: number) => {
      if (p.needRank[need] < rare) return; // only the less popular half is ever a niche need
      const key = need * n + c;
      if (this.reached.has(key)) return;
      this.reached.add(key);
      if (consents(p, c)) this.needReach[need]++;
    };
    for (let c = 0; c < n; c++) for (let h = p.holdStart[c]; h < p.holdStart[c + 1]; h++) if (!p.holdPlanted[h]) reach(p.holdNeed[h], c);
    const activeHeld: number[] = [];
    for (let x = 0; x < total; x++) {
      drawer.next(x, d);
      const { t, c } = d;
      const pair = pairOf(d.tp, d.ch);
      if (d.needCount) {
        // The needs as the stream draws them from the drawn holdings (see stream.ts).
        activeHeld.length = 0;
        for (let h = p.holdStart[c]; h < p.holdStart[c + 1]; h++)
          if (!p.holdPlanted[h] && (flat || p.holdSince[h] <= t)) activeHeld.push(p.holdNeed[h]);
        for (let k = 0; k < d.needCount; k++) {
          const r2 = d.needR2[k];
          reach(activeHeld.length && d.needR1[k] < 0.8 ? activeHeld[Math.floor(r2 * activeHeld.length)] : p.needPopularity.at(r2), c);
        }
      }
      if (t >= knownFrom) {
        this.year[c]++;
        if (d.handler !== p.owner1[c]) this.yearOtherHandler[c] = 1;
      }
      if (pair === DROP_PAIR && t >= dropFrom) this.dropLine[c] = 1;
      if (t >= recentFrom) {
        this.recent[c]++;
        if (d.hasSentiment) this.recentSentiments[c]++;
        this.recentX.push(x);
        this.recentC.push(c);
        this.recentNeedCount.push(d.needCount);
        this.recentT.push(t);
        this.recentQuiet.push(d.sentiment);
        recentHas.push(d.hasSentiment);
        if (consents(p, c)) {
          this.pairRecent[pair]++;
          if (d.hasQuality) {
            this.pairRecentQuality[pair]++;
            this.touchpointRecentQuality[d.tp]++;
            const perceived = flat
              ? flatPerceivedQuality(d.expected, d.perceivedNoise)
              : perceivedQuality(d.expected, d.sentiment, d.perceivedNoise);
            const gap = perceived - d.expected;
            this.pairRecentGapSum[pair] += gap;
            this.pairRecentMetSum[pair] += Math.max(gap, exceeded(d.expected) - d.expected);
          }
        }
      } else if (t >= baselineFrom) {
        this.baseline[c]++;
        this.baselineSentiment[c] += d.sentiment;
        if (d.hasSentiment) {
          this.baselineDrawnSum[c] += d.sentiment;
          this.baselineDrawnCount[c]++;
        }
        if (t >= previousFrom) {
          this.previous[c]++;
          this.previousX.push(x);
          this.previousC.push(c);
          this.previousNeedCount.push(d.needCount);
          this.previousT.push(t);
          if (consents(p, c)) this.pairPrevious[pair]++;
        }
      }
    }
    if (quiet) this.quietSentiments(p, recentHas);
  }

  /**
   * The quiet base's rule for sentimentDecline, on the draws: a consenting customer with at
   * least 3 baseline sentiments ends the recent window with a mean less than QUIET_DECLINE below
   * its baseline mean. With K its recent sentiments, the running sum after the k-th stays at or
   * above F·k − slack·(K − k), F the lowest mean allowed: only customers on the way to a decline
   * are held, near the end, by at most F + slack per interaction.
   */
  private quietSentiments(p: Population, has: boolean[]): void {
    const seen = new Int32Array(p.customers);
    for (let i = 0; i < this.recentX.length; i++) {
      if (!has[i]) continue;
      const c = this.recentC[i];
      let v = this.recentQuiet[i];
      if (consents(p, c) && this.baselineDrawnCount[c] >= MINER_DEFAULTS.sentimentDecline.minInteractions) {
        const k = seen[c] + 1;
        const F = this.baselineDrawnSum[c] / this.baselineDrawnCount[c] - QUIET_DECLINE;
        const slack = Math.min(Math.max(1 - F, 0), 0.5);
        const least = ceil2(F * k - slack * (this.recentSentiments[c] - k) - this.recentQuietSum[c]);
        if (v < least) v = Math.min(1, least);
      }
      this.recentQuiet[i] = v;
      this.recentQuietSum[c] += v;
      seen[c]++;
    }
  }
}

/** The perceived quality at least of the interactions that exceed expectations by the touchpointQualityGap plant (see Plans). */
export function exceeded(expected: number): number {
  return Math.min(5, expected + 1);
}

/** The quiet base's margin for sentimentDecline: recent means end less than this below the baseline mean. */
export const QUIET_DECLINE = MINER_DEFAULTS.sentimentDecline.minDecline - 0.05;

/** `x` rounded up to 2 decimals (as a clean 2-decimal number). */
export function ceil2(x: number): number {
  return Math.ceil(x * 100 - 1e-6) / 100;
}

/** The choices of the plants and of the quiet base (see the file comment). */
export class Plans {
  // ---- quiet base
  /** A second owner (on the record only) for consenting high-value customers the draws leave known by one employee; -1: none. */
  readonly coOwner: Int32Array;

  // ---- singleThreadedAccount
  /** Kind of each customer (THREAD; 0: not chosen). */
  readonly threadKind: Uint8Array;
  /** The second employee of secondOwner and secondHandler decoys. */
  readonly threadOther: Int32Array;
  /** percentileDisc(0.8) of consenting customers' lifetime values. */
  readonly lifetimeValueThreshold: number;

  // ---- sentimentDecline
  /** Kind of each customer (DECLINE; 0: not chosen). */
  readonly declineKind: Uint8Array;

  // ---- emergingNeed
  /** The needs, in EMERGING_KINDS order. */
  readonly emergingNeeds: number[] = [];
  /** Index into emergingNeeds of each need (-1: none). */
  readonly emergingIndex: Int8Array;
  /** Interaction number → index into emergingNeeds of the need it expresses. */
  readonly emergingAt = new Map<number, number>();

  // ---- touchpointQualityGap
  readonly gapPair: number;
  readonly tooFewPair: number;
  readonly beforePair: number;
  /** The splitGap touchpoint (an index into TOUCHPOINTS). */
  readonly splitTouchpoint: number;

  // ---- nicheNeedPair
  /** The needs C and D. */
  readonly nicheNeeds: [number, number];
  /** The customers who hold both (in customer order), and the intensity of their holdings. */
  readonly nicheCustomers: number[] = [];
  readonly nicheIntensity: number[] = [];

  constructor(p: Population, s: Survey, rng: Rng, quiet = true) {
    const n = p.customers;
    const consenting: number[] = [];
    for (let i = 0; i < n; i++) if (consents(p, i)) consenting.push(i);
    const values = consenting.map((i) => p.lifetimeValue[i]);
    this.lifetimeValueThreshold = percentileDisc(values, MINER_DEFAULTS.singleThreaded.percentile);
    const high = percentileDisc(values, 0.85); // clearly above the threshold
    const quietFrom = percentileDisc(values, 0.75); // the quiet base keeps a margin below it
    const median = percentileDisc(values, 0.5);
    const taken = new Uint8Array(n);
    const choose = (kinds: Uint8Array, kind: number, count: number, eligible: (i: number) => boolean) => {
      const pool: number[] = [];
      for (let i = 0; i < n; i++) if (!taken[i] && eligible(i)) pool.push(i);
      const order = rng.permutation(pool.length);
      for (let j = 0; j < pool.length && j < count; j++) {
        const i = pool[order[j]];
        taken[i] = 1;
        kinds[i] = kind;
      }
    };
    const nextOwner = (i: number) => p.ownerPool[(p.ownerPool.indexOf(p.owner1[i]) + 1) % p.ownerPool.length];

    // ------------------------------------------------------------------ singleThreadedAccount
    // Planted: enough interactions in the year that all of them going to one employee is no chance.
    const st = PLANT_PARAMETERS.singleThreadedAccount;
    this.threadKind = new Uint8Array(n);
    this.threadOther = new Int32Array(n).fill(-1);
    const stCount = Math.max(st.minCustomers, Math.round(n * st.customerShare));
    const ltv = p.lifetimeValue;
    choose(this.threadKind, THREAD.planted, stCount, (i) => consents(p, i) && ltv[i] >= high && s.year[i] >= st.minInteractions);
    // (Few customers of small data sets qualify for fewContacts: chosen right after the planted ones.)
    choose(
      this.threadKind,
      THREAD.fewContacts,
      st.decoysPerKind,
      (i) => consents(p, i) && ltv[i] > this.lifetimeValueThreshold && s.year[i] >= 1 && s.year[i] <= st.fewContacts,
    );
    choose(this.threadKind, THREAD.lowValue, st.decoysPerKind, (i) => consents(p, i) && ltv[i] > 0 && ltv[i] <= median && s.year[i] >= 1);
    choose(this.threadKind, THREAD.secondOwner, st.decoysPerKind, (i) => consents(p, i) && ltv[i] >= high && s.year[i] >= 1);
    choose(this.threadKind, THREAD.secondHandler, st.decoysPerKind, (i) => consents(p, i) && ltv[i] >= high && s.year[i] >= 2);
    choose(this.threadKind, THREAD.withoutConsent, st.decoysPerKind, (i) => !consents(p, i) && ltv[i] >= high && s.year[i] >= 1);
    const support = p.byRole[2];
    for (let i = 0; i < n; i++) {
      if (this.threadKind[i] === THREAD.secondOwner) this.threadOther[i] = nextOwner(i);
      if (this.threadKind[i] === THREAD.secondHandler) this.threadOther[i] = support.length ? support[i % support.length] : nextOwner(i);
    }

    // The quiet base: consenting customers near or above the threshold whom the draws leave
    // known by their one owner only (mostly churned accounts without interactions in the last
    // year) get a second owner on the record.
    this.coOwner = new Int32Array(n).fill(-1);
    for (const i of consenting) {
      if (quiet && ltv[i] >= quietFrom && p.owner2[i] < 0 && !s.yearOtherHandler[i] && p.ownerPool.length > 1)
        this.coOwner[i] = nextOwner(i);
    }

    // ------------------------------------------------------------------ sentimentDecline
    const sd = PLANT_PARAMETERS.sentimentDecline;
    this.declineKind = new Uint8Array(n);
    const sdCount = Math.max(sd.minCustomers, Math.round(n * sd.customerShare));
    // Baselines not so low that a decline is cut off at -1, and no interaction the
    // touchpointSentimentDrop plant changes in the two windows (the plants stay independent).
    const steady = (i: number) => !s.dropLine[i] && s.baseline[i] >= 3 && s.baselineSentiment[i] / s.baseline[i] >= -0.3;
    // Planted: many points in both windows (all given a sentiment), so that the decline is clear
    // among thousands of customers, from a baseline that leaves room for it above -1.
    // (On small data sets few customers have that many: the rest are made of those with at least
    // `fewerBaseline` and `fewerRecent`.)
    const declining = (baseline: number, recent: number) => (i: number) =>
      consents(p, i) && steady(i) && s.baseline[i] >= baseline && s.recent[i] >= recent && s.baselineSentiment[i] / s.baseline[i] >= -0.1;
    choose(this.declineKind, DECLINE.planted, sdCount, declining(sd.minBaseline, sd.minRecent));
    const chosen = this.declineKind.reduce((a, k) => a + (k === DECLINE.planted ? 1 : 0), 0);
    choose(this.declineKind, DECLINE.planted, sdCount - chosen, declining(sd.fewerBaseline, sd.fewerRecent));
    choose(this.declineKind, DECLINE.constantlyLow, sd.decoysPerKind, (i) => consents(p, i) && steady(i) && s.recent[i] >= 3);
    choose(this.declineKind, DECLINE.smallDecline, sd.decoysPerKind, (i) => consents(p, i) && steady(i) && s.recent[i] >= 3);
    choose(this.declineKind, DECLINE.tooFewRecent, sd.decoysPerKind, (i) => consents(p, i) && steady(i) && s.recent[i] >= 2);
    choose(this.declineKind, DECLINE.withoutConsent, sd.decoysPerKind, (i) => !consents(p, i) && steady(i) && s.recent[i] >= 3);
    choose(this.declineKind, DECLINE.fewPointsNoise, sd.decoysPerKind, (i) => consents(p, i) && steady(i) && s.recent[i] >= 3);

    // ------------------------------------------------------------------ emergingNeed
    // Needs of the less popular half (so the plant, not the base, makes their figures), then per
    // window single interactions of distinct customers to express them, each the one nearest to
    // a target time (see PLANT_PARAMETERS.emergingNeed).
    const m = p.needs;
    this.emergingIndex = new Int8Array(m).fill(-1);
    const candidates: number[] = [];
    for (let k = 0; k < m; k++) {
      if (p.needRank[k] >= Math.floor(m / 2) && k !== p.plantNeedA && k !== p.plantNeedB && k !== p.plantNeedX) candidates.push(k);
    }
    const needOrder = rng.permutation(candidates.length);
    for (let j = 0; j < EMERGING_KINDS.length && j < candidates.length; j++) {
      const k = candidates[needOrder[j]];
      this.emergingNeeds.push(k);
      this.emergingIndex[k] = j;
    }
    const en = PLANT_PARAMETERS.emergingNeed;
    const targets = [
      emergingTargets(n),
      en.decoys.noGrowth,
      en.decoys.fewCustomers,
      en.decoys.slowGrowth,
      en.decoys.withoutConsent,
      en.decoys.steadyNew,
    ];
    const { recentFrom, previousFrom, asOf } = MINER_DEFAULTS;
    // Only interactions drawn with at most one need, so that the plant's need comes on top and
    // never takes another need's place.
    const earlier = this.emergingNeeds.map(() => new Set<number>()); // customers of the previous window, per need
    const place = (xs: number[], ts: number[], cs: number[], needCounts: number[], window: 'previous' | 'recent') => {
      const used = new Set<number>(); // customers of this window (one need each)
      const taken = new Uint8Array(xs.length);
      this.emergingNeeds.forEach((_, j) => {
        const kind = EMERGING_KINDS[j];
        const wantConsent = kind !== 'withoutConsent';
        const count = targets[j][window];
        const from = window === 'recent' ? (kind === 'steadyNew' ? asOf - en.steadyNewDays * DAY : recentFrom) : previousFrom;
        const to = window === 'recent' ? asOf : recentFrom;
        const ok = (o: number) =>
          !taken[o] &&
          ts[o] >= from &&
          ts[o] < to &&
          !used.has(cs[o]) &&
          !earlier[j].has(cs[o]) &&
          needCounts[o] <= 1 &&
          !p.cooccurrenceGroup[cs[o]] &&
          consents(p, cs[o]) === wantConsent;
        for (let q = 0; q < count; q++) {
          const u = (q + 0.5) / count;
          const target = from + (to - from) * (kind === 'need' && window === 'recent' ? Math.sqrt(u) : u);
          // The eligible interaction nearest to the target time.
          let at = lowerBound(ts, target);
          let best = -1;
          for (let lo = at - 1, hi = at; lo >= 0 || hi < ts.length; lo--, hi++) {
            const loOk = lo >= 0 && ok(lo);
            const hiOk = hi < ts.length && ok(hi);
            if (loOk && (!hiOk || target - ts[lo] <= ts[hi] - target)) best = lo;
            else if (hiOk) best = hi;
            if (best >= 0) break;
          }
          if (best < 0) break;
          at = best;
          taken[at] = 1;
          used.add(cs[at]);
          if (window === 'previous') earlier[j].add(cs[at]);
          this.emergingAt.set(xs[at], j);
        }
      });
    };
    place(s.previousX, s.previousT, s.previousC, s.previousNeedCount, 'previous');
    place(s.recentX, s.recentT, s.recentC, s.recentNeedCount, 'recent');

    // ------------------------------------------------------------------ touchpointQualityGap
    // Pairs that are not low by nature (nor the touchpointSentimentDrop pair): the one with the
    // most recent interactions gets the gap, among those whose touchpoint overall stays clear of
    // the miner's mean gap (above −0.85 as drawn, with the gap planted and the touchpoint's other
    // channels exceeding expectations by about 1: the plant makes them so, so that the gap is the
    // channel's alone, not the touchpoint's); the smallest one of another touchpoint with enough
    // recent interactions gets it on too few (its touchpoint, too, clear of the mean gap, its
    // other channels exceeding expectations); the one with the most in the previous window gets
    // it there only.
    const eligible: number[] = [];
    TOUCHPOINTS.forEach((_, tp) =>
      CHANNELS.forEach((__, ch) => {
        const pair = pairOf(tp, ch);
        if (CHANNEL_MIX[tp][ch] > 0 && TOUCHPOINT_SENTIMENT[tp] + CHANNEL_SENTIMENT[ch] >= -0.15 && pair !== DROP_PAIR) eligible.push(pair);
      }),
    );
    const gap = PLANT_PARAMETERS.touchpointQualityGap;
    const touchpointOf = (pair: number) => Math.floor(pair / CHANNELS.length);
    /** The mean gap of the pair's touchpoint in the recent window (as drawn) if `count` of the pair's interactions fell short by the plant's gap. */
    const overallWith = (pair: number, count: number) => {
      const tp = touchpointOf(pair);
      let sum = count * gap.gap;
      let total = count;
      for (let ch = 0; ch < CHANNELS.length; ch++) {
        const q = pairOf(tp, ch);
        if (q === pair) continue;
        sum += s.pairRecentMetSum[q];
        total += s.pairRecentQuality[q];
      }
      return total ? sum / total : 0;
    };
    const clear = MINER_DEFAULTS.touchpointGap.maxMeanGap + 0.15;
    const best = (pairs: number[], by: Int32Array) => pairs.reduce((a, b) => (by[b] > by[a] ? b : a));
    const clearGap = eligible.filter((q) => overallWith(q, s.pairRecent[q]) > clear);
    this.gapPair = best(clearGap.length ? clearGap : eligible, s.pairRecent);
    const rest = eligible.filter((q) => touchpointOf(q) !== touchpointOf(this.gapPair));
    const enough = rest.filter((q) => s.pairRecent[q] >= gap.decoyInteractions && overallWith(q, gap.decoyInteractions) > clear);
    this.tooFewPair = enough.length
      ? enough.reduce((a, b) => (s.pairRecent[b] < s.pairRecent[a] ? b : a))
      : rest.reduce((a, b) => (overallWith(b, gap.decoyInteractions) > overallWith(a, gap.decoyInteractions) ? b : a));
    // (Any pair of the planted pair's touchpoint will do: its recent interactions exceed expectations.)
    const gapTouchpointPairs = CHANNELS.map((_, ch) => pairOf(touchpointOf(this.gapPair), ch)).filter(
      (q) => CHANNEL_MIX[touchpointOf(q)][q % CHANNELS.length] > 0 && q !== DROP_PAIR && !eligible.includes(q),
    );
    this.beforePair = best(
      [...eligible, ...gapTouchpointPairs].filter((q) => q !== this.gapPair && q !== this.tooFewPair),
      s.pairPrevious,
    );
    // splitGap: a touchpoint of none of those pairs (nor the drop's), not low by nature, with
    // enough recent interactions carrying qualities, spread so thin over its channels that the
    // busiest channel has the fewest (below the miner's 20 per channel on small data sets).
    const busy = new Set([this.gapPair, this.beforePair, this.tooFewPair, DROP_PAIR].map(touchpointOf));
    const split = TOUCHPOINTS.map((_, tp) => {
      let total = 0;
      let most = 0;
      for (let ch = 0; ch < CHANNELS.length; ch++) {
        total += s.pairRecentQuality[pairOf(tp, ch)];
        most = Math.max(most, s.pairRecentQuality[pairOf(tp, ch)]);
      }
      return { tp, total, most };
    }).filter((x) => !busy.has(x.tp) && TOUCHPOINT_SENTIMENT[x.tp] >= -0.15);
    const big = split.filter((x) => x.total >= gap.splitGapMinInteractions);
    this.splitTouchpoint = (big.length ? big : split).reduce((a, b) =>
      big.length ? (b.most < a.most || (b.most === a.most && b.total > a.total) ? b : a) : b.total > a.total ? b : a,
    ).tp;

    // ------------------------------------------------------------------ nicheNeedPair
    // The two needs the fewest consenting customers hold or express (as drawn), apart from the
    // other plants' needs; enough customers hold both that either rule's confidence is ≥ 2/3.
    const niche = candidates
      .filter((k) => this.emergingIndex[k] < 0)
      .sort((a, b) => s.needReach[a] - s.needReach[b] || p.needRank[b] - p.needRank[a]);
    this.nicheNeeds = [niche[0], niche[1]];
    const others = Math.max(s.needReach[niche[0]], s.needReach[niche[1]]);
    const nicheCount = Math.max(PLANT_PARAMETERS.nicheNeedPair.customers, 2 * others);
    const pool = consenting.filter((c) => !this.nicheNeeds.some((k) => s.reached.has(k * n + c)));
    const order = rng.permutation(pool.length);
    for (let j = 0; j < nicheCount && j < pool.length; j++) this.nicheCustomers.push(pool[order[j]]);
    this.nicheCustomers.sort((a, b) => a - b);
    for (let j = 0; j < this.nicheCustomers.length; j++) this.nicheIntensity.push(round2(rng.between(0.7, 1)));
  }
}

/** The first index of a sorted list whose value is at least `x` (the list's length if none). */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
