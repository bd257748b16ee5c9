import { parse } from 'csv-parse/sync';
import { connect } from 'node:net';
import { AccessRole } from '../../src/graphql/access';
import type { SeedCustomer, SeedInteraction } from '../../seeds/types';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * GET /export/customers.csv (src/server/export.ts, docs/export.md): the customer list as CSV,
 * streamed, read through the schema as the caller. A VIEWER's export holds no personal data (email,
 * phone: what the API withholds from a VIEWER); the rows, their order and filter are exactly the
 * API's list; RFC 4180 quoting, the formula guard, the refusals, the row cap and the chunks.
 */

/** The row cap of this file's server: the bulk customers (245) fit; the whole world's customers (over 250) do not. */
const MAX_ROWS = 250;
const BULK = 245;

let s: TestServer;
let w: World;
let base: string;
let analyst: string;
let viewer: string;
let q: string;

const HEADER = [
  'Id',
  'Name',
  'Kind',
  'Email',
  'Phone',
  'Lifecycle stage',
  'Relationship',
  'Segment',
  'Revenue (EUR per year)',
  'Lifetime value (EUR)',
  'Health score',
  'Last contact',
];

beforeAll(async () => {
  s = await startTestServer({ server: { exportMaxRows: MAX_ROWS } });
  base = s.url.replace(/\/graphql$/, '');
  w = await buildWorld(s.graph, (world) => {
    const k = (x: string) => `${world.prefix}-${x}`;
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
    world.data.customers.push(
      customer('formula', `=HYPERLINK("http://evil.example") ${world.prefix}`, { email: '=cmd@evil.example', lifecycleStage: 'AT_RISK' }),
      customer('quoted', `${world.prefix} Comma, "Quoted"\nLtd`, { email: 'quoted@example.com', phone: '-1 555 0100', revenue: 2500 }),
      customer('at', `@${world.prefix} Handle`, { lifecycleStage: 'PROSPECT', consentAnalytics: false }),
    );
    for (let i = 1; i <= BULK; i++) {
      const n = String(i).padStart(3, '0');
      world.data.customers.push(
        customer(`bulk${n}`, `${world.prefix} Bulk ${n}`, {
          email: `bulk${n}@example.com`,
          revenue: (i * 7919) % 1000,
          lifecycleStage: i % 3 === 0 ? 'AT_RISK' : 'ACTIVE',
        }),
      );
    }
    // Some contact, at different times and in different moods: last contact and health differ.
    const interaction = (key: string, customerKey: string, occurredAt: string, sentiment: number): SeedInteraction => ({
      key: k(key),
      externalId: `${world.prefix}-${key}`,
      customerKey: k(customerKey),
      handlerKey: k('alice'),
      channel: 'MEETING',
      touchpoint: 'SUPPORT',
      direction: 'INBOUND',
      occurredAt,
      summary: 'Check-in',
      content: 'Went fine.',
      sentiment,
      expectedQuality: 3,
      perceivedQuality: 3,
      needKeys: [],
      topicNames: [],
    });
    for (let i = 1; i <= 40; i++) {
      const n = String(i * 5).padStart(3, '0');
      const occurredAt = new Date(Date.now() - i * 3 * 86_400_000).toISOString();
      world.data.interactions.push(interaction(`touch${i}`, `bulk${n}`, occurredAt, ((i % 5) - 2) / 2));
    }
  });
  q = w.prefix;
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
});
afterAll(() => s.close());

