import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let analyst: string;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
});
afterAll(() => s.close());

const CREATE = `mutation($input: CreateCustomerInput!) {
  createCustomer(input: $input) {
    id name kind email phone lifecycleStage relationshipType revenue costToServe lifetimeValue profitability
    segment { name } organization { name } referredBy { name } owners { name }
  }
}`;
const UPDATE = `mutation($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { id name email lifecycleStage revenue segment { name } organization { name } updatedAt }
}`;
const countByName = async (name: string) => (await s.cypher('MATCH (c:Customer {name: $name}) RETURN count(c) AS n', { name }))[0].n;

describe('createCustomer', () => {
  it('creates a customer with its segment, organization, referrer and owners; defaults apply', async () => {
    const name = `${w.prefix} Erin Dispatcher`;
    const res = await s.gql(
      CREATE,
      {
        input: {
          name,
          kind: 'PERSON',
          email: 'erin@acme.example',
          segmentId: w.id('segment', 'seg'),
          organizationId: w.id('customer', 'acme'),
          referredById: w.id('customer', 'bolt'),
          ownerIds: [w.id('employee', 'bob')],
        },
      },
      analyst,
    );
    expect(res.errors).toBeUndefined();
    const { id, ...rest } = res.data.createCustomer;
    expect(rest).toEqual({
      name,
      kind: 'PERSON',
      email: 'erin@acme.example',
      phone: null,
      lifecycleStage: 'PROSPECT',
      relationshipType: 'TRANSACTIONAL',
      revenue: 0,
      costToServe: 0,
      lifetimeValue: 0,
      profitability: 0,
      segment: { name: `${w.prefix} Logistics` },
      organization: { name: `${w.prefix} Acme Freight` },
      referredBy: { name: `${w.prefix} Bolt Couriers` },
      owners: [{ name: `${w.prefix} Bob Reviewer` }],
    });
    const stored = await s.cypher('MATCH (c:Customer {id: $id}) RETURN c.nameLower AS nameLower, c.consentAnalytics AS consent', { id });
    expect(stored).toEqual([{ nameLower: name.toLowerCase(), consent: false }]);
  });

  it.each([
    ['an unknown segment', { segmentId: 'nope' }, 'segmentId'],
    ['an organization that is a person', { organizationId: 'PERSON' }, 'organizationId'],
    ['an unknown owner', { ownerIds: ['nope'] }, 'ownerIds'],
    ['an unknown referrer', { referredById: 'nope' }, 'referredById'],
  ])('refuses %s with BAD_USER_INPUT and creates nothing', async (_what, change, field) => {
    const name = `${w.prefix} Refused ${field}`;
    const input: Record<string, unknown> = { name, kind: 'PERSON', ...change };
    if (input.organizationId === 'PERSON') input.organizationId = w.id('customer', 'dana');
    const res = await s.gql(CREATE, { input }, analyst);
    expect(res.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await countByName(name)).toBe(0);
  });

  it.each([
    ['a name of 201 characters', { name: 'n'.repeat(201) }, 'name'],
    ['an empty name', { name: '' }, 'name'],
    ['a name of zero-width characters only', { name: '\u200B\u200D\uFEFF' }, 'name'],
    ['a malformed email', { email: 'not-an-email' }, 'email'],
    ['a phone with letters', { phone: 'call me maybe' }, 'phone'],
    ['negative revenue', { revenue: -1 }, 'revenue'],
  ])('validates %s', async (_what, change, field) => {
    const name = `${w.prefix} Invalid ${field}`;
    const res = await s.gql(CREATE, { input: { name, kind: 'ORGANIZATION', ...change } }, analyst);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe(field);
    expect(await countByName(name)).toBe(0);
  });

  it('needs ANALYST or ADMIN', async () => {
    const viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
    const res = await s.gql(CREATE, { input: { name: `${w.prefix} By viewer`, kind: 'PERSON' } }, viewer);
    expect(res.errors?.[0]).toMatchObject({ message: 'This needs one of the roles ANALYST, ADMIN.', extensions: { code: 'FORBIDDEN' } });
    expect(await countByName(`${w.prefix} By viewer`)).toBe(0);
  });
});

