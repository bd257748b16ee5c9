import { MentionField, mentionedIn, type Mentioned } from '../inbox/Mentions';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { InsightStatus } from '../../gql/graphql';
import { ErrorNotice, format } from '../Status';
import { ReviseInsight } from './operations';
import { confidenceText, names, parseConfidence, versionConflict } from './rules';

/** The content of one version of an insight, as the form edits it. */
export interface InsightContent {
  version: number;
  title: string;
  body: string;
  confidence: number;
  status: InsightStatus;
}

interface Draft {
  title: string;
  body: string;
  confidence: string;
}

/** Which fields of a draft differ from the draft it started as. */
function touched(draft: Draft, start: Draft): Record<keyof Draft, boolean> {
  return {
    title: draft.title.trim() !== start.title.trim(),
    body: draft.body !== start.body,
    confidence: draft.confidence.trim() !== start.confidence.trim(),
  };
}

interface Conflict {
  yours: number;
  current: number;
  /** Who made the versions after yours (empty when not known). */
  who: string[];
}

const draftOf = (c: InsightContent): Draft => ({ title: c.title, body: c.body, confidence: confidenceText(c.confidence) });

/**
 * Revising an insight with optimistic concurrency. The form remembers the version it was opened
 * on (`base`) and sends it as `expectedVersion`: a newer version shown live on the page does not
 * change it, so a save never silently overwrites someone else's change. When the API answers
 * CONFLICT, the form says who changed what, keeps the draft, and offers to reload the current
 * version; after the reload the draft is still in the fields, the current text is shown next to
 * it, and saving again writes on top of the version the user has now seen.
 */
