import { skipToken, useApolloClient, useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Annotations, ANNOTATION_PAGE } from '../components/insight/Annotations';
import { InsightDetails, InsightHistory, InsightLive } from '../components/insight/operations';
import { AnnotationsChanged } from '../components/corrections/operations';
import { ReviseForm, type InsightContent } from '../components/insight/ReviseForm';
import { changeWords, insightActions } from '../components/insight/rules';
import { StatusActions } from '../components/insight/StatusActions';
import { VersionHistory } from '../components/insight/VersionHistory';
import { MentionText } from '../components/inbox/Mentions';
import { FollowInsight, MarkInsightSeen, UnfollowInsight } from '../components/inbox/operations';
import { Empty, ErrorNotice, format, LiveMarker, Loading } from '../components/Status';
import type { InsightAnnotationFragment, InsightDetailsQuery } from '../gql/graphql';
import { canWrite, isAdmin, useSession } from '../session';

type Insight = NonNullable<InsightDetailsQuery['insight']>;

/** A change someone else made while the page was open, as the page announces it. */
interface LiveNote {
  text: string;
  at: string;
}

/**
 * One insight, to read and work on: what it says and about whom, the evidence behind it, the
 * annotations and the version history; for ANALYSTs and ADMINs the review workflow (submit,
 * validate, refute, archive, with four eyes), revising with conflict detection, and annotating.
 * Changes by others arrive live (insightChanged) and are marked as such.
 */
export function InsightPage() {
  const { id = '' } = useParams();
  // A fresh page per insight: following a "replaces" link must not carry drafts or live marks over.
  return <InsightView key={id} id={id} />;
}

