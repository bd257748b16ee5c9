import { Channel, Touchpoint } from '../../src/modules/interaction/interaction.type';
import { Rng, clamp, round2 } from './random';
import { PROSPECT, Population, toSecond } from './population';
import { WINDOW_END, WINDOW_START } from './sizes';

/**
 * The random draws of the interactions, apart from what is made of them: when, with whom, where,
 * through which channel, who handled it, the base sentiment and quality, and the uniform numbers
 * that later choose needs, topics and words. They come from the interactions' own stream in a
 * fixed order and do not depend on the plants, so the generator can draw them twice: once in a
 * survey before any record is written (plants and the quiet-base rules choose from it) and once
 * while streaming the records.
 */

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export const TOUCHPOINTS = [
  Touchpoint.SALES,
  Touchpoint.ONBOARDING,
  Touchpoint.SUPPORT,
  Touchpoint.BILLING,
  Touchpoint.PRODUCT,
  Touchpoint.RENEWAL,
  Touchpoint.EVENT,
  Touchpoint.FEEDBACK,
] as const;
const [SALES, ONBOARDING, SUPPORT, BILLING, PRODUCT, RENEWAL, EVENT, FEEDBACK] = [0, 1, 2, 3, 4, 5, 6, 7];

export const CHANNELS = [
  Channel.EMAIL,
  Channel.PHONE,
  Channel.CHAT,
  Channel.MEETING,
  Channel.VIDEO_CALL,
  Channel.SOCIAL,
  Channel.WEB,
  Channel.SURVEY,
] as const;

/** Touchpoint mix by lifecycle stage (weights in TOUCHPOINTS order). */
const TOUCHPOINT_MIX: readonly (readonly number[])[] = [
  /* PROSPECT */ [60, 0, 5, 0, 10, 0, 15, 10],
  /* ACTIVE   */ [8, 7, 30, 10, 12, 8, 7, 18],
  /* AT_RISK  */ [4, 4, 38, 16, 8, 12, 3, 15],
  /* CHURNED  */ [4, 3, 38, 18, 6, 14, 2, 15],
];
/** Touchpoint mix in the first 90 days of a customer created within the window. */
const ONBOARDING_MIX = [5, 50, 20, 5, 5, 0, 5, 10];

/** Channel mix by touchpoint (weights in CHANNELS order). */
export const CHANNEL_MIX: readonly (readonly number[])[] = [
  /* SALES      */ [30, 20, 0, 25, 25, 0, 0, 0],
  /* ONBOARDING */ [15, 0, 35, 20, 30, 0, 0, 0],
  /* SUPPORT    */ [25, 30, 40, 0, 0, 5, 0, 0],
  /* BILLING    */ [55, 30, 15, 0, 0, 0, 0, 0],
  /* PRODUCT    */ [30, 0, 0, 15, 25, 0, 30, 0],
  /* RENEWAL    */ [20, 15, 0, 35, 30, 0, 0, 0],
  /* EVENT      */ [0, 0, 0, 70, 20, 10, 0, 0],
  /* FEEDBACK   */ [10, 0, 0, 0, 0, 15, 20, 55],
];

/** Share of inbound contacts by touchpoint. */
const INBOUND = [0.3, 0.35, 0.92, 0.75, 0.5, 0.25, 0.4, 0.85];
/** Mean sentiment by touchpoint, and the offset of each channel. */
export const TOUCHPOINT_SENTIMENT = [0.35, 0.4, -0.22, -0.3, 0.12, 0.1, 0.45, 0.02];
export const CHANNEL_SENTIMENT = [0, -0.12, 0.1, 0.1, 0.05, -0.2, 0, -0.02];

/** Distributions of small counts: needs per interaction (0-2), topics (0-3). */
const NEEDS_PER_INTERACTION = [50, 36, 14];
const TOPICS_PER_INTERACTION = [25, 40, 25, 10];

/**
 * Calendar of the window: per day its start, cumulative weight and month number. `flat`: no
 * growth of the contact volume over the window (weekends and the August and December dips stay).
 */
