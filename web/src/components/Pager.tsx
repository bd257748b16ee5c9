import { useState } from 'react';

/**
 * Forward cursor paging with a way back: the cursors of the pages seen so far. A new `resetKey`
 * (another filter, another customer) starts at the first page in the same render, so no query
 * is ever sent with a cursor of the previous list.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | null)[] }>({ key: resetKey, cursors: [null] });
  const cursors = state.key === resetKey ? state.cursors : [null];
  return {
    /** The cursor to ask for (`after`); null on the first page. */
    after: cursors[cursors.length - 1],
    /** 1 for the first page. */
    page: cursors.length,
    next: (endCursor: string | null | undefined) => setState({ key: resetKey, cursors: [...cursors, endCursor ?? null] }),
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
  };
}

/** Previous and next buttons for {@link useCursorPages}, with where the reader is. */
export function Pager(props: {
  pages: ReturnType<typeof useCursorPages>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount: number;
  pageSize: number;
  loading: boolean;
  labels: [previous: string, next: string];
}) {
  const { pages, pageInfo, loading } = props;
  return (
    <div className="pager">
      <button type="button" className="secondary" disabled={pages.page === 1 || loading} onClick={pages.previous}>
        {props.labels[0]}
      </button>
      <span className="muted">
        page {pages.page} of {Math.max(1, Math.ceil(props.totalCount / props.pageSize))}
      </span>
      <button
        type="button"
        className="secondary"
        disabled={!pageInfo.hasNextPage || loading}
        onClick={() => pages.next(pageInfo.endCursor)}
      >
        {props.labels[1]}
      </button>
      {loading ? <span className="spinner" role="status" aria-label="Loading" /> : null}
    </div>
  );
}
