import type { Graph, Params, Row } from './graph';

/** Something that runs read statements: the graph itself, or a {@link ReadBatcher} in front of it. */
export interface Reader {
  /**
   * Runs one read statement. With `columns` (the names its final RETURN gives), the statement
   * may be combined with others issued at the same moment.
   */
  read(cypher: string, params: Params, operation: string, columns?: readonly string[]): Promise<Row[]>;
}

/**
 * Combines the read statements that one request's DataLoaders issue at the same moment (one
 * level of the GraphQL query: pages, counts, related nodes, look-ups by id) into ONE statement
 * of `CALL () { ... }` subqueries, so a level costs one round trip instead of one per loader.
 *
 * Each statement's parameters are renamed `$q<k>_<name>` (statements come from the fixed
 * fragments of `list-query.ts`; parameter names are words in code, values stay parameters), and
 * its rows come back as a list of maps named by `columns`. When the combined statement fails,
 * every statement in it fails with the same error (they serve one request).
 */
export class ReadBatcher implements Reader {
  private queue: {
    cypher: string;
    params: Params;
    operation: string;
    columns: readonly string[];
    resolve: (rows: Row[]) => void;
    reject: (e: unknown) => void;
  }[] = [];

  constructor(private readonly graph: Graph) {}

  read(cypher: string, params: Params, operation: string, columns?: readonly string[]): Promise<Row[]> {
    if (!columns) return this.graph.read(cypher, params, operation);
    return new Promise((resolve, reject) => {
      this.queue.push({ cypher, params, operation, columns, resolve, reject });
      // After DataLoader's own dispatch (process.nextTick): every loader of this level has queued.
      if (this.queue.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 1) {
      const [only] = batch;
      this.graph.read(only.cypher, only.params, only.operation).then(only.resolve, only.reject);
      return;
    }
    const params: Params = {};
    // The rows of statement <index> come back as the list r<index>.
    const lists = batch.map((_, index) => `r${index}`);
    const subqueries = batch.map((q, index) => {
      for (const [name, value] of Object.entries(q.params)) params[`q${index}_${name}`] = value;
      const body = q.cypher.replace(/\$([A-Za-z_]\w*)/g, (_, name: string) => `$q${index}_${name}`);
      const row = q.columns.map((c) => `${c}: ${c}`).join(', ');
      return `CALL () {\n  CALL () {\n    ${body}\n  }\n  RETURN collect({${row}}) AS ${lists[index]}\n}`;
    });
    const cypher = `${subqueries.join('\n')}\nRETURN ${lists.join(', ')}`;
    try {
      const [rows] = await this.graph.read(cypher, params, [...new Set(batch.map((q) => q.operation))].join(' + '));
      batch.forEach((q, index) => q.resolve(rows[lists[index]] as Row[]));
    } catch (e) {
      for (const q of batch) q.reject(e);
    }
  }
}
