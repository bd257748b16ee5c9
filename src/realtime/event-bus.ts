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
  NO_LOG_YET,
  readEvents,
  readHead,
  trimEvents,
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
    accept: (payload: TopicPayloads[T]) => boolean,
    onOverflow: () => void,
    after?: string | null,
  ): Promise<AsyncIterableIterator<Delivered<T>>>;
  /** The cursor of the log as it stands now (see the `eventCursor` query). */
  cursorNow(): Promise<string>;
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

interface Relayed {
  epoch: string;
  event: LoggedEvent;
}

export function createEventBus(options: EventBusOptions): EventBus {
  const { graph, logger } = options;
  const pollMs = options.pollMs ?? 1_000;
  const retentionMs = (options.retentionHours ?? 168) * 3600_000;
  const stats: EventBusStats = { published: 0, publishFailures: 0, position: 0 };
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
    let position = 0;
    tx.beforeCommit(async (t) => {
      position = (await appendEvents(t, events)).position;
    });
    tx.afterCommit(() => {
      nudge();
      tellOthers(position);
    });
  };

  // ---- Relaying -------------------------------------------------------------------------------
  const relay = {
    /** False until the head was read once: the relay then starts there (what came before had no subscriber here). */
    known: false,
    epoch: null as string | null,
    last: 0,
    /** When the log was last read (the database's clock): in a log that replaced the one known, only events logged since are new. */
    readAt: 0,
    /** While catching up with a replacing log: events logged before this moment (ms) were not meant for live subscribers. */
    newerThan: 0,
  };
  let started: Promise<void> = Promise.resolve();
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const tail = async () => {
    for (;;) {
      const head = await readHead(graph);
      if (!relay.known) {
        relay.known = true;
        relay.epoch = head.epoch;
        relay.last = head.position;
      } else if (head.epoch !== relay.epoch) {
        // Another log (the graph was emptied, or restored from a backup): relay from its start
        // what was logged in it since the last read of the old one, nothing older.
        if (relay.epoch !== null) logger.warn('the event log was replaced; relaying its events logged since');
        relay.newerThan = relay.readAt;
        relay.epoch = head.epoch;
        relay.last = 0;
      }
      relay.readAt = head.readAt ?? 0;
      stats.position = relay.last;
      if (relay.epoch === null || head.position <= relay.last) return;
      const { events, last } = await readEvents(graph, relay.epoch, relay.last, PAGE);
      for (const event of events) {
        if (event.at < relay.newerThan) continue;
        stats.published++;
        target.dispatchEvent(new CustomEvent<Relayed>(event.topic, { detail: { epoch: relay.epoch, event } }));
      }
      if (last === null) return;
      relay.last = last;
      stats.position = last;
      if (last >= head.position) return; // read up to the head: done until the next notice
    }
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
        stats.position = head.position;
      },
      (e) => logger.warn({ err: e }, 'the event log could not be read at start; relaying from its head when it can be read'),
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
    accept: (payload: TopicPayloads[T]) => boolean,
    onOverflow: () => void,
    after?: string | null,
  ): Promise<AsyncIterableIterator<Delivered<T>>> {
    let from: { epoch: string; position: number } | null = null;
    if (after != null) {
      const cursor = decodeEventCursor(after);
      const head = await readHead(graph);
      checkCursor(head, cursor);
      // A cursor from before the log existed starts at the beginning of the one there is now.
      from = cursor.epoch === NO_LOG_YET ? (head.epoch ? { epoch: head.epoch, position: 0 } : null) : cursor;
    }
    await started;
    type D = Delivered<T>;
    const buffer = new FixedBuffer(SUBSCRIBER_BUFFER);
    return new Repeater<D>(async (push, stop) => {
      // The last position this subscription has passed (delivered or filtered out), in its epoch.
      let epoch = from?.epoch ?? relay.epoch;
      let passed = from?.position ?? relay.last;
      let replaying = from !== null;
      const queue: Relayed[] = [];
      let queueOverflowed = false;

      const accepted = (event: LoggedEvent): D | null => {
        const payload = event.payload as unknown as D;
        try {
          if (!accept(payload)) return null;
        } catch (e) {
          // A malformed payload (another version of Rapport on the same graph?) is skipped, not fatal.
          logger.warn({ err: e, topic }, 'ignored a live event that does not fit its topic');
          return null;
        }
        return payload;
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
      const live = ({ epoch: of, event }: Relayed) => {
        if (of !== epoch) {
          epoch = of;
          passed = 0;
        }
        if (event.position <= passed) return;
        passed = event.position;
        const delivered = accepted(event);
        if (!delivered) return;
        if (buffer.full) {
          // Ends this stream and, through `onOverflow`, the subscriber's connection.
          target.removeEventListener(topic, listener);
          onOverflow();
          stop();
          return;
        }
        void push(delivered);
      };
      target.addEventListener(topic, listener);
      count(topic, 1);
      let stopped = false;
      void stop.then(() => (stopped = true));
      if (from) {
        try {
          while (!stopped) {
            const { events, last } = await readEvents(graph, from.epoch, passed, PAGE, topic);
            for (const event of events) {
              passed = event.position;
              const delivered = accepted(event);
              // Replay waits for the consumer instead of overflowing: the log holds the rest.
              if (delivered) await push(delivered);
              if (stopped) break;
            }
            if (last !== null) {
              passed = Math.max(passed, last);
              continue;
            }
            if (!queueOverflowed) break;
            // Live events were dropped while replaying: the log has them, read on.
            queueOverflowed = false;
            queue.length = 0;
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
