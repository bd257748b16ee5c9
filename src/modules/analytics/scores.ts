import type { GapFacts, HealthFacts, KnowerFacts, ValueMedians } from './analytics.repository';
import { HealthStatus } from '../customer/customer.type';
import { ValueQuadrant, type CustomerHealth, type ExperienceGap, type HealthComponent } from './analytics.type';

/**
 * The scores of the analytics, as plain functions of the facts the repository reads: what a
 * knowledge worker is shown as the explanation is exactly what is computed here.
 */

export const DAY_MS = 86_400_000;

/** The windows health looks at. */
export const HEALTH_RECENT_DAYS = 90;
/** The baseline sentiment is that of the year before the recent window. */
export const HEALTH_BASELINE_DAYS = 365;
/** A sentiment at or below this makes an interaction negative. */
export const NEGATIVE_SENTIMENT = -0.3;
/** After this many days without contact, recency scores 0. */
export const RECENCY_HORIZON_DAYS = 180;
/** This many open needs make OPEN_NEEDS score 0. */
export const OPEN_NEEDS_LIMIT = 5;
/** This many negative interactions in the recent window make RECENT_NEGATIVES score 0. */
export const NEGATIVES_LIMIT = 3;

/** Components of health and their weights (they add up to 1). */
export const HEALTH_WEIGHTS = {
  RECENT_SENTIMENT: 0.3,
  SENTIMENT_TREND: 0.15,
  RECENCY: 0.25,
  OPEN_NEEDS: 0.1,
  RECENT_NEGATIVES: 0.2,
} as const;

/** Health scores below this are AT_RISK: the default threshold of `atRiskCustomers`. */
export const AT_RISK_BELOW = 50;
/** Health scores at or above this are HEALTHY; between AT_RISK_BELOW and this, WATCH. */
export const HEALTHY_FROM = 70;

/** The band of a health score: AT_RISK (below 50), WATCH (50-69) or HEALTHY (70 and above). */
export function healthStatusOf(score: number): HealthStatus {
  if (score < AT_RISK_BELOW) return HealthStatus.AT_RISK;
  return score < HEALTHY_FROM ? HealthStatus.WATCH : HealthStatus.HEALTHY;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The health windows ending at `asOf`, as statement parameters. */
export function healthWindow(asOf: Date) {
  const recentFrom = new Date(asOf.getTime() - HEALTH_RECENT_DAYS * DAY_MS);
  const baselineFrom = new Date(recentFrom.getTime() - HEALTH_BASELINE_DAYS * DAY_MS);
  return {
    asOf: asOf.toISOString(),
    recentFrom: recentFrom.toISOString(),
    baselineFrom: baselineFrom.toISOString(),
    negativeAtOrBelow: NEGATIVE_SENTIMENT,
  };
}

/** Whole days from `from` to `to` (rounded down). */
export const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);

/** The health score of one customer, with its components. */
export function healthScore(f: HealthFacts, asOf: Date): CustomerHealth {
  const trend = f.recentSentiment != null && f.baselineSentiment != null ? f.recentSentiment - f.baselineSentiment : null;
  const days = f.lastContactAt ? daysBetween(f.lastContactAt, asOf) : null;
  const parts: [keyof typeof HEALTH_WEIGHTS, string, number | null, number][] = [
    [
      'RECENT_SENTIMENT',
      `Mean sentiment of the last ${HEALTH_RECENT_DAYS} days (-1 to 1), scored (s + 1) / 2; 0.5 when there is none.`,
      f.recentSentiment,
      f.recentSentiment == null ? 0.5 : (f.recentSentiment + 1) / 2,
    ],
    [
      'SENTIMENT_TREND',
      `Mean sentiment of the last ${HEALTH_RECENT_DAYS} days minus that of the ${HEALTH_BASELINE_DAYS} days before, scored 0.5 + change (0 to 1); 0.5 when either is missing.`,
      trend,
      trend == null ? 0.5 : clamp01(0.5 + trend),
    ],
    [
      'RECENCY',
      `Days since the last contact, scored 1 - days / ${RECENCY_HORIZON_DAYS} (0 from ${RECENCY_HORIZON_DAYS} days, or without any contact).`,
      days,
      days == null ? 0 : clamp01(1 - days / RECENCY_HORIZON_DAYS),
    ],
    [
      'OPEN_NEEDS',
      `Needs held with status OPEN or IN_PROGRESS, scored 1 - count / ${OPEN_NEEDS_LIMIT} (0 from ${OPEN_NEEDS_LIMIT}).`,
      f.openNeeds,
      clamp01(1 - f.openNeeds / OPEN_NEEDS_LIMIT),
    ],
    [
      'RECENT_NEGATIVES',
      `Interactions of the last ${HEALTH_RECENT_DAYS} days with sentiment at or below ${NEGATIVE_SENTIMENT}, scored 1 - count / ${NEGATIVES_LIMIT} (0 from ${NEGATIVES_LIMIT}).`,
      f.recentNegatives,
      clamp01(1 - f.recentNegatives / NEGATIVES_LIMIT),
    ],
  ];
  let total = 0;
  const components: HealthComponent[] = parts.map(([name, description, value, score]) => {
    const weight = HEALTH_WEIGHTS[name];
    total += 100 * weight * score;
    return {
      name,
      description,
      value: value == null ? null : round(value, 4),
      score: round(score, 4),
      weight,
      points: round(100 * weight * score, 2),
    };
  });
  return { score: Math.round(total), components, asOf, customerId: f.id };
}

