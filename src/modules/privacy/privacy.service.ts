import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '../../common/errors';
import { appendAudit } from '../audit/audit.repository';
import type { Graph, Tx } from '../../db/graph';
import { forgetCustomerEvents } from '../../realtime/event-log';
import type { EventRecorder, InsightChangedPayload } from '../../realtime/topics';
import type { AuthUser } from '../../graphql/access';
import { requireActor } from '../employee/actor';
import { describeInsightChange, recordInsightChanges } from '../insight/insight.events';
import { InsightChangeKind } from '../insight/insight.type';
import * as repo from './privacy.repository';
import { prepareErasure } from '../deletion/erasure';
import { ErasedRecordKind, type ErasureChange, type ErasureReceipt, type EraseCustomerInput } from './privacy.type';
import { scrubberFor, type Scrubber } from './scrubber';

export { ERASED_MARK, MIN_NEEDLE_LENGTH } from './scrubber';
export const REDACTED_INSIGHT_TITLE = 'Insight about an erased customer';
export const REDACTED_INSIGHT_BODY = 'The text of this insight named a customer who has since been erased.';

const ARCHIVED = 'ARCHIVED';

/**
 * The values erasure looks for: the customer's name, email and phone (a tombstone erased again has
 * only what a write may have left on it, never its own placeholder name), and the name written as a
 * slug ("quinn-halvorsen", "quinn_halvorsen"), as topic names and tags often are.
 */
export function erasableValues(customer: repo.ErasableCustomer): string[] {
  const name = customer.name && customer.name !== repo.TOMBSTONE_NAME ? customer.name.trim() : null;
  const slugs = name && /\s/u.test(name) ? ['-', '_'].map((sep) => name.split(/\s+/u).join(sep)) : [];
  return [name, ...slugs, customer.email, customer.phone].filter((v): v is string => !!v);
}

/** The scrubbed values of the string (and list of string) properties that the scrubber changes. */
export function scrubProperties(props: Record<string, unknown>, scrubber: Scrubber): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === 'string') {
      const scrubbed = scrubber.scrub(value);
      if (scrubbed !== value) changes[key] = scrubbed;
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      const scrubbed = value.map((v: string) => scrubber.scrub(v));
      if (scrubbed.some((v, i) => v !== value[i])) changes[key] = scrubbed;
    }
  }
  return changes;
}

/**
 * What erasure does to the text of an insight about the erased customer alone, or of a version kept
 * of one: when its title or body names the customer, both are replaced with neutral text (the rest
 * of it is about that customer too).
 */
export function redactedText(text: { title?: unknown; body?: unknown }, scrubber: Scrubber): Record<string, string> {
  if (!scrubber.names(String(text.title ?? '')) && !scrubber.names(String(text.body ?? ''))) return {};
  const changes: Record<string, string> = {};
  if (text.title !== REDACTED_INSIGHT_TITLE) changes.title = REDACTED_INSIGHT_TITLE;
  if (text.body !== REDACTED_INSIGHT_BODY) changes.body = REDACTED_INSIGHT_BODY;
  return changes;
}

/**
 * What erasure does to an insight whose only subject is the erased customer: archive it (if it is
 * not already) and, when its title or body names the customer, replace both with neutral text.
 */
export function rewriteSoleSubjectInsight(insight: repo.SoleSubjectInsight, scrubber: Scrubber): repo.InsightRewrite {
  const changes: Record<string, string> = redactedText(insight, scrubber);
  if (insight.status !== ARCHIVED) changes.status = ARCHIVED;
  return { id: insight.id, changes };
}

