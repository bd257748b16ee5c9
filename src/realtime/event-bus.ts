import { setMaxListeners } from 'node:events';
import { FixedBuffer, Repeater } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { Topics, type EventPublisher, type TopicName, type TopicPayloads } from './topics';

/**
 * The event bus behind subscriptions. In-process by default (a Node `EventTarget`); with a Redis
 * URL, events go through Redis pub/sub, so an event committed on one server copy reaches the
 * subscribers of every copy (`@graphql-yoga/redis-event-target` on `ioredis`).
 *
 * Publishing never throws: a failure (Redis down) is logged and counted, and the mutation that
 * published has already committed. Delivery resumes when Redis is back (ioredis reconnects and
 * subscribes again).
 */

/** Events queued for one subscriber before it counts as too far behind. */
export const SUBSCRIBER_BUFFER = 256;

interface Target {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  dispatchEvent(event: Event): boolean;
}

export interface EventBusStats {
  published: number;
  publishFailures: number;
}

export interface EventBus extends EventPublisher {
  readonly stats: EventBusStats;
  /** How many subscriptions of this process listen to `topic` now. */
  listenerCount(topic: TopicName): number;
  /**
   * Events of `topic` that `accept` lets through, in publish order. When more than
   * {@link SUBSCRIBER_BUFFER} events wait for a slow consumer, `onOverflow` is called (it closes
   * the consumer's connection) and the stream ends: a consumer is never allowed to grow memory.
   */
  subscribe<T extends TopicName>(
    topic: T,
    accept: (payload: TopicPayloads[T]) => boolean,
    onOverflow: () => void,
  ): AsyncIterableIterator<TopicPayloads[T]>;
  /** Calls `listener` on every event of every topic (this process's and, through Redis, other copies'). */
  observe(listener: (topic: TopicName) => void): void;
  close(): Promise<void>;
}

/** How long closing waits for Redis to acknowledge QUIT before dropping the connection. */
const CLOSE_TIMEOUT_MS = 1_000;

export function createEventBus(options: { redisUrl?: string; logger: Logger }): EventBus {
  const { logger } = options;
  const stats: EventBusStats = { published: 0, publishFailures: 0 };
  const failed = (error: unknown) => {
    stats.publishFailures++;
    logger.error({ err: error }, 'publishing a live event failed; subscribers will miss it');
  };

  let target: Target;
  let clients: Redis[] = [];
  if (options.redisUrl) {
    // The publisher fails fast while Redis is down (no offline queue to grow); the subscriber
    // keeps its queue so that it subscribes again on reconnect.
    const publisher = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    const subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    for (const c of [publisher, subscriber]) c.on('error', (e) => logger.warn({ err: e }, 'Redis connection error'));
    clients = [publisher, subscriber];
    // An event counts as published once Redis took it, not before: one that never left the process is a failure only.
    const guardedPublisher = {
      publish: (channel: string, message: string) =>
        publisher.publish(channel, message).then(
          (receivers: number) => {
            stats.published++;
            return receivers;
          },
          (e: unknown) => {
            failed(e);
            return 0;
          },
        ),
    };
    // A message that is not JSON (nobody of ours sent it) must not crash the server: it becomes null.
    const serializer = {
      stringify: (value: unknown) => JSON.stringify(value),
      parse: (text: string) => {
        try {
          return JSON.parse(text);
        } catch {
          logger.warn({ length: text.length }, 'ignored a Redis message that is not JSON');
          return null;
        }
      },
    };
    target = createRedisEventTarget({
      publishClient: guardedPublisher as unknown as Redis,
      subscribeClient: subscriber,
      serializer,
    }) as unknown as Target;
    // Subscribe to every topic now, so that a new GraphQL subscription never races Redis' SUBSCRIBE.
    for (const topic of Object.values(Topics)) target.addEventListener(topic, () => undefined);
  } else {
    const local = new EventTarget();
    // Every subscription is a listener: hundreds on one topic are normal here, not a leak to warn of.
    setMaxListeners(0, local);
    target = local;
  }

  const listeners = new Map<string, number>();
  const count = (topic: string, delta: number) => listeners.set(topic, (listeners.get(topic) ?? 0) + delta);

  return {
    stats,
    listenerCount: (topic) => listeners.get(topic) ?? 0,
    publish(topic, payload) {
      try {
        target.dispatchEvent(new CustomEvent(topic, { detail: payload }));
        // Through Redis, an event counts once Redis took it (see guardedPublisher).
        if (!options.redisUrl) stats.published++;
      } catch (e) {
        failed(e);
      }
    },
    subscribe(topic, accept, onOverflow) {
      type P = TopicPayloads[typeof topic];
      const buffer = new FixedBuffer(SUBSCRIBER_BUFFER);
      return new Repeater<P>(async (push, stop) => {
        const listener = (event: Event) => {
          const payload = (event as CustomEvent<P>).detail;
          try {
            if (payload === null || typeof payload !== 'object' || !accept(payload)) return;
          } catch (e) {
            // A malformed payload (another version of Rapport on the same Redis?) is skipped, not fatal.
            logger.warn({ err: e, topic }, 'ignored a live event that does not fit its topic');
            return;
          }
          if (buffer.full) {
            // Ends this stream and, through `onOverflow`, the subscriber's connection.
            target.removeEventListener(topic, listener);
            onOverflow();
            stop();
            return;
          }
          void push(payload);
        };
        target.addEventListener(topic, listener);
        count(topic, 1);
        await stop;
        target.removeEventListener(topic, listener);
        count(topic, -1);
      }, buffer);
    },
    observe(listener) {
      for (const topic of Object.values(Topics)) target.addEventListener(topic, () => listener(topic));
    },
    // QUIT waits for a connection: a client that is not connected (Redis unreachable) is dropped at
    // once, and one that does not answer within a second too, so that shutdown never hangs on Redis.
    async close() {
      await Promise.all(
        clients.map(async (c) => {
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
