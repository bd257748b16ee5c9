import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { buildSchema, GraphQLError, Kind, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { createClient, type Client, type FormattedExecutionResult, type Sink, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import {
  cursorOf,
  deadConnectionCheck,
  MAX_RECONNECT_WAIT_MS,
  RECONNECT,
  reconnectWait,
  refusesCursor,
  resumable,
  shouldReconnect,
  type Gap,
} from '../../web/src/resume';

/**
 * The workbench's resuming of live updates (web/src/resume.ts, issue 24): how soon it reconnects,
 * the cursor it keeps per subscription and sends again, duplicates dropped, gaps read again; then
 * the same with the real graphql-ws client against a graphql-ws server that restarts, and a check
 * that every subscription of the workbench can resume at all.
 */

const WEB_SRC = path.join(__dirname, '..', '..', 'web', 'src');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('reconnecting', () => {
  it('waits a random half of a doubling ceiling, from 0.25-0.5 s up to 2.5-5 s and never longer, however long the server was away', () => {
    expect(reconnectWait(0, () => 0)).toBe(250);
    expect(reconnectWait(0, () => 1)).toBe(500);
    expect(reconnectWait(1, () => 0.5)).toBe(750);
    expect(reconnectWait(3, () => 1)).toBe(4_000);
    for (const retries of [4, 5, 10, 100, 10_000]) {
      expect(reconnectWait(retries, () => 0)).toBe(MAX_RECONNECT_WAIT_MS / 2);
      expect(reconnectWait(retries, () => 1)).toBe(MAX_RECONNECT_WAIT_MS);
    }
    for (let retries = 0; retries < 50; retries++) {
      const wait = reconnectWait(retries);
      expect(wait).toBeGreaterThanOrEqual(250);
      expect(wait).toBeLessThanOrEqual(MAX_RECONNECT_WAIT_MS);
    }
    expect(MAX_RECONNECT_WAIT_MS).toBeLessThanOrEqual(5_000);
    expect(RECONNECT.retryAttempts).toBe(Infinity);
  });

  it('retries a restarting server, a lost network, a refused connection and falling behind, but not a refused token', () => {
    for (const code of [1001, 1005, 1006, 1012, 1013, 1014, 4408, 4413, 4499]) expect(shouldReconnect({ code, reason: '' })).toBe(true);
    expect(shouldReconnect({ type: 'error' })).toBe(true); // a browser's error event: the connection was refused
    expect(shouldReconnect(new Error('connectionParams failed'))).toBe(true);
    expect(shouldReconnect({ code: 4401, reason: 'Unauthorized' })).toBe(false);
    expect(shouldReconnect({ code: 4403, reason: 'Forbidden' })).toBe(false);
  });
});

describe('reading events', () => {
  it("finds the cursor in the subscription's root field, whatever its name or alias", () => {
    expect(cursorOf({ data: { interactionRecorded: { cursor: 'abc', at: 'x' } } })).toBe('abc');
    expect(cursorOf({ data: { renamed: { cursor: 'def' } } })).toBe('def');
    expect(cursorOf({ data: { interactionRecorded: { at: 'x' } } })).toBeNull();
    expect(cursorOf({ data: null, errors: [{ message: 'no' }] })).toBeNull();
    expect(cursorOf({})).toBeNull();
  });

  it('tells a refused cursor (CURSOR_EXPIRED, or BAD_USER_INPUT on `after`) from other errors', () => {
    expect(refusesCursor([{ message: 'old', extensions: { code: 'CURSOR_EXPIRED', field: 'after' } }])).toBe(true);
    expect(refusesCursor([{ message: 'ahead', extensions: { code: 'BAD_USER_INPUT', field: 'after' } }])).toBe(true);
    expect(refusesCursor({ message: 'old', extensions: { code: 'CURSOR_EXPIRED' } })).toBe(true);
    expect(refusesCursor([{ message: 'bad id', extensions: { code: 'BAD_USER_INPUT', field: 'customerId' } }])).toBe(false);
    expect(refusesCursor([{ message: 'no', extensions: { code: 'FORBIDDEN' } }])).toBe(false);
    expect(refusesCursor({ code: 1006, reason: '' })).toBe(false);
    expect(refusesCursor(null)).toBe(false);
  });
});

/** A graphql-ws client stand-in: what was subscribed (the payload object as sent), its sink, whether it was disposed. */
function fakeClient() {
  const calls: { payload: SubscribePayload; sink: Sink<FormattedExecutionResult<any, any>>; disposed: boolean }[] = [];
  const connected: ((socket: unknown, payload: unknown, wasRetry: boolean) => void)[] = [];
  const client = {
    on: (event: string, listener: (...args: any[]) => void) => {
      if (event === 'connected') connected.push(listener);
      return () => undefined;
    },
    subscribe: (payload: SubscribePayload, sink: Sink<FormattedExecutionResult<any, any>>) => {
      const call = { payload, sink, disposed: false };
      calls.push(call);
      return () => void (call.disposed = true);
    },
    iterate: () => {
      throw new Error('not used');
    },
    dispose: () => undefined,
    terminate: () => undefined,
  } as unknown as Client;
  return { client, calls, reconnected: () => connected.forEach((l) => l(null, undefined, true)) };
}

/** A sink that collects what reaches the page. */
function page() {
  const events: any[] = [];
  const errors: unknown[] = [];
  let completed = 0;
  const sink: Sink<FormattedExecutionResult<any, any>> = {
    next: (r) => void events.push(r),
    error: (e) => void errors.push(e),
    complete: () => void completed++,
  };
  return { sink, events, errors, completed: () => completed };
}

const event = (cursor: string, summary = cursor) => ({ data: { interactionRecorded: { cursor, interaction: { summary } } } });
const QUERY = 'subscription($c: ID!, $after: String) { interactionRecorded(customerId: $c, after: $after) { cursor } }';

describe('resuming a subscription (graphql-ws stand-in)', () => {
  it('writes the last cursor into the payload graphql-ws sends again, and drops an event whose cursor it has received', () => {
    const fake = fakeClient();
    const gaps: Gap[] = [];
    const live = resumable(fake.client, (why) => gaps.push(why));
    const variables = { c: 'customer-1' };
    const p = page();
    live.subscribe({ query: QUERY, variables }, p.sink);
    expect(fake.calls).toHaveLength(1);
    const sent = fake.calls[0].payload;
    expect(sent.variables).toEqual({ c: 'customer-1' });

    fake.calls[0].sink.next(event('a'));
    expect(sent.variables).toEqual({ c: 'customer-1', after: 'a' });
    fake.calls[0].sink.next(event('b'));
    fake.calls[0].sink.next(event('a')); // delivered twice (at least once)
    fake.calls[0].sink.next(event('b'));
    fake.calls[0].sink.next(event('c'));
    expect(p.events.map((e) => e.data.interactionRecorded.cursor)).toEqual(['a', 'b', 'c']);
    expect(sent.variables).toEqual({ c: 'customer-1', after: 'c' });
    // The page's own variables are left alone (Apollo keys its operations by them).
    expect(variables).toEqual({ c: 'customer-1' });
    // A reconnect: graphql-ws sends `sent` again, which asks for what followed 'c'. Nothing to read again.
    fake.reconnected();
    expect(gaps).toEqual([]);
    expect(p.errors).toEqual([]);
  });

  it('reads the screen again after a reconnect when a subscription had no event yet (no cursor to resume from), not after the first connection', () => {
    const fake = fakeClient();
    const gaps: Gap[] = [];
    const live = resumable(fake.client, (why) => gaps.push(why));
    live.subscribe({ query: QUERY, variables: { c: '1' } }, page().sink);
    fake.calls[0].sink.next(event('a'));
    const stop = live.subscribe({ query: QUERY, variables: { c: '2' } }, page().sink);
    fake.reconnected();
    expect(gaps).toEqual(['reconnected without a cursor']);
    stop();
    expect(fake.calls[1].disposed).toBe(true);
    fake.reconnected();
    expect(gaps).toEqual(['reconnected without a cursor']);
  });

  it('on a refused cursor (a payload of errors, then complete) reads the screen again and subscribes without `after`; the page sees no error', () => {
    const fake = fakeClient();
    const gaps: Gap[] = [];
    const live = resumable(fake.client, (why) => gaps.push(why));
    const p = page();
    const stop = live.subscribe({ query: QUERY, variables: { c: '1' } }, p.sink);
    fake.calls[0].sink.next(event('a'));
    // As the server answers a resumed subscription whose cursor is older than the log's retention:
    fake.calls[0].sink.next({ errors: [{ message: 'The events after this cursor are older…', extensions: { code: 'CURSOR_EXPIRED' } }] });
    expect(gaps).toEqual(['cursor refused']);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[0].disposed).toBe(true);
    expect(fake.calls[1].payload.variables).toEqual({ c: '1' });
    fake.calls[0].sink.complete(); // the refused subscription's end: not the page's
    fake.calls[1].sink.next(event('d'));
    expect(fake.calls[1].payload.variables).toEqual({ c: '1', after: 'd' });
    // The same as an error message (BAD_USER_INPUT on `after`: a cursor ahead of a restored log).
    fake.calls[1].sink.error([{ message: 'ahead of the event log', extensions: { code: 'BAD_USER_INPUT', field: 'after' } }]);
    expect(gaps).toEqual(['cursor refused', 'cursor refused']);
    expect(fake.calls).toHaveLength(3);
    expect(fake.calls[2].payload.variables).toEqual({ c: '1' });
    expect(p.events.map((e) => e.data.interactionRecorded.cursor)).toEqual(['a', 'd']);
    expect(p.errors).toEqual([]);
    expect(p.completed()).toBe(0);
    stop();
    expect(fake.calls[2].disposed).toBe(true);
  });

  it('passes on errors that are not about a cursor it sent, and the end of a subscription', () => {
    const fake = fakeClient();
    const gaps: Gap[] = [];
    const live = resumable(fake.client, (why) => gaps.push(why));
    // Without `after`, a refusal is the page's (it never sent a cursor): passed on, no loop.
    const first = page();
    live.subscribe({ query: QUERY, variables: { c: '1', after: 'given-by-the-page' } }, first.sink);
    fake.calls[0].sink.error([{ message: 'forbidden', extensions: { code: 'FORBIDDEN' } }]);
    expect(first.errors).toHaveLength(1);
    const second = page();
    live.subscribe({ query: QUERY, variables: { c: '2' } }, second.sink);
    const refusal = { errors: [{ message: 'expired', extensions: { code: 'CURSOR_EXPIRED' } }] };
    fake.calls[1].sink.next(refusal);
    expect(second.events).toEqual([refusal]);
    fake.calls[1].sink.complete();
    expect(second.completed()).toBe(1);
    expect(fake.calls).toHaveLength(2);
    expect(gaps).toEqual([]);
    // Ended subscriptions are no longer waited for after a reconnect.
    fake.reconnected();
    expect(gaps).toEqual([]);
  });
});

describe('resuming with the real graphql-ws client, against a server that restarts on the same port', () => {
  /** The server's event log: cursor `c<n>` for tick n; `trimmed` events at its start are past retention. */
  const log: { cursor: string; n: number }[] = [];
  let trimmed = 0;
  const wakers = new Set<() => void>();
  /** The variables of every subscription the server received, in order. */
  const received: Record<string, unknown>[] = [];

  function publish(n: number) {
    log.push({ cursor: `c${n}`, n });
    for (const wake of wakers) wake();
    wakers.clear();
  }

  /** Ticks from index `from` of the log on, then live ones (`only`: just that n). */
  function stream(from: number, only: number | null): AsyncIterableIterator<{ ticks: { cursor: string; n: number } }> {
    let i = from;
    let done = false;
    const it: AsyncIterableIterator<{ ticks: { cursor: string; n: number } }> = {
      async next() {
        for (;;) {
          while (!done && i < log.length && only !== null && log[i].n !== only) i++;
          if (done) return { done: true, value: undefined };
          if (i < log.length) return { done: false, value: { ticks: log[i++] } };
          await new Promise<void>((resolve) => wakers.add(resolve));
        }
      },
      async return() {
        done = true;
        for (const wake of wakers) wake();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  const schema = buildSchema(`
    type Query { ok: Boolean }
    type Tick { cursor: String! n: Int! }
    type Subscription { ticks(after: String, only: Int): Tick! }
  `);
  const roots = {
    subscription: {
      // As Rapport's: a cursor the log no longer covers is refused when subscribing (a payload of
      // errors, then complete); a known one replays from the event at the cursor itself (a
      // duplicate at the seam, which at-least-once allows), then goes on live.
      ticks({ after, only }: { after?: string | null; only?: number | null }) {
        if (after == null) return stream(log.length, only ?? null);
        const at = log.findIndex((e) => e.cursor === after);
        if (at < trimmed) throw new GraphQLError('The events after this cursor were trimmed.', { extensions: { code: 'CURSOR_EXPIRED' } });
        return stream(at, only ?? null);
      },
    },
  };

  async function listen(port = 0) {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, path: '/graphql' });
    const server = useServer(
      {
        schema,
        roots,
        onSubscribe: (_ctx, _id, payload) => void received.push({ ...payload.variables }),
      },
      wss,
    );
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
    return {
      port: (http.address() as AddressInfo).port,
      /** As a server shutting down: every socket closed with 1001, then nothing listens. */
      async stop() {
        for (const socket of wss.clients) socket.close(1001, 'Server shutting down');
        await server.dispose();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      },
    };
  }

  let server: Awaited<ReturnType<typeof listen>>;
  let client: Client;
  afterAll(async () => {
    await client?.dispose();
    await server?.stop();
  });

  it('sends the last cursor again after each restart, receives what was committed meanwhile once, and subscribes afresh when the cursor expired', async () => {
    server = await listen();
    const port = server.port;
    const gaps: Gap[] = [];
    client = resumable(
      createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        lazy: false,
        ...RECONNECT,
        retryWait: () => sleep(50),
        onNonLazyError: () => undefined,
      }),
      (why) => gaps.push(why),
    );
    const ticks: number[] = [];
    const errors: unknown[] = [];
    client.subscribe<{ ticks: { cursor: string; n: number } }>(
      { query: 'subscription($after: String) { ticks(after: $after) { cursor n } }' },
      { next: (r) => void ticks.push(r.data!.ticks.n), error: (e) => void errors.push(e), complete: () => undefined },
    );
    await until(() => received.length === 1, 'the subscription');
    expect(received[0]).toEqual({});
    publish(1);
    publish(2);
    await until(() => ticks.length === 2, 'ticks 1 and 2');

    // The server restarts; tick 3 is committed while it is away.
    await server.stop();
    publish(3);
    await sleep(200); // attempts to reconnect meanwhile are refused
    server = await listen(port);
    await until(() => ticks.length === 3, 'tick 3, replayed');
    expect(received[1]).toEqual({ after: 'c2' });
    publish(4);
    await until(() => ticks.length === 4, 'tick 4, live');
    await sleep(100);
    expect(ticks).toEqual([1, 2, 3, 4]); // c2 came again at the seam: dropped
    expect(gaps).toEqual([]);

    // A second subscription that has no event yet: the next restart reads the screen again.
    client.subscribe(
      { query: 'subscription($after: String) { ticks(after: $after, only: 99) { cursor n } }' },
      { next: () => undefined, error: (e) => void errors.push(e), complete: () => undefined },
    );
    await until(() => received.length === 3, 'the second subscription');
    await server.stop();
    // Tick 5 is committed while away, and the log is then trimmed past the first subscription's cursor.
    publish(5);
    trimmed = log.length;
    server = await listen(port);
    await until(() => received.length === 6, 'both subscriptions sent again, the refused one afresh');
    // The first sent c4 (refused), then nothing (afresh); the second had no cursor to send.
    expect(
      received
        .slice(3)
        .map((v) => JSON.stringify(v))
        .sort(),
    ).toEqual(['{"after":"c4"}', '{}', '{}']);
    expect(gaps).toEqual(['reconnected without a cursor', 'cursor refused']);
    publish(6);
    await until(() => ticks.length === 5, 'tick 6, live after subscribing afresh');
    expect(ticks).toEqual([1, 2, 3, 4, 6]); // 5 was trimmed: the page reads it with the screen
    expect(errors).toEqual([]);
  });
});

