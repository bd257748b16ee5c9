import { useQuery } from '@apollo/client/react';
import { memo, useEffect, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../gql';
import type { Channel, CustomerFilter } from '../gql/graphql';
import { Empty, ErrorNotice, format, Loading } from '../components/Status';
import { NeedTrendsChart, type NeedTrendRow } from '../components/charts/NeedTrendsChart';
import { ValueQuadrantChart, QUADRANTS, type QuadrantCustomer } from '../components/charts/ValueQuadrantChart';
import { QualityGapChart, signed } from '../components/charts/QualityGapChart';

/** The windows offered, in days; the demo data is sparse in the last 30 days, so 90 is the default. */
const WINDOWS = [30, 90, 365] as const;
const DEFAULT_WINDOW = 90;
const CHANNELS: Channel[] = ['CHAT', 'EMAIL', 'MEETING', 'PHONE', 'SOCIAL', 'SURVEY', 'VIDEO_CALL', 'WEB'];
const HEALTH_THRESHOLDS = [30, 50, 70];
/** At-risk customers shown at first, and the most the list grows to (the API's limit). */
const AT_RISK_PAGE = 10;
const AT_RISK_MAX = 100;

const DashboardSegments = graphql(`
  query DashboardSegments {
    segments(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const DashboardNeedTrends = graphql(`
  query DashboardNeedTrends($window: TimeWindowInput!, $segmentId: ID) {
    needTrends(window: $window, segmentId: $segmentId, first: 10) {
      window {
        start
        end
      }
      previousWindow {
        start
        end
      }
      trends {
        need {
          id
          title
        }
        customerCount
        previousCustomerCount
        growth
        interactionCount
      }
    }
  }
`);

/**
 * The portfolio as both the portfolio and the value-quadrant panels read it. Portfolio has no id,
 * so the cache keeps one object per segment: two queries asking for different fields of it would
 * overwrite each other's and refetch in turn. One shared selection avoids that.
 */
export const DashboardPortfolioFields = graphql(`
  fragment DashboardPortfolioFields on Portfolio {
    customerCount
    customerEquity
    totalRevenue
    totalCostToServe
    totalProfit
    topFifthCustomerCount
    topFifthProfitShare
    medianRevenue
    medianCostToServe
    byLifecycleStage {
      stage
      customerCount
    }
    byRelationshipType {
      relationshipType
      customerCount
    }
  }
`);

const DashboardPortfolio = graphql(`
  query DashboardPortfolio($segmentId: ID) {
    portfolio(segmentId: $segmentId) {
      ...DashboardPortfolioFields
    }
  }
`);

const DashboardValueQuadrant = graphql(`
  query DashboardValueQuadrant($segmentId: ID, $filter: CustomerFilter) {
    portfolio(segmentId: $segmentId) {
      ...DashboardPortfolioFields
    }
    customers(first: 100, filter: $filter, orderBy: { field: REVENUE, direction: DESC }) {
      totalCount
      edges {
        node {
          id
          name
          revenue
          costToServe
          valueQuadrant
        }
      }
    }
  }
`);

const DashboardExperience = graphql(`
  query DashboardExperience($window: TimeWindowInput!, $segmentId: ID, $channel: Channel) {
    experienceByTouchpoint(window: $window, segmentId: $segmentId, channel: $channel) {
      touchpoint
      channel
      interactionCount
      qualityCount
      averageExpectedQuality
      averagePerceivedQuality
      gap
      averageSentiment
    }
  }
`);

const DashboardAtRisk = graphql(`
  query DashboardAtRisk($healthBelow: Int!, $segmentId: ID, $first: Int!) {
    atRiskCustomers(healthBelow: $healthBelow, segmentId: $segmentId, first: $first) {
      customer {
        id
        name
        lifecycleStage
        segment {
          id
          name
        }
      }
      health {
        score
      }
      explanation
    }
  }
`);

/** The page-wide filters: a segment (or all customers) and a window in days. */
interface Filters {
  segmentId: string | null;
  days: number;
}

/** The filters an address asks for; unknown windows fall back to the default. */
function readFilters(params: URLSearchParams): Filters {
  const days = Number(params.get('days'));
  return { segmentId: params.get('segment') || null, days: (WINDOWS as readonly number[]).includes(days) ? days : DEFAULT_WINDOW };
}

/**
 * What the page-wide filters say, passed to a panel as plain values: panels are memoised, so a
 * new window re-renders only the panels that use one.
 */
interface SegmentProps {
  segmentId: string | null;
  /** The segment's name for sentences, or "all customers". */
  segmentName: string;
}
interface WindowedProps extends SegmentProps {
  days: number;
}

/**
 * Dashboards for knowledge workers: need trends, the value quadrants, the portfolio, the
 * experience by touchpoint and the customers at risk, for one segment (or all) and one window.
 * The filters live in the address (?segment=…&days=…) so a view can be shared. Each panel runs its
 * own query, so a slow one does not hold the others.
 */
export function Dashboards() {
  const [params, setParams] = useSearchParams();
  const address = params.toString();
  // The filters are state of their own, mirrored into the address. BrowserRouter applies address
  // changes in a React transition; query variables changed inside a transition make Apollo's
  // useQuery refetch the old and the new variables in turn until the transition happens to commit
  // (seconds, here). A plain state update commits at once; the address follows.
  const [filters, setFilters] = useState(() => readFilters(params));
  useEffect(() => {
    // The address changed by itself (back, forward, a shared link): follow it.
    const next = readFilters(new URLSearchParams(address));
    setFilters((prev) => (prev.segmentId === next.segmentId && prev.days === next.days ? prev : next));
  }, [address]);
  const segments = useQuery(DashboardSegments);
  const { segmentId, days } = filters;
  const segmentList = segments.data?.segments.edges.map((e) => e.node) ?? [];
  const segmentName = segmentId ? (segmentList.find((s) => s.id === segmentId)?.name ?? 'the chosen segment') : 'all customers';

  const change = (next: Filters) => {
    setFilters(next);
    // From the live address, not a render's copy of it, so two quick changes both stay.
    const search = new URLSearchParams(window.location.search);
    if (next.segmentId) search.set('segment', next.segmentId);
    else search.delete('segment');
    if (next.days !== DEFAULT_WINDOW) search.set('days', String(next.days));
    else search.delete('days');
    setParams(search, { replace: true });
  };

  return (
    <div className="dashboards">
      <h1>Dashboards</h1>
      <form className="card row dash-filters" aria-label="Dashboard filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="dash-segment">Segment</label>
          <select id="dash-segment" value={segmentId ?? ''} onChange={(e) => change({ ...filters, segmentId: e.target.value || null })}>
            <option value="">All customers</option>
            {segmentList.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="dash-window">Window</label>
          <select id="dash-window" value={days} onChange={(e) => change({ ...filters, days: Number(e.target.value) })}>
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </div>
        <p className="muted dash-filter-note">
          The window applies to need trends and experience; the portfolio, value quadrants and health are as of today.
        </p>
        {segments.error ? <ErrorNotice error={segments.error} /> : null}
      </form>
      <div className="dash-grid">
        <PortfolioPanel segmentId={segmentId} segmentName={segmentName} />
        <NeedTrendsPanel segmentId={segmentId} segmentName={segmentName} days={days} />
        <AtRiskPanel segmentId={segmentId} segmentName={segmentName} />
        <ValueQuadrantPanel segmentId={segmentId} segmentName={segmentName} />
        <ExperiencePanel segmentId={segmentId} segmentName={segmentName} days={days} />
      </div>
    </div>
  );
}

/** A dashboard panel: a titled, labelled section that browser tests find by its test id (styles.css places it by that id too). */
function Panel(props: { id: string; title: string; tools?: ReactNode; busy?: boolean; children: ReactNode }) {
  return (
    <section className="card dash-panel" aria-labelledby={`${props.id}-title`} aria-busy={props.busy || undefined} data-testid={props.id}>
      <div className="dash-panel-head">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        {props.busy ? <span className="spinner" role="status" aria-label="Updating" /> : null}
        {props.tools ? <div className="row dash-panel-tools">{props.tools}</div> : null}
      </div>
      {props.children}
    </section>
  );
}

/** "4 Sep 2026 – 3 Dec 2026": a window the API reports. */
const windowText = (w: { start: string; end: string }) => `${format.date(w.start)} – ${format.date(w.end)}`;

/** A sentence start: the first letter in capitals, the rest as it is (segment names keep theirs). */
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const NeedTrendsPanel = memo(function NeedTrendsPanel({ segmentId, segmentName, days }: WindowedProps) {
  const { data, previousData, loading, error, refetch } = useQuery(DashboardNeedTrends, {
    variables: { window: { days: days }, segmentId: segmentId },
  });
  const report = (data ?? previousData)?.needTrends;
  const rows: NeedTrendRow[] =
    report?.trends.map((t) => ({
      id: t.need.id,
      title: t.need.title,
      customers: t.customerCount,
      previousCustomers: t.previousCustomerCount,
      interactions: t.interactionCount,
      growth: t.growth ?? null,
    })) ?? [];
  return (
    <Panel id="need-trends" title="Need trends" busy={loading && !!report}>
      <p className="muted">
        The needs that most customers expressed in the last {days} days{report ? ` (${windowText(report.window)})` : ''}, compared with the{' '}
        {days} days before{report ? ` (${windowText(report.previousWindow)})` : ''}. Scope: {segmentName}, without customers who gave no
        analytics consent.
      </p>
      <ErrorNotice error={error} onRetry={refetch} />
      {!report && loading ? <Loading what="need trends" /> : null}
      {report && rows.length === 0 ? <Empty>No need was expressed in this window. Try a longer window or another segment.</Empty> : null}
      {rows.length > 0 ? <NeedTrendsChart rows={rows} windowLabel={`last ${days} days`} previousLabel={`${days} days before`} /> : null}
    </Panel>
  );
});

const PortfolioPanel = memo(function PortfolioPanel({ segmentId, segmentName }: SegmentProps) {
  const { data, previousData, loading, error, refetch } = useQuery(DashboardPortfolio, { variables: { segmentId: segmentId } });
  const p = (data ?? previousData)?.portfolio;
  return (
    <Panel id="portfolio" title="Portfolio" busy={loading && !!p}>
      <p className="muted">{capital(segmentName)} with analytics consent, as of today; money in EUR per year.</p>
      <ErrorNotice error={error} onRetry={refetch} />
      {!p && loading ? <Loading what="the portfolio" /> : null}
      {p && p.customerCount === 0 ? <Empty>No customer with analytics consent here, so there is nothing to sum up.</Empty> : null}
      {p && p.customerCount > 0 ? (
        <dl className="kv dash-kv">
          <dt>Customers</dt>
          <dd>{p.customerCount}</dd>
          <dt>Customer equity</dt>
          <dd>
            {format.money(p.customerEquity)} <span className="muted">(sum of lifetime values)</span>
          </dd>
          <dt>Revenue</dt>
          <dd>{format.money(p.totalRevenue)}</dd>
          <dt>Cost to serve</dt>
          <dd>{format.money(p.totalCostToServe)}</dd>
          <dt>Profit</dt>
          <dd>{format.money(p.totalProfit)}</dd>
          <dt>20/80 check</dt>
          <dd>
            {p.topFifthProfitShare === null || p.topFifthProfitShare === undefined ? (
              <span className="muted">not meaningful: total profit is not positive</span>
            ) : (
              <>
                The most profitable {p.topFifthCustomerCount} {p.topFifthCustomerCount === 1 ? 'customer' : 'customers'} (top 20%) make{' '}
                <strong>{format.percent(p.topFifthProfitShare)}</strong> of the profit
                {p.topFifthProfitShare > 1 ? <span className="muted"> (more than all of it: the others lose money together)</span> : null}
              </>
            )}
          </dd>
          <dt>Median revenue</dt>
          <dd>
            {format.money(p.medianRevenue)} <span className="muted">(all customers)</span>
          </dd>
          <dt>Median cost to serve</dt>
          <dd>
            {format.money(p.medianCostToServe)} <span className="muted">(all customers)</span>
          </dd>
          <dt>Lifecycle stages</dt>
          <dd>{p.byLifecycleStage.map((s) => `${format.words(s.stage)} ${s.customerCount}`).join(' · ')}</dd>
          <dt>Relationships</dt>
          <dd>{p.byRelationshipType.map((r) => `${format.words(r.relationshipType)} ${r.customerCount}`).join(' · ')}</dd>
        </dl>
      ) : null}
    </Panel>
  );
});

const ValueQuadrantPanel = memo(function ValueQuadrantPanel({ segmentId, segmentName }: SegmentProps) {
  const filter: CustomerFilter = segmentId ? { segmentId: segmentId } : {};
  const { data, previousData, loading, error, refetch } = useQuery(DashboardValueQuadrant, { variables: { segmentId: segmentId, filter } });
  const shown = data ?? previousData;
  const all = shown?.customers.edges.map((e) => e.node) ?? [];
  // Customers without analytics consent have no quadrant: they are counted, not drawn.
  const placed: QuadrantCustomer[] = all.flatMap((c) =>
    c.valueQuadrant ? [{ id: c.id, name: c.name, revenue: c.revenue, costToServe: c.costToServe, quadrant: c.valueQuadrant }] : [],
  );
  const unplaced = all.length - placed.length;
  const total = shown?.customers.totalCount ?? 0;
  return (
    <Panel id="value-quadrant" title="Value quadrants" busy={loading && !!shown}>
      <p className="muted">
        {capital(segmentName)} by revenue against cost to serve, as of today. &ldquo;High&rdquo; means at or above the median of all
        customers. {QUADRANTS.map((q) => `${q.label}: ${q.advice}.`).join(' ')}
      </p>
      <ErrorNotice error={error} onRetry={refetch} />
      {!shown && loading ? <Loading what="the value quadrants" /> : null}
      {shown && placed.length === 0 ? <Empty>No customer with analytics consent here, so none can be placed.</Empty> : null}
      {placed.length > 0 ? (
        <>
          <ValueQuadrantChart
            customers={placed}
            medianRevenue={shown?.portfolio.medianRevenue ?? null}
            medianCostToServe={shown?.portfolio.medianCostToServe ?? null}
          />
          {unplaced > 0 || total > all.length ? (
            <p className="muted">
              {unplaced > 0
                ? `${unplaced} ${unplaced === 1 ? 'customer' : 'customers'} without analytics consent ${unplaced === 1 ? 'is' : 'are'} not shown. `
                : ''}
              {total > all.length ? `Showing the ${all.length} customers with the highest revenue of ${total}.` : ''}
            </p>
          ) : null}
        </>
      ) : null}
    </Panel>
  );
});

const ExperiencePanel = memo(function ExperiencePanel({ segmentId, segmentName, days }: WindowedProps) {
  const [channel, setChannel] = useState<Channel | ''>('');
  const { data, previousData, loading, error, refetch } = useQuery(DashboardExperience, {
    variables: { window: { days: days }, segmentId: segmentId, channel: channel || null },
  });
  const rows = (data ?? previousData)?.experienceByTouchpoint;
  const gaps = (rows ?? []).flatMap((r) =>
    r.gap === null || r.gap === undefined
      ? []
      : [{ label: `${format.words(r.touchpoint)} · ${format.words(r.channel)}`, gap: r.gap, qualityCount: r.qualityCount }],
  );
  const quality = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toFixed(2));
  return (
    <Panel
      id="experience-by-touchpoint"
      title="Experience by touchpoint"
      busy={loading && !!rows}
      tools={
        <div className="field">
          <label htmlFor="dash-channel">Channel</label>
          <select id="dash-channel" value={channel} onChange={(e) => setChannel(e.target.value as Channel | '')}>
            <option value="">All channels</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {format.words(c)}
              </option>
            ))}
          </select>
        </div>
      }
    >
      <p className="muted">
        Interactions with {segmentName} in the last {days} days, by touchpoint and channel: expected and perceived quality (1–5), their gap
        (perceived minus expected: below 0 falls short) and the mean sentiment (−1 to 1).
      </p>
      <ErrorNotice error={error} onRetry={refetch} />
      {!rows && loading ? <Loading what="the experience by touchpoint" /> : null}
      {rows && rows.length === 0 ? (
        <Empty>No interaction in this window. Try a longer window, another channel or another segment.</Empty>
      ) : null}
      {rows && rows.length > 0 ? (
        <div className="dash-experience">
          <table>
            <caption className="sr-only">Experience by touchpoint and channel</caption>
            <thead>
              <tr>
                <th>Touchpoint</th>
                <th>Channel</th>
                <th className="num">Interactions</th>
                <th className="num">Rated</th>
                <th className="num">Expected</th>
                <th className="num">Perceived</th>
                <th className="num">Gap</th>
                <th>Sentiment</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.touchpoint}-${r.channel}`}>
                  <td>{format.words(r.touchpoint)}</td>
                  <td>{format.words(r.channel)}</td>
                  <td className="num">{r.interactionCount}</td>
                  <td className="num">{r.qualityCount}</td>
                  <td className="num">{quality(r.averageExpectedQuality)}</td>
                  <td className="num">{quality(r.averagePerceivedQuality)}</td>
                  <td className={r.gap !== null && r.gap !== undefined && r.gap < 0 ? 'num dash-short' : 'num'}>
                    {r.gap === null || r.gap === undefined ? '–' : signed(r.gap)}
                  </td>
                  <td>{format.sentiment(r.averageSentiment)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {gaps.length === 0 ? (
            <Empty>No interaction in this window records both expected and perceived quality, so there is no gap to chart.</Empty>
          ) : gaps.every((g) => g.gap === 0) ? (
            <Empty>Every rated touchpoint met expectations exactly (gap 0), so there is no gap to chart.</Empty>
          ) : (
            <QualityGapChart rows={gaps} />
          )}
        </div>
      ) : null}
    </Panel>
  );
});

