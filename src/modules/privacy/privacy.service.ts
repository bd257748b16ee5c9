import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '../../common/errors';
import { appendAudit } from '../audit/audit.repository';
import type { Graph, Tx } from '../../db/graph';
import { Topics, type EventPublisher, type InsightChangedPayload } from '../../realtime/topics';
import type { AuthUser } from '../../server/auth';
import { requireActor } from '../employee/actor';
import { describeInsightChange, InsightChangeKind } from '../insight/insight.events';
import * as repo from './privacy.repository';
import type { ErasureReceipt, EraseCustomerInput } from './privacy.type';

/** What replaces every occurrence of an erased customer's name, email or phone. */
export const ERASED_MARK = '[erased]';
/** Shorter values are not searched for: they would match far too much that is not about the customer. */
export const MIN_NEEDLE_LENGTH = 3;
export const REDACTED_INSIGHT_TITLE = 'Insight about an erased customer';
export const REDACTED_INSIGHT_BODY = 'The text of this insight named a customer who has since been erased.';

const ARCHIVED = 'ARCHIVED';

/** Finds and blanks out the personal values (name, email, phone) of one customer in any text. */
export interface Scrubber {
  /** The values searched for, lower-case, longest first; empty when there is nothing to search for. */
  readonly needles: string[];
  /** Whether the text holds one of the values (case-insensitive). */
  names(text: string): boolean;
  /** The text with every occurrence of the values replaced by {@link ERASED_MARK}. */
  scrub(text: string): string;
}