describe('a connection that died silently', () => {
  it('is cut when a ping goes unanswered, then reconnected and its subscription resumed', async () => {
    // A server that accepts, delivers one event, and then says nothing, pongs included (as a dead network would).
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    let connections = 0;
    const subscribed: Record<string, unknown>[] = [];
    wss.on('connection', (socket) => {
      connections++;
      socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.type === 'connection_init') socket.send(JSON.stringify({ type: 'connection_ack' }));
        if (message.type === 'subscribe') {
          subscribed.push({ ...message.payload.variables });
          if (subscribed.length === 1) {
            socket.send(JSON.stringify({ id: message.id, type: 'next', payload: { data: { ticks: { cursor: 'x1', n: 1 } } } }));
          }
        }
      });
    });
    const heartbeat = deadConnectionCheck(() => raw.terminate(), 100);
    const raw = createClient({
      url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      ...RECONNECT,
      retryWait: () => sleep(20),
      keepAlive: 100,
      on: { ping: heartbeat.ping, pong: heartbeat.pong, closed: heartbeat.closed },
      onNonLazyError: () => undefined,
    });
    const live = resumable(raw, () => undefined);
    try {
      const ticks: number[] = [];
      live.subscribe<{ ticks: { n: number } }>(
        { query: 'subscription($after: String) { ticks(after: $after) { cursor n } }' },
        { next: (r) => void ticks.push(r.data!.ticks.n), error: () => undefined, complete: () => undefined },
      );
      await until(() => connections >= 2 && subscribed.length >= 2, 'a second connection', 3_000);
      expect(ticks).toEqual([1]);
      expect(subscribed[1]).toEqual({ after: 'x1' });
    } finally {
      await live.dispose();
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  });
});

