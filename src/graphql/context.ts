import type { EventBus } from '../realtime/event-bus';
import type { Loaders } from '../modules/loaders';
import type { Services } from '../modules/services';
import type { AuthUser } from './access';

/**
 * What every resolver receives. Types only from the modules' registries (services.ts,
 * loaders.ts): at run time the core imports no module; the server makes the context
 * (server/context.ts).
 */

export type { Loaders, Services };

export interface Context {
  /** The caller, or null when no token was sent. */
  user: AuthUser | null;
  /** The request's id (`x-request-id`), in every log line about it. */
  requestId?: string;
  /** Per-request DataLoaders; a subscription gets fresh ones for every event. */
  loaders: Loaders;
  services: Services;
  /** Live events, for subscriptions. */
  events: EventBus;
  /**
   * Subscriptions: switches to the loaders of this event. Every subscription resolving the same
   * event shares them, so an event costs one batch of Cypher however many subscribers match,
   * and each event is resolved from fresh data.
   */
  useEventLoaders(event: object): void;
  /** Whether resolvers look ahead (graphql/lookahead/); off, every field loads through its loaders (the look-ahead test compares the two). */
  lookahead: boolean;
  /** Subscriptions only: the caller fell too far behind; closes its WebSocket. */
  onSubscriberOverflow?: () => void;
}

/** A resolver that runs only behind `@Authorized()` can rely on a caller. */
export function caller(ctx: Context): AuthUser {
  if (!ctx.user) throw new Error('caller() used on a resolver without @Authorized()');
  return ctx.user;
}
