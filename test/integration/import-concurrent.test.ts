import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { importFile, type ImportSummary } from '../../src/import/importer';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * The importer looks a batch's interaction external ids up once and CREATEs those not found (no
 * MERGE per row): what an existing one becomes, and what replaces MERGE's lock when another writer
 * creates the same interaction meanwhile (the unique constraint; the batch is written again, a
 * MERGE per record).
 */

let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startTestServer();
  dir = mkdtempSync(path.join(tmpdir(), 'rapport-import-concurrent-'));
});
afterAll(async () => {
  await s.cypher("MATCH (n) WHERE n.externalId STARTS WITH 'impc' DETACH DELETE n");
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, lines: object[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

const zero = { created: 0, updated: 0, unchanged: 0, rejected: 0 };

const employee = (p: string) => ({
  type: 'employee',
  externalId: `${p}-e`,
  name: 'Ana Costa',
  email: `${p}-ana@example.com`,
  team: 'Accounts',
  role: 'ACCOUNT_MANAGER',
});
const customer = (p: string, c: string) => ({
  type: 'customer',
  externalId: `${p}-${c}`,
  name: `${p} ${c}`,
  kind: 'ORGANIZATION',
  lifecycleStage: 'ACTIVE',
  relationshipType: 'COLLABORATIVE',
});
const interaction = (p: string, k: number, c: string) => ({
  type: 'interaction',
  externalId: `${p}-x${k}`,
  customer: `${p}-${c}`,
  handler: `${p}-e`,
  channel: 'CHAT',
  touchpoint: 'SUPPORT',
  direction: 'INBOUND',
  occurredAt: new Date(Date.UTC(2025, 0, 1) + k * 60_000).toISOString(),
  summary: `Question ${k}`,
  topics: [`topic ${k % 3}`],
});

/** The interactions of prefix `p`: how many nodes, how many external ids, and how many customer links. */
const interactionsOf = async (p: string) =>
  (
    await s.cypher(
      `MATCH (i:Interaction) WHERE i.externalId STARTS WITH $p
       RETURN count(i) AS n, count(DISTINCT i.externalId) AS distinct, sum(COUNT { (i)-[:WITH_CUSTOMER]->() }) AS links`,
      { p: `${p}-x` },
    )
  )[0];

const rejectReasons = (summary: ImportSummary) =>
  summary.rejectsFile
    ? readFileSync(summary.rejectsFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { reason: string }).reason)
    : [];

it('a batch of interactions partly in the graph: the new ones are created, the others unchanged or, with another customer, rejected', async () => {
  const p = `impc${randomUUID().slice(0, 8)}`;
  const base = [employee(p), customer(p, 'a'), customer(p, 'b')];
  await importFile(s.graph, { file: write(`${p}-1.ndjson`, [...base, ...[0, 2, 4].map((k) => interaction(p, k, 'a'))]) });
  const second = await importFile(s.graph, {
    file: write(`${p}-2.ndjson`, [
      ...base,
      ...[0, 1, 2, 3].map((k) => interaction(p, k, 'a')),
      interaction(p, 4, 'b'), // in the graph with customer a
      interaction(p, 5, 'b'),
    ]),
  });
  expect(second.counts.interaction).toEqual({ ...zero, created: 3, unchanged: 2, rejected: 1 });
  expect(rejectReasons(second)).toEqual([`externalId '${p}-x4' is already used by an interaction with another customer`]);
  expect(await interactionsOf(p)).toEqual({ n: 6, distinct: 6, links: 6 });
  const x4 = await s.cypher('MATCH (:Interaction {externalId: $x})-[:WITH_CUSTOMER]->(c) RETURN c.externalId AS c', { x: `${p}-x4` });
  expect(x4).toEqual([{ c: `${p}-a` }]);
  // The new ones have every link: topic, handler.
  const linked = await s.cypher(
    `MATCH (i:Interaction)-[:HANDLED_BY]->(:Employee {externalId: $e}) WHERE i.externalId IN $xs
     RETURN count(i) AS n, sum(COUNT { (i)-[:TAGGED]->(:Topic) }) AS topics`,
    { e: `${p}-e`, xs: [1, 3, 5].map((k) => `${p}-x${k}`) },
  );
  expect(linked).toEqual([{ n: 3, topics: 3 }]);
});

it('an interaction created by another transaction between the look-up and the CREATE: the batch is written again with MERGE, nothing twice', async () => {
  const p = `impc${randomUUID().slice(0, 8)}`;
  await importFile(s.graph, { file: write(`${p}-base.ndjson`, [employee(p), customer(p, 'a')]) });
  const file = write(
    `${p}.ndjson`,
    [0, 1, 2, 3, 4, 5].map((k) => interaction(p, k, 'a')),
  );
  // Another writer holds a new interaction x3, not committed yet: the import's look-up cannot see it, its CREATE waits for it.
  const session = s.graph.driver.session({ database: s.graph.database });
  const tx = session.beginTransaction();
  try {
    await tx.run("CREATE (:Interaction {id: randomUUID(), externalId: $x, summary: 'by another writer'})", { x: `${p}-x3` });
    const importing = importFile(s.graph, { file });
    for (let waited = 0; ; waited += 100) {
      const blocked = await s.graph.read(
        "SHOW TRANSACTIONS YIELD status, metaData WHERE status STARTS WITH 'Blocked' AND metaData.operation = 'import' RETURN count(*) AS n",
      );
      if (blocked[0].n > 0) break;
      if (waited > 20_000) throw new Error('The import never waited for the other transaction.');
      await new Promise((r) => setTimeout(r, 100));
    }
    await tx.commit();
    const summary = await importing;
    expect(summary.batchesMergedAgain).toBe(1);
    // x3 exists with no customer: the MERGE finds it, and the record is rejected as another customer's.
    expect(summary.counts.interaction).toEqual({ ...zero, created: 5, rejected: 1 });
    expect(rejectReasons(summary)).toEqual([`externalId '${p}-x3' is already used by an interaction with another customer`]);
    expect(await interactionsOf(p)).toEqual({ n: 6, distinct: 6, links: 5 });
  } finally {
    await session.close();
  }
});

describe('concurrent imports create no interaction twice', () => {
  const ROUNDS = 8;
  const N = 120;

  it(`the same file imported twice at once, ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const p = `impc${randomUUID().slice(0, 8)}`;
      const customers = ['a', 'b', 'c', 'd'];
      const file = write(`${p}.ndjson`, [
        employee(p),
        ...customers.map((c) => customer(p, c)),
        ...Array.from({ length: N }, (_, k) => interaction(p, k, customers[k % 4])),
      ]);
      const [one, two] = await Promise.all(
        [1, 2].map((n) => importFile(s.graph, { file, batchSize: 25, restart: true, rejectsFile: `${file}.${n}.rejects` })),
      );
      expect(await interactionsOf(p)).toEqual({ n: N, distinct: N, links: N });
      for (const run of [one, two]) {
        expect(run.rejected).toBe(0);
        expect(run.counts.interaction.created + run.counts.interaction.unchanged).toBe(N);
      }
      expect(one.counts.interaction.created + two.counts.interaction.created).toBe(N);
    }
  });

  it(`two files naming the same interactions with different customers, imported at once, ${ROUNDS} rounds: each is created once, the other file's record rejected`, async () => {
    let mergedAgain = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const p = `impc${randomUUID().slice(0, 8)}`;
      await importFile(s.graph, { file: write(`${p}-base.ndjson`, [employee(p), customer(p, 'a'), customer(p, 'b')]) });
      // Different customers: the two imports' batches share no customer lock, and race on the interactions only.
      const files = ['a', 'b'].map((c) =>
        write(
          `${p}-${c}.ndjson`,
          Array.from({ length: N }, (_, k) => interaction(p, k, c)),
        ),
      );
      const [a, b] = await Promise.all(files.map((file) => importFile(s.graph, { file, batchSize: 20 })));
      expect(await interactionsOf(p)).toEqual({ n: N, distinct: N, links: N });
      expect(a.counts.interaction.created + b.counts.interaction.created).toBe(N);
      expect(a.counts.interaction.rejected + b.counts.interaction.rejected).toBe(N);
      for (const run of [a, b]) {
        expect(new Set(rejectReasons(run).map((r) => r.replace(/'[^']*'/, 'X')))).toEqual(
          run.rejected ? new Set(['externalId X is already used by an interaction with another customer']) : new Set(),
        );
      }
      const byCustomer = await s.cypher(
        'MATCH (i:Interaction)-[:WITH_CUSTOMER]->(c) WHERE i.externalId STARTS WITH $p RETURN c.externalId AS c, count(i) AS n ORDER BY c',
        { p: `${p}-x` },
      );
      expect(byCustomer.reduce((n, r) => n + r.n, 0)).toBe(N);
      mergedAgain += a.batchesMergedAgain + b.batchesMergedAgain;
    }
    console.log(`Batches written again with MERGE after a conflict, over ${ROUNDS} rounds: ${mergedAgain}`);
  });
});
