import { isInputObjectType, isObjectType } from 'graphql';
import { Topics, type InsightChangedPayload } from '../../src/realtime/topics';
import { AccessRole } from '../../src/graphql/access';
import { buildRapportSchema } from '../../src/server/schema';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, fixtureInsight, type World } from '../helpers/world';

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const ERASE = `mutation($input: EraseCustomerInput!) {
  eraseCustomer(input: $input) {
    id customerId erasedAt dryRun interactionsDeleted insightsArchived propertiesScrubbed
    changes { kind recordId version property before after mergedIntoId }
  }
}`;
const EXPORT = `query($id: ID!) { exportCustomer(customerId: $id) }`;

const REDACTED_TITLE = 'Insight about an erased customer';
const REDACTED_BODY = 'The text of this insight named a customer who has since been erased.';

/** Every property of every node and relationship whose text holds `value` (case-insensitive). */
async function findEverywhere(value: string): Promise<{ labels: string[]; key: string; text: unknown }[]> {
  const textMatches = `(v IS :: STRING AND toLower(v) CONTAINS $needle)
     OR (v IS :: LIST<STRING NOT NULL> AND any(x IN v WHERE toLower(x) CONTAINS $needle))`;
  const nodes = await s.cypher(
    `MATCH (n) UNWIND keys(n) AS k WITH n, k, n[k] AS v WHERE ${textMatches} RETURN labels(n) AS labels, k AS key, v AS text`,
    { needle: value.toLowerCase() },
  );
  const rels = await s.cypher(
    `MATCH ()-[r]->() UNWIND keys(r) AS k WITH r, k, r[k] AS v WHERE ${textMatches} RETURN [type(r)] AS labels, k AS key, v AS text`,
    { needle: value.toLowerCase() },
  );
  return [...nodes, ...rels] as { labels: string[]; key: string; text: unknown }[];
}

/** A customer's properties and every relationship it has (type, direction, the other end's label and id), sorted. */
async function snapshot(customerId: string): Promise<{ props: Record<string, unknown>; links: string[] }> {
  const props = await s.cypher('MATCH (c:Customer {id: $id}) RETURN properties(c) AS props', { id: customerId });
  const links = await s.cypher(
    `MATCH (c:Customer {id: $id})-[r]-(x)
     RETURN type(r) + CASE WHEN startNode(r) = c THEN ' -> ' ELSE ' <- ' END + labels(x)[0] + ' ' + x.id AS link`,
    { id: customerId },
  );
  return { props: props[0].props, links: links.map((l) => l.link as string).sort() };
}

async function insightState(id: string) {
  const [row] = await s.cypher(
    `MATCH (i:Insight {id: $id})
     RETURN i.status AS status, i.version AS version, i.title AS title, i.body AS body,
            COLLECT { MATCH (i)-[:ABOUT]->(x) RETURN x.id } AS subjects`,
    { id },
  );
  return { ...row, subjects: [...row.subjects].sort() };
}

const erasuresOf = (customerId: string) =>
  s.cypher('MATCH (e:Erasure {customerId: $customerId}) RETURN properties(e) AS e', { customerId });

