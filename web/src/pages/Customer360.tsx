import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { lazy, Suspense, useState } from 'react';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { graphql } from '../gql';
import { Empty, ErrorNotice, format, LiveMarker, Loading } from '../components/Status';
import { Timeline } from '../components/customer/Timeline';
import { InsightForm, InteractionForm, NeedForm } from '../components/customer/KnowledgeForms';
import { CustomerNeeds } from '../components/customer/Needs';
import { Owners } from '../components/customer/Owners';
import { ProfileForm } from '../components/customer/ProfileForm';
import { Tabs } from '../components/Tabs';
import { DeleteConfirm } from '../components/corrections/DeleteConfirm';
import { CustomerHistoryDisclosure } from '../components/corrections/History';
import { CustomerRecordsLive, DeleteCustomer } from '../components/corrections/operations';
// The graph-drawing library is loaded with the first customer 360 shown, not with the sign-in page.
const NeighbourhoodGraph = lazy(() => import('../components/NeighbourhoodGraph').then((m) => ({ default: m.NeighbourhoodGraph })));
import { canWrite, useSession } from '../session';

export const Customer360Query = graphql(`
  query Customer360($id: ID!, $withPersonalData: Boolean!) {
    customer(id: $id) {
      id
      ...CustomerProfile
      # Personal data: asked for only when the caller's role may see it (a VIEWER would get FORBIDDEN).
      email @include(if: $withPersonalData)
      phone @include(if: $withPersonalData)
      createdAt
      experienceGap {
        averageExpectedQuality
        averagePerceivedQuality
        gap
        interactionCount
      }
      owners {
        id
        name
        team
      }
      knownBy(first: 5) {
        employee {
          id
          name
          team
        }
        score
        reason
      }
      heldNeeds {
        intensity
        since
        need {
          id
          version
          title
          kind
          status
          priority
        }
      }
      insights(first: 50) {
        totalCount
        edges {
          node {
            id
            title
            status
            confidence
            version
            updatedAt
            author {
              id
              name
            }
            learnedBy
          }
        }
      }
    }
  }
`);

// Every subscription declares `$after` and selects `cursor`: after a reconnect it resumes from its
// last event (resume.ts sets `after`; the page passes only its own variables).
const InteractionLive = graphql(`
  subscription CustomerInteractionLive($customerId: ID!, $after: String) {
    interactionRecorded(customerId: $customerId, after: $after) {
      cursor
      at
      actor {
        id
        name
      }
      interaction {
        id
        summary
      }
    }
  }
`);

const NeedLive = graphql(`
  subscription CustomerNeedLive($customerId: ID!, $after: String) {
    needRaised(customerId: $customerId, after: $after) {
      cursor
      at
      actor {
        id
      }
      need {
        id
        title
      }
    }
  }
`);

const InsightLive = graphql(`
  subscription CustomerInsightLive($customerId: ID!, $after: String) {
    insightChanged(customerId: $customerId, after: $after) {
      cursor
      kind
      at
      actor {
        id
        name
      }
      insight {
        id
        title
        status
        confidence
        version
        updatedAt
      }
    }
  }
`);

/** A correction in words, after the record: "This customer merged with another". */
const RECORD_CHANGE_WORDS: Record<string, string> = {
  EDITED: 'edited',
  LINKED: 'linked',
  UNLINKED: 'unlinked',
  DELETED: 'deleted',
  RESTORED: 'restored',
  MERGED: 'took over a merged record',
  MERGED_INTO: 'merged into another',
};

/** The tabs of the customer 360, in the order a person reads them; the first is shown by default. */
const TABS = [
  { key: 'overview', label: 'Overview' },
  { key: 'timeline', label: 'Timeline' },
  { key: 'needs', label: 'Needs' },
  { key: 'insights', label: 'Insights' },
  { key: 'neighbourhood', label: 'Neighbourhood' },
] as const;
const DEFAULT_TAB = 'overview';

/**
 * Customer 360. First what a person reads first: the name, health with what makes it up, value, and
 * who owns and knows the customer (writers assign and remove owners there). Then tabs, kept in the
 * address: Overview (the profile, edited in place, and its history), Timeline (interactions, and
 * the form to record one), Needs (status, link, unlink, record), Insights (and the form to propose
 * one), Neighbourhood (the graph). A VIEWER is offered no change. New interactions, needs and
 * insight changes arrive live.
 */
