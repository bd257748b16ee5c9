import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Graph, Tx } from '../db/graph';
import { writeInteractions, type InteractionWrite } from '../modules/interaction/interaction.repository';
import { normalizeTopics } from '../modules/topic/topic.repository';
import * as repo from './import.repository';
import { deletedExternalIds } from '../modules/deletion/deletion.repository';
import { erasedCustomer, MEMBER_OF_ITSELF } from '../modules/customer/customer.rules';
import {
  describeIssues,
  importRecord,
  RECORD_TYPES,
  type CustomerRecord,
  type CsvType,
  type EmployeeRecord,
  type ImportRecord,
  type InsightRecord,
  type InteractionRecord,
  type NeedRecord,
  type RecordType,
  type SegmentRecord,
} from './records';
import { csvTypeOf, formatOf, openSource, type ImportFormat } from './source';

/**
 * The bulk importer behind `npm run import`. It reads a file in order and writes consecutive
 * records of one type in batches, one transaction each (`UNWIND` statements). Records are matched
 * on their external ids, so running a file again changes nothing. Each batch's transaction also
 * saves a checkpoint (the last line done, the counts, the batch's rejects), so an interrupted
 * import resumes after the last committed batch. A bad record never stops the import: it goes to
 * the rejects file with its line number and the reason, and is counted.
 */

export const DEFAULT_BATCH_SIZE = 5000;
export const MAX_BATCH_SIZE = 20000;

export interface ImportOptions {
  file: string;
  /** Default: from the file name (`.csv` is CSV, anything else NDJSON). */
  format?: ImportFormat;
  /** The record type of every row of a CSV file. Default: from the file name (`customers.csv`). */
  csvType?: CsvType;
  /** Records per transaction. */
  batchSize?: number;
  /** Where rejected lines go. Default: `<file>.rejects.ndjson`. */
  rejectsFile?: string;
  /** Ignore a checkpoint left by an interrupted import of the same file and start over. */
  restart?: boolean;
  /** Called after every batch. */
  onProgress?: (progress: ImportProgress) => void;
  /** When aborted, the import stops after the batch being written; run it again to resume. */
  signal?: AbortSignal;
}

export interface ImportProgress {
  /** The last line committed. */
  line: number;
  bytesRead: number;
  totalBytes: number;
  /** Records committed or rejected so far (including those before a resume). */
  records: number;
  rejected: number;
  /** Records per second in this run. */
  recordsPerSecond: number;
}

/** What became of the records of one type. */
export interface TypeCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export type ImportCounts = Record<RecordType | 'unknown', TypeCounts>;

export interface ImportSummary {
  file: string;
  format: ImportFormat;
  /** The line after which this run started, when it resumed an interrupted import. */
  resumedAfterLine: number | null;
  /** The last line read. */
  lines: number;
  counts: ImportCounts;
  /** Records imported (created, updated or unchanged) and rejected, over all types. */
  imported: number;
  rejected: number;
  /** The rejects file, or null when nothing was rejected. */
  rejectsFile: string | null;
  seconds: number;
  recordsPerSecond: number;
  /**
   * For each type written in this run: seconds from the start of its first batch's transaction
   * to the end of its last one (reading overlaps writing, so this is the type's wall time).
   */
  secondsByType: Partial<Record<RecordType, number>>;
  /** True when stopped by the signal before the end of the file. */
  interrupted: boolean;
}

/** A line that could not be imported. */
export interface Reject {
  line: number;
  reason: string;
  record: string;
}

/** Why an import cannot start at all (a missing file, an unknown CSV type, a bad option). */
export class ImportError extends Error {
  override name = 'ImportError';
}

interface Item {
  line: number;
  raw: string;
  record: ImportRecord;
}

interface Batch {
  type: RecordType | null;
  items: Item[];
  rejects: Reject[];
  firstLine: number;
  lastLine: number;
}

const emptyCounts = (): ImportCounts =>
  Object.fromEntries([...RECORD_TYPES, 'unknown'].map((t) => [t, { created: 0, updated: 0, unchanged: 0, rejected: 0 }])) as ImportCounts;

