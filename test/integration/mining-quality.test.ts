import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PLANT_NAMES, WINDOW_END, manifestFile, writeDataSet, type Manifest } from '../../seeds/generate';
import { importFile } from '../../src/import/importer';
import { AccessRole } from '../../src/graphql/access';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * Insight mining on a generated data set (small, seed 1, every plant on), loaded through the
 * importer: every planted pattern is proposed (recall), no decoy is (precision), nothing else is,
 * and each proposal's evidence supports it.
 *
 * Mining looks at the whole graph (percentiles, supports and touchpoints are over every customer),
 * so this suite starts from an empty graph and removes what it imported when it ends.
 */

const DAY = 86_400_000;
const AS_OF = new Date(WINDOW_END);
const iso = (daysBefore: number) => new Date(AS_OF.getTime() - daysBefore * DAY).toISOString();

let s: TestServer;
let dir: string;
let manifest: Manifest;
let learned: {
  key: string;
  miner: string;
  status: string;
  about: string[];
  aboutIds: string[];
  evidence: string[];
  body: string;
  confidence: number;
}[];

beforeAll(async () => {
  s = await startTestServer();
  await s.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-mining-'));
  const file = path.join(dir, 'small-all-plants.ndjson');
  await writeDataSet({ size: 'small', seed: 1, plants: [...PLANT_NAMES], file });
  manifest = JSON.parse(readFileSync(manifestFile(file), 'utf8'));
  const summary = await importFile(s.graph, { file, restart: true });
  expect(summary.rejected).toBe(0);
  const [{ admin }] = await s.cypher(
    `MATCH (e:Employee) WHERE 'ADMIN' IN e.accessRoles RETURN e.id AS admin ORDER BY e.externalId LIMIT 1`,
  );
  const token = await s.token(admin, [AccessRole.ADMIN]);
  const run = await s.gql(
    `mutation($asOf: DateTimeISO) { runLearning(input: { asOf: $asOf }) { results { miner found created } } }`,
    { asOf: AS_OF.toISOString() },
    token,
  );
  expect(run.errors).toBeUndefined();
  learned = (await s.cypher(
    `MATCH (i:Insight) WHERE i.learnedKey IS NOT NULL
     RETURN i.learnedKey AS key, i.learnedBy AS miner, i.status AS status, i.body AS body, i.confidence AS confidence,
            [(i)-[:ABOUT]->(x) | x.externalId] AS about, [(i)-[:ABOUT]->(x) | x.id] AS aboutIds,
            [(i)-[:EVIDENCED_BY]->(x) | x.id] AS evidence
     ORDER BY key`,
  )) as typeof learned;
}, 300_000);

