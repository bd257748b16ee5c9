import type { LearningConfig } from '../../config';
import type { Reader } from '../../db/read-batcher';
import { hasAnalyticsConsent } from '../customer/customer.repository';
import { InsightOrigin } from '../insight/insight.type';
import { DAY_MS, round } from '../analytics/scores';
import { Miner } from './learning.type';

/**
 * The insight miners. Each reads the graph as of `asOf` (customers with analytics consent only)
 * and returns proposals: what it found, why (the explanation becomes the insight's body), how
 * sure it is, what the insight is about and the interactions that are its evidence. They write
 * nothing; `learning.service.ts` turns proposals into insights.
 */

export interface Proposal {
  /** Identifies what the proposal is about, so a re-run updates its earlier proposal. */
  key: string;
  miner: Miner;
  origin: InsightOrigin;
  title: string;
  body: string;
  confidence: number;
  customerIds: string[];
  needIds: string[];
  segmentIds: string[];
  /** Interactions behind it, the most telling first (at most {@link MAX_EVIDENCE}). */
  evidenceIds: string[];
}

/** At most this many interactions are linked as evidence of one proposal. */
export const MAX_EVIDENCE = 50;

export interface MinerContext {
  db: Reader;
  asOf: Date;
  config: LearningConfig;
}

const CONSENT = hasAnalyticsConsent('c');
/** A HAS_NEED relationship (variable `h`, a fixed name in code) that held at `$asOf`: since before it (or since an unknown time). */
const HELD_BY_THEN = (h: 'h' | 'ha' | 'hb') => `(${h}.since IS NULL OR ${h}.since < datetime($asOf))`;
const daysBefore = (d: Date, days: number) => new Date(d.getTime() - days * DAY_MS).toISOString();
const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);
const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * 1. Emerging need: expressed by at least `emergingMinCustomers` distinct customers in the
 * recent window, and by at least `emergingMinGrowth` times as many as in the window before
 * (any number against none). Confidence: 1 − (previous + 1) / (recent + 1), at most 0.95.
 */
async function emergingNeed({ db, asOf, config }: MinerContext): Promise<Proposal[]> {
  const rows = await db.read(
    `WITH datetime($asOf) AS asOf, datetime($recentFrom) AS rf
     MATCH (i:Interaction) WHERE i.occurredAt >= datetime($previousFrom) AND i.occurredAt < asOf
     MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT}
     MATCH (i)-[:EXPRESSED]->(n:Need)
     WITH n, c, i, i.occurredAt >= rf AS recent ORDER BY i.occurredAt DESC, i.id
     WITH n, count(DISTINCT CASE WHEN recent THEN c END) AS recentCustomers,
          count(DISTINCT CASE WHEN NOT recent THEN c END) AS previousCustomers,
          collect(CASE WHEN recent THEN i.id END) AS evidenceIds
     WHERE recentCustomers >= $minCustomers AND (previousCustomers = 0 OR toFloat(recentCustomers) / previousCustomers >= $minGrowth)
     RETURN n.id AS needId, n.title AS title, recentCustomers, previousCustomers, evidenceIds[0..toInteger($maxEvidence)] AS evidenceIds
     ORDER BY needId`,
    {
      asOf: asOf.toISOString(),
      recentFrom: daysBefore(asOf, config.recentDays),
      previousFrom: daysBefore(asOf, 2 * config.recentDays),
      minCustomers: config.emergingMinCustomers,
      minGrowth: config.emergingMinGrowth,
      maxEvidence: MAX_EVIDENCE,
    },
    'learn: emergingNeed',
  );
  return rows.map((r) => ({
    key: `emerging-need:${r.needId}`,
    miner: Miner.EMERGING_NEED,
    origin: InsightOrigin.FROM_CUSTOMER,
    title: `Emerging need: "${r.title}"`,
    body:
      `${r.recentCustomers} customers expressed "${r.title}" in the ${config.recentDays} days to ${day(asOf)}, against ${r.previousCustomers} in the ${config.recentDays} days before` +
      (r.previousCustomers ? ` (×${round(r.recentCustomers / r.previousCustomers, 2)}).` : ' (new).'),
    confidence: round(Math.min(0.95, 1 - (r.previousCustomers + 1) / (r.recentCustomers + 1)), 2),
    customerIds: [],
    needIds: [r.needId],
    segmentIds: [],
    evidenceIds: r.evidenceIds,
  }));
}

