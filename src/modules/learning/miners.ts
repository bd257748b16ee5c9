import type { LearningConfig } from '../../config';
import type { Reader } from '../../db/read-batcher';
import { hasAnalyticsConsent } from '../customer/customer.repository';
import { InsightOrigin } from '../insight/insight.type';
import { DAY_MS, round } from '../analytics/scores';
import { Miner } from './learning.type';
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
  type Moments,
} from './statistics';

/**
 * The insight miners. Each reads the graph as of `asOf` (customers with analytics consent only),
 * states its question as a statistical test over every candidate it finds (a need, a pair of
 * needs, a customer, a touchpoint), keeps the false discovery rate of the run's candidates at
 * `falseDiscoveryRate` (Benjamini-Hochberg) and proposes the discoveries whose effect is also large
 * enough to matter (the `LEARN_*` minimums). A proposal says what it found and why (the body), how
 * sure it is (confidence 1 − q, in words in the body), what it is about (for patterns over
 * customers, the customers themselves) and the interactions that are its evidence. Miners write
 * nothing; `learning.service.ts` turns proposals into insights.
 */

export interface Proposal {
  /** Identifies what the proposal is about, so a re-run updates its earlier proposal. */
  key: string;
  miner: Miner;
  origin: InsightOrigin;
  title: string;
  body: string;
  /** 1 − the proposal's q-value (see statistics.confidenceOf). */
  confidence: number;
  customerIds: string[];
  needIds: string[];
  segmentIds: string[];
  /** Interactions behind it, the most telling first (at most {@link MAX_EVIDENCE}). */
  evidenceIds: string[];
}

/** At most this many interactions are linked as evidence of one proposal. */
export const MAX_EVIDENCE = 50;
/** At most this many customers are linked to a pattern over customers (needs that go together). */
export const MAX_CUSTOMERS = 100;
/**
 * The prior's weight (degrees of freedom) of the moderated t-test of sentiment decline: a
 * customer's own spread counts as much as the spread of all customers once they have about this
 * many interactions.
 */
export const DECLINE_PRIOR_DF = 10;
/**
 * Sentiment (-1 to 1) is never taken as more precise than this standard deviation (5% of its range):
 * three scores of exactly 0.6 and three of exactly 0 are not certainty.
 */
export const SENTIMENT_MIN_SD = 0.1;
/** A quality gap (whole points, 1-5 ratings) is never taken as more precise than half a point. */
export const GAP_MIN_SD = 0.5;

export interface MinerContext {
  db: Reader;
  asOf: Date;
  config: LearningConfig;
}

const CONSENT = hasAnalyticsConsent('c');
/** A customer's value: the lifetime value where one is recorded (above 0: the API's default is 0), else the revenue. */
const VALUE = 'CASE WHEN coalesce(c.lifetimeValue, 0) > 0 THEN c.lifetimeValue ELSE coalesce(c.revenue, 0) END';
/** A HAS_NEED relationship (variable `h`, a fixed name in code) that held at `$asOf`: since before it (or since an unknown time). */
const HELD_BY_THEN = (h: 'h' | 'ha' | 'hb') => `(${h}.since IS NULL OR ${h}.since < datetime($asOf))`;
const daysBefore = (d: Date, days: number) => new Date(d.getTime() - days * DAY_MS);
const day = (d: Date | string | number) => new Date(d).toISOString().slice(0, 10);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const EUR = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
/**
 * A window in words: "the 90 days before 2026-10-31 (2026-08-02 to 2026-10-30)"; when it does not
 * start at midnight (as of now), with the times: "the 90 days before 2026-10-31 12:00 UTC (from
 * 2026-08-02 12:00 UTC)".
 */
const window = (from: Date, to: Date) => {
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS);
  if (to.getTime() % DAY_MS === 0) return `the ${days} days before ${day(to)} (${day(from)} to ${day(to.getTime() - DAY_MS)})`;
  const minute = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
  return `the ${days} days before ${minute(to)} (from ${minute(from)})`;
};

/** A candidate of one miner's run, with its p-value. */
interface Candidate<T> {
  row: T;
  p: number;
  /** Whether the effect is large enough to matter (the LEARN_* minimums). */
  large: boolean;
}

/** The discoveries among a run's candidates (Benjamini-Hochberg), with their q-values; only large effects. */
function discoveries<T>(candidates: Candidate<T>[], rate: number): (Candidate<T> & { q: number })[] {
  const bh = benjaminiHochberg(
    candidates.map((c) => c.p),
    rate,
  );
  return candidates.map((c, i) => ({ ...c, q: bh[i].qValue })).filter((c, i) => bh[i].discovery && c.large);
}

