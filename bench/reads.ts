import type { Graph, Row } from '../src/db/graph';

/**
 * The representative reads of the benchmark, each three times: as a front end asks for it through
 * Rapport's GraphQL, as the fastest hand-written Cypher we know for the same data (one statement,
 * map projections and COLLECT subqueries, the same orders and page sizes), and as a front end
 * would ask @neo4j/graphql (the peer, bench/peer-server.ts) for the same data. Parameters rotate
 * over a sample of the data so that no answer is served twice in a row.
 */

/** What the reads are asked about: sampled once from the loaded graph. */
export interface ReadParameters {
  customerIds: string[];
  searchTerms: string[];
  stageSets: string[][];
  interactionFilters: { channels: string[]; touchpoints: string[]; occurredAfter: string }[];
}

export interface Read {
  name: string;
  graphql: string;
  /** GraphQL variables for the i-th request. */
  variables: (p: ReadParameters, i: number) => Record<string, unknown>;
  cypher: string;
  /** Cypher parameters for the i-th request. */
  params: (p: ReadParameters, i: number) => Record<string, unknown>;
  /**
   * The raw statement's one row in the shape of the GraphQL answer's `data` (connections as
   * `edges { node }`, date-times as ISO strings), to check that both return the same data.
   */
  rawAsGraphql: (row: Row) => unknown;
  /** The same read through @neo4j/graphql (bench/peer-server.ts): the same fields, orders (tie-breaks included) and page sizes. */
  peer: {
    graphql: string;
    /** GraphQL variables for the i-th request. */
    variables: (p: ReadParameters, i: number) => Record<string, unknown>;
    /** The peer's answer (`data`) in the shape of Rapport's, to check that all three return the same data. */
    asGraphql: (data: any) => unknown;
  };
}

const edges = (nodes: Row[]) => ({ edges: nodes.map((node) => ({ node })) });
/**
 * A date-time string from Neo4j (`toString(datetime)`, `2025-01-02T03:04:05Z`, or the peer's
 * `apoc.date.convertFormat(..., 'iso_offset_date_time')`) as GraphQL's DateTimeISO writes it
 * (`2025-01-02T03:04:05.000Z`). Only a value that says the same instant to the millisecond is
 * rewritten: one with finer digits, a zone name or another form is left as it is, so that the
 * comparison reports it instead of rounding it into agreement.
 */
const iso = (value: string | null) =>
  value === null || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?(Z|[+-]\d\d:\d\d)$/.test(value) ? value : new Date(value).toISOString();
/** The one node of a to-one relationship, which the peer serves as a list (v7 has no single-node relationship fields). */
const one = <T>(list: T[]): T | null => list[0] ?? null;

const at = <T>(list: T[], i: number) => list[i % list.length];

/** The i-th request body of a read through GraphQL (`{ query, variables }`). */
export const graphqlBody = (read: Read, p: ReadParameters) => (i: number) =>
  JSON.stringify({ query: read.graphql, variables: read.variables(p, i) });

/** The i-th request body of a read through the peer (`{ query, variables }`). */
export const peerBody = (read: Read, p: ReadParameters) => (i: number) =>
  JSON.stringify({ query: read.peer.graphql, variables: read.peer.variables(p, i) });

/** The i-th request body of a read for the raw Cypher server (its parameters). */
export const rawBody = (read: Read, p: ReadParameters) => (i: number) => JSON.stringify(read.params(p, i));

