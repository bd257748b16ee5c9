import 'reflect-metadata';
import { createReadStream, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as path from 'node:path';
import { DEFAULT_BATCH_SIZE, importFile } from '../src/import/importer';
import { importRecord, type InteractionRecord } from '../src/import/records';
import type { Item } from '../src/import/handler';
import { importInteractions, interactionProps } from '../src/modules/interaction/interaction.import';
import { ROOT } from '../test/helpers/process';
import { cpuMs } from './common';
import { benchNeo4j } from './suite';

/**
 * A development tool for comparing the interaction handler's two ways of writing on a machine whose load
 * varies from minute to minute: on a kept database (NEO4J_URI, or `.neo4j/bench-import-ab`, loaded with
 * the 10k set's records before its first interaction the first time), batch by batch in turn, the same
 * interactions (under external ids of their own) are written by the handler with a MERGE per row
 * (`mergeEach`, the way before issue 28), by the handler as it imports (one look-up, CREATE), and by the
 * ceiling's linked statement (bench/import-ceiling.ts). AB_N interactions (default 30000) from AB_SKIP on.
 * Prints, as the batches go, each one's interactions per second of wall time and per second of CPU time
 * (Neo4j's and this process's), and the ratios to the ceiling.
 */
const SOURCE = path.join(ROOT, 'data', '10k-seed1.ndjson');

/** The pid of the Neo4j of `.neo4j/bench-import-ab` (a java process naming it), or null (NEO4J_URI: only this process's CPU time is counted). */
function localNeo4jPid(): number | null {
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (cmdline.startsWith('java') && cmdline.includes('bench-import-ab')) return Number(p);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

const CEILING = `UNWIND $rows AS r
    MATCH (c:Customer {externalId: r.customer}), (e:Employee {externalId: r.handler})
    CREATE (i:BenchCeiling) SET i = r.props, i.occurredAt = datetime(r.occurredAt)
    CREATE (i)-[:BENCH_CEILING_CUSTOMER]->(c), (i)-[:BENCH_CEILING_HANDLER]->(e)`;

async function main(): Promise<void> {
  const db = await benchNeo4j('bench-import-ab', { wipe: false });
  try {
    const [{ n: customers }] = await db.graph.read('MATCH (c:Customer) RETURN count(c) AS n');
    if (!customers) {
      const file = path.join(ROOT, 'data', 'ab-base.ndjson');
      const out: string[] = [];
      for await (const line of createInterface({ input: createReadStream(SOURCE), crlfDelay: Infinity })) {
        if (line.includes('"type":"interaction"')) break;
        out.push(line);
      }
      if (!existsSync(file)) writeFileSync(file, out.join('\n') + '\n');
      await importFile(db.graph, { file, restart: true });
    }
    const n = Number(process.env.AB_N ?? 30000);
    const skip = Number(process.env.AB_SKIP ?? 0);
    const records: InteractionRecord[] = [];
    let seen = 0;
    for await (const line of createInterface({ input: createReadStream(SOURCE), crlfDelay: Infinity })) {
      if (!line.includes('"type":"interaction"') || ++seen <= skip) continue;
      records.push(importRecord.parse(JSON.parse(line)) as InteractionRecord);
      if (records.length === n) break;
    }
    const tag = Date.now().toString(36);
    const ms = { merge: 0, create: 0, ceiling: 0 };
    // CPU time (Neo4j's and this process's) is what a variant costs when others' load changes the wall time.
    const cpu = { merge: 0, create: 0, ceiling: 0 };
    const neo4jPid = localNeo4jPid();
    const cpuNow = () => (neo4jPid ? cpuMs(neo4jPid) : 0) + cpuMs(process.pid);
    const items = (batch: InteractionRecord[], variant: string): Item<InteractionRecord>[] =>
      batch.map((r, k) => {
        const record = { ...r, externalId: `${r.externalId}-${variant}${tag}` };
        return { line: k + 1, raw: '', record };
      });
    for (let at = 0; at < records.length; at += DEFAULT_BATCH_SIZE) {
      const batch = records.slice(at, at + DEFAULT_BATCH_SIZE);
      // A different order in each batch, so that none always goes first.
      const order = (['merge', 'create', 'ceiling'] as const).map((v, k, all) => all[(k + at / DEFAULT_BATCH_SIZE) % 3]);
      for (const variant of order) {
        const started = performance.now();
        const cpuBefore = cpuNow();
        if (variant === 'ceiling') {
          const rows = batch.map((r) => ({
            customer: r.customer,
            handler: r.handler,
            occurredAt: r.occurredAt,
            props: interactionProps(r),
          }));
          await db.graph.write(CEILING, { rows }, 'bench');
        } else {
          const result = await db.graph.writeTx(
            (tx) => importInteractions(tx, items(batch, variant[0]), { mergeEach: variant === 'merge' }),
            'import',
          );
          if (result.rejects.length) throw new Error(`${variant}: ${result.rejects[0].reason}`);
        }
        ms[variant] += performance.now() - started;
        cpu[variant] += cpuNow() - cpuBefore;
      }
      const rate = (v: keyof typeof ms) => Math.round((at + batch.length) / (ms[v] / 1000));
      const perCpuSecond = (v: keyof typeof ms) => Math.round((at + batch.length) / (cpu[v] / 1000));
      console.log(
        `${at + batch.length}: MERGE per row ${rate('merge')}/s, look-up + CREATE ${rate('create')}/s, linked ceiling ${rate('ceiling')}/s; ` +
          `ratios ${(rate('merge') / rate('ceiling')).toFixed(2)} / ${(rate('create') / rate('ceiling')).toFixed(2)}. ` +
          `Per CPU second (Neo4j + Node): ${perCpuSecond('merge')} / ${perCpuSecond('create')} / ${perCpuSecond('ceiling')}, ` +
          `ratios ${(perCpuSecond('merge') / perCpuSecond('ceiling')).toFixed(2)} / ${(perCpuSecond('create') / perCpuSecond('ceiling')).toFixed(2)}`,
      );
    }
    for (;;) {
      const [{ n: gone }] = await db.graph.write(
        'MATCH (i:BenchCeiling) WITH i LIMIT 10000 DETACH DELETE i RETURN count(*) AS n',
        {},
        'bench',
      );
      if (gone === 0) break;
    }
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