/** The closing sentence of every body: how sure the miner is, and why. */
function howSure(basis: string, p: number, q: number, tested: string, what = 'a pattern this strong'): string {
  return (
    ` Based on ${basis}; ${what} would appear by chance ${chanceInWords(p)} (${p < 1e-12 ? 'p < 1e-12' : `p = ${p < 1e-4 ? p.toExponential(1) : round(p, 4)}`}). ` +
    `${tested} were tested in this run; confidence ${confidenceOf(q)}: ` +
    `${q < 0.01 ? 'fewer than 1' : `about ${Math.round(q * 100)}`} in 100 proposals this strong are expected to be chance.`
  );
}

/**
 * 1. Emerging need. For each need that at least `emergingMinCustomers` customers expressed in the
 * recent window: (a) more customers in the recent window than in the window before it (the
 * conditional binomial test of two Poisson rates), and (b) rising, not steady: of the customers
 * who first expressed it in the two windows, more did so in the later half of the time since the
 * first of them than in the earlier half (a need that appeared 54 days ago and has been expressed
 * evenly since is steady, not emerging). p = the larger of the two (both must hold). Large
 * enough: at least `emergingMinGrowth` times as many customers as in the window before.
 */
async function emergingNeed({ db, asOf, config }: MinerContext): Promise<Proposal[]> {
  const recentFrom = daysBefore(asOf, config.recentDays);
  const previousFrom = daysBefore(asOf, 2 * config.recentDays);
  const rows = await db.read(
    `MATCH (i:Interaction) WHERE i.occurredAt >= datetime($previousFrom) AND i.occurredAt < datetime($asOf)
     MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT}
     MATCH (i)-[:EXPRESSED]->(n:Need)
     WITH n, c, min(i.occurredAt) AS first, max(i.occurredAt) AS last
     WITH n, collect(first.epochMillis) AS firsts,
          count(CASE WHEN last >= datetime($recentFrom) THEN 1 END) AS recent,
          count(CASE WHEN first < datetime($recentFrom) THEN 1 END) AS previous
     WHERE recent >= $minCustomers
     RETURN n.id AS needId, n.title AS title, recent, previous, firsts
     ORDER BY needId`,
    {
      asOf: asOf.toISOString(),
      recentFrom: recentFrom.toISOString(),
      previousFrom: previousFrom.toISOString(),
      minCustomers: config.emergingMinCustomers,
    },
    'learn: emergingNeed',
  );
  type NeedRow = { needId: string; title: string; recent: number; previous: number; firsts: number[] };
  const candidates = (rows as NeedRow[]).map((r) => {
    const firsts = r.firsts;
    const start = firsts.reduce((a, b) => Math.min(a, b), Infinity);
    const middle = (start + asOf.getTime()) / 2;
    const later = firsts.filter((t) => t >= middle).length;
    const earlier = firsts.length - later;
    const p = Math.max(rateIncreasePValue(r.recent, r.previous), rateIncreasePValue(later, earlier));
    return { row: { ...r, start, middle, later, earlier }, p, large: r.recent >= config.emergingMinGrowth * r.previous };
  });
  const found = discoveries(candidates, config.falseDiscoveryRate);
  if (!found.length) return [];
  const evidence = await evidenceOf(
    db,
    `UNWIND $keys AS key
     CALL (key) {
       MATCH (n:Need {id: key})<-[:EXPRESSED]-(i:Interaction)-[:WITH_CUSTOMER]->(c:Customer)
       WHERE i.occurredAt >= datetime($recentFrom) AND i.occurredAt < datetime($asOf) AND ${CONSENT}
       WITH DISTINCT i ORDER BY i.occurredAt DESC, i.id LIMIT toInteger($maxEvidence)
       RETURN collect(i.id) AS ids
     }
     RETURN key, ids`,
    found.map((f) => f.row.needId),
    { asOf: asOf.toISOString(), recentFrom: recentFrom.toISOString() },
    'learn: emergingNeed evidence',
  );
  const tested = count(candidates.length, 'need');
  return found.map(({ row: r, p, q }) => ({
    key: `emerging-need:${r.needId}`,
    miner: Miner.EMERGING_NEED,
    origin: InsightOrigin.FROM_CUSTOMER,
    title: `Emerging need: "${r.title}"`,
    body:
      `${count(r.recent, 'customer')} expressed "${r.title}" in ${window(recentFrom, asOf)}, against ${r.previous} in the ${config.recentDays} days before that` +
      (r.previous ? ` (×${round(r.recent / r.previous, 2)}).` : ' (none).') +
      ` It is rising, not steady: counting each of these ${count(r.later + r.earlier, 'customer')} once, at their first expression in those ${2 * config.recentDays} days ` +
      `(the first on ${day(r.start)}), ${r.later} came from ${day(r.middle)} on and ${r.earlier} before.` +
      howSure(
        count(r.recent + r.previous, 'customer'),
        p,
        q,
        `${tested} expressed by ${config.emergingMinCustomers} customers or more`,
        'a rise this strong',
      ),
    confidence: confidenceOf(q),
    customerIds: [],
    needIds: [r.needId],
    segmentIds: [],
    evidenceIds: evidence.get(r.needId) ?? [],
  }));
}