function InsightView({ id }: { id: string }) {
  const { session } = useSession();
  const client = useApolloClient();
  const { data, loading, error, refetch } = useQuery(InsightDetails, { variables: { id, annotations: ANNOTATION_PAGE } });
  const insight = data?.insight;

  const [revising, setRevising] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [live, setLive] = useState<LiveNote | null>(null);
  const [added, setAdded] = useState<InsightAnnotationFragment[]>([]);
  const [liveIds, setLiveIds] = useState<ReadonlySet<string>>(new Set());
  // Who made which version, as seen in live events: tells a revising user who got there first.
  const changedBy = useRef(new Map<number, string>());

  // Opening the insight (and reading a change to it here) is having seen it: out of "changed since I looked" and "challenges".
  const [markSeen] = useMutation(MarkInsightSeen, { refetchQueries: ['InboxCounts'] });
  const seen = useCallback(() => void markSeen({ variables: { input: { id } } }).catch(() => undefined), [markSeen, id]);
  const loaded = !!insight;
  useEffect(() => {
    if (loaded) seen();
  }, [loaded, seen]);

  const firstCustomer = insight?.subjects.find((s) => s.__typename === 'Customer');
  const liveFeed = useSubscription(
    InsightLive,
    insight
      ? {
          // Narrowed on the server to the insight's first customer when it has one.
          variables: { customerId: firstCustomer?.__typename === 'Customer' ? firstCustomer.id : null },
          onData({ data: result }) {
            const change = result.data?.insightChanged;
            if (!change || change.insight.id !== id) return;
            seen();
            const mine = change.actor?.id === session?.employeeId;
            if (change.kind !== 'ANNOTATED' && change.actor) changedBy.current.set(change.insight.version, change.actor.name);
            if (change.kind === 'ANNOTATED' && change.annotation) {
              const annotation = change.annotation;
              setAdded((list) => (list.some((a) => a.id === annotation.id) ? list : [...list, annotation]));
              if (!mine) setLiveIds((ids) => new Set(ids).add(annotation.id));
            } else {
              // The payload updated status and content in the cache; the rest (evidence,
              // a reviewer's reason, what supersedes it) comes with a refetch.
              void refetch();
            }
            // Changes this employee made are not news to them.
            if (!mine) {
              const what = changeWords(change.kind, change.annotation?.kind);
              setLive({ text: `${what} by ${change.actor?.name ?? 'someone'}`, at: change.at });
            }
          },
        }
      : skipToken,
  );

  // Annotations edited or deleted by someone else: read the insight again when one shown here changed.
  useSubscription(
    AnnotationsChanged,
    insight
      ? {
          onData({ data: result }) {
            const change = result.data?.recordChanged;
            if (!change || change.actor?.id === session?.employeeId) return;
            const shown =
              insight.annotations.edges.some((e) => e.node.id === change.recordId) || added.some((a) => a.id === change.recordId);
            if (!shown && change.kind !== 'RESTORED') return;
            if (change.kind === 'DELETED') setAdded((list) => list.filter((a) => a.id !== change.recordId));
            void refetch();
            if (shown)
              setLive({
                text: `an annotation ${change.kind === 'DELETED' ? 'deleted' : 'edited'} by ${change.actor?.name ?? 'someone'}`,
                at: change.at,
              });
          },
        }
      : skipToken,
  );

  const reload = useCallback(async (): Promise<InsightContent | null> => {
    const result = await refetch();
    if (result.error) throw result.error;
    const fresh = result.data?.insight;
    return fresh
      ? { version: fresh.version, title: fresh.title, body: fresh.body, confidence: fresh.confidence, status: fresh.status }
      : null;
  }, [refetch]);

  /**
   * Who made the versions after `since`: from the version history (fetched without touching the
   * cache, so the page does not change before the user asks to reload), else from the live
   * events this page has seen.
   */
  const whoChanged = useCallback(
    async (since: number): Promise<string[]> => {
      const seen = [...changedBy.current.entries()].filter(([version]) => version > since).map(([, name]) => name);
      try {
        const { data: found } = await client.query({ query: InsightHistory, variables: { id, first: 100 }, fetchPolicy: 'no-cache' });
        const names = (found?.insight?.history ?? []).flatMap((v) => (v.version > since && v.by ? [v.by.name] : []));
        return names.length ? names.reverse() : seen;
      } catch {
        return seen;
      }
    },
    [client, id],
  );

  if (loading && !data) return <Loading what="the insight" />;
  if (error && !data) {
    return (
      <section>
        <h1>Insight</h1>
        <ErrorNotice error={error} onRetry={refetch} />
      </section>
    );
  }
  if (!insight) {
    return (
      <section>
        <h1>Insight not found</h1>
        <p>
          There is no insight with this id; it may have been removed. <Link to="/">Find a customer</Link> and open one of their insights.
        </p>
      </section>
    );
  }

  const writer = canWrite(session);
  const actions = insightActions(insight.status, {
    writer,
    admin: !!session?.roles.includes('ADMIN'),
    author: !!insight.author && insight.author.id === session?.employeeId,
    reviser: insight.revisers.some((e) => e.id === session?.employeeId),
  });

  return (
    <article aria-labelledby="insight-title" className="insight-page">
      <Breadcrumb insight={insight} />
      <header className="insight-head">
        <h1 id="insight-title">{insight.title}</h1>
        <div className="insight-status-line">
          <span className={`badge status-${insight.status}`} data-testid="insight-status">
            {format.words(insight.status)}
          </span>
          <span className="muted">
            version {insight.version} · confidence {format.percent(insight.confidence)} ·{' '}
            {insight.origin === 'FROM_CUSTOMER' ? 'from customers' : 'about customers'}
          </span>
          <FollowButton id={insight.id} following={insight.followedByMe} />
          <span role="status" aria-live="polite" className="insight-live">
            {live ? (
              <span data-testid="live-update">
                <LiveMarker label={`Updated live: ${live.text}`} /> <span className="muted">at {format.dateTime(live.at)}</span>
              </span>
            ) : null}
          </span>
        </div>
      </header>
      <ErrorNotice error={error} />
      <ErrorNotice error={liveFeed.error} />
      {saved ? (
        <p className="notice notice-info" role="status">
          {saved}
        </p>
      ) : null}

      <div className="insight-layout">
        <div className="insight-main">
          <section className="card" aria-labelledby="insight-body-title">
            <h2 id="insight-body-title">What was learned</h2>
            <p className="insight-prewrap insight-body">
              <MentionText text={insight.body} mentions={insight.mentions} />
            </p>
          </section>

          {writer ? (
            <>
              <StatusActions
                insight={insight}
                actions={actions}
                onRevise={
                  revising
                    ? undefined
                    : () => {
                        setRevising(true);
                        setSaved(null);
                      }
                }
                onMoved={(move) => {
                  setSaved(null);
                  // A reason becomes an annotation, and the version history grows: fetch both.
                  if (move === 'validate' || move === 'refute') void refetch();
                }}
                reload={reload}
              />
              {revising && actions.revise ? (
                <ReviseForm
                  insightId={insight.id}
                  current={insight}
                  whoChanged={whoChanged}
                  reload={reload}
                  onSaved={(version) => {
                    setRevising(false);
                    setSaved(`Saved as version ${version}.`);
                  }}
                  onCancel={() => setRevising(false)}
                  mentions={insight.mentions}
                />
              ) : null}
            </>
          ) : (
            <p className="notice notice-info" data-testid="read-only">
              You can read this insight but not change it: your role ({session?.roles.join(', ') || 'none'}) does not write knowledge.
              Reviewing, revising and annotating need the ANALYST or ADMIN role.
            </p>
          )}

          <Evidence evidence={insight.evidence} />
          <Annotations
            insightId={insight.id}
            firstPage={insight.annotations}
            added={added}
            liveIds={liveIds}
            canAnnotate={actions.annotate}
            onAdded={(a) => setAdded((list) => (list.some((x) => x.id === a.id) ? list : [...list, a]))}
            corrections={{ me: session?.employeeId, writer, admin: isAdmin(session) }}
            onRemoved={() => void refetch()}
            reload={reload}
          />
          <VersionHistory insightId={insight.id} version={insight.version} learned={!!insight.learnedBy} />
        </div>

        <aside className="insight-side">
          <Facts insight={insight} />
          <Subjects insight={insight} />
        </aside>
      </div>
    </article>
  );
}

