/**
 * A short-lived cache of the analytics across customers (trends, experts, at-risk customers,
 * portfolio, touchpoints, the value medians). They scan many interactions or customers and
 * dashboards ask for them again and again; their answers change only when the graph does.
 *
 * An entry lives `ttlSeconds` (ANALYTICS_CACHE_SECONDS; 0 turns the cache off). Every write
 * transaction of this process clears it, and so does every live event (interactions, needs,
 * insights), which reaches every server copy through Redis: another copy's profile or consent
 * change shows here after at most `ttlSeconds`.
 */
export class AnalyticsCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly ttlSeconds: number,
    private readonly maxEntries = 1000,
  ) {}

  /** The cached answer for `key`, or `compute()`'s (shared by every caller until it settles). */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlSeconds <= 0) return compute();
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.at < this.ttlSeconds * 1000) {
      this.hits++;
      return entry.value as Promise<T>;
    }
    this.misses++;
    const value = compute();
    this.entries.set(key, { at: now, value });
    // A failure is not remembered; only this entry's own failure removes it.
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** Forgets everything: the graph changed. */
  clear(): void {
    this.entries.clear();
  }
}
