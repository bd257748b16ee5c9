import type { Client, FormattedExecutionResult, Sink, SubscribePayload } from 'graphql-ws';

/*
 * Resuming live updates after a reconnect (issue 24), between Apollo's GraphQLWsLink and the
 * graphql-ws client. Every subscription of the workbench declares `$after: String`, passes it to
 * its field and selects the event's `cursor` (test/unit/workbench-resume.test.ts checks that).
 *
 * - **Resume.** graphql-ws sends a subscription's payload object again, as it is then, each time
 *   it reconnects (the server restarted, the network dropped). So each subscription gets its own
 *   copy of the payload, and every event received writes its cursor into that copy's
 *   `variables.after`: the subscription sent again after a reconnect asks for what happened since
 *   the last event received, and the server replays it (same filters) before going on live.
 * - **Duplicates.** An event may arrive twice (at least once); one whose cursor was received
 *   already is the same event and is dropped here, so pages see each event once.
 * - **Gaps.** What cannot be replayed is read again instead (`onGap`, which the app answers by
 *   refetching the queries on screen): after a reconnect, when a subscription had no event yet
 *   (no cursor to resume from); and when the server refuses a cursor (`CURSOR_EXPIRED`: older
 *   than the log's retention, or of a log that was emptied; it says so in a payload of errors,
 *   then completes), after which the subscription starts again without `after`. Neither reaches
 *   the page as an error.
 * - **Reconnecting soon.** {@link RECONNECT}: attempts at most 5 s apart, with jitter, for ever,
 *   but not with a refused token; {@link deadConnectionCheck} cuts a connection whose pings go
 *   unanswered, so that a silently dropped network is reconnected too.
 *
 * Only `subscribe` resumes (what GraphQLWsLink uses); `iterate` is graphql-ws' own. The refetch
 * on a gap runs as the connection is back, while the subscriptions are being sent again: an event
 * committed between the two can in rare cases be missed until the next one (no cursor to ask for).
 */

/** Why events may have been missed that no subscription can replay. */
export type Gap = 'reconnected without a cursor' | 'cursor refused';

/** How many recent cursors a subscription remembers to drop a second delivery (replays repeat only around the seam). */
const REMEMBERED_CURSORS = 256;

/** The cursor of a subscription event: the `cursor` of its (only) root field, or null when it has none. */
export function cursorOf(result: FormattedExecutionResult<Record<string, unknown>, unknown>): string | null {
  const data = result.data;
  if (!data || typeof data !== 'object') return null;
  for (const value of Object.values(data)) {
    if (value && typeof value === 'object' && typeof (value as { cursor?: unknown }).cursor === 'string') {
      return (value as { cursor: string }).cursor;
    }
  }
  return null;
}

/** True when the server refused the `after` cursor: expired, or not one of its log (BAD_USER_INPUT on `after`). */
export function refusesCursor(error: unknown): boolean {
  const errors = Array.isArray(error) ? error : [error];
  return errors.some((e) => {
    const extensions = (e as { extensions?: { code?: unknown; field?: unknown } } | null)?.extensions;
    return extensions?.code === 'CURSOR_EXPIRED' || (extensions?.code === 'BAD_USER_INPUT' && extensions.field === 'after');
  });
}

/** One subscription as it is tracked: the payload graphql-ws (re)sends, and the cursors received. */
interface Tracked {
  request: SubscribePayload & { variables: Record<string, unknown> };
  /** The last cursor received, null before the first event. */
  cursor: string | null;
  seen: Set<string>;
}

/**
 * `client` with subscriptions that resume from their last cursor after a reconnect (see above).
 * `onGap` is called when events may have been missed that cannot be replayed.
 */
