import { useApolloClient, useMutation } from '@apollo/client/react';
import { useCallback, useEffect, useId, useState } from 'react';
import type { Channel, Direction, InteractionForEditQuery, Touchpoint } from '../../gql/graphql';
import { names, versionConflict } from '../insight/rules';
import { ErrorNotice, format, Loading } from '../Status';
import { fieldWords } from './History';
import { InteractionForEdit, InteractionHistory, UpdateInteraction } from './operations';

const CHANNELS: Channel[] = ['EMAIL', 'PHONE', 'MEETING', 'VIDEO_CALL', 'CHAT', 'WEB', 'SOCIAL', 'SURVEY'];
const TOUCHPOINTS: Touchpoint[] = ['SALES', 'ONBOARDING', 'SUPPORT', 'BILLING', 'PRODUCT', 'RENEWAL', 'FEEDBACK', 'EVENT'];
const DIRECTIONS: Direction[] = ['INBOUND', 'OUTBOUND'];

type Current = NonNullable<InteractionForEditQuery['interaction']>;

interface Draft {
  summary: string;
  content: string;
  channel: Channel;
  touchpoint: Touchpoint;
  direction: Direction;
  /** As a datetime-local input holds it: local time, to the minute. */
  occurredAt: string;
  /** As typed; empty for "not assessed". */
  sentiment: string;
}
type Field = keyof Draft;
const FIELDS: Field[] = ['summary', 'content', 'channel', 'touchpoint', 'direction', 'occurredAt', 'sentiment'];

/** An ISO date-time as a datetime-local input shows it (local time, minutes). */
function localInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const draftOf = (x: Current): Draft => ({
  summary: x.summary,
  content: x.content ?? '',
  channel: x.channel,
  touchpoint: x.touchpoint,
  direction: x.direction,
  occurredAt: localInput(x.occurredAt),
  sentiment: x.sentiment === null || x.sentiment === undefined ? '' : String(x.sentiment),
});

/** The fields of `draft` that differ from `from`. */
const differing = (draft: Draft, from: Draft): Field[] =>
  FIELDS.filter((f) => (f === 'summary' ? draft[f].trim() !== from[f].trim() : draft[f] !== from[f]));

/**
 * Drafts being edited, by interaction id, kept by the list that shows the forms (the timeline, for
 * as long as it is on the page): when the list is read again (a live update, a correction
 * elsewhere on the page) and a form is made anew, what the user typed is still there. Saving or
 * cancelling forgets it, and so does closing the form.
 */
export type OpenDrafts = Map<string, { base: Current; origin: Draft; draft: Draft }>;

interface Conflict {
  yours: number;
  current: number;
  who: string[];
  fields: string[];
}

/**
 * Editing one interaction of the timeline, with optimistic concurrency as insights have it: the
 * form reads the interaction afresh, sends only the fields the user changed with
 * `expectedVersion` = the version it read, and when someone else changed it meanwhile (CONFLICT)
 * says who and what, keeps the draft, and offers to reload the current version: the fields the
 * user did not touch then show the current values, theirs stay, and saving writes on top of it.
 */
