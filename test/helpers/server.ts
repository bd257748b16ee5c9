import 'reflect-metadata';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { openGraph, type GraphHandle } from '../../src/db/connect';
import { migrate } from '../../src/db/migrations';
import { AccessRole } from '../../src/graphql/access';
import { mintToken } from '../../src/server/auth';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/app';
import type { Graph } from '../../src/db/graph';
import { createEventBus, type EventBus } from '../../src/realtime/event-bus';
import type { TopicName, TopicPayloads } from '../../src/realtime/topics';
import { EVENT_LOG_OPERATION } from '../../src/realtime/event-log';
import { WEBHOOK_DISPATCH_OPERATION } from '../../src/modules/webhook/webhook.repository';
import { SIGN_IN_OPERATION } from '../../src/modules/employee/employee.repository';

export const TEST_JWT_SECRET = 'rapport-test-secret-0123456789abcdefghijklmnop';

/** The configuration the tests run the server with: the test Neo4j, a free port, no logs. */
export function testConfig(extra: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    NEO4J_URI: process.env.NEO4J_URI,
    NEO4J_PASSWORD: process.env.NEO4J_PASSWORD ?? 'unused',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    // No warm-up (it would add its statements to those a test counts); the warm-up tests turn it on.
    WARM_UP_SECONDS: '0',
    ...extra,
  });
}

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; locations?: { line: number; column: number }[]; extensions?: Record<string, any> }[];
}

export interface TestServer {
  url: string;
  /** ws://127.0.0.1:<port>/graphql */
  wsUrl: string;
  server: RunningServer;
  events: EventBus;
  graph: Graph;
  config: Config;
  /** Sends one GraphQL request over HTTP, as a client would. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  /** A valid token for an employee. */
  token(employeeId: string, roles?: AccessRole[]): Promise<string>;
  /**
   * Statements sent to Neo4j so far, but for the sign-in checks of tokens (one per token, again
   * after a minute), the event log's relay and the webhook dispatcher, which read in the background: what the round-trip
   * tests count per request.
   */
  statements(): number;
  /**
   * Records events in the event log in one transaction, as a service does (the relay then
   * delivers them); resolves once committed.
   */
  publish<T extends TopicName>(topic: T, ...payloads: TopicPayloads[T][]): Promise<void>;
  /** Runs Cypher against the test graph (to arrange data or check effects). */
  cypher(query: string, params?: Record<string, unknown>): Promise<Record<string, any>[]>;
  close(): Promise<void>;
}

/**
 * Starts a real server (HTTP on a free port) against the test Neo4j, with migrations applied.
 * `server` passes options to {@link startServer} (a workbench folder of the test's own); `logger`
 * replaces the silent one (a test that reads the request log).
 */
export async function startTestServer(
  options: { redisUrl?: string; env?: Record<string, string>; server?: ServerOptions; logger?: Logger } = {},
): Promise<TestServer> {
  const config = testConfig(options.env);
  const handle: GraphHandle = await openGraph(config, () => undefined);
  await migrate(handle.graph);
  const logger = options.logger ?? pino({ level: config.logLevel });
  const events = createEventBus({ graph: handle.graph, redisUrl: options.redisUrl, logger, ...config.events });
  const server: RunningServer = await startServer(config, handle.graph, events, logger, options.server);
  const url = `http://127.0.0.1:${server.port}/graphql`;
  return {
    url,
    graph: handle.graph,
    config,
    async gql(query, variables, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status };
    },
    token: (employeeId, roles = [AccessRole.ANALYST]) => mintToken(config.jwt, employeeId, roles),
    statements: () =>
      handle.graph.statementCount -
      (handle.graph.statementsByOperation.get(SIGN_IN_OPERATION) ?? 0) -
      (handle.graph.statementsByOperation.get(EVENT_LOG_OPERATION) ?? 0) -
      (handle.graph.statementsByOperation.get(WEBHOOK_DISPATCH_OPERATION) ?? 0),
    cypher: (query, params = {}) => handle.graph.write(query, params, 'test'),
    // Returns once the relay has given the events their positions (and handed them out).
    publish: async (topic, ...payloads) => {
      await handle.graph.writeTx(async (tx) => {
        for (const p of payloads) events.record(tx, topic, p);
      }, 'test');
      await events.poll();
    },
    wsUrl: url.replace(/^http/, 'ws'),
    server,
    events,
    async close() {
      await server.stop();
      await events.close();
      await handle.close();
    },
  };
}