export const READS: Read[] = [
  {
    name: 'customer 360',
    graphql: `query Customer360($id: ID!) { customer(id: $id) {
      id name kind lifecycleStage revenue lifetimeValue
      owners { name }
      heldNeeds { intensity need { title status } }
      interactions(first: 10) { edges { node { occurredAt channel touchpoint summary sentiment handler { name } needs { title } } } }
      insights(first: 5) { edges { node { title status confidence author { name }
        annotations(first: 3) { edges { node { kind body author { name } } } } } } } } }`,
    variables: (p, i) => ({ id: at(p.customerIds, i) }),
    cypher: `MATCH (c:Customer {id: $id})
      RETURN c { .id, .name, .kind, .lifecycleStage, .revenue, .lifetimeValue,
        owners: COLLECT { MATCH (e:Employee)-[:OWNS_ACCOUNT]->(c) WITH e ORDER BY e.nameLower, e.id RETURN e { .name } },
        heldNeeds: COLLECT { MATCH (c)-[h:HAS_NEED]->(n:Need) WITH h, n ORDER BY h.intensity DESC, n.titleLower, n.id RETURN { intensity: h.intensity, need: n { .title, .status } } },
        interactions: COLLECT {
          MATCH (i:Interaction)-[:WITH_CUSTOMER]->(c) WITH i ORDER BY i.occurredAt DESC, i.id DESC LIMIT 10
          RETURN i { .channel, .touchpoint, .summary, .sentiment, occurredAt: toString(i.occurredAt),
            handler: COLLECT { MATCH (i)-[:HANDLED_BY]->(e:Employee) RETURN e { .name } }[0],
            needs: COLLECT { MATCH (i)-[:EXPRESSED]->(n:Need) WITH n ORDER BY n.titleLower, n.id RETURN n { .title } } } },
        insights: COLLECT {
          MATCH (s:Insight)-[:ABOUT]->(c) WITH s ORDER BY s.createdAt DESC, s.id DESC LIMIT 5
          RETURN s { .title, .status, .confidence,
            author: COLLECT { MATCH (e:Employee)-[:AUTHORED]->(s) RETURN e { .name } }[0],
            annotations: COLLECT { MATCH (a:Annotation)-[:ON]->(s) WITH a ORDER BY a.createdAt, a.id LIMIT 3
              MATCH (w:Employee)-[:WROTE]->(a) RETURN a { .kind, .body, author: w { .name } } } } }
      } AS customer`,
    params: (p, i) => ({ id: at(p.customerIds, i) }),
    rawAsGraphql: ({ customer: c }) => ({
      customer: c && {
        ...c,
        interactions: edges(c.interactions.map((i: Row) => ({ ...i, occurredAt: iso(i.occurredAt) }))),
        insights: edges(c.insights.map((s: Row) => ({ ...s, annotations: edges(s.annotations) }))),
      },
    }),
    peer: {
      // Nested pages without totalCount or cursors as the library's plain lists (`limit`, `sort`): its
      // connections collect every edge before sorting, and cost the peer more time and CPU per request
      // (one side-by-side run on the 10k set, two rounds). Held needs are a connection: intensity is on the edge.
      graphql: `query Customer360($id: ID!) { customers(where: { id: { eq: $id } }) {
        id name kind lifecycleStage revenue lifetimeValue
        owners(sort: [{ nameLower: ASC }, { id: ASC }]) { name }
        needsConnection(sort: [{ edge: { intensity: DESC } }, { node: { titleLower: ASC } }, { node: { id: ASC } }]) {
          edges { properties { intensity } node { title status } } }
        interactions(limit: 10, sort: [{ occurredAt: DESC }, { id: DESC }]) {
          occurredAt channel touchpoint summary sentiment handler(limit: 1) { name } needs(sort: [{ titleLower: ASC }, { id: ASC }]) { title } }
        insights(limit: 5, sort: [{ createdAt: DESC }, { id: DESC }]) { title status confidence author(limit: 1) { name }
          annotations(limit: 3, sort: [{ createdAt: ASC }, { id: ASC }]) { kind body author(limit: 1) { name } } } } }`,
      variables: (p, i) => ({ id: at(p.customerIds, i) }),
      asGraphql: ({ customers: [c] }) => ({
        customer: c
          ? {
              id: c.id,
              name: c.name,
              kind: c.kind,
              lifecycleStage: c.lifecycleStage,
              revenue: c.revenue,
              lifetimeValue: c.lifetimeValue,
              owners: c.owners,
              heldNeeds: c.needsConnection.edges.map((e: Row) => ({ intensity: e.properties.intensity, need: e.node })),
              interactions: edges(c.interactions.map((i: Row) => ({ ...i, occurredAt: iso(i.occurredAt), handler: one(i.handler) }))),
              insights: edges(
                c.insights.map((s: Row) => ({
                  ...s,
                  author: one(s.author),
                  annotations: edges(s.annotations.map((a: Row) => ({ ...a, author: one(a.author) }))),
                })),
              ),
            }
          : null,
      }),
    },
  },
  {
    name: 'page of 50 customers',
    graphql: `query CustomerPage($stages: [LifecycleStage!]) {
      customers(first: 50, filter: { lifecycleStages: $stages }, orderBy: { field: REVENUE, direction: DESC }) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id name lifecycleStage revenue segment { name } owners { name } } } } }`,
    variables: (p, i) => ({ stages: at(p.stageSets, i) }),
    cypher: `CALL () { MATCH (c:Customer) WHERE c.lifecycleStage IN $stages RETURN count(c) AS totalCount }
      CALL () {
        MATCH (c:Customer) WHERE c.lifecycleStage IN $stages AND c.revenue IS NOT NULL WITH c ORDER BY c.revenue DESC, c.id DESC LIMIT 51
        RETURN collect(c { .id, .name, .lifecycleStage, .revenue,
          segment: COLLECT { MATCH (c)-[:IN_SEGMENT]->(s:Segment) RETURN s { .name } }[0],
          owners: COLLECT { MATCH (e:Employee)-[:OWNS_ACCOUNT]->(c) WITH e ORDER BY e.nameLower, e.id RETURN e { .name } } }) AS page
      }
      RETURN totalCount, page[0..50] AS customers, size(page) > 50 AS hasNextPage`,
    params: (p, i) => ({ stages: at(p.stageSets, i) }),
    rawAsGraphql: (r) => ({ customers: { totalCount: r.totalCount, pageInfo: { hasNextPage: r.hasNextPage }, ...edges(r.customers) } }),
    peer: {
      graphql: `query CustomerPage($stages: [String!]) {
        customersConnection(first: 50, where: { lifecycleStage: { in: $stages } }, sort: [{ revenue: DESC }, { id: DESC }]) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { node { id name lifecycleStage revenue segment(limit: 1) { name } owners(sort: [{ nameLower: ASC }, { id: ASC }]) { name } } } } }`,
      variables: (p, i) => ({ stages: at(p.stageSets, i) }),
      asGraphql: ({ customersConnection: c }) => ({
        customers: {
          totalCount: c.totalCount,
          pageInfo: { hasNextPage: c.pageInfo.hasNextPage },
          edges: c.edges.map(({ node }: Row) => ({ node: { ...node, segment: one(node.segment) } })),
        },
      }),
    },
  },
  {
    name: 'filtered interactions',
    graphql: `query Interactions($channels: [Channel!], $touchpoints: [Touchpoint!], $after: DateTimeISO) {
      interactions(first: 20, filter: { channels: $channels, touchpoints: $touchpoints, occurredAfter: $after }) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id occurredAt channel summary sentiment customer { name } handler { name } } } } }`,
    variables: (p, i) => {
      const f = at(p.interactionFilters, i);
      return { channels: f.channels, touchpoints: f.touchpoints, after: f.occurredAfter };
    },
    // The filter comes as one map: with its lists as parameters of their own, Neo4j planned per
    // list length and spent twice the CPU time per statement under load (7.9 against 3.2-3.5 ms).
    cypher: `CALL () {
        MATCH (i:Interaction) WHERE i.channel IN $f.channels AND i.touchpoint IN $f.touchpoints AND i.occurredAt >= datetime($f.after)
        RETURN count(i) AS totalCount }
      CALL () {
        MATCH (i:Interaction) WHERE i.channel IN $f.channels AND i.touchpoint IN $f.touchpoints AND i.occurredAt >= datetime($f.after)
        WITH i ORDER BY i.occurredAt DESC, i.id DESC LIMIT 21
        // OPTIONAL MATCH rather than COLLECT subqueries in the projection: with those, Neo4j read the
        // sort properties of every match from the store instead of taking occurredAt from the index.
        OPTIONAL MATCH (i)-[:WITH_CUSTOMER]->(c:Customer)
        OPTIONAL MATCH (i)-[:HANDLED_BY]->(e:Employee)
        RETURN collect(i { .id, .channel, .summary, .sentiment, occurredAt: toString(i.occurredAt), customer: c { .name }, handler: e { .name } }) AS page
      }
      RETURN totalCount, page[0..20] AS interactions, size(page) > 20 AS hasNextPage`,
    params: (p, i) => {
      const f = at(p.interactionFilters, i);
      return { f: { channels: f.channels, touchpoints: f.touchpoints, after: f.occurredAfter } };
    },
    rawAsGraphql: (r) => ({
      interactions: {
        totalCount: r.totalCount,
        pageInfo: { hasNextPage: r.hasNextPage },
        ...edges(r.interactions.map((i: Row) => ({ ...i, occurredAt: iso(i.occurredAt) }))),
      },
    }),
    peer: {
      graphql: `query Interactions($channels: [String!], $touchpoints: [String!], $after: DateTime) {
        interactionsConnection(first: 20, where: { channel: { in: $channels }, touchpoint: { in: $touchpoints }, occurredAt: { gte: $after } },
          sort: [{ occurredAt: DESC }, { id: DESC }]) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { node { id occurredAt channel summary sentiment customer(limit: 1) { name } handler(limit: 1) { name } } } } }`,
      variables: (p, i) => {
        const f = at(p.interactionFilters, i);
        return { channels: f.channels, touchpoints: f.touchpoints, after: f.occurredAfter };
      },
      asGraphql: ({ interactionsConnection: c }) => ({
        interactions: {
          totalCount: c.totalCount,
          pageInfo: { hasNextPage: c.pageInfo.hasNextPage },
          edges: c.edges.map(({ node: i }: Row) => ({
            node: { ...i, occurredAt: iso(i.occurredAt), customer: one(i.customer), handler: one(i.handler) },
          })),
        },
      }),
    },
  },
  {
    name: 'search customers by name',
    graphql: `query Search($term: String!) {
      customers(first: 20, filter: { nameContains: $term }) {
        totalCount edges { node { id name lifecycleStage revenue } } } }`,
    variables: (p, i) => ({ term: at(p.searchTerms, i) }),
    cypher: `CALL () { MATCH (c:Customer) WHERE c.nameLower CONTAINS $term RETURN count(c) AS totalCount }
      CALL () {
        MATCH (c:Customer) WHERE c.nameLower CONTAINS $term WITH c ORDER BY c.nameLower, c.id LIMIT 20
        RETURN collect(c { .id, .name, .lifecycleStage, .revenue }) AS customers
      }
      RETURN totalCount, customers`,
    params: (p, i) => ({ term: at(p.searchTerms, i).toLowerCase() }),
    rawAsGraphql: (r) => ({ customers: { totalCount: r.totalCount, ...edges(r.customers) } }),
    peer: {
      // The peer has no case-blind filter: it filters on the lower-cased name, as the raw statement does.
      graphql: `query Search($term: String!) {
        customersConnection(first: 20, where: { nameLower: { contains: $term } }, sort: [{ nameLower: ASC }, { id: ASC }]) {
          totalCount edges { node { id name lifecycleStage revenue } } } }`,
      variables: (p, i) => ({ term: at(p.searchTerms, i).toLowerCase() }),
      asGraphql: ({ customersConnection: c }) => ({ customers: { totalCount: c.totalCount, edges: c.edges } }),
    },
  },
];