/** The sha256 of a file's content: an import's checkpoint belongs to the content, not the path. */
async function contentHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function importFile(graph: Graph, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const { file } = options;
  if (!existsSync(file) || !statSync(file).isFile()) throw new ImportError(`No file at ${file}.`);
  const format = options.format ?? formatOf(file);
  const csvType = options.csvType ?? (format === 'csv' ? csvTypeOf(file) : undefined);
  if (format === 'csv' && !csvType) {
    throw new ImportError(
      `The record type of ${file} is unknown: name the file customers….csv or interactions….csv, or pass --type customer|interaction.`,
    );
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new ImportError(`The batch size must be a whole number from 1 to ${MAX_BATCH_SIZE}; got ${batchSize}.`);
  }
  const rejectsFile = options.rejectsFile ?? `${file}.rejects.ndjson`;
  const totalBytes = statSync(file).size;
  const source = await contentHash(file);

  // Resume after the last committed batch, with its counts and every reject up to it, exactly once.
  const checkpoint = options.restart ? null : await repo.readCheckpoint(graph, source);
  const counts: ImportCounts = checkpoint ? { ...emptyCounts(), ...JSON.parse(checkpoint.counts) } : emptyCounts();
  let kept: string[] = [];
  if (checkpoint && existsSync(rejectsFile)) {
    kept = readFileSync(rejectsFile, 'utf8')
      .split('\n')
      .filter((l) => l && (JSON.parse(l) as Reject).line < checkpoint.batchFirstLine);
  }
  if (checkpoint) kept.push(...checkpoint.batchRejects.split('\n').filter(Boolean));
  writeFileSync(rejectsFile, kept.map((l) => l + '\n').join(''));

  const { items, bytesRead } = openSource(file, format, csvType, checkpoint?.line ?? 0);
  let lastCommitted = checkpoint?.line ?? 0;
  let recordsThisRun = 0;
  let interrupted = false;

  const total = (f: (c: TypeCounts) => number) => Object.values(counts).reduce((n, c) => n + f(c), 0);
  const windows: Partial<Record<RecordType, { from: number; to: number }>> = {};
  const commit = async (batch: Batch): Promise<void> => {
    const from = performance.now();
    const rejects = await graph.writeTx(async (tx) => {
      const outcome = batch.type ? await HANDLERS[batch.type](tx, batch.items as never) : { rejects: [], outcomes: [] };
      const tally = { ...counts } as ImportCounts;
      for (const t of Object.keys(tally) as (keyof ImportCounts)[]) tally[t] = { ...counts[t] };
      for (const o of outcome.outcomes) tally[batch.type!][o]++;
      const rejects = [...batch.rejects, ...outcome.rejects].sort((a, b) => a.line - b.line);
      for (const r of rejects) tally[typeOfRaw(r.record, csvType)].rejected++;
      await repo.saveCheckpoint(tx, source, {
        line: batch.lastLine,
        batchFirstLine: batch.firstLine,
        counts: JSON.stringify(tally),
        batchRejects: rejects.map((r) => JSON.stringify(r)).join('\n'),
      });
      return { rejects, tally };
    }, 'import');
    Object.assign(counts, rejects.tally);
    if (batch.type) windows[batch.type] = { from: windows[batch.type]?.from ?? from, to: performance.now() };
    if (rejects.rejects.length) appendFileSync(rejectsFile, rejects.rejects.map((r) => JSON.stringify(r) + '\n').join(''));
    lastCommitted = batch.lastLine;
    recordsThisRun += batch.items.length + batch.rejects.length;
    options.onProgress?.({
      line: lastCommitted,
      bytesRead: bytesRead(),
      totalBytes,
      records: total((c) => c.created + c.updated + c.unchanged + c.rejected),
      rejected: total((c) => c.rejected),
      recordsPerSecond: recordsThisRun / ((performance.now() - started) / 1000),
    });
  };

  // One batch is written while the next one is read and validated.
  let writing: Promise<void> | null = null;
  const flush = async (batch: Batch) => {
    if (writing) await writing;
    writing = commit(batch);
  };
  const batchIds = new Set<string>();
  const fresh = (firstLine: number): Batch => {
    batchIds.clear();
    return { type: null, items: [], rejects: [], firstLine, lastLine: firstLine - 1 };
  };
  let batch = fresh(lastCommitted + 1);
  for await (const item of items) {
    if (options.signal?.aborted) {
      interrupted = true;
      break;
    }
    let type: RecordType | null = null;
    if (item.error) {
      batch.rejects.push({ line: item.line, reason: item.error, record: item.raw });
    } else {
      const parsed = importRecord.safeParse(item.value, { reportInput: true });
      if (!parsed.success) {
        batch.rejects.push({ line: item.line, reason: describeIssues(parsed.error), record: item.raw });
      } else {
        type = parsed.data.type;
        // A new type, or an external id already in this batch, starts a new batch: a record
        // given twice is treated as in a later run (a retry), whatever the batch size.
        if ((batch.type !== null && batch.type !== type) || batchIds.has(parsed.data.externalId)) {
          await flush(batch);
          batch = fresh(batch.lastLine + 1);
        }
        batch.type = type;
        batch.items.push({ line: item.line, raw: item.raw, record: parsed.data });
        batchIds.add(parsed.data.externalId);
      }
    }
    batch.lastLine = item.line;
    if (batch.items.length + batch.rejects.length >= batchSize) {
      await flush(batch);
      batch = fresh(batch.lastLine + 1);
    }
  }
  if (writing) await writing;
  if (!interrupted && batch.lastLine >= batch.firstLine) await commit(batch);
  if (!interrupted) await repo.clearCheckpoint(graph, source);

  const rejected = total((c) => c.rejected);
  if (rejected === 0 && !interrupted) rmSync(rejectsFile, { force: true });
  const seconds = (performance.now() - started) / 1000;
  return {
    file,
    format,
    resumedAfterLine: checkpoint?.line ?? null,
    lines: lastCommitted,
    counts,
    imported: total((c) => c.created + c.updated + c.unchanged),
    rejected,
    rejectsFile: rejected ? rejectsFile : null,
    seconds,
    recordsPerSecond: recordsThisRun / seconds,
    secondsByType: Object.fromEntries(Object.entries(windows).map(([t, w]) => [t, (w.to - w.from) / 1000])),
    interrupted,
  };
}