export function Customer360() {
  const { id = '' } = useParams();
  const { session } = useSession();
  // Arriving from a merge (the duplicates page): say what was merged into this customer.
  const location = useLocation();
  const mergedHere = (location.state as { merged?: string } | null)?.merged;
  // The tab shown is kept in the address (?tab=needs): a link or a reload lands on it.
  const [search, setSearch] = useSearchParams();
  const asked = search.get('tab');
  const tab = TABS.some((t) => t.key === asked) ? asked! : DEFAULT_TAB;
  const [editing, setEditing] = useState(false);
  const { data, loading, error, refetch } = useQuery(Customer360Query, { variables: { id, withPersonalData: canWrite(session) } });
  // Ids of what arrived live since the page was opened, to mark them.
  const [live, setLive] = useState<{ interactions: Set<string>; needs: Set<string>; insights: Set<string>; last: string | null }>({
    interactions: new Set(),
    needs: new Set(),
    insights: new Set(),
    last: null,
  });
  const [timelineVersion, setTimelineVersion] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const [deleted, setDeleted] = useState<string | null>(null);
  const [deleteCustomer] = useMutation(DeleteCustomer);
  // Reads the customer and its timeline again: after a form of this page wrote, or news arrived.
  const refresh = () => {
    setTimelineVersion((v) => v + 1);
    void refetch();
  };
  // Something arrived live. The signed-in employee's own writes come back too: the form that made
  // them has refreshed already, and they are no news to its author.
  const arrived = (kind: 'interactions' | 'needs' | 'insights', itemId: string, text: string, actorId: string | undefined) => {
    if (actorId === session?.employeeId) return;
    setLive((l) => ({ ...l, [kind]: new Set(l[kind]).add(itemId), last: text }));
    refresh();
  };

  useSubscription(InteractionLive, {
    variables: { customerId: id },
    onData: ({ data: event }) => {
      const e = event.data?.interactionRecorded;
      if (e) arrived('interactions', e.interaction.id, `New interaction: ${e.interaction.summary}`, e.actor?.id);
    },
  });
  useSubscription(NeedLive, {
    variables: { customerId: id },
    onData: ({ data: event }) => {
      const e = event.data?.needRaised;
      if (e) arrived('needs', e.need.id, `New need: ${e.need.title}`, e.actor?.id);
    },
  });
  // Corrections by others (an interaction edited or deleted, the customer merged or restored...).
  useSubscription(CustomerRecordsLive, {
    variables: { customerId: id },
    onData: ({ data: event }) => {
      const e = event.data?.recordChanged;
      if (!e || e.actor?.id === session?.employeeId) return;
      const what = e.recordType === 'CUSTOMER' ? 'This customer' : `${format.words(e.recordType)}`;
      const did = RECORD_CHANGE_WORDS[e.kind] ?? format.words(e.kind).toLowerCase();
      setLive((l) => ({ ...l, last: `${what} ${did}${e.actor ? ` by ${e.actor.name}` : ''}` }));
      refresh();
    },
  });
  useSubscription(InsightLive, {
    variables: { customerId: id },
    onData: ({ data: event }) => {
      const e = event.data?.insightChanged;
      const who = e?.actor ? ` by ${e.actor.name}` : '';
      if (e) arrived('insights', e.insight.id, `Insight ${format.words(e.kind).toLowerCase()}${who}: ${e.insight.title}`, e.actor?.id);
    },
  });

  if (deleted) {
    return (
      <section>
        <h1>Customer deleted</h1>
        <p className="notice notice-info" role="status" data-testid="customer-deleted">
          “{deleted}” was deleted, with what went with it. An ADMIN can restore it from Recently deleted.
        </p>
        <p>
          <Link to="/">Back to customers</Link>
        </p>
      </section>
    );
  }
  if (loading && !data) return <Loading what="the customer" />;
  if (error && !data) return <ErrorNotice error={error} action={<Link to="/">Back to customers</Link>} />;
  const c = data?.customer;
  if (!c) {
    return (
      <section>
        <h1>Customer not found</h1>
        <p className="empty">
          No customer has the id “{id}”. It may have been erased. <Link to="/">Find a customer</Link>.
        </p>
      </section>
    );
  }

  const writer = canWrite(session);
  const showTab = (key: string) => {
    const next = new URLSearchParams(search);
    if (key === DEFAULT_TAB) next.delete('tab');
    else next.set('tab', key);
    setSearch(next, { replace: true, state: location.state });
  };

  return (
    <article aria-labelledby="customer-name" className="customer-360">
      <header className="customer-head">
        <p>
          <Link to="/">← Customers</Link>
        </p>
        <h1 id="customer-name">{c.name}</h1>
        <p className="muted">
          {c.kind === 'PERSON' ? 'Person' : 'Organisation'} · {format.words(c.lifecycleStage)} · {format.words(c.relationshipType)}{' '}
          relationship
          {c.segment ? ` · ${c.segment.name}` : ''}
          {c.organization ? (
            <>
              {' '}
              · works for <Link to={`/customers/${c.organization.id}`}>{c.organization.name}</Link>
            </>
          ) : null}
        </p>
        {c.id !== id ? (
          <p className="notice notice-info" role="status" data-testid="merged-redirect">
            The customer you opened was merged into {c.name}, which stands for it now.
          </p>
        ) : null}
        {mergedHere ? (
          <p className="notice notice-info" role="status" data-testid="merged-notice">
            Merged “{mergedHere}” into {c.name}: its interactions, needs, insights and links are here now, and its details are kept in the
            history.
          </p>
        ) : null}
        {live.last ? (
          <p className="notice notice-info" role="status" data-testid="live-update">
            <LiveMarker label="live" /> {live.last}
          </p>
        ) : null}
        <ErrorNotice error={error} />
        {writer ? null : (
          <p className="notice notice-info">
            Your role ({session?.roles.join(', ') || 'none'}) reads customer knowledge; recording it needs ANALYST or ADMIN.
          </p>
        )}

        <div className="grid">
          <section className="card" aria-labelledby="health-title" data-testid="customer-health">
            <h2 id="health-title">Health</h2>
            {c.health ? (
              <>
                <p>
                  <strong className="health-score" data-testid="health-score">
                    {c.health.score}
                  </strong>{' '}
                  / 100{c.healthStatus ? ` · ${format.words(c.healthStatus)}` : ''}{' '}
                  <span className="muted">as of {format.dateTime(c.health.asOf)}</span>
                </p>
                <table aria-label="Health components">
                  <caption className="muted">The score is the sum of the points: each component&apos;s score times its weight.</caption>
                  <thead>
                    <tr>
                      <th>Component</th>
                      <th className="num">Score</th>
                      <th className="num">Weight</th>
                      <th className="num">Points</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.health.components.map((h) => (
                      <tr key={h.name}>
                        <td title={h.description}>{format.words(h.name)}</td>
                        <td className="num">{format.percent(h.score)}</td>
                        <td className="num">{format.percent(h.weight)}</td>
                        <td className="num">{h.points.toFixed(1)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <details className="health-explained">
                  <summary>What each component measures</summary>
                  <dl className="kv">
                    {c.health.components.map((h) => (
                      <div key={h.name}>
                        <dt>{format.words(h.name)}</dt>
                        <dd>{h.description}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
              </>
            ) : (
              <Empty>No health score: the customer has not consented to analytics.</Empty>
            )}
            {c.experienceGap && c.experienceGap.gap !== null && c.experienceGap.gap !== undefined ? (
              <p>
                Experience: expected {c.experienceGap.averageExpectedQuality?.toFixed(1)}, perceived{' '}
                {c.experienceGap.averagePerceivedQuality?.toFixed(1)} (gap {c.experienceGap.gap.toFixed(1)},{' '}
                {c.experienceGap.interactionCount} rated interactions)
              </p>
            ) : null}
          </section>
          <section className="card" aria-labelledby="value-title" data-testid="customer-value">
            <h2 id="value-title">Value</h2>
            <dl className="kv">
              <dt>Revenue (12 months)</dt>
              <dd>{format.money(c.revenue)}</dd>
              <dt>Cost to serve</dt>
              <dd>{format.money(c.costToServe)}</dd>
              <dt>Profitability</dt>
              <dd>{format.money(c.profitability)}</dd>
              <dt>Lifetime value</dt>
              <dd>{format.money(c.lifetimeValue)}</dd>
              <dt>Value quadrant</dt>
              <dd>{c.valueQuadrant ? format.words(c.valueQuadrant) : <span className="muted">no analytics consent</span>}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="people-title">
            <h2 id="people-title">Who owns and knows them</h2>
            <Owners customerId={c.id} owners={c.owners} canChange={writer} />
            <h3>Knows them best</h3>
            {c.knownBy?.length ? (
              <ul className="plain">
                {c.knownBy.map((k) => (
                  <li key={k.employee.id}>
                    {k.employee.name} <span className="muted">· {k.reason}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>{c.knownBy ? 'Nobody has dealt with them yet.' : 'Not shown: no analytics consent.'}</Empty>
            )}
          </section>
        </div>
      </header>

      <Tabs
        label={`About ${c.name}`}
        idPrefix="customer"
        tabs={TABS.map((t) => ({
          key: t.key,
          label:
            t.key === 'needs' ? `Needs (${c.heldNeeds.length})` : t.key === 'insights' ? `Insights (${c.insights.totalCount})` : t.label,
        }))}
        selected={tab}
        onSelect={showTab}
      >
        {tab === 'overview' ? (
          <div className="grid">
            <section className="card" aria-labelledby="profile-title" data-testid="customer-profile">
              <h2 id="profile-title">Profile</h2>
              {editing && writer ? (
                <ProfileForm customer={c} reload={() => refetch()} onDone={() => setEditing(false)} />
              ) : (
                <>
                  <dl className="kv">
                    <dt>Name</dt>
                    <dd>{c.name}</dd>
                    <dt>Kind</dt>
                    <dd>{c.kind === 'PERSON' ? 'Person' : 'Organisation'}</dd>
                    <dt>Lifecycle stage</dt>
                    <dd>{format.words(c.lifecycleStage)}</dd>
                    <dt>Relationship</dt>
                    <dd>{format.words(c.relationshipType)}</dd>
                    <dt>Segment</dt>
                    <dd>{c.segment?.name ?? <span className="muted">none</span>}</dd>
                    {c.kind === 'PERSON' ? (
                      <>
                        <dt>Organisation</dt>
                        <dd>{c.organization?.name ?? <span className="muted">none</span>}</dd>
                      </>
                    ) : null}
                    <dt>Email</dt>
                    <dd>{c.email ?? <span className="muted">{writer ? 'none' : 'hidden for your role'}</span>}</dd>
                    <dt>Phone</dt>
                    <dd>{c.phone ?? <span className="muted">{writer ? 'none' : 'hidden for your role'}</span>}</dd>
                    <dt>Consent</dt>
                    <dd>
                      analytics {c.consent.analytics ? 'yes' : 'no'}, contact {c.consent.contact ? 'yes' : 'no'}
                    </dd>
                    <dt>Customer since</dt>
                    <dd>{format.date(c.createdAt)}</dd>
                    <dt>Version</dt>
                    <dd>{c.version}</dd>
                  </dl>
                  {writer ? (
                    <button type="button" onClick={() => setEditing(true)}>
                      Edit profile
                    </button>
                  ) : null}
                </>
              )}
            </section>
            <section className="card" aria-labelledby="record-history-title" data-testid="customer-record">
              <h2 id="record-history-title">History of this customer</h2>
              <p className="muted">
                Every correction of its profile, deletion, restore and merge, with what it replaced, who made it and when.
              </p>
              <CustomerHistoryDisclosure id={c.id} version={c.version} />
              {writer ? (
                deleting ? (
                  <DeleteConfirm
                    what={`the customer “${c.name}”`}
                    consequence="Its interactions and the insights about it alone go with it; its contacts, account owners and needs stay."
                    onCancel={() => setDeleting(false)}
                    onDelete={async (reason) => {
                      await deleteCustomer({ variables: { input: { id: c.id, reason } } });
                      setDeleted(c.name);
                    }}
                  />
                ) : (
                  <div className="row correction-actions">
                    <button type="button" className="danger" onClick={() => setDeleting(true)}>
                      Delete customer
                    </button>
                  </div>
                )
              ) : null}
            </section>
          </div>
        ) : tab === 'timeline' ? (
          <>
            <Timeline customerId={c.id} liveIds={live.interactions} version={timelineVersion} canCorrect={writer} onChanged={refresh} />
            {writer ? (
              <div className="card">
                <InteractionForm customerId={c.id} onChanged={refresh} />
              </div>
            ) : null}
          </>
        ) : tab === 'needs' ? (
          <div className="grid">
            <CustomerNeeds customerId={c.id} customerName={c.name} held={c.heldNeeds} liveIds={live.needs} canChange={writer} />
            {writer ? (
              <div className="card">
                <NeedForm customerId={c.id} onChanged={refresh} />
              </div>
            ) : null}
          </div>
        ) : tab === 'insights' ? (
          <div className="grid">
            <section className="card" aria-labelledby="insights-title" data-testid="customer-insights">
              <h2 id="insights-title">Insights ({c.insights.totalCount})</h2>
              {c.insights.edges.length ? (
                <ul className="plain">
                  {c.insights.edges.map(({ node: i }) => (
                    <li key={i.id}>
                      <Link to={`/insights/${i.id}`}>{i.title}</Link>
                      {live.insights.has(i.id) ? <LiveMarker /> : null}
                      <div className="muted">
                        <span className={`badge status-${i.status}`}>{format.words(i.status)}</span> · confidence{' '}
                        {format.percent(i.confidence)} ·{' '}
                        {i.author ? i.author.name : i.learnedBy ? `learned (${format.words(i.learnedBy).toLowerCase()})` : 'unknown author'}{' '}
                        · v{i.version} · {format.date(i.updatedAt)}
                      </div>
                    </li>
                  ))}
                </ul>
              ) : (
                <Empty>Nothing learned about this customer yet.</Empty>
              )}
            </section>
            {writer ? (
              <div className="card">
                <InsightForm customerId={c.id} onChanged={refresh} />
              </div>
            ) : null}
          </div>
        ) : (
          <section className="card" aria-labelledby="graph-title">
            <h2 id="graph-title">Neighbourhood</h2>
            <Suspense fallback={<Loading what="the graph drawing" />}>
              <NeighbourhoodGraph customerId={c.id} />
            </Suspense>
          </section>
        )}
      </Tabs>
    </article>
  );
}
