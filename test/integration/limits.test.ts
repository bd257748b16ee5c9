import {
  getIntrospectionQuery,
  isObjectType,
  Kind,
  parse,
  print,
  visit,
  type DefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type TypeNode,
} from 'graphql';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import WebSocket from 'ws';
import { ANALYTIC_FIELD_COSTS, LIMITS, operationCost } from '../../src/server/limits';
import { AccessRole } from '../../src/graphql/access';
import { buildRapportSchema } from '../../src/server/schema';
import { startTestServer, type TestServer } from '../helpers/server';
import { subscribe, until } from '../helpers/live';
import { buildWorld, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let token: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  token = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
});
afterAll(() => s.close());

/** customer { interactions { edges { node { customer { interactions ... } } } } } nested n times. */
function deep(levels: number): string {
  let inner = 'name';
  for (let i = 0; i < levels; i++) inner = `name interactions(first: 1) { edges { node { customer { ${inner} } } } }`;
  return `query($id: ID!) { customer(id: $id) { ${inner} } }`;
}

describe('operation limits over HTTP', () => {
  it(`refuses depth over ${LIMITS.maxDepth}`, async () => {
    const ok = await s.gql(deep(2), { id: w.id('customer', 'acme') }, token);
    expect(ok.errors).toBeUndefined();
    const res = await s.gql(deep(3), { id: w.id('customer', 'acme') }, token);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res.errors?.[0].message).toMatch(/Query depth limit of 12 exceeded/);
  });

  it(`refuses more than ${LIMITS.maxAliases} aliases, ${LIMITS.maxDirectives} directives and ${LIMITS.maxTokens} tokens`, async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { name }`).join(' ')} }`;
    const a = await s.gql(aliases, {}, token);
    expect([a.status, a.errors?.[0].extensions?.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    expect(a.errors?.[0].message).toMatch(/Aliases limit of 15 exceeded/);
    const directives = `{ me { name ${'@include(if: true) '.repeat(11)} } }`;
    const d = await s.gql(directives, {}, token);
    expect([d.status, d.errors?.[0].extensions?.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    const tokens = `{ me { ${'name '.repeat(3000)} } }`;
    const t = await s.gql(tokens, {}, token);
    expect([t.status, t.errors?.[0].extensions?.code]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
    // (graphql-js' own wording, typo included)
    expect(t.errors?.[0].message).toBe('Syntax Error: Document contains more that 3000 tokens. Parsing aborted.');
  });

  it('refuses an operation whose page sizes make it too expensive, and allows the same with small pages', async () => {
    const q = (n: number) =>
      `{ customers(first: ${n}) { edges { node { interactions(first: ${n}) { edges { node { customer { needs(first: ${n}) { edges { node { title } } } } } } } } } } }`;
    const cheap = await s.gql(q(5), {}, token);
    expect(cheap.errors).toBeUndefined();
    const costly = await s.gql(q(100), {}, token);
    expect(costly.status).toBe(400);
    expect(costly.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(costly.errors?.[0].message).toMatch(
      /^The operation is too expensive: estimated cost \d+, at most 200000\. Ask for smaller pages \(first\) or fewer nested lists\.$/,
    );
  });

  it("prices a plain list that takes `first` by it, like a page (an insight's history(first: 100) is not 5 versions)", async () => {
    const q = (n: number) =>
      `{ customers(first: 40) { edges { node { insights(first: 40) { edges { node { history(first: ${n}) { title body } } } } } } } }`;
    const costly = await s.gql(q(100), {}, token);
    expect([costly.status, costly.errors?.[0].message]).toEqual([
      400,
      'The operation is too expensive: estimated cost 324921, at most 200000. Ask for smaller pages (first) or fewer nested lists.',
    ]);
    const cheap = await s.gql(q(2), {}, token);
    expect([cheap.status, cheap.errors]).toEqual([200, undefined]);
  });

  it('prices each request of one document by its own page sizes and @include conditions', async () => {
    const q = `query($n: Int, $deep: Boolean!) { customers(first: $n) { edges { node { name
      interactions(first: $n) @include(if: $deep) { edges { node { customer { needs(first: $n) { edges { node { title } } } } } } } } } } }`;
    const refused = (res: { status: number; errors?: { message: string }[] }) =>
      res.status === 400 && /too expensive/.test(res.errors?.[0].message ?? '');
    const results = [];
    for (const variables of [
      { n: 5, deep: true },
      { n: 100, deep: true },
      { n: 5, deep: true },
      { n: 100, deep: false },
      { n: 100, deep: true },
      { deep: true },
    ]) {
      results.push(refused(await s.gql(q, variables, token)));
    }
    // With no $n, the pages have their default size (20): 20 x 20 x 20 is affordable.
    expect(results).toEqual([false, true, false, false, true, false]);
  });

  it('lets the standard introspection query through (what Apollo Sandbox and code generators send)', async () => {
    const res = await s.gql(getIntrospectionQuery(), {});
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.queryType).toMatchObject({ name: 'Query' });
  });

  it('refuses fragment cycles and batched operations', async () => {
    const cycle = await s.gql('query { me { ...A } } fragment A on Employee { ...B } fragment B on Employee { ...A }', {}, token);
    expect([cycle.status, cycle.errors?.[0].extensions?.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    const batch = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: '{ me { name } }' }, { query: '{ me { name } }' }]),
    });
    expect(batch.status).toBe(400);
  });
});

