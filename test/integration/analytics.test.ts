import { AccessRole } from '../../src/graphql/access';
import type { Channel, SeedCustomer, SeedInsight, SeedInteraction, SeedNeed, Touchpoint } from '../../seeds/types';
import { valueQuadrant as quadrantOf } from '../../src/modules/analytics/scores';
import { ValueQuadrant } from '../../src/modules/analytics/analytics.type';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, fixtureInsight, type World } from '../helpers/world';

/**
 * The analytics of Customer (health, knownBy, valueQuadrant, similarCustomers,
 * recommendedInsights, experienceGap) and across customers (needTrends, expertsOn,
 * atRiskCustomers, portfolio, experienceByTouchpoint), on a small hand-made world whose figures
 * are all computed by hand below.
 *
 * Three groups of customers, kept apart so that each figure depends on few facts:
 * - segment S, "C" customers: health, atRiskCustomers, portfolio, experienceByTouchpoint, knownBy;
 * - segment T, "T" customers: needTrends (fixed windows in 2024), portfolio with a loss, experts on a topic;
 * - no segment, "D" customers: similarCustomers, recommendedInsights, experts on a need.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Whole seconds, so that ages in seconds are exact. */
const now0 = Math.floor(Date.now() / 1000) * 1000;
/** `days` days (and an hour, so whole days since stay `days` for a day) before the world was built. */
const ago = (days: number) => new Date(now0 - days * DAY - HOUR).toISOString();

let s: TestServer;
let w: World;
let p: string;
let analyst: string;

const cid = (key: string) => w.id('customer', key);
const nid = (key: string) => w.id('need', key);
const iid = (key: string) => w.id('insight', key);
const eid = (key: string) => w.id('employee', key);
const tid = (key: string) => w.id('topic', key);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph, (world) => {
    const q = world.prefix;
    const k = (x: string) => `${q}-${x}`;
    const customer = (key: string, segment: string | null, over: Partial<SeedCustomer>): SeedCustomer => ({
      key: k(key),
      name: `${q} ${key}`,
      kind: 'ORGANIZATION',
      lifecycleStage: 'ACTIVE',
      relationshipType: 'TRANSACTIONAL',
      revenue: 1000,
      costToServe: 1000,
      lifetimeValue: 1000,
      consentContact: true,
      consentAnalytics: true,
      ownerKeys: [],
      createdAt: '2024-01-01T00:00:00Z',
      ...(segment ? { segmentKey: k(segment) } : {}),
      ...over,
    });
    let n = 0;
    const ix = (
      key: string,
      customerKey: string,
      handler: string,
      at: string,
      channel: Channel,
      touchpoint: Touchpoint,
      sentiment: number,
      expected: number,
      perceived: number,
      needs: string[] = [],
      topics: string[] = [],
    ): SeedInteraction => ({
      key: k(key),
      externalId: `${q}-x${++n}`,
      customerKey: k(customerKey),
      handlerKey: k(handler),
      channel,
      touchpoint,
      direction: 'INBOUND',
      occurredAt: at,
      summary: `${q} ${key}`,
      content: '',
      sentiment,
      expectedQuality: expected,
      perceivedQuality: perceived,
      needKeys: needs.map(k),
      topicNames: topics.map(k),
    });
    const need = (key: string, title: string, status: SeedNeed['status'], holders: string[]): SeedNeed => ({
      key: k(key),
      title: `${q} ${title}`,
      description: '',
      kind: 'FUNCTIONAL',
      priority: 'MEDIUM',
      status,
      customers: holders.map((h) => ({ customerKey: k(h), since: '2024-01-01T00:00:00Z', intensity: 0.5 })),
      topicNames: [],
      createdAt: '2024-01-01T00:00:00Z',
    });
    const insight = (
      key: string,
      author: string,
      status: SeedInsight['status'],
      confidence: number,
      about: { customers?: string[]; needs?: string[]; topics?: string[] },
    ) =>
      fixtureInsight(world, key, {
        authorKey: k(author),
        status,
        confidence,
        aboutCustomerKeys: (about.customers ?? []).map(k),
        aboutNeedKeys: (about.needs ?? []).map(k),
        topicNames: (about.topics ?? []).map(k),
      });

    world.data.segments.push({ key: k('segT'), name: `${q} Trends`, description: 'Trend segment' });
    world.data.customers = [
      // Segment S
      customer('c1', 'seg', {
        revenue: 50000,
        costToServe: 10000,
        lifetimeValue: 200000,
        relationshipType: 'COLLABORATIVE',
        ownerKeys: [k('alice')],
      }),
      customer('c2', 'seg', { revenue: 5000, costToServe: 8000, lifetimeValue: 10000, lifecycleStage: 'AT_RISK', ownerKeys: [k('bob')] }),
      customer('c3', 'seg', { revenue: 20000, costToServe: 2000, lifetimeValue: 50000 }),
      customer('c4', 'seg', {
        revenue: 0,
        costToServe: 100,
        lifetimeValue: 1000,
        lifecycleStage: 'PROSPECT',
        relationshipType: 'COLLABORATIVE',
      }),
      customer('c5', 'seg', { revenue: 99999, costToServe: 1, lifetimeValue: 5000, lifecycleStage: 'CHURNED', consentAnalytics: false }),
      // Segment T
      customer('t1', 'segT', { revenue: 1000, costToServe: 3000 }),
      customer('t2', 'segT', { revenue: 2000, costToServe: 1000 }),
      customer('t3', 'segT', { revenue: 0, costToServe: 500 }),
      customer('t4', 'segT', { consentAnalytics: false }),
      customer('t5', null, {}),
      // No segment
      customer('d1', null, { ownerKeys: [k('bob')] }),
      customer('d2', null, { ownerKeys: [k('bob'), k('alice')] }),
      customer('d3', null, {}),
      customer('d4', null, { consentAnalytics: false, ownerKeys: [k('carol')] }),
      customer('d5', null, {}),
    ];
    world.data.needs = [
      need('met', 'Met need', 'MET', ['c1', 'c2']),
      need('open1', 'Open need', 'OPEN', ['c2', 'c5']),
      need('prog1', 'Need in progress', 'IN_PROGRESS', ['c2']),
      need('nA', 'Need A', 'OPEN', ['d1', 'd2', 'd4']),
      need('nB', 'Need B', 'OPEN', ['d1', 'd2', 'd4']),
      need('nC', 'Need C', 'OPEN', ['d1', 'd3', 'd4']),
      need('nD', 'Need D', 'OPEN', ['d3', 'd5']),
      need('m1', 'Trend alpha', 'OPEN', []),
      need('m2', 'Trend bravo', 'OPEN', []),
      need('m3', 'Trend mike', 'OPEN', []),
      need('m4', 'Trend zulu', 'OPEN', []),
      need('m5', 'Trend kilo', 'OPEN', []),
      need('m6', 'Trend xray', 'OPEN', []),
      need('m7', 'Trend echo', 'OPEN', []),
    ];
    const old = '2023-06-01T12:00:00Z';
    world.data.interactions = [
      // Segment S, relative to now.
      ix('c1a', 'c1', 'alice', ago(10), 'EMAIL', 'SUPPORT', 0.6, 3, 4),
      ix('c1b', 'c1', 'bob', ago(30), 'PHONE', 'SUPPORT', 0.8, 4, 5),
      ix('c1c', 'c1', 'alice', ago(200), 'EMAIL', 'BILLING', 0.2, 3, 3),
      ix('c1d', 'c1', 'carol', ago(50), 'SOCIAL', 'FEEDBACK', 0.7, 4, 4), // perceived quality removed below
      ix('c2a', 'c2', 'bob', ago(20), 'CHAT', 'SUPPORT', -0.6, 5, 2),
      ix('c2b', 'c2', 'bob', ago(40), 'CHAT', 'SUPPORT', -0.4, 4, 2),
      ix('c2c', 'c2', 'carol', ago(60), 'PHONE', 'BILLING', -0.2, 3, 3),
      ix('c2d', 'c2', 'bob', ago(100), 'EMAIL', 'ONBOARDING', 0.4, 3, 4),
      ix('c3a', 'c3', 'alice', ago(170), 'MEETING', 'RENEWAL', 0.0, 3, 3),
      ix('c3f', 'c3', 'carol', ago(-5), 'SURVEY', 'FEEDBACK', -1, 5, 1), // in 5 days: not yet
      ix('c5a', 'c5', 'alice', ago(5), 'CHAT', 'SUPPORT', -0.9, 5, 1, ['open1']),
      // Segment T: window [2024-01-31, 2024-03-01), default previous window [2024-01-01, 2024-01-31).
      ix('t1', 't1', 'alice', '2024-02-10T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m1']),
      ix('t2', 't1', 'alice', '2024-02-20T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m1']),
      ix('t3', 't2', 'alice', '2024-02-10T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m1', 'm2']),
      ix('t4', 't3', 'alice', '2024-02-12T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m1', 'm3']),
      ix('t5', 't1', 'alice', '2024-02-15T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m2']),
      ix('t6', 't1', 'alice', '2024-01-25T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m1', 'm5']),
      ix('t7', 't1', 'alice', '2024-01-10T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m3']),
      ix('t8', 't2', 'alice', '2024-01-25T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m3']),
      ix('t9', 't2', 'alice', '2024-02-25T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m4']),
      ix('t10', 't2', 'alice', '2024-01-05T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m4']),
      ix('t11', 't1', 'alice', '2024-02-05T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m7']),
      ix('t12', 't3', 'alice', '2024-01-22T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m7']),
      ix('t13', 't4', 'alice', '2024-02-10T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m3', 'm6']), // no consent
      ix('t14', 't5', 'alice', '2024-02-10T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m3']), // not in segment T
      ix('t15', 't1', 'alice', '2024-03-01T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m1']), // at the window's end: out
      ix('t16', 't3', 'alice', '2024-01-31T00:00:00Z', 'WEB', 'PRODUCT', 0, 3, 3, ['m2']), // at the window's start: in
      // Topic "cranes": experts.
      ix('k1', 't1', 'alice', old, 'WEB', 'PRODUCT', 0, 3, 3, [], ['cranes']),
      ix('k2', 't1', 'alice', old, 'WEB', 'PRODUCT', 0, 3, 3, [], ['cranes']),
      ix('k3', 't2', 'alice', old, 'WEB', 'PRODUCT', 0, 3, 3, [], ['cranes']),
      ix('k4', 't1', 'carol', old, 'WEB', 'PRODUCT', 0, 3, 3, [], ['cranes']),
      ix('k5', 't4', 'bob', old, 'WEB', 'PRODUCT', 0, 3, 3, [], ['cranes']), // no consent
      // No segment: topics for similarity, need nA for experts.
      ix('d1x', 'd1', 'alice', old, 'EMAIL', 'SALES', 0, 3, 3, ['nA'], ['tx']),
      ix('d1y', 'd1', 'bob', old, 'EMAIL', 'SALES', 0, 3, 3, [], ['ty']),
      ix('d2x', 'd2', 'carol', old, 'EMAIL', 'SALES', 0, 3, 3, [], ['tx']),
      ix('d3y', 'd3', 'alice', old, 'EMAIL', 'SALES', 0, 3, 3, [], ['ty']),
      ix('d4x', 'd4', 'bob', old, 'EMAIL', 'SALES', 0, 3, 3, ['nA'], ['tx']), // no consent
      ix('d5x', 'd5', 'alice', old, 'EMAIL', 'SALES', 0, 3, 3, [], ['tx']),
    ];
    world.data.insights = [
      // About C1: counted in knownBy.
      insight('insC1a', 'alice', 'PROPOSED', 0.5, { customers: ['c1'] }),
      insight('insC1b', 'bob', 'VALIDATED', 0.5, { customers: ['c1'] }),
      // Recommendations for D1.
      insight('R1', 'carol', 'VALIDATED', 0.8, { needs: ['nA'], customers: ['d2'] }),
      insight('R2', 'alice', 'VALIDATED', 0.6, { customers: ['d3'] }),
      insight('R3', 'alice', 'PROPOSED', 0.9, { needs: ['nB'] }),
      insight('R4', 'alice', 'VALIDATED', 0.9, { needs: ['nC'], customers: ['d1'] }),
      insight('R5', 'alice', 'VALIDATED', 0.9, { customers: ['d4', 'd5'] }),
      insight('R6', 'alice', 'VALIDATED', 0.9, { needs: ['nB', 'nC'] }),
      insight('R7', 'alice', 'REFUTED', 0.9, { needs: ['nA'] }),
      // Topic "cranes".
      insight('X1', 'bob', 'VALIDATED', 0.5, { topics: ['cranes'] }),
      insight('X2', 'bob', 'DRAFT', 0.5, { topics: ['cranes'] }),
      insight('X3', 'bob', 'REFUTED', 0.5, { topics: ['cranes'] }),
      insight('X4', 'bob', 'ARCHIVED', 0.5, { topics: ['cranes'] }),
      insight('X5', 'vic', 'PROPOSED', 0.5, { topics: ['cranes'] }),
      // About t4 (no consent): counts for nobody's expertise.
      insight('X6', 'carol', 'VALIDATED', 0.5, { topics: ['cranes'], customers: ['t4'] }),
    ];
  });
  p = w.prefix;
  // An interaction that records no perceived quality (the loader always writes both).
  await s.cypher('MATCH (i:Interaction {id: $id}) REMOVE i.perceivedQuality', { id: w.id('interaction', 'c1d') });
  analyst = await s.token(eid('alice'), [AccessRole.ANALYST]);
});
afterAll(() => s.close());

