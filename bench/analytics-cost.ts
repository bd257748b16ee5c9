import { parse, type GraphQLSchema } from 'graphql';
import { WINDOW_END } from '../seeds/generate';
import type { Graph } from '../src/db/graph';
import { AnalyticsCache } from '../src/modules/analytics/analytics.cache';
import { analyticsLoaders } from '../src/modules/analytics/analytics.loaders';
import { valueMedians } from '../src/modules/analytics/analytics.repository';
import { AnalyticsService } from '../src/modules/analytics/analytics.service';
import type { TimeWindowInput } from '../src/modules/analytics/analytics.type';
import { SearchService } from '../src/modules/search/search.service';
import { AccessRole } from '../src/graphql/access';
import { ANALYTIC_FIELD_COSTS, COST_UNITS_PER_MS, LIMITS, operationCost } from '../src/server/limits';

/**
 * The cost table of the analytics (`ANALYTIC_FIELD_COSTS` in src/server/limits.ts) against their
 * measured Neo4j time. Each analytic runs here in this process exactly as its field runs in the
 * server (the same DataLoaders and services, without the analytics cache: cold), on the
 * benchmark's data set; the time is that of its Neo4j statements (as `Graph.observe` reports
 * them: from sending a statement to its last record decoded), per customer for the fields of
 * Customer (one page of {@link PAGE} customers, divided by {@link PAGE}) and per call for the
 * queries. After a warm-up (Neo4j compiles a statement after some runs), the median of
 * {@link ROUNDS} runs counts; an analytic asked for in several shapes (over all customers or one
 * segment, a topic or a need) is priced by its costliest shape, which any client may ask for.
 *
 * The check: a field's price per measured millisecond may differ from that of the cheapest field
 * (the one with the least time) by at most a factor of {@link MAX_RATIO}, either way. A field
 * priced far below its time lets a client ask for more Neo4j time than the cost limit means to
 * allow (issue 21: a page of 100 customers with six analytics cost 51,001 and took seconds);
 * far above, it refuses requests for nothing.
 */

/** Customers per page for the fields of Customer. */
export const PAGE = 50;
/** Measured runs per analytic (after the warm-up). */
export const ROUNDS = Number(process.env.BENCH_COST_ROUNDS ?? 7);
/** Warm-up per analytic: at least this many runs and this many seconds. */
const WARMUP_RUNS = 3;
const WARMUP_SECONDS = Number(process.env.BENCH_COST_WARMUP_SECONDS ?? 3);
/** How far a field's cost per millisecond may stray from the cheapest field's, either way. */
export const MAX_RATIO = 3;

export interface CostSamples {
  /** Customers with analytics consent and needs, enough for every page. */
  customerIds: string[];
  topicIds: string[];
  needIds: string[];
  segmentIds: string[];
  words: string[];
  employeeId: string;
}

export interface FieldCost {
  field: string;
  /** Median Neo4j time per item (customer or call), ms. */
  ms: number;
  /** Every measured run of its costliest shape, ms per item. */
  runs: number[];
  /** The median of each shape measured, ms per item. */
  variants: Record<string, number>;
  /** Its price in the table. */
  cost: number;
  costPerMs: number;
  /** costPerMs divided by the cheapest field's. */
  ratio: number;
  /** The price the cheapest field's cost per ms would give it. */
  suggested: number;
  inLine: boolean;
}