describe('eraseCustomer', () => {
  let w: World;
  let admin: string;
  let analyst: string;
  // The customer to erase and what identifies them or what they said.
  let NAME: string;
  let EMAIL: string;
  let PHONE: string;
  let SUMMARY: string;
  let CONTENT1: string;
  let CONTENT2: string;
  let quinn: string;

  beforeAll(async () => {
    w = await buildWorld(s.graph, (world) => {
      const p = world.prefix;
      const k = (key: string) => `${p}-${key}`;
      NAME = `${p} Quinn Halvorsen`;
      EMAIL = `quinn.${p}@halvorsen.example`;
      PHONE = `+47 912 ${(parseInt(p.slice(1), 16) % 1_000_000).toString().padStart(6, '0')}`;
      SUMMARY = `${p} Delivery instructions for the back gate`;
      CONTENT1 = `${p} gate code 7731, the dog is called Biscuit`;
      CONTENT2 = `${p} complained that the invoice went to the old flat on Fjordgata`;
      const d = world.data;
      d.customers.push(
        {
          key: k('quinn'),
          name: NAME,
          kind: 'PERSON',
          email: EMAIL,
          phone: PHONE,
          lifecycleStage: 'ACTIVE',
          relationshipType: 'COLLABORATIVE',
          revenue: 4200,
          costToServe: 800,
          lifetimeValue: 15000,
          consentContact: true,
          consentAnalytics: true,
          segmentKey: k('seg'),
          organizationKey: k('acme'),
          referredByKey: k('bolt'),
          ownerKeys: [k('alice'), k('bob')],
          createdAt: '2025-02-15T10:00:00Z',
        },
        {
          key: k('rolf'),
          name: `${p} Rolf Referral`,
          kind: 'PERSON',
          lifecycleStage: 'PROSPECT',
          relationshipType: 'TRANSACTIONAL',
          revenue: 0,
          costToServe: 0,
          lifetimeValue: 0,
          consentContact: false,
          consentAnalytics: false,
          referredByKey: k('quinn'),
          ownerKeys: [],
          createdAt: '2025-03-15T10:00:00Z',
        },
        {
          key: k('zeta'),
          name: `${p} Zeta Haulage`,
          kind: 'ORGANIZATION',
          lifecycleStage: 'ACTIVE',
          relationshipType: 'TRANSACTIONAL',
          revenue: 1000,
          costToServe: 100,
          lifetimeValue: 3000,
          consentContact: false,
          consentAnalytics: false,
          ownerKeys: [],
          createdAt: '2025-03-20T10:00:00Z',
        },
        {
          key: k('zed'),
          name: `${p} Zed Driver`,
          kind: 'PERSON',
          lifecycleStage: 'ACTIVE',
          relationshipType: 'TRANSACTIONAL',
          revenue: 0,
          costToServe: 0,
          lifetimeValue: 0,
          consentContact: false,
          consentAnalytics: false,
          organizationKey: k('zeta'),
          ownerKeys: [],
          createdAt: '2025-03-21T10:00:00Z',
        },
      );
      d.needs[0].customers.push({ customerKey: k('quinn'), since: '2025-04-05T00:00:00Z', intensity: 0.5 });
      d.needs.push({
        key: k('quiet'),
        title: 'Quiet delivery windows',
        description: `Call ${PHONE} before arriving.`,
        kind: 'EMOTIONAL',
        priority: 'MEDIUM',
        status: 'OPEN',
        customers: [{ customerKey: k('quinn'), since: '2025-04-10T00:00:00Z', intensity: 0.9 }],
        topicNames: [],
        createdAt: '2025-04-10T00:00:00Z',
      });
      const interaction = {
        channel: 'PHONE' as const,
        touchpoint: 'SUPPORT' as const,
        direction: 'INBOUND' as const,
        sentiment: 0,
        expectedQuality: 3,
        perceivedQuality: 3,
      };
      d.interactions.push(
        {
          ...interaction,
          key: k('q1'),
          externalId: `${p}-crm-q1`,
          customerKey: k('quinn'),
          handlerKey: k('alice'),
          occurredAt: '2025-04-10T09:00:00Z',
          summary: SUMMARY,
          content: CONTENT1,
          needKeys: [k('quiet')],
          topicNames: [`${p}-routing`],
        },
        {
          ...interaction,
          key: k('q2'),
          externalId: `${p}-crm-q2`,
          customerKey: k('quinn'),
          handlerKey: k('bob'),
          occurredAt: '2025-04-20T09:00:00Z',
          summary: 'Invoice complaint',
          content: CONTENT2,
          needKeys: [],
          topicNames: [],
        },
        {
          ...interaction,
          key: k('i3'),
          externalId: `${p}-crm-3`,
          customerKey: k('acme'),
          handlerKey: k('bob'),
          occurredAt: '2025-04-21T09:00:00Z',
          summary: `Renewal call about ${NAME.toLowerCase()}`,
          content: `Acme's dispatcher said ${NAME.toUpperCase()} will sign the renewal.`,
          needKeys: [],
          topicNames: [],
        },
      );
      d.insights.push(
        fixtureInsight(world, 'solo', {
          title: `${NAME} prefers quiet deliveries`,
          body: 'Two calls ask for a call before arrival.',
          status: 'VALIDATED',
          version: 3,
          aboutCustomerKeys: [k('quinn')],
          evidenceKeys: [k('q1')],
          annotations: [
            {
              authorKey: k('bob'),
              kind: 'COMMENT',
              body: `Confirmed by email with ${EMAIL.toUpperCase()}.`,
              createdAt: '2025-06-02T00:00:00Z',
            },
          ],
        }),
        fixtureInsight(world, 'soloClean', {
          title: 'Prefers email over phone',
          body: 'Answers emails within a day.',
          aboutCustomerKeys: [k('quinn')],
          evidenceKeys: [k('q2')],
        }),
        fixtureInsight(world, 'soloOld', {
          title: 'Old churn worry',
          body: 'Nothing came of it.',
          status: 'ARCHIVED',
          version: 2,
          aboutCustomerKeys: [k('quinn')],
        }),
        fixtureInsight(world, 'pair', {
          title: 'Contacts at Acme want offline routing',
          body: `${NAME} and the dispatcher both asked for it.`,
          status: 'VALIDATED',
          version: 2,
          aboutCustomerKeys: [k('quinn'), k('acme')],
          annotations: [
            {
              authorKey: k('alice'),
              kind: 'ENDORSEMENT',
              body: `Spoke to them on ${PHONE} and again at the depot.`,
              createdAt: '2025-06-03T00:00:00Z',
            },
          ],
        }),
        fixtureInsight(world, 'withNeed', {
          title: 'Quiet windows matter',
          body: 'Late deliveries upset residents.',
          aboutCustomerKeys: [k('quinn')],
          aboutNeedKeys: [k('quiet')],
        }),
      );
    });
    quinn = w.id('customer', 'quinn');
    admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
    analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  });

  describe('refused requests change nothing', () => {
    it('refuses an ANALYST (FORBIDDEN) and an anonymous caller (UNAUTHENTICATED)', async () => {
      const before = await snapshot(quinn);
      const forbidden = await s.gql(ERASE, { input: { customerId: quinn } }, analyst);
      expect(forbidden.errors?.[0]).toMatchObject({ message: 'This needs one of the roles ADMIN.', extensions: { code: 'FORBIDDEN' } });
      expect(forbidden.data).toBeNull();
      const anonymous = await s.gql(ERASE, { input: { customerId: quinn } }, null);
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(await snapshot(quinn)).toEqual(before);
      expect(before.props.name).toBe(NAME);
      expect(await findEverywhere(CONTENT1)).toHaveLength(1);
      expect(await erasuresOf(quinn)).toEqual([]);
    });

    it('answers NOT_FOUND for an unknown customer', async () => {
      const res = await s.gql(ERASE, { input: { customerId: 'no-such-customer' } }, admin);
      expect(res.errors?.[0]).toMatchObject({
        message: "No customer has the id 'no-such-customer'.",
        extensions: { code: 'NOT_FOUND', id: 'no-such-customer' },
      });
      expect(await erasuresOf('no-such-customer')).toEqual([]);
    });

    it('refuses a reason over 500 characters with BAD_USER_INPUT', async () => {
      const before = await snapshot(quinn);
      const res = await s.gql(ERASE, { input: { customerId: quinn, reason: 'r'.repeat(501) } }, admin);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
      expect(await snapshot(quinn)).toEqual(before);
      expect(await erasuresOf(quinn)).toEqual([]);
    });
  });

  describe('erasing a customer', () => {
    let receipt: any;
    const events: InsightChangedPayload[] = [];

    beforeAll(async () => {
      const pair = w.id('insight', 'pair');
      const stream = await s.events.subscribe(
        Topics.INSIGHT_CHANGED,
        (e) => e.customerIds.includes(quinn) || e.insightId === pair,
        () => undefined,
      );
      const pump = (async () => {
        for await (const e of stream) events.push(e);
      })();
      while (s.events.listenerCount(Topics.INSIGHT_CHANGED) === 0) await new Promise((r) => setTimeout(r, 5));
      const res = await s.gql(ERASE, { input: { customerId: quinn, reason: `  Request #42 from ${NAME} (${EMAIL}), art. 17  ` } }, admin);
      expect(res.errors).toBeUndefined();
      receipt = res.data.eraseCustomer;
      for (let i = 0; i < 100 && events.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
      await stream.return?.();
      await pump;
    });

    it('answers with a receipt counting what it removed, and every text it rewrote before and after', () => {
      const change = (kind: string, key: string, property: string, before: string, after: string) => ({
        kind,
        recordId: w.id(kind === 'INTERACTION' ? 'interaction' : kind === 'NEED' ? 'need' : 'insight', key),
        version: null,
        property,
        before,
        after,
        mergedIntoId: null,
      });
      const annotation = (insightKey: string, before: string, after: string) => ({
        kind: 'ANNOTATION',
        recordId: expect.any(String),
        version: null,
        property: 'body',
        before,
        after,
        mergedIntoId: null,
        insightKey,
      });
      const { changes, ...counts } = receipt;
      expect(counts).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        customerId: quinn,
        erasedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        dryRun: false,
        interactionsDeleted: 2,
        insightsArchived: 2, // solo and soloClean; soloOld was archived already
        // solo's title and body (redacted), i3 summary + i3 content, pair's body, solo's annotation, pair's annotation, the quiet need's description
        propertiesScrubbed: 8,
      });
      expect(Math.abs(Date.parse(receipt.erasedAt) - Date.now())).toBeLessThan(60_000);
      const annotations = changes.filter((c: any) => c.kind === 'ANNOTATION');
      expect(changes.filter((c: any) => c.kind !== 'ANNOTATION')).toEqual([
        change('INSIGHT', 'solo', 'title', `${NAME} prefers quiet deliveries`, REDACTED_TITLE),
        change('INSIGHT', 'solo', 'body', 'Two calls ask for a call before arrival.', REDACTED_BODY),
        change('INTERACTION', 'i3', 'summary', `Renewal call about ${NAME.toLowerCase()}`, 'Renewal call about [erased]'),
        change(
          'INTERACTION',
          'i3',
          'content',
          `Acme's dispatcher said ${NAME.toUpperCase()} will sign the renewal.`,
          "Acme's dispatcher said [erased] will sign the renewal.",
        ),
        change(
          'INSIGHT',
          'pair',
          'body',
          `${NAME} and the dispatcher both asked for it.`,
          '[erased] and the dispatcher both asked for it.',
        ),
        change('NEED', 'quiet', 'description', `Call ${PHONE} before arriving.`, 'Call [erased] before arriving.'),
      ]);
      const { insightKey: _a, ...solo } = annotation(
        'solo',
        `Confirmed by email with ${EMAIL.toUpperCase()}.`,
        'Confirmed by email with [erased].',
      );
      const { insightKey: _b, ...pair } = annotation(
        'pair',
        `Spoke to them on ${PHONE} and again at the depot.`,
        'Spoke to them on [erased] and again at the depot.',
      );
      expect(annotations).toHaveLength(2);
      expect(annotations).toEqual(expect.arrayContaining([solo, pair]));
    });

    it('finds none of the erased values anywhere in the graph', async () => {
      for (const value of [NAME, EMAIL, PHONE, SUMMARY, CONTENT1, CONTENT2]) {
        expect({ value, found: await findEverywhere(value) }).toEqual({ value, found: [] });
      }
    });

    it('keeps the customer as a tombstone with the same id, its figures and nothing personal', async () => {
      const { props } = await snapshot(quinn);
      expect(props).toEqual({
        id: quinn,
        name: 'Erased customer',
        nameLower: 'erased customer',
        kind: 'PERSON',
        lifecycleStage: 'CHURNED',
        relationshipType: 'COLLABORATIVE',
        revenue: 4200,
        costToServe: 800,
        lifetimeValue: 15000,
        consentContact: false,
        consentAnalytics: false,
        erased: true,
        erasedAt: new Date(receipt.erasedAt),
        createdAt: new Date('2025-02-15T10:00:00Z'),
        updatedAt: new Date(receipt.erasedAt),
      });
      const res = await s.gql(
        `query($id: ID!) { customer(id: $id) { id name email phone lifecycleStage revenue owners { id } organization { id } referredBy { id }
          segment { id } interactions { totalCount } needs { totalCount } } }`,
        { id: quinn },
        admin,
      );
      expect(res.data.customer).toEqual({
        id: quinn,
        name: 'Erased customer',
        email: null,
        phone: null,
        lifecycleStage: 'CHURNED',
        revenue: 4200,
        owners: [],
        organization: null,
        referredBy: null,
        segment: { id: w.id('segment', 'seg') },
        interactions: { totalCount: 0 },
        needs: { totalCount: 0 },
      });
    });

    it('deletes the interactions and cuts owners, needs, organization and referrals; keeps the segment and sole-subject insights', async () => {
      const { links } = await snapshot(quinn);
      expect(links).toEqual(
        [
          `ABOUT <- Insight ${w.id('insight', 'solo')}`,
          `ABOUT <- Insight ${w.id('insight', 'soloClean')}`,
          `ABOUT <- Insight ${w.id('insight', 'soloOld')}`,
          `IN_SEGMENT -> Segment ${w.id('segment', 'seg')}`,
        ].sort(),
      );
      const gone = await s.cypher('MATCH (i:Interaction) WHERE i.id IN $ids RETURN i.id AS id', {
        ids: [w.id('interaction', 'q1'), w.id('interaction', 'q2')],
      });
      expect(gone).toEqual([]);
      // The other ends live on: the need, the organization and its other contact, the referred customer.
      const others = await s.cypher(
        `MATCH (n:Need {id: $quiet}) MATCH (dana:Customer {id: $dana})-[:MEMBER_OF]->(acme:Customer {id: $acme}) MATCH (rolf:Customer {id: $rolf})
         RETURN n.title AS need, acme.name AS acme, COLLECT { MATCH (:Customer)-[:REFERRED]->(rolf) RETURN 1 } AS rolfReferrers,
                COLLECT { MATCH (i:Interaction)-[:EXPRESSED]->(n) RETURN i.id } AS quietInteractions`,
        { quiet: w.id('need', 'quiet'), dana: w.id('customer', 'dana'), acme: w.id('customer', 'acme'), rolf: w.id('customer', 'rolf') },
      );
      expect(others).toEqual([
        { need: 'Quiet delivery windows', acme: `${w.prefix} Acme Freight`, rolfReferrers: [], quietInteractions: [] },
      ]);
    });

    it('archives insights about the customer alone, replacing their text only where it named the customer', async () => {
      expect(await insightState(w.id('insight', 'solo'))).toEqual({
        status: 'ARCHIVED',
        version: 4,
        title: REDACTED_TITLE,
        body: REDACTED_BODY,
        subjects: [quinn],
      });
      expect(await insightState(w.id('insight', 'soloClean'))).toEqual({
        status: 'ARCHIVED',
        version: 2,
        title: 'Prefers email over phone',
        body: 'Answers emails within a day.',
        subjects: [quinn],
      });
      expect(await insightState(w.id('insight', 'soloOld'))).toEqual({
        status: 'ARCHIVED',
        version: 2,
        title: 'Old churn worry',
        body: 'Nothing came of it.',
        subjects: [quinn],
      });
      const evidence = await s.cypher('MATCH (:Insight {id: $id})-[:EVIDENCED_BY]->(x) RETURN x', { id: w.id('insight', 'solo') });
      expect(evidence).toEqual([]);
    });

    it('keeps insights about several subjects in their status, without the erased customer, and scrubs their text in a new version', async () => {
      expect(await insightState(w.id('insight', 'pair'))).toEqual({
        status: 'VALIDATED',
        version: 3,
        title: 'Contacts at Acme want offline routing',
        body: '[erased] and the dispatcher both asked for it.',
        subjects: [w.id('customer', 'acme')],
      });
      expect(await insightState(w.id('insight', 'withNeed'))).toEqual({
        status: 'PROPOSED',
        version: 1,
        title: 'Quiet windows matter',
        body: 'Late deliveries upset residents.',
        subjects: [w.id('need', 'quiet')],
      });
    });

    it("replaces every other mention by [erased]: annotations, needs, other customers' interactions", async () => {
      const annotations = await s.cypher(
        'MATCH (a:Annotation)-[:ON]->(i:Insight) WHERE i.id IN $ids RETURN i.id AS insight, a.body AS body ORDER BY insight',
        { ids: [w.id('insight', 'solo'), w.id('insight', 'pair')] },
      );
      expect(annotations).toEqual(
        [
          { insight: w.id('insight', 'solo'), body: 'Confirmed by email with [erased].' },
          { insight: w.id('insight', 'pair'), body: 'Spoke to them on [erased] and again at the depot.' },
        ].sort((a, b) => a.insight.localeCompare(b.insight)),
      );
      const [need] = await s.cypher('MATCH (n:Need {id: $id}) RETURN n.description AS description', { id: w.id('need', 'quiet') });
      expect(need).toEqual({ description: 'Call [erased] before arriving.' });
      const [call] = await s.cypher('MATCH (i:Interaction {id: $id}) RETURN i.summary AS summary, i.content AS content', {
        id: w.id('interaction', 'i3'),
      });
      expect(call).toEqual({ summary: 'Renewal call about [erased]', content: "Acme's dispatcher said [erased] will sign the renewal." });
    });

    it('records the erasure without personal data', async () => {
      expect(await erasuresOf(quinn)).toEqual([
        {
          e: {
            id: receipt.id,
            customerId: quinn,
            erasedAt: new Date(receipt.erasedAt),
            actorId: w.id('employee', 'carol'),
            reason: 'Request #42 from [erased] ([erased]), art. 17',
            interactionsDeleted: 2,
            insightsArchived: 2,
            propertiesScrubbed: 8,
            // Where text was rewritten, never the text.
            scrubbedIn: receipt.changes.map((c: any) => `${c.kind}:${c.recordId}:${c.property}`),
          },
        },
      ]);
    });

    it('announces each insight it archived, and each whose text it scrubbed as revised, after commit', () => {
      const announced = events.map((e) => ({ kind: e.kind, insightId: e.insightId, actorId: e.actorId, customerIds: e.customerIds }));
      const carol = w.id('employee', 'carol');
      expect(announced.sort((a, b) => a.insightId.localeCompare(b.insightId))).toEqual(
        [
          ...[w.id('insight', 'solo'), w.id('insight', 'soloClean')].map((insightId) => ({
            kind: 'ARCHIVED',
            insightId,
            actorId: carol,
            customerIds: [quinn],
          })),
          { kind: 'REVISED', insightId: w.id('insight', 'pair'), actorId: carol, customerIds: [w.id('customer', 'acme')] },
        ].sort((a, b) => a.insightId.localeCompare(b.insightId)),
      );
    });

    it("refuses to write back a scrubbed insight's old text under its old version (CONFLICT), changing nothing", async () => {
      const id = w.id('insight', 'pair');
      const before = await insightState(id);
      const res = await s.gql(
        `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }`,
        { input: { id, expectedVersion: 2, body: `${NAME} and the dispatcher both asked for it.` } },
        admin,
      );
      expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await insightState(id)).toEqual(before);
      expect(await findEverywhere(NAME)).toEqual([]);
    });

    it('exports only the tombstone afterwards', async () => {
      const res = await s.gql(EXPORT, { id: quinn }, admin);
      expect(res.errors).toBeUndefined();
      const doc = res.data.exportCustomer;
      expect(doc.customer.name).toBe('Erased customer');
      expect(doc).toMatchObject({
        segment: { id: w.id('segment', 'seg') },
        organization: null,
        contacts: [],
        owners: [],
        needs: [],
        interactions: [],
        referredBy: null,
        referred: [],
      });
      expect(doc.insights.map((i: any) => [i.id, i.status])).toEqual(
        expect.arrayContaining([
          [w.id('insight', 'solo'), 'ARCHIVED'],
          [w.id('insight', 'soloClean'), 'ARCHIVED'],
          [w.id('insight', 'soloOld'), 'ARCHIVED'],
        ]),
      );
      expect(JSON.stringify(doc).toLowerCase()).not.toContain(NAME.toLowerCase());
    });

    it('erases again on request: finds nothing left, changes nothing but records the run', async () => {
      const before = await snapshot(quinn);
      const res = await s.gql(ERASE, { input: { customerId: quinn } }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data.eraseCustomer).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        customerId: quinn,
        erasedAt: expect.any(String),
        dryRun: false,
        interactionsDeleted: 0,
        insightsArchived: 0,
        propertiesScrubbed: 0,
        changes: [],
      });
      expect(await snapshot(quinn)).toEqual({ ...before, props: { ...before.props, updatedAt: expect.any(Date) } });
      expect((await snapshot(quinn)).props.erasedAt).toEqual(new Date(receipt.erasedAt)); // the first erasure's date stays
      expect(await erasuresOf(quinn)).toHaveLength(2);
    });

    it('refuses to record anything more about the erased customer (CONFLICT), changing nothing', async () => {
      const before = await snapshot(quinn);
      const writer = analyst;
      const attempts: [string, Record<string, unknown>][] = [
        ['mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id } }', { id: quinn, email: 'back@again.example' }],
        [
          'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }',
          { customerId: quinn, channel: 'EMAIL', touchpoint: 'SUPPORT', direction: 'INBOUND', summary: 'Hello again' },
        ],
        [
          'mutation($input: RaiseNeedInput!) { raiseNeed(input: $input) { id } }',
          { customerId: quinn, title: 'A need', kind: 'FUNCTIONAL' },
        ],
        [
          'mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }',
          { title: 'About the erased', body: 'b', origin: 'ABOUT_CUSTOMER', confidence: 0.5, customerIds: [quinn] },
        ],
      ];
      for (const [query, input] of attempts) {
        const res = await s.gql(query, { input }, writer);
        expect(res.errors?.[0]).toMatchObject({
          message: `Customer '${quinn}' has been erased; nothing more can be recorded about them.`,
          extensions: { code: 'CONFLICT' },
        });
      }
      expect(await snapshot(quinn)).toEqual(before);
    });

    it('leaves the contacts of an erased organization without an organization, and otherwise as they were', async () => {
      const zed = w.id('customer', 'zed');
      const before = await snapshot(zed);
      const res = await s.gql(ERASE, { input: { customerId: w.id('customer', 'zeta') } }, admin);
      expect(res.errors).toBeUndefined();
      expect(res.data.eraseCustomer).toMatchObject({ interactionsDeleted: 0, insightsArchived: 0, propertiesScrubbed: 0 });
      const after = await snapshot(zed);
      expect(after.props).toEqual(before.props);
      expect(before.links).toEqual([`MEMBER_OF -> Customer ${w.id('customer', 'zeta')}`]);
      expect(after.links).toEqual([]);
      const [erasure] = await erasuresOf(w.id('customer', 'zeta'));
      expect(Object.keys(erasure.e).sort()).toEqual(
        ['actorId', 'customerId', 'erasedAt', 'id', 'insightsArchived', 'interactionsDeleted', 'propertiesScrubbed', 'scrubbedIn'], // no reason given, none stored
      );
    });

    it("scrubs free text only: an enum value, an id or another person's name that holds the erased name is left as it is", async () => {
      const k = (x: string) => `${w.prefix}-vc-${x}`;
      const person = `CREATE (:Customer {id: $id, name: $name, nameLower: toLower($name), kind: 'PERSON', lifecycleStage: 'ACTIVE', relationshipType: 'TRANSACTIONAL',
        revenue: 0.0, costToServe: 0.0, lifetimeValue: 0.0, consentContact: false, consentAnalytics: false, createdAt: datetime(), updatedAt: datetime()})`;
      // A customer named like a channel, and another whose name contains it.
      await s.cypher(person, { id: k('erased'), name: 'Video_Call' });
      await s.cypher(person, { id: k('fans'), name: `${w.prefix} Video_Call Fans` });
      await s.cypher(
        `MATCH (o:Customer {id: $fans})
         CREATE (e:Employee {id: $desk, name: 'Video_Call Desk', nameLower: 'video_call desk', email: $email, team: 'T', role: 'ANALYST', accessRoles: ['ANALYST'], createdAt: datetime()})
         CREATE (i:Interaction {id: $call, channel: 'VIDEO_CALL', touchpoint: 'SUPPORT', direction: 'INBOUND', occurredAt: datetime(), summary: 'Asked Video_Call for a demo', sentiment: 0.1, createdAt: datetime()})
         CREATE (i)-[:WITH_CUSTOMER]->(o), (i)-[:HANDLED_BY]->(e)`,
        { fans: k('fans'), desk: k('desk'), email: `${w.prefix}.desk@example.com`, call: k('call') },
      );
      const res = await s.gql(ERASE, { input: { customerId: k('erased') } }, admin);
      expect(res.errors).toBeUndefined();
      // Only this test's call among what it changed (a graph shared with other runs may hold "Video_Call" elsewhere).
      expect(res.data.eraseCustomer.changes.filter((c: any) => c.recordId.startsWith(`${w.prefix}-vc-`))).toEqual([
        {
          kind: 'INTERACTION',
          recordId: k('call'),
          version: null,
          property: 'summary',
          before: 'Asked Video_Call for a demo',
          after: 'Asked [erased] for a demo',
          mergedIntoId: null,
        },
      ]);
      const call = await s.gql(
        `query($id: ID!) { interaction(id: $id) { channel summary handler { name } customer { name } } }`,
        { id: k('call') },
        admin,
      );
      expect(call).toEqual({
        status: 200,
        data: {
          interaction: {
            channel: 'VIDEO_CALL',
            summary: 'Asked [erased] for a demo',
            handler: { name: 'Video_Call Desk' },
            customer: { name: `${w.prefix} Video_Call Fans` },
          },
        },
      });
    });
  });
});