/** The record type a rejected line is counted under: the CSV file's type, or the `type` an NDJSON line claims. */
function typeOfRaw(raw: string, csvType: CsvType | undefined): RecordType | 'unknown' {
  if (csvType) return csvType;
  const t = /"type"\s*:\s*"(\w+)"/.exec(raw)?.[1] as RecordType | undefined;
  return t && RECORD_TYPES.includes(t) ? t : 'unknown';
}

// ---------------------------------------------------------------------------------------------
// One handler per record type: resolve references, reject what cannot be written, write the rest.

interface HandlerResult {
  rejects: Reject[];
  outcomes: repo.UpsertOutcome[];
}

type Handler<R extends ImportRecord> = (tx: Tx, items: (Item & { record: R })[]) => Promise<HandlerResult>;

/** Sorts a batch into rejects and accepted items (in order); `accepted` lets a record refer to an earlier one. */
class Triage<R extends ImportRecord> {
  readonly rejects: Reject[] = [];
  readonly accepted: (Item & { record: R })[] = [];

  constructor(items: (Item & { record: R })[], check: (record: R, accepted: Set<string>) => string | null) {
    const acceptedIds = new Set<string>();
    for (const item of items) {
      const reason = check(item.record, acceptedIds);
      if (reason) {
        this.rejects.push({ line: item.line, reason, record: item.raw });
        continue;
      }
      acceptedIds.add(item.record.externalId);
      this.accepted.push(item);
    }
  }
}

type Written = { id: string; outcome: repo.UpsertOutcome }[];

/**
 * Upserts customers or needs by external id, but those `found` through a record merged into them
 * ({@link repo.ExistingNode.viaMerge}), which update their survivor by id: a re-import of a merged
 * customer's external id updates the survivor, it does not bring the merged customer back.
 */
async function upsertFound(tx: Tx, label: 'Customer' | 'Need', found: Map<string, repo.ExistingNode>, rows: repo.UpsertRow[]) {
  const viaMerge = (r: repo.UpsertRow) => found.get(r.externalId)?.viaMerge === true;
  return [
    ...(await repo.upsertByExternalId(
      tx,
      label,
      rows.filter((r) => !viaMerge(r)),
    )),
    ...(await repo.updateByIds(
      tx,
      label,
      rows.filter(viaMerge).map((r) => ({ id: found.get(r.externalId)!.id, externalId: r.externalId, props: r.props })),
    )),
  ];
}

/** The ids of the nodes an upsert created. */
const createdIds = (written: Written) => new Set(written.filter((w) => w.outcome === 'created').map((w) => w.id));

