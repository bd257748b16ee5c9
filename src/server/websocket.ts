import {
  getOperationAST,
  GraphQLError,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { DomainError, ErrorCode } from '../common/errors';
import type { Config } from '../config';
import type { Graph } from '../db/graph';
import { employeeCheck } from '../modules/employee/employee.repository';
import type { EventBus } from '../realtime/event-bus';
import { heldRoles, isRevoked, onEmployeeChange, VERIFIED_TOKEN_TTL_MS, type AuthUser } from '../graphql/access';
import { authenticate, authorizeSubscription, TOKEN_EXPIRED } from './auth';
import { createContext } from './context';
import type { Services } from '../modules/services';
import type { createFormatError } from './format-error';
import { armorValidationRules, assertAffordable, parseWithLimits } from './limits';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import { assertTrusted, notFoundMessage, resolveRequest, type DocumentStore } from './trusted-documents';

/** Largest WebSocket message accepted, in bytes (a subscribe message with its variables). */
export const MAX_WS_PAYLOAD_BYTES = 64 * 1024;
/** Operations (subscriptions) one connection may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
/** How long a client has to send `connection_init` with its token. */
export const CONNECTION_INIT_TIMEOUT_MS = 3_000;
/** Bytes waiting in a socket's send buffer before its client counts as too far behind. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** How long a client has to answer the server's close (1001) at shutdown before it is cut. */
export const CLOSE_GRACE_MS = 1_000;

/**
 * Close codes this server uses, besides graphql-ws' own (4400, 4408, 4409...). One condition, one
 * code: whatever the moment (at connect or while connected), a token that signs nobody in is 4401.
 */
export const CloseCodes = {
  /**
   * The token signs nobody in: missing, not valid, expired (at connect or while connected), revoked,
   * or its employee removed. Sign in again, then connect (graphql-ws' client does not retry 4401).
   */
  UNAUTHORIZED: 4401,
  /** The client reads too slowly: events waited beyond the buffer bounds. */
  TOO_FAR_BEHIND: 4413,
  /** The server is shutting down. */
  GOING_AWAY: 1001,
  /** The token could not be checked now (the identity provider's keys could not be fetched): reconnect later. */
  TRY_AGAIN_LATER: 1013,
  /**
   * Too many connections: open at once for one identity or from one address, or `connection_init`
   * messages from one address in a minute. graphql-ws' own code for too many `connection_init`
   * messages on one socket, which its client does not retry.
   */
  TOO_MANY: 4429,
} as const;

export interface SubscriptionServer {
  /** Closes every connection with 1001 and stops accepting new ones. */
  stop(): Promise<void>;
  readonly connections: number;
  /**
   * Checks the token of every open socket against the graph now, as is done every minute: closes
   * (4401) those that sign nobody in any more, and gives the rest the roles the graph grants now.
   */
  recheckTokens(): Promise<void>;
}

const users = new WeakMap<WebSocket, AuthUser>();

/** A signed-in socket: its token (as sent), the caller (shared with its subscriptions' contexts). */
interface SignedIn {
  header: string;
  user: AuthUser;
}

/**
 * graphql-ws (protocol `graphql-transport-ws`) on the HTTP server's `/graphql` path. The token
 * comes in `connection_init` as `connectionParams.authorization` ("Bearer <JWT>"); the socket is
 * closed with 4401 when it is missing or invalid, and when it expires or is revoked, at connect or later.
 * An open socket follows its employee: a role taken away through this process is gone at once, a
 * revocation closes it at once, and every {@link VERIFIED_TOKEN_TTL_MS} each token is checked
 * against the graph again (changes made through other copies, removed employees).
 *
 * Sockets cost a file descriptor each, however idle: at most `connectionsPerAddress` are open at
 * once from one client address (counted from the upgrade, before any message) and
 * `connectionsPerIdentity` for one token subject, and an address may send at most
 * `connectionInitsPerMinute` `connection_init` messages a minute; beyond, the socket is closed
 * with 4429 (and cut if its client does not answer the close), while HTTP goes on serving.
 */
export function startSubscriptionServer(options: {
  httpServer: Server;
  schema: GraphQLSchema;
  config: Config;
  graph: Graph;
  services: Services;
  events: EventBus;
  logger: Logger;
  formatError: ReturnType<typeof createFormatError>;
  rateLimiter: RateLimiter;
  /** Documents by id (trusted, or registered by clients), and whether only trusted ones run. */
  documents: DocumentStore;
  /** Look-ahead on (the default) or off. */
  lookahead?: boolean;
}): SubscriptionServer {
  const { config, graph, services, events, logger, formatError, rateLimiter, documents } = options;
  const isEmployee = employeeCheck(graph);
  const rules = [...specifiedRules, ...armorValidationRules];
  const limits = config.webSocket;
  const initLimiter = createRateLimiter({
    perMinute: limits.connectionInitsPerMinute,
    redisUrl: config.redisUrl,
    logger,
    keyPrefix: 'rapport-ws-init',
  });
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: MAX_WS_PAYLOAD_BYTES });

  /** Open sockets by client address and by identity (employee id), and the signed-in ones. */
  const byAddress = new Map<string, number>();
  const byIdentity = new Map<string, number>();
  const signedIn = new Map<WebSocket, SignedIn>();
  const count = (counts: Map<string, number>, key: string, delta: number) => {
    const n = (counts.get(key) ?? 0) + delta;
    if (n > 0) counts.set(key, n);
    else counts.delete(key);
  };
  /** Closes with 4429, and cuts the socket if its client does not answer the close soon. */
  const refuse = (socket: WebSocket, reason: string) => {
    socket.close(CloseCodes.TOO_MANY, reason);
    const cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
    cut.unref();
    socket.once('close', () => clearTimeout(cut));
  };
  const unauthorized = (socket: WebSocket, message: string) => {
    if (socket.readyState === socket.OPEN) socket.close(CloseCodes.UNAUTHORIZED, `Unauthorized: ${message}`);
  };

  // Before graphql-ws sees the socket (this listener comes first): one address may hold only so many.
  wss.on('connection', (socket, request) => {
    const address = request.socket.remoteAddress ?? 'unknown';
    if (limits.connectionsPerAddress > 0 && (byAddress.get(address) ?? 0) >= limits.connectionsPerAddress) {
      refuse(socket, `Too many open connections from this address (at most ${limits.connectionsPerAddress}); close one first`);
      return;
    }
    count(byAddress, address, 1);
    socket.once('close', () => count(byAddress, address, -1));
  });
  // An error without a path happened before execution (a variable that does not fit): the caller's input.
  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((e) => {
      const coded = e.path || e.extensions?.code ? e : withCode(e, 'BAD_USER_INPUT');
      return formatError(coded.toJSON(), coded);
    });

  const closeBehind = (socket: WebSocket) => {
    if (socket.readyState === socket.OPEN)
      socket.close(CloseCodes.TOO_FAR_BEHIND, 'Subscriber too far behind; reconnect and catch up with a query');
  };

  const cleanup = useServer(
    {
      schema: options.schema,
      connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        // Refused already (too many from its address): nothing more is done for it.
        if (socket.readyState !== socket.OPEN) return false;
        try {
          await initLimiter.consume(`address:${ctx.extra.request.socket.remoteAddress ?? 'unknown'}`);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          const seconds = Number(e.details.retryAfterSeconds ?? 60);
          refuse(
            socket,
            `Too many connection attempts from this address (at most ${limits.connectionInitsPerMinute} a minute); try again in ${seconds} s`,
          );
          return false;
        }
        const header = ctx.connectionParams?.authorization;
        if (typeof header !== 'string' || header === '') {
          socket.close(CloseCodes.UNAUTHORIZED, 'Unauthorized: send connectionParams.authorization = "Bearer <token>"');
          return false;
        }
        try {
          const user = await authenticate(config.jwt, header, isEmployee);
          if (!user) {
            unauthorized(socket, 'send connectionParams.authorization = "Bearer <token>"');
            return false;
          }
          if (socket.readyState !== socket.OPEN) return false; // closed while its token was checked
          const identity = user.employeeId;
          if (limits.connectionsPerIdentity > 0 && (byIdentity.get(identity) ?? 0) >= limits.connectionsPerIdentity) {
            refuse(socket, `Too many open connections for this identity (at most ${limits.connectionsPerIdentity}); close one first`);
            return false;
          }
          count(byIdentity, identity, 1);
          signedIn.set(socket, { header, user });
          socket.once('close', () => {
            count(byIdentity, identity, -1);
            signedIn.delete(socket);
          });
          users.set(socket, user);
          if (user.expiresAt) closeWhenExpired(socket, user.expiresAt);
          return true;
        } catch (e) {
          if (e instanceof DomainError && e.code === ErrorCode.SERVICE_UNAVAILABLE) {
            socket.close(CloseCodes.TRY_AGAIN_LATER, `Try again later: ${e.message}`);
            return false;
          }
          if (e instanceof DomainError) {
            unauthorized(socket, e.message);
            return false;
          }
          throw e;
        }
      },
      // Every operation on the socket passes the same checks as over HTTP: token limits on parsing,
      // validation with the same limits, the cost limit and the caller's rate limit.
      onSubscribe: async (ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const user = users.get(ctx.extra.socket) ?? null;
        // Each subscription holds a listener and a buffer: one connection may not hold without bound.
        if (Object.keys(ctx.subscriptions).filter((k) => k !== id).length >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [
            new GraphQLError(
              `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} operations at once on one connection; complete some first, or open another connection.`,
              {
                extensions: { code: 'BAD_REQUEST' },
              },
            ),
          ];
        }
        try {
          if (user) await rateLimiter.consume(`employee:${user.employeeId}`);
          // A document by id, as over HTTP: `documentId` (an extra field of the payload) or Apollo's
          // `extensions.persistedQuery`, with `query` empty (graphql-ws needs it to be a string).
          const resolution = resolveRequest(payload as typeof payload & { documentId?: unknown }, documents);
          if (resolution.kind === 'bad') return [new GraphQLError(resolution.message, { extensions: { code: 'BAD_REQUEST' } })];
          if (resolution.kind === 'not-found') {
            return [new GraphQLError(notFoundMessage(documents), { extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND } })];
          }
          const query = resolution.kind === 'found' ? resolution.query : payload.query;
          assertTrusted(documents, config.trustedDocuments.only, query, user);
          let document;
          try {
            document = parseWithLimits(query);
          } catch (e) {
            if (e instanceof GraphQLError) return [withCode(e, 'GRAPHQL_PARSE_FAILED')];
            throw e;
          }
          let errors: readonly GraphQLError[];
          try {
            errors = validate(options.schema, document, rules);
          } catch (e) {
            // graphql-armor's rules throw instead of reporting.
            if (e instanceof GraphQLError) errors = [e];
            else throw e;
          }
          if (errors.length) return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
          const operation = getOperationAST(document, payload.operationName);
          if (operation?.operation === 'mutation') {
            return [
              new GraphQLError(
                'Send mutations over HTTP (POST /graphql), where they are audited; this socket serves queries and subscriptions.',
                { extensions: { code: 'BAD_REQUEST' } },
              ),
            ];
          }
          if (operation) authorizeSubscription(options.schema, document, operation, user, payload.variables ?? {});
          assertAffordable(options.schema, document, payload.variables ?? {}, payload.operationName);
          // Sent with its id and valid: registered (automatic persisted queries; nothing when a manifest is configured).
          if (resolution.kind === 'both') documents.register(resolution.id, query);
          return {
            schema: options.schema,
            document,
            variableValues: payload.variables,
            operationName: payload.operationName,
            contextValue: createContext(graph, services, events, user, {
              lookahead: options.lookahead,
              onSubscriberOverflow: () => closeBehind(ctx.extra.socket),
            }),
          };
        } catch (e) {
          if (e instanceof DomainError) return [new GraphQLError(e.message, { extensions: { ...e.details, code: e.code } })];
          if (e instanceof GraphQLError) return [withCode(e, String(e.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED'))];
          throw e;
        }
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        if (ctx.extra.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          closeBehind(ctx.extra.socket);
          return;
        }
        return result.errors ? { ...result, errors: format(result.errors) } : undefined;
      },
      // What HTTP says with the same error: its code and details (retryAfterSeconds, cost, field), never transport internals.
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => {
          const { http: _http, ...extensions } = e.extensions ?? {};
          return {
            message: e.message,
            locations: e.locations,
            extensions: { ...extensions, code: extensions.code ?? 'GRAPHQL_VALIDATION_FAILED' },
          };
        }),
    },
    wss,
  );
  wss.on('error', (e) => logger.error({ err: e }, 'WebSocket server error'));

  // A change made through this process reaches the employee's sockets at once: a revocation
  // closes those whose token it covers; roles taken away are gone (a fresh check follows, which
  // gives back what the token carries and the graph grants again, if anything).
  const stopFollowing = onEmployeeChange((change) => {
    const affected = [...signedIn].filter(([, s]) => s.user.employeeId === change.employeeId);
    for (const [socket, { user }] of affected) {
      if (change.tokensRevokedAt !== undefined && isRevoked(user.issuedAt, change.tokensRevokedAt)) {
        unauthorized(socket, 'The token was revoked; sign in again.');
      } else if (change.accessRoles) {
        user.roles = heldRoles(user.roles, change.accessRoles);
      }
    }
    if (change.accessRoles) void recheck(affected.map(([socket]) => socket));
  });

  /**
   * Checks the tokens of these sockets against the graph again, one statement per token: a socket
   * whose token signs nobody in any more (employee removed, token revoked) is closed with 4401;
   * the others get the roles the graph grants now. When the check cannot be made (Neo4j or the
   * identity provider unreachable), sockets stay as they are until the next one.
   */
  const recheck = async (sockets: WebSocket[]) => {
    const byHeader = new Map<string, WebSocket[]>();
    for (const socket of sockets) {
      const entry = signedIn.get(socket);
      // A token about to expire is left to closeWhenExpired, which says so.
      if (!entry || (entry.user.expiresAt !== undefined && entry.user.expiresAt <= Date.now() + 5_000)) continue;
      const group = byHeader.get(entry.header);
      if (group) group.push(socket);
      else byHeader.set(entry.header, [socket]);
    }
    for (const [header, group] of byHeader) {
      try {
        const fresh = await authenticate(config.jwt, header, isEmployee, { fresh: true });
        for (const socket of group) {
          const entry = signedIn.get(socket);
          if (entry && fresh) entry.user.roles = [...fresh.roles];
        }
      } catch (e) {
        if (e instanceof DomainError && e.code === ErrorCode.UNAUTHENTICATED) {
          for (const socket of group) unauthorized(socket, e.message);
        } else {
          logger.warn({ err: e }, 'could not check the tokens of open sockets again; trying at the next round');
        }
      }
    }
  };
  // Every minute, unless the round before is still going.
  let checking = false;
  const rechecks = setInterval(() => {
    if (checking) return;
    checking = true;
    void recheck([...signedIn.keys()]).finally(() => (checking = false));
  }, VERIFIED_TOKEN_TTL_MS);
  rechecks.unref();

  return {
    get connections() {
      return wss.clients.size;
    },
    recheckTokens: () => recheck([...signedIn.keys()]),
    async stop() {
      clearInterval(rechecks);
      stopFollowing();
      for (const client of wss.clients) client.close(CloseCodes.GOING_AWAY, 'Server shutting down');
      // A client that does not answer the close (it stopped reading) is cut after a moment: ws
      // would wait 30 s for it, and the whole shutdown with it.
      const cut = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, CLOSE_GRACE_MS);
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      clearTimeout(cut);
      await initLimiter.close();
    },
  };
}

/** The longest delay `setTimeout` takes (about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Closes the socket with 4401 when its token expires. A token may live longer than one timer can
 * wait (a 30-day token closed its socket at once), so the timer re-arms until the moment comes.
 */
function closeWhenExpired(socket: WebSocket, expiresAt: number): void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) {
      socket.close(CloseCodes.UNAUTHORIZED, `Unauthorized: ${TOKEN_EXPIRED}`);
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  socket.once('close', () => clearTimeout(timer));
}

/** The same error with a code (and no transport details). */
function withCode(e: GraphQLError, code: string): GraphQLError {
  const { http: _http, ...extensions } = e.extensions ?? {};
  return new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...extensions, code } });
}
