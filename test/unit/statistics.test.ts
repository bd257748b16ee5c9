import { benjaminiHochberg, chanceInWords, declinePValue, rateIncreasePValue, togetherPValue } from '../../src/modules/learning/statistics';

/** Reference values from textbook examples and R (fisher.test, binom.test, t.test, p.adjust). */
describe('the statistics of the miners', () => {
  it("Fisher's exact test, one-sided: the lady tasting tea (3 of 4 right: 17/70)", () => {
    expect(togetherPValue(3, 4, 4, 8)).toBeCloseTo(17 / 70, 12);
    expect(togetherPValue(4, 4, 4, 8)).toBeCloseTo(1 / 70, 12);
    expect(togetherPValue(0, 4, 4, 8)).toBe(1);
  });

  it('a rate that rose: all 10 events in the later half is 1 in 1,024; an even split is no evidence', () => {
    expect(rateIncreasePValue(10, 0, 30, 30)).toBeCloseTo(1 / 1024, 12);
    // binom.test(5, 10, 0.5, alternative = "greater"): 0.623046875
    expect(rateIncreasePValue(5, 5, 30, 30)).toBeCloseTo(0.623046875, 12);
    expect(rateIncreasePValue(0, 5, 30, 30)).toBe(1);
  });

  it("Welch's t-test, one-sided: t = 4 on 8 degrees of freedom (R: pt(4, 8, lower.tail = FALSE)); too few points are no evidence", () => {
    expect(declinePValue([5, 6, 7, 8, 9], [1, 2, 3, 4, 5])).toBeCloseTo(0.0019748864, 9);
    expect(declinePValue([0.6], [-0.2, -0.1])).toBe(1);
    expect(declinePValue([1, 2, 3], [4, 5, 6])).toBeGreaterThan(0.5);
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
    expect(chanceInWords(0.1)).toBe('about 1 time in 10');
    expect(chanceInWords(0.7)).toBe('about as often as not');
    expect(chanceInWords(1e-9)).toBe('less than 1 time in a million');
  });
});
