import type { Params, Row } from '../../db/graph';
import type { Reader } from '../../db/read-batcher';
import { hasAnalyticsConsent } from '../customer/customer.repository';

/**
 * Cypher of the analytics: facts per customer (health, who knows them, similar customers,
 * recommendations, experience gap) and figures across customers (trends, experts, portfolio,
 * experience by touchpoint). Every statement leaves out customers without analytics consent
 * (erased customers have none), takes its time window as parameters, and returns raw facts;
 * the scores are computed in `scores.ts`, where they can be read and tested.
 *
 * Statements per customer take a list of ids and declare their columns, so a page of customers
 * costs one statement per analytic, combined with the other reads of its query level.
 */

const CONSENT = hasAnalyticsConsent('c');
/**
 * An insight (`ins`) about no customer without analytics consent: what is known of those
 * customers feeds no figure, ranking or recommendation, even when the insight is also about a
 * customer who consented. (Its own variable: `c` is the customer at hand in some statements.)
 */
const CONSENTING_SUBJECTS = `NOT EXISTS { (ins)-[:ABOUT]->(subject:Customer) WHERE NOT ${hasAnalyticsConsent('subject')} }`;
const IN_SEGMENT = '($segmentId IS NULL OR EXISTS { (c)-[:IN_SEGMENT]->(:Segment {id: $segmentId}) })';

/** Need statuses that count as open for health. */
export const OPEN_NEED_STATUSES = ['OPEN', 'IN_PROGRESS'];

export interface HealthFacts {
  id: string;
  lastContactAt: Date | null;
  recentSentiment: number | null;
  baselineSentiment: number | null;
  recentNegatives: number;
  openNeeds: number;
}

export interface HealthWindow {
  asOf: string;
  recentFrom: string;
  baselineFrom: string;
  negativeAtOrBelow: number;
}

const HEALTH_COLUMNS = ['id', 'lastContactAt', 'recentSentiment', 'baselineSentiment', 'recentNegatives', 'openNeeds'] as const;

/** The part of the health statement after the customers are matched as `c`. */
const HEALTH_FACTS = `
  CALL (c) {
    OPTIONAL MATCH (c)<-[:WITH_CUSTOMER]-(i:Interaction) WHERE i.occurredAt < datetime($asOf)
    RETURN max(i.occurredAt) AS lastContactAt,
           avg(CASE WHEN i.occurredAt >= datetime($recentFrom) THEN i.sentiment END) AS recentSentiment,
           avg(CASE WHEN i.occurredAt >= datetime($baselineFrom) AND i.occurredAt < datetime($recentFrom) THEN i.sentiment END) AS baselineSentiment,
           count(CASE WHEN i.occurredAt >= datetime($recentFrom) AND i.sentiment <= $negativeAtOrBelow THEN 1 END) AS recentNegatives
  }
  CALL (c) {
    OPTIONAL MATCH (c)-[:HAS_NEED]->(n:Need) WHERE n.status IN $openStatuses
    RETURN count(n) AS openNeeds
  }
  RETURN c.id AS id, lastContactAt, recentSentiment, baselineSentiment, recentNegatives, openNeeds`;

/** Which of the given customers share analytics now (the others, and ids of nobody, are missing). */
export async function consentingCustomers(db: Reader, ids: readonly string[]): Promise<Set<string>> {
  const rows = await db.read(`UNWIND $ids AS cid MATCH (c:Customer {id: cid}) WHERE ${CONSENT} RETURN c.id AS id`, { ids }, 'consent');
  return new Set(rows.map((r) => r.id as string));
}

/** Health facts of the given customers (those with consent; others are missing). */
export function healthFacts(db: Reader, ids: readonly string[], w: HealthWindow): Promise<HealthFacts[]> {
  return db.read(
    `UNWIND $ids AS cid MATCH (c:Customer {id: cid}) WHERE ${CONSENT} ${HEALTH_FACTS}`,
    { ids, ...w, openStatuses: OPEN_NEED_STATUSES },
    'health',
    HEALTH_COLUMNS,
  ) as Promise<HealthFacts[]>;
}

/**
 * The oldest moment a stored health score (the snapshot, health-snapshot.ts) was computed for,
 * read from the end of its index; null when no customer has one.
 */