describe('the price of the analytics (issue 21)', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildRapportSchema();
  });

  /** The request of the report: a page of 100 customers with the six analytics of Customer (51,001 before they were priced). */
  const ALL_SIX = `{ customers(first: 100) { edges { node { id name
    health { score components { name score points } }
    knownBy(first: 10) { employee { name } score reason }
    similarCustomers(first: 10) { customer { name } score }
    recommendedInsights(first: 10) { insight { title } score reason }
    experienceGap { gap }
    valueQuadrant
  } } } }`;

  it('refuses a page of 100 customers with all six analytics of Customer, for a VIEWER as for anyone', async () => {
    const viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
    const res = await s.gql(ALL_SIX, {}, viewer);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: `The operation is too expensive: estimated cost ${operationCost(schema, parse(ALL_SIX))}, at most 200000. Ask for smaller pages (first) or fewer nested lists.`,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    expect(operationCost(schema, parse(ALL_SIX))).toBeGreaterThan(2 * LIMITS.maxCost);
    // A page of 20 with their health (the workbench's list) and one customer with all six (its 360) are fine.
    const list = await s.gql(`{ customers(first: 20) { edges { node { name health { score } } } } }`, {}, viewer);
    expect([list.status, list.errors]).toEqual([200, undefined]);
    const one = await s.gql(ALL_SIX.replace('customers(first: 100)', 'customers(first: 1)'), {}, viewer);
    expect([one.status, one.errors]).toEqual([200, undefined]);
  });

  it('has a positive whole price for each entry, each naming a field of the schema', () => {
    expect(Object.keys(ANALYTIC_FIELD_COSTS).length).toBeGreaterThan(0);
    for (const [name, cost] of Object.entries(ANALYTIC_FIELD_COSTS)) {
      const [type, field] = name.split('.');
      const t = schema.getType(type);
      expect([name, isObjectType(t) && field in t.getFields()]).toEqual([name, true]);
      expect([name, Number.isInteger(cost) && cost > 0]).toEqual([name, true]);
    }
    // Each field of Customer that is null without analytics consent is an analytic, and priced (consent.test.ts checks the rest by its classification).
    const customer = schema.getType('Customer');
    const analytic = isObjectType(customer)
      ? Object.values(customer.getFields()).filter((f) => /Null for a customer without analytics consent/.test(f.description ?? ''))
      : [];
    expect(analytic.map((f) => `Customer.${f.name}`).filter((f) => !(f in ANALYTIC_FIELD_COSTS))).toEqual([]);
    expect(analytic.length).toBe(6);
  });

  /** Values for an operation's variables: the largest page the API allows for every Int. */
  const VALUES: Record<string, unknown> = { Int: 100, ID: 'x', String: 'x', Boolean: true, TimeWindowInput: { days: 3650 } };
  const namedType = (t: TypeNode): string => (t.kind === 'NamedType' ? t.name.value : namedType(t.type));
  const variablesOf = (op: OperationDefinitionNode) =>
    Object.fromEntries(
      (op.variableDefinitions ?? [])
        .filter((v) => namedType(v.type) in VALUES)
        .map((v) => [v.variable.name.value, VALUES[namedType(v.type)]]),
    );
  const costs = (documents: string[]) => {
    const definitions: DefinitionNode[] = documents.flatMap((d) => parse(d).definitions);
    const fragments = definitions.filter((d) => d.kind === 'FragmentDefinition');
    return (
      definitions
        .filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
        // Mutations take an input object: their cost does not depend on it, and their selections are short.
        .filter((op) => (op.variableDefinitions ?? []).every((v) => v.type.kind !== 'NonNullType' || namedType(v.type) in VALUES))
        .map((op) => ({
          name: op.name?.value ?? `${op.operation} at ${op.loc?.start}`,
          cost: operationCost(schema, { kind: Kind.DOCUMENT, definitions: [op, ...fragments] }, variablesOf(op)),
        }))
    );
  };

  it("keeps the workbench's own operations under the maximum, with the largest pages the API allows", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = path.join(dir, f);
        return statSync(p).isDirectory() ? (f === 'gql' ? [] : files(p)) : /\.tsx?$/.test(f) ? [p] : [];
      });
    const documents = files(path.join(__dirname, '..', '..', 'web', 'src')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/graphql\(`([^`]*)`\)/g)].map((m) => m[1]),
    );
    // As the server runs them: the workbench's trusted documents ask for __typename in every selection (web/codegen.ts).
    const withTypename = (d: string) =>
      print(
        visit(parse(d), {
          SelectionSet: (node) =>
            node.selections.some((f) => f.kind === Kind.FIELD && f.name.value === '__typename')
              ? undefined
              : { ...node, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }, ...node.selections] },
        }),
      );
    const found = costs(documents.map(withTypename));
    expect(found.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        'FindCustomers',
        'Customer360',
        'Neighbourhood',
        'DashboardValueQuadrant',
        'DashboardAtRisk',
        'DashboardNeedTrends',
      ]),
    );
    expect(found.filter((o) => o.cost > LIMITS.maxCost)).toEqual([]);
  });

  it('keeps the examples of the README and docs/learning.md under the maximum', () => {
    const readme = ['README.md', path.join('docs', 'learning.md')]
      .map((f) => readFileSync(path.join(__dirname, '..', '..', f), 'utf8'))
      .join('\n');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    const curls = [...readme.matchAll(/"query": ?"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    const found = costs([...blocks, ...curls]);
    expect(found.length).toBeGreaterThanOrEqual(5);
    expect(found.filter((o) => o.cost > LIMITS.maxCost)).toEqual([]);
  });
});

describe('deeply nested variable values', () => {
  /** Sends a body as it is: the deep values below cannot even be written with JSON.stringify. */
  const post = async (body: string) => {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    return {
      status: res.status,
      body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] },
    };
  };
  const nestedList = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const query = (q: string, variables: string) => `{"query":${JSON.stringify(q)},"variables":${variables}}`;

  it('refuses a `first` variable nested thousands deep with 400 BAD_USER_INPUT, not a 500 (the cost check once overflowed the stack)', async () => {
    const q = 'query($first: Int) { customers(first: $first) { totalCount } }';
    for (const value of [nestedList(100_000), nestedObject(100_000), nestedList(3_000)]) {
      const res = await post(query(q, `{"first":${value}}`));
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
      expect(res.body.errors?.[0].message).toBe(
        'The variable $first is nested too deeply: at most 32 levels of lists and objects are accepted in a variable.',
      );
    }
    // The same for a variable of a directive (the other kind the cost depends on), and of any other argument.
    const skip = await post(query('query($b: Boolean!) { me { name @include(if: $b) } }', `{"b":${nestedList(100_000)}}`));
    expect([skip.status, skip.body.errors?.[0].extensions]).toEqual([400, { code: 'BAD_USER_INPUT' }]);
    const filter = await post(
      query(
        'query($f: CustomerFilter) { customers(filter: $f, first: 1) { totalCount } }',
        `{"f":{"nameContains":${nestedObject(100_000)}}}`,
      ),
    );
    expect([filter.status, filter.body.errors?.[0].extensions]).toEqual([400, { code: 'BAD_USER_INPUT' }]);
    const mutation = await post(
      query('mutation($i: CreateSegmentInput!) { createSegment(input: $i) { id } }', `{"i":{"name":${nestedList(100_000)}}}`),
    );
    expect([mutation.status, mutation.body.errors?.[0].extensions]).toEqual([400, { code: 'BAD_USER_INPUT' }]);
    // The server still answers, and a shallow value of the wrong type keeps graphql-js' own message.
    const wrong = await post(query('query($first: Int) { customers(first: $first) { totalCount } }', '{"first":[[1]]}'));
    expect([wrong.status, wrong.body.errors?.[0].extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect(wrong.body.errors?.[0].message).toMatch(
      /^Variable "\$first" got invalid value \[\[1\]\]; Int cannot represent non-integer value/,
    );
    const fine = await post(query('query($first: Int) { customers(first: $first) { totalCount } }', '{"first":1}'));
    expect(fine.status).toBe(200);
    expect(fine.body.errors).toBeUndefined();
  });

  it('refuses the same over WebSocket with an error for the operation, keeping the connection', async () => {
    // Raw graphql-transport-ws messages: a client library would stringify the value itself. 10,000 levels fit in 64 KiB.
    const socket = new WebSocket(s.wsUrl, 'graphql-transport-ws');
    const messages: { id?: string; type: string; payload?: any }[] = [];
    const closed = new Promise<number>((r) => socket.on('close', (code) => r(code)));
    socket.on('message', (m) => messages.push(JSON.parse(String(m))));
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await until(() => messages.some((m) => m.type === 'connection_ack'), 5_000, 'the ack');
    const q = 'subscription($first: Int) { needRaised { need { customers(first: $first) { totalCount } } } }';
    socket.send(`{"id":"1","type":"subscribe","payload":{"query":${JSON.stringify(q)},"variables":{"first":${nestedList(10_000)}}}}`);
    await until(() => messages.some((m) => m.id === '1'), 5_000, 'the answer');
    expect(messages.filter((m) => m.id === '1')).toEqual([
      {
        id: '1',
        type: 'error',
        payload: [
          {
            message: 'The variable $first is nested too deeply: at most 32 levels of lists and objects are accepted in a variable.',
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      },
    ]);
    // The connection is still open and serves the next operation.
    socket.send(JSON.stringify({ id: '2', type: 'subscribe', payload: { query: '{ me { name } }' } }));
    await until(() => messages.some((m) => m.id === '2' && m.type === 'complete'), 5_000, 'the next answer');
    expect(messages.find((m) => m.id === '2' && m.type === 'next')?.payload).toEqual({
      data: { me: { name: `${w.prefix} Alice Author` } },
    });
    socket.close(1000);
    expect(await closed).toBe(1000);
  });
});

describe('operation limits over WebSocket', () => {
  it('applies the same depth and cost limits to subscriptions', async () => {
    let inner = 'summary';
    for (let i = 0; i < 4; i++) inner = `summary customer { interactions(first: 1) { edges { node { ${inner} } } } }`;
    const tooDeep = subscribe(s.wsUrl, `Bearer ${token}`, `subscription { interactionRecorded { interaction { ${inner} } } }`);
    await until(() => tooDeep.errors.length > 0, 5_000, 'the depth error');
    expect(tooDeep.errors[0]).toEqual([
      expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, message: expect.stringMatching(/depth limit of 12/) }),
    ]);
    const costly = subscribe(
      s.wsUrl,
      `Bearer ${token}`,
      `subscription { interactionRecorded { interaction { customer { interactions(first: 100) { edges { node { customer { interactions(first: 100) { edges { node { summary content channel touchpoint sentiment topics { name } needs { title } handler { name } } } } } } } } } } } }`,
    );
    await until(() => costly.errors.length > 0, 5_000, 'the cost error');
    expect(costly.errors[0]).toEqual([
      expect.objectContaining({
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost: expect.any(Number), maxCost: 200_000 },
        message: expect.stringMatching(/too expensive/),
      }),
    ]);
    await Promise.all([tooDeep.dispose(), costly.dispose()]);
  });
});

describe('rate limiting', () => {
  it('answers RATE_LIMITED (429, Retry-After) past the per-minute budget of an identity, on HTTP and WebSocket', async () => {
    const limited = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const me = await limited.token(w.id('employee', 'bob'), [AccessRole.ANALYST]);
      const other = await limited.token(w.id('employee', 'carol'), [AccessRole.ANALYST]);
      for (let i = 0; i < 3; i++) expect((await limited.gql('{ me { name } }', {}, me)).errors).toBeUndefined();
      const res = await fetch(limited.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${me}` },
        body: JSON.stringify({ query: '{ me { name } }' }),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string; retryAfterSeconds: number } }[] };
      expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(body.errors[0].message).toMatch(/^Too many requests: at most 3 a minute\. Try again in \d+ s\.$/);
      // Another identity is not affected.
      expect((await limited.gql('{ me { name } }', {}, other)).data).toEqual({ me: { name: `${w.prefix} Carol Admin` } });
      const live = subscribe(limited.wsUrl, `Bearer ${me}`, 'subscription { needRaised { need { title } } }');
      await until(() => live.errors.length > 0, 5_000, 'the rate-limit error');
      // The same details as over HTTP: how long to wait.
      expect(live.errors[0]).toEqual([
        expect.objectContaining({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } }),
      ]);
      await live.dispose();
    } finally {
      await limited.close();
    }
  });
});

