import type { FilterFragment, ListSpec } from '../../db/list-query';
import type { Graph, Row, Tx } from '../../db/graph';

/**
 * Cypher of the webhook module: the endpoints (`(:Webhook)`), their secrets (`(:WebhookSecret)`,
 * read only by the dispatcher) and their deliveries (`(:WebhookDelivery)`), for the service
 * (changes through the API, in its transactions) and the dispatcher (delivery.ts: leases,
 * positions, attempts). Values travel as parameters only.
 */

/**
 * The operation tag of the dispatcher's statements (delivery.ts), which run in the background like
 * the event log's relay: what a count of a request's statements leaves out.
 */
export const WEBHOOK_DISPATCH_OPERATION = 'webhook dispatch';

/** Delivery statuses still to be sent (at most one per webhook at a time). */
export const OPEN_STATUSES = ['PENDING', 'RETRYING'] as const;

export const webhookList: ListSpec<never, 'CREATED_AT'> = {
  label: 'Webhook',
  filters: {} as Record<never, FilterFragment>,
  order: { CREATED_AT: { property: 'createdAt', kind: 'datetime' } },
};

export const deliveryList: ListSpec<'webhookId' | 'statuses', 'SEQ'> = {
  label: 'WebhookDelivery',
  filters: {
    webhookId: { where: (v) => `${v.node}.webhookId = ${v.filter}.webhookId` },
    statuses: { where: (v) => `${v.node}.status IN ${v.filter}.statuses` },
  },
  // `seq` counts the deliveries of one webhook: newest first is `seq` descending.
  order: { SEQ: { property: 'seq', kind: 'number' } },
};

// ---- Changes through the API (the service, in its transactions) ------------------------------

export interface NewWebhook {
  id: string;
  url: string;
  description: string;
  filterJson: string;
  createdById: string;
  secret: string;
}

/** Creates an ACTIVE webhook that starts at the head of the event log (it is sent what is logged from now on). */
export async function createWebhook(tx: Tx, w: NewWebhook): Promise<Row> {
  const rows = await tx.run(
    `OPTIONAL MATCH (log:EventLog {id: 'events'})
     CREATE (w:Webhook {id: $id, url: $url, description: $description, filterJson: $filterJson, status: 'ACTIVE',
                        createdById: $createdById, createdAt: datetime(), updatedAt: datetime(), version: 1,
                        deliveredCount: 0, failedAttempts: 0, consecutiveFailures: 0, deliverySeq: 0,
                        epoch: log.epoch, position: coalesce(log.position, 0)})
     CREATE (w)-[:SIGNED_WITH]->(:WebhookSecret {webhookId: $id, value: $secret, createdAt: datetime()})
     RETURN w`,
    { ...w },
  );
  return rows[0].w;
}

/** Write-locks a webhook for the rest of the transaction and reads it; null when there is none. */
export async function lockWebhook(tx: Tx, id: string): Promise<Row | null> {
  const rows = await tx.run('MATCH (w:Webhook {id: $id}) SET w._lock = true REMOVE w._lock RETURN w', { id });
  return rows[0]?.w ?? null;
}

/** Sets the given properties, moves the version on by one; returns the webhook. */
export async function editWebhook(tx: Tx, id: string, changes: { url?: string; description?: string; filterJson?: string }): Promise<Row> {
  const rows = await tx.run('MATCH (w:Webhook {id: $id}) SET w += $changes, w.version = w.version + 1, w.updatedAt = datetime() RETURN w', {
    id,
    changes,
  });
  return rows[0].w;
}

/**
 * Pauses an ACTIVE webhook (`cause`, `reason`); a delivery still open (an ADMIN paused it while it
 * was pending or retrying) is CANCELLED, to be sent again on resume. Returns the webhook, or null
 * when it was not ACTIVE.
 */
export async function pauseWebhook(tx: Tx, id: string, cause: string, reason: string): Promise<Row | null> {
  const rows = await tx.run(
    `MATCH (w:Webhook {id: $id}) WHERE w.status = 'ACTIVE'
     SET w.status = 'PAUSED', w.pauseCause = $cause, w.pausedReason = $reason, w.pausedAt = datetime(),
         w.updatedAt = datetime(), w.version = w.version + 1
     WITH w
     OPTIONAL MATCH (d:WebhookDelivery {webhookId: $id}) WHERE d.status IN $open
     WITH w, collect(d) AS open
     FOREACH (d IN open | SET d.status = 'CANCELLED', d.nextAttemptAt = null,
                              d.error = 'The webhook was paused before this was delivered; it is sent again when the webhook is resumed.')
     RETURN w`,
    { id, cause, reason, open: OPEN_STATUSES },
  );
  return rows[0]?.w ?? null;
}

