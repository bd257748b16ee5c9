import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, fixtureInsight, type World } from '../helpers/world';
import { AccessRole } from '../../src/graphql/access';
import { seedId } from '../../seeds/load';

let s: TestServer;
let w: World;
let P: string;
let alice: string;
let bob: string;
let carolAdmin: string;
let vic: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph, (w) => {
    const k = (x: string) => `${w.prefix}-${x}`;
    const conn = `${w.prefix}-conn`;
    w.data.needs.push(
      {
        key: k('untagged'),
        title: `${w.prefix} Untagged need`,
        description: 'No topics yet.',
        kind: 'EMOTIONAL',
        priority: 'LOW',
        status: 'OPEN',
        customers: [{ customerKey: k('bolt'), since: '2025-05-01T00:00:00Z', intensity: 0.3 }],
        topicNames: [],
        createdAt: '2025-05-01T00:00:00Z',
      },
      {
        key: k('cneed'),
        title: `${w.prefix} Connected need`,
        description: 'Carries the conn topic.',
        kind: 'SOCIAL',
        priority: 'MEDIUM',
        status: 'OPEN',
        customers: [{ customerKey: k('acme'), since: '2025-05-02T00:00:00Z', intensity: 0.6 }],
        topicNames: [conn],
        createdAt: '2025-05-02T00:00:00Z',
      },
      {
        key: k('zzneed'),
        title: `${w.prefix} Taxonomy need`,
        description: 'Carries the zz topics.',
        kind: 'FUNCTIONAL',
        priority: 'LOW',
        status: 'OPEN',
        customers: [],
        topicNames: [`${w.prefix}-zz-gamma`, `${w.prefix}-zz-alpha`, `${w.prefix}-zz-beta`],
        createdAt: '2025-05-03T00:00:00Z',
      },
    );
    w.data.interactions.push(
      {
        key: k('ci3'),
        externalId: `${w.prefix}-crm-3`,
        customerKey: k('bolt'),
        handlerKey: k('bob'),
        channel: 'CHAT',
        touchpoint: 'PRODUCT',
        direction: 'INBOUND',
        occurredAt: '2025-07-01T09:00:00Z',
        summary: 'Chat about sharing routes',
        content: 'Wants to share routes.',
        sentiment: 0.2,
        expectedQuality: 3,
        perceivedQuality: 4,
        needKeys: [],
        topicNames: [conn],
      },
      {
        key: k('ci4'),
        externalId: `${w.prefix}-crm-4`,
        customerKey: k('acme'),
        handlerKey: k('alice'),
        channel: 'MEETING',
        touchpoint: 'RENEWAL',
        direction: 'OUTBOUND',
        occurredAt: '2025-07-05T09:00:00Z',
        summary: 'Renewal meeting',
        content: 'Renewal talk.',
        sentiment: 0.5,
        expectedQuality: 4,
        perceivedQuality: 4,
        needKeys: [],
        topicNames: [conn],
      },
    );
    w.data.insights.push(
      fixtureInsight(w, 'ann1'),
      fixtureInsight(w, 'ann2'),
      fixtureInsight(w, 'tagins', { title: `${w.prefix} Taggable insight` }),
      fixtureInsight(w, 'c1', { title: `${w.prefix} Conn proposed`, topicNames: [conn], createdAt: '2025-08-01T00:00:00Z' }),
      fixtureInsight(w, 'c2', {
        title: `${w.prefix} Conn validated`,
        status: 'VALIDATED',
        version: 2,
        authorKey: k('bob'),
        topicNames: [conn],
        createdAt: '2025-08-02T00:00:00Z',
      }),
    );
  });
  P = w.prefix;
  alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  bob = await s.token(w.id('employee', 'bob'), [AccessRole.ANALYST]);
  carolAdmin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
  vic = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
});
afterAll(() => s.close());

const ANNOTATE = `mutation($input: AnnotateInsightInput!) {
  annotateInsight(input: $input) { id kind body createdAt author { id name } insight { id title } }
}`;

const ANNOTATIONS = `query($id: ID!, $filter: AnnotationFilter, $first: Int! = 20, $after: String) {
  insight(id: $id) {
    annotations(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { node { kind body author { name } } }
    }
  }
}`;

const TAG = `mutation($input: TagInput!) {
  tag(input: $input) {
    __typename
    ... on Interaction { id summary topics { name } }
    ... on Need { id title topics { name } }
    ... on Insight { id title status version topics { name } }
  }
}`;