const AtRiskPanel = memo(function AtRiskPanel({ segmentId, segmentName }: SegmentProps) {
  const [healthBelow, setHealthBelow] = useState(50);
  const [first, setFirst] = useState(AT_RISK_PAGE);
  const { data, previousData, loading, error, refetch } = useQuery(DashboardAtRisk, {
    variables: { healthBelow, segmentId: segmentId, first },
  });
  const list = (data ?? previousData)?.atRiskCustomers;
  return (
    <Panel
      id="at-risk"
      title="Customers at risk"
      busy={loading && !!list}
      tools={
        <div className="field">
          <label htmlFor="dash-health">Health below</label>
          <select id="dash-health" value={healthBelow} onChange={(e) => setHealthBelow(Number(e.target.value))}>
            {HEALTH_THRESHOLDS.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </div>
      }
    >
      <p className="muted">
        {capital(segmentName)} with a health score (0–100) below {healthBelow}, lowest first, with what costs them the most points. As of
        today.
      </p>
      <ErrorNotice error={error} onRetry={refetch} />
      {!list && loading ? <Loading what="customers at risk" /> : null}
      {list && list.length === 0 ? <Empty>No customer has a health score below {healthBelow}.</Empty> : null}
      {list && list.length > 0 ? (
        <ol className="dash-at-risk">
          {list.map((r) => (
            <li key={r.customer.id}>
              <div className="dash-at-risk-head">
                <span className="dash-score" title="Health score, 0–100">
                  <span className="sr-only">Health </span>
                  {r.health.score}
                </span>
                <Link to={`/customers/${r.customer.id}`}>{r.customer.name}</Link>
                <span className="badge">{format.words(r.customer.lifecycleStage)}</span>
                {r.customer.segment && !segmentId ? <span className="muted">{r.customer.segment.name}</span> : null}
              </div>
              <ul className="dash-reasons">
                {r.explanation
                  .split(';')
                  .map((reason) => reason.trim())
                  .filter(Boolean)
                  .map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : null}
      {list && list.length === first && first < AT_RISK_MAX ? (
        <div className="pager">
          <button type="button" className="secondary" disabled={loading} onClick={() => setFirst((n) => Math.min(AT_RISK_MAX, n + 20))}>
            Show more
          </button>
        </div>
      ) : null}
    </Panel>
  );
});