export function resumable(client: Client, onGap: (why: Gap) => void): Client {
  const active = new Set<Tracked>();
  // Emitted on a reconnect before graphql-ws sends the subscriptions again.
  client.on('connected', (_socket, _payload, wasRetry) => {
    if (wasRetry && [...active].some((t) => t.cursor === null)) onGap('reconnected without a cursor');
  });

  function subscribe<Data = Record<string, unknown>, Extensions = unknown>(
    payload: SubscribePayload,
    sink: Sink<FormattedExecutionResult<Data, Extensions>>,
  ): () => void {
    const tracked: Tracked = { request: { ...payload, variables: { ...payload.variables } }, cursor: null, seen: new Set() };
    active.add(tracked);
    /** Which subscription to graphql-ws is the current one: a replaced one's callbacks are ignored. */
    let generation = 0;
    let stop = start();

    function start(): () => void {
      const mine = ++generation;
      const current = () => mine === generation;
      return client.subscribe<Data, Extensions>(tracked.request, {
        next(result) {
          if (!current()) return;
          // The server refuses a cursor with a payload of errors, then completes the subscription.
          if (result.errors && refused(result.errors)) return restart();
          const cursor = cursorOf(result as FormattedExecutionResult<Record<string, unknown>, unknown>);
          if (cursor !== null) {
            if (tracked.seen.has(cursor)) return; // the same event, delivered again
            tracked.seen.add(cursor);
            if (tracked.seen.size > REMEMBERED_CURSORS) tracked.seen.delete(tracked.seen.values().next().value!);
            tracked.cursor = cursor;
            tracked.request.variables.after = cursor; // what a re-sent subscription resumes from
          }
          sink.next(result);
        },
        error(error) {
          if (!current()) return;
          if (refused(error)) return restart();
          active.delete(tracked);
          sink.error(error);
        },
        complete() {
          if (!current()) return;
          active.delete(tracked);
          sink.complete();
        },
      });
    }

    /** The server refused the `after` this subscription sent (and only then: without `after`, errors are the page's). */
    function refused(error: unknown): boolean {
      return tracked.request.variables.after != null && refusesCursor(error);
    }

    /** The events since the cursor cannot be replayed: read the screen again, and go on live from now. */
    function restart(): void {
      delete tracked.request.variables.after;
      tracked.cursor = null;
      onGap('cursor refused');
      const replaced = stop;
      stop = start();
      replaced();
    }

    return () => {
      generation++;
      active.delete(tracked);
      stop();
    };
  }

  return { on: client.on, subscribe, iterate: client.iterate, dispose: client.dispose, terminate: client.terminate };
}

/** The longest wait between two reconnection attempts. */
export const MAX_RECONNECT_WAIT_MS = 5_000;
/** The first wait: attempts double it up to {@link MAX_RECONNECT_WAIT_MS}. */
const FIRST_RECONNECT_WAIT_MS = 500;

/**
 * How long to wait before reconnection attempt `retries` (0 for the first): doubling from 0.5 s
 * to at most 5 s, of which a random half, so that the pages a server restart disconnected do not
 * all come back at the same instant. (graphql-ws' default doubles from 1 s without a cap: 16 s
 * and more after a restart of some seconds.)
 */
export function reconnectWait(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RECONNECT_WAIT_MS, FIRST_RECONNECT_WAIT_MS * 2 ** retries);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** Close codes after which reconnecting with the same token cannot succeed: the page signs out instead. */
export const SIGNED_OUT_CLOSE_CODES: ReadonlySet<number> = new Set([
  4401, // no token, or it expired or was revoked (graphql-ws does not retry it anyway)
  4403, // the token is not valid
]);

/**
 * Whether graphql-ws should reconnect after this close (or socket error). graphql-ws itself never
 * retries its fatal codes (1002-1011 but 1005/1006, 4400, 4401, 4406, 4409, 4429, 4500 ...);
 * of the rest, all are passing conditions (1001 the server restarting, 1006 the network,
 * 1013 try again later, 4408, 4413 the client fell behind: it resumes from its cursor) but a
 * refused token. A socket error that is no close event (a refused connection) is retried.
 */
export function shouldReconnect(errorOrClose: unknown): boolean {
  const code = (errorOrClose as { code?: unknown } | null)?.code;
  return !(typeof code === 'number' && SIGNED_OUT_CLOSE_CODES.has(code));
}

/** How often the page pings the server (graphql-ws `keepAlive`): a connection that died silently is noticed. */
export const PING_EVERY_MS = 10_000;
/** How long a ping may wait for its pong before the connection counts as dead. */
export const PONG_WITHIN_MS = 5_000;

/**
 * Notices a connection that died without a close (the network dropped silently: sleep, a NAT or
 * proxy timeout), which the browser may take minutes to report: each ping the client sends must
 * be answered within `pongWithinMs`, else `terminate` (graphql-ws' `terminate()`: closed at once
 * with 4499, retried, resumed). Give its `ping` and `pong` to the client's `on`, with `keepAlive`.
 */
export function deadConnectionCheck(terminate: () => void, pongWithinMs = PONG_WITHIN_MS) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    ping(received: boolean) {
      if (received) return; // the server's ping (graphql-ws answers it)
      clearTimeout(timer);
      timer = setTimeout(terminate, pongWithinMs);
    },
    pong(received: boolean) {
      if (received) clearTimeout(timer);
    },
    /** The connection closed: no pong to wait for. */
    closed() {
      clearTimeout(timer);
    },
  };
}

/** The graphql-ws client options for reconnecting: for ever, soon, and not with a refused token. */
export const RECONNECT = {
  retryAttempts: Infinity,
  retryWait: (retries: number) => new Promise<void>((resolve) => setTimeout(resolve, reconnectWait(retries))),
  shouldRetry: shouldReconnect,
} as const;