/** Upsert outcomes, where a node whose fields were unchanged but whose links changed (`relinked`) counts as updated. */
const outcomesWithLinks = (written: Written, relinked: Set<string>): repo.UpsertOutcome[] =>
  written.map((w) => (w.outcome === 'unchanged' && relinked.has(w.id) ? 'updated' : w.outcome));

/** A reason when `ref` (field `field`) names nothing found, else null. */
const unknown = (field: string, what: string, ref: string | undefined, found: boolean) =>
  ref !== undefined && !found ? `${field} '${ref}' names no ${what} in the graph or earlier in the file` : null;

const first = (...reasons: (string | null)[]) => reasons.find((r) => r !== null) ?? null;

/**
 * A reason when `ref` (field `field`) names a deleted record (soft deletion): a removed record named
 * in a file is reported, not revived (as a new record with the same external id), else null.
 */
const deletedRef = (field: string, what: string, ref: string | undefined, deleted: Map<string, string>, restore: string) =>
  ref !== undefined && deleted.has(ref)
    ? `${field} '${ref}' names a deleted ${what}; an import does not bring it back (an ADMIN can restore it with ${restore})`
    : null;

const segments: Handler<SegmentRecord> = async (tx, items) => {
  const owners = await repo.uniqueValueOwners(
    tx,
    'Segment',
    items.map((i) => i.record.name),
  );
  const names = new Map<string, string>();
  const t = new Triage(items, (r) => {
    const owner = owners.get(r.name);
    const clash = (owner !== undefined && owner !== r.externalId) || (names.has(r.name) && names.get(r.name) !== r.externalId);
    names.set(r.name, r.externalId);
    return clash ? `name '${r.name}' is already used by another segment` : null;
  });
  const written = await repo.upsertByExternalId(
    tx,
    'Segment',
    t.accepted.map(({ record: r }) => ({
      id: randomUUID(),
      externalId: r.externalId,
      createdAt: null,
      props: { name: r.name, nameLower: r.name.toLowerCase(), description: r.description ?? null },
    })),
  );
  return { rejects: t.rejects, outcomes: written.map((w) => w.outcome) };
};

const employees: Handler<EmployeeRecord> = async (tx, items) => {
  const owners = await repo.uniqueValueOwners(
    tx,
    'Employee',
    items.map((i) => i.record.email.toLowerCase()),
  );
  const emails = new Map<string, string>();
  const t = new Triage(items, (r) => {
    const email = r.email.toLowerCase();
    const owner = owners.get(email);
    const clash = (owner !== undefined && owner !== r.externalId) || (emails.has(email) && emails.get(email) !== r.externalId);
    emails.set(email, r.externalId);
    return clash ? `email '${r.email}' is already used by another employee` : null;
  });
  const written = await repo.upsertByExternalId(
    tx,
    'Employee',
    t.accepted.map(({ record: r }) => ({
      id: randomUUID(),
      externalId: r.externalId,
      createdAt: null,
      props: {
        name: r.name,
        nameLower: r.name.toLowerCase(),
        email: r.email.toLowerCase(),
        team: r.team,
        role: r.role,
        accessRoles: r.accessRoles,
      },
    })),
  );
  return { rejects: t.rejects, outcomes: written.map((w) => w.outcome) };
};

