import { createHash } from 'node:crypto';
import neo4j, { isDate, isDateTime, isDuration, isInt, isLocalDateTime, isLocalTime, isPoint, isTime } from 'neo4j-driver';
import type { Graph } from '../../src/db/graph';

/**
 * The graph's fingerprint: counts and a checksum of every node and relationship (but the audit
 * trail), to prove that something changed nothing.
 */

/** A Neo4j value as deterministic text: typed, keys sorted, temporals as ISO strings, no precision lost. */
function stable(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (isInt(v as any)) return `i${(v as any).toString()}`;
  if (typeof v === 'bigint') return `i${v.toString()}`;
  if (typeof v === 'number') return `f${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (
    isDateTime(v as any) ||
    isDate(v as any) ||
    isLocalDateTime(v as any) ||
    isTime(v as any) ||
    isLocalTime(v as any) ||
    isDuration(v as any)
  ) {
    return `t${(v as any).toString()}`;
  }
  if (isPoint(v as any)) return `p${(v as any).toString()}`;
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v instanceof Uint8Array) return `b${Buffer.from(v).toString('hex')}`;
  if (typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as any)[k])}`)
      .join(',')}}`;
  }
  return `?${String(v)}`;
}

export interface Fingerprint {
  nodes: number;
  relationships: number;
  sha256: string;
}

/** The properties but those named. */
const without = (props: Record<string, unknown>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(props).filter(([k]) => !names.includes(k)));

/**
 * Counts and a checksum of the whole graph but the audit trail and the event log (records of what
 * happened, which a change adds to and a restore does not take back). With `only`, just the nodes with
 * those element ids and the relationships between two of them; `ignoredProperties` are left out of every node.
 */
export async function graphFingerprint(
  graph: Graph,
  only?: Set<string>,
  ignoredProperties: readonly string[] = [],
): Promise<Fingerprint & { elementIds: Set<string> }> {
  const session = graph.driver.session({ database: graph.database, defaultAccessMode: neo4j.session.READ });
  try {
    const nodes = await session.run(
      'MATCH (n) WHERE NOT n:AuditEntry AND NOT n:Event AND NOT n:EventLog RETURN elementId(n) AS e, labels(n) AS labels, properties(n) AS props',
    );
    const rels = await session.run(
      'MATCH (a)-[r]->(b) WHERE NOT a:AuditEntry AND NOT b:AuditEntry RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type, properties(r) AS props',
    );
    const keep = (e: string) => !only || only.has(e);
    const nodeLines = nodes.records
      .filter((r) => keep(r.get('e')))
      .map(
        (r) =>
          `N ${r.get('e')} ${[...(r.get('labels') as string[])].sort().join(':')} ${stable(without(r.get('props'), ignoredProperties))}`,
      );
    const relLines = rels.records
      .filter((r) => keep(r.get('a')) && keep(r.get('b')))
      .map((r) => `R ${r.get('a')} -[${r.get('type')} ${stable(r.get('props'))}]-> ${r.get('b')}`);
    const hash = createHash('sha256');
    for (const line of [...nodeLines.sort(), ...relLines.sort()]) hash.update(line).update('\n');
    return {
      nodes: nodeLines.length,
      relationships: relLines.length,
      sha256: hash.digest('hex'),
      elementIds: new Set(nodes.records.map((r) => r.get('e') as string)),
    };
  } finally {
    await session.close();
  }
}