describe('updateCustomer and account owners', () => {
  it('changes only the given fields, clears with null and moves segment', async () => {
    const id = w.id('customer', 'bolt');
    const res = await s.gql(
      UPDATE,
      { input: { id, lifecycleStage: 'ACTIVE', revenue: 9000, email: 'new@bolt.example', segmentId: null } },
      analyst,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateCustomer).toMatchObject({
      id,
      name: `${w.prefix} Bolt Couriers`,
      email: 'new@bolt.example',
      lifecycleStage: 'ACTIVE',
      revenue: 9000,
      segment: null,
    });
    const cleared = await s.gql(UPDATE, { input: { id, email: null } }, analyst);
    expect(cleared.data.updateCustomer.email).toBeNull();
    const [row] = await s.cypher('MATCH (c:Customer {id: $id}) RETURN c.email AS email, c.revenue AS revenue, c.lifecycleStage AS stage', {
      id,
    });
    expect(row).toEqual({ email: null, revenue: 9000, stage: 'ACTIVE' });
  });

  it('answers NOT_FOUND for an unknown customer and changes nothing', async () => {
    const res = await s.gql(UPDATE, { input: { id: 'no-such-customer', name: 'Ghost' } }, analyst);
    expect(res.errors?.[0]).toMatchObject({
      message: "No customer has the id 'no-such-customer'.",
      extensions: { code: 'NOT_FOUND', id: 'no-such-customer' },
    });
    expect(await countByName('Ghost')).toBe(0);
  });

  it('makes only a contact person (kind PERSON) a member of an organization: an organization never, so no cycles', async () => {
    const acme = w.id('customer', 'acme');
    const bolt = w.id('customer', 'bolt');
    const before = await s.cypher('MATCH (c:Customer)-[r:MEMBER_OF]->() RETURN count(r) AS n');
    const refusal = {
      message: 'Only a contact person (kind PERSON) can be a member of an organization.',
      extensions: { code: 'BAD_USER_INPUT', field: 'organizationId' },
    };
    const update = await s.gql(UPDATE, { input: { id: bolt, organizationId: acme } }, analyst);
    expect(update.errors).toEqual([expect.objectContaining(refusal)]);
    const name = `${w.prefix} Org In Org`;
    const create = await s.gql(CREATE, { input: { name, kind: 'ORGANIZATION', organizationId: acme } }, analyst);
    expect(create.errors).toEqual([expect.objectContaining(refusal)]);
    expect(await countByName(name)).toBe(0);
    expect(await s.cypher('MATCH (c:Customer)-[r:MEMBER_OF]->() RETURN count(r) AS n')).toEqual(before);
  });

  it('links nothing new to an erased customer: neither a member of an erased organization nor a referral by an erased customer (CONFLICT)', async () => {
    const org = await s.gql(CREATE, { input: { name: `${w.prefix} Gone Org`, kind: 'ORGANIZATION' } }, analyst);
    const gone = org.data.createCustomer.id;
    const erased = await s.gql(
      `mutation($i: EraseCustomerInput!) { eraseCustomer(input: $i) { customerId } }`,
      { i: { customerId: gone, reason: 'Request #7, art. 17' } },
      admin,
    );
    expect(erased.errors).toBeUndefined();
    const erasedMessage = `Customer '${gone}' has been erased; nothing more can be recorded about them.`;
    const name = `${w.prefix} Late Contact`;
    const member = await s.gql(CREATE, { input: { name, kind: 'PERSON', organizationId: gone } }, analyst);
    expect(member.errors?.[0]).toMatchObject({ message: erasedMessage, extensions: { code: 'CONFLICT', field: 'organizationId' } });
    const referred = await s.gql(CREATE, { input: { name, kind: 'PERSON', referredById: gone } }, analyst);
    expect(referred.errors?.[0]).toMatchObject({ message: erasedMessage, extensions: { code: 'CONFLICT', field: 'referredById' } });
    expect(await countByName(name)).toBe(0);
    const moved = await s.gql(UPDATE, { input: { id: w.id('customer', 'dana'), organizationId: gone } }, analyst);
    expect(moved.errors?.[0]).toMatchObject({ message: erasedMessage, extensions: { code: 'CONFLICT', field: 'organizationId' } });
    expect(await s.cypher('MATCH (:Customer {id: $d})-[:MEMBER_OF]->(o) RETURN o.id AS id', { d: w.id('customer', 'dana') })).toEqual([
      { id: w.id('customer', 'acme') },
    ]);
  });

  it('assigns and unassigns account owners', async () => {
    const q = `mutation($input: AssignAccountOwnerInput!) { assignAccountOwner(input: $input) { owners { name } } }`;
    const u = `mutation($input: UnassignAccountOwnerInput!) { unassignAccountOwner(input: $input) { owners { name } } }`;
    const input = { customerId: w.id('customer', 'acme'), employeeId: w.id('employee', 'carol') };
    const assigned = await s.gql(q, { input }, analyst);
    expect(assigned.data.assignAccountOwner.owners).toEqual([{ name: `${w.prefix} Alice Author` }, { name: `${w.prefix} Carol Admin` }]);
    const again = await s.gql(q, { input }, analyst);
    expect(again.data.assignAccountOwner.owners).toHaveLength(2);
    const removed = await s.gql(u, { input }, analyst);
    expect(removed.data.unassignAccountOwner.owners).toEqual([{ name: `${w.prefix} Alice Author` }]);
    const notOwner = await s.gql(u, { input }, analyst);
    expect(notOwner.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'employeeId' });
    const unknownEmployee = await s.gql(q, { input: { ...input, employeeId: 'nope' } }, analyst);
    expect(unknownEmployee.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'employeeId' });
  });
});