/** Resumes a PAUSED webhook where it stopped (its position is unchanged). Returns it. */
export async function resumeWebhook(tx: Tx, id: string): Promise<Row> {
  const rows = await tx.run(
    `MATCH (w:Webhook {id: $id})
     SET w.status = 'ACTIVE', w.pauseCause = null, w.pausedReason = null, w.pausedAt = null, w.consecutiveFailures = 0,
         w.updatedAt = datetime(), w.version = w.version + 1
     RETURN w`,
    { id },
  );
  return rows[0].w;
}

/** Replaces a webhook's secret. Returns the webhook. */
export async function rotateSecret(tx: Tx, id: string, secret: string): Promise<Row> {
  const rows = await tx.run(
    `MATCH (w:Webhook {id: $id})
     MERGE (w)-[:SIGNED_WITH]->(s:WebhookSecret {webhookId: $id})
     SET s.value = $secret, s.createdAt = datetime(), w.updatedAt = datetime(), w.version = w.version + 1
     RETURN w`,
    { id, secret },
  );
  return rows[0].w;
}

/** Deletes a webhook, its secret and its deliveries; returns how many deliveries. */
export async function deleteWebhook(tx: Tx, id: string): Promise<number> {
  const rows = await tx.run(
    `OPTIONAL MATCH (d:WebhookDelivery {webhookId: $id})
     DELETE d
     RETURN count(d) AS deliveries`,
    { id },
  );
  await tx.run('MATCH (w:Webhook {id: $id}) OPTIONAL MATCH (w)-[:SIGNED_WITH]->(s:WebhookSecret) DETACH DELETE w, s', { id });
  return rows[0].deliveries as number;
}

// ---- The dispatcher ---------------------------------------------------------------------------

/** One ACTIVE webhook as the dispatcher's scan sees it. */
export interface ScannedWebhook {
  id: string;
  epoch: string | null;
  position: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  /** Its open delivery's status and next attempt, if it has one. */
  openStatus: string | null;
  nextAttemptAt: Date | null;
  /** The event log's epoch and head. */
  logEpoch: string | null;
  head: number;
  /** The database's clock (leases are judged on it). */
  now: Date;
}

/** Every ACTIVE webhook, with what the dispatcher needs to tell whether it has work. One statement. */
export async function scanWebhooks(graph: Graph): Promise<ScannedWebhook[]> {
  return (await graph.read(
    `OPTIONAL MATCH (log:EventLog {id: 'events'})
     MATCH (w:Webhook {status: 'ACTIVE'})
     OPTIONAL MATCH (d:WebhookDelivery {webhookId: w.id}) WHERE d.status IN $open
     WITH log, w, d ORDER BY d.seq
     WITH log, w, collect(d)[0] AS d
     RETURN w.id AS id, w.epoch AS epoch, w.position AS position, w.leaseOwner AS leaseOwner, w.leaseUntil AS leaseUntil,
            d.status AS openStatus, d.nextAttemptAt AS nextAttemptAt, log.epoch AS logEpoch, coalesce(log.position, 0) AS head,
            datetime() AS now`,
    { open: OPEN_STATUSES },
    WEBHOOK_DISPATCH_OPERATION,
  )) as ScannedWebhook[];
}

/** A webhook under this dispatcher's lease: its state, its secret, the log's head and its open delivery. */
export interface LeasedWebhook {
  webhook: Row & { id: string; url: string; filterJson: string; status: string; epoch: string | null; position: number };
  secret: string;
  head: { epoch: string | null; position: number; trimmedThrough: number };
  open: Row | null;
}

/**
 * Takes (or renews) the lease on an ACTIVE webhook for `ms`: when nobody holds it, this owner
 * does, or the holder's lease ran out. Returns what the dispatcher works from, or null when the
 * webhook is not ACTIVE or another owner holds it. One statement.
 */