const seg = () => w.id('segment', 'seg');
const segT = () => w.id('segment', 'segT');

async function ok(query: string, variables: Record<string, unknown> = {}) {
  const res = await s.gql(query, variables, analyst);
  expect(res.errors).toBeUndefined();
  return res.data;
}

async function refused(query: string, variables: Record<string, unknown> = {}, token: string | null = analyst) {
  const res = await s.gql(query, variables, token);
  expect(res.errors?.length).toBeGreaterThan(0);
  return res.errors![0];
}

const HEALTH = `query($id: ID!) { customer(id: $id) { health { score asOf components { name description value score weight points } } } }`;

const health = async (key: string) => (await ok(HEALTH, { id: cid(key) })).customer.health;
const component = (name: string, value: number | null, score: number, weight: number, points: number) => ({
  name,
  value,
  score,
  weight,
  points,
});
const pointsOf = (h: { components: { name: string; value: number | null; score: number; weight: number; points: number }[] }) =>
  h.components.map(({ name, value, score, weight, points }) => ({ name, value, score, weight, points }));

describe('Customer.health', () => {
  it('scores a healthy customer: positive, rising sentiment, recent contact, no open needs', async () => {
    const h = await health('c1');
    // Recent (90 days): 0.6, 0.8, 0.7 → mean 0.7 → (0.7 + 1) / 2 = 0.85 → 30 × 0.85 = 25.5
    // Baseline (the 365 days before): 0.2 → trend 0.5 → min(1, 0.5 + 0.5) = 1 → 15
    // Last contact 10 days ago → 1 - 10/180 = 0.9444 → 25 × 0.94444 = 23.61
    // Open needs: the only need is MET → 0 → 1 → 10; negatives: 0 → 1 → 20
    // round(25.5 + 15 + 23.6111 + 10 + 20) = round(94.11) = 94
    expect(h.score).toBe(94);
    expect(pointsOf(h)).toEqual([
      component('RECENT_SENTIMENT', 0.7, 0.85, 0.3, 25.5),
      component('SENTIMENT_TREND', 0.5, 1, 0.15, 15),
      component('RECENCY', 10, 0.9444, 0.25, 23.61),
      component('OPEN_NEEDS', 0, 1, 0.1, 10),
      component('RECENT_NEGATIVES', 0, 1, 0.2, 20),
    ]);
    expect(h.components.map((c: { description: string }) => c.description)).toEqual([
      'Mean sentiment of the last 90 days (-1 to 1), scored (s + 1) / 2; 0.5 when there is none.',
      'Mean sentiment of the last 90 days minus that of the 365 days before, scored 0.5 + change (0 to 1); 0.5 when either is missing.',
      'Days since the last contact, scored 1 - days / 180 (0 from 180 days, or without any contact).',
      'Needs held with status OPEN or IN_PROGRESS, scored 1 - count / 5 (0 from 5).',
      'Interactions of the last 90 days with sentiment at or below -0.3, scored 1 - count / 3 (0 from 3).',
    ]);
    const asOf = Date.parse(h.asOf);
    expect(asOf).toBeGreaterThanOrEqual(now0);
    expect(asOf).toBeLessThanOrEqual(Date.now());
  });

  it('scores a customer in trouble: negative, falling sentiment, open needs, negative interactions', async () => {
    const h = await health('c2');
    // Recent: -0.6, -0.4, -0.2 → -0.4 → 0.3 → 9
    // Baseline: 0.4 (100 days ago) → trend -0.8 → max(0, 0.5 - 0.8) = 0 → 0
    // Last contact 20 days ago → 1 - 20/180 = 0.8889 → 22.22
    // Open needs: OPEN + IN_PROGRESS (the MET one does not count) = 2 → 1 - 2/5 = 0.6 → 6
    // Negatives (≤ -0.3): -0.6, -0.4 = 2 → 1 - 2/3 = 0.3333 → 6.67
    // round(9 + 0 + 22.2222 + 6 + 6.6667) = round(43.89) = 44
    expect(h.score).toBe(44);
    expect(pointsOf(h)).toEqual([
      component('RECENT_SENTIMENT', -0.4, 0.3, 0.3, 9),
      component('SENTIMENT_TREND', -0.8, 0, 0.15, 0),
      component('RECENCY', 20, 0.8889, 0.25, 22.22),
      component('OPEN_NEEDS', 2, 0.6, 0.1, 6),
      component('RECENT_NEGATIVES', 2, 0.3333, 0.2, 6.67),
    ]);
  });

  it('scores a dormant customer: no recent sentiment, so no trend either, last contact 170 days ago', async () => {
    const h = await health('c3');
    // The interaction planned in 5 days does not count yet.
    // 15 (no recent sentiment: 0.5) + 7.5 (no trend: 0.5) + 25 × (1 - 170/180) = 1.39 + 10 + 20 = 53.89 → 54
    expect(h.score).toBe(54);
    expect(pointsOf(h)).toEqual([
      component('RECENT_SENTIMENT', null, 0.5, 0.3, 15),
      component('SENTIMENT_TREND', null, 0.5, 0.15, 7.5),
      component('RECENCY', 170, 0.0556, 0.25, 1.39),
      component('OPEN_NEEDS', 0, 1, 0.1, 10),
      component('RECENT_NEGATIVES', 0, 1, 0.2, 20),
    ]);
  });

  it('scores a customer never contacted', async () => {
    const h = await health('c4');
    // 15 + 7.5 + 0 (never contacted) + 10 + 20 = 52.5 → Math.round → 53
    expect(h.score).toBe(53);
    expect(pointsOf(h)).toEqual([
      component('RECENT_SENTIMENT', null, 0.5, 0.3, 15),
      component('SENTIMENT_TREND', null, 0.5, 0.15, 7.5),
      component('RECENCY', null, 0, 0.25, 0),
      component('OPEN_NEEDS', 0, 1, 0.1, 10),
      component('RECENT_NEGATIVES', 0, 1, 0.2, 20),
    ]);
  });

  it('computes health for a whole page of customers at once, the same as one by one', async () => {
    const res = await ok(
      `query($s: ID!) { segment(id: $s) { customers(first: 10, orderBy: {field: NAME, direction: ASC}) { edges { node { name health { score } } } } } }`,
      { s: seg() },
    );
    expect(
      res.segment.customers.edges.map((e: { node: { name: string; health: { score: number } | null } }) => [
        e.node.name,
        e.node.health?.score ?? null,
      ]),
    ).toEqual([
      [`${p} c1`, 94],
      [`${p} c2`, 44],
      [`${p} c3`, 54],
      [`${p} c4`, 53],
      [`${p} c5`, null],
    ]);
  });
});

