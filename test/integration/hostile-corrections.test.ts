/**
 * Hostile tests of correcting knowledge (issue 22): each `it` replays one finding.
 */
import { purgeDeleted } from '../../src/modules/deletion/purge';
import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';
import { buildWorld, type World } from '../helpers/world';

jest.setTimeout(240_000);

let s: TestServer;
let w: World;
let admin: string;
let analyst: string; // alice
let bob: string;
let viewer: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN, AccessRole.ANALYST]);
  analyst = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  bob = await s.token(w.id('employee', 'bob'), [AccessRole.ANALYST]);
  viewer = await s.token(w.id('employee', 'vic'), [AccessRole.VIEWER]);
});
afterAll(async () => {
  await s?.close();
});

async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = analyst): Promise<T> {
  const res = await s.gql<T>(query, variables, token);
  if (res.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}
let counter = 0;
const unique = (what: string) => `${w.prefix} ${what} ${++counter}`;

async function createCustomer(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const d = await ok('mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
    input: {
      name,
      kind: 'ORGANIZATION',
      lifecycleStage: 'ACTIVE',
      relationshipType: 'COLLABORATIVE',
      revenue: 1000,
      costToServe: 100,
      lifetimeValue: 5000,
      ownerIds: [],
      consent: { contact: true, analytics: true },
      segmentId: w.id('segment', 'seg'),
      ...extra,
    },
  });
  return d.createCustomer.id;
}
const RECORD = 'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id needs { id } customer { id } } }';
const recordInput = (customerId: string, extra: Record<string, unknown> = {}) => ({
  customerId,
  channel: 'PHONE',
  touchpoint: 'SUPPORT',
  direction: 'INBOUND',
  summary: unique('call'),
  content: 'Notes of the call.',
  occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
  expectedQuality: 4,
  perceivedQuality: 2,
  ...extra,
});
async function record(customerId: string, extra: Record<string, unknown> = {}): Promise<string> {
  return (await ok(RECORD, { input: recordInput(customerId, extra) })).recordInteraction.id;
}
async function raiseNeed(customerId: string, title = unique('need')): Promise<string> {
  const d = await ok('mutation($input: RaiseNeedInput!) { raiseNeed(input: $input) { id } }', {
    input: { customerId, title, kind: 'FUNCTIONAL' },
  });
  return d.raiseNeed.id;
}
/** Live relationships that touch a Deleted node (but HAD_VERSION): "gone from every read, by construction" needs none. */
async function linksToDeleted(): Promise<number> {
  const [r] = await s.cypher("MATCH (d:Deleted)-[r]-() WHERE type(r) <> 'HAD_VERSION' RETURN count(r) AS n");
  return Number(r.n);
}
const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code ?? 'ok';
const ROUNDS = 15;
const MERGE = 'mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) { id } }';
const DELETE_NEED = 'mutation($input: DeleteNeedInput!) { deleteNeed(input: $input) { id } }';
const DELETE_INTERACTION = 'mutation($input: DeleteInteractionInput!) { deleteInteraction(input: $input) { id } }';
const PROPOSE = 'mutation($input: ProposeInsightInput!) { proposeInsight(input: $input) { id } }';

