import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { writeDataSet } from '../../seeds/generate';
import { importFile, ImportError, type ImportProgress, type ImportSummary } from '../../src/import/importer';
import { AccessRole } from '../../src/graphql/access';
import { graphFingerprint } from '../helpers/fingerprint';
import { buildDist, ROOT, run } from '../helpers/process';
import { startTestServer, type TestServer } from '../helpers/server';

let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startTestServer();
  dir = mkdtempSync(path.join(tmpdir(), 'rapport-import-'));
});
afterAll(async () => {
  // The suites share one database: leave nothing behind that makes the others' whole-graph checks slow.
  await s.cypher(
    "MATCH (n) WHERE n.externalId STARTS WITH 'imp' OR n.externalId =~ '(c|e|n|x|s)-[0-9]+(#[0-9]+)?|seg-[0-9]+' DETACH DELETE n",
  );
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes an import file; objects become NDJSON lines, strings are written as they are. */
function write(name: string, lines: (object | string)[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

const rejectsOf = (summary: ImportSummary) =>
  summary.rejectsFile
    ? readFileSync(summary.rejectsFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { line: number; reason: string; record: string })
    : [];

const zero = { created: 0, updated: 0, unchanged: 0, rejected: 0 };

/** A small, complete data set under a fresh prefix: every record type, references between them. */
function dataSet(p: string) {
  return [
    { type: 'segment', externalId: `${p}-seg`, name: `${p} Fleets`, description: 'Delivery fleets' },
    {
      type: 'employee',
      externalId: `${p}-e1`,
      name: 'Ana Costa',
      email: `${p}-ana@example.com`,
      team: 'Accounts',
      role: 'ACCOUNT_MANAGER',
      accessRoles: ['ANALYST'],
    },
    { type: 'employee', externalId: `${p}-e2`, name: 'Ben Ode', email: `${p}-ben@example.com`, team: 'Support', role: 'SUPPORT_AGENT' },
    {
      type: 'customer',
      externalId: `${p}-org`,
      name: `${p} Acme Logistics`,
      kind: 'ORGANIZATION',
      lifecycleStage: 'ACTIVE',
      relationshipType: 'COLLABORATIVE',
      revenue: 120000,
      costToServe: 30000,
      lifetimeValue: 500000,
      consentContact: true,
      consentAnalytics: true,
      segment: `${p}-seg`,
      owners: [`${p}-e1`],
      createdAt: '2024-02-01T09:00:00Z',
    },
    {
      type: 'customer',
      externalId: `${p}-kim`,
      name: `${p} Kim Lai`,
      kind: 'PERSON',
      email: 'kim@acme.example',
      lifecycleStage: 'ACTIVE',
      relationshipType: 'COLLABORATIVE',
      revenue: 0,
      organization: `${p}-org`,
      referredBy: `${p}-org`,
      owners: [`${p}-e1`, `${p}-e2`],
    },
    {
      type: 'need',
      externalId: `${p}-n1`,
      title: 'Invoices on time',
      kind: 'FUNCTIONAL',
      priority: 'HIGH',
      topics: ['Billing'],
      holders: [{ customer: `${p}-org`, since: '2024-03-01T00:00:00Z', intensity: 0.9 }],
      createdAt: '2024-03-01T00:00:00Z',
    },
    {
      type: 'interaction',
      externalId: `${p}-x1`,
      customer: `${p}-kim`,
      handler: `${p}-e2`,
      channel: 'EMAIL',
      touchpoint: 'BILLING',
      direction: 'INBOUND',
      occurredAt: '2025-01-02T10:00:00Z',
      summary: 'Invoice arrived late',
      content: 'Third time this quarter.',
      sentiment: -0.5,
      expectedQuality: 4,
      perceivedQuality: 2,
      needs: [`${p}-n1`],
      topics: ['billing', 'Late '],
    },
    {
      type: 'interaction',
      externalId: `${p}-x2`,
      customer: `${p}-org`,
      handler: `${p}-e1`,
      channel: 'MEETING',
      touchpoint: 'RENEWAL',
      direction: 'OUTBOUND',
      occurredAt: '2025-02-03T14:00:00Z',
      summary: 'Renewal talk',
    },
    {
      type: 'insight',
      externalId: `${p}-i1`,
      title: 'Late invoices hurt Acme',
      body: 'Late invoices come up in every billing contact.',
      origin: 'FROM_CUSTOMER',
      status: 'PROPOSED',
      confidence: 0.7,
      author: `${p}-e1`,
      aboutCustomers: [`${p}-org`],
      aboutNeeds: [`${p}-n1`],
      aboutSegments: [`${p}-seg`],
      evidence: [`${p}-x1`],
      topics: ['billing'],
      createdAt: '2025-01-10T09:00:00Z',
      annotations: [{ author: `${p}-e2`, kind: 'ENDORSEMENT', body: 'Seen it too.', createdAt: '2025-01-11T09:00:00Z' }],
    },
  ];
}

const idOf = async (label: 'Customer' | 'Employee' | 'Insight', externalId: string) =>
  (await s.cypher(`MATCH (n:${label} {externalId: $externalId}) RETURN n.id AS id`, { externalId }))[0]?.id as string | undefined;

describe('npm run import: NDJSON', () => {
  it('imports every record type with its links, and the API serves them', async () => {
    const p = `imp${randomUUID().slice(0, 8)}`;
    const file = write(`${p}.ndjson`, dataSet(p));
    const summary = await importFile(s.graph, { file });
    expect(summary).toMatchObject({
      format: 'ndjson',
      resumedAfterLine: null,
      lines: 9,
      imported: 9,
      rejected: 0,
      rejectsFile: null,
      interrupted: false,
    });
    expect(existsSync(`${file}.rejects.ndjson`)).toBe(false); // no empty rejects file is left behind
    expect(await s.cypher('MATCH (c:ImportCheckpoint) RETURN count(c) AS n')).toEqual([{ n: 0 }]); // nor a checkpoint
    expect(summary.counts).toEqual({
      segment: { ...zero, created: 1 },
      employee: { ...zero, created: 2 },
      customer: { ...zero, created: 2 },
      need: { ...zero, created: 1 },
      interaction: { ...zero, created: 2 },
      insight: { ...zero, created: 1 },
      unknown: zero,
    });
    const token = await s.token((await idOf('Employee', `${p}-e1`))!, [AccessRole.ANALYST]);
    const res = await s.gql(
      `query($id: ID!) { customer(id: $id) {
         name kind revenue segment { name } owners { name } contacts(first: 5) { edges { node { name } } }
         interactions(first: 5) { edges { node { summary handler { name } needs { title } topics { name } } } }
         heldNeeds { need { title topics { name } } intensity since }
         insights(first: 5) { edges { node { title status author { name } evidence { summary }
           annotations(first: 5) { edges { node { kind body author { name } } } } } } }
       } }`,
      { id: await idOf('Customer', `${p}-org`) },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.customer).toEqual({
      name: `${p} Acme Logistics`,
      kind: 'ORGANIZATION',
      revenue: 120000,
      segment: { name: `${p} Fleets` },
      owners: [{ name: 'Ana Costa' }],
      contacts: { edges: [{ node: { name: `${p} Kim Lai` } }] },
      interactions: { edges: [{ node: { summary: 'Renewal talk', handler: { name: 'Ana Costa' }, needs: [], topics: [] } }] },
      heldNeeds: [
        { need: { title: 'Invoices on time', topics: [{ name: 'billing' }] }, intensity: 0.9, since: '2024-03-01T00:00:00.000Z' },
      ],
      insights: {
        edges: [
          {
            node: {
              title: 'Late invoices hurt Acme',
              status: 'PROPOSED',
              author: { name: 'Ana Costa' },
              evidence: [{ summary: 'Invoice arrived late' }],
              annotations: { edges: [{ node: { kind: 'ENDORSEMENT', body: 'Seen it too.', author: { name: 'Ben Ode' } } }] },
            },
          },
        ],
      },
    });
    // Front ends find imported records by the id they have in their source system.
    const found = await s.gql(
      `query($x: String!) { customers(filter: { externalId: $x }) { totalCount edges { node { externalId name owners { externalId name } segment { externalId } } } } }`,
      { x: `${p}-kim` },
      token,
    );
    expect(found.errors).toBeUndefined();
    expect(found.data.customers).toEqual({
      totalCount: 1,
      edges: [
        {
          node: {
            externalId: `${p}-kim`,
            name: `${p} Kim Lai`,
            owners: [
              { externalId: `${p}-e1`, name: 'Ana Costa' },
              { externalId: `${p}-e2`, name: 'Ben Ode' },
            ],
            segment: null,
          },
        },
      ],
    });
    const kim = await s.gql(
      `query($id: ID!) { customer(id: $id) { organization { name } referredBy { name } owners { name }
         heldNeeds { need { title } intensity since }
         interactions(first: 5) { edges { node { channel touchpoint occurredAt sentiment qualityGap needs { title } topics { name } } } } } }`,
      { id: await idOf('Customer', `${p}-kim`) },
      token,
    );
    expect(kim.errors).toBeUndefined();
    expect(kim.data.customer).toEqual({
      organization: { name: `${p} Acme Logistics` },
      referredBy: { name: `${p} Acme Logistics` },
      owners: [{ name: 'Ana Costa' }, { name: 'Ben Ode' }],
      // Expressing a need makes the customer hold it (intensity 0.5 until someone says otherwise).
      heldNeeds: [{ need: { title: 'Invoices on time' }, intensity: 0.5, since: '2025-01-02T10:00:00.000Z' }],
      interactions: {
        edges: [
          {
            node: {
              channel: 'EMAIL',
              touchpoint: 'BILLING',
              occurredAt: '2025-01-02T10:00:00.000Z',
              sentiment: -0.5,
              qualityGap: -2,
              needs: [{ title: 'Invoices on time' }],
              topics: [{ name: 'billing' }, { name: 'late' }],
            },
          },
        ],
      },
    });
  });

  it("gives the customers it touched their health snapshot and last contact, once at the import's end", async () => {
    const p = `imp${randomUUID().slice(0, 8)}`;
    await importFile(s.graph, { file: write(`${p}.ndjson`, dataSet(p)) });
    const rows = await s.cypher(
      `MATCH (c:Customer) WHERE c.externalId IN $ids
       RETURN c.externalId AS id, c.lastContactAt AS last, c.healthScore AS score, c.healthStatus AS status, c.healthAsOf IS NOT NULL AS asOf ORDER BY id`,
      { ids: [`${p}-kim`, `${p}-org`] },
    );
    // Kim: no analytics consent, no health. Acme: contacted 2025-02-03 (outside both windows, so no sentiment, no recency),
    // one open need: 15 + 7.5 + 0 + 8 + 20 = 50.5 → 51.
    expect(rows.map((r) => [r.id, r.last.toISOString(), r.score, r.status, r.asOf])).toEqual([
      [`${p}-kim`, '2025-01-02T10:00:00.000Z', null, null, false],
      [`${p}-org`, '2025-02-03T14:00:00.000Z', 51, 'WATCH', true],
    ]);
  });

  it('is idempotent: the same file again changes nothing in the graph', async () => {
    const p = `imp${randomUUID().slice(0, 8)}`;
    const file = write(`${p}.ndjson`, dataSet(p));
    await importFile(s.graph, { file });
    const before = await graphFingerprint(s.graph);
    const again = await importFile(s.graph, { file });
    expect(again.counts).toEqual({
      segment: { ...zero, unchanged: 1 },
      employee: { ...zero, unchanged: 2 },
      customer: { ...zero, unchanged: 2 },
      need: { ...zero, unchanged: 1 },
      interaction: { ...zero, unchanged: 2 },
      insight: { ...zero, unchanged: 1 },
      unknown: zero,
    });
    const after = await graphFingerprint(s.graph);
    expect({ nodes: after.nodes, relationships: after.relationships, sha256: after.sha256 }).toEqual({
      nodes: before.nodes,
      relationships: before.relationships,
      sha256: before.sha256,
    });
  });

  it('updates a changed customer, and only that one, moving its updatedAt', async () => {
    const p = `imp${randomUUID().slice(0, 8)}`;
    const records = dataSet(p);
    await importFile(s.graph, { file: write(`${p}-1.ndjson`, records) });
    const read = async () =>
      (await s.cypher(
        'MATCH (c:Customer) WHERE c.externalId IN $ids RETURN c.externalId AS x, c.revenue AS revenue, c.lifecycleStage AS stage, c.updatedAt AS at ORDER BY x',
        {
          ids: [`${p}-kim`, `${p}-org`],
        },
      )) as { x: string; revenue: number; stage: string; at: Date }[];
    const [kimBefore, orgBefore] = await read();
    const changed = records.map((r) => (r.externalId === `${p}-org` ? { ...r, revenue: 150000, lifecycleStage: 'AT_RISK' } : r));
    const summary = await importFile(s.graph, { file: write(`${p}-2.ndjson`, changed) });
    expect(summary.counts.customer).toEqual({ ...zero, updated: 1, unchanged: 1 });
    const [kimAfter, orgAfter] = await read();
    expect(kimAfter).toEqual(kimBefore);
    expect(orgAfter).toMatchObject({ revenue: 150000, stage: 'AT_RISK' });
    expect(orgAfter.at.getTime()).toBeGreaterThan(orgBefore.at.getTime());
  });

  it('writes every bad line to the rejects file with its line number and reason, counts it, imports the rest, and writes nothing of it', async () => {
    const p = `imp${randomUUID().slice(0, 8)}`;
    const [seg, e1, e2, org, kim, need, x1] = dataSet(p);
    const other = { ...org, externalId: `${p}-other`, name: `${p} Other Co`, segment: undefined, owners: [] };
    const lines: (object | string)[] = [
      seg,
      e1,
      e2,
      org,
      other,
      kim,
      need,
      x1,
      '{"type": "interaction", "externalId": ', // 9: not JSON
      '[1, 2]', // 10: not an object
      { type: 'invoice', externalId: `${p}-v1` }, // 11: unknown type
      { ...x1, externalId: `${p}-x3`, channel: 'FAX', occurredAt: '2025-01-02' }, // 12: bad enum, date without zone
      { ...x1, externalId: `${p}-x4`, customer: `${p}-nobody` }, // 13: unknown reference
      { ...x1, externalId: `${p}-x5`, summary: 'x'.repeat(501) }, // 14: oversized
      { ...x1, externalId: `${p}-x6`, sentiment: 3, colour: 'red' }, // 15: out of range, unknown field
      { ...x1, externalId: `${p}-x1`, summary: 'again' }, // 16: the same interaction again (a retry): unchanged
      { ...x1, externalId: `${p}-x7`, handler: undefined }, // 17: missing field
      '', // 18: blank lines are skipped
      { ...kim, externalId: `${p}-kid`, organization: `${p}-kim` }, // 19: organization that is a person
      { ...e2, externalId: `${p}-e3` }, // 20: email of another employee
      { ...x1, customer: `${p}-other` }, // 21: external id already used with another customer
    ];
    const summary = await importFile(s.graph, { file: write(`${p}.ndjson`, lines), batchSize: 4 });
    expect(rejectsOf(summary)).toEqual([
      { line: 9, reason: expect.stringMatching(/^the line is not valid JSON/), record: '{"type": "interaction", "externalId": ' },
      { line: 10, reason: 'the line is not a JSON object', record: '[1, 2]' },
      {
        line: 11,
        reason: 'type must be one of segment, employee, customer, need, interaction, insight',
        record: JSON.stringify(lines[10]),
      },
      {
        line: 12,
        reason:
          'channel must be one of EMAIL, PHONE, CHAT, MEETING, VIDEO_CALL, SOCIAL, WEB, SURVEY; occurredAt must be an ISO-8601 date-time with a zone, like 2025-03-01T09:30:00Z',
        record: JSON.stringify(lines[11]),
      },
      {
        line: 13,
        reason: `customer '${p}-nobody' names no customer in the graph or earlier in the file`,
        record: JSON.stringify(lines[12]),
      },
      { line: 14, reason: 'summary must be at most 500 characters', record: JSON.stringify(lines[13]) },
      { line: 15, reason: 'sentiment must be between -1 and 1; unknown field colour', record: JSON.stringify(lines[14]) },
      { line: 17, reason: 'handler is required', record: JSON.stringify(lines[16]) },
      { line: 19, reason: `organization '${p}-kim' is not a customer of kind ORGANIZATION`, record: JSON.stringify(lines[18]) },
      { line: 20, reason: `email '${p}-ben@example.com' is already used by another employee`, record: JSON.stringify(lines[19]) },
      {
        line: 21,
        reason: `externalId '${p}-x1' is already used by an interaction with another customer`,
        record: JSON.stringify(lines[20]),
      },
    ]);
    expect(summary).toMatchObject({ lines: 21, imported: 9, rejected: 11, rejectsFile: `${path.join(dir, p)}.ndjson.rejects.ndjson` });
    expect(summary.counts).toEqual({
      segment: { ...zero, created: 1 },
      employee: { ...zero, created: 2, rejected: 1 },
      customer: { ...zero, created: 3, rejected: 1 },
      need: { ...zero, created: 1 },
      interaction: { ...zero, created: 1, unchanged: 1, rejected: 7 },
      insight: zero,
      unknown: { ...zero, rejected: 2 },
    });
    // Exactly the eight good records were added: a segment, 2 employees, 3 customers, a need and an interaction.
    const added = await s.cypher('MATCH (n) WHERE n.externalId STARTS WITH $p RETURN n.externalId AS x ORDER BY x', { p: `${p}-` });
    expect(added.map((r) => r.x)).toEqual(
      [`${p}-e1`, `${p}-e2`, `${p}-n1`, `${p}-org`, `${p}-other`, `${p}-kim`, `${p}-seg`, `${p}-x1`].sort(),
    );
    const x1Customer = await s.cypher(
      'MATCH (:Interaction {externalId: $x})-[:WITH_CUSTOMER]->(c) RETURN c.externalId AS c, count(*) AS n',
      { x: `${p}-x1` },
    );
    expect(x1Customer).toEqual([{ c: `${p}-kim`, n: 1 }]);
  });

  it('refuses what the API refuses: money over 1e12, an organization as a member, a 60-character topic that lower-cases longer, a name of zero-width characters', async () => {
    const p = `imp${randomUUID().slice(0, 8)}`;
    const [seg, e1, e2, org, kim, need] = dataSet(p);
    const lines = [
      seg,
      e1,
      e2,
      org,
      kim,
      need,
      { ...org, externalId: `${p}-rich`, name: `${p} Rich`, revenue: 1e300 }, // 7
      { ...org, externalId: `${p}-sub`, name: `${p} Sub Org`, organization: `${p}-org`, referredBy: undefined }, // 8
      { ...need, externalId: `${p}-n2`, topics: ['İ'.repeat(60)] }, // 9
      { ...seg, externalId: `${p}-seg2`, name: '\u200B\u200B' }, // 10
    ];
    const summary = await importFile(s.graph, { file: write(`${p}.ndjson`, lines) });
    expect(rejectsOf(summary).map(({ line, reason }) => ({ line, reason }))).toEqual([
      { line: 7, reason: 'revenue must not be greater than 1000000000000' },
      { line: 8, reason: 'only a contact person (kind PERSON) can be a member of an organization' },
      { line: 9, reason: 'topics.0 must be at most 60 characters once lower-cased, as it is stored' },
      { line: 10, reason: 'name must not be blank' },
    ]);
    const stored = await s.cypher('MATCH (n) WHERE n.externalId IN $x RETURN n.externalId AS x', {
      x: [`${p}-rich`, `${p}-sub`, `${p}-n2`, `${p}-seg2`],
    });
    expect(stored).toEqual([]);
  });

  it('stores date-times to the millisecond, so that pages by time neither skip nor repeat items that differ below it', async () => {
    const p = `imp${randomUUID().slice(0, 8)}`;
    const [, e1, , org] = dataSet(p);
    const micro = [1, 2, 3, 4].map((k) => ({
      type: 'interaction',
      externalId: `${p}-m${k}`,
      customer: `${p}-org`,
      handler: `${p}-e1`,
      channel: 'PHONE',
      touchpoint: 'SUPPORT',
      direction: 'INBOUND',
      occurredAt: `2025-06-01T10:00:00.123${k}00+00:00`,
      summary: `micro ${k}`,
    }));
    const summary = await importFile(s.graph, { file: write(`${p}.ndjson`, [e1, { ...org, segment: undefined }, ...micro]) });
    expect(summary.rejected).toBe(0);
    const stored = await s.cypher('MATCH (i:Interaction) WHERE i.externalId STARTS WITH $p RETURN DISTINCT toString(i.occurredAt) AS at', {
      p: `${p}-m`,
    });
    expect(stored).toEqual([{ at: '2025-06-01T10:00:00.123Z' }]);
    const token = await s.token((await idOf('Employee', `${p}-e1`))!, [AccessRole.ANALYST]);
    const customerId = await idOf('Customer', `${p}-org`);
    for (const direction of ['DESC', 'ASC']) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 6; page++) {
        const res: any = await s.gql(
          `query($c: ID!, $a: String, $o: InteractionOrder) { interactions(filter: { customerId: $c }, orderBy: $o, first: 1, after: $a) { edges { node { summary } } pageInfo { hasNextPage endCursor } } }`,
          { c: customerId, a: after, o: { field: 'OCCURRED_AT', direction } },
          token,
        );
        seen.push(...res.data.interactions.edges.map((e: any) => e.node.summary));
        if (!res.data.interactions.pageInfo.hasNextPage) break;
        after = res.data.interactions.pageInfo.endCursor;
      }
      expect(seen.sort()).toEqual(['micro 1', 'micro 2', 'micro 3', 'micro 4']);
    }
  });

  it('refuses to start on what is not an import at all', async () => {
    await expect(importFile(s.graph, { file: path.join(dir, 'missing.ndjson') })).rejects.toThrow(
      new ImportError(`No file at ${path.join(dir, 'missing.ndjson')}.`),
    );
    const file = write('data.ndjson', []);
    await expect(importFile(s.graph, { file, batchSize: 0 })).rejects.toThrow(
      'The batch size must be a whole number from 1 to 20000; got 0.',
    );
    const csv = write('export.csv', ['name,kind']);
    await expect(importFile(s.graph, { file: csv })).rejects.toThrow(/The record type of .*export\.csv is unknown/);
  });
});

describe('npm run import: a generated data set', () => {
  it('imports the small set completely, as its manifest counts it, and a second run finds everything unchanged', async () => {
    const file = path.join(dir, 'small-seed7.ndjson');
    const manifest = await writeDataSet({ size: 'small', seed: 7, file });
    const first = await importFile(s.graph, { file, batchSize: 500 });
    expect(first.rejected).toBe(0);
    const created = Object.fromEntries(
      Object.entries(first.counts)
        .filter(([t]) => t !== 'unknown')
        .map(([t, c]) => [t, c.created]),
    );
    expect(created).toEqual({
      segment: manifest.counts.segment,
      employee: manifest.counts.employee,
      customer: manifest.counts.customer,
      need: manifest.counts.need,
      interaction: manifest.counts.interaction,
      insight: manifest.counts.insight,
    });
    const annotations = await s.cypher("MATCH (a:Annotation) WHERE a.externalId STARTS WITH 's-' RETURN count(a) AS n");
    expect(annotations[0].n).toBe(manifest.counts.annotation);
    const again = await importFile(s.graph, { file, batchSize: 500 });
    expect(again.imported).toBe(first.imported);
    expect(Object.values(again.counts).reduce((n, c) => n + c.created + c.updated, 0)).toBe(0);
  }, 60_000);
});

describe('npm run import: CSV', () => {
  it('imports customers.csv and interactions.csv: quoted cells, lists separated by ;, rejects with line numbers', async () => {
    const p = `imp${randomUUID().slice(0, 8)}`;
    await importFile(s.graph, { file: write(`${p}-people.ndjson`, dataSet(p).slice(0, 3)) });
    const customers = write(`${p}-customers.csv`, [
      'externalId,name,kind,lifecycleStage,relationshipType,revenue,consentAnalytics,owners,segment',
      `${p}-c1,"${p} Dupont, Fils & Cie",ORGANIZATION,ACTIVE,COLLABORATIVE,250000.5,true,${p}-e1;${p}-e2,${p}-seg`,
      `${p}-c2,"${p} ""Quoted"" Ltd",ORGANIZATION,PROSPECT,TRANSACTIONAL,,false,,`,
      `${p}-c3,${p} Bad Stage,PERSON,SLEEPING,TRANSACTIONAL,10,maybe,,`,
    ]);
    const cs = await importFile(s.graph, { file: customers });
    expect(cs.format).toBe('csv');
    expect(cs.counts.customer).toEqual({ ...zero, created: 2, rejected: 1 });
    expect(rejectsOf(cs)).toEqual([
      {
        line: 4,
        reason: 'lifecycleStage must be one of PROSPECT, ACTIVE, AT_RISK, CHURNED; consentAnalytics must be a boolean',
        record: `${p}-c3,${p} Bad Stage,PERSON,SLEEPING,TRANSACTIONAL,10,maybe,,`,
      },
    ]);
    const c1 = await s.cypher(
      `MATCH (c:Customer {externalId: $x}) OPTIONAL MATCH (e:Employee)-[:OWNS_ACCOUNT]->(c)
       RETURN c.name AS name, c.revenue AS revenue, c.consentAnalytics AS consent, c.consentContact AS contact, collect(e.externalId) AS owners`,
      { x: `${p}-c1` },
    );
    expect(c1).toEqual([
      {
        name: `${p} Dupont, Fils & Cie`,
        revenue: 250000.5,
        consent: true,
        contact: false,
        owners: expect.arrayContaining([`${p}-e1`, `${p}-e2`]),
      },
    ]);
    expect(
      (await s.cypher('MATCH (c:Customer {externalId: $x}) RETURN c.name AS name, c.revenue AS revenue', { x: `${p}-c2` }))[0],
    ).toEqual({
      name: `${p} "Quoted" Ltd`,
      revenue: 0,
    });

    const interactions = write(`${p}-interactions.csv`, [
      'externalId,customer,handler,channel,touchpoint,direction,occurredAt,summary,content,sentiment,topics',
      `${p}-x1,${p}-c1,${p}-e1,PHONE,SUPPORT,INBOUND,2025-05-01T08:00:00Z,Printer down,"Line one\nline two, with a comma",-0.25,hardware;Urgent`,
      `${p}-x2,${p}-c1,${p}-e1,PHONE,SUPPORT,INBOUND,2025-05-02T08:00:00Z,"unclosed quote,x,-0.1,`,
    ]);
    const xs = await importFile(s.graph, { file: interactions });
    expect(xs.counts.interaction).toEqual({ ...zero, created: 1, rejected: 1 });
    const [reject] = rejectsOf(xs);
    expect(reject.line).toBe(4);
    expect(reject.reason).toMatch(/^the row is not valid CSV \(Quote Not Closed/);
    const x1 = await s.cypher(
      `MATCH (i:Interaction {externalId: $x})-[:TAGGED]->(t:Topic) RETURN i.content AS content, i.sentiment AS sentiment, collect(t.name) AS topics`,
      { x: `${p}-x1` },
    );
    expect(x1).toEqual([
      { content: 'Line one\nline two, with a comma', sentiment: -0.25, topics: expect.arrayContaining(['hardware', 'urgent']) },
    ]);
  });
});

describe('npm run import: resuming', () => {
  /** Interactions enough for several batches, after their customer and employee; two bad lines among them. */
  function longFile(p: string, n: number): { file: string; bad: number[] } {
    const [, e1, , org] = dataSet(p);
    const lines: (object | string)[] = [e1, { ...org, segment: undefined }];
    const bad: number[] = [];
    for (let k = 0; k < n; k++) {
      if (k === 50 || k === n - 78) {
        lines.push(`not json ${k}`);
        bad.push(lines.length);
        continue;
      }
      lines.push({
        type: 'interaction',
        externalId: `${p}-r${k}`,
        customer: `${p}-org`,
        handler: `${p}-e1`,
        channel: 'CHAT',
        touchpoint: 'SUPPORT',
        direction: 'INBOUND',
        occurredAt: new Date(Date.UTC(2025, 0, 1) + k * 60_000).toISOString(),
        summary: `Question ${k}`,
      });
    }
    return { file: write(`${p}.ndjson`, lines), bad };
  }

  const interactionsOf = async (p: string) =>
    (
      await s.cypher(
        'MATCH (i:Interaction) WHERE i.externalId STARTS WITH $p RETURN count(i) AS n, count(DISTINCT i.externalId) AS distinct',
        { p: `${p}-r` },
      )
    )[0];

  it('stops after the batch being written when interrupted, and a second run resumes there: every record once, every reject once', async () => {
    const p = `imp${randomUUID().slice(0, 8)}`;
    const { file, bad } = longFile(p, 300);
    const abort = new AbortController();
    const seen: ImportProgress[] = [];
    const first = await importFile(s.graph, {
      file,
      batchSize: 40,
      signal: abort.signal,
      onProgress: (progress) => {
        seen.push(progress);
        if (progress.line >= 100) abort.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.lines).toBeGreaterThanOrEqual(100);
    expect(first.lines).toBeLessThan(302);
    expect(seen.map((x) => x.line)).toEqual([...seen.map((x) => x.line)].sort((a, b) => a - b));
    const stoppedAt = first.lines;
    expect((await interactionsOf(p)).n).toBe(stoppedAt - 3); // lines so far, but for the employee, the customer and one bad line

    const second = await importFile(s.graph, { file, batchSize: 40 });
    expect(second).toMatchObject({ resumedAfterLine: stoppedAt, lines: 302, interrupted: false, imported: 300, rejected: 2 });
    expect(second.counts.interaction).toEqual({ ...zero, created: 298 });
    expect(await interactionsOf(p)).toEqual({ n: 298, distinct: 298 });
    expect(rejectsOf(second).map((r) => r.line)).toEqual(bad);
    // Done: no checkpoint is left, so a third run reads the whole file again and finds everything in place.
    const third = await importFile(s.graph, { file, batchSize: 40 });
    expect(third).toMatchObject({ resumedAfterLine: null, imported: 300, rejected: 2 });
    expect(third.counts.interaction).toEqual({ ...zero, unchanged: 298 });
  });

  it('resumes after the process was killed (SIGKILL) mid-import, and shows plain progress lines in CI', async () => {
    buildDist();
    const p = `imp${randomUUID().slice(0, 8)}`;
    const { file, bad } = longFile(p, 3000);
    const env = { ...process.env, CI: 'true', NEO4J_URI: process.env.NEO4J_URI!, NEO4J_PASSWORD: 'unused', LOG_LEVEL: 'silent' };
    const cli = path.join(ROOT, 'dist', 'src', 'cli', 'import.js');
    const killed = run(process.execPath, [cli, file, '--batch-size', '10'], env);
    await waitForCheckpoint(p);
    killed.child.kill('SIGKILL');
    await new Promise((r) => killed.child.once('exit', r));
    const partial = (await interactionsOf(p)).n;
    expect(partial).toBeLessThan(2998);

    const resumed = run(process.execPath, [cli, file, '--batch-size', '10'], env);
    const code = await new Promise((r) => resumed.child.once('exit', r));
    const out = resumed.output();
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`Imported ${reEscape(file)} \\(ndjson, resumed after line \\d+\\)`));
    expect(out).toMatch(/import: line 3002, 100% of the file, 3002 records \(2 rejected\), \d+ records\/s/);
    expect(out).toMatch(/\n  interaction +2998 +0 +0 +0\n  unknown +0 +0 +0 +2\n/);
    expect(out).toContain(`2 rejected line(s), each with its line number and reason, in ${file}.rejects.ndjson`);
    expect(await interactionsOf(p)).toEqual({ n: 2998, distinct: 2998 });
    const rejects = readFileSync(`${file}.rejects.ndjson`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).line);
    expect(rejects).toEqual(bad);
  }, 120_000);

  async function waitForCheckpoint(p: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if ((await interactionsOf(p)).n > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('The import never committed a batch.');
  }
});

const reEscape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
