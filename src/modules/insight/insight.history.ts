import DataLoader from 'dataloader';
import type { Row } from '../../db/graph';
import type { Reader } from '../../db/read-batcher';
import type { Employee } from '../employee/employee.type';
import { insightHistories, type KeptVersion } from './insight.repository';
import type { Insight, InsightChangeKind, InsightStatus, InsightVersion } from './insight.type';

/**
 * The version history of insights. The current version is the insight node itself; every change
 * keeps the version it replaces as an `(:InsightVersion)` (see `KEEP_VERSION`), which records the
 * change that replaced it: so version v was made by the change kept on version v - 1. Versions
 * that were never kept (changed before histories were kept, or deleted by an erasure) are absent.
 */

/** What `Insight.history` asks for: the insight as the response shows it, and how many versions. */
export interface HistoryRequest {
  insight: Insight;
  /** Already checked: 1 to 100. */
  first: number;
}

/**
 * One request's history loader: every `history` asked for at one level of a query is read by a
 * single statement. The current version comes from the insight as the response shows it, the
 * kept versions from strictly below its version, so a change committed meanwhile never shows a
 * version twice.
 */
export function historyLoader(db: Reader): DataLoader<HistoryRequest, InsightVersion[], string> {
  return new DataLoader<HistoryRequest, InsightVersion[], string>(
    async (requests) => {
      // `first` kept versions: `first - 1` to show after the current one, and the one before
      // the last shown, which tells who made that one and how.
      const found = await insightHistories(
        db,
        requests.map((r) => ({ id: r.insight.id, below: r.insight.version, n: r.first })),
      );
      return requests.map((r, k) => historyOf(r.insight, found[k].kept, found[k].author, r.first));
    },
    { cacheKeyFn: (r) => `${r.insight.id}|${r.insight.version}|${r.first}` },
  );
}

/** The history of one insight, newest first: the current version, then the kept ones, `first` at most. */
export function historyOf(insight: Insight, kept: KeptVersion[], author: Row | null, first: number): InsightVersion[] {
  const older = [...kept].sort((a, b) => b.version.version - a.version.version);
  const byVersion = new Map(older.map((k) => [k.version.version as number, k]));
  const current = {
    version: insight.version,
    title: insight.title,
    body: insight.body,
    confidence: insight.confidence,
    status: insight.status,
    validUntil: insight.validUntil ?? null,
    at: insight.version === 1 ? insight.createdAt : insight.updatedAt,
    current: true,
  };
  const versions = [
    current,
    ...older.map(({ version: v }) => ({
      version: v.version as number,
      title: v.title as string,
      body: v.body as string,
      confidence: v.confidence as number,
      status: v.status as InsightStatus,
      validUntil: (v.validUntil as Date | undefined) ?? null,
      at: v.writtenAt as Date,
      current: false,
    })),
  ].slice(0, first);
  return versions.map((v) => {
    if (v.version === 1) return { ...v, by: (author as Employee | null) ?? null, change: null };
    // Version v was made by the change that replaced version v - 1, if that one was kept.
    const before = byVersion.get(v.version - 1);
    return {
      ...v,
      by: (before?.by as Employee | null | undefined) ?? null,
      change: (before?.version.changeKind as InsightChangeKind | undefined) ?? null,
    };
  });
}
