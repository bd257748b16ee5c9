import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { POSSIBLE_TYPES } from './possible-types';

/**
 * One Apollo Client per signed-in session: queries and mutations over HTTP POST /graphql,
 * subscriptions over graphql-ws on the same path, both with the session's bearer token.
 * Objects are normalised by id, so an insight changed by a live event updates every view of it.
 */
export function createApolloClient(
  token: string,
  on: { liveStatus(connected: boolean): void; signedOut(because: string): void },
): { client: ApolloClient; dispose(): void } {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const ws = createClient({
    url: wsUrl,
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    connectionParams: () => ({ authorization: `Bearer ${token}` }),
    on: {
      connected: () => on.liveStatus(true),
      closed: (event) => {
        on.liveStatus(false);
        // 4401: the token expired while connected, or is missing.
        if ((event as CloseEvent | undefined)?.code === 4401) on.signedOut('Your sign-in has expired; sign in again.');
      },
    },
  });
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
    new GraphQLWsLink(ws),
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
      void ws.dispose();
    },
  };
}