describe('Customer.knownBy', () => {
  const KNOWN_BY = `query($id: ID!, $first: Int) { customer(id: $id) {
    health { asOf }
    knownBy(first: $first) { employee { id name } score interactionCount lastInteractionAt accountOwner insightCount reason }
  } }`;

  it('ranks employees by recency-weighted interactions + 3 for the owner + 2 per insight, with the reason', async () => {
    const data = await ok(KNOWN_BY, { id: cid('c1') });
    // knownBy runs as of the same moment as health in one request.
    const asOf = Date.parse(data.customer.health.asOf);
    // Weight of an interaction: 0.5 ^ (age in whole seconds / 86400 / 90).
    const weight = (days: number) => 0.5 ** (Math.floor((asOf - Date.parse(ago(days))) / 1000) / 86400 / 90);
    const day = (days: number) => ago(days).slice(0, 10);
    const knowers = data.customer.knownBy;
    expect(knowers.map((k: { employee: { id: string } }) => k.employee.id)).toEqual([eid('alice'), eid('bob'), eid('carol')]);
    // alice: c1a (10 days) + c1c (200 days) + owner 3 + 1 insight × 2 ≈ 0.926 + 0.214 + 5 = 6.14
    // bob: c1b (30 days) + 1 insight × 2 ≈ 0.794 + 2 = 2.79
    // carol: c1d (50 days) ≈ 0.68
    const expected = [
      {
        score: weight(10) + weight(200) + 3 + 2,
        interactionCount: 2,
        lastInteractionAt: ago(10),
        accountOwner: true,
        insightCount: 1,
        reason: `account owner; 2 interactions, the last on ${day(10)}; 1 insight written about them`,
      },
      {
        score: weight(30) + 2,
        interactionCount: 1,
        lastInteractionAt: ago(30),
        accountOwner: false,
        insightCount: 1,
        reason: `1 interaction, the last on ${day(30)}; 1 insight written about them`,
      },
      {
        score: weight(50),
        interactionCount: 1,
        lastInteractionAt: ago(50),
        accountOwner: false,
        insightCount: 0,
        reason: `1 interaction, the last on ${day(50)}`,
      },
    ];
    knowers.forEach((k: any, i: number) => {
      const { score, ...rest } = expected[i];
      expect(k.score).toBeCloseTo(score, 4);
      expect({ ...k, employee: undefined, score: undefined }).toEqual({ ...rest, employee: undefined, score: undefined });
    });
    expect(knowers[0].score).toBeCloseTo(6.14, 2);
    expect(knowers[1].score).toBeCloseTo(2.79, 2);
    expect(knowers[2].score).toBeCloseTo(0.68, 2);
  });

  it('lists an owner who never handled an interaction, and cuts the list at first', async () => {
    // c2: bob handled c2a, c2b, c2d and owns it; carol handled c2c.
    const data = await ok(KNOWN_BY, { id: cid('c2'), first: 1 });
    expect(data.customer.knownBy.map((k: any) => [k.employee.id, k.interactionCount, k.accountOwner, k.insightCount])).toEqual([
      [eid('bob'), 3, true, 0],
    ]);
    const d2 = await ok(KNOWN_BY, { id: cid('d2') });
    // d2: owners bob and alice (3 each, tied: by id); carol handled d2x (2023: weight ≈ 0.5^(≈1270/90) ≈ 0.0001)
    // and wrote R1, which is about d2 → ≈ 2.0001.
    expect(d2.customer.knownBy.map((k: any) => [k.employee.id, k.reason, k.score])).toEqual([
      ...[eid('alice'), eid('bob')].sort(byId).map((id) => [id, 'account owner', 3]),
      [eid('carol'), '1 interaction, the last on 2023-06-01; 1 insight written about them', expect.closeTo(2, 3)],
    ]);
    // c3: carol's interaction is in the future, so not yet evidence.
    const c3 = await ok(KNOWN_BY, { id: cid('c3') });
    expect(c3.customer.knownBy.map((k: any) => [k.employee.id, k.interactionCount, k.reason])).toEqual([
      [eid('alice'), 1, `1 interaction, the last on ${ago(170).slice(0, 10)}`],
    ]);
    const none = await ok(KNOWN_BY, { id: cid('c4'), first: 0 });
    expect(none.customer.knownBy).toEqual([]);
    expect((await ok(KNOWN_BY, { id: cid('c4') })).customer.knownBy).toEqual([]);
  });
});

