import { MentionField, mentionedIn, type Mentioned } from '../inbox/Mentions';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { Channel, Direction, InsightOrigin, NeedKind, Priority, Touchpoint } from '../../gql/graphql';
import { ErrorNotice, format } from '../Status';

const CHANNELS: Channel[] = ['EMAIL', 'PHONE', 'MEETING', 'VIDEO_CALL', 'CHAT', 'WEB', 'SOCIAL', 'SURVEY'];
const TOUCHPOINTS: Touchpoint[] = ['SALES', 'ONBOARDING', 'SUPPORT', 'BILLING', 'PRODUCT', 'RENEWAL', 'FEEDBACK', 'EVENT'];
const NEED_KINDS: NeedKind[] = ['FUNCTIONAL', 'EMOTIONAL', 'SOCIAL'];
const PRIORITIES: Priority[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

const RecordInteraction = graphql(`
  mutation WorkbenchRecordInteraction($input: RecordInteractionInput!) {
    recordInteraction(input: $input) {
      id
      summary
    }
  }
`);

const RaiseNeed = graphql(`
  mutation WorkbenchRaiseNeed($input: RaiseNeedInput!) {
    raiseNeed(input: $input) {
      id
      title
    }
  }
`);

const ProposeInsight = graphql(`
  mutation WorkbenchProposeInsight($input: ProposeInsightInput!) {
    proposeInsight(input: $input) {
      id
      title
      status
    }
  }
`);

// Forms that write knowledge about one customer, each placed on the customer 360 beside what it adds
// to: what just happened (the timeline), what they need (the needs), what we learned (the insights).

function Done({ children }: { children: ReactNode }) {
  return (
    <p className="notice notice-info" role="status">
      {children}
    </p>
  );
}

export function InteractionForm({ customerId, onChanged }: { customerId: string; onChanged(): void }) {
  const [channel, setChannel] = useState<Channel>('PHONE');
  const [touchpoint, setTouchpoint] = useState<Touchpoint>('SUPPORT');
  const [direction, setDirection] = useState<Direction>('INBOUND');
  const [summary, setSummary] = useState('');
  const [content, setContent] = useState('');
  const [sentiment, setSentiment] = useState('');
  const [expected, setExpected] = useState('');
  const [perceived, setPerceived] = useState('');
  const [record, { loading, error, data, reset }] = useMutation(RecordInteraction);

  async function submit(e: FormEvent) {
    e.preventDefault();
    reset();
    await record({
      variables: {
        input: {
          customerId,
          channel,
          touchpoint,
          direction,
          summary: summary.trim(),
          content: content.trim(),
          sentiment: sentiment === '' ? null : Number(sentiment),
          expectedQuality: expected === '' ? null : Number(expected),
          perceivedQuality: perceived === '' ? null : Number(perceived),
        },
      },
    }).then(
      () => {
        setSummary('');
        setContent('');
        onChanged();
      },
      () => undefined, // shown by ErrorNotice
    );
  }

  return (
    <form onSubmit={submit} aria-labelledby="interaction-form-title" className="stack">
      <h3 id="interaction-form-title">Record an interaction</h3>
      <div className="row">
        <Choice id="ix-channel" label="Channel" value={channel} values={CHANNELS} onChange={(v) => setChannel(v)} />
        <Choice id="ix-touchpoint" label="Touchpoint" value={touchpoint} values={TOUCHPOINTS} onChange={(v) => setTouchpoint(v)} />
        <Choice
          id="ix-direction"
          label="Direction"
          value={direction}
          values={['INBOUND', 'OUTBOUND'] as Direction[]}
          onChange={(v) => setDirection(v)}
        />
      </div>
      <div className="field">
        <label htmlFor="ix-summary">Summary</label>
        <input id="ix-summary" required maxLength={500} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="ix-content">What was said (optional)</label>
        <textarea id="ix-content" rows={3} maxLength={20000} value={content} onChange={(e) => setContent(e.target.value)} />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="ix-sentiment">Sentiment (−1 to 1)</label>
          <input
            id="ix-sentiment"
            type="number"
            min={-1}
            max={1}
            step={0.1}
            value={sentiment}
            onChange={(e) => setSentiment(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="ix-expected">Expected quality (1–5)</label>
          <input id="ix-expected" type="number" min={1} max={5} step={1} value={expected} onChange={(e) => setExpected(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="ix-perceived">Perceived quality (1–5)</label>
          <input
            id="ix-perceived"
            type="number"
            min={1}
            max={5}
            step={1}
            value={perceived}
            onChange={(e) => setPerceived(e.target.value)}
          />
        </div>
      </div>
      <button type="submit" disabled={loading || !summary.trim()}>
        {loading ? 'Recording…' : 'Record interaction'}
      </button>
      <ErrorNotice error={error} />
      {data ? <Done>Recorded: {data.recordInteraction.summary}</Done> : null}
    </form>
  );
}

export function NeedForm({ customerId, onChanged }: { customerId: string; onChanged(): void }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<NeedKind>('FUNCTIONAL');
  const [priority, setPriority] = useState<Priority>('MEDIUM');
  const [raise, { loading, error, data, reset }] = useMutation(RaiseNeed);

  async function submit(e: FormEvent) {
    e.preventDefault();
    reset();
    await raise({ variables: { input: { customerId, title: title.trim(), description: description.trim(), kind, priority } } }).then(
      () => {
        setTitle('');
        setDescription('');
        onChanged();
      },
      () => undefined,
    );
  }

  return (
    <form onSubmit={submit} aria-labelledby="need-form-title" className="stack">
      <h3 id="need-form-title">Record a need</h3>
      <div className="field">
        <label htmlFor="need-title">Need</label>
        <input id="need-title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="need-description">Description (optional)</label>
        <textarea id="need-description" rows={3} maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <div className="row">
        <Choice id="need-kind" label="Kind" value={kind} values={NEED_KINDS} onChange={(v) => setKind(v)} />
        <Choice id="need-priority" label="Priority" value={priority} values={PRIORITIES} onChange={(v) => setPriority(v)} />
      </div>
      <button type="submit" disabled={loading || !title.trim()}>
        {loading ? 'Saving…' : 'Record need'}
      </button>
      <ErrorNotice error={error} />
      {data ? <Done>Recorded the need “{data.raiseNeed.title}”.</Done> : null}
    </form>
  );
}

export function InsightForm({ customerId, onChanged }: { customerId: string; onChanged(): void }) {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [mentioned, setMentioned] = useState<Mentioned[]>([]);
  const [origin, setOrigin] = useState<InsightOrigin>('FROM_CUSTOMER');
  const [confidence, setConfidence] = useState('0.6');
  const [draft, setDraft] = useState(false);
  const [propose, { loading, error, data, reset }] = useMutation(ProposeInsight);

  async function submit(e: FormEvent) {
    e.preventDefault();
    reset();
    await propose({
      variables: {
        input: {
          title: title.trim(),
          body: body.trim(),
          origin,
          confidence: Number(confidence),
          customerIds: [customerId],
          draft,
          mentionIds: mentionedIn(body, mentioned).map((m) => m.id),
        },
      },
    }).then(
      () => {
        setTitle('');
        setBody('');
        setMentioned([]);
        onChanged();
      },
      () => undefined,
    );
  }

  return (
    <form onSubmit={submit} aria-labelledby="insight-form-title" className="stack">
      <h3 id="insight-form-title">Propose an insight</h3>
      <div className="field">
        <label htmlFor="insight-title">Title</label>
        <input id="insight-title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="insight-body">What we learned, why, and what to do</label>
        <MentionField
          id="insight-body"
          required
          rows={4}
          maxLength={10000}
          value={body}
          onChange={setBody}
          picked={mentioned}
          onPicked={setMentioned}
        />
      </div>
      <div className="row">
        <Choice
          id="insight-origin"
          label="Origin"
          value={origin}
          values={['FROM_CUSTOMER', 'ABOUT_CUSTOMER'] as InsightOrigin[]}
          onChange={(v) => setOrigin(v)}
        />
        <div className="field">
          <label htmlFor="insight-confidence">Confidence (0–1)</label>
          <input
            id="insight-confidence"
            type="number"
            min={0}
            max={1}
            step={0.05}
            required
            value={confidence}
            onChange={(e) => setConfidence(e.target.value)}
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={draft} onChange={(e) => setDraft(e.target.checked)} /> Keep as draft
        </label>
      </div>
      <button type="submit" disabled={loading || !title.trim() || !body.trim()}>
        {loading ? 'Proposing…' : draft ? 'Save draft' : 'Propose insight'}
      </button>
      <ErrorNotice error={error} />
      {data ? (
        <Done>
          {format.words(data.proposeInsight.status)}: <Link to={`/insights/${data.proposeInsight.id}`}>{data.proposeInsight.title}</Link>
        </Done>
      ) : null}
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