/** Follow or stop following the insight: its changes by others come to "For me" until it is opened again. */
function FollowButton({ id, following }: { id: string; following: boolean }) {
  const [follow, following_] = useMutation(FollowInsight, { refetchQueries: ['InboxCounts'] });
  const [unfollow, unfollowing] = useMutation(UnfollowInsight, { refetchQueries: ['InboxCounts'] });
  const busy = following_.loading || unfollowing.loading;
  return (
    <>
      <button
        type="button"
        className="secondary follow-button"
        aria-pressed={following}
        disabled={busy}
        data-testid="follow-button"
        title={following ? 'Its changes come to For me' : 'Have its changes come to For me'}
        onClick={() => void (following ? unfollow : follow)({ variables: { input: { id } } }).catch(() => undefined)}
      >
        {following ? 'Following' : 'Follow'}
      </button>
      <ErrorNotice error={following_.error ?? unfollowing.error} />
    </>
  );
}

/** Back to the customer the insight is about (the first one), when there is one. */
function Breadcrumb({ insight }: { insight: Insight }) {
  const customer = insight.subjects.find((s) => s.__typename === 'Customer');
  return (
    <nav aria-label="Breadcrumb" className="insight-breadcrumb">
      <Link to="/">Customers</Link>
      {customer?.__typename === 'Customer' ? (
        <>
          {' '}
          › <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
        </>
      ) : null}{' '}
      › <span aria-current="page">Insight</span>
    </nav>
  );
}

