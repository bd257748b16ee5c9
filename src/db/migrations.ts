import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Graph } from './graph';
import { projectRoot } from './local-neo4j';

/** One file of `schema/cypher/`: `NNN_name.cypher`, applied in version order. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
  checksum: string;
}

export interface MigrationReport {
  applied: number[];
  skipped: number[];
  current: number;
}

/** Reads the migration files; statements end with `;` at the end of a line. `//` lines are comments. */
export function loadMigrations(dir = path.join(projectRoot(), 'schema', 'cypher')): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_[\w-]+\.cypher$/.test(f))
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const body = text
        .split('\n')
        .filter((l) => !l.trim().startsWith('//'))
        .join('\n');
      return {
        version: Number(file.split('_')[0]),
        name: file.replace(/\.cypher$/, ''),
        statements: body
          .split(/;\s*$/m)
          .map((s) => s.trim())
          .filter(Boolean),
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies every migration whose version is not yet recorded as a `(:Migration)` node, in order,
 * and records it. Schema statements are idempotent, so a run interrupted halfway is safe to
 * repeat; running twice changes nothing.
 */
export async function migrate(graph: Graph, migrations = loadMigrations()): Promise<MigrationReport> {
  let done = new Set<number>();
  try {
    const rows = await graph.read('MATCH (m:Migration) RETURN m.version AS version', {}, 'migrations');
    done = new Set(rows.map((r) => r.version as number));
  } catch {
    // A fresh database has no Migration label yet; the read above still works on Neo4j 5.
  }
  const report: MigrationReport = { applied: [], skipped: [], current: 0 };
  for (const m of migrations) {
    if (done.has(m.version)) {
      report.skipped.push(m.version);
      continue;
    }
    // Schema changes cannot share a transaction with data writes: one statement each.
    for (const statement of m.statements) await graph.write(statement, {}, `migration ${m.name}`);
    await graph.write(
      'MERGE (m:Migration {version: $version}) ON CREATE SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()',
      { version: m.version, name: m.name, checksum: m.checksum },
      'migrations',
    );
    report.applied.push(m.version);
  }
  await graph.read('CALL db.awaitIndexes(300)', {}, 'migrations');
  report.current = migrations.length ? migrations[migrations.length - 1].version : 0;
  return report;
}
