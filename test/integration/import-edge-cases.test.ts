import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { importFile, type ImportSummary } from '../../src/import/importer';
import { AccessRole } from '../../src/graphql/access';
import { buildDist, ROOT } from '../helpers/process';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The importer on files as they come from other systems: malformed CSV rows before good ones, a
 * crash between batches, byte-order marks and CRLF, values the API would refuse, and records
 * that change a customer's single links (segment, organization, referrer) or its kind.
 */

let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startTestServer();
  dir = mkdtempSync(path.join(tmpdir(), 'rapport-import-edge-'));
});
afterAll(async () => {
  await s.cypher("MATCH (n) WHERE n.externalId STARTS WITH 'edge' DETACH DELETE n");
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const prefix = () => `edge${randomUUID().slice(0, 8)}`;
const fileOf = (name: string, content: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, content);
  return f;
};
const ndjson = (records: object[]) => records.map((o) => JSON.stringify(o)).join('\n') + '\n';
const rejectsOf = (summary: ImportSummary) =>
  summary.rejectsFile
    ? readFileSync(summary.rejectsFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { line: number; reason: string; record: string })
    : [];
const HEADER = 'externalId,name,kind,lifecycleStage,relationshipType';
const row = (id: string, name: string) => `${id},${name},PERSON,ACTIVE,TRANSACTIONAL`;
const customersIn = async (p: string) =>
  (await s.cypher('MATCH (c:Customer) WHERE c.externalId STARTS WITH $p RETURN c.externalId AS x, c.name AS name ORDER BY x', { p })).map(
    (r) => `${r.x}: ${r.name}`,
  );
const customer = (p: string, key: string, over: object = {}) => ({
  type: 'customer',
  externalId: `${p}-${key}`,
  name: `${p} ${key}`,
  kind: 'ORGANIZATION',
  lifecycleStage: 'ACTIVE',
  relationshipType: 'TRANSACTIONAL',
  ...over,
});

describe('CSV rows the parser cannot read', () => {
  /** Header, c1, c2, a malformed row (line 4), c3, c4. */
  const withBadRow = (p: string) =>
    [HEADER, row(`${p}-c1`, 'One'), row(`${p}-c2`, 'Two'), 'oops', row(`${p}-c3`, 'Three'), row(`${p}-c4`, 'Four')].join('\n') + '\n';
  const all = (p: string) => [`${p}-c1: One`, `${p}-c2: Two`, `${p}-c3: Three`, `${p}-c4: Four`];

  it('a crash right after the first batch loses no row before a malformed one on resume, and rejects it once', async () => {
    const p = prefix();
    const file = fileOf(`${p}-customers.csv`, withBadRow(p));
    // The process "dies" right after the first batch committed, with its checkpoint (as with kill -9).
    await expect(
      importFile(s.graph, {
        file,
        batchSize: 1,
        onProgress: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const resumed = await importFile(s.graph, { file, batchSize: 1 });
    expect({
      after: resumed.resumedAfterLine,
      customers: await customersIn(p),
      counts: resumed.counts.customer,
      rejects: rejectsOf(resumed).map((r) => r.line),
    }).toEqual({
      after: 2,
      customers: all(p),
      counts: { created: 4, updated: 0, unchanged: 0, rejected: 1 },
      rejects: [4],
    });
  });

  it('an interrupted import resumed counts and lists the malformed row once; progress never goes back', async () => {
    const p = prefix();
    const file = fileOf(`${p}-customers.csv`, withBadRow(p));
    const abort = new AbortController();
    const first = await importFile(s.graph, { file, batchSize: 1, signal: abort.signal, onProgress: () => abort.abort() });
    expect(first.interrupted).toBe(true);
    const lines: number[] = [];
    const resumed = await importFile(s.graph, { file, batchSize: 1, onProgress: (x) => lines.push(x.line) });
    // One line a batch, in order, from the first line after the checkpoint to the last (6).
    const from = resumed.resumedAfterLine!;
    expect({
      lines,
      customers: await customersIn(p),
      counts: resumed.counts.customer,
      rejects: rejectsOf(resumed).map((r) => r.line),
    }).toEqual({
      lines: Array.from({ length: 6 - from }, (_, k) => from + 1 + k),
      customers: all(p),
      counts: { created: 4, updated: 0, unchanged: 0, rejected: 1 },
      rejects: [4],
    });
  });

  it('a quote inside a cell that does not start with one is text, and the rows after it are read', async () => {
    const p = prefix();
    const content =
      [
        HEADER,
        row(`${p}-c1`, 'Alpha'),
        row(`${p}-c2`, '"Beta" Corp'),
        row(`${p}-c3`, 'Gamma'),
        row(`${p}-c4`, '"Delta"'),
        row(`${p}-c5`, 'Epsilon'),
      ].join('\n') + '\n';
    const summary = await importFile(s.graph, { file: fileOf(`${p}-customers.csv`, content) });
    expect({ customers: await customersIn(p), rejected: summary.rejected }).toEqual({
      customers: [`${p}-c1: Alpha`, `${p}-c2: "Beta" Corp`, `${p}-c3: Gamma`, `${p}-c4: Delta`, `${p}-c5: Epsilon`],
      rejected: 0,
    });
  });

  it('a line of spaces is blank, skipped as in NDJSON', async () => {
    const p = prefix();
    const summary = await importFile(s.graph, {
      file: fileOf(`${p}-customers.csv`, [HEADER, row(`${p}-c1`, 'One'), '   ', row(`${p}-c2`, 'Two'), ' '].join('\n') + '\n'),
    });
    expect({ rejected: summary.rejected, customers: await customersIn(p) }).toEqual({
      rejected: 0,
      customers: [`${p}-c1: One`, `${p}-c2: Two`],
    });
  });

  it('a CRLF file: a rejected row is kept without its line break', async () => {
    const p = prefix();
    const content = [HEADER, row(`${p}-c1`, 'One'), `${p}-c2,Bad,PERSON,SLEEPING,TRANSACTIONAL`].join('\r\n') + '\r\n';
    const summary = await importFile(s.graph, { file: fileOf(`${p}-customers.csv`, content) });
    expect(rejectsOf(summary).map(({ line, record }) => ({ line, record }))).toEqual([
      { line: 3, record: `${p}-c2,Bad,PERSON,SLEEPING,TRANSACTIONAL` },
    ]);
  });
});

it('a UTF-8 byte-order mark before the first NDJSON line is not part of it', async () => {
  const p = prefix();
  const content =
    '\uFEFF' +
    ndjson([
      { type: 'segment', externalId: `${p}-s1`, name: `${p} One` },
      { type: 'segment', externalId: `${p}-s2`, name: `${p} Two` },
    ]);
  const summary = await importFile(s.graph, { file: fileOf(`${p}.ndjson`, content) });
  expect({ rejected: summary.rejected, created: summary.counts.segment.created }).toEqual({ rejected: 0, created: 2 });
});

it('a segment imported without a description reads as an empty one, as the API makes it; imported with one, then without, it is cleared', async () => {
  const p = prefix();
  await importFile(s.graph, {
    file: fileOf(
      `${p}.ndjson`,
      ndjson([
        { type: 'segment', externalId: `${p}-s1`, name: `${p} Bare` },
        { type: 'segment', externalId: `${p}-s2`, name: `${p} Told`, description: 'Small firms' },
        { type: 'employee', externalId: `${p}-e1`, name: 'Ana', email: `${p}@example.com`, team: 'T', role: 'ACCOUNT_MANAGER' },
      ]),
    ),
  });
  await importFile(s.graph, { file: fileOf(`${p}-2.ndjson`, ndjson([{ type: 'segment', externalId: `${p}-s2`, name: `${p} Told` }])) });
  const ana = await s.cypher('MATCH (e:Employee {externalId: $x}) RETURN e.id AS id', { x: `${p}-e1` });
  const token = await s.token(ana[0].id, [AccessRole.VIEWER]);
  const res = await s.gql(
    'query($name: String!) { segments(filter: { nameContains: $name }) { edges { node { name description } } } }',
    { name: p },
    token,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.segments.edges.map((e: { node: object }) => e.node)).toEqual([
    { name: `${p} Bare`, description: '' },
    { name: `${p} Told`, description: '' },
  ]);
});

describe('values the API refuses are rejected, with the reason', () => {
  const employee = (p: string) => ({
    type: 'employee',
    externalId: `${p}-e1`,
    name: 'Ana',
    email: `${p}@example.com`,
    team: 'T',
    role: 'ACCOUNT_MANAGER',
  });
  const reasons = async (p: string, records: object[]) =>
    rejectsOf(await importFile(s.graph, { file: fileOf(`${p}.ndjson`, ndjson(records)) })).map((r) => `${r.line}: ${r.reason}`);

  it('a phone with letters', async () => {
    const p = prefix();
    expect(await reasons(p, [customer(p, 'c1', { kind: 'PERSON', phone: 'call me; maybe' })])).toEqual([
      '1: phone may hold digits, spaces and + ( ) - . only (3 to 40 characters)',
    ]);
  });

  it('a segment name over 100 characters', async () => {
    const p = prefix();
    expect(await reasons(p, [{ type: 'segment', externalId: `${p}-s1`, name: 'x'.repeat(101) }])).toEqual([
      '1: name must be at most 100 characters',
    ]);
  });

  it('an interaction in the future', async () => {
    const p = prefix();
    const x = {
      type: 'interaction',
      externalId: `${p}-x1`,
      customer: `${p}-c1`,
      handler: `${p}-e1`,
      channel: 'EMAIL',
      touchpoint: 'BILLING',
      direction: 'INBOUND',
      occurredAt: '2099-01-01T00:00:00Z',
      summary: 'From the future',
    };
    expect(await reasons(p, [employee(p), customer(p, 'c1'), x])).toEqual(['3: occurredAt must not be in the future']);
  });

  it('an insight about more than 20 segments', async () => {
    const p = prefix();
    const segments = Array.from({ length: 21 }, (_, k) => ({ type: 'segment', externalId: `${p}-s${k}`, name: `${p} S${k}` }));
    const insight = {
      type: 'insight',
      externalId: `${p}-i1`,
      title: 'T',
      body: 'B',
      origin: 'ABOUT_CUSTOMER',
      confidence: 0.5,
      author: `${p}-e1`,
      aboutSegments: segments.map((x) => x.externalId),
    };
    expect(await reasons(p, [...segments, employee(p), insight])).toEqual(['23: aboutSegments must list at most 20']);
  });
});

describe('a customer imported again', () => {
  it('moved to another segment, organization or referrer: it has the new one only, counted as updated', async () => {
    const p = prefix();
    const segments = ['old', 'new'].map((k) => ({ type: 'segment', externalId: `${p}-seg-${k}`, name: `${p} ${k}` }));
    const orgs = ['old', 'new'].map((k) => customer(p, `org-${k}`));
    const referrers = ['old', 'new'].map((k) => customer(p, `ref-${k}`));
    const kim = (k: string) =>
      customer(p, 'kim', { kind: 'PERSON', segment: `${p}-seg-${k}`, organization: `${p}-org-${k}`, referredBy: `${p}-ref-${k}` });
    await importFile(s.graph, { file: fileOf(`${p}-1.ndjson`, ndjson([...segments, ...orgs, ...referrers, kim('old')])) });
    const [{ id, updatedAt }] = await s.cypher(
      'MATCH (c:Customer {externalId: $x}) RETURN c.id AS id, toString(c.updatedAt) AS updatedAt',
      { x: `${p}-kim` },
    );
    const same = await importFile(s.graph, { file: fileOf(`${p}-2.ndjson`, ndjson([kim('old')])) });
    expect(same.counts.customer).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });

    const moved = await importFile(s.graph, { file: fileOf(`${p}-3.ndjson`, ndjson([kim('new')])) });
    expect(moved.counts.customer).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    const token = await s.token((await s.cypher('MATCH (e:Employee) RETURN e.id AS id LIMIT 1'))[0].id, [AccessRole.ANALYST]);
    const res = await s.gql(
      'query($id: ID!) { customer(id: $id) { segment { name } organization { name } referredBy { name } updatedAt } }',
      { id },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.customer).toMatchObject({
      segment: { name: `${p} new` },
      organization: { name: `${p} org-new` },
      referredBy: { name: `${p} ref-new` },
    });
    expect(res.data.customer.updatedAt).not.toBe(updatedAt);
    const links = await s.cypher(
      `MATCH (c:Customer {externalId: $x})
       RETURN COUNT { (c)-[:IN_SEGMENT]->() } AS segments, COUNT { (c)-[:MEMBER_OF]->() } AS organizations, COUNT { ()-[:REFERRED]->(c) } AS referrers`,
      { x: `${p}-kim` },
    );
    expect(links).toEqual([{ segments: 1, organizations: 1, referrers: 1 }]);
  });

  it('with another kind: rejected, as the API never changes a kind (an organization keeps its members)', async () => {
    const p = prefix();
    const org = customer(p, 'org');
    await importFile(s.graph, {
      file: fileOf(`${p}-1.ndjson`, ndjson([org, customer(p, 'kim', { kind: 'PERSON', organization: `${p}-org` })])),
    });
    const again = await importFile(s.graph, { file: fileOf(`${p}-2.ndjson`, ndjson([{ ...org, kind: 'PERSON' }])) });
    expect(rejectsOf(again).map((r) => `${r.line}: ${r.reason}`)).toEqual([
      `1: kind cannot change: customer '${p}-org' is an ORGANIZATION`,
    ]);
    const members = await s.cypher('MATCH (m:Customer)-[:MEMBER_OF]->(o:Customer {externalId: $x}) RETURN o.kind AS kind, count(m) AS n', {
      x: `${p}-org`,
    });
    expect(members).toEqual([{ kind: 'ORGANIZATION', n: 1 }]);
  });
});

it('a need imported again: a new intensity replaces the old, none given keeps it, a new holder is added; each change counts as updated', async () => {
  const p = prefix();
  const need = (holders: object[]) => ({
    type: 'need',
    externalId: `${p}-n1`,
    title: `${p} Need`,
    kind: 'FUNCTIONAL',
    priority: 'HIGH',
    holders,
  });
  const run = async (k: number, records: object[]) =>
    (await importFile(s.graph, { file: fileOf(`${p}-${k}.ndjson`, ndjson(records)) })).counts.need;
  const held = async () =>
    (
      await s.cypher('MATCH (c:Customer)-[h:HAS_NEED]->(:Need {externalId: $x}) RETURN c.externalId AS c, h.intensity AS i ORDER BY c', {
        x: `${p}-n1`,
      })
    ).map((r) => `${r.c.slice(p.length + 1)} ${r.i}`);
  const counts = (created: number, updated: number, unchanged: number) => ({ created, updated, unchanged, rejected: 0 });

  expect(await run(1, [customer(p, 'c1'), customer(p, 'c2'), need([{ customer: `${p}-c1`, intensity: 0.2 }])])).toEqual(counts(1, 0, 0));
  expect(await run(2, [need([{ customer: `${p}-c1`, intensity: 0.2 }])])).toEqual(counts(0, 0, 1));
  expect(await run(3, [need([{ customer: `${p}-c1`, intensity: 0.9 }])])).toEqual(counts(0, 1, 0));
  expect(await held()).toEqual(['c1 0.9']);
  expect(await run(4, [need([{ customer: `${p}-c1` }])])).toEqual(counts(0, 0, 1));
  expect(await held()).toEqual(['c1 0.9']);
  expect(await run(5, [need([{ customer: `${p}-c1` }, { customer: `${p}-c2` }])])).toEqual(counts(0, 1, 0));
  expect(await held()).toEqual(['c1 0.9', 'c2 0.5']);
});

describe('the command line', () => {
  beforeAll(() => buildDist());
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'import.js'), ...args], { encoding: 'utf8' });

  it('an unknown option is an unusable command line: exit 2, with the usage', () => {
    const r = cli('x.ndjson', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--bogus'");
    expect(r.stderr).toContain('npm run import -- <file>');
  });

  it('an option without its value: exit 2', () => {
    const r = cli('x.ndjson', '--batch-size');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Option '--batch-size <value>' argument missing");
  });
});
