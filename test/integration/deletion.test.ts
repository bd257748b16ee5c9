/**
 * Correcting knowledge (issue 22): soft deletion, restore, evidence removal, purge, and how they
 * meet erasure and import. Against a real server and a real Neo4j, as a client sees it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import neo4j, { isDateTime, isInt } from 'neo4j-driver';
import { importFile } from '../../src/import/importer';
import { purgeDeleted } from '../../src/modules/deletion/purge';
import { parsePurgeArgs } from '../../src/cli/purge';
import { AccessRole } from '../../src/graphql/access';
import { subscribe } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let admin: string;
let analyst: string; // alice
let bob: string;
let viewer: string;
let dir: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN, AccessRole.ANALYST]);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  bob = await s.token(w.id('employee', 'bob'), [AccessRole.ANALYST]);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
  dir = mkdtempSync(path.join(tmpdir(), 'rapport-deletion-'));
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Helpers

async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = analyst): Promise<T> {
  const res = await s.gql<T>(query, variables, token);
  if (res.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

async function refused(query: string, variables: Record<string, unknown>, token: string) {
  const res = await s.gql(query, variables, token);
  expect(res.errors).toBeDefined();
  return { code: res.errors![0].extensions?.code as string, message: res.errors![0].message, extensions: res.errors![0].extensions ?? {} };
}

let counter = 0;
const unique = (what: string) => `${w.prefix} ${what} ${++counter}`;

async function createCustomer(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const d = await ok('mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
    input: {
      name,
      kind: 'ORGANIZATION',
      lifecycleStage: 'ACTIVE',
      relationshipType: 'COLLABORATIVE',
      revenue: 1000,
      costToServe: 100,
      lifetimeValue: 5000,
      ownerIds: [],
      consent: { contact: true, analytics: true },
      segmentId: w.id('segment', 'seg'),
      ...extra,
    },
  });
  return d.createCustomer.id;
}

async function record(customerId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const d = await ok('mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }', {
    input: {
      customerId,
      channel: 'PHONE',
      touchpoint: 'SUPPORT',
      direction: 'INBOUND',
      summary: unique('call'),
      content: 'Notes of the call.',
      occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
      expectedQuality: 4,
      perceivedQuality: 2,
      ...extra,
    },
  });
  return d.recordInteraction.id;
}

async function propose(extra: Record<string, unknown>, token = analyst): Promise<string> {
  const d = await ok(
    'mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }',
    { input: { title: unique('insight'), body: 'Something learned.', origin: 'FROM_CUSTOMER', confidence: 0.8, ...extra } },
    token,
  );
  return d.proposeInsight.id;
}

async function annotate(insightId: string, token = bob): Promise<string> {
  const d = await ok(
    'mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id } }',
    { input: { insightId, kind: 'COMMENT', body: unique('a comment on the insight') } },
    token,
  );
  return d.annotateInsight.id;
}

async function raiseNeed(customerId: string, title = unique('need')): Promise<string> {
  const d = await ok('mutation($input: RaiseNeedInput!) { raiseNeed(input: $input) { id } }', {
    input: { customerId, title, kind: 'FUNCTIONAL' },
  });
  return d.raiseNeed.id;
}

const DELETION =
  'id recordType recordId label deletedAt restorableUntil reason by { id } cascaded { recordType recordId } cascadedCount evidenceRemovedFrom';
const del = (kind: 'Interaction' | 'Annotation' | 'Need' | 'Customer') =>
  `mutation($input: Delete${kind}Input!) { delete${kind}(input: $input) { ${DELETION} } }`;
const RESTORE = {
  Interaction: 'mutation($input: RestoreInteractionInput!) { restoreInteraction(input: $input) { id version summary customer { id } } }',
  Annotation: 'mutation($input: RestoreAnnotationInput!) { restoreAnnotation(input: $input) { id version body insight { id } } }',
  Need: 'mutation($input: RestoreNeedInput!) { restoreNeed(input: $input) { id version title } }',
  Customer: 'mutation($input: RestoreCustomerInput!) { restoreCustomer(input: $input) { id version name } }',
};

/** The history entries of a record, newest first: kind and the fields it changed. */
async function historyOf(type: 'customer' | 'interaction' | 'need', id: string) {
  const d = await ok(
    `query($id: ID!) { ${type}(id: $id) { history(first: 20) { edges { node { kind version reason changes { field after } } } } } }`,
    { id },
    admin,
  );
  return d[type].history.edges.map((e: any) => e.node);
}

/**
 * The graph as the fingerprint helper sees it, but for the audit trail and the history of
 * corrections (RecordChange), and without `version` (a restore bumps it): every node's labels and
 * properties, every relationship's type, properties and ends, with temporals exactly (zone and
 * nanoseconds).
 */
async function knowledgeFingerprint(): Promise<{ nodes: number; relationships: number; sha256: string }> {
  const session = s.graph.driver.session({ database: s.graph.database, defaultAccessMode: neo4j.session.READ });
  const stable = (v: any): string => {
    if (v === null || v === undefined) return 'null';
    if (isInt(v)) return `i${v.toString()}`;
    if (typeof v === 'number') return `f${v}`;
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
    if (typeof v === 'object' && typeof v.toString === 'function' && v.constructor?.name !== 'Object') return `t${v.toString()}`;
    return `{${Object.keys(v)
      // Versions move on; the health snapshot (healthAsOf) is computed again as of the restore.
      .filter((k) => k !== 'version' && k !== 'healthAsOf')
      .sort()
      .map((k) => `${k}:${stable(v[k])}`)
      .join(',')}}`;
  };
  try {
    const skip = 'n:AuditEntry OR n:RecordChange OR n:Event OR n:EventLog';
    const nodes = await session.run(`MATCH (n) WHERE NOT (${skip}) RETURN elementId(n) AS e, labels(n) AS l, properties(n) AS p`);
    const rels = await session.run(
      `MATCH (a)-[r]->(b) WHERE NOT (a:AuditEntry OR a:RecordChange OR b:AuditEntry OR b:RecordChange) RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS t, properties(r) AS p`,
    );
    const lines = [
      ...nodes.records.map((r) => `N ${r.get('e')} ${[...r.get('l')].sort().join(':')} ${stable(r.get('p'))}`),
      ...rels.records.map((r) => `R ${r.get('a')} ${r.get('t')} ${stable(r.get('p'))} ${r.get('b')}`),
    ].sort();
    const hash = createHash('sha256');
    for (const l of lines) hash.update(l).update('\n');
    return { nodes: nodes.records.length, relationships: rels.records.length, sha256: hash.digest('hex') };
  } finally {
    await session.close();
  }
}