const customers: Handler<CustomerRecord> = async (tx, items) => {
  const refs = items.flatMap(({ record: r }) => [r.externalId, r.organization, r.referredBy].filter((x): x is string => !!x));
  const known = await repo.findByExternalIds(tx, 'Customer', refs);
  const deletedCustomers = await deletedExternalIds(tx, 'Customer', refs);
  const segmentsFound = await repo.findByExternalIds(
    tx,
    'Segment',
    items.flatMap((i) => (i.record.segment ? [i.record.segment] : [])),
  );
  const employeesFound = await repo.findByExternalIds(
    tx,
    'Employee',
    items.flatMap((i) => i.record.owners),
  );
  const kinds = new Map<string, string>();
  const t = new Triage(items, (r, earlier) => {
    const exists = (x: string) => known.has(x) || earlier.has(x);
    const orgKind = r.organization ? (known.get(r.organization)?.kind ?? kinds.get(r.organization)) : undefined;
    const before = known.get(r.externalId);
    const reason = first(
      before ? null : deletedRef('externalId', 'customer', r.externalId, deletedCustomers, 'restoreCustomer'),
      before?.erased ? erasedCustomer(`customer '${r.externalId}'`) : null,
      before?.kind && before.kind !== r.kind
        ? `kind cannot change: customer '${r.externalId}' is ${before.kind === 'PERSON' ? 'a' : 'an'} ${before.kind}`
        : null,
      unknown('segment', 'segment', r.segment, !!r.segment && segmentsFound.has(r.segment)),
      r.organization && exists(r.organization)
        ? null
        : deletedRef('organization', 'customer', r.organization, deletedCustomers, 'restoreCustomer'),
      unknown('organization', 'customer', r.organization, !!r.organization && exists(r.organization)),
      r.organization && exists(r.organization) && orgKind !== 'ORGANIZATION'
        ? `organization '${r.organization}' is not a customer of kind ORGANIZATION`
        : null,
      r.organization === r.externalId ? MEMBER_OF_ITSELF : null,
      r.organization && r.kind !== 'PERSON' ? 'only a contact person (kind PERSON) can be a member of an organization' : null,
      r.organization && known.get(r.organization)?.erased ? erasedCustomer(`organization '${r.organization}'`) : null,
      r.referredBy && exists(r.referredBy) ? null : deletedRef('referredBy', 'customer', r.referredBy, deletedCustomers, 'restoreCustomer'),
      unknown('referredBy', 'customer', r.referredBy, !!r.referredBy && exists(r.referredBy)),
      r.referredBy === r.externalId || (!!r.referredBy && !!before && known.get(r.referredBy)?.id === before.id)
        ? 'a customer cannot refer itself'
        : null,
      r.referredBy && known.get(r.referredBy)?.erased ? erasedCustomer(`customer '${r.referredBy}'`) : null,
      ...r.owners.map((o) => unknown('owners', 'employee', o, employeesFound.has(o))),
    );
    if (!reason) kinds.set(r.externalId, r.kind);
    return reason;
  });
  const written = await upsertFound(
    tx,
    'Customer',
    known,
    t.accepted.map(({ record: r }) => ({
      id: randomUUID(),
      externalId: r.externalId,
      createdAt: r.createdAt ?? null,
      props: {
        name: r.name,
        nameLower: r.name.toLowerCase(),
        kind: r.kind,
        email: r.email ?? null,
        phone: r.phone ?? null,
        lifecycleStage: r.lifecycleStage,
        relationshipType: r.relationshipType,
        revenue: r.revenue,
        costToServe: r.costToServe,
        lifetimeValue: r.lifetimeValue,
        consentContact: r.consentContact,
        consentAnalytics: r.consentAnalytics,
      },
    })),
  );
  const idOf = new Map([...[...known].map(([x, n]) => [x, n.id] as const), ...written.map((w) => [w.externalId, w.id] as const)]);
  const created = createdIds(written);
  const relinked = await repo.linkCustomers(
    tx,
    t.accepted.map(({ record: r }) => ({
      id: idOf.get(r.externalId)!,
      isNew: created.has(idOf.get(r.externalId)!),
      segmentId: r.segment ? segmentsFound.get(r.segment)!.id : null,
      organizationId: r.organization ? idOf.get(r.organization)! : null,
      referrerId: r.referredBy ? idOf.get(r.referredBy)! : null,
      ownerIds: [...new Set(r.owners)].map((o) => employeesFound.get(o)!.id),
    })),
  );
  // A new segment, organization or referrer is a change of the customer, like a changed field.
  return { rejects: t.rejects, outcomes: outcomesWithLinks(written, relinked) };
};

