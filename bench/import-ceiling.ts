import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Graph } from '../src/db/graph';
import { DEFAULT_BATCH_SIZE } from '../src/import/importer';
import { interactionProps } from '../src/modules/interaction/interaction.import';
import type { InteractionRecord } from '../src/import/records';

/**
 * The import's ceiling on this machine: how fast the simplest hand-written Cypher writes the same
 * interactions through neo4j-driver, in the importer's batch size, one transaction a batch, one
 * batch at a time. Two writes, each of the first `count` interactions of the data set:
 * - `nodes`: each interaction as a node with the importer's properties, and nothing else (no
 *   index, no relationship, no check);
 * - `nodesAndLinks`: the same, plus its relationships to its customer and handler, found by
 *   external id (as the importer does).
 * They go under a label and relationship types of their own (nothing reads them), and are
 * deleted afterwards. The importer does more for each interaction: an idempotent MERGE on its
 * external id, four indexes, its needs and topics, the customer's HAS_NEED, and the checks that
 * reject bad rows.
 */
export interface ImportCeiling {
  interactions: number;
  nodesPerSecond: number;
  nodesAndLinksPerSecond: number;
}

interface CeilingRow {
  customer: string;
  handler: string;
  occurredAt: string;
  props: Record<string, unknown>;
}

const STATEMENTS = {
  nodes: `UNWIND $rows AS r
    CREATE (i:BenchCeiling) SET i = r.props, i.occurredAt = datetime(r.occurredAt)`,
  nodesAndLinks: `UNWIND $rows AS r
    MATCH (c:Customer {externalId: r.customer}), (e:Employee {externalId: r.handler})
    CREATE (i:BenchCeiling) SET i = r.props, i.occurredAt = datetime(r.occurredAt)
    CREATE (i)-[:BENCH_CEILING_CUSTOMER]->(c), (i)-[:BENCH_CEILING_HANDLER]->(e)`,
};

/** The first `count` interaction records of an NDJSON data set, as rows with the importer's properties. */
async function readInteractions(file: string, count: number): Promise<CeilingRow[]> {
  const rows: CeilingRow[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.includes('"type":"interaction"')) continue;
    const r = JSON.parse(line) as InteractionRecord;
    rows.push({ customer: r.customer, handler: r.handler, occurredAt: r.occurredAt, props: interactionProps(r) });
    if (rows.length === count) break;
  }
  lines.close();
  return rows;
}

async function deleteCeilingNodes(graph: Graph): Promise<void> {
  for (;;) {
    const [{ n }] = await graph.write('MATCH (i:BenchCeiling) WITH i LIMIT 10000 DETACH DELETE i RETURN count(*) AS n', {}, 'bench');
    if (n === 0) return;
  }
}

async function writeAll(graph: Graph, cypher: string, rows: CeilingRow[]): Promise<void> {
  for (let at = 0; at < rows.length; at += DEFAULT_BATCH_SIZE) {
    await graph.write(cypher, { rows: rows.slice(at, at + DEFAULT_BATCH_SIZE) }, 'bench');
  }
}

/** Measures both writes on the first `count` interactions of `file` (the data set the importer loaded). */
export async function measureImportCeiling(graph: Graph, file: string, count = 40_000): Promise<ImportCeiling> {
  const rows = await readInteractions(file, count);
  const rates: Record<keyof typeof STATEMENTS, number> = { nodes: 0, nodesAndLinks: 0 };
  for (const name of Object.keys(STATEMENTS) as (keyof typeof STATEMENTS)[]) {
    // Warmed first, as the importer's statements are by the time its interactions are timed.
    await writeAll(graph, STATEMENTS[name], rows.slice(0, 2 * DEFAULT_BATCH_SIZE));
    await deleteCeilingNodes(graph);
    const started = performance.now();
    await writeAll(graph, STATEMENTS[name], rows);
    rates[name] = Math.round(rows.length / ((performance.now() - started) / 1000));
    await deleteCeilingNodes(graph);
  }
  return { interactions: rows.length, nodesPerSecond: rates.nodes, nodesAndLinksPerSecond: rates.nodesAndLinks };
}
