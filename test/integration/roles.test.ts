import { AccessRole } from '../../src/graphql/access';
import { Topics } from '../../src/realtime/topics';
import { startTestServer, type TestServer } from '../helpers/server';
import { subscribe, until } from '../helpers/live';
import { buildWorld, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let viewer: string;
let analyst: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
});
afterAll(() => s.close());

const Q = `query($id: ID!) {
  customer(id: $id) { name email phone interactions(first: 1, orderBy: { field: OCCURRED_AT, direction: ASC }) { edges { node { summary content } } } }
}`;

describe('personal data', () => {
  it('is served to an ANALYST', async () => {
    const res = await s.gql(Q, { id: w.id('customer', 'dana') }, analyst);
    expect(res.errors).toBeUndefined();
    expect(res.data.customer).toMatchObject({ email: 'dana@acme.example', phone: '+49 30 1234567' });
    const acme = await s.gql(Q, { id: w.id('customer', 'acme') }, analyst);
    expect(acme.data.customer.interactions.edges[0].node).toEqual({
      summary: 'Offline routing request',
      content: 'Drivers cannot plan without signal.',
    });
  });

  it('is null for a VIEWER, with a FORBIDDEN error naming each field, while the rest is served', async () => {
    const res = await s.gql(Q, { id: w.id('customer', 'acme') }, viewer);
    expect(res.status).toBe(200);
    expect(res.data.customer).toEqual({
      name: `${w.prefix} Acme Freight`,
      email: null,
      phone: null,
      interactions: { edges: [{ node: { summary: 'Offline routing request', content: null } }] },
    });
    const errors = [...(res.errors ?? [])].sort((a, b) => a.path!.join('.').localeCompare(b.path!.join('.')));
    expect(errors.map((e) => ({ path: e.path, message: e.message, extensions: e.extensions }))).toEqual([
      {
        path: ['customer', 'email'],
        message: 'Customer.email is personal data; seeing it needs one of the roles ANALYST, ADMIN.',
        extensions: { code: 'FORBIDDEN', field: 'Customer.email' },
      },
      {
        path: ['customer', 'interactions', 'edges', 0, 'node', 'content'],
        message: 'Interaction.content is personal data; seeing it needs one of the roles ANALYST, ADMIN.',
        extensions: { code: 'FORBIDDEN', field: 'Interaction.content' },
      },
      {
        path: ['customer', 'phone'],
        message: 'Customer.phone is personal data; seeing it needs one of the roles ANALYST, ADMIN.',
        extensions: { code: 'FORBIDDEN', field: 'Customer.phone' },
      },
    ]);
  });

  it('is masked in subscription events too', async () => {
    const l = subscribe(
      s.wsUrl,
      `Bearer ${viewer}`,
      `subscription($c: ID) { interactionRecorded(customerId: $c) { interaction { summary content } } }`,
      {
        c: w.id('customer', 'acme'),
      },
    );
    await until(() => s.events.listenerCount(Topics.INTERACTION_RECORDED) === 1, 5_000, 'the subscription');
    await s.gql(
      `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }`,
      {
        input: {
          customerId: w.id('customer', 'acme'),
          channel: 'PHONE',
          touchpoint: 'SALES',
          direction: 'OUTBOUND',
          summary: 'Quote call',
          content: 'Personal details here',
        },
      },
      analyst,
    );
    const event = await l.nth(1);
    expect(event.data).toEqual({ interactionRecorded: { interaction: { summary: 'Quote call', content: null } } });
    expect(event.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'Interaction.content' } });
    await l.dispose();
  });
});

describe('consent', () => {
  it('is shown, set on create and update, and filters customers', async () => {
    const created = await s.gql(
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id consent { contact analytics } } }`,
      { input: { name: `${w.prefix} Consenting Co`, kind: 'ORGANIZATION', consent: { analytics: true } } },
      analyst,
    );
    expect(created.data.createCustomer.consent).toEqual({ contact: false, analytics: true });
    const updated = await s.gql(
      `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { consent { contact analytics } } }`,
      { input: { id: created.data.createCustomer.id, consent: { contact: true } } },
      analyst,
    );
    expect(updated.data.updateCustomer.consent).toEqual({ contact: true, analytics: true });

    const list = async (analyticsConsent: boolean) =>
      (
        await s.gql(
          `query($f: CustomerFilter) { customers(filter: $f) { edges { node { name } } } }`,
          { f: { nameContains: w.prefix, analyticsConsent } },
          viewer,
        )
      ).data.customers.edges.map((e: any) => e.node.name);
    expect(await list(false)).toEqual([`${w.prefix} Bolt Couriers`]);
    expect(await list(true)).toEqual([`${w.prefix} Acme Freight`, `${w.prefix} Consenting Co`, `${w.prefix} Dana Contact`]);
  });
});