const needs: Handler<NeedRecord> = async (tx, items) => {
  const holders = await repo.findByExternalIds(
    tx,
    'Customer',
    items.flatMap((i) => i.record.holders.map((h) => h.customer)),
  );
  const deletedHolders = await deletedExternalIds(
    tx,
    'Customer',
    items.flatMap((i) => i.record.holders.map((h) => h.customer)),
  );
  const deletedNeeds = await deletedExternalIds(
    tx,
    'Need',
    items.map((i) => i.record.externalId),
  );
  const t = new Triage(items, (r) =>
    first(
      deletedRef('externalId', 'need', r.externalId, deletedNeeds, 'restoreNeed'),
      ...r.holders.map((h) =>
        holders.has(h.customer) ? null : deletedRef('holders.customer', 'customer', h.customer, deletedHolders, 'restoreCustomer'),
      ),
      ...r.holders.map((h) => unknown('holders.customer', 'customer', h.customer, holders.has(h.customer))),
      ...r.holders.map((h) => (holders.get(h.customer)?.erased ? erasedCustomer(`holder '${h.customer}'`) : null)),
    ),
  );
  // A need merged into another (mergeNeeds) is updated through its survivor.
  const own = await repo.findByExternalIds(
    tx,
    'Need',
    t.accepted.map((i) => i.record.externalId),
  );
  const written = await upsertFound(
    tx,
    'Need',
    own,
    t.accepted.map(({ record: r }) => ({
      id: randomUUID(),
      externalId: r.externalId,
      createdAt: r.createdAt ?? null,
      props: {
        title: r.title,
        titleLower: r.title.toLowerCase(),
        description: r.description ?? '',
        kind: r.kind,
        priority: r.priority,
        status: r.status,
      },
    })),
  );
  const idOf = new Map(written.map((w) => [w.externalId, w.id]));
  const created = createdIds(written);
  const reheld = await repo.linkNeeds(
    tx,
    t.accepted.map(({ record: r }) => ({
      id: idOf.get(r.externalId)!,
      isNew: created.has(idOf.get(r.externalId)!),
      holders: r.holders.map((h) => ({ customerId: holders.get(h.customer)!.id, since: h.since ?? null, intensity: h.intensity ?? null })),
      topics: normalizeTopics(r.topics),
    })),
  );
  // A new holder, or a holder's new intensity, is a change of the need, like a changed field.
  return { rejects: t.rejects, outcomes: outcomesWithLinks(written, reheld) };
};

/** The properties an interaction record gives its node (absent optional values as null, content as ''). */
export const interactionProps = (r: InteractionRecord) => ({
  externalId: r.externalId,
  channel: r.channel,
  touchpoint: r.touchpoint,
  direction: r.direction,
  summary: r.summary,
  content: r.content ?? '',
  sentiment: r.sentiment ?? null,
  expectedQuality: r.expectedQuality ?? null,
  perceivedQuality: r.perceivedQuality ?? null,
});

const interactions: Handler<InteractionRecord> = async (tx, items) => {
  const customersFound = await repo.findByExternalIds(
    tx,
    'Customer',
    items.map((i) => i.record.customer),
  );
  const handlersFound = await repo.findByExternalIds(
    tx,
    'Employee',
    items.map((i) => i.record.handler),
  );
  const needsFound = await repo.findByExternalIds(
    tx,
    'Need',
    items.flatMap((i) => i.record.needs),
  );
  const deletedOwn = await deletedExternalIds(
    tx,
    'Interaction',
    items.map((i) => i.record.externalId),
  );
  const deletedCustomers = await deletedExternalIds(
    tx,
    'Customer',
    items.map((i) => i.record.customer),
  );
  const deletedNeeds = await deletedExternalIds(
    tx,
    'Need',
    items.flatMap((i) => i.record.needs),
  );
  const t = new Triage(items, (r) =>
    first(
      deletedRef('externalId', 'interaction', r.externalId, deletedOwn, 'restoreInteraction'),
      customersFound.has(r.customer) ? null : deletedRef('customer', 'customer', r.customer, deletedCustomers, 'restoreCustomer'),
      ...r.needs.map((n) => (needsFound.has(n) ? null : deletedRef('needs', 'need', n, deletedNeeds, 'restoreNeed'))),
      unknown('customer', 'customer', r.customer, customersFound.has(r.customer)),
      customersFound.get(r.customer)?.erased ? erasedCustomer(`customer '${r.customer}'`) : null,
      unknown('handler', 'employee', r.handler, handlersFound.has(r.handler)),
      ...r.needs.map((n) => unknown('needs', 'need', n, needsFound.has(n))),
    ),
  );
  const rows: InteractionWrite[] = t.accepted.map(({ record: r }) => ({
    id: randomUUID(),
    occurredAt: r.occurredAt,
    customerId: customersFound.get(r.customer)!.id,
    handlerId: handlersFound.get(r.handler)!.id,
    needIds: [...new Set(r.needs.map((n) => needsFound.get(n)!.id))],
    topics: normalizeTopics(r.topics),
    props: interactionProps(r),
  }));
  const written = await writeInteractions(tx, rows, false);
  const outcomes: repo.UpsertOutcome[] = [];
  const rejects = [...t.rejects];
  written.forEach((w, k) => {
    if (w.created) outcomes.push('created');
    else if (w.customerId === rows[k].customerId) outcomes.push('unchanged');
    else {
      const item = t.accepted[k];
      rejects.push({
        line: item.line,
        reason: `externalId '${item.record.externalId}' is already used by an interaction with another customer`,
        record: item.raw,
      });
    }
  });
  return { rejects, outcomes };
};

