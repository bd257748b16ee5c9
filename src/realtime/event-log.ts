import { DomainError, ErrorCode, badInput } from '../common/errors';
import type { Graph, Tx } from '../db/graph';
import { Topics, type Delivered, type TopicName, type TopicPayloads } from './topics';

/**
 * The event log: every live event is a `(:Event {position, topic, payload, at})` node written in
 * the transaction of the change it reports (an outbox), so an event exists exactly when its change
 * committed. Positions come from one counter, `(:EventLog {id: 'events'})`, incremented as the
 * transaction's last statement: the write lock on it is held until the commit, so positions
 * increase in commit order across every server copy, and once position n is visible every
 * smaller position is visible too or was rolled back (a gap, never a late arrival).
 *
 * A cursor names a position in one log: the log's epoch (a random id given when the log is
 * created) and the position. A log emptied with the graph starts a new epoch, so a cursor of the
 * old one is expired, never silently taken for a position of the new one.
 */

/** One event as the log holds it. */
export interface LoggedEvent<T extends TopicName = TopicName> {
  position: number;
  /** The opaque cursor of this position (see {@link encodeEventCursor}). */
  cursor: string;
  topic: T;
  /** When it was logged (ms since the epoch). */
  at: number;
  /** What subscribers receive: the payload with the cursor (one object per event, shared by every subscriber that takes it). */
  payload: Delivered<T>;
}

/** The head of the log: its epoch (null before its first event), last position and the position retention trimmed through. */
export interface LogHead {
  epoch: string | null;
  position: number;
  trimmedThrough: number;
  /** The database's clock when it was read (ms since the epoch), on the same clock as the events' `at`. */
  readAt?: number;
  /** When the log went back in place and was given a new epoch: the epoch before, and its position then. */
  renewed?: { from: string; at: number } | null;
}

const TOPIC_NAMES = new Set<string>(Object.values(Topics));

/** The condition on the topic of a replay (the index on topic and position serves it). */
const OF_TOPIC = 'e.topic = $topic AND ';

/** The operation tag of the log's own reads (the relay's, in the background): what round-trip counts leave out. */
export const EVENT_LOG_OPERATION = 'event log';

/**
 * The epoch of a cursor taken before the log existed (no event was ever logged): it stands for the
 * start of whichever log comes first.
 */
export const NO_LOG_YET = 'none';

/** The cursor of `position` in the log of `epoch`: opaque to clients (base64url). */
export function encodeEventCursor(epoch: string, position: number): string {
  return Buffer.from(`e1:${epoch}:${position}`, 'utf8').toString('base64url');
}

/** Reads a cursor; one this API did not make is `BAD_USER_INPUT` on `after`. */
export function decodeEventCursor(cursor: string): { epoch: string; position: number } {
  const match =
    cursor.length <= 200 ? /^e1:([\w-]{1,64}):(0|[1-9]\d{0,14})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  // Exactly as this API writes it: Node's decoder skips characters it does not know and takes padding.
  if (!match || encodeEventCursor(match[1], Number(match[2])) !== cursor) {
    throw badInput('after', 'The cursor given in `after` is not an event cursor; use the `cursor` of an event this API delivered.');
  }
  return { epoch: match[1], position: Number(match[2]) };
}

/** The refusal of a cursor the log no longer covers: the client re-queries, then subscribes without `after`. */
export function cursorExpired(reason: string): DomainError {
  return new DomainError(
    ErrorCode.CURSOR_EXPIRED,
    `${reason} Query the current state again, then subscribe without \`after\` (or with the cursor of an event delivered since).`,
    { field: 'after' },
  );
}

/**
 * Checks that the log still holds every event after `cursor`: of this log (same epoch), not
 * trimmed past, not ahead of the head. Returns the position to replay after.
 */
export function checkCursor(head: LogHead, cursor: { epoch: string; position: number }): number {
  if (cursor.epoch === NO_LOG_YET && cursor.position !== 0) {
    throw badInput('after', 'The cursor given in `after` is not one this API delivered; use the `cursor` of an event, or `eventCursor`.');
  }
  if (cursor.epoch === NO_LOG_YET && head.trimmedThrough === 0) return 0;
  if (head.epoch !== cursor.epoch) {
    throw cursorExpired('The event log this cursor belongs to no longer exists (the graph was emptied or restored).');
  }
  if (cursor.position < head.trimmedThrough) {
    throw cursorExpired('The events after this cursor are older than the retention of the event log and have been removed.');
  }
  if (cursor.position > head.position) {
    throw badInput('after', 'The cursor given in `after` is ahead of the event log; use the `cursor` of an event this API delivered.');
  }
  return cursor.position;
}

