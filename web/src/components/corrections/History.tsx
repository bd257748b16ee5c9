import { skipToken, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import type { RecordChangeFieldsFragment, RecordChangeKind } from '../../gql/graphql';
import { Empty, ErrorNotice, format, Loading } from '../Status';
import { AnnotationHistories, CustomerHistory, InteractionHistory, NeedHistory } from './operations';

/** How many changes a history shows (the API's limit for `history(first:)` is 100). */
const SHOWN = 50;

const KIND_WORDS: Record<RecordChangeKind, string> = {
  EDITED: 'Edited',
  LINKED: 'Linked',
  UNLINKED: 'Link removed',
  DELETED: 'Deleted',
  RESTORED: 'Restored',
  MERGED: 'Another record merged into it',
  MERGED_INTO: 'Merged into another record',
};

/** Field names of the API, in words. */
const FIELD_WORDS: Record<string, string> = {
  occurredAt: 'when',
  needIds: 'needs',
  topicIds: 'topics',
  handlerId: 'handled by',
  expectedQuality: 'expected quality',
  perceivedQuality: 'perceived quality',
  lifecycleStage: 'lifecycle stage',
  relationshipType: 'relationship type',
  segmentId: 'segment',
  organizationId: 'organization',
  costToServe: 'cost to serve',
  lifetimeValue: 'lifetime value',
  externalIds: 'external ids',
  ownerIds: 'account owners',
};

export const fieldWords = (field: string) => FIELD_WORDS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** A value kept as JSON text, in words: text as it is, dates as dates, lists joined; "none" for nothing. */
export function valueWords(json: string | null | undefined): string {
  if (json === null || json === undefined) return 'none';
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return json;
  }
  const one = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return 'none';
    if (typeof v === 'string') return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v) ? format.dateTime(v) : v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.length ? v.map(one).join(', ') : 'none';
    return JSON.stringify(v);
  };
  return one(value);
}

/** One history entry: what happened, who and when, the fields it changed, and why. */
function Change({ change: c }: { change: RecordChangeFieldsFragment }) {
  return (
    <li className="history-entry">
      <div className="history-head">
        <strong>{KIND_WORDS[c.kind] ?? format.words(c.kind)}</strong> <span>by {c.by?.name ?? 'someone no longer here'}</span>{' '}
        <span className="muted">
          {format.dateTime(c.at)}
          {c.version ? ` · version ${c.version}` : ''}
        </span>
      </div>
      {c.changes.length ? (
        <ul className="history-changes">
          {c.changes.map((f) => (
            <li key={f.field}>
              <span className="history-field">{fieldWords(f.field)}</span>:{' '}
              {f.withheld ? (
                <span className="muted">hidden for your role</span>
              ) : (
                <>
                  <span className="history-before">{valueWords(f.before)}</span> →{' '}
                  <span className="history-after">{valueWords(f.after)}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {c.reason ? <p className="history-reason">Reason: {c.reason}</p> : null}
    </li>
  );
}

/** A list of history entries, newest first, or why there is none. */
export function ChangeList({ changes, totalCount }: { changes: readonly RecordChangeFieldsFragment[]; totalCount: number }) {
  if (changes.length === 0) return <Empty>No corrections yet: it is as it was first recorded.</Empty>;
  return (
    <>
      <ol className="history-list" data-testid="history">
        {changes.map((c) => (
          <Change key={c.id} change={c} />
        ))}
      </ol>
      {totalCount > changes.length ? (
        <p className="muted history-more">
          The {changes.length} newest of {totalCount} changes.
        </p>
      ) : null}
    </>
  );
}

/**
 * The history of one interaction: read when shown, read again when its version changes (an edit
 * here or someone else's arriving live).
 */
export function InteractionHistoryList({ id, version }: { id: string; version?: number }) {
  const { data, loading, error, refetch } = useQuery(InteractionHistory, {
    variables: { id, first: SHOWN },
    fetchPolicy: 'cache-and-network',
  });
  useRefetchOnChange(version, refetch);
  const history = data?.interaction?.history;
  if (loading && !history) return <Loading what="the history" />;
  return (
    <>
      <ErrorNotice error={error} onRetry={refetch} />
      {history ? <ChangeList changes={history.edges.map((e) => e.node)} totalCount={history.totalCount} /> : null}
    </>
  );
}

/** The history of one annotation of an insight. */
export function AnnotationHistoryList({ insightId, id, version }: { insightId: string; id: string; version?: number }) {
  const { data, loading, error, refetch } = useQuery(AnnotationHistories, { variables: { insightId }, fetchPolicy: 'cache-and-network' });
  useRefetchOnChange(version, refetch);
  const annotation = data?.insight?.annotations.edges.find((e) => e.node.id === id)?.node;
  if (loading && !data) return <Loading what="the history" />;
  return (
    <>
      <ErrorNotice error={error} onRetry={refetch} />
      {annotation ? (
        <ChangeList changes={annotation.history.edges.map((e) => e.node)} totalCount={annotation.history.totalCount} />
      ) : data ? (
        <Empty>The history of this annotation could not be found among the first 100 annotations.</Empty>
      ) : null}
    </>
  );
}

/** The history of a need in a disclosure: read the first time it is opened. */
export function NeedHistoryDisclosure({ id, version, label }: { id: string; version?: number; label: string }) {
  const [open, setOpen] = useState(false);
  const { data, loading, error, refetch } = useQuery(
    NeedHistory,
    open ? { variables: { id, first: SHOWN }, fetchPolicy: 'cache-and-network' } : skipToken,
  );
  useRefetchOnChange(open ? version : undefined, refetch);
  const history = data?.need?.history;
  return (
    <details className="history-disclosure history-small" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        History<span className="sr-only"> of the need “{label}”</span>
      </summary>
      {open ? (
        <div className="history-body">
          {loading && !history ? <Loading what="the history" /> : null}
          <ErrorNotice error={error} onRetry={refetch} />
          {history ? <ChangeList changes={history.edges.map((e) => e.node)} totalCount={history.totalCount} /> : null}
        </div>
      ) : null}
    </details>
  );
}

/** The history of a customer in a disclosure: read the first time it is opened. */
export function CustomerHistoryDisclosure({ id, version }: { id: string; version?: number }) {
  const [open, setOpen] = useState(false);
  const { data, loading, error, refetch } = useQuery(
    CustomerHistory,
    open ? { variables: { id, first: SHOWN }, fetchPolicy: 'cache-and-network' } : skipToken,
  );
  useRefetchOnChange(open ? version : undefined, refetch);
  const history = data?.customer?.history;
  return (
    <details className="history-disclosure" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>History{history ? ` (${history.totalCount})` : ''}</summary>
      {open ? (
        <div className="history-body">
          {loading && !history ? <Loading what="the history" /> : null}
          <ErrorNotice error={error} onRetry={refetch} />
          {history ? <ChangeList changes={history.edges.map((e) => e.node)} totalCount={history.totalCount} /> : null}
        </div>
      ) : null}
    </details>
  );
}

/** Refetches when `version` changes after the first render (undefined: no version known, nothing to watch). */
function useRefetchOnChange(version: number | undefined, refetch: () => unknown) {
  const seen = useRef(version);
  useEffect(() => {
    if (version === undefined) return;
    if (seen.current === undefined || seen.current === version) {
      seen.current = version;
      return;
    }
    seen.current = version;
    void refetch();
  }, [version, refetch]);
}
