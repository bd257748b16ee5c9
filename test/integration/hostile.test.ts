/**
 * Hostile input, table-driven. Every case of HOSTILE is sent to a real server over HTTP or
 * WebSocket and must (1) answer the exact HTTP status (or WebSocket close code) and the exact
 * `extensions.code` of its first error (or, for a harmless read, the exact data), (2) leave the
 * server answering a normal query, and (3) leave the graph byte-for-byte as it was: node and
 * relationship counts and a sha256 over every node's labels and properties and every
 * relationship's type, properties and endpoints (audit entries excepted: refused mutations are
 * audited by design).
 *
 * Requests that are hostile-looking but legal (an injection string as a customer's name) must
 * succeed and store the string verbatim; they live in their own table at the end, which checks
 * that they added exactly what they said and touched nothing else.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSchema, coerceInputValue, type GraphQLField } from 'graphql';
import { createClient } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { AccessRole } from '../../src/graphql/access';
import { LIMITS } from '../../src/server/limits';
import { graphFingerprint, type Fingerprint } from '../helpers/fingerprint';
import { until } from '../helpers/live';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../helpers/server';
import { buildWorld, fixtureInsight, type World } from '../helpers/world';

// ---------------------------------------------------------------------------------------------
// The world, the tokens, the transports
// ---------------------------------------------------------------------------------------------

let s: TestServer;
let w: World;
/** Tokens by name, minted in beforeAll. */
const T: Record<string, string> = {};

const ids = {
  acme: () => w.id('customer', 'acme'),
  bolt: () => w.id('customer', 'bolt'),
  dana: () => w.id('customer', 'dana'),
  alice: () => w.id('employee', 'alice'),
  bob: () => w.id('employee', 'bob'),
  carol: () => w.id('employee', 'carol'),
  vic: () => w.id('employee', 'vic'),
  seg: () => w.id('segment', 'seg'),
  offline: () => w.id('need', 'offline'),
  i1: () => w.id('interaction', 'i1'),
  i2: () => w.id('interaction', 'i2'),
  /** PROPOSED, version 1, by alice, about acme. */
  ins1: () => w.id('insight', 'ins1'),
  /** DRAFT, by alice. */
  draft: () => w.id('insight', 'draft'),
  /** PROPOSED, version 3, by alice. */
  v3: () => w.id('insight', 'v3'),
  /** ARCHIVED, by alice. */
  arch: () => w.id('insight', 'arch'),
  /** PROPOSED, by carol (ADMIN and ANALYST). */
  carols: () => w.id('insight', 'carols'),
};
const prefix = () => w.prefix;

interface Outcome {
  /** HTTP status; for WebSocket cases the close code, or 101 while the socket stayed open. */
  status: number;
  /** `extensions.code` of the first error; null when there is none. */
  code: string | null;
  /** `extensions.field` of the first error. */
  field?: unknown;
  message?: string;
  extensions?: Record<string, unknown>;
  data?: unknown;
}

async function outcomeOf(res: Response): Promise<Outcome> {
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const first = body?.errors?.[0];
  return {
    status: res.status,
    code: first?.extensions?.code ?? null,
    field: first?.extensions?.field,
    message: first?.message ?? (body === undefined ? text.slice(0, 300) : undefined),
    extensions: first?.extensions,
    data: body?.data,
  };
}

/** A GraphQL request as a client sends it: POST, JSON, bearer token. */
async function gql(query: string, variables?: Record<string, unknown>, token: string | null = T.analyst): Promise<Outcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return outcomeOf(await fetch(s.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) }));
}

/** A POST with a body and headers of our choosing (the analyst's token unless one is given). */
async function post(
  body: string | Uint8Array,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  token: string | null = T.analyst,
): Promise<Outcome> {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  return outcomeOf(await fetch(s.url, { method: 'POST', headers: h, body }));
}

/** A request with the given Authorization header value (or none). */
async function withAuth(authorization: string | undefined, query: string, variables?: Record<string, unknown>): Promise<Outcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  return outcomeOf(await fetch(s.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) }));
}

/** Any method, query string in the URL. */
async function http(
  method: string,
  search: Record<string, string>,
  headers: Record<string, string> = {},
  body?: string,
  token: string | null = T.analyst,
): Promise<Outcome> {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  const qs = new URLSearchParams(search).toString();
  return outcomeOf(await fetch(`${s.url}${qs ? `?${qs}` : ''}`, { method, headers: h, body }));
}

/** One operation over graphql-ws: the close code if the server closed, else the first error or result. */
async function live(connectionParams: Record<string, unknown>, query: string, variables: Record<string, unknown> = {}): Promise<Outcome> {
  let closed: { code: number; reason: string } | undefined;
  const errors: any[] = [];
  const nexts: any[] = [];
  const client = createClient({
    url: s.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: { closed: (e) => (closed = e as { code: number; reason: string }) },
  });
  client.subscribe({ query, variables }, { next: (v) => nexts.push(v), error: (e) => errors.push(e), complete: () => undefined });
  try {
    await until(() => closed !== undefined || errors.length > 0 || nexts.length > 0, 8_000, 'a WebSocket outcome');
    await new Promise((r) => setTimeout(r, 30)); // let a close that travels with an error land
  } finally {
    await client.dispose();
  }
  const closeCode = closed?.code ?? (typeof errors[0]?.code === 'number' ? errors[0].code : undefined);
  if (closeCode !== undefined) return { status: closeCode, code: null, message: closed?.reason };
  const first = Array.isArray(errors[0]) ? errors[0][0] : nexts[0]?.errors?.[0];
  return {
    status: 101,
    code: first?.extensions?.code ?? null,
    message: first?.message,
    extensions: first?.extensions,
    data: nexts[0]?.data,
  };
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

const now = () => Math.floor(Date.now() / 1000);
const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

interface TokenSpec {
  sub?: string | null;
  roles?: unknown;
  iss?: string;
  aud?: string;
  exp?: number | null;
  nbf?: number;
  alg?: string;
  secret?: string;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
}

async function jwt(spec: TokenSpec = {}): Promise<string> {
  const payload: Record<string, unknown> = { roles: 'roles' in spec ? spec.roles : ['ANALYST'], ...spec.claims };
  let b = new SignJWT(payload as any)
    .setProtectedHeader({ alg: spec.alg ?? 'HS256', typ: 'JWT', ...spec.header } as any)
    .setIssuer(spec.iss ?? 'rapport')
    .setAudience(spec.aud ?? 'rapport-api')
    .setIssuedAt();
  if (spec.sub !== null) b = b.setSubject(spec.sub ?? ids.alice());
  if (spec.exp !== null) b = b.setExpirationTime(spec.exp ?? now() + 3600);
  if (spec.nbf !== undefined) b = b.setNotBefore(spec.nbf);
  return b.sign(new TextEncoder().encode(spec.secret ?? TEST_JWT_SECRET));
}

/** A token signed by hand (HS256 with the test secret), for headers jose would not sign. */
function handSigned(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', TEST_JWT_SECRET).update(input).digest('base64url')}`;
}

/** An unsigned token (`alg: none`), with or without the trailing dot. */
function unsigned(alg = 'none', trailingDot = true): string {
  const payload = { sub: ids.alice(), roles: ['ADMIN'], iss: 'rapport', aud: 'rapport-api', exp: now() + 3600 };
  return `${b64url({ alg, typ: 'JWT' })}.${b64url(payload)}${trailingDot ? '.' : ''}`;
}

// ---------------------------------------------------------------------------------------------
// The schema, read from the committed SDL: every mutation and its input type
// ---------------------------------------------------------------------------------------------

const SDL = buildSchema(readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));
const MUTATIONS: Record<string, GraphQLField<unknown, unknown>> = SDL.getMutationType()!.getFields();
const inputTypeOf = (mutation: string) => {
  const field = MUTATIONS[mutation];
  if (!field) throw new Error(`The schema has no mutation ${mutation}`);
  const arg = field.args.find((a) => a.name === 'input');
  if (!arg) throw new Error(`Mutation ${mutation} takes no input argument`);
  return String(arg.type);
};

/** Sends one mutation with `input` as a variable and asks only for `__typename`. */
const mut = (name: string, input: unknown, token: string | null = T.analyst) =>
  gql(`mutation($input: ${inputTypeOf(name)}) { ${name}(input: $input) { __typename } }`, { input }, token);

/** The same, with the input written into the document (literal coercion, not variable coercion). */
const mutLiteral = (name: string, inputLiteral: string, token: string | null = T.analyst) =>
  gql(`mutation { ${name}(input: ${inputLiteral}) { __typename } }`, undefined, token);

/** A syntactically and semantically valid input for every mutation: what would succeed for the right role. */
const VALID_INPUT: Record<string, () => unknown> = {
  createCustomer: () => ({ name: `${prefix()} Viewer Co`, kind: 'ORGANIZATION' }),
  updateCustomer: () => ({ id: ids.acme(), name: 'Renamed by a viewer', revenue: 1 }),
  assignAccountOwner: () => ({ customerId: ids.acme(), employeeId: ids.bob() }),
  unassignAccountOwner: () => ({ customerId: ids.acme(), employeeId: ids.alice() }),
  createEmployee: () => ({
    name: 'Mallory',
    email: `${prefix()}.mallory@example.com`,
    team: 'Red',
    role: 'ANALYST',
    accessRoles: ['ADMIN'],
  }),
  updateEmployee: () => ({ id: ids.vic(), accessRoles: ['ADMIN'] }),
  revokeEmployeeTokens: () => ({ employeeId: ids.alice() }),
  createSegment: () => ({ name: `${prefix()} Viewer segment` }),
  recordInteraction: () => ({
    customerId: ids.acme(),
    channel: 'PHONE',
    touchpoint: 'SUPPORT',
    direction: 'INBOUND',
    summary: 'By a viewer',
  }),
  runLearning: () => ({ miners: ['EMERGING_NEED'] }),
  recordInteractions: () => [
    { customerId: ids.acme(), channel: 'PHONE', touchpoint: 'SUPPORT', direction: 'INBOUND', summary: 'By a viewer' },
  ],
  raiseNeed: () => ({ customerId: ids.acme(), title: 'By a viewer', kind: 'FUNCTIONAL' }),
  linkNeed: () => ({ needId: ids.offline(), customerId: ids.bolt() }),
  updateNeed: () => ({ id: ids.offline(), status: 'MET' }),
  proposeInsight: () => ({ title: 'By a viewer', body: 'Body', origin: 'FROM_CUSTOMER', confidence: 0.5, customerIds: [ids.acme()] }),
  reviseInsight: () => ({ id: ids.ins1(), expectedVersion: 1, title: 'Revised by a viewer' }),
  submitInsight: () => ({ id: ids.draft() }),
  validateInsight: () => ({ id: ids.ins1() }),
  refuteInsight: () => ({ id: ids.ins1(), reason: 'a viewer says no' }),
  archiveInsight: () => ({ id: ids.ins1() }),
  linkEvidence: () => ({ insightId: ids.ins1(), interactionIds: [ids.i2()] }),
  annotateInsight: () => ({ insightId: ids.ins1(), kind: 'COMMENT', body: 'By a viewer' }),
  tag: () => ({ targetId: ids.i1(), topics: ['viewer-topic'] }),
  eraseCustomer: () => ({ customerId: ids.bolt(), reason: 'a viewer wants it gone' }),
  // Corrections (issue 22): every one is refused by role or by the employee's absence before any record is read.
  updateInteraction: () => ({ id: ids.i1(), expectedVersion: 1, summary: 'Edited by a viewer' }),
  updateAnnotation: () => ({ id: `${prefix()}-some-annotation`, expectedVersion: 1, body: 'Edited by a viewer' }),
  updateSegment: () => ({ id: ids.seg(), expectedVersion: 1, name: 'Renamed by a viewer' }),
  updateTopic: () => ({ id: `${prefix()}-some-topic`, expectedVersion: 1, name: 'renamed-by-a-viewer' }),
  untag: () => ({ targetId: ids.i1(), topics: [`${prefix()}-routing`] }),
  unlinkNeed: () => ({ customerId: ids.acme(), needId: ids.offline() }),
  unlinkEvidence: () => ({ insightId: ids.ins1(), interactionIds: [ids.i1()], expectedVersion: 1 }),
  deleteInteraction: () => ({ id: ids.i1(), reason: 'a viewer wants it gone' }),
  deleteAnnotation: () => ({ id: `${prefix()}-some-annotation` }),
  deleteNeed: () => ({ id: ids.offline() }),
  deleteCustomer: () => ({ id: ids.bolt() }),
  restoreInteraction: () => ({ id: ids.i1() }),
  restoreAnnotation: () => ({ id: `${prefix()}-some-annotation` }),
  restoreNeed: () => ({ id: ids.offline() }),
  restoreCustomer: () => ({ id: ids.bolt() }),
  mergeCustomers: () => ({ survivorId: ids.acme(), mergedId: ids.bolt(), reason: 'a viewer says they are one' }),
  mergeNeeds: () => ({ survivorId: ids.offline(), mergedId: `${prefix()}-some-need`, reason: 'a viewer says they are one' }),
  dismissDuplicate: () => ({ customerIds: [ids.acme(), ids.bolt()] }),
  registerWebhook: () => ({ url: 'https://hooks.example.com/r', filter: { needRaised: {} } }),
  updateWebhook: () => ({ id: `${prefix()}-some-webhook`, description: 'a viewer renames it' }),
  pauseWebhook: () => ({ id: `${prefix()}-some-webhook` }),
  resumeWebhook: () => ({ id: `${prefix()}-some-webhook` }),
  rotateWebhookSecret: () => ({ id: `${prefix()}-some-webhook` }),
  deleteWebhook: () => ({ id: `${prefix()}-some-webhook` }),
  followInsight: () => ({ id: ids.ins1() }),
  unfollowInsight: () => ({ id: ids.ins1() }),
  markInsightSeen: () => ({ id: ids.ins1() }),
  markNotificationsRead: () => ({ ids: [`${prefix()}-some-notification`] }),
  saveView: () => ({ name: 'A view of my own', list: 'CUSTOMERS', pageSize: 50 }),
  deleteSavedView: () => ({ id: `${prefix()}-some-view` }),
};

