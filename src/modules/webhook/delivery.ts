import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { hostname } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import type { Logger } from 'pino';
import type { WebhookConfig } from '../../config';
import type { Graph } from '../../db/graph';
import type { EventBus } from '../../realtime/event-bus';
import { readEvents, type LoggedEvent } from '../../realtime/event-log';
import { AddressRefused, resolveTarget, systemResolver, type ResolvedAddress, type Resolver, type Target } from './address';
import * as repo from './webhook.repository';
import { signedDelivery } from './signing';
import { eventTest, parseFilter, pauseInTx, stillShared, type EventKind, type WebhookService } from './webhook.service';
import { WebhookPauseCause } from './webhook.type';

/**
 * The webhook dispatcher: delivers the event log to the registered endpoints.
 *
 * - **From the log.** Each webhook stores the position of the event log it has handled through.
 *   The dispatcher reads the events after it, in position order, tests each with the webhook's
 *   filter (the subscriptions' own filter functions), and sends the first that passes: one event
 *   in flight per webhook, so a receiver sees them in order. The position moves past an event only
 *   once the receiver answered 2xx (or when the filter passed over it): a restart, a crash or a
 *   lost answer loses nothing, and may send an event again (at least once; the receiver dedupes by
 *   `rapport-event-id`).
 * - **Retries.** A failed attempt (an answer other than 2xx, a timeout, a refused connection, an
 *   address now refused) is retried with exponential backoff and full jitter ({@link retryDelay})
 *   until `retryForMs` after its first attempt; then the delivery is FAILED and the webhook paused
 *   (FAILING). A 410 Gone pauses it at once (GONE). Each pause records a `webhookPaused` event in
 *   its transaction (the ADMINs' subscription) and logs a warning.
 * - **Several server copies.** Only the copy holding a webhook's lease (owner and expiry on its
 *   node, taken in a write transaction only when free or expired, renewed before every attempt,
 *   given up when idle and on stop) works on it. A copy that dies loses its leases when they run
 *   out; another picks the work up at its next sweep.
 * - **When it wakes.** On every event relayed to this copy (`events.observe`), on every change
 *   through the API of this copy, at the next retry it scheduled, and every sweep while webhooks
 *   exist (leases of dead copies, retries scheduled by other copies). With no webhook registered it
 *   costs one read per {@link IDLE_RECHECK_MS} at most, only when events arrive.
 * - **Addresses.** Before every attempt the URL is checked again and its host resolved (address.ts);
 *   the connection goes to the very address checked (a pinned `lookup`), never follows a redirect
 *   (a 3xx is a failure), and is cut after `timeoutMs`.
 */

/** Events read from the log at once. */
const PAGE = 200;

/**
 * The longest a check for webhooks is skipped when the last one found none (events arriving
 * meanwhile). A webhook registered through this copy wakes it at once; one registered through
 * another copy is delivered by that copy, and found here within this time (to take over when that
 * copy stops).
 */
export const IDLE_RECHECK_MS = 60_000;

/** The longest wait between sweeps while webhooks exist. */
const SWEEP_MS = 15_000;

/** How often finished deliveries older than {@link DELIVERY_RETENTION_DAYS} are pruned. */
const PRUNE_EVERY_MS = 3_600_000;

/** How long a finished delivery is kept in a webhook's delivery log, in days. */
export const DELIVERY_RETENTION_DAYS = 30;

/** How much of a receiver's answer body is kept, in bytes. */
export const RESPONSE_BODY_BYTES = 1024;

/** A retry due within this many ms is waited for by the worker itself (holding the lease); a later one by a timer. */
const INLINE_WAIT_MS = 2_000;

/** The longest a timer may be set for (setTimeout's limit). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The delay before retry number `attempt` (1 after the first failure): exponential backoff with
 * full jitter, a random delay from 0 to `min(maxMs, baseMs * 2^(attempt-1))`.
 */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  return Math.floor(random() * ceiling);
}

/** What one attempt came to. */
export interface Outcome {
  /** The receiver's HTTP status, when it answered. */
  status: number | null;
  /** The first {@link RESPONSE_BODY_BYTES} of its answer body, when it answered. */
  body: string | null;
  /** Why it failed, when it failed before an answer (timeout, refused, address refused...). */
  error: string | null;
  durationMs: number;
  /** The dispatcher stopped during the attempt: nothing is recorded, the next copy sends it again. */
  aborted?: boolean;
}