async function annotationsOn(insightId: string) {
  return s.cypher(
    `MATCH (e:Employee)-[:WROTE]->(a:Annotation)-[:ON]->(:Insight {id: $insightId})
     RETURN a.id AS id, a.kind AS kind, a.body AS body, e.id AS author ORDER BY a.createdAt`,
    { insightId },
  );
}

async function annotationCount(): Promise<number> {
  return (await s.cypher('MATCH (a:Annotation) RETURN count(a) AS n'))[0].n;
}

async function topicsOf(id: string): Promise<string[]> {
  const rows = await s.cypher('MATCH ({id: $id})-[r:TAGGED]->(t:Topic) RETURN t.name AS name, count(r) AS n ORDER BY name', { id });
  for (const r of rows) expect(r.n).toBe(1);
  return rows.map((r) => r.name);
}

async function topicNodes(names: string[]): Promise<Record<string, number>> {
  const rows = await s.cypher('UNWIND $names AS name OPTIONAL MATCH (t:Topic {name: name}) RETURN name, count(t) AS n', { names });
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

describe('annotateInsight', () => {
  it.each([
    ['COMMENT', 'bob', 'Seen this at two other customers.'],
    ['ENDORSEMENT', 'carol', 'Matches the renewal interviews.'],
    ['CHALLENGE', 'alice', 'Only one source so far; needs more evidence.'],
  ])('writes a %s by the caller (%s)', async (kind, who, body) => {
    const insightId = w.id('insight', 'ann1');
    const token = { bob, carol: carolAdmin, alice }[who]!;
    const before = Date.now();
    const res = await s.gql(ANNOTATE, { input: { insightId, kind, body } }, token);
    expect(res.errors).toBeUndefined();
    const a = res.data.annotateInsight;
    const names: Record<string, string> = { bob: `${P} Bob Reviewer`, carol: `${P} Carol Admin`, alice: `${P} Alice Author` };
    expect(a).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind,
      body,
      createdAt: expect.any(String),
      author: { id: w.id('employee', who), name: names[who] },
      insight: { id: insightId, title: `${P} fixture ann1` },
    });
    expect(new Date(a.createdAt).getTime()).toBeGreaterThanOrEqual(before - 5000);
    const rows = await s.cypher(
      'MATCH (e:Employee)-[:WROTE]->(a:Annotation {id: $id})-[:ON]->(i:Insight) RETURN e.id AS author, i.id AS insight, a.kind AS kind, a.body AS body',
      { id: a.id },
    );
    expect(rows).toEqual([{ author: w.id('employee', who), insight: insightId, kind, body }]);
  });

  it('lists annotations on an insight oldest first, with their authors, filtered and paginated', async () => {
    const insightId = w.id('insight', 'ins1');
    // ins1 already carries bob's seeded ENDORSEMENT of 2025-04-03.
    const c = await s.gql(ANNOTATE, { input: { insightId, kind: 'COMMENT', body: 'First new note.' } }, alice);
    expect(c.errors).toBeUndefined();
    const ch = await s.gql(ANNOTATE, { input: { insightId, kind: 'CHALLENGE', body: 'Second new note.' } }, carolAdmin);
    expect(ch.errors).toBeUndefined();

    const all = await s.gql(ANNOTATIONS, { id: insightId }, vic);
    expect(all.errors).toBeUndefined();
    expect(all.data.insight.annotations).toEqual({
      totalCount: 3,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: expect.any(String) },
      edges: [
        { node: { kind: 'ENDORSEMENT', body: 'Heard the same.', author: { name: `${P} Bob Reviewer` } } },
        { node: { kind: 'COMMENT', body: 'First new note.', author: { name: `${P} Alice Author` } } },
        { node: { kind: 'CHALLENGE', body: 'Second new note.', author: { name: `${P} Carol Admin` } } },
      ],
    });

    const kinds = await s.gql(ANNOTATIONS, { id: insightId, filter: { kinds: ['CHALLENGE', 'ENDORSEMENT'] } }, vic);
    expect(kinds.data.insight.annotations.edges.map((e: any) => e.node.body)).toEqual(['Heard the same.', 'Second new note.']);
    expect(kinds.data.insight.annotations.totalCount).toBe(2);
    const byAlice = await s.gql(ANNOTATIONS, { id: insightId, filter: { authorId: w.id('employee', 'alice') } }, vic);
    expect(byAlice.data.insight.annotations.edges.map((e: any) => e.node.body)).toEqual(['First new note.']);

    const p1 = await s.gql(ANNOTATIONS, { id: insightId, first: 2 }, vic);
    expect(p1.data.insight.annotations.edges.map((e: any) => e.node.body)).toEqual(['Heard the same.', 'First new note.']);
    expect(p1.data.insight.annotations.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await s.gql(ANNOTATIONS, { id: insightId, first: 2, after: p1.data.insight.annotations.pageInfo.endCursor }, vic);
    expect(p2.data.insight.annotations.edges.map((e: any) => e.node.body)).toEqual(['Second new note.']);
    expect(p2.data.insight.annotations.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(p2.data.insight.annotations.totalCount).toBe(3);

    expect((await annotationsOn(insightId)).map((r) => [r.kind, r.author])).toEqual([
      ['ENDORSEMENT', w.id('employee', 'bob')],
      ['COMMENT', w.id('employee', 'alice')],
      ['CHALLENGE', w.id('employee', 'carol')],
    ]);
    // Annotating is not a change of the insight itself.
    const ins = await s.cypher('MATCH (i:Insight {id: $id}) RETURN i.version AS version, i.status AS status', { id: insightId });
    expect(ins).toEqual([{ version: 1, status: 'PROPOSED' }]);
  });

  it('accepts a body of 5,000 characters and refuses 5,001 or none', async () => {
    const insightId = w.id('insight', 'ann2');
    const ok = await s.gql(ANNOTATE, { input: { insightId, kind: 'COMMENT', body: 'y'.repeat(5000) } }, bob);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.annotateInsight.body).toHaveLength(5000);
    const before = await annotationsOn(insightId);
    expect(before).toHaveLength(1);

    const long = await s.gql(ANNOTATE, { input: { insightId, kind: 'COMMENT', body: 'y'.repeat(5001) } }, bob);
    expect(long.data).toBeNull();
    expect(long.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'body',
      validationErrors: [{ field: 'body', message: 'body must be shorter than or equal to 5000 characters' }],
    });
    expect(long.errors?.[0].message).toBe('body: body must be shorter than or equal to 5000 characters');

    const empty = await s.gql(ANNOTATE, { input: { insightId, kind: 'COMMENT', body: '' } }, bob);
    expect(empty.data).toBeNull();
    expect(empty.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'body',
      validationErrors: [{ field: 'body', message: 'body must not be empty or only spaces' }],
    });

    const badKind = await s.gql(ANNOTATE, { input: { insightId, kind: 'PRAISE', body: 'x' } }, bob);
    expect(badKind.status).toBe(400);
    expect(badKind.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(await annotationsOn(insightId)).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown insight, FORBIDDEN for a VIEWER, UNAUTHENTICATED without a token', async () => {
    const count = await annotationCount();
    const missing = await s.gql(ANNOTATE, { input: { insightId: `${P}-nope`, kind: 'COMMENT', body: 'Hello?' } }, bob);
    expect(missing.data).toBeNull();
    expect(missing.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: `${P}-nope` });
    expect(missing.errors?.[0].message).toBe(`No insight has the id '${P}-nope'.`);

    // Another kind of node is not an insight.
    const customer = await s.gql(ANNOTATE, { input: { insightId: w.id('customer', 'acme'), kind: 'COMMENT', body: 'Hello?' } }, bob);
    expect(customer.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: w.id('customer', 'acme') });

    const insightId = w.id('insight', 'ann2');
    const viewer = await s.gql(ANNOTATE, { input: { insightId, kind: 'ENDORSEMENT', body: 'Nice.' } }, vic);
    expect(viewer.data).toBeNull();
    expect(viewer.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    expect(viewer.errors?.[0].message).toBe('This needs one of the roles ANALYST, ADMIN.');

    const anonymous = await s.gql(ANNOTATE, { input: { insightId, kind: 'ENDORSEMENT', body: 'Nice.' } });
    expect(anonymous.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });

    const ghost = await s.token(`${P}-removed-employee`, [AccessRole.ANALYST]);
    const removed = await s.gql(ANNOTATE, { input: { insightId, kind: 'ENDORSEMENT', body: 'Nice.' } }, ghost);
    expect(removed.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(removed.errors?.[0].message).toBe('The token names an employee who no longer exists; sign in again.');

    expect(await annotationCount()).toBe(count);
  });
});

