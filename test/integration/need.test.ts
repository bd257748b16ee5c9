import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let analyst: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  analyst = await s.token(w.id('employee', 'bob'), [AccessRole.ANALYST]);
});
afterAll(() => s.close());

const RAISE = `mutation($input: RaiseNeedInput!) {
  raiseNeed(input: $input) {
    id title description kind priority status topics { name }
    customers { edges { node { name } } }
    interactions { edges { node { summary } } }
  }
}`;
const needsTitled = async (title: string) => (await s.cypher('MATCH (n:Need {title: $title}) RETURN count(n) AS n', { title }))[0].n;

describe('needs', () => {
  it('raises a need for a customer, from an interaction, with topics', async () => {
    const title = `${w.prefix} Invoices per depot`;
    const res = await s.gql(
      RAISE,
      {
        input: {
          customerId: w.id('customer', 'acme'),
          title,
          description: 'Finance wants one invoice per depot.',
          kind: 'FUNCTIONAL',
          intensity: 0.9,
          interactionId: w.id('interaction', 'i2'),
          topics: ['Billing'],
        },
      },
      analyst,
    );
    expect(res.errors).toBeUndefined();
    const { id, ...need } = res.data.raiseNeed;
    expect(need).toEqual({
      title,
      description: 'Finance wants one invoice per depot.',
      kind: 'FUNCTIONAL',
      priority: 'MEDIUM',
      status: 'OPEN',
      topics: [{ name: 'billing' }],
      customers: { edges: [{ node: { name: `${w.prefix} Acme Freight` } }] },
      interactions: { edges: [{ node: { summary: 'Invoice sent' } }] },
    });
    const [link] = await s.cypher('MATCH (:Customer {id: $c})-[h:HAS_NEED]->(:Need {id: $id}) RETURN h.intensity AS intensity', {
      c: w.id('customer', 'acme'),
      id,
    });
    expect(link).toEqual({ intensity: 0.9 });
  });

  it('refuses unknown ids and invalid values, writing nothing', async () => {
    const title = `${w.prefix} Refused need`;
    const unknownCustomer = await s.gql(RAISE, { input: { customerId: 'nope', title, kind: 'SOCIAL' } }, analyst);
    expect(unknownCustomer.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'customerId' });
    const unknownInteraction = await s.gql(
      RAISE,
      { input: { customerId: w.id('customer', 'acme'), interactionId: 'nope', title, kind: 'SOCIAL' } },
      analyst,
    );
    expect(unknownInteraction.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'interactionId' });
    // An interaction with another customer (i1 is Acme's) is not where Bolt expressed it: nobody would hold the need but Acme.
    const otherCustomers = await s.gql(
      RAISE,
      { input: { customerId: w.id('customer', 'bolt'), interactionId: w.id('interaction', 'i1'), title, kind: 'SOCIAL' } },
      analyst,
    );
    expect(otherCustomers.errors?.[0]).toMatchObject({
      message: `Interaction '${w.id('interaction', 'i1')}' is with another customer; give one with this customer, or link the need to it with linkNeed.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'interactionId' },
    });
    const intensity = await s.gql(RAISE, { input: { customerId: w.id('customer', 'acme'), title, kind: 'SOCIAL', intensity: 2 } }, analyst);
    expect(intensity.errors?.[0].extensions?.field).toBe('intensity');
    const badKind = await s.gql(RAISE, { input: { customerId: w.id('customer', 'acme'), title, kind: 'SPIRITUAL' } }, analyst);
    expect(badKind.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await needsTitled(title)).toBe(0);
  });

  it('links a need to another customer and an interaction; updates its status', async () => {
    const needId = w.id('need', 'offline');
    const link = await s.gql(
      `mutation($input: LinkNeedInput!) { linkNeed(input: $input) { customers { totalCount } interactions { totalCount } } }`,
      { input: { needId, customerId: w.id('customer', 'bolt'), intensity: 0.3, interactionId: w.id('interaction', 'i2') } },
      analyst,
    );
    expect(link.data.linkNeed).toEqual({ customers: { totalCount: 2 }, interactions: { totalCount: 2 } });
    const nothing = await s.gql(`mutation { linkNeed(input: { needId: "${needId}" }) { id } }`, {}, analyst);
    expect(nothing.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input' });
    const missing = await s.gql(`mutation { linkNeed(input: { needId: "nope", customerId: "x" }) { id } }`, {}, analyst);
    expect(missing.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', id: 'nope' });

    const upd = await s.gql(
      `mutation($input: UpdateNeedInput!) { updateNeed(input: $input) { status priority title } }`,
      { input: { id: needId, status: 'IN_PROGRESS', priority: 'CRITICAL' } },
      analyst,
    );
    expect(upd.data.updateNeed).toEqual({ status: 'IN_PROGRESS', priority: 'CRITICAL', title: 'Plan routes offline' });
    const [row] = await s.cypher('MATCH (n:Need {id: $id}) RETURN n.status AS status', { id: needId });
    expect(row.status).toBe('IN_PROGRESS');
  });

  it('lists needs with filters', async () => {
    const res = await s.gql(
      `query($f: NeedFilter) { needs(filter: $f) { totalCount edges { node { title } } } }`,
      { f: { customerId: w.id('customer', 'bolt'), statuses: ['IN_PROGRESS', 'OPEN'], kinds: ['FUNCTIONAL'] } },
      analyst,
    );
    expect(res.data.needs).toEqual({ totalCount: 1, edges: [{ node: { title: 'Plan routes offline' } }] });
  });
});

describe('alphabetical orders ignore case, as customers and employees by name do', () => {
  it("needs by TITLE, a page at a time and after a retitle; a customer's held needs of equal intensity too", async () => {
    const p = `${w.prefix} ord`;
    for (const title of [`${p} b need`, `${p} B need`, `${p} a need`, `${p} Plan`]) {
      const res = await s.gql(
        RAISE,
        { input: { customerId: w.id('customer', 'bolt'), title, kind: 'FUNCTIONAL', intensity: 0.3 } },
        analyst,
      );
      expect(res.errors).toBeUndefined();
    }
    const PAGE = `query($f: NeedFilter, $after: String) { needs(filter: $f, first: 1, after: $after, orderBy: { field: TITLE, direction: ASC }) {
      edges { node { id title } } pageInfo { endCursor hasNextPage } } }`;
    const walk = async () => {
      const titles: string[] = [];
      let after: string | null = null;
      for (;;) {
        const res: any = await s.gql(PAGE, { f: { titleContains: `${p} ` }, after }, analyst);
        expect(res.errors).toBeUndefined();
        titles.push(...res.data.needs.edges.map((e: any) => e.node.title.slice(p.length + 1)));
        if (!res.data.needs.pageInfo.hasNextPage) return titles;
        after = res.data.needs.pageInfo.endCursor;
      }
    };
    const walked = await walk();
    // "b need" and "B need" tie; their ids decide, so either may come first.
    expect(walked.map((t) => t.toLowerCase())).toEqual(['a need', 'b need', 'b need', 'plan']);
    const planId = (await s.cypher('MATCH (n:Need {title: $t}) RETURN n.id AS id', { t: `${p} Plan` }))[0].id;
    const retitled = await s.gql(
      `mutation($input: UpdateNeedInput!) { updateNeed(input: $input) { title } }`,
      { input: { id: planId, title: `${p} aardvark plan` } },
      analyst,
    );
    expect(retitled.errors).toBeUndefined();
    expect((await walk()).map((t) => t.toLowerCase())).toEqual(['aardvark plan', 'a need', 'b need', 'b need'].sort());
    const held = await s.gql(
      `query($id: ID!) { customer(id: $id) { heldNeeds { intensity need { title } } } }`,
      { id: w.id('customer', 'bolt') },
      analyst,
    );
    const ours = held.data.customer.heldNeeds
      .filter((h: any) => h.intensity === 0.3 && h.need.title.startsWith(`${p} `))
      .map((h: any) => h.need.title.slice(p.length + 1).toLowerCase());
    expect(ours).toEqual(['a need', 'aardvark plan', 'b need', 'b need']);
  });

  it('segments by NAME', async () => {
    const p = `${w.prefix} ord`;
    const admin = await s.token(w.id('employee', 'bob'), [AccessRole.ADMIN]);
    for (const name of [`${p} Logistics`, `${p} alpha`, `${p} Beta`]) {
      const res = await s.gql(`mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id } }`, { input: { name } }, admin);
      expect(res.errors).toBeUndefined();
    }
    const res = await s.gql(`query($p: String!) { segments(filter: { nameContains: $p }) { edges { node { name } } } }`, { p }, analyst);
    expect(res.data.segments.edges.map((e: any) => e.node.name)).toEqual([`${p} alpha`, `${p} Beta`, `${p} Logistics`]);
  });
});