describe('exportCustomer', () => {
  let w: World;
  let admin: string;

  beforeAll(async () => {
    w = await buildWorld(s.graph);
    admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
  });

  it('returns everything held about the customer as one JSON document', async () => {
    const p = w.prefix;
    const employee = (key: string, name: string) => ({ id: w.id('employee', key), name: `${p} ${name}` });
    const res = await s.gql(EXPORT, { id: w.id('customer', 'acme') }, admin);
    expect(res.errors).toBeUndefined();
    const { exportedAt, ...doc } = res.data.exportCustomer;
    expect(Math.abs(Date.parse(exportedAt) - Date.now())).toBeLessThan(60_000);
    expect(doc).toEqual({
      customer: {
        id: w.id('customer', 'acme'),
        name: `${p} Acme Freight`,
        nameLower: `${p} acme freight`,
        kind: 'ORGANIZATION',
        email: 'ops@acme.example',
        lifecycleStage: 'ACTIVE',
        relationshipType: 'COLLABORATIVE',
        revenue: 120000,
        costToServe: 30000,
        lifetimeValue: 600000,
        consentContact: true,
        consentAnalytics: true,
        createdAt: '2025-01-10T10:00:00.000Z',
        updatedAt: '2025-01-10T10:00:00.000Z',
        // The stored health snapshot is held about them too (a profile): the latest contact, and the health
        // of an account contacted more than 455 days ago with one open need: 15 + 7.5 + 0 + 8 + 20 = 50.5 → 51.
        lastContactAt: '2025-05-01T09:00:00.000Z',
        healthScore: 51,
        healthStatus: 'WATCH',
        healthAsOf: expect.any(String),
      },
      segment: { id: w.id('segment', 'seg'), name: `${p} Logistics`, description: 'Test segment' },
      organization: null,
      contacts: [{ id: w.id('customer', 'dana'), name: `${p} Dana Contact` }],
      owners: [{ ...employee('alice', 'Alice Author'), email: `${p}.alice@example.com` }],
      needs: [
        {
          id: w.id('need', 'offline'),
          title: 'Plan routes offline',
          titleLower: 'plan routes offline',
          description: 'Drivers lose signal in the hills.',
          kind: 'FUNCTIONAL',
          priority: 'HIGH',
          status: 'OPEN',
          createdAt: '2025-04-01T00:00:00.000Z',
          updatedAt: '2025-04-01T00:00:00.000Z',
          intensity: 0.8,
          since: '2025-04-01T00:00:00.000Z',
        },
      ],
      interactions: [
        {
          id: w.id('interaction', 'i2'),
          externalId: `${p}-crm-2`,
          channel: 'EMAIL',
          touchpoint: 'BILLING',
          direction: 'OUTBOUND',
          occurredAt: '2025-05-01T09:00:00.000Z',
          createdAt: '2025-05-01T09:00:00.000Z',
          summary: 'Invoice sent',
          content: 'Quarterly invoice.',
          sentiment: 0.1,
          expectedQuality: 3,
          perceivedQuality: 3,
          handler: employee('bob', 'Bob Reviewer'),
          topics: [],
          needs: [],
        },
        {
          id: w.id('interaction', 'i1'),
          externalId: `${p}-crm-1`,
          channel: 'PHONE',
          touchpoint: 'SUPPORT',
          direction: 'INBOUND',
          occurredAt: '2025-04-01T09:00:00.000Z',
          createdAt: '2025-04-01T09:00:00.000Z',
          summary: 'Offline routing request',
          content: 'Drivers cannot plan without signal.',
          sentiment: -0.4,
          expectedQuality: 4,
          perceivedQuality: 2,
          handler: employee('alice', 'Alice Author'),
          topics: [`${p}-routing`],
          needs: [{ id: w.id('need', 'offline'), title: 'Plan routes offline' }],
        },
      ],
      insights: [
        {
          id: w.id('insight', 'ins1'),
          title: `${p} Acme needs offline routing`,
          body: 'Three calls mention dead zones.',
          origin: 'FROM_CUSTOMER',
          status: 'PROPOSED',
          confidence: 0.7,
          version: 1,
          createdAt: '2025-04-02T00:00:00.000Z',
          updatedAt: '2025-04-02T00:00:00.000Z',
          author: employee('alice', 'Alice Author'),
          annotations: [
            {
              id: w.id('annotation', 'ins1#0'),
              kind: 'ENDORSEMENT',
              body: 'Heard the same.',
              createdAt: '2025-04-03T00:00:00.000Z',
              author: employee('bob', 'Bob Reviewer'),
            },
          ],
          versions: [],
        },
      ],
      referredBy: null,
      referred: [{ id: w.id('customer', 'bolt'), name: `${p} Bolt Couriers` }],
    });
  });

  it('names the organization, referrer and every owner of a contact or referred customer', async () => {
    const p = w.prefix;
    const dana = (await s.gql(EXPORT, { id: w.id('customer', 'dana') }, admin)).data.exportCustomer;
    expect(dana).toMatchObject({
      customer: { phone: '+49 30 1234567', email: 'dana@acme.example', consentContact: true, consentAnalytics: true },
      organization: { id: w.id('customer', 'acme'), name: `${p} Acme Freight` },
      segment: null,
      contacts: [],
      owners: [],
    });
    const bolt = (await s.gql(EXPORT, { id: w.id('customer', 'bolt') }, admin)).data.exportCustomer;
    expect(bolt.referredBy).toEqual({ id: w.id('customer', 'acme'), name: `${p} Acme Freight` });
    expect(bolt.owners.map((o: { name: string }) => o.name)).toEqual([`${p} Alice Author`, `${p} Bob Reviewer`]);
  });

  it('includes the earlier versions kept of each insight, oldest first, with who replaced them', async () => {
    const fresh = await buildWorld(s.graph);
    const p = fresh.prefix;
    const id = fresh.id('insight', 'ins1');
    const carol = { id: fresh.id('employee', 'carol'), name: `${p} Carol Admin` };
    const freshAdmin = await s.token(carol.id, [AccessRole.ADMIN]);
    const revise = `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }`;
    for (const [expectedVersion, title] of [
      [1, 'Acme asks for offline maps'],
      [2, 'Acme asks for offline maps twice'],
    ] as const) {
      const res = await s.gql(revise, { input: { id, expectedVersion, title } }, freshAdmin);
      expect(res).toEqual({ status: 200, data: { reviseInsight: { version: expectedVersion + 1 } } });
    }
    const doc = (await s.gql(EXPORT, { id: fresh.id('customer', 'acme') }, freshAdmin)).data.exportCustomer;
    const [insight] = doc.insights;
    expect(insight).toMatchObject({ id, title: 'Acme asks for offline maps twice', version: 3 });
    const versions = insight.versions as { changedAt: string }[];
    for (const v of versions) expect(Date.parse(v.changedAt)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00.000Z'));
    expect(versions.map(({ changedAt: _, ...v }) => v)).toEqual([
      {
        version: 1,
        title: `${p} Acme needs offline routing`,
        body: 'Three calls mention dead zones.',
        confidence: 0.7,
        status: 'PROPOSED',
        writtenAt: '2025-04-02T00:00:00.000Z',
        changeKind: 'REVISED',
        changedById: carol.id,
        changedBy: carol,
      },
      {
        version: 2,
        title: 'Acme asks for offline maps',
        body: 'Three calls mention dead zones.',
        confidence: 0.7,
        status: 'PROPOSED',
        writtenAt: insight.versions[1].writtenAt,
        changeKind: 'REVISED',
        changedById: carol.id,
        changedBy: carol,
      },
    ]);
    expect(Date.parse(insight.versions[1].writtenAt)).toBeGreaterThan(Date.parse('2025-04-02T00:00:00.000Z'));
  });

  it('leaves an entry in the audit trail for each export: who read everything about whom', async () => {
    const dana = w.id('customer', 'dana');
    const TRAIL = `query($f: AuditFilter) { auditTrail(filter: $f) { edges { node { actorId action targetId outcome code } } } }`;
    const before = (await s.gql(TRAIL, { f: { targetId: dana, action: 'exportCustomer' } }, admin)).data.auditTrail.edges;
    expect((await s.gql(EXPORT, { id: dana }, admin)).errors).toBeUndefined();
    const after = (await s.gql(TRAIL, { f: { targetId: dana, action: 'exportCustomer' } }, admin)).data.auditTrail.edges;
    expect(after.length).toBe(before.length + 1);
    expect(after[0].node).toEqual({
      actorId: w.id('employee', 'carol'),
      action: 'exportCustomer',
      targetId: dana,
      outcome: 'SUCCEEDED',
      code: null,
    });
  });

  it('answers null for an unknown customer', async () => {
    const res = await s.gql(EXPORT, { id: 'no-such-customer' }, admin);
    expect(res).toMatchObject({ data: { exportCustomer: null } });
    expect(res.errors).toBeUndefined();
  });

  it('needs ADMIN', async () => {
    const analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
    const res = await s.gql(EXPORT, { id: w.id('customer', 'acme') }, analyst);
    expect(res.errors?.[0]).toMatchObject({ message: 'This needs one of the roles ADMIN.', extensions: { code: 'FORBIDDEN' } });
    expect(res.data).toEqual({ exportCustomer: null });
    const anonymous = await s.gql(EXPORT, { id: w.id('customer', 'acme') }, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('erasure and the order of needs', () => {
  it('a need title that named the customer is scrubbed, and its lower-cased copy (which orders needs by TITLE) with it', async () => {
    const w = await buildWorld(s.graph);
    const admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
    const name = `Yara Quell ${w.prefix}`;
    const created = await s.gql(
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      { input: { name, kind: 'PERSON' } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    const raised = await s.gql(
      `mutation($input: RaiseNeedInput!) { raiseNeed(input: $input) { id } }`,
      { input: { customerId: w.id('customer', 'acme'), title: `Call ${name} first`, kind: 'FUNCTIONAL' } },
      admin,
    );
    expect(raised.errors).toBeUndefined();
    const erased = await s.gql(ERASE, { input: { customerId: created.data.createCustomer.id } }, admin);
    expect(erased.errors).toBeUndefined();
    expect(
      await s.cypher('MATCH (n:Need {id: $id}) RETURN n.title AS title, n.titleLower AS titleLower', { id: raised.data.raiseNeed.id }),
    ).toEqual([{ title: 'Call [erased] first', titleLower: 'call [erased] first' }]);
  });
});

describe('the privacy operations in the schema', () => {
  it('are described: both root fields, their arguments, the input, the receipt and the JSON scalar', async () => {
    const schema = await buildRapportSchema();
    const erase = schema.getMutationType()!.getFields().eraseCustomer;
    const exportField = schema.getQueryType()!.getFields().exportCustomer;
    expect(String(erase.type)).toBe('ErasureReceipt!');
    expect(String(exportField.type)).toBe('JSONObject');
    const undescribed: string[] = [];
    for (const f of [erase, exportField]) {
      if (!f.description) undescribed.push(f.name);
      for (const a of f.args) if (!a.description) undescribed.push(`${f.name}(${a.name})`);
    }
    for (const name of ['EraseCustomerInput', 'ErasureReceipt', 'ErasureChange', 'ErasedRecordKind', 'JSONObject']) {
      const type = schema.getType(name)!;
      if (!type.description) undescribed.push(name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const f of Object.values(type.getFields())) if (!f.description) undescribed.push(`${name}.${f.name}`);
      }
    }
    expect(undescribed).toEqual([]);
    expect(Object.keys((schema.getType('ErasureReceipt') as any).getFields())).toEqual([
      'id',
      'customerId',
      'erasedAt',
      'dryRun',
      'interactionsDeleted',
      'insightsArchived',
      'propertiesScrubbed',
      'changes',
    ]);
  });
});