/** The head of the log. */
export async function readHead(graph: Graph): Promise<LogHead> {
  const rows = await graph.read(
    `OPTIONAL MATCH (log:EventLog {id: 'events'})
     RETURN log.epoch AS epoch, coalesce(log.position, 0) AS position, coalesce(log.trimmedThrough, 0) AS trimmedThrough,
            datetime.realtime() AS readAt`,
    {},
    EVENT_LOG_OPERATION,
  );
  const r = rows[0];
  return { epoch: r.epoch, position: r.position, trimmedThrough: r.trimmedThrough, readAt: dateMs(r.readAt) };
}

/**
 * Up to `limit` events after `after` and at most `through`, in position order; only `topic`'s when
 * given. Payloads that do not parse, or topics this version does not know, are skipped (another
 * version of Rapport on the same graph).
 *
 * Give `through` the position up to which the log is known whole: what the relay of this copy has
 * read without a hole ({@link EventBus.settledThrough}). Past it, a read could see a later commit
 * and miss an earlier one still being applied (Neo4j reads committed data, not a snapshot, and
 * applies a commit in steps).
 */
export async function readEvents(
  graph: Graph,
  epoch: string,
  after: number,
  limit: number,
  options: { topic?: TopicName; through?: number } = {},
): Promise<{ events: LoggedEvent[]; last: number | null }> {
  const params = { after, limit, topic: options.topic ?? null, through: options.through ?? null };
  // Two statements rather than one with "$topic IS NULL OR": each then uses its own index.
  const rows = await graph.read(
    `MATCH (e:Event) WHERE ${options.topic ? OF_TOPIC : ''}e.position > toInteger($after)
       AND ($through IS NULL OR e.position <= toInteger($through))
     RETURN e.position AS position, e.topic AS topic, e.payload AS payload, e.at AS at
     ORDER BY e.position LIMIT toInteger($limit)`,
    params,
    EVENT_LOG_OPERATION,
  );
  return parsed(epoch, rows);
}

/**
 * The head of the log and up to `limit` of its events after `after`, up to that head, in one
 * statement (what the relay does after every commit), with the positions of every row read
 * (`positions`, also of events skipped as unreadable). The events are those of the head's epoch: a
 * caller that knew another epoch reads again from the right place.
 *
 * A position up to the head may be missing for a moment: Neo4j applies a commit's changes in
 * steps (the counter's new value before the new event's index entry), and a read in between sees
 * the one and not the other. The relay waits for such a hole before it goes past it.
 */
export async function readTail(
  graph: Graph,
  after: number,
  limit: number,
): Promise<{ head: LogHead; events: LoggedEvent[]; last: number | null; positions: number[] }> {
  const rows = await graph.read(
    `OPTIONAL MATCH (log:EventLog {id: 'events'})
     WITH log.epoch AS epoch, coalesce(log.position, 0) AS head, coalesce(log.trimmedThrough, 0) AS trimmedThrough,
          datetime.realtime() AS readAt, log.renewedFrom AS renewedFrom, log.renewedAt AS renewedAt
     CALL (head) {
       MATCH (e:Event) WHERE e.position > toInteger($after) AND e.position <= head
       WITH e ORDER BY e.position LIMIT toInteger($limit)
       RETURN collect({position: e.position, topic: e.topic, payload: e.payload, at: e.at}) AS events
     }
     RETURN epoch, head, trimmedThrough, readAt, renewedFrom, renewedAt, events`,
    { after, limit },
    EVENT_LOG_OPERATION,
  );
  const r = rows[0];
  const head: LogHead = {
    epoch: r.epoch,
    position: r.head,
    trimmedThrough: r.trimmedThrough,
    readAt: dateMs(r.readAt),
    renewed: r.renewedFrom ? { from: r.renewedFrom, at: r.renewedAt } : null,
  };
  if (head.epoch === null) return { head, events: [], last: null, positions: [] };
  return { head, ...parsed(head.epoch, r.events as Record<string, any>[]) };
}

/** The first position logged at or after `atMs` (the database's clock), or null when none is. */
export async function firstPositionSince(graph: Graph, atMs: number): Promise<number | null> {
  const rows = await graph.read(
    'MATCH (e:Event) WHERE e.at >= datetime({epochMillis: toInteger($at)}) RETURN min(e.position) AS first',
    { at: Math.floor(atMs) },
    EVENT_LOG_OPERATION,
  );
  return (rows[0]?.first as number | null) ?? null;
}

/**
 * Gives the log a new epoch when it went back in place (a backup restored over the graph keeps the
 * epoch, with a lower position): the positions after it would otherwise be given a second time,
 * to other events, under cursors clients already hold. Only when the log still stands below
 * `below` in `epoch` (several copies may notice at once: one renews). The log notes the epoch it
 * came from and its position then, so that every copy that knew the old epoch goes on from there.
 */
export async function renewEpochIfBehind(graph: Graph, epoch: string, below: number): Promise<void> {
  await graph.write(
    `MATCH (log:EventLog {id: 'events'})
     FOREACH (l IN CASE WHEN log.epoch = $epoch AND log.position < toInteger($below) THEN [log] ELSE [] END |
       SET l.epoch = randomUUID(), l.renewedFrom = $epoch, l.renewedAt = l.position)`,
    { epoch, below },
    EVENT_LOG_OPERATION,
  );
}