/**
 * 2. Needs that go together: association rules over customers, a customer's items being the
 * needs they hold. A pair {A, B} is proposed when support (customers holding both / customers)
 * reaches `togetherMinSupport` (and at least `togetherMinCustomers` customers hold both: on a small
 * base, pairs of a few customers are chance), lift (support / (share holding A × share holding B)) reaches
 * `togetherMinLift`, and the stronger rule's confidence (holding both / holding A) reaches
 * `togetherMinConfidence`. The insight's confidence is that rule's confidence.
 */
async function needsTogether({ db, asOf, config }: MinerContext): Promise<Proposal[]> {
  // As of `asOf`: needs held since before it, evidence from before it.
  const rows = await db.read(
    `MATCH (c:Customer) WHERE ${CONSENT}
     WITH count(c) AS total
     MATCH (a:Need)<-[ha:HAS_NEED]-(c:Customer)-[hb:HAS_NEED]->(b:Need) WHERE ${CONSENT} AND a.id < b.id AND ${HELD_BY_THEN('ha')} AND ${HELD_BY_THEN('hb')}
     WITH total, a, b, count(DISTINCT c) AS both
     WHERE toFloat(both) / total >= $minSupport AND both >= $minCustomers
     CALL (a) { MATCH (a)<-[h:HAS_NEED]-(c:Customer) WHERE ${CONSENT} AND ${HELD_BY_THEN('h')} RETURN count(DISTINCT c) AS holdersA }
     CALL (b) { MATCH (b)<-[h:HAS_NEED]-(c:Customer) WHERE ${CONSENT} AND ${HELD_BY_THEN('h')} RETURN count(DISTINCT c) AS holdersB }
     WITH total, a, b, both, holdersA, holdersB, toFloat(both) * total / (holdersA * holdersB) AS lift
     WHERE lift >= $minLift AND (toFloat(both) / holdersA >= $minConfidence OR toFloat(both) / holdersB >= $minConfidence)
     CALL (a, b) {
       MATCH (a)<-[ha:HAS_NEED]-(c:Customer)-[hb:HAS_NEED]->(b) WHERE ${CONSENT} AND ${HELD_BY_THEN('ha')} AND ${HELD_BY_THEN('hb')}
       MATCH (c)<-[:WITH_CUSTOMER]-(i:Interaction)-[:EXPRESSED]->(n:Need) WHERE (n = a OR n = b) AND i.occurredAt < datetime($asOf)
       WITH DISTINCT i ORDER BY i.occurredAt DESC, i.id LIMIT toInteger($maxEvidence)
       RETURN collect(i.id) AS evidenceIds
     }
     RETURN a.id AS aId, a.title AS aTitle, b.id AS bId, b.title AS bTitle, total, both, holdersA, holdersB, lift, evidenceIds
     ORDER BY aId, bId`,
    {
      asOf: asOf.toISOString(),
      minSupport: config.togetherMinSupport,
      minCustomers: config.togetherMinCustomers,
      minConfidence: config.togetherMinConfidence,
      minLift: config.togetherMinLift,
      maxEvidence: MAX_EVIDENCE,
    },
    'learn: needsTogether',
  );
  return rows.map((r) => {
    const ab = r.both / r.holdersA;
    const ba = r.both / r.holdersB;
    const [from, to, conf] = ab >= ba ? [r.aTitle, r.bTitle, ab] : [r.bTitle, r.aTitle, ba];
    return {
      key: `needs-together:${r.aId}:${r.bId}`,
      miner: Miner.NEEDS_TOGETHER,
      origin: InsightOrigin.FROM_CUSTOMER,
      title: `Needs that go together: "${r.aTitle}" and "${r.bTitle}"`,
      body:
        `${r.both} of ${r.total} customers hold both (support ${round(r.both / r.total, 4)}). ` +
        `${pct(conf)} of the customers who hold "${from}" also hold "${to}" (confidence ${round(conf, 4)}); ` +
        `lift ${round(r.lift, 2)}: together ${round(r.lift, 2)} times as often as chance would have it.`,
      confidence: round(conf, 2),
      customerIds: [],
      needIds: [r.aId, r.bId],
      segmentIds: [],
      evidenceIds: r.evidenceIds,
    };
  });
}