/**
 * Mutations of the caller's own working state, not of knowledge: any role, a VIEWER too, may call them
 * (following, marking seen or read, saved views; test/integration/inbox.test.ts and saved-views.test.ts).
 * The VIEWER cases below leave them out; the removed-employee cases do not.
 */
const PERSONAL_MUTATIONS = new Set([
  'followInsight',
  'unfollowInsight',
  'markInsightSeen',
  'markNotificationsRead',
  'saveView',
  'deleteSavedView',
]);

// ---------------------------------------------------------------------------------------------
// The graph's fingerprint
// ---------------------------------------------------------------------------------------------

const counts = ({ nodes, relationships, sha256 }: Fingerprint): Fingerprint => ({ nodes, relationships, sha256 });

let baseline: Fingerprint;
let baselineElements: Set<string>;

/** The normal query every case is followed by. */
async function stillAnswers(): Promise<unknown> {
  const res = await gql('{ me { name } }', undefined, T.analyst);
  return { status: res.status, code: res.code, data: res.data };
}

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph, (world) => {
    const k = (x: string) => `${world.prefix}-${x}`;
    world.data.insights.push(
      fixtureInsight(world, 'draft', { status: 'DRAFT' }),
      fixtureInsight(world, 'v3', { version: 3, title: `${world.prefix} third version` }),
      fixtureInsight(world, 'arch', { status: 'ARCHIVED' }),
      fixtureInsight(world, 'carols', { authorKey: k('carol') }),
    );
  });
  T.analyst = await s.token(ids.alice(), [AccessRole.ANALYST]);
  T.bob = await s.token(ids.bob(), [AccessRole.ANALYST]);
  T.admin = await s.token(ids.carol(), [AccessRole.ADMIN, AccessRole.ANALYST]);
  T.viewer = await s.token(ids.vic(), [AccessRole.VIEWER]);
  T.ghost = await s.token(`${w.prefix}-ghost`, [AccessRole.ANALYST]);
  T.ghostAdmin = await s.token(`${w.prefix}-ghost-admin`, [AccessRole.ADMIN, AccessRole.ANALYST]);
  T.expired = await jwt({ exp: now() - 3600, roles: ['ADMIN'] });
  T.notYet = await jwt({ nbf: now() + 3600, roles: ['ADMIN'] });
  T.wrongIssuer = await jwt({ iss: 'evil', roles: ['ADMIN'] });
  T.wrongAudience = await jwt({ aud: 'someone-else', roles: ['ADMIN'] });
  T.otherSecret = await jwt({ secret: 'another-secret-another-secret-another-secret', roles: ['ADMIN'] });
  T.hs512 = await jwt({ alg: 'HS512', roles: ['ADMIN'] });
  T.hs384 = await jwt({ alg: 'HS384', roles: ['ADMIN'] });
  T.noSub = await jwt({ sub: null, roles: ['ADMIN'] });
  T.noExp = await jwt({ exp: null, roles: ['ADMIN'] });
  T.expString = await jwt({ exp: null, roles: ['ADMIN'], claims: { exp: String(now() + 3600) } });
  const claims = { sub: ids.alice(), roles: ['ADMIN'], iss: 'rapport', aud: 'rapport-api', exp: now() + 3600 };
  T.handSigned = handSigned({ alg: 'HS256', typ: 'JWT' }, claims);
  T.crit = handSigned({ alg: 'HS256', typ: 'JWT', crit: ['hax'], hax: true }, claims);
  T.unknownRole = await jwt({ roles: ['ROOT', 'SUPERUSER'] });
  T.lowercaseRole = await jwt({ roles: ['admin', 'analyst'] });
  T.roleString = await jwt({ roles: 'ADMIN' });
  T.roleObject = await jwt({ roles: [{ $ne: null }] });
  T.noRoles = await jwt({ roles: undefined });
  T.injectedSub = await jwt({ sub: `x'}) MATCH (n) DETACH DELETE n //`, roles: ['ANALYST', 'ADMIN'] });
  T.emptySub = await jwt({ sub: '', roles: ['ANALYST'] });
  const [h, , sig] = T.viewer.split('.');
  const forgedPayload = { sub: ids.vic(), roles: ['ADMIN'], iss: 'rapport', aud: 'rapport-api', exp: now() + 3600 };
  T.tampered = `${h}.${b64url(forgedPayload)}.${sig}`;
  const fp = await graphFingerprint(s.graph);
  baseline = counts(fp);
  baselineElements = fp.elementIds;
});
afterAll(() => s?.close());

// ---------------------------------------------------------------------------------------------
// The hostile table
// ---------------------------------------------------------------------------------------------

interface Case {
  name: string;
  send: () => Promise<Outcome>;
  /** HTTP status, or the WebSocket close code (101: the socket stayed open). */
  status: number;
  /** `extensions.code` of the first error; null for a harmless read with no error. */
  code: string | null;
  /** `extensions.field` of the first error, when it names one. */
  field?: string;
  /** The exact `data` of the response, when checked. */
  data?: () => unknown;
  message?: RegExp;
  /** Extra extensions that must be present. */
  extensions?: () => Record<string, unknown>;
}

const CASES: Case[] = [];
const add = (group: string, c: Case) => CASES.push({ ...c, name: `${group}: ${c.name}` });

/** Cypher-injection payloads, used round-robin over every string and id argument. */
const INJECTIONS = [
  `"}) MATCH (n) DETACH DELETE n //`,
  `' OR 1=1 //`,
  "x') DETACH DELETE n RETURN 1 //",
  '`Customer`',
  '$id',
  "{id: 'x'}",
  '\u0000',
  '*/ MATCH (n) SET n.pwned = true /*',
  "' UNION MATCH (n) RETURN n //",
  'CALL db.labels() YIELD label RETURN label',
  "LOAD CSV FROM 'http://127.0.0.1:1/x' AS l RETURN l",
  '.*',
  '%',
  "\\'; DROP CONSTRAINT customer_id; //",
  '{"$ne": null}',
  "'}) WITH 1 AS x MATCH (e:Employee) SET e.accessRoles = ['ADMIN'] //",
];
let injectionIndex = 0;
/** The next injection payload (round-robin, so every payload is used several times). */
const inj = () => INJECTIONS[injectionIndex++ % INJECTIONS.length];

// --- Cypher injection in every id and string argument of the queries: null or empty, nothing else ---

const EMPTY_PAGE = { totalCount: 0, edges: [] };
for (const field of ['customer', 'employee', 'interaction', 'need', 'insight', 'segment']) {
  const payload = inj();
  add('injection (query id)', {
    name: `${field}(id: ${JSON.stringify(payload)}) is null`,
    send: () => gql(`query($id: ID!) { ${field}(id: $id) { id } }`, { id: payload }),
    status: 200,
    code: null,
    data: () => ({ [field]: null }),
  });
}
{
  const payload = inj();
  add('injection (query id)', {
    name: `exportCustomer(customerId: ${JSON.stringify(payload)}) by an ADMIN is null`,
    send: () => gql(`query($id: ID!) { exportCustomer(customerId: $id) }`, { id: payload }, T.admin),
    status: 200,
    code: null,
    data: () => ({ exportCustomer: null }),
  });
}

