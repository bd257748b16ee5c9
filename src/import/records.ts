import { z } from 'zod';
import { storedLength, VISIBLE } from '../common/validation';
import { AnnotationKind } from '../modules/annotation/annotation.type';
import { MAX_MONEY, PHONE_PATTERN, PHONE_RULE } from '../modules/customer/customer.inputs';
import { CustomerKind, LifecycleStage, RelationshipType } from '../modules/customer/customer.type';
import { EmployeeRole } from '../modules/employee/employee.type';
import { InsightOrigin, InsightStatus } from '../modules/insight/insight.type';
import { Channel, Direction, Touchpoint } from '../modules/interaction/interaction.type';
import { inTheFuture } from '../modules/interaction/interaction.rules';
import { NeedKind, NeedStatus, Priority } from '../modules/need/need.type';
import { AccessRole } from '../graphql/access';

/**
 * The records `npm run import` reads: one JSON object a line in NDJSON, typed by its `type`
 * field, or one row of a customers / interactions CSV file. Every record carries the
 * `externalId` it has in the system it comes from; records refer to each other by those
 * external ids, never by Rapport ids. A record may refer only to records earlier in the file or
 * already in the graph.
 *
 * The limits are those of the GraphQL inputs, so that imported data is data the API could have
 * accepted.
 */

const text = (max: number) =>
  z
    .string()
    .trim()
    .refine((v) => VISIBLE.test(v), 'must not be blank')
    .max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => z.string().max(max, `must be at most ${max} characters`).optional();
const externalId = text(200);
const ref = text(200);
const refs = (max: number) => z.array(ref).max(max, `must list at most ${max}`).default([]);
const topics = z
  .array(text(60).refine((v) => storedLength(v) <= 60, 'must be at most 60 characters once lower-cased, as it is stored'))
  .max(20, 'must list at most 20')
  .default([]);
// Stored to the millisecond, like every date-time the API takes: cursors carry milliseconds, so
// finer values would make pages skip or repeat items that differ below the millisecond.
const dateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time with a zone, like 2025-03-01T09:30:00Z' })
  .transform((v) => new Date(v).toISOString());
const money = z.number().finite().min(0, 'must not be negative').max(MAX_MONEY, `must not be greater than ${MAX_MONEY}`);
const unit = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const quality = z.number().int('must be a whole number').min(1, 'must be between 1 and 5').max(5, 'must be between 1 and 5');
const enumOf = <T extends Record<string, string>>(e: T) => z.enum(Object.values(e) as [T[keyof T], ...T[keyof T][]]);

export const segmentRecord = z.strictObject({
  type: z.literal('segment'),
  externalId,
  name: text(100),
  description: optionalText(2000),
});

export const employeeRecord = z.strictObject({
  type: z.literal('employee'),
  externalId,
  name: text(200),
  email: z.email('must be an email address').max(254),
  team: text(100),
  role: enumOf(EmployeeRole),
  accessRoles: z.array(enumOf(AccessRole)).max(3).default([AccessRole.VIEWER]),
});

export const customerRecord = z.strictObject({
  type: z.literal('customer'),
  externalId,
  name: text(200),
  kind: enumOf(CustomerKind),
  email: z.email('must be an email address').max(254).optional(),
  phone: z.string().regex(PHONE_PATTERN, PHONE_RULE).optional(),
  lifecycleStage: enumOf(LifecycleStage),
  relationshipType: enumOf(RelationshipType),
  /** Revenue from this customer, EUR per year. */
  revenue: money.default(0),
  /** What serving this customer costs, EUR per year. */
  costToServe: money.default(0),
  /** Expected lifetime value, EUR. */
  lifetimeValue: money.default(0),
  consentContact: z.boolean().default(false),
  consentAnalytics: z.boolean().default(false),
  /** External id of a segment. */
  segment: ref.optional(),
  /** External id of the organization (a customer of kind ORGANIZATION) this person belongs to. */
  organization: ref.optional(),
  /** External id of the customer who referred this one. */
  referredBy: ref.optional(),
  /** External ids of the employees who own the account. */
  owners: refs(10),
  createdAt: dateTime.optional(),
});

export const needRecord = z.strictObject({
  type: z.literal('need'),
  externalId,
  title: text(200),
  description: optionalText(5000),
  kind: enumOf(NeedKind),
  priority: enumOf(Priority),
  status: enumOf(NeedStatus).default(NeedStatus.OPEN),
  topics,
  /** Customers who hold the need: external id, since when, how strongly (0..1; a new holder without one: 0.5). */
  holders: z
    .array(z.strictObject({ customer: ref, since: dateTime.optional(), intensity: unit.optional() }))
    .max(10000)
    .default([]),
  createdAt: dateTime.optional(),
});