/**
 * Where a GraphQL answer's `data` and the raw statement's row (through `rawAsGraphql`) differ, as
 * a path and both values; null when they hold the same data. `from: 'peer'` reads `graphqlData`
 * as the peer's answer (through `peer.asGraphql`). Cursors are GraphQL's alone and left out;
 * everything else, order of lists included, must be equal.
 */
export function dataDifference(read: Read, graphqlData: unknown, rawRows: Row[], from: 'rapport' | 'peer' = 'rapport'): string | null {
  if (rawRows.length !== 1) return `the raw statement returned ${rawRows.length} rows instead of 1`;
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'endCursor' ? undefined : x)));
  const answer = from === 'peer' ? read.peer.asGraphql(graphqlData) : graphqlData;
  return difference(plain(answer), plain(read.rawAsGraphql(rawRows[0])), 'data', from === 'peer' ? 'the peer' : 'GraphQL');
}

function difference(a: unknown, b: unknown, path: string, name: string): string | null {
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 200);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return Object.is(a, b) ? null : `${path}: ${name} ${show(a)}, raw ${show(b)}`;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path}: ${name} has ${a.length} items, raw ${b.length}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = difference((a as Row)[k], (b as Row)[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`, name);
    if (d) return d;
  }
  return null;
}

/** Samples the parameters from the graph: customers that have interactions, name fragments, filters. */
export async function sampleParameters(graph: Graph): Promise<ReadParameters> {
  const customers = await graph.read(
    `MATCH (c:Customer) WHERE c.externalId IS NOT NULL AND EXISTS { (c)<-[:WITH_CUSTOMER]-(:Interaction) }
     RETURN c.id AS id, c.nameLower AS name ORDER BY c.externalId LIMIT 400`,
  );
  const customerIds = customers.filter((_, i) => i % 2 === 0).map((c) => c.id as string);
  // Search terms: the second word of some names (a few characters), so that they match several customers.
  const searchTerms = [
    ...new Set(
      customers
        .map((c) => String(c.name).split(/\s+/)[1] ?? '')
        .filter((w) => w.length >= 4)
        .map((w) => w.slice(0, 5)),
    ),
  ].slice(0, 50);
  const latest = (await graph.read('MATCH (i:Interaction) RETURN max(i.occurredAt) AS at'))[0].at as Date;
  const since = (days: number) => new Date(latest.getTime() - days * 86_400_000).toISOString();
  return {
    customerIds,
    searchTerms,
    stageSets: [['ACTIVE'], ['AT_RISK'], ['ACTIVE', 'AT_RISK'], ['PROSPECT', 'CHURNED']],
    interactionFilters: [
      { channels: ['PHONE'], touchpoints: ['SUPPORT'], occurredAfter: since(90) },
      { channels: ['EMAIL', 'CHAT'], touchpoints: ['BILLING'], occurredAfter: since(180) },
      { channels: ['MEETING'], touchpoints: ['SALES', 'RENEWAL'], occurredAfter: since(365) },
      { channels: ['CHAT'], touchpoints: ['ONBOARDING', 'PRODUCT'], occurredAfter: since(30) },
    ],
  };
}