describe('Customer.experienceGap', () => {
  const GAP = `query($id: ID!) { customer(id: $id) { experienceGap { interactionCount averageExpectedQuality averagePerceivedQuality gap } } }`;
  it('averages expected and perceived quality over the interactions that record both', async () => {
    // c1: c1a (3, 4), c1b (4, 5), c1c (3, 3); c1d has no perceived quality.
    // expected (3 + 4 + 3) / 3 = 3.3333, perceived (4 + 5 + 3) / 3 = 4, gap 4 - 3.3333 = 0.6667
    expect((await ok(GAP, { id: cid('c1') })).customer.experienceGap).toEqual({
      interactionCount: 3,
      averageExpectedQuality: 3.3333,
      averagePerceivedQuality: 4,
      gap: 0.6667,
    });
    // c2: expected (5 + 4 + 3 + 3) / 4 = 3.75, perceived (2 + 2 + 3 + 4) / 4 = 2.75, gap -1
    expect((await ok(GAP, { id: cid('c2') })).customer.experienceGap).toEqual({
      interactionCount: 4,
      averageExpectedQuality: 3.75,
      averagePerceivedQuality: 2.75,
      gap: -1,
    });
    expect((await ok(GAP, { id: cid('c4') })).customer.experienceGap).toEqual({
      interactionCount: 0,
      averageExpectedQuality: null,
      averagePerceivedQuality: null,
      gap: null,
    });
  });
});

/** percentileCont(x, 0.5): the mean of the two middle values of an even count. */
function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const pos = (v.length - 1) * 0.5;
  const lo = Math.floor(pos);
  return v[lo] + (v[Math.ceil(pos)] - v[lo]) * (pos - lo);
}

async function medians() {
  const rows = await s.cypher(
    `MATCH (c:Customer) WHERE coalesce(c.consentAnalytics, false)
     RETURN collect(c.revenue) AS revenues, collect(c.costToServe) AS costs,
            percentileCont(c.revenue, 0.5) AS medianRevenue, percentileCont(c.costToServe, 0.5) AS medianCostToServe`,
  );
  const r = rows[0];
  // The medians by hand agree with Neo4j's.
  expect(median(r.revenues)).toBeCloseTo(r.medianRevenue, 6);
  expect(median(r.costs)).toBeCloseTo(r.medianCostToServe, 6);
  return { revenue: median(r.revenues), cost: median(r.costs) };
}

const byHand = (revenue: number, cost: number, m: { revenue: number; cost: number }) =>
  `${revenue >= m.revenue ? 'HIGH' : 'LOW'}_REVENUE_${cost >= m.cost ? 'HIGH' : 'LOW'}_COST`;

const S_VALUES: Record<string, [number, number]> = { c1: [50000, 10000], c2: [5000, 8000], c3: [20000, 2000], c4: [0, 100] };

describe('Customer.valueQuadrant', () => {
  it('places each customer against the medians of all customers with consent', async () => {
    const m = await medians();
    const data = await ok(`query($s: ID!) { segment(id: $s) { customers(first: 10) { edges { node { id valueQuadrant } } } } }`, {
      s: seg(),
    });
    const got: Record<string, string | null> = {};
    for (const e of data.segment.customers.edges) got[e.node.id] = e.node.valueQuadrant;
    expect(got).toEqual({
      [cid('c1')]: byHand(50000, 10000, m),
      [cid('c2')]: byHand(5000, 8000, m),
      [cid('c3')]: byHand(20000, 2000, m),
      [cid('c4')]: byHand(0, 100, m),
      [cid('c5')]: null,
    });
  });

  it('counts "at the median" as high (the rule itself)', () => {
    const m = { customers: 3, medianRevenue: 100, medianCostToServe: 50 };
    expect(quadrantOf(100, 50, m)).toBe(ValueQuadrant.HIGH_REVENUE_HIGH_COST);
    expect(quadrantOf(100, 49.99, m)).toBe(ValueQuadrant.HIGH_REVENUE_LOW_COST);
    expect(quadrantOf(99.99, 50, m)).toBe(ValueQuadrant.LOW_REVENUE_HIGH_COST);
    expect(quadrantOf(99.99, 49.99, m)).toBe(ValueQuadrant.LOW_REVENUE_LOW_COST);
    expect(quadrantOf(1, 1, { customers: 0, medianRevenue: null, medianCostToServe: null })).toBeNull();
  });
});

