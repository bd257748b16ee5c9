/**
 * Erasure under attack: the breaks a hostile tester showed (issue "Trust, second pass", items 1 to
 * 5), each replayed against a real server and a real Neo4j.
 *
 * - Races: an erasure sent at the same moment as each kind of write that names the customer, 50
 *   rounds each; afterwards the whole graph, and every export, is scanned for every value a
 *   write tried to bring back.
 * - Retry: a tombstone that still holds something (as the old races left them) is erased again.
 * - Exact matching: case folding that changes a name's length ("İpek"), whole words only ("Ann" is
 *   not in "planning"), a dry run that lists what would change and changes nothing.
 * - Traces: topic and segment names.
 * - Four eyes: who revised an insight survives the erasure of someone the insight named.
 */
import { AccessRole } from '../../src/graphql/access';
import { graphFingerprint } from '../helpers/fingerprint';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, fixtureInsight, type World } from '../helpers/world';

let s: TestServer;
let w: World;
let admin: string;
let analyst: string;
let viewer: string;

const ERASE = `mutation($input: EraseCustomerInput!) {
  eraseCustomer(input: $input) {
    id customerId erasedAt dryRun interactionsDeleted insightsArchived propertiesScrubbed
    changes { kind recordId version property before after mergedIntoId }
  }
}`;
const EXPORT = `query($id: ID!) { exportCustomer(customerId: $id) }`;
const ERASED_CONFLICT = (id: string) => `Customer '${id}' has been erased; nothing more can be recorded about them.`;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph, (world) => {
    world.data.insights.push(fixtureInsight(world, 'reviewMe', { title: 'Depot managers want weekly reports', body: 'Two depots asked.' }));
  });
  admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN, AccessRole.ANALYST]);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
});
afterAll(() => s.close());

/** Creates a customer straight in the graph (fast, for many rounds); returns its id. */
async function plantCustomer(key: string, name: string, email: string | null, phone: string | null = null): Promise<string> {
  const id = `${w.prefix}-${key}`;
  await s.cypher(
    `CREATE (:Customer {id: $id, name: $name, nameLower: toLower($name), email: $email, phone: $phone, kind: 'PERSON', lifecycleStage: 'ACTIVE',
      relationshipType: 'TRANSACTIONAL', revenue: 100.0, costToServe: 10.0, lifetimeValue: 1000.0, consentContact: true, consentAnalytics: true,
      createdAt: datetime(), updatedAt: datetime()})`,
    { id, name, email, phone },
  );
  return id;
}

/** Every node or relationship property, anywhere in the graph, whose text holds one of `values` (case-insensitive). */
async function findAnywhere(values: string[]): Promise<{ labels: string[]; key: string; text: unknown }[]> {
  const needles = values.map((v) => v.toLowerCase());
  const holds = `(v IS :: STRING AND any(x IN $needles WHERE toLower(v) CONTAINS x))
     OR (v IS :: LIST<STRING NOT NULL> AND any(t IN v WHERE any(x IN $needles WHERE toLower(t) CONTAINS x)))`;
  const nodes = await s.cypher(
    `MATCH (n) UNWIND keys(n) AS k WITH n, k, n[k] AS v WHERE ${holds} RETURN labels(n) AS labels, k AS key, v AS text`,
    { needles },
  );
  const rels = await s.cypher(
    `MATCH ()-[r]->() UNWIND keys(r) AS k WITH r, k, r[k] AS v WHERE ${holds} RETURN [type(r)] AS labels, k AS key, v AS text`,
    { needles },
  );
  return [...nodes, ...rels] as { labels: string[]; key: string; text: unknown }[];
}

