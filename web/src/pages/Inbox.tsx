import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Empty, ErrorNotice, format, Loading } from '../components/Status';
import { InboxPage, MarkNotificationsRead } from '../components/inbox/operations';
import type { InboxInsightItemFragment, InboxPageQuery } from '../gql/graphql';
import { canWrite, useSession } from '../session';

/** How many items of each part the page shows (the API's page limit is 100). */
const SHOWN = 50;

type Inbox = InboxPageQuery['inbox'];
type Part = 'awaitingReview' | 'drafts' | 'followedChanges' | 'challenges';

const PARTS: { key: Part; title: string; empty: string; reviewersOnly?: boolean }[] = [
  {
    key: 'awaitingReview',
    title: 'Awaiting my review',
    empty: 'Nothing awaits your review: every proposed insight is yours, revised by you, or reviewed.',
    reviewersOnly: true,
  },
  { key: 'challenges', title: 'Challenges to my insights', empty: 'Nobody has challenged your insights since you last opened them.' },
  { key: 'followedChanges', title: 'Changed since I looked', empty: 'Nothing you follow has changed since you last opened it.' },
  { key: 'drafts', title: 'My drafts', empty: 'You have no drafts.' },
];

/**
 * "For me": what asks for the signed-in person's attention. Notifications (a colleague mentioned
 * them), insights awaiting their review, challenges to their insights, changes in what they follow,
 * and their drafts. It is kept up to date live (see InboxLink); opening an insight takes it out of
 * "changed" and "challenges", reviewing it out of "awaiting my review".
 */
export function Inbox() {
  const { session } = useSession();
  const { data, loading, error, refetch } = useQuery(InboxPage, { variables: { first: SHOWN }, fetchPolicy: 'cache-and-network' });
  const [markRead, marking] = useMutation(MarkNotificationsRead, { refetchQueries: ['InboxCounts', 'InboxPage'] });
  const [notice, setNotice] = useState<string | null>(null);

  if (!data && loading) return <Loading what="your inbox" />;
  if (!data) return <ErrorNotice error={error} onRetry={() => refetch()} />;
  const inbox: Inbox = data.inbox;
  const unread = inbox.notifications.edges.filter((e) => !e.node.readAt).map((e) => e.node.id);
  const reviewer = canWrite(session);

  return (
    // One list for the keyboard (j/k move through every item of the page, Enter opens it).
    <section className="inbox-page" aria-labelledby="inbox-title" data-keyboard-list="">
      <h1 id="inbox-title">For me</h1>
      <p className="muted" data-testid="inbox-summary">
        {inbox.counts.total === 0
          ? 'Nothing asks for your attention.'
          : `${inbox.counts.total} ${inbox.counts.total === 1 ? 'item asks' : 'items ask'} for your attention.`}
      </p>
      <ErrorNotice error={error ?? marking.error} />
      {notice ? (
        <p className="notice notice-info" role="status">
          {notice}
        </p>
      ) : null}
      <section className="card" aria-labelledby="inbox-notifications-title" data-testid="inbox-notifications">
        <h2 id="inbox-notifications-title">
          Notifications <span className="muted">({inbox.counts.unreadNotifications} unread)</span>
        </h2>
        {unread.length ? (
          <button
            type="button"
            className="secondary"
            disabled={marking.loading}
            onClick={async () => {
              await markRead({ variables: { input: { ids: unread } } }).catch(() => undefined);
              setNotice(`Marked ${unread.length} ${unread.length === 1 ? 'notification' : 'notifications'} read.`);
            }}
          >
            Mark all read
          </button>
        ) : null}
        {inbox.notifications.edges.length === 0 ? (
          <Empty>No notifications. When a colleague mentions you, it shows here.</Empty>
        ) : (
          <ul className="inbox-list" data-list="notifications">
            {inbox.notifications.edges.map(({ node: n }) => (
              <li key={n.id} className={n.readAt ? 'inbox-item read' : 'inbox-item unread'} data-keyboard-row="">
                {n.readAt ? null : <span className="badge badge-new">New</span>} <strong>{n.actor?.name ?? 'A former employee'}</strong>{' '}
                mentioned you {n.kind === 'MENTIONED_IN_ANNOTATION' ? 'in an annotation on' : 'in'}{' '}
                {n.insight ? (
                  <Link to={`/insights/${n.insight.id}`} data-keyboard-open="">
                    {n.insight.title}
                  </Link>
                ) : (
                  'an insight no longer there'
                )}{' '}
                <span className="muted">{format.dateTime(n.createdAt)}</span>
                {n.annotation ? <p className="inbox-quote">{n.annotation.body}</p> : null}
                {n.readAt ? null : (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void markRead({ variables: { input: { ids: [n.id] } } }).catch(() => undefined)}
                  >
                    Mark read<span className="sr-only"> the notification from {n.actor?.name ?? 'a former employee'}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {PARTS.filter((p) => reviewer || !p.reviewersOnly).map((part) => (
        <InsightPart key={part.key} part={part} list={inbox[part.key]} />
      ))}
    </section>
  );
}

function InsightPart(props: { part: (typeof PARTS)[number]; list: { totalCount: number; edges: { node: InboxInsightItemFragment }[] } }) {
  const { part, list } = props;
  const titleId = `inbox-${part.key}-title`;
  return (
    <section className="card" aria-labelledby={titleId} data-testid={`inbox-${part.key}`}>
      <h2 id={titleId}>
        {part.title} <span className="muted">({list.totalCount})</span>
      </h2>
      {list.edges.length === 0 ? (
        <Empty>{part.empty}</Empty>
      ) : (
        <ul className="inbox-list" data-list={part.key}>
          {list.edges.map(({ node: i }) => (
            <li key={i.id} className="inbox-item" data-keyboard-row="">
              <Link to={`/insights/${i.id}`} data-keyboard-open="">
                {i.title}
              </Link>{' '}
              <span className={`badge status-${i.status}`}>{format.words(i.status)}</span>{' '}
              <span className="muted">
                by {i.author?.name ?? 'a miner'} · about {subjectsOf(i)} ·{' '}
                {props.part.key === 'awaitingReview'
                  ? `waiting since ${format.dateTime(i.createdAt)}`
                  : `changed ${format.dateTime(i.updatedAt)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {list.totalCount > list.edges.length ? (
        <p className="muted">
          Showing the first {list.edges.length} of {list.totalCount}.
        </p>
      ) : null}
    </section>
  );
}

function subjectsOf(i: InboxInsightItemFragment): string {
  const names = i.subjects.map((s) => (s.__typename === 'Need' ? s.title : s.name));
  return names.length ? names.join(', ') : 'nothing';
}
