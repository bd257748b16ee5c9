import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { graphqlPost, type GraphQLHttpRequest } from './graphql-post';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DomainError, ErrorCode } from '../common/errors';
import type { Config } from '../config';
import type { Graph } from '../db/graph';
import { authenticate } from './auth';
import type { AuthUser } from '../graphql/access';
import { employeeCheck } from '../modules/employee/employee.repository';
import { createContext } from './context';
import type { Context } from '../graphql/context';
import { createServices } from '../modules/services';
import { createFormatError } from './format-error';
import { buildRapportSchema } from './schema';
import type { EventBus } from '../realtime/event-bus';
import { startSubscriptionServer, type SubscriptionServer } from './websocket';
import { armorForApollo, costLimitPlugin, parseOptions } from './limits';
import { createAuditTrail, withClientAddress } from './audit-plugin';
import { createMetrics } from './metrics';
import { loadMigrations } from '../db/migrations';
import { randomUUID } from 'node:crypto';
import { createRateLimiter } from './rate-limit';
import { mountWorkbench, WORKBENCH_DIR } from './workbench';
import { EXPORT_MAX_ROWS, mountExport } from './export';
import {
  assertTrusted,
  registrationNeedsSignIn,
  documentText,
  loadDocumentStore,
  notFoundMessage,
  persistedIds,
  resolveDocumentsOnHttp,
  resolvePostedDocument,
  WORKBENCH_DOCUMENTS_FILE,
} from './trusted-documents';
import * as path from 'node:path';
import { corsFor, refusePreflightsOfOtherOrigins } from './cors';
import { compiledExecutor } from './compiled-executor';
import { schedulePurge } from '../modules/deletion/purge';
import { startHealthRefresh } from '../modules/analytics/health-snapshot';
import { startWebhookDispatcher } from '../modules/webhook/delivery';
import { warmUp, type FirstPageOperation, type WarmUpReport } from './warm-up';

/** On shutdown, how long connections accepted just before get to send their request. */
const SHUTDOWN_GRACE_MS = 500;

/** Largest request body accepted, in bytes (a GraphQL document with variables). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface RunningServer {
  httpServer: Server;
  /** `http://host:port/graphql` */
  url: string;
  port: number;
  subscriptions: SubscriptionServer;
  /**
   * Settles when the warm-up at start (warm-up.ts) has run, or its time limit ended it; `/readyz`
   * says ready from then on. Null when there was none (WARM_UP_SECONDS=0). Never rejects.
   */
  warmedUp: Promise<WarmUpReport | null>;
  /**
   * Closes subscriptions (1001), stops accepting requests, drains the ones in flight and closes
   * the HTTP server. The caller closes the event bus and the driver afterwards.
   */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The built workbench to serve at `/` (default: dist/web, where `npm run build` puts it); tests give their own. */
  workbenchDir?: string;
  /** Look-ahead on (the default) or off: the look-ahead test compares a server without it. */
  lookahead?: boolean;
  /** The most rows a CSV export holds (default {@link EXPORT_MAX_ROWS}); tests give a smaller one. */
  exportMaxRows?: number;
  /** The operations the warm-up runs instead of the workbench's first pages (a test gives a failing one). */
  warmUpPages?: readonly FirstPageOperation[];
  /** The warm-up's rounds of planning its statements again, instead of WARM_UP_PLANNER_ROUNDS (a test sets them). */
  warmUpPlannerRounds?: number;
  /** Their share of the pages' time, instead of warm-up.ts's REPLAN_SHARE (a test lifts it). */
  warmUpReplanShare?: number;
}

/**
 * Starts the GraphQL API on one Node HTTP server: POST/GET `/graphql` (Apollo Server on
 * Express 5), subscriptions over graphql-ws on the same path, a landing page (Apollo Sandbox
 * outside production), `/healthz`, `/readyz`, `/metrics`, the CSV export (`/export/customers.csv`), and the knowledge workbench at `/`.
 */
