import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Graph } from '../db/graph';
import type { EventBus } from '../realtime/event-bus';
import { Topics } from '../realtime/topics';
import type { Context } from '../graphql/context';

/**
 * Prometheus metrics (`prom-client`), one registry per server, served at `/metrics`:
 * - `rapport_graphql_request_duration_seconds{operation,type}`: GraphQL operations over HTTP (the
 *   first {@link MAX_OPERATION_LABELS} operation names signed-in callers sent, then `other`;
 *   `unauthenticated` for every operation of a caller without a token, whatever its name;
 *   `anonymous` for a signed-in caller's operation without a name);
 * - `rapport_graphql_errors_total{code}`: errors sent to clients, by `extensions.code`;
 * - `rapport_audit_refusals_unrecorded_total{code}`: refusals of callers without a valid identity
 *   left out of the audit trail, over its budget (see `ANONYMOUS_AUDIT_BUDGET`);
 * - `rapport_subscriptions_active{topic}`: live subscriptions of this process;
 * - `rapport_neo4j_query_duration_seconds{operation,outcome}`: every Cypher statement;
 * - `rapport_events_published_total` / `rapport_event_publish_failures_total`;
 * - Node's process metrics (memory, CPU, event-loop lag), prefixed `rapport_`.
 */
export interface Metrics {
  registry: Registry;
  plugin: ApolloServerPlugin<Context>;
  /** Counts a refusal the audit trail did not record (over its budget for callers without a valid identity). */
  countUnrecordedRefusal(code: string): void;
}

/** Operation names become label values: cut to a sane length and character set. */
const label = (name: string | null | undefined) => (name ? name.replace(/[^\w.-]/g, '_').slice(0, 64) : 'anonymous');

/**
 * How many distinct client operation names become label values; later names count as `other`.
 * Clients choose these names, and every label set is a series kept for the life of the process,
 * so without a bound anyone could grow `/metrics` (and the server's memory) without end. Only
 * signed-in callers' names take these slots: every operation of a caller without a token counts
 * as {@link UNAUTHENTICATED_OPERATION}, so an anonymous flood of names cannot exhaust them.
 */
export const MAX_OPERATION_LABELS = 200;

/** The operation label of every request without a signed-in caller. */
export const UNAUTHENTICATED_OPERATION = 'unauthenticated';

export function createMetrics(graph: Graph, events: EventBus): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'rapport_' });
  const requests = new Histogram({
    name: 'rapport_graphql_request_duration_seconds',
    help: 'Duration of GraphQL operations over HTTP, by operation name and type.',
    labelNames: ['operation', 'type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'rapport_graphql_errors_total',
    help: 'GraphQL errors sent to clients, by extensions.code.',
    labelNames: ['code'],
    registers: [registry],
  });
  const unrecordedRefusals = new Counter({
    name: 'rapport_audit_refusals_unrecorded_total',
    help: 'Refused requests of callers without a valid identity left out of the audit trail (over its budget per client address and window), by code.',
    labelNames: ['code'],
    registers: [registry],
  });
  const queries = new Histogram({
    name: 'rapport_neo4j_query_duration_seconds',
    help: 'Duration of Cypher statements, by the operation that sent them and their outcome.',
    labelNames: ['operation', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  new Gauge({
    name: 'rapport_subscriptions_active',
    help: 'Live subscriptions of this server process, by topic.',
    labelNames: ['topic'],
    registers: [registry],
    collect() {
      for (const topic of Object.values(Topics)) this.set({ topic }, events.listenerCount(topic));
    },
  });
  new Gauge({
    name: 'rapport_events_published_total',
    help: 'Live events this process relayed from the event log to its subscribers since start.',
    registers: [registry],
    collect() {
      this.set(events.stats.published);
    },
  });
  new Gauge({
    name: 'rapport_event_publish_failures_total',
    help: 'Failed reads of the event log and failed Redis notices of this process since start (each retried: events delayed, not lost).',
    registers: [registry],
    collect() {
      this.set(events.stats.publishFailures);
    },
  });
  graph.observe = (operation, seconds, ok) =>
    queries.observe({ operation: label(operation.split(' ')[0]), outcome: ok ? 'ok' : 'error' }, seconds);

  const operationLabels = new Set<string>();
  const operationLabel = (name: string | null | undefined) => {
    const value = label(name);
    if (value === UNAUTHENTICATED_OPERATION) return 'other'; // that label says who called, not what
    if (operationLabels.has(value)) return value;
    if (operationLabels.size >= MAX_OPERATION_LABELS) return 'other';
    operationLabels.add(value);
    return value;
  };

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ contextValue, operation, operationName, errors: requestErrors, response }) {
          const name = contextValue.user ? operationLabel(operationName) : UNAUTHENTICATED_OPERATION;
          requests.observe({ operation: name, type: operation?.operation ?? 'invalid' }, Number(process.hrtime.bigint() - started) / 1e9);
          const sent = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const e of sent ?? requestErrors ?? []) errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
        },
      };
    },
  };
  return { registry, plugin, countUnrecordedRefusal: (code) => unrecordedRefusals.inc({ code: label(code) }) };
}
