import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Graph } from '../../src/db/graph';
import { decodeEventCursor, encodeEventCursor, readHead } from '../../src/realtime/event-log';

/**
 * A resuming subscriber, as a client of the event log should be written: it keeps the cursor of
 * the last event it received and, whenever its subscription ends for any reason (the socket
 * dropped, the server went away, the stream completed, or a payload came without an event), it
 * subscribes again with `after: lastCursor`. It collects every event it receives, duplicates
 * included, so that a test can count them before removing them by cursor.
 */

/** One event as the client received it. */
export interface ReceivedEvent {
  cursor: string;
  /** The cursor's position in the log (tests only: clients treat cursors as opaque). */
  position: number;
  /** The root field's value (`cursor` and what else the query selects). */
  value: any;
  /** Date.now() when it arrived. */
  at: number;
  /** Which subscription (1-based, counting re-subscriptions) delivered it. */
  subscription: number;
}

export interface ResumingSubscription {
  /** Every event received, in arrival order, duplicates included. */
  readonly received: ReceivedEvent[];
  /** Payloads that carried errors instead of an event; each made the client subscribe again after its last cursor. */
  readonly errorPayloads: { at: number; errors: unknown }[];
  /** Why each subscription but the current one ended (`closed 1006`, `complete`, `error payload`, `interrupted` by suspend...). */
  readonly endings: string[];
  /** Subscriptions sent so far (the first one included). */
  readonly subscriptions: number;
  /** Connections the server acknowledged so far. */
  readonly connections: number;
  /** The cursor of the last event received (what the next subscription resumes after). */
  readonly lastCursor: string | null;
  /** A refusal the client cannot recover from (CURSOR_EXPIRED, BAD_USER_INPUT...): it stopped. */
  readonly fatal: unknown;
  /** The events with duplicates removed by cursor, in arrival order (the first arrival kept). */
  unique(): ReceivedEvent[];
  /** How many arrivals repeated a cursor already received. */
  duplicates(): number;
  /** Closes the connection and stays away until {@link resume}. */
  suspend(): Promise<void>;
  /** Subscribes again after the last cursor (after {@link suspend}), in the background. */
  resume(): void;
  /** Closes for good. */
  stop(): Promise<void>;
}

export interface ResumingOptions {
  /** The graphql-ws address (a function: asked again at each attempt). */
  url: string | (() => string);
  /** `Bearer <token>` */
  authorization: string;
  /** A subscription document taking `$after: String`, whose root field selects `cursor`. */
  query: string;
  variables?: Record<string, unknown>;
  /**
   * The cursor to start after. Null or absent: live from now on, and until a first event arrives
   * the client has no cursor, so a drop before then resumes live and loses what committed
   * meanwhile (the API hands out cursors only with events).
   */
  after?: string | null;
  /** Pause between a failed or ended attempt and the next (default 200 ms). */
  retryWaitMs?: number;
  /** Called on every event received (duplicates included), as it arrives. */
  onEvent?: (event: ReceivedEvent) => void;
}

/** Error codes that another attempt with the same cursor cannot fix. */
const FATAL_CODES = new Set(['CURSOR_EXPIRED', 'BAD_USER_INPUT', 'FORBIDDEN', 'UNAUTHENTICATED', 'GRAPHQL_VALIDATION_FAILED']);