export async function oldestHealthAsOf(db: Reader): Promise<Date | null> {
  const rows = await db.read(
    'MATCH (c:Customer) WHERE c.healthAsOf IS NOT NULL RETURN c.healthAsOf AS at ORDER BY c.healthAsOf LIMIT 1',
    {},
    'atRiskCustomers',
  );
  return (rows[0]?.at as Date | undefined) ?? null;
}

/**
 * Customers with consent (in a segment, when given) whose stored health score is below `below`,
 * lowest first (then by id), after the position `after` (a score and an id), at most `limit`:
 * read in order from the score's index.
 */
export function storedHealthBelow(
  db: Reader,
  segmentId: string | null,
  below: number,
  after: { score: number; id: string } | null,
  limit: number,
): Promise<{ id: string; score: number }[]> {
  return db.read(
    `MATCH (c:Customer) WHERE c.healthScore < $below AND c.healthScore >= $fromScore AND ${CONSENT} AND ${IN_SEGMENT}
       AND (c.healthScore > $fromScore OR c.id > $fromId)
     RETURN c.id AS id, c.healthScore AS score ORDER BY c.healthScore, c.id LIMIT toInteger($limit)`,
    { below, segmentId, fromScore: after?.score ?? -1, fromId: after?.id ?? '', limit },
    'atRiskCustomers',
  ) as Promise<{ id: string; score: number }[]>;
}

/**
 * Customers with consent (in a segment, when given) with an interaction that happened in one of
 * the given time ranges (`from` inclusive, `to` exclusive; ISO strings), read from the time index.
 */
export async function customersContactedIn(
  db: Reader,
  segmentId: string | null,
  ranges: { from: string; to: string }[],
): Promise<string[]> {
  const rows = await db.read(
    `UNWIND $ranges AS r
     CALL (r) {
       MATCH (i:Interaction) WHERE i.occurredAt >= datetime(r.from) AND i.occurredAt < datetime(r.to)
       MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT} AND ${IN_SEGMENT}
       RETURN DISTINCT c.id AS id
     }
     RETURN DISTINCT id`,
    { ranges, segmentId },
    'atRiskCustomers',
  );
  return rows.map((r) => r.id as string);
}

export interface KnowerFacts {
  customerId: string;
  employeeId: string;
  interactionCount: number;
  lastInteractionAt: Date | null;
  recencyWeight: number;
  accountOwner: boolean;
  insightCount: number;
}

/**
 * Per customer, every employee who handled an interaction, owns the account or wrote an insight
 * about them (not one also about a customer without analytics consent).
 */
export function knowerFacts(db: Reader, ids: readonly string[], asOf: string, halfLifeDays: number): Promise<KnowerFacts[]> {
  return db.read(
    `UNWIND $ids AS cid MATCH (c:Customer {id: cid}) WHERE ${CONSENT}
     CALL (c) {
       MATCH (c)<-[:WITH_CUSTOMER]-(i:Interaction)-[:HANDLED_BY]->(e:Employee) WHERE i.occurredAt < datetime($asOf)
       RETURN e.id AS employeeId, count(i) AS interactions, max(i.occurredAt) AS last,
              sum(0.5 ^ (duration.inSeconds(i.occurredAt, datetime($asOf)).seconds / 86400.0 / $halfLifeDays)) AS weight,
              false AS owner, 0 AS insights
       UNION ALL
       MATCH (c)<-[:OWNS_ACCOUNT]-(e:Employee)
       RETURN e.id AS employeeId, 0 AS interactions, null AS last, 0.0 AS weight, true AS owner, 0 AS insights
       UNION ALL
       MATCH (c)<-[:ABOUT]-(ins:Insight)<-[:AUTHORED]-(e:Employee) WHERE ${CONSENTING_SUBJECTS}
       RETURN e.id AS employeeId, 0 AS interactions, null AS last, 0.0 AS weight, false AS owner, count(ins) AS insights
     }
     WITH c, employeeId, sum(interactions) AS interactionCount, max(last) AS lastInteractionAt, sum(weight) AS recencyWeight,
          any(o IN collect(owner) WHERE o) AS accountOwner, sum(insights) AS insightCount
     RETURN c.id AS customerId, employeeId, interactionCount, lastInteractionAt, recencyWeight, accountOwner, insightCount`,
    { ids, asOf, halfLifeDays },
    'knownBy',
    ['customerId', 'employeeId', 'interactionCount', 'lastInteractionAt', 'recencyWeight', 'accountOwner', 'insightCount'],
  ) as Promise<KnowerFacts[]>;
}

