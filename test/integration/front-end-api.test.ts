import { createHash } from 'node:crypto';
import { AccessRole } from '../../src/graphql/access';
import { permissionsOf } from '../../src/modules/employee/employee.permissions';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

/**
 * What a front end needs beyond the domain (issue 25): any record found again by its id alone
 * (`node`, `nodes`), one naming rule for inputs with the old names kept for a release, and what
 * the caller may do (`me { can }`) before it asks.
 */
let s: TestServer;
let w: World;
let viewer: string;
let analyst: string;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN, AccessRole.ANALYST]);
});
afterAll(() => s.close());

async function ok(query: string, variables: Record<string, unknown>, token: string) {
  const res = await s.gql(query, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data;
}

describe('node and nodes', () => {
  /** One record of every type that implements Node: its id, and what its own look-up (or list) answers. */
  let records: { type: string; id: string; own: Record<string, unknown> }[];

  beforeAll(async () => {
    const customerId = w.id('customer', 'acme');
    const insightId = w.id('insight', 'ins1');
    const found = await ok(
      `query($c: ID!, $e: ID!, $i: ID!, $n: ID!, $x: ID!, $s: ID!) {
        customer(id: $c) { id name }
        employee(id: $e) { id name }
        interaction(id: $i) { id summary topics { id name } }
        need(id: $n) { id title }
        insight(id: $x) { id title annotations(first: 1) { edges { node { id body } } } }
        segment(id: $s) { id name }
      }`,
      {
        c: customerId,
        e: w.id('employee', 'bob'),
        i: w.id('interaction', 'i1'),
        n: w.id('need', 'offline'),
        x: insightId,
        s: w.id('segment', 'seg'),
      },
      admin,
    );
    const hook = await ok(
      `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id url } } }`,
      { input: { url: 'http://127.0.0.1:9/hook', filter: { interactionRecorded: { customerId } } } },
      admin,
    );
    const webhook = hook.registerWebhook.webhook;
    await ok(
      `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`,
      {
        input: {
          customerId,
          channel: 'EMAIL',
          touchpoint: 'BILLING',
          direction: 'INBOUND',
          summary: 'For the webhook',
          occurredAt: '2025-06-01T10:00:00Z',
        },
      },
      analyst,
    );
    let delivery: { id: string; status: string } | undefined;
    for (const deadline = Date.now() + 15_000; !delivery && Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const d = await ok(
        `query($id: ID!) { webhook(id: $id) { deliveries(first: 1) { edges { node { id status } } } } }`,
        { id: webhook.id },
        admin,
      );
      delivery = d.webhook.deliveries.edges[0]?.node;
    }
    expect(delivery).toBeDefined();
    const audit = await ok(`{ auditTrail(first: 1) { edges { node { id action } } } }`, {}, admin);
    records = [
      { type: 'Customer', id: customerId, own: found.customer },
      { type: 'Employee', id: found.employee.id, own: found.employee },
      { type: 'Interaction', id: found.interaction.id, own: { id: found.interaction.id, summary: found.interaction.summary } },
      { type: 'Need', id: found.need.id, own: found.need },
      { type: 'Insight', id: insightId, own: { id: insightId, title: found.insight.title } },
      { type: 'Annotation', id: found.insight.annotations.edges[0].node.id, own: found.insight.annotations.edges[0].node },
      { type: 'Topic', id: found.interaction.topics[0].id, own: found.interaction.topics[0] },
      { type: 'Segment', id: found.segment.id, own: found.segment },
      { type: 'Webhook', id: webhook.id, own: webhook },
      { type: 'WebhookDelivery', id: delivery!.id, own: { id: delivery!.id } },
      { type: 'AuditEntry', id: audit.auditTrail.edges[0].node.id, own: audit.auditTrail.edges[0].node },
    ];
  });

  /** The fields of `own`, asked of every type through `node`. */
  const NODE_FIELDS = `__typename id
    ... on Customer { name } ... on Employee { name } ... on Interaction { summary } ... on Need { title }
    ... on Insight { title } ... on Annotation { body } ... on Topic { name } ... on Segment { name }
    ... on Webhook { url } ... on AuditEntry { action }`;

  it('finds a record of every type that implements Node by its id, as its own look-up does', async () => {
    const schema = await ok(`{ __type(name: "Node") { possibleTypes { name } } }`, {}, admin);
    expect(schema.__type.possibleTypes.map((t: { name: string }) => t.name).sort()).toEqual(records.map((r) => r.type).sort());
    for (const r of records) {
      const res = await ok(`query($id: ID!) { node(id: $id) { ${NODE_FIELDS} } }`, { id: r.id }, admin);
      expect(res.node).toEqual({ __typename: r.type, ...r.own });
    }
  });

  it('finds them all at once with nodes, in the order asked, with null for an unknown id and a repeated id twice', async () => {
    const ids = [...records.map((r) => r.id).reverse(), 'no-such-id', records[0].id];
    const res = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { ${NODE_FIELDS} } }`, { ids }, admin);
    expect(res.nodes).toEqual([
      ...records.map((r) => ({ __typename: r.type, ...r.own })).reverse(),
      null,
      { __typename: 'Customer', ...records[0].own },
    ]);
  });

  it('refuses the ADMIN-only types to others record by record, and withholds personal data by role as the type does', async () => {
    const adminOnly = records.filter((r) => ['Webhook', 'WebhookDelivery', 'AuditEntry'].includes(r.type));
    const ids = [w.id('customer', 'dana'), ...adminOnly.map((r) => r.id)];
    const res = await s.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Customer { name email } } }`, { ids }, viewer);
    expect(res.data!.nodes).toEqual([{ id: w.id('customer', 'dana'), name: `${w.prefix} Dana Contact`, email: null }, null, null, null]);
    expect(
      res
        .errors!.map((e) => ({ path: e.path, code: e.extensions!.code, message: e.message }))
        .sort((a, b) => String(a.path).localeCompare(String(b.path))),
    ).toEqual([
      {
        path: ['nodes', 0, 'email'],
        code: 'FORBIDDEN',
        message: 'Customer.email is personal data; seeing it needs one of the roles ANALYST, ADMIN.',
      },
      ...adminOnly.map((r, k) => ({
        path: ['nodes', k + 1],
        code: 'FORBIDDEN',
        message: `'${r.id}' is a record of type ${r.type}; reading it needs the role ADMIN.`,
      })),
    ]);
  });

  it('gives null for a deleted record and the survivor for the id of a merged customer', async () => {
    const created = await ok(
      `mutation { a: createCustomer(input: { name: "Twin A", kind: PERSON }) { id } b: createCustomer(input: { name: "Twin B", kind: PERSON }) { id } }`,
      {},
      admin,
    );
    await ok(
      `mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) { id } }`,
      { input: { survivorId: created.a.id, mergedId: created.b.id } },
      admin,
    );
    const rec = await ok(
      `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`,
      {
        input: {
          customerId: created.a.id,
          channel: 'PHONE',
          touchpoint: 'BILLING',
          direction: 'OUTBOUND',
          summary: 'To delete',
          occurredAt: '2025-06-02T10:00:00Z',
        },
      },
      analyst,
    );
    await ok(`mutation($id: ID!) { deleteInteraction(input: { id: $id }) { id } }`, { id: rec.recordInteraction.id }, analyst);
    const res = await ok(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Customer { name } } }`,
      { ids: [created.b.id, rec.recordInteraction.id] },
      analyst,
    );
    expect(res.nodes).toEqual([{ __typename: 'Customer', id: created.a.id, name: 'Twin A' }, null]);
  });

  it('takes 1 to 100 ids, each at most 100 characters, and needs a token', async () => {
    const cases: [unknown[], string][] = [
      [[], 'Give 1 to 100 ids (0 were given).'],
      [Array.from({ length: 101 }, (_, k) => `id-${k}`), 'Give 1 to 100 ids (101 were given).'],
      [['x'.repeat(101)], 'Each id is at most 100 characters.'],
    ];
    for (const [ids, message] of cases) {
      const res = await s.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, viewer);
      expect(res.errors!.map((e) => ({ message: e.message, code: e.extensions!.code, field: e.extensions!.field }))).toEqual([
        { message, code: 'BAD_USER_INPUT', field: 'ids' },
      ]);
    }
    const anonymous = await s.gql(`{ node(id: "x") { id } }`, {}, null);
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('inputs named by one rule, old names kept for a release', () => {
  const RENAMED: [input: string, oldName: string][] = [
    ['AnnotateInsightInput', 'insightId'],
    ['LinkEvidenceInput', 'insightId'],
    ['UnlinkEvidenceInput', 'insightId'],
    ['EraseCustomerInput', 'customerId'],
    ['RevokeEmployeeTokensInput', 'employeeId'],
    ['TagInput', 'targetId'],
    ['UntagInput', 'targetId'],
  ];
  const REASON = 'Use `id` (renamed by the naming rule in docs/front-end.md); this old name goes in the next release.';

  it('marks every old name deprecated, with the new one beside it', async () => {
    for (const [input, oldName] of RENAMED) {
      const res = await ok(
        `query($t: String!) { __type(name: $t) { inputFields(includeDeprecated: true) { name type { name kind } isDeprecated deprecationReason } } }`,
        { t: input },
        viewer,
      );
      const fields = res.__type.inputFields.filter((f: { name: string }) => f.name === 'id' || f.name === oldName);
      expect({ input, fields }).toEqual({
        input,
        fields: expect.arrayContaining([
          { name: 'id', type: { name: 'ID', kind: 'SCALAR' }, isDeprecated: false, deprecationReason: null },
          { name: oldName, type: { name: 'ID', kind: 'SCALAR' }, isDeprecated: true, deprecationReason: REASON },
        ]),
      });
    }
    const arg = await ok(
      `{ __schema { queryType { fields { name args(includeDeprecated: true) { name isDeprecated deprecationReason } } } } }`,
      {},
      viewer,
    );
    const exportArgs = arg.__schema.queryType.fields.find((f: { name: string }) => f.name === 'exportCustomer').args;
    expect(exportArgs).toEqual(
      expect.arrayContaining([
        { name: 'id', isDeprecated: false, deprecationReason: null },
        { name: 'customerId', isDeprecated: true, deprecationReason: REASON },
      ]),
    );
  });

  it('takes the new name and the old one alike', async () => {
    const insightId = w.id('insight', 'ins1');
    const annotate = `mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { body insight { id } } }`;
    for (const input of [{ id: insightId }, { insightId }]) {
      const res = await ok(annotate, { input: { ...input, kind: 'COMMENT', body: 'Named either way' } }, analyst);
      expect(res.annotateInsight).toEqual({ body: 'Named either way', insight: { id: insightId } });
    }
    const interactionId = w.id('interaction', 'i1');
    const tagged = await ok(
      `mutation { tag(input: { targetId: "${interactionId}", topics: ["renamed"] }) { ... on Interaction { id topics { name } } } }`,
      {},
      analyst,
    );
    expect(tagged.tag.topics.map((t: { name: string }) => t.name)).toContain('renamed');
    const untagged = await ok(
      `mutation { untag(input: { id: "${interactionId}", topics: ["renamed"] }) { ... on Interaction { id topics { name } } } }`,
      {},
      analyst,
    );
    expect(untagged.untag.topics.map((t: { name: string }) => t.name)).not.toContain('renamed');
    for (const input of [{ id: insightId }, { insightId }]) {
      const linked = await ok(
        `mutation($input: LinkEvidenceInput!) { linkEvidence(input: $input) { id } }`,
        { input: { ...input, interactionIds: [interactionId] } },
        analyst,
      );
      expect(linked.linkEvidence).toEqual({ id: insightId });
    }
    const erase = `mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) { dryRun customerId } }`;
    for (const input of [{ id: w.id('customer', 'bolt') }, { customerId: w.id('customer', 'bolt') }]) {
      const res = await ok(erase, { input: { ...input, dryRun: true } }, admin);
      expect(res.eraseCustomer).toEqual({ dryRun: true, customerId: w.id('customer', 'bolt') });
    }
    for (const arg of ['id', 'customerId']) {
      const res = await ok(`query($c: ID!) { exportCustomer(${arg}: $c) }`, { c: w.id('customer', 'acme') }, admin);
      expect(res.exportCustomer.customer.name).toBe(`${w.prefix} Acme Freight`);
    }
  });

  it('refuses both names at once, or neither, naming the field, and changes nothing', async () => {
    const insightId = w.id('insight', 'ins1');
    const before = await ok(`query($id: ID!) { insight(id: $id) { annotations { totalCount } } }`, { id: insightId }, analyst);
    const annotate = `mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id } }`;
    const both = await s.gql(annotate, { input: { id: insightId, insightId, kind: 'COMMENT', body: 'x' } }, analyst);
    const neither = await s.gql(annotate, { input: { kind: 'COMMENT', body: 'x' } }, analyst);
    const exported = await s.gql(`{ exportCustomer }`, {}, admin);
    const summary = (r: typeof both) =>
      r.errors!.map((e) => ({ message: e.message, code: e.extensions!.code, field: e.extensions!.field }));
    expect(summary(both)).toEqual([
      { message: 'id: id and insightId (its deprecated old name) were both given; give id only', code: 'BAD_USER_INPUT', field: 'id' },
    ]);
    expect(summary(neither)).toEqual([{ message: 'id: id must be given: the id of the insight', code: 'BAD_USER_INPUT', field: 'id' }]);
    expect(summary(exported)).toEqual([
      { message: 'id: id must be given: the id of the customer whose data to export', code: 'BAD_USER_INPUT', field: 'id' },
    ]);
    const after = await ok(`query($id: ID!) { insight(id: $id) { annotations { totalCount } } }`, { id: insightId }, analyst);
    expect(after).toEqual(before);
  });
});

describe('what the caller may do', () => {
  const CAN = `{ me { can { roles readPersonalData writeKnowledge reviewInsights mergeRecords restoreDeleted eraseCustomers manageEmployees manageWebhooks readAuditTrail runLearning } } }`;

  it('says it for each role, from the token as the graph bounds it', async () => {
    // Each role's permissions are pinned in test/unit/permissions.test.ts.
    expect((await ok(CAN, {}, viewer)).me.can).toEqual(permissionsOf([AccessRole.VIEWER]));
    expect((await ok(CAN, {}, analyst)).me.can).toMatchObject({
      roles: ['ANALYST'],
      readPersonalData: true,
      writeKnowledge: true,
      eraseCustomers: false,
    });
    expect((await ok(CAN, {}, admin)).me.can).toMatchObject({
      roles: ['ADMIN', 'ANALYST'],
      readPersonalData: true,
      eraseCustomers: true,
      runLearning: true,
    });
    // Carol is ADMIN in the graph, but this token carries VIEWER only: the token is what the caller may use.
    const narrow = await s.token(w.id('employee', 'carol'), [AccessRole.VIEWER]);
    expect((await ok(CAN, {}, narrow)).me.can).toMatchObject({ roles: ['VIEWER'], readPersonalData: false, eraseCustomers: false });
    // A VIEWER token for Vic cannot claim more than the graph gives Vic.
    const claimed = await s.token(w.id('employee', 'vic'), [AccessRole.ADMIN]);
    expect((await ok(CAN, {}, claimed)).me.can).toMatchObject({ roles: ['VIEWER'], readPersonalData: false });
  });

  it('lets a VIEWER shape a shared query so that it is served whole', async () => {
    const Q = `query($id: ID!, $personal: Boolean!) { customer(id: $id) { name email @include(if: $personal) phone @include(if: $personal) } }`;
    const { me } = await ok(`{ me { can { readPersonalData } } }`, {}, viewer);
    const res = await s.gql(Q, { id: w.id('customer', 'dana'), personal: me.can.readPersonalData }, viewer);
    expect(res).toEqual({ status: 200, data: { customer: { name: `${w.prefix} Dana Contact` } } });
  });

  it("says another employee's permissions from their access roles", async () => {
    const res = await ok(`query($id: ID!) { employee(id: $id) { can { roles manageEmployees } } }`, { id: w.id('employee', 'vic') }, admin);
    expect(res.employee.can).toEqual({ roles: ['VIEWER'], manageEmployees: false });
  });
});

describe("a mutation's answer carries the records it changed, with their counts", () => {
  it('recordInteraction and deleteInteraction: the customer and the handler, counted', async () => {
    const customerId = w.id('customer', 'dana');
    const handlerId = w.id('employee', 'alice');
    const COUNTS = `query($c: ID!, $e: ID!) { customer(id: $c) { interactionCount interactions { totalCount } } employee(id: $e) { interactionCount interactions { totalCount } } }`;
    const before = await ok(COUNTS, { c: customerId, e: handlerId }, analyst);
    const n = before.customer.interactions.totalCount;
    expect(before.customer.interactionCount).toBe(n);
    const handled = before.employee.interactions.totalCount;
    expect(before.employee.interactionCount).toBe(handled);
    const recorded = await ok(
      `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id customer { id interactionCount } } }`,
      {
        input: {
          customerId,
          handlerId,
          channel: 'CHAT',
          touchpoint: 'SUPPORT',
          direction: 'INBOUND',
          summary: 'Counted at once',
          occurredAt: '2025-07-01T09:00:00Z',
        },
      },
      analyst,
    );
    expect(recorded.recordInteraction.customer).toEqual({ id: customerId, interactionCount: n + 1 });
    const deleted = await ok(
      `mutation($id: ID!) { deleteInteraction(input: { id: $id }) { recordId affected { __typename id ... on Customer { interactionCount } ... on Employee { interactionCount } } } }`,
      { id: recorded.recordInteraction.id },
      analyst,
    );
    expect(deleted.deleteInteraction.recordId).toBe(recorded.recordInteraction.id);
    expect(deleted.deleteInteraction.affected).toEqual(
      expect.arrayContaining([
        { __typename: 'Customer', id: customerId, interactionCount: n },
        { __typename: 'Employee', id: handlerId, interactionCount: handled },
      ]),
    );
    expect(deleted.deleteInteraction.affected).toHaveLength(2);
  });

  it('annotateInsight, raiseNeed and assignAccountOwner: the insight, the need and its holder, the owner', async () => {
    const insightId = w.id('insight', 'ins1');
    const { insight } = await ok(`query($id: ID!) { insight(id: $id) { annotationCount } }`, { id: insightId }, analyst);
    const annotated = await ok(
      `mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { insight { id annotationCount } } }`,
      { input: { id: insightId, kind: 'ENDORSEMENT', body: 'Counted' } },
      analyst,
    );
    expect(annotated.annotateInsight.insight).toEqual({ id: insightId, annotationCount: insight.annotationCount + 1 });

    const customerId = w.id('customer', 'bolt');
    const { customer } = await ok(`query($id: ID!) { customer(id: $id) { needCount } }`, { id: customerId }, analyst);
    const raised = await ok(
      `mutation($input: RaiseNeedInput!) { raiseNeed(input: $input) { customerCount interactionCount customers { edges { node { id needCount } } } } }`,
      { input: { customerId, kind: 'FUNCTIONAL', title: 'Counted need' } },
      analyst,
    );
    expect(raised.raiseNeed).toEqual({
      customerCount: 1,
      interactionCount: 0,
      customers: { edges: [{ node: { id: customerId, needCount: customer.needCount + 1 } }] },
    });

    const ownerId = w.id('employee', 'vic');
    const { employee } = await ok(
      `query($id: ID!) { employee(id: $id) { accountCount accounts { totalCount } } }`,
      { id: ownerId },
      analyst,
    );
    expect(employee.accountCount).toBe(employee.accounts.totalCount);
    const assigned = await ok(
      `mutation($input: AssignAccountOwnerInput!) { assignAccountOwner(input: $input) { owners { id accountCount } } }`,
      { input: { customerId, employeeId: ownerId } },
      analyst,
    );
    expect(assigned.assignAccountOwner.owners).toContainEqual({ id: ownerId, accountCount: employee.accountCount + 1 });
  });
});

describe('from the hostile review', () => {
  it('costs nodes(ids:) by the number of ids, so the cost limit holds through it', async () => {
    const { customers } = await ok(`{ customers(first: 100) { edges { node { id } } } }`, {}, viewer);
    const known: string[] = customers.edges.map((e: { node: { id: string } }) => e.node.id);
    const ids = Array.from({ length: 100 }, (_, k) => known[k % known.length]);
    const Q = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id health { score } knownBy { employee { id } } similarCustomers { customer { id } } recommendedInsights { insight { id } } experienceGap { gap } valueQuadrant } } }`;
    const refused = await s.gql(Q, { ids }, viewer);
    expect(refused.status).toBe(400);
    expect(refused.errors!.map((e) => e.extensions!.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(refused.errors![0].message).toMatch(/^The operation is too expensive: estimated cost \d+, at most 200000\./);
    const served = await s.gql(Q, { ids: ids.slice(0, 5) }, viewer);
    expect(served.errors).toBeUndefined();
    expect(served.data!.nodes).toHaveLength(5);
  });

  it("lists in a deleted customer's affected records those linked to what went with it (its interaction's handler and need)", async () => {
    const { createCustomer } = await ok(`mutation { createCustomer(input: { name: "Cascade", kind: PERSON }) { id } }`, {}, analyst);
    const needId = w.id('need', 'offline');
    const handlerId = w.id('employee', 'bob');
    await ok(
      `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`,
      {
        input: {
          customerId: createCustomer.id,
          handlerId,
          needIds: [needId],
          channel: 'PHONE',
          touchpoint: 'SUPPORT',
          direction: 'INBOUND',
          summary: 'Cascaded',
          occurredAt: '2025-08-01T09:00:00Z',
        },
      },
      analyst,
    );
    await ok(
      `mutation($c: ID!, $n: ID!) { unlinkNeed(input: { customerId: $c, needId: $n }) { id } }`,
      { c: createCustomer.id, n: needId },
      analyst,
    );
    const { need } = await ok(`query($id: ID!) { need(id: $id) { interactionCount } }`, { id: needId }, analyst);
    const deleted = await ok(
      `mutation($id: ID!) { deleteCustomer(input: { id: $id }) { cascadedCount affected { __typename id ... on Need { interactionCount } } } }`,
      { id: createCustomer.id },
      analyst,
    );
    expect(deleted.deleteCustomer.cascadedCount).toBe(1);
    expect(deleted.deleteCustomer.affected).toEqual(
      expect.arrayContaining([
        { __typename: 'Need', id: needId, interactionCount: need.interactionCount - 1 },
        { __typename: 'Employee', id: handlerId },
      ]),
    );
    expect(deleted.deleteCustomer.affected.map((n: { id: string }) => n.id)).not.toContain(createCustomer.id);
  });

  it('refuses an id over 100 characters in node(id:) as in nodes(ids:)', async () => {
    const res = await s.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: 'x'.repeat(101) }, viewer);
    expect(res.errors!.map((e) => ({ message: e.message, code: e.extensions!.code, field: e.extensions!.field }))).toEqual([
      { message: 'The id is at most 100 characters.', code: 'BAD_USER_INPUT', field: 'id' },
    ]);
  });

  it('registers an automatic persisted query for a signed-in caller only', async () => {
    const post = async (body: Record<string, unknown>, token?: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(s.url, { method: 'POST', headers, body: JSON.stringify(body) });
      return {
        status: res.status,
        body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] },
      };
    };
    const register = (query: string, token?: string) =>
      post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } } }, token);
    const byHash = (query: string, token?: string) =>
      post({ extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } } }, token);

    const padded = `{ __typename }\n# ${w.prefix} ${'x'.repeat(1000)}`;
    const anonymous = await register(padded);
    expect(anonymous).toEqual({
      status: 401,
      body: {
        errors: [
          { message: 'Sign in to register a persisted query: send the bearer token with it.', extensions: { code: 'UNAUTHENTICATED' } },
        ],
      },
    });
    expect((await byHash(padded, viewer)).body.errors!.map((e) => e.extensions.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

    const mine = `{ me { id } } # ${w.prefix}`;
    expect(await register(mine, viewer)).toEqual({ status: 200, body: { data: { me: { id: w.id('employee', 'vic') } } } });
    expect(await byHash(mine, viewer)).toEqual({ status: 200, body: { data: { me: { id: w.id('employee', 'vic') } } } });
  });
});
