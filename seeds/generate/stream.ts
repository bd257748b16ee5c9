import { AccessRole } from '../../src/server/auth';
import { AnnotationKind } from '../../src/modules/annotation/annotation.type';
import { InsightOrigin, InsightStatus } from '../../src/modules/insight/insight.type';
import { Channel, Direction, Touchpoint } from '../../src/modules/interaction/interaction.type';
import type { ImportRecordInput } from '../../src/import/records';
import { AliasTable, Rng, Streams, clamp, round2 } from './random';
import {
  AT_RISK,
  PROSPECT,
  Population,
  ROLES,
  customerId,
  employeeId,
  interactionId,
  insightId,
  iso,
  needId,
  toSecond,
} from './population';
import {
  PLANT_PARAMETERS,
  WINDOW_END,
  WINDOW_START,
  type Manifest,
  type PlantName,
  type PlantedPatterns,
  type SentimentFigure,
  type SizeName,
  type SizeSpec,
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
 */

type RecordOf<T extends ImportRecordInput['type']> = Extract<ImportRecordInput, { type: T }>;

const DAY = 86_400_000;
const HOUR = 3_600_000;

const TOUCHPOINTS = [
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

const CHANNELS = [
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
const CHANNEL_MIX: readonly (readonly number[])[] = [
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
const TOUCHPOINT_SENTIMENT = [0.35, 0.4, -0.22, -0.3, 0.12, 0.1, 0.45, 0.02];
const CHANNEL_SENTIMENT = [0, -0.12, 0.1, 0.1, 0.05, -0.2, 0, -0.02];

/** Distributions of small counts: needs per interaction (0-2), topics (0-3), annotations (0-4, mean ~1.5). */
const NEEDS_PER_INTERACTION = [50, 36, 14];
const TOPICS_PER_INTERACTION = [25, 40, 25, 10];
const TOPICS_PER_INSIGHT = [15, 35, 35, 15];
const ANNOTATIONS_PER_INSIGHT = [22, 32, 24, 14, 8];

const STATUSES = [InsightStatus.DRAFT, InsightStatus.PROPOSED, InsightStatus.VALIDATED, InsightStatus.REFUTED, InsightStatus.ARCHIVED] as const;
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
}

/** Random streams by purpose (fixed numbers: changing one part never shifts another). */
const STREAM = { people: 0, needs: 1, interactions: 2, insights: 3, plants: 4, plantedInteractions: 5, reservoirs: 6 } as const;

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

/** Calendar of the window: per day its start, cumulative weight and month number. */
function calendar(): { days: number; start: Float64Array; cumulative: Float64Array; month: Int32Array } {
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
    const weight = (1 + (0.6 * d) / days) * (weekday === 0 || weekday === 6 ? 0.15 : 1) * (m === 7 ? 0.8 : m === 11 ? 0.75 : 1);
    start[d] = t;
    cumulative[d + 1] = (cumulative[d] as number) + weight;
    month[d] = date.getUTCFullYear() * 12 + m;
  }
  return { days, start, cumulative, month };
}

/**
 * One run of the generator: `records()` yields every record once; `manifest()` is complete after
 * the records were consumed.
 */
export class Run {
  private readonly streams: Streams;
  private readonly plants: ReadonlySet<PlantName>;
  private pop!: Population;
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
    yield* this.segments();
    yield* this.employees();
    yield* this.customers();
    yield* this.needs();
    yield* this.interactions(s.stream(STREAM.interactions), s.stream(STREAM.plantedInteractions), s.stream(STREAM.reservoirs));
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
      record.owners = p.owner2[i] >= 0 ? [employeeId(p.owner1[i]), employeeId(p.owner2[i])] : [employeeId(p.owner1[i])];
      record.createdAt = iso(p.createdAt[i]);
      this.counts.customer++;
      yield record;
    }
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

  private *interactions(rng: Rng, plantRng: Rng, reservoirRng: Rng): Generator<RecordOf<'interaction'>> {
    const p = this.pop;
    const total = this.options.spec.interactions;
    const n = p.customers;
    const m = p.needs;
    const cal = calendar();
    const grand = cal.cumulative[cal.days];
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

    const cooccurrenceOn = this.plants.has('needCooccurrence');
    const dropOn = this.plants.has('touchpointSentimentDrop');
    const drop = PLANT_PARAMETERS.touchpointSentimentDrop;
    const dropTouchpoint = TOUCHPOINTS.indexOf(drop.touchpoint);
    const dropChannel = CHANNELS.indexOf(drop.channel);
    const [am, cs, support, analyst, pm, exec] = p.byRole;
    const activeHeld: number[] = [];
    const needs: number[] = [];
    const topics: TopicName[] = [];
    let day = 0;

    for (let x = 0; x < total; x++) {
      // When: the x-th of `total` points spread over the calendar's weights, so that the file is
      // chronological without sorting; within a day between 07:00 and 19:00.
      const y = ((x + rng.next()) / total) * grand;
      while (day < cal.days - 1 && cal.cumulative[day + 1] <= y) day++;
      const within = (y - cal.cumulative[day]) / (cal.cumulative[day + 1] - cal.cumulative[day]);
      const t = toSecond(cal.start[day] + 7 * HOUR + within * 12 * HOUR);
      this.months.add(cal.month[day]);

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
      const stage = p.stage[c];
      const onboarding = p.createdAt[c] >= WINDOW_START && t - p.createdAt[c] < 90 * DAY && stage !== PROSPECT;

      // Where, how, who handled it.
      const tp = rng.weighted(onboarding ? ONBOARDING_MIX : TOUCHPOINT_MIX[stage]);
      const ch = rng.weighted(CHANNEL_MIX[tp]);
      const direction = rng.chance(INBOUND[tp]) ? Direction.INBOUND : Direction.OUTBOUND;
      const handler = this.handler(c, tp, rng.next(), rng.next(), { am, cs, support, analyst, pm, exec });

      // Sentiment and quality.
      let sentiment = round2(clamp(TOUCHPOINT_SENTIMENT[tp] + CHANNEL_SENTIMENT[ch] + p.mood[c] + 0.28 * rng.normal(), -1, 1));
      let hasSentiment = rng.next() >= 0.03;
      if (dropOn && tp === dropTouchpoint && ch === dropChannel && t >= drop.from) {
        sentiment = round2(clamp(drop.meanSentiment + 0.15 * plantRng.normal(), -1, 1));
        hasSentiment = true;
      }
      const hasQuality = rng.next() < 0.75;
      const expected = clamp(Math.round(3.6 + 0.4 * p.collaborative[c] + 0.7 * rng.normal()), 1, 5);
      const perceived = clamp(Math.round(expected - 0.3 + 1.6 * sentiment + 0.6 * rng.normal()), 1, 5);

      // Needs expressed: mostly needs the customer holds (since before now), else popular ones.
      activeHeld.length = 0;
      for (let h = p.holdStart[c]; h < p.holdStart[c + 1]; h++) if (p.holdSince[h] <= t) activeHeld.push(p.holdNeed[h]);
      needs.length = 0;
      const needCount = rng.weighted(NEEDS_PER_INTERACTION);
      for (let k = 0; k < needCount; k++) {
        const r1 = rng.next();
        const r2 = rng.next();
        const need = activeHeld.length && r1 < 0.8 ? activeHeld[Math.floor(r2 * activeHeld.length)] : p.needPopularity.at(r2);
        if (!needs.includes(need)) needs.push(need);
      }
      if (cooccurrenceOn && p.cooccurrenceGroup[c] && plantRng.next() < PLANT_PARAMETERS.needCooccurrence.interactionShare) {
        needs.length = 0;
        needs.push(p.plantNeedA, p.plantNeedB);
      }

      // Topics: from the needs, else from the touchpoint.
      topics.length = 0;
      const topicCount = rng.weighted(TOPICS_PER_INTERACTION);
      const tpTopics = TOUCHPOINT_TOPICS[TOUCHPOINTS[tp]];
      for (let k = 0; k < topicCount; k++) {
        const r = rng.next();
        const topic =
          k < needs.length && r < 0.7 ? NEED_STEMS[p.needStem[needs[k]]].topics[r < 0.35 ? 0 : 1] : tpTopics[Math.floor(r * tpTopics.length)];
        if (!topics.includes(topic)) topics.push(topic);
      }

      // Words.
      const subjects = TOUCHPOINT_SUBJECTS[TOUCHPOINTS[tp]];
      const subjectDraw = rng.next();
      const subject = needs.length ? `"${decapitalize(p.needTitle(needs[0]))}"` : subjects[Math.floor(subjectDraw * subjects.length)];
      const mood = moodOf(hasSentiment ? sentiment : 0);
      const summaryTemplates = SUMMARY_MOODS[mood];
      const summary = `${TOUCHPOINT_LABELS[TOUCHPOINTS[tp]]}, ${p.customerShortName(c)}: ${summaryTemplates[
        Math.floor(rng.next() * summaryTemplates.length)
      ].replace('{s}', subject)}`;
      const contentDraw = rng.next();
      const contactDraw = rng.next();
      const contentTemplates = CONTENT_MOODS[mood];
      const content =
        contentDraw < 0.3
          ? contentTemplates[Math.floor((contentDraw / 0.3) * contentTemplates.length)]
              .replace('{n}', p.contactFirstName(c, contactDraw))
              .replace('{s}', subject)
          : undefined;

      const record: RecordOf<'interaction'> = {
        type: 'interaction',
        externalId: interactionId(x),
        customer: customerId(c),
        handler: employeeId(handler),
        channel: CHANNELS[ch],
        touchpoint: TOUCHPOINTS[tp],
        direction,
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

      // Reservoirs (evidence for insights): uniform samples of each customer's and need's interactions.
      const s = hasSentiment ? sentiment : NaN;
      const firstNeed = needs.length ? needs[0] : -1;
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
      for (const need of needs) {
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

  /** Who handled an interaction with customer c at touchpoint tp (r1, r2: uniform draws). */
  private handler(
    c: number,
    tp: number,
    r1: number,
    r2: number,
    pools: { am: number[]; cs: number[]; support: number[]; analyst: number[]; pm: number[]; exec: number[] },
  ): number {
    const p = this.pop;
    const owner = p.owner2[c] >= 0 && r2 < 0.3 ? p.owner2[c] : p.owner1[c];
    const any = (pool: number[]) => pool[Math.floor(r2 * pool.length)];
    switch (tp) {
      case SALES:
      case RENEWAL:
        return r1 < 0.75 ? owner : any(pools.am);
      case ONBOARDING:
        return r1 < 0.5 ? owner : any(pools.cs);
      case SUPPORT:
        return any(pools.support);
      case BILLING:
        return r1 < 0.6 ? any(pools.support) : owner;
      case PRODUCT:
        return r1 < 0.6 ? any(pools.pm) : owner;
      case EVENT:
        return r1 < 0.5 ? owner : r1 < 0.8 ? any(pools.pm) : any(pools.exec);
      case FEEDBACK:
      default:
        return r1 < 0.4 ? any(pools.analyst) : r1 < 0.7 ? any(pools.cs) : any(pools.support);
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
        const topic = aboutNeed >= 0 && k < 2 && r < 0.7 ? NEED_STEMS[p.needStem[aboutNeed]].topics[k] : tpTopics[Math.floor(r * tpTopics.length)];
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
        for (let tries = 0; tries < 8 && writers.includes(writer); tries++) writer = p.annotatorPool[Math.floor(rng.next() * p.annotatorPool.length)];
        const kindDraw = rng.next();
        const bodyDraw = rng.next();
        when = toSecond(Math.min(WINDOW_END, when + HOUR + rng.next() * 14 * DAY));
        if (writers.includes(writer)) continue; // too few annotators to find another one
        writers.push(writer);
        const weights = STATUSES[status] === InsightStatus.VALIDATED ? [35, 55, 10] : STATUSES[status] === InsightStatus.REFUTED ? [30, 10, 60] : [50, 30, 20];
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
    TOUCHPOINTS.forEach((tp, k) => (byTouchpoint[tp] = { interactions: this.tpCount[k], meanSentiment: mean(this.tpSum[k], this.tpCount[k]) }));
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

    return {
      format: 'rapport-generated-data-set/1',
      size,
      seed,
      plants,
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
    };
  }

  private holds(c: number, need: number): boolean {
    const p = this.pop;
    for (let h = p.holdStart[c]; h < p.holdStart[c + 1]; h++) if (p.holdNeed[h] === need) return true;
    return false;
  }
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