function calendar(flat = false): { days: number; start: Float64Array; cumulative: Float64Array; month: Int32Array } {
  const days = Math.round((WINDOW_END - WINDOW_START) / DAY);
  const start = new Float64Array(days);
  const cumulative = new Float64Array(days + 1);
  const month = new Int32Array(days);
  for (let d = 0; d < days; d++) {
    const t = WINDOW_START + d * DAY;
    const date = new Date(t);
    const weekday = date.getUTCDay();
    const m = date.getUTCMonth();
    // More contact as the customer base grows, little at weekends, a dip in August and December.
    const weight = (flat ? 1 : 1 + (0.6 * d) / days) * (weekday === 0 || weekday === 6 ? 0.15 : 1) * (m === 7 ? 0.8 : m === 11 ? 0.75 : 1);
    start[d] = t;
    cumulative[d + 1] = (cumulative[d] as number) + weight;
    month[d] = date.getUTCFullYear() * 12 + m;
  }
  return { days, start, cumulative, month };
}

/** The draws of one interaction (a reused holder: `InteractionDrawer.next` overwrites it). */
export class InteractionDraw {
  /** When (ms, whole seconds) and the month number of that day. */
  t = 0;
  month = 0;
  /** Customer, touchpoint and channel numbers; inbound or not; the employee who handled it. */
  c = 0;
  tp = 0;
  ch = 0;
  inbound = false;
  handler = 0;
  /** The base sentiment (2 decimals) and whether the interaction carries one. */
  sentiment = 0;
  hasSentiment = false;
  /** Whether it carries qualities; the expected quality; the noise of the perceived quality. */
  hasQuality = false;
  expected = 0;
  perceivedNoise = 0;
  /** Needs expressed: how many draws, and two uniforms per draw. */
  needCount = 0;
  readonly needR1 = [0, 0];
  readonly needR2 = [0, 0];
  /** Topics: how many draws, one uniform per draw. */
  topicCount = 0;
  readonly topicR = [0, 0, 0];
  /** Uniforms for the words. */
  subjectDraw = 0;
  summaryDraw = 0;
  contentDraw = 0;
  contactDraw = 0;
}

/** Who handled an interaction with customer c at touchpoint tp (r1, r2: uniform draws). */
export function handlerOf(p: Population, c: number, tp: number, r1: number, r2: number): number {
  const [am, cs, support, analyst, pm, exec] = p.byRole;
  const owner = p.owner2[c] >= 0 && r2 < 0.3 ? p.owner2[c] : p.owner1[c];
  const any = (pool: number[]) => pool[Math.floor(r2 * pool.length)];
  switch (tp) {
    case SALES:
    case RENEWAL:
      return r1 < 0.75 ? owner : any(am);
    case ONBOARDING:
      return r1 < 0.5 ? owner : any(cs);
    case SUPPORT:
      return any(support);
    case BILLING:
      return r1 < 0.6 ? any(support) : owner;
    case PRODUCT:
      return r1 < 0.6 ? any(pm) : owner;
    case EVENT:
      return r1 < 0.5 ? owner : r1 < 0.8 ? any(pm) : any(exec);
    case FEEDBACK:
    default:
      return r1 < 0.4 ? any(analyst) : r1 < 0.7 ? any(cs) : any(support);
  }
}

/**
 * Draws the interactions of a data set one after another, in file order: the x-th of `total`
 * lands at the x-th point of the calendar's weights (chronological without sorting). `flat`
 * (GenerateOptions.flat): no systematic effects, with the same random numbers drawn in the same
 * order: no growth of the contact volume over time, no touchpoint or channel sentiment offsets
 * (a customer's sentiment is their own constant level plus noise).
 */
export class InteractionDrawer {
  private readonly cal: ReturnType<typeof calendar>;
  private readonly grand: number;
  private day = 0;

  constructor(
    private readonly pop: Population,
    private readonly total: number,
    private readonly rng: Rng,
    private readonly flat = false,
  ) {
    this.cal = calendar(flat);
    this.grand = this.cal.cumulative[this.cal.days];
  }