/**
 * 3. Sentiment decline: a customer with at least `declineMinInteractions` interactions with a
 * sentiment in the recent window and in the baseline (the `declineBaselineDays` before it), whose
 * recent mean is at least `declineMinDrop` below the baseline mean. Evidence: the recent
 * interactions below the baseline mean, worst first. Confidence: 0.5 + drop / 2, at most 0.95.
 */
async function sentimentDecline({ db, asOf, config }: MinerContext): Promise<Proposal[]> {
  const recentFrom = daysBefore(asOf, config.recentDays);
  const rows = await db.read(
    `WITH datetime($recentFrom) AS rf
     MATCH (i:Interaction) WHERE i.occurredAt >= datetime($baselineFrom) AND i.occurredAt < datetime($asOf) AND i.sentiment IS NOT NULL
     MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT}
     WITH c, i, i.occurredAt >= rf AS recent
     WITH c, count(CASE WHEN recent THEN 1 END) AS recentCount, avg(CASE WHEN recent THEN i.sentiment END) AS recentMean,
          count(CASE WHEN NOT recent THEN 1 END) AS baselineCount, avg(CASE WHEN NOT recent THEN i.sentiment END) AS baselineMean,
          collect(CASE WHEN recent THEN {id: i.id, sentiment: i.sentiment} END) AS recentOnes
     WHERE recentCount >= $minInteractions AND baselineCount >= $minInteractions AND baselineMean - recentMean >= $minDrop
     RETURN c.id AS customerId, c.name AS name, recentCount, recentMean, baselineCount, baselineMean, recentOnes
     ORDER BY customerId`,
    {
      asOf: asOf.toISOString(),
      recentFrom,
      baselineFrom: daysBefore(asOf, config.recentDays + config.declineBaselineDays),
      minInteractions: config.declineMinInteractions,
      minDrop: config.declineMinDrop,
    },
    'learn: sentimentDecline',
  );
  return rows.map((r) => {
    const drop = r.baselineMean - r.recentMean;
    const evidence = (r.recentOnes as { id: string; sentiment: number }[])
      .filter((x) => x.sentiment < r.baselineMean)
      .sort((a, b) => a.sentiment - b.sentiment || a.id.localeCompare(b.id))
      .slice(0, MAX_EVIDENCE);
    return {
      key: `sentiment-decline:${r.customerId}`,
      miner: Miner.SENTIMENT_DECLINE,
      origin: InsightOrigin.ABOUT_CUSTOMER,
      title: `Sentiment decline: ${r.name}`,
      body:
        `Mean sentiment of ${r.name} fell from ${round(r.baselineMean, 2)} (${r.baselineCount} interactions in the ${config.declineBaselineDays} days before) ` +
        `to ${round(r.recentMean, 2)} (${r.recentCount} interactions in the ${config.recentDays} days to ${day(asOf)}): a drop of ${round(drop, 2)}.`,
      confidence: round(Math.min(0.95, 0.5 + drop / 2), 2),
      customerIds: [r.customerId],
      needIds: [],
      segmentIds: [],
      evidenceIds: evidence.map((x) => x.id),
    };
  });
}

/**
 * 4. Touchpoint gap: a touchpoint and channel whose interactions of the recent window recording
 * both qualities number at least `gapMinInteractions`, with a mean gap (perceived − expected) at
 * or below `gapAtMost`. Evidence: the widest gaps first. Confidence: 0.5 + |gap| / 4, at most 0.95.
 */