describe('employees', () => {
  const CREATE_EMPLOYEE = `mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) { id name email team role accessRoles } }`;

  it('ADMIN creates and updates employees; emails are unique and lower-cased', async () => {
    const email = `${w.prefix}.Frank@Example.com`;
    const res = await s.gql(
      CREATE_EMPLOYEE,
      { input: { name: 'Frank Field', email, team: 'Field Service', role: 'SUPPORT_AGENT' } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createEmployee).toMatchObject({
      name: 'Frank Field',
      email: email.toLowerCase(),
      team: 'Field Service',
      role: 'SUPPORT_AGENT',
      accessRoles: ['VIEWER'],
    });
    const dup = await s.gql(
      CREATE_EMPLOYEE,
      { input: { name: 'Other Frank', email: email.toUpperCase(), team: 'X', role: 'ANALYST' } },
      admin,
    );
    expect(dup.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'email' });
    expect((await s.cypher('MATCH (e:Employee {email: $e}) RETURN count(e) AS n', { e: email.toLowerCase() }))[0].n).toBe(1);

    const upd = await s.gql(
      `mutation($input: UpdateEmployeeInput!) { updateEmployee(input: $input) { name team accessRoles } }`,
      { input: { id: res.data.createEmployee.id, team: 'Support', accessRoles: ['ANALYST'] } },
      admin,
    );
    expect(upd.data.updateEmployee).toEqual({ name: 'Frank Field', team: 'Support', accessRoles: ['ANALYST'] });
    const missing = await s.gql(`mutation { updateEmployee(input: { id: "nope", team: "X" }) { id } }`, {}, admin);
    expect(missing.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: 'nope' });
    // The target is checked first: an unknown id is NOT_FOUND even with an email someone else uses.
    const missingTaken = await s.gql(
      `mutation($e: String!) { updateEmployee(input: { id: "nope", email: $e }) { id } }`,
      { e: email },
      admin,
    );
    expect(missingTaken.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: 'nope' });
  });

  it('an ANALYST cannot create employees', async () => {
    const res = await s.gql(
      CREATE_EMPLOYEE,
      { input: { name: 'Nope', email: `${w.prefix}.nope@example.com`, team: 'X', role: 'ANALYST' } },
      analyst,
    );
    expect(res.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('me, employee lists and relationship fields', async () => {
    const res = await s.gql(
      `query($f: EmployeeFilter) { me { name } employees(filter: $f) { totalCount edges { node { name accounts { edges { node { name } } } insights { totalCount } interactions { totalCount } } } } }`,
      { f: { nameContains: `${w.prefix} alice` } },
      analyst,
    );
    expect(res.data).toEqual({
      me: { name: `${w.prefix} Alice Author` },
      employees: {
        totalCount: 1,
        edges: [
          {
            node: {
              name: `${w.prefix} Alice Author`,
              accounts: { edges: [{ node: { name: `${w.prefix} Acme Freight` } }, { node: { name: `${w.prefix} Bolt Couriers` } }] },
              insights: { totalCount: 1 },
              interactions: { totalCount: 1 },
            },
          },
        ],
      },
    });
  });
});

describe('segments', () => {
  it('creates a segment; a duplicate name is a CONFLICT', async () => {
    const q = `mutation($input: CreateSegmentInput!) { createSegment(input: $input) { name description customers { totalCount } } }`;
    const name = `${w.prefix} Key accounts`;
    const res = await s.gql(q, { input: { name, description: 'Top 20%' } }, analyst);
    expect(res.data.createSegment).toEqual({ name, description: 'Top 20%', customers: { totalCount: 0 } });
    const dup = await s.gql(q, { input: { name } }, analyst);
    expect(dup.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'name' });
  });
});