export interface SimilarityFacts {
  customerId: string;
  otherId: string;
  sharedNeedIds: string[];
  sharedTopicIds: string[];
  /** Needs and topics of either customer. */
  unionSize: number;
}

/**
 * Per customer, the candidates that share at least one need (the `candidates` sharing the most),
 * with the needs and topics they share. Bounded: it starts from the customer's own needs.
 */
export function similarityFacts(db: Reader, ids: readonly string[], candidates: number): Promise<SimilarityFacts[]> {
  return db.read(
    `UNWIND $ids AS cid MATCH (c:Customer {id: cid}) WHERE ${CONSENT}
     CALL (c) { OPTIONAL MATCH (c)-[:HAS_NEED]->(n:Need) RETURN collect(DISTINCT n.id) AS myNeeds }
     CALL (c) { OPTIONAL MATCH (c)<-[:WITH_CUSTOMER]-(:Interaction)-[:TAGGED]->(t:Topic) RETURN collect(DISTINCT t.id) AS myTopics }
     CALL (c) {
       MATCH (c)-[:HAS_NEED]->(:Need)<-[:HAS_NEED]-(o:Customer) WHERE o <> c AND ${hasAnalyticsConsent('o')}
       WITH o, count(*) AS shared ORDER BY shared DESC, o.id LIMIT toInteger($candidates)
       RETURN o
     }
     CALL (o) { OPTIONAL MATCH (o)-[:HAS_NEED]->(n:Need) RETURN collect(DISTINCT n.id) AS needs }
     CALL (o) { OPTIONAL MATCH (o)<-[:WITH_CUSTOMER]-(:Interaction)-[:TAGGED]->(t:Topic) RETURN collect(DISTINCT t.id) AS topics }
     WITH c, o, myNeeds, myTopics, needs, topics,
          [x IN needs WHERE x IN myNeeds] AS sharedNeedIds, [x IN topics WHERE x IN myTopics] AS sharedTopicIds
     RETURN c.id AS customerId, o.id AS otherId, sharedNeedIds, sharedTopicIds,
            size(myNeeds) + size(myTopics) + size(needs) + size(topics) - size(sharedNeedIds) - size(sharedTopicIds) AS unionSize`,
    { ids, candidates },
    'similarCustomers',
    ['customerId', 'otherId', 'sharedNeedIds', 'sharedTopicIds', 'unionSize'],
  ) as Promise<SimilarityFacts[]>;
}

export interface RecommendationFacts {
  customerId: string;
  insightId: string;
  /** confidence × (1 per need of the customer it is about + the similarity of each similar customer it is about). */
  score: number;
  viaNeedIds: string[];
  viaCustomers: { id: string; score: number }[];
}

/**
 * Validated insights about a customer's needs or about their similar customers (given with
 * their similarity), that are not about the customer already, nor about any customer without
 * analytics consent: the `limit` most relevant per customer.
 */
