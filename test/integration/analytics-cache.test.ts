import { AnalyticsCache } from '../../src/modules/analytics/analytics.cache';
import { Graph } from '../../src/db/graph';
import { appendEvents } from '../../src/realtime/event-log';
import { Topics } from '../../src/realtime/topics';
import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * The analytics cache: answers across customers are reused while the graph has not changed, and
 * forgotten on every write of this server and every live event (which other copies send too).
 */

describe('AnalyticsCache', () => {
  it('shares one computation per key while it is fresh, and computes again after clear()', async () => {
    const cache = new AnalyticsCache(60);
    let runs = 0;
    const compute = async () => ++runs;
    expect(await Promise.all([cache.get('k', compute), cache.get('k', compute)])).toEqual([1, 1]);
    expect(await cache.get('other', compute)).toBe(2);
    cache.clear();
    expect(await cache.get('k', compute)).toBe(3);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 3 });
  });

  it('does not remember a failure', async () => {
    const cache = new AnalyticsCache(60);
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });

  it('forgets an entry after its time, and caches nothing with 0 seconds', async () => {
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      const cache = new AnalyticsCache(30);
      let runs = 0;
      await cache.get('k', async () => ++runs);
      now.mockReturnValue(1_000_000 + 29_999);
      expect(await cache.get('k', async () => ++runs)).toBe(1);
      now.mockReturnValue(1_000_000 + 30_000);
      expect(await cache.get('k', async () => ++runs)).toBe(2);
      const off = new AnalyticsCache(0);
      expect([await off.get('k', async () => ++runs), await off.get('k', async () => ++runs)]).toEqual([3, 4]);
    } finally {
      now.mockRestore();
    }
  });
});

describe('the analytics cache in the server', () => {
  let s: TestServer;
  let w: World;
  let analyst: string;
  const PORTFOLIO = `query($seg: ID) { portfolio(segmentId: $seg) { customerCount } }`;
  const count = async () => (await s.gql(PORTFOLIO, { seg: w.id('segment', 'seg') }, analyst)).data.portfolio.customerCount;
  /** A write that bypasses this server (as another copy's would): straight through the driver. */
  const addBehindItsBack = async (key: string) => {
    const session = s.graph.driver.session();
    try {
      await session.run(
        `MATCH (g:Segment {id: $seg})
         CREATE (c:Customer {id: $id, name: $id, nameLower: $id, kind: 'PERSON', lifecycleStage: 'ACTIVE', relationshipType: 'TRANSACTIONAL',
                 revenue: 1.0, costToServe: 1.0, lifetimeValue: 1.0, consentAnalytics: true, createdAt: datetime(), updatedAt: datetime()})-[:IN_SEGMENT]->(g)`,
        { seg: w.id('segment', 'seg'), id: `${w.prefix}-${key}` },
      );
    } finally {
      await session.close();
    }
  };

  beforeAll(async () => {
    s = await startTestServer({ env: { ANALYTICS_CACHE_SECONDS: '600' } });
    w = await buildWorld(s.graph);
    analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  });
  afterAll(async () => {
    await s.cypher('MATCH (c:Customer) WHERE c.id STARTS WITH $p DETACH DELETE c', { p: `${w.prefix}-late` });
    await s.close();
  });

  it('answers from the cache until this server writes or an event arrives', async () => {
    // The world's segment holds acme and bolt; bolt gave no analytics consent.
    expect(await count()).toBe(1);
    await addBehindItsBack('late1');
    expect(await count()).toBe(1); // cached: the write did not go through this server
    // A write of this server (any transaction) clears it.
    await s.cypher('MATCH (c:Customer {id: $id}) SET c.updatedAt = datetime()', { id: w.id('customer', 'acme') });
    expect(await count()).toBe(2);
    await addBehindItsBack('late2');
    expect(await count()).toBe(2);
    // A live event another copy logged clears it too, once this server's relay reads it.
    const otherCopy = new Graph(s.graph.driver, s.graph.database);
    await otherCopy.writeTx((tx) =>
      appendEvents(tx, [{ topic: Topics.NEED_RAISED, payload: JSON.stringify({ needId: 'x', customerId: 'x', actorId: 'x', at: '' }) }]),
    );
    expect(await count()).toBe(2);
    await s.events.poll();
    expect(await count()).toBe(3);
  });
});