/** Every string property anywhere in the graph (nodes and relationships) that holds one of `values`, case-insensitive. */
async function findAnywhere(values: string[]): Promise<unknown[]> {
  const needles = values.map((v) => v.toLowerCase());
  const holds = `(v IS :: STRING AND any(x IN $needles WHERE toLower(v) CONTAINS x))
     OR (v IS :: LIST<STRING NOT NULL> AND any(t IN v WHERE any(x IN $needles WHERE toLower(t) CONTAINS x)))`;
  const nodes = await s.cypher(
    `MATCH (n) UNWIND keys(n) AS k WITH n, k, n[k] AS v WHERE ${holds} RETURN labels(n) AS labels, k AS key, v AS text`,
    { needles },
  );
  const rels = await s.cypher(
    `MATCH ()-[r]->() UNWIND keys(r) AS k WITH r, k, r[k] AS v WHERE ${holds} RETURN [type(r)] AS labels, k AS key, v AS text`,
    { needles },
  );
  return [...nodes, ...rels];
}

const awaitSearchIndex = () => s.cypher('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');

// ---------------------------------------------------------------------------------------------

describe('deleteInteraction', () => {
  it('takes it out of every read; the insights citing it get a new version with their confidence scaled; restore brings it back', async () => {
    const word = `zq${randomUUID().slice(0, 6)}`;
    const customerId = await createCustomer(unique('Interaction Holder'));
    const a = await record(customerId, { summary: `Gate ${word} broken`, externalId: `${w.prefix}-del-${word}`, touchpoint: 'EVENT' });
    const b = await record(customerId, { touchpoint: 'EVENT' });
    const insightId = await propose({ customerIds: [customerId], evidenceIds: [a, b], confidence: 0.8 });
    const window = { days: 7 };
    const experience = async () =>
      (
        await ok(
          'query($w: TimeWindowInput, $seg: ID) { experienceByTouchpoint(window: $w, segmentId: $seg) { touchpoint channel interactionCount } }',
          {
            w: window,
            seg: w.id('segment', 'seg'),
          },
        )
      ).experienceByTouchpoint.find((e: any) => e.touchpoint === 'EVENT' && e.channel === 'PHONE')?.interactionCount ?? 0;
    const deliveriesBefore = await experience();
    await awaitSearchIndex();
    const searchHits = async () =>
      (await ok('query($q: String!) { search(query: $q, types: [INTERACTION]) { totalCount } }', { q: word })).search.totalCount;
    expect(await searchHits()).toBe(1);

    const d = (await ok(del('Interaction'), { input: { id: a, reason: 'Recorded for the wrong customer' } })).deleteInteraction;
    expect(d).toMatchObject({
      recordType: 'INTERACTION',
      recordId: a,
      label: `Gate ${word} broken`,
      reason: 'Recorded for the wrong customer',
      by: { id: w.id('employee', 'alice') },
      cascaded: [],
      cascadedCount: 0,
      evidenceRemovedFrom: [insightId],
    });
    expect(new Date(d.restorableUntil).getTime() - new Date(d.deletedAt).getTime()).toBe(30 * 86_400_000);

    // Gone from every read.
    expect((await ok('query($id: ID!) { interaction(id: $id) { id } }', { id: a })).interaction).toBeNull();
    const customer = (
      await ok('query($id: ID!) { customer(id: $id) { interactions(first: 10) { totalCount edges { node { id } } } } }', { id: customerId })
    ).customer;
    expect(customer.interactions).toEqual({ totalCount: 1, edges: [{ node: { id: b } }] });
    expect(
      (await ok('query($id: ID!) { interactions(filter: { customerId: $id }) { totalCount } }', { id: customerId })).interactions
        .totalCount,
    ).toBe(1);
    await awaitSearchIndex();
    expect(await searchHits()).toBe(0);
    expect(await experience()).toBe(deliveriesBefore - 1);

    // The insight says so: one of two pieces of evidence left, half the confidence, a new version.
    const insight = (
      await ok(
        'query($id: ID!) { insight(id: $id) { version confidence evidence { id } history(first: 5) { version confidence change } } }',
        { id: insightId },
      )
    ).insight;
    expect(insight).toMatchObject({ version: 2, confidence: 0.4, evidence: [{ id: b }] });
    expect(insight.history[0]).toMatchObject({ version: 2, confidence: 0.4, change: 'EVIDENCE_REMOVED' });
    expect(insight.history[1]).toMatchObject({ version: 1, confidence: 0.8 });

    // Deleting it again, or something unknown: NOT_FOUND, saying how to get it back.
    const again = await refused(del('Interaction'), { input: { id: a } }, analyst);
    expect(again.code).toBe('NOT_FOUND');
    expect(again.message).toMatch(/has already been deleted .*an ADMIN can restore it \(restoreInteraction\) until/);
    const unknown = await refused(del('Interaction'), { input: { id: 'no-such-interaction' } }, analyst);
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', message: "No interaction has the id 'no-such-interaction'." });
    // Recording it again by its external id does not bring it back as a new one.
    const retry = await refused(
      'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }',
      {
        input: {
          customerId,
          channel: 'PHONE',
          touchpoint: 'SUPPORT',
          direction: 'INBOUND',
          summary: 'again',
          externalId: `${w.prefix}-del-${word}`,
        },
      },
      analyst,
    );
    expect(retry.code).toBe('CONFLICT');
    expect(retry.message).toMatch(/has been deleted; it is not recorded again\. An ADMIN can restore it \(restoreInteraction\)/);

    // Only an ADMIN restores.
    expect((await refused(RESTORE.Interaction, { input: { id: a } }, analyst)).code).toBe('FORBIDDEN');
    const restored = (await ok(RESTORE.Interaction, { input: { id: a } }, admin)).restoreInteraction;
    expect(restored).toEqual({ id: a, version: 2, summary: `Gate ${word} broken`, customer: { id: customerId } });
    expect(
      (await ok('query($id: ID!) { interactions(filter: { customerId: $id }) { totalCount } }', { id: customerId })).interactions
        .totalCount,
    ).toBe(2);
    expect(await experience()).toBe(deliveriesBefore);
    // Evidence back, confidence not raised back (a person decides that).
    const after = (await ok('query($id: ID!) { insight(id: $id) { version confidence evidence { id } } }', { id: insightId })).insight;
    expect(after.version).toBe(2);
    expect(after.confidence).toBe(0.4);
    expect(after.evidence.map((e: any) => e.id).sort()).toEqual([a, b].sort());
    expect((await historyOf('interaction', a)).map((h: any) => [h.kind, h.version])).toEqual([
      ['RESTORED', 2],
      ['DELETED', null],
    ]);
    expect((await historyOf('interaction', a))[1].reason).toBe('Recorded for the wrong customer');
    // Restoring what is not deleted: NOT_FOUND.
    expect((await refused(RESTORE.Interaction, { input: { id: a } }, admin)).code).toBe('NOT_FOUND');
  });

  it('is for ANALYST and ADMIN: a VIEWER is refused and nothing changes', async () => {
    const customerId = await createCustomer(unique('Viewer Target'));
    const a = await record(customerId);
    expect((await refused(del('Interaction'), { input: { id: a } }, viewer)).code).toBe('FORBIDDEN');
    expect((await ok('query($id: ID!) { interaction(id: $id) { id } }', { id: a })).interaction).toEqual({ id: a });
    expect((await refused('query { deletedRecords { totalCount } }', {}, analyst)).code).toBe('FORBIDDEN');
  });
});

