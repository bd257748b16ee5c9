import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { graphql } from '../../gql';
import { Empty, ErrorNotice, format, LiveMarker, Loading } from '../Status';
import { Pager, useCursorPages } from '../Pager';

const PAGE_SIZE = 10;

const TimelineQuery = graphql(`
  query CustomerTimeline($customerId: ID!, $first: Int!, $after: String) {
    interactions(filter: { customerId: $customerId }, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          occurredAt
          channel
          touchpoint
          direction
          summary
          sentiment
          expectedQuality
          perceivedQuality
          handler {
            id
            name
          }
          needs {
            id
            title
          }
        }
      }
    }
  }
`);

/**
 * The interaction timeline, newest first, ten at a time. `version` grows when an interaction
 * arrives live: the first page is fetched again; `liveIds` are marked.
 */
export function Timeline({ customerId, liveIds, version }: { customerId: string; liveIds: Set<string>; version: number }) {
  const pages = useCursorPages(customerId);
  const { data, previousData, loading, error, refetch } = useQuery(TimelineQuery, { variables: { customerId, first: PAGE_SIZE, after: pages.after } });
  useEffect(() => {
    if (version > 0 && pages.page === 1) void refetch();
    // Only a new live arrival triggers this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);
  const shown = data ?? previousData;

  return (
    <section className="card" aria-labelledby="timeline-title" data-testid="timeline">
      <h2 id="timeline-title">Interactions{shown ? ` (${shown.interactions.totalCount})` : ''}</h2>
      <ErrorNotice error={error} />
      {!shown && loading ? <Loading what="interactions" /> : null}
      {shown && shown.interactions.edges.length === 0 ? <Empty>No interactions recorded yet.</Empty> : null}
      {shown && shown.interactions.edges.length > 0 ? (
        <table aria-label="Interactions, newest first">
          <thead>
            <tr>
              <th>When</th>
              <th>Channel · touchpoint</th>
              <th>Summary</th>
              <th>Handled by</th>
              <th>Sentiment</th>
              <th className="num">Expected / perceived</th>
            </tr>
          </thead>
          <tbody>
            {shown.interactions.edges.map(({ node: x }) => (
              <tr key={x.id} data-interaction-id={x.id}>
                <td>{format.dateTime(x.occurredAt)}</td>
                <td>
                  {format.words(x.channel)} · {format.words(x.touchpoint)}
                  <div className="muted">{x.direction === 'INBOUND' ? 'from the customer' : 'to the customer'}</div>
                </td>
                <td>
                  {x.summary}
                  {liveIds.has(x.id) ? <LiveMarker /> : null}
                  {x.needs.length ? <div className="muted">needs: {x.needs.map((n) => n.title).join(', ')}</div> : null}
                </td>
                <td>{x.handler?.name ?? '–'}</td>
                <td>{format.sentiment(x.sentiment)}</td>
                <td className="num">
                  {x.expectedQuality ?? '–'} / {x.perceivedQuality ?? '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {shown && shown.interactions.totalCount > PAGE_SIZE ? (
        <Pager
          pages={pages}
          pageInfo={shown.interactions.pageInfo}
          totalCount={shown.interactions.totalCount}
          pageSize={PAGE_SIZE}
          loading={loading}
          labels={['Newer', 'Older']}
        />
      ) : null}
    </section>
  );
}