/**
 * 2. Needs that go together: for each pair of needs held by at least `togetherMinCustomers`
 * customers together (a count, not a share: a niche pattern in a large base is still a pattern),
 * the Cochran-Mantel-Haenszel test that more customers hold both than independence would give
 * within strata of customers holding about as many needs ({@link NEEDS_HELD_STRATA}; one stratum:
 * Fisher's exact test). Large enough: lift (both / what independence within the strata gives) at
 * least `togetherMinLift` and the stronger rule's confidence (holding both / holding one)
 * at least `togetherMinConfidence`. The customers who hold both are linked (the first
 * {@link MAX_CUSTOMERS} by name), and their interactions that expressed either need are evidence.
 */
async function needsTogether({ db, asOf, config }: MinerContext): Promise<Proposal[]> {
  // As of `asOf`: needs held since before it, evidence from before it.
  const params = { asOf: asOf.toISOString() };
  const customers = await db.read(
    `MATCH (c:Customer) WHERE ${CONSENT}
     ${STRATUM}
     RETURN s, count(c) AS n`,
    params,
    'learn: needsTogether',
  );
  const total = customers.reduce((sum, r) => sum + r.n, 0);
  const perStratum = (xs: number[]) => {
    const counts = new Array<number>(NEEDS_HELD_STRATA.length).fill(0);
    for (const x of xs) counts[x]++;
    return counts;
  };
  const customersBy = new Array<number>(NEEDS_HELD_STRATA.length).fill(0);
  for (const r of customers) customersBy[r.s] = r.n;
  const holders = new Map(
    (
      await db.read(
        `MATCH (c:Customer) WHERE ${CONSENT}
         ${STRATUM}
         MATCH (c)-[h:HAS_NEED]->(n:Need) WHERE ${HELD_BY_THEN('h')}
         WITH DISTINCT n, c, s
         RETURN n.id AS needId, collect(s) AS strata`,
        params,
        'learn: needsTogether',
      )
    ).map((r) => [r.needId as string, perStratum(r.strata)]),
  );
  const pairs = await db.read(
    `MATCH (c:Customer) WHERE ${CONSENT}
     ${STRATUM}
     MATCH (a:Need)<-[ha:HAS_NEED]-(c)-[hb:HAS_NEED]->(b:Need) WHERE a.id < b.id AND ${HELD_BY_THEN('ha')} AND ${HELD_BY_THEN('hb')}
     WITH DISTINCT a, b, c, s
     WITH a, b, collect(s) AS strata WHERE size(strata) >= $minCustomers
     RETURN a.id AS aId, a.title AS aTitle, b.id AS bId, b.title AS bTitle, strata
     ORDER BY aId, bId`,
    { ...params, minCustomers: config.togetherMinCustomers },
    'learn: needsTogether',
  );
  type PairRow = { aId: string; aTitle: string; bId: string; bTitle: string; strata: number[] };
  const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
  const candidates = (pairs as PairRow[]).map(({ strata, ...r }) => {
    const bothBy = perStratum(strata);
    const aBy = holders.get(r.aId)!;
    const bBy = holders.get(r.bId)!;
    const both = strata.length;
    const holdersA = sum(aBy);
    const holdersB = sum(bBy);
    const test = stratifiedTogether(bothBy.map((x, i) => ({ both: x, withA: aBy[i], withB: bBy[i], total: customersBy[i] })));
    const lift = both / test.expected;
    const conf = Math.max(both / holdersA, both / holdersB);
    return {
      row: { ...r, both, holdersA, holdersB, lift, expected: test.expected },
      p: test.p,
      large: lift >= config.togetherMinLift && conf >= config.togetherMinConfidence,
    };
  });
  const found = discoveries(candidates, config.falseDiscoveryRate);
  if (!found.length) return [];
  const linked = await db.read(
    `UNWIND $pairs AS pair
     MATCH (a:Need {id: pair[0]}), (b:Need {id: pair[1]})
     CALL (a, b) {
       MATCH (a)<-[ha:HAS_NEED]-(c:Customer)-[hb:HAS_NEED]->(b) WHERE ${CONSENT} AND ${HELD_BY_THEN('ha')} AND ${HELD_BY_THEN('hb')}
       WITH DISTINCT c ORDER BY c.nameLower, c.id LIMIT toInteger($maxCustomers)
       RETURN collect(c.id) AS customerIds
     }
     CALL (a, b, customerIds) {
       UNWIND customerIds AS cid
       MATCH (c:Customer {id: cid})<-[:WITH_CUSTOMER]-(i:Interaction)-[:EXPRESSED]->(n:Need) WHERE (n = a OR n = b) AND i.occurredAt < datetime($asOf)
       WITH DISTINCT i ORDER BY i.occurredAt DESC, i.id LIMIT toInteger($maxEvidence)
       RETURN collect(i.id) AS evidenceIds
     }
     RETURN pair[0] AS aId, pair[1] AS bId, customerIds, evidenceIds`,
    { ...params, pairs: found.map((f) => [f.row.aId, f.row.bId]), maxCustomers: MAX_CUSTOMERS, maxEvidence: MAX_EVIDENCE },
    'learn: needsTogether evidence',
  );
  const byPair = new Map(linked.map((l) => [`${l.aId}:${l.bId}`, l]));
  const tested = count(candidates.length, 'pair');
  return found.map(({ row: r, p, q }) => {
    const ab = r.both / r.holdersA;
    const ba = r.both / r.holdersB;
    const [from, to, conf, holdersFrom] = ab >= ba ? [r.aTitle, r.bTitle, ab, r.holdersA] : [r.bTitle, r.aTitle, ba, r.holdersB];
    const links = byPair.get(`${r.aId}:${r.bId}`);
    return {
      key: `needs-together:${r.aId}:${r.bId}`,
      miner: Miner.NEEDS_TOGETHER,
      origin: InsightOrigin.FROM_CUSTOMER,
      title: `Needs that go together: "${r.aTitle}" and "${r.bTitle}"`,
      body:
        `${count(r.both, 'customer')} hold both "${r.aTitle}" and "${r.bTitle}" (as of ${day(asOf)}): ${pct(conf)} of the ${holdersFrom} who hold "${from}" also hold "${to}", ` +
        `where chance would give ${round(r.expected, 1)} customers holding both among the ${count(total, 'customer')} with analytics consent, given how many needs each holds: ` +
        `${round(r.lift, 2)} times as often.` +
        (r.both > MAX_CUSTOMERS ? ` The first ${MAX_CUSTOMERS} of them by name are linked.` : ' They are linked.') +
        howSure(count(r.both, 'customer'), p, q, `${tested} of needs held together by ${config.togetherMinCustomers} customers or more`),
      confidence: confidenceOf(q),
      customerIds: links?.customerIds ?? [],
      needIds: [r.aId, r.bId],
      segmentIds: [],
      evidenceIds: links?.evidenceIds ?? [],
    };
  });
}

