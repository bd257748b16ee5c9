import { useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import type { InsightHistoryQuery } from '../../gql/graphql';
import { Empty, ErrorNotice, format, Loading } from '../Status';
import { InsightHistory } from './operations';
import { changeWords } from './rules';

type Version = NonNullable<InsightHistoryQuery['insight']>['history'][number];

/** The API's default and its limit for `history(first:)`. */
const FIRST = 20;
const ALL = 100;

/**
 * Every kept version of the insight, newest first: who made it and with which change, its
 * title, confidence and status, what differs from the version before, and its body on demand.
 * Fetched again whenever the insight's version changes (here or live).
 */
export function VersionHistory(props: { insightId: string; version: number; learned: boolean }) {
  const [first, setFirst] = useState(FIRST);
  const { data, previousData, loading, error, refetch } = useQuery(InsightHistory, { variables: { id: props.insightId, first } });
  const history = (data ?? previousData)?.insight?.history;

  // A new version (a revision, a status change) is a new history entry.
  const seenVersion = useRef(props.version);
  useEffect(() => {
    if (seenVersion.current === props.version) return;
    seenVersion.current = props.version;
    void refetch();
  }, [props.version, refetch]);

  const oldest = history?.[history.length - 1];
  const more = !!history && history.length === first && first < ALL && !!oldest && oldest.version > 1;

  return (
    <section className="card" aria-labelledby="insight-history-title">
      <h2 id="insight-history-title">Version history</h2>
      <ErrorNotice error={error} />
      {loading && !history ? <Loading what="the version history" /> : null}
      {history ? (
        history.length === 0 ? (
          <Empty>No versions are kept for this insight.</Empty>
        ) : (
          <ol className="insight-history" data-testid="insight-history">
            {history.map((v, i) => (
              <VersionItem key={v.version} version={v} older={history[i + 1]} learned={props.learned} />
            ))}
          </ol>
        )
      ) : null}
      {history && oldest && oldest.version > 1 && !more ? (
        <p className="muted insight-help">Versions before {oldest.version} were not kept.</p>
      ) : null}
      {more ? (
        <div className="pager">
          <button type="button" className="secondary" onClick={() => setFirst(ALL)} disabled={loading}>
            {loading ? 'Loading older versions…' : 'Show older versions'}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function VersionItem({ version: v, older, learned }: { version: Version; older?: Version; learned: boolean }) {
  const what = v.change ? capital(changeWords(v.change)) : v.version === 1 ? 'Written' : 'Changed';
  const who = v.by?.name ?? (learned ? 'a miner' : 'someone not known');
  const differs: string[] = [];
  if (older) {
    if (older.title !== v.title) differs.push('title changed');
    if (older.confidence !== v.confidence) differs.push(`confidence ${format.percent(older.confidence)} → ${format.percent(v.confidence)}`);
    if (older.status !== v.status) differs.push(`status ${format.words(older.status)} → ${format.words(v.status)}`);
    if (older.body !== v.body) differs.push('body changed');
    if ((older.validUntil ?? null) !== (v.validUntil ?? null)) differs.push('re-check date changed');
  }
  const bodyChanged = older !== undefined && older.body !== v.body;
  return (
    <li className={v.current ? 'insight-version current' : 'insight-version'}>
      <div className="insight-version-head">
        <strong>Version {v.version}</strong>
        {v.current ? <span className="badge insight-current">current</span> : null}{' '}
        <span>
          {what} by {who}
        </span>{' '}
        <span className="muted">{format.dateTime(v.at)}</span>
      </div>
      <div className="insight-version-content">
        <span className="insight-version-title">{v.title}</span>{' '}
        <span className={`badge status-${v.status}`}>{format.words(v.status)}</span>{' '}
        <span className="muted">confidence {format.percent(v.confidence)}</span>
      </div>
      {differs.length ? (
        <p className="muted insight-help">
          Since version {older?.version}: {differs.join('; ')}.
        </p>
      ) : null}
      <details>
        <summary>{bodyChanged ? `Body of version ${v.version} (changed)` : `Body of version ${v.version}`}</summary>
        <p className="insight-prewrap insight-compare">{v.body}</p>
      </details>
    </li>
  );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