describe('races between deletion or merge and the writes that name the same record', () => {
  it('recordInteraction racing deleteNeed never links anything to the deleted need nor drops the need silently', async () => {
    const base = await linksToDeleted();
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const c = await createCustomer(unique('org'));
      const n = await raiseNeed(await createCustomer(unique('org')));
      const [del, rec] = await Promise.all([
        s.gql(DELETE_NEED, { input: { id: n } }, analyst),
        s.gql(RECORD, { input: recordInput(c, { needIds: [n] }) }, bob),
      ]);
      // Either the interaction was recorded expressing the need (and the deletion, after it, saved
      // that link, so that a restore makes it again; the answer, read after the deletion, shows no
      // need), or it was refused naming needIds; never "recorded, with no need" and nothing saved.
      let outcome = `${code(del)}/${code(rec)}`;
      if (code(rec) === 'ok' && rec.data.recordInteraction.needs.length === 0) {
        const [saved] = await s.cypher('MATCH (d:Deleted {id: $n}) RETURN d.deletedLinks CONTAINS $i AS linked', {
          n,
          i: rec.data.recordInteraction.id,
        });
        outcome += saved?.linked ? ' (link saved with the deleted need)' : ' needs=0, link lost';
      }
      if (code(rec) !== 'ok') expect(rec.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'needIds' } });
      outcomes.push(outcome);
    }
    expect(outcomes.filter((o) => o.endsWith('link lost'))).toEqual([]);
    expect((await linksToDeleted()) - base).toBe(0);
  });

  it('linkEvidence racing deleteInteraction never makes the deleted interaction evidence of a live insight', async () => {
    const base = await linksToDeleted();
    const silent: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const i = await record(await createCustomer(unique('org')));
      const insightId = (
        await ok(PROPOSE, {
          input: { title: unique('ins'), body: 'b', confidence: 0.6, origin: 'FROM_CUSTOMER', customerIds: [w.id('customer', 'acme')] },
        })
      ).proposeInsight.id;
      const [del, link] = await Promise.all([
        s.gql(DELETE_INTERACTION, { input: { id: i } }, analyst),
        s.gql(
          'mutation($input: LinkEvidenceInput!) { linkEvidence(input: $input) { id evidence { id } } }',
          { input: { insightId, interactionIds: [i] } },
          bob,
        ),
      ]);
      // Linked first: the deletion after it saved the link (the answer, read after the deletion, may
      // show no evidence). Refused after the deletion: BAD_USER_INPUT on interactionIds, saying so.
      if (code(link) === 'ok' && link.data.linkEvidence.evidence.length === 0) {
        const [saved] = await s.cypher('MATCH (d:Deleted {id: $i}) RETURN d.deletedLinks CONTAINS $insightId AS linked', { i, insightId });
        if (!saved?.linked) silent.push(`round ${round}: linkEvidence ok, no evidence, and the deletion saved no link`);
      }
      if (code(link) !== 'ok') {
        expect(link.errors?.[0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'interactionIds',
          deletionId: expect.any(String),
        });
        expect(link.errors?.[0].message).toMatch(new RegExp(`^Interaction '${i}' has already been deleted \\(`));
      }
      expect(code(del)).toBe('ok');
    }
    expect((await linksToDeleted()) - base).toBe(0);
    expect(silent).toEqual([]);
  });

  it('recordInteraction for a customer being merged never commits an interaction without a customer nor answers INTERNAL_SERVER_ERROR', async () => {
    const summaries: string[] = [];
    const codes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const a = await createCustomer(unique('org'));
      const b = await createCustomer(unique('org'));
      const input = recordInput(b);
      summaries.push(input.summary);
      const [m, rec] = await Promise.all([s.gql(MERGE, { input: { survivorId: a, mergedId: b } }, admin), s.gql(RECORD, { input }, bob)]);
      expect(code(m)).toBe('ok');
      codes.push(code(rec));
    }
    const [{ orphans }] = await s.cypher(
      'MATCH (i:Interaction) WHERE i.summary IN $summaries AND NOT (i)-[:WITH_CUSTOMER]->(:Customer) RETURN count(i) AS orphans',
      { summaries },
    );
    expect({ orphans: Number(orphans), internal: codes.filter((c) => c === 'INTERNAL_SERVER_ERROR').length }).toEqual({
      orphans: 0,
      internal: 0,
    });
  });

  it('linkNeed racing deleteNeed or mergeNeeds answers NOT_FOUND, never INTERNAL_SERVER_ERROR, and links nothing to a deleted need', async () => {
    const base = await linksToDeleted();
    const codes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const c = await createCustomer(unique('org'));
      const holder = await createCustomer(unique('org'));
      const n = await raiseNeed(holder);
      const n2 = await raiseNeed(holder);
      const racer =
        round % 2 === 0
          ? s.gql(DELETE_NEED, { input: { id: n } }, analyst)
          : s.gql(
              'mutation($input: MergeNeedsInput!) { mergeNeeds(input: $input) { id } }',
              { input: { survivorId: n2, mergedId: n } },
              admin,
            );
      const [, link] = await Promise.all([
        racer,
        s.gql('mutation($input: LinkNeedInput!) { linkNeed(input: $input) { id } }', { input: { needId: n, customerId: c } }, bob),
      ]);
      codes.push(code(link));
    }
    // Linked before the deletion or merge, or refused after it as a mutation's missing target is.
    expect(codes.filter((c) => c !== 'ok' && c !== 'NOT_FOUND')).toEqual([]);
    expect((await linksToDeleted()) - base).toBe(0);
  });

  it('an interaction deleted while its customer is merged is still destroyed by erasing the survivor', async () => {
    const survived: string[] = [];
    for (let round = 0; round < 10; round++) {
      const a = await createCustomer(unique('org'));
      const b = await createCustomer(unique('org'));
      const i = await record(b, { content: `private notes ${round}` });
      const [del, m] = await Promise.all([
        s.gql(DELETE_INTERACTION, { input: { id: i } }, analyst),
        s.gql(MERGE, { input: { survivorId: a, mergedId: b } }, admin),
      ]);
      expect([code(del), code(m)]).toEqual(['ok', 'ok']);
      await ok(
        'mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) { interactionsDeleted } }',
        { input: { customerId: a, reason: 'GDPR' } },
        admin,
      );
      const left = await s.cypher('MATCH (d:Deleted {id: $i}) RETURN d.customerIds AS customerIds, d.content AS content', { i });
      if (left.length)
        survived.push(
          `round ${round}: deleted interaction kept after erasure, customerIds=${JSON.stringify(left[0].customerIds)}, content=${left[0].content}`,
        );
    }
    expect(survived).toEqual([]);
  });

  it('a second restore of the same customer at the same time is NOT_FOUND, as it is one after the other', async () => {
    const results: string[] = [];
    for (let round = 0; round < 6; round++) {
      const c = await createCustomer(unique('org'));
      await ok('mutation($input: DeleteCustomerInput!) { deleteCustomer(input: $input) { id } }', { input: { id: c } });
      const rs = await Promise.all(
        [0, 1].map(() =>
          s.gql('mutation($input: RestoreCustomerInput!) { restoreCustomer(input: $input) { id version } }', { input: { id: c } }, admin),
        ),
      );
      results.push(rs.map(code).sort().join('/'));
    }
    expect(results).toEqual(Array(6).fill('NOT_FOUND/ok'));
  });
});

