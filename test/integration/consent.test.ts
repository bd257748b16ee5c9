import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { Channel, SeedCustomer, SeedInsight, SeedInteraction, SeedNeed, Touchpoint } from '../../seeds/types';
import { AccessRole } from '../../src/graphql/access';
import { ANALYTIC_FIELD_COSTS } from '../../src/server/limits';
import { buildRapportSchema } from '../../src/server/schema';
import { subscribe, until, type LiveSubscription } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, fixtureInsight, type World } from '../helpers/world';

/**
 * Analytics consent, over every path of the schema at once. One customer, X, has withheld
 * analytics consent (`consentAnalytics: false`); the README promises that analytics, search,
 * recommendations and learning leave X out ("not counted, ranked, searched or mined"), that every
 * analytic field of X is null, and that `customerHealthChanged` never fires for X. Plain reads
 * (look-ups, lists, relationships) and plain live events still show X: consent is about analytics.
 *
 * Every field of every object type of the built schema is classified once in {@link FIELDS}:
 * - `analytic`: an analytics, search, recommendation, learning or subscription path that must
 *   leave X out. Each has a probe below that puts X into it and checks that X, its interactions,
 *   the insights about it and the need only it holds appear nowhere in the answer (and that the
 *   figures are those of the consenting customers alone);
 * - `result`: a field of what an analytic path answers (covered by that path's probe; a check
 *   below makes sure such types are reached through analytic paths only);
 * - `plain`: a look-up, list, relationship or attribute, which may return X;
 * - `write`: a mutation (it answers with what it wrote);
 * - `live`: a subscription of plain events (an interaction recorded, a need raised, an insight
 *   changed by a person), which may carry X.
 * A field the table does not know fails the test: a new field is classified (and, if analytic,
 * probed) before it ships.
 *
 * The learning part runs "as of" 2003-06-01: no other suite's data lies in its windows.
 */

type Kind = 'analytic' | 'result' | 'plain' | 'write' | 'live';
const all = (kind: Kind, names: string) =>
  Object.fromEntries(
    names
      .split(/\s+/)
      .filter(Boolean)
      .map((n) => [n, kind]),
  ) as Record<string, Kind>;

