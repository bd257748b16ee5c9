import { useApolloClient, useMutation } from '@apollo/client/react';
import { useEffect, useId, useState } from 'react';
import type { AnnotationKind, InsightAnnotationFragment } from '../../gql/graphql';
import { DeleteConfirm } from '../corrections/DeleteConfirm';
import { AnnotationHistoryList } from '../corrections/History';
import { DeleteAnnotation, UpdateAnnotation } from '../corrections/operations';
import { Empty, ErrorNotice, format, LiveMarker } from '../Status';
import { AnnotateInsight, MoreAnnotations } from './operations';
import { versionConflict } from './rules';
import { MentionField, MentionText, mentionedIn, type Mentioned } from '../inbox/Mentions';

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
  /** Who may correct which annotation: its author edits and deletes it, an ADMIN deletes any. */
  corrections?: { me: string | undefined; writer: boolean; admin: boolean };
  /** An annotation was deleted here (the page reads the insight again). */
  onRemoved?(id: string): void;
  /** Reads the insight again (after a CONFLICT: the annotation's current text and version). */
  reload?(): Promise<unknown>;
}) {
  const client = useApolloClient();
  const [more, setMore] = useState<InsightAnnotationFragment[]>([]);
  const [cursor, setCursor] = useState<{ hasNextPage: boolean; endCursor?: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  const [body, setBody] = useState('');
  const [picked, setPicked] = useState<Mentioned[]>([]);
  const [kind, setKind] = useState<AnnotationKind | null>(null);
  const [empty, setEmpty] = useState(false);
  const [annotate, annotating] = useMutation(AnnotateInsight);
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState<{ id: string; action: 'edit' | 'delete' } | null>(null);
  const [removeAnnotation] = useMutation(DeleteAnnotation);
  const [notice, setNotice] = useState<string | null>(null);
  const [histories, setHistories] = useState<ReadonlySet<string>>(new Set());
  const toggleHistory = (id: string) =>
    setHistories((h) => {
      const next = new Set(h);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const page = cursor ?? props.firstPage.pageInfo;
  // The loaded pages, then what was added since the page opened (unless a loaded page has it already).
  // Those deleted here are left out at once (the page's next read of the insight leaves them out too).
  const fetched = unique([...props.firstPage.edges.map((e) => e.node), ...more]).filter((a) => !removed.has(a.id));
  const fetchedIds = new Set(fetched.map((a) => a.id));
  const since = unique(props.added.filter((a) => !fetchedIds.has(a.id) && !removed.has(a.id)));
  const removedListed = props.firstPage.edges.filter((e) => removed.has(e.node.id)).length;
  const total = props.firstPage.totalCount - removedListed + since.length;
  const who = props.corrections;
  const mine = (a: InsightAnnotationFragment) => !!who?.writer && !!a.author && a.author.id === who.me;
  const canEdit = (a: InsightAnnotationFragment) => mine(a);
  const canDelete = (a: InsightAnnotationFragment) => mine(a) || !!who?.admin;
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
      const mentionIds = mentionedIn(body, picked).map((p) => p.id);
      const { data } = await annotate({ variables: { input: { id: props.insightId, kind: k, body: body.trim(), mentionIds } } });
      if (data?.annotateInsight) {
        props.onAdded(data.annotateInsight);
        setBody('');
        setPicked([]);
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
        {a.version > 1 ? <span className="muted"> · corrected</span> : null}
        {props.liveIds.has(a.id) ? <LiveMarker label="new, live" /> : null}
      </div>
      {open?.id === a.id && open.action === 'edit' ? (
        <EditAnnotation
          annotation={a}
          reload={props.reload}
          onDone={(saved) => {
            setOpen(null);
            if (saved) setNotice('Saved your annotation; its history keeps what it replaced.');
          }}
        />
      ) : (
        <p className="insight-prewrap">
          <MentionText text={a.body} mentions={a.mentions} />
        </p>
      )}
      {open?.id === a.id && open.action === 'delete' ? (
        <DeleteConfirm
          what={mine(a) ? 'your annotation' : `${a.author?.name ?? 'a former employee'}’s annotation`}
          onCancel={() => setOpen(null)}
          onDelete={async (reason) => {
            await removeAnnotation({ variables: { input: { id: a.id, reason } } });
            setOpen(null);
            setRemoved((r) => new Set(r).add(a.id));
            setNotice('Deleted the annotation. An ADMIN can restore it from Recently deleted.');
            props.onRemoved?.(a.id);
          }}
        />
      ) : null}
      {!open || open.id !== a.id ? (
        canEdit(a) || canDelete(a) || a.version > 1 ? (
          <div className="row correction-actions">
            {a.version > 1 ? (
              <button
                type="button"
                className="link-button"
                aria-expanded={histories.has(a.id)}
                aria-controls={`annotation-history-${a.id}`}
                onClick={() => toggleHistory(a.id)}
              >
                History<span className="sr-only"> of the annotation</span>
              </button>
            ) : null}
            {canEdit(a) ? (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setNotice(null);
                  setOpen({ id: a.id, action: 'edit' });
                }}
              >
                Edit<span className="sr-only"> annotation</span>
              </button>
            ) : null}
            {canDelete(a) ? (
              <button
                type="button"
                className="link-button danger-link"
                onClick={() => {
                  setNotice(null);
                  setOpen({ id: a.id, action: 'delete' });
                }}
              >
                Delete<span className="sr-only"> annotation</span>
              </button>
            ) : null}
          </div>
        ) : null
      ) : null}
      {histories.has(a.id) ? (
        <div id={`annotation-history-${a.id}`} className="history-body">
          <AnnotationHistoryList insightId={props.insightId} id={a.id} version={a.version} />
        </div>
      ) : null}
    </li>
  );

  return (
    <section aria-labelledby="insight-annotations-title" className="card">
      <h2 id="insight-annotations-title">
        Annotations <span className="muted insight-count">({total})</span>
      </h2>
      {notice ? (
        <p className="notice notice-info" role="status" data-testid="annotation-notice">
          {notice}
        </p>
      ) : null}
      <div data-testid="annotations">
        {fetched.length + since.length === 0 ? (
          <Empty>No annotations yet.{props.canAnnotate ? ' Be the first to comment, endorse or challenge it.' : ''}</Empty>
        ) : (
          <>
            <ol className="insight-annotations">{fetched.map((a) => item(a))}</ol>
            {page.hasNextPage ? (
              <div className="pager">
                <button type="button" className="secondary" onClick={showMore} disabled={loadingMore}>
                  {loadingMore
                    ? 'Loading more annotations…'
                    : notLoaded === 1
                      ? 'Show 1 more annotation'
                      : notLoaded > 0
                        ? `Show ${Math.min(notLoaded, ANNOTATION_PAGE)} more annotations`
                        : 'Show more annotations'}
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
          <MentionField
            id="insight-annotation-body"
            rows={3}
            maxLength={5000}
            value={body}
            describedBy="insight-annotation-help"
            invalid={empty}
            onChange={(value) => {
              setBody(value);
              setEmpty(false);
            }}
            picked={picked}
            onPicked={setPicked}
          />
          <p id="insight-annotation-help" className="muted insight-help">
            Comment adds context; Endorse says you agree (ideally with your own evidence); Challenge raises doubt or contrary evidence. Type
            @ and a name to mention a colleague: they are notified.
          </p>
          {empty ? (
            <p className="insight-field-error" role="alert">
              Write something first.
            </p>
          ) : null}
          <div className="row">
            {ANNOTATE.map((b) => (
              <button key={b.kind} type="button" className={b.className} disabled={annotating.loading} onClick={() => void add(b.kind)}>
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

/**
 * Editing one's own annotation in place, with `expectedVersion`: when it changed meanwhile (in
 * another tab), the draft stays and "Reload" shows the current text next to it.
 */
function EditAnnotation(props: { annotation: InsightAnnotationFragment; reload?(): Promise<unknown>; onDone(saved: boolean): void }) {
  const ids = useId();
  const a = props.annotation;
  const [base, setBase] = useState({ version: a.version, body: a.body });
  const [draft, setDraft] = useState(a.body);
  const [conflict, setConflict] = useState<number | null>(null);
  // After a reload: the version read, once the page's read of the insight brought it.
  const [reloading, setReloading] = useState(false);
  const [current, setCurrent] = useState<{ version: number; body: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [update, saving] = useMutation(UpdateAnnotation);
  useEffect(() => {
    if (!reloading || a.version === base.version) return;
    const fresh = { version: a.version, body: a.body };
    setCurrent(fresh);
    setBase(fresh);
    setReloading(false);
    setConflict(null);
  }, [reloading, a.version, a.body, base.version]);

  async function save() {
    setProblem(null);
    if (!draft.trim()) return setProblem('An annotation cannot be empty; delete it instead.');
    if (draft.trim() === base.body.trim()) return setProblem('Nothing to save yet: change the text first.');
    try {
      await update({ variables: { input: { id: a.id, expectedVersion: base.version, body: draft.trim() } } });
      props.onDone(true);
    } catch (error) {
      const stale = versionConflict(error);
      if (!stale) return; // shown through saving.error
      saving.reset();
      setConflict(stale.currentVersion);
    }
  }

  return (
    <form
      className="correction-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {conflict !== null ? (
        <div className="notice notice-error" role="alert" data-testid="annotation-conflict">
          <p>
            <strong>
              This annotation changed since you started editing it: you edited version {base.version}, it is now at version {conflict}.
            </strong>{' '}
            Nothing was saved; your text is kept below.
          </p>
          {props.reload ? (
            <div className="notice-action">
              <button
                type="button"
                disabled={reloading}
                onClick={() => {
                  setReloading(true);
                  props.reload?.().catch(() => setReloading(false));
                }}
              >
                {reloading ? 'Reloading…' : 'Reload the current version'}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      {current ? (
        <div className="notice notice-info" role="status">
          <p>
            Reloaded version {current.version}, which says: <span className="insight-prewrap">{current.body}</span>
          </p>
          <p>Your text is kept below; saving writes it on top of version {current.version}.</p>
        </div>
      ) : null}
      <label htmlFor={`${ids}-body`}>Edit your annotation</label>
      <textarea id={`${ids}-body`} rows={3} maxLength={5000} value={draft} onChange={(e) => setDraft(e.target.value)} />
      {problem ? (
        <p className="insight-field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorNotice error={saving.error} />
      <div className="row">
        <button type="submit" disabled={saving.loading}>
          {saving.loading ? 'Saving…' : 'Save annotation'}
        </button>
        <button type="button" className="secondary" onClick={() => props.onDone(false)} disabled={saving.loading}>
          Cancel
        </button>
      </div>
    </form>
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