async function touchpointGap({ db, asOf, config }: MinerContext): Promise<Proposal[]> {
  const rows = await db.read(
    `MATCH (i:Interaction)
     WHERE i.occurredAt >= datetime($recentFrom) AND i.occurredAt < datetime($asOf)
       AND i.expectedQuality IS NOT NULL AND i.perceivedQuality IS NOT NULL
     MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT}
     WITH i.touchpoint AS touchpoint, i.channel AS channel, count(i) AS n, avg(i.perceivedQuality - i.expectedQuality) AS gap,
          avg(i.expectedQuality) AS expected, avg(i.perceivedQuality) AS perceived,
          collect({id: i.id, gap: i.perceivedQuality - i.expectedQuality}) AS ones
     WHERE n >= $minInteractions AND gap <= $atMost
     RETURN touchpoint, channel, n, gap, expected, perceived, ones
     ORDER BY touchpoint, channel`,
    {
      asOf: asOf.toISOString(),
      recentFrom: daysBefore(asOf, config.recentDays),
      minInteractions: config.gapMinInteractions,
      atMost: config.gapAtMost,
    },
    'learn: touchpointGap',
  );
  return rows.map((r) => ({
    key: `touchpoint-gap:${r.touchpoint}:${r.channel}`,
    miner: Miner.TOUCHPOINT_GAP,
    origin: InsightOrigin.FROM_CUSTOMER,
    title: `Experience gap at ${r.touchpoint} through ${r.channel}`,
    body:
      `Over ${r.n} interactions at ${r.touchpoint} through ${r.channel} in the ${config.recentDays} days to ${day(asOf)}, customers perceived a quality of ` +
      `${round(r.perceived, 2)} against the ${round(r.expected, 2)} they expected (1-5): a gap of ${round(r.gap, 2)}.`,
    confidence: round(Math.min(0.95, 0.5 + Math.abs(r.gap) / 4), 2),
    customerIds: [],
    needIds: [],
    segmentIds: [],
    evidenceIds: (r.ones as { id: string; gap: number }[])
      .filter((x) => x.gap < 0)
      .sort((a, b) => a.gap - b.gap || a.id.localeCompare(b.id))
      .slice(0, MAX_EVIDENCE)
      .map((x) => x.id),
  }));
}

/**
 * 5. Single-threaded account: a customer whose lifetime value is above the
 * `singleThreadedPercentile` of all (percentileDisc; strictly above, so that 0.8 over 10 customers
 * is the top 2, not 3), known by exactly one employee: account
 * owners and handlers of their interactions in the last `singleThreadedDays`. A lifetime value of 0 never counts
 * as high. Confidence 0.9.
 */
async function singleThreaded({ db, asOf, config }: MinerContext): Promise<Proposal[]> {
  const rows = await db.read(
    `MATCH (c:Customer) WHERE ${CONSENT}
     WITH percentileDisc(c.lifetimeValue, $percentile) AS line
     MATCH (c:Customer) WHERE ${CONSENT} AND c.lifetimeValue > line AND c.lifetimeValue > 0
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
     WITH c, line, knowers WHERE size(knowers) = 1
     CALL (c) {
       OPTIONAL MATCH (c)<-[:WITH_CUSTOMER]-(i:Interaction) WHERE i.occurredAt >= datetime($knownFrom) AND i.occurredAt < datetime($asOf)
       WITH i ORDER BY i.occurredAt DESC, i.id LIMIT toInteger($maxEvidence)
       RETURN collect(i.id) AS evidenceIds
     }
     RETURN c.id AS customerId, c.name AS name, c.lifetimeValue AS lifetimeValue, line, knowers[0].name AS knower, evidenceIds
     ORDER BY customerId`,
    {
      asOf: asOf.toISOString(),
      knownFrom: daysBefore(asOf, config.singleThreadedDays),
      percentile: config.singleThreadedPercentile,
      maxEvidence: MAX_EVIDENCE,
    },
    'learn: singleThreaded',
  );
  return rows.map((r) => ({
    key: `single-threaded:${r.customerId}`,
    miner: Miner.SINGLE_THREADED_ACCOUNT,
    origin: InsightOrigin.ABOUT_CUSTOMER,
    title: `Single-threaded account: ${r.name}`,
    body:
      `${r.name} has a lifetime value of ${r.lifetimeValue} EUR (above ${r.line} EUR: the top ${pct(1 - config.singleThreadedPercentile)}), ` +
      `but only one employee knows them: ${r.knower} (account owners and handlers of interactions in the ${config.singleThreadedDays} days to ${day(asOf)}). ` +
      'If they leave, the relationship goes with them.',
    confidence: 0.9,
    customerIds: [r.customerId],
    needIds: [],
    segmentIds: [],
    evidenceIds: r.evidenceIds,
  }));
}

/** Every miner, in the order they run. */
export const MINERS: Record<Miner, (ctx: MinerContext) => Promise<Proposal[]>> = {
  [Miner.EMERGING_NEED]: emergingNeed,
  [Miner.NEEDS_TOGETHER]: needsTogether,
  [Miner.SENTIMENT_DECLINE]: sentimentDecline,
  [Miner.TOUCHPOINT_GAP]: touchpointGap,
  [Miner.SINGLE_THREADED_ACCOUNT]: singleThreaded,
};