describe('restore: what it refuses', () => {
  it('an interaction whose customer is deleted (restore the customer first), or whose external id was used since', async () => {
    const customerId = await createCustomer(unique('Blocked Restore'));
    const x = await record(customerId, { externalId: `${w.prefix}-blocked-${randomUUID().slice(0, 6)}` });
    await ok(del('Interaction'), { input: { id: x } });
    await ok(del('Customer'), { input: { id: customerId } });
    const blocked = await refused(RESTORE.Interaction, { input: { id: x } }, admin);
    expect(blocked).toMatchObject({ code: 'CONFLICT', extensions: expect.objectContaining({ blockedBy: customerId }) });
    expect(blocked.message).toMatch(/cannot be restored while its customer .* is deleted; restore it first \(restoreCustomer\)/);
    await ok(RESTORE.Customer, { input: { id: customerId } }, admin);
    // An interaction with the same external id, written since (straight into the graph: the API refuses to).
    const [{ externalId }] = await s.cypher('MATCH (d:Deleted {id: $x}) RETURN d.externalId AS externalId', { x });
    await s.cypher(
      "CREATE (:Interaction {id: $id, externalId: $externalId, summary: 'usurper', occurredAt: datetime(), createdAt: datetime()})",
      { id: `${w.prefix}-usurper`, externalId },
    );
    const clash = await refused(RESTORE.Interaction, { input: { id: x } }, admin);
    expect(clash).toMatchObject({ code: 'CONFLICT', extensions: expect.objectContaining({ takenById: `${w.prefix}-usurper` }) });
    await s.cypher('MATCH (i:Interaction {id: $id}) DETACH DELETE i', { id: `${w.prefix}-usurper` });
    expect((await ok(RESTORE.Interaction, { input: { id: x } }, admin)).restoreInteraction.customer).toEqual({ id: customerId });
  });

  it('an interaction whose customer was merged since goes back to the survivor', async () => {
    const merged = await createCustomer(unique('Merged Away'));
    const survivor = await createCustomer(unique('Survivor'));
    const x = await record(merged);
    await ok(del('Interaction'), { input: { id: x } });
    // A merge as the merge module leaves it: the merged record a MergedCustomer pointing at its survivor.
    await s.cypher(
      `MATCH (a:Customer {id: $merged}), (b:Customer {id: $survivor})
       CALL (a) { MATCH (a)-[r]-() DELETE r }
       REMOVE a:Customer SET a:MergedCustomer, a.mergedIntoId = b.id CREATE (a)-[:MERGED_INTO]->(b)`,
      { merged, survivor },
    );
    expect((await ok(RESTORE.Interaction, { input: { id: x } }, admin)).restoreInteraction.customer).toEqual({ id: survivor });
    const [restored] = await historyOf('interaction', x);
    expect(restored.changes.find((c: any) => c.field === 'linksRedirected').after).toContain(survivor);
  });

  it('deletedRecords pages newest first with cursors', async () => {
    const ids = [await createCustomer(unique('Page A')), await createCustomer(unique('Page B'))];
    for (const id of ids) await ok(del('Customer'), { input: { id } });
    const page = async (after?: string) =>
      (
        await ok(
          'query($after: String) { deletedRecords(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { recordId } } } }',
          { after },
          admin,
        )
      ).deletedRecords;
    const first = await page();
    const second = await page(first.pageInfo.endCursor);
    expect([first.edges[0].node.recordId, second.edges[0].node.recordId]).toEqual([ids[1], ids[0]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBeGreaterThanOrEqual(2);
    expect(await refused('query { deletedRecords(first: 101) { totalCount } }', {}, admin).then((e) => e.code)).toBe('BAD_USER_INPUT');
  });
});

describe('npm run purge', () => {
  it('reads --older-than-days, defaulting to the retention', () => {
    expect(parsePurgeArgs([], 30)).toEqual({ olderThanDays: 30 });
    expect(parsePurgeArgs(['--older-than-days', '0'], 30)).toEqual({ olderThanDays: 0 });
    expect(() => parsePurgeArgs(['--older-than-days', 'soon'], 30)).toThrow(/--older-than-days must be a whole number of days/);
  });
});

describe('unlinkEvidence', () => {
  it('removes evidence with a new version whose confidence is scaled by what is left, down to 0; nothing removed changes nothing', async () => {
    const customerId = await createCustomer(unique('Evidence Holder'));
    const [a, b, c] = [await record(customerId), await record(customerId), await record(customerId)];
    const insightId = await propose({ customerIds: [customerId], evidenceIds: [a, b, c], confidence: 0.9 });
    const UNLINK = 'mutation($input: UnlinkEvidenceInput!) { unlinkEvidence(input: $input) { version confidence evidence { id } } }';
    const live = subscribe(
      s.wsUrl,
      `Bearer ${analyst}`,
      'subscription($c: ID) { insightChanged(customerId: $c) { kind insight { id version } } }',
      { c: customerId },
    );
    await new Promise((r) => setTimeout(r, 300));
    const one = (await ok(UNLINK, { input: { insightId, interactionIds: [a] } })).unlinkEvidence;
    expect(one).toMatchObject({ version: 2, confidence: 0.6 });
    expect(one.evidence.map((e: any) => e.id).sort()).toEqual([b, c].sort());
    expect((await live.nth(1)).data.insightChanged).toEqual({ kind: 'EVIDENCE_REMOVED', insight: { id: insightId, version: 2 } });
    // Not its evidence (any more): nothing happens.
    expect((await ok(UNLINK, { input: { insightId, interactionIds: [a] } })).unlinkEvidence).toMatchObject({ version: 2, confidence: 0.6 });
    // Stale version: CONFLICT naming the current one.
    const stale = await refused(
      UNLINK.replace('version confidence', 'version'),
      { input: { insightId, interactionIds: [b], expectedVersion: 1 } },
      analyst,
    );
    expect(stale).toMatchObject({ code: 'CONFLICT', extensions: expect.objectContaining({ currentVersion: 2 }) });
    const none = (await ok(UNLINK, { input: { insightId, interactionIds: [b, c], expectedVersion: 2 } })).unlinkEvidence;
    expect(none).toEqual({ version: 3, confidence: 0, evidence: [] });
    expect((await refused(UNLINK, { input: { insightId, interactionIds: ['nope'] } }, analyst)).code).toBe('BAD_USER_INPUT');
    expect((await refused(UNLINK, { input: { insightId, interactionIds: [a] } }, viewer)).code).toBe('FORBIDDEN');
    await live.dispose();
  });
});

describe('deleteCustomer', () => {
  /** A customer with everything a customer has: contact, owner, segment, referral, a need held since a zoned nanosecond date-time, interactions, an insight about it alone with an annotation. */
  async function richCustomer() {
    const name = unique('Rich Freight');
    const orgId = await createCustomer(name, { ownerIds: [w.id('employee', 'bob')], referredById: w.id('customer', 'acme') });
    const contactId = await createCustomer(unique('Contact Person'), { kind: 'PERSON', organizationId: orgId });
    const referredId = await createCustomer(unique('Referred One'), { referredById: orgId });
    const needId = await raiseNeed(orgId);
    await s.cypher(
      `MATCH (:Customer {id: $orgId})-[h:HAS_NEED]->(:Need {id: $needId})
       SET h.since = datetime('2025-04-01T10:00:00.123456789+02:00[Europe/Berlin]'), h.intensity = 0.75`,
      { orgId, needId },
    );
    const x1 = await record(orgId, { needIds: [needId], topics: [`${w.prefix}-fleet`] });
    const x2 = await record(orgId);
    const insightId = await propose({ customerIds: [orgId], evidenceIds: [x1, x2], topics: [`${w.prefix}-fleet`] });
    await ok('mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }', {
      input: { id: insightId, expectedVersion: 1, body: 'Revised.' },
    });
    const annotationId = await annotate(insightId);
    return { name, orgId, contactId, referredId, needId, x1, x2, insightId, annotationId };
  }

  it('takes its interactions, the insights about it alone and their annotations; a restore gives back the graph exactly as it was', async () => {
    const c = await richCustomer();
    const portfolio = async () =>
      (await ok('query($seg: ID) { portfolio(segmentId: $seg) { customerCount } }', { seg: w.id('segment', 'seg') })).portfolio
        .customerCount;
    const countBefore = await portfolio();
    const sinceOf = async () => {
      const session = s.graph.driver.session({ database: s.graph.database });
      try {
        const r = await session.run('MATCH (:Customer {id: $orgId})-[h:HAS_NEED]->(:Need {id: $needId}) RETURN h.since AS since', c);
        return r.records[0]?.get('since');
      } finally {
        await session.close();
      }
    };
    const since = await sinceOf();
    expect(isDateTime(since)).toBe(true);
    const before = await knowledgeFingerprint();

    const d = (await ok(del('Customer'), { input: { id: c.orgId } })).deleteCustomer;
    expect(d).toMatchObject({ recordType: 'CUSTOMER', recordId: c.orgId, label: c.name, cascadedCount: 4, evidenceRemovedFrom: [] });
    expect(d.cascaded).toEqual(
      expect.arrayContaining([
        { recordType: 'INTERACTION', recordId: c.x1 },
        { recordType: 'INTERACTION', recordId: c.x2 },
        { recordType: 'INSIGHT', recordId: c.insightId },
        { recordType: 'ANNOTATION', recordId: c.annotationId },
      ]),
    );
    expect(await knowledgeFingerprint()).not.toEqual(before);

    // Gone from every read; what stays no longer shows it.
    const reads = await ok(
      `query($org: ID!, $contact: ID!, $need: ID!, $x1: ID!, $ins: ID!, $name: String!, $referred: ID!) {
         customer(id: $org) { id } interaction(id: $x1) { id } insight(id: $ins) { id }
         customers(filter: { nameContains: $name }) { totalCount }
         contact: customer(id: $contact) { organization { id } }
         referred: customer(id: $referred) { referredBy { id } }
         need(id: $need) { customers(first: 5) { totalCount } interactions(first: 5) { totalCount } }
         annotations: insight(id: $ins) { annotations(first: 5) { totalCount } }
         bob: employee(id: "${w.id('employee', 'bob')}") { id }
       }`,
      { org: c.orgId, contact: c.contactId, need: c.needId, x1: c.x1, ins: c.insightId, name: c.name, referred: c.referredId },
    );
    expect(reads).toMatchObject({
      customer: null,
      interaction: null,
      insight: null,
      customers: { totalCount: 0 },
      contact: { organization: null },
      referred: { referredBy: null },
      need: { customers: { totalCount: 0 }, interactions: { totalCount: 0 } },
    });
    expect(await portfolio()).toBe(countBefore - 1);
    // Anything deleted with it is restored through it.
    const child = await refused(RESTORE.Interaction, { input: { id: c.x1 } }, admin);
    expect(child).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: expect.objectContaining({ rootRecordType: 'CUSTOMER', rootRecordId: c.orgId }),
    });
    expect(child.message).toMatch(/was deleted with customer .*restoreCustomer/);
    const childAgain = await refused(del('Interaction'), { input: { id: c.x1 } }, analyst);
    expect(childAgain.message).toMatch(/already been deleted, with customer .*restoreCustomer/);
    // Nothing more is recorded about it.
    expect(
      (
        await refused(
          'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }',
          {
            input: { customerId: c.orgId, channel: 'PHONE', touchpoint: 'SUPPORT', direction: 'INBOUND', summary: 'late' },
          },
          analyst,
        )
      ).code,
    ).toBe('BAD_USER_INPUT');

    // The ADMIN's list of what can be restored.
    const listed = (
      await ok(
        `query { deletedRecords(filter: { recordTypes: [CUSTOMER] }, first: 50) { totalCount edges { cursor node { ${DELETION} } } } }`,
        {},
        admin,
      )
    ).deletedRecords;
    const entry = listed.edges.find((e: any) => e.node.recordId === c.orgId).node;
    expect(entry).toMatchObject({
      id: d.id,
      label: c.name,
      cascadedCount: 4,
      by: { id: w.id('employee', 'alice') },
      restorableUntil: d.restorableUntil,
    });
    expect(listed.edges.every((e: any) => e.node.recordType === 'CUSTOMER')).toBe(true);

    expect((await refused(RESTORE.Customer, { input: { id: c.orgId } }, analyst)).code).toBe('FORBIDDEN');
    const restored = (await ok(RESTORE.Customer, { input: { id: c.orgId } }, admin)).restoreCustomer;
    expect(restored).toEqual({ id: c.orgId, version: 2, name: c.name });
    // Exactly what was there (versions aside), temporal properties to the nanosecond and zone.
    expect(await knowledgeFingerprint()).toEqual(before);
    const back = await sinceOf();
    expect(back.toString()).toBe(since.toString());
    expect([back.year, back.month, back.day, back.hour, back.minute, back.second, back.nanosecond, back.timeZoneId].map(String)).toEqual([
      '2025',
      '4',
      '1',
      '10',
      '0',
      '0',
      '123456789',
      'Europe/Berlin',
    ]);
    expect(await portfolio()).toBe(countBefore);
    expect((await historyOf('customer', c.orgId)).map((h: any) => h.kind).slice(0, 2)).toEqual(['RESTORED', 'DELETED']);
    const annotationHistory = await s.cypher('MATCH (r:RecordChange {recordId: $id}) RETURN r.kind AS kind ORDER BY r.at DESC', {
      id: c.annotationId,
    });
    expect(annotationHistory.map((h) => h.kind)).toEqual(['RESTORED', 'DELETED']);
  });

  it('leaves insights about it and something else, which lose the interactions it takes as evidence; announces only what is live', async () => {
    const customerId = await createCustomer(unique('Shared Subject'));
    const other = await createCustomer(unique('Other Subject'));
    const x = await record(customerId);
    const y = await record(other);
    const shared = await propose({ customerIds: [customerId, other], evidenceIds: [x, y], confidence: 0.5 });
    const alone = await propose({ customerIds: [customerId], evidenceIds: [x] });
    const insights = subscribe(s.wsUrl, `Bearer ${analyst}`, 'subscription { insightChanged { kind insight { id confidence } } }');
    const recorded = subscribe(s.wsUrl, `Bearer ${analyst}`, 'subscription { interactionRecorded { interaction { id } } }');
    const changes = subscribe(
      s.wsUrl,
      `Bearer ${analyst}`,
      'subscription($c: ID) { recordChanged(customerId: $c) { kind recordType recordId change { reason } } }',
      { c: customerId },
    );
    await new Promise((r) => setTimeout(r, 300));

    const d = (await ok(del('Customer'), { input: { id: customerId, reason: 'Test account' } })).deleteCustomer;
    expect(d.evidenceRemovedFrom).toEqual([shared]);
    expect(d.cascaded).toEqual(
      expect.arrayContaining([
        { recordType: 'INSIGHT', recordId: alone },
        { recordType: 'INTERACTION', recordId: x },
      ]),
    );
    const sharedNow = (
      await ok('query($id: ID!) { insight(id: $id) { confidence subjects { ... on Customer { id } } evidence { id } } }', { id: shared })
    ).insight;
    expect(sharedNow).toEqual({ confidence: 0.25, subjects: [{ id: other }], evidence: [{ id: y }] });

    await changes.nth(2);
    expect(changes.events.map((e) => e.data.recordChanged).sort((a: any, b: any) => a.recordType.localeCompare(b.recordType))).toEqual([
      { kind: 'DELETED', recordType: 'CUSTOMER', recordId: customerId, change: { reason: 'Test account' } },
      { kind: 'DELETED', recordType: 'INTERACTION', recordId: x, change: { reason: 'Test account' } },
    ]);
    expect((await insights.nth(1)).data.insightChanged).toEqual({ kind: 'EVIDENCE_REMOVED', insight: { id: shared, confidence: 0.25 } });
    await new Promise((r) => setTimeout(r, 500));
    // Nothing about the deleted insight or the deleted interaction.
    expect(insights.events).toHaveLength(1);
    expect(recorded.events).toHaveLength(0);
    await Promise.all([insights.dispose(), recorded.dispose(), changes.dispose()]);
  });

  it('refuses an erased customer (erased stays erased) and keeps learning away from what is deleted', async () => {
    const customerId = await createCustomer(unique('Erased Before'));
    await ok('mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) { id } }', { input: { customerId } }, admin);
    const erased = await refused(del('Customer'), { input: { id: customerId } }, admin);
    expect(erased.code).toBe('CONFLICT');
    expect(erased.message).toMatch(/has been erased; an erased customer stays erased/);

    const gone = await createCustomer(unique('Learning Gone'));
    const x = await record(gone);
    await ok(del('Customer'), { input: { id: gone } });
    await ok('mutation { runLearning { results { miner } } }', {}, admin);
    // Nothing live links to a deleted record: learning read nothing of it.
    expect(await s.cypher("MATCH (d:Deleted)-[r]-() WHERE type(r) <> 'HAD_VERSION' RETURN count(r) AS n")).toEqual([{ n: 0 }]);
    expect(await s.cypher('MATCH (:Insight)-[:EVIDENCED_BY]->(i) WHERE i.id = $x RETURN count(*) AS n', { x })).toEqual([{ n: 0 }]);
  });

  it('never leaves an interaction with a deleted customer, when recording races the deletion (20 rounds)', async () => {
    const outcomes = { recordedFirst: 0, refused: 0 };
    for (let round = 0; round < 20; round++) {
      const customerId = await createCustomer(unique('Race'));
      // Now one, now the other starts first, so that each waits for the other's lock in some rounds.
      const [deletion, recording] = await Promise.all([
        new Promise((r) => setTimeout(r, [0, 3, 8, 15][round % 4])).then(() =>
          s.gql(del('Customer').replace(DELETION, 'cascadedCount'), { input: { id: customerId } }, analyst),
        ),
        s.gql(
          'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }',
          {
            input: { customerId, channel: 'EMAIL', touchpoint: 'SUPPORT', direction: 'INBOUND', summary: `${w.prefix} race ${round}` },
          },
          analyst,
        ),
      ]);
      expect(deletion.errors).toBeUndefined();
      if (recording.errors) {
        expect(recording.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
        outcomes.refused++;
      } else {
        // Recorded before the deletion: deleted with it.
        expect(deletion.data.deleteCustomer.cascadedCount).toBe(1);
        outcomes.recordedFirst++;
      }
      const [left] = await s.cypher(
        `RETURN COUNT { (i:Interaction)-[:WITH_CUSTOMER]->({id: $id}) } AS attached,
                COUNT { (i:Interaction) WHERE i.summary = $summary } AS live,
                COUNT { (d:Deleted) WHERE $id IN d.customerIds AND d.deletedLabel = 'Interaction' } AS deletedWithIt`,
        { id: customerId, summary: `${w.prefix} race ${round}` },
      );
      expect(left).toEqual({ attached: 0, live: 0, deletedWithIt: recording.errors ? 0 : 1 });
    }
    expect(outcomes.recordedFirst + outcomes.refused).toBe(20);
    expect(await s.cypher('MATCH (i:Interaction) WHERE NOT (i)-[:WITH_CUSTOMER]->(:Customer) RETURN count(i) AS n')).toEqual([{ n: 0 }]);
  });
});

describe('deleteNeed', () => {
  it('takes the insights about it alone; insights about it and a customer stay; restore links the holders again', async () => {
    const customerId = await createCustomer(unique('Need Holder'));
    const needId = await raiseNeed(customerId);
    const x = await record(customerId, { needIds: [needId] });
    const alone = await propose({ needIds: [needId] });
    const both = await propose({ needIds: [needId], customerIds: [customerId], evidenceIds: [x] });
    const d = (await ok(del('Need'), { input: { id: needId } })).deleteNeed;
    expect(d).toMatchObject({ recordType: 'NEED', cascaded: [{ recordType: 'INSIGHT', recordId: alone }], cascadedCount: 1 });
    const reads = await ok(
      'query($n: ID!, $c: ID!, $a: ID!, $b: ID!, $x: ID!) { need(id: $n) { id } alone: insight(id: $a) { id } both: insight(id: $b) { subjects { __typename } evidence { id } } customer(id: $c) { needs(first: 5) { totalCount } heldNeeds { need { id } } } interaction(id: $x) { needs { id } } }',
      { n: needId, c: customerId, a: alone, b: both, x },
    );
    expect(reads).toEqual({
      need: null,
      alone: null,
      both: { subjects: [{ __typename: 'Customer' }], evidence: [{ id: x }] },
      customer: { needs: { totalCount: 0 }, heldNeeds: [] },
      interaction: { needs: [] },
    });
    expect((await ok(RESTORE.Need, { input: { id: needId } }, admin)).restoreNeed).toMatchObject({ id: needId, version: 2 });
    const back = await ok(
      'query($c: ID!, $a: ID!, $x: ID!) { alone: insight(id: $a) { id } customer(id: $c) { heldNeeds { need { id } } } interaction(id: $x) { needs { id } } }',
      { c: customerId, a: alone, x },
    );
    expect(back).toEqual({
      alone: { id: alone },
      customer: { heldNeeds: [{ need: { id: needId } }] },
      interaction: { needs: [{ id: needId }] },
    });
  });

  it('a link to a record deleted since is made when that one is restored: customer deleted, need deleted, both restored', async () => {
    const customerId = await createCustomer(unique('Order Holder'));
    const needId = await raiseNeed(customerId);
    await ok(del('Customer'), { input: { id: customerId } });
    await ok(del('Need'), { input: { id: needId } });
    await ok(RESTORE.Customer, { input: { id: customerId } }, admin);
    expect((await historyOf('customer', customerId))[0].changes.find((c: any) => c.field === 'linksNotRestored').after).toMatch(
      /HAS_NEED.*MISSING/,
    );
    await ok(RESTORE.Need, { input: { id: needId } }, admin);
    expect((await ok('query($c: ID!) { customer(id: $c) { heldNeeds { need { id } } } }', { c: customerId })).customer.heldNeeds).toEqual([
      { need: { id: needId } },
    ]);
  });
});

describe('deleteAnnotation', () => {
  it('is for its author or an ADMIN; restore puts it back on its insight', async () => {
    const customerId = await createCustomer(unique('Annotated'));
    const insightId = await propose({ customerIds: [customerId] });
    const mine = await annotate(insightId, bob);
    const other = await annotate(insightId, bob);
    expect((await refused(del('Annotation'), { input: { id: mine } }, analyst)).code).toBe('FORBIDDEN');
    expect((await refused(del('Annotation'), { input: { id: mine } }, viewer)).code).toBe('FORBIDDEN');
    const d = (await ok(del('Annotation'), { input: { id: mine } }, bob)).deleteAnnotation;
    expect(d).toMatchObject({ recordType: 'ANNOTATION', recordId: mine, by: { id: w.id('employee', 'bob') } });
    expect(d.label).toMatch(/^t.* a comment on the insight/);
    await ok(del('Annotation'), { input: { id: other, reason: 'Off topic' } }, admin);
    expect(
      (await ok('query($id: ID!) { insight(id: $id) { annotations(first: 5) { totalCount } } }', { id: insightId })).insight.annotations
        .totalCount,
    ).toBe(0);
    const back = (await ok(RESTORE.Annotation, { input: { id: mine } }, admin)).restoreAnnotation;
    expect(back).toMatchObject({ id: mine, version: 2, insight: { id: insightId } });
    expect(
      (await ok('query($id: ID!) { insight(id: $id) { annotations(first: 5) { totalCount } } }', { id: insightId })).insight.annotations
        .totalCount,
    ).toBe(1);
  });
});

describe('purge', () => {
  it('deletes for good only what is past the retention, with the versions of deleted insights and the history', async () => {
    const oldId = await createCustomer(unique('Old Deletion'));
    const x = await record(oldId);
    const insightId = await propose({ customerIds: [oldId], evidenceIds: [x] });
    await ok('mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }', {
      input: { id: insightId, expectedVersion: 1, body: 'Second.' },
    });
    const recentId = await createCustomer(unique('Recent Deletion'));
    await ok(del('Customer'), { input: { id: oldId } });
    await ok(del('Customer'), { input: { id: recentId } });
    await s.cypher(
      "MATCH (r:Deleted {id: $id}) MATCH (n:Deleted {deletionId: r.deletionId}) SET n.deletedAt = n.deletedAt - duration('P31D')",
      { id: oldId },
    );
    expect(await s.cypher('MATCH (r:RecordChange) WHERE r.recordId IN [$a, $b] RETURN count(r) AS n', { a: oldId, b: x })).not.toEqual([
      { n: 0 },
    ]);

    const report = await purgeDeleted(s.graph, { olderThanDays: 30 });
    expect(report.records).toBeGreaterThanOrEqual(3);
    expect(report.insightVersions).toBeGreaterThanOrEqual(1);
    const [left] = await s.cypher(
      `RETURN COUNT { (n) WHERE n.id IN [$old, $x, $insight] } AS oldNodes, COUNT { (r:RecordChange) WHERE r.recordId IN [$old, $x] } AS history,
              COUNT { (v:InsightVersion) WHERE NOT EXISTS { ()-[:HAD_VERSION]->(v) } } AS orphanVersions, COUNT { (d:Deleted {id: $recent}) } AS recent`,
      { old: oldId, x, insight: insightId, recent: recentId },
    );
    expect(left).toEqual({ oldNodes: 0, history: 0, orphanVersions: 0, recent: 1 });
    expect((await refused(RESTORE.Customer, { input: { id: oldId } }, admin)).code).toBe('NOT_FOUND');
    expect((await ok(RESTORE.Customer, { input: { id: recentId } }, admin)).restoreCustomer.id).toBe(recentId);
  });
});

describe('erasure reaches deleted records', () => {
  it('erasing a customer with deleted interactions, and a deleted customer, leaves no trace of their name or email', async () => {
    const marker = randomUUID().slice(0, 6);
    const name = `Quinn Zebulon${marker}`;
    const email = `quinn.${marker}@erase.example`;
    const customerId = await createCustomer(name, { email, kind: 'PERSON', segmentId: null });
    const x1 = await record(customerId, { summary: `${name} called about the gate`, content: `Mail ${email}` });
    const x2 = await record(customerId, { summary: `${name} again` });
    const insightId = await propose({ customerIds: [customerId], evidenceIds: [x1, x2], title: `${name} wants mornings` });
    await ok('mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }', {
      input: { id: insightId, expectedVersion: 1, body: `Ask ${name}.` },
    });
    await annotate(insightId);
    // Another customer's interaction that names them, deleted; and a need they hold, deleted.
    const otherId = await createCustomer(unique('Bystander'));
    const mention = await record(otherId, { summary: `Referred by ${name}` });
    await ok(del('Interaction'), { input: { id: mention, reason: `Duplicate of ${name}'s call` } });
    const needId = await raiseNeed(customerId, `Paper invoices for ${name}`);
    await ok(del('Interaction'), { input: { id: x1 } });
    await ok(del('Need'), { input: { id: needId } });
    await ok(del('Customer'), { input: { id: customerId } });
    expect((await findAnywhere([name, email])).length).toBeGreaterThan(0);

    const receipt = (
      await ok(
        'mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) { customerId dryRun } }',
        { input: { customerId } },
        admin,
      )
    ).eraseCustomer;
    expect(receipt).toEqual({ customerId, dryRun: false });
    expect(await findAnywhere([name, email, `Zebulon${marker}`])).toEqual([]);
    const [left] = await s.cypher(
      `MATCH (c:Customer {id: $id})
       RETURN c.erased AS erased, COUNT { (d:Deleted) WHERE $id IN d.customerIds } AS deletedAboutThem,
              COUNT { (r:RecordChange) WHERE r.recordId IN [$id, $x1, $x2] } AS history,
              COUNT { (d:Deleted) WHERE d.deletedLinks CONTAINS $id } AS linksToThem`,
      { id: customerId, x1, x2 },
    );
    expect(left).toEqual({ erased: true, deletedAboutThem: 0, history: 0, linksToThem: 0 });
    // What was not theirs stays restorable, without them.
    expect((await ok(RESTORE.Need, { input: { id: needId } }, admin)).restoreNeed.title).toBe('Paper invoices for [erased]');
    expect((await ok(RESTORE.Interaction, { input: { id: mention } }, admin)).restoreInteraction.summary).toBe('Referred by [erased]');
    expect(
      (await ok('query($id: ID!) { need(id: $id) { customers(first: 5) { totalCount } } }', { id: needId })).need.customers.totalCount,
    ).toBe(0);
  });
});

describe('import', () => {
  it('reports a removed record named in a file instead of bringing it back', async () => {
    const p = `${w.prefix}imp${randomUUID().slice(0, 4)}`;
    const file = path.join(dir, `${p}.ndjson`);
    const lines = [
      {
        type: 'customer',
        externalId: `${p}-c`,
        name: `${p} Imported`,
        kind: 'ORGANIZATION',
        lifecycleStage: 'ACTIVE',
        relationshipType: 'COLLABORATIVE',
        revenue: 10,
      },
      {
        type: 'interaction',
        externalId: `${p}-x`,
        customer: `${p}-c`,
        handler: `${w.prefix}-alice`,
        channel: 'EMAIL',
        touchpoint: 'SUPPORT',
        direction: 'INBOUND',
        occurredAt: '2025-01-02T10:00:00Z',
        summary: 'Imported',
      },
    ];
    // The world's employees have no external id: give alice one for the handler reference.
    await s.cypher('MATCH (e:Employee {id: $id}) SET e.externalId = $x', { id: w.id('employee', 'alice'), x: `${w.prefix}-alice` });
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect((await importFile(s.graph, { file })).rejected).toBe(0);
    const [{ x, c }] = await s.cypher('MATCH (i:Interaction {externalId: $x})-[:WITH_CUSTOMER]->(c) RETURN i.id AS x, c.id AS c', {
      x: `${p}-x`,
    });
    await ok(del('Interaction'), { input: { id: x } });
    const again = await importFile(s.graph, { file, restart: true });
    expect(again.rejected).toBe(1);
    const rejects = readFileSync(again.rejectsFile!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects).toEqual([
      expect.objectContaining({
        line: 2,
        reason: expect.stringMatching(
          /externalId '.*-x' names a deleted interaction; an import does not bring it back \(an ADMIN can restore it with restoreInteraction\)/,
        ),
      }),
    ]);
    await ok(del('Customer'), { input: { id: c } });
    const third = await importFile(s.graph, { file, restart: true });
    const reasons = readFileSync(third.rejectsFile!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).reason);
    expect(reasons).toEqual([
      expect.stringMatching(/externalId '.*-c' names a deleted customer/),
      expect.stringMatching(/names a deleted/),
    ]);
    expect(
      await s.cypher('MATCH (n) WHERE n.externalId IN [$c, $x] AND NOT n:Deleted RETURN count(n) AS n', { c: `${p}-c`, x: `${p}-x` }),
    ).toEqual([{ n: 0 }]);
  });
});
