import { useMutation } from '@apollo/client/react';
import { useRef, useState } from 'react';
import type { InsightStatus } from '../../gql/graphql';
import { ErrorNotice } from '../Status';
import { ArchiveInsight, RefuteInsight, SubmitInsight, ValidateInsight } from './operations';
import type { InsightActions } from './rules';
import { versionConflict } from './rules';

type Move = 'submit' | 'validate' | 'refute' | 'archive';

const BUSY: Record<Move, string> = { submit: 'Submitting…', validate: 'Validating…', refute: 'Refuting…', archive: 'Archiving…' };

/**
 * The review workflow's buttons: only the moves the insight's status and the caller allow
 * (see insightActions). Each sends the version on screen as `expectedVersion`, so nobody
 * validates a version they have not seen.
 */
export function StatusActions(props: {
  insight: { id: string; status: InsightStatus; version: number };
  actions: InsightActions;
  /** Opens the revise form; absent while it is open. */
  onRevise?: () => void;
  /** Called after a move succeeded (the page refetches what the move may have added, e.g. the reason). */
  onMoved(move: Move): void;
  /** Fetches the insight again (after a conflict). */
  reload(): Promise<unknown>;
}) {
  const [submit] = useMutation(SubmitInsight);
  const [validate] = useMutation(ValidateInsight);
  const [refute] = useMutation(RefuteInsight);
  const [archive] = useMutation(ArchiveInsight);
  const [running, setRunning] = useState<Move | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [reloading, setReloading] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const { actions, insight } = props;

  async function move(which: Move) {
    setRunning(which);
    setError(null);
    const input = {
      id: insight.id,
      expectedVersion: insight.version,
      // A reason is kept as a COMMENT annotation; only validating and refuting ask for one.
      reason: (which === 'validate' || which === 'refute') && reason.trim() ? reason.trim() : undefined,
    };
    const mutate = { submit, validate, refute, archive }[which];
    try {
      await mutate({ variables: { input } });
      setReason('');
      setConfirmArchive(false);
      props.onMoved(which);
      // The button just pressed is gone now (the status changed): keep keyboard focus in this section.
      heading.current?.focus();
    } catch (e) {
      setError(e);
    } finally {
      setRunning(null);
    }
  }

  const busy = running !== null;
  const label = (which: Move, text: string) => (running === which ? BUSY[which] : text);
  const review = actions.validate || actions.refute;
  const any = actions.revise || actions.submit || review || actions.archive;

  return (
    <section className="card insight-actions" aria-labelledby="insight-actions-title">
      <h2 id="insight-actions-title" ref={heading} tabIndex={-1}>
        Work on this insight
      </h2>
      {!any ? <p className="muted">This insight is archived: it is final and kept for history. You can still annotate it below.</p> : null}
      {actions.ownReview ? (
        <p className="notice notice-info" data-testid="four-eyes">
          You {actions.ownReview} this insight; someone else must validate or refute it.
        </p>
      ) : null}
      {actions.notOwner ? <p className="muted">Only its author or an ADMIN may revise, submit or archive this insight.</p> : null}

      {review ? (
        <div className="field insight-reason">
          <label htmlFor="insight-reason">
            {actions.validate ? 'Reason for validating or refuting (optional)' : 'Reason for refuting (optional)'}
          </label>
          <textarea
            id="insight-reason"
            rows={2}
            maxLength={2000}
            value={reason}
            aria-describedby="insight-reason-help"
            onChange={(e) => setReason(e.target.value)}
          />
          <span id="insight-reason-help" className="muted insight-help">
            Kept as your comment on the insight.
          </span>
        </div>
      ) : null}

      <div className="row">
        {actions.revise && props.onRevise ? (
          <button type="button" className="secondary" onClick={props.onRevise} disabled={busy}>
            Revise
          </button>
        ) : null}
        {actions.submit ? (
          <button type="button" onClick={() => void move('submit')} disabled={busy}>
            {label('submit', 'Submit for review')}
          </button>
        ) : null}
        {actions.validate ? (
          <button type="button" className="insight-validate" onClick={() => void move('validate')} disabled={busy}>
            {label('validate', 'Validate')}
          </button>
        ) : null}
        {actions.refute ? (
          <button type="button" className="danger" onClick={() => void move('refute')} disabled={busy}>
            {label('refute', 'Refute')}
          </button>
        ) : null}
        {actions.archive && !confirmArchive ? (
          <button type="button" className="secondary" onClick={() => setConfirmArchive(true)} disabled={busy}>
            Archive
          </button>
        ) : null}
      </div>

      {actions.archive && confirmArchive ? (
        <div className="notice notice-info insight-confirm" role="group" aria-labelledby="insight-archive-question">
          <p id="insight-archive-question">
            <strong>Archive this insight?</strong> Archiving is final: it is kept for history but can no longer be revised, validated or
            refuted.
          </p>
          <div className="row">
            <button type="button" className="danger" onClick={() => void move('archive')} disabled={busy} autoFocus>
              {label('archive', 'Yes, archive it')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmArchive(false)} disabled={busy}>
              Keep it
            </button>
          </div>
        </div>
      ) : null}

      <ErrorNotice
        error={error}
        action={
          versionConflict(error) ? (
            <button
              type="button"
              className="secondary"
              disabled={reloading}
              onClick={async () => {
                setReloading(true);
                try {
                  await props.reload();
                  setError(null);
                } catch (e) {
                  setError(e);
                } finally {
                  setReloading(false);
                }
              }}
            >
              {reloading ? 'Reloading…' : 'Reload the insight'}
            </button>
          ) : undefined
        }
      />
    </section>
  );
}
