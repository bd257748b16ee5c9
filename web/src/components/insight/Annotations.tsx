import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { AnnotationKind, InsightAnnotationFragment } from '../../gql/graphql';
import { Empty, ErrorNotice, format, LiveMarker } from '../Status';
import { AnnotateInsight, MoreAnnotations } from './operations';

/** How many annotations each "Show more" loads (the API's page limit is 100). */
export const ANNOTATION_PAGE = 50;

const KIND_WORDS: Record<AnnotationKind, string> = { COMMENT: 'Comment', ENDORSEMENT: 'Endorsement', CHALLENGE: 'Challenge' };

/** The three ways to annotate: button name, and what it shows while the annotation is saved. */
const ANNOTATE: { kind: AnnotationKind; label: string; busy: string; className?: string }[] = [
  { kind: 'COMMENT', label: 'Comment', busy: 'Commenting…' },
  { kind: 'ENDORSEMENT', label: 'Endorse', busy: 'Endorsing…', className: 'secondary' },
  { kind: 'CHALLENGE', label: 'Challenge', busy: 'Challenging…', className: 'secondary' },
];

interface FirstPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: InsightAnnotationFragment }[];
}

/**
 * The comments, endorsements and challenges on an insight, oldest first: the first page comes
 * with the insight, "Show more" loads the next ones, and annotations added since the page opened
 * (here, or live by someone else) follow at the end. Those that arrived live carry a marker.
 */
export function Annotations(props: {
  insightId: string;
  firstPage: FirstPage;
  /** Annotations added since the page was opened, in arrival order. */
  added: readonly InsightAnnotationFragment[];
  /** Ids of annotations that arrived through the subscription (someone else wrote them). */
  liveIds: ReadonlySet<string>;
  canAnnotate: boolean;
  onAdded(annotation: InsightAnnotationFragment): void;
}) {
  const client = useApolloClient();
  const [more, setMore] = useState<InsightAnnotationFragment[]>([]);
  const [cursor, setCursor] = useState<{ hasNextPage: boolean; endCursor?: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  const [body, setBody] = useState('');
  const [kind, setKind] = useState<AnnotationKind | null>(null);
  const [empty, setEmpty] = useState(false);
  const [annotate, annotating] = useMutation(AnnotateInsight);

  const page = cursor ?? props.firstPage.pageInfo;
  // The loaded pages, then what was added since the page opened (unless a loaded page has it already).
  const fetched = unique([...props.firstPage.edges.map((e) => e.node), ...more]);
  const fetchedIds = new Set(fetched.map((a) => a.id));
  const since = unique(props.added.filter((a) => !fetchedIds.has(a.id)));
  const total = props.firstPage.totalCount + since.length;
  const notLoaded = page.hasNextPage ? Math.max(0, props.firstPage.totalCount - fetched.length) : 0;

  async function showMore() {
    setLoadingMore(true);
    setMoreError(null);
    try {
      const { data, error } = await client.query({
        query: MoreAnnotations,
        variables: { id: props.insightId, first: ANNOTATION_PAGE, after: page.endCursor ?? null },
        fetchPolicy: 'network-only',
      });
      if (error) throw error;
      const next = data?.insight?.annotations;
      if (next) {
        setMore((m) => [...m, ...next.edges.map((e) => e.node)]);
        setCursor(next.pageInfo);
      }
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  async function add(k: AnnotationKind) {
    if (!body.trim()) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    setKind(k);
    try {
      const { data } = await annotate({ variables: { input: { insightId: props.insightId, kind: k, body: body.trim() } } });
      if (data?.annotateInsight) {
        props.onAdded(data.annotateInsight);
        setBody('');
      }
    } catch {
      // shown below through annotating.error
    } finally {
      setKind(null);
    }
  }

  const item = (a: InsightAnnotationFragment) => (
    <li key={a.id} className={`insight-annotation kind-${a.kind}`}>
      <div className="insight-annotation-head">
        <span className={`badge annotation-${a.kind}`}>{KIND_WORDS[a.kind]}</span> <strong>{a.author?.name ?? 'A former employee'}</strong>{' '}
        <span className="muted">{format.dateTime(a.createdAt)}</span>
        {props.liveIds.has(a.id) ? <LiveMarker label="new, live" /> : null}
      </div>
      <p className="insight-prewrap">{a.body}</p>
    </li>
  );

  return (
    <section aria-labelledby="insight-annotations-title" className="card">
      <h2 id="insight-annotations-title">
        Annotations <span className="muted insight-count">({total})</span>
      </h2>
      <div data-testid="annotations">
        {fetched.length + since.length === 0 ? (
          <Empty>No annotations yet.{props.canAnnotate ? ' Be the first to comment, endorse or challenge it.' : ''}</Empty>
        ) : (
          <>
            <ol className="insight-annotations">{fetched.map((a) => item(a))}</ol>
            {page.hasNextPage ? (
              <div className="pager">
                <button type="button" className="secondary" onClick={showMore} disabled={loadingMore}>
                  {loadingMore ? 'Loading more annotations…' : notLoaded === 1 ? 'Show 1 more annotation' : notLoaded > 0 ? `Show ${Math.min(notLoaded, ANNOTATION_PAGE)} more annotations` : 'Show more annotations'}
                </button>
                <span className="muted">{notLoaded} not shown yet</span>
              </div>
            ) : null}
            {since.length ? <ol className="insight-annotations">{since.map((a) => item(a))}</ol> : null}
          </>
        )}
      </div>
      <ErrorNotice error={moreError} />
      {props.canAnnotate ? (
        <form
          className="insight-annotate"
          onSubmit={(e) => {
            e.preventDefault();
            void add('COMMENT');
          }}
        >
          <label htmlFor="insight-annotation-body">Your annotation</label>
          <textarea
            id="insight-annotation-body"
            rows={3}
            maxLength={5000}
            value={body}
            aria-describedby="insight-annotation-help"
            aria-invalid={empty || undefined}
            onChange={(e) => {
              setBody(e.target.value);
              setEmpty(false);
            }}
          />
          <p id="insight-annotation-help" className="muted insight-help">
            Comment adds context; Endorse says you agree (ideally with your own evidence); Challenge raises doubt or contrary evidence.
          </p>
          {empty ? (
            <p className="insight-field-error" role="alert">
              Write something first.
            </p>
          ) : null}
          <div className="row">
            {ANNOTATE.map((b) => (
              <button
                key={b.kind}
                type="button"
                className={b.className}
                disabled={annotating.loading}
                onClick={() => void add(b.kind)}
              >
                {kind === b.kind ? b.busy : b.label}
              </button>
            ))}
          </div>
          <ErrorNotice error={annotating.error} />
        </form>
      ) : null}
    </section>
  );
}

/** Each annotation once, in first-seen order. */
function unique(list: readonly InsightAnnotationFragment[]): InsightAnnotationFragment[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    if (seen.has(a.id)) return false;
    seen.add(a.id);
    return true;
  });
}