export interface WebhookDispatcher {
  /** Looks for work now (after a change through the API; events and timers wake it by themselves). */
  wake(): void;
  /** Stops: cuts the attempts in flight (recorded as nothing: they are sent again), gives the leases up. */
  stop(): Promise<void>;
}

export interface DispatcherOptions {
  graph: Graph;
  /** Records `webhookPaused` events; observed to wake on every event. */
  events: Pick<EventBus, 'record' | 'observe' | 'settledThrough'>;
  logger: Logger;
  config: WebhookConfig;
  /** The webhook service of this server: its changes wake the dispatcher at once. */
  service?: Pick<WebhookService, 'onChange'>;
  /** How host names are resolved (default: the system's, as connections do). */
  resolver?: Resolver;
}

/** Starts delivering; see the description of this file. */
export function startWebhookDispatcher(options: DispatcherOptions): WebhookDispatcher {
  const { graph, events, logger, config } = options;
  const resolver = options.resolver ?? systemResolver;
  const policy = { allowLoopback: config.allowLoopback };
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // A lease outlives one attempt (its DNS look-up and answer) with room to spare: renewed before each.
  const leaseMs = 2 * config.timeoutMs + 10_000;
  const log = logger.child({ component: 'webhooks' });

  let stopped = false;
  const workers = new Map<string, Promise<void>>();
  /** Webhooks woken while their worker ran: it runs again. */
  const again = new Set<string>();
  const inFlight = new Set<AbortController>();
  /** What the last scan found: how many active webhooks, and when. */
  let known: { count: number; at: number } | null = null;

  // ---- Waking -----------------------------------------------------------------------------
  let scanning: Promise<void> | null = null;
  let rescan = false;
  let forced = false;
  const wake = (force = false) => {
    if (stopped) return;
    forced ||= force;
    if (scanning) {
      rescan = true;
      return;
    }
    scanning = (async () => {
      try {
        do {
          rescan = false;
          const force = forced;
          forced = false;
          await scan(force);
        } while (rescan && !stopped);
      } catch (e) {
        log.warn({ err: e }, 'looking for webhook work failed; trying again at the next sweep');
        armSweep(true);
      } finally {
        scanning = null;
      }
    })();
  };

  let retryTimer: NodeJS.Timeout | undefined;
  let retryAt = Infinity;
  /** Wakes at `at` (ms), or earlier if another wake-up is due before. */
  const wakeAt = (at: number) => {
    if (stopped || at >= retryAt) return;
    clearTimeout(retryTimer);
    retryAt = at;
    retryTimer = setTimeout(
      () => {
        retryAt = Infinity;
        wake(true);
      },
      Math.min(Math.max(at - Date.now(), 0), MAX_TIMER_MS),
    );
    retryTimer.unref();
  };

  let sweepTimer: NodeJS.Timeout | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  /** Sweeps and prunes while webhooks exist (or after a failure); nothing otherwise. */
  const armSweep = (on: boolean) => {
    if (on && !stopped && !sweepTimer) {
      sweepTimer = setInterval(() => wake(true), Math.min(SWEEP_MS, leaseMs));
      sweepTimer.unref();
      pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
      pruneTimer.unref();
    } else if (!on && sweepTimer) {
      clearInterval(sweepTimer);
      clearInterval(pruneTimer);
      sweepTimer = pruneTimer = undefined;
    }
  };
  const prune = () =>
    repo.pruneDeliveries(graph, new Date(Date.now() - DELIVERY_RETENTION_DAYS * 86_400_000)).then(
      (n) => n && log.info({ pruned: n }, 'pruned old webhook deliveries'),
      (e) => log.warn({ err: e }, 'pruning webhook deliveries failed; trying again later'),
    );

  /** Finds the webhooks with work and starts a worker for each that has none running. */
  async function scan(force: boolean): Promise<void> {
    if (!force && known && known.count === 0 && Date.now() - known.at < IDLE_RECHECK_MS) return;
    const rows = await repo.scanWebhooks(graph);
    known = { count: rows.length, at: Date.now() };
    armSweep(rows.length > 0);
    for (const w of rows) {
      if (stopped) return;
      if (workers.has(w.id)) {
        again.add(w.id);
        continue;
      }
      const dbNow = w.now.getTime();
      if (w.leaseOwner && w.leaseOwner !== owner && w.leaseUntil && w.leaseUntil.getTime() > dbNow) {
        // Another copy works on it; if it dies, its lease runs out and a sweep takes over.
        continue;
      }
      if (w.openStatus === 'RETRYING' && w.nextAttemptAt && w.nextAttemptAt.getTime() > Date.now()) {
        wakeAt(w.nextAttemptAt.getTime());
        continue;
      }
      if (!w.openStatus && w.logEpoch !== null && w.epoch === w.logEpoch && w.position >= w.head) continue; // nothing new
      if (w.logEpoch === null) continue; // the log holds nothing yet
      startWorker(w.id);
    }
  }

  function startWorker(id: string): void {
    const run = work(id).finally(() => {
      workers.delete(id);
      if (again.delete(id) && !stopped) wake(true);
    });
    workers.set(id, run);
  }

  /** Waits `ms`, or less when the dispatcher stops. */
  const sleepers = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  // ---- Working on one webhook ---------------------------------------------------------------
  async function work(id: string): Promise<void> {
    let held = false;
    try {
      for (;;) {
        if (stopped) return;
        const state = await repo.takeLease(graph, id, owner, leaseMs);
        if (!state) return; // paused, deleted, or another copy holds it
        held = true;
        if ((await step(state)) === 'idle') return;
      }
    } catch (e) {
      log.warn({ err: e, webhookId: id }, 'delivering a webhook failed; trying again at the next sweep');
      armSweep(true);
    } finally {
      if (held)
        await repo.releaseLease(graph, id, owner).catch((e) => log.warn({ err: e, webhookId: id }, 'releasing a webhook lease failed'));
    }
  }

  /**
   * How far the log may be read: up to what this copy's relay has read whole, never past a position
   * that may still appear (a commit being applied). The relay wakes the dispatcher as it moves on.
   */
  const settled = (head: { epoch: string | null; position: number }) =>
    Math.min(head.position, (head.epoch ? events.settledThrough(head.epoch) : null) ?? 0);

  /** One step of a webhook's work; 'again' while there is more to do now. */
  async function step({ webhook: w, secret, head, open }: repo.LeasedWebhook): Promise<'again' | 'idle'> {
    if (head.epoch == null) return 'idle';
    // (a property never set is absent from the node's map: compare with == null)
    if (w.epoch == null) {
      await repo.adoptEpoch(graph, w.id, owner, head.epoch);
      return 'again';
    }
    if (w.epoch !== head.epoch) {
      const error =
        'The event log was replaced (the graph was emptied or restored), so the events this webhook had not yet been sent are gone; ' +
        'it continues with the events logged from now on.';
      log.warn({ webhookId: w.id }, 'webhook skipped the events of a replaced event log');
      await repo.skipTo(graph, w.id, owner, head.epoch, head.position, error);
      return 'again';
    }
    if (w.position < head.trimmedThrough) {
      const error =
        `The events after position ${w.position} through ${head.trimmedThrough} were removed by the event log's retention before ` +
        `they could be sent (the webhook was paused or failing longer than the log keeps events); it continues with the events ` +
        `after position ${head.trimmedThrough}, which the log still holds.`;
      log.warn(
        { webhookId: w.id, from: w.position + 1, through: head.trimmedThrough },
        'webhook skipped events trimmed from the event log',
      );
      await repo.skipTo(graph, w.id, owner, head.epoch, head.trimmedThrough, error);
      return 'again';
    }
    if (open) {
      const next = open.nextAttemptAt instanceof Date ? open.nextAttemptAt.getTime() : 0;
      const wait = next - Date.now();
      if (wait > INLINE_WAIT_MS) {
        wakeAt(next);
        return 'idle';
      }
      if (wait > 0) {
        // A short wait: kept, with the lease, rather than given up and taken again.
        await pause(wait);
        return 'again';
      }
      // This copy's relay has not read that far yet (another copy made the delivery): wait for it.
      if ((open.position as number) > settled(head)) return 'idle';
      const { events: found } = await readEvents(graph, head.epoch, (open.position as number) - 1, 1, { through: settled(head) });
      const event = found[0];
      if (!event || event.position !== open.position) {
        await repo.skipDelivery(graph, open.id, 'This event can no longer be read from the event log; it was not sent.');
        return 'again';
      }
      const refusal = await stillShared(graph, open.eventType as EventKind, event.payload);
      if (refusal) {
        await repo.skipDelivery(graph, open.id, refusal);
        return 'again';
      }
      await attempt(w, secret, open, event, open.eventType as string);
      return 'again';
    }
    const { events: page, last } = await readEvents(graph, head.epoch, w.position, PAGE, { through: settled(head) });
    if (last === null) return 'idle';
    const accepts = eventTest(parseFilter(w.filterJson));
    let passed = w.position;
    for (const event of page) {
      const kind = accepts(event.topic, event.payload);
      if (!kind || (await stillShared(graph, kind, event.payload))) {
        passed = event.position;
        continue;
      }
      const delivery = await repo.startDelivery(graph, w.id, owner, passed, {
        position: event.position,
        eventId: event.cursor,
        eventType: kind,
      });
      if (!delivery) return 'idle'; // lease lost, or paused meanwhile
      await attempt(w, secret, delivery, event, kind);
      return 'again';
    }
    await repo.advance(graph, w.id, owner, last);
    return 'again';
  }

  /** Sends one event once and records what came of it. */
  async function attempt(
    w: repo.LeasedWebhook['webhook'],
    secret: string,
    delivery: Record<string, any>,
    event: LoggedEvent,
    type: string,
  ): Promise<void> {
    const started = new Date();
    const { cursor: _cursor, ...data } = event.payload as unknown as Record<string, unknown>;
    const createdAt = typeof data.at === 'string' && data.at ? data.at : started.toISOString();
    const signed = signedDelivery(
      { webhookId: w.id, eventId: event.cursor, type, createdAt, data },
      secret,
      Math.floor(started.getTime() / 1000),
    );
    const outcome = await send(w.url, signed.headers, signed.body);
    if (outcome.aborted) return;
    const facts: repo.AttemptFacts = {
      startedAt: started.toISOString(),
      responseStatus: outcome.status,
      responseBody: outcome.body,
      error: outcome.error ?? failureOf(outcome.status),
      durationMs: outcome.durationMs,
    };
    if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
      await repo.recordDelivered(graph, delivery.id, facts);
      return;
    }
    const attempts = (delivery.attempts as number) + 1;
    const first = delivery.firstAttemptAt instanceof Date ? delivery.firstAttemptAt.getTime() : started.getTime();
    const now = Date.now();
    if (outcome.status === 410) {
      await giveUp(
        w.id,
        delivery.id,
        facts,
        WebhookPauseCause.GONE,
        `The receiver answered 410 Gone to event ${event.cursor}: it asked for no more deliveries. Resume the webhook to send again.`,
      );
      return;
    }
    if (now - first >= config.retryForMs) {
      await giveUp(
        w.id,
        delivery.id,
        facts,
        WebhookPauseCause.FAILING,
        `Deliveries kept failing for ${describeDuration(config.retryForMs)}: event ${event.cursor} was tried ${attempts} times since ` +
          `${new Date(first).toISOString()} (last: ${facts.error}). Fix the receiver, then resume the webhook; it starts again with this event.`,
      );
      return;
    }
    const nextAt = Math.min(now + retryDelay(attempts, config.retryBaseMs, config.retryMaxMs), first + config.retryForMs);
    // The next step of this worker waits for it (or sets a timer, when it is far).
    await graph.writeTx(
      (tx) => repo.recordFailure(tx, delivery.id, facts, 'RETRYING', new Date(nextAt).toISOString()),
      repo.WEBHOOK_DISPATCH_OPERATION,
    );
  }

  /** The delivery is FAILED and the webhook paused, telling the ADMINs; one transaction. */
  async function giveUp(webhookId: string, deliveryId: string, facts: repo.AttemptFacts, cause: WebhookPauseCause, reason: string) {
    const paused = await graph.writeTx(async (tx) => {
      if (!(await repo.recordFailure(tx, deliveryId, facts, 'FAILED', null))) return false;
      return (await pauseInTx(tx, events, webhookId, cause, reason, null)) !== null;
    }, repo.WEBHOOK_DISPATCH_OPERATION);
    if (paused) log.warn({ webhookId, cause, reason }, 'webhook paused');
  }

  // ---- Sending ------------------------------------------------------------------------------
  /** Checks the address again, then POSTs to the very address checked; never throws. */
  async function send(url: string, headers: Record<string, string>, body: string): Promise<Outcome> {
    const started = Date.now();
    const controller = new AbortController();
    inFlight.add(controller);
    const elapsed = () => Date.now() - started;
    try {
      let target: Target;
      try {
        target = await withDeadline(resolveTarget(url, policy, resolver), config.timeoutMs, controller.signal);
      } catch (e) {
        if (controller.signal.aborted) return { status: null, body: null, error: null, durationMs: elapsed(), aborted: true };
        const error =
          e instanceof AddressRefused
            ? `Address refused: ${e.message}`
            : e instanceof DeadlineExceeded
              ? `Timeout: the host name was not resolved within ${config.timeoutMs} ms.`
              : `The address could not be checked: ${(e as Error).message}`;
        return { status: null, body: null, error, durationMs: elapsed() };
      }
      return await post(target, headers, body, Math.max(config.timeoutMs - elapsed(), 1), controller.signal, started, config.timeoutMs);
    } finally {
      inFlight.delete(controller);
    }
  }

  events.observe(() => wake());
  options.service?.onChange(() => wake(true));
  wake(true);

  return {
    wake: () => wake(true),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(retryTimer);
      armSweep(false);
      for (const c of inFlight) c.abort();
      for (const wakeUp of [...sleepers]) wakeUp();
      await scanning?.catch(() => undefined);
      await Promise.allSettled([...workers.values()]);
    },
  };
}

