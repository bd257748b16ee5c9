import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { createClient, type Client } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { AccessRole } from '../../src/graphql/access';
import { Topics } from '../../src/realtime/topics';
import { startServer } from '../../src/server/app';
import { startTestServer, testConfig, type GqlResult, type TestServer } from '../helpers/server';
import { until } from '../helpers/live';
import { buildWorld, type World } from '../helpers/world';

/**
 * Trusted documents (docs/security.md): operations sent by id from manifests (Apollo's format and
 * the client preset's), the workbench's manifest read from next to its page, TRUSTED_DOCUMENTS_ONLY
 * for callers who are not ADMIN, over HTTP and WebSocket; and, without a manifest, automatic
 * persisted queries.
 */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const CUSTOMER = 'query CustomerName($id: ID!) { customer(id: $id) { name lifecycleStage } }';
const RECORD = 'mutation RecordByTrust($input: RecordInteractionInput!) { recordInteraction(input: $input) { summary channel } }';
const LIVE = 'subscription InteractionsOf($c: ID) { interactionRecorded(customerId: $c) { interaction { summary } } }';
/** In a manifest, and still over the alias limit: a trusted document passes the same limits. */
const TOO_MANY_ALIASES = `query Aliases { ${Array.from({ length: 16 }, (_, i) => `a${i}: me { name }`).join(' ')} }`;
/** The workbench's only document in this test: read from the manifest next to its page. */
const WORKBENCH_ME = 'query WorkbenchMe { me { name } }';
/** In no manifest. */
const UNTRUSTED = 'query Untrusted($id: ID!) { customer(id: $id) { name } }';
const UNTRUSTED_MUTATION = 'mutation { createSegment(input: { name: "trusted-documents untrusted" }) { name } }';

const NOT_FOUND_TRUSTED =
  'No trusted document has this id: the operation is not in the manifests this server was started with. Check that client and server were deployed from the same build.';
const NOT_FOUND_APQ =
  'The server holds no document with this id: send the request again with its query (automatic persisted queries), and the id alone afterwards.';
const NOT_TRUSTED =
  'This server runs only the operations of its trusted documents (TRUSTED_DOCUMENTS_ONLY), and this one is not among them: send the id of a trusted document (documentId), or ask an ADMIN.';

