import DataLoader from 'dataloader';
import { MAX_PAGE_SIZE } from '../../common/connection';
import type { Reader } from '../../db/read-batcher';
import {
  experienceGapFacts,
  knowerFacts,
  recommendationFacts,
  similarityFacts,
  valueMedians,
  type GapFacts,
  type KnowerFacts,
  type SimilarityFacts,
  type ValueMedians,
} from './analytics.repository';
import type { CustomerHealth, RecommendedInsight, SimilarCustomer } from './analytics.type';
import { healthOf } from './health';
import { knowerScore, round } from './scores';

/** Half-life of an interaction's weight in `knownBy`, in days. */
export const KNOWN_BY_HALF_LIFE_DAYS = 90;
/** `similarCustomers` scores the customers sharing the most needs, at most this many. */
export const SIMILARITY_CANDIDATES = 100;
/** `recommendedInsights` looks at insights about this many of the most similar customers. */
export const RECOMMENDATION_NEIGHBOURS = 20;
/** The longest list a per-customer analytic returns: the longest any list may be. */
export const MAX_ANALYTIC_LIST = MAX_PAGE_SIZE;

export interface Knower extends KnowerFacts {
  score: number;
}

/**
 * The per-customer analytics of one request, as DataLoaders: a page of customers asking for
 * `health` costs one statement, combined with the other reads of its level. Every analytic of
 * the request is computed as of the same moment.
 */
export function analyticsLoaders(db: Reader, medians: (reader: Reader) => Promise<ValueMedians> = valueMedians) {
  const asOf = new Date();
  const byCustomer = <T extends { customerId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const list = map.get(r.customerId);
      if (list) list.push(r);
      else map.set(r.customerId, [r]);
    }
    return map;
  };

  const similar = new DataLoader<string, SimilarCustomer[]>(async (ids) => {
    const rows = byCustomer<SimilarityFacts>(await similarityFacts(db, ids, SIMILARITY_CANDIDATES));
    return ids.map(
      (id) =>
        (rows.get(id) ?? [])
          .map((r) => ({
            customerId: r.otherId,
            score: round((r.sharedNeedIds.length + r.sharedTopicIds.length) / r.unionSize, 4),
            sharedNeedIds: r.sharedNeedIds,
            sharedTopicIds: r.sharedTopicIds,
          }))
          .sort((a, b) => b.score - a.score || a.customerId.localeCompare(b.customerId))
          .slice(0, MAX_ANALYTIC_LIST) as SimilarCustomer[],
    );
  });

  return {
    asOf,
    health: new DataLoader<string, CustomerHealth | null>(async (ids) => {
      const health = await healthOf(db, ids, asOf);
      return ids.map((id) => health.get(id) ?? null);
    }),
    knownBy: new DataLoader<string, Knower[]>(async (ids) => {
      const rows = byCustomer(await knowerFacts(db, ids, asOf.toISOString(), KNOWN_BY_HALF_LIFE_DAYS));
      return ids.map((id) =>
        (rows.get(id) ?? [])
          .map((f) => ({ ...f, score: knowerScore(f) }))
          .sort((a, b) => b.score - a.score || a.employeeId.localeCompare(b.employeeId)),
      );
    }),
    similar,
    recommended: new DataLoader<string, RecommendedInsight[]>(async (ids) => {
      const neighbours = await similar.loadMany(ids);
      const targets = ids.map((id, k) => {
        const list = neighbours[k];
        if (list instanceof Error) throw list;
        return { id, similar: list.slice(0, RECOMMENDATION_NEIGHBOURS).map((s) => ({ id: s.customerId, score: s.score })) };
      });
      const rows = byCustomer(await recommendationFacts(db, targets, MAX_ANALYTIC_LIST));
      return ids.map((id) =>
        (rows.get(id) ?? [])
          .map((r) => {
            const viaCustomers = r.viaCustomers.filter((v) => v != null).sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
            const viaNeedIds = r.viaNeedIds.filter((v) => v != null).sort();
            return {
              insightId: r.insightId,
              score: round(r.score, 4),
              viaNeedIds,
              viaCustomerIds: viaCustomers.map((v) => v.id),
              reason: recommendationReason(viaNeedIds.length, viaCustomers.length),
            } as RecommendedInsight;
          })
          .sort((a, b) => b.score - a.score || a.insightId.localeCompare(b.insightId))
          .slice(0, MAX_ANALYTIC_LIST),
      );
    }),
    experienceGap: new DataLoader<string, GapFacts | undefined>(async (ids) => {
      const facts = new Map((await experienceGapFacts(db, ids)).map((f) => [f.customerId, f]));
      return ids.map((id) => facts.get(id));
    }),
    /** One key: the medians are the same for every customer. */
    medians: new DataLoader<'all', ValueMedians>(async (keys) => {
      const m = await medians(db);
      return keys.map(() => m);
    }),
  };
}

export type AnalyticsLoaders = ReturnType<typeof analyticsLoaders>;

function recommendationReason(needs: number, customers: number): string {
  const parts: string[] = [];
  if (needs) parts.push(`about ${needs} of the customer's needs`);
  if (customers) parts.push(`about ${customers} similar customer${customers === 1 ? '' : 's'}`);
  return `Validated insight ${parts.join(' and ')}.`;
}
