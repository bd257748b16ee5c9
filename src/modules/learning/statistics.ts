import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import factorialln from '@stdlib/math-base-special-factorialln';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';

/**
 * The statistics the miners state their questions with (issue 26): each answers "how likely is a
 * pattern at least this strong by chance alone?" as a p-value, from established tests computed by
 * stdlib (Apache-2.0) rather than by hand, and the Benjamini-Hochberg procedure keeps the false
 * discovery rate of a whole run's candidates at a chosen level.
 */

/**
 * Fisher's exact test, one-sided (more together than chance): of `total` customers, `withA` have
 * need A and `withB` need B; `both` have both. The chance of `both` or more if A and B were
 * independent: the upper tail of the hypergeometric distribution.
 */
export function togetherPValue(both: number, withA: number, withB: number, total: number): number {
  if (both <= 0) return 1;
  const last = Math.min(withA, withB);
  if (both > last) return 0;
  // The upper tail summed term by term in log space: 1 − cdf loses everything far in the tail (stdlib's
  // hypergeometric cdf gave 0 for the 10k set's planted pair, making its p-value 1, and was not monotone there).
  const lnChoose = (n: number, k: number) => factorialln(n) - factorialln(k) - factorialln(n - k);
  const lnAll = lnChoose(total, withB);
  const terms: number[] = [];
  for (let x = both; x <= last; x++) {
    if (withB - x > total - withA) continue; // impossible: more outside A than there are
    terms.push(lnChoose(withA, x) + lnChoose(total - withA, withB - x) - lnAll);
  }
  if (!terms.length) return 0;
  const top = terms.reduce((a, b) => Math.max(a, b), -Infinity);
  return clamp(Math.exp(top + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - top), 0))));
}

/**
 * Needs held together beyond what the customers' numbers of needs explain: the Cochran-Mantel-Haenszel
 * test, one-sided, over strata of customers (each stratum: its customers, how many hold A, B and
 * both). The count of customers holding both is compared with what independence within each
 * stratum gives (`expected`), with a continuity correction. One stratum with customers is Fisher's
 * exact test.
 */
export function stratifiedTogether(strata: readonly { both: number; withA: number; withB: number; total: number }[]): {
  p: number;
  expected: number;
} {
  const used = strata.filter((s) => s.total > 0 && s.withA > 0 && s.withB > 0);
  const both = used.reduce((n, s) => n + s.both, 0);
  const expected = used.reduce((n, s) => n + (s.withA * s.withB) / s.total, 0);
  if (used.length === 1) {
    const [s] = used;
    return { p: togetherPValue(s.both, s.withA, s.withB, s.total), expected };
  }
  const variance = used.reduce(
    (v, s) => v + (s.total > 1 ? (s.withA * s.withB * (s.total - s.withA) * (s.total - s.withB)) / (s.total * s.total * (s.total - 1)) : 0),
    0,
  );
  if (!(variance > 0)) return { p: both > expected ? 0 : 1, expected };
  const z = (both - expected - 0.5) / Math.sqrt(variance);
  return { p: clamp(normalCdf(-z, 0, 1)), expected };
}

/**
 * A rate that rose: `recent` events against `baseline` events in a period of the same length before
 * (the miners compare equal windows and equal halves). Under equal rates, given the total, the recent
 * count is binomial with share 1/2 (the conditional test of two Poisson rates); the p-value is its
 * upper tail.
 */
export function rateIncreasePValue(recent: number, baseline: number): number {
  const total = recent + baseline;
  if (recent <= 0) return 1;
  return clamp(1 - binomialCdf(recent - 1, total, 0.5));
}

/** Count, sum and sum of squares of a sample: enough for its mean and variance. */
export interface Moments {
  n: number;
  sum: number;
  sumOfSquares: number;
}

export const momentsOf = (xs: readonly number[]): Moments => ({
  n: xs.length,
  sum: xs.reduce((a, x) => a + x, 0),
  sumOfSquares: xs.reduce((a, x) => a + x * x, 0),
});

/** The sum of squared deviations from the mean (0 for fewer than two values). */
export const squaredDeviations = (m: Moments): number => (m.n < 2 ? 0 : Math.max(0, m.sumOfSquares - (m.sum * m.sum) / m.n));

/**
 * A one-sample t-test, one-sided: the mean of a sample (given by its moments) is below 0 (perceived
 * quality short of expected). The standard deviation is never taken as less than `minSd` (the
 * resolution of the measure: quality is rated in whole points, so 20 gaps of exactly −1 are not
 * certainty). Fewer than two values give 1.
 */
export function belowZeroPValue(m: Moments, minSd = 0): number {
  if (m.n < 2) return 1;
  const mean = m.sum / m.n;
  const variance = Math.max(squaredDeviations(m) / (m.n - 1), minSd * minSd);
  if (variance <= 0) return mean < 0 ? 0 : 1;
  return clamp(tCdf(mean / Math.sqrt(variance / m.n), m.n - 1));
}

