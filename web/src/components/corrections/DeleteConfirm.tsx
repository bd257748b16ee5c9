import { useId, useState } from 'react';
import { ErrorNotice } from '../Status';

/**
 * Asks before deleting a record: what deleting means (hidden everywhere, restorable by an ADMIN
 * for a while), an optional reason kept in the record's history, and "Yes, delete it" or "Keep it".
 * `onDelete` resolves when the record is deleted; a rejection is shown in words and the question stays.
 */
export function DeleteConfirm(props: {
  /** "this interaction", "Acme Ltd" */
  what: string;
  /** Anything more that goes with it ("Its interactions and needs only it holds go with it."). */
  consequence?: string;
  onDelete(reason: string | null): Promise<unknown>;
  onCancel(): void;
}) {
  const ids = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await props.onDelete(reason.trim() || null);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <div className="notice notice-info correction-confirm" role="group" aria-labelledby={`${ids}-q`} data-testid="delete-confirm">
      <p id={`${ids}-q`}>
        <strong>Delete {props.what}?</strong> It disappears from every list, count, search and dashboard.
        {props.consequence ? ` ${props.consequence}` : ''} An ADMIN can restore it from “Recently deleted” until it is purged (after 30 days
        unless configured otherwise).
      </p>
      <div className="field">
        <label htmlFor={`${ids}-reason`}>Reason (optional)</label>
        <textarea id={`${ids}-reason`} rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div className="row">
        <button type="button" className="danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? 'Deleting…' : 'Yes, delete it'}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel} disabled={busy}>
          Keep it
        </button>
      </div>
      <ErrorNotice error={error} />
    </div>
  );
}
