import type { Graph } from '../../db/graph';
import { deleteHistoryOf } from '../history/history.repository';
import { purgeBatch, purgeNodes } from './deletion.repository';

/** How many deleted records one purge transaction deletes at most. */
export const PURGE_BATCH_SIZE = 500;

/** What a purge deleted for good. */
export interface PurgeReport {
  /** Deleted records (customers, interactions, annotations, needs, insights). */
  records: number;
  /** Versions kept of deleted insights, deleted with them. */
  insightVersions: number;
  /** History entries of the records purged. */
  historyEntries: number;
  /** Transactions it took. */
  batches: number;
}

/**
 * Deletes for good the deleted records whose deletion is older than `olderThanDays` (the retention
 * period: until then an ADMIN can restore them), with the versions kept of deleted insights and
 * the history of every record purged. In batches of `batchSize`, one transaction each, until none
 * is left; safe to run while the server serves (what it deletes, nothing reads).
 */
export async function purgeDeleted(graph: Graph, options: { olderThanDays: number; batchSize?: number }): Promise<PurgeReport> {
  const batchSize = options.batchSize ?? PURGE_BATCH_SIZE;
  const report: PurgeReport = { records: 0, insightVersions: 0, historyEntries: 0, batches: 0 };
  for (;;) {
    const done = await graph.writeTx(async (tx) => {
      const batch = await purgeBatch(tx, options.olderThanDays, batchSize);
      if (!batch.elementIds.length) return null;
      const historyEntries = await deleteHistoryOf(tx, batch.ids);
      const { records, versions } = await purgeNodes(tx, batch.elementIds);
      return { records, versions, historyEntries, full: batch.elementIds.length >= batchSize };
    }, 'purgeDeleted');
    if (!done) break;
    report.batches++;
    report.records += done.records;
    report.insightVersions += done.versions;
    report.historyEntries += done.historyEntries;
    if (!done.full) break;
  }
  return report;
}

/**
 * The server's purge: every `intervalMinutes` (none when 0), a purge of what is past
 * `retentionDays`. The timer does not keep the process alive; `stop` ends it.
 */
export function schedulePurge(
  graph: Graph,
  config: { retentionDays: number; purgeIntervalMinutes: number },
  log: { info(o: object, msg: string): void; error(o: object, msg: string): void },
): { stop(): void } {
  if (config.purgeIntervalMinutes <= 0) return { stop: () => undefined };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    purgeDeleted(graph, { olderThanDays: config.retentionDays })
      .then((r) => {
        if (r.records) log.info({ ...r, retentionDays: config.retentionDays }, 'purged deleted records past their retention');
      })
      .catch((err) => log.error({ err }, 'purging deleted records'))
      .finally(() => {
        running = false;
      });
  }, config.purgeIntervalMinutes * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
