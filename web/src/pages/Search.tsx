import { useQuery } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../gql';
import type { SearchGroupQuery, SearchType } from '../gql/graphql';
import { Empty, ErrorNotice, format, Loading } from '../components/Status';
import { Pager, useCursorPages } from '../components/Pager';
import { Highlighted, searchWords } from '../highlight';

/** Hits per group and page. */
const GROUP_SIZE = 5;

const SearchGroup = graphql(`
  query SearchGroup($query: String!, $types: [SearchType!], $first: Int!, $after: String) {
    search(query: $query, types: $types, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          type
          snippet
          item {
            __typename
            ... on Customer {
              id
              name
              lifecycleStage
            }
            ... on Interaction {
              id
              summary
              occurredAt
              channel
              customer {
                id
                name
              }
            }
            ... on Need {
              id
              title
              needStatus: status
            }
            ... on Insight {
              id
              title
              status
            }
          }
        }
      }
    }
  }
`);

const GROUPS: { type: SearchType; title: string; one: string; many: string }[] = [
  { type: 'CUSTOMER', title: 'Customers', one: 'customer', many: 'customers' },
  { type: 'INTERACTION', title: 'Interactions', one: 'interaction', many: 'interactions' },
  { type: 'INSIGHT', title: 'Insights', one: 'insight', many: 'insights' },
  { type: 'NEED', title: 'Needs', one: 'need', many: 'needs' },
];

/**
 * Search across all knowledge (`/search?q=`): the API's `search`, one group per kind (customers,
 * interactions, insights, needs), each with its count and its own pages, the matched words marked.
 * A VIEWER sees what the API gives a VIEWER (it neither searches nor shows personal data).
 */
export function Search() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  if (!q) {
    return (
      <section aria-labelledby="search-title">
        <h1 id="search-title">Search</h1>
        <Empty>Type words in the search box at the top (or press “/”) to search customers, interactions, insights and needs.</Empty>
      </section>
    );
  }
  if (!searchWords(q).length) {
    return (
      <section aria-labelledby="search-title">
        <h1 id="search-title">Search</h1>
        <Empty>“{q}” has no word to search for: search for letters or digits, not only punctuation.</Empty>
      </section>
    );
  }
  return (
    <section aria-labelledby="search-title" key={q}>
      <h1 id="search-title">Search results for “{q}”</h1>
      <p className="muted">
        Every word must occur; the last one may also be the start of a word. Press j and k to move through the results.
      </p>
      <div data-keyboard-list="">
        {GROUPS.map((g) => (
          <Group key={g.type} q={q} group={g} />
        ))}
      </div>
    </section>
  );
}

function Group({ q, group }: { q: string; group: (typeof GROUPS)[number] }) {
  const pages = useCursorPages(`${group.type}:${q}`);
  const { data, previousData, loading, error, refetch } = useQuery(SearchGroup, {
    variables: { query: q, types: [group.type], first: GROUP_SIZE, after: pages.after },
  });
  const shown = (data ?? previousData)?.search;
  const words = searchWords(q);
  const id = `search-group-${group.type.toLowerCase()}`;
  return (
    <section className="card search-group" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>
        {group.title} <span className="muted">({shown ? shown.totalCount : '…'})</span>
      </h2>
      <ErrorNotice error={error} onRetry={() => refetch()} />
      {loading && !shown ? <Loading what={group.many} /> : null}
      {shown && shown.totalCount === 0 ? <Empty>No {group.many} match.</Empty> : null}
      {shown && shown.edges.length > 0 ? (
        <>
          <ul className="plain hits">
            {shown.edges.map(({ cursor, node: hit }) => (
              <li key={cursor} data-keyboard-row="">
                <HitLink item={hit.item} words={words} />
                <p className="snippet">
                  <Highlighted text={hit.snippet} words={words} />
                </p>
              </li>
            ))}
          </ul>
          {shown.totalCount > GROUP_SIZE ? (
            <Pager
              pages={pages}
              pageInfo={shown.pageInfo}
              totalCount={shown.totalCount}
              pageSize={GROUP_SIZE}
              loading={loading}
              labels={[`Previous ${group.many}`, `More ${group.many}`]}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

type Hit = SearchGroupQuery['search']['edges'][number]['node'];

/** Where a hit leads: a customer to its 360, an interaction to its customer's 360, an insight to its page, a need to the customers who have it. */
function HitLink({ item, words }: { item: Hit['item']; words: string[] }) {
  switch (item.__typename) {
    case 'Customer':
      return (
        <span className="hit-title">
          <Link to={`/customers/${item.id}`} data-keyboard-open="">
            <Highlighted text={item.name} words={words} />
          </Link>{' '}
          <span className="muted">{format.words(item.lifecycleStage)}</span>
        </span>
      );
    case 'Interaction':
      return (
        <span className="hit-title">
          <Link to={`/customers/${item.customer.id}`} data-keyboard-open="">
            <Highlighted text={item.summary} words={words} />
          </Link>{' '}
          <span className="muted">
            {format.words(item.channel)} with {item.customer.name}, {format.date(item.occurredAt)}
          </span>
        </span>
      );
    case 'Insight':
      return (
        <span className="hit-title">
          <Link to={`/insights/${item.id}`} data-keyboard-open="">
            <Highlighted text={item.title} words={words} />
          </Link>{' '}
          <span className="muted">{format.words(item.status)}</span>
        </span>
      );
    case 'Need':
      return (
        <span className="hit-title">
          <Link to={`/?need=${encodeURIComponent(item.id)}`} data-keyboard-open="">
            <Highlighted text={item.title} words={words} />
          </Link>{' '}
          <span className="muted">{format.words(item.needStatus)}: the customers who have it</span>
        </span>
      );
    default:
      return null;
  }
}