describe('tag', () => {
  it('tags an interaction; names are trimmed, lower-cased and kept once', async () => {
    const id = w.id('interaction', 'i2');
    const res = await s.gql(
      TAG,
      { input: { targetId: id, topics: [`${P.toUpperCase()}-Billing`, ` ${P}-INVOICES `, `${P}-billing`] } },
      alice,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.tag).toEqual({
      __typename: 'Interaction',
      id,
      summary: 'Invoice sent',
      topics: [{ name: `${P}-billing` }, { name: `${P}-invoices` }],
    });
    expect(await topicsOf(id)).toEqual([`${P}-billing`, `${P}-invoices`]);
    expect(await topicNodes([`${P}-billing`, `${P}-invoices`])).toEqual({ [`${P}-billing`]: 1, [`${P}-invoices`]: 1 });

    // Tagging again with a topic it has and one it has not adds only the new one.
    const again = await s.gql(TAG, { input: { targetId: id, topics: [`${P}-Billing`, `${P}-dunning`] } }, bob);
    expect(again.errors).toBeUndefined();
    expect(again.data.tag.topics).toEqual([{ name: `${P}-billing` }, { name: `${P}-dunning` }, { name: `${P}-invoices` }]);
    expect(await topicsOf(id)).toEqual([`${P}-billing`, `${P}-dunning`, `${P}-invoices`]);
    expect(await topicNodes([`${P}-billing`])).toEqual({ [`${P}-billing`]: 1 });
  });

  it('tags a need, reusing a topic that exists', async () => {
    const id = w.id('need', 'untagged');
    const routing = await s.cypher('MATCH (t:Topic {name: $name}) RETURN t.id AS id', { name: `${P}-routing` });
    expect(routing).toEqual([{ id: seedId('topic', `${P}-routing`) }]);
    const res = await s.gql(TAG, { input: { targetId: id, topics: [`${P}-ROUTING`, `${P}-Peace-Of-Mind`] } }, carolAdmin);
    expect(res.errors).toBeUndefined();
    expect(res.data.tag).toEqual({
      __typename: 'Need',
      id,
      title: `${P} Untagged need`,
      topics: [{ name: `${P}-peace-of-mind` }, { name: `${P}-routing` }],
    });
    expect(await topicsOf(id)).toEqual([`${P}-peace-of-mind`, `${P}-routing`]);
    // The existing topic was reused, not copied.
    const after = await s.cypher('MATCH (t:Topic {name: $name}) RETURN t.id AS id', { name: `${P}-routing` });
    expect(after).toEqual(routing);
  });

  it('tags an insight', async () => {
    const id = w.id('insight', 'tagins');
    const res = await s.gql(TAG, { input: { targetId: id, topics: [`${P}-Churn`] } }, bob);
    expect(res.errors).toBeUndefined();
    expect(res.data.tag).toMatchObject({
      __typename: 'Insight',
      id,
      title: `${P} Taggable insight`,
      status: 'PROPOSED',
      topics: [{ name: `${P}-churn` }],
    });
    expect(await topicsOf(id)).toEqual([`${P}-churn`]);
    const viaQuery = await s.gql(`query($id: ID!) { insight(id: $id) { topics { name } } }`, { id }, vic);
    expect(viaQuery.data.insight.topics).toEqual([{ name: `${P}-churn` }]);
  });

  it('refuses to tag an ARCHIVED insight (CONFLICT), as for its evidence, and changes nothing', async () => {
    const proposed = await s.gql(
      `mutation($i: ProposeInsightInput!) { proposeInsight(input: $i) { id } }`,
      { i: { title: `${P} To archive`, body: 'b', origin: 'FROM_CUSTOMER', confidence: 0.5, customerIds: [w.id('customer', 'acme')] } },
      alice,
    );
    const id = proposed.data.proposeInsight.id;
    const archived = await s.gql(`mutation($i: ChangeInsightStatusInput!) { archiveInsight(input: $i) { status } }`, { i: { id } }, alice);
    expect(archived.data.archiveInsight.status).toBe('ARCHIVED');
    const res = await s.gql(TAG, { input: { targetId: id, topics: [`${P}-late`] } }, alice);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]).toMatchObject({
      message: 'Topics cannot be added to an ARCHIVED insight.',
      extensions: { code: 'CONFLICT', status: 'ARCHIVED' },
    });
    expect(await topicsOf(id)).toEqual([]);
    expect(await topicNodes([`${P}-late`])).toEqual({ [`${P}-late`]: 0 });
  });

  it('creates a new topic once when many callers tag with it at the same time', async () => {
    const name = `${P}-simultaneous`;
    const targets = [
      w.id('interaction', 'i1'),
      w.id('need', 'offline'),
      w.id('insight', 'ins1'),
      w.id('interaction', 'ci4'),
      w.id('need', 'zzneed'),
    ];
    const results = await Promise.all(
      targets.map((targetId, n) => s.gql(TAG, { input: { targetId, topics: [n % 2 ? name.toUpperCase() : name] } }, alice)),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(await topicNodes([name])).toEqual({ [name]: 1 });
    const tagged = await s.cypher('MATCH (x)-[:TAGGED]->(:Topic {name: $name}) RETURN x.id AS id ORDER BY id', { name });
    expect(tagged.map((r) => r.id)).toEqual([...targets].sort());
  });

  it('answers NOT_FOUND for an unknown target, or one that cannot carry topics', async () => {
    const name = `${P}-orphan`;
    const missing = await s.gql(TAG, { input: { targetId: `${P}-nope`, topics: [name] } }, alice);
    expect(missing.data).toBeNull();
    expect(missing.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: `${P}-nope` });
    expect(missing.errors?.[0].message).toBe(`No interaction, need or insight has the id '${P}-nope'.`);
    const customer = await s.gql(TAG, { input: { targetId: w.id('customer', 'acme'), topics: [name] } }, alice);
    expect(customer.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: w.id('customer', 'acme') });
    expect(await topicNodes([name])).toEqual({ [name]: 0 });
  });

  it('refuses an empty topic list, a topic of 61 characters, an empty name and a VIEWER', async () => {
    const id = w.id('interaction', 'ci3');
    const before = await topicsOf(id);
    expect(before).toEqual([`${P}-conn`]);

    const none = await s.gql(TAG, { input: { targetId: id, topics: [] } }, alice);
    expect(none.data).toBeNull();
    expect(none.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'topics',
      validationErrors: [{ field: 'topics', message: 'topics should not be empty' }],
    });

    const long = `${P}-${'l'.repeat(60 - P.length)}`;
    expect(long).toHaveLength(61);
    const tooLong = await s.gql(TAG, { input: { targetId: id, topics: [`${P}-fine`, long] } }, alice);
    expect(tooLong.data).toBeNull();
    expect(tooLong.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'topics',
      validationErrors: [{ field: 'topics', message: 'each value in topics must be shorter than or equal to 60 characters' }],
    });

    // 60 characters that become 120 once lower-cased ("İ" is two in lower case) would be stored over the limit.
    const dotted = await s.gql(TAG, { input: { targetId: id, topics: ['İ'.repeat(60)] } }, alice);
    expect(dotted.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'topics',
      validationErrors: [
        { field: 'topics', message: 'each value in topics must be at most 60 characters once lower-cased, as it is stored' },
      ],
    });

    const blank = await s.gql(TAG, { input: { targetId: id, topics: [''] } }, alice);
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'topics' });

    const viewer = await s.gql(TAG, { input: { targetId: id, topics: [`${P}-fine`] } }, vic);
    expect(viewer.data).toBeNull();
    expect(viewer.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    const anonymous = await s.gql(TAG, { input: { targetId: id, topics: [`${P}-fine`] } });
    expect(anonymous.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });

    expect(await topicsOf(id)).toEqual(before);
    expect(await topicNodes([`${P}-fine`, long.toLowerCase()])).toEqual({ [`${P}-fine`]: 0, [long.toLowerCase()]: 0 });

    // Exactly 60 characters is fine.
    const sixty = long.slice(0, 60);
    const ok = await s.gql(TAG, { input: { targetId: id, topics: [sixty] } }, alice);
    expect(ok.errors).toBeUndefined();
    expect(await topicsOf(id)).toEqual([`${P}-conn`, sixty].sort());
  });
});