export function recommendationFacts(
  db: Reader,
  targets: { id: string; similar: { id: string; score: number }[] }[],
  limit: number,
): Promise<RecommendationFacts[]> {
  return db.read(
    `UNWIND $targets AS t MATCH (c:Customer {id: t.id}) WHERE ${CONSENT}
     CALL (c, t) {
       CALL (c, t) {
         MATCH (c)-[:HAS_NEED]->(n:Need)<-[:ABOUT]-(ins:Insight {status: 'VALIDATED'})
         WHERE NOT (ins)-[:ABOUT]->(c) AND ${CONSENTING_SUBJECTS}
         RETURN ins AS i, n.id AS viaNeed, null AS viaCustomer
         UNION
         UNWIND t.similar AS s
         MATCH (o:Customer {id: s.id})<-[:ABOUT]-(ins:Insight {status: 'VALIDATED'})
         WHERE NOT (ins)-[:ABOUT]->(c) AND ${CONSENTING_SUBJECTS}
         RETURN ins AS i, null AS viaNeed, s AS viaCustomer
       }
       WITH i, collect(DISTINCT viaNeed) AS viaNeedIds, collect(DISTINCT viaCustomer) AS viaCustomers
       WITH i, viaNeedIds, viaCustomers, i.confidence * (size(viaNeedIds) + reduce(sum = 0.0, v IN viaCustomers | sum + v.score)) AS score
       ORDER BY score DESC, i.id
       LIMIT toInteger($limit)
       RETURN i.id AS insightId, score, viaNeedIds, viaCustomers
     }
     RETURN c.id AS customerId, insightId, score, viaNeedIds, viaCustomers`,
    { targets, limit },
    'recommendedInsights',
    ['customerId', 'insightId', 'score', 'viaNeedIds', 'viaCustomers'],
  ) as Promise<RecommendationFacts[]>;
}

export interface GapFacts {
  customerId: string;
  interactionCount: number;
  averageExpectedQuality: number | null;
  averagePerceivedQuality: number | null;
}

/** Per customer, expected and perceived quality over the interactions that record both. */
export function experienceGapFacts(db: Reader, ids: readonly string[]): Promise<GapFacts[]> {
  return db.read(
    `UNWIND $ids AS cid MATCH (c:Customer {id: cid}) WHERE ${CONSENT}
     OPTIONAL MATCH (c)<-[:WITH_CUSTOMER]-(i:Interaction)
     WHERE i.expectedQuality IS NOT NULL AND i.perceivedQuality IS NOT NULL
     RETURN c.id AS customerId, count(i) AS interactionCount,
            avg(i.expectedQuality) AS averageExpectedQuality, avg(i.perceivedQuality) AS averagePerceivedQuality`,
    { ids },
    'experienceGap',
    ['customerId', 'interactionCount', 'averageExpectedQuality', 'averagePerceivedQuality'],
  ) as Promise<GapFacts[]>;
}

export interface ValueMedians {
  customers: number;
  medianRevenue: number | null;
  medianCostToServe: number | null;
}

/** Medians of revenue and cost to serve over every customer with consent: the value quadrants' lines. */
export async function valueMedians(db: Reader): Promise<ValueMedians> {
  const rows = await db.read(
    `MATCH (c:Customer) WHERE ${CONSENT}
     RETURN count(c) AS customers, percentileCont(c.revenue, 0.5) AS medianRevenue, percentileCont(c.costToServe, 0.5) AS medianCostToServe`,
    {},
    'valueMedians',
    ['customers', 'medianRevenue', 'medianCostToServe'],
  );
  const r = rows[0];
  return r.customers > 0 ? (r as ValueMedians) : { customers: 0, medianRevenue: null, medianCostToServe: null };
}

export interface WindowParams {
  start: string;
  end: string;
}

export interface TrendFacts {
  needId: string;
  customerCount: number;
  previousCustomerCount: number;
  interactionCount: number;
}

/** Needs by distinct customers expressing them in the window, with the previous window's count. */
export function needTrendFacts(
  db: Reader,
  window: WindowParams,
  previous: WindowParams,
  segmentId: string | null,
  first: number,
): Promise<TrendFacts[]> {
  const params: Params = { ws: window.start, we: window.end, ps: previous.start, pe: previous.end, segmentId, first };
  return db.read(
    `WITH datetime($ws) AS ws, datetime($we) AS we, datetime($ps) AS ps, datetime($pe) AS pe
     MATCH (i:Interaction)
     WHERE i.occurredAt >= CASE WHEN ps < ws THEN ps ELSE ws END AND i.occurredAt < CASE WHEN pe > we THEN pe ELSE we END
     MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT} AND ${IN_SEGMENT}
     MATCH (i)-[:EXPRESSED]->(n:Need)
     WITH n, c, i.occurredAt >= ws AND i.occurredAt < we AS inWindow, i.occurredAt >= ps AND i.occurredAt < pe AS inPrevious
     WITH n, count(DISTINCT CASE WHEN inWindow THEN c END) AS customerCount,
          count(DISTINCT CASE WHEN inPrevious THEN c END) AS previousCustomerCount,
          count(CASE WHEN inWindow THEN 1 END) AS interactionCount
     WHERE customerCount > 0
     RETURN n.id AS needId, customerCount, previousCustomerCount, interactionCount
     ORDER BY customerCount DESC,
              CASE WHEN previousCustomerCount = 0 THEN 1.0e18 ELSE toFloat(customerCount) / previousCustomerCount END DESC,
              n.title, n.id
     LIMIT toInteger($first)`,
    params,
    'needTrends',
  ) as Promise<TrendFacts[]>;
}