/**
 * 3. Sentiment decline: for each customer with at least `declineMinInteractions` interactions with
 * a sentiment in the recent window and in the baseline (the `declineBaselineDays` before it), a
 * moderated two-sample t-test that the recent mean is below the baseline mean (the customer's
 * spread shrunk toward the spread of all candidates, {@link DECLINE_PRIOR_DF}): 3 random points
 * against 3 do not make a finding. Large enough: a drop of at least `declineMinDrop`. Evidence:
 * the recent interactions below the baseline mean, worst first.
 */
async function sentimentDecline({ db, asOf, config }: MinerContext): Promise<Proposal[]> {
  const recentFrom = daysBefore(asOf, config.recentDays);
  const baselineFrom = daysBefore(recentFrom, config.declineBaselineDays);
  const rows = await db.read(
    `WITH datetime($recentFrom) AS rf
     MATCH (i:Interaction) WHERE i.occurredAt >= datetime($baselineFrom) AND i.occurredAt < datetime($asOf) AND i.sentiment IS NOT NULL
     MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT}
     WITH c, i, i.occurredAt >= rf AS recent
     WITH c, collect(CASE WHEN recent THEN {id: i.id, sentiment: i.sentiment} END) AS recentOnes,
          collect(CASE WHEN NOT recent THEN i.sentiment END) AS baseline
     WHERE size(recentOnes) >= $minInteractions AND size(baseline) >= $minInteractions
     RETURN c.id AS customerId, c.name AS name, recentOnes, baseline
     ORDER BY customerId`,
    {
      asOf: asOf.toISOString(),
      recentFrom: recentFrom.toISOString(),
      baselineFrom: baselineFrom.toISOString(),
      minInteractions: config.declineMinInteractions,
    },
    'learn: sentimentDecline',
  );
  const samples = rows.map((r) => {
    const recentOnes = r.recentOnes as { id: string; sentiment: number }[];
    return { r, recentOnes, before: momentsOf(r.baseline as number[]), after: momentsOf(recentOnes.map((x) => x.sentiment)) };
  });
  const pooled = pooledVariance(samples.map((x) => [x.before, x.after] as const));
  // The prior is worth no more degrees of freedom than it was estimated from (one or two candidates: their own).
  const prior = { variance: pooled.variance, df: Math.min(DECLINE_PRIOR_DF, pooled.df), minSd: SENTIMENT_MIN_SD };
  const mean = (m: Moments) => m.sum / m.n;
  const candidates = samples.map((x) => ({
    row: x,
    p: moderatedDeclinePValue(x.before, x.after, prior),
    large: mean(x.before) - mean(x.after) >= config.declineMinDrop,
  }));
  const tested = count(candidates.length, 'customer');
  return discoveries(candidates, config.falseDiscoveryRate).map(({ row: { r, recentOnes, before, after }, p, q }) => {
    const baselineMean = mean(before);
    const evidence = recentOnes
      .filter((x) => x.sentiment < baselineMean)
      .sort((a, b) => a.sentiment - b.sentiment || a.id.localeCompare(b.id))
      .slice(0, MAX_EVIDENCE);
    return {
      key: `sentiment-decline:${r.customerId}`,
      miner: Miner.SENTIMENT_DECLINE,
      origin: InsightOrigin.ABOUT_CUSTOMER,
      title: `Sentiment decline: ${r.name}`,
      body:
        `Mean sentiment of ${r.name} (-1 to 1) fell from ${round(baselineMean, 2)} over ${count(before.n, 'interaction')} in ${window(baselineFrom, recentFrom)} ` +
        `to ${round(mean(after), 2)} over ${count(after.n, 'interaction')} in ${window(recentFrom, asOf)}: a drop of ${round(baselineMean - mean(after), 2)}.` +
        howSure(
          count(before.n + after.n, 'interaction'),
          p,
          q,
          `${tested} with ${config.declineMinInteractions} sentiments or more in each period`,
          'a drop this large',
        ),
      confidence: confidenceOf(q),
      customerIds: [r.customerId],
      needIds: [],
      segmentIds: [],
      evidenceIds: evidence.map((x) => x.id),
    };
  });
}

