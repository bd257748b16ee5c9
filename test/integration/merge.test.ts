import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { importFile } from '../../src/import/importer';
import { Topics } from '../../src/realtime/topics';
import { AccessRole } from '../../src/graphql/access';
import { editDistance, findDuplicates, normalizeName, samePhone, phoneDigits, DuplicateReason } from '../../src/modules/merge/duplicates';
import { graphFingerprint } from '../helpers/fingerprint';
import { subscribe, until, type LiveSubscription } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * Merges (issue 22): mergeCustomers and mergeNeeds move everything of the merged record to the
 * survivor, in one transaction, losing nothing; the merged id and external id stand for the
 * survivor (reads, filter, import); histories and events tell of it; bad input changes nothing;
 * retries and races end consistent. And duplicateCandidates, which finds the pairs to merge.
 */

let s: TestServer;
let w: World;
let analyst: string;
let admin: string;
let viewer: string;
let dir: string;
const open: LiveSubscription[] = [];

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
  dir = mkdtempSync(path.join(tmpdir(), 'rapport-merge-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((l) => l.dispose()));
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const MERGE = `mutation($input: MergeCustomersInput!) {
  mergeCustomers(input: $input) { id name email phone externalId consent { contact analytics } createdAt revenue mergedIds mergedExternalIds }
}`;
const MERGE_NEEDS = `mutation($input: MergeNeedsInput!) { mergeNeeds(input: $input) { id title description mergedIds } }`;
const DUPLICATES = `query($first: Int, $after: String) {
  duplicateCandidates(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { reasons score customers { id name } } }
  }
}`;

let counter = 0;
const alice = () => w.id('employee', 'alice');
const bob = () => w.id('employee', 'bob');

interface CustomerFixture {
  name?: string;
  kind?: 'PERSON' | 'ORGANIZATION';
  email?: string | null;
  phone?: string | null;
  externalId?: string | null;
  consentContact?: boolean;
  consentAnalytics?: boolean;
  createdAt?: string;
  revenue?: number;
  erased?: boolean;
}

/** A customer written straight into the graph (as the seed loader writes them); returns its id. */
async function customer(f: CustomerFixture = {}): Promise<string> {
  const id = randomUUID();
  const name = f.name ?? `${w.prefix} Customer ${++counter}`;
  const props: Record<string, unknown> = {
    name,
    kind: f.kind ?? 'ORGANIZATION',
    lifecycleStage: 'ACTIVE',
    relationshipType: 'TRANSACTIONAL',
    revenue: f.revenue ?? 1000,
    costToServe: 100,
    lifetimeValue: 5000,
    consentContact: f.consentContact ?? true,
    consentAnalytics: f.consentAnalytics ?? true,
  };
  if (f.email) props.email = f.email;
  if (f.phone) props.phone = f.phone;
  if (f.externalId) props.externalId = f.externalId;
  if (f.erased) props.erased = true;
  await s.cypher(
    `CREATE (c:Customer) SET c = $props, c.id = $id, c.nameLower = toLower($props.name),
       c.createdAt = datetime($createdAt), c.updatedAt = datetime($createdAt)`,
    { id, props, createdAt: f.createdAt ?? '2025-03-01T00:00:00Z' },
  );
  return id;
}

async function interaction(customerId: string, summary = `Interaction ${++counter}`): Promise<string> {
  const id = randomUUID();
  await s.cypher(
    `MATCH (c:Customer {id: $customerId}), (e:Employee {id: $handler})
     CREATE (i:Interaction {id: $id, channel: 'EMAIL', touchpoint: 'SUPPORT', direction: 'INBOUND', summary: $summary, content: '',
       occurredAt: datetime('2025-04-01T10:00:00Z'), createdAt: datetime()})
     CREATE (i)-[:WITH_CUSTOMER]->(c), (i)-[:HANDLED_BY]->(e)`,
    { id, customerId, handler: alice(), summary },
  );
  return id;
}

async function need(title = `Need ${++counter}`, description = ''): Promise<string> {
  const id = randomUUID();
  await s.cypher(
    `CREATE (n:Need {id: $id, title: $title, titleLower: toLower($title), description: $description, kind: 'FUNCTIONAL', priority: 'MEDIUM',
       status: 'OPEN', createdAt: datetime('2025-02-01T00:00:00Z'), updatedAt: datetime('2025-02-01T00:00:00Z')})`,
    { id, title, description },
  );
  return id;
}

const hold = (customerId: string, needId: string, intensity: number, since: string) =>
  s.cypher(
    `MATCH (c:Customer {id: $customerId}), (n:Need {id: $needId}) CREATE (c)-[:HAS_NEED {intensity: $intensity, since: datetime($since)}]->(n)`,
    { customerId, needId, intensity, since },
  );

/** An insight about these subjects (customers or needs), with an annotation by bob; returns [insight id, annotation id]. */
async function insight(subjectIds: string[]): Promise<[string, string]> {
  const id = randomUUID();
  const annotationId = randomUUID();
  await s.cypher(
    `MATCH (a:Employee {id: $author}), (b:Employee {id: $annotator})
     CREATE (i:Insight {id: $id, title: $title, body: 'Body.', origin: 'ABOUT_CUSTOMER', status: 'PROPOSED', confidence: 0.5, version: 1,
       createdAt: datetime(), updatedAt: datetime()})
     CREATE (a)-[:AUTHORED]->(i)
     CREATE (b)-[:WROTE]->(:Annotation {id: $annotationId, kind: 'COMMENT', body: 'Noted.', createdAt: datetime()})-[:ON]->(i)
     WITH i
     UNWIND $subjectIds AS sid
     MATCH (x {id: sid}) WHERE x:Customer OR x:Need
     CREATE (i)-[:ABOUT]->(x)`,
    { id, annotationId, author: alice(), annotator: bob(), title: `${w.prefix} insight ${++counter}`, subjectIds },
  );
  return [id, annotationId];
}

const link = (cypher: string, params: Record<string, unknown>) => s.cypher(cypher, params);

/** Every link of these customers that a merge must keep, by kind (ids sorted; needs with intensity and since). */
async function linksOf(id: string) {
  const [row] = await s.cypher(
    `MATCH (c:Customer {id: $id})
     RETURN [(i:Interaction)-[:WITH_CUSTOMER]->(c) | i.id] AS interactions,
            [(c)-[h:HAS_NEED]->(n:Need) | {need: n.id, intensity: h.intensity, since: toString(h.since)}] AS needs,
            [(i:Insight)-[:ABOUT]->(c) | i.id] AS insights,
            [(a:Annotation)-[:ON]->(:Insight)-[:ABOUT]->(c) | a.id] AS annotations,
            [(e:Employee)-[:OWNS_ACCOUNT]->(c) | e.id] AS owners,
            [(p:Customer)-[:MEMBER_OF]->(c) | p.id] AS contacts,
            [(c)-[:MEMBER_OF]->(o:Customer) | o.id] AS organizations,
            [(x:Customer)-[:REFERRED]->(c) | x.id] AS referrers,
            [(c)-[:REFERRED]->(y:Customer) | y.id] AS referrals,
            [(c)-[:IN_SEGMENT]->(g:Segment) | g.id] AS segments`,
    { id },
  );
  if (!row) return null;
  const sorted = (xs: string[]) => [...xs].sort();
  return {
    interactions: sorted(row.interactions),
    needs: (row.needs as { need: string; intensity: number; since: string }[]).sort((a, b) => a.need.localeCompare(b.need)),
    insights: sorted(row.insights),
    annotations: sorted(row.annotations),
    owners: sorted(row.owners),
    contacts: sorted(row.contacts),
    organizations: sorted(row.organizations),
    referrers: sorted(row.referrers),
    referrals: sorted(row.referrals),
    segments: sorted(row.segments),
  };
}

const union = (...lists: string[][]) => [...new Set(lists.flat())].sort();
const fingerprint = async () => {
  const { nodes, relationships, sha256 } = await graphFingerprint(s.graph);
  return { nodes, relationships, sha256 };
};

// ---------------------------------------------------------------------------------------------

describe('mergeCustomers: nothing is lost', () => {
  let S: string;
  let M: string;
  let before: { s: NonNullable<Awaited<ReturnType<typeof linksOf>>>; m: NonNullable<Awaited<ReturnType<typeof linksOf>>> };
  let shared: string;
  let onlyMerged: string;
  let both: string;
  let result: any;

  beforeAll(async () => {
    S = await customer({
      name: `${w.prefix} Survivor Freight`,
      phone: '+49 30 5550001',
      externalId: `${w.prefix}-crm-S`,
      createdAt: '2025-03-01T00:00:00Z',
      revenue: 100_000,
    });
    M = await customer({
      name: `${w.prefix} Survivor Freight Ltd`,
      email: 'Billing@merged.example',
      externalId: `${w.prefix}-erp-M`,
      consentAnalytics: false,
      createdAt: '2025-01-01T00:00:00Z',
      revenue: 40_000,
    });
    // Interactions: three with the survivor, two with the merged customer.
    for (let k = 0; k < 3; k++) await interaction(S);
    for (let k = 0; k < 2; k++) await interaction(M);
    // Needs: one both hold (the merged customer more strongly and earlier), one each.
    shared = await need('Shared need');
    onlyMerged = await need('Merged only');
    const onlySurvivor = await need('Survivor only');
    await hold(S, shared, 0.4, '2025-05-01T00:00:00Z');
    await hold(M, shared, 0.9, '2025-02-01T00:00:00Z');
    await hold(M, onlyMerged, 0.3, '2025-03-01T00:00:00Z');
    await hold(S, onlySurvivor, 0.6, '2025-04-01T00:00:00Z');
    // Insights about each, and one about both (with a need too), each with an annotation.
    await insight([S]);
    await insight([M]);
    [both] = await insight([S, M, shared]);
    // Owners: alice owns both (since differs), bob only the merged customer.
    await link(
      `MATCH (a:Employee {id: $alice}), (b:Employee {id: $bob}), (s:Customer {id: $S}), (m:Customer {id: $M})
       CREATE (a)-[:OWNS_ACCOUNT {since: datetime('2025-03-01T00:00:00Z')}]->(s), (a)-[:OWNS_ACCOUNT {since: datetime('2025-01-01T00:00:00Z')}]->(m),
              (b)-[:OWNS_ACCOUNT {since: datetime('2025-02-01T00:00:00Z')}]->(m)`,
      { alice: alice(), bob: bob(), S, M },
    );
    // Contacts: a person each; referrals both ways, among them each other.
    const p1 = await customer({ kind: 'PERSON' });
    const p2 = await customer({ kind: 'PERSON' });
    const referrer = await customer();
    const referred = await customer();
    await link(
      `MATCH (s:Customer {id: $S}), (m:Customer {id: $M}), (p1:Customer {id: $p1}), (p2:Customer {id: $p2}), (x:Customer {id: $x}), (y:Customer {id: $y}),
             (g:Segment {id: $segment})
       CREATE (p1)-[:MEMBER_OF]->(s), (p2)-[:MEMBER_OF]->(m), (x)-[:REFERRED]->(m), (m)-[:REFERRED]->(y), (s)-[:REFERRED]->(m), (m)-[:REFERRED]->(s),
              (m)-[:IN_SEGMENT]->(g)`,
      { S, M, p1, p2, x: referrer, y: referred, segment: w.id('segment', 'seg') },
    );
    before = { s: (await linksOf(S))!, m: (await linksOf(M))! };
    const res = await s.gql(MERGE, { input: { survivorId: S, mergedId: M, reason: 'One company, two systems' } }, analyst);
    expect(res.errors).toBeUndefined();
    result = res.data.mergeCustomers;
  });

  it('keeps every interaction, need link, insight, annotation, owner, contact and referral of both, once, on the survivor', async () => {
    const after = (await linksOf(S))!;
    expect(after.interactions).toEqual(union(before.s.interactions, before.m.interactions));
    expect(after.interactions).toHaveLength(5);
    expect(after.insights).toEqual(union(before.s.insights, before.m.insights));
    expect(after.insights).toHaveLength(3); // the insight about both is about the survivor once
    expect(after.annotations).toEqual(union(before.s.annotations, before.m.annotations));
    expect(after.owners).toEqual(union(before.s.owners, before.m.owners));
    expect(after.owners).toHaveLength(2);
    expect(after.contacts).toEqual(union(before.s.contacts, before.m.contacts));
    // Referrals both ways, none of itself.
    expect(after.referrers).toEqual(union(before.s.referrers, before.m.referrers).filter((x) => x !== S && x !== M));
    expect(after.referrals).toEqual(union(before.s.referrals, before.m.referrals).filter((x) => x !== S && x !== M));
    // The survivor had no segment: it takes the merged customer's.
    expect(after.segments).toEqual([w.id('segment', 'seg')]);
    // Needs: every need of both, once; the shared one with the higher intensity and the earlier since.
    const expected = new Map<string, { need: string; intensity: number; since: string }>();
    for (const n of [...before.s.needs, ...before.m.needs]) {
      const seen = expected.get(n.need);
      expected.set(
        n.need,
        seen ? { need: n.need, intensity: Math.max(seen.intensity, n.intensity), since: seen.since < n.since ? seen.since : n.since } : n,
      );
    }
    expect(after.needs).toEqual([...expected.values()].sort((a, b) => a.need.localeCompare(b.need)));
    expect(after.needs.find((n) => n.need === shared)).toEqual({ need: shared, intensity: 0.9, since: '2025-02-01T00:00:00Z' });
    expect(after.needs.find((n) => n.need === onlyMerged)).toEqual({ need: onlyMerged, intensity: 0.3, since: '2025-03-01T00:00:00Z' });
    // Alice's ownership is the earlier one.
    const [owner] = await s.cypher(
      'MATCH (:Employee {id: $alice})-[o:OWNS_ACCOUNT]->(:Customer {id: $S}) RETURN toString(o.since) AS since',
      { alice: alice(), S },
    );
    expect(owner.since).toBe('2025-01-01T00:00:00Z');
    // The insight about both still has its need.
    const [about] = await s.cypher('MATCH (i:Insight {id: $both})-[:ABOUT]->(x) RETURN collect(x.id) AS ids', { both });
    expect([...about.ids].sort()).toEqual([S, shared].sort());
  });

  it('leaves of the merged customer a trace with its id and external id, pointing at the survivor, and nothing else', async () => {
    const rows = await s.cypher(
      `MATCH (m {id: $M}) WHERE m:MergedCustomer OR m:Customer
       RETURN labels(m) AS labels, properties(m) AS props, [(m)-[r]-(x) | {type: type(r), out: startNode(r) = m, other: x.id}] AS links`,
      { M },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].labels).toEqual(['MergedCustomer']);
    expect(Object.keys(rows[0].props).sort()).toEqual(['externalId', 'id', 'mergedAt', 'mergedIntoId']);
    expect(rows[0].props).toMatchObject({ id: M, externalId: `${w.prefix}-erp-M`, mergedIntoId: S });
    expect(rows[0].links).toEqual([{ type: 'MERGED_INTO', out: true, other: S }]);
  });

  it("keeps the survivor's profile, fills what it lacked, takes the stricter consent and the earlier createdAt, bumps its version", async () => {
    expect(result).toEqual({
      id: S,
      name: `${w.prefix} Survivor Freight`,
      email: 'Billing@merged.example', // the survivor had none
      phone: '+49 30 5550001', // the survivor's
      externalId: `${w.prefix}-crm-S`,
      consent: { contact: true, analytics: false }, // the merged customer had not consented to analytics
      createdAt: '2025-01-01T00:00:00.000Z',
      revenue: 100_000, // the survivor's figures: two records of one business are not added up
      mergedIds: [M],
      mergedExternalIds: [`${w.prefix}-erp-M`],
    });
    const [v] = await s.cypher('MATCH (c:Customer {id: $S}) RETURN c.version AS version', { S });
    expect(v.version).toBe(2);
  });

  it('answers for the merged customer by its id and by its external id', async () => {
    const byId = await s.gql(`query($id: ID!) { customer(id: $id) { id name } }`, { id: M }, viewer);
    expect(byId.data.customer).toEqual({ id: S, name: `${w.prefix} Survivor Freight` });
    const byExternal = await s.gql(
      `query($x: String!) { customers(filter: { externalId: $x }) { totalCount edges { node { id } } } }`,
      { x: `${w.prefix}-erp-M` },
      viewer,
    );
    expect(byExternal.data.customers).toEqual({ totalCount: 1, edges: [{ node: { id: S } }] });
    const own = await s.gql(
      `query($x: String!) { customers(filter: { externalId: $x }) { totalCount } }`,
      { x: `${w.prefix}-crm-S` },
      viewer,
    );
    expect(own.data.customers.totalCount).toBe(1);
    const none = await s.gql(`query { customer(id: "no-such-customer") { id } }`, {}, viewer);
    expect(none.data.customer).toBeNull();
  });

  it('keeps it in both histories: MERGED on the survivor with the merged profile, MERGED_INTO on the merged id; personal fields withheld from a VIEWER', async () => {
    const HISTORY = `query($id: ID!) { customer(id: $id) { history(first: 5) { edges { node {
      kind recordId otherId reason version by { name } changes { field before after withheld } } } } } }`;
    const res = await s.gql(HISTORY, { id: S }, analyst);
    const [entry] = res.data.customer.history.edges.map((e: any) => e.node);
    expect(entry).toMatchObject({
      kind: 'MERGED',
      recordId: S,
      otherId: M,
      reason: 'One company, two systems',
      version: 2,
      by: { name: `${w.prefix} Alice Author` },
    });
    const change = (field: string) => entry.changes.find((c: any) => c.field === field);
    expect(JSON.parse(change('email').after)).toBe('Billing@merged.example');
    expect(change('email').before).toBeNull();
    expect(JSON.parse(change('consent').before)).toEqual({ contact: true, analytics: true });
    expect(JSON.parse(change('consent').after)).toEqual({ contact: true, analytics: false });
    expect(JSON.parse(change('mergedEmail').before)).toBe('Billing@merged.example');
    expect(JSON.parse(change('merged').before)).toMatchObject({
      id: M,
      externalId: `${w.prefix}-erp-M`,
      name: `${w.prefix} Survivor Freight Ltd`,
      revenue: 40_000,
    });
    expect(JSON.parse(change('merged').before)).not.toHaveProperty('email');
    expect(JSON.parse(change('takenOver').after)).toMatchObject({
      interactions: 2,
      needs: 2,
      insights: 2,
      owners: 2,
      contacts: 1,
      segments: 1,
    });

    const asViewer = await s.gql(HISTORY, { id: S }, viewer);
    const viewed = asViewer.data.customer.history.edges[0].node.changes;
    for (const field of ['email', 'mergedEmail', 'mergedPhone'])
      expect(viewed.find((c: any) => c.field === field)).toMatchObject({ withheld: true, before: null, after: null });
    expect(viewed.find((c: any) => c.field === 'merged').withheld).toBe(false);

    const [into] = await s.cypher(
      'MATCH (x:RecordChange {recordId: $M}) RETURN x.kind AS kind, x.otherId AS otherId, x.customerIds AS customerIds, x.before AS before',
      { M },
    );
    expect(into).toMatchObject({ kind: 'MERGED_INTO', otherId: S });
    expect([...into.customerIds].sort()).toEqual([S, M].sort());
    expect(JSON.parse(into.before)).toMatchObject({ name: `${w.prefix} Survivor Freight Ltd`, email: 'Billing@merged.example' });
  });

  it('is idempotent: a retry returns the survivor and changes nothing', async () => {
    const print = await fingerprint();
    const res = await s.gql(MERGE, { input: { survivorId: S, mergedId: M, reason: 'Retry' } }, analyst);
    expect(res.errors).toBeUndefined();
    expect(res.data.mergeCustomers.id).toBe(S);
    expect(await fingerprint()).toEqual(print);
  });

  it('refuses, changing nothing, to merge a merged customer into another, or into a merged customer', async () => {
    const other = await customer();
    const print = await fingerprint();
    const again = await s.gql(MERGE, { input: { survivorId: other, mergedId: M, reason: 'x' } }, analyst);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'mergedId', mergedIntoId: S });
    const into = await s.gql(MERGE, { input: { survivorId: M, mergedId: other, reason: 'x' } }, analyst);
    expect(into.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'survivorId', mergedIntoId: S });
    expect(await fingerprint()).toEqual(print);
  });

  it('re-points earlier merges when the survivor is merged in turn: chains end at the live customer', async () => {
    const third = await customer({ name: `${w.prefix} Third Freight` });
    const res = await s.gql(MERGE, { input: { survivorId: third, mergedId: S } }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.mergeCustomers.mergedIds.sort()).toEqual([S, M].sort());
    const traces = await s.cypher(
      'MATCH (m:MergedCustomer)-[:MERGED_INTO]->(c:Customer) WHERE m.id IN [$S, $M] RETURN m.id AS id, m.mergedIntoId AS into, c.id AS target ORDER BY id',
      { S, M },
    );
    expect(traces.map((t) => [t.into, t.target])).toEqual([
      [third, third],
      [third, third],
    ]);
    const byExternal = await s.gql(
      `query($x: String!) { customers(filter: { externalId: $x }) { edges { node { id } } } }`,
      { x: `${w.prefix}-erp-M` },
      analyst,
    );
    expect(byExternal.data.customers.edges).toEqual([{ node: { id: third } }]);
    const byId = await s.gql(`query($id: ID!) { customer(id: $id) { id } }`, { id: M }, analyst);
    expect(byId.data.customer.id).toBe(third);
    // Everything the first merge gathered is on the third customer now.
    expect((await linksOf(third))!.interactions).toHaveLength(5);
  });
});