export async function startServer(
  config: Config,
  graph: Graph,
  events: EventBus,
  logger: Logger,
  options: ServerOptions = {},
): Promise<RunningServer> {
  // The trusted documents first: a manifest that cannot be read, or whose ids are not the hashes
  // of its documents, stops the start before anything listens.
  const documents = loadDocumentStore(
    config.trustedDocuments.files,
    path.join(options.workbenchDir ?? WORKBENCH_DIR, WORKBENCH_DOCUMENTS_FILE),
  );
  logger.info(
    {
      trustedDocuments: documents.size,
      files: config.trustedDocuments.files,
      only: config.trustedDocuments.only,
      automaticPersistedQueries: documents.registering,
    },
    'trusted documents',
  );
  const schema = await buildRapportSchema();
  const services = createServices(graph, events, config);
  // The analytics cache forgets its answers when the graph changes: a write here, an event from anywhere.
  graph.afterWrite = () => services.analytics.cache.clear();
  events.observe(() => services.analytics.cache.clear());
  // Subscriptions start where the relay stands: it must know the head of the event log first.
  await events.ready();
  const rateLimiter = createRateLimiter({ perMinute: config.rateLimitPerMinute, redisUrl: config.redisUrl, logger });
  await rateLimiter.ready();
  const isEmployee = employeeCheck(graph);
  const formatError = createFormatError(
    (error, formatted) => logger.error({ err: error, path: formatted.path }, 'internal error while serving a GraphQL request'),
    { [ErrorCode.PERSISTED_QUERY_NOT_FOUND]: notFoundMessage(documents) },
  );
  const app = express();
  app.disable('x-powered-by');
  // No ETag on answers: every GraphQL answer depends on the caller and the moment, and hashing
  // each body cost CPU time on every request.
  app.set('etag', false);
  // POST /graphql with a plain JSON body takes the lean path (graphql-post.ts), set once Apollo has started; the rest is Express's.
  let postPath: ((req: GraphQLHttpRequest, res: ServerResponse) => boolean) | undefined;
  const httpServer = createServer((req, res) => {
    if (!postPath?.(req, res)) app(req, res);
  });

  const metrics = createMetrics(graph, events);
  // At the debug level, every statement with Neo4j's times (bench/first-requests.ts reads them); its text, never its values.
  if (logger.isLevelEnabled('debug')) {
    graph.timed = ({ operation, cypher, ms, availableAfterMs, consumedAfterMs }) =>
      logger.debug(
        { operation, ms: Math.round(ms), availableAfterMs, consumedAfterMs, statement: cypher.replace(/\s+/g, ' ') },
        'statement',
      );
  }
  const audit = createAuditTrail(graph, schema, logger, metrics);
  const expectedMigration = Math.max(0, ...loadMigrations().map((m) => m.version));
  const armor = armorForApollo(!config.introspection);
  const apollo = new ApolloServer<Context>({
    // The process's own shutdown (main.ts) stops this server in order: subscriptions closed with
    // 1001 first, then the drain. Apollo's own signal handlers (on outside NODE_ENV=test) drained
    // first and cut every WebSocket: clients saw 1006.
    stopOnTerminationSignals: false,
    // Operations run compiled (graphql-jit), through the gateway option Apollo offers for a custom executor.
    gateway: compiledExecutor(schema),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Documents by id: the trusted documents, and (without TRUSTED_DOCUMENTS) automatic persisted
    // queries, in a bounded cache of this process (trusted-documents.ts). Ids in a POST body are
    // resolved before Apollo (resolveDocumentsOnHttp); Apollo looks up those of GET requests here.
    persistedQueries: { cache: documents, ttl: null },
    csrfPrevention: true,
    formatError,
    validationRules: armor.validationRules,
    parseOptions,
    plugins: [
      ...armor.plugins,
      subscriptionsOverWebSocketOnly,
      metrics.plugin,
      requestLog(logger),
      costLimitPlugin(schema),
      // (Only where clients may register documents: no manifest.)
      ...(documents.registering ? [registrationNeedsSignIn] : []),
      audit.plugin,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No cache hints in this API (every answer depends on the caller and changes with the graph),
      // so Apollo's default cache-control plugin would only wrap every field resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      config.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ footer: false, embed: true })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  let subscriptions: SubscriptionServer | undefined;
  let stopping = false;
  // The warm-up's state, as /readyz reports it: warming until it has run (or run out of time).
  let warmUpState: 'off' | 'warming' | 'done' = config.warmUpSeconds > 0 ? 'warming' : 'off';
  let stopped: Promise<void> | undefined;
  // Every request gets an id (the caller's x-request-id when it is sane), echoed back and logged.
  app.use((req, res, next) => {
    identify(req, res);
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', events: events.stats, subscriptionConnections: subscriptions?.connections ?? 0 });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await readiness(graph, expectedMigration);
    const warming = warmUpState === 'warming';
    const ready = checks.neo4j && checks.migrations && !stopping && !warming;
    const reason = stopping
      ? 'The server is stopping.'
      : !checks.neo4j
        ? 'Neo4j does not answer.'
        : !checks.migrations
          ? 'The schema migrations are not all applied.'
          : warming
            ? "Warming up: running the workbench's first pages once, so that the first person to sign in does not wait for it."
            : undefined;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : stopping ? 'stopping' : 'not ready',
      ...(reason ? { reason } : {}),
      ...checks,
      warmUp: warmUpState,
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  /** The context of a GraphQL request over HTTP (Express's route and the lean POST path): sign-in, rate limit, trusted documents. */
  const graphqlContext = async (req: GraphQLHttpRequest): Promise<Context> => {
    let user = null as AuthUser | null;
    try {
      try {
        user = await authenticate(config.jwt, req.headers.authorization, isEmployee);
      } catch (e) {
        await rateLimiter.consume(`address:${req.ip}`); // failed sign-ins count too
        throw e;
      }
      await rateLimiter.consume(user ? `employee:${user.employeeId}` : `address:${req.ip}`);
      assertTrusted(documents, config.trustedDocuments.only, documentText(req), user);
      return withClientAddress(
        {
          ...createContext(graph, services, events, user, { lookahead: options.lookahead }),
          requestId: req.requestId,
        },
        req.ip,
      );
    } catch (e) {
      if (e instanceof DomainError) {
        // A mutation refused at sign-in, or as untrusted, still leaves its audit entry (within the
        // budget for callers without a valid identity; not one refused for the rate limit).
        if (e.code !== ErrorCode.RATE_LIMITED) await audit.refusedBeforePipeline(req.body, e.code, req.ip, user?.employeeId ?? null);
        throw httpError(e);
      }
      throw e;
    }
  };
  // Pages of the allowed origins may call the API from a browser (CORS_ORIGINS; none by default).
  // Apollo's CSRF prevention stays on for every request: a page must send a JSON body or an
  // Apollo header, which makes the browser ask first (preflight), and only these origins get a yes.
  app.use('/graphql', refusePreflightsOfOtherOrigins(config.cors.origins));
  const cors = config.cors.origins.length ? corsFor(config.cors) : null;
  if (cors) app.use('/graphql', cors);
  app.use(
    '/graphql',
    express.json({ limit: MAX_BODY_BYTES }),
    resolveDocumentsOnHttp(documents),
    expressMiddleware(apollo, { context: ({ req }) => graphqlContext(req) }),
  );
  postPath = graphqlPost({
    apollo,
    maxBodyBytes: MAX_BODY_BYTES,
    identify,
    cors,
    resolveDocument: (body) => resolvePostedDocument(body, documents),
    context: graphqlContext,
    logger,
  });
  // The customer list as CSV, streamed, read through the schema as the caller (export.ts, docs/export.md).
  mountExport(app, {
    config,
    graph,
    schema,
    services,
    events,
    rateLimiter,
    isEmployee,
    logger,
    formatError,
    lookahead: options.lookahead,
    maxRows: options.exportMaxRows ?? EXPORT_MAX_ROWS,
  });
  // The knowledge workbench at / (and, outside production and without an identity provider, its development sign-in).
  mountWorkbench(app, config, graph, options.workbenchDir);
  // Anything else (another method on /healthz, an unknown path): a coded JSON answer, not Express' HTML page.
  app.use((req, res) => {
    res.status(404).json({
      errors: [
        {
          message: `Nothing here answers ${req.method} ${req.path.slice(0, 200)}; the API is POST /graphql.`,
          extensions: { code: 'NOT_FOUND' },
        },
      ],
    });
  });
  // A body that cannot be read (not JSON, too large, an unsupported charset or encoding): a
  // GraphQL-shaped error with a code, never a stack.
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err }, 'unhandled HTTP error');
    const message =
      status === 500
        ? 'Something went wrong on our side.'
        : err.type === 'entity.too.large'
          ? `The request body is larger than ${MAX_BODY_BYTES} bytes.`
          : status === 415
            ? 'The request body must be JSON in UTF-8, without a content encoding.'
            : 'The request body is not valid JSON.';
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  });

  subscriptions = startSubscriptionServer({
    httpServer,
    schema,
    config,
    graph,
    services,
    events,
    logger,
    formatError,
    rateLimiter,
    documents,
    lookahead: options.lookahead,
  });
  // Deleted records past their retention are purged on a schedule (an unref'd timer, stopped with the server).
  const purge = schedulePurge(graph, config.deletion, logger);
  // Every customer's stored health is recomputed on a schedule too: it decays with time alone.
  const healthRefresh = startHealthRefresh(graph, config.healthRefreshSeconds, logger);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  // Webhooks are delivered from the event log (modules/webhook/delivery.ts) until the server stops.
  const webhooks = startWebhookDispatcher({ graph, events, logger, config: config.webhooks, service: services.webhook });
  const port = (httpServer.address() as AddressInfo).port;
  // The warm-up runs once the server listens: /readyz says why it is not ready yet meanwhile.
  const warmedUp: Promise<WarmUpReport | null> =
    warmUpState === 'off'
      ? Promise.resolve(null)
      : Promise.race([
          warmUp({
            apollo,
            graph,
            logger,
            context: (user) => createContext(graph, services, events, user, { lookahead: options.lookahead }),
            isEmployee,
            manifest: path.join(options.workbenchDir ?? WORKBENCH_DIR, WORKBENCH_DOCUMENTS_FILE),
            limitMs: config.warmUpSeconds * 1000,
            stopped: () => stopping,
            pages: options.warmUpPages,
            plannerRounds: options.warmUpPlannerRounds ?? config.warmUpPlannerRounds,
            replanShare: options.warmUpReplanShare,
          }),
          // A statement that hangs must not keep the server from being ready.
          new Promise<WarmUpReport>((resolve) =>
            setTimeout(
              () =>
                resolve({
                  ran: 0,
                  failed: 0,
                  missing: [],
                  customerId: null,
                  ms: config.warmUpSeconds * 1000,
                  timedOut: true,
                  replanned: 0,
                  replanMs: 0,
                }),
              config.warmUpSeconds * 1000 + 1000,
            ).unref(),
          ),
        ]).then((report) => {
          warmUpState = 'done';
          logger[report.failed || report.timedOut ? 'warn' : 'info'](report, 'warm-up done');
          return report;
        });
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    httpServer,
    port,
    url: `http://${shownHost}:${port}/graphql`,
    subscriptions,
    warmedUp,
    // Stopping twice waits for the first stop (a signal handler and a test may both ask).
    stop() {
      stopped ??= stopOnce();
      return stopped;
    },
  };

  async function stopOnce() {
    stopping = true;
    purge.stop();
    const healthStopped = healthRefresh.stop();
    const webhooksStopped = webhooks.stop();
    // Stop accepting connections, then give the ones just accepted a moment to send their
    // request: the drain that follows ends every connection without one.
    httpServer.close();
    await new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS));
    await subscriptions!.stop();
    await apollo.stop();
    await rateLimiter.close();
    await webhooksStopped;
    await healthStopped;
  }
}

