import { AccessRole } from '../../src/graphql/access';
import type { SeedCustomer, SeedInteraction } from '../../seeds/types';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, fixtureInsight, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let analyst: string;
let viewer: string;
let p: string;

/** Long interaction content: the search word sits at character 120, after 20 × "lorem ". */
const longContent = (word: string) => `${'lorem '.repeat(20)}${word} ${'ipsum '.repeat(20)}`;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph, (world) => {
    const k = (x: string) => `${world.prefix}-${x}`;
    const q = world.prefix;
    const customer = (key: string, name: string, over: Partial<SeedCustomer> = {}): SeedCustomer => ({
      key: k(key),
      name,
      kind: 'ORGANIZATION',
      lifecycleStage: 'ACTIVE',
      relationshipType: 'TRANSACTIONAL',
      revenue: 1000,
      costToServe: 500,
      lifetimeValue: 5000,
      consentContact: true,
      consentAnalytics: true,
      ownerKeys: [],
      createdAt: '2025-01-01T00:00:00Z',
      ...over,
    });
    const interaction = (key: string, customerKey: string, summary: string, content: string): SeedInteraction => ({
      key: k(key),
      externalId: `${q}-${key}`,
      customerKey: k(customerKey),
      handlerKey: k('alice'),
      channel: 'MEETING',
      touchpoint: 'SUPPORT',
      direction: 'INBOUND',
      occurredAt: '2025-06-01T10:00:00Z',
      summary,
      content,
      sentiment: 0,
      expectedQuality: 3,
      perceivedQuality: 3,
      needKeys: [],
      topicNames: [],
    });
    world.data.customers.push(
      // Same length (3 words): "quay" twice ranks above "quay" once.
      customer('quay1', `${q} Quay Quay`),
      customer('quay2', `${q} Quay Depot`),
      customer('bakery', `${q} Depot Bakery`),
      customer('hidden', `${q} Quay Hidden`, { consentAnalytics: false }),
      customer('mailer', `${q} Mailer GmbH`, { email: `${q}mailbox@example.com` }),
    );
    world.data.interactions.push(
      interaction('visit', 'quay1', `${q} Quay visit`, `Walked the ${q}contentword yard.`),
      interaction('secret', 'hidden', `${q} Quay call`, 'Nothing to see.'),
      interaction('long', 'acme', 'Weekly check-in', longContent(`${q}longword`)),
    );
    world.data.needs.push(
      {
        key: k('berth'),
        title: `${q} Quay berth planning`,
        description: 'Berths are booked by phone.',
        kind: 'FUNCTIONAL',
        priority: 'LOW',
        status: 'OPEN',
        customers: [],
        topicNames: [],
        createdAt: '2025-01-01T00:00:00Z',
      },
      {
        key: k('alpha'),
        title: `${q}alpha berth`,
        description: 'No mention here.',
        kind: 'FUNCTIONAL',
        priority: 'LOW',
        status: 'OPEN',
        customers: [],
        topicNames: [],
        createdAt: '2025-01-01T00:00:00Z',
      },
      {
        key: k('title'),
        title: `${q} Other need`,
        description: `The title says ${q}alpha.`,
        kind: 'FUNCTIONAL',
        priority: 'LOW',
        status: 'OPEN',
        customers: [],
        topicNames: [],
        createdAt: '2025-01-01T00:00:00Z',
      },
    );
    world.data.insights.push(fixtureInsight(world, 'quayins', { title: `${q} Quay insight`, body: 'Berths matter.' }));
    // Consent beyond customers and interactions: what was learned about, and needed by, the hidden customer.
    const need = (key: string, holders: string[]) => ({
      key: k(key),
      title: `${q} Wharf need ${key}`,
      description: '',
      kind: 'FUNCTIONAL' as const,
      priority: 'LOW' as const,
      status: 'OPEN' as const,
      customers: holders.map((h) => ({ customerKey: k(h), since: '2025-01-01T00:00:00Z', intensity: 0.5 })),
      topicNames: [],
      createdAt: '2025-01-01T00:00:00Z',
    });
    world.data.needs.push(need('wharfprivate', ['hidden']), need('wharfshared', ['hidden', 'quay1']), need('wharfnobody', []));
    world.data.insights.push(
      fixtureInsight(world, 'wharfsecret', { title: `${q} Wharf insight secret`, aboutCustomerKeys: [k('hidden')] }),
      fixtureInsight(world, 'wharfmixed', { title: `${q} Wharf insight mixed`, aboutCustomerKeys: [k('acme'), k('hidden')] }),
      fixtureInsight(world, 'wharfopen', { title: `${q} Wharf insight open`, aboutCustomerKeys: [k('acme')] }),
      fixtureInsight(world, 'wharfneed', { title: `${q} Wharf insight need`, aboutCustomerKeys: [], aboutNeedKeys: [k('wharfprivate')] }),
    );
  });
  p = w.prefix;
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
  await s.cypher('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');
});
afterAll(() => s.close());