export function EditInteraction(props: { id: string; drafts: OpenDrafts; onSaved(version: number): void; onCancel(): void }) {
  const client = useApolloClient();
  const ids = useId();
  const [base, setBase] = useState<Current | null>(null);
  // The version the user started editing from: a field they did not touch is not theirs to send.
  const [origin, setOrigin] = useState<Draft | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [readError, setReadError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [rebased, setRebased] = useState<{ current: Current; who: string[] } | null>(null);
  const [checking, setChecking] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [update, saving] = useMutation(UpdateInteraction);

  const read = useCallback(async (): Promise<Current> => {
    const { data, error } = await client.query({ query: InteractionForEdit, variables: { id: props.id }, fetchPolicy: 'network-only' });
    if (error) throw error;
    if (!data?.interaction) throw new Error('This interaction no longer exists: it may have been deleted.');
    return data.interaction;
  }, [client, props.id]);

  useEffect(() => {
    let stop = false;
    read().then(
      (x) => {
        if (stop) return;
        // A draft of this interaction still open from before the form was made anew: kept while
        // it is based on the version just read (else someone changed it: start from that one).
        const open = props.drafts.get(props.id);
        if (open && open.base.version === x.version) {
          setBase(open.base);
          setOrigin(open.origin);
          setDraft(open.draft);
          return;
        }
        setBase(x);
        setOrigin(draftOf(x));
        setDraft(draftOf(x));
      },
      (e) => !stop && setReadError(e),
    );
    return () => {
      stop = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the drafts are read once, when the form is made
  }, [read, props.id]);
  useEffect(() => {
    if (base && origin && draft) props.drafts.set(props.id, { base, origin, draft });
  }, [props.drafts, props.id, base, origin, draft]);
  const done = () => props.drafts.delete(props.id);

  /** Who changed it after `since`, and which fields, from its history (not cached: the page does not change under the user). */
  async function changedSince(since: number): Promise<{ who: string[]; fields: string[] }> {
    try {
      const { data } = await client.query({ query: InteractionHistory, variables: { id: props.id, first: 100 }, fetchPolicy: 'no-cache' });
      const later = (data?.interaction?.history.edges ?? []).map((e) => e.node).filter((c) => (c.version ?? 0) > since);
      return {
        who: later.flatMap((c) => (c.by ? [c.by.name] : [])).reverse(),
        fields: [...new Set(later.flatMap((c) => c.changes.map((f) => fieldWords(f.field))))],
      };
    } catch {
      return { who: [], fields: [] };
    }
  }

  const cancel = () => {
    done();
    props.onCancel();
  };
  if (readError)
    return (
      <ErrorNotice
        error={readError}
        action={
          <button type="button" className="secondary" onClick={cancel}>
            Close
          </button>
        }
      />
    );
  if (!base || !draft || !origin) return <Loading what="the interaction to edit" />;

  const baseDraft = draftOf(base);
  // Fields the user edited, where they differ from the version the draft is based on.
  const mine = differing(draft, origin);
  const send = mine.filter((f) => differing(draft, baseDraft).includes(f));
  const set = <F extends Field>(field: F, value: Draft[F]) => setDraft((d) => (d ? { ...d, [field]: value } : d));

  async function save() {
    if (!draft || !base) return;
    setProblem(null);
    if (!draft.summary.trim()) return setProblem('The summary cannot be empty.');
    const sentiment = draft.sentiment.trim() === '' ? null : Number(draft.sentiment);
    if (sentiment !== null && !(sentiment >= -1 && sentiment <= 1)) return setProblem('Sentiment must be a number from −1 to 1, or empty.');
    const occurred = new Date(draft.occurredAt);
    if (send.includes('occurredAt') && (Number.isNaN(occurred.getTime()) || occurred.getTime() > Date.now())) {
      return setProblem('“When” must be a date and time, not in the future.');
    }
    if (send.length === 0) return setProblem('Nothing to save yet: change a field first.');
    const input: Record<string, unknown> = { id: props.id, expectedVersion: base.version };
    for (const f of send) {
      if (f === 'summary') input.summary = draft.summary.trim();
      else if (f === 'occurredAt') input.occurredAt = occurred.toISOString();
      else if (f === 'sentiment') input.sentiment = sentiment;
      else input[f] = draft[f];
    }
    try {
      const { data } = await update({ variables: { input: input as { id: string; expectedVersion: number } } });
      if (data) {
        done();
        props.onSaved(data.updateInteraction.version);
      }
    } catch (error) {
      const stale = versionConflict(error);
      if (!stale) return; // shown through saving.error
      saving.reset();
      setChecking(true);
      const what = await changedSince(base.version);
      setChecking(false);
      setRebased(null);
      setConflict({ yours: base.version, current: stale.currentVersion, ...what });
    }
  }

  async function reloadCurrent() {
    setReloading(true);
    try {
      const fresh = await read();
      const who = conflict?.who ?? (base ? (await changedSince(base.version)).who : []);
      // What the user edited stays as they wrote it; the rest becomes the version just read.
      setDraft((d) => {
        if (!d || !origin) return d;
        const edited = differing(d, origin);
        const theirs = draftOf(fresh);
        const next = { ...theirs };
        for (const f of edited) (next as Record<Field, string>)[f] = d[f];
        return next;
      });
      setRebased({ current: fresh, who });
      setBase(fresh);
      setConflict(null);
      setReadError(null);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setReloading(false);
    }
  }

  const reloadButton = (
    <button type="button" onClick={() => void reloadCurrent()} disabled={reloading}>
      {reloading ? 'Reloading…' : 'Reload the current version'}
    </button>
  );

  return (
    <form
      className="correction-form"
      noValidate
      aria-labelledby={`${ids}-title`}
      data-testid="edit-interaction"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id={`${ids}-title`}>Edit this interaction</h3>
      <p className="muted">
        You are editing version {base.version}. Saving writes version {base.version + 1}; what it replaces is kept in the history.
      </p>
      {conflict ? (
        <div className="notice notice-error" role="alert" data-testid="edit-conflict">
          <p>
            <strong>
              {names(conflict.who)} changed this interaction since you opened it
              {conflict.fields.length ? ` (${conflict.fields.join(', ')})` : ''}: you edited version {conflict.yours}, it is now at version{' '}
              {conflict.current}.
            </strong>{' '}
            Nothing was saved. Your draft is kept below: reload the current version, compare, then save again.
          </p>
          <div className="notice-action">{reloadButton}</div>
        </div>
      ) : null}
      {rebased ? (
        <div className="notice notice-info" role="status" data-testid="edit-rebased">
          <p>
            Reloaded version {rebased.current.version}
            {rebased.who.length ? ` (changed by ${names(rebased.who)})` : ''}. Your edits are still in the form; the fields you did not
            touch now show the current version. Save again to write your edits on top of it.
          </p>
          <dl className="kv">
            <dt>Current summary</dt>
            <dd>{rebased.current.summary}</dd>
            <dt>Current channel · touchpoint</dt>
            <dd>
              {format.words(rebased.current.channel)} · {format.words(rebased.current.touchpoint)}
            </dd>
            <dt>Current sentiment</dt>
            <dd>{format.sentiment(rebased.current.sentiment)}</dd>
          </dl>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${ids}-summary`}>Summary</label>
        <input id={`${ids}-summary`} maxLength={500} required value={draft.summary} onChange={(e) => set('summary', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-content`}>What was said</label>
        <textarea id={`${ids}-content`} rows={3} maxLength={10000} value={draft.content} onChange={(e) => set('content', e.target.value)} />
      </div>
      <div className="row">
        <Choice id={`${ids}-channel`} label="Channel" value={draft.channel} values={CHANNELS} onChange={(v) => set('channel', v)} />
        <Choice
          id={`${ids}-touchpoint`}
          label="Touchpoint"
          value={draft.touchpoint}
          values={TOUCHPOINTS}
          onChange={(v) => set('touchpoint', v)}
        />
        <Choice
          id={`${ids}-direction`}
          label="Direction"
          value={draft.direction}
          values={DIRECTIONS}
          onChange={(v) => set('direction', v)}
        />
        <div className="field">
          <label htmlFor={`${ids}-when`}>When</label>
          <input id={`${ids}-when`} type="datetime-local" value={draft.occurredAt} onChange={(e) => set('occurredAt', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-sentiment`}>Sentiment (−1 to 1)</label>
          <input
            id={`${ids}-sentiment`}
            type="number"
            min={-1}
            max={1}
            step={0.1}
            value={draft.sentiment}
            onChange={(e) => set('sentiment', e.target.value)}
          />
        </div>
      </div>
      {problem ? (
        <p className="correction-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorNotice error={saving.error} />
      <div className="row">
        <button type="submit" disabled={saving.loading || checking || reloading}>
          {saving.loading || checking ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="secondary" onClick={cancel} disabled={saving.loading}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Choice<T extends string>(props: { id: string; label: string; value: T; values: T[]; onChange(v: T): void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.values.map((v) => (
          <option key={v} value={v}>
            {format.words(v)}
          </option>
        ))}
      </select>
    </div>
  );
}