let dir: string;
let apolloManifest: string;
let presetManifest: string;
let workbench: string;
let w: World;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-trusted-'));
  apolloManifest = path.join(dir, 'apollo.json');
  writeFileSync(
    apolloManifest,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        { id: sha256(CUSTOMER), name: 'CustomerName', type: 'query', body: CUSTOMER },
        { id: sha256(TOO_MANY_ALIASES), name: 'Aliases', type: 'query', body: TOO_MANY_ALIASES },
      ],
    }),
  );
  presetManifest = path.join(dir, 'persisted-documents.json');
  writeFileSync(presetManifest, JSON.stringify({ [`sha256:${sha256(RECORD)}`]: RECORD, [`sha256:${sha256(LIVE)}`]: LIVE }));
  workbench = path.join(dir, 'web');
  mkdirSync(workbench);
  writeFileSync(path.join(workbench, 'index.html'), '<!doctype html><title>test workbench</title>');
  writeFileSync(path.join(workbench, 'trusted-documents.json'), JSON.stringify({ [`sha256:${sha256(WORKBENCH_ME)}`]: WORKBENCH_ME }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** POST /graphql with any body. */
async function post(s: TestServer, body: Record<string, unknown>, token?: string): Promise<GqlResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(s.url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { ...((await res.json()) as GqlResult), status: res.status };
}

/** GET /graphql with these parameters (and the header Apollo's CSRF prevention asks of a GET). */
async function get(s: TestServer, params: Record<string, string>, token: string): Promise<GqlResult> {
  const res = await fetch(`${s.url}?${new URLSearchParams(params)}`, {
    headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
  });
  return { ...((await res.json()) as GqlResult), status: res.status };
}

const byDocumentId = (document: string, variables: Record<string, unknown> = {}) => ({
  documentId: `sha256:${sha256(document)}`,
  variables,
});
const byHash = (document: string, variables: Record<string, unknown> = {}) => ({
  extensions: { persistedQuery: { version: 1, sha256Hash: sha256(document) } },
  variables,
});

let counter = 0;
const interaction = (summary: string) => ({
  input: {
    externalId: `${w.prefix}-trusted-${++counter}`,
    customerId: w.id('customer', 'acme'),
    channel: 'CHAT',
    touchpoint: 'SUPPORT',
    direction: 'INBOUND',
    summary,
    topics: ['trusted'],
  },
});

/** One subscription over graphql-ws with whatever payload, collecting what comes back. */
function wsSubscribe(s: TestServer, token: string, payload: Record<string, unknown>) {
  const events: unknown[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({
    url: s.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
  });
  client.subscribe(payload as never, {
    next: (value) => void events.push(value),
    error: (e) => void errors.push(e),
    complete: () => undefined,
  });
  return { events, errors, dispose: () => client.dispose() as Promise<void> };
}

describe('with manifests (TRUSTED_DOCUMENTS), other operations allowed', () => {
  let s: TestServer;
  let alice: string;
  let vic: string;
  let carol: string;
  const log: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const lines = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) log.push(JSON.parse(line));
        done();
      },
    });
    s = await startTestServer({
      env: { TRUSTED_DOCUMENTS: `${apolloManifest}, ${presetManifest}` },
      server: { workbenchDir: workbench },
      logger: pino({ level: 'info' }, lines),
    });
    w = await buildWorld(s.graph);
    alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
    vic = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
    carol = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
  });
  afterAll(() => s.close());

  const acme = () => ({ customer: { name: `${w.prefix} Acme Freight`, lifecycleStage: 'ACTIVE' } });

  it('serves a document by documentId, by Apollo hash and by GET, with the exact data', async () => {
    const variables = { id: w.id('customer', 'acme') };
    expect(await post(s, byDocumentId(CUSTOMER, variables), vic)).toEqual({ status: 200, data: acme() });
    expect(await post(s, byHash(CUSTOMER, variables), vic)).toEqual({ status: 200, data: acme() });
    const extensions = JSON.stringify(byHash(CUSTOMER).extensions);
    expect(await get(s, { extensions, variables: JSON.stringify(variables) }, vic)).toEqual({ status: 200, data: acme() });
    expect(await get(s, { documentId: `sha256:${sha256(CUSTOMER)}`, variables: JSON.stringify(variables) }, vic)).toEqual({
      status: 200,
      data: acme(),
    });
  });

  it("reads the workbench's manifest from next to its page", async () => {
    expect(await post(s, byDocumentId(WORKBENCH_ME), alice)).toEqual({ status: 200, data: { me: { name: `${w.prefix} Alice Author` } } });
  });

  it('refuses an unknown id with PERSISTED_QUERY_NOT_FOUND, and runs nothing', async () => {
    const before = s.statements();
    const unknown = `sha256:${sha256('query Nobody { me { name } }')}`;
    const expected = { status: 200, errors: [{ message: NOT_FOUND_TRUSTED, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] };
    expect(await post(s, { documentId: unknown }, alice)).toEqual(expected);
    expect(await post(s, { extensions: { persistedQuery: { version: 1, sha256Hash: unknown.slice(7) } } }, alice)).toEqual(expected);
    expect(await get(s, { documentId: unknown }, alice)).toEqual(expected);
    expect(s.statements()).toBe(before);
  });

  it('refuses malformed ids and ids that do not match the text sent with them (BAD_REQUEST)', async () => {
    const bad = (message: string) => ({ status: 400, errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    const documentIdShape = 'documentId must be "sha256:" followed by the 64 lower-case hex digits of the document\'s SHA-256.';
    expect(await post(s, { documentId: sha256(CUSTOMER) }, alice)).toEqual(bad(documentIdShape));
    expect(await post(s, { documentId: 42 }, alice)).toEqual(bad(documentIdShape));
    expect(await post(s, { documentId: `sha256:${sha256(CUSTOMER)}`, query: CUSTOMER }, alice)).toEqual(
      bad('Send either documentId or query, not both.'),
    );
    const shape = 'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<64 lower-case hex digits>" }.';
    expect(await post(s, { extensions: { persistedQuery: { version: 2, sha256Hash: sha256(CUSTOMER) } } }, alice)).toEqual(bad(shape));
    expect(await post(s, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(CUSTOMER).toUpperCase() } } }, alice)).toEqual(
      bad(shape),
    );
    expect(await post(s, { query: UNTRUSTED, ...byHash(CUSTOMER, { id: 'x' }) }, alice)).toEqual(
      bad('extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it.'),
    );
    expect(await post(s, { ...byDocumentId(CUSTOMER), ...byHash(RECORD) }, alice)).toEqual(
      bad('documentId and extensions.persistedQuery.sha256Hash name different documents.'),
    );
  });

  it('serves a full query that is in no manifest (TRUSTED_DOCUMENTS_ONLY is off), and does not register it', async () => {
    const variables = { id: w.id('customer', 'acme') };
    const name = { customer: { name: `${w.prefix} Acme Freight` } };
    expect(await s.gql(UNTRUSTED, variables, vic)).toEqual({ status: 200, data: name });
    // Sent with its hash: served, but with a manifest configured nobody registers documents.
    expect(await post(s, { query: UNTRUSTED, ...byHash(UNTRUSTED, variables) }, vic)).toEqual({ status: 200, data: name });
    expect(await post(s, byHash(UNTRUSTED, variables), vic)).toEqual({
      status: 200,
      errors: [{ message: NOT_FOUND_TRUSTED, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    });
  });

  it('applies the limits to a trusted document', async () => {
    const res = await post(s, byDocumentId(TOO_MANY_ALIASES), alice);
    expect([res.status, res.errors?.map((e) => e.extensions)]).toEqual([400, [{ code: 'GRAPHQL_VALIDATION_FAILED' }]]);
    expect(res.errors?.[0].message).toMatch(/Aliases limit of 15 exceeded/);
  });

  it('audits a mutation sent by id, and logs its operation name and id', async () => {
    log.length = 0;
    const res = await post(s, byDocumentId(RECORD, interaction('Sent by id')), alice);
    expect(res).toEqual({ status: 200, data: { recordInteraction: { summary: 'Sent by id', channel: 'CHAT' } } });
    const trail = await s.gql(
      'query($f: AuditFilter) { auditTrail(filter: $f, first: 1) { edges { node { actorId action outcome code } } } }',
      { f: { actorId: w.id('employee', 'alice'), action: 'recordInteraction' } },
      carol,
    );
    expect(trail.data.auditTrail.edges).toEqual([
      { node: { actorId: w.id('employee', 'alice'), action: 'recordInteraction', outcome: 'SUCCEEDED', code: null } },
    ]);
    const line = log.find((l) => l.msg === 'graphql request' && l.operation === 'RecordByTrust');
    expect(line).toMatchObject({
      operation: 'RecordByTrust',
      documentId: sha256(RECORD),
      type: 'mutation',
      actorId: w.id('employee', 'alice'),
    });
  });

  it('serves a subscription by documentId and by Apollo hash over WebSocket, and refuses an unknown id', async () => {
    const before = s.events.listenerCount(Topics.INTERACTION_RECORDED as never);
    const variables = { c: w.id('customer', 'acme') };
    const one = wsSubscribe(s, vic, { query: '', ...byDocumentId(LIVE, variables) });
    const two = wsSubscribe(s, vic, { query: '', ...byHash(LIVE, variables) });
    const unknown = wsSubscribe(s, vic, { query: '', documentId: `sha256:${sha256('subscription { nothing }')}` });
    const malformed = wsSubscribe(s, vic, { query: '', documentId: 'sha256:xyz' });
    try {
      await until(() => s.events.listenerCount(Topics.INTERACTION_RECORDED as never) === before + 2, 5_000, 'two subscriptions');
      await until(() => unknown.errors.length === 1 && malformed.errors.length === 1, 5_000, 'the refusals');
      expect(unknown.errors).toEqual([[{ message: NOT_FOUND_TRUSTED, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }]]);
      expect(malformed.errors).toEqual([
        [
          {
            message: 'documentId must be "sha256:" followed by the 64 lower-case hex digits of the document\'s SHA-256.',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      ]);
      expect((await post(s, byDocumentId(RECORD, interaction('Live by id')), alice)).errors).toBeUndefined();
      await until(() => one.events.length === 1 && two.events.length === 1, 10_000, 'the event');
      const event = { data: { interactionRecorded: { interaction: { summary: 'Live by id' } } } };
      expect([one.events, two.events]).toEqual([[event], [event]]);
    } finally {
      await Promise.all([one, two, unknown, malformed].map((l) => l.dispose()));
    }
  });

  it('refuses to start with a manifest whose id is not the hash of its body, or that cannot be read', async () => {
    const forged = path.join(dir, 'forged.json');
    const id = sha256(CUSTOMER);
    writeFileSync(forged, JSON.stringify({ [`sha256:${id}`]: UNTRUSTED }));
    const logger = pino({ level: 'silent' });
    await expect(startServer(testConfig({ TRUSTED_DOCUMENTS: forged }), s.graph, s.events, logger)).rejects.toThrow(
      `Invalid configuration:\n  TRUSTED_DOCUMENTS: ${forged}: the document ${id} is not what its id says: the SHA-256 of its body is ${sha256(UNTRUSTED)}. The manifest was edited or is damaged; generate it again from the client's operations.`,
    );
    const missing = path.join(dir, 'missing.json');
    await expect(startServer(testConfig({ TRUSTED_DOCUMENTS: missing }), s.graph, s.events, logger)).rejects.toThrow(
      `Invalid configuration:\n  TRUSTED_DOCUMENTS: ${missing} cannot be read (ENOENT).`,
    );
    // A forged workbench manifest stops the start as well.
    const forgedWorkbench = path.join(dir, 'forged-web');
    mkdirSync(forgedWorkbench);
    writeFileSync(path.join(forgedWorkbench, 'trusted-documents.json'), JSON.stringify({ [`sha256:${id}`]: UNTRUSTED }));
    await expect(startServer(testConfig(), s.graph, s.events, logger, { workbenchDir: forgedWorkbench })).rejects.toThrow(
      `the document ${id} is not what its id says`,
    );
  });
});

describe('TRUSTED_DOCUMENTS_ONLY', () => {
  let s: TestServer;
  let alice: string;
  let vic: string;
  let carol: string;

  beforeAll(async () => {
    s = await startTestServer({
      env: { TRUSTED_DOCUMENTS: `${apolloManifest},${presetManifest}`, TRUSTED_DOCUMENTS_ONLY: 'true' },
      server: { workbenchDir: workbench },
    });
    w ??= await buildWorld(s.graph);
    alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
    vic = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
    carol = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
  });
  afterAll(() => s.close());

  const refused = { status: 403, errors: [{ message: NOT_TRUSTED, extensions: { code: 'OPERATION_NOT_TRUSTED' } }] };

  it('refuses a document in no manifest for VIEWER, ANALYST and callers without a token, and serves it to an ADMIN', async () => {
    const variables = { id: w.id('customer', 'acme') };
    expect(await s.gql(UNTRUSTED, variables, vic)).toEqual(refused);
    expect(await s.gql(UNTRUSTED, variables, alice)).toEqual(refused);
    expect(await s.gql(UNTRUSTED, variables, null)).toEqual(refused);
    expect(await s.gql(UNTRUSTED, variables, carol)).toEqual({ status: 200, data: { customer: { name: `${w.prefix} Acme Freight` } } });
  });

  it('serves trusted documents, by id or in full, and the workbench', async () => {
    const variables = { id: w.id('customer', 'acme') };
    const acme = { status: 200, data: { customer: { name: `${w.prefix} Acme Freight`, lifecycleStage: 'ACTIVE' } } };
    expect(await post(s, byDocumentId(CUSTOMER, variables), vic)).toEqual(acme);
    expect(await post(s, byHash(CUSTOMER, variables), vic)).toEqual(acme);
    expect(await s.gql(CUSTOMER, variables, vic)).toEqual(acme);
    expect(await post(s, byDocumentId(WORKBENCH_ME), vic)).toEqual({ status: 200, data: { me: { name: `${w.prefix} Vic Viewer` } } });
    // An unknown id is still not found (it names nothing to refuse).
    expect(await post(s, { documentId: `sha256:${sha256(UNTRUSTED)}` }, vic)).toEqual({
      status: 200,
      errors: [{ message: NOT_FOUND_TRUSTED, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    });
  });

  it('refuses an untrusted mutation before it runs: nothing changes, and the audit trail says so', async () => {
    const segments = `MATCH (s:Segment {name: 'trusted-documents untrusted'}) RETURN count(s) AS n`;
    expect(await s.gql(UNTRUSTED_MUTATION, {}, alice)).toEqual(refused);
    expect(await s.cypher(segments)).toEqual([{ n: 0 }]);
    const trail = await s.gql(
      'query($f: AuditFilter) { auditTrail(filter: $f, first: 1) { edges { node { action outcome code } } } }',
      { f: { actorId: w.id('employee', 'alice'), action: 'createSegment' } },
      carol,
    );
    expect(trail.data.auditTrail.edges).toEqual([{ node: { action: 'createSegment', outcome: 'REFUSED', code: 'OPERATION_NOT_TRUSTED' } }]);
  });

  it('applies over WebSocket: an untrusted subscription is refused, a trusted one by id is served', async () => {
    const before = s.events.listenerCount(Topics.INTERACTION_RECORDED as never);
    const variables = { c: w.id('customer', 'acme') };
    const untrusted = wsSubscribe(s, vic, { query: 'subscription { interactionRecorded { at } }' });
    const trusted = wsSubscribe(s, vic, { query: '', ...byDocumentId(LIVE, variables) });
    const asAdmin = wsSubscribe(s, carol, { query: 'subscription Admin { interactionRecorded { at } }' });
    try {
      await until(() => untrusted.errors.length === 1, 5_000, 'the refusal');
      expect(untrusted.errors).toEqual([[{ message: NOT_TRUSTED, extensions: { code: 'OPERATION_NOT_TRUSTED' } }]]);
      await until(() => s.events.listenerCount(Topics.INTERACTION_RECORDED as never) === before + 2, 5_000, 'two subscriptions');
      expect((await post(s, byDocumentId(RECORD, interaction('Only trusted')), alice)).errors).toBeUndefined();
      await until(() => trusted.events.length === 1 && asAdmin.events.length === 1, 10_000, 'the event');
      expect(trusted.events).toEqual([{ data: { interactionRecorded: { interaction: { summary: 'Only trusted' } } } }]);
    } finally {
      await Promise.all([untrusted, trusted, asAdmin].map((l) => l.dispose()));
    }
  });
});

describe('without manifests: automatic persisted queries', () => {
  let s: TestServer;
  let alice: string;

  beforeAll(async () => {
    s = await startTestServer({ server: { workbenchDir: workbench } });
    w ??= await buildWorld(s.graph);
    alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  });
  afterAll(() => s.close());

  it('answers the hash first with PERSISTED_QUERY_NOT_FOUND, then registers it with the query, then serves the hash alone', async () => {
    // A document of its own (this server's registrations live as long as it does).
    const document = `query Apq($id: ID!) { customer(id: $id) { name email } } # ${w.prefix}`;
    const variables = { id: w.id('customer', 'acme') };
    const data = { customer: { name: `${w.prefix} Acme Freight`, email: 'ops@acme.example' } };
    expect(await post(s, byHash(document, variables), alice)).toEqual({
      status: 200,
      errors: [{ message: NOT_FOUND_APQ, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    });
    expect(await post(s, { query: document, ...byHash(document, variables) }, alice)).toEqual({ status: 200, data });
    expect(await post(s, byHash(document, variables), alice)).toEqual({ status: 200, data });
    expect(await post(s, byDocumentId(document, variables), alice)).toEqual({ status: 200, data });
    expect(await get(s, { extensions: JSON.stringify(byHash(document).extensions), variables: JSON.stringify(variables) }, alice)).toEqual({
      status: 200,
      data,
    });
  });

  it('does not register a document that does not validate, nor one whose hash is wrong', async () => {
    const invalid = `query Invalid { nothing } # ${w.prefix}`;
    const first = await post(s, { query: invalid, ...byHash(invalid) }, alice);
    expect([first.status, first.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
    expect(await post(s, byHash(invalid), alice)).toEqual({
      status: 200,
      errors: [{ message: NOT_FOUND_APQ, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
    });
    const other = `query Other { me { name } } # ${w.prefix}`;
    expect(await post(s, { query: other, ...byHash(invalid) }, alice)).toEqual({
      status: 400,
      errors: [
        {
          message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it.',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  });

  it("still serves the workbench's documents by id", async () => {
    expect(await post(s, byDocumentId(WORKBENCH_ME), alice)).toEqual({ status: 200, data: { me: { name: `${w.prefix} Alice Author` } } });
  });

  it('registers over WebSocket too', async () => {
    const document = `subscription ApqLive($c: ID) { interactionRecorded(customerId: $c) { interaction { summary } } } # ${w.prefix}`;
    const variables = { c: w.id('customer', 'acme') };
    const unknown = wsSubscribe(s, alice, { query: '', ...byHash(document, variables) });
    await until(() => unknown.errors.length === 1, 5_000, 'the refusal');
    expect(unknown.errors).toEqual([[{ message: NOT_FOUND_APQ, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }]]);
    const before = s.events.listenerCount(Topics.INTERACTION_RECORDED as never);
    const registering = wsSubscribe(s, alice, { query: document, ...byHash(document, variables) });
    await until(() => s.events.listenerCount(Topics.INTERACTION_RECORDED as never) === before + 1, 5_000, 'the subscription');
    const byId = wsSubscribe(s, alice, { query: '', ...byHash(document, variables) });
    try {
      await until(() => s.events.listenerCount(Topics.INTERACTION_RECORDED as never) === before + 2, 5_000, 'the second subscription');
      expect(byId.errors).toEqual([]);
    } finally {
      await Promise.all([unknown, registering, byId].map((l) => l.dispose()));
    }
  });
});