const codesOf = (errors: unknown): string[] =>
  Array.isArray(errors) ? errors.map((e) => (e as { extensions?: { code?: string } })?.extensions?.code ?? '') : [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function resumingSubscription(options: ResumingOptions): ResumingSubscription {
  const received: ReceivedEvent[] = [];
  const errorPayloads: { at: number; errors: unknown }[] = [];
  const endings: string[] = [];
  const retryWaitMs = options.retryWaitMs ?? 200;
  const url = typeof options.url === 'function' ? options.url : () => options.url as string;
  let lastCursor = options.after ?? null;
  let subscriptions = 0;
  let connections = 0;
  let fatal: unknown = null;
  let stopped = false;
  let suspended = false;
  /** Ends the current attempt at once (closes its socket). */
  let interrupt: (() => Promise<void>) | null = null;
  let wake: (() => void) | null = null;

  const attempt = async (): Promise<string> => {
    let closeCode: number | null = null;
    const client = createClient({
      url: url(),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: options.authorization },
      lazy: true,
      retryAttempts: 0,
      on: {
        connected: () => void connections++,
        closed: (e) => void (closeCode = (e as { code?: number })?.code ?? null),
      },
    });
    interrupt = () => client.dispose() as Promise<void>;
    subscriptions++;
    const subscription = subscriptions;
    try {
      const results = client.iterate({ query: options.query, variables: { ...options.variables, after: lastCursor } });
      for await (const result of results) {
        if (stopped || suspended) return 'interrupted';
        const root = result.data ? Object.values(result.data)[0] : null;
        if (root && typeof (root as { cursor?: unknown }).cursor === 'string') {
          const cursor = (root as { cursor: string }).cursor;
          const event: ReceivedEvent = { cursor, position: decodeEventCursor(cursor).position, value: root, at: Date.now(), subscription };
          received.push(event);
          lastCursor = cursor;
          options.onEvent?.(event);
          continue;
        }
        // No event: the server could not resolve one (the database went away meanwhile?) or refused
        // the subscription. The stream cannot be trusted past this point: subscribe again.
        errorPayloads.push({ at: Date.now(), errors: result.errors });
        if (codesOf(result.errors).some((c) => FATAL_CODES.has(c))) fatal = result.errors;
        return 'error payload';
      }
      return stopped || suspended ? 'interrupted' : 'complete';
    } catch (e) {
      if (codesOf(e).some((c) => FATAL_CODES.has(c))) fatal = e;
      return closeCode !== null ? `closed ${closeCode}` : `failed: ${String((e as Error)?.message ?? e).slice(0, 80)}`;
    } finally {
      interrupt = null;
      await (client.dispose() as Promise<void>);
    }
  };

  const loop = (async () => {
    while (!stopped && !fatal) {
      if (suspended) {
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      const ending = await attempt();
      if (stopped || fatal) break;
      endings.push(ending);
      if (!suspended) await sleep(retryWaitMs);
    }
  })();

  return {
    received,
    errorPayloads,
    endings,
    get subscriptions() {
      return subscriptions;
    },
    get connections() {
      return connections;
    },
    get lastCursor() {
      return lastCursor;
    },
    get fatal() {
      return fatal;
    },
    unique() {
      const seen = new Set<string>();
      return received.filter((e) => !seen.has(e.cursor) && (seen.add(e.cursor), true));
    },
    duplicates() {
      return received.length - new Set(received.map((e) => e.cursor)).size;
    },
    async suspend() {
      suspended = true;
      await interrupt?.();
    },
    resume() {
      suspended = false;
      wake?.();
      wake = null;
    },
    async stop() {
      stopped = true;
      wake?.();
      await interrupt?.();
      await loop;
    },
  };
}

/** Why a client's subscriptions ended, counted: `closed 1006 x12, closed 1001 x1`. */
export function endingsOf(client: ResumingSubscription): string {
  const counts = new Map<string, number>();
  for (const e of client.endings) counts.set(e, (counts.get(e) ?? 0) + 1);
  return [...counts].map(([e, n]) => `${e} x${n}`).join(', ') || 'none';
}

/** A cursor at the head of the log now: subscribing after it receives every event committed from now on. */
export async function headCursor(graph: Graph): Promise<{ cursor: string; position: number }> {
  const head = await readHead(graph);
  if (!head.epoch) throw new Error('The event log is empty: record one event before taking its head.');
  return { cursor: encodeEventCursor(head.epoch, head.position), position: head.position };
}

/** The events of `topic` the log holds after `position`, in position order, with their payloads. */
export async function loggedEvents(graph: Graph, topic: string, after: number): Promise<{ position: number; payload: any }[]> {
  const rows = await graph.read(
    `MATCH (e:Event) WHERE e.position > toInteger($after) AND e.topic = $topic
     RETURN e.position AS position, e.payload AS payload ORDER BY e.position`,
    { after, topic },
    'test',
  );
  return rows.map((r) => ({ position: r.position as number, payload: JSON.parse(r.payload as string) }));
}

/** Whether positions increase strictly. */
export const strictlyIncreasing = (positions: number[]): boolean => positions.every((p, k) => k === 0 || p > positions[k - 1]);

/** A steady stream of recordInteraction mutations, as a client under test would send them. */
export interface SteadyWriter {
  /** Mutations sent (each with its own externalId). */
  readonly sent: number;
  /** externalIds whose answer said recorded. */
  readonly acknowledged: string[];
  /** Writes that no copy acknowledged, by the last error code (`NO_ANSWER` when the request failed). */
  readonly failures: Map<string, number>;
  /** Writes acknowledged by another copy than the first asked (the same externalId sent again). */
  readonly retriedElsewhere: number;
  /** The first few error answers, as `externalId: code: message`. */
  readonly errorSamples: string[];
  /** Stops sending and waits for the answers of the writes in flight. */
  stop(): Promise<void>;
}

const RECORD = 'mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { id externalId } }';

/**
 * Sends one recordInteraction every `everyMs` (`parallel` at a time), without waiting for the
 * answers, each to the first of `urls()` and, when it is not acknowledged (the copy is down, the
 * answer lost, the database unavailable), once more with the same externalId to each next one:
 * recordInteraction is idempotent by externalId, so a retry of a write that did commit records
 * nothing twice.
 */
export function steadyWriter(options: {
  urls: () => string[];
  token: string;
  customerId: string;
  /** Every externalId starts with it (to find what committed afterwards). */
  prefix: string;
  everyMs: number;
  parallel?: number;
  /** Wait for each write's answer before the next (one in flight at a time, as fast as answers come). */
  sequential?: boolean;
  timeoutMs?: number;
}): SteadyWriter {
  const acknowledged: string[] = [];
  const failures = new Map<string, number>();
  const errorSamples: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let retriedElsewhere = 0;
  let running = true;
  const post = async (url: string, externalId: string): Promise<string> => {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: JSON.stringify({
          query: RECORD,
          variables: {
            input: {
              externalId,
              customerId: options.customerId,
              channel: 'CHAT',
              touchpoint: 'SUPPORT',
              direction: 'INBOUND',
              summary: `steady ${externalId}`,
            },
          },
        }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      const body = (await res.json()) as {
        data?: { recordInteraction?: { externalId: string } };
        errors?: { message?: string; extensions?: { code?: string } }[];
      };
      if (body.data?.recordInteraction) return 'OK';
      const code = body.errors?.[0]?.extensions?.code ?? `HTTP_${res.status}`;
      if (errorSamples.length < 5) errorSamples.push(`${externalId}: ${code}: ${body.errors?.[0]?.message ?? ''}`);
      return code;
    } catch {
      return 'NO_ANSWER';
    }
  };
  const write = async () => {
    const externalId = `${options.prefix}-${++sent}`;
    let outcome = 'NO_COPY';
    for (const [k, url] of options.urls().entries()) {
      outcome = await post(url, externalId);
      if (outcome === 'OK') {
        acknowledged.push(externalId);
        if (k > 0) retriedElsewhere++;
        return;
      }
    }
    failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
  };
  const loop = (async () => {
    while (running) {
      for (let k = 0; k < (options.parallel ?? 1); k++) {
        const p = write().finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (options.sequential) await Promise.all([...inFlight]);
      await sleep(options.everyMs);
    }
  })();
  return {
    get sent() {
      return sent;
    },
    acknowledged,
    failures,
    get retriedElsewhere() {
      return retriedElsewhere;
    },
    errorSamples,
    async stop() {
      running = false;
      await loop;
      await Promise.all([...inFlight]);
    },
  };
}

/** What committed during a run, what the log holds of it, and what a resuming client received. */
export interface DeliveryReport {
  /** Interactions in the graph whose externalId starts with the prefix: id by externalId. */
  committed: Map<string, string>;
  /** The log's interactionRecorded events of the customer after the start, in position order. */
  logged: { position: number; interactionId: string }[];
  /** What the client received after removing duplicates by cursor, in arrival order. */
  received: { position: number; interactionId: string }[];
  /** Arrivals before removing duplicates. */
  arrivals: number;
  duplicates: number;
  /**
   * What does not fit in the log: interactions with more than one event (their positions), and
   * events of interactions that are not among the committed ones (their externalId, if any).
   */
  anomalies: {
    loggedTwice: { interactionId: string; positions: number[] }[];
    notCommitted: { position: number; interactionId: string; externalId: string | null }[];
  };
}

/**
 * Waits until the client has received every event the log holds for `customerId` after
 * `startPosition` (or `timeoutMs` passed), then a little more for late duplicates, and reports
 * what committed (interactions whose externalId starts with `prefix-`), what was logged and what
 * arrived. The client's query selects `cursor interaction { id }`.
 */
export async function deliveryReport(
  graph: Graph,
  options: { client: ResumingSubscription; startPosition: number; prefix: string; customerId: string; timeoutMs?: number },
): Promise<DeliveryReport> {
  // A write whose client gave up (no answer in time, its copy went away) may still commit: wait
  // until what committed and what was logged no longer change.
  const read = async () => {
    const rows = await graph.read(
      'MATCH (i:Interaction) WHERE i.externalId STARTS WITH $prefix RETURN i.externalId AS externalId, i.id AS id',
      { prefix: `${options.prefix}-` },
      'test',
    );
    const logged = (await loggedEvents(graph, 'rapport.interactionRecorded', options.startPosition))
      .filter((e) => e.payload.customerId === options.customerId)
      .map((e) => ({ position: e.position, interactionId: e.payload.interactionId as string }));
    return { committed: new Map(rows.map((r) => [r.externalId as string, r.id as string])), logged };
  };
  let { committed, logged } = await read();
  for (let settled = 0; settled < 1;) {
    await sleep(1_000);
    const again = await read();
    settled = again.committed.size === committed.size && again.logged.length === logged.length ? settled + 1 : 0;
    ({ committed, logged } = again);
  }
  const last = logged.length ? logged[logged.length - 1].position : options.startPosition;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const caughtUp = () => options.client.received.some((e) => e.position >= last) && options.client.unique().length >= logged.length;
  while (!caughtUp() && Date.now() < deadline && !options.client.fatal) await sleep(50);
  await sleep(500); // a duplicate would arrive now
  const unique = options.client.unique();
  const positionsById = new Map<string, number[]>();
  for (const e of logged) positionsById.set(e.interactionId, [...(positionsById.get(e.interactionId) ?? []), e.position]);
  const loggedTwice = [...positionsById]
    .filter(([, p]) => p.length > 1)
    .map(([interactionId, positions]) => ({ interactionId, positions }));
  const committedIds = new Set(committed.values());
  const strangers = logged.filter((e) => !committedIds.has(e.interactionId));
  const externalIds = strangers.length
    ? new Map(
        (
          await graph.read('UNWIND $ids AS id OPTIONAL MATCH (i:Interaction {id: id}) RETURN id, i.externalId AS externalId', {
            ids: strangers.map((e) => e.interactionId),
          })
        ).map((r) => [r.id as string, (r.externalId as string | null) ?? null]),
      )
    : new Map<string, string | null>();
  return {
    anomalies: { loggedTwice, notCommitted: strangers.map((e) => ({ ...e, externalId: externalIds.get(e.interactionId) ?? null })) },
    committed,
    logged,
    received: unique.map((e) => ({ position: e.position, interactionId: e.value?.interaction?.id as string })),
    arrivals: options.client.received.length,
    duplicates: options.client.duplicates(),
  };
}