describe('Customer.similarCustomers and recommendedInsights', () => {
  const SIMILAR = `query($id: ID!, $first: Int) { customer(id: $id) {
    similarCustomers(first: $first) { customer { id } score sharedNeeds { title } sharedTopics { name } }
  } }`;
  const RECOMMENDED = `query($id: ID!, $first: Int) { customer(id: $id) {
    recommendedInsights(first: $first) { insight { id } score reason viaNeeds { title } viaCustomers { id } }
  } }`;

  it('ranks customers sharing needs by the Jaccard similarity of needs and interaction topics', async () => {
    // d1: needs {A, B, C}, topics {tx, ty}.
    // d2: needs {A, B}, topics {tx}: shared 2 + 1, union 3 + 2 + 2 + 1 - 3 = 5 → 3/5 = 0.6
    // d3: needs {C, D}, topics {ty}: shared 1 + 1, union 3 + 2 + 2 + 1 - 2 = 6 → 2/6 = 0.3333
    // d4 shares A, B, C but has no consent; d5 shares topic tx but no need: neither is listed.
    const data = await ok(SIMILAR, { id: cid('d1') });
    expect(data.customer.similarCustomers).toEqual([
      {
        customer: { id: cid('d2') },
        score: 0.6,
        sharedNeeds: [{ title: `${p} Need A` }, { title: `${p} Need B` }],
        sharedTopics: [{ name: `${p}-tx` }],
      },
      { customer: { id: cid('d3') }, score: 0.3333, sharedNeeds: [{ title: `${p} Need C` }], sharedTopics: [{ name: `${p}-ty` }] },
    ]);
    expect((await ok(SIMILAR, { id: cid('d1'), first: 1 })).customer.similarCustomers.map((x: any) => x.customer.id)).toEqual([cid('d2')]);
    // Symmetric: d2 → d1 with the same score; d3 shares no need with d2.
    expect((await ok(SIMILAR, { id: cid('d2') })).customer.similarCustomers.map((x: any) => [x.customer.id, x.score])).toEqual([
      [cid('d1'), 0.6],
    ]);
    // c2 shares "Met need" with c1 (no topics: 1 / (1 + 3 - 1) = 0.3333) and "Open need" with c5, who has no consent.
    expect((await ok(SIMILAR, { id: cid('c2') })).customer.similarCustomers.map((x: any) => [x.customer.id, x.score])).toEqual([
      [cid('c1'), 0.3333],
    ]);
    // No needs: nobody.
    expect((await ok(SIMILAR, { id: cid('c4') })).customer.similarCustomers).toEqual([]);
  });

  it("recommends validated insights about the customer's needs or similar customers, not already about them", async () => {
    // R6 (0.9): about needs B and C → 0.9 × 2 = 1.8
    // R1 (0.8): about need A and about d2 (0.6) → 0.8 × 1.6 = 1.28
    // R2 (0.6): about d3 (0.3333) → 0.6 × 0.3333 = 0.2
    // Not: R3 (proposed), R4 (about d1 already), R5 (about d4 and d5, not similar to d1), R7 (refuted).
    const data = await ok(RECOMMENDED, { id: cid('d1') });
    expect(data.customer.recommendedInsights).toEqual([
      {
        insight: { id: iid('R6') },
        score: 1.8,
        reason: "Validated insight about 2 of the customer's needs.",
        viaNeeds: [{ title: `${p} Need B` }, { title: `${p} Need C` }],
        viaCustomers: [],
      },
      {
        insight: { id: iid('R1') },
        score: 1.28,
        reason: "Validated insight about 1 of the customer's needs and about 1 similar customer.",
        viaNeeds: [{ title: `${p} Need A` }],
        viaCustomers: [{ id: cid('d2') }],
      },
      {
        insight: { id: iid('R2') },
        score: 0.2,
        reason: 'Validated insight about 1 similar customer.',
        viaNeeds: [],
        viaCustomers: [{ id: cid('d3') }],
      },
    ]);
    expect((await ok(RECOMMENDED, { id: cid('d1'), first: 2 })).customer.recommendedInsights.map((r: any) => r.insight.id)).toEqual([
      iid('R6'),
      iid('R1'),
    ]);
    // d2: needs A, B → R1 (about A) is about d2 itself: left out; R6 about B → 0.9 × 1 = 0.9;
    // its one similar customer d1 (0.6) → R4 (about d1) → 0.9 × 0.6 = 0.54.
    expect((await ok(RECOMMENDED, { id: cid('d2') })).customer.recommendedInsights.map((r: any) => [r.insight.id, r.score])).toEqual([
      [iid('R6'), 0.9],
      [iid('R4'), 0.54],
    ]);
  });
});

describe('customers without analytics consent', () => {
  const ALL = `query($id: ID!) { customer(id: $id) {
    name health { score } knownBy { score } valueQuadrant similarCustomers { score } recommendedInsights { score } experienceGap { interactionCount }
  } }`;
  it.each(['c5', 't4', 'd4'])('%s gets null for every analytic field', async (key) => {
    expect((await ok(ALL, { id: cid(key) })).customer).toEqual({
      name: `${w.prefix} ${key}`,
      health: null,
      knownBy: null,
      valueQuadrant: null,
      similarCustomers: null,
      recommendedInsights: null,
      experienceGap: null,
    });
  });
});

describe('atRiskCustomers', () => {
  const AT_RISK = `query($below: Int, $seg: ID, $first: Int) { atRiskCustomers(healthBelow: $below, segmentId: $seg, first: $first) {
    customer { id } health { score } explanation
  } }`;
  const atRisk = async (vars: Record<string, unknown>) =>
    (await ok(AT_RISK, { seg: seg(), ...vars })).atRiskCustomers.map((a: any) => [a.customer.id, a.health.score, a.explanation]);

  it('lists the customers of a segment below the threshold, lowest first, with what costs them most', async () => {
    const list = await atRisk({ below: 60 });
    expect(list.map((x: unknown[]) => x.slice(0, 2))).toEqual([
      [cid('c2'), 44],
      [cid('c4'), 53],
      [cid('c3'), 54],
    ]);
    // c2 loses 30 - 9 = 21 (sentiment), 15 - 0 = 15 (trend), 20 - 6.67 = 13.3 (negatives);
    // recency (2.78) and open needs (4) cost less than 5 points and are not named.
    expect(list[0][2]).toBe(
      'recent sentiment -0.4 (-21 points); sentiment fell by 0.8 against the year before (-15 points); 2 negative interactions in 90 days (-13.3 points)',
    );
    // c4 loses 25 (never contacted), 15 (no sentiment), 7.5 (no trend).
    const c4 = list[1][2].split('; ');
    expect(c4[0]).toBe('never contacted (-25 points)');
    expect(c4[1]).toBe('no sentiment in 90 days (-15 points)');
    expect(c4[2]).toBe('no sentiment to compare in the last 90 days or the year before (-7.5 points)');
    expect(c4).toHaveLength(3);
    // c3 loses 25 - 1.39 = 23.6 (170 days), 15 (no sentiment), 7.5 (no trend).
    const c3 = list[2][2].split('; ');
    expect(c3[0]).toBe('no contact for 170 days (-23.6 points)');
    expect(c3[1]).toBe('no sentiment in 90 days (-15 points)');
    expect(c3[2]).toBe('no sentiment to compare in the last 90 days or the year before (-7.5 points)');
    expect(c3).toHaveLength(3);
  });

  // A trend that cannot be computed (no recent or no baseline sentiment) is said in words.
  it('explains a missing trend in words, without "null"', async () => {
    const list = await atRisk({ below: 60 });
    expect(list[1][2]).not.toContain('null');
    expect(list[2][2]).not.toContain('null');
  });

  it('is strictly below the threshold, cut at first, and every customer of the segment at 101', async () => {
    expect((await atRisk({ below: 54 })).map((x: unknown[]) => x[0])).toEqual([cid('c2'), cid('c4')]);
    expect((await atRisk({ below: 44 })).map((x: unknown[]) => x[0])).toEqual([]);
    expect((await atRisk({ below: 45 })).map((x: unknown[]) => x[0])).toEqual([cid('c2')]);
    expect((await atRisk({ below: 60, first: 2 })).map((x: unknown[]) => x[0])).toEqual([cid('c2'), cid('c4')]);
    expect((await atRisk({ below: 60, first: 0 })).map((x: unknown[]) => x[0])).toEqual([]);
    const all = await atRisk({ below: 101 });
    // c5 (no consent) is never listed; c1 costs nothing above 5 points.
    expect(all.map((x: unknown[]) => x.slice(0, 2))).toEqual([
      [cid('c2'), 44],
      [cid('c4'), 53],
      [cid('c3'), 54],
      [cid('c1'), 94],
    ]);
    expect(all[3][2]).toBe('No component costs more than 5 points.');
  });

  it('defaults to health below 50', async () => {
    expect((await ok(`query($seg: ID) { atRiskCustomers(segmentId: $seg) { customer { id } } }`, { seg: seg() })).atRiskCustomers).toEqual([
      { customer: { id: cid('c2') } },
    ]);
  });
});