export async function takeLease(graph: Graph, id: string, owner: string, ms: number): Promise<LeasedWebhook | null> {
  const rows = await graph.write(
    `MATCH (w:Webhook {id: $id})
     WHERE w.status = 'ACTIVE' AND (w.leaseOwner IS NULL OR w.leaseOwner = $owner OR w.leaseUntil < datetime())
     SET w.leaseOwner = $owner, w.leaseUntil = datetime() + duration({milliseconds: toInteger($ms)})
     WITH w
     MATCH (w)-[:SIGNED_WITH]->(s:WebhookSecret)
     OPTIONAL MATCH (log:EventLog {id: 'events'})
     OPTIONAL MATCH (d:WebhookDelivery {webhookId: w.id}) WHERE d.status IN $open
     WITH w, s, log, d ORDER BY d.seq
     WITH w, s, log, collect(d)[0] AS open
     RETURN w {.*} AS webhook, s.value AS secret, open,
            {epoch: log.epoch, position: coalesce(log.position, 0), trimmedThrough: coalesce(log.trimmedThrough, 0)} AS head`,
    { id, owner, ms, open: OPEN_STATUSES },
    WEBHOOK_DISPATCH_OPERATION,
  );
  return (rows[0] as LeasedWebhook | undefined) ?? null;
}

/** Gives the lease up (when this owner holds it). */
export async function releaseLease(graph: Graph, id: string, owner: string): Promise<void> {
  await graph.write(
    'MATCH (w:Webhook {id: $id}) WHERE w.leaseOwner = $owner SET w.leaseOwner = null, w.leaseUntil = null',
    { id, owner },
    WEBHOOK_DISPATCH_OPERATION,
  );
}

/** A webhook registered before the event log existed takes the log's epoch (its position, 0, stays). */
export async function adoptEpoch(graph: Graph, id: string, owner: string, epoch: string): Promise<void> {
  await graph.write(
    'MATCH (w:Webhook {id: $id}) WHERE w.leaseOwner = $owner AND w.epoch IS NULL SET w.epoch = $epoch',
    { id, owner, epoch },
    WEBHOOK_DISPATCH_OPERATION,
  );
}

/**
 * The events after a webhook's position are gone (trimmed by retention, or the log replaced): a
 * SKIPPED delivery says so (`error`), an open delivery is SKIPPED too, and the webhook continues
 * from `position` of the log `epoch`.
 */
export async function skipTo(graph: Graph, id: string, owner: string, epoch: string, position: number, error: string): Promise<void> {
  await graph.write(
    `MATCH (w:Webhook {id: $id}) WHERE w.leaseOwner = $owner
     OPTIONAL MATCH (d:WebhookDelivery {webhookId: $id}) WHERE d.status IN $open
     WITH w, collect(d) AS open
     FOREACH (d IN open | SET d.status = 'SKIPPED', d.nextAttemptAt = null, d.error = $error)
     SET w.epoch = $epoch, w.position = toInteger($position), w.deliverySeq = w.deliverySeq + 1
     CREATE (:WebhookDelivery {id: randomUUID(), webhookId: $id, seq: w.deliverySeq, status: 'SKIPPED', attempts: 0,
                               createdAt: datetime(), error: $error})`,
    { id, owner, epoch, position, error, open: OPEN_STATUSES },
    WEBHOOK_DISPATCH_OPERATION,
  );
}

/** Marks one open delivery SKIPPED (its event can no longer be read from the log). */
export async function skipDelivery(graph: Graph, deliveryId: string, error: string): Promise<void> {
  await graph.write(
    `MATCH (d:WebhookDelivery {id: $deliveryId}) WHERE d.status IN $open
     SET d.status = 'SKIPPED', d.nextAttemptAt = null, d.error = $error
     WITH d
     MATCH (w:Webhook {id: d.webhookId}) WHERE w.position < d.position
     SET w.position = d.position`,
    { deliveryId, error, open: OPEN_STATUSES },
    WEBHOOK_DISPATCH_OPERATION,
  );
}

/** The events up to `position` were passed over by the webhook's filter: it has handled them. */
export async function advance(graph: Graph, id: string, owner: string, position: number): Promise<void> {
  await graph.write(
    'MATCH (w:Webhook {id: $id}) WHERE w.leaseOwner = $owner AND w.position < toInteger($position) SET w.position = toInteger($position)',
    { id, owner, position },
    WEBHOOK_DISPATCH_OPERATION,
  );
}

/**
 * The event at `position` is to be sent: a PENDING delivery for it (the events before it, up to
 * `passed`, were passed over by the filter). Null when the lease was lost or the webhook paused.
 */
