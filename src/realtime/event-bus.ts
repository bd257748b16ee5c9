import { setMaxListeners } from 'node:events';
import { FixedBuffer, Repeater } from '@graphql-yoga/subscription';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import type { Graph, Tx } from '../db/graph';
import {
  appendEvents,
  checkCursor,
  customersOf,
  decodeEventCursor,
  encodeEventCursor,
  firstPositionSince,
  NO_LOG_YET,
  readEvents,
  readHead,
  readTail,
  renewEpochIfBehind,
  trimEvents,
  type LogHead,
  type LoggedEvent,
} from './event-log';
import { Topics, type Delivered, type EventRecorder, type TopicName, type TopicPayloads } from './topics';

/**
 * The event bus behind subscriptions, fed by the event log (see `event-log.ts`).
 *
 * - **Recording.** Services record an event in the transaction of their change
 *   ({@link EventRecorder.record}); it is appended to the log as the transaction's last statement.
 * - **Relaying.** Every server copy tails the log and hands each event, in position order, to its
 *   own subscribers. It reads the log when a write of its own commits, when another copy says
 *   through Redis that the log moved, and at least every `pollMs` otherwise. So Redis only makes
 *   delivery faster: with Redis down, or a commit whose acknowledgement was lost, events arrive
 *   with the next poll, never lost; each copy delivers every event once, in the same order.
 * - **Resuming.** A subscription given `after` first replays what the log holds after that cursor
 *   (same topic and filter), then continues live; an event is delivered at most once per
 *   subscription, judged by its position, so the seam has no gap and no duplicate.
 * - **Retention.** Events older than `retentionHours` are trimmed in batches; a cursor from before
 *   the trim is refused with `CURSOR_EXPIRED`.
 */

/** Events queued for one live subscriber before it counts as too far behind. */
export const SUBSCRIBER_BUFFER = 256;

/** Events read from the log at once, by the relay and by a replay. */
const PAGE = 500;

/** Live events kept for a subscription while it replays; beyond that it reads them from the log instead. */
const REPLAY_QUEUE_LIMIT = 10_000;

/** The Redis channel on which a copy tells the others that the log moved (the message: the new position). */
const NUDGE_CHANNEL = 'rapport.eventlog.v1';

/**
 * How far before the last read of a log that was replaced the relay looks in the new one: a
 * commit in flight at that read was logged before it and seen after it (clocks of the database).
 */
const IN_FLIGHT_MARGIN_MS = 60_000;

/** How long a position below the head may stay missing before the relay goes past it (see `passHole`). */
const HOLE_WAIT_MS = 2_000;

/** How soon the relay reads again when it stopped before a missing position. */
const HOLE_RETRY_MS = 20;

/** How often the log is trimmed to its retention. */
const TRIM_EVERY_MS = 10 * 60_000;

/** How long closing waits for Redis to acknowledge QUIT before dropping the connection. */
const CLOSE_TIMEOUT_MS = 1_000;

export interface EventBusStats {
  /** Events this copy handed to its subscribers since start. */
  published: number;
  /** Failed reads of the log and failed Redis notices (each retried: delayed, not lost). */
  publishFailures: number;
  /** The last position of the log this copy has relayed. */
  position: number;
}

export interface EventBus extends EventRecorder {
  readonly stats: EventBusStats;
  /** Resolves once the relay knows the log's head (subscriptions before that would miss nothing, but wait). */
  ready(): Promise<void>;
  /** How many subscriptions of this process listen to `topic` now. */
  listenerCount(topic: TopicName): number;
  /**
   * Events of `topic` that `accept` lets through, in position order, each with its cursor. With
   * `after`, the log's events after that cursor first (a cursor that is not one, or that the log
   * no longer covers, throws before anything is delivered). When more than
   * {@link SUBSCRIBER_BUFFER} live events wait for a slow consumer, `onOverflow` is called (it
   * closes the consumer's connection) and the stream ends: a consumer never grows memory.
   */
  subscribe<T extends TopicName>(
    topic: T,
    accept: Accept<T>,
    onOverflow: () => void,
    after?: string | null,
  ): Promise<AsyncIterableIterator<Delivered<T>>>;
  /** The cursor of the log as it stands now (see the `eventCursor` query). */
  cursorNow(): Promise<string>;
  /**
   * The position up to which this copy's relay has read the log of `epoch` whole (every event up to
   * it visible, none missing that could still appear): how far another reader of the log (the
   * webhook dispatcher) may go. Null when the relay is not on that epoch.
   */
  settledThrough(epoch: string): number | null;
  /** Calls `listener` on every event relayed to this copy (its own and other copies'). */
  observe(listener: (topic: TopicName) => void): void;
  /** Reads the log now (tests; the relay does it by itself). */
  poll(): Promise<void>;
  close(): Promise<void>;
}