describe('portfolio', () => {
  const PORTFOLIO = `query($seg: ID) { portfolio(segmentId: $seg) {
    customerCount customerEquity totalRevenue totalCostToServe totalProfit topFifthProfitShare topFifthCustomerCount medianRevenue medianCostToServe
    byValueQuadrant { quadrant customerCount } byLifecycleStage { stage customerCount } byRelationshipType { relationshipType customerCount }
  } }`;

  it('sums a segment: equity, revenue, cost, profit, the 20/80 check, quadrants, stages and types', async () => {
    const m = await medians();
    const data = (await ok(PORTFOLIO, { seg: seg() })).portfolio;
    const quadrants: Record<string, number> = {
      HIGH_REVENUE_LOW_COST: 0,
      HIGH_REVENUE_HIGH_COST: 0,
      LOW_REVENUE_LOW_COST: 0,
      LOW_REVENUE_HIGH_COST: 0,
    };
    for (const [revenue, cost] of Object.values(S_VALUES)) quadrants[byHand(revenue, cost, m)]++;
    expect(data).toEqual({
      // c1..c4; c5 (no consent) is left out.
      customerCount: 4,
      customerEquity: 200000 + 10000 + 50000 + 1000, // 261000
      totalRevenue: 50000 + 5000 + 20000 + 0, // 75000
      totalCostToServe: 10000 + 8000 + 2000 + 100, // 20100
      totalProfit: 75000 - 20100, // 54900
      // Profits 40000, 18000, -100, -3000; the top ceil(4 × 0.2) = 1 makes 40000 / 54900 = 0.72860
      topFifthProfitShare: 0.7286,
      topFifthCustomerCount: 1,
      medianRevenue: m.revenue,
      medianCostToServe: m.cost,
      byValueQuadrant: Object.entries(quadrants).map(([quadrant, customerCount]) => ({ quadrant, customerCount })),
      byLifecycleStage: [
        { stage: 'PROSPECT', customerCount: 1 },
        { stage: 'ACTIVE', customerCount: 2 },
        { stage: 'AT_RISK', customerCount: 1 },
        { stage: 'CHURNED', customerCount: 0 },
      ],
      byRelationshipType: [
        { relationshipType: 'TRANSACTIONAL', customerCount: 2 },
        { relationshipType: 'COLLABORATIVE', customerCount: 2 },
      ],
    });
    expect(data.byValueQuadrant.reduce((n: number, q: { customerCount: number }) => n + q.customerCount, 0)).toBe(4);
  });

  it('has no 20/80 share when the segment loses money', async () => {
    const data = (await ok(PORTFOLIO, { seg: segT() })).portfolio;
    // t1..t3 (t4 has no consent, t5 is elsewhere): profits -2000, 1000, -500 = -1500
    expect(data).toMatchObject({
      customerCount: 3,
      customerEquity: 3000,
      totalRevenue: 3000,
      totalCostToServe: 4500,
      totalProfit: -1500,
      topFifthProfitShare: null,
      topFifthCustomerCount: 1, // ceil(3 × 0.2)
    });
  });

  it('is empty for a segment without customers', async () => {
    const data = (await ok(PORTFOLIO, { seg: 'no-such-segment' })).portfolio;
    const m = await medians();
    expect(data).toEqual({
      customerCount: 0,
      customerEquity: 0,
      totalRevenue: 0,
      totalCostToServe: 0,
      totalProfit: 0,
      topFifthProfitShare: null,
      topFifthCustomerCount: 0,
      medianRevenue: m.revenue,
      medianCostToServe: m.cost,
      byValueQuadrant: ['HIGH_REVENUE_LOW_COST', 'HIGH_REVENUE_HIGH_COST', 'LOW_REVENUE_LOW_COST', 'LOW_REVENUE_HIGH_COST'].map(
        (quadrant) => ({ quadrant, customerCount: 0 }),
      ),
      byLifecycleStage: ['PROSPECT', 'ACTIVE', 'AT_RISK', 'CHURNED'].map((stage) => ({ stage, customerCount: 0 })),
      byRelationshipType: ['TRANSACTIONAL', 'COLLABORATIVE'].map((relationshipType) => ({ relationshipType, customerCount: 0 })),
    });
  });
});

describe('needTrends', () => {
  const TRENDS = `query($window: TimeWindowInput, $previous: TimeWindowInput, $seg: ID, $first: Int) {
    needTrends(window: $window, previousWindow: $previous, segmentId: $seg, first: $first) {
      window { start end } previousWindow { start end }
      trends { need { id title } customerCount previousCustomerCount growth interactionCount }
    }
  }`;
  const window = { days: 30, end: '2024-03-01T00:00:00.000Z' };
  const row = (key: string, customerCount: number, previousCustomerCount: number, growth: number | null, interactionCount: number) => ({
    need: {
      id: nid(key),
      title: `${p} ${({ m1: 'Trend alpha', m2: 'Trend bravo', m3: 'Trend mike', m4: 'Trend zulu', m7: 'Trend echo' } as Record<string, string>)[key]}`,
    },
    customerCount,
    previousCustomerCount,
    growth,
    interactionCount,
  });

  it('ranks needs by distinct customers in the window, new needs first among equals, then growth, then title', async () => {
    const data = (await ok(TRENDS, { window, seg: segT() })).needTrends;
    expect(data.window).toEqual({ start: '2024-01-31T00:00:00.000Z', end: '2024-03-01T00:00:00.000Z' });
    expect(data.previousWindow).toEqual({ start: '2024-01-01T00:00:00.000Z', end: '2024-01-31T00:00:00.000Z' });
    expect(data.trends).toEqual([
      // bravo: t2 (t3), t1 (t5), t3 (t16, at the window's start) = 3; none before → new
      row('m2', 3, 0, null, 3),
      // alpha: t1 (t1, t2), t2 (t3), t3 (t4) = 3 customers, 4 interactions (t15 at the end is out); before: t1 (t6) → 3 / 1
      row('m1', 3, 1, 3, 4),
      // echo: t1 (t11); before t3 (t12) → 1; zulu: t2 (t9); before t2 (t10) → 1: equal growth, by title
      row('m7', 1, 1, 1, 1),
      row('m4', 1, 1, 1, 1),
      // mike: t3 (t4) (t13 has no consent, t14 is not in the segment); before t1 (t7), t2 (t8) → 1 / 2
      row('m3', 1, 2, 0.5, 1),
      // kilo (only before) and xray (only t4, without consent) are not listed.
    ]);
    const two = (await ok(TRENDS, { window, seg: segT(), first: 2 })).needTrends.trends;
    expect(two.map((t: any) => t.need.id)).toEqual([nid('m2'), nid('m1')]);
    expect((await ok(TRENDS, { window, seg: segT(), first: 0 })).needTrends.trends).toEqual([]);
  });

  it('compares with an explicit previous window', async () => {
    // Previous: 10 days ending 2024-01-31 = [2024-01-21, 2024-01-31): t6 (m1), t8 (m3), t12 (m7).
    const data = (await ok(TRENDS, { window, previous: { days: 10, end: '2024-01-31T00:00:00.000Z' }, seg: segT() })).needTrends;
    expect(data.previousWindow).toEqual({ start: '2024-01-21T00:00:00.000Z', end: '2024-01-31T00:00:00.000Z' });
    expect(data.trends).toEqual([
      row('m2', 3, 0, null, 3),
      row('m1', 3, 1, 3, 4),
      row('m4', 1, 0, null, 1), // t10 (Jan 5) is no longer in the previous window: new
      row('m7', 1, 1, 1, 1), // echo before mike: equal growth, by title
      row('m3', 1, 1, 1, 1), // t7 (Jan 10) is out
    ]);
  });

  it('defaults to the last 90 days and the 90 days before', async () => {
    const before = Date.now();
    const data = (await ok(TRENDS, { seg: segT() })).needTrends;
    const end = Date.parse(data.window.end);
    expect(end).toBeGreaterThanOrEqual(before);
    expect(end).toBeLessThanOrEqual(Date.now());
    expect(data.window.start).toBe(new Date(end - 90 * DAY).toISOString());
    expect(data.previousWindow).toEqual({ start: new Date(end - 180 * DAY).toISOString(), end: data.window.start });
    expect(data.trends).toEqual([]);
    // Segment S in the last 90 days: only c5 expressed a need (Open need), without consent.
    expect((await ok(TRENDS, { seg: seg() })).needTrends.trends).toEqual([]);
  });
});

