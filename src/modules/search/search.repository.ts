import type { Row, Tx } from '../../db/graph';
import { hasAnalyticsConsent } from '../customer/customer.repository';
import { SearchType } from './search.type';

/**
 * Full-text search over the four indexes of migrations 003/006. Only the indexes asked for are
 * queried; each contributes at most {@link HITS_PER_TYPE} hits, best first.
 */
export const HITS_PER_TYPE = 1000;

/**
 * Per type: its index, the statement parameter carrying its Lucene query, the rule that keeps
 * customers without analytics consent out, and the indexed properties that are not personal data
 * (all of them when null): a caller who may not read personal data searches those only.
 */
export const SOURCES: Record<
  SearchType,
  { index: string; label: string; param: string; where: string; publicFields: readonly string[] | null }
> = {
  [SearchType.CUSTOMER]: {
    index: 'customer_text',
    label: 'Customer',
    param: 'customerQuery',
    where: hasAnalyticsConsent('node'),
    publicFields: ['name'],
  },
  [SearchType.INTERACTION]: {
    index: 'interaction_text',
    label: 'Interaction',
    param: 'interactionQuery',
    where: `EXISTS { (node)-[:WITH_CUSTOMER]->(c:Customer) WHERE ${hasAnalyticsConsent('c')} }`,
    publicFields: ['summary'],
  },
  // A need is shared knowledge of many customers: it is left out only when every customer who
  // holds it has withheld consent (a need nobody holds yet is nobody's).
  [SearchType.NEED]: {
    index: 'need_text',
    label: 'Need',
    param: 'needQuery',
    where: `(NOT EXISTS { (:Customer)-[:HAS_NEED]->(node) } OR EXISTS { (c:Customer)-[:HAS_NEED]->(node) WHERE ${hasAnalyticsConsent('c')} })`,
    publicFields: null,
  },
  // An insight is what was learned about its subjects: one customer among them without consent leaves it out.
  [SearchType.INSIGHT]: {
    index: 'insight_text',
    label: 'Insight',
    param: 'insightQuery',
    where: `NOT EXISTS { (node)-[:ABOUT]->(c:Customer) WHERE NOT (${hasAnalyticsConsent('c')}) }`,
    publicFields: null,
  },
};

export interface SearchPage {
  total: number;
  hits: { node: Row; score: number; label: string }[];
  hasNextPage: boolean;
}

/**
 * One page of hits after the cursor (score descending, then id), and the number of all hits,
 * in one statement.
 */
export async function searchPage(
  tx: Tx,
  types: SearchType[],
  queries: Record<SearchType, string>,
  first: number,
  after: { score: number; id: string } | null,
): Promise<SearchPage> {
  const branches = types.map((t) => {
    const s = SOURCES[t];
    // The indexes are eventually consistent: a record deleted a moment ago (its label swapped for
    // Deleted, modules/deletion) may still be a hit; the label test leaves it out.
    return `CALL db.index.fulltext.queryNodes('${s.index}', $${s.param}, {limit: $perType}) YIELD node, score
            WHERE node:${s.label} AND ${s.where}
            RETURN node, score, '${s.label}' AS label`;
  });
  const rows = await tx.run(
    `CALL () { ${branches.join(' UNION ALL ')} }
     WITH node, score, label ORDER BY score DESC, node.id ASC
     WITH collect({node: node, score: score, label: label}) AS hits
     WITH hits, [h IN hits WHERE $after IS NULL OR h.score < $after.score OR (h.score = $after.score AND h.node.id > $after.id)] AS rest
     RETURN size(hits) AS total, rest[0..toInteger($first)] AS page, size(rest) > $first AS hasNextPage`,
    { ...Object.fromEntries(types.map((t) => [SOURCES[t].param, queries[t]])), perType: HITS_PER_TYPE, first, after },
  );
  const r = rows[0];
  return { total: r.total, hits: r.page, hasNextPage: r.hasNextPage };
}
