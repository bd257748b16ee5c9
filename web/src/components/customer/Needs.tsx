import { useMutation, useQuery } from '@apollo/client/react';
import { skipToken } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import type { NeedStatus } from '../../gql/graphql';
import { NeedHistoryDisclosure } from '../corrections/History';
import { Empty, ErrorNotice, format, LiveMarker } from '../Status';
import { ChangeNeedStatus, LinkNeedToCustomer, NeedOptions, UnlinkNeedFromCustomer } from './operations';

const STATUSES: NeedStatus[] = ['OPEN', 'IN_PROGRESS', 'MET', 'DROPPED'];

interface HeldNeed {
  intensity: number;
  since?: string | null;
  need: { id: string; version: number; title: string; kind: string; status: NeedStatus; priority: string };
}

/**
 * The needs a customer holds, and for those who may change them (ANALYST, ADMIN): each need's status
 * (sent with the version shown: a need changed meanwhile is a CONFLICT said in words), unlinking it
 * from the customer, and linking a need from the list of needs. The answers carry what the list
 * shows, and linking adds the need to the customer's list in the cache.
 */
export function CustomerNeeds(props: {
  customerId: string;
  customerName: string;
  held: HeldNeed[];
  liveIds: Set<string>;
  canChange: boolean;
}) {
  // What the last link or unlink did, said under the list.
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="needs-title" data-testid="customer-needs">
      <h2 id="needs-title">Needs ({props.held.length})</h2>
      {props.held.length ? (
        <ul className="plain need-list">
          {props.held.map((h) => (
            <li key={h.need.id} data-testid="held-need">
              <strong>{h.need.title}</strong>
              {props.liveIds.has(h.need.id) ? <LiveMarker /> : null}
              <div className="muted">
                {format.words(h.need.kind)} · {format.words(h.need.priority)} priority ·{' '}
                <span data-testid="need-status">{format.words(h.need.status)}</span> · intensity {format.percent(h.intensity)}
                {h.since ? ` · since ${format.date(h.since)}` : ''}
              </div>
              {props.canChange ? (
                <NeedActions
                  customerId={props.customerId}
                  held={h}
                  onUnlinked={() => setNotice(`${props.customerName} no longer holds the need “${h.need.title}”.`)}
                />
              ) : null}
              <NeedHistoryDisclosure id={h.need.id} version={h.need.version} label={h.need.title} />
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No needs recorded yet.</Empty>
      )}
      {notice ? (
        <p className="notice notice-info" role="status" data-testid="needs-notice">
          {notice}
        </p>
      ) : null}
      {props.canChange ? (
        <LinkNeedForm
          customerId={props.customerId}
          held={props.held}
          onOpen={() => setNotice(null)}
          onLinked={(title) => setNotice(`${props.customerName} now holds the need “${title}”.`)}
        />
      ) : null}
    </section>
  );
}

function NeedActions({ customerId, held, onUnlinked }: { customerId: string; held: HeldNeed; onUnlinked(): void }) {
  const need = held.need;
  const [status, setStatus] = useState<NeedStatus>(need.status);
  const [change, changing] = useMutation(ChangeNeedStatus);
  const [unlink, unlinking] = useMutation(UnlinkNeedFromCustomer);
  const [done, setDone] = useState<string | null>(null);
  const id = `need-status-${need.id}`;

  async function save(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    unlinking.reset();
    await change({ variables: { input: { id: need.id, expectedVersion: need.version, status } } }).then(
      ({ data }) => data && setDone(`Status now ${format.words(data.updateNeed.status).toLowerCase()}.`),
      () => undefined, // said by the ErrorNotice
    );
  }

  return (
    <form className="row need-actions" aria-label={`Change the need “${need.title}”`} onSubmit={(e) => void save(e)}>
      <div className="field">
        <label htmlFor={id}>
          Status<span className="sr-only"> of “{need.title}”</span>
        </label>
        <select id={id} value={status} onChange={(e) => setStatus(e.target.value as NeedStatus)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {format.words(s)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={changing.loading || status === need.status}>
        {changing.loading ? 'Saving…' : 'Change status'}
        <span className="sr-only"> of “{need.title}”</span>
      </button>
      <button
        type="button"
        className="secondary"
        disabled={unlinking.loading}
        onClick={() => {
          setDone(null);
          changing.reset();
          void unlink({ variables: { input: { customerId, needId: need.id } } }).then(onUnlinked, () => undefined);
        }}
      >
        Unlink<span className="sr-only"> “{need.title}” from this customer</span>
      </button>
      {done ? (
        <p className="notice notice-info" role="status">
          {done}
        </p>
      ) : null}
      <ErrorNotice error={changing.error} />
      <ErrorNotice error={unlinking.error} />
    </form>
  );
}

function LinkNeedForm(props: { customerId: string; held: HeldNeed[]; onOpen(): void; onLinked(title: string): void }) {
  const { customerId, held } = props;
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState('');
  const [intensity, setIntensity] = useState('0.5');
  const options = useQuery(NeedOptions, open ? {} : skipToken);
  const [link, linking] = useMutation(LinkNeedToCustomer);
  const candidates = (options.data?.needs.edges.map((e) => e.node) ?? []).filter((n) => !held.some((h) => h.need.id === n.id));
  const strength = Number(intensity);
  const validIntensity = intensity.trim() !== '' && strength >= 0 && strength <= 1;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen || !validIntensity) return;
    await link({
      variables: { input: { needId: chosen, customerId, intensity: strength } },
      // The customer's list of needs gains the need (linking returns the need, not the customer).
      update(cache, { data }) {
        const need = data?.linkNeed;
        if (!need) return;
        cache.modify({
          id: cache.identify({ __typename: 'Customer', id: customerId }),
          fields: {
            heldNeeds(existing = [], { toReference }) {
              const ref = toReference({ __typename: 'Need', id: need.id });
              const others = (existing as unknown as { need?: { __ref: string } }[]).filter((h) => h.need?.__ref !== ref?.__ref);
              const added = { __typename: 'HeldNeed', intensity: strength, since: new Date().toISOString(), need: ref };
              return [...others, added] as unknown as typeof existing;
            },
            needCount: (n: number) => n + (held.some((h) => h.need.id === need.id) ? 0 : 1),
          },
        });
      },
    }).then(
      ({ data }) => {
        if (data) props.onLinked(data.linkNeed.title);
        setChosen('');
        setOpen(false);
      },
      () => undefined,
    );
  }

  return (
    <div className="link-need">
      {open ? (
        <form className="stack" aria-labelledby="link-need-title" onSubmit={(e) => void submit(e)}>
          <h3 id="link-need-title">Link an existing need</h3>
          <ErrorNotice error={options.error} onRetry={() => options.refetch()} />
          <div className="row">
            <div className="field">
              <label htmlFor="link-need">Existing need</label>
              <select id="link-need" value={chosen} onChange={(e) => setChosen(e.target.value)} disabled={options.loading}>
                <option value="">{options.loading ? 'Loading the needs…' : 'Choose a need'}</option>
                {candidates.map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.title} ({format.words(n.status).toLowerCase()})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="link-need-intensity">Intensity (0–1)</label>
              <input
                id="link-need-intensity"
                type="number"
                min={0}
                max={1}
                step={0.1}
                value={intensity}
                onChange={(e) => setIntensity(e.target.value)}
              />
            </div>
          </div>
          {!validIntensity ? (
            <p className="notice notice-error" role="alert">
              The intensity is a number from 0 (barely) to 1 (urgently).
            </p>
          ) : null}
          <ErrorNotice error={linking.error} />
          <div className="row">
            <button type="submit" disabled={!chosen || !validIntensity || linking.loading}>
              {linking.loading ? 'Linking…' : 'Link need'}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            props.onOpen();
            setOpen(true);
          }}
        >
          Link an existing need…
        </button>
      )}
    </div>
  );
}