describe('erasure after a merge', () => {
  it('erasing a survivor also erases the email, phone and name of the customer merged into it', async () => {
    const a = await createCustomer(unique('person'), {
      kind: 'PERSON',
      email: 'anna.main@example.com',
      phone: '+49 30 5550001',
      segmentId: null,
    });
    const oldName = unique('Anna Maiden-Name');
    const b = await createCustomer(oldName, { kind: 'PERSON', email: 'anna.old@example.com', phone: '+49 30 5550002', segmentId: null });
    await ok(MERGE, { input: { survivorId: a, mergedId: b, reason: 'same person' } }, admin);
    await ok(
      'mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) { interactionsDeleted } }',
      { input: { customerId: a, reason: 'GDPR' } },
      admin,
    );
    const left = await s.cypher(
      `MATCH (x:RecordChange) WHERE any(t IN [x.before, x.after, x.reason] WHERE t CONTAINS 'anna.old' OR t CONTAINS '5550002' OR t CONTAINS $oldName)
       RETURN x.recordId AS recordId, x.kind AS kind`,
      { oldName },
    );
    expect(left).toEqual([]);
  });
});

// Last: the purge takes every deleted record of this test's database.
describe('restore and purge', () => {
  it('restore racing the purge answers NOT_FOUND, never INTERNAL_SERVER_ERROR', async () => {
    const codes: string[] = [];
    for (let round = 0; round < 8; round++) {
      const c = await createCustomer(unique('org'));
      await record(c);
      await ok('mutation($input: DeleteCustomerInput!) { deleteCustomer(input: $input) { id } }', { input: { id: c } });
      await new Promise((r) => setTimeout(r, 5)); // deletedAt strictly before the purge's now
      const [r] = await Promise.all([
        s.gql('mutation($input: RestoreCustomerInput!) { restoreCustomer(input: $input) { id version } }', { input: { id: c } }, admin),
        purgeDeleted(s.graph, { olderThanDays: 0 }),
      ]);
      codes.push(code(r));
    }
    expect(codes.filter((c) => c !== 'ok' && c !== 'NOT_FOUND')).toEqual([]);
    expect((await s.gql('{ me { id } }', {}, analyst)).data.me.id).toBe(w.id('employee', 'alice'));
  });
});