/** Dates become ISO-8601 strings, everywhere in a plain value: the export is pure JSON. */
export function toJson(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

/**
 * Data-protection rights of a customer: erasure (the right to be forgotten) and export (the right
 * of access). Each method is one transaction.
 */
export class PrivacyService {
  constructor(
    private readonly graph: Graph,
    private readonly events: EventRecorder,
  ) {}

  /**
   * Erases a customer in one write transaction: the customer becomes a tombstone (same id, no
   * name, email or phone), its interactions are deleted, its links to employees, needs and other
   * customers cut, insights about it alone archived (their text, and the text of the versions kept
   * of them, replaced where it names the customer), and every remaining mention of its name, email
   * or phone as whole words anywhere in the graph's free text, kept insight versions included,
   * replaced by `[erased]`; topic and segment names that hold them are renamed. Who changed each
   * version is kept (four eyes still knows who revised an insight). Unknown id: NOT_FOUND. A
   * customer erased before is erased again: whatever a write left on the tombstone or linked to it
   * is removed the same way (nothing, normally). With `dryRun` nothing is changed or recorded:
   * the receipt says what an erasure would do. The insights it archived are announced
   * (`insightChanged` ARCHIVED), recorded in the same transaction.
   */
  async erase(input: EraseCustomerInput, user: AuthUser): Promise<ErasureReceipt> {
    const changes: InsightChangedPayload[] = [];
    let receipt: ErasureReceipt;
    try {
      receipt = await this.graph.writeTx(async (tx) => {
        changes.length = 0; // a retried transaction starts over
        const done = await this.eraseInTx(tx, input, user, changes);
        if (input.dryRun) throw new DryRunDone(done);
        recordInsightChanges(tx, this.events, changes);
        return done;
      }, 'eraseCustomer');
    } catch (e) {
      if (e instanceof DryRunDone) return e.receipt; // rolled back: nothing changed, nothing to announce
      throw e;
    }
    return receipt;
  }

  /** Records an export in the audit trail (queries are not audited otherwise). */
  async recordExport(customerId: string, actorId: string): Promise<void> {
    await appendAudit(this.graph, [{ actorId, action: 'exportCustomer', targetId: customerId, outcome: 'SUCCEEDED', code: null }]);
  }

  /**
   * Everything held about a customer, as one JSON document (date-times as ISO-8601 strings);
   * null when no customer has the id.
   */
  async export(customerId: string): Promise<Record<string, unknown> | null> {
    return this.graph.readTx(async (tx) => {
      const profile = await repo.customerWithLinks(tx, customerId);
      if (!profile) return null;
      const needs = await repo.customerNeeds(tx, customerId);
      const interactions = await repo.customerInteractions(tx, customerId);
      const insights = await repo.customerInsights(tx, customerId);
      return toJson({
        exportedAt: new Date(),
        customer: profile.customer,
        segment: profile.segment,
        organization: profile.organization,
        contacts: profile.contacts,
        owners: profile.owners,
        needs,
        interactions,
        insights,
        referredBy: profile.referredBy,
        referred: profile.referred,
      }) as Record<string, unknown>;
    }, 'exportCustomer');
  }

  private async eraseInTx(tx: Tx, input: EraseCustomerInput, user: AuthUser, events: InsightChangedPayload[]): Promise<ErasureReceipt> {
    const actorId = await requireActor(tx, user);
    const customerId = input.id;
    // Deleted records reach no read, but an erasure reaches them: those about the customer go for
    // good, a deleted customer is restored to be erased, and its history goes (modules/deletion/erasure.ts).
    const { mergedValues } = await prepareErasure(tx, customerId);
    const customer = await repo.lockCustomer(tx, customerId);
    if (!customer) throw notFound('customer', customerId);
    // The customers merged into it were the same person or company: what they were called goes too.
    const scrubber = scrubberFor([...erasableValues(customer), ...mergedValues.flatMap((m) => erasableValues({ ...m, erased: false }))]);
    const scrubbed: ErasureChange[] = [];

    const sole = await repo.insightsAboutOnly(tx, customerId);
    const archivedIds = await archiveSoleSubjectInsights(tx, sole, scrubber, scrubbed);
    await repo.unlinkSharedInsights(tx, customerId);
    const interactionsDeleted = await repo.deleteInteractions(tx, customerId);
    await repo.deletePersonalLinks(tx, customerId);
    await repo.tombstoneCustomer(tx, customerId);
    const revisedInsightIds = await scrubGraph(
      tx,
      scrubber,
      sole.map((i) => i.id),
      scrubbed,
    );
    await renameTopics(tx, scrubber, scrubbed);
    await renameSegments(tx, scrubber, scrubbed);
    // What the event log said about them goes too: no replay or webhook sends it again. (The
    // erasure's own events, appended at its commit, announce what it archived and revised.)
    await forgetCustomerEvents(tx, customerId);

    for (const id of archivedIds) events.push(await describeInsightChange(tx, InsightChangeKind.ARCHIVED, id, actorId));
    // The insights whose text the scrub changed have a new version: subscribers hear of it like of any revision.
    for (const id of revisedInsightIds) events.push(await describeInsightChange(tx, InsightChangeKind.REVISED, id, actorId));
    const record: repo.ErasureRecord = {
      id: randomUUID(),
      customerId,
      actorId,
      reason: scrubbedReason(input.reason, scrubber),
      interactionsDeleted,
      insightsArchived: archivedIds.length,
      propertiesScrubbed: scrubbed.length,
      scrubbedIn: scrubbed.map(locationOf),
    };
    if (input.dryRun) return { ...record, id: null, erasedAt: null, dryRun: true, changes: scrubbed };
    const erasure = await repo.createErasure(tx, record);
    return { ...record, id: erasure.id, erasedAt: erasure.erasedAt, dryRun: false, changes: scrubbed };
  }
}

/** Thrown at the end of a dry run's transaction, so that it rolls back; carries the receipt out. */
class DryRunDone extends Error {
  constructor(readonly receipt: ErasureReceipt) {
    super('dry run');
  }
}

/** Where a change was made, as stored on the erasure record: `KIND:id:property` (`id@version` for a kept version). */
function locationOf(c: ErasureChange): string {
  return `${c.kind}:${c.version == null ? c.recordId : `${c.recordId}@${c.version}`}:${c.property}`;
}

const KIND_OF_LABEL: Record<repo.FreeTextLabel, ErasedRecordKind> = {
  Interaction: ErasedRecordKind.INTERACTION,
  Insight: ErasedRecordKind.INSIGHT,
  InsightVersion: ErasedRecordKind.INSIGHT_VERSION,
  Annotation: ErasedRecordKind.ANNOTATION,
  Need: ErasedRecordKind.NEED,
  Segment: ErasedRecordKind.SEGMENT,
  Erasure: ErasedRecordKind.ERASURE,
  ImportCheckpoint: ErasedRecordKind.IMPORT_CHECKPOINT,
  Deleted: ErasedRecordKind.DELETED_RECORD,
  RecordChange: ErasedRecordKind.RECORD_CHANGE,
};

/** One entry per changed property, in the order of the keys given. */
function changesOf(
  kind: ErasedRecordKind,
  recordId: string,
  version: number | null,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): ErasureChange[] {
  return Object.keys(after).map((property) => ({
    kind,
    recordId,
    version,
    property,
    before: before[property] == null ? null : String(before[property]),
    after: String(after[property]),
  }));
}

/**
 * Archives the insights about this customer alone, replacing their text where it names them;
 * returns the ids of those newly archived.
 */
async function archiveSoleSubjectInsights(
  tx: Tx,
  insights: repo.SoleSubjectInsight[],
  scrubber: Scrubber,
  scrubbed: ErasureChange[],
): Promise<string[]> {
  const rewrites: repo.InsightRewrite[] = [];
  for (const insight of insights) {
    const rewrite = rewriteSoleSubjectInsight(insight, scrubber);
    if (!Object.keys(rewrite.changes).length) continue;
    rewrites.push(rewrite);
    const { status: _, ...text } = rewrite.changes;
    scrubbed.push(...changesOf(ErasedRecordKind.INSIGHT, insight.id, null, { title: insight.title, body: insight.body }, text));
  }
  await repo.rewriteInsights(tx, rewrites);
  return insights.filter((i) => i.status !== ARCHIVED).map((i) => i.id);
}

/**
 * Replaces the customer's values, as whole words, in every free text that still holds them (a
 * version kept of an insight about them alone is redacted like the insight); returns the ids of the
 * insights among those nodes (each now has a new version).
 */
async function scrubGraph(tx: Tx, scrubber: Scrubber, soleSubjectInsightIds: string[], scrubbed: ErasureChange[]): Promise<string[]> {
  const nodes = await repo.nodesMayHold(tx, scrubber.searchTerms, soleSubjectInsightIds);
  const updates: repo.NodeChanges[] = [];
  for (const n of nodes) {
    const changes = n.ofSoleSubjectInsight ? redactedText(n.props, scrubber) : scrubProperties(n.props, scrubber);
    if (!Object.keys(changes).length) continue;
    updates.push({ elementId: n.elementId, changes });
    scrubbed.push(...changesOf(KIND_OF_LABEL[n.label], n.id, n.version, n.props, changes));
  }
  return repo.setNodeProperties(tx, updates);
}

/**
 * Topic names that hold the customer's values become the scrubbed name (lower case, as topics are);
 * a topic whose new name another topic has already is merged into that one.
 */
async function renameTopics(tx: Tx, scrubber: Scrubber, scrubbed: ErasureChange[]): Promise<void> {
  for (const topic of await repo.namedMayHold(tx, 'Topic', scrubber.searchTerms)) {
    const name = scrubber.scrub(topic.name).toLowerCase();
    if (name === topic.name) continue;
    const into = await repo.renameTopic(tx, topic.id, name);
    scrubbed.push({
      kind: ErasedRecordKind.TOPIC,
      recordId: topic.id,
      version: null,
      property: 'name',
      before: topic.name,
      after: name,
      mergedIntoId: into === topic.id ? null : into,
    });
  }
}

/** Segment names that hold the customer's values become the scrubbed name, made unique with the segment's id when taken. */
async function renameSegments(tx: Tx, scrubber: Scrubber, scrubbed: ErasureChange[]): Promise<void> {
  for (const segment of await repo.namedMayHold(tx, 'Segment', scrubber.searchTerms)) {
    let name = scrubber.scrub(segment.name);
    if (name === segment.name) continue;
    if (await repo.segmentNameTaken(tx, segment.id, name)) name = `${name} (${segment.id.slice(0, 8)})`;
    await repo.renameSegment(tx, segment.id, name);
    scrubbed.push({
      kind: ErasedRecordKind.SEGMENT,
      recordId: segment.id,
      version: null,
      property: 'name',
      before: segment.name,
      after: name,
    });
  }
}

/** The admin's reason, trimmed and without the customer's values; null when none was given. */
function scrubbedReason(reason: string | null | undefined, scrubber: Scrubber): string | null {
  const trimmed = reason?.trim();
  return trimmed ? scrubber.scrub(trimmed) : null;
}
