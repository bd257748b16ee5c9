import { AccessRole } from '../../src/graphql/access';
import { AnnotationKind } from '../../src/modules/annotation/annotation.type';
import { InsightOrigin, InsightStatus } from '../../src/modules/insight/insight.type';
import { Direction } from '../../src/modules/interaction/interaction.type';
import type { ImportRecordInput } from '../../src/import/records';
import { AliasTable, Rng, Streams, clamp, round2 } from './random';
import { AT_RISK, Population, ROLES, customerId, employeeId, interactionId, insightId, iso, needId, toSecond } from './population';
import { CHANNELS, DAY, HOUR, InteractionDraw, InteractionDrawer, TOUCHPOINTS, flatPerceivedQuality, perceivedQuality } from './draws';
import {
  DECLINE,
  DECLINE_KINDS,
  EMERGING_KINDS,
  PAIRS,
  Plans,
  QUIET_DECLINE,
  Survey,
  THREAD,
  THREAD_KINDS,
  ceil2,
  consents,
  exceeded,
  pairOf,
} from './plants';
import {
  MINER_DEFAULTS,
  PLANT_PARAMETERS,
  WINDOW_END,
  WINDOW_START,
  type Expectation,
  type Manifest,
  type NeedGrowthDecoy,
  type NeedRisingFigure,
  type NeedGrowthFigure,
  type PlantName,
  type PlantedPatterns,
  type QualityGapFigure,
  type SentimentDeclineDecoy,
  type SentimentDeclineFigure,
  type SentimentFigure,
  type SingleThreadedDecoy,
  type SingleThreadedFigure,
  type SizeName,
  type SizeSpec,
  type TouchpointChannelDecoy,
  type TouchpointChannelFigure,
} from './sizes';
import {
  ANNOTATION_BODIES,
  CONTENT_MOODS,
  CUSTOMER_INSIGHT_TITLES,
  INSIGHT_BODIES,
  MOOD_WORDS,
  NEED_INSIGHT_TITLES,
  NEED_STEMS,
  SEGMENTS,
  SUMMARY_MOODS,
  TOUCHPOINT_LABELS,
  TOUCHPOINT_SUBJECTS,
  TOUCHPOINT_TOPICS,
  type TopicName,
} from './vocabulary';

/**
 * The streaming part of the generator: one pass that yields the records of a data set in file
 * order (segments, employees, customers, needs, interactions in time order, insights) and
 * collects the manifest on the way. Interactions are made one at a time from the in-memory
 * population; what insights need of them later (evidence) is kept in small per-customer and
 * per-need reservoirs, never the interactions themselves.
 *
 * The quiet base: data without a plant for an insight miner keeps clear of that miner's effect
 * sizes (MINER_DEFAULTS at asOf = WINDOW_END), so that a test can check a miner's precision as
 * well as its recall. The draws alone would, now and then, make a need look emerging, two needs
 * look held together, a customer's sentiment look declining, a touchpoint and channel look short
 * of expected quality, or a high-value customer look single-threaded. Five small rules, for
 * customers with analytics consent only, hold the figures back:
 * - emergingNeed: in the recent window, a need is not expressed by a further customer when that
 *   would make it emerging (the interaction keeps its other needs);
 * - needsTogether: a customer does not newly express a need when that would bring a pair of needs
 *   with at least 10 common holders to a lift of 1.9 and a confidence of 0.55 (QuietTogether; the
 *   customers who talk most express the most needs, so rare needs would look associated with
 *   popular ones);
 * - sentimentDecline: a customer's recent sentiments are raised, near the end of the window, just
 *   enough for their mean to end less than 0.45 below its baseline mean. This is computed on the
 *   draws in the survey (Survey.recentQuiet), so it is the same whichever plants are on; when the
 *   touchpointSentimentDrop plant is on, only its own recent lines are held back if needed;
 * - touchpointGap: in the recent window, perceived quality is raised just enough to keep a pair's
 *   running sum of perceived − expected at or above -0.9 × max(count, 20), and, near the end of
 *   the window, a touchpoint's (all channels) for its mean to end at −0.9 or above;
 * - singleThreaded: consenting customers near or above the lifetime-value threshold whom the
 *   draws leave known by their one owner get a second owner on the record (Plans.coOwner).
 * Entities a plant of the same miner controls are exempt while that plant is on. On the 10k size
 * the rules change 54 customers' owners and 623 of 200,000 interactions; on `2k`, 14 customers
 * and 143 interactions; on `small`, one customer and 11 interactions. With `quiet: false` (the
 * run's option) every rule is off: the background is the plain draws (pure noise for the miners,
 * apart from the model's own shapes: e.g. BILLING and SUPPORT through some channels have drawn
 * mean gaps close to −1). With `flat: true` (the run's option) the background has no systematic
 * effects either: the same draws, but no touchpoint or channel sentiment offsets (a customer keeps
 * one constant sentiment level throughout), perceived quality is the expected quality plus
 * symmetric noise of mean 0 (not following the sentiment), a customer expresses the needs they
 * hold throughout (not only from each holding's `since`, which made needs' expression rates rise
 * over the window) and the contact volume does not grow over the window. The insights' reservoirs
 * follow the needs as drawn, so the rules (and the miners' plants) never shift the insights'
 * random streams.
 */

type RecordOf<T extends ImportRecordInput['type']> = Extract<ImportRecordInput, { type: T }>;

/** Distributions of small counts: topics per insight (0-3), annotations (0-4, mean ~1.5). */
const TOPICS_PER_INSIGHT = [15, 35, 35, 15];
const ANNOTATIONS_PER_INSIGHT = [22, 32, 24, 14, 8];

const STATUSES = [
  InsightStatus.DRAFT,
  InsightStatus.PROPOSED,
  InsightStatus.VALIDATED,
  InsightStatus.REFUTED,
  InsightStatus.ARCHIVED,
] as const;
const STATUS_MIX = [10, 28, 40, 8, 14];
const CONFIDENCE_RANGE: readonly (readonly [number, number])[] = [
  [0.2, 0.6],
  [0.35, 0.8],
  [0.65, 0.97],
  [0.05, 0.35],
  [0.3, 0.9],
];
const ANNOTATION_KINDS = [AnnotationKind.COMMENT, AnnotationKind.ENDORSEMENT, AnnotationKind.CHALLENGE] as const;

/** Reservoir sizes: remembered interactions per customer and per need (evidence for insights). */
const CUSTOMER_RESERVOIR = 4;
const NEED_RESERVOIR = 6;

/** What the generator is asked for. */
export interface RunOptions {
  size: SizeName;
  spec: SizeSpec;
  seed: number;
  plants: readonly PlantName[];
  /** Whether the quiet base's rules are on (see the file comment); false: the background is the plain draws. */
  quiet: boolean;
  /** Whether the background is flat (see the file comment): no systematic effects for the miners to find. */
  flat: boolean;
}

/** Random streams by purpose (fixed numbers: changing one part never shifts another). */
const STREAM = {
  people: 0,
  needs: 1,
  interactions: 2,
  insights: 3,
  plants: 4,
  plantedInteractions: 5,
  reservoirs: 6,
  /** Choices of the miners' plants (plants.ts). */
  plans: 7,
  /** Sentiments of the sentimentDecline plant. */
  declines: 8,
} as const;

