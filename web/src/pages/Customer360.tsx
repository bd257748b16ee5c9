import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { lazy, Suspense, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { graphql } from '../gql';
import { Empty, ErrorNotice, format, LiveMarker, Loading } from '../components/Status';
import { Timeline } from '../components/customer/Timeline';
import { KnowledgeForms } from '../components/customer/KnowledgeForms';
import { DeleteConfirm } from '../components/corrections/DeleteConfirm';
import { CustomerHistoryDisclosure, NeedHistoryDisclosure } from '../components/corrections/History';
import { CustomerRecordsLive, DeleteCustomer } from '../components/corrections/operations';
// The graph-drawing library is loaded with the first customer 360 shown, not with the sign-in page.
const NeighbourhoodGraph = lazy(() => import('../components/NeighbourhoodGraph').then((m) => ({ default: m.NeighbourhoodGraph })));
import { canWrite, useSession } from '../session';

export const Customer360Query = graphql(`
  query Customer360($id: ID!, $withPersonalData: Boolean!) {
    customer(id: $id) {
      id
      version
      name
      kind
      # Personal data: asked for only when the caller's role may see it (a VIEWER would get FORBIDDEN).
      email @include(if: $withPersonalData)
      phone @include(if: $withPersonalData)
      lifecycleStage
      relationshipType
      createdAt
      consent {
        analytics
        contact
      }
      segment {
        id
        name
      }
      organization {
        id
        name
      }
      revenue
      costToServe
      profitability
      lifetimeValue
      valueQuadrant
      health {
        score
        asOf
        components {
          name
          description
          score
          weight
          points
        }
      }
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

/**
 * Customer 360: who the customer is and what they are worth (about), what they told us, need and
 * taught us (from), who knows them, their neighbourhood in the graph, and, for writers, forms
 * to record what just happened. New interactions, needs and insight changes arrive live.
 */
export function Customer360() {
  const { id = '' } = useParams();
  const { session } = useSession();
  // Arriving from a merge (the duplicates page): say what was merged into this customer.
  const mergedHere = (useLocation().state as { merged?: string } | null)?.merged;
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

  return (
    <article aria-labelledby="customer-name" className="customer-360">
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

      <div className="grid">
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
        <section className="card" aria-labelledby="health-title">
          <h2 id="health-title">Health</h2>
          {c.health ? (
            <>
              <p>
                <strong className="health-score" data-testid="health-score">
                  {c.health.score}
                </strong>{' '}
                / 100 <span className="muted">as of {format.dateTime(c.health.asOf)}</span>
              </p>
              <table aria-label="Health components">
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
        <section className="card" aria-labelledby="people-title">
          <h2 id="people-title">Who owns and knows them</h2>
          <h3>Account owners</h3>
          {c.owners.length ? (
            <ul className="plain">
              {c.owners.map((o) => (
                <li key={o.id}>
                  {o.name} <span className="muted">· {o.team}</span>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No account owner.</Empty>
          )}
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
          <h3>Contact</h3>
          <dl className="kv">
            <dt>Email</dt>
            <dd>{c.email ?? <span className="muted">{canWrite(session) ? 'none' : 'hidden for your role'}</span>}</dd>
            <dt>Phone</dt>
            <dd>{c.phone ?? <span className="muted">{canWrite(session) ? 'none' : 'hidden for your role'}</span>}</dd>
            <dt>Consent</dt>
            <dd>
              analytics {c.consent.analytics ? 'yes' : 'no'}, contact {c.consent.contact ? 'yes' : 'no'}
            </dd>
          </dl>
        </section>
      </div>

      <div className="grid">
        <section className="card" aria-labelledby="needs-title" data-testid="customer-needs">
          <h2 id="needs-title">Needs</h2>
          {c.heldNeeds.length ? (
            <ul className="plain">
              {c.heldNeeds.map((h) => (
                <li key={h.need.id}>
                  <strong>{h.need.title}</strong>
                  {live.needs.has(h.need.id) ? <LiveMarker /> : null}
                  <div className="muted">
                    {format.words(h.need.kind)} · {format.words(h.need.priority)} priority · {format.words(h.need.status)} · intensity{' '}
                    {format.percent(h.intensity)}
                    {h.since ? ` · since ${format.date(h.since)}` : ''}
                  </div>
                  <NeedHistoryDisclosure id={h.need.id} version={h.need.version} label={h.need.title} />
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No needs recorded yet.</Empty>
          )}
        </section>
        <section className="card" aria-labelledby="insights-title" data-testid="customer-insights">
          <h2 id="insights-title">Insights ({c.insights.totalCount})</h2>
          {c.insights.edges.length ? (
            <ul className="plain">
              {c.insights.edges.map(({ node: i }) => (
                <li key={i.id}>
                  <Link to={`/insights/${i.id}`}>{i.title}</Link>
                  {live.insights.has(i.id) ? <LiveMarker /> : null}
                  <div className="muted">
                    <span className={`badge status-${i.status}`}>{format.words(i.status)}</span> · confidence {format.percent(i.confidence)}{' '}
                    · {i.author ? i.author.name : i.learnedBy ? `learned (${format.words(i.learnedBy).toLowerCase()})` : 'unknown author'} ·
                    v{i.version} · {format.date(i.updatedAt)}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>Nothing learned about this customer yet.</Empty>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="graph-title">
        <h2 id="graph-title">Neighbourhood</h2>
        <Suspense fallback={<Loading what="the graph drawing" />}>
          <NeighbourhoodGraph customerId={c.id} />
        </Suspense>
      </section>

      <Timeline
        customerId={c.id}
        liveIds={live.interactions}
        version={timelineVersion}
        canCorrect={canWrite(session)}
        onChanged={refresh}
      />

      <section className="card" aria-labelledby="record-history-title" data-testid="customer-record">
        <h2 id="record-history-title">History of this customer</h2>
        <p className="muted">Every correction of its profile, deletion, restore and merge, with what it replaced, who made it and when.</p>
        <CustomerHistoryDisclosure id={c.id} version={c.version} />
        {canWrite(session) ? (
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

      {canWrite(session) ? (
        <KnowledgeForms customerId={c.id} customerName={c.name} onChanged={refresh} />
      ) : (
        <p className="notice notice-info">
          Your role ({session?.roles.join(', ') || 'none'}) reads customer knowledge; recording it needs ANALYST or ADMIN.
        </p>
      )}
    </article>
  );
}
