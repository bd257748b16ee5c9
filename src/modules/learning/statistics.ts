import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import hypergeometricCdf from '@stdlib/stats-base-dists-hypergeometric-cdf';
import ttest2 from '@stdlib/stats-ttest2';

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
  return clamp(1 - hypergeometricCdf(both - 1, total, withB, withA));
}

/**
 * A rate that rose: `recent` events in a period of length `recentExposure` against `baseline`
 * events in `baselineExposure` (any unit, the same for both). Under equal rates, given the total,
 * the recent count is binomial with the recent share of the exposure (the conditional test of two
 * Poisson rates); the p-value is its upper tail.
 */
export function rateIncreasePValue(recent: number, baseline: number, recentExposure: number, baselineExposure: number): number {
  const total = recent + baseline;
  if (recent <= 0 || total <= 0 || recentExposure <= 0 || baselineExposure < 0) return 1;
  const share = recentExposure / (recentExposure + baselineExposure);
  return clamp(1 - binomialCdf(recent - 1, total, share));
}

/**
 * Welch's two-sample t-test, one-sided: values `after` are lower than values `before` (a decline
 * of sentiment). Fewer than two values on either side give 1: no evidence.
 */
export function declinePValue(before: readonly number[], after: readonly number[]): number {
  if (before.length < 2 || after.length < 2) return 1;
  const spread = (xs: readonly number[]) => xs.some((x) => x !== xs[0]);
  // No spread on either side: the t statistic is undefined; a difference of constant series is
  // certain only as far as its points go, which a test with no variance cannot say.
  if (!spread(before) && !spread(after)) return before[0] > after[0] ? 0 : 1;
  return clamp(ttest2([...before], [...after], { alternative: 'greater' }).pValue);
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

/** A p-value in words, for an insight's body: "about 1 time in 500". */
export function chanceInWords(p: number): string {
  if (p >= 0.5) return 'about as often as not';
  if (p <= 1e-6) return 'less than 1 time in a million';
  const n = 1 / p;
  const rounded = n < 20 ? Math.round(n) : Number(n.toPrecision(n < 1000 ? 1 : 2));
  return `about 1 time in ${rounded.toLocaleString('en-US')}`;
}

const clamp = (p: number) => (Number.isNaN(p) ? 1 : Math.min(1, Math.max(0, p)));