/** Upper-cases the first letter. */
function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Lower-cases the first letter (for need titles inside sentences). */
function decapitalize(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** 0 negative, 1 neutral, 2 positive. */
function moodOf(sentiment: number): number {
  return sentiment < -0.2 ? 0 : sentiment > 0.25 ? 2 : 1;
}

function mean(sum: number, count: number): number {
  return count ? Math.round((sum / count) * 10_000) / 10_000 : 0;
}

/**
 * One run of the generator: `records()` yields every record once; `manifest()` is complete after
 * the records were consumed.
 */
export class Run {
  private readonly streams: Streams;
  private readonly plants: ReadonlySet<PlantName>;
  private pop!: Population;
  private survey!: Survey;
  private plans!: Plans;
  private done = false;
  private readonly counts = { segment: 0, employee: 0, customer: 0, need: 0, interaction: 0, insight: 0, annotation: 0, needHolder: 0 };

  // Reservoirs of interactions: per customer and per need, an interaction number, its time,
  // its touchpoint, sentiment (NaN if none), first need (-1 if none) and customer.
  private seenByCustomer!: Int32Array;
  private resCustomerInteraction!: Int32Array;
  private resCustomerTime!: Float64Array;
  private resCustomerTouchpoint!: Uint8Array;
  private resCustomerSentiment!: Float32Array;
  private resCustomerNeed!: Int32Array;
  private seenByNeed!: Int32Array;
  private resNeedInteraction!: Int32Array;
  private resNeedTime!: Float64Array;
  private resNeedCustomer!: Int32Array;
  private resNeedTouchpoint!: Uint8Array;
  private resNeedSentiment!: Float32Array;

  // Figures for the manifest.
  private readonly tpSum = new Float64Array(TOUCHPOINTS.length);
  private readonly tpCount = new Int32Array(TOUCHPOINTS.length);
  private readonly chSum = new Float64Array(CHANNELS.length);
  private readonly chCount = new Int32Array(CHANNELS.length);
  private readonly months = new Set<number>();
  private readonly cooc = { withA: 0, withB: 0, withBoth: 0, withBothInGroup: 0 };
  private readonly drop = { beforeSum: 0, beforeCount: 0, afterSum: 0, afterCount: 0 };

  // Figures of the miners' windows (final values, as written), for the quiet base and the manifest.
  /** Per customer: sentiments in the baseline and in the recent window (sum, count). */
  private baselineSum!: Float64Array;
  private baselineCount!: Int32Array;
  private recentSum!: Float64Array;
  private recentCount!: Int32Array;
  /** Per pair: perceived − expected of consenting customers' interactions in the recent and previous window. */
  private readonly gapRecentSum = new Float64Array(PAIRS);
  private readonly gapRecentCount = new Int32Array(PAIRS);
  private readonly gapPreviousSum = new Float64Array(PAIRS);
  private readonly gapPreviousCount = new Int32Array(PAIRS);
  /** Per need: distinct consenting customers expressing it in the recent and previous window. */
  private needRecent!: Int32Array;
  private needPrevious!: Int32Array;
  /** For the emergingNeed plan's needs: the consenting customers of the recent window, and the others. */
  private readonly emergingRecent = new Map<number, number[]>();
  private readonly emergingWithoutConsent = new Map<number, Set<number>>();
  /** For the emergingNeed plan's needs: each consenting customer's first expression in [asOf − 180 d, asOf) (as written). */
  private readonly firstExpression = new Map<number, Map<number, number>>();
  /** Customers who expressed the nicheNeedPair plan's needs (any time). */
  private readonly nicheExpressed = new Map<number, Set<number>>();
  /** Interactions of consenting customers in the last year per customer × employees + handler (singleThreadedAccount on). */
  private readonly yearHandled = new Map<number, number>();
  /** For the singleThreadedAccount plan's customers (plant on): owners and handlers of the last year, and interactions then. */
  private readonly knownBy = new Map<number, Set<number>>();
  private readonly yearInteractions = new Map<number, number>();

  constructor(private readonly options: RunOptions) {
    this.streams = new Streams(options.seed);
    this.plants = new Set(options.plants);
  }

  /** Every record of the data set, in file order. */
  *records(): Generator<ImportRecordInput> {
    const s = this.streams;
    this.pop = new Population(this.options.spec, this.plants, {
      people: s.stream(STREAM.people),
      needs: s.stream(STREAM.needs),
      plants: s.stream(STREAM.plants),
    });
    const quiet = this.options.quiet;
    this.survey = new Survey(this.pop, this.options.spec.interactions, s.stream(STREAM.interactions), quiet, this.options.flat);
    this.plans = new Plans(this.pop, this.survey, s.stream(STREAM.plans), quiet);
    if (this.plants.has('nicheNeedPair'))
      this.pop.plantHoldings(this.plans.nicheNeeds, this.plans.nicheCustomers, this.plans.nicheIntensity);
    yield* this.segments();
    yield* this.employees();
    yield* this.customers();
    yield* this.needs();
    yield* this.interactions(
      s.stream(STREAM.interactions),
      s.stream(STREAM.plantedInteractions),
      s.stream(STREAM.reservoirs),
      s.stream(STREAM.declines),
    );
    yield* this.insights(s.stream(STREAM.insights));
    this.done = true;
  }

  private *segments(): Generator<RecordOf<'segment'>> {
    for (const seg of SEGMENTS) {
      this.counts.segment++;
      yield { type: 'segment', externalId: seg.externalId, name: seg.name, description: seg.description };
    }
  }

  private *employees(): Generator<RecordOf<'employee'>> {
    const p = this.pop;
    const firstAnalyst = p.byRole[3]?.[0] ?? -1;
    for (let e = 0; e < p.employees; e++) {
      const role = ROLES[p.employeeRole[e]];
      const accessRoles =
        e === firstAnalyst ? [AccessRole.ADMIN, AccessRole.ANALYST] : role === ROLES[5] ? [AccessRole.VIEWER] : [AccessRole.ANALYST];
      this.counts.employee++;
      yield {
        type: 'employee',
        externalId: employeeId(e),
        name: p.employeeName(e),
        email: p.employeeEmail(e),
        team: p.employeeTeam[e],
        role,
        accessRoles,
      };
    }
  }

  private *customers(): Generator<RecordOf<'customer'>> {
    const p = this.pop;
    for (let i = 0; i < p.customers; i++) {
      const flags = p.flags[i];
      const record: RecordOf<'customer'> = {
        type: 'customer',
        externalId: customerId(i),
        name: p.customerName(i),
        kind: p.kindOf(i),
        lifecycleStage: p.stageOf(i),
        relationshipType: p.relationshipOf(i),
        revenue: p.revenue[i],
        costToServe: p.costToServe[i],
        lifetimeValue: p.lifetimeValue[i],
        consentContact: (flags & 4) !== 0,
        consentAnalytics: (flags & 8) !== 0,
      };
      if (flags & 1) record.email = p.customerEmail(i);
      if (flags & 2) record.phone = `+49 30 ${String(2_000_000 + ((i * 7_919) % 7_000_000))}`;
      const segment = p.segmentOf(i);
      if (segment) record.segment = segment;
      if (p.organization[i] >= 0) record.organization = customerId(p.organization[i]);
      if (p.referrer[i] >= 0) record.referredBy = customerId(p.referrer[i]);
      record.owners = this.ownersOf(i).map(employeeId);
      record.createdAt = iso(p.createdAt[i]);
      this.counts.customer++;
      yield record;
    }
  }

  /** The owners of customer i as written: the singleThreadedAccount plant's, else the drawn ones, else with the quiet base's second owner. */
  private ownersOf(i: number): number[] {
    const p = this.pop;
    const thread = this.plants.has('singleThreadedAccount') ? this.plans.threadKind[i] : 0;
    if (thread === THREAD.secondOwner) return [p.owner1[i], this.plans.threadOther[i]];
    if (thread) return [p.owner1[i]];
    if (p.owner2[i] >= 0) return [p.owner1[i], p.owner2[i]];
    if (this.plans.coOwner[i] >= 0) return [p.owner1[i], this.plans.coOwner[i]];
    return [p.owner1[i]];
  }

  private *needs(): Generator<RecordOf<'need'>> {
    const p = this.pop;
    for (let k = 0; k < p.needs; k++) {
      const stem = NEED_STEMS[p.needStem[k]];
      const title = p.needTitle(k);
      const [from, to] = p.holders(k);
      const holders: { customer: string; since: string; intensity: number }[] = [];
      let earliest = p.needCreated[k];
      for (let h = from; h < to; h++) {
        holders.push({ customer: customerId(p.holderCustomer[h]), since: iso(p.holderSince[h]), intensity: p.holderIntensity[h] });
        earliest = Math.min(earliest, p.holderSince[h]);
      }
      this.counts.need++;
      this.counts.needHolder += holders.length;
      yield {
        type: 'need',
        externalId: needId(k),
        title,
        description: `What customers told us: they need to ${decapitalize(title)}.`,
        kind: stem.kind,
        priority: p.priorityOf(k),
        status: p.statusOf(k),
        topics: [...stem.topics],
        holders,
        createdAt: iso(earliest - DAY),
      };
    }
  }

  private *interactions(rng: Rng, plantRng: Rng, reservoirRng: Rng, declineRng: Rng): Generator<RecordOf<'interaction'>> {
    const p = this.pop;
    const plans = this.plans;
    const total = this.options.spec.interactions;
    const n = p.customers;
    const m = p.needs;
    this.seenByCustomer = new Int32Array(n);
    this.resCustomerInteraction = new Int32Array(n * CUSTOMER_RESERVOIR);
    this.resCustomerTime = new Float64Array(n * CUSTOMER_RESERVOIR);
    this.resCustomerTouchpoint = new Uint8Array(n * CUSTOMER_RESERVOIR);
    this.resCustomerSentiment = new Float32Array(n * CUSTOMER_RESERVOIR);
    this.resCustomerNeed = new Int32Array(n * CUSTOMER_RESERVOIR);
    this.seenByNeed = new Int32Array(m);
    this.resNeedInteraction = new Int32Array(m * NEED_RESERVOIR);
    this.resNeedTime = new Float64Array(m * NEED_RESERVOIR);
    this.resNeedCustomer = new Int32Array(m * NEED_RESERVOIR);
    this.resNeedTouchpoint = new Uint8Array(m * NEED_RESERVOIR);
    this.resNeedSentiment = new Float32Array(m * NEED_RESERVOIR);
    this.baselineSum = new Float64Array(n);
    this.baselineCount = new Int32Array(n);
    this.recentSum = new Float64Array(n);
    this.recentCount = new Int32Array(n);
    this.needRecent = new Int32Array(m);
    this.needPrevious = new Int32Array(m);
    for (const k of plans.emergingNeeds) {
      this.emergingRecent.set(k, []);
      this.emergingWithoutConsent.set(k, new Set());
      this.firstExpression.set(k, new Map());
    }
    for (const k of plans.nicheNeeds) this.nicheExpressed.set(k, new Set());
    const recentKeys = new Set<number>(); // need × customers + customer
    // The quiet base's rule for NEEDS_TOGETHER (needs the plants control are exempt).
    const exemptPairs: [number, number][] = [];
    if (this.plants.has('needCooccurrence')) exemptPairs.push([p.plantNeedA, p.plantNeedB]);
    if (this.plants.has('nicheNeedPair')) exemptPairs.push(plans.nicheNeeds);
    const exemptNeeds = this.plants.has('emergingNeed') ? plans.emergingNeeds : [];
    const together = this.options.quiet ? new QuietTogether(p, exemptPairs, exemptNeeds) : undefined;
    const previousKeys = new Set<number>();

    const cooccurrenceOn = this.plants.has('needCooccurrence');
    const dropOn = this.plants.has('touchpointSentimentDrop');
    const emergingOn = this.plants.has('emergingNeed');
    const declineOn = this.plants.has('sentimentDecline');
    const gapOn = this.plants.has('touchpointQualityGap');
    const threadOn = this.plants.has('singleThreadedAccount');
    const quietOn = this.options.quiet;
    const fewPoints = PLANT_PARAMETERS.sentimentDecline.fewPoints;
    const drop = PLANT_PARAMETERS.touchpointSentimentDrop;
    const dropTouchpoint = TOUCHPOINTS.indexOf(drop.touchpoint);
    const dropChannel = CHANNELS.indexOf(drop.channel);
    const sd = PLANT_PARAMETERS.sentimentDecline;
    const gapShift = PLANT_PARAMETERS.touchpointQualityGap.gap;
    const gapTouchpoint = Math.floor(plans.gapPair / CHANNELS.length);
    const tooFewTouchpoint = Math.floor(plans.tooFewPair / CHANNELS.length);
    const { recentFrom, previousFrom, baselineFrom, knownFrom } = MINER_DEFAULTS;
    const { minCustomers, growth } = MINER_DEFAULTS.emergingNeed;
    const minSentiments = MINER_DEFAULTS.sentimentDecline.minInteractions;
    const minGapInteractions = MINER_DEFAULTS.touchpointGap.minInteractions;
    // The quiet base's margin for touchpointGap: a pair's mean gap at least this.
    const QUIET_GAP = MINER_DEFAULTS.touchpointGap.maxMeanGap + 0.1;
    const QUIET_GAP_SLACK = -QUIET_GAP;
    const tpSeen = new Int32Array(TOUCHPOINTS.length);
    const tpGapSum = new Float64Array(TOUCHPOINTS.length);
    let tooFewQualities = 0;
    let recentLine = 0; // index of the next recent-window interaction in the survey's lists
    // The touchpointSentimentDrop plant's changes to recent sentiments, per customer: the sum of
    // (new − quiet) and the number of sentiments it adds (see the drop's quiet step below).
    const dropDelta = new Float64Array(n);
    const dropAdded = new Int32Array(n);
    const activeHeld: number[] = [];
    const needs: number[] = [];
    const drawnNeeds: number[] = [];
    const topics: TopicName[] = [];
    const flat = this.options.flat;
    const drawer = new InteractionDrawer(p, total, rng, flat);
    const d = new InteractionDraw();

    for (let x = 0; x < total; x++) {
      drawer.next(x, d);
      const { t, c, tp, ch } = d;
      this.months.add(d.month);
      const recent = t >= recentFrom;
      const previous = !recent && t >= previousFrom;
      const baseline = !recent && t >= baselineFrom;
      const consenting = consents(p, c);
      const pair = pairOf(tp, ch);

      // Sentiment: drawn, with the quiet base's rule for the recent window (from the survey),
      // then the plants.
      let sentiment = d.sentiment;
      let hasSentiment = d.hasSentiment;
      let quiet = sentiment;
      if (recent) quiet = sentiment = this.survey.recentQuiet[recentLine++];
      if (dropOn && tp === dropTouchpoint && ch === dropChannel && t >= drop.from) {
        sentiment = round2(clamp(drop.meanSentiment + 0.15 * plantRng.normal(), -1, 1));
        if (quietOn && recent && consenting && !(declineOn && plans.declineKind[c])) {
          // Quiet base: the drop must not make a consenting customer's sentiment decline. Its
          // recent lines are held just enough that the customer's recent mean, with no further
          // drop lines, stays within QUIET_DECLINE of its baseline mean (each later drop line
          // checks again): only the plant's own lines change.
          const added = hasSentiment ? 0 : 1;
          const count = this.survey.recentSentiments[c] + dropAdded[c] + added;
          if (this.baselineCount[c] >= minSentiments && count >= minSentiments) {
            const F = this.baselineSum[c] / this.baselineCount[c] - QUIET_DECLINE;
            const least = ceil2(F * count - this.survey.recentQuietSum[c] - dropDelta[c] + (added ? 0 : quiet));
            if (sentiment < least) sentiment = Math.min(1, least);
          }
          dropDelta[c] += sentiment - (added ? 0 : quiet);
          dropAdded[c] += added;
        }
        hasSentiment = true;
      }
      // Quality follows the sentiment so far (the sentimentDecline plant leaves it as it is).
      const qualitySentiment = sentiment;
      const decline = declineOn ? plans.declineKind[c] : 0;
      if (decline && (baseline || recent)) {
        hasSentiment = true;
        if (decline === DECLINE.constantlyLow) sentiment = round2(clamp(sd.lowSentiment + 0.1 * declineRng.normal(), -1, 1));
        else if (decline === DECLINE.fewPointsNoise) {
          // Exactly three sentiments in each window.
          const [values, seen] = baseline ? [fewPoints.baseline, this.baselineCount[c]] : [fewPoints.recent, this.recentCount[c]];
          if (seen < values.length) sentiment = values[seen];
          else hasSentiment = false;
        } else if (recent) {
          const base = this.baselineSum[c] / this.baselineCount[c];
          if (decline === DECLINE.smallDecline) sentiment = round2(clamp(base - sd.smallDecline + 0.05 * declineRng.normal(), -1, 1));
          else if (decline === DECLINE.tooFewRecent && this.recentCount[c] >= 2) hasSentiment = false;
          else sentiment = round2(clamp(base - sd.decline + 0.1 * declineRng.normal(), -1, 1));
        }
      }
      if (hasSentiment && baseline) {
        this.baselineSum[c] += sentiment;
        this.baselineCount[c]++;
      } else if (hasSentiment && recent) {
        this.recentSum[c] += sentiment;
        this.recentCount[c]++;
      }

      // Quality: follows the sentiment; then the touchpointQualityGap plant, then the quiet base.
      let hasQuality = d.hasQuality;
      const expected = d.expected;
      let perceived = flat
        ? flatPerceivedQuality(expected, d.perceivedNoise)
        : perceivedQuality(expected, qualitySentiment, d.perceivedNoise);
      let gapPlanted = false;
      if (gapOn && ((recent && pair === plans.gapPair) || (previous && pair === plans.beforePair))) {
        hasQuality = true;
        gapPlanted = true;
      } else if (gapOn && recent && pair === plans.tooFewPair) {
        hasQuality = consenting && tooFewQualities < PLANT_PARAMETERS.touchpointQualityGap.decoyInteractions;
        if (hasQuality) tooFewQualities++;
        gapPlanted = hasQuality;
      }
      // splitGap: every recent interaction at the touchpoint that carries qualities, through any channel.
      if (gapOn && recent && hasQuality && tp === plans.splitTouchpoint) gapPlanted = true;
      if (gapPlanted) perceived = clamp(Math.round(expected + gapShift + 0.6 * d.perceivedNoise), 1, 5);
      // The other channels of the planted pair's and of the tooFewInteractions pair's touchpoints exceed expectations recently.
      const metTouchpoint = gapOn && recent && (tp === gapTouchpoint || tp === tooFewTouchpoint);
      if (metTouchpoint && hasQuality && !gapPlanted && pair !== plans.gapPair && pair !== plans.tooFewPair)
        perceived = Math.max(perceived, exceeded(expected));
      const gapExempt =
        gapOn &&
        (tp === gapTouchpoint ||
          tp === tooFewTouchpoint ||
          pair === plans.gapPair ||
          pair === plans.tooFewPair ||
          tp === plans.splitTouchpoint);
      if (quietOn && recent && hasQuality && consenting && !gapExempt) {
        // Quiet base: keep the pair's running sum of gaps at or above QUIET_GAP × max(count, 20).
        const floor = QUIET_GAP * Math.max(this.gapRecentCount[pair] + 1, minGapInteractions) - this.gapRecentSum[pair];
        const least = Math.ceil(floor - 1e-9);
        if (perceived - expected < least) perceived = expected + least;
        // ... and the touchpoint's (every channel: the miner tests each touchpoint, however few
        // its interactions) at or above QUIET_GAP × k − QUIET_GAP_SLACK × (interactions to come):
        // held only near the end of the window, so that its mean ends at QUIET_GAP or above.
        const k = tpSeen[tp] + 1;
        const left = Math.max(0, this.survey.touchpointRecentQuality[tp] - k);
        const tpLeast = Math.ceil(QUIET_GAP * k - QUIET_GAP_SLACK * left - tpGapSum[tp] - 1e-9);
        if (perceived - expected < tpLeast) perceived = Math.min(5, expected + tpLeast);
      }
      if (hasQuality && consenting && recent) {
        tpSeen[tp]++;
        tpGapSum[tp] += perceived - expected;
        this.gapRecentSum[pair] += perceived - expected;
        this.gapRecentCount[pair]++;
      } else if (hasQuality && consenting && previous) {
        this.gapPreviousSum[pair] += perceived - expected;
        this.gapPreviousCount[pair]++;
      }

      // Needs expressed: mostly needs the customer holds (since before now), else popular ones.
      activeHeld.length = 0;
      for (let h = p.holdStart[c]; h < p.holdStart[c + 1]; h++)
        if ((flat || p.holdSince[h] <= t) && p.holdPlanted[h] !== 2) activeHeld.push(p.holdNeed[h]);
      needs.length = 0;
      for (let k = 0; k < d.needCount; k++) {
        const r1 = d.needR1[k];
        const r2 = d.needR2[k];
        const need = activeHeld.length && r1 < 0.8 ? activeHeld[Math.floor(r2 * activeHeld.length)] : p.needPopularity.at(r2);
        if (!needs.includes(need)) needs.push(need);
      }
      if (cooccurrenceOn && p.cooccurrenceGroup[c] && plantRng.next() < PLANT_PARAMETERS.needCooccurrence.interactionShare) {
        needs.length = 0;
        needs.push(p.plantNeedA, p.plantNeedB);
      }
      drawnNeeds.length = 0;
      drawnNeeds.push(...needs);
      if (emergingOn && (recent || previous)) {
        // The plant alone expresses its needs in the two windows.
        for (let i = needs.length - 1; i >= 0; i--) if (plans.emergingIndex[needs[i]] >= 0) needs.splice(i, 1);
        const j = plans.emergingAt.get(x);
        if (j !== undefined) {
          needs.length = Math.min(needs.length, 1);
          needs.push(plans.emergingNeeds[j]);
        }
      }
      if (together && consenting) together.holdBack(c, needs);
      if (recent) {
        for (let i = 0; i < needs.length;) {
          const need = needs[i];
          const key = need * n + c;
          if (!consenting) {
            this.emergingWithoutConsent.get(need)?.add(c);
          } else if (!recentKeys.has(key)) {
            const count = this.needRecent[need] + 1;
            // Quiet base: no further customer for a need this would make emerging.
            if (
              quietOn &&
              !(emergingOn && plans.emergingIndex[need] >= 0) &&
              count >= minCustomers &&
              count >= growth * this.needPrevious[need]
            ) {
              needs.splice(i, 1);
              continue;
            }
            recentKeys.add(key);
            this.needRecent[need] = count;
            this.emergingRecent.get(need)?.push(c);
          }
          i++;
        }
      } else if (previous && consenting) {
        for (const need of needs) {
          const key = need * n + c;
          if (!previousKeys.has(key)) {
            previousKeys.add(key);
            this.needPrevious[need]++;
          }
        }
      }

      if (together && consenting) together.commit(c, needs);
      for (const need of needs) this.nicheExpressed.get(need)?.add(c);
      if ((recent || previous) && consenting) {
        for (const need of needs) {
          const first = this.firstExpression.get(need);
          if (first && !first.has(c)) first.set(c, t);
        }
      }

      // Who handled it: the singleThreadedAccount plant's customers are handled by their owner in the last year.
      let handler = d.handler;
      const thread = threadOn ? plans.threadKind[c] : 0;
      if (thread && t >= knownFrom) {
        const seen = this.yearInteractions.get(c) ?? 0;
        this.yearInteractions.set(c, seen + 1);
        handler = thread === THREAD.secondHandler && seen === 0 ? plans.threadOther[c] : p.owner1[c];
        let known = this.knownBy.get(c);
        if (!known) this.knownBy.set(c, (known = new Set(this.ownersOf(c))));
        known.add(handler);
      }
      if (threadOn && consenting && t >= knownFrom) {
        const key = c * p.employees + handler;
        this.yearHandled.set(key, (this.yearHandled.get(key) ?? 0) + 1);
      }

      // Topics: from the needs, else from the touchpoint.
      topics.length = 0;
      const tpTopics = TOUCHPOINT_TOPICS[TOUCHPOINTS[tp]];
      for (let k = 0; k < d.topicCount; k++) {
        const r = d.topicR[k];
        const topic =
          k < needs.length && r < 0.7
            ? NEED_STEMS[p.needStem[needs[k]]].topics[r < 0.35 ? 0 : 1]
            : tpTopics[Math.floor(r * tpTopics.length)];
        if (!topics.includes(topic)) topics.push(topic);
      }

      // Words.
      const subjects = TOUCHPOINT_SUBJECTS[TOUCHPOINTS[tp]];
      const subject = needs.length ? `"${decapitalize(p.needTitle(needs[0]))}"` : subjects[Math.floor(d.subjectDraw * subjects.length)];
      const mood = moodOf(hasSentiment ? sentiment : 0);
      const summaryTemplates = SUMMARY_MOODS[mood];
      const summary = `${TOUCHPOINT_LABELS[TOUCHPOINTS[tp]]}, ${p.customerShortName(c)}: ${summaryTemplates[
        Math.floor(d.summaryDraw * summaryTemplates.length)
      ].replace('{s}', subject)}`;
      const contentDraw = d.contentDraw;
      const contentTemplates = CONTENT_MOODS[mood];
      const content =
        contentDraw < 0.3
          ? contentTemplates[Math.floor((contentDraw / 0.3) * contentTemplates.length)]
              .replace('{n}', p.contactFirstName(c, d.contactDraw))
              .replace('{s}', subject)
          : undefined;

      const record: RecordOf<'interaction'> = {
        type: 'interaction',
        externalId: interactionId(x),
        customer: customerId(c),
        handler: employeeId(handler),
        channel: CHANNELS[ch],
        touchpoint: TOUCHPOINTS[tp],
        direction: d.inbound ? Direction.INBOUND : Direction.OUTBOUND,
        occurredAt: iso(t),
        summary: capitalize(summary),
      };
      if (content) record.content = capitalize(content);
      if (hasSentiment) record.sentiment = sentiment;
      if (hasQuality) {
        record.expectedQuality = expected;
        record.perceivedQuality = perceived;
      }
      if (needs.length) record.needs = needs.map(needId);
      if (topics.length) record.topics = [...topics];

      // Figures.
      if (hasSentiment) {
        this.tpSum[tp] += sentiment;
        this.tpCount[tp]++;
        this.chSum[ch] += sentiment;
        this.chCount[ch]++;
        if (tp === dropTouchpoint && ch === dropChannel) {
          if (t >= drop.from) {
            this.drop.afterSum += sentiment;
            this.drop.afterCount++;
          } else {
            this.drop.beforeSum += sentiment;
            this.drop.beforeCount++;
          }
        }
      }
      const hasA = needs.includes(p.plantNeedA);
      const hasB = needs.includes(p.plantNeedB);
      if (hasA) this.cooc.withA++;
      if (hasB) this.cooc.withB++;
      if (hasA && hasB) {
        this.cooc.withBoth++;
        if (p.cooccurrenceGroup[c]) this.cooc.withBothInGroup++;
      }

      // Reservoirs (evidence for insights): uniform samples of each customer's and need's
      // interactions. They follow the needs as drawn (after the needCooccurrence plant), not the
      // needs the quiet base or the miners' plants take away or add: so those never shift the
      // reservoirs' random stream nor the insights' (an insight about a need may then cite an
      // interaction of the customer that was drawn to express it, and was held back).
      const s = hasSentiment ? sentiment : NaN;
      const firstNeed = drawnNeeds.length ? drawnNeeds[0] : -1;
      const seen = this.seenByCustomer[c]++;
      const slot = seen < CUSTOMER_RESERVOIR ? seen : Math.floor(reservoirRng.next() * (seen + 1));
      if (slot < CUSTOMER_RESERVOIR) {
        const at = c * CUSTOMER_RESERVOIR + slot;
        this.resCustomerInteraction[at] = x;
        this.resCustomerTime[at] = t;
        this.resCustomerTouchpoint[at] = tp;
        this.resCustomerSentiment[at] = s;
        this.resCustomerNeed[at] = firstNeed;
      }
      for (const need of drawnNeeds) {
        const seenNeed = this.seenByNeed[need]++;
        const needSlot = seenNeed < NEED_RESERVOIR ? seenNeed : Math.floor(reservoirRng.next() * (seenNeed + 1));
        if (needSlot < NEED_RESERVOIR) {
          const at = need * NEED_RESERVOIR + needSlot;
          this.resNeedInteraction[at] = x;
          this.resNeedTime[at] = t;
          this.resNeedCustomer[at] = c;
          this.resNeedTouchpoint[at] = tp;
          this.resNeedSentiment[at] = s;
        }
      }

      this.counts.interaction++;
      yield record;
    }
  }

  private *insights(rng: Rng): Generator<RecordOf<'insight'>> {
    const p = this.pop;
    const total = this.options.spec.insights;
    const chosen: number[] = [];
    const evidence: number[] = [];
    const about: number[] = [];
    const times: number[] = [];
    const tps: number[] = [];
    const sentiments: number[] = [];
    const withInteractions: number[] = [];
    for (let c = 0; c < p.customers; c++) if (this.seenByCustomer[c] > 0) withInteractions.push(c);
    const byActivity = withInteractions.length ? new AliasTable(withInteractions.map((c) => Math.sqrt(p.revenue[c] + 2_500))) : undefined;

    for (let j = 0; j < total; j++) {
      evidence.length = 0;
      about.length = 0;
      times.length = 0;
      tps.length = 0;
      sentiments.length = 0;
      let aboutNeed = -1;
      const needBased = rng.next() < 0.45;
      const evidenceCount = rng.int(1, 4);

      if (needBased) {
        // Learned about a need: evidence from the interactions that expressed it.
        for (let tries = 0; tries < 20 && aboutNeed < 0; tries++) {
          const need = p.needPopularity.draw(rng);
          if (this.seenByNeed[need] > 0) aboutNeed = need;
        }
      }
      if (aboutNeed >= 0) {
        const stored = Math.min(NEED_RESERVOIR, this.seenByNeed[aboutNeed]);
        this.choose(rng, stored, Math.min(evidenceCount, stored), chosen);
        for (const slot of chosen) {
          const at = aboutNeed * NEED_RESERVOIR + slot;
          const c = this.resNeedCustomer[at];
          if (!about.includes(c)) {
            if (about.length === 2) continue;
            about.push(c);
          }
          evidence.push(this.resNeedInteraction[at]);
          times.push(this.resNeedTime[at]);
          tps.push(this.resNeedTouchpoint[at]);
          sentiments.push(this.resNeedSentiment[at]);
        }
      } else if (byActivity) {
        // Learned about one customer (sometimes with its organization): evidence from its interactions.
        const c = withInteractions[byActivity.draw(rng)];
        about.push(c);
        const org = p.organization[c];
        const withOrg = org >= 0 && this.seenByCustomer[org] > 0 && rng.next() < 0.3;
        if (withOrg) about.push(org);
        for (const who of about) {
          const stored = Math.min(CUSTOMER_RESERVOIR, this.seenByCustomer[who]);
          this.choose(rng, stored, Math.min(who === c ? Math.min(evidenceCount, withOrg ? 3 : 4) : 1, stored), chosen);
          for (const slot of chosen) {
            const at = who * CUSTOMER_RESERVOIR + slot;
            evidence.push(this.resCustomerInteraction[at]);
            times.push(this.resCustomerTime[at]);
            tps.push(this.resCustomerTouchpoint[at]);
            sentiments.push(this.resCustomerSentiment[at]);
            if (aboutNeed < 0 && this.resCustomerNeed[at] >= 0 && rng.next() < 0.5) aboutNeed = this.resCustomerNeed[at];
          }
        }
      }
      if (!about.length) break; // no interactions at all: no insights can be evidenced

      let sum = 0;
      let counted = 0;
      for (const s of sentiments) {
        if (!Number.isNaN(s)) {
          sum += s;
          counted++;
        }
      }
      const mood = moodOf(counted ? sum / counted : 0);
      const latest = Math.max(...times);
      const createdAt = toSecond(Math.min(WINDOW_END, latest + HOUR + rng.next() * 21 * DAY));
      const status = rng.weighted(STATUS_MIX);
      const [lo, hi] = CONFIDENCE_RANGE[status];
      const confidence = round2(rng.between(lo, hi));
      // The author: often the account owner, else anyone who writes insights.
      const authorDraw = rng.next();
      const anyAuthor = p.authorPool[Math.floor(rng.next() * p.authorPool.length)];
      const author = authorDraw < 0.4 ? p.owner1[about[0]] : anyAuthor;
      const tpLabel = TOUCHPOINT_LABELS[TOUCHPOINTS[tps[0]]].toLowerCase();
      const name = p.customerShortName(about[0]);
      const titleDraw = rng.next();
      let title: string;
      let origin: InsightOrigin;
      const originDraw = rng.next();
      if (needBased && aboutNeed >= 0) {
        const template = NEED_INSIGHT_TITLES[Math.floor(titleDraw * NEED_INSIGHT_TITLES.length)];
        title = template.replace('{need}', decapitalize(p.needTitle(aboutNeed))).replace('{c}', name);
        origin = originDraw < 0.85 ? InsightOrigin.FROM_CUSTOMER : InsightOrigin.ABOUT_CUSTOMER;
      } else {
        const templates = CUSTOMER_INSIGHT_TITLES[mood];
        title = templates[Math.floor(titleDraw * templates.length)].replace('{c}', name).replace('{tp}', tpLabel);
        origin = originDraw < 0.75 ? InsightOrigin.ABOUT_CUSTOMER : InsightOrigin.FROM_CUSTOMER;
      }
      const body = INSIGHT_BODIES[Math.floor(rng.next() * INSIGHT_BODIES.length)]
        .replace('{k}', String(evidence.length))
        .replace('{tp}', tpLabel)
        .replace('{mood}', MOOD_WORDS[mood]);

      const topics: TopicName[] = [];
      const topicCount = rng.weighted(TOPICS_PER_INSIGHT);
      const tpTopics = TOUCHPOINT_TOPICS[TOUCHPOINTS[tps[0]]];
      for (let k = 0; k < topicCount; k++) {
        const r = rng.next();
        const topic =
          aboutNeed >= 0 && k < 2 && r < 0.7 ? NEED_STEMS[p.needStem[aboutNeed]].topics[k] : tpTopics[Math.floor(r * tpTopics.length)];
        if (!topics.includes(topic)) topics.push(topic);
      }

      const segmentDraw = rng.next();
      const segment = segmentDraw < 0.08 ? p.segmentOf(about[0]) : undefined;

      const annotations: { author: string; kind: AnnotationKind; body: string; createdAt: string }[] = [];
      const annotationCount = rng.weighted(ANNOTATIONS_PER_INSIGHT);
      const writers: number[] = [author];
      let when = createdAt;
      for (let k = 0; k < annotationCount; k++) {
        let writer = p.annotatorPool[Math.floor(rng.next() * p.annotatorPool.length)];
        for (let tries = 0; tries < 8 && writers.includes(writer); tries++)
          writer = p.annotatorPool[Math.floor(rng.next() * p.annotatorPool.length)];
        const kindDraw = rng.next();
        const bodyDraw = rng.next();
        when = toSecond(Math.min(WINDOW_END, when + HOUR + rng.next() * 14 * DAY));
        if (writers.includes(writer)) continue; // too few annotators to find another one
        writers.push(writer);
        const weights =
          STATUSES[status] === InsightStatus.VALIDATED
            ? [35, 55, 10]
            : STATUSES[status] === InsightStatus.REFUTED
              ? [30, 10, 60]
              : [50, 30, 20];
        const kind = ANNOTATION_KINDS[weightedWith(weights, kindDraw)];
        const bodies = ANNOTATION_BODIES[kind];
        annotations.push({ author: employeeId(writer), kind, body: bodies[Math.floor(bodyDraw * bodies.length)], createdAt: iso(when) });
      }

      const record: RecordOf<'insight'> = {
        type: 'insight',
        externalId: insightId(j),
        title: capitalize(title).slice(0, 200),
        body,
        origin,
        status: STATUSES[status],
        confidence,
        author: employeeId(author),
        aboutCustomers: about.map(customerId),
      };
      if (aboutNeed >= 0) record.aboutNeeds = [needId(aboutNeed)];
      if (segment) record.aboutSegments = [segment];
      record.evidence = evidence.map(interactionId);
      if (topics.length) record.topics = topics;
      record.createdAt = iso(createdAt);
      if (annotations.length) record.annotations = annotations;
      this.counts.insight++;
      this.counts.annotation += annotations.length;
      yield record;
    }
  }

  /** Chooses `k` distinct numbers of 0..n-1 into `out` (partial Fisher-Yates on a small list). */
  private choose(rng: Rng, n: number, k: number, out: number[]): void {
    out.length = 0;
    const pool = [0, 1, 2, 3, 4, 5, 6, 7].slice(0, n);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rng.next() * (n - i));
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
      out.push(pool[i]);
    }
  }

  /** The manifest of the data set; throws until every record was consumed. */
  manifest(): Manifest {
    if (!this.done) throw new Error('the manifest is complete only after all records were consumed');
    const p = this.pop;
    const { size, seed } = this.options;
    const plants = [...this.plants].sort();
    const byTouchpoint: { [k: string]: SentimentFigure } = {};
    TOUCHPOINTS.forEach(
      (tp, k) => (byTouchpoint[tp] = { interactions: this.tpCount[k], meanSentiment: mean(this.tpSum[k], this.tpCount[k]) }),
    );
    const byChannel: { [k: string]: SentimentFigure } = {};
    CHANNELS.forEach((ch, k) => (byChannel[ch] = { interactions: this.chCount[k], meanSentiment: mean(this.chSum[k], this.chCount[k]) }));
    const holderCounts = Array.from({ length: p.needs }, (_, k) => p.holders(k)[1] - p.holders(k)[0]).sort((a, b) => b - a);

    const planted: PlantedPatterns = {};
    const total = this.counts.interaction;
    if (this.plants.has('needCooccurrence')) {
      const group: string[] = [];
      let holdersOfBoth = 0;
      for (let c = 0; c < p.customers; c++) {
        if (!p.cooccurrenceGroup[c]) continue;
        group.push(customerId(c));
        if (this.holds(c, p.plantNeedA) && this.holds(c, p.plantNeedB)) holdersOfBoth++;
      }
      const { withA, withB, withBoth, withBothInGroup } = this.cooc;
      planted.needCooccurrence = {
        description:
          `${group.length} customers express needs ${needId(p.plantNeedA)} and ${needId(p.plantNeedB)} together in about ` +
          `${PLANT_PARAMETERS.needCooccurrence.interactionShare * 100}% of their interactions, and hold both.`,
        needs: [needId(p.plantNeedA), needId(p.plantNeedB)],
        customers: group,
        groupHoldersOfBoth: holdersOfBoth,
        interactions: { total, withA, withB, withBoth, withBothInGroup },
        lift: withA && withB ? round2((withBoth * total) / (withA * withB)) : 0,
        holdings: this.holdingsRule(p.plantNeedA, p.plantNeedB),
      };
    }
    if (this.plants.has('touchpointSentimentDrop')) {
      const d = PLANT_PARAMETERS.touchpointSentimentDrop;
      planted.touchpointSentimentDrop = {
        description:
          `From ${iso(d.from)} on, ${d.touchpoint} interactions through ${d.channel} have a mean sentiment of about ` +
          `${d.meanSentiment}; before, they were neutral to positive.`,
        touchpoint: d.touchpoint,
        channel: d.channel,
        from: iso(d.from),
        before: { interactions: this.drop.beforeCount, meanSentiment: mean(this.drop.beforeSum, this.drop.beforeCount) },
        after: { interactions: this.drop.afterCount, meanSentiment: mean(this.drop.afterSum, this.drop.afterCount) },
      };
    }
    if (this.plants.has('atRiskSharedNeed')) {
      const x = p.plantNeedX;
      const plantedHolders: string[] = [];
      let atRisk = 0;
      let atRiskHolders = 0;
      let otherHolders = 0;
      for (let c = 0; c < p.customers; c++) {
        const holds = this.holds(c, x);
        if (p.stage[c] === AT_RISK) {
          atRisk++;
          if (holds) atRiskHolders++;
          if (p.atRiskPlanted[c] && holds) plantedHolders.push(customerId(c));
        } else if (holds) otherHolders++;
      }
      const others = p.customers - atRisk;
      planted.atRiskSharedNeed = {
        description: `Customers in lifecycle stage AT_RISK hold need ${needId(x)} far more often (about ${PLANT_PARAMETERS.atRiskSharedNeed.holderShare * 100}%) than the others.`,
        need: needId(x),
        plantedHolders,
        atRisk: { customers: atRisk, holders: atRiskHolders, share: round4(atRisk ? atRiskHolders / atRisk : 0) },
        others: { customers: others, holders: otherHolders, share: round4(others ? otherHolders / others : 0) },
      };
    }

    if (this.plants.has('nicheNeedPair')) {
      const [c, d] = this.plans.nicheNeeds;
      const needs = [needId(c), needId(d)].sort() as [string, string];
      const holdings = this.graphRule(c, d);
      planted.nicheNeedPair = {
        description:
          `${this.plans.nicheCustomers.length} customers with analytics consent hold needs ${needs[0]} and ${needs[1]}, which few ` +
          `others hold or express (${holdings.withA} and ${holdings.withB} consenting customers in all): support ${holdings.support}, ` +
          `lift ${holdings.lift}, confidence ${Math.max(holdings.confidenceAB, holdings.confidenceBA)}.`,
        needs,
        customers: this.plans.nicheCustomers.map(customerId),
        holdings: needs[0] === needId(c) ? holdings : this.graphRule(d, c),
      };
    }

    const asOf = iso(MINER_DEFAULTS.asOf);
    if (this.plants.has('emergingNeed')) {
      const [need, ...decoys] = this.plans.emergingNeeds.map((k) => this.needGrowth(k));
      const growth = (f: NeedGrowthFigure) => (f.growth === null ? 'from none' : `growth ${f.growth}`);
      const why: Record<NeedGrowthDecoy['kind'], (f: NeedGrowthFigure) => string> = {
        noGrowth: (f) =>
          `Expressed by ${f.previous} consenting customers in the previous window and ${f.recent} in the recent one: no growth (${growth(f)}).`,
        fewCustomers: (f) =>
          `Grows from ${f.previous} to ${f.recent} consenting customers (${growth(f)}), but fewer than ${MINER_DEFAULTS.emergingNeed.minCustomers} express it.`,
        slowGrowth: (f) =>
          `Grows from ${f.previous} to ${f.recent} consenting customers: ${growth(f)}, less than ${MINER_DEFAULTS.emergingNeed.growth}.`,
        withoutConsent: (f) =>
          `Expressed in the recent window by ${f.recentWithoutConsent} customers without analytics consent and by ${f.recent} with it.`,
        steadyNew: (f) =>
          `New: ${f.recent} consenting customers in the last ${PLANT_PARAMETERS.emergingNeed.steadyNewDays} days and none before, ` +
          `but evenly over those days, not rising (${f.rising.earlier} first expressions in the earlier half of the span, ${f.rising.later} in the later).`,
      };
      planted.emergingNeed = {
        description:
          `Need ${need.need} is expressed by ${need.recent} customers with analytics consent in the 90 days before ${asOf}, against ` +
          `${need.previous} in the 90 days before that (${growth(need)}), more and more toward the end (${need.rising.earlier} first ` +
          `expressions in the earlier half of the span since ${need.rising.from}, ${need.rising.later} in the later). Decoys that must not be found: ` +
          `${decoys.map((f, j) => `${f.need} (${EMERGING_KINDS[j + 1]})`).join(', ')}.`,
        asOf,
        need,
        decoys: decoys.map((f, j) => {
          const kind = EMERGING_KINDS[j + 1] as NeedGrowthDecoy['kind'];
          return { kind, description: why[kind](f), ...f };
        }),
      };
    }
    if (this.plants.has('sentimentDecline')) {
      const customers: SentimentDeclineFigure[] = [];
      const decoys: SentimentDeclineDecoy[] = [];
      const sd = PLANT_PARAMETERS.sentimentDecline;
      const min = MINER_DEFAULTS.sentimentDecline;
      const why: Record<SentimentDeclineDecoy['kind'], (f: SentimentDeclineFigure) => string> = {
        constantlyLow: (f) =>
          `Sentiment about ${sd.lowSentiment} in both windows (baseline ${f.baseline.meanSentiment}, recent ${f.recent.meanSentiment}): low, but no decline.`,
        smallDecline: (f) => `Recent sentiment ${f.decline} below the baseline: a decline, but less than ${min.minDecline}.`,
        tooFewRecent: (f) =>
          `Declined by ${f.decline}, but only ${f.recent.interactions} recent interactions carry a sentiment (fewer than ${min.minInteractions}).`,
        withoutConsent: (f) => `Declined by ${f.decline} like the planted customers, but without analytics consent.`,
        fewPointsNoise: (f) =>
          `Noisy sentiments, exactly ${f.baseline.interactions} in the baseline (mean ${f.baseline.meanSentiment}) and ` +
          `${f.recent.interactions} recently (mean ${f.recent.meanSentiment}): a drop of ${f.decline}, but on so few points no more than chance.`,
      };
      const kinds = [
        DECLINE.planted,
        DECLINE.constantlyLow,
        DECLINE.smallDecline,
        DECLINE.tooFewRecent,
        DECLINE.withoutConsent,
        DECLINE.fewPointsNoise,
      ];
      for (const kind of kinds) {
        for (let c = 0; c < p.customers; c++) {
          if (this.plans.declineKind[c] !== kind) continue;
          const f = this.sentimentFigure(c);
          if (kind === DECLINE.planted) customers.push(f);
          else {
            const name = DECLINE_KINDS[kind] as SentimentDeclineDecoy['kind'];
            decoys.push({ kind: name, description: why[name](f), ...f });
          }
        }
      }
      const declines = customers.map((f) => f.decline);
      planted.sentimentDecline = {
        description:
          `${customers.length} customers with analytics consent have a mean sentiment in the 90 days before ${asOf} about ${sd.decline} ` +
          `below their own mean of the 365 days before (declines ${Math.min(...declines)} to ${Math.max(...declines)}). ` +
          `${decoys.length} decoy customers must not be found: constantly low, a small decline, too few recent sentiments, no consent, ` +
          `a large drop on only 3 + 3 noisy points.`,
        asOf,
        customers,
        decoys,
      };
    }
    if (this.plants.has('touchpointQualityGap')) {
      const plans = this.plans;
      const gap = this.pairFigure(plans.gapPair);
      const tooFew = this.pairFigure(plans.tooFewPair);
      const before = this.pairFigure(plans.beforePair);
      const min = MINER_DEFAULTS.touchpointGap;
      const decoys: TouchpointChannelDecoy[] = [
        {
          kind: 'tooFewInteractions',
          description:
            `The same kind of gap (mean ${tooFew.recent.meanGap}), but only ${tooFew.recent.interactions} recent interactions of ` +
            `consenting customers carry both qualities (fewer than ${min.minInteractions}).`,
          ...tooFew,
        },
        {
          kind: 'beforeRecentWindow',
          description:
            `The gap (mean ${before.previous.meanGap} over ${before.previous.interactions} interactions) lies in the 90 days before the ` +
            `recent window; in the recent window the mean gap is ${before.recent.meanGap}.`,
          ...before,
        },
      ];
      const touchpointRecent = this.touchpointFigure(Math.floor(plans.gapPair / CHANNELS.length), 'recent');
      const split = plans.splitTouchpoint;
      const splitRecent = this.touchpointFigure(split, 'recent');
      const channels = CHANNELS.map((channel, ch) => ({ channel, recent: this.pairFigure(pairOf(split, ch)).recent })).filter(
        (x) => x.recent.interactions > 0,
      );
      const most = Math.max(0, ...channels.map((x) => x.recent.interactions));
      planted.touchpointQualityGap = {
        description:
          `In the 90 days before ${asOf}, perceived quality of ${gap.touchpoint} interactions through ${gap.channel} falls short of ` +
          `expected quality by ${-gap.recent.meanGap} on average (${gap.recent.interactions} interactions of consenting customers ` +
          `carry both qualities; ${gap.touchpoint} over all channels: ${touchpointRecent.meanGap}); in the 90 days before, the mean ` +
          `gap was ${gap.previous.meanGap}. At ${TOUCHPOINTS[split]}, every channel falls short (splitGap). Decoys: ` +
          `${decoys.map((q) => `${q.touchpoint}/${q.channel} (${q.kind})`).join(', ')}.`,
        asOf,
        ...gap,
        touchpointRecent,
        decoys,
        splitGap: {
          description:
            `In the 90 days before ${asOf}, ${TOUCHPOINTS[split]} interactions fall short of expected quality by ${-splitRecent.meanGap} ` +
            `on average over ${splitRecent.interactions} interactions, through ${channels.length} channels with at most ${most} each: ` +
            `found as a touchpoint, not by channel.`,
          touchpoint: TOUCHPOINTS[split],
          recent: splitRecent,
          previous: this.touchpointFigure(split, 'previous'),
          channels,
        },
      };
    }
    if (this.plants.has('singleThreadedAccount')) {
      const customers: SingleThreadedFigure[] = [];
      const decoys: SingleThreadedDecoy[] = [];
      const threshold = this.plans.lifetimeValueThreshold;
      const why: Record<SingleThreadedDecoy['kind'], (f: SingleThreadedFigure) => string> = {
        lowValue: (f) =>
          `Known by one employee (${f.knownBy.join(', ')}), but its lifetime value ${f.lifetimeValue} is below ${threshold}.`,
        secondOwner: (f) =>
          `High value, every interaction of the year handled by one owner, but the account has a second owner: known by ${f.knownBy.join(', ')}.`,
        secondHandler: (f) =>
          `High value with one owner, but one interaction of the year was handled by another employee: known by ${f.knownBy.join(', ')}.`,
        withoutConsent: (f) => `High value and known by one employee (${f.knownBy.join(', ')}), but without analytics consent.`,
        fewContacts: (f) =>
          `High value and known by one employee (${f.knownBy.join(', ')}), but with only ${f.interactions} interaction(s) in the year: ` +
          `no evidence that others would not have handled them.`,
      };
      const kinds = [THREAD.planted, THREAD.lowValue, THREAD.secondOwner, THREAD.secondHandler, THREAD.withoutConsent, THREAD.fewContacts];
      for (const kind of kinds) {
        for (let c = 0; c < p.customers; c++) {
          if (this.plans.threadKind[c] !== kind) continue;
          const known = [...(this.knownBy.get(c) ?? this.ownersOf(c))].map(employeeId).sort();
          const f: SingleThreadedFigure = {
            customer: customerId(c),
            consentAnalytics: consents(p, c),
            lifetimeValue: p.lifetimeValue[c],
            knownBy: known,
            interactions: this.yearInteractions.get(c) ?? 0,
          };
          if (kind === THREAD.planted) customers.push(f);
          else {
            const name = THREAD_KINDS[kind] as SingleThreadedDecoy['kind'];
            decoys.push({ kind: name, description: why[name](f), ...f });
          }
        }
      }
      planted.singleThreadedAccount = {
        description:
          `${customers.length} customers with analytics consent and a lifetime value at or above ${threshold} (the 80th percentile, ` +
          `percentileDisc, of consenting customers) are known by a single employee: one owner, who handled all their interactions ` +
          `in the 365 days before ${asOf}, at least ${PLANT_PARAMETERS.singleThreadedAccount.minInteractions} of them. ${decoys.length} ` +
          `decoy customers must not be found: low value, a second owner, a second handler, no consent, only one or two interactions.`,
        asOf,
        lifetimeValueThreshold: threshold,
        otherHandlerShare: this.otherHandlerShare(),
        customers,
        decoys,
      };
    }

    return {
      format: 'rapport-generated-data-set/1',
      size,
      seed,
      plants,
      quiet: this.options.quiet,
      flat: this.options.flat,
      window: { from: iso(WINDOW_START), to: iso(WINDOW_END) },
      counts: { ...this.counts },
      figures: {
        topFifthRevenueShare: topShare(p.revenue, 0.2),
        needHolders: { max: holderCounts[0] ?? 0, median: holderCounts[Math.floor(holderCounts.length / 2)] ?? 0 },
        sentimentByTouchpoint: byTouchpoint,
        sentimentByChannel: byChannel,
        monthsWithInteractions: this.months.size,
      },
      planted,
      expectations: expectationsOf(planted),
    };
  }

  /** The quality figure of a touchpoint over all its channels in a window (consenting customers). */
  private touchpointFigure(tp: number, window: 'recent' | 'previous'): QualityGapFigure {
    let sum = 0;
    let count = 0;
    for (let ch = 0; ch < CHANNELS.length; ch++) {
      const pair = pairOf(tp, ch);
      sum += window === 'recent' ? this.gapRecentSum[pair] : this.gapPreviousSum[pair];
      count += window === 'recent' ? this.gapRecentCount[pair] : this.gapPreviousCount[pair];
    }
    return { interactions: count, meanGap: mean(sum, count) };
  }

  /** SINGLE_THREADED_ACCOUNT's s: the share of the year's interactions not handled by the customer's most frequent handler. */
  private otherHandlerShare(): number {
    const e = this.pop.employees;
    const total = new Map<number, number>();
    const most = new Map<number, number>();
    for (const [key, count] of this.yearHandled) {
      const c = Math.floor(key / e);
      total.set(c, (total.get(c) ?? 0) + count);
      most.set(c, Math.max(most.get(c) ?? 0, count));
    }
    let all = 0;
    let others = 0;
    for (const [c, count] of total) {
      all += count;
      others += count - most.get(c)!;
    }
    return round4(all ? others / all : 0);
  }

  /** The rule between needs a and b over consenting customers' holdings as the graph has them: need records and expressed needs. */
  private graphRule(a: number, b: number): NonNullable<PlantedPatterns['needCooccurrence']>['holdings'] {
    return this.holdingsRule(a, b, this.nicheExpressed.get(a), this.nicheExpressed.get(b));
  }

  /**
   * The rule between needs a and b over the holdings of consenting customers (needsTogether); a
   * customer in `expressedA` (`expressedB`) counts as holding a (b) too.
   */
  private holdingsRule(
    a: number,
    b: number,
    expressedA?: ReadonlySet<number>,
    expressedB?: ReadonlySet<number>,
  ): NonNullable<PlantedPatterns['needCooccurrence']>['holdings'] {
    const p = this.pop;
    let customers = 0;
    let withA = 0;
    let withB = 0;
    let withBoth = 0;
    for (let c = 0; c < p.customers; c++) {
      if (!consents(p, c)) continue;
      customers++;
      const holdsA = this.holds(c, a) || !!expressedA?.has(c);
      const holdsB = this.holds(c, b) || !!expressedB?.has(c);
      if (holdsA) withA++;
      if (holdsB) withB++;
      if (holdsA && holdsB) withBoth++;
    }
    return {
      customers,
      withA,
      withB,
      withBoth,
      support: round4(customers ? withBoth / customers : 0),
      confidenceAB: round4(withA ? withBoth / withA : 0),
      confidenceBA: round4(withB ? withBoth / withB : 0),
      lift: round4(withA && withB ? (withBoth * customers) / (withA * withB) : 0),
    };
  }

  /** Distinct customers who expressed need k in the emergingNeed windows. */
  private needGrowth(k: number): NeedGrowthFigure {
    const previous = this.needPrevious[k];
    const recent = this.needRecent[k];
    return {
      need: needId(k),
      previous,
      recent,
      growth: previous ? round2(recent / previous) : null,
      recentCustomers: (this.emergingRecent.get(k) ?? []).map(customerId).sort(),
      recentWithoutConsent: this.emergingWithoutConsent.get(k)?.size ?? 0,
      rising: risingOf([...(this.firstExpression.get(k)?.values() ?? [])]),
    };
  }

  /** Customer c's sentiment in the sentimentDecline windows. */
  private sentimentFigure(c: number): SentimentDeclineFigure {
    const baseline = this.baselineCount[c] ? this.baselineSum[c] / this.baselineCount[c] : 0;
    const recent = this.recentCount[c] ? this.recentSum[c] / this.recentCount[c] : 0;
    return {
      customer: customerId(c),
      consentAnalytics: consents(this.pop, c),
      baseline: { interactions: this.baselineCount[c], meanSentiment: mean(this.baselineSum[c], this.baselineCount[c]) },
      recent: { interactions: this.recentCount[c], meanSentiment: mean(this.recentSum[c], this.recentCount[c]) },
      decline: round4(baseline - recent),
    };
  }

  /** The quality figures of a pair in the touchpointGap windows. */
  private pairFigure(pair: number): TouchpointChannelFigure {
    const figure = (sum: number, count: number): QualityGapFigure => ({ interactions: count, meanGap: mean(sum, count) });
    return {
      touchpoint: TOUCHPOINTS[Math.floor(pair / CHANNELS.length)],
      channel: CHANNELS[pair % CHANNELS.length],
      recent: figure(this.gapRecentSum[pair], this.gapRecentCount[pair]),
      previous: figure(this.gapPreviousSum[pair], this.gapPreviousCount[pair]),
    };
  }

  private holds(c: number, need: number): boolean {
    const p = this.pop;
    for (let h = p.holdStart[c]; h < p.holdStart[c + 1]; h++) if (p.holdNeed[h] === need) return true;
    return false;
  }
}