describe('writes naming a merged record', () => {
  it('are refused with the id to use instead, and change nothing', async () => {
    const a = await createCustomer(unique('org'));
    const b = await createCustomer(unique('org'));
    const n1 = await raiseNeed(a);
    const n2 = await raiseNeed(a);
    await ok(MERGE, { input: { survivorId: a, mergedId: b } }, admin);
    await ok('mutation($input: MergeNeedsInput!) { mergeNeeds(input: $input) { id } }', { input: { survivorId: n1, mergedId: n2 } }, admin);
    const [{ before }] = await s.cypher('MATCH (i:Interaction) RETURN count(i) AS before');

    const rec = await s.gql(RECORD, { input: recordInput(b) }, bob);
    expect(rec.errors).toEqual([
      expect.objectContaining({
        message: `Customer '${b}' has been merged into customer '${a}'; write to that customer instead (reads of '${b}' find it too).`,
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'customerId', mergedIntoId: a }),
      }),
    ]);
    const withMergedNeed = await s.gql(RECORD, { input: recordInput(a, { needIds: [n2] }) }, bob);
    expect(withMergedNeed.errors).toEqual([
      expect.objectContaining({
        message: `Need '${n2}' has been merged into need '${n1}'; name that need instead.`,
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'needIds', mergedIntoId: n1 }),
      }),
    ]);
    const link = await s.gql(
      'mutation($input: LinkNeedInput!) { linkNeed(input: $input) { id } }',
      { input: { needId: n2, customerId: a } },
      bob,
    );
    expect(link.errors?.[0].extensions).toEqual(expect.objectContaining({ code: 'NOT_FOUND', id: n2, mergedIntoId: n1 }));
    const update = await s.gql(
      'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id } }',
      { input: { id: b, revenue: 5 } },
      admin,
    );
    expect(update.errors?.[0].extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'id', mergedIntoId: a }));
    const [{ after }] = await s.cypher('MATCH (i:Interaction) RETURN count(i) AS after');
    expect(after).toBe(before);
  });
});

describe('edits of records that are not live', () => {
  it('say that the record was deleted (and how to get it back) or merged, and change nothing', async () => {
    const c = await createCustomer(unique('org'));
    const i = await record(c);
    const del = await ok(DELETE_INTERACTION, { input: { id: i } });
    const UPDATE = 'mutation($input: UpdateInteractionInput!) { updateInteraction(input: $input) { id } }';
    const edit = await s.gql(UPDATE, { input: { id: i, expectedVersion: 1, summary: 'too late' } }, analyst);
    expect(edit.errors?.[0].message).toMatch(
      new RegExp(
        `^Interaction '${i}' has already been deleted \\(\\d{4}-\\d\\d-\\d\\dT[^)]+\\); an ADMIN can restore it \\(restoreInteraction\\)\\.$`,
      ),
    );
    expect(edit.errors?.[0].extensions).toEqual(expect.objectContaining({ code: 'NOT_FOUND', id: i, deletionId: expect.any(String) }));
    expect(del.deleteInteraction.id).toBe(edit.errors?.[0].extensions?.deletionId);

    // Deleted with its customer: restored through the customer, which the answer names.
    const c2 = await createCustomer(unique('org'));
    const i2 = await record(c2);
    await ok('mutation($input: DeleteCustomerInput!) { deleteCustomer(input: $input) { id } }', { input: { id: c2 } });
    const edit2 = await s.gql(UPDATE, { input: { id: i2, expectedVersion: 1, summary: 'too late' } }, analyst);
    expect(edit2.errors?.[0].message).toMatch(
      new RegExp(
        `^Interaction '${i2}' has already been deleted, with customer '${c2}' \\([^)]+\\); an ADMIN can restore it by restoring that customer \\(restoreCustomer\\)\\.$`,
      ),
    );

    const n1 = await raiseNeed(c);
    const n2 = await raiseNeed(c);
    await ok('mutation($input: MergeNeedsInput!) { mergeNeeds(input: $input) { id } }', { input: { survivorId: n1, mergedId: n2 } }, admin);
    const needEdit = await s.gql(
      'mutation($input: UpdateNeedInput!) { updateNeed(input: $input) { id } }',
      { input: { id: n2, title: 'x' } },
      analyst,
    );
    expect(needEdit.errors?.[0]).toMatchObject({
      message: `Need '${n2}' has been merged into need '${n1}'; name that need instead.`,
      extensions: { code: 'NOT_FOUND', id: n2, mergedIntoId: n1 },
    });
    const unknown = await s.gql(UPDATE, { input: { id: 'no-such-interaction', expectedVersion: 1, summary: 'x' } }, analyst);
    expect(unknown.errors?.[0].message).toBe("No interaction has the id 'no-such-interaction'.");
    const [{ summary }] = await s.cypher('MATCH (d:Deleted {id: $i}) RETURN d.summary AS summary', { i });
    expect(summary).not.toBe('too late');
  });
});
