import { badInput } from '../../common/errors';
import type { Graph } from '../../db/graph';
import { LifecycleStage, RelationshipType } from '../customer/customer.type';
import { Channel, Touchpoint } from '../interaction/interaction.type';
import {
  healthFactsOfAll,
  needExpertFacts,
  needTrendFacts,
  portfolioCustomers,
  topicExpertFacts,
  touchpointFacts,
  valueMedians,
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
import { DAY_MS, healthExplanation, healthScore, healthWindow, round, topFifthProfitShare, valueQuadrant } from './scores';

/** An object type without the fields its field resolvers load. */
export type Resolved<T, K extends keyof T> = Omit<T, K>;

/** Default length of an analytic's window, in days. */
export const DEFAULT_WINDOW_DAYS = 90;
/** Default and largest number of items of the ranked lists. */
export const DEFAULT_RANKED = 10;
export const MAX_RANKED = 100;

/** Checks the length of a ranked list: 0 to 100. */
export function checkRanked(first: number | null | undefined, field = 'first'): number {
  const n = first ?? DEFAULT_RANKED;
  if (!Number.isInteger(n) || n < 0 || n > MAX_RANKED) throw badInput(field, `\`${field}\` must be between 0 and ${MAX_RANKED}; got ${n}.`);
  return n;
}

/** The window an input names: `days` days ending at `end` (default: now). */
export function resolveWindow(input: TimeWindowInput | null | undefined, now: Date, defaultDays = DEFAULT_WINDOW_DAYS): TimeWindow {
  const end = input?.end ?? now;
  const days = input?.days ?? defaultDays;
  return { start: new Date(end.getTime() - days * DAY_MS), end };
}

const iso = (w: TimeWindow) => ({ start: w.start.toISOString(), end: w.end.toISOString() });

/** The analytics across customers. Every one leaves out customers without analytics consent. */
export class AnalyticsService {
  constructor(private readonly graph: Graph) {}

  async needTrends(
    windowInput: TimeWindowInput | null,
    previousInput: TimeWindowInput | null,
    segmentId: string | null,
    first: number | null,
  ): Promise<Resolved<NeedTrendReport, 'trends'> & { trends: Resolved<NeedTrend, 'need'>[] }> {
    segmentId = segmentId ?? null; // an argument left out arrives as undefined
    const n = checkRanked(first);
    const window = resolveWindow(windowInput, new Date());
    const previous = previousInput ? resolveWindow(previousInput, window.start) : { start: new Date(2 * window.start.getTime() - window.end.getTime()), end: window.start };
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

  async expertsOn(topicId: string | null, needId: string | null, first: number | null): Promise<Resolved<Expert, 'employee'>[]> {
    if ((topicId == null) === (needId == null)) throw badInput(topicId == null ? 'topicId' : 'needId', 'Give exactly one of topicId and needId.');
    const n = checkRanked(first);
    if (n === 0) return [];
    const facts = topicId != null ? await topicExpertFacts(this.graph, topicId, n) : await needExpertFacts(this.graph, needId as string, n);
    return facts.map((f) => ({
      ...f,
      score: f.interactionCount + 3 * f.insightCount + f.accountCount,
      reason: expertReason(f),
    }));
  }

  async atRiskCustomers(segmentId: string | null, healthBelow: number, first: number | null): Promise<(Resolved<AtRiskCustomer, 'customer'> & { customerId: string })[]> {
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

  async portfolio(segmentId: string | null): Promise<Portfolio> {
    const [customers, medians] = await Promise.all([portfolioCustomers(this.graph, segmentId ?? null), valueMedians(this.graph)]);
    const sum = (f: (c: (typeof customers)[number]) => number) => round(customers.reduce((s, c) => s + f(c), 0), 2);
    const quadrants = new Map<string, number>();
    const stages = new Map<string, number>();
    const types = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string | null) => k != null && m.set(k, (m.get(k) ?? 0) + 1);
    for (const c of customers) {
      bump(quadrants, valueQuadrant(c.revenue, c.costToServe, medians));
      bump(stages, c.lifecycleStage);
      bump(types, c.relationshipType);
    }
    const top = topFifthProfitShare(customers);
    return {
      customerCount: customers.length,
      customerEquity: sum((c) => c.lifetimeValue),
      totalRevenue: sum((c) => c.revenue),
      totalCostToServe: sum((c) => c.costToServe),
      totalProfit: sum((c) => c.revenue - c.costToServe),
      topFifthProfitShare: top.share,
      topFifthCustomerCount: top.count,
      medianRevenue: medians.medianRevenue,
      medianCostToServe: medians.medianCostToServe,
      byValueQuadrant: Object.values(ValueQuadrant).map((quadrant) => ({ quadrant, customerCount: quadrants.get(quadrant) ?? 0 })),
      byLifecycleStage: Object.values(LifecycleStage).map((stage) => ({ stage, customerCount: stages.get(stage) ?? 0 })),
      byRelationshipType: Object.values(RelationshipType).map((relationshipType) => ({ relationshipType, customerCount: types.get(relationshipType) ?? 0 })),
    };
  }

  async experienceByTouchpoint(channel: Channel | null, windowInput: TimeWindowInput | null, segmentId: string | null): Promise<TouchpointExperience[]> {
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
      .sort((a, b) => touchpoints.indexOf(a.touchpoint) - touchpoints.indexOf(b.touchpoint) || channels.indexOf(a.channel) - channels.indexOf(b.channel));
  }
}

function expertReason(f: { interactionCount: number; customerCount: number; insightCount: number; accountCount: number }): string {
  const parts: string[] = [];
  if (f.interactionCount) parts.push(`handled ${f.interactionCount} interaction${f.interactionCount === 1 ? '' : 's'} about it with ${f.customerCount} customer${f.customerCount === 1 ? '' : 's'}`);
  if (f.insightCount) parts.push(`wrote ${f.insightCount} insight${f.insightCount === 1 ? '' : 's'} on it`);
  if (f.accountCount) parts.push(`owns ${f.accountCount} account${f.accountCount === 1 ? '' : 's'} with the need`);
  return parts.join('; ');
}