const SEARCH = `query($q: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(query: $q, types: $types, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        type score snippet
        item {
          __typename
          ... on Customer { id name }
          ... on Interaction { id summary }
          ... on Need { id title }
          ... on Insight { id title }
        }
      }
    }
  }
}`;

interface Hit {
  type: string;
  score: number;
  snippet: string;
  item: { __typename: string; id: string; name?: string; summary?: string; title?: string };
}

interface SearchResult {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: Hit }[];
  hits: Hit[];
}

async function search(
  q: string,
  vars: { types?: string[]; first?: number; after?: string | null } = {},
  token: string | null = analyst,
): Promise<SearchResult> {
  const res = await s.gql(SEARCH, { q, ...vars }, token);
  expect(res.errors).toBeUndefined();
  const conn = res.data.search;
  return { ...conn, hits: conn.edges.map((e: { node: Hit }) => e.node) };
}

const ids = (hits: Hit[]) => hits.map((h) => h.item.id);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('search: matching and ranking', () => {
  it('finds every kind of thing, each with its type, its own fields and a snippet of the matching text', async () => {
    const r = await search(`${p} quay`);
    expect(r.totalCount).toBe(5);
    const found = Object.fromEntries(
      r.hits.map((h) => [
        h.item.id,
        { type: h.type, typename: h.item.__typename, snippet: h.snippet, label: h.item.name ?? h.item.summary ?? h.item.title },
      ]),
    );
    expect(found).toEqual({
      [w.id('customer', 'quay1')]: { type: 'CUSTOMER', typename: 'Customer', snippet: `${p} Quay Quay`, label: `${p} Quay Quay` },
      [w.id('customer', 'quay2')]: { type: 'CUSTOMER', typename: 'Customer', snippet: `${p} Quay Depot`, label: `${p} Quay Depot` },
      [w.id('interaction', 'visit')]: {
        type: 'INTERACTION',
        typename: 'Interaction',
        snippet: `${p} Quay visit`,
        label: `${p} Quay visit`,
      },
      [w.id('need', 'berth')]: { type: 'NEED', typename: 'Need', snippet: `${p} Quay berth planning`, label: `${p} Quay berth planning` },
      [w.id('insight', 'quayins')]: { type: 'INSIGHT', typename: 'Insight', snippet: `${p} Quay insight`, label: `${p} Quay insight` },
    });
    // Best first: scores never increase, ties by id.
    for (let i = 1; i < r.hits.length; i++) {
      const [a, b] = [r.hits[i - 1], r.hits[i]];
      expect(a.score > b.score || (a.score === b.score && a.item.id < b.item.id)).toBe(true);
    }
    expect(r.hits.every((h: Hit) => h.score > 0)).toBe(true);
    // Same name length: the name with "quay" twice ranks above the one with it once.
    expect(ids(r.hits).indexOf(w.id('customer', 'quay1'))).toBeLessThan(ids(r.hits).indexOf(w.id('customer', 'quay2')));
  });

  it('requires every word: two words find only the item that contains both', async () => {
    const r = await search(`${p} quay depot`);
    expect(r.totalCount).toBe(1);
    expect(r.hits.map((h: Hit) => [h.item.id, h.snippet])).toEqual([[w.id('customer', 'quay2'), `${p} Quay Depot`]]);
    const other = await search(`${p} depot bakery`);
    expect(ids(other.hits)).toEqual([w.id('customer', 'bakery')]);
    const none = await search(`${p} quay bakery`);
    expect(none).toMatchObject({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('matches the last word as a prefix, whatever its case', async () => {
    // Equal names but for the second word: equal scores, so by id.
    const expected = [w.id('customer', 'quay2'), w.id('customer', 'bakery')].sort(byId);
    expect(ids((await search(`${p} dep`)).hits)).toEqual(expected);
    expect(ids((await search(`${p} DEP`)).hits)).toEqual(expected);
    expect(ids((await search(`${p} Depo`)).hits)).toEqual(expected);
    // Only the last word is a prefix.
    expect((await search(`${p} dep bakery`)).totalCount).toBe(0);
  });

  it('filters by type', async () => {
    const r = await search(`${p} quay`, { types: ['NEED', 'INSIGHT'] });
    expect(r.totalCount).toBe(2);
    expect(new Set(ids(r.hits))).toEqual(new Set([w.id('need', 'berth'), w.id('insight', 'quayins')]));
    const customers = await search(`${p} quay`, { types: ['CUSTOMER'] });
    expect(ids(customers.hits)).toEqual([w.id('customer', 'quay1'), w.id('customer', 'quay2')]);
    expect(customers.hits.map((h: Hit) => h.type)).toEqual(['CUSTOMER', 'CUSTOMER']);
    const interactions = await search(`${p} quay`, { types: ['INTERACTION', 'INTERACTION'] });
    expect(ids(interactions.hits)).toEqual([w.id('interaction', 'visit')]);
    // An empty list means all four.
    expect((await search(`${p} quay`, { types: [] })).totalCount).toBe(5);
  });

  it('scores and orders the same hits the same way with or without the type filter', async () => {
    const all = await search(`${p} quay`);
    const needs = await search(`${p} quay`, { types: ['NEED'] });
    expect(needs.hits[0].score).toBe(all.hits.find((h: Hit) => h.type === 'NEED')!.score);
  });
});

describe('search: items', () => {
  it('resolves the fields of each kind of item like anywhere else', async () => {
    const res = await s.gql(
      `query($q: String!) { search(query: $q) { edges { node { item {
        ... on Customer { name segment { name } owners { name } }
        ... on Interaction { summary customer { name } handler { name } }
        ... on Need { title needStatus: status }
        ... on Insight { title insightStatus: status author { name } }
      } } } } }`,
      { q: `${p} quay` },
      analyst,
    );
    expect(res.errors).toBeUndefined();
    const items = res.data.search.edges.map((e: { node: { item: unknown } }) => e.node.item);
    expect(items).toEqual(
      expect.arrayContaining([
        { name: `${p} Quay Quay`, segment: null, owners: [] },
        { summary: `${p} Quay visit`, customer: { name: `${p} Quay Quay` }, handler: { name: `${p} Alice Author` } },
        { title: `${p} Quay berth planning`, needStatus: 'OPEN' },
        { title: `${p} Quay insight`, insightStatus: 'PROPOSED', author: { name: `${p} Alice Author` } },
      ]),
    );
    expect(items).toHaveLength(5);
  });
});

describe('search: consent', () => {
  it('leaves out customers without analytics consent and interactions with them', async () => {
    expect((await search(`${p} hidden`)).totalCount).toBe(0);
    expect((await search(`${p} quay call`)).totalCount).toBe(0);
    const r = await search(`${p} quay`);
    expect(ids(r.hits)).not.toContain(w.id('customer', 'hidden'));
    expect(ids(r.hits)).not.toContain(w.id('interaction', 'secret'));
  });

  it('includes them as soon as consent is given, and leaves them out again when it is withdrawn', async () => {
    const set = (v: boolean) => s.cypher('MATCH (c:Customer {id: $id}) SET c.consentAnalytics = $v', { id: w.id('customer', 'hidden'), v });
    await set(true);
    try {
      const r = await search(`${p} quay`);
      expect(r.totalCount).toBe(7);
      expect(ids(r.hits)).toEqual(expect.arrayContaining([w.id('customer', 'hidden'), w.id('interaction', 'secret')]));
    } finally {
      await set(false);
    }
    expect((await search(`${p} quay`)).totalCount).toBe(5);
  });

  it('leaves out insights about any customer without consent, and needs that only such customers hold', async () => {
    const wharf = async () => (await search(`${p} wharf`)).hits.map((h) => `${h.type} ${h.item.title!.replace(`${p} Wharf `, '')}`).sort();
    expect(await wharf()).toEqual(['INSIGHT insight need', 'INSIGHT insight open', 'NEED need wharfnobody', 'NEED need wharfshared']);
    const set = (v: boolean) => s.cypher('MATCH (c:Customer {id: $id}) SET c.consentAnalytics = $v', { id: w.id('customer', 'hidden'), v });
    await set(true);
    try {
      expect(await wharf()).toEqual([
        'INSIGHT insight mixed',
        'INSIGHT insight need',
        'INSIGHT insight open',
        'INSIGHT insight secret',
        'NEED need wharfnobody',
        'NEED need wharfprivate',
        'NEED need wharfshared',
      ]);
    } finally {
      await set(false);
    }
  });
});

describe('search: snippets and personal data', () => {
  it('cuts the snippet from the email for an ANALYST; a VIEWER does not search email at all', async () => {
    const a = await search(`${p}mailbox`);
    expect(a.hits.map((h: Hit) => [h.item.id, h.snippet])).toEqual([[w.id('customer', 'mailer'), `${p}mailbox@example.com`]]);
    const v = await search(`${p}mailbox`, {}, viewer);
    expect([v.totalCount, v.hits]).toEqual([0, []]);
    // By name, the viewer finds the customer, with the name as the snippet.
    const byName = await search(`${p} Mailer`, {}, viewer);
    expect(byName.hits.map((h: Hit) => [h.item.id, h.snippet])).toEqual([[w.id('customer', 'mailer'), `${p} Mailer GmbH`]]);
  });

  it('cuts the snippet from the interaction content for an ANALYST; a VIEWER does not search content at all', async () => {
    const a = await search(`${p}contentword`);
    expect(a.hits.map((h: Hit) => [h.item.id, h.snippet])).toEqual([[w.id('interaction', 'visit'), `Walked the ${p}contentword yard.`]]);
    const v = await search(`${p}contentword`, {}, viewer);
    expect([v.totalCount, v.hits]).toEqual([0, []]);
  });

  it('cuts a long text around the word: 53 characters before it, 160 in all, with ellipses', async () => {
    const word = `${p}longword`; // 9 + 8 = 17 characters, at 120
    const r = await search(word);
    // start 120 - 53 = 67, end 227: "orem " + 8 × "lorem " (53), the word (17), " ", then 89 characters: 14 × "ipsum " + "ipsum"
    expect(r.hits.map((h: Hit) => [h.item.id, h.snippet])).toEqual([
      [w.id('interaction', 'long'), `…orem ${'lorem '.repeat(8)}${word} ${'ipsum '.repeat(14)}ipsum…`],
    ]);
    const v = await search(word, {}, viewer);
    expect([v.totalCount, v.hits]).toEqual([0, []]); // the word is in the content only
  });

  it('takes the first field that contains a word, else the first field', async () => {
    // The need matches on its description only ("title" and the alpha word are in it).
    const r = await search(`title:${p}alpha`);
    expect(r.hits.map((h: Hit) => [h.item.id, h.snippet])).toEqual([[w.id('need', 'title'), `The title says ${p}alpha.`]]);
  });
});

describe('search: pagination', () => {
  it('pages through all hits without overlap, with totalCount on every page', async () => {
    const all = await search(`${p} quay`, { first: 100 });
    expect(all.totalCount).toBe(5);
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });

    const pages: Hit[][] = [];
    const infos: unknown[] = [];
    let after: string | null | undefined;
    for (let i = 0; i < 4; i++) {
      const page = await search(`${p} quay`, { first: 2, after });
      expect(page.totalCount).toBe(5);
      pages.push(page.hits);
      infos.push({ next: page.pageInfo.hasNextPage, previous: page.pageInfo.hasPreviousPage, n: page.hits.length });
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(infos).toEqual([
      { next: true, previous: false, n: 2 },
      { next: true, previous: true, n: 2 },
      { next: false, previous: true, n: 1 },
    ]);
    expect(pages.flat().map((h) => h.item.id)).toEqual(ids(all.hits));
    expect(new Set(pages.flat().map((h) => h.item.id)).size).toBe(5);

    // After the last hit: an empty page.
    const last = await search(`${p} quay`, { first: 2, after: all.pageInfo.endCursor });
    expect(last).toMatchObject({
      totalCount: 5,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
    });
  });

  it('pages through hits of equal score by id', async () => {
    // Two customers with equal scores (see the prefix test): one per page, in id order.
    const expected = [w.id('customer', 'quay2'), w.id('customer', 'bakery')].sort(byId);
    const first = await search(`${p} dep`, { first: 1 });
    const second = await search(`${p} dep`, { first: 1, after: first.pageInfo.endCursor });
    expect(first.hits[0].score).toBe(second.hits[0].score);
    expect([...ids(first.hits), ...ids(second.hits)]).toEqual(expected);
    expect([first.pageInfo.hasNextPage, second.pageInfo.hasNextPage]).toEqual([true, false]);
  });

  it('continues after any edge cursor, and first: 0 only counts', async () => {
    const all = await search(`${p} quay`);
    const rest = await search(`${p} quay`, { after: all.edges[2].cursor });
    expect(ids(rest.hits)).toEqual(ids(all.hits).slice(3));
    const none = await search(`${p} quay`, { first: 0 });
    expect(none).toMatchObject({
      totalCount: 5,
      edges: [],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });
});

describe('search: hostile input', () => {
  const nothingSearchable = ['"', '(', '*', '\\', '~', '&&||!', '-', ':', '[]', '+-&|!(){}[]^"~*?:\\/'.repeat(10)];
  it.each(nothingSearchable)('%j returns an empty page, no error', async (q) => {
    const res = await s.gql(SEARCH, { q }, analyst);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.search).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  const anything = [
    'a AND',
    'title:x',
    '[a TO b]',
    'NOT',
    'a OR',
    'x~2',
    'a^2',
    'x*',
    '?x',
    '/re.*gex/',
    '{a TO z}',
    '@#$%,.;<>='.repeat(20),
    'a'.repeat(200),
    "' OR 1=1 --",
  ];
  it.each(anything)('%j returns normally', async (q) => {
    const res = await s.gql(SEARCH, { q, first: 1 }, analyst);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(typeof res.data.search.totalCount).toBe('number');
  });

  it('takes operators and syntax in the text as word breaks, never as query structure', async () => {
    const plain = ids((await search(`${p} quay`)).hits);
    for (const q of [
      `${p} quay"`,
      `"${p} quay`,
      `(${p} quay`,
      `${p} quay)`,
      `${p} quay*`,
      `${p} quay~`,
      `${p}\\ quay`,
      `+${p} +quay`,
      `${p} && quay ||`,
      `${p}:quay`,
      `${p} quay!`,
    ]) {
      expect([q, ids((await search(q)).hits)]).toEqual([q, plain]);
    }
    // "-depot" would exclude Quay Depot in Lucene; here it is one more required word.
    expect(ids((await search(`${p} quay -depot`)).hits)).toEqual([w.id('customer', 'quay2')]);
    // "OR" would widen the search; here it is the word "or", which no item has.
    expect((await search(`${p} quay OR bakery`)).totalCount).toBe(0);
    // "NOT depot" would exclude; here "not" is required.
    expect((await search(`${p} quay NOT depot`)).totalCount).toBe(0);
    // "title:" would search the title only; here "title" is required: the need with the word in its
    // title (and no "title") is not found, the one saying "title" in its description is.
    expect(ids((await search(`title:${p}alpha`)).hits)).toEqual([w.id('need', 'title')]);
    expect(ids((await search(`${p}alpha`)).hits).sort(byId)).toEqual([w.id('need', 'alpha'), w.id('need', 'title')].sort(byId));
  });
});

describe('search: errors', () => {
  const err = async (vars: Record<string, unknown>, token: string | null = analyst) => {
    const res = await s.gql(SEARCH, vars, token);
    expect(res.data?.search ?? null).toBeNull();
    return res.errors![0];
  };

  it('refuses an empty or blank query', async () => {
    expect(await err({ q: '' })).toMatchObject({
      message: 'Give at least one word to search for.',
      extensions: { code: 'BAD_USER_INPUT', field: 'query' },
    });
    expect(await err({ q: ' \t\n ' })).toMatchObject({
      message: 'Give at least one word to search for.',
      extensions: { code: 'BAD_USER_INPUT', field: 'query' },
    });
  });

  it('refuses a query over 200 characters, accepts 200', async () => {
    expect(await err({ q: 'a'.repeat(201) })).toMatchObject({
      message: 'The search text may have at most 200 characters; it has 201.',
      extensions: { code: 'BAD_USER_INPUT', field: 'query' },
    });
    expect(await err({ q: `${p} quay ${'x'.repeat(200)}` })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'query' } });
    expect((await search(`${p} quay`.padEnd(200, ' '))).totalCount).toBe(5);
    // Characters, not UTF-16 units: 120 emoji are 120 characters (240 units), 201 are too many.
    expect((await search(`${p} quay ${'🙂'.repeat(120)}`)).totalCount).toBe(0);
    expect(await err({ q: '🙂'.repeat(201) })).toMatchObject({ message: 'The search text may have at most 200 characters; it has 201.' });
  });

  it('refuses first above 100 or below 0', async () => {
    expect(await err({ q: `${p} quay`, first: 101 })).toMatchObject({
      message: '`first` must be between 0 and 100; got 101.',
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
    expect(await err({ q: `${p} quay`, first: -1 })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    expect((await search(`${p} quay`, { first: 100 })).totalCount).toBe(5);
  });

  it('refuses a forged cursor', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
    const forged = [
      'not-a-cursor',
      b64(['0.5', 'x', 'search']),
      b64([null, 'x', 'search']),
      b64([{ a: 1 }, 'x', 'search']),
      b64([1]),
      b64(['2025-01-01T00:00:00.000Z', 'id', 'search']),
      b64([1, 2, 'search']),
      b64([0.5, 'x']),
      b64([0.5, 'x', 'Customer.REVENUE.DESC']),
    ];
    for (const after of forged) {
      expect([after, await err({ q: `${p} quay`, after })]).toMatchObject([
        after,
        {
          message: 'The cursor given in `after` is not valid; use a cursor returned by this list, in the same order.',
          extensions: { code: 'BAD_USER_INPUT', field: 'after' },
        },
      ]);
    }
    // A real cursor of another list (customers by revenue) is refused too.
    const page = await s.gql(
      `{ customers(first: 1, orderBy: { field: REVENUE, direction: DESC }) { pageInfo { endCursor } } }`,
      {},
      analyst,
    );
    expect(await err({ q: `${p} quay`, after: page.data.customers.pageInfo.endCursor })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
    // A well-formed cursor with a made-up score is just a position in the list: hits scoring below it.
    const r = await search(`${p} quay`, { after: b64([0, 'zzz', 'search']) });
    expect(r.hits).toEqual([]);
  });

  it('needs a token', async () => {
    expect(await err({ q: `${p} quay` }, null)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