describe('tag with blank names', () => {
  it('refuses a topic name of only spaces', async () => {
    // Names are trimmed; a blank one must be refused, not silently dropped.
    const id = w.id('interaction', 'ci4');
    const before = await topicsOf(id);
    const spaces = await s.gql(TAG, { input: { targetId: id, topics: ['   '] } }, alice);
    expect(spaces.data ?? null).toBeNull();
    expect(spaces.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'topics' });
    expect(await topicsOf(id)).toEqual(before);
  });
});

describe('topics', () => {
  const TOPICS = `query($f: TopicFilter, $first: Int! = 20, $after: String) {
    topics(filter: $f, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { node { id name createdAt } }
    }
  }`;

  it('lists the taxonomy by name, filtered by a case-insensitive part of the name, with cursors', async () => {
    const f = { nameContains: `${P.toUpperCase()}-ZZ` };
    const all = await s.gql(TOPICS, { f }, vic);
    expect(all.errors).toBeUndefined();
    const zz = (x: string) => `${P}-zz-${x}`;
    expect(all.data.topics).toEqual({
      totalCount: 3,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: expect.any(String) },
      edges: ['alpha', 'beta', 'gamma'].map((x) => ({
        node: { id: seedId('topic', zz(x)), name: zz(x), createdAt: '2024-11-01T09:00:00.000Z' },
      })),
    });

    const p1 = await s.gql(TOPICS, { f, first: 2 }, vic);
    expect(p1.data.topics.edges.map((e: any) => e.node.name)).toEqual([zz('alpha'), zz('beta')]);
    expect(p1.data.topics.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await s.gql(TOPICS, { f, first: 2, after: p1.data.topics.pageInfo.endCursor }, vic);
    expect(p2.data.topics.edges.map((e: any) => e.node.name)).toEqual([zz('gamma')]);
    expect(p2.data.topics.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const none = await s.gql(TOPICS, { f: { nameContains: `${P}-no-such-topic` } }, vic);
    expect(none.data.topics).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null },
      edges: [],
    });

    const anonymous = await s.gql(TOPICS, { f });
    expect(anonymous.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('shows a new topic made by tagging in the taxonomy', async () => {
    const res = await s.gql(TAG, { input: { targetId: w.id('need', 'cneed'), topics: [`${P}-Brand-New`] } }, bob);
    expect(res.errors).toBeUndefined();
    const list = await s.gql(TOPICS, { f: { nameContains: `${P}-brand` } }, vic);
    expect(list.data.topics.totalCount).toBe(1);
    const node = list.data.topics.edges[0].node;
    expect(node).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: `${P}-brand-new`, createdAt: expect.any(String) });
    expect(Math.abs(new Date(node.createdAt).getTime() - Date.now())).toBeLessThan(60_000);
    const rows = await s.cypher('MATCH (t:Topic {name: $name}) RETURN t.id AS id', { name: `${P}-brand-new` });
    expect(rows).toEqual([{ id: node.id }]);
  });

  it('connects a topic to its insights, needs and interactions', async () => {
    const Q = `query($f: TopicFilter, $insightFilter: InsightFilter) {
      topics(filter: $f) {
        edges { node {
          name
          insights(filter: $insightFilter) { totalCount edges { node { title status } } }
          needs { totalCount edges { node { title } } }
          interactions { totalCount edges { node { summary } } }
          pagedInteractions: interactions(first: 1, orderBy: { field: OCCURRED_AT, direction: ASC }) {
            pageInfo { hasNextPage } edges { node { summary } }
          }
        } }
      }
    }`;
    const res = await s.gql(Q, { f: { nameContains: `${P}-conn` } }, vic);
    expect(res.errors).toBeUndefined();
    expect(res.data.topics.edges).toEqual([
      {
        node: {
          name: `${P}-conn`,
          insights: {
            totalCount: 2,
            edges: [
              { node: { title: `${P} Conn validated`, status: 'VALIDATED' } },
              { node: { title: `${P} Conn proposed`, status: 'PROPOSED' } },
            ],
          },
          needs: { totalCount: 1, edges: [{ node: { title: `${P} Connected need` } }] },
          interactions: {
            totalCount: 2,
            edges: [{ node: { summary: 'Renewal meeting' } }, { node: { summary: 'Chat about sharing routes' } }],
          },
          pagedInteractions: { pageInfo: { hasNextPage: true }, edges: [{ node: { summary: 'Chat about sharing routes' } }] },
        },
      },
    ]);

    const validated = await s.gql(Q, { f: { nameContains: `${P}-conn` }, insightFilter: { statuses: ['VALIDATED'] } }, vic);
    expect(validated.data.topics.edges[0].node.insights).toEqual({
      totalCount: 1,
      edges: [{ node: { title: `${P} Conn validated`, status: 'VALIDATED' } }],
    });
  });
});