const FIELDS: Record<string, Record<string, Kind>> = {
  Query: {
    ...all(
      'plain',
      'auditTrail customer customers employee employees exportCustomer inbox insight insights interaction interactions me need needs segment segments topics',
    ),
    ...all('analytic', 'atRiskCustomers experienceByTouchpoint expertsOn needTrends portfolio search'),
    deletedRecords: 'plain',
    webhook: 'plain',
    eventCursor: 'plain',
    webhooks: 'plain',
    // Possible duplicates compare records (emails, phones, names): data quality, not analytics.
    duplicateCandidates: 'plain',
    // Any record by id (modules/node): what the type's own look-up answers.
    node: 'plain',
    nodes: 'plain',
    // The signed-in person's own saved views (modules/view).
    savedViews: 'plain',
  },
  Mutation: {
    ...all('write', 'followInsight unfollowInsight markInsightSeen markNotificationsRead'),
    ...all(
      'write',
      'annotateInsight archiveInsight assignAccountOwner createCustomer createEmployee createSegment eraseCustomer linkEvidence linkNeed proposeInsight raiseNeed ' +
        'recordInteraction recordInteractions refuteInsight reviseInsight revokeEmployeeTokens submitInsight tag unassignAccountOwner updateCustomer updateEmployee updateNeed validateInsight',
    ),
    runLearning: 'analytic',
    // Soft deletion (modules/deletion).
    ...all(
      'write',
      'deleteAnnotation deleteCustomer deleteInteraction deleteNeed restoreAnnotation restoreCustomer restoreInteraction restoreNeed unlinkEvidence',
    ),
    // Edits and merges (modules/*, modules/merge).
    ...all(
      'write',
      'dismissDuplicate mergeCustomers mergeNeeds unlinkNeed untag updateAnnotation updateInteraction updateSegment updateTopic',
    ),
    // Webhooks (modules/webhook).
    ...all('write', 'deleteWebhook pauseWebhook registerWebhook resumeWebhook rotateWebhookSecret updateWebhook'),
    // Saved views (modules/view).
    ...all('write', 'deleteSavedView saveView'),
  },
  Subscription: {
    customerHealthChanged: 'analytic',
    ...all('live', 'insightChanged interactionRecorded needRaised notificationReceived recordChanged webhookPaused'),
  },
  Customer: {
    ...all(
      'plain',
      'consent contacts costToServe createdAt email externalId heldNeeds id insights interactions kind lifecycleStage lifetimeValue name needs organization owners phone ' +
        'profitability referredBy relationshipType revenue segment updatedAt history mergedExternalIds mergedIds version interactionCount needCount insightCount',
    ),
    ...all('analytic', 'experienceGap health knownBy recommendedInsights similarCustomers valueQuadrant'),
    // When the customer was last contacted: a fact of their interactions, which plain reads show.
    lastContactAt: 'plain',
    // The stored health snapshot (analytics/health-snapshot.ts): computed and stored only with consent, so null
    // for X by construction (checked below, "has no stored health"); a stored property, with nothing to price.
    ...all('plain', 'healthScore healthStatus healthAsOf'),
  },
  Employee: all(
    'plain',
    'accessRoles accounts createdAt email externalId id insights interactions name role team tokensRevokedAt updatedAt can accountCount interactionCount',
  ),
  Interaction: all(
    'plain',
    'history version channel content createdAt customer direction expectedQuality externalId handler id insights needs occurredAt perceivedQuality qualityGap sentiment summary topics touchpoint',
  ),
  Need: all(
    'plain',
    'history mergedIds version createdAt customers description externalId id insights interactions kind priority status title topics updatedAt customerCount interactionCount',
  ),
  Insight: all(
    'plain',
    'annotations author body confidence createdAt evidence externalId followedByMe history id learnedBy mentions origin revisers status subjects supersededBy supersedes title topics updatedAt validUntil version annotationCount',
  ),
  InsightVersion: all('plain', 'at body by change confidence current status title validUntil version'),
  Annotation: all('plain', 'author body createdAt history id insight kind mentions version'),
  // modules/inbox: the signed-in person's own queue; its lists are insights (any customer's, as `insights` is).
  Inbox: all('plain', 'awaitingReview challenges counts drafts followedChanges notifications'),
  InboxCounts: all('plain', 'awaitingReview challenges drafts followedChanges total unreadNotifications'),
  Notification: all('plain', 'actor annotation createdAt id insight kind readAt'),
  NotificationConnection: all('plain', 'edges pageInfo totalCount'),
  NotificationEdge: all('plain', 'cursor node'),
  NotificationReceivedEvent: all('plain', 'at cursor notification'),
  Segment: all('plain', 'createdAt customers description externalId history id insights name version'),
  Topic: all('plain', 'createdAt history id insights interactions name needs version'),
  HeldNeed: all('plain', 'intensity need since'),
  Consent: all('plain', 'analytics contact'),
  AuditEntry: all('plain', 'action actorId at code id outcome targetId'),
  ErasureReceipt: all('plain', 'changes customerId dryRun erasedAt id insightsArchived interactionsDeleted propertiesScrubbed'),
  ErasureChange: all('plain', 'after before kind mergedIntoId property recordId version'),
  InsightChange: all('plain', 'actor annotation at cursor insight kind'),
  InteractionRecordedEvent: all('plain', 'actor at cursor interaction'),
  NeedRaisedEvent: all('plain', 'actor at cursor customer need'),
  PageInfo: all('plain', 'endCursor hasNextPage hasPreviousPage startCursor'),
  // A person's saved views (modules/view): how they arranged a list, no customer data.
  SavedView: all('plain', 'createdAt filter id list name orderBy pageSize updatedAt'),
  SavedViewFilter: all('plain', 'hasNeedId lifecycleStages nameContains ownerId relationshipTypes segmentId'),
  SavedViewOrder: all('plain', 'direction field'),
  Deletion: all(
    'plain',
    'affected by cascaded cascadedCount deletedAt evidenceRemovedFrom id label reason recordId recordType restorableUntil',
  ),
  // What the caller may do (Employee.can): roles, not customer data.
  Permissions: all(
    'plain',
    'roles readPersonalData writeKnowledge reviewInsights mergeRecords restoreDeleted eraseCustomers manageEmployees manageWebhooks readAuditTrail runLearning',
  ),
  DeletedRecordRef: all('plain', 'recordId recordType'),
  DeletedRecordConnection: all('plain', 'edges pageInfo totalCount'),
  DeletedRecordEdge: all('plain', 'cursor node'),
  RecordChange: all('plain', 'at by changes id kind otherId reason recordId recordType version'),
  FieldChange: all('plain', 'after before field withheld'),
  RecordChangeConnection: all('plain', 'edges pageInfo totalCount'),
  RecordChangeEdge: all('plain', 'cursor node'),
  RecordChangedEvent: all('plain', 'actor at change cursor customerIds kind otherId recordId recordType'),
  // Webhooks (modules/webhook): ADMIN only, ids and delivery facts.
  Webhook: all(
    'plain',
    'consecutiveFailures createdAt createdBy deliveredCount deliveredThrough deliveries description failedAttempts filter id lastDeliveredAt pauseCause pausedAt pausedReason status updatedAt url version',
  ),
  WebhookConnection: all('plain', 'edges pageInfo totalCount'),
  WebhookEdge: all('plain', 'cursor node'),
  WebhookDelivery: all(
    'plain',
    'attempts createdAt deliveredAt durationMs error eventId eventType firstAttemptAt id lastAttemptAt nextAttemptAt responseBody responseStatus status',
  ),
  WebhookDeliveryConnection: all('plain', 'edges pageInfo totalCount'),
  WebhookDeliveryEdge: all('plain', 'cursor node'),
  WebhookFilter: all('plain', 'customerHealthChanged insightChanged interactionRecorded needRaised recordChanged'),
  InteractionRecordedFilter: all('plain', 'channels customerId employeeId'),
  InsightChangedFilter: all('plain', 'customerId kinds needId topic'),
  NeedRaisedFilter: all('plain', 'customerId'),
  CustomerHealthChangedFilter: all('plain', 'customerId direction threshold'),
  RecordChangedFilter: all('plain', 'customerId kinds recordId recordTypes'),
  RegisterWebhookPayload: all('plain', 'secret webhook'),
  RotateWebhookSecretPayload: all('plain', 'secret webhook'),
  DeleteWebhookPayload: all('plain', 'deliveriesDeleted id url'),
  WebhookPausedEvent: all('plain', 'actor at cause cursor reason webhook webhookId'),
  DuplicateCandidate: all('plain', 'customers reasons score'),
  DuplicateCandidateConnection: all('plain', 'edges pageInfo totalCount'),
  DuplicateCandidateEdge: all('plain', 'cursor node'),
  DismissedDuplicate: all('plain', 'customers dismissedAt dismissedBy'),
  ...Object.fromEntries(
    ['Annotation', 'AuditEntry', 'Customer', 'Employee', 'Insight', 'Interaction', 'Need', 'Segment', 'Topic'].flatMap((t) => [
      [`${t}Connection`, all('plain', 'edges pageInfo totalCount')],
      [`${t}Edge`, all('plain', 'cursor node')],
    ]),
  ),
  // What the analytic paths answer.
  AtRiskCustomer: all('result', 'customer explanation health'),
  CustomerHealth: all('result', 'asOf components score'),
  HealthComponent: all('result', 'description name points score value weight'),
  CustomerHealthChange: all('result', 'at cursor customer direction interaction previousScore score'),
  CustomerKnower: all('result', 'accountOwner employee insightCount interactionCount lastInteractionAt reason score'),
  ExperienceGap: all('result', 'averageExpectedQuality averagePerceivedQuality gap interactionCount'),
  Expert: all('result', 'accountCount customerCount employee insightCount interactionCount reason score'),
  NeedTrendReport: all('result', 'previousWindow trends window'),
  NeedTrend: all('result', 'customerCount growth interactionCount need previousCustomerCount'),
  TimeWindow: all('result', 'end start'),
  Portfolio: all(
    'result',
    'byLifecycleStage byRelationshipType byValueQuadrant customerCount customerEquity medianCostToServe medianRevenue topFifthCustomerCount topFifthProfitShare totalCostToServe totalProfit totalRevenue',
  ),
  LifecycleStageCount: all('result', 'customerCount stage'),
  RelationshipTypeCount: all('result', 'customerCount relationshipType'),
  QuadrantCount: all('result', 'customerCount quadrant'),
  RecommendedInsight: all('result', 'insight reason score viaCustomers viaNeeds'),
  SimilarCustomer: all('result', 'customer score sharedNeeds sharedTopics'),
  TouchpointExperience: all(
    'result',
    'averageExpectedQuality averagePerceivedQuality averageSentiment channel gap interactionCount qualityCount touchpoint',
  ),
  SearchHitConnection: all('result', 'edges pageInfo totalCount'),
  SearchHitEdge: all('result', 'cursor node'),
  SearchHit: all('result', 'item score snippet type'),
  LearningRun: all('result', 'asOf durationMs results'),
  MinerResult: all('result', 'created durationMs found keptAsReviewed miner unchanged updated'),
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
const now0 = Math.floor(Date.now() / 1000) * 1000;
/** `days` days (and an hour) before the world was built. */
const ago = (days: number) => new Date(now0 - days * DAY - HOUR).toISOString();
/** The learning run's moment, and days before it. */
const AS_OF = new Date('2003-06-01T00:00:00Z');
const before = (days: number) => new Date(AS_OF.getTime() - days * DAY).toISOString();

let s: TestServer;
let w: World;
let p: string;
let viewer: string;
let analyst: string;
let admin: string;
let schema: GraphQLSchema;

const cid = (key: string) => w.id('customer', key);
const nid = (key: string) => w.id('need', key);
const iid = (key: string) => w.id('insight', key);
const eid = (key: string) => w.id('employee', key);
const tid = (key: string) => w.id('topic', key);
const segment = () => w.id('segment', 'seg');

/** Keys of X's interactions and of the insights about X (filled while the world is built). */
const xInteractionKeys: string[] = [];
const xInsightKeys: string[] = [];
/** Ids of interactions with X recorded during the test. */
const xInteractionIds: string[] = [];
/** Key of A's interaction whose summary holds the search word. */
let aFollowUpKey = '';

beforeAll(async () => {
  // Needs held together count from 3 customers (of however many the shared test graph holds):
  // A, B and X hold the same needs, so counting X would make a pair.
  s = await startTestServer({ env: { LEARN_TOGETHER_MIN_CUSTOMERS: '3' } });
  schema = await buildRapportSchema();
  w = await buildWorld(s.graph, (world) => {
    const q = world.prefix;
    const k = (x: string) => `${q}-${x}`;
    world.data.employees.push({
      key: k('xena'),
      name: `${q} Xena Onlyx`,
      email: `${q}.xena@example.com`,
      team: 'Accounts',
      role: 'ACCOUNT_MANAGER',
      accessRoles: ['ANALYST'],
    });
    const customer = (key: string, over: Partial<SeedCustomer>): SeedCustomer => ({
      key: k(key),
      name: `${q} ${key}`,
      kind: 'ORGANIZATION',
      lifecycleStage: 'ACTIVE',
      relationshipType: 'TRANSACTIONAL',
      revenue: 0,
      costToServe: 0,
      lifetimeValue: 0,
      consentContact: true,
      consentAnalytics: true,
      ownerKeys: [],
      createdAt: '2002-01-01T00:00:00Z',
      ...over,
    });
    world.data.customers = [
      customer('x', {
        name: `${q} Zorblat Nocons`,
        email: `${q}zorblat@example.com`,
        segmentKey: k('seg'),
        lifecycleStage: 'AT_RISK',
        revenue: 9_000_000,
        costToServe: 1,
        lifetimeValue: 1e12,
        consentAnalytics: false,
        ownerKeys: [k('xena')],
      }),
      customer('a', { name: `${q} Anchor Consenting`, segmentKey: k('seg'), revenue: 1000, costToServe: 400, ownerKeys: [k('alice')] }),
      customer('b', { name: `${q} Beacon Consenting`, segmentKey: k('seg'), revenue: 3000, costToServe: 1000, ownerKeys: [k('bob')] }),
      customer('k1', {}),
      customer('k2', {}),
    ];
    const need = (key: string, title: string, holders: string[]): SeedNeed => ({
      key: k(key),
      title: `${q} ${title}`,
      description: '',
      kind: 'FUNCTIONAL',
      priority: 'MEDIUM',
      status: 'OPEN',
      customers: holders.map((h) => ({ customerKey: k(h), since: '2002-01-01T00:00:00Z', intensity: 0.5 })),
      topicNames: [],
      createdAt: '2002-01-01T00:00:00Z',
    });
    world.data.needs = [
      need('n1', 'Zorblat shared need', ['a', 'b', 'x']),
      need('nx', 'Zorblat private need', ['x']),
      need('norphan', 'Zorblat orphan need', []),
      need('na', 'Need alpha', ['a', 'b', 'x']),
      need('nb', 'Need bravo', ['a', 'b', 'x']),
      need('ne', 'Emerging need', []),
    ];
    let n = 0;
    const ix = (
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
      summary?: string,
    ): SeedInteraction => {
      const key = `${customerKey}-i${++n}`;
      if (customerKey === 'x') xInteractionKeys.push(key);
      return {
        key: k(key),
        externalId: `${q}-${key}`,
        customerKey: k(customerKey),
        handlerKey: k(handler),
        channel,
        touchpoint,
        direction: 'INBOUND',
        occurredAt: at,
        summary: summary ?? `${q} ${key}`,
        content: customerKey === 'x' ? `${q} Zorblat content` : '',
        sentiment,
        expectedQuality: expected,
        perceivedQuality: perceived,
        needKeys: needs.map(k),
        topicNames: topics.map(k),
      };
    };
    world.data.interactions = [
      // Now: X's at ONBOARDING through VIDEO_CALL, A's at SUPPORT through EMAIL, B's at BILLING through PHONE.
      ix('x', 'xena', ago(10), 'VIDEO_CALL', 'ONBOARDING', -0.5, 5, 2, ['n1', 'nx'], ['zt'], `${q} Zorblat call`),
      ix('x', 'xena', ago(20), 'VIDEO_CALL', 'ONBOARDING', -0.6, 5, 1, ['nx'], ['zt']),
      ix('a', 'alice', ago(5), 'EMAIL', 'SUPPORT', 0.4, 3, 4, ['n1'], ['zt'], `${q} Zorblat follow-up`),
      ix('a', 'alice', ago(30), 'EMAIL', 'SUPPORT', 0.2, 4, 4),
      ix('b', 'bob', ago(15), 'PHONE', 'BILLING', 0, 3, 3),
      // As of 2003-06-01. Sentiment decline: A (the control) and X, 0.8 in the year before, -0.8 in the last 90 days.
      ...[200, 250, 300].flatMap((d) => [
        ix('a', 'alice', before(d), 'EMAIL', 'SUPPORT', 0.8, 3, 3),
        ix('x', 'xena', before(d), 'EMAIL', 'SUPPORT', 0.8, 3, 3),
      ]),
      ...[5, 15, 25].flatMap((d) => [
        ix('a', 'alice', before(d), 'EMAIL', 'SUPPORT', -0.8, 3, 3),
        ix('x', 'xena', before(d), 'EMAIL', 'SUPPORT', -0.8, 3, 3),
      ]),
      // Emerging need: 4 customers with consent express it, and X: a fifth would reach the default 5.
      ...['a', 'b', 'k1', 'k2'].map((c) => ix(c, 'alice', before(10), 'EMAIL', 'SUPPORT', -0.8, 3, 3, ['ne'])),
      ix('x', 'xena', before(10), 'EMAIL', 'SUPPORT', -0.8, 3, 3, ['ne']),
      // Touchpoint gap: 20 of X's interactions, and nobody else's, at RENEWAL through VIDEO_CALL, expecting 5 and perceiving 1.
      ...Array.from({ length: 20 }, () => ix('x', 'xena', before(30), 'VIDEO_CALL', 'RENEWAL', -0.8, 5, 1)),
    ];
    aFollowUpKey = world.data.interactions.find((x) => x.summary === `${q} Zorblat follow-up`)!.key.slice(q.length + 1);
    const insight = (
      key: string,
      author: string,
      status: SeedInsight['status'],
      confidence: number,
      about: { customers?: string[]; needs?: string[] },
      title?: string,
    ) => {
      if (about.customers?.includes('x')) xInsightKeys.push(key);
      return fixtureInsight(world, key, {
        title: title ?? `${q} insight ${key}`,
        authorKey: k(author),
        status,
        confidence,
        aboutCustomerKeys: (about.customers ?? []).map(k),
        aboutNeedKeys: (about.needs ?? []).map(k),
        topicNames: [k('zt')],
      });
    };
    world.data.insights = [
      // The attack: a validated insight about X and a need A holds, read in A's recommendations.
      insight('ix1', 'bob', 'VALIDATED', 0.9, { customers: ['x'], needs: ['n1'] }, `${q} Zorblat validated about X`),
      insight('ibx', 'bob', 'VALIDATED', 0.9, { customers: ['b', 'x'] }),
      insight('iax', 'bob', 'PROPOSED', 0.9, { customers: ['a', 'x'] }, `${q} Zorblat mixed`),
      // What A may be recommended: about its need n1, about its similar customer B.
      insight('iok', 'carol', 'VALIDATED', 0.8, { needs: ['n1'] }),
      insight('ib', 'carol', 'VALIDATED', 0.6, { customers: ['b'] }),
    ];
  });
  p = w.prefix;
  viewer = await s.token(eid('vic'), [AccessRole.VIEWER]);
  analyst = await s.token(eid('alice'), [AccessRole.ANALYST]);
  admin = await s.token(eid('carol'), [AccessRole.ADMIN, AccessRole.ANALYST]);
  // The full-text indexes are eventually consistent.
  await s.cypher('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');
});
afterAll(() => s?.close());

/** What must never show in an analytic answer: X, its interactions, the insights about it, the need only it holds, the one who knows only X. */
function traces(): string[] {
  return [
    cid('x'),
    `${p} Zorblat Nocons`,
    `${p}zorblat@`,
    `${p} Zorblat content`,
    `${p} Zorblat call`,
    nid('nx'),
    `${p} Zorblat private need`,
    eid('xena'),
    `${p} Xena`,
    ...xInteractionKeys.map((key) => w.id('interaction', key)),
    ...xInteractionIds,
    ...xInsightKeys.map(iid),
    `${p} Zorblat validated about X`,
    `${p} Zorblat mixed`,
  ];
}

/** Every trace of X found in a value, as `path: trace`. */
function tracesIn(value: unknown): string[] {
  const found: string[] = [];
  const forbidden = traces();
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') for (const t of forbidden) if (v.includes(t)) found.push(`${path}: ${t}`);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}.${i}`));
    else if (v && typeof v === 'object') for (const [key, x] of Object.entries(v)) walk(x, path ? `${path}.${key}` : key);
  };
  walk(value, '');
  return found;
}

