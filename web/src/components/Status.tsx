import type { ReactNode } from 'react';
import { explain } from '../errors';

/**
 * An API error, explained in words (never raw JSON), with an optional way out: `onRetry` offers
 * "Try again" (for a query that failed), `action` anything else.
 */
export function ErrorNotice({ error, action, onRetry }: { error: unknown; action?: ReactNode; onRetry?: () => unknown }) {
  if (!error) return null;
  const e = explain(error);
  return (
    <div className="notice notice-error" role="alert" data-code={e.code}>
      <strong>{e.title}.</strong> <span>{e.detail}</span>
      {action || onRetry ? (
        <div className="notice-action">
          {action}
          {onRetry ? (
            <button type="button" className="secondary" onClick={() => void onRetry()}>
              Try again
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** What a list shows when it has nothing in it. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A long operation in progress. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** A marker on something that arrived live (through a subscription) since the page was opened. */
export function LiveMarker({ label = 'new' }: { label?: string }) {
  return (
    <span className="live-marker" title="Arrived live, without a reload">
      {label}
    </span>
  );
}

/** Small formatting helpers shared by the pages. */
export const format = {
  money: (n: number | null | undefined) =>
    n === null || n === undefined ? '–' : n.toLocaleString('en', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
  date: (iso: string | null | undefined) =>
    iso ? new Date(iso).toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric' }) : '–',
  dateTime: (iso: string | null | undefined) =>
    iso
      ? new Date(iso).toLocaleString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
      : '–',
  percent: (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${Math.round(n * 100)}%`),
  words: (enumValue: string) => enumValue.charAt(0) + enumValue.slice(1).toLowerCase().replace(/_/g, ' '),
  sentiment: (s: number | null | undefined) =>
    s === null || s === undefined
      ? '–'
      : s > 0.2
        ? `positive (${s.toFixed(2)})`
        : s < -0.2
          ? `negative (${s.toFixed(2)})`
          : `neutral (${s.toFixed(2)})`,
};
