import neo4j, {
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isNode,
  isRelationship,
  isTime,
  Neo4jError,
  type Driver,
  type QueryResult,
} from 'neo4j-driver';
import { DomainError, ErrorCode } from '../common/errors';

/** A row of a Cypher result, with Neo4j values turned into plain JavaScript values. */
export type Row = Record<string, any>;

export type Params = Record<string, unknown>;

/** A write transaction as seen by repositories: run statements, get plain rows back. */
export interface Tx {
  run(cypher: string, params?: Params): Promise<Row[]>;
  /**
   * In a write transaction: `step` runs in it after the work, as its last statements (the event
   * log appends there, so that it holds its lock for as short a time as possible). Absent in reads.
   */
  beforeCommit?(step: (tx: Tx) => Promise<void>): void;
  /** In a write transaction: `step` runs once it has committed (never if it rolled back). Absent in reads. */
  afterCommit?(step: () => void): void;
}

/**
 * The one door to Neo4j. Reads run as auto-commit statements in read sessions (a cluster may
 * route them to followers), writes through managed write transactions (retried by the driver on transient
 * errors). Each transaction is tagged with the GraphQL operation in its metadata. Results come
 * back as plain objects: integers as numbers, date-times as `Date`, nodes as their properties.
 * Driver errors are mapped by `Neo4jError.code`; Cypher never reaches a client.
 */
export class Graph {
  /** Statements sent to Neo4j since start; the round-trip tests and benchmarks read it. */
  statementCount = 0;

  /** Statements sent since start, by operation tag (the round-trip tests leave out sign-in checks). */
  readonly statementsByOperation = new Map<string, number>();

  /** Called after every committed write transaction (the analytics cache forgets its answers). */
  afterWrite?: () => void;

  /** Called after every statement with its operation tag, duration in seconds and outcome (metrics). */
  observe?: (operation: string, seconds: number, ok: boolean) => void;

  /**
   * Called after every statement that succeeded, with its text and Neo4j's own times from the
   * result summary: `availableAfterMs` (planning, or a plan from the cache, and the first row) and
   * `consumedAfterMs` (the rest). The server logs them at the debug level (where a first request's time goes).
   */
  timed?: (statement: { operation: string; cypher: string; ms: number; availableAfterMs: number; consumedAfterMs: number }) => void;

  constructor(
    readonly driver: Driver,
    readonly database: string,
  ) {}

  /** Runs one read statement in its own read transaction. */
  async read(cypher: string, params: Params = {}, operation = 'anonymous'): Promise<Row[]> {
    return this.readTx((tx) => tx.run(cypher, params), operation);
  }

  /** Runs one write statement in its own write transaction. */
  async write(cypher: string, params: Params = {}, operation = 'anonymous'): Promise<Row[]> {
    return this.writeTx((tx) => tx.run(cypher, params), operation);
  }

  /**
   * Runs `work`'s reads as auto-commit statements in one session: one network round trip per
   * statement, where a managed transaction costs three (begin, run, commit). Reads gain nothing
   * from an explicit transaction (Neo4j reads are read-committed either way). A statement that
   * fails with a retriable error (a leader switch, a lost connection) is retried twice.
   */
  async readTx<T>(work: (tx: Tx) => Promise<T>, operation = 'anonymous'): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
      try {
        return await work(this.wrap((cypher, params) => session.run(cypher, params, txConfig(operation)), operation));
      } catch (e) {
        if (attempt < 3 && e instanceof Neo4jError && e.retriable) {
          await new Promise((r) => setTimeout(r, 50 * attempt));
          continue;
        }
        throw mapDriverError(e);
      } finally {
        await session.close();
      }
    }
  }

  /**
   * Runs `work` in one write transaction: all of it commits, or (on any throw, a
   * {@link DomainError} included) none of it does.
   */
  async writeTx<T>(work: (tx: Tx) => Promise<T>, operation = 'anonymous'): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      // The driver may run the work again (a transient error): each attempt gets its own steps.
      const { result, committed } = await session.executeWrite(async (tx) => {
        const before: ((tx: Tx) => Promise<void>)[] = [];
        const committed: (() => void)[] = [];
        const wrapped = this.wrap((cypher, params) => tx.run(cypher, params), operation);
        wrapped.beforeCommit = (step) => before.push(step);
        wrapped.afterCommit = (step) => committed.push(step);
        const result = await work(wrapped);
        for (let k = 0; k < before.length; k++) await before[k](wrapped);
        return { result, committed };
      }, txConfig(operation));
      this.afterWrite?.();
      for (const step of committed) step();
      return result;
    } catch (e) {
      throw mapDriverError(e);
    } finally {
      await session.close();
    }
  }

  private wrap(runner: (cypher: string, params: Params) => Promise<QueryResult>, operation: string): Tx {
    return {
      run: async (cypher, params = {}) => {
        this.statementCount++;
        this.statementsByOperation.set(operation, (this.statementsByOperation.get(operation) ?? 0) + 1);
        const started = process.hrtime.bigint();
        let ok = false;
        try {
          const result = await withoutCallSite(() => runner(cypher, params));
          ok = true;
          if (this.timed) {
            const { resultAvailableAfter, resultConsumedAfter } = result.summary;
            this.timed({
              operation,
              cypher,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
              availableAfterMs: Number(resultAvailableAfter),
              consumedAfterMs: Number(resultConsumedAfter),
            });
          }
          return result.records.map((r) => toPlain(r.toObject()) as Row);
        } finally {
          this.observe?.(operation, Number(process.hrtime.bigint() - started) / 1e9, ok);
        }
      },
    };
  }
}

