import {
  allToOneAtPValue,
  belowZeroPValue,
  benjaminiHochberg,
  chanceInWords,
  confidenceOf,
  moderatedDeclinePValue,
  momentsOf,
  pooledVariance,
  rateIncreasePValue,
  stratifiedTogether,
  togetherPValue,
} from '../../src/modules/learning/statistics';
import { NEEDS_HELD_STRATA, STRATUM } from '../../src/modules/learning/miners';

/** Reference values from textbook examples and R (fisher.test, binom.test, t.test, p.adjust). */
describe('the statistics of the miners', () => {
  it("Fisher's exact test, one-sided: the lady tasting tea (3 of 4 right: 17/70)", () => {
    expect(togetherPValue(3, 4, 4, 8)).toBeCloseTo(17 / 70, 12);
    expect(togetherPValue(4, 4, 4, 8)).toBeCloseTo(1 / 70, 12);
    expect(togetherPValue(0, 4, 4, 8)).toBe(1);
    // Far in the tail (the 10k set's planted pair: 1,268 of 8,546 customers hold both, 1,334 and 1,306 each): 1 − cdf gave 1.
    expect(togetherPValue(1268, 1334, 1306, 8546)).toBeLessThan(1e-300);
    expect(togetherPValue(400, 1334, 1306, 8546)).toBeLessThan(togetherPValue(300, 1334, 1306, 8546));
    expect(togetherPValue(300, 1334, 1306, 8546)).toBeLessThan(1e-10); // about 7 standard deviations above chance
    // Around what chance gives (1334 × 1306 / 8546 ≈ 204): about even.
    expect(togetherPValue(204, 1334, 1306, 8546)).toBeGreaterThan(0.4);
    expect(togetherPValue(204, 1334, 1306, 8546)).toBeLessThan(0.6);
  });

  it('a rate that rose: all 10 events in the later half is 1 in 1,024; an even split is no evidence', () => {
    expect(rateIncreasePValue(10, 0)).toBeCloseTo(1 / 1024, 12);
    // binom.test(5, 10, 0.5, alternative = "greater"): 0.623046875
    expect(rateIncreasePValue(5, 5)).toBeCloseTo(0.623046875, 12);
    expect(rateIncreasePValue(0, 5)).toBe(1);
  });

  it('Benjamini-Hochberg: the discoveries and q-values of p.adjust(method = "BH")', () => {
    expect(benjaminiHochberg([0.01, 0.02, 0.2, 0.9], 0.05)).toEqual([
      { discovery: true, qValue: 0.04 },
      { discovery: true, qValue: 0.04 },
      { discovery: false, qValue: expect.closeTo(0.2666667, 6) },
      { discovery: false, qValue: 0.9 },
    ]);
    expect(benjaminiHochberg([0.04, 0.005, 0.03, 0.01], 0.05).map((r) => r.discovery)).toEqual([true, true, true, true]);
    expect(benjaminiHochberg([], 0.05)).toEqual([]);
    expect(() => benjaminiHochberg([0.1], 0)).toThrow('A false discovery rate is between 0 and 1, not 0.');
  });

  it('says a chance in words', () => {
    expect(chanceInWords(0.002)).toBe('about 1 time in 500');
    expect(chanceInWords(0.00041)).toBe('about 1 time in 2,400');
    expect(chanceInWords(0.01123)).toBe('about 1 time in 89');
    expect(chanceInWords(0.1)).toBe('about 1 time in 10');
    expect(chanceInWords(0.7)).toBe('about as often as not');
    expect(chanceInWords(1e-9)).toBe('less than 1 time in a million');
  });

  // With 2 degrees of freedom Student's t has a closed form: F(t) = 1/2 + t / (2 √(2 + t²)).
  const t2 = (t: number) => 0.5 + t / (2 * Math.sqrt(2 + t * t));

  it('a one-sample t-test that a mean is below 0 (t.test(c(-1, -2, -3), alternative = "less"))', () => {
    // mean -2, sd 1, t = -2 / (1 / √3) = -√12, df 2
    expect(belowZeroPValue(momentsOf([-1, -2, -3]))).toBeCloseTo(t2(-Math.sqrt(12)), 10);
    expect(belowZeroPValue(momentsOf([1, 2, 3]))).toBeGreaterThan(0.95);
    expect(belowZeroPValue(momentsOf([-2]))).toBe(1); // one value: no test
    expect(belowZeroPValue(momentsOf([-2, -2, -2]))).toBe(0); // no spread, all below
  });

  it('the moderated two-sample test: without a prior it is Student’s pooled t-test; a prior of wide spread keeps 3 noisy points from being a finding', () => {
    // before [1, 3], after [-1, 1]: pooled variance (2 + 2) / 2 = 2, t = 2 / √(2 × (1/2 + 1/2)) = √2, df 2
    expect(moderatedDeclinePValue(momentsOf([1, 3]), momentsOf([-1, 1]), { variance: 0, df: 0 })).toBeCloseTo(1 - t2(Math.SQRT2), 10);
    // 3 random points against 3 whose means differ by 0.64, among customers whose sentiment spreads with variance 0.3:
    const before = momentsOf([0.9, -0.2, 0.71]);
    const after = momentsOf([0.6, -0.9, -0.21]);
    expect(moderatedDeclinePValue(before, after, { variance: 0.3, df: 10 })).toBeGreaterThan(0.05);
    // 8 points at about 0.6, then 6 at about -0.4: a clear decline against the same spread.
    const was = momentsOf([0.5, 0.7, 0.6, 0.55, 0.65, 0.6, 0.5, 0.7]);
    const now = momentsOf([-0.3, -0.5, -0.4, -0.35, -0.45, -0.4]);
    expect(moderatedDeclinePValue(was, now, { variance: 0.3, df: 10 })).toBeLessThan(1e-4);
    // A rise is no decline.
    expect(moderatedDeclinePValue(now, was, { variance: 0.3, df: 10 })).toBeGreaterThan(0.99);
    // The prior: squared deviations over degrees of freedom, pooled.
    expect(pooledVariance([[momentsOf([1, 3]), momentsOf([-1, 1])]])).toEqual({ variance: 2, df: 2 });
  });

  it('the moderated test is never surer than the data allow (found by the hostile review)', () => {
    // 0.6, 0.6, 0.6 then 0, 0, 0 among customers whose sentiment never varies: not p = 0, thanks to the floor of 0.1.
    const flatDrop = moderatedDeclinePValue(momentsOf([0.6, 0.6, 0.6]), momentsOf([0, 0, 0]), { variance: 0, df: 10, minSd: 0.1 });
    expect(flatDrop).toBeGreaterThan(0);
    expect(moderatedDeclinePValue(momentsOf([0.6, 0.6, 0.6]), momentsOf([0, 0, 0]), { variance: 0, df: 10 })).toBe(0); // without it
    // 3 noisy points against 3 beside customers with no spread: their own (pooled) t-test decides, not the quiet prior.
    const before = momentsOf([0.9, -0.2, 0.71]);
    const after = momentsOf([0.6, -0.9, -0.21]);
    const own = moderatedDeclinePValue(before, after, { variance: 0, df: 0 });
    expect(moderatedDeclinePValue(before, after, { variance: 0, df: 10, minSd: 0.1 })).toBeCloseTo(own, 12);
    expect(own).toBeGreaterThan(0.1);
  });

  it('the one-sample test takes the spread as half a point at least: 20 gaps of exactly -1 are strong, not certain', () => {
    const p = belowZeroPValue(momentsOf(Array(20).fill(-1)), 0.5);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-6);
    expect(belowZeroPValue(momentsOf(Array(20).fill(-1)))).toBe(0); // without it
  });

  it('all to one where each contact has its own chance of a second employee: the product, the likeliest to go elsewhere left out', () => {
    // Five onboarding contacts (half go elsewhere), two at events (half), one renewal (a quarter), one at support (90%).
    expect(allToOneAtPValue([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.9])).toBeCloseTo(0.5 ** 7 * 0.75, 12);
    expect(allToOneAtPValue([0.5])).toBe(1);
    expect(allToOneAtPValue([1, 0.5, 0.5])).toBeCloseTo(0.25, 12); // the certain one is the one left out
  });

  it('confidence is 1 − q, rounded down, at most 0.99', () => {
    expect(confidenceOf(0.0337)).toBe(0.96);
    expect(confidenceOf(0.1)).toBe(0.9);
    expect(confidenceOf(0)).toBe(0.99);
  });

  it('needs together within strata (Cochran-Mantel-Haenszel): busy customers holding both needs is what their busyness gives', () => {
    // Two strata: 100 customers holding few needs (10 hold A, 10 hold B, 1 both: chance gives 1), and 20 holding many
    // (18 hold A, 18 hold B, 16 both: chance gives 16.2). Pooled, 17 of 120 hold both where 28 × 28 / 120 = 6.5 would:
    // Fisher says far from chance; within the strata it is what chance gives.
    const strata = [
      { both: 1, withA: 10, withB: 10, total: 100 },
      { both: 16, withA: 18, withB: 18, total: 20 },
    ];
    expect(togetherPValue(17, 28, 28, 120)).toBeLessThan(1e-5);
    const within = stratifiedTogether(strata);
    expect(within.expected).toBeCloseTo(1 + 16.2, 10);
    expect(within.p).toBeGreaterThan(0.5);
    // A real pattern within a stratum stays one: 10 of the few-needs customers hold both.
    expect(stratifiedTogether([{ both: 10, withA: 10, withB: 10, total: 100 }, strata[1]]).p).toBeLessThan(1e-6);
    // One stratum: Fisher's exact test.
    expect(stratifiedTogether([{ both: 3, withA: 4, withB: 4, total: 8 }]).p).toBeCloseTo(17 / 70, 12);
  });
});

describe('the strata of needs that go together', () => {
  it('the Cypher of a customer’s stratum gives the index of the last bound of NEEDS_HELD_STRATA at or below their count', () => {
    const cases = [...STRATUM.matchAll(/WHEN k >= (\d+) THEN (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(cases).toEqual(
      NEEDS_HELD_STRATA.map((from, i) => [from, i])
        .filter(([from]) => from > 0)
        .reverse(),
    );
    expect(STRATUM).toContain('ELSE 0 END AS s');
  });
});