/** Sends a query (as a VIEWER unless told), expects no error and no trace of X, and returns the data. */
async function read(query: string, variables: Record<string, unknown> = {}, token = viewer): Promise<any> {
  const res = await s.gql(query, variables, token);
  expect(res.errors).toBeUndefined();
  expect(tracesIn(res.data)).toEqual([]);
  return res.data;
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One probe per analytic field: it puts X into that path and checks what comes out. */
const PROBES: Record<string, () => Promise<void>> = {
  'Query.search': async () => {
    const Q = `query($q: String!) { search(query: $q, first: 100) { totalCount edges { cursor node { type score snippet item {
      ... on Customer { id name } ... on Interaction { id summary } ... on Need { id title } ... on Insight { id title } } } } } }`;
    // The shared need, the need held by nobody and A's interaction: not X, its interaction, the need only it holds, the insights about it.
    const expected = [nid('n1'), nid('norphan'), w.id('interaction', aFollowUpKey)].sort(byId);
    for (const token of [viewer, analyst]) {
      const data = await read(Q, { q: `${p} Zorblat` }, token);
      expect(data.search.edges.map((e: any) => e.node.item.id).sort(byId)).toEqual(expected);
      expect(data.search.totalCount).toBe(3);
    }
    // Searched for by its own words and its email, X is nowhere.
    for (const q of [`${p} Nocons`, `${p}zorblat`, `${p} content`])
      expect((await read(Q, { q }, analyst)).search).toMatchObject({ totalCount: 0, edges: [] });
  },

  'Query.needTrends': async () => {
    const data = await read(
      `query($s: ID) { needTrends(segmentId: $s, first: 100) { window { start end } trends { need { id title } customerCount previousCustomerCount growth interactionCount } } }`,
      { s: segment() },
    );
    // n1: A (X's expression of it is not counted); nx, expressed by X alone, is not listed.
    expect(data.needTrends.trends).toEqual([
      {
        need: { id: nid('n1'), title: `${p} Zorblat shared need` },
        customerCount: 1,
        previousCustomerCount: 0,
        growth: null,
        interactionCount: 1,
      },
    ]);
  },

  'Query.expertsOn': async () => {
    const Q = `query($t: ID, $n: ID) { expertsOn(topicId: $t, needId: $n, first: 100) { employee { id } score interactionCount customerCount insightCount accountCount reason } }`;
    // The topic: A's interaction by alice and carol's two validated insights; X's interactions (xena) and bob's insights about X count for nothing.
    const topic = (await read(Q, { t: tid('zt') })).expertsOn;
    expect(topic.map((e: any) => [e.employee.id, e.interactionCount, e.insightCount, e.accountCount])).toEqual([
      [eid('carol'), 0, 2, 0],
      [eid('alice'), 1, 0, 0],
    ]);
    // Need n1: carol's insight (3), alice's interaction and account (2), bob's account B (1); not xena (X's owner and handler), not bob's insight about X.
    expect(
      (await read(Q, { n: nid('n1') })).expertsOn.map((e: any) => [
        e.employee.id,
        e.score,
        e.interactionCount,
        e.insightCount,
        e.accountCount,
      ]),
    ).toEqual([
      [eid('carol'), 3, 0, 1, 0],
      [eid('alice'), 2, 1, 0, 1],
      [eid('bob'), 1, 0, 0, 1],
    ]);
    // The need only X holds: nobody.
    expect((await read(Q, { n: nid('nx') })).expertsOn).toEqual([]);
  },

  'Query.atRiskCustomers': async () => {
    // Below 101: every customer of the segment with consent, X (AT_RISK, with negative recent interactions) not among them.
    const data = await read(
      `query($s: ID) { atRiskCustomers(segmentId: $s, healthBelow: 101, first: 100) { customer { id name } health { score } explanation } }`,
      { s: segment() },
    );
    expect(data.atRiskCustomers.map((r: any) => r.customer.id).sort(byId)).toEqual([cid('a'), cid('b')].sort(byId));
  },

  'Query.portfolio': async () => {
    const Q = `query($s: ID) { portfolio(segmentId: $s) { customerCount customerEquity totalRevenue totalCostToServe totalProfit topFifthCustomerCount medianRevenue medianCostToServe
      byValueQuadrant { quadrant customerCount } byLifecycleStage { stage customerCount } byRelationshipType { relationshipType customerCount } } }`;
    const seg = (await read(Q, { s: segment() })).portfolio;
    // A and B only: X's 9,000,000 of revenue and its AT_RISK stage are not counted.
    expect(seg).toMatchObject({
      customerCount: 2,
      customerEquity: 0,
      totalRevenue: 4000,
      totalCostToServe: 1400,
      totalProfit: 2600,
      topFifthCustomerCount: 1,
    });
    expect(seg.byLifecycleStage.find((x: any) => x.stage === 'AT_RISK').customerCount).toBe(0);
    expect(seg.byValueQuadrant.reduce((n: number, x: any) => n + x.customerCount, 0)).toBe(2);
    // All customers: the count and the medians (the value quadrants' lines) are those of the customers with consent.
    const [facts] = await s.cypher(
      `MATCH (c:Customer) WHERE coalesce(c.consentAnalytics, false)
       RETURN count(c) AS n, percentileCont(c.revenue, 0.5) AS medianRevenue, percentileCont(c.costToServe, 0.5) AS medianCostToServe`,
    );
    const everyone = (await read(Q, { s: null })).portfolio;
    expect(everyone.customerCount).toBe(facts.n);
    expect(everyone.medianRevenue).toBeCloseTo(facts.medianRevenue, 6);
    expect(everyone.medianCostToServe).toBeCloseTo(facts.medianCostToServe, 6);
  },

  'Query.experienceByTouchpoint': async () => {
    const data = await read(
      `query($s: ID) { experienceByTouchpoint(segmentId: $s, channel: null) { touchpoint channel interactionCount averageSentiment qualityCount averageExpectedQuality averagePerceivedQuality gap } }`,
      { s: segment() },
    );
    // The last 90 days of the segment: A's and B's; X's two at ONBOARDING through VIDEO_CALL are not there.
    expect(data.experienceByTouchpoint).toEqual([
      {
        touchpoint: 'SUPPORT',
        channel: 'EMAIL',
        interactionCount: 2,
        averageSentiment: 0.3,
        qualityCount: 2,
        averageExpectedQuality: 3.5,
        averagePerceivedQuality: 4,
        gap: 0.5,
      },
      {
        touchpoint: 'BILLING',
        channel: 'PHONE',
        interactionCount: 1,
        averageSentiment: 0,
        qualityCount: 1,
        averageExpectedQuality: 3,
        averagePerceivedQuality: 3,
        gap: 0,
      },
    ]);
  },

  'Customer.health': async () => {
    const Q = `query($id: ID!) { customer(id: $id) { health { score components { name value } } } }`;
    expect((await read(Q, { id: cid('x') })).customer).toEqual({ health: null });
    expect((await read(Q, { id: cid('a') })).customer.health.score).toEqual(expect.any(Number));
  },

  'Customer.knownBy': async () => {
    const Q = `query($id: ID!) { customer(id: $id) { knownBy(first: 100) { employee { id } interactionCount accountOwner insightCount reason } } }`;
    expect((await read(Q, { id: cid('x') })).customer).toEqual({ knownBy: null });
    // A: alice (owner, handler). Not bob, whose only link to A is an insight also about X.
    expect((await read(Q, { id: cid('a') })).customer.knownBy.map((k: any) => [k.employee.id, k.accountOwner, k.insightCount])).toEqual([
      [eid('alice'), true, 0],
    ]);
  },

  'Customer.similarCustomers': async () => {
    const Q = `query($id: ID!) { customer(id: $id) { similarCustomers(first: 100) { customer { id name } score sharedNeeds { id title } sharedTopics { id name } } } }`;
    expect((await read(Q, { id: cid('x') })).customer).toEqual({ similarCustomers: null });
    // A shares n1, alpha and bravo with B and with X: only B. Shared 3 of A's 3 needs + 1 topic and B's 3 needs: 3 / 4.
    expect((await read(Q, { id: cid('a') })).customer.similarCustomers.map((x: any) => [x.customer.id, x.score])).toEqual([
      [cid('b'), 0.75],
    ]);
  },

  'Customer.recommendedInsights': async () => {
    const Q = `query($id: ID!) { customer(id: $id) { recommendedInsights(first: 100) { insight { id title } score reason viaNeeds { id } viaCustomers { id } } } }`;
    expect((await read(Q, { id: cid('x') })).customer).toEqual({ recommendedInsights: null });
    // Not the validated insight about X and n1 (the attack), nor the one about B and X.
    expect(
      (await read(Q, { id: cid('a') })).customer.recommendedInsights.map((r: any) => [
        r.insight.id,
        r.score,
        ids(r.viaNeeds),
        ids(r.viaCustomers),
      ]),
    ).toEqual([
      [iid('iok'), 0.8, [nid('n1')], []],
      [iid('ib'), 0.45, [], [cid('b')]],
    ]);
  },

  'Customer.experienceGap': async () => {
    const Q = `query($id: ID!) { customer(id: $id) { experienceGap { interactionCount averageExpectedQuality averagePerceivedQuality gap } } }`;
    expect((await read(Q, { id: cid('x') })).customer).toEqual({ experienceGap: null });
    expect((await read(Q, { id: cid('b') })).customer.experienceGap).toEqual({
      interactionCount: 2,
      averageExpectedQuality: 3,
      averagePerceivedQuality: 3,
      gap: 0,
    });
  },

  'Customer.valueQuadrant': async () => {
    const Q = `query($id: ID!) { customer(id: $id) { revenue costToServe valueQuadrant } }`;
    expect((await read(`query($id: ID!) { customer(id: $id) { valueQuadrant } }`, { id: cid('x') })).customer).toEqual({
      valueQuadrant: null,
    });
    const [m] = await s.cypher(
      `MATCH (c:Customer) WHERE coalesce(c.consentAnalytics, false) RETURN percentileCont(c.revenue, 0.5) AS r, percentileCont(c.costToServe, 0.5) AS k`,
    );
    for (const key of ['a', 'b']) {
      const c = (await read(Q, { id: cid(key) })).customer;
      expect(c.valueQuadrant).toBe(`${c.revenue >= m.r ? 'HIGH' : 'LOW'}_REVENUE_${c.costToServe >= m.k ? 'HIGH' : 'LOW'}_COST`);
    }
  },

  'Subscription.customerHealthChanged': async () => {
    // One subscription per threshold (1-100): any change of a score crosses one of them.
    const Q = `subscription($t: Int!) { customerHealthChanged(threshold: $t) { previousScore score direction customer { id name } interaction { id summary } } }`;
    const first = subscribe(s.wsUrl, `Bearer ${viewer}`, Q, { t: 1 });
    const events: any[] = first.events;
    for (let t = 2; t <= 100; t++) {
      first.client.subscribe(
        { query: Q, variables: { t } },
        { next: (e) => events.push(e), error: (e) => first.errors.push(e), complete: () => undefined },
      );
    }
    // A plain live event about X still arrives: interactionRecorded is what happened, not analytics.
    const recorded = subscribe(
      s.wsUrl,
      `Bearer ${viewer}`,
      `subscription($c: ID) { interactionRecorded(customerId: $c) { interaction { id customer { id } } } }`,
      { c: cid('x') },
    );
    const healthOfA = (await read(`query($id: ID!) { customer(id: $id) { health { score } } }`, { id: cid('a') })).customer.health.score;
    try {
      await new Promise((r) => setTimeout(r, 500)); // every subscription registered
      const RECORD = `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`;
      const input = (c: string) => ({
        customerId: cid(c),
        channel: 'CHAT',
        touchpoint: 'SUPPORT',
        direction: 'INBOUND',
        summary: `${p} angry call ${c}`,
        sentiment: -1,
      });
      // X first, then A: events are delivered in order, so once A's are in, X's would have been too.
      const x = await s.gql(RECORD, { input: input('x') }, analyst);
      expect(x.errors).toBeUndefined();
      xInteractionIds.push(x.data.recordInteraction.id);
      const a = await s.gql(RECORD, { input: input('a') }, analyst);
      expect(a.errors).toBeUndefined();
      await until(() => events.some((e) => e.data?.customerHealthChanged.customer.id === cid('a')), 10_000, "A's health change");
      await recorded.nth(1);
      expect(first.errors).toEqual([]);
      const after = (await read(`query($id: ID!) { customer(id: $id) { health { score } } }`, { id: cid('a') })).customer.health.score;
      expect(after).not.toBe(healthOfA);
      // A crossed every threshold between its two scores; X none.
      const low = Math.min(healthOfA, after);
      const high = Math.max(healthOfA, after);
      expect(events.map((e) => e.data.customerHealthChanged.customer.id)).toEqual(Array(high - low).fill(cid('a')));
      expect(tracesIn(events)).toEqual([]);
      expect(recorded.events.map((e) => e.data.interactionRecorded.interaction)).toEqual([
        { id: x.data.recordInteraction.id, customer: { id: cid('x') } },
      ]);
    } finally {
      await Promise.all([first.dispose(), recorded.dispose()]);
    }
  },

  'Mutation.runLearning': async () => {
    const insightChanged = (c: string): LiveSubscription =>
      subscribe(
        s.wsUrl,
        `Bearer ${viewer}`,
        `subscription($c: ID) { insightChanged(customerId: $c) { kind insight { id title learnedBy } } }`,
        { c },
      );
    const aboutX = insightChanged(cid('x'));
    const aboutA = insightChanged(cid('a'));
    try {
      await new Promise((r) => setTimeout(r, 300));
      const res = await s.gql(
        `mutation($input: RunLearningInput) { runLearning(input: $input) { asOf results { miner found created updated unchanged keptAsReviewed } } }`,
        { input: { asOf: AS_OF.toISOString() } },
        admin,
      );
      expect(res.errors).toBeUndefined();
      expect(tracesIn(res.data)).toEqual([]);
      expect(res.data.runLearning.results.map((r: any) => r.miner)).toEqual([
        'EMERGING_NEED',
        'NEEDS_TOGETHER',
        'SENTIMENT_DECLINE',
        'TOUCHPOINT_GAP',
        'SINGLE_THREADED_ACCOUNT',
      ]);
      // The control: A's sentiment decline is proposed (and announced), so the miners did run over this world.
      const proposal = await aboutA.nth(1);
      expect(proposal.data.insightChanged).toMatchObject({
        kind: 'PROPOSED',
        insight: { title: `Sentiment decline: ${p} Anchor Consenting`, learnedBy: 'SENTIMENT_DECLINE' },
      });
      // Nothing learned from X: no proposal about X, none evidenced by its interactions (the touchpoint gap X alone would make
      // would be), none about the needs that only X's data would make a pattern of.
      const INSIGHTS = `{ edges { node { id title learnedBy } } }`;
      const learned = (xs: { node: { learnedBy: string | null } }[]) => xs.filter((e) => e.node.learnedBy !== null);
      // (a plain read, which shows X and its interactions: no trace check on it)
      const plain = await s.gql(
        `query($id: ID!) { customer(id: $id) { insights(first: 100) ${INSIGHTS} interactions(first: 100) { edges { node { id insights(first: 100) ${INSIGHTS} } } } } }`,
        { id: cid('x') },
        analyst,
      );
      expect(plain.errors).toBeUndefined();
      expect(learned(plain.data.customer.insights.edges)).toEqual([]);
      expect(plain.data.customer.interactions.edges).toHaveLength(xInteractionKeys.length + xInteractionIds.length);
      expect(plain.data.customer.interactions.edges.flatMap((e: any) => learned(e.node.insights.edges))).toEqual([]);
      for (const key of ['ne', 'na', 'nb', 'n1', 'nx']) {
        const need = await s.gql(`query($id: ID!) { need(id: $id) { insights(first: 100) ${INSIGHTS} } }`, { id: nid(key) }, analyst);
        expect([key, learned(need.data.need.insights.edges)]).toEqual([key, []]);
      }
      expect(aboutX.events).toEqual([]);
      expect(aboutA.events).toHaveLength(1);
    } finally {
      await Promise.all([aboutX.dispose(), aboutA.dispose()]);
    }
  },
};

describe('the schema, classified', () => {
  const fieldsOf = () =>
    Object.values(schema.getTypeMap())
      .filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'))
      .flatMap((t) => Object.values(t.getFields()).map((f) => ({ type: t.name, field: f.name, returns: getNamedType(f.type).name })));

  it('classifies every field of every object type, and nothing else', () => {
    const inSchema = fieldsOf().map((f) => `${f.type}.${f.field}`);
    const classified = Object.entries(FIELDS).flatMap(([type, fields]) => Object.keys(fields).map((f) => `${type}.${f}`));
    // A field here is new: classify it in FIELDS (and probe it, if it is an analytic path).
    expect(inSchema.filter((f) => !classified.includes(f))).toEqual([]);
    // A field here is gone from the schema: remove it from FIELDS.
    expect(classified.filter((f) => !inSchema.includes(f))).toEqual([]);
  });

  it('has a probe for every analytic path, and reaches the answers of analytic paths only through them', () => {
    const analytic = Object.entries(FIELDS).flatMap(([type, fields]) =>
      Object.entries(fields)
        .filter(([, k]) => k === 'analytic')
        .map(([f]) => `${type}.${f}`),
    );
    expect(Object.keys(PROBES).sort()).toEqual(analytic.sort());
    // A type with `result` fields is what an analytic path answers: reached from a plain field, it would escape the probes.
    const resultTypes = new Set(
      Object.entries(FIELDS)
        .filter(([, fields]) => Object.values(fields).includes('result'))
        .map(([type]) => type),
    );
    for (const type of resultTypes) expect([type, Object.values(FIELDS[type]).every((k) => k === 'result')]).toEqual([type, true]);
    const escapes = fieldsOf().filter((f) => resultTypes.has(f.returns) && !['analytic', 'result'].includes(FIELDS[f.type]?.[f.field]));
    expect(escapes.map((f) => `${f.type}.${f.field}`)).toEqual([]);
  });

  it('prices every analytic path of Query and Customer by its measured time (ANALYTIC_FIELD_COSTS, checked by npm run bench:analytics)', () => {
    // (customerHealthChanged is computed in the writing transaction, not per subscriber; runLearning is an ADMIN's job.)
    const priced = Object.entries(FIELDS)
      .filter(([type]) => type === 'Query' || type === 'Customer')
      .flatMap(([type, fields]) =>
        Object.entries(fields)
          .filter(([, k]) => k === 'analytic')
          .map(([f]) => `${type}.${f}`),
      );
    expect(Object.keys(ANALYTIC_FIELD_COSTS).sort()).toEqual(priced.sort());
  });
});

describe('a customer without analytics consent', () => {
  it('has no stored health (score, status, when), but a last contact like anyone', async () => {
    const Q = `query($id: ID!) { customer(id: $id) { healthScore healthStatus healthAsOf lastContactAt } }`;
    const x = (await s.gql(Q, { id: cid('x') }, viewer)).data.customer;
    expect(x).toEqual({ healthScore: null, healthStatus: null, healthAsOf: null, lastContactAt: expect.any(String) });
    const a = (await s.gql(Q, { id: cid('a') }, viewer)).data.customer;
    expect(a).toEqual({
      healthScore: expect.any(Number),
      healthStatus: expect.any(String),
      healthAsOf: expect.any(String),
      lastContactAt: expect.any(String),
    });
  });

  it('is still returned by the plain reads (consent is about analytics), with its consent', async () => {
    const res = await s.gql(
      `query($id: ID!, $name: String) { customer(id: $id) { id consent { analytics contact } }
        customers(filter: { nameContains: $name, analyticsConsent: false }) { edges { node { id } } } }`,
      { id: cid('x'), name: `${p} Zorblat` },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      customer: { id: cid('x'), consent: { analytics: false, contact: true } },
      customers: { edges: [{ node: { id: cid('x') } }] },
    });
  });

  // Query analytics first, the per-customer fields, then what writes (the live events, learning).
  for (const path of Object.keys(PROBES)) {
    it(`is left out of ${path}`, () => PROBES[path]());
  }
});