describe('production settings', () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => prod.close());

  it('turns off introspection, the landing page and field suggestions, and keeps CSRF prevention on', async () => {
    const t = await prod.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
    const intro = await prod.gql('{ __schema { types { name } } }', {}, t);
    expect([intro.status, intro.errors?.[0].extensions?.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    const typo = await prod.gql('{ me { nam } }', {}, t);
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
    const landing = await fetch(prod.url, { headers: { accept: 'text/html' } });
    expect(await landing.text()).not.toMatch(/Apollo Sandbox|embeddable-sandbox/i);
    const csrf = await fetch(`${prod.url}?query=${encodeURIComponent('{ me { name } }')}`, { headers: { authorization: `Bearer ${t}` } });
    expect(csrf.status).toBe(400);
    expect(await csrf.text()).toMatch(/CSRF/);
    // Outside production, suggestions help the developer.
    const devTypo = await s.gql('{ me { nam } }', {}, token);
    expect(devTypo.errors?.[0].message).toMatch(/Did you mean "name"/);
  });
});

describe('tokens from an identity provider (JWKS)', () => {
  let jwks: Server;
  let idp: TestServer;
  let privateKey: KeyLike;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as KeyLike;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    idp = await startTestServer({
      env: { JWT_JWKS_URL: url, JWT_ALGORITHMS: 'RS256', JWT_ISSUER: 'https://id.example', JWT_AUDIENCE: 'rapport' },
    });
  });
  afterAll(async () => {
    await idp.close();
    await new Promise((r) => jwks.close(r));
  });

  const sign = (claims: { iss?: string; aud?: string }, key: KeyLike = privateKey) =>
    new SignJWT({ roles: ['ANALYST'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject(w.id('employee', 'alice'))
      .setIssuer(claims.iss ?? 'https://id.example')
      .setAudience(claims.aud ?? 'rapport')
      .setExpirationTime('5m')
      .sign(key);

  it('accepts a token signed by the provider, and nothing else', async () => {
    const good = await idp.gql('{ me { name } }', {}, await sign({}));
    expect(good.data).toEqual({ me: { name: `${w.prefix} Alice Author` } });
    const hs256 = await idp.gql('{ me { name } }', {}, await idp.token(w.id('employee', 'alice')));
    expect(hs256.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const wrongIssuer = await idp.gql('{ me { name } }', {}, await sign({ iss: 'https://evil.example' }));
    expect(wrongIssuer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const wrongAudience = await idp.gql('{ me { name } }', {}, await sign({ aud: 'someone-else' }));
    expect(wrongAudience.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const other = await generateKeyPair('RS256');
    const forged = await idp.gql('{ me { name } }', {}, await sign({}, other.privateKey as KeyLike));
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("answers SERVICE_UNAVAILABLE (503; a socket: 1013) when the provider's keys cannot be fetched, not UNAUTHENTICATED: the token may be fine", async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r)); // nothing answers on this port now
    const down = await startTestServer({
      env: {
        JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
        JWT_ALGORITHMS: 'RS256',
        JWT_ISSUER: 'https://id.example',
        JWT_AUDIENCE: 'rapport',
      },
    });
    try {
      const token = await sign({});
      const res = await down.gql('{ me { name } }', {}, token);
      expect(res.status).toBe(503);
      expect(res.errors?.[0]).toMatchObject({
        message: "The identity provider's keys could not be fetched; try again shortly.",
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
      const live = subscribe(down.wsUrl, `Bearer ${token}`, 'subscription { needRaised { need { title } } }');
      expect(await live.closed).toEqual({
        code: 1013,
        reason: "Try again later: The identity provider's keys could not be fetched; try again shortly.",
      });
    } finally {
      await down.close();
    }
  });
});
