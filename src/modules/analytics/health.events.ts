import { badInput } from '../../common/errors';
import type { CustomerHealthChangedPayload } from '../../realtime/topics';
import { HealthDirection } from './analytics.type';

/** Which way, if any, a move from `previous` to `score` crosses `threshold`. */
export function crossing(previous: number, score: number, threshold: number): HealthDirection | null {
  if (previous >= threshold && score < threshold) return HealthDirection.DROPPED;
  if (previous < threshold && score >= threshold) return HealthDirection.ROSE;
  return null;
}

/** The filters of `customerHealthChanged` (and of webhooks on it). */
export interface CustomerHealthChangedFilter {
  /** The score (1-100) whose crossing is reported. */
  threshold: number;
  /** Only crossings this way; default both. */
  direction?: string | null;
  customerId?: string | null;
}

/** Checks a threshold given by a client: an integer from 1 to 100. */
export function checkThreshold(threshold: number, field = 'threshold'): void {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 100) {
    throw badInput(field, `\`threshold\` must be between 1 and 100; got ${threshold}.`);
  }
}

/** Whether a health change crosses the filter's threshold in a wanted direction, for a wanted customer. */
export function customerHealthChangedFilter(filter: CustomerHealthChangedFilter): (p: CustomerHealthChangedPayload) => boolean {
  checkThreshold(filter.threshold);
  const directions = filter.direction ? [filter.direction] : [HealthDirection.DROPPED, HealthDirection.ROSE];
  return (p) => {
    const d = crossing(p.previousScore, p.score, filter.threshold);
    return d != null && directions.includes(d) && (filter.customerId == null || p.customerId === filter.customerId);
  };
}
