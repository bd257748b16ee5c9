import { useMutation, useQuery } from '@apollo/client/react';
import { Fragment, useEffect, useState } from 'react';
import { graphql } from '../../gql';
import { Empty, ErrorNotice, format, LiveMarker, Loading } from '../Status';
import { Pager, useCursorPages } from '../Pager';
import { DeleteConfirm } from '../corrections/DeleteConfirm';
import { EditInteraction, type OpenDrafts } from '../corrections/EditInteraction';
import { InteractionHistoryList } from '../corrections/History';
import { DeleteInteraction } from '../corrections/operations';

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
          version
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

/** What is open under an interaction of the timeline. */
type Action = 'edit' | 'delete';

/**
 * The interaction timeline, newest first, ten at a time. `version` grows when something arrives
 * live or a form of the page wrote: the first page is fetched again; `liveIds` are marked.
 * Each interaction has its history on demand, and for writers (`canCorrect`) "Edit" (a form
 * with conflict detection) and "Delete" (with a confirmation and an optional reason); a
 * correction calls `onChanged` so that the page reads the customer again.
 */
export function Timeline({
  customerId,
  liveIds,
  version,
  canCorrect = false,
  onChanged,
}: {
  customerId: string;
  liveIds: Set<string>;
  version: number;
  canCorrect?: boolean;
  onChanged?(): void;
}) {
  const pages = useCursorPages(customerId);
  const { data, previousData, loading, error, refetch } = useQuery(TimelineQuery, {
    variables: { customerId, first: PAGE_SIZE, after: pages.after },
  });
  useEffect(() => {
    if (version > 0 && pages.page === 1) void refetch();
    // Only a new live arrival triggers this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);
  const shown = data ?? previousData;
  const [actions, setActions] = useState<Record<string, Action | undefined>>({});
  const [histories, setHistories] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<{ id: string; text: string } | null>(null);
  const [remove] = useMutation(DeleteInteraction);

  // Edit forms' drafts, kept while the timeline is on the page (a form made anew when the list is read again keeps its draft).
  const [drafts] = useState<OpenDrafts>(() => new Map());
  const act = (id: string, action: Action | undefined) => {
    if (action !== 'edit') drafts.delete(id); // a form closed forgets its draft
    setActions((a) => ({ ...a, [id]: action }));
  };
  const toggleHistory = (id: string) =>
    setHistories((h) => {
      const next = new Set(h);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="card" aria-labelledby="timeline-title" data-testid="timeline">
      <h2 id="timeline-title">Interactions{shown ? ` (${shown.interactions.totalCount})` : ''}</h2>
      <ErrorNotice error={error} />
      {notice ? (
        <p className="notice notice-info" role="status" data-testid="timeline-notice">
          {notice.text}
        </p>
      ) : null}
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
              <th>
                <span className="sr-only">History and corrections</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.interactions.edges.map(({ node: x }) => {
              const action = canCorrect ? actions[x.id] : undefined;
              const history = histories.has(x.id);
              const panelId = `interaction-panel-${x.id}`;
              return (
                <Fragment key={x.id}>
                  <tr data-interaction-id={x.id}>
                    <td>{format.dateTime(x.occurredAt)}</td>
                    <td>
                      {format.words(x.channel)} · {format.words(x.touchpoint)}
                      <div className="muted">{x.direction === 'INBOUND' ? 'from the customer' : 'to the customer'}</div>
                    </td>
                    <td>
                      {x.summary}
                      {liveIds.has(x.id) ? <LiveMarker /> : null}
                      {x.needs.length ? <div className="muted">needs: {x.needs.map((n) => n.title).join(', ')}</div> : null}
                      {x.version > 1 ? <div className="muted">corrected · version {x.version}</div> : null}
                    </td>
                    <td>{x.handler?.name ?? '–'}</td>
                    <td>{format.sentiment(x.sentiment)}</td>
                    <td className="num">
                      {x.expectedQuality ?? '–'} / {x.perceivedQuality ?? '–'}
                    </td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={history}
                        aria-controls={panelId}
                        onClick={() => toggleHistory(x.id)}
                      >
                        History<span className="sr-only"> of “{x.summary}”</span>
                      </button>
                      {canCorrect ? (
                        <>
                          <button
                            type="button"
                            className="link-button"
                            aria-expanded={action === 'edit'}
                            aria-controls={panelId}
                            onClick={() => {
                              setNotice(null);
                              act(x.id, action === 'edit' ? undefined : 'edit');
                            }}
                          >
                            Edit<span className="sr-only"> “{x.summary}”</span>
                          </button>
                          <button
                            type="button"
                            className="link-button danger-link"
                            aria-expanded={action === 'delete'}
                            aria-controls={panelId}
                            onClick={() => {
                              setNotice(null);
                              act(x.id, action === 'delete' ? undefined : 'delete');
                            }}
                          >
                            Delete<span className="sr-only"> “{x.summary}”</span>
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                  {action || history ? (
                    <tr className="row-panel" data-panel-for={x.id}>
                      <td colSpan={7} id={panelId}>
                        {action === 'edit' ? (
                          <EditInteraction
                            id={x.id}
                            drafts={drafts}
                            onCancel={() => act(x.id, undefined)}
                            onSaved={(v) => {
                              act(x.id, undefined);
                              setNotice({ id: x.id, text: `Saved the interaction as version ${v}; its history keeps what it replaced.` });
                              onChanged?.();
                            }}
                          />
                        ) : null}
                        {action === 'delete' ? (
                          <DeleteConfirm
                            what="this interaction"
                            consequence="Insights that cite it lose it as evidence, and their confidence is scaled down to the evidence left."
                            onCancel={() => act(x.id, undefined)}
                            onDelete={async (reason) => {
                              await remove({ variables: { input: { id: x.id, reason } } });
                              act(x.id, undefined);
                              setNotice({ id: x.id, text: `Deleted “${x.summary}”. An ADMIN can restore it from Recently deleted.` });
                              await refetch();
                              onChanged?.();
                            }}
                          />
                        ) : null}
                        {history ? (
                          <section className="history-panel" aria-label={`History of “${x.summary}”`}>
                            <h3>History</h3>
                            <InteractionHistoryList id={x.id} version={x.version} />
                          </section>
                        ) : null}
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
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