export function ReviseForm(props: {
  insightId: string;
  /** The insight as the page shows it now (live updates included). */
  current: InsightContent;
  /** Who made the versions after `since` (from the version history or the live events seen). */
  whoChanged(since: number): Promise<string[]>;
  /** Fetches the insight again from the server; resolves to its current content. */
  reload(): Promise<InsightContent | null>;
  onSaved(version: number): void;
  onCancel(): void;
  /** Who the body mentions now: kept as mentioned while their "@name" stays in it. */
  mentions?: readonly Mentioned[];
}) {
  const [picked, setPicked] = useState<Mentioned[]>(() => [...(props.mentions ?? [])]);
  const [base, setBase] = useState<InsightContent>(props.current);
  // What the user started editing from: a field they have not touched is not theirs to send.
  const [origin, setOrigin] = useState<InsightContent>(props.current);
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.current));
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [rebased, setRebased] = useState<{ content: InsightContent; who: string[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reloading, setReloading] = useState(false);
  const [checking, setChecking] = useState(false);
  const [reloadError, setReloadError] = useState<unknown>(null);
  const [revise, saving] = useMutation(ReviseInsight);

  const confidence = parseConfidence(draft.confidence);
  // Only the fields the user edited, and only where they differ from the version the draft is
  // based on, are sent: after a reload, someone else's change to a field the user did not touch
  // stays.
  const edited = touched(draft, draftOf(origin));
  const changes = {
    title: edited.title && draft.title.trim() !== base.title ? draft.title.trim() : undefined,
    body: edited.body && draft.body !== base.body ? draft.body : undefined,
    confidence:
      edited.confidence && draft.confidence.trim() !== confidenceText(base.confidence) && confidence !== null ? confidence : undefined,
  };
  const nothingChanged = changes.title === undefined && changes.body === undefined && changes.confidence === undefined;
  // Seen live while editing: saving will be refused, say so before the user finds out.
  const staleLive = !conflict && props.current.version > base.version;

  async function save() {
    setProblem(null);
    if (!draft.title.trim()) return setProblem('The title cannot be empty.');
    if (!draft.body.trim()) return setProblem('The body cannot be empty.');
    if (confidence === null) return setProblem('Confidence must be a number from 0 to 100.');
    if (nothingChanged) return setProblem('Nothing to save yet: change the title, body or confidence first.');
    try {
      // A new body says again who it mentions (those no longer in it are dropped; new ones are notified).
      const mentionIds = changes.body !== undefined ? mentionedIn(changes.body, picked).map((p) => p.id) : undefined;
      const { data } = await revise({
        variables: { input: { id: props.insightId, expectedVersion: base.version, ...changes, ...(mentionIds ? { mentionIds } : {}) } },
      });
      if (data) props.onSaved(data.reviseInsight.version);
    } catch (error) {
      const stale = versionConflict(error);
      if (!stale) return; // shown through saving.error
      saving.reset();
      // Say who it was in the first words shown, rather than correcting "someone" a moment later.
      setChecking(true);
      const who = await within(3000, props.whoChanged(base.version), []);
      setChecking(false);
      setRebased(null);
      setConflict({ yours: base.version, current: stale.currentVersion, who });
    }
  }

  async function reloadCurrent() {
    setReloading(true);
    setReloadError(null);
    try {
      const fresh = await props.reload();
      if (!fresh) throw new Error('The insight could not be reloaded.');
      const who = conflict?.who ?? (await within(3000, props.whoChanged(base.version), []));
      // What the user edited stays as they wrote it, the rest becomes the version just read; from
      // now on the draft is based on it.
      setDraft((d) => {
        const mine = touched(d, draftOf(origin));
        const theirs = draftOf(fresh);
        return {
          title: mine.title ? d.title : theirs.title,
          body: mine.body ? d.body : theirs.body,
          confidence: mine.confidence ? d.confidence : theirs.confidence,
        };
      });
      setRebased({ content: fresh, who });
      setBase(fresh);
      setConflict(null);
    } catch (error) {
      setReloadError(error);
    } finally {
      setReloading(false);
    }
  }

  const reloadButton = (
    <button type="button" onClick={reloadCurrent} disabled={reloading}>
      {reloading ? 'Reloading…' : 'Reload the current version'}
    </button>
  );

  return (
    <form
      className="card insight-revise"
      noValidate
      aria-labelledby="insight-revise-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="insight-revise-title">Revise this insight</h2>
      <p className="muted">
        You are editing version {base.version}. Saving writes version {base.version + 1}
        {base.status === 'VALIDATED' || base.status === 'REFUTED' ? ' and sends the insight back to review (Proposed)' : ''}.
      </p>

      {conflict ? (
        <div className="notice notice-error insight-conflict" role="alert" data-testid="revise-conflict">
          <p>
            <strong>
              {names(conflict.who)} changed this insight since you opened it: you edited version {conflict.yours}, it is now at version{' '}
              {conflict.current}.
            </strong>{' '}
            Nothing was saved. Your draft is kept below: reload the current version, compare, then save again.
          </p>
          <div className="notice-action">{reloadButton}</div>
        </div>
      ) : staleLive ? (
        <div className="notice notice-info" role="status">
          <p>
            This insight changed while you were editing: you are editing version {base.version}, it is now at version{' '}
            {props.current.version}. Saving now would be refused; reload the current version first (your draft is kept).
          </p>
          <div className="notice-action">{reloadButton}</div>
        </div>
      ) : null}
      <ErrorNotice error={reloadError} />

      {rebased ? (
        <div className="notice notice-info" role="status" data-testid="revise-rebased">
          <p>
            Reloaded version {rebased.content.version}
            {rebased.who.length ? ` (changed by ${names(rebased.who)})` : ''}. Your edits are still in the form, and the fields you did not
            touch now show the current version; compare with it below, then save again to write your edits on top of it.
          </p>
          <details open>
            <summary>The current version {rebased.content.version}</summary>
            <dl className="kv">
              <dt>Title</dt>
              <dd>{rebased.content.title}</dd>
              <dt>Confidence</dt>
              <dd>{format.percent(rebased.content.confidence)}</dd>
              <dt>Status</dt>
              <dd>{format.words(rebased.content.status)}</dd>
            </dl>
            <p className="insight-prewrap insight-compare">{rebased.content.body}</p>
          </details>
          <div className="notice-action">
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDraft(draftOf(rebased.content));
                setOrigin(rebased.content);
                setRebased(null);
              }}
            >
              Discard my draft, start from the current version
            </button>
          </div>
        </div>
      ) : null}

      <div className="field">
        <label htmlFor="insight-revise-title-input">Title</label>
        <input
          id="insight-revise-title-input"
          value={draft.title}
          maxLength={200}
          required
          onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
        />
      </div>
      <div className="field">
        <label htmlFor="insight-revise-body">Body</label>
        <MentionField
          id="insight-revise-body"
          rows={8}
          value={draft.body}
          maxLength={10000}
          required
          onChange={(value) => setDraft((d) => ({ ...d, body: value }))}
          picked={picked}
          onPicked={setPicked}
        />
      </div>
      <div className="field insight-confidence-field">
        <label htmlFor="insight-revise-confidence">Confidence (%)</label>
        <input
          id="insight-revise-confidence"
          type="number"
          min={0}
          max={100}
          step={1}
          inputMode="numeric"
          value={draft.confidence}
          aria-describedby="insight-revise-confidence-help"
          onChange={(e) => setDraft((d) => ({ ...d, confidence: e.target.value }))}
        />
        <span id="insight-revise-confidence-help" className="muted insight-help">
          0 is a hunch, 100 is certain.
        </span>
      </div>
      {problem ? (
        <p className="insight-field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorNotice error={saving.error} />
      <div className="row">
        <button type="submit" disabled={saving.loading || checking || reloading}>
          {saving.loading || checking ? 'Saving…' : 'Save revision'}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel} disabled={saving.loading}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** `promise`'s value, or `fallback` when it fails or takes longer than `ms`. */
function within<T>(ms: number, promise: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([promise.catch(() => fallback), new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms))]);
}