export interface ExpertFacts {
  employeeId: string;
  interactionCount: number;
  customerCount: number;
  insightCount: number;
  accountCount: number;
}

const EXPERT_TAIL = `
  WITH employeeId, sum(interactions) AS interactionCount, sum(customers) AS customerCount,
       sum(insights) AS insightCount, sum(accounts) AS accountCount
  WITH *, interactionCount + 3 * insightCount + accountCount AS score
  ORDER BY score DESC, employeeId
  LIMIT toInteger($first)
  RETURN employeeId, interactionCount, customerCount, insightCount, accountCount`;

/** Employees with evidence of knowing a topic: interactions tagged with it, insights tagged with it. */
export function topicExpertFacts(db: Reader, topicId: string, first: number): Promise<ExpertFacts[]> {
  return db.read(
    `MATCH (t:Topic {id: $topicId})
     CALL (t) {
       MATCH (t)<-[:TAGGED]-(i:Interaction)-[:HANDLED_BY]->(e:Employee)
       MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT}
       RETURN e.id AS employeeId, count(i) AS interactions, count(DISTINCT c) AS customers, 0 AS insights, 0 AS accounts
       UNION ALL
       MATCH (t)<-[:TAGGED]-(ins:Insight)<-[:AUTHORED]-(e:Employee) WHERE NOT ins.status IN ['REFUTED', 'ARCHIVED'] AND ${CONSENTING_SUBJECTS}
       RETURN e.id AS employeeId, 0 AS interactions, 0 AS customers, count(ins) AS insights, 0 AS accounts
     } ${EXPERT_TAIL}`,
    { topicId, first },
    'expertsOn',
  ) as Promise<ExpertFacts[]>;
}

/** Employees with evidence of knowing a need: interactions expressing it, insights about it, accounts holding it. */
export function needExpertFacts(db: Reader, needId: string, first: number): Promise<ExpertFacts[]> {
  return db.read(
    `MATCH (n:Need {id: $needId})
     CALL (n) {
       MATCH (n)<-[:EXPRESSED]-(i:Interaction)-[:HANDLED_BY]->(e:Employee)
       MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT}
       RETURN e.id AS employeeId, count(i) AS interactions, count(DISTINCT c) AS customers, 0 AS insights, 0 AS accounts
       UNION ALL
       MATCH (n)<-[:ABOUT]-(ins:Insight)<-[:AUTHORED]-(e:Employee) WHERE NOT ins.status IN ['REFUTED', 'ARCHIVED'] AND ${CONSENTING_SUBJECTS}
       RETURN e.id AS employeeId, 0 AS interactions, 0 AS customers, count(ins) AS insights, 0 AS accounts
       UNION ALL
       MATCH (n)<-[:HAS_NEED]-(c:Customer)<-[:OWNS_ACCOUNT]-(e:Employee) WHERE ${CONSENT}
       RETURN e.id AS employeeId, 0 AS interactions, 0 AS customers, 0 AS insights, count(c) AS accounts
     } ${EXPERT_TAIL}`,
    { needId, first },
    'expertsOn',
  ) as Promise<ExpertFacts[]>;
}

export interface PortfolioFigures {
  customers: number;
  equity: number;
  revenue: number;
  cost: number;
  /** The most profitable 20% of the customers (rounded up), and the sum of their profit. */
  topCount: number;
  topProfit: number;
  /** Counts in the order of the names given. */
  stageCounts: number[];
  typeCounts: number[];
  /** Customers per value quadrant: high revenue and low cost, high and high, low and low, low revenue and high cost. */
  quadrants: { hrlc: number; hrhc: number; lrlc: number; lrhc: number };
}