describe('mergeCustomers: who may, and bad input', () => {
  it('needs ANALYST with a reason or ADMIN; a VIEWER is FORBIDDEN; nothing changes when refused', async () => {
    const a = await customer();
    const b = await customer();
    await interaction(b);
    const print = await fingerprint();
    const asViewer = await s.gql(MERGE, { input: { survivorId: a, mergedId: b, reason: 'x' } }, viewer);
    expect(asViewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const reason of [undefined, null, '', '   ']) {
      const res = await s.gql(MERGE, { input: { survivorId: a, mergedId: b, reason } }, analyst);
      expect(res.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    }
    const anonymous = await s.gql(MERGE, { input: { survivorId: a, mergedId: b, reason: 'x' } }, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await fingerprint()).toEqual(print);
    const byAdmin = await s.gql(MERGE, { input: { survivorId: a, mergedId: b } }, admin);
    expect(byAdmin.errors).toBeUndefined();
    expect(byAdmin.data.mergeCustomers.id).toBe(a);
  });

  it('refuses bad input with a clear code and changes nothing', async () => {
    const org = await customer({ kind: 'ORGANIZATION' });
    const person = await customer({ kind: 'PERSON' });
    const erased = await customer({ erased: true, name: 'Erased customer' });
    const live = await customer();
    await interaction(live);
    const print = await fingerprint();
    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ['itself', { survivorId: org, mergedId: org }, { code: 'BAD_USER_INPUT', field: 'mergedId' }],
      ['another kind', { survivorId: org, mergedId: person }, { code: 'BAD_USER_INPUT', field: 'mergedId' }],
      ['an unknown survivor', { survivorId: 'no-such-customer', mergedId: org }, { code: 'NOT_FOUND', field: 'survivorId' }],
      ['an unknown merged customer', { survivorId: org, mergedId: 'no-such-customer' }, { code: 'NOT_FOUND', field: 'mergedId' }],
      ['into an erased customer', { survivorId: erased, mergedId: live }, { code: 'CONFLICT', field: 'survivorId' }],
      ['out of an erased customer', { survivorId: live, mergedId: erased }, { code: 'CONFLICT', field: 'mergedId' }],
    ];
    for (const [what, input, extensions] of cases) {
      const res = await s.gql(MERGE, { input: { ...input, reason: 'Testing' } }, analyst);
      expect([what, res.errors?.[0].extensions]).toEqual([what, expect.objectContaining(extensions)]);
      expect(res.errors?.[0].message).toMatch(/\w+ .*\./);
    }
    const kinds = await s.gql(MERGE, { input: { survivorId: org, mergedId: person, reason: 'x' } }, analyst);
    expect(kinds.errors?.[0].message).toContain('same kind');
    expect(await fingerprint()).toEqual(print);
  });
});