describe('expertsOn', () => {
  const EXPERTS = `query($topic: ID, $need: ID, $first: Int) { expertsOn(topicId: $topic, needId: $need, first: $first) {
    employee { id } score interactionCount customerCount insightCount accountCount reason
  } }`;

  it('ranks experts on a topic by interactions + 3 × insights', async () => {
    const data = (await ok(EXPERTS, { topic: tid('cranes') })).expertsOn;
    // bob: k5 is with t4 (no consent) → 0 interactions; X1 (validated) + X2 (draft) = 2 insights (X3 refuted, X4 archived) → 6
    // alice: k1, k2 (t1), k3 (t2) → 3 interactions with 2 customers → 3; vic: X5 → 3; carol: k4 → 1 (X6 is about t4, no consent)
    const tied = [
      {
        employee: { id: eid('alice') },
        score: 3,
        interactionCount: 3,
        customerCount: 2,
        insightCount: 0,
        accountCount: 0,
        reason: 'handled 3 interactions about it with 2 customers',
      },
      {
        employee: { id: eid('vic') },
        score: 3,
        interactionCount: 0,
        customerCount: 0,
        insightCount: 1,
        accountCount: 0,
        reason: 'wrote 1 insight on it',
      },
    ].sort((a, b) => byId(a.employee.id, b.employee.id));
    expect(data).toEqual([
      {
        employee: { id: eid('bob') },
        score: 6,
        interactionCount: 0,
        customerCount: 0,
        insightCount: 2,
        accountCount: 0,
        reason: 'wrote 2 insights on it',
      },
      ...tied,
      {
        employee: { id: eid('carol') },
        score: 1,
        interactionCount: 1,
        customerCount: 1,
        insightCount: 0,
        accountCount: 0,
        reason: 'handled 1 interaction about it with 1 customer',
      },
    ]);
    expect((await ok(EXPERTS, { topic: tid('cranes'), first: 1 })).expertsOn.map((e: any) => e.employee.id)).toEqual([eid('bob')]);
    expect((await ok(EXPERTS, { topic: tid('cranes'), first: 0 })).expertsOn).toEqual([]);
  });

  it('ranks experts on a need by interactions + 3 × insights + accounts', async () => {
    const data = (await ok(EXPERTS, { need: nid('nA') })).expertsOn;
    // carol: R1 about need A → 3 (d4, whose account she owns, has no consent; R7 by alice is refuted)
    // alice: d1x with d1 (d4x by bob is with d4, no consent) + owner of d2 → 1 + 1 = 2
    // bob: owner of d1 and d2 → 2
    const tied = [
      {
        employee: { id: eid('alice') },
        score: 2,
        interactionCount: 1,
        customerCount: 1,
        insightCount: 0,
        accountCount: 1,
        reason: 'handled 1 interaction about it with 1 customer; owns 1 account with the need',
      },
      {
        employee: { id: eid('bob') },
        score: 2,
        interactionCount: 0,
        customerCount: 0,
        insightCount: 0,
        accountCount: 2,
        reason: 'owns 2 accounts with the need',
      },
    ].sort((a, b) => byId(a.employee.id, b.employee.id));
    expect(data).toEqual([
      {
        employee: { id: eid('carol') },
        score: 3,
        interactionCount: 0,
        customerCount: 0,
        insightCount: 1,
        accountCount: 0,
        reason: 'wrote 1 insight on it',
      },
      ...tied,
    ]);
    // "Open need": held by c2 (owner bob) and c5 (no consent, whose interaction c5a alice handled).
    expect((await ok(EXPERTS, { need: nid('open1') })).expertsOn).toEqual([
      {
        employee: { id: eid('bob') },
        score: 1,
        interactionCount: 0,
        customerCount: 0,
        insightCount: 0,
        accountCount: 1,
        reason: 'owns 1 account with the need',
      },
    ]);
  });

  it('gives an empty list for an unknown id', async () => {
    expect((await ok(EXPERTS, { topic: 'no-such-topic' })).expertsOn).toEqual([]);
    expect((await ok(EXPERTS, { need: 'no-such-need' })).expertsOn).toEqual([]);
  });
});

describe('experienceByTouchpoint', () => {
  // `channel: null` is sent explicitly: leaving it out fails (see the bug below).
  const TOUCHPOINTS = `query($channel: Channel, $window: TimeWindowInput, $seg: ID) {
    experienceByTouchpoint(channel: $channel, window: $window, segmentId: $seg) {
      touchpoint channel interactionCount averageSentiment qualityCount averageExpectedQuality averagePerceivedQuality gap
    }
  }`;
  const tp = (
    touchpoint: string,
    channel: string,
    n: number,
    sentiment: number,
    q: number,
    e: number | null,
    pq: number | null,
    gap: number | null,
  ) => ({
    touchpoint,
    channel,
    interactionCount: n,
    averageSentiment: sentiment,
    qualityCount: q,
    averageExpectedQuality: e,
    averagePerceivedQuality: pq,
    gap,
  });

  it('sums the last 90 days of a segment per touchpoint and channel, in enum order', async () => {
    const data = (await ok(TOUCHPOINTS, { seg: seg(), channel: null })).experienceByTouchpoint;
    // In the window: c1a, c1b, c1d, c2a, c2b, c2c (c5a: no consent; c2d, c1c, c3a: older).
    expect(data).toEqual([
      tp('SUPPORT', 'EMAIL', 1, 0.6, 1, 3, 4, 1), // c1a
      tp('SUPPORT', 'PHONE', 1, 0.8, 1, 4, 5, 1), // c1b
      tp('SUPPORT', 'CHAT', 2, -0.5, 2, 4.5, 2, -2.5), // c2a, c2b: (-0.6 - 0.4) / 2, (5 + 4) / 2, (2 + 2) / 2
      tp('BILLING', 'PHONE', 1, -0.2, 1, 3, 3, 0), // c2c
      tp('FEEDBACK', 'SOCIAL', 1, 0.7, 0, null, null, null), // c1d: no perceived quality
    ]);
  });

  it('takes one channel, or an explicit window', async () => {
    expect((await ok(TOUCHPOINTS, { seg: seg(), channel: 'CHAT' })).experienceByTouchpoint).toEqual([
      tp('SUPPORT', 'CHAT', 2, -0.5, 2, 4.5, 2, -2.5),
    ]);
    expect((await ok(TOUCHPOINTS, { seg: seg(), channel: 'VIDEO_CALL' })).experienceByTouchpoint).toEqual([]);
    // 100 days ending 15 days before the world was built: c2d (100 days) in, c1a (10 days) out.
    const window = { days: 100, end: new Date(now0 - 15 * DAY).toISOString() };
    expect((await ok(TOUCHPOINTS, { seg: seg(), window, channel: null })).experienceByTouchpoint).toEqual([
      tp('ONBOARDING', 'EMAIL', 1, 0.4, 1, 3, 4, 1), // c2d
      tp('SUPPORT', 'PHONE', 1, 0.8, 1, 4, 5, 1),
      tp('SUPPORT', 'CHAT', 2, -0.5, 2, 4.5, 2, -2.5),
      tp('BILLING', 'PHONE', 1, -0.2, 1, 3, 3, 0),
      tp('FEEDBACK', 'SOCIAL', 1, 0.7, 0, null, null, null),
    ]);
    // Segment T in February 2024: t1, t2, t3, t4, t5, t9, t11, t16 (t13: no consent, t14: elsewhere, t15: at the end).
    expect(
      (await ok(TOUCHPOINTS, { seg: segT(), window: { days: 30, end: '2024-03-01T00:00:00.000Z' }, channel: null })).experienceByTouchpoint,
    ).toEqual([tp('PRODUCT', 'WEB', 8, 0, 8, 3, 3, 0)]);
  });
});