const insights: Handler<InsightRecord> = async (tx, items) => {
  const rs = items.map((i) => i.record);
  const employeesFound = await repo.findByExternalIds(
    tx,
    'Employee',
    rs.flatMap((r) => [r.author, ...r.annotations.map((a) => a.author)]),
  );
  const customersFound = await repo.findByExternalIds(
    tx,
    'Customer',
    rs.flatMap((r) => r.aboutCustomers),
  );
  const needsFound = await repo.findByExternalIds(
    tx,
    'Need',
    rs.flatMap((r) => r.aboutNeeds),
  );
  const segmentsFound = await repo.findByExternalIds(
    tx,
    'Segment',
    rs.flatMap((r) => r.aboutSegments),
  );
  const evidenceFound = await repo.findByExternalIds(
    tx,
    'Interaction',
    rs.flatMap((r) => r.evidence),
  );
  const deletedOwn = await deletedExternalIds(
    tx,
    'Insight',
    rs.map((r) => r.externalId),
  );
  const t = new Triage(items, (r) =>
    first(
      // An insight is deleted with what it is about: restoring that brings it back.
      deletedRef('externalId', 'insight', r.externalId, deletedOwn, 'the restore of the customer or need it was deleted with'),
      unknown('author', 'employee', r.author, employeesFound.has(r.author)),
      ...r.aboutCustomers.map((x) => unknown('aboutCustomers', 'customer', x, customersFound.has(x))),
      ...r.aboutCustomers.map((x) => (customersFound.get(x)?.erased ? erasedCustomer(`customer '${x}'`) : null)),
      ...r.aboutNeeds.map((x) => unknown('aboutNeeds', 'need', x, needsFound.has(x))),
      ...r.aboutSegments.map((x) => unknown('aboutSegments', 'segment', x, segmentsFound.has(x))),
      ...r.evidence.map((x) => unknown('evidence', 'interaction', x, evidenceFound.has(x))),
      ...r.annotations.map((a, n) => unknown(`annotations.${n}.author`, 'employee', a.author, employeesFound.has(a.author))),
      r.aboutCustomers.length + r.aboutNeeds.length + r.aboutSegments.length === 0
        ? 'an insight must be about at least one customer, need or segment'
        : null,
    ),
  );
  const idsOf = (found: Map<string, repo.ExistingNode>, refs: string[]) => [...new Set(refs)].map((x) => found.get(x)!.id);
  const created = await repo.createInsights(
    tx,
    t.accepted.map(({ record: r }) => ({
      id: randomUUID(),
      externalId: r.externalId,
      createdAt: r.createdAt ?? null,
      props: { title: r.title, body: r.body, origin: r.origin, status: r.status, confidence: r.confidence },
      authorId: employeesFound.get(r.author)!.id,
      aboutCustomerIds: idsOf(customersFound, r.aboutCustomers),
      aboutNeedIds: idsOf(needsFound, r.aboutNeeds),
      aboutSegmentIds: idsOf(segmentsFound, r.aboutSegments),
      evidenceIds: idsOf(evidenceFound, r.evidence),
      topics: normalizeTopics(r.topics),
      annotations: r.annotations.map((a, n) => ({
        id: randomUUID(),
        externalId: `${r.externalId}#${n}`,
        authorId: employeesFound.get(a.author)!.id,
        kind: a.kind,
        body: a.body,
        createdAt: a.createdAt ?? null,
      })),
    })),
  );
  return { rejects: t.rejects, outcomes: created.map((c) => (c ? 'created' : 'unchanged')) };
};

const HANDLERS: { [T in RecordType]: Handler<Extract<ImportRecord, { type: T }>> } = {
  segment: segments,
  employee: employees,
  customer: customers,
  need: needs,
  interaction: interactions,
  insight: insights,
};