/** What is left of a customer: its personal properties and every link that erasure must cut. */
async function leftOf(id: string) {
  const [row] = await s.cypher(
    `MATCH (c:Customer {id: $id})
     RETURN c.name AS name, c.email AS email, c.phone AS phone, c.erased AS erased, c.consentAnalytics AS consentAnalytics,
            COUNT { (:Interaction)-[:WITH_CUSTOMER]->(c) } AS interactions,
            COUNT { (c)-[:HAS_NEED]->() } AS needs,
            COUNT { (:Employee)-[:OWNS_ACCOUNT]->(c) } AS owners,
            COUNT { (i:Insight)-[:ABOUT]->(c) WHERE i.status <> 'ARCHIVED' } AS liveInsights`,
    { id },
  );
  return row;
}

const TOMBSTONE_LEFT = {
  name: 'Erased customer',
  email: null,
  phone: null,
  erased: true,
  consentAnalytics: false,
  interactions: 0,
  needs: 0,
  owners: 0,
  liveInsights: 0,
};

describe('a write racing an erasure', () => {
  const ROUNDS = 50;
  /**
   * Each kind of write that names a customer: the request, and the values it writes that are personal
   * data of that customer (the name is added to every check), which must be gone afterwards.
   */
  type Write = (customerId: string, name: string, marker: string) => [string, Record<string, unknown>, string[]];
  const WRITES: Record<string, Write> = {
    updateCustomer: (id, _name, marker) => [
      'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id } }',
      { id, email: `${marker}@back.example`, name: `${marker} Back`, consent: { analytics: true } },
      [`${marker}@back.example`, `${marker} Back`],
    ],
    recordInteraction: (id, name, marker) => [
      'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id } }',
      {
        customerId: id,
        channel: 'EMAIL',
        touchpoint: 'SUPPORT',
        direction: 'INBOUND',
        summary: `${name} asked again`,
        content: `${marker} gate code`,
      },
      [marker],
    ],
    proposeInsight: (id, name) => [
      'mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }',
      { title: `${name} prefers mornings`, body: `Ask ${name} before nine.`, origin: 'ABOUT_CUSTOMER', confidence: 0.5, customerIds: [id] },
      [],
    ],
    raiseNeed: (id, name) => [
      'mutation($input: RaiseNeedInput!) { raiseNeed(input: $input) { id } }',
      { customerId: id, title: `Invoices for ${name}`, description: `${name} wants paper invoices.`, kind: 'FUNCTIONAL' },
      [],
    ],
    linkNeed: (id) => [
      'mutation($input: LinkNeedInput!) { linkNeed(input: $input) { id } }',
      { needId: w.id('need', 'offline'), customerId: id },
      [],
    ],
    assignAccountOwner: (id) => [
      'mutation($input: AssignAccountOwnerInput!) { assignAccountOwner(input: $input) { id } }',
      { customerId: id, employeeId: w.id('employee', 'bob') },
      [],
    ],
  };

  it.each(Object.keys(WRITES))(
    `%s: ${ROUNDS} rounds; each write either commits before the erasure and is erased, or is refused after it`,
    async (kind) => {
      const outcomes = { before: 0, refused: 0 };
      const ids: string[] = [];
      const personal: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const name = `${w.prefix} Racer ${kind} ${round}`;
        const email = `racer.${kind}.${round}.${w.prefix}@example.com`;
        const id = await plantCustomer(`race-${kind}-${round}`, name, email);
        ids.push(id);
        const [query, input, values] = WRITES[kind](id, name, `${w.prefix}x${kind}x${round}`);
        personal.push(name, email, ...values);
        // Both leave at once, the write first in every other round, one of them a few milliseconds late:
        // which one Neo4j takes first, and where they overlap, differs from round to round.
        const lag = (round >> 1) % 6;
        const later = <T>(p: () => Promise<T>) => new Promise<T>((resolve, reject) => setTimeout(() => p().then(resolve, reject), lag));
        const erase = () => s.gql(ERASE, { input: { customerId: id } }, admin);
        const write = () => s.gql(query, { input }, round % 3 ? analyst : admin);
        const [erased, written] = round % 2 ? await Promise.all([erase(), later(write)]) : await Promise.all([later(erase), write()]);
        expect(erased.errors).toBeUndefined();
        if (written.errors) {
          expect(written.errors[0]).toMatchObject({ message: ERASED_CONFLICT(id), extensions: { code: 'CONFLICT' } });
          outcomes.refused++;
        } else {
          outcomes.before++;
        }
        expect({ round, left: await leftOf(id) }).toEqual({ round, left: TOMBSTONE_LEFT });
      }
      // Nothing any write tried to bring back is anywhere in the graph, and no export shows it.
      expect(await findAnywhere(personal)).toEqual([]);
      for (const id of ids) {
        const exported = (await s.gql(EXPORT, { id }, admin)).data.exportCustomer;
        expect(exported).toMatchObject({ customer: { name: 'Erased customer', erased: true }, interactions: [], needs: [], owners: [] });
        expect(exported.customer.email).toBeUndefined();
        expect(exported.insights.every((i: { status: string }) => i.status === 'ARCHIVED')).toBe(true);
      }
      // Searchable no more.
      const search = await s.gql(
        `query($q: String!) { customers(filter: { nameContains: $q }) { totalCount } }`,
        { q: `${w.prefix} Racer ${kind}` },
        admin,
      );
      expect(search.data.customers.totalCount).toBe(0);
      // Both orders happened (the race is real); logged, not asserted, since the scheduler decides.
      process.stdout.write(
        `erase vs ${kind}: ${outcomes.before} writes committed first and were erased, ${outcomes.refused} were refused\n`,
      );
    },
  );
});