async function exportCsv(params: Record<string, string | string[]>, token: string | null = analyst) {
  const query = new URLSearchParams();
  for (const [key, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) query.append(key, one);
  const res = await fetch(`${base}/export/customers.csv?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  // Decoded keeping the byte order mark (res.text() drops it).
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { res, text };
}

/** The records of an export, header first (the BOM removed). */
const records = (text: string): string[][] => parse(text, { bom: true, relaxColumnCount: false });

/** The customers' ids in the API's own list, all pages, with this filter and order. */
async function apiIds(filter: Record<string, unknown>, orderBy: { field: string; direction: string }, token = analyst): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: { data?: any; errors?: unknown } = await s.gql(
      `query($filter: CustomerFilter, $orderBy: CustomerOrder, $after: String) {
        customers(filter: $filter, orderBy: $orderBy, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } }
      }`,
      { filter, orderBy, after },
      token,
    );
    expect(res.errors).toBeUndefined();
    ids.push(...res.data.customers.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!res.data.customers.pageInfo.hasNextPage) return ids;
    after = res.data.customers.pageInfo.endCursor;
  }
}

describe('CSV export of the customer list', () => {
  it("an ANALYST's export has the personal data; a VIEWER's export of the same view has none of it", async () => {
    const asAnalyst = await exportCsv({ name: `${q} Bulk 00`, sort: 'name' });
    expect(asAnalyst.res.status).toBe(200);
    const a = records(asAnalyst.text);
    expect(a[0]).toEqual(HEADER);
    expect(a.slice(1).map((r) => [r[1], r[3], r[4]])).toEqual(
      ['001', '002', '003', '004', '005', '006', '007', '008', '009'].map((n) => [`${q} Bulk ${n}`, `bulk${n}@example.com`, '']),
    );

    const asViewer = await exportCsv({ name: `${q} Bulk 00`, sort: 'name' }, viewer);
    expect(asViewer.res.status).toBe(200);
    const v = records(asViewer.text);
    expect(v[0]).toEqual(HEADER);
    // The same rows, every cell the same but the personal ones, which are empty.
    expect(v.slice(1).map((r) => [r[1], r[3], r[4]])).toEqual(
      ['001', '002', '003', '004', '005', '006', '007', '008', '009'].map((n) => [`${q} Bulk ${n}`, '', '']),
    );
    expect(v.slice(1).map((r) => [...r.slice(0, 3), ...r.slice(5)])).toEqual(a.slice(1).map((r) => [...r.slice(0, 3), ...r.slice(5)]));
    expect(asViewer.text).not.toContain('@example.com');

    // The whole world's contacts: an ANALYST gets every email and phone, a VIEWER none.
    const world = await exportCsv({ name: q, sort: 'name', stage: 'ACTIVE' });
    const worldViewer = await exportCsv({ name: q, sort: 'name', stage: 'ACTIVE' }, viewer);
    const dana = records(world.text).find((r) => r[1] === `${q} Dana Contact`)!;
    expect([dana[3], dana[4]]).toEqual(['dana@acme.example', "'+49 30 1234567"]);
    const danaViewer = records(worldViewer.text).find((r) => r[1] === `${q} Dana Contact`)!;
    expect([danaViewer[3], danaViewer[4]]).toEqual(['', '']);
    expect(records(worldViewer.text).filter((r, i) => i > 0 && (r[3] !== '' || r[4] !== ''))).toEqual([]);
    expect(records(world.text).filter((r, i) => i > 0 && r[3] !== '').length).toBeGreaterThan(100);
  });

  it('chosen rows (id) are exported with the same protection', async () => {
    const ids = [w.id('customer', 'dana'), w.id('customer', 'acme')];
    const asAnalyst = records((await exportCsv({ id: ids })).text);
    expect(asAnalyst.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      [ids[0], 'dana@acme.example', "'+49 30 1234567"],
      [ids[1], 'ops@acme.example', ''],
    ]);
    const asViewer = records((await exportCsv({ id: ids }, viewer)).text);
    expect(asViewer.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      [ids[0], '', ''],
      [ids[1], '', ''],
    ]);
  });

  it.each([
    ['health', 'desc', 'HEALTH_SCORE', 'DESC'],
    ['health', 'asc', 'HEALTH_SCORE', 'ASC'],
    ['last-contact', 'desc', 'LAST_CONTACT_AT', 'DESC'],
    ['last-contact', 'asc', 'LAST_CONTACT_AT', 'ASC'],
    ['revenue', 'desc', 'REVENUE', 'DESC'],
  ])('sorted by %s %s, the rows are the API list in its order', async (sort, dir, field, direction) => {
    const { res, text } = await exportCsv({ name: `${q} Bulk`, sort, dir });
    expect(res.status).toBe(200);
    const rows = records(text).slice(1);
    const expected = await apiIds({ nameContains: `${q} Bulk` }, { field, direction });
    expect(rows.map((r) => r[0])).toEqual(expected);
    expect(expected).toHaveLength(BULK);
    // The sort column itself says so: values in order, the missing ones last.
    const column = field === 'HEALTH_SCORE' ? 10 : field === 'LAST_CONTACT_AT' ? 11 : 8;
    const values = rows.map((r) => r[column]).filter((x) => x !== '');
    const keyed = field === 'LAST_CONTACT_AT' ? values : values.map(Number);
    const sorted = [...keyed].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect(keyed).toEqual(direction === 'ASC' ? sorted : sorted.reverse());
    expect(rows.findIndex((r) => r[column] === '')).toBe(rows.findIndex((r, i) => rows.slice(i).every((x) => x[column] === '')));
    if (field !== 'REVENUE') expect(new Set(values).size).toBeGreaterThan(3);
  });

  it('filters as the API does', async () => {
    const { text } = await exportCsv({ name: q, stage: 'AT_RISK', relationship: 'TRANSACTIONAL', sort: 'name', dir: 'desc' });
    const expected = await apiIds(
      { nameContains: q, lifecycleStages: ['AT_RISK'], relationshipTypes: ['TRANSACTIONAL'] },
      { field: 'NAME', direction: 'DESC' },
    );
    expect(
      records(text)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(expected);
    expect(expected.length).toBe(Math.floor(BULK / 3) + 2); // and the formula customer, and the world's Bolt Couriers
    const segment = await exportCsv({ segment: w.id('segment', 'seg'), owner: w.id('employee', 'alice') });
    expect(
      records(segment.text)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(await apiIds({ segmentId: w.id('segment', 'seg'), ownerId: w.id('employee', 'alice') }, { field: 'NAME', direction: 'ASC' }));
  });

  it('quotes as RFC 4180 says, guards cells against formulas, and answers as a download', async () => {
    const { res, text } = await exportCsv({ id: [w.id('customer', 'formula'), w.id('customer', 'quoted'), w.id('customer', 'at')] });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // The UTF-8 byte order mark, then CRLF-terminated records.
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(HEADER.join(','));
    expect(lines[1]).toBe(
      `${w.id('customer', 'formula')},"'=HYPERLINK(""http://evil.example"") ${q}",ORGANIZATION,'=cmd@evil.example,,AT_RISK,TRANSACTIONAL,,1000,5000,53,`,
    );
    const quoted = records(text)[2];
    expect(quoted.slice(1, 5)).toEqual([`${q} Comma, "Quoted"\nLtd`, 'ORGANIZATION', 'quoted@example.com', "'-1 555 0100"]);
    expect(text).toContain(`"${q} Comma, ""Quoted""\nLtd"`);
    const at = records(text)[3];
    expect([at[1], at[5], at[10], at[11]]).toEqual([`'@${q} Handle`, 'PROSPECT', '', '']);
    expect(lines[lines.length - 1]).toBe('');
  });

  it('refuses a missing or forged token with 401 and a code', async () => {
    const none = await exportCsv({}, null);
    expect(none.res.status).toBe(401);
    expect(JSON.parse(none.text)).toEqual({
      errors: [{ message: 'Sign in first: send the header "Authorization: Bearer <token>".', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    const forged = await exportCsv({}, `${analyst.slice(0, -4)}AAAA`);
    expect(forged.res.status).toBe(401);
    expect(JSON.parse(forged.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const malformed = await fetch(`${base}/export/customers.csv`, { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
    expect(((await malformed.json()) as any).errors[0]).toEqual({
      message: 'The Authorization header must be "Bearer <token>".',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it.each([
    [{ sort: 'shoe-size' }, 'sort', "'sort' is one of name, revenue, lifetime-value, health, last-contact, created, updated."],
    // Names every object inherits are no sort either (they once reached the API: a 500).
    [{ sort: '__proto__' }, 'sort', "'sort' is one of name, revenue, lifetime-value, health, last-contact, created, updated."],
    [{ sort: 'constructor' }, 'sort', "'sort' is one of name, revenue, lifetime-value, health, last-contact, created, updated."],
    [{ sort: 'toString' }, 'sort', "'sort' is one of name, revenue, lifetime-value, health, last-contact, created, updated."],
    [{ dir: 'sideways' }, 'dir', "'dir' is asc or desc."],
    [{ stage: 'HAPPY' }, 'stage', "'stage' is one of PROSPECT, ACTIVE, AT_RISK, CHURNED."],
    [{ relationship: 'CLOSE' }, 'relationship', "'relationship' is one of TRANSACTIONAL, COLLABORATIVE."],
    [{ name: 'x'.repeat(201) }, 'name', "'name' may have at most 200 characters."],
    [{ name: ['a', 'b'] }, 'name', "Give 'name' at most once."],
    [
      { colour: 'red' },
      'colour',
      "Unknown parameter 'colour'; the parameters are name, stage, relationship, segment, need, owner, sort, dir, id.",
    ],
    [{ id: Array.from({ length: 101 }, (_, i) => `id-${i}`) }, 'id', "Choose at most 100 customers by 'id'."],
  ])('refuses bad parameters (%#) with 400 BAD_USER_INPUT', async (params, field, message) => {
    const { res, text } = await exportCsv(params as Record<string, string | string[]>);
    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field } }] });
  });

  it('refuses a list longer than the row cap before sending anything', async () => {
    const { res, text } = await exportCsv({ name: q });
    expect(res.status).toBe(400);
    const total = (await apiIds({ nameContains: q }, { field: 'NAME', direction: 'ASC' })).length;
    expect(total).toBeGreaterThan(MAX_ROWS);
    expect(JSON.parse(text)).toEqual({
      errors: [
        {
          message: `This list has ${total} customers; an export holds at most ${MAX_ROWS}. Narrow it with a filter and export again.`,
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
  });

  it('streams a large export: the rows arrive in several chunks, a page at a time', async () => {
    const path = `/export/customers.csv?${new URLSearchParams({ name: `${q} Bulk`, sort: 'health', dir: 'asc' })}`;
    const raw = await rawGet(path, analyst);
    expect(raw.head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(raw.head.toLowerCase()).toContain('\r\ntransfer-encoding: chunked\r\n');
    expect(raw.head.toLowerCase()).toContain(`\r\nx-total-count: ${BULK}\r\n`);
    // BOM and header, then one chunk per page of 100 rows: 100, 100, 45.
    expect(raw.chunks.length).toBeGreaterThanOrEqual(4);
    const pages = raw.chunks.slice(1).map((c) => records(c).length);
    expect(pages).toEqual([100, 100, BULK - 200]);
    const { text } = await exportCsv({ name: `${q} Bulk`, sort: 'health', dir: 'asc' });
    expect(raw.chunks.join('')).toBe(text);
  });
});

/** A GET over a bare socket: the response head and the chunks of its chunked body, as they were framed. */
function rawGet(path: string, token: string): Promise<{ head: string; chunks: string[] }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    socket.on('data', (d) => received.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(received);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split + 4).toString('latin1');
      const chunks: string[] = [];
      let at = split + 4;
      for (;;) {
        const lineEnd = all.indexOf('\r\n', at);
        const size = parseInt(all.subarray(at, lineEnd).toString('latin1'), 16);
        if (!size) break;
        chunks.push(all.subarray(lineEnd + 2, lineEnd + 2 + size).toString('utf8'));
        at = lineEnd + 2 + size + 2;
      }
      resolve({ head, chunks });
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
  });
}
