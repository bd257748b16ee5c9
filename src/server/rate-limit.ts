import Redis from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError, ErrorCode } from '../common/errors';

/**
 * Per-identity request limits (`rate-limiter-flexible`): a fixed number of operations per minute
 * for each employee (or, before sign-in, each address). In-process by default; shared by every
 * server copy through Redis when a Redis URL is given, with an in-process fallback while Redis is
 * unreachable.
 */
export interface RateLimiter {
  /** Counts one operation; throws `RATE_LIMITED` (with `retryAfterSeconds`) when over the limit. */
  consume(identity: string): Promise<void>;
  /** Resolves once the shared store is connected (or after 5 s without it: the in-process fallback counts meanwhile). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `keyPrefix` keeps the counts of one limit apart from another's (the WebSocket server counts
 * `connection_init` messages per address with its own).
 */
export function createRateLimiter(options: { perMinute: number; redisUrl?: string; logger: Logger; keyPrefix?: string }): RateLimiter {
  const { perMinute, logger } = options;
  const keyPrefix = options.keyPrefix ?? 'rapport-rate';
  if (perMinute === 0) return { consume: async () => undefined, ready: async () => undefined, close: async () => undefined };
  const memory = new RateLimiterMemory({ keyPrefix, points: perMinute, duration: 60 });
  let limiter: RateLimiterAbstract = memory;
  let redis: Redis | undefined;
  if (options.redisUrl) {
    redis = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', (e) => logger.warn({ err: e }, 'Redis connection error (rate limits fall back to this process)'));
    limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: perMinute, duration: 60, insuranceLimiter: memory });
  }
  return {
    async consume(identity) {
      try {
        await limiter.consume(identity);
      } catch (e) {
        if (e instanceof RateLimiterRes) {
          const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
          throw new DomainError(
            ErrorCode.RATE_LIMITED,
            `Too many requests: at most ${perMinute} a minute. Try again in ${retryAfterSeconds} s.`,
            {
              retryAfterSeconds,
            },
          );
        }
        logger.warn({ err: e }, 'rate limiter failed; the request is let through');
      }
    },
    async ready() {
      if (!redis || redis.status === 'ready') return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5_000);
        redis!.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async close() {
      await redis?.quit().catch(() => redis?.disconnect());
    },
  };
}