/** Why an answer that is not 2xx failed, in words; null for 2xx or no answer. */
function failureOf(status: number | null): string | null {
  if (status === null || (status >= 200 && status < 300)) return null;
  if (status >= 300 && status < 400)
    return `The receiver answered ${status}, a redirect: redirects are not followed; register the address it points to.`;
  if (status === 410) return 'The receiver answered 410 Gone.';
  return `The receiver answered ${status}.`;
}

/** A duration in the largest whole unit that fits (hours, minutes, seconds, ms). */
function describeDuration(ms: number): string {
  const units: [number, string][] = [
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) if (ms % size === 0) return `${ms / size} ${name}${ms / size === 1 ? '' : 's'}`;
  return `${ms} ms`;
}

class DeadlineExceeded extends Error {}

/** `promise`, or a {@link DeadlineExceeded} after `ms`, or an abort error when `signal` aborts. */
function withDeadline<T>(promise: Promise<T>, ms: number, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineExceeded()), ms);
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** A `lookup` that answers the address already checked, whatever the name: the connection goes there. */
function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  }) as unknown as LookupFunction;
}

/** Words for a failed connection. */
function describeNetworkError(e: NodeJS.ErrnoException, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `Timeout: no answer within ${timeoutMs} ms.`;
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'Connection refused: nothing listens at that address and port.';
    case 'ECONNRESET':
      return 'The receiver closed the connection before answering.';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'The receiver cannot be reached (no route to its address).';
    case 'ETIMEDOUT':
      return 'Timeout: the connection could not be made.';
    default:
      if (e.code && /CERT|TLS|SSL/.test(e.code)) return `TLS failed (${e.code}): the receiver's certificate is not valid for its name.`;
      return `The connection failed${e.code ? ` (${e.code})` : ''}: ${e.message}`;
  }
}