export interface CostReport {
  page: number;
  rounds: number;
  maxRatio: number;
  reference: string;
  fields: FieldCost[];
  /** A page of 100 customers with all six analytics of Customer: its estimated cost and measured time. */
  fullPage: { cost: number; maxCost: number; refused: boolean; ms: number };
  inLine: boolean;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const at = <T>(xs: T[], i: number) => xs[i % xs.length];

/** The samples the measurements draw from. */
export async function costSamples(graph: Graph): Promise<CostSamples> {
  const ids = async (cypher: string) => (await graph.read(cypher)).map((r) => r.id as string);
  const words = (await graph.read('MATCH (n:Need) RETURN n.title AS t ORDER BY n.externalId LIMIT 60'))
    .flatMap((r) => String(r.t).split(/\s+/))
    .filter((w) => w.length >= 5)
    .slice(0, 40);
  const [employee] = await graph.read('MATCH (e:Employee) RETURN e.id AS id ORDER BY e.id LIMIT 1');
  return {
    customerIds: await ids(
      `MATCH (c:Customer) WHERE coalesce(c.consentAnalytics, false) AND EXISTS { (c)-[:HAS_NEED]->() } RETURN c.id AS id ORDER BY c.externalId LIMIT ${PAGE * 40}`,
    ),
    topicIds: await ids('MATCH (t:Topic) RETURN t.id AS id ORDER BY t.name'),
    needIds: await ids('MATCH (n:Need) RETURN n.id AS id ORDER BY n.externalId LIMIT 100'),
    segmentIds: await ids('MATCH (s:Segment) RETURN s.id AS id ORDER BY s.name'),
    words,
    employeeId: employee.id as string,
  };
}

/** One run of an analytic (`i` numbers the runs, to vary the sample). */
type Run = (i: number) => Promise<unknown>;

/**
 * Each analytic of the cost table, run as its field runs in the server: `items` it serves per
 * run, and its shapes (`variants`; the costliest one prices it: any client may ask for that one).
 */
function analytics(graph: Graph, s: CostSamples): Record<string, { items: number; variants: Record<string, Run> }> {
  const page = (i: number) => s.customerIds.slice((i * PAGE) % s.customerIds.length, ((i * PAGE) % s.customerIds.length) + PAGE);
  // A fresh set of loaders per run, as per request; the medians uncached, as with ANALYTICS_CACHE_SECONDS=0.
  const loaders = () => analyticsLoaders(graph, valueMedians);
  const service = new AnalyticsService(graph, new AnalyticsCache(0));
  const search = new SearchService(graph);
  const window = { days: 90, end: new Date(WINDOW_END) } as TimeWindowInput;
  const perCustomer = (run: Run) => ({ items: PAGE, variants: { [`pages of ${PAGE}`]: run } });
  // The analytics across customers over all of them and over one segment (which reads differently).
  const bySegment = (run: (segmentId: string | null) => Promise<unknown>) => ({
    items: 1,
    variants: { 'all customers': () => run(null), 'a segment': (i: number) => run(at(s.segmentIds, i)) },
  });
  return {
    'Customer.health': perCustomer((i) => loaders().health.loadMany(page(i))),
    'Customer.knownBy': perCustomer((i) => loaders().knownBy.loadMany(page(i))),
    'Customer.similarCustomers': perCustomer((i) => loaders().similar.loadMany(page(i))),
    // Recommendations start from the similar customers: a page asking for them alone runs both statements.
    'Customer.recommendedInsights': perCustomer((i) => loaders().recommended.loadMany(page(i))),
    'Customer.experienceGap': perCustomer((i) => loaders().experienceGap.loadMany(page(i))),
    // One statement per request (the medians of every customer), whatever the page.
    'Customer.valueQuadrant': perCustomer(() => loaders().medians.load('all')),
    'Query.needTrends': bySegment((segmentId) => service.needTrends(window, null, segmentId, 10)),
    'Query.expertsOn': {
      items: 1,
      variants: {
        'a topic': (i) => service.expertsOn(at(s.topicIds, i), null, 10),
        'a need': (i) => service.expertsOn(null, at(s.needIds, i), 10),
      },
    },
    'Query.atRiskCustomers': bySegment((segmentId) => service.atRiskCustomers(segmentId, 50, 20)),
    'Query.portfolio': bySegment((segmentId) => service.portfolio(segmentId)),
    'Query.experienceByTouchpoint': bySegment((segmentId) => service.experienceByTouchpoint(null, window, segmentId)),
    'Query.search': {
      items: 1,
      variants: {
        'a word': (i) => search.search({ query: at(s.words, i), first: 20 }, { employeeId: s.employeeId, roles: [AccessRole.ANALYST] }),
      },
    },
  };
}

/** The six analytics of Customer on a page of 100 customers: the request of issue 21. */
export const FULL_PAGE = `{ customers(first: 100) { edges { node { id name
  health { score components { name score points } }
  knownBy(first: 3) { employee { name } score }
  similarCustomers(first: 3) { customer { name } score }
  recommendedInsights(first: 3) { insight { title } score }
  experienceGap { gap }
  valueQuadrant
} } } }`;

/** Measures every analytic of the cost table and checks the table against the times. */
export async function measureAnalyticsCosts(
  graph: Graph,
  schema: GraphQLSchema,
  samples: CostSamples,
  log: (line: string) => void = console.log,
): Promise<CostReport> {
  const all = analytics(graph, samples);
  const missing = Object.keys(ANALYTIC_FIELD_COSTS).filter((f) => !all[f]);
  if (missing.length) throw new Error(`No measurement for ${missing.join(', ')}: add one to bench/analytics-cost.ts.`);
  let seconds = 0;
  const previousObserver = graph.observe;
  graph.observe = (operation, s, ok) => {
    seconds += s;
    previousObserver?.(operation, s, ok);
  };
  const measured: { field: string; runs: number[]; variants: Record<string, number> }[] = [];
  try {
    let i = 0;
    for (const [field, { items, variants }] of Object.entries(all)) {
      let worst: { name: string; runs: number[]; ms: number } | undefined;
      const medians: Record<string, number> = {};
      for (const [name, run] of Object.entries(variants)) {
        const warmUntil = Date.now() + WARMUP_SECONDS * 1000;
        for (let k = 0; k < WARMUP_RUNS || Date.now() < warmUntil; k++) await run(i++);
        const runs: number[] = [];
        for (let k = 0; k < ROUNDS; k++) {
          seconds = 0;
          await run(i++);
          runs.push((seconds * 1000) / items);
        }
        medians[name] = round(median(runs));
        if (!worst || median(runs) > worst.ms) worst = { name, runs, ms: median(runs) };
      }
      measured.push({ field, runs: worst!.runs, variants: medians });
      log(
        `  ${field}: ${round(worst!.ms)} ms per ${items === 1 ? 'call' : 'customer'} (${Object.entries(medians)
          .map(([n, m]) => `${n}: ${m}`)
          .join('; ')}; runs of the costliest: ${worst!.runs.map((r) => round(r, 2)).join(', ')})`,
      );
    }
  } finally {
    graph.observe = previousObserver;
  }
  return checkCosts(measured, schema);
}

/** Compares the table with measured times (ms per item, each field's runs): see {@link MAX_RATIO}. */
export function checkCosts(
  measured: { field: string; runs: number[]; variants?: Record<string, number> }[],
  schema: GraphQLSchema,
): CostReport {
  const withMs = measured.map((m) => ({ ...m, ms: median(m.runs), cost: ANALYTIC_FIELD_COSTS[m.field] }));
  const reference = withMs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const referencePerMs = reference.cost / reference.ms;
  const fields = withMs.map((m): FieldCost => {
    const costPerMs = m.cost / m.ms;
    const ratio = costPerMs / referencePerMs;
    return {
      field: m.field,
      ms: round(m.ms),
      runs: m.runs.map((r) => round(r)),
      variants: m.variants ?? {},
      cost: m.cost,
      costPerMs: round(costPerMs, 1),
      ratio: round(ratio, 2),
      suggested: Math.max(1, Math.round(m.ms * referencePerMs)),
      inLine: ratio <= MAX_RATIO && ratio >= 1 / MAX_RATIO,
    };
  });
  const perCustomer = fields.filter((f) => f.field.startsWith('Customer.'));
  const cost = operationCost(schema, parse(FULL_PAGE));
  return {
    page: PAGE,
    rounds: ROUNDS,
    maxRatio: MAX_RATIO,
    reference: reference.field,
    fields,
    fullPage: {
      cost,
      maxCost: LIMITS.maxCost,
      refused: cost > LIMITS.maxCost,
      ms: Math.round(100 * perCustomer.reduce((n, f) => n + f.ms, 0)),
    },
    inLine: fields.every((f) => f.inLine),
  };
}

/** The report as the README shows it. */
export function printCostReport(r: CostReport, log: (line: string) => void = console.log): void {
  log(
    `\nAnalytics priced against their Neo4j time (cold, median of ${r.rounds} runs; per customer on pages of ${r.page}, per call for queries).`,
  );
  log(
    `Reference: ${r.reference}, the least time. A field is out of line when its cost per ms is more than ${r.maxRatio} times, or less than 1/${r.maxRatio} of, the reference's.`,
  );
  log(`The table's scale: about ${COST_UNITS_PER_MS} units per ms.`);
  log(
    "| field | Neo4j ms per item | cost | cost per ms | against the reference | in line | cost at the reference's rate |\n| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const f of r.fields)
    log(`| \`${f.field}\` | ${f.ms} | ${f.cost} | ${f.costPerMs} | ${f.ratio} | ${f.inLine ? 'yes' : '**no**'} | ${f.suggested} |`);
  log(
    `\nA page of 100 customers with all six analytics of Customer: estimated cost ${r.fullPage.cost} (at most ${r.fullPage.maxCost}: ${r.fullPage.refused ? 'refused' : 'ALLOWED'}), ` +
      `about ${r.fullPage.ms} ms of Neo4j time.`,
  );
  log(
    r.inLine
      ? 'Every price is in line with its measured time.'
      : `Out of line: ${r.fields
          .filter((f) => !f.inLine)
          .map((f) => f.field)
          .join(', ')}. Set their costs in src/server/limits.ts (ANALYTIC_FIELD_COSTS).`,
  );
}