/**
 * Runs `start` (which starts a statement) without the call-site stack trace neo4j-driver records
 * for every statement, in case it fails: formatting it cost 2-3% of the server's CPU time per
 * request, and the call site is always {@link Graph}. Driver errors keep their message and code.
 */
function withoutCallSite<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function txConfig(operation: string) {
  return { metadata: { app: 'rapport', operation: operation.slice(0, 200) } };
}

/** Converts Neo4j values (integers, temporals, nodes, lists, maps) of a result to plain JavaScript. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return value; // strings, numbers, booleans: most values, no type checks
  // Lists and maps of a result are fresh objects of this result alone: converted in place, which
  // spares a copy of every row (less garbage on every read). They come before the driver's own
  // types, which are class instances: most objects of a result are maps, and the type checks
  // below cost a property look-up each.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = toPlain(value[i]);
    return value;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) return plainMap(value);
  if (isInt(value)) return value.toNumber();
  if (isDateTime(value as any)) return (value as any).toStandardDate();
  if (isDate(value as any) || isLocalDateTime(value as any) || isTime(value as any) || isLocalTime(value as any))
    return (value as any).toString();
  if (isDuration(value as any)) return (value as any).toString();
  if (isNode(value as any) || isRelationship(value as any)) return toPlain((value as any).properties);
  return plainMap(value);
}

function plainMap(value: object): object {
  const map = value as Record<string, unknown>;
  for (const k of Object.keys(map)) map[k] = toPlain(map[k]);
  return map;
}

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired']);

/** Maps a driver error to a {@link DomainError} where a client can act on it; rethrows the rest. */
export function mapDriverError(e: unknown): unknown {
  if (e instanceof DomainError) return e;
  if (e instanceof Neo4jError) {
    if (UNAVAILABLE.has(e.code)) {
      return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The knowledge graph is unavailable right now; try again shortly.');
    }
    // Every connection of the pool stayed busy for the acquisition timeout: overloaded, not broken.
    if (e.message.startsWith('Connection acquisition timed out')) {
      return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The knowledge graph is too busy right now; try again shortly.');
    }
    // A node the statement had found was deleted by a transaction that committed meanwhile (an erasure
    // deleting the interaction being tagged): the target is gone.
    if (e.code === 'Neo.ClientError.Statement.EntityNotFound') {
      return new DomainError(
        ErrorCode.NOT_FOUND,
        "Something this change names was deleted meanwhile (an erased customer's interaction, for example); read it again.",
      );
    }
    if (e.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new DomainError(
        ErrorCode.CONFLICT,
        'This would duplicate a record that must be unique (an email, external id or name already in use).',
      );
    }
  }
  return e;
}

/** True for the driver's error of a statement refused by a uniqueness constraint (before {@link mapDriverError} words it). */
export const isConstraintViolation = (e: unknown): boolean =>
  e instanceof Neo4jError && e.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';

/** The ids among `ids` that name no node of `label` (label from a fixed list in code). */
export async function missingIds(tx: Tx, label: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.run(`UNWIND $ids AS id OPTIONAL MATCH (n:${label} {id: id}) WITH id, n WHERE n IS NULL RETURN id`, {
    ids: [...new Set(ids)],
  });
  return rows.map((r) => r.id as string);
}
