import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, fixtureInsight, type World } from '../helpers/world';
import { AccessRole } from '../../src/graphql/access';

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
    // A customer only the query tests use, so that their lists are exactly known.
    w.data.customers.push({
      key: k('qco'),
      name: `${w.prefix} Query Co`,
      kind: 'ORGANIZATION',
      lifecycleStage: 'ACTIVE',
      relationshipType: 'TRANSACTIONAL',
      revenue: 1000,
      costToServe: 100,
      lifetimeValue: 5000,
      consentContact: true,
      consentAnalytics: true,
      ownerKeys: [],
      createdAt: '2025-01-01T00:00:00Z',
    });
    w.data.insights.push(
      // Workflow and revision fixtures, one per test so that tests do not depend on each other.
      fixtureInsight(w, 'old1', { version: 2 }),
      fixtureInsight(w, 'rev1'),
      fixtureInsight(w, 'rev2'),
      fixtureInsight(w, 'rev3'),
      fixtureInsight(w, 'rev4'),
      fixtureInsight(w, 'revval', { status: 'VALIDATED', version: 3 }),
      fixtureInsight(w, 'revref', { status: 'REFUTED', version: 4 }),
      fixtureInsight(w, 'revarch', { status: 'ARCHIVED', version: 5 }),
      fixtureInsight(w, 'draft1', { status: 'DRAFT' }),
      fixtureInsight(w, 'draft2', { status: 'DRAFT' }),
      fixtureInsight(w, 'draft3', { status: 'DRAFT' }),
      fixtureInsight(w, 'race1'),
      fixtureInsight(w, 'sup1'),
      fixtureInsight(w, 'sup2', { status: 'VALIDATED', version: 2 }),
      fixtureInsight(w, 'prop1'),
      fixtureInsight(w, 'prop2'),
      fixtureInsight(w, 'prop3'),
      fixtureInsight(w, 'prop4', { version: 2 }),
      fixtureInsight(w, 'val1', { status: 'VALIDATED', version: 2 }),
      fixtureInsight(w, 'arch1', { status: 'ARCHIVED', version: 3 }),
      fixtureInsight(w, 'ev1', { evidenceKeys: [k('i1')] }),
      fixtureInsight(w, 'ev2'),
      fixtureInsight(w, 'evarch', { status: 'ARCHIVED', version: 2 }),
      // Query fixtures: all about qco, each with its own status, origin, confidence, author and date.
      fixtureInsight(w, 'q1', {
        title: `${w.prefix} Q pricing pain`,
        status: 'PROPOSED',
        origin: 'FROM_CUSTOMER',
        confidence: 0.9,
        authorKey: k('alice'),
        aboutCustomerKeys: [k('qco')],
        aboutNeedKeys: [k('offline')],
        evidenceKeys: [k('i1')],
        topicNames: [`${w.prefix}-pricing`],
        createdAt: '2025-06-01T00:00:00Z',
      }),
      fixtureInsight(w, 'q2', {
        title: `${w.prefix} Q healthy account`,
        status: 'VALIDATED',
        origin: 'ABOUT_CUSTOMER',
        confidence: 0.4,
        authorKey: k('bob'),
        aboutCustomerKeys: [k('qco')],
        aboutSegmentKeys: [k('seg')],
        createdAt: '2025-06-02T00:00:00Z',
      }),
      fixtureInsight(w, 'q3', {
        title: `${w.prefix} Q pricing draft`,
        status: 'DRAFT',
        origin: 'FROM_CUSTOMER',
        confidence: 0.6,
        authorKey: k('bob'),
        aboutCustomerKeys: [k('qco')],
        topicNames: [`${w.prefix}-pricing`],
        createdAt: '2025-06-03T00:00:00Z',
      }),
      fixtureInsight(w, 'q4', {
        title: `${w.prefix} Q wrong guess`,
        status: 'REFUTED',
        origin: 'ABOUT_CUSTOMER',
        confidence: 0.2,
        authorKey: k('alice'),
        aboutCustomerKeys: [k('qco')],
        createdAt: '2025-06-04T00:00:00Z',
      }),
      fixtureInsight(w, 'q5', {
        title: `${w.prefix} Q old news`,
        status: 'ARCHIVED',
        origin: 'FROM_CUSTOMER',
        confidence: 0.75,
        authorKey: k('carol'),
        aboutCustomerKeys: [k('qco')],
        createdAt: '2025-06-05T00:00:00Z',
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

const INSIGHT_FIELDS = `
  id title body origin status confidence version validUntil
  author { id name }
  subjects {
    __typename
    ... on Customer { id name }
    ... on Need { id title }
    ... on Segment { id name }
  }
  evidence { id summary }
  topics { name }
  supersedes { id status version supersededBy { id } }
  supersededBy { id }
`;

const PROPOSE = `mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { ${INSIGHT_FIELDS} } }`;
const REVISE = `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { id title body confidence validUntil status version author { id } } }`;
const statusMutation = (name: string) =>
  `mutation($input: ChangeInsightStatusInput!) { ${name}(input: $input) { id status version author { id } } }`;
const SUBMIT = statusMutation('submitInsight');
const VALIDATE = statusMutation('validateInsight');
const REFUTE = statusMutation('refuteInsight');
const ARCHIVE = statusMutation('archiveInsight');
const LINK = `mutation($input: LinkEvidenceInput!) { linkEvidence(input: $input) { id evidence { id summary } } }`;

/** The stored state of an insight, as the graph holds it. */
async function stored(id: string) {
  const rows = await s.cypher(
    `MATCH (i:Insight {id: $id}) OPTIONAL MATCH (a:Employee)-[:AUTHORED]->(i)
     RETURN i.title AS title, i.body AS body, i.status AS status, i.version AS version, i.confidence AS confidence,
            i.updatedAt AS updatedAt, a.id AS authorId,
            COUNT { (i)<-[:ON]-(:Annotation) } AS annotations`,
    { id },
  );
  return rows[0] ?? null;
}

async function insightsTitled(title: string): Promise<number> {
  const rows = await s.cypher('MATCH (i:Insight {title: $title}) RETURN count(i) AS n', { title });
  return rows[0].n;
}

const sortById = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

function baseInput(title: string, over: Record<string, unknown> = {}) {
  return {
    title,
    body: 'Drivers in rural areas lose signal and cannot plan routes.',
    origin: 'FROM_CUSTOMER',
    confidence: 0.8,
    customerIds: [w.id('customer', 'acme')],
    ...over,
  };
}

describe('proposeInsight', () => {
  it('proposes an insight with subjects, evidence and topics, authored by the caller', async () => {
    const title = `${P} Rural drivers need offline routing`;
    const res = await s.gql(
      PROPOSE,
      {
        input: baseInput(`  ${title}  `, {
          customerIds: [w.id('customer', 'acme'), w.id('customer', 'acme')],
          needIds: [w.id('need', 'offline')],
          segmentIds: [w.id('segment', 'seg')],
          evidenceIds: [w.id('interaction', 'i2'), w.id('interaction', 'i1')],
          topics: [`${P.toUpperCase()}-Offline-MAPS`, ` ${P}-Rural `, `${P}-offline-maps`],
          validUntil: '2099-01-01T00:00:00.000Z',
        }),
      },
      alice,
    );
    expect(res.errors).toBeUndefined();
    const ins = res.data.proposeInsight;
    expect(ins.id).toMatch(/^[0-9a-f-]{36}$/);
    expect({ ...ins, subjects: sortById(ins.subjects) }).toEqual({
      id: ins.id,
      title,
      body: 'Drivers in rural areas lose signal and cannot plan routes.',
      origin: 'FROM_CUSTOMER',
      status: 'PROPOSED',
      confidence: 0.8,
      version: 1,
      validUntil: '2099-01-01T00:00:00.000Z',
      author: { id: w.id('employee', 'alice'), name: `${P} Alice Author` },
      subjects: sortById([
        { __typename: 'Customer', id: w.id('customer', 'acme'), name: `${P} Acme Freight` },
        { __typename: 'Need', id: w.id('need', 'offline'), title: 'Plan routes offline' },
        { __typename: 'Segment', id: w.id('segment', 'seg'), name: `${P} Logistics` },
      ]),
      evidence: [
        { id: w.id('interaction', 'i1'), summary: 'Offline routing request' },
        { id: w.id('interaction', 'i2'), summary: 'Invoice sent' },
      ],
      topics: [{ name: `${P}-offline-maps` }, { name: `${P}-rural` }],
      supersedes: null,
      supersededBy: null,
    });

    const graph = await s.cypher(
      `MATCH (a:Employee)-[:AUTHORED]->(i:Insight {id: $id})
       RETURN a.id AS author, i.status AS status, i.version AS version, i.title AS title,
              COUNT { (i)-[:ABOUT]->() } AS about, COUNT { (i)-[:EVIDENCED_BY]->() } AS evidence,
              [(i)-[:TAGGED]->(t:Topic) | t.name] AS topics`,
      { id: ins.id },
    );
    expect(graph).toHaveLength(1);
    expect({ ...graph[0], topics: [...graph[0].topics].sort() }).toEqual({
      author: w.id('employee', 'alice'),
      status: 'PROPOSED',
      version: 1,
      title,
      about: 3,
      evidence: 2,
      topics: [`${P}-offline-maps`, `${P}-rural`],
    });
    const topicNodes = await s.cypher('MATCH (t:Topic) WHERE t.name IN $names RETURN t.name AS name ORDER BY name', {
      names: [`${P}-offline-maps`, `${P}-rural`],
    });
    expect(topicNodes).toEqual([{ name: `${P}-offline-maps` }, { name: `${P}-rural` }]);
  });

  it('keeps it as a DRAFT with draft: true', async () => {
    const title = `${P} Draft idea`;
    const res = await s.gql(PROPOSE, { input: baseInput(title, { draft: true, origin: 'ABOUT_CUSTOMER' }) }, bob);
    expect(res.errors).toBeUndefined();
    expect(res.data.proposeInsight).toMatchObject({
      title,
      origin: 'ABOUT_CUSTOMER',
      status: 'DRAFT',
      version: 1,
      validUntil: null,
      author: { id: w.id('employee', 'bob') },
      evidence: [],
      topics: [],
    });
    expect(await stored(res.data.proposeInsight.id)).toMatchObject({ status: 'DRAFT', version: 1, authorId: w.id('employee', 'bob') });
  });

  it('supersedes an older insight, which is archived with its version bumped', async () => {
    const oldId = w.id('insight', 'old1');
    const title = `${P} Better statement`;
    const res = await s.gql(PROPOSE, { input: baseInput(title, { supersedesId: oldId }) }, alice);
    expect(res.errors).toBeUndefined();
    const ins = res.data.proposeInsight;
    expect(ins.supersedes).toEqual({ id: oldId, status: 'ARCHIVED', version: 3, supersededBy: { id: ins.id } });
    expect(ins.supersededBy).toBeNull();
    expect(await stored(oldId)).toMatchObject({ status: 'ARCHIVED', version: 3 });
    const rel = await s.cypher('MATCH (n:Insight {id: $id})-[r:SUPERSEDES]->(o:Insight) RETURN o.id AS old, count(r) AS n', { id: ins.id });
    expect(rel).toEqual([{ old: oldId, n: 1 }]);

    const old = await s.gql(
      `query($id: ID!) { insight(id: $id) { status version supersededBy { id title } supersedes { id } } }`,
      { id: oldId },
      vic,
    );
    expect(old.data.insight).toEqual({ status: 'ARCHIVED', version: 3, supersededBy: { id: ins.id, title }, supersedes: null });
  });

  it('lets an ADMIN supersede (and so archive) an insight of another author', async () => {
    const oldId = w.id('insight', 'sup2');
    const res = await s.gql(PROPOSE, { input: baseInput(`${P} Admin replacement`, { supersedesId: oldId }) }, carolAdmin);
    expect(res.errors).toBeUndefined();
    expect(res.data.proposeInsight).toMatchObject({
      author: { id: w.id('employee', 'carol') },
      supersedes: { id: oldId, status: 'ARCHIVED', version: 3 },
    });
    expect(await stored(oldId)).toMatchObject({ status: 'ARCHIVED', version: 3, authorId: w.id('employee', 'alice') });
  });

  it("refuses a non-author ANALYST superseding (and so archiving) somebody else's insight", async () => {
    // Superseding archives the old insight, and archiving is reserved to its author or an ADMIN.
    const oldId = w.id('insight', 'sup1');
    const before = await stored(oldId);
    const title = `${P} Hostile takeover`;
    const res = await s.gql(PROPOSE, { input: baseInput(title, { supersedesId: oldId, draft: true }) }, bob);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await stored(oldId)).toEqual(before);
    expect(before).toMatchObject({ status: 'PROPOSED', version: 1 });
    expect(await insightsTitled(title)).toBe(0);
  });
  it('refuses to supersede an insight twice: the newer one is to be superseded instead', async () => {
    const first = await s.gql(PROPOSE, { input: baseInput(`${P} Original view`) }, alice);
    const originalId = first.data.proposeInsight.id;
    const second = await s.gql(PROPOSE, { input: baseInput(`${P} Better view`, { supersedesId: originalId }) }, alice);
    expect(second.errors).toBeUndefined();
    const third = await s.gql(PROPOSE, { input: baseInput(`${P} Competing view`, { supersedesId: originalId }) }, alice);
    expect(third.errors?.[0]).toMatchObject({
      message: 'That insight has already been superseded; supersede the newer one instead.',
      extensions: { code: 'CONFLICT', supersededById: second.data.proposeInsight.id },
    });
    expect(await insightsTitled(`${P} Competing view`)).toBe(0);
  });
});

describe('proposeInsight refusals', () => {
  /** Sends a proposal that must be refused, and checks nothing with its title was written. */
  async function refused(title: string, input: Record<string, unknown>, token: string | null = alice) {
    const res = await s.gql(PROPOSE, { input }, token);
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(await insightsTitled(title)).toBe(0);
    expect(await insightsTitled(title.trim())).toBe(0);
    return res.errors![0];
  }

  it('refuses an insight about nothing', async () => {
    const title = `${P} About nothing`;
    const err = await refused(title, baseInput(title, { customerIds: [], needIds: [], segmentIds: [] }));
    expect(err.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'customerIds' });
    expect(err.message).toBe('An insight must be about at least one customer, need or segment.');
  });

  it.each([
    ['customerIds', 'customerIds', 'customer'],
    ['needIds', 'needIds', 'need'],
    ['segmentIds', 'segmentIds', 'segment'],
    ['evidenceIds', 'evidenceIds', 'interaction'],
  ])('refuses an unknown id in %s', async (key, field, what) => {
    const title = `${P} Unknown ${key}`;
    const missing = `${P}-no-such-${what}`;
    // A known id next to the unknown one: the whole proposal is refused, nothing half-written.
    const known: Record<string, string> = {
      customerIds: w.id('customer', 'acme'),
      needIds: w.id('need', 'offline'),
      segmentIds: w.id('segment', 'seg'),
      evidenceIds: w.id('interaction', 'i1'),
    };
    const err = await refused(title, baseInput(title, { [key]: [known[key], missing] }));
    expect(err.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(err.message).toBe(`No ${what} has the id '${missing}'.`);
  });

  it('refuses an unknown insight to supersede', async () => {
    const title = `${P} Supersedes a ghost`;
    const err = await refused(title, baseInput(title, { supersedesId: `${P}-ghost` }));
    expect(err.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'supersedesId' });
    expect(err.message).toBe(`No insight has the id '${P}-ghost'.`);
  });

  it('refuses a title longer than 200 characters', async () => {
    const title = `${P} ${'x'.repeat(201 - P.length - 1)}`;
    expect(title).toHaveLength(201);
    const err = await refused(title, baseInput(title));
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(err.extensions?.validationErrors).toEqual([
      { field: 'title', message: 'title must be shorter than or equal to 200 characters' },
    ]);
    expect(err.message).toBe('title: title must be shorter than or equal to 200 characters');

    const ok = `${P} ${'x'.repeat(200 - P.length - 1)}`;
    const accepted = await s.gql(PROPOSE, { input: baseInput(ok) }, alice);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.proposeInsight.title).toHaveLength(200);
  });

  it('refuses an empty title', async () => {
    const err = await refused('', baseInput(''));
    expect(err.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'title',
      validationErrors: [{ field: 'title', message: 'title must not be empty or only spaces' }],
    });
    expect(err.message).toBe('title: title must not be empty or only spaces');
  });

  it('refuses a title of only spaces (it would be stored empty)', async () => {
    const title = '    ';
    const res = await s.gql(PROPOSE, { input: baseInput(title, { body: `${P} whitespace title` }) }, alice);
    // It is trimmed before it is stored, so it must hold more than spaces.
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    const rows = await s.cypher('MATCH (i:Insight {body: $body}) RETURN count(i) AS n', { body: `${P} whitespace title` });
    expect(rows[0].n).toBe(0);
  });

  it('refuses a confidence above 1', async () => {
    const title = `${P} Overconfident`;
    const err = await refused(title, baseInput(title, { confidence: 1.5 }));
    expect(err.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'confidence',
      validationErrors: [{ field: 'confidence', message: 'confidence must not be greater than 1' }],
    });
  });

  it('refuses an origin that is not an InsightOrigin (GraphQL validation)', async () => {
    const title = `${P} Bad origin`;
    // As a variable: the variable cannot be coerced.
    const viaVariable = await s.gql(PROPOSE, { input: baseInput(title, { origin: 'FROM_MARS' }) }, alice);
    expect(viaVariable.status).toBe(400);
    expect(viaVariable.errors).toHaveLength(1);
    expect(viaVariable.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(viaVariable.errors![0].message).toContain('Value "FROM_MARS" does not exist in "InsightOrigin" enum.');
    // Inline in the document: the document does not validate against the schema.
    const inline = await s.gql(
      `mutation { proposeInsight(input: { title: "${title}", body: "b", origin: FROM_MARS, confidence: 0.5, customerIds: ["${w.id('customer', 'acme')}"] }) { id } }`,
      {},
      alice,
    );
    expect(inline.status).toBe(400);
    expect(inline.errors![0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(inline.errors![0].message).toContain('Value "FROM_MARS" does not exist in "InsightOrigin" enum.');
    expect(await insightsTitled(title)).toBe(0);
  });

  it('refuses a validUntil in the past', async () => {
    const title = `${P} Already stale`;
    const err = await refused(title, baseInput(title, { validUntil: '2020-01-01T00:00:00.000Z' }));
    expect(err.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'validUntil' });
    expect(err.message).toBe('validUntil must be in the future.');
  });

  it('needs a token', async () => {
    const title = `${P} Anonymous`;
    const err = await refused(title, baseInput(title), null);
    expect(err.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(err.message).toBe('Sign in first: send "Authorization: Bearer <token>".');
  });

  it('refuses a topic longer than 60 characters', async () => {
    const title = `${P} Long topic`;
    const err = await refused(title, baseInput(title, { topics: [`${P}-ok`, 'x'.repeat(61)] }));
    expect(err.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'topics',
      validationErrors: [{ field: 'topics', message: 'each value in topics must be shorter than or equal to 60 characters' }],
    });
    expect(await s.cypher('MATCH (t:Topic {name: $name}) RETURN t.id AS id', { name: `${P}-ok` })).toEqual([]);
  });

  it('refuses a token whose employee no longer exists', async () => {
    const title = `${P} Ghost writer`;
    const ghost = await s.token(`${P}-removed-employee`, [AccessRole.ANALYST]);
    const err = await refused(title, baseInput(title), ghost);
    expect(err.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(err.message).toBe('The token names an employee who no longer exists; sign in again.');
  });

  it('refuses a VIEWER', async () => {
    const title = `${P} Viewer writes`;
    const err = await refused(title, baseInput(title), vic);
    expect(err.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(err.message).toBe('This needs one of the roles ANALYST, ADMIN.');
  });
});

describe('reviseInsight', () => {
  it('writes a new version when expectedVersion is current, and refuses a stale one', async () => {
    const id = w.id('insight', 'rev1');
    const res = await s.gql(
      REVISE,
      {
        input: {
          id,
          expectedVersion: 1,
          title: `  ${P} revised title `,
          body: 'New body.',
          confidence: 0.95,
          validUntil: '2098-05-05T05:05:05.000Z',
        },
      },
      alice,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.reviseInsight).toEqual({
      id,
      title: `${P} revised title`,
      body: 'New body.',
      confidence: 0.95,
      validUntil: '2098-05-05T05:05:05.000Z',
      status: 'PROPOSED',
      version: 2,
      author: { id: w.id('employee', 'alice') },
    });
    const after = await stored(id);
    expect(after).toMatchObject({ title: `${P} revised title`, body: 'New body.', confidence: 0.95, status: 'PROPOSED', version: 2 });
    expect(after.updatedAt.getTime()).toBeGreaterThan(new Date('2025-06-01T00:00:00Z').getTime());

    // Somebody who read version 1 tries again: refused, nothing changes.
    const stale = await s.gql(REVISE, { input: { id, expectedVersion: 1, title: `${P} lost update` } }, alice);
    expect(stale.data).toBeNull();
    expect(stale.errors?.[0].extensions).toEqual({ code: 'CONFLICT', currentVersion: 2 });
    expect(stale.errors?.[0].message).toBe(
      'The insight changed since you read it (you have version 1, the current version is 2); reload it and try again.',
    );
    expect(await stored(id)).toEqual(after);
  });

  it('lets exactly one of two simultaneous revisions of the same version win', async () => {
    const id = w.id('insight', 'race1');
    const [a, b] = await Promise.all([
      s.gql(REVISE, { input: { id, expectedVersion: 1, title: `${P} race by alice` } }, alice),
      s.gql(REVISE, { input: { id, expectedVersion: 1, title: `${P} race by carol` } }, carolAdmin),
    ]);
    const winners = [a, b].filter((r) => !r.errors);
    const losers = [a, b].filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].data).toBeNull();
    expect(losers[0].errors?.[0].extensions).toEqual({ code: 'CONFLICT', currentVersion: 2 });
    const winner = winners[0].data.reviseInsight;
    expect(winner.version).toBe(2);
    expect(await stored(id)).toMatchObject({ title: winner.title, version: 2 });
  });

  it('changes only what is given', async () => {
    const id = w.id('insight', 'rev4');
    const res = await s.gql(REVISE, { input: { id, expectedVersion: 1, confidence: 0.1 } }, alice);
    expect(res.errors).toBeUndefined();
    expect(res.data.reviseInsight).toMatchObject({
      title: `${P} fixture rev4`,
      body: 'Body of rev4.',
      confidence: 0.1,
      version: 2,
      validUntil: null,
    });
    expect(await stored(id)).toMatchObject({ title: `${P} fixture rev4`, body: 'Body of rev4.', confidence: 0.1, version: 2 });
  });

  it('refuses a non-author ANALYST', async () => {
    const id = w.id('insight', 'rev2');
    const before = await stored(id);
    const res = await s.gql(REVISE, { input: { id, expectedVersion: 1, title: `${P} hijacked` } }, bob);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    expect(res.errors?.[0].message).toBe('Only the author of an insight or an ADMIN may revise it.');
    expect(await stored(id)).toEqual(before);
  });

  it('lets an ADMIN who is not the author revise; the author stays', async () => {
    const id = w.id('insight', 'rev3');
    const res = await s.gql(REVISE, { input: { id, expectedVersion: 1, body: 'Edited by an admin.' } }, carolAdmin);
    expect(res.errors).toBeUndefined();
    expect(res.data.reviseInsight).toMatchObject({
      body: 'Edited by an admin.',
      version: 2,
      status: 'PROPOSED',
      author: { id: w.id('employee', 'alice') },
    });
    expect(await stored(id)).toMatchObject({ body: 'Edited by an admin.', version: 2, authorId: w.id('employee', 'alice') });
  });

  it.each([
    ['revval', 'VALIDATED', 3],
    ['revref', 'REFUTED', 4],
  ])('sends a %s (%s) insight back to PROPOSED', async (key, status, version) => {
    const id = w.id('insight', key);
    expect(await stored(id)).toMatchObject({ status, version });
    const res = await s.gql(REVISE, { input: { id, expectedVersion: version, title: `${P} ${key} reworded` } }, alice);
    expect(res.errors).toBeUndefined();
    expect(res.data.reviseInsight).toMatchObject({ title: `${P} ${key} reworded`, status: 'PROPOSED', version: version + 1 });
    expect(await stored(id)).toMatchObject({ title: `${P} ${key} reworded`, status: 'PROPOSED', version: version + 1 });
  });

  it('refuses to revise an ARCHIVED insight', async () => {
    const id = w.id('insight', 'revarch');
    const before = await stored(id);
    const res = await s.gql(REVISE, { input: { id, expectedVersion: 5, title: `${P} necromancy` } }, alice);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toEqual({ code: 'CONFLICT', status: 'ARCHIVED' });
    expect(res.errors?.[0].message).toBe('An ARCHIVED insight cannot be revised; propose a new one that supersedes it.');
    expect(await stored(id)).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const res = await s.gql(REVISE, { input: { id: `${P}-nope`, expectedVersion: 1, title: 'x' } }, alice);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: `${P}-nope` });
    expect(res.errors?.[0].message).toBe(`No insight has the id '${P}-nope'.`);
  });

  it('refuses a revision without changes, and a validUntil in the past', async () => {
    const id = w.id('insight', 'rev2');
    const before = await stored(id);
    const none = await s.gql(REVISE, { input: { id, expectedVersion: 1 } }, alice);
    expect(none.data).toBeNull();
    expect(none.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input' });
    expect(none.errors?.[0].message).toBe('Give at least one of title, body, confidence or validUntil to revise.');
    const past = await s.gql(REVISE, { input: { id, expectedVersion: 1, validUntil: '2001-01-01T00:00:00Z' } }, alice);
    expect(past.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'validUntil' });
    const empty = await s.gql(REVISE, { input: { id, expectedVersion: 1, title: '' } }, alice);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(await stored(id)).toEqual(before);
  });
});