/**
 * 4. Touchpoint gap: over the recent window's interactions recording both qualities, a one-sample
 * t-test that perceived quality falls short of expected (mean gap below 0), at each touchpoint
 * overall and at each touchpoint and channel, where at least `gapMinInteractions` interactions
 * allow. Large enough: a mean gap at or below `gapAtMost`. A touchpoint found overall is one
 * proposal (its channels named in the body); a channel is proposed on its own only where its
 * touchpoint is not. Evidence: the widest gaps first.
 */
async function touchpointGap({ db, asOf, config }: MinerContext): Promise<Proposal[]> {
  const recentFrom = daysBefore(asOf, config.recentDays);
  const params = { asOf: asOf.toISOString(), recentFrom: recentFrom.toISOString() };
  const rows = await db.read(
    `MATCH (i:Interaction)
     WHERE i.occurredAt >= datetime($recentFrom) AND i.occurredAt < datetime($asOf)
       AND i.expectedQuality IS NOT NULL AND i.perceivedQuality IS NOT NULL AND i.touchpoint IS NOT NULL AND i.channel IS NOT NULL
     MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT}
     WITH i.touchpoint AS touchpoint, i.channel AS channel, i.perceivedQuality - i.expectedQuality AS gap, i.expectedQuality AS expected
     RETURN touchpoint, channel, count(*) AS n, sum(gap) AS sum, sum(gap * gap) AS sumOfSquares, sum(expected) AS expected
     ORDER BY touchpoint, channel`,
    params,
    'learn: touchpointGap',
  );
  type GapRow = Moments & { touchpoint: string; channel: string; expected: number };
  type Group = Moments & { touchpoint: string; channel: string | null; expected: number; channels: GapRow[] };
  const overall = new Map<string, Group>();
  for (const r of rows as GapRow[]) {
    const g = overall.get(r.touchpoint) ?? {
      touchpoint: r.touchpoint,
      channel: null,
      n: 0,
      sum: 0,
      sumOfSquares: 0,
      expected: 0,
      channels: [],
    };
    g.n += r.n;
    g.sum += r.sum;
    g.sumOfSquares += r.sumOfSquares;
    g.expected += r.expected;
    g.channels.push(r);
    overall.set(r.touchpoint, g);
  }
  const groups: Group[] = [...overall.values(), ...(rows as GapRow[]).map((r): Group => ({ ...r, channels: [] }))].filter(
    (g) => g.n >= config.gapMinInteractions,
  );
  const candidates = groups.map((g) => ({ row: g, p: belowZeroPValue(g, GAP_MIN_SD), large: g.sum / g.n <= config.gapAtMost }));
  const found = discoveries(candidates, config.falseDiscoveryRate);
  const touchpointsFound = new Set(found.filter((f) => f.row.channel === null).map((f) => f.row.touchpoint));
  const proposed = found.filter((f) => f.row.channel === null || !touchpointsFound.has(f.row.touchpoint));
  if (!proposed.length) return [];
  const evidence = await evidenceOf(
    db,
    `UNWIND $keys AS key
     CALL (key) {
       MATCH (i:Interaction)
       WHERE i.occurredAt >= datetime($recentFrom) AND i.occurredAt < datetime($asOf) AND i.touchpoint = key[0] AND (key[1] IS NULL OR i.channel = key[1])
         AND i.perceivedQuality < i.expectedQuality
       MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT}
       WITH i ORDER BY i.perceivedQuality - i.expectedQuality, i.id LIMIT toInteger($maxEvidence)
       RETURN collect(i.id) AS ids
     }
     RETURN key, ids`,
    proposed.map((f) => [f.row.touchpoint, f.row.channel]),
    params,
    'learn: touchpointGap evidence',
  );
  const tested = count(candidates.length, 'touchpoint and channel', 'touchpoints and channels');
  return proposed.map(({ row: g, p, q }) => {
    const gap = g.sum / g.n;
    const expected = g.expected / g.n;
    const where = g.channel ? `${g.touchpoint} through ${g.channel}` : g.touchpoint;
    const byChannel = g.channels
      .filter((c) => c.sum < 0)
      .sort((a, b) => a.sum / a.n - b.sum / b.n)
      .map((c) => `${c.channel} ${round(c.sum / c.n, 2)} (${count(c.n, 'interaction')})`);
    return {
      key: `touchpoint-gap:${g.touchpoint}` + (g.channel ? `:${g.channel}` : ''),
      miner: Miner.TOUCHPOINT_GAP,
      origin: InsightOrigin.FROM_CUSTOMER,
      title: `Experience gap at ${where}`,
      body:
        `Over ${g.n} interactions at ${where} in ${window(recentFrom, asOf)}, customers perceived a quality of ` +
        `${round(expected + gap, 2)} against the ${round(expected, 2)} they expected (1-5): a gap of ${round(gap, 2)}.` +
        (g.channel === null && byChannel.length ? ` By channel: ${byChannel.join(', ')}.` : '') +
        howSure(
          count(g.n, 'interaction'),
          p,
          q,
          `${tested} with ${config.gapMinInteractions} interactions or more`,
          'a shortfall this large',
        ),
      confidence: confidenceOf(q),
      customerIds: [],
      needIds: [],
      segmentIds: [],
      evidenceIds: evidence.get(JSON.stringify([g.touchpoint, g.channel])) ?? [],
    };
  });
}