export interface EventBusOptions {
  graph: Graph;
  logger: Logger;
  /** Redis, to tell the other copies at once that the log moved. Without it, they learn by polling. */
  redisUrl?: string;
  /** Longest wait between reads of the log without a notice (default 1,000 ms). */
  pollMs?: number;
  /** How long the log keeps events (default 168 h, 7 days). */
  retentionHours?: number;
  /** Relay and trim (default true); a command-line run that only records events turns them off. */
  relay?: boolean;
  /** Record events (default true). Off only to measure what the log costs a write: nothing is live then. */
  log?: boolean;
}

/** Whether a subscription takes an event: at once, or after a read (a check of the graph as of now). */
export type Accept<T extends TopicName> = (payload: TopicPayloads[T]) => boolean | Promise<boolean>;

interface Relayed {
  epoch: string;
  event: LoggedEvent;
}

export function createEventBus(options: EventBusOptions): EventBus {
  const { graph, logger } = options;
  const pollMs = options.pollMs ?? 1_000;
  const retentionMs = (options.retentionHours ?? 168) * 3600_000;
  const stats: EventBusStats = {
    published: 0,
    publishFailures: 0,
    get position() {
      return relay.last;
    },
  };
  const target = new EventTarget();
  // Every subscription is a listener: hundreds on one topic are normal here, not a leak to warn of.
  setMaxListeners(0, target);

  // ---- Redis: notices that the log moved --------------------------------------------------
  let publisher: Redis | undefined;
  let subscriber: Redis | undefined;
  if (options.redisUrl) {
    // The publisher fails fast while Redis is down (no offline queue to grow): the other copies
    // then learn of the event by polling. The subscriber keeps its queue to subscribe again on reconnect.
    publisher = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    if (options.relay !== false) subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    for (const c of [publisher, subscriber]) c?.on('error', (e) => logger.warn({ err: e }, 'Redis connection error'));
    if (subscriber) {
      subscriber.subscribe(NUDGE_CHANNEL).catch((e) => logger.warn({ err: e }, 'subscribing to event notices failed'));
      // A notice only says "read the log": whatever it carries, nothing in it is trusted.
      subscriber.on('message', () => nudge());
      // Back after an outage: read at once what the others noted meanwhile.
      subscriber.on('ready', () => nudge());
    }
  }
  const tellOthers = (position: number) => {
    publisher?.publish(NUDGE_CHANNEL, String(position)).catch((e) => {
      stats.publishFailures++;
      logger.warn({ err: e }, 'telling the other copies of new events failed; they will read them at their next poll');
    });
  };

  // ---- Recording ------------------------------------------------------------------------------
  const staged = new WeakMap<Tx, { topic: TopicName; payload: string; customerIds: string[] }[]>();
  const record: EventRecorder['record'] = (tx, topic, payload) => {
    if (options.log === false) return;
    const pending = staged.get(tx);
    const event = { topic, payload: JSON.stringify(payload), customerIds: customersOf(payload) };
    if (pending) {
      pending.push(event);
      return;
    }
    if (!tx.beforeCommit || !tx.afterCommit) throw new Error('Events are recorded in a write transaction.');
    const events = [event];
    staged.set(tx, events);
    let appended: LogHead | null = null;
    tx.beforeCommit(async (t) => {
      appended = await appendEvents(t, events);
    });
    tx.afterCommit(() => {
      const head = appended as LogHead | null;
      if (!head) return;
      relayCommitted(head.epoch as string, head.position - events.length + 1, events, head.readAt ?? 0);
      tellOthers(head.position);
    });
  };

  // ---- Relaying -------------------------------------------------------------------------------
  const startedAt = Date.now();
  const relay = {
    /** False until the log was read once. */
    known: false,
    epoch: null as string | null,
    /** The last position relayed: every event up to it was handed to the subscribers there were. */
    last: 0,
    /** When the log was last read (the database's clock). */
    readAt: 0,
  };
  let started: Promise<void> = Promise.resolve();
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  /**
   * Where to go on in a log other than the one known (created since the last read, emptied and
   * started again, restored from a backup), or when the start could not read the log: at the
   * first event logged since `since`, nothing older (events of a restored backup are not news),
   * and not past `upTo` when given.
   */
  const restart = async (epoch: string | null, since: number, upTo?: number) => {
    let last = 0;
    if (epoch !== null) {
      // The head first: whatever commits after it was logged after `since` and is found either way.
      const head = await readHead(graph);
      const first = await firstPositionSince(graph, since);
      last = Math.min(first === null ? head.position : first - 1, upTo ?? Infinity);
    }
    // All at once: a subscription that starts meanwhile sees the old state or the new, never half.
    relay.known = true;
    relay.epoch = epoch;
    relay.last = last;
  };

  /** Hands one event to this copy's subscribers (each filters it for itself). */
  const handOut = (epoch: string, event: LoggedEvent) => {
    stats.published++;
    target.dispatchEvent(new CustomEvent<Relayed>(event.topic, { detail: { epoch, event } }));
  };

  /** Runs of positions missing below the head, by their first position, with when each was first seen missing (ms). */
  const holes = new Map<number, number>();
  let holeTimer: NodeJS.Timeout | undefined;
  /**
   * Whether to go past the positions missing from `from` to `to`: not while they may still appear
   * (a commit being applied in steps, see `readTail`); yes once the run stayed missing
   * {@link HOLE_WAIT_MS} (events erased before they were relayed), all of it at once. Until then
   * the relay stops before it and reads again shortly.
   */
  const passHole = (from: number, to: number): boolean => {
    const now = Date.now();
    const since = holes.get(from);
    if (since === undefined) holes.set(from, now);
    if (since !== undefined && now - since >= HOLE_WAIT_MS) {
      logger.warn({ from, to }, 'event log positions stayed missing; relaying past them (events erased before they were relayed?)');
      return true;
    }
    if (!holeTimer) {
      holeTimer = setTimeout(() => {
        holeTimer = undefined;
        nudge();
      }, HOLE_RETRY_MS);
      holeTimer.unref();
    }
    return false;
  };

  const tail = async () => {
    for (;;) {
      const relayed = relay.last; // (it may grow while the read is under way, by commits of this copy)
      const { head, events, positions } = await readTail(graph, relayed, PAGE);
      if (!relay.known) {
        await restart(head.epoch, startedAt - IN_FLIGHT_MARGIN_MS);
        continue;
      }
      if (head.epoch !== relay.epoch) {
        if (relay.epoch !== null && head.renewed?.from === relay.epoch) {
          // The log known went back in place and was renewed (see below): what it held up to then
          // was relayed already, and what came after the last read is new.
          await restart(head.epoch, relay.readAt, head.renewed.at);
        } else {
          if (relay.epoch !== null) logger.warn('the event log was replaced; relaying its events logged since');
          // Less a margin: a commit in flight at the last read was logged before it and seen after it.
          await restart(head.epoch, relay.readAt - IN_FLIGHT_MARGIN_MS);
        }
        continue;
      }
      if (head.epoch !== null && head.position < relayed) {
        // The log went back in place (a backup restored over the graph): give it a new epoch, so
        // that positions given again are never taken for those clients already hold.
        logger.warn({ position: head.position, relayed }, 'the event log went back; starting a new epoch');
        await renewEpochIfBehind(graph, head.epoch, relayed);
        continue;
      }
      relay.readAt = head.readAt ?? relay.readAt;
      // Positions are dense (a transaction takes as many as it logs; one rolled back gives them
      // back): relay in order up to the first one missing, never past it while it may still appear.
      let next = Math.max(relay.last, head.trimmedThrough) + 1;
      let blocked = false;
      const byPosition = new Map(events.map((e) => [e.position, e]));
      const through = positions.length === PAGE ? positions[positions.length - 1] : head.position;
      const upTo = (position: number) => {
        if (next < position) {
          if (!passHole(next, position - 1)) return false;
          next = position;
        }
        return true;
      };
      for (const position of positions) {
        if (position < next) continue; // handed out meanwhile, from a commit of this copy
        if (!upTo(position)) {
          blocked = true;
          break;
        }
        const event = byPosition.get(position);
        if (event) {
          handOut(head.epoch as string, event);
        }
        next = position + 1;
      }
      if (!blocked) blocked = !upTo(through + 1);
      relay.last = next - 1;
      for (const position of holes.keys()) if (position <= relay.last) holes.delete(position);
      if (blocked || relay.last >= head.position) return; // done until the next notice (or the hole's re-read)
    }
  };
  /**
   * Hands this copy's own committed events to its subscribers at once, without reading them back,
   * when they come right after what the relay has handed out (the usual case with one copy); else
   * the relay reads the log, which has them.
   */
  const relayCommitted = (epoch: string, first: number, events: { topic: TopicName; payload: string }[], loggedAt: number) => {
    if (closed || options.relay === false) return;
    if (!relay.known || relay.epoch !== epoch || first !== relay.last + 1) {
      nudge();
      return;
    }
    events.forEach(({ topic, payload }, k) => {
      const position = first + k;
      const cursor = encodeEventCursor(epoch, position);
      const event: LoggedEvent = {
        position,
        cursor,
        topic,
        at: loggedAt,
        payload: { ...(JSON.parse(payload) as object), cursor } as never,
      };
      handOut(epoch, event);
    });
    relay.last = first + events.length - 1;
    // As if read then: what is logged later is news, should the log be replaced (see `restart`).
    relay.readAt = Math.max(relay.readAt, loggedAt);
  };

  const nudge = () => {
    if (closed || options.relay === false) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await started;
        do {
          again = false;
          await tail();
        } while (again && !closed);
      } catch (e) {
        stats.publishFailures++;
        logger.warn({ err: e }, 'reading the event log failed; retrying at the next poll');
      } finally {
        running = null;
      }
    })();
  };

  let pollTimer: NodeJS.Timeout | undefined;
  let trimTimer: NodeJS.Timeout | undefined;
  if (options.relay !== false) {
    // Start at the head: what was logged before this copy started had no subscriber here.
    started = readHead(graph).then(
      (head) => {
        relay.known = true;
        relay.epoch = head.epoch;
        relay.last = head.position;
        relay.readAt = head.readAt ?? 0;
      },
      (e) => logger.warn({ err: e }, 'the event log could not be read at start; relaying what is logged since the start once it can be'),
    );
    pollTimer = setInterval(nudge, pollMs);
    pollTimer.unref();
    const trim = () =>
      trimEvents(graph, new Date(Date.now() - retentionMs)).then(
        (n) => n && logger.info({ trimmed: n }, 'trimmed the event log to its retention'),
        (e) => logger.warn({ err: e }, 'trimming the event log failed; trying again later'),
      );
    void started.then(trim);
    trimTimer = setInterval(trim, TRIM_EVERY_MS);
    trimTimer.unref();
  }

  // ---- Subscribing ----------------------------------------------------------------------------
  const listeners = new Map<string, number>();
  const count = (topic: string, delta: number) => listeners.set(topic, (listeners.get(topic) ?? 0) + delta);

  async function subscribe<T extends TopicName>(
    topic: T,
    accept: Accept<T>,
    onOverflow: () => void,
    after?: string | null,
  ): Promise<AsyncIterableIterator<Delivered<T>>> {
    let from: { epoch: string; position: number } | null = null;
    const cursor = after != null ? decodeEventCursor(after) : null;
    // The head as the subscription starts: without `after`, it takes what is committed from then on
    // (exactly, even while the relay of this copy lags behind the log).
    const head = await readHead(graph);
    if (cursor) {
      checkCursor(head, cursor);
      // A cursor from before the log existed starts at the beginning of the one there is now.
      from = cursor.epoch === NO_LOG_YET ? (head.epoch ? { epoch: head.epoch, position: 0 } : null) : cursor;
    }
    await started;
    type D = Delivered<T>;
    const buffer = new FixedBuffer(SUBSCRIBER_BUFFER);
    return new Repeater<D>(async (push, stop) => {
      // The last position this subscription has passed (delivered or filtered out), in its epoch.
      let epoch = from?.epoch ?? head.epoch;
      let passed = from?.position ?? head.position;
      let replaying = from !== null;
      let stopped = false;
      const queue: Relayed[] = [];
      let queueOverflowed = false;
      // Live events whose check is still running (a check that reads the graph), in order: later ones wait for them.
      let checking: Promise<void> | null = null;

      const accepted = (event: LoggedEvent): D | null | Promise<D | null> => {
        const payload = event.payload as unknown as D;
        // A malformed payload (another version of Rapport on the same graph?) is skipped, not fatal.
        const skip = (e: unknown) => {
          logger.warn({ err: e, topic }, 'ignored a live event that does not fit its topic');
          return null;
        };
        try {
          const verdict = accept(payload);
          if (typeof verdict === 'boolean') return verdict ? payload : null;
          return verdict.then((ok) => (ok ? payload : null), skip);
        } catch (e) {
          return skip(e);
        }
      };
      const deliver = (delivered: D) => {
        if (stopped) return;
        if (buffer.full) {
          // Ends this stream and, through `onOverflow`, the subscriber's connection.
          target.removeEventListener(topic, listener);
          onOverflow();
          stop();
          return;
        }
        void push(delivered);
      };
      const live = ({ epoch: of, event }: Relayed) => {
        if (of !== epoch) {
          epoch = of;
          passed = 0;
        }
        if (event.position <= passed) return;
        passed = event.position;
        const verdict = accepted(event);
        if (verdict instanceof Promise || checking) {
          const next = (checking ?? Promise.resolve()).then(async () => {
            const delivered = await verdict;
            if (delivered) deliver(delivered);
          });
          checking = next;
          void next.finally(() => checking === next && (checking = null));
          return;
        }
        if (verdict) deliver(verdict);
      };
      const listener = (e: Event) => {
        const relayed = (e as CustomEvent<Relayed>).detail;
        if (replaying) {
          if (queue.length < REPLAY_QUEUE_LIMIT) queue.push(relayed);
          else queueOverflowed = true;
          return;
        }
        live(relayed);
      };
      // What the relay has handed out when this subscription starts listening: the replay reads up to
      // there, what comes later reaches it live (and the log is not read past a head known to be whole).
      const handedOut = () => (from && relay.epoch === from.epoch ? relay.last : head.position);
      target.addEventListener(topic, listener);
      let through = handedOut();
      count(topic, 1);
      void stop.then(() => (stopped = true));
      if (from) {
        try {
          while (!stopped) {
            const { events, last } = await readEvents(graph, from.epoch, passed, PAGE, { topic, through });
            for (const event of events) {
              passed = event.position;
              const delivered = await accepted(event);
              // Replay waits for the consumer instead of overflowing: the log holds the rest.
              if (delivered) await push(delivered);
              if (stopped) break;
            }
            if (last !== null) {
              passed = Math.max(passed, last);
              continue;
            }
            if (!queueOverflowed) break;
            // Live events were dropped while replaying: the log has them, read on to where the relay is now.
            queueOverflowed = false;
            queue.length = 0;
            through = handedOut();
          }
          replaying = false;
          for (const relayed of queue.splice(0)) live(relayed);
        } catch (e) {
          stop(e);
        }
      }
      await stop;
      target.removeEventListener(topic, listener);
      count(topic, -1);
    }, buffer);
  }

  return {
    stats,
    record,
    ready: () => started,
    listenerCount: (topic) => listeners.get(topic) ?? 0,
    subscribe,
    async cursorNow() {
      const head = await readHead(graph);
      return encodeEventCursor(head.epoch ?? NO_LOG_YET, head.position);
    },
    settledThrough: (epoch) => (relay.known && relay.epoch === epoch ? relay.last : null),
    observe(listener) {
      for (const topic of Object.values(Topics)) target.addEventListener(topic, () => listener(topic));
    },
    async poll() {
      nudge();
      while (running) await running;
    },
    // QUIT waits for a connection: a client that is not connected (Redis unreachable) is dropped at
    // once, and one that does not answer within a second too, so that shutdown never hangs on Redis.
    async close() {
      closed = true;
      clearInterval(pollTimer);
      clearInterval(trimTimer);
      await running?.catch(() => undefined);
      await Promise.all(
        [publisher, subscriber].map(async (c) => {
          if (!c) return;
          if (c.status !== 'ready') {
            c.disconnect();
            return;
          }
          let timer: NodeJS.Timeout | undefined;
          const answered = await Promise.race([
            c.quit().then(
              () => true,
              () => false,
            ),
            new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS))),
          ]);
          clearTimeout(timer);
          if (!answered) c.disconnect();
        }),
      );
    },
  };
}
