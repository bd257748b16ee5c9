import type { Graph } from '../db/graph';
import type { Context } from '../graphql/context';
import type { AuthUser } from '../graphql/access';
import { createLoaders, type Loaders } from '../modules/loaders';
import type { Services } from '../modules/services';
import type { EventBus } from '../realtime/event-bus';

/** Loaders per live event, shared by every subscription that resolves it; gone with the event. */
const eventLoaders = new WeakMap<object, Loaders>();

/** The context of one request (or one subscription), made by the transport (app.ts, websocket.ts). */
export function createContext(
  graph: Graph,
  services: Services,
  events: EventBus,
  user: AuthUser | null,
  options: { lookahead?: boolean; onSubscriberOverflow?: () => void } = {},
): Context {
  const context: Context = {
    user,
    lookahead: options.lookahead ?? true,
    loaders: createLoaders(graph, services),
    services,
    events,
    useEventLoaders: (event) => {
      let loaders = eventLoaders.get(event);
      if (!loaders) {
        loaders = createLoaders(graph, services);
        eventLoaders.set(event, loaders);
      }
      context.loaders = loaders;
    },
    onSubscriberOverflow: options.onSubscriberOverflow,
  };
  return context;
}
