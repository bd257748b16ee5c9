import { randomUUID } from 'node:crypto';
import { badInput, notFound } from '../../common/errors';
import type { WebhookConfig } from '../../config';
import type { Graph, Row, Tx } from '../../db/graph';
import type { AuthUser } from '../../graphql/access';
import { Topics, type EventRecorder, type TopicName } from '../../realtime/topics';
import { consentingCustomers } from '../analytics/analytics.repository';
import { checkThreshold, customerHealthChangedFilter } from '../analytics/health.events';
import { requireActor } from '../employee/actor';
import { recordChangedFilter } from '../history/history.events';
import { checkVersion } from '../history/version';
import { insightChangedFilter } from '../insight/insight.events';
import { interactionRecordedFilter } from '../interaction/interaction.events';
import { needRaisedFilter } from '../need/need.events';
import { AddressRefused, resolveTarget, type AddressPolicy, type Resolver } from './address';
import * as repo from './webhook.repository';
import type { PauseWebhookInput, RegisterWebhookInput, UpdateWebhookInput, WebhookFilterInput } from './webhook.inputs';
import { newSecret } from './signing';
import { WebhookPauseCause, type DeleteWebhookPayload, type Webhook } from './webhook.type';

/**
 * Rules for webhooks (ADMIN only, checked by the resolvers and again in each transaction): a URL
 * whose host resolves to a public address only (address.ts), a filter naming at least one kind of
 * event, with that subscription's own filters; the secret is shown once, when it is made.
 */

/** The kinds of event a webhook may be sent, by the name of their subscription (the body's `type`). */
export const EVENT_KINDS = {
  interactionRecorded: { topic: Topics.INTERACTION_RECORDED, accept: interactionRecordedFilter },
  insightChanged: { topic: Topics.INSIGHT_CHANGED, accept: insightChangedFilter },
  needRaised: { topic: Topics.NEED_RAISED, accept: needRaisedFilter },
  customerHealthChanged: { topic: Topics.CUSTOMER_HEALTH_CHANGED, accept: customerHealthChangedFilter },
  recordChanged: { topic: Topics.RECORD_CHANGED, accept: recordChangedFilter },
} as const;

export type EventKind = keyof typeof EVENT_KINDS;

/**
 * What an event of `kind` may still be sent as of now (a check of the graph at delivery, like the
 * subscriptions'): a health change only while its customer shares analytics. The refusal, or null.
 */
export async function stillShared(graph: Graph, kind: EventKind, payload: unknown): Promise<string | null> {
  if (kind !== 'customerHealthChanged') return null;
  const { customerId } = payload as { customerId: string };
  const sharing = await consentingCustomers(graph, [customerId]);
  return sharing.has(customerId)
    ? null
    : 'The customer no longer shares analytics (consent withdrawn, or erased); this event was not sent.';
}

const KIND_NAMES = Object.keys(EVENT_KINDS) as EventKind[];

/** A filter as stored (JSON on the webhook): per kind wanted, its given filter fields. */
export type StoredFilter = Partial<Record<EventKind, Record<string, unknown>>>;

/**
 * The filter to store: every kind given (not null) with its given fields (nulls left out).
 * `BAD_USER_INPUT` on `filter` when no kind is given, on the threshold when it is out of range.
 */
export function storedFilter(filter: WebhookFilterInput): StoredFilter {
  const out: StoredFilter = {};
  for (const kind of KIND_NAMES) {
    const given = filter[kind];
    if (given == null) continue;
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(given)) if (v !== undefined && v !== null) fields[k] = v;
    out[kind] = fields;
  }
  if (Object.keys(out).length === 0) {
    throw badInput(
      'filter',
      `Choose at least one kind of event to send: give one or more of ${KIND_NAMES.join(', ')} in \`filter\` (\`{}\` sends all of that kind).`,
    );
  }
  if (out.customerHealthChanged) {
    const threshold = (out.customerHealthChanged.threshold ??= 50);
    checkThreshold(threshold as number, 'filter.customerHealthChanged.threshold');
  }
  return out;
}

/**
 * The test a webhook applies to an event of the log: the subscriptions' own filter functions,
 * one per kind it wants. An event of another kind, or one whose payload does not fit its kind,
 * is not sent.
 */
export function eventTest(filter: StoredFilter): (topic: TopicName, payload: unknown) => EventKind | null {
  const tests = new Map<TopicName, { kind: EventKind; accept: (p: never) => boolean }>();
  for (const kind of KIND_NAMES) {
    const given = filter[kind];
    if (!given) continue;
    // Each filter function takes its own subscription's arguments: the stored fields are those.
    const accept = (EVENT_KINDS[kind].accept as (f: never) => (p: never) => boolean)(given as never);
    tests.set(EVENT_KINDS[kind].topic, { kind, accept });
  }
  return (topic, payload) => {
    const test = tests.get(topic);
    if (!test) return null;
    try {
      return test.accept(payload as never) ? test.kind : null;
    } catch {
      return null;
    }
  };
}

/** Parses a stored filter (a webhook's `filterJson`). */
export const parseFilter = (json: string): StoredFilter => JSON.parse(json) as StoredFilter;

/**
 * Pauses an ACTIVE webhook in `tx` and tells the ADMINs: a `webhookPaused` event in the same
 * transaction. Returns the webhook, or null when it was not ACTIVE (nothing done).
 */
