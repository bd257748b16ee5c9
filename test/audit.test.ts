import { AccessRole } from '../src/server/auth';
import { startTestServer, type TestServer } from './helpers/server';
import { buildWorld, type World } from './helpers/world';

let s: TestServer;
let w: World;
let alice: string;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.graph);
  alice = await s.token(w.id('employee', 'alice'), [AccessRole.ANALYST]);
  admin = await s.token(w.id('employee', 'carol'), [AccessRole.ADMIN]);
});
afterAll(() => s.close());

const TRAIL = `query($f: AuditFilter) { auditTrail(filter: $f) { totalCount edges { node { actorId action targetId outcome code at } } } }`;

describe('the audit trail', () => {
  it('records every mutation, succeeded or failed, with actor, action, target, time and outcome', async () => {
    const insightId = w.id('insight', 'ins1');
    const before = Date.now();
    await s.gql(`mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }`, { input: { id: insightId, expectedVersion: 1, confidence: 0.9 } }, alice);
    await s.gql(`mutation($input: ReviseInsightInput!) { reviseInsight(input: $input) { version } }`, { input: { id: insightId, expectedVersion: 1, confidence: 0.1 } }, alice);
    await s.gql(`mutation { validateInsight(input: { id: "${insightId}" }) { status } }`, {}, alice);
    await s.gql(`mutation($input: AnnotateInsightInput!) { annotateInsight(input: $input) { id } }`, { input: { insightId, kind: 'COMMENT', body: 'Private remark about Dana' } });
    const res = await s.gql(TRAIL, { f: { targetId: insightId } }, admin);
    expect(res.errors).toBeUndefined();
    const entries = res.data.auditTrail.edges.map((e: any) => e.node);
    expect(entries.map(({ at: _at, ...rest }: any) => rest)).toEqual([
      { actorId: null, action: 'annotateInsight', targetId: insightId, outcome: 'FAILED', code: 'UNAUTHENTICATED' },
      { actorId: w.id('employee', 'alice'), action: 'validateInsight', targetId: insightId, outcome: 'FAILED', code: 'FORBIDDEN' },
      { actorId: w.id('employee', 'alice'), action: 'reviseInsight', targetId: insightId, outcome: 'FAILED', code: 'CONFLICT' },
      { actorId: w.id('employee', 'alice'), action: 'reviseInsight', targetId: insightId, outcome: 'SUCCEEDED', code: null },
    ]);
    for (const e of entries) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before - 1000);
    // Nothing of the input (which may hold personal data) is kept.
    const stored = await s.cypher('MATCH (a:AuditEntry {targetId: $id}) RETURN properties(a) AS p', { id: insightId });
    for (const { p } of stored) {
      for (const key of Object.keys(p)) expect(['action', 'actorId', 'at', 'code', 'id', 'outcome', 'targetId']).toContain(key);
    }
    expect(JSON.stringify(stored)).not.toMatch(/Dana/);
  });

  it('names what a creation created, and filters by actor and action', async () => {
    const created = await s.gql(`mutation { createSegment(input: { name: "${w.prefix} Audited" }) { id } }`, {}, alice);
    const id = created.data.createSegment.id;
    const res = await s.gql(TRAIL, { f: { actorId: w.id('employee', 'alice'), action: 'createSegment' } }, admin);
    expect(res.data.auditTrail.edges.map((e: any) => [e.node.targetId, e.node.outcome])).toEqual([[id, 'SUCCEEDED']]);
  });

  it('is for ADMIN only', async () => {
    const res = await s.gql(TRAIL, {}, alice);
    expect(res.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN' });
  });
});