/**
 * 5. Single-threaded account: a customer whose value (lifetime value where one is recorded, else
 * revenue) is above the `singleThreadedPercentile` of all (percentileDisc; strictly above, and above
 * 0), known by exactly one employee: account owners and handlers of their interactions in the last
 * `singleThreadedDays`. The test: how likely are their n interactions all with one employee if this
 * account were met like the others? At each touchpoint, a share of interactions goes to an employee
 * other than the customer's usual one (few at renewals, which owners handle; most at support); p is
 * the product of 1 − that share over their interactions but the first. Every high-value customer
 * contacted in the period is a candidate (known by several: p = 1), so that the false discovery
 * rate counts them all. A customer contacted once is no evidence of anything.
 */
async function singleThreaded({ db, asOf, config }: MinerContext): Promise<Proposal[]> {
  const knownFrom = daysBefore(asOf, config.singleThreadedDays);
  const params = { asOf: asOf.toISOString(), knownFrom: knownFrom.toISOString() };
  // Per customer and touchpoint: interactions, by handler. A customer's usual employee is the one who
  // handled most of their interactions; the others went elsewhere.
  const cells = (await db.read(
    `MATCH (i:Interaction)-[:WITH_CUSTOMER]->(c:Customer)
     WHERE i.occurredAt >= datetime($knownFrom) AND i.occurredAt < datetime($asOf) AND ${CONSENT}
     MATCH (i)-[:HANDLED_BY]->(e:Employee)
     WITH c, coalesce(i.touchpoint, '') AS touchpoint, e.id AS employee, count(i) AS k
     WITH c, collect({touchpoint: touchpoint, employee: employee, k: k}) AS cells
     RETURN cells`,
    params,
    'learn: singleThreaded',
  )) as { cells: { touchpoint: string; employee: string; k: number }[] }[];
  let interactions = 0;
  let elsewhereAll = 0;
  const byTouchpoint = new Map<string, { n: number; elsewhere: number }>();
  for (const { cells: mine } of cells) {
    const byEmployee = new Map<string, number>();
    for (const x of mine) byEmployee.set(x.employee, (byEmployee.get(x.employee) ?? 0) + x.k);
    const usual = [...byEmployee.entries()].reduce((a, b) => (b[1] > a[1] || (b[1] === a[1] && b[0] < a[0]) ? b : a))[0];
    const n = mine.reduce((sum, x) => sum + x.k, 0);
    interactions += n;
    elsewhereAll += n - byEmployee.get(usual)!;
    for (const x of mine) {
      const t = byTouchpoint.get(x.touchpoint) ?? { n: 0, elsewhere: 0 };
      t.n += x.k;
      if (x.employee !== usual) t.elsewhere += x.k;
      byTouchpoint.set(x.touchpoint, t);
    }
  }
  const elsewhere = interactions ? elsewhereAll / interactions : 0;
  const elsewhereAt = new Map([...byTouchpoint].map(([tp, t]) => [tp, t.elsewhere / t.n]));
  const rows = await db.read(
    `MATCH (c:Customer) WHERE ${CONSENT}
     WITH percentileDisc(${VALUE}, $percentile) AS line
     MATCH (c:Customer) WHERE ${CONSENT} AND ${VALUE} > line AND ${VALUE} > 0
     CALL (c) {
       CALL (c) {
         MATCH (c)<-[:OWNS_ACCOUNT]-(e:Employee) RETURN e
         UNION
         MATCH (c)<-[:WITH_CUSTOMER]-(i:Interaction)-[:HANDLED_BY]->(e:Employee)
         WHERE i.occurredAt >= datetime($knownFrom) AND i.occurredAt < datetime($asOf)
         RETURN e
       }
       RETURN collect(e) AS knowers
     }
     CALL (c, knowers) {
       WITH CASE WHEN size(knowers) = 1 THEN toInteger($maxEvidence) ELSE 0 END AS take
       OPTIONAL MATCH (c)<-[:WITH_CUSTOMER]-(i:Interaction) WHERE i.occurredAt >= datetime($knownFrom) AND i.occurredAt < datetime($asOf)
       WITH take, i ORDER BY i.occurredAt DESC, i.id
       RETURN take, count(i) AS interactions, collect(i.id)[0..take] AS evidenceIds, collect(coalesce(i.touchpoint, '')) AS touchpoints
     }
     RETURN c.id AS customerId, c.name AS name, coalesce(c.lifetimeValue, 0) > 0 AS lifetime, ${VALUE} AS value, line,
            size(knowers) AS known, knowers[0].name AS knower, EXISTS { (c)<-[:OWNS_ACCOUNT]-(:Employee) } AS owned, interactions, evidenceIds, touchpoints
     ORDER BY customerId`,
    { ...params, percentile: config.singleThreadedPercentile, maxEvidence: MAX_EVIDENCE },
    'learn: singleThreaded',
  );
  // Every high-value customer contacted in the period is a candidate, whoever knows them (one known by
  // several is tested too, and not found: p = 1); one not contacted can never be a finding, so is none.
  const candidates = rows
    .filter((r) => r.interactions > 0)
    .map((r) => ({
      row: r,
      // Given where they were met: a customer met at sales, where owners handle most, meets a second employee
      // less often than one met at support, where whoever is on duty answers.
      p: r.known === 1 ? allToOneAtPValue((r.touchpoints as string[]).map((tp) => elsewhereAt.get(tp) ?? elsewhere)) : 1,
      large: true,
    }));
  const tested = `${count(candidates.length, 'high-value customer')} contacted in the period`;
  return discoveries(candidates, config.falseDiscoveryRate).map(({ row: r, p, q }) => ({
    key: `single-threaded:${r.customerId}`,
    miner: Miner.SINGLE_THREADED_ACCOUNT,
    origin: InsightOrigin.ABOUT_CUSTOMER,
    title: `Single-threaded account: ${r.name}`,
    body:
      `${r.name} has a ${r.lifetime ? 'lifetime value' : 'revenue (no lifetime value recorded)'} of ${EUR.format(r.value)}, above ${EUR.format(r.line)} ` +
      `(the top ${pct(1 - config.singleThreadedPercentile)} of customers by value: lifetime value where recorded, else revenue), ` +
      `but only one employee knows them: ${r.knower}, ${r.owned ? 'their account owner, who handled' : 'who handled'} all ${count(r.interactions, 'interaction')} in ${window(knownFrom, asOf)}. ` +
      `Across customers, ${pct(elsewhere)} of interactions are with an employee other than the customer's usual one` +
      ' (taken into account touchpoint by touchpoint: owners handle most renewals, whoever is on duty most support)' +
      `. If ${r.knower} leaves, the relationship goes with them.` +
      howSure(count(r.interactions, 'interaction'), p, q, tested, `${r.interactions} interactions all with one employee`),
    confidence: confidenceOf(q),
    customerIds: [r.customerId],
    needIds: [],
    segmentIds: [],
    evidenceIds: r.evidenceIds,
  }));
}