describe('mergeCustomers: imports and events', () => {
  it("a re-import of the merged customer's external id updates the survivor, and its interactions land there", async () => {
    const S = await customer({ name: `${w.prefix} Import Survivor`, externalId: `${w.prefix}-imp-S` });
    const M = await customer({ name: `${w.prefix} Import Merged`, externalId: `${w.prefix}-imp-M` });
    await s.gql(MERGE, { input: { survivorId: S, mergedId: M, reason: 'Same' } }, analyst);
    const file = path.join(dir, `customers-${w.prefix}.ndjson`);
    const employeeX = `${w.prefix}-imp-e1`;
    writeFileSync(
      file,
      [
        {
          type: 'employee',
          externalId: employeeX,
          name: 'Imp Employee',
          email: `${w.prefix}-imp@example.com`,
          team: 'Support',
          role: 'SUPPORT_AGENT',
        },
        {
          type: 'customer',
          externalId: `${w.prefix}-imp-M`,
          name: `${w.prefix} Import Merged (renamed)`,
          kind: 'ORGANIZATION',
          lifecycleStage: 'AT_RISK',
          relationshipType: 'TRANSACTIONAL',
          revenue: 5,
          costToServe: 1,
          lifetimeValue: 10,
          consentContact: false,
          consentAnalytics: false,
        },
        {
          type: 'interaction',
          externalId: `${w.prefix}-imp-x1`,
          customer: `${w.prefix}-imp-M`,
          handler: employeeX,
          channel: 'EMAIL',
          touchpoint: 'BILLING',
          direction: 'INBOUND',
          occurredAt: '2025-06-01T10:00:00Z',
          summary: 'After the merge',
        },
        {
          type: 'need',
          externalId: `${w.prefix}-imp-n1`,
          title: 'Imported need',
          kind: 'FUNCTIONAL',
          priority: 'LOW',
          holders: [{ customer: `${w.prefix}-imp-M`, intensity: 0.7 }],
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    const summary = await importFile(s.graph, { file });
    expect(summary.rejected).toBe(0);
    expect(summary.counts.customer).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    const rows = await s.cypher(
      `MATCH (c:Customer) WHERE c.externalId IN [$S, $M] OR c.id = $id
       RETURN c.id AS id, c.externalId AS externalId, c.name AS name, c.lifecycleStage AS stage,
              [(i:Interaction)-[:WITH_CUSTOMER]->(c) | i.externalId] AS interactions, [(c)-[:HAS_NEED]->(n:Need) | n.externalId] AS needs`,
      { S: `${w.prefix}-imp-S`, M: `${w.prefix}-imp-M`, id: S },
    );
    expect(rows).toEqual([
      {
        id: S,
        externalId: `${w.prefix}-imp-S`,
        name: `${w.prefix} Import Merged (renamed)`,
        stage: 'AT_RISK',
        interactions: [`${w.prefix}-imp-x1`],
        needs: [`${w.prefix}-imp-n1`],
      },
    ]);
    // Again: unchanged, still one customer.
    const again = await importFile(s.graph, { file });
    expect(again.counts.customer).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(again.counts.interaction.unchanged).toBe(1);
    const [n] = await s.cypher('MATCH (c:Customer) WHERE c.externalId = $M RETURN count(c) AS n', { M: `${w.prefix}-imp-M` });
    expect(n.n).toBe(0);
  });

  it('a re-import of a merged external id whose survivor was deleted is rejected as naming a deleted customer, and creates nothing', async () => {
    const S = await customer({ name: `${w.prefix} Deleted Survivor`, externalId: `${w.prefix}-del-S` });
    const M = await customer({ name: `${w.prefix} Merged Then`, externalId: `${w.prefix}-del-M` });
    await s.gql(MERGE, { input: { survivorId: S, mergedId: M, reason: 'Same' } }, analyst);
    const deleted = await s.gql('mutation($id: ID!) { deleteCustomer(input: { id: $id }) { recordId } }', { id: S }, analyst);
    expect(deleted.errors).toBeUndefined();
    const file = path.join(dir, `deleted-survivor-${w.prefix}.ndjson`);
    writeFileSync(
      file,
      JSON.stringify({
        type: 'customer',
        externalId: `${w.prefix}-del-M`,
        name: `${w.prefix} Merged Then`,
        kind: 'ORGANIZATION',
        lifecycleStage: 'ACTIVE',
        relationshipType: 'TRANSACTIONAL',
        consentContact: true,
        consentAnalytics: true,
      }) + '\n',
    );
    const summary = await importFile(s.graph, { file });
    expect(summary.counts.customer).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 1 });
    const rejects = readFileSync(summary.rejectsFile!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => r.reason)).toEqual([
      `externalId '${w.prefix}-del-M' names a deleted customer; an import does not bring it back (an ADMIN can restore it with restoreCustomer)`,
    ]);
    const [n] = await s.cypher('MATCH (c:Customer) WHERE c.externalId IN [$S, $M] RETURN count(c) AS n', {
      S: `${w.prefix}-del-S`,
      M: `${w.prefix}-del-M`,
    });
    expect(n.n).toBe(0);
  });

  it('tells recordChanged subscribers of the merge after it committed, with filters', async () => {
    const S = await customer();
    const M = await customer();
    const other = await customer();
    const SUB = `subscription($c: ID, $k: [RecordChangeKind!]) {
      recordChanged(customerId: $c, kinds: $k) { kind recordType recordId otherId customerIds actor { name } change { reason } }
    }`;
    const listeners = s.events.listenerCount(Topics.RECORD_CHANGED);
    const mine = subscribe(s.wsUrl, `Bearer ${analyst}`, SUB, { c: S, k: ['MERGED', 'MERGED_INTO'] });
    const others = subscribe(s.wsUrl, `Bearer ${analyst}`, SUB, { c: other });
    open.push(mine, others);
    await until(() => s.events.listenerCount(Topics.RECORD_CHANGED) >= listeners + 2, 5_000, 'subscriptions to start');
    const res = await s.gql(MERGE, { input: { survivorId: S, mergedId: M, reason: 'Live' } }, analyst);
    expect(res.errors).toBeUndefined();
    const events = [await mine.nth(1), await mine.nth(2)].map((e) => e.data.recordChanged);
    expect(events).toEqual([
      {
        kind: 'MERGED',
        recordType: 'CUSTOMER',
        recordId: S,
        otherId: M,
        customerIds: [S, M],
        actor: { name: `${w.prefix} Alice Author` },
        change: { reason: 'Live' },
      },
      {
        kind: 'MERGED_INTO',
        recordType: 'CUSTOMER',
        recordId: M,
        otherId: S,
        customerIds: [S, M],
        actor: { name: `${w.prefix} Alice Author` },
        change: { reason: 'Live' },
      },
    ]);
    // A refused merge tells nobody anything.
    await s.gql(MERGE, { input: { survivorId: S, mergedId: S, reason: 'x' } }, analyst);
    await new Promise((r) => setTimeout(r, 300));
    expect(mine.events).toHaveLength(2);
    expect(others.events).toHaveLength(0);
  });
});