/** The components that cost the most points (at least 5 each), in words, worst first. */
export function healthExplanation(h: CustomerHealth): string {
  const lost = h.components
    .map((c) => ({ c, lost: 100 * c.weight - c.points }))
    .filter((x) => x.lost >= 5)
    .sort((a, b) => b.lost - a.lost);
  if (!lost.length) return 'No component costs more than 5 points.';
  const say = ({ c }: { c: HealthComponent }) => {
    switch (c.name) {
      case 'RECENT_SENTIMENT':
        return c.value == null ? `no sentiment in ${HEALTH_RECENT_DAYS} days` : `recent sentiment ${c.value}`;
      case 'SENTIMENT_TREND':
        if (c.value == null) return `no sentiment to compare in the last ${HEALTH_RECENT_DAYS} days or the year before`;
        return c.value < 0
          ? `sentiment fell by ${round(-c.value, 4)} against the year before`
          : `sentiment changed by ${c.value} against the year before`;
      case 'RECENCY':
        return c.value == null ? 'never contacted' : `no contact for ${c.value} days`;
      case 'OPEN_NEEDS':
        return `${c.value} open needs`;
      default:
        return `${c.value} negative interactions in ${HEALTH_RECENT_DAYS} days`;
    }
  };
  return lost.map((x) => `${say(x)} (-${round(x.lost, 1)} points)`).join('; ');
}

/** How well an employee knows a customer: recency-weighted interactions + 3 if owner + 2 per insight. */
export function knowerScore(f: KnowerFacts): number {
  return round(f.recencyWeight + (f.accountOwner ? 3 : 0) + 2 * f.insightCount, 4);
}

export function knowerReason(f: KnowerFacts): string {
  const parts: string[] = [];
  if (f.accountOwner) parts.push('account owner');
  if (f.interactionCount > 0) {
    const last = f.lastInteractionAt ? `, the last on ${f.lastInteractionAt.toISOString().slice(0, 10)}` : '';
    parts.push(`${f.interactionCount} interaction${f.interactionCount === 1 ? '' : 's'}${last}`);
  }
  if (f.insightCount > 0) parts.push(`${f.insightCount} insight${f.insightCount === 1 ? '' : 's'} written about them`);
  return parts.join('; ');
}

/** Where revenue and cost to serve put a customer, against the medians. */
export function valueQuadrant(revenue: number, costToServe: number, m: ValueMedians): ValueQuadrant | null {
  if (m.medianRevenue == null || m.medianCostToServe == null) return null;
  const high = revenue >= m.medianRevenue;
  const costly = costToServe >= m.medianCostToServe;
  if (high) return costly ? ValueQuadrant.HIGH_REVENUE_HIGH_COST : ValueQuadrant.HIGH_REVENUE_LOW_COST;
  return costly ? ValueQuadrant.LOW_REVENUE_HIGH_COST : ValueQuadrant.LOW_REVENUE_LOW_COST;
}

export function experienceGap(f: GapFacts | undefined): ExperienceGap {
  if (!f || f.interactionCount === 0) {
    return { interactionCount: 0, averageExpectedQuality: null, averagePerceivedQuality: null, gap: null };
  }
  const e = f.averageExpectedQuality as number;
  const p = f.averagePerceivedQuality as number;
  return {
    interactionCount: f.interactionCount,
    averageExpectedQuality: round(e, 4),
    averagePerceivedQuality: round(p, 4),
    gap: round(p - e, 4),
  };
}

export { round };
