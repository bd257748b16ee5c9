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
  healthFactsOfAll,
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
  type Expert,
  type NeedTrend,
  type NeedTrendReport,
  type Portfolio,
  type TimeWindow,
  type TimeWindowInput,
  type TouchpointExperience,
} from './analytics.type';
import { DAY_MS, healthExplanation, healthScore, healthWindow, round } from './scores';

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
    const facts = await healthFactsOfAll(this.graph, segmentId ?? null, healthWindow(asOf));
    return facts
      .map((f) => healthScore(f, asOf))
      .filter((h) => h.score < healthBelow)
      .sort((a, b) => a.score - b.score || a.customerId.localeCompare(b.customerId))
      .slice(0, n)
      .map((h) => ({ customerId: h.customerId, health: h, explanation: healthExplanation(h) }));
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