describe('mergeCustomers: races', () => {
  it('two merges of the same pair at once: one merges, the other is its retry; 20 rounds', async () => {
    for (let round = 0; round < 20; round++) {
      const a = await customer();
      const b = await customer();
      const xs = [await interaction(a), await interaction(b)];
      const results = await Promise.all([1, 2].map(() => s.gql(MERGE, { input: { survivorId: a, mergedId: b, reason: 'race' } }, analyst)));
      for (const r of results) {
        expect(r.errors).toBeUndefined();
        expect(r.data.mergeCustomers.id).toBe(a);
      }
      expect((await linksOf(a))!.interactions).toEqual([...xs].sort());
      const [h] = await s.cypher('MATCH (x:RecordChange {recordId: $a, kind: "MERGED"}) RETURN count(x) AS n', { a });
      expect(h.n).toBe(1); // merged once
    }
  });

  it('A into B and B into A at once: exactly one wins, the other is a CONFLICT, nothing is lost; 20 rounds', async () => {
    for (let round = 0; round < 20; round++) {
      const a = await customer();
      const b = await customer();
      const xs = [await interaction(a), await interaction(b)];
      const results = await Promise.all([
        s.gql(MERGE, { input: { survivorId: a, mergedId: b, reason: 'race' } }, analyst),
        s.gql(MERGE, { input: { survivorId: b, mergedId: a, reason: 'race' } }, admin),
      ]);
      const ok = results.filter((r) => !r.errors);
      const failed = results.filter((r) => r.errors);
      expect(ok).toHaveLength(1);
      expect(failed.map((r) => r.errors![0].extensions?.code)).toEqual(['CONFLICT']);
      const winner = ok[0].data.mergeCustomers.id as string;
      const loser = winner === a ? b : a;
      const live = await s.cypher('MATCH (c:Customer) WHERE c.id IN [$a, $b] RETURN c.id AS id', { a, b });
      expect(live).toEqual([{ id: winner }]);
      const [trace] = await s.cypher('MATCH (m:MergedCustomer {id: $loser})-[:MERGED_INTO]->(c:Customer) RETURN c.id AS id', { loser });
      expect(trace.id).toBe(winner);
      expect((await linksOf(winner))!.interactions).toEqual([...xs].sort());
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('mergeNeeds', () => {
  it('moves holders (higher intensity, earlier since), expressing interactions, topics and insights, each once; the merged id stands for the survivor', async () => {
    const c1 = await customer();
    const c2 = await customer();
    const keepId = await need(`${w.prefix} Offline maps`);
    const goneId = await need(`${w.prefix} Maps without signal`, 'Drivers lose signal.');
    await s.cypher(`MATCH (n:Need {id: $id}) SET n.externalId = $x`, { id: goneId, x: `${w.prefix}-need-gone` });
    await hold(c1, keepId, 0.5, '2025-05-01T00:00:00Z');
    await hold(c1, goneId, 0.8, '2025-03-01T00:00:00Z');
    await hold(c2, goneId, 0.2, '2025-04-01T00:00:00Z');
    const x1 = await interaction(c1);
    const x2 = await interaction(c2);
    await s.cypher(
      `MATCH (k:Need {id: $keep}), (g:Need {id: $gone}), (x1:Interaction {id: $x1}), (x2:Interaction {id: $x2})
       CREATE (x1)-[:EXPRESSED]->(k), (x1)-[:EXPRESSED]->(g), (x2)-[:EXPRESSED]->(g)
       MERGE (t1:Topic {name: $t1}) ON CREATE SET t1.id = randomUUID()
       MERGE (t2:Topic {name: $t2}) ON CREATE SET t2.id = randomUUID()
       CREATE (k)-[:TAGGED]->(t1), (g)-[:TAGGED]->(t1), (g)-[:TAGGED]->(t2)`,
      { keep: keepId, gone: goneId, x1, x2, t1: `${w.prefix}-maps`, t2: `${w.prefix}-signal` },
    );
    const [aboutGone] = await insight([goneId]);
    const [aboutBoth] = await insight([keepId, goneId]);

    const print = await fingerprint();
    const asViewer = await s.gql(MERGE_NEEDS, { input: { survivorId: keepId, mergedId: goneId } }, viewer);
    expect(asViewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const [input, extensions] of [
      [
        { survivorId: keepId, mergedId: keepId },
        { code: 'BAD_USER_INPUT', field: 'mergedId' },
      ],
      [
        { survivorId: keepId, mergedId: 'no-such-need' },
        { code: 'NOT_FOUND', field: 'mergedId' },
      ],
      [
        { survivorId: 'no-such-need', mergedId: goneId },
        { code: 'NOT_FOUND', field: 'survivorId' },
      ],
    ] as const) {
      const res = await s.gql(MERGE_NEEDS, { input }, analyst);
      expect(res.errors?.[0].extensions).toMatchObject(extensions);
    }
    expect(await fingerprint()).toEqual(print);

    const res = await s.gql(MERGE_NEEDS, { input: { survivorId: keepId, mergedId: goneId, reason: 'Raised twice' } }, analyst);
    expect(res.errors).toBeUndefined();
    expect(res.data.mergeNeeds).toEqual({
      id: keepId,
      title: `${w.prefix} Offline maps`,
      description: 'Drivers lose signal.',
      mergedIds: [goneId],
    });

    const [after] = await s.cypher(
      `MATCH (n:Need {id: $keep})
       RETURN [(c:Customer)-[h:HAS_NEED]->(n) | [c.id, h.intensity, toString(h.since)]] AS holders,
              [(i:Interaction)-[:EXPRESSED]->(n) | i.id] AS interactions,
              [(n)-[:TAGGED]->(t:Topic) | t.name] AS topics,
              [(i:Insight)-[:ABOUT]->(n) | i.id] AS insights, n.version AS version`,
      { keep: keepId },
    );
    expect(after.holders.sort()).toEqual(
      [
        [c1, 0.8, '2025-03-01T00:00:00Z'],
        [c2, 0.2, '2025-04-01T00:00:00Z'],
      ].sort(),
    );
    expect(after.interactions.sort()).toEqual([x1, x2].sort());
    expect(after.topics.sort()).toEqual([`${w.prefix}-maps`, `${w.prefix}-signal`]);
    expect(after.insights.sort()).toEqual([aboutGone, aboutBoth].sort());
    expect(after.version).toBe(2);
    const [trace] = await s.cypher(
      'MATCH (m:MergedNeed {id: $gone}) RETURN labels(m) AS labels, properties(m) AS props, [(m)-[r]-(x) | [type(r), x.id]] AS links',
      { gone: goneId },
    );
    expect(trace.labels).toEqual(['MergedNeed']);
    expect(trace.props).toMatchObject({ id: goneId, externalId: `${w.prefix}-need-gone`, mergedIntoId: keepId });
    expect(trace.links).toEqual([['MERGED_INTO', keepId]]);

    const byId = await s.gql(
      `query($id: ID!) { need(id: $id) { id history(first: 3) { edges { node { kind otherId reason } } } } }`,
      { id: goneId },
      viewer,
    );
    expect(byId.data.need).toEqual({
      id: keepId,
      history: { edges: [{ node: { kind: 'MERGED', otherId: goneId, reason: 'Raised twice' } }] },
    });

    // A retry changes nothing; an interaction imported with the merged need's external id lands on the survivor.
    const again = await fingerprint();
    const retry = await s.gql(MERGE_NEEDS, { input: { survivorId: keepId, mergedId: goneId } }, analyst);
    expect(retry.data.mergeNeeds.id).toBe(keepId);
    expect(await fingerprint()).toEqual(again);
  });
});

// ---------------------------------------------------------------------------------------------

describe('duplicateCandidates', () => {
  /** Every candidate, page by page (the test graph holds other files' customers too). */
  async function allCandidates(token = analyst) {
    const found: any[] = [];
    let after: string | null = null;
    for (let page = 0; page < 500; page++) {
      const res: any = await s.gql(DUPLICATES, { first: 100, after }, token);
      expect(res.errors).toBeUndefined();
      found.push(...res.data.duplicateCandidates.edges.map((e: any) => e.node));
      if (!res.data.duplicateCandidates.pageInfo.hasNextPage) return { found, totalCount: res.data.duplicateCandidates.totalCount };
      after = res.data.duplicateCandidates.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }
  const pairOf = (found: any[], a: string, b: string) =>
    found.find(
      (c) =>
        c.customers
          .map((x: any) => x.id)
          .sort()
          .join() === [a, b].sort().join(),
    );

  let ids: Record<string, string>;
  beforeAll(async () => {
    const p = w.prefix.toUpperCase();
    ids = {
      acmeCorp: await customer({ name: `${p} ACME Corp.` }),
      acmeCorporation: await customer({ name: `${w.prefix} Acme Corporation` }),
      acmeGmbh: await customer({ name: `${w.prefix} Acme GmbH` }),
      jo1: await customer({ kind: 'PERSON', name: `${w.prefix} Jo Doe`, email: ` Jo.Doe@${w.prefix}.example` }),
      jo2: await customer({ kind: 'PERSON', name: `${w.prefix} Johanna Doe-Smith`, email: `jo.doe@${w.prefix}.example` }),
      joErased: await customer({ kind: 'PERSON', name: 'Erased customer', email: `jo.doe@${w.prefix}.example`, erased: true }),
      joOrg: await customer({ kind: 'ORGANIZATION', name: `${w.prefix} Doe Holdings`, email: `jo.doe@${w.prefix}.example` }),
      phone1: await customer({ kind: 'PERSON', name: `${w.prefix} Kim Lai`, phone: '+49 (30) 777-0101' }),
      phone2: await customer({ kind: 'PERSON', name: `${w.prefix} K. Lai`, phone: '030 7770101' }),
      kestrel: await customer({ name: `${w.prefix} Kestrel Solar` }),
      bolt: await customer({ name: `${w.prefix} Bolt Parcel` }),
      typo1: await customer({ name: `${w.prefix} Northwind Freight Services` }),
      typo2: await customer({ name: `${w.prefix} Northwind Frieght Services` }),
    };
  });

  it('lists pairs with the same email (any case), the same phone (any format), or similar names, with reasons and scores', async () => {
    const { found, totalCount } = await allCandidates();
    expect(totalCount).toBe(found.length);
    expect(pairOf(found, ids.acmeCorp, ids.acmeCorporation)).toMatchObject({ reasons: ['SIMILAR_NAME'], score: 0.6 });
    expect(pairOf(found, ids.jo1, ids.jo2)).toMatchObject({ reasons: ['SAME_EMAIL'], score: 0.9 });
    expect(pairOf(found, ids.phone1, ids.phone2)).toMatchObject({ reasons: ['SAME_PHONE'], score: 0.8 });
    expect(pairOf(found, ids.typo1, ids.typo2)).toMatchObject({ reasons: ['SIMILAR_NAME'], score: 0.45 });
    // Not listed: different companies, legal forms that disagree, another kind, an erased customer.
    expect(pairOf(found, ids.kestrel, ids.bolt)).toBeUndefined();
    expect(pairOf(found, ids.acmeCorp, ids.acmeGmbh)).toBeUndefined();
    expect(pairOf(found, ids.jo1, ids.joOrg)).toBeUndefined();
    expect(pairOf(found, ids.jo1, ids.joErased)).toBeUndefined();
    expect(found.some((c) => c.customers.some((x: any) => x.id === ids.joErased))).toBe(false);
    // Best first, then by ids; each customer pair once.
    const scores = found.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const keys = found.map((c) => c.customers.map((x: any) => x.id).join('|'));
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of found) expect(c.customers).toHaveLength(2);
  });

  it('pages with opaque cursors, refuses a cursor it did not make and more than 100 items', async () => {
    const one = await s.gql(DUPLICATES, { first: 2 }, analyst);
    const two = await s.gql(DUPLICATES, { first: 2, after: one.data.duplicateCandidates.pageInfo.endCursor }, analyst);
    const both = await s.gql(DUPLICATES, { first: 4 }, analyst);
    expect([...one.data.duplicateCandidates.edges, ...two.data.duplicateCandidates.edges]).toEqual(both.data.duplicateCandidates.edges);
    expect(two.data.duplicateCandidates.pageInfo.hasPreviousPage).toBe(true);
    const bad = await s.gql(DUPLICATES, { first: 2, after: 'bm90IGEgY3Vyc29y' }, analyst);
    expect(bad.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    const otherList = await s.gql(`query { customers(first: 1) { pageInfo { endCursor } } }`, {}, analyst);
    const foreign = await s.gql(DUPLICATES, { first: 2, after: otherList.data.customers.pageInfo.endCursor }, analyst);
    expect(foreign.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await s.gql(DUPLICATES, { first: 101 }, analyst);
    expect(tooMany.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('is for ANALYST and ADMIN only: it compares emails and phones', async () => {
    const res = await s.gql(DUPLICATES, { first: 1 }, viewer);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it('leaves out a pair a person dismissed, and a pair once merged', async () => {
    const DISMISS = `mutation($input: DismissDuplicateInput!) { dismissDuplicate(input: $input) { customers { id } dismissedBy { name } dismissedAt } }`;
    const viewerTry = await s.gql(DISMISS, { input: { customerIds: [ids.phone1, ids.phone2] } }, viewer);
    expect(viewerTry.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const res = await s.gql(DISMISS, { input: { customerIds: [ids.phone2, ids.phone1] } }, analyst);
    expect(res.errors).toBeUndefined();
    expect(res.data.dismissDuplicate.customers.map((c: any) => c.id)).toEqual([ids.phone1, ids.phone2].sort());
    const again = await s.gql(DISMISS, { input: { customerIds: [ids.phone1, ids.phone2] } }, admin);
    expect(again.data.dismissDuplicate.dismissedAt).toBe(res.data.dismissDuplicate.dismissedAt);
    const same = await s.gql(DISMISS, { input: { customerIds: [ids.phone1, ids.phone1] } }, analyst);
    expect(same.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customerIds' });
    const unknown = await s.gql(DISMISS, { input: { customerIds: [ids.phone1, 'no-such-customer'] } }, analyst);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });

    await s.gql(MERGE, { input: { survivorId: ids.acmeCorp, mergedId: ids.acmeCorporation, reason: 'Duplicate' } }, analyst);
    const { found } = await allCandidates();
    expect(pairOf(found, ids.phone1, ids.phone2)).toBeUndefined();
    expect(pairOf(found, ids.acmeCorp, ids.acmeCorporation)).toBeUndefined();
    expect(pairOf(found, ids.jo1, ids.jo2)).toBeDefined();
  });
});

describe('duplicate rules (no database)', () => {
  it('normalises names: case, accents, punctuation, word order, "the" and legal forms', () => {
    const key = (n: string) => normalizeName(n)!.key;
    expect(key('ACME Corp.')).toBe(key('Acme Corporation'));
    expect(key('The Acme Company, Inc.')).toBe('acme');
    expect(key('Müller & Söhne GmbH & Co. KG')).toBe(key('Muller & Sohne'));
    expect(key('Doe, Jane')).toBe(key('Jane Doe'));
    expect(key('Company of Heroes')).toBe('companyheroesof'); // "company" only as a trailing legal form
    expect(normalizeName('Acme GmbH')!.forms).toEqual(['gmbh']);
    expect(normalizeName('...')).toBeNull();
  });

  it('compares phones by digits, national and international forms alike, and needs 7 digits', () => {
    expect(samePhone(phoneDigits('+49 30 1234567')!, phoneDigits('030/123 45 67')!)).toBe(true);
    expect(samePhone(phoneDigits('+49 30 1234567')!, phoneDigits('+49 30 1234568')!)).toBe(false);
    expect(phoneDigits('12-34')).toBeNull();
    // "(0)", the trunk prefix written for callers at home, is not part of the number from abroad.
    expect(phoneDigits('+49 (0)421 123456')).toBe('49421123456');
    expect(samePhone(phoneDigits('+49 (0)421 123456')!, phoneDigits('+49 421 123456')!)).toBe(true);
    expect(samePhone(phoneDigits('+49 (0)421 123456')!, phoneDigits('0421 123456')!)).toBe(true);
  });

  it('counts a transposition as one typo and stops early beyond the bound', () => {
    expect(editDistance('freight', 'frieght', 1)).toBe(1);
    expect(editDistance('northwind', 'northwest', 2)).toBe(3);
    expect(editDistance('abc', 'abc', 0)).toBe(0);
  });

  it('pairs only customers of one kind, leaves dismissed pairs out, and combines evidence', () => {
    const subjects = [
      { id: 'a', kind: 'PERSON', name: 'Jo Doe', email: 'JO@x.example', phone: '+1 555 123 4567' },
      { id: 'b', kind: 'PERSON', name: 'Jo Doe', email: 'jo@x.example ', phone: '(555) 123-4567' },
      { id: 'c', kind: 'ORGANIZATION', name: 'Jo Doe', email: 'jo@x.example', phone: null },
    ];
    const [pair] = findDuplicates(subjects);
    expect(pair).toEqual({
      ids: ['a', 'b'],
      key: 'a|b',
      reasons: [DuplicateReason.SAME_EMAIL, DuplicateReason.SAME_PHONE, DuplicateReason.SIMILAR_NAME],
      score: 0.99,
    });
    expect(findDuplicates(subjects, new Set(['a|b']))).toEqual([]);
  });

  it('among 10k customers finds exactly the planted pairs: 1,000 shared emails, no name or phone false positives', () => {
    // user<i mod 9000>: customers i and i + 9000 (i < 1000) share an email and a kind; names and phones all differ.
    const subjects = Array.from({ length: 10_000 }, (_, i) => ({
      id: `c${i}`,
      kind: i % 3 ? 'PERSON' : 'ORGANIZATION',
      name: `Name${i % 4000} Family${i % 97}`,
      email: `user${i % 9000}@example.com`,
      phone: `+49 30 ${2_000_000 + i}`,
    }));
    const pairs = findDuplicates(subjects);
    expect(pairs).toHaveLength(1000);
    expect(new Set(pairs.map((p) => p.key)).size).toBe(1000);
    for (const p of pairs) {
      const [a, b] = p.ids.map((id) => Number(id.slice(1))).sort((x, y) => x - y);
      expect([b - a, p.reasons]).toEqual([9000, [DuplicateReason.SAME_EMAIL]]);
    }
  });
});