/**
 * The portfolio of every customer with consent (in a segment, when given), aggregated in one
 * statement: one row back, however many customers. The quadrant lines are the given medians of
 * all customers with consent (the same rule as `valueQuadrant` in scores.ts: "high" is at or
 * above the median).
 */
export async function portfolioFigures(
  db: Reader,
  segmentId: string | null,
  medians: ValueMedians,
  stageNames: string[],
  typeNames: string[],
): Promise<PortfolioFigures> {
  const [r] = await db.read(
    `OPTIONAL MATCH (c:Customer) WHERE ${CONSENT} AND ${IN_SEGMENT}
     // A money figure not stored counts as 0 (the API always stores one; a node written otherwise may lack it),
     // so that every customer with consent is in the portfolio; no customer at all (c null) counts nowhere.
     WITH $medianRevenue AS mr, $medianCostToServe AS mc, c,
          CASE WHEN c IS NULL THEN null ELSE coalesce(c.revenue, 0.0) END AS r,
          CASE WHEN c IS NULL THEN null ELSE coalesce(c.costToServe, 0.0) END AS k,
          CASE WHEN c IS NULL THEN null ELSE coalesce(c.lifetimeValue, 0.0) END AS v, c.lifecycleStage AS st, c.relationshipType AS rt
     ORDER BY r - k DESC
     WITH mr, mc, collect(r - k) AS profits, count(c) AS n, sum(v) AS equity, sum(r) AS revenue, sum(k) AS cost,
          collect(st) AS stages, collect(rt) AS types,
          count(CASE WHEN r >= mr AND k < mc THEN 1 END) AS hrlc, count(CASE WHEN r >= mr AND k >= mc THEN 1 END) AS hrhc,
          count(CASE WHEN r < mr AND k < mc THEN 1 END) AS lrlc, count(CASE WHEN r < mr AND k >= mc THEN 1 END) AS lrhc
     WITH *, toInteger(ceil(n * 0.2)) AS topCount
     RETURN n AS customers, equity, revenue, cost, topCount,
            reduce(s = 0.0, p IN profits[0..topCount] | s + p) AS topProfit,
            [name IN $stageNames | size([x IN stages WHERE x = name])] AS stageCounts,
            [name IN $typeNames | size([x IN types WHERE x = name])] AS typeCounts,
            {hrlc: hrlc, hrhc: hrhc, lrlc: lrlc, lrhc: lrhc} AS quadrants`,
    { segmentId, stageNames, typeNames, medianRevenue: medians.medianRevenue, medianCostToServe: medians.medianCostToServe },
    'portfolio',
  );
  return r as PortfolioFigures;
}

export interface TouchpointFacts {
  touchpoint: string;
  channel: string;
  interactionCount: number;
  averageSentiment: number | null;
  qualityCount: number;
  averageExpectedQuality: number | null;
  averagePerceivedQuality: number | null;
}

/** Per touchpoint and channel, the interactions of the window (one channel, one segment, when given). */
export function touchpointFacts(
  db: Reader,
  window: WindowParams,
  channel: string | null,
  segmentId: string | null,
): Promise<TouchpointFacts[]> {
  return db.read(
    `MATCH (i:Interaction)
     WHERE i.occurredAt >= datetime($start) AND i.occurredAt < datetime($end) AND ($channel IS NULL OR i.channel = $channel)
     MATCH (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${CONSENT} AND ${IN_SEGMENT}
     WITH i, i.expectedQuality IS NOT NULL AND i.perceivedQuality IS NOT NULL AS rated
     RETURN i.touchpoint AS touchpoint, i.channel AS channel, count(i) AS interactionCount, avg(i.sentiment) AS averageSentiment,
            count(CASE WHEN rated THEN 1 END) AS qualityCount,
            avg(CASE WHEN rated THEN i.expectedQuality END) AS averageExpectedQuality,
            avg(CASE WHEN rated THEN i.perceivedQuality END) AS averagePerceivedQuality`,
    { ...window, channel, segmentId },
    'experienceByTouchpoint',
  ) as Promise<TouchpointFacts[]>;
}

export type { Row };