afterAll(async () => {
  await s.cypher('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const of = (miner: string) => learned.filter((l) => l.miner === miner);
const sorted = (xs: string[]) => [...xs].sort();

describe('insight mining on a generated data set with planted patterns and decoys', () => {
  it('every proposal is PROPOSED and cites evidence', () => {
    expect(learned.length).toBeGreaterThan(0);
    for (const l of learned) {
      expect(l.status).toBe('PROPOSED');
      expect(l.evidence.length).toBeGreaterThan(0);
    }
  });

  it('emerging need: the planted need, and none of the decoy needs', async () => {
    const plant = manifest.planted.emergingNeed!;
    const found = of('EMERGING_NEED');
    expect(found.map((l) => l.about)).toEqual([[plant.need.need]]);
    for (const d of plant.decoys) expect(found.flatMap((l) => l.about)).not.toContain(d.need);
    expect(found[0].body).toContain(`${plant.need.recent} customers expressed`);
    expect(found[0].body).toContain(`against ${plant.need.previous} in the 90 days before`);
    // Evidence: interactions of the recent window with consenting customers that expressed the need.
    const bad = await s.cypher(
      `UNWIND $ids AS id MATCH (i:Interaction {id: id})
       WHERE NOT (EXISTS { (i)-[:EXPRESSED]->(:Need {id: $need}) } AND i.occurredAt >= datetime($from) AND i.occurredAt < datetime($to)
                  AND EXISTS { (i)-[:WITH_CUSTOMER]->(c:Customer) WHERE c.consentAnalytics })
       RETURN id`,
      { ids: found[0].evidence, need: found[0].aboutIds[0], from: iso(90), to: AS_OF.toISOString() },
    );
    expect(bad).toEqual([]);
  });

  it('needs that go together: the planted pair, and no other pair', () => {
    const plant = manifest.planted.needCooccurrence!;
    expect(of('NEEDS_TOGETHER').map((l) => sorted(l.about))).toEqual([sorted(plant.needs)]);
  });

  it('sentiment decline: exactly the planted customers, none of the decoys; evidence is their recent, lower sentiment', async () => {
    const plant = manifest.planted.sentimentDecline!;
    const found = of('SENTIMENT_DECLINE');
    expect(sorted(found.flatMap((l) => l.about))).toEqual(sorted(plant.customers.map((c) => c.customer)));
    for (const d of plant.decoys) expect(found.flatMap((l) => l.about)).not.toContain(d.customer);
    for (const l of found) {
      const figure = plant.customers.find((c) => c.customer === l.about[0])!;
      const bad = await s.cypher(
        `UNWIND $ids AS id MATCH (i:Interaction {id: id})
         WHERE NOT (EXISTS { (i)-[:WITH_CUSTOMER]->(:Customer {id: $c}) } AND i.occurredAt >= datetime($from) AND i.sentiment < $baseline)
         RETURN id`,
        { ids: l.evidence, c: l.aboutIds[0], from: iso(90), baseline: figure.baseline.meanSentiment + 1e-9 },
      );
      expect(bad).toEqual([]);
    }
  });

  it('touchpoint gap: the planted touchpoint and channel, not the decoys; evidence fell short of what was expected', async () => {
    const plant = manifest.planted.touchpointQualityGap!;
    const found = of('TOUCHPOINT_GAP');
    expect(found.map((l) => l.key)).toEqual([`touchpoint-gap:${plant.touchpoint}:${plant.channel}`]);
    expect(found[0].body).toContain(`Over ${plant.recent.interactions} interactions`);
    const bad = await s.cypher(
      `UNWIND $ids AS id MATCH (i:Interaction {id: id})
       WHERE NOT (i.touchpoint = $tp AND i.channel = $ch AND i.perceivedQuality < i.expectedQuality AND i.occurredAt >= datetime($from))
       RETURN id`,
      { ids: found[0].evidence, tp: plant.touchpoint, ch: plant.channel, from: iso(90) },
    );
    expect(bad).toEqual([]);
  });

  it('single-threaded account: exactly the planted customers, none of the decoys; evidence is handled by their one employee', async () => {
    const plant = manifest.planted.singleThreadedAccount!;
    const found = of('SINGLE_THREADED_ACCOUNT');
    expect(sorted(found.flatMap((l) => l.about))).toEqual(sorted(plant.customers.map((c) => c.customer)));
    for (const d of plant.decoys) expect(found.flatMap((l) => l.about)).not.toContain(d.customer);
    for (const l of found) {
      const figure = plant.customers.find((c) => c.customer === l.about[0])!;
      const handlers = await s.cypher(
        `UNWIND $ids AS id MATCH (i:Interaction {id: id})-[:HANDLED_BY]->(e:Employee) RETURN DISTINCT e.externalId AS e`,
        { ids: l.evidence },
      );
      expect(handlers.map((h) => h.e)).toEqual(figure.knownBy);
    }
  });

  it('a second run proposes nothing new and changes nothing', async () => {
    const [{ admin }] = await s.cypher(
      `MATCH (e:Employee) WHERE 'ADMIN' IN e.accessRoles RETURN e.id AS admin ORDER BY e.externalId LIMIT 1`,
    );
    const token = await s.token(admin, [AccessRole.ADMIN]);
    const again = await s.gql(
      `mutation($asOf: DateTimeISO) { runLearning(input: { asOf: $asOf }) { results { created updated unchanged } } }`,
      { asOf: AS_OF.toISOString() },
      token,
    );
    expect(again.errors).toBeUndefined();
    for (const r of again.data.runLearning.results) expect(r).toMatchObject({ created: 0, updated: 0 });
    const total = again.data.runLearning.results.reduce((n: number, r: any) => n + r.unchanged, 0);
    expect(total).toBe(learned.length);
  });
});
