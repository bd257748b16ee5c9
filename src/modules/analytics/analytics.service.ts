import DataLoader from 'dataloader';
import { checkFirst } from '../../common/connection';
import { badInput } from '../../common/errors';
import type { AnalyticsCache } from './analytics.cache';
import type { Graph } from '../../db/graph';
import type { Reader } from '../../db/read-batcher';
import { LifecycleStage, RelationshipType } from '../customer/customer.type';
import { Channel, Touchpoint } from '../interaction/interaction.type';
import {
  consentingCustomers,
  customersContactedIn,
  healthFacts,
  oldestHealthAsOf,
  storedHealthBelow,
  needExpertFacts,
  needTrendFacts,
  portfolioFigures,
  valueMedians,
  type ValueMedians,
  topicExpertFacts,
  touchpointFacts,
} from './analytics.repository';
import {
  ValueQuadrant,
  type AtRiskCustomer,
  type CustomerHealth,
  type Expert,
  type NeedTrend,
  type NeedTrendReport,
  type Portfolio,
  type TimeWindow,
  type TimeWindowInput,
  type TouchpointExperience,
} from './analytics.type';
import {
  DAY_MS,
  HEALTH_BASELINE_DAYS,
  HEALTH_RECENT_DAYS,
  HEALTH_WEIGHTS,
  RECENCY_HORIZON_DAYS,
  healthExplanation,
  healthScore,
  healthWindow,
  round,
} from './scores';

/** An object type without the fields its field resolvers load. */
export type Resolved<T, K extends keyof T> = Omit<T, K>;

/** Default length of an analytic's window, in days. */
export const DEFAULT_WINDOW_DAYS = 90;
/** Default number of items of the ranked lists (capped like every list, see checkFirst). */
export const DEFAULT_RANKED = 10;

/** Checks the length of a ranked list: 0 to 100, default 10. */
export const checkRanked = (first: number | null | undefined): number => checkFirst(first ?? DEFAULT_RANKED);

/** The window an input names: `days` days ending at `end` (default: now). */
export function resolveWindow(input: TimeWindowInput | null | undefined, now: Date, defaultDays = DEFAULT_WINDOW_DAYS): TimeWindow {
  const end = input?.end ?? now;
  const days = input?.days ?? defaultDays;
  return { start: new Date(end.getTime() - days * DAY_MS), end };
}

const iso = (w: TimeWindow) => ({ start: w.start.toISOString(), end: w.end.toISOString() });

/**
 * The analytics across customers. Every one leaves out customers without analytics consent, and
 * answers from the {@link AnalyticsCache} while the graph has not changed.
 */
export class AnalyticsService {
  /** One read for every check asked at the same moment (each subscriber of one event asks), never cached. */
  private readonly consent: DataLoader<string, boolean>;

  constructor(
    private readonly graph: Graph,
    readonly cache: AnalyticsCache,
  ) {
    this.consent = new DataLoader(
      async (ids) => {
        const sharing = await consentingCustomers(graph, ids);
        return ids.map((id) => sharing.has(id));
      },
      { cache: false },
    );
  }

  /**
   * Whether a customer shares analytics now. A health event is checked at delivery (live, replayed
   * or sent to a webhook): consent withdrawn after it was logged keeps it from going out.
   */
  sharesAnalytics(customerId: string): Promise<boolean> {
    return this.consent.load(customerId);
  }

  private async computeNeedTrends(
    windowInput: TimeWindowInput | null,
    previousInput: TimeWindowInput | null,
    segmentId: string | null,
    first: number | null,
  ): Promise<Resolved<NeedTrendReport, 'trends'> & { trends: Resolved<NeedTrend, 'need'>[] }> {
    segmentId = segmentId ?? null; // an argument left out arrives as undefined
    const n = checkRanked(first);
    const window = resolveWindow(windowInput, new Date());
    const previous = previousInput
      ? resolveWindow(previousInput, window.start)
      : { start: new Date(2 * window.start.getTime() - window.end.getTime()), end: window.start };
    const facts = n === 0 ? [] : await needTrendFacts(this.graph, iso(window), iso(previous), segmentId, n);
    return {
      window,
      previousWindow: previous,
      trends: facts.map((f) => ({
        ...f,
        growth: f.previousCustomerCount === 0 ? null : round(f.customerCount / f.previousCustomerCount, 4),
      })),
    };
  }

  private async computeExpertsOn(
    topicId: string | null,
    needId: string | null,
    first: number | null,
  ): Promise<Resolved<Expert, 'employee'>[]> {
    if ((topicId == null) === (needId == null))
      throw badInput(topicId == null ? 'topicId' : 'needId', 'Give exactly one of topicId and needId.');
    const n = checkRanked(first);
    if (n === 0) return [];
    const facts = topicId != null ? await topicExpertFacts(this.graph, topicId, n) : await needExpertFacts(this.graph, needId as string, n);
    return facts.map((f) => ({
      ...f,
      score: f.interactionCount + 3 * f.insightCount + f.accountCount,
      reason: expertReason(f),
    }));
  }