describe('review workflow', () => {
  it('lets the author submit a DRAFT (DRAFT -> PROPOSED), not another analyst', async () => {
    const id = w.id('insight', 'draft1');
    const other = await s.gql(SUBMIT, { input: { id } }, bob);
    expect(other.data).toBeNull();
    expect(other.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    expect(other.errors?.[0].message).toBe('Only the author of an insight or an ADMIN may move it to PROPOSED.');
    expect(await stored(id)).toMatchObject({ status: 'DRAFT', version: 1 });

    const res = await s.gql(SUBMIT, { input: { id, expectedVersion: 1 } }, alice);
    expect(res.errors).toBeUndefined();
    expect(res.data.submitInsight).toEqual({ id, status: 'PROPOSED', version: 2, author: { id: w.id('employee', 'alice') } });
    expect(await stored(id)).toMatchObject({ status: 'PROPOSED', version: 2, annotations: 0 });
  });

  it('lets an ADMIN submit a DRAFT of another author', async () => {
    const id = w.id('insight', 'draft3');
    const tooLong = await s.gql(SUBMIT, { input: { id, reason: 'r'.repeat(2001) } }, carolAdmin);
    expect(tooLong.data).toBeNull();
    expect(tooLong.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'reason',
      validationErrors: [{ field: 'reason', message: 'reason must be shorter than or equal to 2000 characters' }],
    });
    expect(await stored(id)).toMatchObject({ status: 'DRAFT', version: 1, annotations: 0 });

    const res = await s.gql(SUBMIT, { input: { id, reason: 'Ready for review.' } }, carolAdmin);
    expect(res.errors).toBeUndefined();
    expect(res.data.submitInsight).toEqual({ id, status: 'PROPOSED', version: 2, author: { id: w.id('employee', 'alice') } });
    expect(await stored(id)).toMatchObject({ status: 'PROPOSED', version: 2, annotations: 1 });
    const note = await s.cypher(
      'MATCH (e:Employee)-[:WROTE]->(a:Annotation)-[:ON]->(:Insight {id: $id}) RETURN e.id AS author, a.kind AS kind, a.body AS body',
      { id },
    );
    expect(note).toEqual([{ author: w.id('employee', 'carol'), kind: 'COMMENT', body: 'PROPOSED: Ready for review.' }]);
  });

  it('lets another analyst validate a PROPOSED insight, and then refute it', async () => {
    const id = w.id('insight', 'prop1');
    const res = await s.gql(VALIDATE, { input: { id, expectedVersion: 1 } }, bob);
    expect(res.errors).toBeUndefined();
    expect(res.data.validateInsight).toEqual({ id, status: 'VALIDATED', version: 2, author: { id: w.id('employee', 'alice') } });
    expect(await stored(id)).toMatchObject({ status: 'VALIDATED', version: 2 });

    const refuted = await s.gql(REFUTE, { input: { id, expectedVersion: 2 } }, carolAdmin);
    expect(refuted.errors).toBeUndefined();
    expect(refuted.data.refuteInsight).toMatchObject({ status: 'REFUTED', version: 3 });
    expect(await stored(id)).toMatchObject({ status: 'REFUTED', version: 3 });
  });

  it('refuses an ADMIN who revised an insight validating or refuting it (four eyes: they wrote part of it); another reviewer may', async () => {
    const proposed = await s.gql(
      PROPOSE,
      {
        input: {
          title: `${w.prefix} Revised by an admin`,
          body: 'b',
          origin: 'FROM_CUSTOMER',
          confidence: 0.5,
          customerIds: [w.id('customer', 'acme')],
        },
      },
      alice,
    );
    const id = proposed.data.proposeInsight.id;
    const REVISERS = `query($id: ID!) { insight(id: $id) { revisers { id } } }`;
    expect((await s.gql(REVISERS, { id }, bob)).data).toEqual({ insight: { revisers: [] } });
    const revised = await s.gql(REVISE, { input: { id, expectedVersion: 1, body: 'Rewritten by Carol.' } }, carolAdmin);
    expect(revised.data.reviseInsight).toMatchObject({ version: 2, status: 'PROPOSED' });
    const again = await s.gql(REVISE, { input: { id, expectedVersion: 2, confidence: 0.6 } }, carolAdmin);
    expect(again.errors).toBeUndefined();
    // The API says who may not review, so that a client need not find out by trying: Carol, once.
    expect((await s.gql(REVISERS, { id }, bob)).data).toEqual({ insight: { revisers: [{ id: w.id('employee', 'carol') }] } });
    const before = await stored(id);
    for (const [mutation, verb] of [
      [VALIDATE, 'validate'],
      [REFUTE, 'refute'],
    ]) {
      const res = await s.gql(mutation, { input: { id } }, carolAdmin);
      expect(res.errors?.[0]).toMatchObject({
        message: `Four eyes: you revised this insight, so you cannot ${verb} it; ask another reviewer.`,
        extensions: { code: 'FORBIDDEN' },
      });
    }
    expect(await stored(id)).toEqual(before);
    const bobs = await s.gql(VALIDATE, { input: { id } }, bob);
    expect(bobs.errors).toBeUndefined();
    expect(bobs.data.validateInsight).toMatchObject({ status: 'VALIDATED', version: 4 });
  });

  it('refuses the author validating or refuting their own insight (four eyes), even as ADMIN', async () => {
    const id = w.id('insight', 'prop2');
    const before = await stored(id);
    const validate = await s.gql(VALIDATE, { input: { id } }, alice);
    expect(validate.data).toBeNull();
    expect(validate.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    expect(validate.errors?.[0].message).toBe('Four eyes: the author cannot validate their own insight; ask another reviewer.');
    const refute = await s.gql(REFUTE, { input: { id } }, alice);
    expect(refute.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    expect(refute.errors?.[0].message).toBe('Four eyes: the author cannot refute their own insight; ask another reviewer.');
    const aliceAdmin = await s.token(w.id('employee', 'alice'), [AccessRole.ADMIN, AccessRole.ANALYST]);
    const asAdmin = await s.gql(VALIDATE, { input: { id } }, aliceAdmin);
    expect(asAdmin.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    expect(await stored(id)).toEqual(before);
  });

  it('refuses a move the workflow does not allow, naming the allowed ones', async () => {
    const id = w.id('insight', 'draft2');
    const before = await stored(id);
    const res = await s.gql(VALIDATE, { input: { id } }, bob);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toEqual({ code: 'CONFLICT', status: 'DRAFT' });
    expect(res.errors?.[0].message).toBe('An insight in status DRAFT cannot become VALIDATED; it can become PROPOSED or ARCHIVED.');
    const refuteDraft = await s.gql(REFUTE, { input: { id } }, bob);
    expect(refuteDraft.errors?.[0].message).toBe('An insight in status DRAFT cannot become REFUTED; it can become PROPOSED or ARCHIVED.');

    const validated = w.id('insight', 'val1');
    const again = await s.gql(VALIDATE, { input: { id: validated } }, bob);
    expect(again.errors?.[0].extensions).toEqual({ code: 'CONFLICT', status: 'VALIDATED' });
    expect(again.errors?.[0].message).toBe('An insight in status VALIDATED cannot become VALIDATED; it can become REFUTED or ARCHIVED.');
    const resubmit = await s.gql(SUBMIT, { input: { id: validated } }, alice);
    expect(resubmit.errors?.[0].extensions).toEqual({ code: 'CONFLICT', status: 'VALIDATED' });
    expect(await stored(id)).toEqual(before);
    expect(await stored(validated)).toMatchObject({ status: 'VALIDATED', version: 2 });
  });

  it('refutes a VALIDATED insight, with the reason kept as a COMMENT by the caller', async () => {
    const id = w.id('insight', 'val1');
    const res = await s.gql(REFUTE, { input: { id, expectedVersion: 2, reason: 'Churn data says otherwise.' } }, bob);
    expect(res.errors).toBeUndefined();
    expect(res.data.refuteInsight).toMatchObject({ status: 'REFUTED', version: 3 });
    expect(await stored(id)).toMatchObject({ status: 'REFUTED', version: 3, annotations: 1 });
    const notes = await s.gql(
      `query($id: ID!) { insight(id: $id) { annotations { totalCount edges { node { kind body author { id } insight { id } } } } } }`,
      { id },
      vic,
    );
    expect(notes.data.insight.annotations).toEqual({
      totalCount: 1,
      edges: [
        {
          node: { kind: 'COMMENT', body: 'REFUTED: Churn data says otherwise.', author: { id: w.id('employee', 'bob') }, insight: { id } },
        },
      ],
    });
    const rows = await s.cypher(
      'MATCH (e:Employee)-[:WROTE]->(a:Annotation)-[:ON]->(:Insight {id: $id}) RETURN e.id AS author, a.kind AS kind',
      { id },
    );
    expect(rows).toEqual([{ author: w.id('employee', 'bob'), kind: 'COMMENT' }]);
  });

  it('archives: by the author or an ADMIN only; ARCHIVED is final', async () => {
    const id = w.id('insight', 'prop3');
    const byOther = await s.gql(ARCHIVE, { input: { id } }, bob);
    expect(byOther.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    expect(byOther.errors?.[0].message).toBe('Only the author of an insight or an ADMIN may move it to ARCHIVED.');
    expect(await stored(id)).toMatchObject({ status: 'PROPOSED', version: 1 });

    const res = await s.gql(ARCHIVE, { input: { id, expectedVersion: 1, reason: 'Superseded by the Q3 study.' } }, alice);
    expect(res.errors).toBeUndefined();
    expect(res.data.archiveInsight).toMatchObject({ status: 'ARCHIVED', version: 2 });
    expect(await stored(id)).toMatchObject({ status: 'ARCHIVED', version: 2, annotations: 1 });
    const note = await s.cypher(
      'MATCH (e:Employee)-[:WROTE]->(a:Annotation)-[:ON]->(:Insight {id: $id}) RETURN e.id AS author, a.kind AS kind, a.body AS body',
      { id },
    );
    expect(note).toEqual([{ author: w.id('employee', 'alice'), kind: 'COMMENT', body: 'ARCHIVED: Superseded by the Q3 study.' }]);

    const arch = w.id('insight', 'arch1');
    const adminArchive = await s.gql(ARCHIVE, { input: { id: w.id('insight', 'prop4') } }, carolAdmin);
    expect(adminArchive.errors).toBeUndefined();
    expect(adminArchive.data.archiveInsight).toMatchObject({ status: 'ARCHIVED', version: 3 });

    const beforeArch = await stored(arch);
    for (const [mutation, token] of [
      [VALIDATE, bob],
      [REFUTE, bob],
      [SUBMIT, alice],
      [ARCHIVE, alice],
      [ARCHIVE, carolAdmin],
    ] as const) {
      const r = await s.gql(mutation, { input: { id: arch, reason: 'try' } }, token);
      expect(r.data).toBeNull();
      expect(r.errors?.[0].extensions).toEqual({ code: 'CONFLICT', status: 'ARCHIVED' });
      expect(r.errors?.[0].message).toMatch(/^An insight in status ARCHIVED cannot become [A-Z]+; it is final\.$/);
    }
    expect(await stored(arch)).toEqual(beforeArch);
    expect(beforeArch).toMatchObject({ status: 'ARCHIVED', version: 3, annotations: 0 });
  });

  it('refuses a stale expectedVersion, without writing the reason', async () => {
    const id = w.id('insight', 'prop2');
    const before = await stored(id);
    const res = await s.gql(VALIDATE, { input: { id, expectedVersion: 7, reason: 'Looks right.' } }, bob);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toEqual({ code: 'CONFLICT', currentVersion: 1 });
    expect(res.errors?.[0].message).toBe(
      'The insight changed since you read it (you have version 7, the current version is 1); reload it and try again.',
    );
    expect(await stored(id)).toEqual(before);
    expect(before).toMatchObject({ status: 'PROPOSED', version: 1, annotations: 0 });
  });

  it('answers NOT_FOUND for an unknown insight, FORBIDDEN for a VIEWER, UNAUTHENTICATED without a token', async () => {
    const missing = await s.gql(VALIDATE, { input: { id: `${P}-nope` } }, bob);
    expect(missing.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: `${P}-nope` });
    expect(missing.errors?.[0].message).toBe(`No insight has the id '${P}-nope'.`);
    const id = w.id('insight', 'prop2');
    const before = await stored(id);
    const viewer = await s.gql(VALIDATE, { input: { id } }, vic);
    expect(viewer.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    const anonymous = await s.gql(VALIDATE, { input: { id } });
    expect(anonymous.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(await stored(id)).toEqual(before);
  });
});

describe('linkEvidence', () => {
  const evidenceLinks = async (id: string) =>
    s.cypher('MATCH (:Insight {id: $id})-[r:EVIDENCED_BY]->(x:Interaction) RETURN x.id AS id, count(r) AS n ORDER BY id', { id });

  it('adds interactions as evidence, keeping existing links once', async () => {
    const id = w.id('insight', 'ev1');
    const i1 = w.id('interaction', 'i1');
    const i2 = w.id('interaction', 'i2');
    const res = await s.gql(LINK, { input: { insightId: id, interactionIds: [i2, i1, i2] } }, bob);
    expect(res.errors).toBeUndefined();
    expect(res.data.linkEvidence).toEqual({
      id,
      evidence: [
        { id: i1, summary: 'Offline routing request' },
        { id: i2, summary: 'Invoice sent' },
      ],
    });
    const expected = [
      { id: i1, n: 1 },
      { id: i2, n: 1 },
    ].sort((a, b) => a.id.localeCompare(b.id));
    expect(await evidenceLinks(id)).toEqual(expected);

    const again = await s.gql(LINK, { input: { insightId: id, interactionIds: [i1, i2] } }, alice);
    expect(again.errors).toBeUndefined();
    expect(again.data.linkEvidence.evidence).toHaveLength(2);
    expect(await evidenceLinks(id)).toEqual(expected);

    const byEvidence = await s.gql(
      `query($x: ID!, $c: ID!) { insights(filter: { evidenceInteractionId: $x, aboutCustomerId: $c, titleContains: "fixture ev" }) { edges { node { id } } } }`,
      { x: i2, c: w.id('customer', 'acme') },
      vic,
    );
    expect(byEvidence.data.insights.edges).toEqual([{ node: { id } }]);
  });

  it('refuses an unknown interaction, linking none of the given ones', async () => {
    const id = w.id('insight', 'ev2');
    const res = await s.gql(LINK, { input: { insightId: id, interactionIds: [w.id('interaction', 'i1'), `${P}-ghost-call`] } }, alice);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'interactionIds' });
    expect(res.errors?.[0].message).toBe(`No interaction has the id '${P}-ghost-call'.`);
    expect(await evidenceLinks(id)).toEqual([]);

    const none = await s.gql(LINK, { input: { insightId: id, interactionIds: [] } }, alice);
    expect(none.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'interactionIds' });
    expect(none.errors?.[0].message).toBe('Give at least one interaction id.');
    expect(await evidenceLinks(id)).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown insight and CONFLICT for an ARCHIVED one', async () => {
    const res = await s.gql(LINK, { input: { insightId: `${P}-nope`, interactionIds: [w.id('interaction', 'i1')] } }, alice);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: `${P}-nope` });
    expect(res.errors?.[0].message).toBe(`No insight has the id '${P}-nope'.`);

    const archived = w.id('insight', 'evarch');
    const arch = await s.gql(LINK, { input: { insightId: archived, interactionIds: [w.id('interaction', 'i1')] } }, alice);
    expect(arch.errors?.[0].extensions).toEqual({ code: 'CONFLICT', status: 'ARCHIVED' });
    expect(arch.errors?.[0].message).toBe('Evidence cannot be added to an ARCHIVED insight.');
    expect(await evidenceLinks(archived)).toEqual([]);

    const viewer = await s.gql(LINK, { input: { insightId: w.id('insight', 'ev2'), interactionIds: [w.id('interaction', 'i1')] } }, vic);
    expect(viewer.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
    expect(await evidenceLinks(w.id('insight', 'ev2'))).toEqual([]);
  });
});

describe('insights query', () => {
  const LIST = `query($f: InsightFilter, $o: InsightOrder, $first: Int! = 20, $after: String) {
    insights(filter: $f, orderBy: $o, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { title } }
    }
  }`;
  const q = (n: number) => w.id('insight', `q${n}`);
  const titles = async (filter: Record<string, unknown>, order?: Record<string, unknown>) => {
    const res = await s.gql(LIST, { f: { aboutCustomerId: w.id('customer', 'qco'), ...filter }, o: order }, vic);
    expect(res.errors).toBeUndefined();
    expect(res.data.insights.totalCount).toBe(res.data.insights.edges.length);
    return res.data.insights.edges.map((e: any) => e.node.title);
  };
  const T = (n: number) =>
    ({ 1: `${P} Q pricing pain`, 2: `${P} Q healthy account`, 3: `${P} Q pricing draft`, 4: `${P} Q wrong guess`, 5: `${P} Q old news` })[
      n
    ]!;

  it('lists insights about a customer, newest first by default', async () => {
    expect(await titles({})).toEqual([T(5), T(4), T(3), T(2), T(1)]);
    expect(await titles({}, { field: 'CREATED_AT', direction: 'ASC' })).toEqual([T(1), T(2), T(3), T(4), T(5)]);
  });

  it('filters by statuses, origins, topic, author, confidence and title', async () => {
    expect(await titles({ statuses: ['PROPOSED', 'VALIDATED'] })).toEqual([T(2), T(1)]);
    expect(await titles({ statuses: ['ARCHIVED'] })).toEqual([T(5)]);
    expect(await titles({ origins: ['ABOUT_CUSTOMER'] })).toEqual([T(4), T(2)]);
    expect(await titles({ topic: `${P.toUpperCase()}-PRICING` })).toEqual([T(3), T(1)]);
    expect(await titles({ authorId: w.id('employee', 'bob') })).toEqual([T(3), T(2)]);
    expect(await titles({ minConfidence: 0.6 })).toEqual([T(5), T(3), T(1)]);
    expect(await titles({ titleContains: 'q PRICING' })).toEqual([T(3), T(1)]);
    expect(await titles({ aboutNeedId: w.id('need', 'offline') })).toEqual([T(1)]);
    expect(await titles({ aboutSegmentId: w.id('segment', 'seg') })).toEqual([T(2)]);
    expect(await titles({ evidenceInteractionId: w.id('interaction', 'i1') })).toEqual([T(1)]);
    // Every given field must hold.
    expect(await titles({ origins: ['FROM_CUSTOMER'], minConfidence: 0.7, statuses: ['PROPOSED', 'DRAFT', 'ARCHIVED'] })).toEqual([
      T(5),
      T(1),
    ]);
    expect(await titles({ authorId: w.id('employee', 'bob'), topic: `${P}-pricing`, statuses: ['VALIDATED'] })).toEqual([]);

    // Without the customer scope: the author and title filters together.
    const byCarol = await s.gql(LIST, { f: { authorId: w.id('employee', 'carol'), titleContains: `${P} q ` } }, vic);
    expect(byCarol.data.insights.edges.map((e: any) => e.node.title)).toEqual([T(5)]);
  });

  it('refuses a minConfidence outside 0..1', async () => {
    const res = await s.gql(LIST, { f: { aboutCustomerId: w.id('customer', 'qco'), minConfidence: 1.2 } }, vic);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'filter.minConfidence',
      validationErrors: [{ field: 'filter.minConfidence', message: 'minConfidence must not be greater than 1' }],
    });
    expect(res.errors?.[0].message).toBe('filter.minConfidence: minConfidence must not be greater than 1');
  });

  it('orders by confidence', async () => {
    expect(await titles({}, { field: 'CONFIDENCE', direction: 'DESC' })).toEqual([T(1), T(5), T(3), T(2), T(4)]);
    expect(await titles({}, { field: 'CONFIDENCE', direction: 'ASC' })).toEqual([T(4), T(2), T(3), T(5), T(1)]);
  });

  it('paginates with cursors', async () => {
    const f = { aboutCustomerId: w.id('customer', 'qco') };
    const o = { field: 'CONFIDENCE', direction: 'DESC' };
    const page = async (after?: string) => {
      const res = await s.gql(LIST, { f, o, first: 2, after }, vic);
      expect(res.errors).toBeUndefined();
      return res.data.insights;
    };
    const p1 = await page();
    expect(p1.totalCount).toBe(5);
    expect(p1.edges.map((e: any) => e.node.title)).toEqual([T(1), T(5)]);
    expect(p1.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: p1.edges[0].cursor,
      endCursor: p1.edges[1].cursor,
    });
    const p2 = await page(p1.pageInfo.endCursor);
    expect(p2.totalCount).toBe(5);
    expect(p2.edges.map((e: any) => e.node.title)).toEqual([T(3), T(2)]);
    expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const p3 = await page(p2.pageInfo.endCursor);
    expect(p3.edges.map((e: any) => e.node.title)).toEqual([T(4)]);
    expect(p3.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // An edge cursor works as `after` too.
    const fromEdge = await page(p1.edges[0].cursor);
    expect(fromEdge.edges.map((e: any) => e.node.title)).toEqual([T(5), T(3)]);

    const forged = await s.gql(LIST, { f, o, after: 'not-a-cursor' }, vic);
    expect(forged.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    const big = await s.gql(LIST, { f, first: 101 }, vic);
    expect(big.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('serves one insight by id to any signed-in role, null for an unknown id, nothing without a token', async () => {
    const one = await s.gql(`query($id: ID!) { insight(id: $id) { id title status author { name } } }`, { id: q(2) }, vic);
    expect(one).toEqual({
      status: 200,
      data: { insight: { id: q(2), title: T(2), status: 'VALIDATED', author: { name: `${P} Bob Reviewer` } } },
    });
    const unknown = await s.gql(`query { insight(id: "${P}-nope") { id } }`, {}, vic);
    expect(unknown).toEqual({ status: 200, data: { insight: null } });
    const anonymous = await s.gql(LIST, { f: { aboutCustomerId: w.id('customer', 'qco') } });
    expect(anonymous.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });
});
