import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { Link, NavLink } from 'react-router';
import { InboxCounts, InboxInsightLive, NotificationLive } from './operations';

/** How long the header waits after a live event before reading the counts again (events come in bursts). */
const SETTLE_MS = 300;

/**
 * "For me" in the header, with how many items ask for the signed-in person's attention, kept
 * up to date live: a notification for them, or any insight changed, reads the counts (and the
 * "For me" page, when it is open) again. A new notification is announced beside it.
 */
export function InboxLink() {
  const client = useApolloClient();
  const { data } = useQuery(InboxCounts, { fetchPolicy: 'cache-and-network' });
  const [latest, setLatest] = useState<{ id: string; text: string; insightId: string | null } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refresh = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      void client.refetchQueries({ include: ['InboxCounts', 'InboxPage'] }).catch(() => undefined);
    }, SETTLE_MS);
  };
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  useSubscription(NotificationLive, {
    onData({ data: result }) {
      const n = result.data?.notificationReceived.notification;
      if (n) {
        const where = n.insight ? ` on “${n.insight.title}”` : '';
        setLatest({ id: n.id, text: `${n.actor?.name ?? 'Someone'} mentioned you${where}`, insightId: n.insight?.id ?? null });
      }
      refresh();
    },
  });
  useSubscription(InboxInsightLive, { onData: refresh });

  const counts = data?.inbox.counts;
  const total = counts?.total ?? 0;
  return (
    <>
      <NavLink to="/inbox" data-testid="inbox-link" aria-label={counts ? `For me, ${total} ${total === 1 ? 'item' : 'items'}` : 'For me'}>
        For me{' '}
        {counts ? (
          <span className={total > 0 ? 'count-badge on' : 'count-badge'} data-testid="inbox-count">
            {total}
          </span>
        ) : null}
      </NavLink>
      <span className="sr-only" role="status" aria-live="polite">
        {latest ? latest.text : ''}
      </span>
      {latest ? (
        <span className="inbox-toast" data-testid="inbox-toast">
          {latest.insightId ? <Link to={`/insights/${latest.insightId}`}>{latest.text}</Link> : latest.text}{' '}
          <button type="button" className="link-button" onClick={() => setLatest(null)}>
            Dismiss<span className="sr-only"> the notification</span>
          </button>
        </span>
      ) : null}
    </>
  );
}