/** Who, when, how sure, until when. */
function Facts({ insight }: { insight: Insight }) {
  const expired = insight.validUntil && new Date(insight.validUntil).getTime() < Date.now();
  return (
    <section className="card" aria-labelledby="insight-facts-title">
      <h2 id="insight-facts-title">Facts</h2>
      <dl className="kv">
        <dt>Status</dt>
        <dd>{format.words(insight.status)}</dd>
        <dt>Confidence</dt>
        <dd>{format.percent(insight.confidence)}</dd>
        <dt>Origin</dt>
        <dd>
          {insight.origin === 'FROM_CUSTOMER'
            ? 'From customers (what they told us)'
            : 'About customers (who they are, what they are worth)'}
        </dd>
        <dt>Version</dt>
        <dd>{insight.version}</dd>
        <dt>Author</dt>
        <dd data-testid="insight-author">
          {insight.learnedBy
            ? `learned by the ${format.words(insight.learnedBy).toLowerCase()} miner`
            : (insight.author?.name ?? 'a former employee')}
        </dd>
        <dt>Created</dt>
        <dd>{format.dateTime(insight.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{format.dateTime(insight.updatedAt)}</dd>
        <dt>Valid until</dt>
        <dd>
          {insight.validUntil ? format.date(insight.validUntil) : 'does not expire'}
          {expired ? <strong className="insight-expired"> · expired, re-check it</strong> : null}
        </dd>
      </dl>
    </section>
  );
}

/** What it is about (customers, needs, segments), its topics, and what it replaced or was replaced by. */
function Subjects({ insight }: { insight: Insight }) {
  const customers = insight.subjects.flatMap((s) => (s.__typename === 'Customer' ? [s] : []));
  const needs = insight.subjects.flatMap((s) => (s.__typename === 'Need' ? [s] : []));
  const segments = insight.subjects.flatMap((s) => (s.__typename === 'Segment' ? [s] : []));
  return (
    <section className="card" aria-labelledby="insight-subjects-title">
      <h2 id="insight-subjects-title">About</h2>
      <h3>Customers</h3>
      {customers.length ? (
        <ul className="plain">
          {customers.map((c) => (
            <li key={c.id}>
              <Link to={`/customers/${c.id}`}>{c.name}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No customer.</Empty>
      )}
      <h3>Needs</h3>
      {needs.length ? (
        <ul className="plain">
          {needs.map((n) => (
            <li key={n.id}>
              {n.title} <span className="muted">({format.words(n.status)})</span>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No need.</Empty>
      )}
      <h3>Segments</h3>
      {segments.length ? (
        <ul className="plain">
          {segments.map((s) => (
            <li key={s.id}>{s.name}</li>
          ))}
        </ul>
      ) : (
        <Empty>No segment.</Empty>
      )}
      <h3>Topics</h3>
      {insight.topics.length ? (
        <ul className="insight-topics" aria-label="Topics">
          {insight.topics.map((t) => (
            <li key={t.id} className="badge">
              {t.name}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No topic.</Empty>
      )}
      <h3>Replaces and replaced by</h3>
      {insight.supersedes || insight.supersededBy ? (
        <dl className="kv">
          {insight.supersedes ? (
            <>
              <dt>Replaces</dt>
              <dd>
                <Link to={`/insights/${insight.supersedes.id}`}>{insight.supersedes.title}</Link>{' '}
                <span className={`badge status-${insight.supersedes.status}`}>{format.words(insight.supersedes.status)}</span>
              </dd>
            </>
          ) : null}
          {insight.supersededBy ? (
            <>
              <dt>Replaced by</dt>
              <dd>
                <Link to={`/insights/${insight.supersededBy.id}`}>{insight.supersededBy.title}</Link>{' '}
                <span className={`badge status-${insight.supersededBy.status}`}>{format.words(insight.supersededBy.status)}</span>
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <Empty>It neither replaces nor is replaced by another insight.</Empty>
      )}
    </section>
  );
}

/** The interactions the insight was learned from, oldest first. */
function Evidence({ evidence }: { evidence: Insight['evidence'] }) {
  return (
    <section className="card" aria-labelledby="insight-evidence-title">
      <h2 id="insight-evidence-title">
        Evidence <span className="muted insight-count">({evidence.length})</span>
      </h2>
      {evidence.length === 0 ? (
        <Empty>No interaction is linked as evidence yet.</Empty>
      ) : (
        <table aria-labelledby="insight-evidence-title">
          <thead>
            <tr>
              <th>Date</th>
              <th>Customer</th>
              <th>Channel</th>
              <th>Touchpoint</th>
              <th>Summary</th>
            </tr>
          </thead>
          <tbody>
            {evidence.map((i) => (
              <tr key={i.id}>
                <td className="insight-nowrap">{format.date(i.occurredAt)}</td>
                <td>
                  <Link to={`/customers/${i.customer.id}`}>{i.customer.name}</Link>
                </td>
                <td>{format.words(i.channel)}</td>
                <td>{format.words(i.touchpoint)}</td>
                <td>{i.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