  private async computeAtRiskCustomers(
    segmentId: string | null,
    healthBelow: number,
    first: number | null,
  ): Promise<(Resolved<AtRiskCustomer, 'customer'> & { customerId: string })[]> {
    const n = checkRanked(first);
    if (!Number.isInteger(healthBelow) || healthBelow < 0 || healthBelow > 101) {
      throw badInput('healthBelow', `\`healthBelow\` must be between 0 and 101; got ${healthBelow}.`);
    }
    const asOf = new Date();
    const found = n === 0 ? [] : await atRiskFromSnapshot(this.graph, segmentId ?? null, healthBelow, n, asOf);
    return found.map((h) => ({ customerId: h.customerId, health: h, explanation: healthExplanation(h) }));
  }

  private async computePortfolio(segmentId: string | null): Promise<Portfolio> {
    const stages = Object.values(LifecycleStage);
    const types = Object.values(RelationshipType);
    const medians = await this.medians();
    const f = await portfolioFigures(this.graph, segmentId ?? null, medians, stages, types);
    const totalProfit = f.revenue - f.cost;
    const quadrantCount: Record<ValueQuadrant, number> = {
      [ValueQuadrant.HIGH_REVENUE_LOW_COST]: f.quadrants.hrlc,
      [ValueQuadrant.HIGH_REVENUE_HIGH_COST]: f.quadrants.hrhc,
      [ValueQuadrant.LOW_REVENUE_LOW_COST]: f.quadrants.lrlc,
      [ValueQuadrant.LOW_REVENUE_HIGH_COST]: f.quadrants.lrhc,
    };
    return {
      customerCount: f.customers,
      customerEquity: round(f.equity, 2),
      totalRevenue: round(f.revenue, 2),
      totalCostToServe: round(f.cost, 2),
      totalProfit: round(totalProfit, 2),
      topFifthProfitShare: totalProfit > 0 ? round(f.topProfit / totalProfit, 4) : null,
      topFifthCustomerCount: f.topCount,
      medianRevenue: medians.medianRevenue,
      medianCostToServe: medians.medianCostToServe,
      byValueQuadrant: Object.values(ValueQuadrant).map((quadrant) => ({ quadrant, customerCount: quadrantCount[quadrant] })),
      byLifecycleStage: stages.map((stage, k) => ({ stage, customerCount: f.stageCounts[k] })),
      byRelationshipType: types.map((relationshipType, k) => ({ relationshipType, customerCount: f.typeCounts[k] })),
    };
  }

  private async computeExperienceByTouchpoint(
    channel: Channel | null,
    windowInput: TimeWindowInput | null,
    segmentId: string | null,
  ): Promise<TouchpointExperience[]> {
    const window = resolveWindow(windowInput, new Date());
    const facts = await touchpointFacts(this.graph, iso(window), channel ?? null, segmentId ?? null);
    const touchpoints = Object.values(Touchpoint) as string[];
    const channels = Object.values(Channel) as string[];
    const r4 = (x: number | null) => (x == null ? null : round(x, 4));
    return facts
      .map((f) => ({
        touchpoint: f.touchpoint as Touchpoint,
        channel: f.channel as Channel,
        interactionCount: f.interactionCount,
        averageSentiment: r4(f.averageSentiment),
        qualityCount: f.qualityCount,
        averageExpectedQuality: r4(f.averageExpectedQuality),
        averagePerceivedQuality: r4(f.averagePerceivedQuality),
        gap: f.qualityCount ? r4((f.averagePerceivedQuality as number) - (f.averageExpectedQuality as number)) : null,
      }))
      .sort(
        (a, b) =>
          touchpoints.indexOf(a.touchpoint) - touchpoints.indexOf(b.touchpoint) ||
          channels.indexOf(a.channel) - channels.indexOf(b.channel),
      );
  }

  /** Medians of revenue and cost to serve: the value quadrants' lines, shared with `Customer.valueQuadrant`. */
  medians(reader: Reader = this.graph): Promise<ValueMedians> {
    return this.cache.get('valueMedians', () => valueMedians(reader));
  }

  /** The answer for these arguments, from the cache when it has a fresh one. */
  private cached<T>(name: string, args: unknown[], compute: () => Promise<T>): Promise<T> {
    return this.cache.get(`${name}:${JSON.stringify(args.map((a) => a ?? null))}`, compute);
  }

  needTrends(windowInput: TimeWindowInput | null, previousInput: TimeWindowInput | null, segmentId: string | null, first: number | null) {
    return this.cached('needTrends', [windowInput, previousInput, segmentId, first], () =>
      this.computeNeedTrends(windowInput, previousInput, segmentId, first),
    );
  }

  expertsOn(topicId: string | null, needId: string | null, first: number | null) {
    return this.cached('expertsOn', [topicId, needId, first], () => this.computeExpertsOn(topicId, needId, first));
  }