/**
 * Strata of customers by how many needs they hold (the lower bounds: 1, 2, 3, 4, 5-6, 7-9, 10-14,
 * 15-24, 25 and more; 0 for none). Customers who hold many needs hold any two needs more often than
 * customers who hold few: without strata, a need of busy customers would "go together" with every
 * popular need.
 */
export const NEEDS_HELD_STRATA = [0, 1, 2, 3, 4, 5, 7, 10, 15, 25] as const;

/**
 * Cypher giving `s`, the stratum of customer `c` (a fixed name) by the needs they held at `$asOf`:
 * the index in {@link NEEDS_HELD_STRATA} of the last bound at or below the count (a unit test
 * checks that the two agree).
 */
export const STRATUM = `CALL (c) { OPTIONAL MATCH (c)-[h:HAS_NEED]->(n:Need) WHERE (h.since IS NULL OR h.since < datetime($asOf)) RETURN count(DISTINCT n) AS k }
     WITH c, CASE WHEN k >= 25 THEN 9 WHEN k >= 15 THEN 8 WHEN k >= 10 THEN 7 WHEN k >= 7 THEN 6 WHEN k >= 5 THEN 5 WHEN k >= 4 THEN 4 WHEN k >= 3 THEN 3 WHEN k >= 2 THEN 2 WHEN k >= 1 THEN 1 ELSE 0 END AS s`;

/** Runs an evidence statement over `keys` (its rows: key, ids) and maps each key to its ids. */
async function evidenceOf(
  db: Reader,
  cypher: string,
  keys: unknown[],
  params: Record<string, unknown>,
  operation: string,
): Promise<Map<string, string[]>> {
  const rows = await db.read(cypher, { ...params, keys, maxEvidence: MAX_EVIDENCE }, operation);
  return new Map(rows.map((r) => [typeof r.key === 'string' ? r.key : JSON.stringify(r.key), r.ids as string[]]));
}

/** Every miner, in the order they run. */
export const MINERS: Record<Miner, (ctx: MinerContext) => Promise<Proposal[]>> = {
  [Miner.EMERGING_NEED]: emergingNeed,
  [Miner.NEEDS_TOGETHER]: needsTogether,
  [Miner.SENTIMENT_DECLINE]: sentimentDecline,
  [Miner.TOUCHPOINT_GAP]: touchpointGap,
  [Miner.SINGLE_THREADED_ACCOUNT]: singleThreaded,
};