/** A scrubber for these values; null, blank and values under {@link MIN_NEEDLE_LENGTH} characters are ignored. */
export function scrubberFor(values: (string | null | undefined)[]): Scrubber {
  const needles = [...new Set(values.map((v) => (v ?? '').trim().toLowerCase()).filter((v) => v.length >= MIN_NEEDLE_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  // Longest first, so that a name inside an email never leaves the rest of the email behind.
  const pattern = needles.length ? new RegExp(needles.map(escapeRegExp).join('|'), 'gi') : null;
  return {
    needles,
    names: (text) => needles.some((n) => text.toLowerCase().includes(n)),
    scrub: (text) => (pattern ? text.replace(pattern, ERASED_MARK) : text),
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
 * What erasure does to an insight whose only subject is the erased customer: archive it (if it is
 * not already) and, when its title or body names the customer, replace both with neutral text.
 */
export function rewriteSoleSubjectInsight(insight: repo.SoleSubjectInsight, scrubber: Scrubber): repo.InsightRewrite {
  const changes: Record<string, string> = {};
  if (insight.status !== ARCHIVED) changes.status = ARCHIVED;
  if (scrubber.names(insight.title ?? '') || scrubber.names(insight.body ?? '')) {
    changes.title = REDACTED_INSIGHT_TITLE;
    changes.body = REDACTED_INSIGHT_BODY;
  }
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
    private readonly events: EventPublisher,
  ) {}

  /**
   * Erases a customer in one write transaction: the customer becomes a tombstone (same id, no
   * name, email or phone), its interactions are deleted, its links to employees, needs and other
   * customers cut, insights about it alone archived (their text replaced where it names the
   * customer), and every remaining mention of its name, email or phone anywhere in the graph
   * replaced by `[erased]`. The earlier versions kept of the insights about it alone and of
   * every insight whose text named it are deleted (their history would keep what erasure
   * removes). Unknown id: NOT_FOUND; already erased: CONFLICT. The insights it archived are
   * announced (`insightChanged` ARCHIVED) once the transaction has committed.
   */
  async erase(input: EraseCustomerInput, user: AuthUser): Promise<ErasureReceipt> {
    const changes: InsightChangedPayload[] = [];
    const receipt = await this.graph.writeTx((tx) => {
      changes.length = 0; // a retried transaction starts over
      return this.eraseInTx(tx, input, user, changes);
    }, 'eraseCustomer');
    const at = new Date().toISOString();
    for (const change of changes) this.events.publish(Topics.INSIGHT_CHANGED, { ...change, at });
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

  private async eraseInTx(tx: Tx, input: EraseCustomerInput, user: AuthUser, changes: InsightChangedPayload[]): Promise<ErasureReceipt> {
    const actorId = await requireActor(tx, user);
    const customerId = input.customerId;
    const customer = await repo.lockCustomer(tx, customerId);
    if (!customer) throw notFound('customer', customerId);
    if (customer.erased) throw conflict('This customer has already been erased; there is nothing left to erase.', { id: customerId });
    const scrubber = scrubberFor([customer.name, customer.email, customer.phone]);

    // The versions kept of the insights rewritten below would still hold what they said.
    await repo.deleteInsightVersions(tx, customerId, scrubber.needles);
    const archivedIds = await archiveSoleSubjectInsights(tx, customerId, scrubber);
    await repo.unlinkSharedInsights(tx, customerId);
    const interactionsDeleted = await repo.deleteInteractions(tx, customerId);
    await repo.deletePersonalLinks(tx, customerId);
    await repo.tombstoneCustomer(tx, customerId);
    const { propertiesScrubbed, revisedInsightIds } = await scrubGraph(tx, scrubber);

    for (const id of archivedIds) changes.push(await describeInsightChange(tx, InsightChangeKind.ARCHIVED, id, actorId));
    // The insights whose text the scrub changed have a new version: subscribers hear of it like of any revision.
    for (const id of revisedInsightIds) changes.push(await describeInsightChange(tx, InsightChangeKind.REVISED, id, actorId));
    const erasure = await repo.createErasure(tx, {
      id: randomUUID(),
      customerId,
      actorId,
      reason: scrubbedReason(input.reason, scrubber),
      interactionsDeleted,
      insightsArchived: archivedIds.length,
      propertiesScrubbed,
    });
    return receiptOf(erasure);
  }
}

/** Archives the insights about this customer alone; returns the ids of those newly archived. */
async function archiveSoleSubjectInsights(tx: Tx, customerId: string, scrubber: Scrubber): Promise<string[]> {
  const insights = await repo.insightsAboutOnly(tx, customerId);
  const rewrites = insights.map((i) => rewriteSoleSubjectInsight(i, scrubber)).filter((r) => Object.keys(r.changes).length > 0);
  await repo.rewriteInsights(tx, rewrites);
  return insights.filter((i) => i.status !== ARCHIVED).map((i) => i.id);
}

/**
 * Replaces the customer's values in every node that still holds them; returns how many properties
 * changed, and the ids of the insights among those nodes (each now has a new version).
 */
async function scrubGraph(tx: Tx, scrubber: Scrubber): Promise<{ propertiesScrubbed: number; revisedInsightIds: string[] }> {
  const nodes = await repo.nodesContaining(tx, scrubber.needles);
  const updates = nodes
    .map((n) => ({ elementId: n.elementId, changes: scrubProperties(n.props, scrubber) }))
    .filter((u) => Object.keys(u.changes).length > 0);
  const revisedInsightIds = await repo.setNodeProperties(tx, updates);
  return { propertiesScrubbed: updates.reduce((sum, u) => sum + Object.keys(u.changes).length, 0), revisedInsightIds };
}

/** The admin's reason, trimmed and without the customer's values; null when none was given. */
function scrubbedReason(reason: string | null | undefined, scrubber: Scrubber): string | null {
  const trimmed = reason?.trim();
  return trimmed ? scrubber.scrub(trimmed) : null;
}

function receiptOf(erasure: Record<string, any>): ErasureReceipt {
  return {
    id: erasure.id,
    customerId: erasure.customerId,
    erasedAt: erasure.erasedAt,
    interactionsDeleted: erasure.interactionsDeleted,
    insightsArchived: erasure.insightsArchived,
    propertiesScrubbed: erasure.propertiesScrubbed,
  };
}
