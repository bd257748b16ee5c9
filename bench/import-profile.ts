import 'reflect-metadata';
import * as path from 'node:path';
import { Graph, type Tx } from '../src/db/graph';
import { ROOT } from '../test/helpers/process';
import { importFile } from '../src/import/importer';
import { benchNeo4j } from './suite';

/**
 * Where the importer's time goes: imports PROFILE_FILE (default: the 10k set) on a wiped Neo4j in `.neo4j/bench-import-profile`
 * with every statement of the import timed (by its first words), and each write transaction's commit
 * (its time less its statements'). Prints the statements by total time. A development tool.
 */
const byStatement = new Map<string, { n: number; ms: number }>();
const note = (key: string, ms: number) => {
  const s = byStatement.get(key) ?? { n: 0, ms: 0 };
  s.n++;
  s.ms += ms;
  byStatement.set(key, s);
};
const proto = Graph.prototype as unknown as { wrap: (runner: unknown, operation: string) => Tx };
const wrap = proto.wrap;
let inTx = 0;
proto.wrap = function (this: Graph, runner: unknown, operation: string): Tx {
  const tx = wrap.call(this, runner, operation);
  const run = tx.run.bind(tx);
  tx.run = async (cypher, params) => {
    const started = performance.now();
    try {
      return await run(cypher, params);
    } finally {
      const ms = performance.now() - started;
      inTx += ms;
      note(cypher.replace(/\s+/g, ' ').slice(0, 110), ms);
    }
  };
  return tx;
};
const writeTx = Graph.prototype.writeTx;
Graph.prototype.writeTx = async function <T>(this: Graph, work: (tx: Tx) => Promise<T>, operation?: string): Promise<T> {
  inTx = 0;
  let inWork = 0;
  const started = performance.now();
  try {
    return (await writeTx.call(
      this,
      async (tx) => {
        const s = performance.now();
        try {
          return await work(tx);
        } finally {
          inWork += performance.now() - s;
        }
      },
      operation,
    )) as T;
  } finally {
    const total = performance.now() - started;
    note('(write transaction: JS time in the work, statements excluded)', inWork - inTx);
    note('(write transaction: begin + commit)', total - inWork);
  }
};

async function main(): Promise<void> {
  const db = await benchNeo4j('bench-import-profile');
  try {
    const file = process.env.PROFILE_FILE ?? path.join(ROOT, 'data', '10k-seed1.ndjson');
    const summary = await importFile(db.graph, { file, restart: true });
    console.log(
      JSON.stringify(summary.secondsByType),
      'interactions/s:',
      Math.round(summary.counts.interaction.created / summary.secondsByType.interaction!),
    );
    const rows = [...byStatement.entries()].sort((a, b) => b[1].ms - a[1].ms);
    for (const [k, v] of rows.slice(0, 40)) console.log(`${(v.ms / 1000).toFixed(2).padStart(8)} s ${String(v.n).padStart(6)}x  ${k}`);
  } finally {
    await db.close();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