/**
 * POSTs `body` to `target`, connecting to its checked address; reads the status and the first
 * {@link RESPONSE_BODY_BYTES} of the answer within `timeoutMs` in all. Never throws.
 */
function post(
  target: Target,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  signal: AbortSignal,
  started: number,
  /** The whole time a receiver has (the timeout the messages name; `timeoutMs` is what is left of it). */
  budgetMs: number = timeoutMs,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    let timedOut = false;
    let response: IncomingMessage | undefined;
    let text = '';
    let bytes = 0;
    const decoder = new StringDecoder('utf8');
    const finish = (outcome: Omit<Outcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve({ ...outcome, durationMs: Date.now() - started });
    };
    const answered = () => finish({ status: response!.statusCode ?? null, body: text, error: null });
    const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(target.url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      // A connection of its own (no pool: the address is pinned), closed after the answer.
      agent: false,
      lookup: pinnedLookup(target.address),
    });
    const timer = setTimeout(() => {
      timedOut = true;
      // An answer already under way keeps its status; what came of its body is kept.
      if (response) answered();
      req.destroy();
      if (!response) finish({ status: null, body: null, error: `Timeout: no answer within ${budgetMs} ms.` });
    }, timeoutMs);
    const onAbort = () => {
      req.destroy();
      finish({ status: null, body: null, error: null, aborted: true });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      response = res;
      res.on('data', (chunk: Buffer) => {
        if (bytes >= RESPONSE_BODY_BYTES) return;
        const take = chunk.subarray(0, RESPONSE_BODY_BYTES - bytes);
        bytes += take.length;
        text += decoder.write(take);
        if (bytes >= RESPONSE_BODY_BYTES) {
          answered();
          res.destroy();
        }
      });
      res.on('end', answered);
      res.on('error', answered);
      res.on('close', answered);
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (response) return answered();
      finish({ status: null, body: null, error: describeNetworkError(e, budgetMs, timedOut) });
    });
    req.end(body);
  });
}