/** Every request gets an id (the caller's x-request-id when it is sane), echoed back and logged. */
function identify(req: GraphQLHttpRequest, res: ServerResponse): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  req.requestId = id;
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.OPERATION_NOT_TRUSTED]: 403,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/** A failure before any resolver ran (sign-in, rate limit), as Apollo sends it: coded, with its HTTP status. */
function httpError(e: DomainError): GraphQLError {
  const retry = e.details.retryAfterSeconds;
  return new GraphQLError(e.message, {
    extensions: {
      ...e.details,
      code: e.code,
      http: { status: HTTP_STATUS[e.code] ?? 400, ...(retry ? { headers: new Map([['retry-after', String(retry)]]) } : {}) },
    },
  });
}

/** A subscription sent over HTTP is refused with a pointer to the WebSocket. */
const subscriptionsOverWebSocketOnly: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError(
            'Subscriptions are served over WebSocket (graphql-ws, protocol graphql-transport-ws) at the same /graphql path.',
            {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            },
          );
        }
      },
    };
  },
};

/** One structured log line per GraphQL request: id, operation (and the id it was sent by), duration, caller and error codes. */
function requestLog(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = Date.now();
      return {
        async willSendResponse({ contextValue, operation, operationName, request, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const body: unknown = request.http?.body;
          const documentId = body && typeof body === 'object' ? persistedIds.get(body) : undefined;
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: operationName ?? null,
              ...(documentId ? { documentId } : {}),
              type: operation?.operation ?? null,
              ms: Date.now() - started,
              actorId: contextValue.user?.employeeId ?? null,
              errors: errors?.map((e) => e.extensions?.code),
            },
            'graphql request',
          );
        },
      };
    },
  };
}

/** Ready means: Neo4j answers within 2 s, and the schema migrations are all applied. */
async function readiness(
  graph: Graph,
  expectedMigration: number,
): Promise<{ neo4j: boolean; migrations: boolean; migrationVersion: number | null }> {
  try {
    const rows = await Promise.race([
      graph.read('OPTIONAL MATCH (m:Migration) RETURN max(m.version) AS version', {}, 'readyz'),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
    ]);
    const version = (rows[0]?.version as number | null) ?? null;
    return { neo4j: true, migrations: version === expectedMigration, migrationVersion: version };
  } catch {
    return { neo4j: false, migrations: false, migrationVersion: null };
  }
}