export async function pauseInTx(
  tx: Tx,
  events: EventRecorder,
  webhookId: string,
  cause: WebhookPauseCause,
  reason: string,
  actorId: string | null,
): Promise<Row | null> {
  const paused = await repo.pauseWebhook(tx, webhookId, cause, reason);
  if (paused) events.record(tx, Topics.WEBHOOK_PAUSED, { webhookId, cause, reason, actorId, at: new Date().toISOString() });
  return paused;
}

export class WebhookService {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
    private readonly config: Pick<WebhookConfig, 'allowLoopback'>,
    private readonly resolver?: Resolver,
  ) {}

  /** Which addresses may be registered. */
  get policy(): AddressPolicy {
    return { allowLoopback: this.config.allowLoopback };
  }

  /** Calls `listener` after every committed change through the API (the dispatcher wakes up). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Checks a URL as a delivery would (its host resolved, every address checked); `BAD_USER_INPUT` on `url`. */
  private async checkUrl(url: string): Promise<void> {
    try {
      await resolveTarget(url, this.policy, this.resolver);
    } catch (e) {
      if (e instanceof AddressRefused) throw badInput('url', e.message);
      throw e;
    }
  }

  /** Registers an endpoint; returns it with its secret (the one time it is shown). */
  async register(input: RegisterWebhookInput, user: AuthUser): Promise<{ webhook: Webhook; secret: string }> {
    const filterJson = JSON.stringify(storedFilter(input.filter));
    await this.checkUrl(input.url);
    const secret = newSecret();
    const webhook = await this.graph.writeTx(async (tx) => {
      const createdById = await requireActor(tx, user);
      return repo.createWebhook(tx, {
        id: randomUUID(),
        url: input.url,
        description: input.description.trim(),
        filterJson,
        createdById,
        secret,
      });
    }, 'registerWebhook');
    this.changed();
    return { webhook: webhook as Webhook, secret };
  }

  /** Changes the URL, description or filter; with `expectedVersion`, a stale version is a CONFLICT. */
  async update(input: UpdateWebhookInput, user: AuthUser): Promise<Webhook> {
    const changes: { url?: string; description?: string; filterJson?: string } = {};
    if (input.filter != null) changes.filterJson = JSON.stringify(storedFilter(input.filter));
    if (input.url != null) {
      await this.checkUrl(input.url);
      changes.url = input.url;
    }
    if (input.description != null) changes.description = input.description.trim();
    const webhook = await this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      const current = await repo.lockWebhook(tx, input.id);
      if (!current) throw notFound('webhook', input.id);
      checkVersion('webhook', current.version as number, input.expectedVersion);
      for (const k of Object.keys(changes) as (keyof typeof changes)[]) if (changes[k] === current[k]) delete changes[k];
      if (Object.keys(changes).length === 0) return current;
      return repo.editWebhook(tx, input.id, changes);
    }, 'updateWebhook');
    this.changed();
    return webhook as Webhook;
  }

  /** Pauses it (nothing is sent until it is resumed); already paused: unchanged. */
  async pause(input: PauseWebhookInput, user: AuthUser): Promise<Webhook> {
    return (await this.graph.writeTx(async (tx) => {
      const actorId = await requireActor(tx, user);
      const current = await repo.lockWebhook(tx, input.id);
      if (!current) throw notFound('webhook', input.id);
      const reason = input.reason?.trim() || 'Paused by an ADMIN.';
      return (await pauseInTx(tx, this.events, input.id, WebhookPauseCause.ADMIN, reason, actorId)) ?? current;
    }, 'pauseWebhook')) as Webhook;
  }

  /** Resumes it where it stopped; already active: unchanged. */
  async resume(input: { id: string }, user: AuthUser): Promise<Webhook> {
    const webhook = await this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      const current = await repo.lockWebhook(tx, input.id);
      if (!current) throw notFound('webhook', input.id);
      return current.status === 'ACTIVE' ? current : repo.resumeWebhook(tx, input.id);
    }, 'resumeWebhook');
    this.changed();
    return webhook as Webhook;
  }

  /** Gives it a new secret (the old one is forgotten); returns it, the one time it is shown. */
  async rotateSecret(input: { id: string }, user: AuthUser): Promise<{ webhook: Webhook; secret: string }> {
    const secret = newSecret();
    const webhook = await this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      if (!(await repo.lockWebhook(tx, input.id))) throw notFound('webhook', input.id);
      return repo.rotateSecret(tx, input.id, secret);
    }, 'rotateWebhookSecret');
    return { webhook: webhook as Webhook, secret };
  }

  /** Deletes it with its deliveries (nothing more is sent; an attempt in flight finishes). */
  async delete(input: { id: string }, user: AuthUser): Promise<DeleteWebhookPayload> {
    const deleted = await this.graph.writeTx(async (tx) => {
      await requireActor(tx, user);
      const current = await repo.lockWebhook(tx, input.id);
      if (!current) throw notFound('webhook', input.id);
      return { id: input.id, url: current.url as string, deliveriesDeleted: await repo.deleteWebhook(tx, input.id) };
    }, 'deleteWebhook');
    this.changed();
    return deleted;
  }
}