  /** Draws interaction number x (call with x = 0, 1, 2, ... in order) into `d`. */
  next(x: number, d: InteractionDraw): void {
    const { pop: p, rng, cal } = this;
    const n = p.customers;
    // When: within a day between 07:00 and 19:00.
    const y = ((x + rng.next()) / this.total) * this.grand;
    while (this.day < cal.days - 1 && cal.cumulative[this.day + 1] <= y) this.day++;
    const day = this.day;
    const within = (y - cal.cumulative[day]) / (cal.cumulative[day + 1] - cal.cumulative[day]);
    const t = toSecond(cal.start[day] + 7 * HOUR + within * 12 * HOUR);
    d.t = t;
    d.month = cal.month[day];

    // Who: by activity weight, among the customers active at that time.
    let c = p.activity.draw(rng);
    for (let tries = 0; tries < 64 && (p.activeFrom[c] > t || p.activeTo[c] < t); tries++) c = p.activity.draw(rng);
    if (p.activeFrom[c] > t || p.activeTo[c] < t) {
      for (let k = 1; k < n; k++) {
        const other = (c + k) % n;
        if (p.activeFrom[other] <= t && p.activeTo[other] >= t) {
          c = other;
          break;
        }
      }
    }
    d.c = c;
    const stage = p.stage[c];
    const onboarding = p.createdAt[c] >= WINDOW_START && t - p.createdAt[c] < 90 * DAY && stage !== PROSPECT;

    // Where, how, who handled it.
    const tp = rng.weighted(onboarding ? ONBOARDING_MIX : TOUCHPOINT_MIX[stage]);
    const ch = rng.weighted(CHANNEL_MIX[tp]);
    d.tp = tp;
    d.ch = ch;
    d.inbound = rng.chance(INBOUND[tp]);
    const r1 = rng.next();
    const r2 = rng.next();
    d.handler = handlerOf(p, c, tp, r1, r2);

    // Sentiment and quality.
    const offset = this.flat ? 0 : TOUCHPOINT_SENTIMENT[tp] + CHANNEL_SENTIMENT[ch];
    d.sentiment = round2(clamp(offset + p.mood[c] + 0.28 * rng.normal(), -1, 1));
    d.hasSentiment = rng.next() >= 0.03;
    d.hasQuality = rng.next() < 0.75;
    d.expected = clamp(Math.round(3.6 + 0.4 * p.collaborative[c] + 0.7 * rng.normal()), 1, 5);
    d.perceivedNoise = rng.normal();

    // Needs, topics, words: only the uniforms here.
    d.needCount = rng.weighted(NEEDS_PER_INTERACTION);
    for (let k = 0; k < d.needCount; k++) {
      d.needR1[k] = rng.next();
      d.needR2[k] = rng.next();
    }
    d.topicCount = rng.weighted(TOPICS_PER_INTERACTION);
    for (let k = 0; k < d.topicCount; k++) d.topicR[k] = rng.next();
    d.subjectDraw = rng.next();
    d.summaryDraw = rng.next();
    d.contentDraw = rng.next();
    d.contactDraw = rng.next();
  }
}

/** The perceived quality of an interaction with expected quality `expected`, sentiment `sentiment` and noise `noise`. */
export function perceivedQuality(expected: number, sentiment: number, noise: number): number {
  return clamp(Math.round(expected - 0.3 + 1.6 * sentiment + 0.6 * noise), 1, 5);
}

/**
 * The perceived quality of the flat background (GenerateOptions.flat): the expected quality plus
 * rounded noise, symmetric around 0 for every expected quality (a shift that would leave 1-5 in
 * either direction is 0), so the gap has mean 0 at every touchpoint and channel.
 */
export function flatPerceivedQuality(expected: number, noise: number): number {
  const shift = Math.round(0.6 * noise);
  return expected + shift < 1 || expected + shift > 5 || expected - shift < 1 || expected - shift > 5 ? expected : expected + shift;
}