export async function startDelivery(
  graph: Graph,
  id: string,
  owner: string,
  passed: number,
  event: { position: number; eventId: string; eventType: string },
): Promise<Row | null> {
  const rows = await graph.write(
    `MATCH (w:Webhook {id: $id}) WHERE w.leaseOwner = $owner AND w.status = 'ACTIVE'
     SET w.position = CASE WHEN w.position < toInteger($passed) THEN toInteger($passed) ELSE w.position END,
         w.deliverySeq = w.deliverySeq + 1
     CREATE (d:WebhookDelivery {id: randomUUID(), webhookId: $id, seq: w.deliverySeq, position: toInteger($position),
                                eventId: $eventId, eventType: $eventType, status: 'PENDING', attempts: 0, createdAt: datetime()})
     RETURN d`,
    { id, owner, passed, ...event },
    WEBHOOK_DISPATCH_OPERATION,
  );
  return rows[0]?.d ?? null;
}

/** What one attempt brought back. */
export interface AttemptFacts {
  startedAt: string;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

/**
 * The receiver took the event (2xx): the delivery is DELIVERED and the webhook has handled
 * everything up to it (whatever happened to the delivery meanwhile: it was received).
 */
export async function recordDelivered(graph: Graph, deliveryId: string, facts: AttemptFacts): Promise<void> {
  await graph.write(
    `MATCH (d:WebhookDelivery {id: $deliveryId})
     SET d.status = 'DELIVERED', d.attempts = d.attempts + 1, d.firstAttemptAt = coalesce(d.firstAttemptAt, datetime($startedAt)),
         d.lastAttemptAt = datetime($startedAt), d.nextAttemptAt = null, d.deliveredAt = datetime(),
         d.responseStatus = $responseStatus, d.responseBody = $responseBody, d.error = null, d.durationMs = toInteger($durationMs)
     WITH d
     MATCH (w:Webhook {id: d.webhookId})
     SET w.position = CASE WHEN w.position < d.position THEN d.position ELSE w.position END,
         w.deliveredCount = w.deliveredCount + 1, w.consecutiveFailures = 0, w.lastDeliveredAt = datetime()`,
    { deliveryId, ...facts },
    WEBHOOK_DISPATCH_OPERATION,
  );
}

/**
 * An attempt failed: its facts are kept and the webhook's failure counts grow. While the delivery
 * is still open, it becomes `status` (RETRYING at `nextAttemptAt`, or FAILED). Returns whether it
 * was still open (an ADMIN may have paused the webhook meanwhile).
 */
export async function recordFailure(
  tx: Tx,
  deliveryId: string,
  facts: AttemptFacts,
  status: 'RETRYING' | 'FAILED',
  nextAttemptAt: string | null,
): Promise<boolean> {
  const rows = await tx.run(
    `MATCH (d:WebhookDelivery {id: $deliveryId})
     SET d.attempts = d.attempts + 1, d.firstAttemptAt = coalesce(d.firstAttemptAt, datetime($startedAt)),
         d.lastAttemptAt = datetime($startedAt), d.responseStatus = $responseStatus, d.responseBody = $responseBody,
         d.error = $error, d.durationMs = toInteger($durationMs)
     WITH d
     MATCH (w:Webhook {id: d.webhookId})
     SET w.failedAttempts = w.failedAttempts + 1, w.consecutiveFailures = w.consecutiveFailures + 1
     WITH d, d.status IN $open AS open
     FOREACH (x IN CASE WHEN open THEN [1] ELSE [] END |
       SET d.status = $status, d.nextAttemptAt = CASE WHEN $nextAttemptAt IS NULL THEN null ELSE datetime($nextAttemptAt) END)
     RETURN open`,
    { deliveryId, ...facts, status, nextAttemptAt, open: OPEN_STATUSES },
  );
  return rows[0]?.open === true;
}

/** Deletes finished deliveries created before `before`, up to `batch`; returns how many. */
export async function pruneDeliveries(graph: Graph, before: Date, batch = 1000): Promise<number> {
  const rows = await graph.write(
    `MATCH (d:WebhookDelivery) WHERE d.createdAt < datetime($before) AND NOT d.status IN $open
     WITH d LIMIT toInteger($batch)
     DELETE d
     RETURN count(*) AS pruned`,
    { before: before.toISOString(), batch, open: OPEN_STATUSES },
    WEBHOOK_DISPATCH_OPERATION,
  );
  return (rows[0]?.pruned as number) ?? 0;
}