/**
 * A moderated two-sample t-test, one-sided: values `after` are lower than values `before`. The
 * variance within the sample (pooled over both sides) is shrunk toward a prior variance worth
 * `df` degrees of freedom: the empirical Bayes estimate of limma (Smyth 2004), with the prior
 * estimated from every candidate of the run (see {@link pooledVariance}). A handful of points cannot
 * then pass for a clear difference by happening to agree with each other. Two guards keep it from
 * being surer than the data allow: the prior variance is at least `minSd`² (the resolution of the
 * measure), and where the sample's own variance is the larger, the test is the plain pooled t-test
 * on its own (no prior can make noisy points look precise). Fewer than two values on a side give 1.
 */
export function moderatedDeclinePValue(before: Moments, after: Moments, prior: { variance: number; df: number; minSd?: number }): number {
  if (before.n < 2 || after.n < 2) return 1;
  const ownDf = before.n + after.n - 2;
  const own = (squaredDeviations(before) + squaredDeviations(after)) / ownDf;
  const priorVariance = Math.max(prior.variance, (prior.minSd ?? 0) ** 2);
  const moderated = (prior.df * priorVariance + ownDf * own) / (prior.df + ownDf);
  const [variance, df] = moderated >= own ? [moderated, prior.df + ownDf] : [own, ownDf];
  const drop = before.sum / before.n - after.sum / after.n;
  if (variance <= 0) return drop > 0 ? 0 : 1;
  const t = drop / Math.sqrt(variance * (1 / before.n + 1 / after.n));
  return clamp(1 - tCdf(t, df));
}

/**
 * The variance pooled over many samples of two sides each (sum of squared deviations over degrees
 * of freedom) and its degrees of freedom: the prior of {@link moderatedDeclinePValue}. 0 when no sample has any freedom.
 */
export function pooledVariance(samples: readonly (readonly [Moments, Moments])[]): { variance: number; df: number } {
  let ss = 0;
  let df = 0;
  for (const [a, b] of samples) {
    ss += squaredDeviations(a) + squaredDeviations(b);
    df += Math.max(0, a.n - 1) + Math.max(0, b.n - 1);
  }
  return { variance: df ? ss / df : 0, df };
}

/**
 * The chance that events all fall to the party of the first when each goes elsewhere with its own
 * probability (`elsewhere`, one per event: the share of interactions at its touchpoint that went to
 * an employee other than the customer's usual one): the product of 1 − each, leaving out the
 * smallest factor (the first event picks the party; leaving out the likeliest to go elsewhere is the
 * cautious choice). 1 for fewer than two events.
 */
export function allToOneAtPValue(elsewhere: readonly number[]): number {
  if (elsewhere.length < 2) return 1;
  const factors = elsewhere.map((s) => 1 - Math.min(1, Math.max(0, s)));
  const smallest = factors.indexOf(factors.reduce((a, b) => Math.min(a, b), Infinity));
  return clamp(factors.reduce((product, f, i) => (i === smallest ? product : product * f), 1));
}

/**
 * The Benjamini-Hochberg step-up procedure over one run's candidates: which p-values are
 * discoveries at false discovery rate `rate` (0 < rate < 1), and each one's adjusted value (its
 * q-value: the lowest rate at which it would be a discovery), in the order given.
 */
export function benjaminiHochberg(pValues: readonly number[], rate: number): { discovery: boolean; qValue: number }[] {
  if (!(rate > 0 && rate < 1)) throw new RangeError(`A false discovery rate is between 0 and 1, not ${rate}.`);
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const q = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    running = Math.min(running, (order[k].p * m) / (k + 1));
    q[order[k].i] = clamp(running);
  }
  return pValues.map((_, i) => ({ discovery: q[i] <= rate, qValue: q[i] }));
}

/**
 * An insight's confidence from its q-value: 1 − q (the share of proposals at least this strong that
 * are not expected to be chance), rounded down to 2 decimals and at most 0.99 (nothing learned from
 * data is certain).
 */
export function confidenceOf(qValue: number): number {
  return Math.min(0.99, Math.floor((1 - qValue) * 100 + 1e-9) / 100);
}

/** A p-value in words, for an insight's body: "about 1 time in 500". */
export function chanceInWords(p: number): string {
  if (p >= 0.5) return 'about as often as not';
  if (p <= 1e-6) return 'less than 1 time in a million';
  const n = 1 / p;
  const rounded = n < 20 ? Math.round(n) : Number(n.toPrecision(2));
  return `about 1 time in ${rounded.toLocaleString('en-US')}`;
}

const clamp = (p: number) => (Number.isNaN(p) ? 1 : Math.min(1, Math.max(0, p)));