/** The rising figure of first-expression times (see NeedRisingFigure). */
export function risingOf(firsts: number[]): NeedRisingFigure {
  if (!firsts.length) return { from: null, middle: null, earlier: 0, later: 0 };
  const from = Math.min(...firsts);
  const middle = from + (MINER_DEFAULTS.asOf - from) / 2;
  const later = firsts.filter((t) => t >= middle).length;
  return { from: iso(from), middle: new Date(middle).toISOString(), earlier: firsts.length - later, later };
}

/** The expectation list of the planted patterns (see Expectation). */
export function expectationsOf(planted: PlantedPatterns): Expectation[] {
  const out: Expectation[] = [];
  const push = (miner: Expectation['miner'], kind: Expectation['kind'], label: string, subjects: string[]) =>
    out.push({ miner, kind, label, subjects });
  if (planted.needCooccurrence) push('NEEDS_TOGETHER', 'planted', 'planted', [...planted.needCooccurrence.needs].sort());
  if (planted.nicheNeedPair) push('NEEDS_TOGETHER', 'planted', 'nicheNeedPair', [...planted.nicheNeedPair.needs].sort());
  const e = planted.emergingNeed;
  if (e) {
    push('EMERGING_NEED', 'planted', 'planted', [e.need.need]);
    for (const d of e.decoys) push('EMERGING_NEED', 'decoy', d.kind, [d.need]);
  }
  const s = planted.sentimentDecline;
  if (s) {
    for (const f of s.customers) push('SENTIMENT_DECLINE', 'planted', 'planted', [f.customer]);
    for (const d of s.decoys) push('SENTIMENT_DECLINE', 'decoy', d.kind, [d.customer]);
  }
  const g = planted.touchpointQualityGap;
  if (g) {
    push('TOUCHPOINT_GAP', 'planted', 'planted', [g.touchpoint, g.channel]);
    push('TOUCHPOINT_GAP', 'planted', 'splitGap', [g.splitGap.touchpoint]);
    for (const d of g.decoys) push('TOUCHPOINT_GAP', 'decoy', d.kind, [d.touchpoint, d.channel]);
  }
  const t = planted.singleThreadedAccount;
  if (t) {
    for (const f of t.customers) push('SINGLE_THREADED_ACCOUNT', 'planted', 'planted', [f.customer]);
    for (const d of t.decoys) push('SINGLE_THREADED_ACCOUNT', 'decoy', d.kind, [d.customer]);
  }
  return out;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** An index of `weights` for a given uniform draw. */
function weightedWith(weights: readonly number[], draw: number): number {
  let total = 0;
  for (const w of weights) total += w;
  let x = draw * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/**
 * The quiet base's rule for NEEDS_TOGETHER, on the holdings as the graph has them (need records,
 * and every need a consenting customer expresses): a consenting customer does not express a need
 * it does not hold yet when that would bring a pair of needs with at least 10 common holders to a
 * lift of 1.9 and a confidence (either way) of 0.55: just short of the miner's effect sizes.
 * Adding a holder of X lowers the lift and the confidence X → Y of every pair (X, Y) whose Y it
 * does not hold, so checking the pairs with the customer's own needs on every addition keeps every
 * pair short. (The customers who talk most express the most needs, so without the rule rare needs
 * look associated with popular ones.)
 */
export class QuietTogether {
  private readonly m: number;
  private readonly customers: number;
  private readonly count: Int32Array;
  private readonly both = new Map<number, number>();
  private readonly held: number[][];
  private readonly accepted: number[] = [];
  private readonly exempt = new Set<number>();
  private readonly exemptNeeds: Set<number>;
  private readonly minLift = MINER_DEFAULTS.needsTogether.minLift - 0.1;
  private readonly minConfidence = MINER_DEFAULTS.needsTogether.minConfidence - 0.05;
  /** Expressions held back. */
  heldBack = 0;

  constructor(p: Population, exemptPairs: readonly (readonly [number, number])[], exemptNeeds: readonly number[]) {
    this.m = p.needs;
    this.count = new Int32Array(p.needs);
    this.held = [];
    let customers = 0;
    for (let c = 0; c < p.customers; c++) {
      const needs: number[] = [];
      if (consents(p, c)) {
        customers++;
        for (let h = p.holdStart[c]; h < p.holdStart[c + 1]; h++) {
          const need = p.holdNeed[h];
          for (const other of needs) this.add(need, other);
          needs.push(need);
          this.count[need]++;
        }
      }
      this.held.push(needs);
    }
    this.customers = customers;
    for (const [a, b] of exemptPairs) this.exempt.add(this.key(a, b));
    this.exemptNeeds = new Set(exemptNeeds);
  }

  private key(a: number, b: number): number {
    return a < b ? a * this.m + b : b * this.m + a;
  }

  private add(a: number, b: number): void {
    const k = this.key(a, b);
    this.both.set(k, (this.both.get(k) ?? 0) + 1);
  }

  /** Removes from `needs` what consenting customer c may not newly express. */
  holdBack(c: number, needs: number[]): void {
    const held = this.held[c];
    this.accepted.length = 0;
    for (let i = 0; i < needs.length;) {
      const x = needs[i];
      if (this.exemptNeeds.has(x) || held.includes(x) || this.accepted.includes(x)) {
        i++;
        continue;
      }
      const nx = this.count[x] + 1;
      let close = false;
      for (const list of [held, this.accepted]) {
        for (const b of list) {
          const k = this.key(x, b);
          if (this.exempt.has(k)) continue;
          const both = (this.both.get(k) ?? 0) + 1;
          if (both < MINER_DEFAULTS.needsTogether.minCustomers) continue;
          const nb = this.count[b];
          if ((both * this.customers) / (nx * nb) >= this.minLift && Math.max(both / nx, both / nb) >= this.minConfidence) {
            close = true;
            break;
          }
        }
        if (close) break;
      }
      if (close) {
        needs.splice(i, 1);
        this.heldBack++;
        continue;
      }
      this.accepted.push(x);
      i++;
    }
  }

  /** Records that consenting customer c expressed `needs` (as written). */
  commit(c: number, needs: readonly number[]): void {
    const held = this.held[c];
    for (const x of needs) {
      if (held.includes(x)) continue;
      for (const b of held) this.add(x, b);
      held.push(x);
      this.count[x]++;
    }
  }
}

/** Share of the total held by the top `fraction` of values (4 decimals). */
export function topShare(values: ArrayLike<number>, fraction: number): number {
  const sorted = Float64Array.from(values).sort().reverse();
  const top = Math.round(sorted.length * fraction);
  let all = 0;
  let head = 0;
  for (let i = 0; i < sorted.length; i++) {
    all += sorted[i];
    if (i < top) head += sorted[i];
  }
  return all ? round4(head / all) : 0;
}