const dateMs = (v: unknown): number => (v instanceof Date ? v.getTime() : 0);

/** Events as rows hold them, with the cursors of `epoch`; rows that do not parse are skipped. */
function parsed(epoch: string, rows: Record<string, any>[]): { events: LoggedEvent[]; last: number | null; positions: number[] } {
  const events: LoggedEvent[] = [];
  for (const r of rows) {
    if (!TOPIC_NAMES.has(r.topic)) continue;
    let payload: unknown;
    try {
      payload = JSON.parse(r.payload);
    } catch {
      continue;
    }
    if (payload === null || typeof payload !== 'object') continue;
    const cursor = encodeEventCursor(epoch, r.position);
    events.push({
      position: r.position,
      cursor,
      topic: r.topic,
      at: dateMs(r.at),
      payload: { ...(payload as TopicPayloads[TopicName]), cursor },
    });
  }
  const positions = rows.map((r) => r.position as number);
  return { events, last: positions.length ? positions[positions.length - 1] : null, positions };
}

/**
 * Appends events as the last statement of a transaction: one increment of the counter (its write
 * lock orders the commits), then the events at the positions it reserved.
 */
export async function appendEvents(tx: Tx, events: { topic: TopicName; payload: string; customerIds?: string[] }[]): Promise<LogHead> {
  const rows = await tx.run(
    `MERGE (log:EventLog {id: 'events'})
       ON CREATE SET log.position = 0, log.trimmedThrough = 0, log.epoch = randomUUID()
     SET log.position = log.position + size($events)
     WITH log, log.position - size($events) AS base, datetime.realtime() AS now
     FOREACH (k IN range(0, size($events) - 1) |
       CREATE (:Event {position: base + k + 1, topic: $events[k].topic, payload: $events[k].payload,
                       customerIds: coalesce($events[k].customerIds, []), at: now}))
     RETURN log.epoch AS epoch, log.position AS position, log.trimmedThrough AS trimmedThrough, now AS readAt`,
    { events },
  );
  const r = rows[0];
  // (`readAt`: when they were logged, after the lock was taken: later than every event logged before)
  return { epoch: r.epoch, position: r.position, trimmedThrough: r.trimmedThrough, readAt: dateMs(r.readAt) };
}

/** The customers an event is about, as its payload names them (kept on the event, so that an erasure finds them exactly). */
export function customersOf(payload: object): string[] {
  const p = payload as { customerId?: unknown; customerIds?: unknown };
  const ids = Array.isArray(p.customerIds) ? p.customerIds : typeof p.customerId === 'string' ? [p.customerId] : [];
  return ids.filter((id): id is string => typeof id === 'string');
}

/**
 * Removes from the log every event about a customer (an erasure): a replay or a webhook never sends
 * them again. Matched on the ids the event names, exactly. Returns how many were removed.
 */
export async function forgetCustomerEvents(tx: Tx, customerId: string): Promise<number> {
  const rows = await tx.run('MATCH (e:Event) WHERE $id IN e.customerIds WITH e DELETE e RETURN count(*) AS removed', { id: customerId });
  return (rows[0]?.removed as number) ?? 0;
}

/**
 * A customer merged into another is the same person or company: the events about the merged one
 * name the survivor too, so that an erasure of the survivor removes them (a merge's own events are
 * logged after it, naming both).
 */
export async function mergeCustomerEvents(tx: Tx, survivorId: string, mergedId: string): Promise<void> {
  await tx.run(
    `MATCH (e:Event) WHERE $merged IN e.customerIds AND NOT $survivor IN e.customerIds
     SET e.customerIds = e.customerIds + $survivor`,
    { merged: mergedId, survivor: survivorId },
  );
}

/**
 * Removes events older than `cutoff`, `batch` at a time (each batch its own transaction, so a
 * large backlog never holds the log's lock for long), and records how far the log is trimmed.
 * Returns how many were removed.
 */
export async function trimEvents(graph: Graph, cutoff: Date, batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await graph.write(
      `MATCH (e:Event) WHERE e.at < datetime($cutoff)
       WITH e ORDER BY e.position LIMIT toInteger($batch)
       WITH collect(e) AS old, max(e.position) AS through
       OPTIONAL MATCH (log:EventLog {id: 'events'})
       FOREACH (e IN old | DELETE e)
       FOREACH (l IN CASE WHEN log IS NOT NULL AND through > log.trimmedThrough THEN [log] ELSE [] END | SET l.trimmedThrough = through)
       RETURN size(old) AS trimmed`,
      { cutoff: cutoff.toISOString(), batch },
      EVENT_LOG_OPERATION,
    );
    const trimmed = (rows[0]?.trimmed as number) ?? 0;
    total += trimmed;
    if (trimmed < batch) return total;
  }
}
