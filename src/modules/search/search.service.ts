import { checkFirst, decodeCursor, encodeCursor, invalidCursor, type Connection } from '../../common/connection';
import { badInput } from '../../common/errors';
import type { Graph, Row } from '../../db/graph';
import { PERSONAL_DATA_ROLES, type AuthUser } from '../../graphql/access';
import { luceneQuery, searchTerms, snippet, snippetWords } from './lucene';
import { SOURCES, searchPage } from './search.repository';
import { SearchType, type SearchHit } from './search.type';

/** The longest search text accepted, in characters. */
export const MAX_QUERY_LENGTH = 200;

/** The text fields a snippet is cut from, per type, best first; personal ones only for some roles. */
const SNIPPET_FIELDS: Record<string, { field: string; personal: boolean }[]> = {
  Customer: [
    { field: 'name', personal: false },
    { field: 'email', personal: true },
  ],
  Interaction: [
    { field: 'summary', personal: false },
    { field: 'content', personal: true },
  ],
  Need: [
    { field: 'title', personal: false },
    { field: 'description', personal: false },
  ],
  Insight: [
    { field: 'title', personal: false },
    { field: 'body', personal: false },
  ],
};

const TYPE_OF_LABEL: Record<string, SearchType> = {
  Customer: SearchType.CUSTOMER,
  Interaction: SearchType.INTERACTION,
  Need: SearchType.NEED,
  Insight: SearchType.INSIGHT,
};

export interface SearchArgs {
  query: string;
  types?: SearchType[] | null;
  first?: number | null;
  after?: string | null;
}

/** Ranked full-text search over customers, interactions, needs and insights. */
export class SearchService {
  constructor(private readonly graph: Graph) {}

  async search(args: SearchArgs, user: AuthUser): Promise<Connection<SearchHit>> {
    // Characters, not UTF-16 units, as every other text limit counts them.
    const length = [...args.query].length;
    if (length > MAX_QUERY_LENGTH) {
      throw badInput('query', `The search text may have at most ${MAX_QUERY_LENGTH} characters; it has ${length}.`);
    }
    if (!args.query.trim()) throw badInput('query', 'Give at least one word to search for.');
    const first = checkFirst(args.first);
    const after = args.after !== undefined && args.after !== null ? searchCursor(args.after) : null;
    const types = [...new Set(args.types?.length ? args.types : Object.values(SearchType))].sort();
    const personal = user.roles.some((r) => PERSONAL_DATA_ROLES.includes(r));
    // Without access to personal data, email and interaction content are not searched either:
    // a hit would tell that the word occurs in them.
    const queries = Object.fromEntries(
      Object.values(SearchType).map((t) => [t, luceneQuery(args.query, personal ? undefined : (SOURCES[t].publicFields ?? undefined))]),
    ) as Record<SearchType, string | null>;
    if (!searchTerms(args.query).length) return emptyConnection(!!after); // only punctuation: nothing to look for
    const page = await this.graph.readTx((tx) => searchPage(tx, types, queries as Record<SearchType, string>, first, after), 'search');
    const words = snippetWords(args.query);
    const edges = page.hits.map((h) => {
      const node = { ...h.node, __label: h.label };
      const hit: SearchHit = {
        type: TYPE_OF_LABEL[h.label],
        score: h.score,
        snippet: snippetOf(node, h.label, words, personal),
        item: node as unknown as SearchHit['item'],
      };
      return { cursor: encodeCursor(h.score, String(h.node.id), SEARCH_CURSOR_SCOPE), node: hit };
    });
    return {
      edges,
      totalCount: page.total,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: !!after,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }
}

/** The scope of search cursors (see `listCursorScope`): a cursor of any other list is refused. */
const SEARCH_CURSOR_SCOPE = 'search';

function searchCursor(cursor: string): { score: number; id: string } {
  const { v, id, scope } = decodeCursor(cursor);
  if (scope !== SEARCH_CURSOR_SCOPE || typeof v !== 'number' || !Number.isFinite(v)) throw invalidCursor();
  return { score: v, id };
}

function snippetOf(node: Row, label: string, words: string[], personal: boolean): string {
  const fields = SNIPPET_FIELDS[label].filter((f) => personal || !f.personal);
  const texts = fields.map((f) => node[f.field]).filter((t): t is string => typeof t === 'string' && t.length > 0);
  const matching = texts.find((t) => words.some((w) => t.toLowerCase().includes(w)));
  return snippet(matching ?? texts[0] ?? '', words);
}

function emptyConnection(hasPreviousPage: boolean): Connection<SearchHit> {
  return { edges: [], totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage, startCursor: null, endCursor: null } };
}