describe('erasing again', () => {
  it('removes what a write left on a tombstone (as the old races did) and records the run; erasing an unknown id is still NOT_FOUND', async () => {
    const id = await plantCustomer('leftover', `${w.prefix} Left Over`, `left.${w.prefix}@example.com`);
    expect((await s.gql(ERASE, { input: { customerId: id } }, admin)).errors).toBeUndefined();
    // What a write that slipped past the old check left behind: an email, consent, an interaction, a need, an owner.
    await s.cypher(
      `MATCH (c:Customer {id: $id}), (n:Need {id: $need}), (e:Employee {id: $bob})
       SET c.email = $email, c.consentAnalytics = true
       CREATE (i:Interaction {id: $iid, channel: 'EMAIL', touchpoint: 'SUPPORT', direction: 'INBOUND', occurredAt: datetime(), summary: $summary, createdAt: datetime()})
       CREATE (i)-[:WITH_CUSTOMER]->(c), (c)-[:HAS_NEED {intensity: 0.5, since: datetime()}]->(n), (e)-[:OWNS_ACCOUNT]->(c)`,
      {
        id,
        need: w.id('need', 'offline'),
        bob: w.id('employee', 'bob'),
        email: `back.${w.prefix}@example.com`,
        iid: `${w.prefix}-leftover-i`,
        summary: `Mail from back.${w.prefix}@example.com`,
      },
    );
    const again = await s.gql(ERASE, { input: { customerId: id } }, admin);
    expect(again.errors).toBeUndefined();
    expect(again.data.eraseCustomer).toMatchObject({
      dryRun: false,
      interactionsDeleted: 1,
      insightsArchived: 0,
      propertiesScrubbed: 0,
      changes: [],
    });
    expect(await leftOf(id)).toEqual(TOMBSTONE_LEFT);
    expect(await findAnywhere([`back.${w.prefix}@example.com`, `left.${w.prefix}@example.com`])).toEqual([]);
    expect(await s.cypher('MATCH (e:Erasure {customerId: $id}) RETURN count(e) AS n', { id })).toEqual([{ n: 2 }]);
    const unknown = await s.gql(ERASE, { input: { customerId: `${w.prefix}-nobody` } }, admin);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

/** An interaction of acme's, straight in the graph, with this summary; returns its id. */
async function plantInteraction(key: string, summary: string, content = ''): Promise<string> {
  const id = `${w.prefix}-${key}`;
  await s.cypher(
    `MATCH (c:Customer {id: $acme})
     CREATE (i:Interaction {id: $id, channel: 'EMAIL', touchpoint: 'SUPPORT', direction: 'INBOUND', occurredAt: datetime(), summary: $summary, content: $content, createdAt: datetime()})
     CREATE (i)-[:WITH_CUSTOMER]->(c)`,
    { acme: w.id('customer', 'acme'), id, summary, content },
  );
  return id;
}

const textOf = async (id: string) => (await s.cypher('MATCH (n {id: $id}) RETURN n.summary AS summary, n.content AS content', { id }))[0];

describe('exact matching', () => {
  it('finds a name whose case mapping changes its length (İpek Yıldızer) in every kind of text, the erasure reason included', async () => {
    const NAME = 'İpek Yıldızer';
    const id = await plantCustomer('ipek', NAME, null);
    const call = await plantInteraction('ipek-call', `Call about ${NAME}`, `İPEK YILDIZER said yes; i̇pek yıldızer will sign`);
    const insight = (
      await s.gql(
        `mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }`,
        {
          input: {
            title: `${NAME} decides for Acme`,
            body: `Ask ${NAME} first.`,
            origin: 'ABOUT_CUSTOMER',
            confidence: 0.5,
            customerIds: [w.id('customer', 'acme')],
          },
        },
        analyst,
      )
    ).data.proposeInsight.id;
    const annotation = (
      await s.gql(
        `mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id } }`,
        { input: { insightId: insight, kind: 'COMMENT', body: `Confirmed with İPEK YILDIZER.` } },
        admin,
      )
    ).data.annotateInsight.id;
    const need = (
      await s.gql(
        `mutation($input: RaiseNeedInput!) { raiseNeed(input: $input) { id } }`,
        {
          input: {
            customerId: w.id('customer', 'acme'),
            title: `Reports for ${NAME}`,
            description: `${NAME} wants them weekly.`,
            kind: 'FUNCTIONAL',
          },
        },
        analyst,
      )
    ).data.raiseNeed.id;
    await s.cypher('MATCH (s:Segment {id: $id}) SET s.description = $d', { id: w.id('segment', 'seg'), d: `Customers like ${NAME}` });

    const res = await s.gql(ERASE, { input: { customerId: id, reason: `Request by ${NAME.toUpperCase()}` } }, admin);
    expect(res.errors).toBeUndefined();
    const mine = new Set([call, insight, annotation, need, w.id('segment', 'seg')]);
    expect(
      res.data.eraseCustomer.changes.filter((c: any) => mine.has(c.recordId)).map((c: any) => [c.kind, c.recordId, c.property, c.after]),
    ).toEqual([
      ['INTERACTION', call, 'summary', 'Call about [erased]'],
      ['INTERACTION', call, 'content', '[erased] said yes; [erased] will sign'],
      ['INSIGHT', insight, 'title', '[erased] decides for Acme'],
      ['INSIGHT', insight, 'body', 'Ask [erased] first.'],
      ['ANNOTATION', annotation, 'body', 'Confirmed with [erased].'],
      ['NEED', need, 'title', 'Reports for [erased]'],
      ['NEED', need, 'description', '[erased] wants them weekly.'],
      ['SEGMENT', w.id('segment', 'seg'), 'description', 'Customers like [erased]'],
    ]);
    const [erasure] = await s.cypher('MATCH (e:Erasure {customerId: $id}) RETURN e.reason AS reason', { id });
    expect(erasure.reason).toBe('Request by [erased]');
    expect(await findAnywhere(['İpek', 'i̇pek', 'Yıldızer', 'YILDIZER'])).toEqual([]);
  });

  it('matches whole words only: erasing "Ann" leaves "planning", "cannot" and "Susanne" alone, and keeps their insights\' history', async () => {
    const id = await plantCustomer('ann', 'Ann', `ann.${w.prefix}@example.com`);
    const route = await plantInteraction('ann-route', 'route planning for the north', 'cannot re-order stops; ANNUAL review with Susanne');
    const named = await plantInteraction('ann-named', 'Ann called back', 'Spoke to ann, then to Ann-Marie.');
    // An insight whose text holds "ann" inside words only, revised once, so it has a kept version.
    const insight = (
      await s.gql(
        `mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id version } }`,
        {
          input: {
            title: 'Planning cannot wait',
            body: 'Susanne says the annual plan is late.',
            origin: 'ABOUT_CUSTOMER',
            confidence: 0.5,
            customerIds: [w.id('customer', 'acme')],
          },
        },
        analyst,
      )
    ).data.proposeInsight;
    await s.gql(
      `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }`,
      { input: { id: insight.id, expectedVersion: 1, body: 'Susanne says the annual plan is late again.' } },
      analyst,
    );
    const before = await graphFingerprint(s.graph);

    const dry = await s.gql(ERASE, { input: { customerId: id, dryRun: true } }, admin);
    expect(dry.errors).toBeUndefined();
    expect(dry.data.eraseCustomer).toMatchObject({ id: null, erasedAt: null, dryRun: true, customerId: id });
    expect(await graphFingerprint(s.graph)).toEqual(before); // a dry run changes nothing, and records nothing
    const mine = (r: any) => [route, named, insight.id].includes(r.recordId);
    expect(dry.data.eraseCustomer.changes.filter(mine)).toEqual([
      {
        kind: 'INTERACTION',
        recordId: named,
        version: null,
        property: 'summary',
        before: 'Ann called back',
        after: '[erased] called back',
        mergedIntoId: null,
      },
      {
        kind: 'INTERACTION',
        recordId: named,
        version: null,
        property: 'content',
        before: 'Spoke to ann, then to Ann-Marie.',
        after: 'Spoke to [erased], then to [erased]-Marie.',
        mergedIntoId: null,
      },
    ]);

    const res = await s.gql(ERASE, { input: { customerId: id } }, admin);
    expect(res.errors).toBeUndefined();
    // The real erasure does what the dry run said.
    expect(res.data.eraseCustomer.changes).toEqual(dry.data.eraseCustomer.changes);
    expect(res.data.eraseCustomer.propertiesScrubbed).toBe(dry.data.eraseCustomer.propertiesScrubbed);
    expect(await textOf(route)).toEqual({
      summary: 'route planning for the north',
      content: 'cannot re-order stops; ANNUAL review with Susanne',
    });
    const history = await s.gql(
      `query($id: ID!) { insight(id: $id) { version body history { version body } } }`,
      { id: insight.id },
      admin,
    );
    expect(history.data.insight).toEqual({
      version: 2,
      body: 'Susanne says the annual plan is late again.',
      history: [
        { version: 2, body: 'Susanne says the annual plan is late again.' },
        { version: 1, body: 'Susanne says the annual plan is late.' },
      ],
    });
  });
});

describe('traces in names', () => {
  it('renames topics and segments that hold the erased name or email (merging a topic into one that has the new name), so no VIEWER finds them', async () => {
    const NAME = `${w.prefix} Quinn Topicson`;
    const EMAIL = `quinn.topicson.${w.prefix}@example.com`;
    const id = await plantCustomer('topicson', NAME, EMAIL);
    const tag = async (topics: string[]) => {
      const res = await s.gql(
        'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id topics { id name } } }',
        {
          input: {
            customerId: w.id('customer', 'acme'),
            channel: 'EMAIL',
            touchpoint: 'SUPPORT',
            direction: 'INBOUND',
            summary: 'Tagged',
            topics,
          },
        },
        analyst,
      );
      return res.data.recordInteraction;
    };
    const first = await tag([`renewal of ${NAME}`]);
    const second = await tag([`renewal of ${NAME.replace(/ /g, '-')}`]);
    const third = await tag([`mail ${EMAIL}`]);
    const seg1 = `${w.prefix}-seg-mail`;
    const seg2 = `${w.prefix}-seg-name`;
    await s.cypher(
      `CREATE (:Segment {id: $seg1, name: $n1, nameLower: toLower($n1), description: 'x', createdAt: datetime()}),
              (:Segment {id: $seg2, name: $n2, nameLower: toLower($n2), description: 'y', createdAt: datetime()})`,
      { seg1, seg2, n1: `${w.prefix} accounts of ${EMAIL}`, n2: `${w.prefix} accounts of ${NAME}` },
    );

    const res = await s.gql(ERASE, { input: { customerId: id } }, admin);
    expect(res.errors).toBeUndefined();
    const names = res.data.eraseCustomer.changes.filter((c: any) => c.property === 'name');
    expect(names).toEqual([
      {
        kind: 'TOPIC',
        recordId: third.topics[0].id,
        version: null,
        property: 'name',
        before: `mail ${EMAIL}`,
        after: 'mail [erased]',
        mergedIntoId: null,
      },
      {
        kind: 'TOPIC',
        recordId: first.topics[0].id,
        version: null,
        property: 'name',
        before: `renewal of ${NAME.toLowerCase()}`,
        after: 'renewal of [erased]',
        mergedIntoId: null,
      },
      {
        kind: 'TOPIC',
        recordId: second.topics[0].id,
        version: null,
        property: 'name',
        before: `renewal of ${NAME.replace(/ /g, '-').toLowerCase()}`,
        after: 'renewal of [erased]',
        mergedIntoId: first.topics[0].id,
      },
      {
        kind: 'SEGMENT',
        recordId: seg1,
        version: null,
        property: 'name',
        before: `${w.prefix} accounts of ${EMAIL}`,
        after: `${w.prefix} accounts of [erased]`,
        mergedIntoId: null,
      },
      {
        kind: 'SEGMENT',
        recordId: seg2,
        version: null,
        property: 'name',
        before: `${w.prefix} accounts of ${NAME}`,
        after: `${w.prefix} accounts of [erased] (${seg2.slice(0, 8)})`,
        mergedIntoId: null,
      },
    ]);
    // What the merged topic tagged is tagged with the one that kept the name.
    const tagged = await s.gql(`query($id: ID!) { interaction(id: $id) { topics { id name } } }`, { id: second.id }, viewer);
    expect(tagged.data.interaction.topics).toEqual([{ id: first.topics[0].id, name: 'renewal of [erased]' }]);
    for (const q of ['topicson', EMAIL]) {
      const found = await s.gql(
        `query($q: String!) { topics(filter: { nameContains: $q }) { totalCount } segments(filter: { nameContains: $q }) { totalCount } }`,
        { q },
        viewer,
      );
      expect({ q, data: found.data }).toEqual({ q, data: { topics: { totalCount: 0 }, segments: { totalCount: 0 } } });
    }
    expect(await findAnywhere([NAME, EMAIL, NAME.replace(/ /g, '-')])).toEqual([]);
  });
});

describe('four eyes after an erasure', () => {
  it('keeps who revised an insight when the revision named an erased customer: the reviser still cannot validate it', async () => {
    const throwaway = await plantCustomer('throwaway', `${w.prefix} Tess Throwaway`, null);
    const insight = w.id('insight', 'reviewMe');
    const revised = await s.gql(
      `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }`,
      { input: { id: insight, expectedVersion: 1, body: `Two depots asked, says ${w.prefix} Tess Throwaway.` } },
      admin,
    );
    expect(revised.errors).toBeUndefined();
    expect((await s.gql(ERASE, { input: { customerId: throwaway } }, admin)).errors).toBeUndefined();
    const after = await s.gql(
      `query($id: ID!) { insight(id: $id) { version body revisers { id } history { version body by { id } } } }`,
      { id: insight },
      admin,
    );
    expect(after.data.insight).toEqual({
      version: 3,
      body: 'Two depots asked, says [erased].',
      revisers: [{ id: w.id('employee', 'carol') }],
      // The scrub keeps no copy of the text it replaces (it named the customer), so version 2 is not
      // in the history and version 3 says no one; the revision itself is still on record.
      history: [
        { version: 3, body: 'Two depots asked, says [erased].', by: null },
        { version: 1, body: 'Two depots asked.', by: { id: w.id('employee', 'alice') } },
      ],
    });
    const validate = await s.gql(
      `mutation($input: ChangeInsightStatusInput!) { validateInsight(input: $input) { status } }`,
      { input: { id: insight } },
      admin,
    );
    expect(validate.errors?.[0]).toMatchObject({
      message: 'Four eyes: you revised this insight, so you cannot validate it; ask another reviewer.',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

describe('second hostile pass', () => {
  it('refuses a comment on an insight about an erased customer (CONFLICT), so nothing names them afterwards', async () => {
    const id = await plantCustomer('commented', `${w.prefix} Cora Comment`, null);
    const proposed = await s.gql(
      `mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }`,
      { input: { title: 'Prefers calls', body: 'b', origin: 'ABOUT_CUSTOMER', confidence: 0.5, customerIds: [id] } },
      analyst,
    );
    expect((await s.gql(ERASE, { input: { customerId: id } }, admin)).errors).toBeUndefined();
    const res = await s.gql(
      `mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id } }`,
      { input: { insightId: proposed.data.proposeInsight.id, kind: 'COMMENT', body: `For the record this was ${w.prefix} Cora Comment` } },
      admin,
    );
    expect(res.errors?.[0]).toMatchObject({ message: ERASED_CONFLICT(id), extensions: { code: 'CONFLICT' } });
    expect(await findAnywhere([`${w.prefix} Cora Comment`])).toEqual([]);
  });

  it('records a dry run in the audit trail as a dry run, not as the erasure', async () => {
    const id = await plantCustomer('dryaudit', `${w.prefix} Dry Audit`, null);
    expect((await s.gql(ERASE, { input: { customerId: id, dryRun: true } }, admin)).errors).toBeUndefined();
    const trail = await s.gql(
      `query($id: ID!) { auditTrail(filter: { targetId: $id }) { edges { node { action outcome } } } }`,
      { id },
      admin,
    );
    expect(trail.data.auditTrail.edges.map((e: any) => e.node)).toEqual([{ action: 'eraseCustomer:dryRun', outcome: 'SUCCEEDED' }]);
  });

  it('20 rounds of status changes and revisions racing an erasure: no kept version names the customer, and no accepted edit is lost', async () => {
    for (let round = 0; round < 20; round++) {
      const name = `${w.prefix} Vera Version ${round}`;
      const id = await plantCustomer(`version-${round}`, name, null);
      const insight = (
        await s.gql(
          `mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }`,
          {
            input: {
              title: `Call ${name} about the renewal`,
              body: 'b',
              origin: 'ABOUT_CUSTOMER',
              confidence: 0.5,
              customerIds: [w.id('customer', 'acme')],
            },
          },
          analyst,
        )
      ).data.proposeInsight.id;
      const lag = round % 5;
      const revise = () =>
        new Promise<any>((resolve) =>
          setTimeout(
            () =>
              resolve(
                s.gql(
                  `mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version body } }`,
                  { input: { id: insight, expectedVersion: 1, body: `New body ${round}` } },
                  analyst,
                ),
              ),
            lag,
          ),
        );
      const [erased, revised] = await Promise.all([s.gql(ERASE, { input: { customerId: id } }, admin), revise()]);
      expect(erased.errors).toBeUndefined();
      const [now] = await s.cypher('MATCH (i:Insight {id: $id}) RETURN i.title AS title, i.body AS body', { id: insight });
      expect({ round, title: now.title }).toEqual({ round, title: 'Call [erased] about the renewal' });
      if (!revised.errors)
        expect({ round, body: now.body }).toEqual({ round, body: `New body ${round}` }); // an accepted revision stays
      else expect(revised.errors[0].extensions?.code).toBe('CONFLICT'); // the scrub took version 2 first
      expect({ round, found: await findAnywhere([name]) }).toEqual({ round, found: [] });
    }
  });
});
