import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { POSSIBLE_TYPES } from './possible-types';
import { deadConnectionCheck, PING_EVERY_MS, RECONNECT, resumable, SIGNED_OUT_CLOSE_CODES } from './resume';

/**
 * One Apollo Client per signed-in session: queries and mutations over HTTP POST /graphql,
 * subscriptions over graphql-ws on the same path, both with the session's bearer token.
 * Objects are normalised by id, so an insight changed by a live event updates every view of it.
 *
 * Live updates survive a lost connection (a server restart, the network): graphql-ws reconnects
 * within seconds, and each subscription resumes from the cursor of its last event, so what was
 * committed meanwhile arrives as live events, each once; what cannot be replayed (a subscription
 * that had no event yet, a cursor the server no longer holds) is read again by refetching the
 * queries on screen. See resume.ts.
 */
export function createApolloClient(
  token: string,
  on: { liveStatus(connected: boolean): void; signedOut(because: string): void },
): { client: ApolloClient; dispose(): void } {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  // A connection that died silently is cut, and so reconnected, within seconds.
  const heartbeat = deadConnectionCheck(() => ws.terminate());
  const ws = createClient({
    url: wsUrl,
    lazy: false,
    ...RECONNECT,
    keepAlive: PING_EVERY_MS,
    connectionParams: () => ({ authorization: `Bearer ${token}` }),
    on: {
      ping: heartbeat.ping,
      pong: heartbeat.pong,
      connected: () => on.liveStatus(true),
      closed: (event) => {
        heartbeat.closed();
        on.liveStatus(false);
        // 4401: the token expired while connected, or is missing; 4403: it is not valid. Either way not retried.
        const code = (event as CloseEvent | undefined)?.code;
        if (code !== undefined && SIGNED_OUT_CLOSE_CODES.has(code)) {
          on.signedOut(
            code === 4401 ? 'Your sign-in has expired; sign in again.' : 'The server no longer accepts your sign-in; sign in again.',
          );
        }
      },
    },
  });
  // Events missed that no subscription can replay: read what is on screen again.
  const live = resumable(ws, () => void client.refetchQueries({ include: 'active' }).catch(() => undefined));
  // A token the server no longer accepts ends the session: the page asks to sign in again.
  const expired = new ErrorLink(({ error }) => {
    const refused = CombinedGraphQLErrors.is(error) ? error.errors.find((e) => e.extensions?.code === 'UNAUTHENTICATED') : undefined;
    if (refused) on.signedOut(`The server no longer accepts your sign-in: ${refused.message}`);
  });
  const http = ApolloLink.from([
    expired,
    new SetContextLink((prev) => ({ headers: { ...prev.headers, authorization: `Bearer ${token}` } })),
    new HttpLink({ uri: '/graphql' }),
  ]);
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(live),
    http,
  );
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      // The schema's unions, so that fragments on their members match.
      possibleTypes: POSSIBLE_TYPES,
      typePolicies: {
        // Analytics values are computed, not entities: store them inside their customer.
        CustomerHealth: { keyFields: false },
        ExperienceGap: { keyFields: false },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
  return {
    client,
    dispose() {
      client.stop();
      void live.dispose();
    },
  };
}