export const interactionRecord = z.strictObject({
  type: z.literal('interaction'),
  externalId,
  /** External id of the customer. */
  customer: ref,
  /** External id of the employee who handled it. */
  handler: ref,
  channel: enumOf(Channel),
  touchpoint: enumOf(Touchpoint),
  direction: enumOf(Direction),
  occurredAt: dateTime.refine((v) => !inTheFuture(Date.parse(v)), 'must not be in the future'),
  summary: text(500),
  content: optionalText(10000),
  sentiment: z.number().min(-1, 'must be between -1 and 1').max(1, 'must be between -1 and 1').optional(),
  expectedQuality: quality.optional(),
  perceivedQuality: quality.optional(),
  /** External ids of the needs the customer expressed. */
  needs: refs(20),
  topics,
});

export const annotationRecord = z.strictObject({
  /** External id of the employee who wrote it. */
  author: ref,
  kind: enumOf(AnnotationKind),
  body: text(5000),
  createdAt: dateTime.optional(),
});

export const insightRecord = z.strictObject({
  type: z.literal('insight'),
  externalId,
  title: text(200),
  body: text(10000),
  origin: enumOf(InsightOrigin),
  status: enumOf(InsightStatus).default(InsightStatus.PROPOSED),
  confidence: unit,
  /** External id of the employee who wrote it. */
  author: ref,
  aboutCustomers: refs(50),
  aboutNeeds: refs(50),
  aboutSegments: refs(20),
  /** External ids of the interactions it was learned from. */
  evidence: refs(100),
  topics,
  createdAt: dateTime.optional(),
  annotations: z.array(annotationRecord).max(200).default([]),
});

export const importRecord = z.discriminatedUnion('type', [
  segmentRecord,
  employeeRecord,
  customerRecord,
  needRecord,
  interactionRecord,
  insightRecord,
]);

export type SegmentRecord = z.infer<typeof segmentRecord>;
export type EmployeeRecord = z.infer<typeof employeeRecord>;
export type CustomerRecord = z.infer<typeof customerRecord>;
export type NeedRecord = z.infer<typeof needRecord>;
export type InteractionRecord = z.infer<typeof interactionRecord>;
export type InsightRecord = z.infer<typeof insightRecord>;
export type ImportRecord = z.infer<typeof importRecord>;
export type RecordType = ImportRecord['type'];
/** What the generator writes and the importer reads, before defaults are filled in. */
export type ImportRecordInput = z.input<typeof importRecord>;

export const RECORD_TYPES: readonly RecordType[] = ['segment', 'employee', 'customer', 'need', 'interaction', 'insight'];

/** The record types a CSV file may hold, one per file. */
export const CSV_TYPES = ['customer', 'interaction'] as const;
export type CsvType = (typeof CSV_TYPES)[number];

/** CSV columns whose cells hold several values, separated by `;`. */
const CSV_LISTS = new Set(['owners', 'needs', 'topics']);
const CSV_NUMBERS = new Set(['revenue', 'costToServe', 'lifetimeValue', 'sentiment', 'expectedQuality', 'perceivedQuality']);
const CSV_BOOLEANS = new Set(['consentContact', 'consentAnalytics']);

/**
 * Turns one CSV row (header → cell) into a record of `type`: empty cells are absent, list cells
 * are split on `;`, number and boolean cells are converted (a cell that is not one stays a
 * string, so validation names it).
 */
export function recordFromCsv(type: CsvType, row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { type };
  for (const [column, cell] of Object.entries(row)) {
    const value = cell.trim();
    if (value === '' || column === 'type') continue;
    if (CSV_LISTS.has(column))
      out[column] = value
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean);
    else if (CSV_NUMBERS.has(column)) out[column] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    else if (CSV_BOOLEANS.has(column)) out[column] = value === 'true' ? true : value === 'false' ? false : value;
    else out[column] = value;
  }
  return out;
}

/** One sentence naming every problem of a record that failed validation. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? i.path.join('.') : 'record';
      if (i.code === 'invalid_union' || (i.code === 'invalid_value' && i.path[0] === 'type')) {
        return `type must be one of ${RECORD_TYPES.join(', ')}`;
      }
      if (i.code === 'unrecognized_keys') return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
      if (i.code === 'invalid_value') return `${where} must be one of ${i.values.map(String).join(', ')}`;
      if (i.code === 'invalid_type')
        return i.input === undefined ? `${where} is required` : `${where} must be ${i.expected === 'array' ? 'a list' : `a ${i.expected}`}`;
      return `${where} ${i.message}`;
    })
    .join('; ');
}
