import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A real graphql-ws client collecting what one subscription delivers. */
export interface LiveSubscription {
  /** Every `next` payload so far, in arrival order. */
  events: any[];
  /** Resolves with the n-th payload (1-based), or rejects after `timeoutMs`. */
  nth(n: number, timeoutMs?: number): Promise<any>;
  /** Resolves when the socket closes, with its close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** Errors the server sent for this operation. */
  errors: unknown[];
  client: Client;
  dispose(): Promise<void>;
}

export function subscribe(
  url: string,
  authorization: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
  options: { onEvent?: (event: any) => void | Promise<void> } = {},
): LiveSubscription {
  const events: any[] = [];
  const errors: unknown[] = [];
  const waiters: { n: number; resolve: (e: any) => void }[] = [];
  let closedResolve!: (c: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => (closedResolve = r));
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: authorization === undefined ? {} : { authorization },
    lazy: false,
    retryAttempts: 0,
    on: {
      closed: (e) => {
        const ev = e as { code: number; reason: string };
        closedResolve({ code: ev.code, reason: String(ev.reason) });
      },
    },
    onNonLazyError: () => undefined,
  });
  client.subscribe(
    { query, variables },
    {
      next: (value) => {
        events.push(value);
        void options.onEvent?.(value);
        for (const w of waiters.filter((w) => events.length >= w.n)) w.resolve(events[w.n - 1]);
      },
      error: (e) => errors.push(e),
      complete: () => undefined,
    },
  );
  return {
    events,
    errors,
    closed,
    client,
    nth(n, timeoutMs = 10_000) {
      if (events.length >= n) return Promise.resolve(events[n - 1]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Only ${events.length} of ${n} events arrived within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** Waits until `check` holds (polling), or fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