const FILTER_TYPES: Record<string, string> = {
  customers: 'CustomerFilter',
  employees: 'EmployeeFilter',
  interactions: 'InteractionFilter',
  needs: 'NeedFilter',
  insights: 'InsightFilter',
  topics: 'TopicFilter',
  segments: 'SegmentFilter',
};
const LIST_FILTERS: [list: string, filterField: string, isList?: boolean][] = [
  ['customers', 'nameContains'],
  ['customers', 'hasNeedId'],
  ['customers', 'organizationId'],
  ['customers', 'ownerId'],
  ['customers', 'segmentId'],
  ['employees', 'nameContains'],
  ['employees', 'teams', true],
  ['employees', 'ownsCustomerId'],
  ['interactions', 'customerId'],
  ['interactions', 'employeeId'],
  ['interactions', 'needId'],
  ['interactions', 'topic'],
  ['needs', 'customerId'],
  ['needs', 'interactionId'],
  ['needs', 'titleContains'],
  ['needs', 'topic'],
  ['insights', 'topic'],
  ['insights', 'aboutCustomerId'],
  ['insights', 'aboutNeedId'],
  ['insights', 'aboutSegmentId'],
  ['insights', 'authorId'],
  ['insights', 'evidenceInteractionId'],
  ['insights', 'titleContains'],
  ['topics', 'nameContains'],
  ['segments', 'nameContains'],
];
for (const [list, filterField, isList] of LIST_FILTERS) {
  const payload = inj();
  add('injection (list filter)', {
    name: `${list}(filter: { ${filterField}: ${JSON.stringify(payload)} }) is empty`,
    send: () =>
      gql(`query($f: ${FILTER_TYPES[list]}) { ${list}(filter: $f) { totalCount edges { node { id } } } }`, {
        f: { [filterField]: isList ? [payload, payload] : payload },
      }),
    status: 200,
    code: null,
    data: () => ({ [list]: EMPTY_PAGE }),
  });
}
{
  const payload = inj();
  add('injection (nested filter)', {
    name: `customer { interactions(filter: { topic }) needs(filter: { titleContains }) insights(filter: { authorId }) } are empty`,
    send: () =>
      gql(
        `query($id: ID!, $p: String!, $pid: ID!) { customer(id: $id) { name interactions(filter: { topic: $p }) { totalCount } needs(filter: { titleContains: $p }) { totalCount } insights(filter: { authorId: $pid }) { totalCount } } }`,
        { id: ids.acme(), p: payload, pid: payload },
      ),
    status: 200,
    code: null,
    data: () => ({
      customer: {
        name: `${prefix()} Acme Freight`,
        interactions: { totalCount: 0 },
        needs: { totalCount: 0 },
        insights: { totalCount: 0 },
      },
    }),
  });
}
{
  const payload = inj();
  add('injection (nested filter)', {
    name: 'insight { annotations(filter: { authorId }) } is empty',
    send: () =>
      gql(`query($id: ID!, $p: ID!) { insight(id: $id) { annotations(filter: { authorId: $p }) { totalCount } } }`, {
        id: ids.ins1(),
        p: payload,
      }),
    status: 200,
    code: null,
    data: () => ({ insight: { annotations: { totalCount: 0 } } }),
  });
}
for (const list of ['customers', 'interactions', 'needs', 'insights', 'employees', 'topics', 'segments']) {
  const payload = inj();
  add('injection (cursor)', {
    name: `${list}(after: ${JSON.stringify(payload)}) is refused`,
    send: () => gql(`query($a: String) { ${list}(after: $a) { totalCount } }`, { a: payload }),
    status: 200,
    code: 'BAD_USER_INPUT',
    field: 'after',
  });
}
add('injection (cursor)', {
  name: 'a forged cursor holding an object is refused',
  send: () => gql(`query($a: String) { customers(after: $a) { totalCount } }`, { a: b64url([{ $gt: '' }, 'x', 'Customer.NAME.ASC']) }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'after',
});
add('injection (cursor)', {
  name: 'a forged cursor whose date is not a date (interactions, newest first) is refused, not an internal error',
  send: () =>
    gql(`query($a: String) { interactions(after: $a) { totalCount edges { node { id } } } }`, {
      a: b64url(["') MATCH (n) DETACH DELETE n //", 'x', 'Interaction.OCCURRED_AT.DESC']),
    }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'after',
});
add('injection (cursor)', {
  name: 'a forged cursor whose date is a number (needs, newest first) is refused, not an internal error',
  send: () => gql(`query($a: String) { needs(after: $a) { edges { node { id } } } }`, { a: b64url([1e308, 'x', 'Need.CREATED_AT.DESC']) }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'after',
});
for (const [what, date] of [
  ['February 30', '2025-02-30T00:00:00.000Z'],
  ['24:00', '2025-03-01T24:00:00.000Z'],
  ['nine fraction digits', '2025-03-01T10:00:00.123456789Z'],
  ['no fraction', '2025-03-01T10:00:00Z'],
]) {
  add('injection (cursor)', {
    name: `a forged cursor whose date-time is not one this API writes (${what}) is refused, not an internal error`,
    send: () =>
      gql(`query($a: String) { interactions(after: $a) { edges { node { id } } } }`, {
        a: b64url([date, 'x', 'Interaction.OCCURRED_AT.DESC']),
      }),
    status: 200,
    code: 'BAD_USER_INPUT',
    field: 'after',
  });
}
add('injection (cursor)', {
  name: 'a cursor without the scope it was made in (the format before 2026-12-04) is refused',
  send: () =>
    gql(`query($a: String) { interactions(after: $a) { edges { node { id } } } }`, { a: b64url(['2025-03-01T10:00:00.000Z', 'x']) }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'after',
});

// --- Cypher injection in every string field of the mutations, each refused for another reason ---

const refuse = (name: string, mutation: string, input: () => Record<string, unknown>, code: string, field?: string, token = 'analyst') =>
  add('injection (mutation)', { name: `${mutation}: ${name}`, send: () => mut(mutation, input(), T[token]), status: 200, code, field });

{
  const [a, b, c, d, e, f] = [inj(), inj(), inj(), inj(), inj(), inj()];
  refuse(
    'injected name, unknown segmentId',
    'createCustomer',
    () => ({ name: a, kind: 'PERSON', segmentId: b }),
    'BAD_USER_INPUT',
    'segmentId',
  );
  refuse('injected email', 'createCustomer', () => ({ name: 'Valid', kind: 'PERSON', email: `${c}@x.example` }), 'BAD_USER_INPUT', 'email');
  refuse('injected phone', 'createCustomer', () => ({ name: 'Valid', kind: 'PERSON', phone: d }), 'BAD_USER_INPUT', 'phone');
  refuse(
    'injected name, unknown organizationId',
    'createCustomer',
    () => ({ name: e, kind: 'PERSON', organizationId: f }),
    'BAD_USER_INPUT',
    'organizationId',
  );
}
{
  const [a, b, c] = [inj(), inj(), inj()];
  refuse(
    'injected name, unknown referredById',
    'createCustomer',
    () => ({ name: a, kind: 'PERSON', referredById: b }),
    'BAD_USER_INPUT',
    'referredById',
  );
  refuse(
    'injected name, unknown ownerIds',
    'createCustomer',
    () => ({ name: a, kind: 'PERSON', ownerIds: [ids.alice(), c] }),
    'BAD_USER_INPUT',
    'ownerIds',
  );
}
{
  const [a, b, c, d, e] = [inj(), inj(), inj(), inj(), inj()];
  refuse('injected id and name', 'updateCustomer', () => ({ id: a, name: b }), 'NOT_FOUND');
  refuse('injected email', 'updateCustomer', () => ({ id: ids.acme(), email: c }), 'BAD_USER_INPUT', 'email');
  refuse('injected phone', 'updateCustomer', () => ({ id: ids.acme(), phone: d }), 'BAD_USER_INPUT', 'phone');
  refuse(
    'injected name, unknown segmentId (nothing half-done)',
    'updateCustomer',
    () => ({ id: ids.acme(), name: e, revenue: 1, segmentId: e }),
    'BAD_USER_INPUT',
    'segmentId',
  );
  refuse(
    'injected name, unknown organizationId',
    'updateCustomer',
    () => ({ id: ids.dana(), name: a, organizationId: b }),
    'BAD_USER_INPUT',
    'organizationId',
  );
}
{
  const [a, b, c, d] = [inj(), inj(), inj(), inj()];
  refuse('injected customerId', 'assignAccountOwner', () => ({ customerId: a, employeeId: ids.bob() }), 'NOT_FOUND');
  refuse('injected employeeId', 'assignAccountOwner', () => ({ customerId: ids.acme(), employeeId: b }), 'BAD_USER_INPUT', 'employeeId');
  refuse('injected customerId', 'unassignAccountOwner', () => ({ customerId: c, employeeId: ids.alice() }), 'NOT_FOUND');
  refuse('injected employeeId', 'unassignAccountOwner', () => ({ customerId: ids.acme(), employeeId: d }), 'BAD_USER_INPUT', 'employeeId');
}
{
  const [a, b, c, d, e] = [inj(), inj(), inj(), inj(), inj()];
  refuse(
    'injected name and team, email already used',
    'createEmployee',
    () => ({ name: a, team: b, email: `${prefix()}.alice@example.com`, role: 'ANALYST' }),
    'CONFLICT',
    'email',
    'admin',
  );
  refuse(
    'injected email',
    'createEmployee',
    () => ({ name: 'Valid', team: 'Valid', email: c, role: 'ANALYST' }),
    'BAD_USER_INPUT',
    'email',
    'admin',
  );
  refuse('injected id, name and team', 'updateEmployee', () => ({ id: d, name: d, team: e }), 'NOT_FOUND', undefined, 'admin');
  refuse(
    'injected name, email already used',
    'updateEmployee',
    () => ({ id: ids.bob(), name: e, email: `${prefix()}.alice@example.com` }),
    'CONFLICT',
    'email',
    'admin',
  );
}
{
  const a = inj();
  refuse(
    'injected description, name already used',
    'createSegment',
    () => ({ name: `${prefix()} Logistics`, description: a }),
    'CONFLICT',
    'name',
  );
}
{
  const [a, b, c, d, e, f, g] = [inj(), inj(), inj(), inj(), inj(), inj(), inj()];
  refuse(
    'injected externalId, summary, content and topics, unknown customerId',
    'recordInteraction',
    () => ({
      externalId: a,
      customerId: b,
      channel: 'PHONE',
      touchpoint: 'SUPPORT',
      direction: 'INBOUND',
      summary: c,
      content: d,
      topics: [e],
    }),
    'BAD_USER_INPUT',
    'customerId',
  );
  refuse(
    'injected handlerId',
    'recordInteraction',
    () => ({ customerId: ids.acme(), handlerId: f, channel: 'EMAIL', touchpoint: 'SALES', direction: 'OUTBOUND', summary: f, topics: [f] }),
    'BAD_USER_INPUT',
    'handlerId',
  );
  refuse(
    'injected needIds',
    'recordInteraction',
    () => ({
      customerId: ids.acme(),
      needIds: [ids.offline(), g],
      channel: 'EMAIL',
      touchpoint: 'SALES',
      direction: 'OUTBOUND',
      summary: g,
    }),
    'BAD_USER_INPUT',
    'needIds',
  );
  refuse(
    "injected summary, externalId of another customer's interaction",
    'recordInteraction',
    () => ({
      externalId: `${prefix()}-crm-1`,
      customerId: ids.bolt(),
      channel: 'EMAIL',
      touchpoint: 'SALES',
      direction: 'OUTBOUND',
      summary: a,
      topics: [b],
    }),
    'CONFLICT',
    'externalId',
  );
}
{
  const [a, b, c, d, e] = [inj(), inj(), inj(), inj(), inj()];
  refuse(
    'injected title, description and topics, unknown customerId',
    'raiseNeed',
    () => ({ customerId: a, title: b, description: c, kind: 'FUNCTIONAL', topics: [d] }),
    'BAD_USER_INPUT',
    'customerId',
  );
  refuse(
    'injected interactionId',
    'raiseNeed',
    () => ({ customerId: ids.acme(), title: e, kind: 'SOCIAL', interactionId: e, topics: [e] }),
    'BAD_USER_INPUT',
    'interactionId',
  );
}
{
  const [a, b, c, d] = [inj(), inj(), inj(), inj()];
  refuse('injected needId', 'linkNeed', () => ({ needId: a, customerId: ids.bolt() }), 'NOT_FOUND');
  refuse('injected customerId', 'linkNeed', () => ({ needId: ids.offline(), customerId: b }), 'BAD_USER_INPUT', 'customerId');
  refuse(
    'valid customer, injected interactionId (the customer link is rolled back)',
    'linkNeed',
    () => ({ needId: ids.offline(), customerId: ids.bolt(), intensity: 0.9, interactionId: c }),
    'BAD_USER_INPUT',
    'interactionId',
  );
  refuse('injected id, title and description', 'updateNeed', () => ({ id: d, title: d, description: d }), 'NOT_FOUND');
}
{
  const [a, b, c, d, e, f] = [inj(), inj(), inj(), inj(), inj(), inj()];
  const base = () => ({ title: a, body: b, origin: 'FROM_CUSTOMER', confidence: 0.5, topics: [c] });
  refuse(
    'injected title, body and topics, unknown customerIds',
    'proposeInsight',
    () => ({ ...base(), customerIds: [d] }),
    'BAD_USER_INPUT',
    'customerIds',
  );
  refuse('injected needIds', 'proposeInsight', () => ({ ...base(), customerIds: [ids.acme()], needIds: [e] }), 'BAD_USER_INPUT', 'needIds');
  refuse('injected segmentIds', 'proposeInsight', () => ({ ...base(), segmentIds: [f] }), 'BAD_USER_INPUT', 'segmentIds');
  refuse(
    'injected evidenceIds',
    'proposeInsight',
    () => ({ ...base(), customerIds: [ids.acme()], evidenceIds: [ids.i1(), a] }),
    'BAD_USER_INPUT',
    'evidenceIds',
  );
  refuse(
    'injected supersedesId',
    'proposeInsight',
    () => ({ ...base(), customerIds: [ids.acme()], supersedesId: b }),
    'BAD_USER_INPUT',
    'supersedesId',
  );
}
{
  const [a, b, c] = [inj(), inj(), inj()];
  refuse('injected id, title and body', 'reviseInsight', () => ({ id: a, expectedVersion: 1, title: b, body: c }), 'NOT_FOUND');
  refuse('injected title, stale version', 'reviseInsight', () => ({ id: ids.ins1(), expectedVersion: 7, title: a }), 'CONFLICT');
  for (const m of ['submitInsight', 'validateInsight', 'refuteInsight', 'archiveInsight']) {
    const p = inj();
    refuse('injected id and reason', m, () => ({ id: p, reason: p }), 'NOT_FOUND');
  }
}
{
  const [a, b, c, d, e] = [inj(), inj(), inj(), inj(), inj()];
  refuse('injected insightId', 'linkEvidence', () => ({ insightId: a, interactionIds: [ids.i2()] }), 'NOT_FOUND');
  refuse(
    'injected interactionIds',
    'linkEvidence',
    () => ({ insightId: ids.ins1(), interactionIds: [ids.i2(), b] }),
    'BAD_USER_INPUT',
    'interactionIds',
  );
  refuse('injected insightId and body', 'annotateInsight', () => ({ insightId: c, kind: 'CHALLENGE', body: c }), 'NOT_FOUND');
  refuse('injected targetId and topics', 'tag', () => ({ targetId: d, topics: [d, e] }), 'NOT_FOUND');
  refuse('a customer is not taggable, injected topics', 'tag', () => ({ targetId: ids.acme(), topics: [e] }), 'NOT_FOUND');
  refuse('injected customerId and reason', 'eraseCustomer', () => ({ customerId: a, reason: b }), 'NOT_FOUND', undefined, 'admin');
}

// --- Very long strings: one past each limit, and far past ---

const long = (n: number, ch = 'x') => ch.repeat(n);
const tooLong = (name: string, mutation: string, input: () => Record<string, unknown>, field: string, token = 'analyst') =>
  add('very long strings', {
    name: `${mutation}: ${name}`,
    send: () => mut(mutation, input(), T[token]),
    status: 200,
    code: 'BAD_USER_INPUT',
    field,
  });
tooLong('name of 201 characters', 'createCustomer', () => ({ name: long(201), kind: 'PERSON' }), 'name');
tooLong('email of 300 characters', 'createCustomer', () => ({ name: 'Valid', kind: 'PERSON', email: `${long(290)}@x.example` }), 'email');
tooLong('phone of 41 digits', 'createCustomer', () => ({ name: 'Valid', kind: 'PERSON', phone: long(41, '1') }), 'phone');
tooLong('id of 101 characters', 'updateCustomer', () => ({ id: long(101), name: 'x' }), 'id');
tooLong('name of 201 characters', 'updateCustomer', () => ({ id: ids.acme(), name: long(201) }), 'name');
tooLong(
  'team of 101 characters',
  'createEmployee',
  () => ({ name: 'Valid', email: `${prefix()}.long@example.com`, team: long(101), role: 'ANALYST' }),
  'team',
  'admin',
);
tooLong('name of 101 characters', 'createSegment', () => ({ name: long(101) }), 'name');
tooLong('description of 2,001 characters', 'createSegment', () => ({ name: `${prefix()} long`, description: long(2001) }), 'description');
const interaction = (over: Record<string, unknown>) => ({
  customerId: ids.acme(),
  channel: 'CHAT',
  touchpoint: 'PRODUCT',
  direction: 'INBOUND',
  summary: 'ok',
  ...over,
});
tooLong('summary of 501 characters', 'recordInteraction', () => interaction({ summary: long(501) }), 'summary');
tooLong('content of 10,001 characters', 'recordInteraction', () => interaction({ content: long(10_001) }), 'content');
tooLong('externalId of 201 characters', 'recordInteraction', () => interaction({ externalId: long(201) }), 'externalId');
tooLong('a topic of 61 characters', 'recordInteraction', () => interaction({ topics: [long(61)] }), 'topics');
tooLong('21 topics', 'recordInteraction', () => interaction({ topics: Array.from({ length: 21 }, (_, i) => `t${i}`) }), 'topics');
tooLong('title of 201 characters', 'raiseNeed', () => ({ customerId: ids.acme(), title: long(201), kind: 'FUNCTIONAL' }), 'title');
tooLong(
  'description of 5,001 characters',
  'raiseNeed',
  () => ({ customerId: ids.acme(), title: 'ok', description: long(5001), kind: 'FUNCTIONAL' }),
  'description',
);
tooLong('title of 201 characters', 'updateNeed', () => ({ id: ids.offline(), title: long(201) }), 'title');
const insightInput = (over: Record<string, unknown>) => ({
  title: 'ok',
  body: 'ok',
  origin: 'ABOUT_CUSTOMER',
  confidence: 0.5,
  customerIds: [ids.acme()],
  ...over,
});
tooLong('title of 201 characters', 'proposeInsight', () => insightInput({ title: long(201) }), 'title');
tooLong('body of 10,001 characters', 'proposeInsight', () => insightInput({ body: long(10_001) }), 'body');
tooLong('body of 10,001 characters', 'reviseInsight', () => ({ id: ids.ins1(), expectedVersion: 1, body: long(10_001) }), 'body');
tooLong('reason of 2,001 characters', 'refuteInsight', () => ({ id: ids.ins1(), reason: long(2001) }), 'reason', 'bob');
tooLong('body of 5,001 characters', 'annotateInsight', () => ({ insightId: ids.ins1(), kind: 'COMMENT', body: long(5001) }), 'body');
tooLong('a topic of 61 characters', 'tag', () => ({ targetId: ids.i1(), topics: [long(61)] }), 'topics');
tooLong('reason of 501 characters', 'eraseCustomer', () => ({ customerId: ids.bolt(), reason: long(501) }), 'reason', 'admin');
tooLong('a name of only white space', 'createCustomer', () => ({ name: ' \t\n\r ', kind: 'PERSON' }), 'name');
tooLong('a topic of only white space', 'tag', () => ({ targetId: ids.i1(), topics: ['ok', '   '] }), 'topics');
tooLong('no topics at all', 'tag', () => ({ targetId: ids.i1(), topics: [] }), 'topics');
add('very long strings', {
  name: 'customers(filter: { nameContains: 201 characters })',
  send: () => gql(`query($f: CustomerFilter) { customers(filter: $f) { totalCount } }`, { f: { nameContains: long(201) } }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'filter.nameContains',
});
add('very long strings', {
  name: 'a 900 KB string variable as a customer name',
  send: () => mut('createCustomer', { name: long(900 * 1024), kind: 'PERSON' }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'name',
});
add('very long strings', {
  name: 'a 900 KB id to a look-up is just not found',
  send: () => gql(`query($id: ID!) { customer(id: $id) { id } }`, { id: long(900 * 1024) }),
  status: 200,
  code: null,
  data: () => ({ customer: null }),
});
add('very long strings', {
  name: 'a 900 KB string literal in the document (one token)',
  send: () => gql(`{ customers(filter: { nameContains: "${long(900 * 1024)}" }) { totalCount } }`),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'filter.nameContains',
});

// --- Control characters and invalid UTF-16 ---

add('control characters', {
  name: 'a name with \\u0001 and \\u202e, unknown segment',
  send: () => mut('createCustomer', { name: 'evil\u0001\u202egnp.exe', kind: 'PERSON', segmentId: 'nope' }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'segmentId',
});
add('control characters', {
  name: 'a lone high surrogate (\\ud800) in a need title, unknown customer',
  send: () => mut('raiseNeed', { customerId: 'nope', title: 'half \ud800 a pair', kind: 'EMOTIONAL' }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'customerId',
});
add('control characters', {
  name: 'a reversed surrogate pair (\\udfff\\ud800) as an id',
  send: () => gql(`query($id: ID!) { insight(id: $id) { id } }`, { id: '\udfff\ud800' }),
  status: 200,
  code: null,
  data: () => ({ insight: null }),
});
add('control characters', {
  name: 'a lone surrogate in a filter',
  send: () => gql(`query($f: CustomerFilter) { customers(filter: $f) { totalCount } }`, { f: { nameContains: '\ud800' } }),
  status: 200,
  code: null,
  data: () => ({ customers: { totalCount: 0 } }),
});
add('control characters', {
  name: 'a \\u0000 escape in a string literal of the document',
  send: () => gql(`{ customers(filter: { nameContains: "\\u0000" }) { totalCount } }`),
  status: 200,
  code: null,
  data: () => ({ customers: { totalCount: 0 } }),
});
add('control characters', {
  name: 'a lone surrogate escape (\\uD800) in a string literal of the document',
  send: () => gql(`{ customers(filter: { nameContains: "\\uD800" }) { totalCount } }`),
  status: 400,
  code: 'GRAPHQL_PARSE_FAILED',
});
add('control characters', {
  name: 'a raw U+0000 in the document',
  send: () => gql(`{ me { name } }\u0000`),
  status: 400,
  code: 'GRAPHQL_PARSE_FAILED',
});
add('control characters', {
  name: 'a raw U+0001 inside a string literal of the document (legal GraphQL) finds nothing',
  send: () => gql(`{ customers(filter: { nameContains: "a\u0001b" }) { totalCount } }`),
  status: 200,
  code: null,
  data: () => ({ customers: { totalCount: 0 } }),
});
add('control characters', {
  name: 'a raw line break inside a string literal of the document',
  send: () => gql(`{ customers(filter: { nameContains: "a\nb" }) { totalCount } }`),
  status: 400,
  code: 'GRAPHQL_PARSE_FAILED',
});
add('control characters', {
  name: 'an invalid escape (\\x41) in a string literal',
  send: () => gql(`{ customers(filter: { nameContains: "\\x41" }) { totalCount } }`),
  status: 400,
  code: 'GRAPHQL_PARSE_FAILED',
});
add('control characters', {
  name: 'bytes that are not UTF-8 in the body',
  send: () =>
    post(
      Buffer.concat([
        Buffer.from('{"query":"query($f: CustomerFilter) { customers(filter: $f) { totalCount } }","variables":{"f":{"nameContains":"'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
        Buffer.from('"}}}'),
      ]),
    ),
  status: 200,
  code: null,
  data: () => ({ customers: { totalCount: 0 } }),
});
add('control characters', {
  name: 'a right-to-left override in a topic, unknown target',
  send: () => mut('tag', { targetId: 'nope', topics: ['\u202eevil', '\u0007bell'] }),
  status: 200,
  code: 'NOT_FOUND',
});

// --- Numbers out of range, NaN, Infinity, floats for ints ---

const firstArg = (first: string) => `{ customers(first: ${first}) { totalCount } }`;
add('numbers', { name: 'first: -1', send: () => gql(firstArg('-1')), status: 200, code: 'BAD_USER_INPUT', field: 'first' });
add('numbers', { name: 'first: 101', send: () => gql(firstArg('101')), status: 200, code: 'BAD_USER_INPUT', field: 'first' });
add('numbers', {
  name: 'first: 1.5 (a float for an Int)',
  send: () => gql(firstArg('1.5')),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('numbers', { name: 'first: 1e100', send: () => gql(firstArg('1e100')), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
add('numbers', {
  name: 'first: 2147483648 (past 32 bits)',
  send: () => gql(firstArg('2147483648')),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('numbers', { name: 'first: -2147483649', send: () => gql(firstArg('-2147483649')), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
add('numbers', { name: 'first: NaN', send: () => gql(firstArg('NaN')), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
add('numbers', { name: 'first: true', send: () => gql(firstArg('true')), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
add('numbers', { name: 'first: "10" (a string)', send: () => gql(firstArg('"10"')), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
const firstVar = (raw: string) => post(`{"query":"query($n: Int!) { customers(first: $n) { totalCount } }","variables":{"n":${raw}}}`);
add('numbers', { name: 'first as a variable: 1e100', send: () => firstVar('1e100'), status: 400, code: 'BAD_USER_INPUT' });
add('numbers', {
  name: 'first as a variable: 1e400 (Infinity once parsed)',
  send: () => firstVar('1e400'),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('numbers', { name: 'first as a variable: -1e400', send: () => firstVar('-1e400'), status: 400, code: 'BAD_USER_INPUT' });
add('numbers', { name: 'first as a variable: 2.5', send: () => firstVar('2.5'), status: 400, code: 'BAD_USER_INPUT' });
add('numbers', { name: 'first as a variable: "10"', send: () => firstVar('"10"'), status: 400, code: 'BAD_USER_INPUT' });
add('numbers', { name: 'first as a variable: NaN (not JSON)', send: () => firstVar('NaN'), status: 400, code: 'BAD_REQUEST' });
add('numbers', { name: 'first as a variable: Infinity (not JSON)', send: () => firstVar('Infinity'), status: 400, code: 'BAD_REQUEST' });
const proposeLiteral = (confidence: string) =>
  mutLiteral(
    'proposeInsight',
    `{ title: "Sure", body: "Very", origin: FROM_CUSTOMER, confidence: ${confidence}, customerIds: ["${ids.acme()}"] }`,
  );
add('numbers', {
  name: 'confidence: 1e400 (Infinity) in the document',
  send: () => proposeLiteral('1e400'),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'confidence',
});
add('numbers', {
  name: 'confidence: -1e400 (-Infinity) in the document',
  send: () => proposeLiteral('-1e400'),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'confidence',
});
add('numbers', {
  name: 'confidence: NaN in the document',
  send: () => proposeLiteral('NaN'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('numbers', {
  name: 'confidence: 1.0000001',
  send: () => proposeLiteral('1.0000001'),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'confidence',
});
add('numbers', {
  name: 'confidence: -0.0001',
  send: () => proposeLiteral('-0.0001'),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'confidence',
});
add('numbers', {
  name: 'confidence as a variable: 1e400 (Infinity once parsed)',
  send: () =>
    post(
      `{"query":"mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }","variables":{"input":{"title":"Sure","body":"Very","origin":"FROM_CUSTOMER","confidence":1e400,"customerIds":["${ids.acme()}"]}}}`,
    ),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('numbers', {
  name: 'sentiment: 2',
  send: () => mut('recordInteraction', interaction({ sentiment: 2 })),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'sentiment',
});
add('numbers', {
  name: 'sentiment: -1e400 (-Infinity) in the document',
  send: () =>
    mutLiteral(
      'recordInteraction',
      `{ customerId: "${ids.acme()}", channel: CHAT, touchpoint: PRODUCT, direction: INBOUND, summary: "x", sentiment: -1e400 }`,
    ),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'sentiment',
});
add('numbers', {
  name: 'expectedQuality: 0',
  send: () => mut('recordInteraction', interaction({ expectedQuality: 0 })),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'expectedQuality',
});
add('numbers', {
  name: 'perceivedQuality: 6',
  send: () => mut('recordInteraction', interaction({ perceivedQuality: 6 })),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'perceivedQuality',
});
add('numbers', {
  name: 'perceivedQuality: 3.5 in the document (a float for an Int)',
  send: () =>
    mutLiteral(
      'recordInteraction',
      `{ customerId: "${ids.acme()}", channel: CHAT, touchpoint: PRODUCT, direction: INBOUND, summary: "x", perceivedQuality: 3.5 }`,
    ),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('numbers', {
  name: 'perceivedQuality: 3.5 as a variable',
  send: () => mut('recordInteraction', interaction({ perceivedQuality: 3.5 })),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('numbers', {
  name: 'revenue: -1',
  send: () => mut('updateCustomer', { id: ids.acme(), revenue: -1 }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'revenue',
});
add('numbers', {
  name: 'revenue: 1e400 (Infinity) in the document',
  send: () => mutLiteral('updateCustomer', `{ id: "${ids.acme()}", revenue: 1e400 }`),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'revenue',
});
add('numbers', {
  name: 'costToServe: 1e13',
  send: () => mut('createCustomer', { name: 'Rich', kind: 'PERSON', costToServe: 1e13 }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'costToServe',
});
add('numbers', {
  name: 'intensity: 1.5',
  send: () => mut('raiseNeed', { customerId: ids.acme(), title: 'x', kind: 'FUNCTIONAL', intensity: 1.5 }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'intensity',
});
add('numbers', {
  name: 'intensity: -1 on linkNeed',
  send: () => mut('linkNeed', { needId: ids.offline(), customerId: ids.bolt(), intensity: -1 }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'intensity',
});
add('numbers', {
  name: 'expectedVersion: 0',
  send: () => mut('reviseInsight', { id: ids.ins1(), expectedVersion: 0, title: 'x' }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'expectedVersion',
});
add('numbers', {
  name: 'expectedVersion: -2147483648',
  send: () => mut('validateInsight', { id: ids.ins1(), expectedVersion: -2147483648 }, T.bob),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'expectedVersion',
});
add('numbers', {
  name: 'expectedVersion: 2147483648 as a variable',
  send: () => mut('reviseInsight', { id: ids.ins1(), expectedVersion: 2147483648, title: 'x' }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('numbers', {
  name: 'minConfidence: 2 in a filter',
  send: () => gql(`{ insights(filter: { minConfidence: 2 }) { totalCount } }`),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'filter.minConfidence',
});

// --- Dates ---

add('dates', {
  name: 'occurredAt: "yesterday"',
  send: () => mut('recordInteraction', interaction({ occurredAt: 'yesterday' })),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('dates', {
  name: 'occurredAt: month 13, hour 99',
  send: () => mut('recordInteraction', interaction({ occurredAt: '2025-13-45T99:99:99Z' })),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('dates', {
  name: 'occurredAt in the year 2999',
  send: () => mut('recordInteraction', interaction({ occurredAt: '2999-01-01T00:00:00Z' })),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'occurredAt',
});
add('dates', {
  name: 'occurredAt: a number',
  send: () => mut('recordInteraction', interaction({ occurredAt: 1e15 })),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('dates', {
  name: 'occurredAt on February 30',
  send: () => mut('recordInteraction', interaction({ occurredAt: '2025-02-30T10:00:00Z' })),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('dates', {
  name: 'occurredAt without a time zone',
  send: () => mut('recordInteraction', interaction({ occurredAt: '2025-02-03T10:00:00' })),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('dates', {
  name: 'validUntil in the past',
  send: () => mut('proposeInsight', insightInput({ validUntil: '2001-01-01T00:00:00Z' })),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'validUntil',
});
add('dates', {
  name: 'occurredAfter past the end of JavaScript time',
  send: () =>
    gql(`query($f: InteractionFilter) { interactions(filter: $f) { totalCount } }`, {
      f: { occurredAfter: '+275760-09-13T00:00:00.001Z' },
    }),
  status: 400,
  code: 'BAD_USER_INPUT',
});

// --- Invalid enums and ids ---

add('enums', {
  name: 'kind: ALIEN in the document',
  send: () => mutLiteral('createCustomer', '{ name: "x", kind: ALIEN }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('enums', {
  name: 'kind: "PERSON" (a string for an enum) in the document',
  send: () => mutLiteral('createCustomer', '{ name: "x", kind: "PERSON" }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('enums', {
  name: 'kind: "person" (lower case) as a variable',
  send: () => mut('createCustomer', { name: 'x', kind: 'person' }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('enums', {
  name: 'kind: an injection as a variable',
  send: () => mut('createCustomer', { name: 'x', kind: "PERSON' }) DETACH DELETE n //" }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('enums', {
  name: 'accessRoles: [ROOT]',
  send: () =>
    mutLiteral('createEmployee', `{ name: "x", email: "root@x.example", team: "x", role: ANALYST, accessRoles: [ROOT] }`, T.admin),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('enums', {
  name: 'orderBy field PASSWORD',
  send: () => gql('{ employees(orderBy: { field: PASSWORD, direction: ASC }) { totalCount } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('enums', {
  name: 'orderBy direction as an injection variable',
  send: () =>
    gql('query($o: CustomerOrder) { customers(orderBy: $o) { totalCount } }', {
      o: { field: 'NAME', direction: 'ASC, n.id; MATCH (n) DETACH DELETE n' },
    }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('enums', {
  name: 'a status filter [DELETED]',
  send: () => gql('{ needs(filter: { statuses: [DELETED] }) { totalCount } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('enums', {
  name: 'a nested list literal for a list of enums',
  send: () => gql(`{ customers(filter: { kinds: ${'['.repeat(1000)}PERSON${']'.repeat(1000)} }) { totalCount } }`),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('ids', {
  name: 'an id given as an object in the document',
  send: () => gql('{ customer(id: { id: "x" }) { id } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('ids', {
  name: 'an id given as {"$ne": null} in a variable',
  send: () => gql('query($id: ID!) { customer(id: $id) { id } }', { id: { $ne: null } }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('ids', {
  name: 'an id given as a list in a variable',
  send: () => gql('query($id: ID!) { customer(id: $id) { id } }', { id: ['a', 'b'] }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('ids', {
  name: 'an id given as true',
  send: () => gql('query($id: ID!) { customer(id: $id) { id } }', { id: true }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('ids', {
  name: 'an id given as null for ID!',
  send: () => gql('query($id: ID!) { customer(id: $id) { id } }', { id: null }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('ids', {
  name: 'an id given as a number is just not found',
  send: () => gql('{ customer(id: 12345) { id } }'),
  status: 200,
  code: null,
  data: () => ({ customer: null }),
});
add('ids', {
  name: 'an empty id for updateCustomer',
  send: () => mut('updateCustomer', { id: '', name: 'x' }),
  status: 200,
  code: 'NOT_FOUND',
});
add('ids', {
  name: "an employee's id as a customer id",
  send: () => mut('updateCustomer', { id: ids.alice(), name: 'x' }),
  status: 200,
  code: 'NOT_FOUND',
});
add('ids', {
  name: "a need's id as an insight id",
  send: () => mut('annotateInsight', { insightId: ids.offline(), kind: 'COMMENT', body: 'x' }),
  status: 200,
  code: 'NOT_FOUND',
});
add('ids', {
  name: 'a contact person (not an organization) as organizationId',
  send: () => mut('createCustomer', { name: 'x', kind: 'PERSON', organizationId: ids.dana() }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'organizationId',
});
add('ids', {
  name: 'a customer as its own organization',
  send: () => mut('updateCustomer', { id: ids.acme(), organizationId: ids.acme() }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'organizationId',
});
add('ids', {
  name: '100,000 owner ids',
  send: () => mut('createCustomer', { name: 'x', kind: 'PERSON', ownerIds: Array.from({ length: 100_000 }, (_, i) => `e${i}`) }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'ownerIds',
});
add('ids', {
  name: '100,000 levels of nested arrays as an id',
  send: () =>
    post(`{"query":"query($id: ID!) { customer(id: $id) { id } }","variables":{"id":${'['.repeat(100_000)}"x"${']'.repeat(100_000)}}}`),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('ids', {
  name: '51 customer ids for one insight',
  send: () => mut('proposeInsight', insightInput({ customerIds: Array.from({ length: 51 }, () => ids.acme()) })),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'customerIds',
});
add('ids', {
  name: '101 interactions as evidence',
  send: () => mut('linkEvidence', { insightId: ids.ins1(), interactionIds: Array.from({ length: 101 }, () => ids.i1()) }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'interactionIds',
});
add('ids', {
  name: 'a 900 KB id inside a list of evidence',
  send: () => mut('linkEvidence', { insightId: ids.ins1(), interactionIds: [long(900 * 1024)] }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'interactionIds',
});
add('ids', {
  name: '51 teams in an employee filter',
  send: () =>
    gql('query($f: EmployeeFilter) { employees(filter: $f) { totalCount } }', {
      f: { teams: Array.from({ length: 51 }, (_, i) => `team ${i}`) },
    }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'filter.teams',
});

// --- Unknown fields, arguments, types and directives ---

add('unknown fields', {
  name: 'an unknown field on Customer',
  send: () => gql('{ customers { edges { node { passwordHash } } } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: 'an unknown root field',
  send: () => gql('{ allNodes { id } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: 'a mutation field asked as a query',
  send: () => gql('{ createSegment(input: { name: "x" }) { id } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: 'an unknown input field in the document',
  send: () => mutLiteral('createCustomer', '{ name: "x", kind: PERSON, isAdmin: true }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: 'an unknown input field in a variable',
  send: () => mut('createCustomer', { name: 'x', kind: 'PERSON', isAdmin: true }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('unknown fields', {
  name: '__proto__ in a variable',
  send: () =>
    post(
      `{"query":"mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }","variables":{"input":{"name":"x","kind":"PERSON","__proto__":{"isAdmin":true}}}}`,
    ),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('unknown fields', {
  name: 'constructor in a variable',
  send: () => mut('updateNeed', { id: ids.offline(), constructor: { prototype: { x: 1 } } }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('unknown fields', {
  name: 'an unknown argument',
  send: () => gql('{ customers(where: "1=1") { totalCount } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: 'a required input field missing',
  send: () => mutLiteral('createCustomer', '{ name: "x" }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: 'a required input field missing in a variable',
  send: () => mut('raiseNeed', { customerId: ids.acme(), title: 'x' }),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('unknown fields', {
  name: 'an unknown type for a variable',
  send: () => gql('query($x: Hax) { me { name } }', { x: 1 }),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: 'an undefined variable',
  send: () => gql('{ customer(id: $nope) { id } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: 'an unknown directive',
  send: () => gql('{ me { name @hax } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: '@defer (not served)',
  send: () => gql('{ me { ... @defer { name } } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: 'a directive in the wrong place',
  send: () => gql('query @include(if: true) { me { name } }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('unknown fields', {
  name: 'a mutation that asks only for __typename runs nothing, even for a VIEWER',
  send: () => gql('mutation { __typename }', undefined, T.viewer),
  status: 200,
  code: null,
  data: () => ({ __typename: 'Mutation' }),
});
add('unknown fields', {
  name: 'a required variable of a directive not given',
  send: () => gql('query($x: Boolean!) { me { name @include(if: $x) } }'),
  status: 400,
  code: 'BAD_USER_INPUT',
});
add('unknown fields', {
  name: 'an unknown operation name',
  send: () => post(JSON.stringify({ query: 'query A { me { name } }', operationName: 'B' })),
  status: 400,
  code: 'OPERATION_RESOLUTION_FAILURE',
});
add('unknown fields', {
  name: 'two operations and no operation name',
  send: () => post(JSON.stringify({ query: 'query A { me { name } } mutation B { createSegment(input: { name: "x" }) { id } }' })),
  status: 400,
  code: 'OPERATION_RESOLUTION_FAILURE',
});

// --- Bombs: depth, aliases, fragments, directives, tokens, cost, fields ---

/** customer { interactions { edges { node { customer { ... } } } } } nested n times. */
function deep(levels: number): string {
  let inner = 'name';
  for (let i = 0; i < levels; i++) inner = `name interactions(first: 1) { edges { node { customer { ${inner} } } } }`;
  return `query($id: ID!) { customer(id: $id) { ${inner} } }`;
}
add('bombs', {
  name: `depth over ${LIMITS.maxDepth}`,
  send: () => gql(deep(3), { id: ids.acme() }),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
  message: /depth limit/,
});
add('bombs', {
  name: 'depth bomb of 100 levels',
  send: () => gql(deep(100), { id: ids.acme() }),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('bombs', {
  name: 'introspection depth bomb',
  send: () => gql(`{ __schema { types { ${'fields { type { ofType { '.repeat(6)}name${' } } }'.repeat(6)} } } }`),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('bombs', {
  name: 'depth hidden in nested fragments',
  send: () =>
    gql(
      `query($id: ID!) { customer(id: $id) { ...A } }
       fragment A on Customer { interactions(first: 1) { edges { node { customer { ...B } } } } }
       fragment B on Customer { interactions(first: 1) { edges { node { customer { ...C } } } } }
       fragment C on Customer { interactions(first: 1) { edges { node { customer { name } } } } }`,
      { id: ids.acme() },
    ),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('bombs', {
  name: `${LIMITS.maxAliases + 1} aliases`,
  send: () => gql(`{ ${Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `a${i}: me { name }`).join(' ')} }`),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
  message: /Aliases limit/,
});
add('bombs', {
  name: 'an alias bomb of 16 mutations (none runs)',
  send: () =>
    gql(
      `mutation { ${Array.from({ length: 16 }, (_, i) => `m${i}: createSegment(input: { name: "${prefix()} alias ${i}" }) { id }`).join(' ')} }`,
    ),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('bombs', {
  name: 'a fragment cycle',
  send: () => gql('query { me { ...A } } fragment A on Employee { name ...B } fragment B on Employee { team ...A }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('bombs', {
  name: 'a fragment spreading itself',
  send: () => gql('query { me { ...A } } fragment A on Employee { name ...A }'),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('bombs', {
  name: `${LIMITS.maxDirectives + 1} directives`,
  send: () => gql(`{ me { name ${'@include(if: true) '.repeat(LIMITS.maxDirectives + 1)} } }`),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('bombs', {
  name: '11 directives spread over fields',
  send: () => gql(`{ me { ${Array.from({ length: 11 }, () => 'name @skip(if: false)').join(' ')} } }`),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('bombs', {
  name: `more than ${LIMITS.maxTokens} tokens`,
  send: () => gql(`{ me { ${'name '.repeat(LIMITS.maxTokens)} } }`),
  status: 400,
  code: 'GRAPHQL_PARSE_FAILED',
  message: /more that 3000 tokens/,
});
add('bombs', {
  name: 'a token bomb in a mutation (none runs)',
  send: () => gql(`mutation { createSegment(input: { name: "${prefix()} tokens" }) { ${'id '.repeat(LIMITS.maxTokens)} } }`),
  status: 400,
  code: 'GRAPHQL_PARSE_FAILED',
});
add('bombs', {
  name: 'a cost bomb of nested pages',
  send: () =>
    gql(
      '{ customers(first: 100) { edges { node { interactions(first: 100) { edges { node { customer { needs(first: 100) { edges { node { title } } } } } } } } } } }',
    ),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
  message: /too expensive/,
});
add('bombs', {
  name: 'a cost bomb behind a fragment',
  send: () =>
    gql(
      `{ customers(first: 100) { edges { node { ...C } } } }
       fragment C on Customer { interactions(first: 100) { edges { node { customer { needs(first: 100) { edges { node { title } } } } } } } }`,
    ),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
  message: /too expensive/,
});
add('bombs', {
  name: 'a cost bomb with page sizes in variables',
  send: () =>
    gql(
      'query($n: Int!) { customers(first: $n) { edges { node { interactions(first: $n) { edges { node { customer { needs(first: $n) { edges { node { title } } } } } } } } } } }',
      { n: 100 },
    ),
  status: 400,
  code: 'GRAPHQL_VALIDATION_FAILED',
  message: /too expensive/,
});
add('bombs', {
  name: 'a query with 200 fields is served',
  send: () => gql(`{ me { name ${Array.from({ length: 199 }, () => '__typename').join(' ')} } }`),
  status: 200,
  code: null,
  data: () => ({ me: { name: `${prefix()} Alice Author`, __typename: 'Employee' } }),
});
add('bombs', {
  name: '900 KB of unused variables are ignored',
  send: () => gql('{ me { name } }', { junk: long(900 * 1024), more: Array.from({ length: 1000 }, (_, i) => ({ i })) }),
  status: 200,
  code: null,
  data: () => ({ me: { name: `${prefix()} Alice Author` } }),
});
add('bombs', {
  name: 'a body over 1 MiB',
  send: () => post(JSON.stringify({ query: `{ me { name } } # ${long(1024 * 1024)}` })),
  status: 413,
  code: 'BAD_REQUEST',
  message: /larger than 1048576 bytes/,
});
add('bombs', {
  name: 'a mutation with a variable over 1 MiB (none runs)',
  send: () => mut('createSegment', { name: `${prefix()} big`, description: long(1100 * 1024) }),
  status: 413,
  code: 'BAD_REQUEST',
});
add('bombs', {
  name: 'a gzip bomb (10 KB that inflates past 1 MiB)',
  send: () =>
    post(gzipSync(Buffer.from(JSON.stringify({ query: `{ me { name } } # ${long(8 * 1024 * 1024)}` }))), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    }),
  status: 413,
  code: 'BAD_REQUEST',
});
add('bombs', {
  name: 'a batch of operations',
  send: () =>
    post(
      JSON.stringify([{ query: '{ me { name } }' }, { query: `mutation { createSegment(input: { name: "${prefix()} batch" }) { id } }` }]),
    ),
  status: 400,
  code: 'BAD_REQUEST',
});

// --- Malformed JSON and malformed requests ---

add('malformed', { name: 'a body cut short', send: () => post('{"query": '), status: 400, code: 'BAD_REQUEST' });
add('malformed', { name: 'a trailing comma', send: () => post('{"query": "{ me { name } }",}'), status: 400, code: 'BAD_REQUEST' });
add('malformed', { name: 'single quotes', send: () => post("{'query': '{ me { name } }'}"), status: 400, code: 'BAD_REQUEST' });
add('malformed', { name: 'a JSON string as the body', send: () => post('"{ me { name } }"'), status: 400, code: 'BAD_REQUEST' });
add('malformed', { name: 'null as the body', send: () => post('null'), status: 400, code: 'BAD_REQUEST' });
add('malformed', { name: 'an empty object', send: () => post('{}'), status: 400, code: 'BAD_REQUEST' });
add('malformed', { name: 'an empty array', send: () => post('[]'), status: 400, code: 'BAD_REQUEST' });
add('malformed', { name: 'an empty body', send: () => post(''), status: 400, code: 'BAD_REQUEST' });
add('malformed', { name: 'query is a number', send: () => post('{"query": 42}'), status: 400, code: 'BAD_REQUEST' });
add('malformed', { name: 'query is null', send: () => post('{"query": null}'), status: 400, code: 'BAD_REQUEST' });
add('malformed', { name: 'query is empty', send: () => post('{"query": ""}'), status: 400, code: 'BAD_REQUEST' });
add('malformed', {
  name: 'query is an object',
  send: () => post('{"query": {"kind": "Document", "definitions": []}}'),
  status: 400,
  code: 'BAD_REQUEST',
});
add('malformed', {
  name: 'variables is a string',
  send: () => post('{"query": "{ me { name } }", "variables": "{}"}'),
  status: 400,
  code: 'BAD_REQUEST',
});
add('malformed', {
  name: 'variables is an array',
  send: () => post('{"query": "{ me { name } }", "variables": [1]}'),
  status: 400,
  code: 'BAD_REQUEST',
});
add('malformed', {
  name: 'operationName is a number',
  send: () => post('{"query": "{ me { name } }", "operationName": 1}'),
  status: 400,
  code: 'BAD_REQUEST',
});
add('malformed', {
  name: 'extensions is a string',
  send: () => post('{"query": "{ me { name } }", "extensions": "x"}'),
  status: 400,
  code: 'BAD_REQUEST',
});
add('malformed', {
  name: 'a syntax error in the document',
  send: () => gql('mutation { createSegment(input: { name: "x" ) { id } }'),
  status: 400,
  code: 'GRAPHQL_PARSE_FAILED',
});
add('malformed', {
  name: 'a document that is only a comment',
  send: () => gql('# nothing here'),
  status: 400,
  code: 'GRAPHQL_PARSE_FAILED',
});
add('malformed', {
  name: 'an unknown persisted query (automatic persisted queries: the client is to send it with its query)',
  send: () =>
    post(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update('nope').digest('hex') } } })),
  status: 200,
  code: 'PERSISTED_QUERY_NOT_FOUND',
});
add('malformed', {
  name: 'a persisted-query hash that does not match the mutation sent with it',
  send: () =>
    post(
      JSON.stringify({
        query: `mutation { createSegment(input: { name: "${prefix()} apq" }) { id } }`,
        extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
      }),
    ),
  status: 400,
  code: 'BAD_REQUEST',
});
add('malformed', {
  name: 'a subscription over HTTP',
  send: () => gql('subscription { needRaised { need { id } } }'),
  status: 400,
  code: 'BAD_REQUEST',
});

// --- Content types and encodings ---

const jsonBody = () => JSON.stringify({ query: `mutation { createSegment(input: { name: "${prefix()} csrf" }) { id } }` });
add('content types', {
  name: 'text/plain (a CSRF-able simple request)',
  send: () => post(jsonBody(), { 'content-type': 'text/plain' }),
  status: 400,
  code: 'BAD_REQUEST',
  message: /CSRF/,
});
add('content types', {
  name: 'application/x-www-form-urlencoded',
  send: () =>
    post(`query=${encodeURIComponent(`mutation { createSegment(input: { name: "${prefix()} form" }) { id } }`)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    }),
  status: 400,
  code: 'BAD_REQUEST',
  message: /CSRF/,
});
add('content types', {
  name: 'multipart/form-data',
  send: () => post(jsonBody(), { 'content-type': 'multipart/form-data; boundary=x' }),
  status: 400,
  code: 'BAD_REQUEST',
  message: /CSRF/,
});
add('content types', { name: 'no content type at all', send: () => post(Buffer.from(jsonBody()), {}), status: 400, code: 'BAD_REQUEST' });
add('content types', {
  name: 'application/graphql',
  send: () => post(`mutation { createSegment(input: { name: "${prefix()} gql" }) { id } }`, { 'content-type': 'application/graphql' }),
  status: 400,
  code: 'BAD_REQUEST',
});
add('content types', {
  name: 'application/xml',
  send: () => post('<query>{ me { name } }</query>', { 'content-type': 'application/xml' }),
  status: 400,
  code: 'BAD_REQUEST',
});
add('content types', {
  name: 'UTF-8 JSON announced as UTF-16',
  send: () => post(jsonBody(), { 'content-type': 'application/json; charset=utf-16' }),
  status: 400,
  code: 'BAD_REQUEST',
});
add('content types', {
  name: 'JSON in Latin-1 (an unsupported charset)',
  send: () => post(jsonBody(), { 'content-type': 'application/json; charset=iso-8859-1' }),
  status: 415,
  code: 'BAD_REQUEST',
});
add('content types', {
  name: 'an unknown content encoding',
  send: () => post(jsonBody(), { 'content-type': 'application/json', 'content-encoding': 'compress' }),
  status: 415,
  code: 'BAD_REQUEST',
});
add('content types', {
  name: 'gzip claimed, not gzip sent',
  send: () => post(jsonBody(), { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
  status: 400,
  code: 'BAD_REQUEST',
});

// --- GET and other methods ---

const getMutation = `mutation { createSegment(input: { name: "GET segment" }) { id } }`;
add('methods', {
  name: 'GET with a mutation (preflight header sent)',
  send: () => http('GET', { query: getMutation }, { 'apollo-require-preflight': 'true' }),
  status: 405,
  code: 'BAD_REQUEST',
  message: /GET requests only support query operations/,
});
add('methods', {
  name: 'GET with a mutation (JSON content type sent)',
  send: () => http('GET', { query: getMutation }, { 'content-type': 'application/json' }),
  status: 405,
  code: 'BAD_REQUEST',
});
add('methods', {
  name: 'GET selecting the mutation of a two-operation document',
  send: () =>
    http(
      'GET',
      { query: `query Q { me { name } } ${getMutation.replace('mutation', 'mutation M')}`, operationName: 'M' },
      { 'apollo-require-preflight': 'true' },
    ),
  status: 405,
  code: 'BAD_REQUEST',
});
add('methods', {
  name: 'GET with a mutation as an ADMIN',
  send: () => http('GET', { query: getMutation }, { 'apollo-require-preflight': 'true' }, undefined, T.admin),
  status: 405,
  code: 'BAD_REQUEST',
});
add('methods', {
  name: 'GET with a mutation and no preflight header (CSRF)',
  send: () => http('GET', { query: getMutation }),
  status: 400,
  code: 'BAD_REQUEST',
  message: /CSRF/,
});
add('methods', {
  name: 'GET with variables that are not JSON',
  send: () => http('GET', { query: '{ me { name } }', variables: '{nope' }, { 'apollo-require-preflight': 'true' }),
  status: 400,
  code: 'BAD_REQUEST',
});
add('methods', {
  name: 'PUT',
  send: () => http('PUT', {}, { 'content-type': 'application/json' }, jsonBody()),
  status: 405,
  code: 'BAD_REQUEST',
});
add('methods', {
  name: 'DELETE',
  send: () => http('DELETE', {}, { 'content-type': 'application/json' }, jsonBody()),
  status: 405,
  code: 'BAD_REQUEST',
});
add('methods', {
  name: 'PATCH',
  send: () => http('PATCH', {}, { 'content-type': 'application/json' }, jsonBody()),
  status: 405,
  code: 'BAD_REQUEST',
});

// --- Tokens ---

/** A mutation that any writer may run: if a token were wrongly accepted, a segment would appear. */
let tokenSegments = 0;
const CREATE_SEGMENT = () => `mutation { createSegment(input: { name: "${prefix()} token segment ${++tokenSegments}" }) { id } }`;
const tokenCase = (name: string, authorization: () => string | undefined, status: number, code: string, message?: RegExp) =>
  add('tokens', { name, send: () => withAuth(authorization(), CREATE_SEGMENT()), status, code, message });
const NOT_VALID = /^The token is not valid \(bad signature, issuer, audience or format\)\.$/;
tokenCase('no Authorization header', () => undefined, 200, 'UNAUTHENTICATED', /Sign in first/);
tokenCase('an empty Authorization header', () => '', 200, 'UNAUTHENTICATED', /Sign in first/);
tokenCase('"Bearer" alone', () => 'Bearer', 401, 'UNAUTHENTICATED', /must be "Bearer <token>"/);
tokenCase('"Bearer" and spaces', () => 'Bearer    ', 401, 'UNAUTHENTICATED', /must be "Bearer <token>"/);
tokenCase('"Bearer x.y"', () => 'Bearer x.y', 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('"Bearer a.b.c" (not base64 JSON)', () => 'Bearer a.b.c', 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('Basic credentials', () => 'Basic YWRtaW46YWRtaW4=', 401, 'UNAUTHENTICATED', /must be "Bearer <token>"/);
tokenCase('a valid token without "Bearer"', () => T.admin, 401, 'UNAUTHENTICATED', /must be "Bearer <token>"/);
tokenCase('two tokens', () => `Bearer ${T.admin} ${T.admin}`, 401, 'UNAUTHENTICATED', /must be "Bearer <token>"/);
tokenCase(
  'a token with a quote and a newline escape in it',
  () => `Bearer ${T.admin}'\\n`,
  401,
  'UNAUTHENTICATED',
  /must be "Bearer <token>"/,
);
tokenCase('expired', () => `Bearer ${T.expired}`, 401, 'UNAUTHENTICATED', /^The token has expired; sign in again\.$/);
tokenCase('not yet valid (nbf in the future)', () => `Bearer ${T.notYet}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('wrong issuer', () => `Bearer ${T.wrongIssuer}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('wrong audience', () => `Bearer ${T.wrongAudience}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('alg none', () => `Bearer ${unsigned()}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('alg none without the trailing dot', () => `Bearer ${unsigned('none', false)}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('alg "nOnE"', () => `Bearer ${unsigned('nOnE')}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('signed with another secret', () => `Bearer ${T.otherSecret}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('HS512 with the right secret', () => `Bearer ${T.hs512}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('HS384 with the right secret', () => `Bearer ${T.hs384}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('a VIEWER token whose payload was swapped for roles: [ADMIN]', () => `Bearer ${T.tampered}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('no sub', () => `Bearer ${T.noSub}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('no exp', () => `Bearer ${T.noExp}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('exp as a string', () => `Bearer ${T.expString}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('an unknown critical header', () => `Bearer ${T.crit}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('a JWE-shaped token (five parts)', () => `Bearer ${T.admin}.${b64url('x')}.${b64url('y')}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('an 8 KB token', () => `Bearer ${long(8 * 1024, 'A')}.${long(10, 'B')}.${long(10, 'C')}`, 401, 'UNAUTHENTICATED', NOT_VALID);
tokenCase('unknown roles only (no role at all)', () => `Bearer ${T.unknownRole}`, 200, 'FORBIDDEN', /This token carries no role/);
tokenCase('lower-case roles', () => `Bearer ${T.lowercaseRole}`, 200, 'FORBIDDEN');
tokenCase('roles as a string, not a list', () => `Bearer ${T.roleString}`, 200, 'FORBIDDEN');
tokenCase('roles: [{"$ne": null}]', () => `Bearer ${T.roleObject}`, 200, 'FORBIDDEN');
tokenCase('no roles claim', () => `Bearer ${T.noRoles}`, 200, 'FORBIDDEN');
tokenCase('a valid ANALYST token of an employee who does not exist', () => `Bearer ${T.ghost}`, 401, 'UNAUTHENTICATED', /no longer exists/);
tokenCase('a valid token whose sub is a Cypher injection', () => `Bearer ${T.injectedSub}`, 401, 'UNAUTHENTICATED', /no longer exists/);
tokenCase('a valid token whose sub is empty', () => `Bearer ${T.emptySub}`, 401, 'UNAUTHENTICATED', /no longer exists/);
add('tokens', {
  name: 'a valid token whose sub is a Cypher injection reads nothing, not even "me"',
  send: () => gql('{ me { name } }', undefined, T.injectedSub),
  status: 401,
  code: 'UNAUTHENTICATED',
  message: /no longer exists/,
});
add('tokens', {
  name: 'an expired token on a read',
  send: () => gql('{ customers { totalCount } }', undefined, T.expired),
  status: 401,
  code: 'UNAUTHENTICATED',
});

// --- A VIEWER attempting every mutation of the schema (the list comes from schema/schema.graphql) ---

for (const mutation of Object.keys(MUTATIONS)
  .filter((m) => !PERSONAL_MUTATIONS.has(m))
  .sort()) {
  add('VIEWER', {
    name: `${mutation} with a valid input`,
    send: () => {
      const input = VALID_INPUT[mutation];
      if (!input) throw new Error(`Write a valid input for the new mutation ${mutation} in VALID_INPUT`);
      return mut(mutation, input(), T.viewer);
    },
    status: 200,
    code: 'FORBIDDEN',
    data: () => null,
  });
}
add('VIEWER', {
  name: `all ${Object.keys(VALID_INPUT).length} mutations at once in one operation`,
  send: () =>
    gql(
      `mutation(${Object.keys(VALID_INPUT)
        .map((m) => `$${m}: ${inputTypeOf(m)}`)
        .join(', ')}) { ${Object.keys(VALID_INPUT)
        .map((m) => `${m}(input: $${m}) { __typename }`)
        .join(' ')} }`,
      Object.fromEntries(Object.entries(VALID_INPUT).map(([m, f]) => [m, f()])),
      T.viewer,
    ),
  status: 200,
  code: 'FORBIDDEN',
  data: () => null,
});
add('VIEWER', {
  name: 'exportCustomer',
  send: () => gql(`query($id: ID!) { exportCustomer(customerId: $id) }`, { id: ids.acme() }, T.viewer),
  status: 200,
  code: 'FORBIDDEN',
  data: () => ({ exportCustomer: null }),
});

// --- An ANALYST attempting what needs ADMIN ---

add('ANALYST', {
  name: 'createEmployee',
  send: () => mut('createEmployee', VALID_INPUT.createEmployee(), T.analyst),
  status: 200,
  code: 'FORBIDDEN',
});
add('ANALYST', {
  name: 'updateEmployee: promoting oneself to ADMIN',
  send: () => mut('updateEmployee', { id: ids.alice(), accessRoles: ['ADMIN'] }, T.analyst),
  status: 200,
  code: 'FORBIDDEN',
});
add('ANALYST', {
  name: 'eraseCustomer',
  send: () => mut('eraseCustomer', VALID_INPUT.eraseCustomer(), T.analyst),
  status: 200,
  code: 'FORBIDDEN',
});
add('ANALYST', {
  name: 'exportCustomer',
  send: () => gql(`query($id: ID!) { exportCustomer(customerId: $id) }`, { id: ids.acme() }, T.analyst),
  status: 200,
  code: 'FORBIDDEN',
  data: () => ({ exportCustomer: null }),
});

// --- The review workflow: four eyes, authorship, versions, transitions ---

add('workflow', {
  name: 'the author validates their own insight',
  send: () => mut('validateInsight', { id: ids.ins1() }, T.analyst),
  status: 200,
  code: 'FORBIDDEN',
  message: /Four eyes/,
});
add('workflow', {
  name: 'the author refutes their own insight',
  send: () => mut('refuteInsight', { id: ids.ins1(), reason: 'changed my mind' }, T.analyst),
  status: 200,
  code: 'FORBIDDEN',
  message: /Four eyes/,
});
add('workflow', {
  name: 'an ADMIN validates their own insight',
  send: () => mut('validateInsight', { id: ids.carols() }, T.admin),
  status: 200,
  code: 'FORBIDDEN',
  message: /Four eyes/,
});
add('workflow', {
  name: 'a stale expectedVersion on reviseInsight',
  send: () => mut('reviseInsight', { id: ids.v3(), expectedVersion: 2, title: 'Stale' }, T.analyst),
  status: 200,
  code: 'CONFLICT',
  extensions: () => ({ currentVersion: 3 }),
});
add('workflow', {
  name: 'a stale expectedVersion on validateInsight',
  send: () => mut('validateInsight', { id: ids.v3(), expectedVersion: 1 }, T.bob),
  status: 200,
  code: 'CONFLICT',
  extensions: () => ({ currentVersion: 3 }),
});
add('workflow', {
  name: 'a stale expectedVersion by an ADMIN on archiveInsight',
  send: () => mut('archiveInsight', { id: ids.v3(), expectedVersion: 4 }, T.admin),
  status: 200,
  code: 'CONFLICT',
  extensions: () => ({ currentVersion: 3 }),
});
add('workflow', {
  name: "another analyst revises the author's insight",
  send: () => mut('reviseInsight', { id: ids.ins1(), expectedVersion: 1, title: 'Mine now' }, T.bob),
  status: 200,
  code: 'FORBIDDEN',
});
add('workflow', {
  name: "another analyst archives the author's insight",
  send: () => mut('archiveInsight', { id: ids.ins1() }, T.bob),
  status: 200,
  code: 'FORBIDDEN',
});
add('workflow', {
  name: "another analyst submits the author's draft",
  send: () => mut('submitInsight', { id: ids.draft() }, T.bob),
  status: 200,
  code: 'FORBIDDEN',
});
add('workflow', {
  name: "another analyst supersedes the author's insight",
  send: () => mut('proposeInsight', insightInput({ title: 'Hostile takeover', supersedesId: ids.ins1() }), T.bob),
  status: 200,
  code: 'FORBIDDEN',
});
add('workflow', {
  name: 'submitting an insight that is already PROPOSED',
  send: () => mut('submitInsight', { id: ids.ins1() }, T.analyst),
  status: 200,
  code: 'CONFLICT',
});
add('workflow', {
  name: 'validating a DRAFT',
  send: () => mut('validateInsight', { id: ids.draft() }, T.bob),
  status: 200,
  code: 'CONFLICT',
});
add('workflow', {
  name: 'validating an ARCHIVED insight',
  send: () => mut('validateInsight', { id: ids.arch() }, T.bob),
  status: 200,
  code: 'CONFLICT',
});
add('workflow', {
  name: 'archiving an ARCHIVED insight',
  send: () => mut('archiveInsight', { id: ids.arch() }, T.analyst),
  status: 200,
  code: 'CONFLICT',
});
add('workflow', {
  name: 'revising an ARCHIVED insight',
  send: () => mut('reviseInsight', { id: ids.arch(), expectedVersion: 1, body: 'Back from the dead' }, T.analyst),
  status: 200,
  code: 'CONFLICT',
});
add('workflow', {
  name: 'linking evidence to an ARCHIVED insight',
  send: () => mut('linkEvidence', { insightId: ids.arch(), interactionIds: [ids.i2()] }, T.analyst),
  status: 200,
  code: 'CONFLICT',
});
add('workflow', {
  name: 'revising with nothing to change',
  send: () => mut('reviseInsight', { id: ids.ins1(), expectedVersion: 1 }, T.analyst),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'input',
});
add('workflow', {
  name: 'an insight about nothing',
  send: () => mut('proposeInsight', insightInput({ customerIds: [] }), T.analyst),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'customerIds',
});
add('workflow', {
  name: 'linkNeed with neither customer nor interaction',
  send: () => mut('linkNeed', { needId: ids.offline() }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'input',
});
add('workflow', {
  name: 'unassigning an employee who does not own the account',
  send: () => mut('unassignAccountOwner', { customerId: ids.acme(), employeeId: ids.bob() }),
  status: 200,
  code: 'BAD_USER_INPUT',
  field: 'employeeId',
});
add('workflow', {
  name: 'a duplicate segment name in other case and spaces',
  send: () => mut('createSegment', { name: `  ${prefix()} Logistics  ` }),
  status: 200,
  code: 'CONFLICT',
});
add('workflow', {
  name: 'a duplicate employee email in upper case',
  send: () => mut('createEmployee', { name: 'Dup', email: `${prefix()}.ALICE@EXAMPLE.COM`, team: 'x', role: 'ANALYST' }, T.admin),
  status: 200,
  code: 'CONFLICT',
});

// --- Over WebSocket ---

const SUB = 'subscription { needRaised { need { title } } }';
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
add('WebSocket', { name: 'no token', send: () => live({}, SUB), status: 4401, code: null });
add('WebSocket', { name: 'an empty token', send: () => live({ authorization: '' }, SUB), status: 4401, code: null });
add('WebSocket', {
  name: 'a token that is not a string',
  send: () => live({ authorization: { Bearer: T.admin } }, SUB),
  status: 4401,
  code: null,
});
add('WebSocket', { name: 'a token signed with another secret', send: () => live(bearer(T.otherSecret), SUB), status: 4401, code: null });
add('WebSocket', { name: 'an expired token', send: () => live(bearer(T.expired), SUB), status: 4401, code: null });
add('WebSocket', { name: 'alg none', send: () => live({ authorization: `Bearer ${unsigned()}` }, SUB), status: 4401, code: null });
add('WebSocket', {
  name: 'Basic credentials',
  send: () => live({ authorization: 'Basic YWRtaW46YWRtaW4=' }, SUB),
  status: 4401,
  code: null,
});
add('WebSocket', { name: 'wrong audience', send: () => live(bearer(T.wrongAudience), SUB), status: 4401, code: null });
add('WebSocket', {
  name: 'a valid token of an employee who does not exist',
  send: () => live(bearer(T.ghost), SUB),
  status: 4401,
  code: null,
});
add('WebSocket', {
  name: 'a depth bomb',
  send: () => {
    let inner = 'summary';
    for (let i = 0; i < 5; i++) inner = `summary customer { interactions(first: 1) { edges { node { ${inner} } } } }`;
    return live(bearer(T.analyst), `subscription { interactionRecorded { interaction { ${inner} } } }`);
  },
  status: 101,
  code: 'GRAPHQL_VALIDATION_FAILED',
  message: /depth limit/,
});
add('WebSocket', {
  name: 'an unknown field',
  send: () => live(bearer(T.analyst), 'subscription { needRaised { need { passwordHash } } }'),
  status: 101,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('WebSocket', {
  name: 'an unknown subscription',
  send: () => live(bearer(T.analyst), 'subscription { everything { id } }'),
  status: 101,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('WebSocket', {
  name: 'an invalid enum',
  send: () => live(bearer(T.analyst), 'subscription { insightChanged(kinds: [DELETED]) { kind } }'),
  status: 101,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('WebSocket', {
  name: 'an invalid enum in a variable',
  send: () => live(bearer(T.analyst), 'subscription($k: [InsightChangeKind!]) { insightChanged(kinds: $k) { kind } }', { k: ['DELETED'] }),
  status: 101,
  code: 'BAD_USER_INPUT',
});
add('WebSocket', {
  name: 'a token bomb',
  send: () => live(bearer(T.analyst), `subscription { needRaised { need { ${'title '.repeat(LIMITS.maxTokens)} } } }`),
  status: 101,
  code: 'GRAPHQL_PARSE_FAILED',
});
add('WebSocket', {
  name: 'an alias bomb',
  send: () =>
    live(bearer(T.analyst), `subscription { needRaised { ${Array.from({ length: 16 }, (_, i) => `a${i}: need { title }`).join(' ')} } }`),
  status: 101,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('WebSocket', {
  name: 'a directive bomb',
  send: () => live(bearer(T.analyst), `subscription { needRaised { at ${'@include(if: true) '.repeat(11)} } }`),
  status: 101,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('WebSocket', {
  name: 'a fragment cycle',
  send: () =>
    live(
      bearer(T.analyst),
      'subscription { needRaised { need { ...A } } } fragment A on Need { title ...B } fragment B on Need { kind ...A }',
    ),
  status: 101,
  code: 'GRAPHQL_VALIDATION_FAILED',
});
add('WebSocket', {
  name: 'a message over 64 KiB',
  send: () => live(bearer(T.analyst), `${SUB} # ${long(70 * 1024)}`),
  status: 1009,
  code: null,
});
// Mutations are served over HTTP only (where they are audited).
add('WebSocket', {
  name: 'a VIEWER sends a mutation over the socket',
  send: () => live(bearer(T.viewer), `mutation { createSegment(input: { name: "${prefix()} ws viewer" }) { id } }`),
  status: 101,
  code: 'BAD_REQUEST',
});
add('WebSocket', {
  name: 'an ADMIN sends a valid mutation over the socket',
  send: () => live(bearer(T.admin), `mutation { createSegment(input: { name: "${prefix()} ws admin" }) { id } }`),
  status: 101,
  code: 'BAD_REQUEST',
});
add('WebSocket', {
  name: 'an ANALYST sends a mutation with an injected id over the socket',
  send: () =>
    live(
      bearer(T.analyst),
      `mutation { raiseNeed(input: { customerId: "${INJECTIONS[0].replace(/"/g, '\\"')}", title: "x", kind: FUNCTIONAL }) { id } }`,
    ),
  status: 101,
  code: 'BAD_REQUEST',
});

// --- A token of an employee who no longer exists writes nothing, whatever its roles (last: a wrongly accepted one changes data) ---

for (const mutation of Object.keys(MUTATIONS).sort()) {
  add('removed employee', {
    name: `${mutation} with a valid ADMIN token of an employee who does not exist`,
    send: () => mut(mutation, VALID_INPUT[mutation](), T.ghostAdmin),
    status: 401,
    code: 'UNAUTHENTICATED',
    data: () => null,
  });
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

const resolved = (c: Case, out: Outcome) => ({
  status: out.status,
  code: out.code,
  ...(c.field !== undefined ? { field: out.field } : {}),
  ...(c.data ? { data: out.data === undefined ? null : out.data } : {}),
  ...(c.extensions ? { extensions: Object.fromEntries(Object.keys(c.extensions()).map((k) => [k, out.extensions?.[k]])) } : {}),
});
const expected = (c: Case) => ({
  status: c.status,
  code: c.code,
  ...(c.field !== undefined ? { field: c.field } : {}),
  ...(c.data ? { data: c.data() } : {}),
  ...(c.extensions ? { extensions: c.extensions() } : {}),
});

describe('controls: the same requests, done right, are accepted', () => {
  it('tokens built like the hostile ones but valid are accepted (so every refusal is for the reason its case names)', async () => {
    const me = { me: { name: `${prefix()} Alice Author` } };
    expect((await gql('{ me { name } }', undefined, await jwt())).data).toEqual(me);
    expect((await gql('{ me { name } }', undefined, T.handSigned)).data).toEqual(me);
    expect((await live(bearer(T.analyst), `query { me { name } }`)).data).toEqual(me);
  });

  it('every mutation of the schema has a valid input for the VIEWER and removed-employee cases (coerced against the schema)', () => {
    for (const [name, field] of Object.entries(MUTATIONS)) {
      expect([name, typeof VALID_INPUT[name]]).toEqual([name, 'function']);
      const arg = field.args.find((a) => a.name === 'input')!;
      expect(() => coerceInputValue(VALID_INPUT[name](), arg.type)).not.toThrow();
    }
  });
});

describe('hostile requests: exact refusal (or harmless answer), server still up, graph unchanged', () => {
  it.each(CASES.map((c, i) => ({ ...c, title: `#${String(i + 1).padStart(3, '0')} ${c.name}` })))('$title', async (c) => {
    const out = await c.send();
    const now = await graphFingerprint(s.graph);
    const graph = counts(now);
    const before = baseline;
    if (graph.sha256 !== before.sha256) {
      // This case changed the graph and fails below; compare the next cases with the graph as it is
      // now, so that one failure does not fail every case after it.
      baseline = graph;
      baselineElements = now.elementIds;
    }
    const after = await stillAnswers();
    expect({ ...resolved(c, out), graph, after }).toEqual({
      ...expected(c),
      graph: before,
      after: { status: 200, code: null, data: { me: { name: `${prefix()} Alice Author` } } },
    });
    if (c.message) expect(out.message).toMatch(c.message);
    // Nothing internal ever leaks (payloads are echoed in messages; driver names and stack frames never are).
    expect(JSON.stringify(out)).not.toMatch(
      /Neo4j|Neo\.(Client|Transient|Database)Error|node_modules|\bat [\w.$<>]+ \([^)]*:\d+:\d+\)|Cypher/,
    );
  });

  it('has at least 80 refusals, and covers every mutation of the schema for a VIEWER (but those of their own working state)', () => {
    const refusals = CASES.filter((c) => c.code !== null || c.status >= 400);
    expect(refusals.length).toBeGreaterThanOrEqual(80);
    const viewerCases = CASES.filter((c) => c.name.startsWith('VIEWER: ')).map((c) =>
      c.name.replace(/^VIEWER: (\w+) with a valid input$/, '$1'),
    );
    for (const m of Object.keys(MUTATIONS)) if (!PERSONAL_MUTATIONS.has(m)) expect(viewerCases).toContain(m);
    // Every one of those is a mutation of the schema (a renamed one would otherwise escape the VIEWER cases unseen).
    for (const m of PERSONAL_MUTATIONS) expect(Object.keys(MUTATIONS)).toContain(m);
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile-looking but legal: stored verbatim, nothing else touched
// ---------------------------------------------------------------------------------------------

interface LegalCase {
  name: string;
  /** Runs the mutations and reads back: what was stored, what should have been, how many nodes were created. */
  run: () => Promise<{ stored: unknown; expected: unknown; created: number }>;
}

const readBack = async (query: string, variables: Record<string, unknown>) => {
  const res = await gql(query, variables, T.analyst);
  if (res.code) throw new Error(`read back failed: ${res.code} ${res.message}`);
  return res.data as any;
};

const LEGAL: LegalCase[] = [
  {
    name: 'createCustomer, twice, with injection strings as names',
    run: async () => {
      const names = [INJECTIONS[0], INJECTIONS[15]];
      const stored: string[] = [];
      for (const name of names) {
        const created = await gql(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`, {
          i: { name, kind: 'ORGANIZATION' },
        });
        const back = await readBack('query($id: ID!) { customer(id: $id) { name } }', { id: (created.data as any).createCustomer.id });
        stored.push(back.customer.name);
      }
      return { stored, expected: names, created: 2 };
    },
  },
  {
    name: 'createCustomer with control characters in its name',
    run: async () => {
      const name = 'Ctl \u0001\u0007\u001b[31m \u202e\u200b name';
      const created = await gql(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id name } }`, {
        i: { name, kind: 'PERSON' },
      });
      const id = (created.data as any).createCustomer.id;
      const back = await readBack('query($id: ID!) { customer(id: $id) { name } }', { id });
      return { stored: back.customer.name, expected: name, created: 1 };
    },
  },
  {
    name: 'createSegment with an injection string as its name and description',
    run: async () => {
      const name = `${prefix()} ${INJECTIONS[2]}`;
      const created = await gql(`mutation($i: CreateSegmentInput!) { createSegment(input: $i) { id } }`, {
        i: { name, description: INJECTIONS[8] },
      });
      const id = (created.data as any).createSegment.id;
      const back = await readBack('query($id: ID!) { segment(id: $id) { name description } }', { id });
      return { stored: back.segment, expected: { name, description: INJECTIONS[8] }, created: 1 };
    },
  },
  {
    name: 'recordInteraction with injection strings in externalId, summary, content and a new topic',
    run: async () => {
      const input = {
        externalId: `${prefix()}${INJECTIONS[1]}`,
        customerId: ids.bolt(),
        channel: 'WEB',
        touchpoint: 'FEEDBACK',
        direction: 'INBOUND',
        summary: INJECTIONS[3],
        content: INJECTIONS[5],
        topics: [`${prefix()} ${INJECTIONS[4]}`],
      };
      const created = await gql(`mutation($i: RecordInteractionInput!) { recordInteraction(input: $i) { id } }`, { i: input });
      const id = (created.data as any).recordInteraction.id;
      const back = await readBack('query($id: ID!) { interaction(id: $id) { externalId summary content topics { name } } }', { id });
      return {
        stored: back.interaction,
        expected: {
          externalId: input.externalId,
          summary: input.summary,
          content: input.content,
          topics: [{ name: input.topics[0].toLowerCase() }],
        },
        created: 2,
      };
    },
  },
  {
    name: 'raiseNeed with injection strings in title and description',
    run: async () => {
      const created = await gql(`mutation($i: RaiseNeedInput!) { raiseNeed(input: $i) { id } }`, {
        i: { customerId: ids.bolt(), title: INJECTIONS[9], description: INJECTIONS[10], kind: 'FUNCTIONAL' },
      });
      const id = (created.data as any).raiseNeed.id;
      const back = await readBack('query($id: ID!) { need(id: $id) { title description } }', { id });
      return { stored: back.need, expected: { title: INJECTIONS[9], description: INJECTIONS[10] }, created: 1 };
    },
  },
  {
    name: 'proposeInsight with injection strings in title and body, then an annotation with one',
    run: async () => {
      const created = await gql(`mutation($i: ProposeInsightInput!) { proposeInsight(input: $i) { id } }`, {
        i: {
          title: INJECTIONS[11],
          body: INJECTIONS[13],
          origin: 'ABOUT_CUSTOMER',
          confidence: 0.25,
          segmentIds: [ids.seg()],
          draft: true,
        },
      });
      const id = (created.data as any).proposeInsight.id;
      const note = await gql(
        `mutation($i: AnnotateInsightInput!) { annotateInsight(input: $i) { body } }`,
        { i: { insightId: id, kind: 'COMMENT', body: INJECTIONS[14] } },
        T.bob,
      );
      const back = await readBack('query($id: ID!) { insight(id: $id) { title body annotations { edges { node { body } } } } }', { id });
      expect(note.code).toBeNull();
      return {
        stored: back.insight,
        expected: { title: INJECTIONS[11], body: INJECTIONS[13], annotations: { edges: [{ node: { body: INJECTIONS[14] } }] } },
        created: 2,
      };
    },
  },
  {
    name: 'a lone surrogate in a stored name comes back as U+FFFD (the driver encodes UTF-8), not as a broken string',
    run: async () => {
      const created = await gql(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`, {
        i: { name: 'Lone \ud800 surrogate', kind: 'PERSON' },
      });
      const id = (created.data as any).createCustomer.id;
      const back = await readBack('query($id: ID!) { customer(id: $id) { name } }', { id });
      return { stored: back.customer.name, expected: 'Lone \ufffd surrogate', created: 1 };
    },
  },
];

/** A customer's stored health snapshot: derived values that a write about the customer updates, as it should. */
const HEALTH_SNAPSHOT = ['lastContactAt', 'healthScore', 'healthStatus', 'healthAsOf'];

describe('hostile-looking but legal: stored verbatim, nothing else touched', () => {
  let nodesSoFar: number;
  /** What was there before, but for the customers' health snapshots (an interaction recorded updates its customer's). */
  let before: Fingerprint;
  beforeAll(async () => {
    nodesSoFar = baseline.nodes;
    before = counts(await graphFingerprint(s.graph, baselineElements, HEALTH_SNAPSHOT));
  });

  it.each(LEGAL)('$name', async (c) => {
    const { stored, expected: wanted, created } = await c.run();
    expect(stored).toEqual(wanted);
    const all = await graphFingerprint(s.graph);
    // Exactly the new nodes were added ...
    expect(all.nodes).toBe(nodesSoFar + created);
    nodesSoFar = all.nodes;
    // ... and every node and relationship that was there before is byte-for-byte the same.
    expect(counts(await graphFingerprint(s.graph, baselineElements, HEALTH_SNAPSHOT))).toEqual(before);
    expect(await stillAnswers()).toEqual({ status: 200, code: null, data: { me: { name: `${prefix()} Alice Author` } } });
  });
});
