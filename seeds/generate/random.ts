import * as prand from 'pure-rand';

/**
 * Seeded random numbers for the data-set generator, on top of pure-rand's xoroshiro128+.
 *
 * Every part of the generator draws from its own stream (`Streams.stream(n)`: the seed's
 * generator jumped n × 2^64 steps ahead), so that one part can change how many numbers it draws
 * without shifting the numbers every other part sees. No clock and no Math.random anywhere.
 */

/** The largest seed the generator accepts (seeds are 31-bit non-negative integers). */
export const MAX_SEED = 0x7fffffff;

/** One stream of uniform random numbers with the helpers the generator needs. */
export class Rng {
  constructor(private readonly generator: prand.RandomGenerator) {}

  /** A float in [0, 1) (32 bits of randomness). */
  next(): number {
    return (this.generator.unsafeNext() >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A float in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A standard normal number (Box-Muller; draws exactly two uniforms). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An index of `weights` with probability proportional to its weight (linear scan: for short lists). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}

/** The independent random streams of one seed. */
export class Streams {
  private readonly base: prand.RandomGenerator;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new Error(`seed must be a whole number from 0 to ${MAX_SEED}`);
    this.base = prand.xoroshiro128plus(seed);
    // The first outputs of a freshly seeded xoroshiro128+ are close for close seeds: warm up.
    prand.unsafeSkipN(this.base, 32);
  }

  /** Stream number `n` (0, 1, 2, ...): always the same numbers for the same seed and n. */
  stream(n: number): Rng {
    const g = this.base.clone();
    if (!g.unsafeJump) throw new Error('the random generator cannot jump');
    for (let i = 0; i < n; i++) g.unsafeJump();
    return new Rng(g);
  }
}

/**
 * Walker's alias table: draws an index with probability proportional to its weight in constant
 * time (one uniform number). For the large weighted picks: customers by activity, needs by
 * popularity.
 */
export class AliasTable {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;
  /** Number of entries. */
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('alias table of no weights');
    this.size = n;
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length && large.length) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.probability[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) this.probability[i] = 1;
    for (const i of small) this.probability[i] = 1;
  }

  /** One index, drawn with `rng` (one uniform number). */
  draw(rng: Rng): number {
    return this.at(rng.next());
  }

  /** The index a uniform number u in [0, 1) stands for. */
  at(u: number): number {
    const x = u * this.size;
    const i = Math.floor(x);
    return x - i < this.probability[i] ? i : this.alias[i];
  }
}

/**
 * The inverse of the standard normal distribution function (Acklam's rational approximation,
 * relative error below 1.2e-9): the z with Φ(z) = p, for 0 < p < 1.
 */
export function inverseNormal(p: number): number {
  const [a0, a1, a2, a3, a4, a5] = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239,
  ];
  const [b0, b1, b2, b3, b4] = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const [c0, c1, c2, c3, c4, c5] = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783,
  ];
  const [d0, d1, d2, d3] = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/** `x` limited to [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** `x` rounded to two decimals. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