describe('errors', () => {
  const FIRST_ERROR = { code: 'BAD_USER_INPUT', field: 'first' };

  it('refuses first above 100 on every ranked list', async () => {
    const id = cid('c1');
    for (const [query, vars] of [
      [`query($id: ID!) { customer(id: $id) { knownBy(first: 101) { score } } }`, { id }],
      [`query($id: ID!) { customer(id: $id) { similarCustomers(first: 101) { score } } }`, { id }],
      [`query($id: ID!) { customer(id: $id) { recommendedInsights(first: 101) { score } } }`, { id }],
      [`query($id: ID!) { customer(id: $id) { knownBy(first: -1) { score } } }`, { id }],
      [`query($id: ID!) { customer(id: $id) { knownBy(first: 101) { score } } }`, { id: cid('c5') }], // even without consent
      [`query { needTrends(first: 101) { trends { customerCount } } }`, {}],
      [`query { expertsOn(topicId: "x", first: 101) { score } }`, {}],
      [`query { atRiskCustomers(first: 101) { explanation } }`, {}],
    ] as [string, Record<string, unknown>][]) {
      const e = await refused(query, vars);
      expect([query, e.extensions]).toEqual([query, FIRST_ERROR]);
      expect(e.message).toBe(`\`first\` must be between 0 and 100; got ${/first: (-?\d+)/.exec(query)![1]}.`);
    }
  });

  it('refuses expertsOn with both or neither of topicId and needId', async () => {
    const neither = await refused(`query { expertsOn { score } }`);
    expect(neither).toMatchObject({
      message: 'Give exactly one of topicId and needId.',
      extensions: { code: 'BAD_USER_INPUT', field: 'topicId' },
    });
    const both = await refused(`query($t: ID, $n: ID) { expertsOn(topicId: $t, needId: $n) { score } }`, {
      t: tid('cranes'),
      n: nid('nA'),
    });
    expect(both).toMatchObject({
      message: 'Give exactly one of topicId and needId.',
      extensions: { code: 'BAD_USER_INPUT', field: 'needId' },
    });
  });

  it('refuses windows of 0 or more than 3650 days', async () => {
    for (const days of [0, -1, 3651, 4000]) {
      for (const query of [
        `query($w: TimeWindowInput) { needTrends(window: $w) { trends { customerCount } } }`,
        `query($w: TimeWindowInput) { needTrends(previousWindow: $w) { trends { customerCount } } }`,
        `query($w: TimeWindowInput) { experienceByTouchpoint(window: $w) { interactionCount } }`,
      ]) {
        const e = await refused(query, { w: { days } });
        expect([days, query, e.extensions?.code]).toEqual([days, query, 'BAD_USER_INPUT']);
        expect(e.extensions?.field).toMatch(/days$/);
      }
    }
    // 1 and 3650 are fine.
    await ok(`query($s: ID) { needTrends(window: { days: 1 }, previousWindow: { days: 3650 }, segmentId: $s) { window { start } } }`, {
      s: segT(),
    });
    await ok(`query($s: ID) { experienceByTouchpoint(window: { days: 3650 }, segmentId: $s, channel: null) { interactionCount } }`, {
      s: segT(),
    });
  });

  it('refuses healthBelow outside 0..101', async () => {
    for (const below of [-1, 102]) {
      const e = await refused(`query($b: Int) { atRiskCustomers(healthBelow: $b) { explanation } }`, { b: below });
      expect(e).toMatchObject({
        message: `\`healthBelow\` must be between 0 and 101; got ${below}.`,
        extensions: { code: 'BAD_USER_INPUT', field: 'healthBelow' },
      });
    }
    expect(
      (await ok(`query($s: ID) { atRiskCustomers(healthBelow: 0, segmentId: $s) { explanation } }`, { s: seg() })).atRiskCustomers,
    ).toEqual([]);
    // An explicit null is the default (50), as for `first`.
    const Q = `query($b: Int, $s: ID) { atRiskCustomers(healthBelow: $b, segmentId: $s) { customer { id } health { score } } }`;
    const byDefault = (await ok(Q, { b: 50, s: seg() })).atRiskCustomers;
    expect(byDefault.length).toBeGreaterThan(0);
    expect((await ok(Q, { b: null, s: seg() })).atRiskCustomers).toEqual(byDefault);
  });

  it('needs a token', async () => {
    for (const query of [
      `query { needTrends { trends { customerCount } } }`,
      `query { expertsOn(topicId: "x") { score } }`,
      `query { atRiskCustomers { explanation } }`,
      `query { portfolio { customerCount } }`,
      `query { experienceByTouchpoint { interactionCount } }`,
    ]) {
      const e = await refused(query, {}, null);
      expect([query, e.extensions]).toEqual([query, { code: 'UNAUTHENTICATED' }]);
    }
  });
});

/**
 * An optional argument left out of the query (rather than given as null) arrives as `undefined`;
 * it once reached the Cypher unsent and gave INTERNAL_SERVER_ERROR. Left out, it means "all".
 */
describe('optional arguments left out', () => {
  it('portfolio() covers every customer with consent, one without money figures stored too (counted as 0)', async () => {
    // As other suites' nodes written with Cypher are (webhooks.test.ts): the portfolio once left such a customer out.
    const bare = `${w.prefix}-no-figures`;
    await s.cypher(
      `CREATE (:Customer {id: $id, name: $id, nameLower: $id, kind: 'PERSON', lifecycleStage: 'ACTIVE', relationshipType: 'TRANSACTIONAL',
         consentAnalytics: true, createdAt: datetime(), updatedAt: datetime()})`,
      { id: bare },
    );
    try {
      const [{ n }] = await s.cypher('MATCH (c:Customer) WHERE coalesce(c.consentAnalytics, false) RETURN count(c) AS n');
      expect((await ok(`query { portfolio { customerCount } }`)).portfolio.customerCount).toBe(n);
    } finally {
      await s.cypher('MATCH (c:Customer {id: $id}) DELETE c', { id: bare });
    }
  });

  it('atRiskCustomers without segmentId answers', async () => {
    await ok(`query { atRiskCustomers(healthBelow: 0) { explanation } }`);
  });

  it('needTrends without segmentId answers', async () => {
    await ok(`query { needTrends(first: 1, window: { days: 1, end: "2000-01-01T00:00:00.000Z" }) { trends { customerCount } } }`);
  });

  it('experienceByTouchpoint without channel answers', async () => {
    const data = await ok(`query($s: ID) { experienceByTouchpoint(segmentId: $s) { touchpoint channel } }`, { s: seg() });
    expect(data.experienceByTouchpoint).toHaveLength(5);
  });

  it('experienceByTouchpoint without segmentId answers', async () => {
    await ok(`query { experienceByTouchpoint(channel: SURVEY, window: { days: 1, end: "2000-01-01T00:00:00.000Z" }) { touchpoint } }`);
  });

  it('works when they are given as null (what the tests above do)', async () => {
    await ok(`query { portfolio(segmentId: null) { customerCount } }`);
    await ok(`query { atRiskCustomers(healthBelow: 0, segmentId: null) { explanation } }`);
    await ok(
      `query { needTrends(first: 1, segmentId: null, window: { days: 1, end: "2000-01-01T00:00:00.000Z" }) { trends { customerCount } } }`,
    );
    expect(
      (
        await ok(
          `query { experienceByTouchpoint(channel: null, segmentId: null, window: { days: 1, end: "2000-01-01T00:00:00.000Z" }) { touchpoint } }`,
        )
      ).experienceByTouchpoint,
    ).toEqual([]);
  });
});
