import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

// Node 20 has no global WebSocket, and Apollo Client's GraphQLWsLink looks for one when a subscription
// fails (apollographql/apollo-client#11761): without it, the server's error (its code and message)
// becomes "ReferenceError: WebSocket is not defined". Node 22 and browsers have their own.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export interface Rapport {
  client: ApolloClient;
  /** Stops the client and closes the WebSocket, so that the program can end. */
  close(): Promise<void>;
}

/**
 * An Apollo Client for Rapport: queries and mutations over HTTP POST, subscriptions over
 * graphql-ws on the same address (ws:// for http://), both with the bearer token. In a browser,
 * leave out `webSocketImpl` (the page's WebSocket is used).
 */
export function connect(url: string, token: string): Rapport {
  const authorization = `Bearer ${token}`;
  const http = new HttpLink({ uri: url, headers: { authorization } });
  const ws = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    // Sent in connection_init; the server closes with 4401 when it signs nobody in (not retried).
    connectionParams: { authorization },
  });
  const link = ApolloLink.split((operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, new GraphQLWsLink(ws), http);
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            // Pages of `customers` fetched with `after` are appended to one list per filter and order.
            customers: relayStylePagination(['filter', 'orderBy']),
          },
        },
      },
    }),
  });
  return {
    client,
    async close() {
      client.stop();
      await ws.dispose();
    },
  };
}