describe("the workbench's subscriptions", () => {
  /** Every `graphql(`...`)` document in web/src, but the generated ones. */
  function documents(dir: string): { file: string; source: string }[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'gql' ? [] : documents(full);
      if (!/\.tsx?$/.test(entry.name)) return [];
      const text = readFileSync(full, 'utf8');
      return [...text.matchAll(/graphql\(`([\s\S]*?)`\)/g)].map((m) => ({ file: path.relative(WEB_SRC, full), source: m[1] }));
    });
  }

  it('each declare `$after: String`, pass it to their field and select `cursor`, so that they can resume', () => {
    const subscriptions = documents(WEB_SRC).flatMap(({ file, source }) =>
      parse(source)
        .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'subscription')
        .map((operation) => ({ file, operation })),
    );
    expect(subscriptions.length).toBeGreaterThanOrEqual(6);
    const problems = subscriptions.flatMap(({ file, operation }) => {
      const name = `${operation.name?.value ?? 'anonymous'} (${file})`;
      const after = operation.variableDefinitions?.find((v) => v.variable.name.value === 'after');
      const found: string[] = [];
      if (!after || after.type.kind !== Kind.NAMED_TYPE || after.type.name.value !== 'String') found.push(`${name}: no $after: String`);
      for (const field of operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD)) {
        const arg = field.arguments?.find((a) => a.name.value === 'after');
        if (arg?.value.kind !== Kind.VARIABLE || arg.value.name.value !== 'after')
          found.push(`${name}: ${field.name.value} without after: $after`);
        if (!field.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'cursor' && !s.alias)) {
          found.push(`${name}: ${field.name.value} does not select cursor`);
        }
      }
      return found;
    });
    expect(problems).toEqual([]);
  });
});