  atRiskCustomers(segmentId: string | null, healthBelow: number, first: number | null) {
    return this.cached('atRiskCustomers', [segmentId, healthBelow, first], () =>
      this.computeAtRiskCustomers(segmentId, healthBelow, first),
    );
  }

  portfolio(segmentId: string | null) {
    return this.cached('portfolio', [segmentId], () => this.computePortfolio(segmentId));
  }

  experienceByTouchpoint(channel: Channel | null, windowInput: TimeWindowInput | null, segmentId: string | null) {
    return this.cached('experienceByTouchpoint', [channel, windowInput, segmentId], () =>
      this.computeExperienceByTouchpoint(channel, windowInput, segmentId),
    );
  }
}

/** Exact health scores are computed for this many stored candidates at a time (at least). */
const AT_RISK_CHUNK = 50;

/**
 * The `n` customers with the lowest health below `healthBelow` as of `asOf`, exactly as computing
 * every customer's health would find them, but computing it only for the customers whose stored
 * snapshot (health-snapshot.ts) says they may qualify.
 *
 * Every write that changes a customer's health facts refreshes their snapshot, so between the
 * snapshot's `healthAsOf` (at or after the oldest of them, `oldest`) and now a health can change
 * only (a) by an interaction entering or leaving the 90-day or 365-day windows, or one newer than
 * the snapshot: the customers with an interaction in those slices of time, read from the time
 * index, are computed exactly, whatever their stored score; or (b) through RECENCY, which only
 * loses points with the days since the last contact: at most 25 × (whole days elapsed + 1) / 180
 * points. Any other customer scores now at most `slack` points below their stored score: those
 * stored below `healthBelow + slack` are the other candidates, computed exactly in order of stored
 * score until no one left can beat the `n`-th found (a stored score S means now at least S - slack).
 */
async function atRiskFromSnapshot(
  graph: Graph,
  segmentId: string | null,
  healthBelow: number,
  n: number,
  asOf: Date,
): Promise<CustomerHealth[]> {
  const oldest = await oldestHealthAsOf(graph);
  if (!oldest) return [];
  const elapsedDays = Math.max(0, Math.floor((asOf.getTime() - oldest.getTime()) / DAY_MS));
  const slack = Math.ceil((100 * HEALTH_WEIGHTS.RECENCY * (elapsedDays + 1)) / RECENCY_HORIZON_DAYS) + 1;
  const shift = (d: Date, days: number) => new Date(d.getTime() - days * DAY_MS).toISOString();
  const recent = HEALTH_RECENT_DAYS;
  const baseline = HEALTH_RECENT_DAYS + HEALTH_BASELINE_DAYS;
  const crossing = await customersContactedIn(graph, segmentId, [
    { from: shift(oldest, baseline), to: shift(asOf, baseline) },
    { from: shift(oldest, recent), to: shift(asOf, recent) },
    { from: oldest.toISOString(), to: asOf.toISOString() },
  ]);
  const window = healthWindow(asOf);
  const exact = async (ids: string[]) => (ids.length ? await healthFacts(graph, ids, window) : []).map((f) => healthScore(f, asOf));
  const byScore = (a: CustomerHealth, b: CustomerHealth) => a.score - b.score || a.customerId.localeCompare(b.customerId);
  const computed = new Set(crossing);
  let found = (await exact(crossing)).filter((h) => h.score < healthBelow);
  // The stored candidates, a chunk at a time in order of stored score, until no one left can come before the n-th found.
  const chunkSize = Math.max(AT_RISK_CHUNK, n);
  let after: { score: number; id: string } | null = null;
  for (;;) {
    const chunk = await storedHealthBelow(graph, segmentId, healthBelow + slack, after, chunkSize);
    found.sort(byScore);
    found = found.slice(0, n);
    // Everyone left scores now at least their stored score - slack: none of them can come before the n-th found.
    if (!chunk.length || (found.length === n && chunk[0].score - slack > found[n - 1].score)) break;
    after = chunk[chunk.length - 1];
    found.push(...(await exact(chunk.filter((s) => !computed.has(s.id)).map((s) => s.id))).filter((h) => h.score < healthBelow));
    if (chunk.length < chunkSize) break;
  }
  return found.sort(byScore).slice(0, n);
}

function expertReason(f: { interactionCount: number; customerCount: number; insightCount: number; accountCount: number }): string {
  const parts: string[] = [];
  if (f.interactionCount)
    parts.push(
      `handled ${f.interactionCount} interaction${f.interactionCount === 1 ? '' : 's'} about it with ${f.customerCount} customer${f.customerCount === 1 ? '' : 's'}`,
    );
  if (f.insightCount) parts.push(`wrote ${f.insightCount} insight${f.insightCount === 1 ? '' : 's'} on it`);
  if (f.accountCount) parts.push(`owns ${f.accountCount} account${f.accountCount === 1 ? '' : 's'} with the need`);
  return parts.join('; ');
}
