import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { DismissDuplicate, DuplicateCandidates, MergeCustomers } from '../components/corrections/operations';
import { Pager, useCursorPages } from '../components/Pager';
import { Empty, ErrorNotice, format, Loading } from '../components/Status';
import type { DuplicateReason, DuplicateSideFragment } from '../gql/graphql';
import { canWrite, isAdmin, useSession } from '../session';

const PAGE_SIZE = 20;

/**
 * Possible duplicates: customer pairs the API finds probably the same (same email or phone,
 * names close after normalisation), with its reasons and what a person needs to decide. "Merge"
 * asks which record survives and why, merges, and opens the survivor. For ANALYSTs and ADMINs
 * (an ANALYST must give a reason, as the API requires).
 */
export function Duplicates() {
  const { session } = useSession();
  const writer = canWrite(session);
  return (
    <section aria-labelledby="duplicates-title" className="duplicates">
      <h1 id="duplicates-title">Possible duplicates</h1>
      <p className="lead">
        Customers that are probably the same, such as one company imported from two systems. Merging moves everything of the merged record
        (interactions, needs, insights, owners, contacts, referrals) to the one that survives; its id and external ids then lead to the
        survivor, and its details are kept in the survivor’s history.
      </p>
      {writer ? (
        <CandidateList admin={isAdmin(session)} />
      ) : (
        <p className="notice notice-info" data-testid="read-only">
          Your role ({session?.roles.join(', ') || 'none'}) does not merge customers: finding and merging duplicates needs ANALYST or ADMIN.
        </p>
      )}
    </section>
  );
}

function CandidateList({ admin }: { admin: boolean }) {
  const pages = useCursorPages('duplicates');
  const { data, previousData, loading, error, refetch } = useQuery(DuplicateCandidates, {
    variables: { first: PAGE_SIZE, after: pages.after },
    fetchPolicy: 'network-only',
  });
  const shown = (data ?? previousData)?.duplicateCandidates;
  const [merging, setMerging] = useState<string | null>(null);
  const [dismiss, dismissing] = useMutation(DismissDuplicate);
  const [notice, setNotice] = useState<string | null>(null);

  if (!shown && loading) return <Loading what="possible duplicates" />;
  return (
    <>
      <ErrorNotice error={error} onRetry={refetch} />
      <ErrorNotice error={dismissing.error} />
      {notice ? (
        <p className="notice notice-info" role="status" data-testid="duplicates-notice">
          {notice}
        </p>
      ) : null}
      {shown ? (
        <>
          <p className="muted" data-testid="duplicates-count">
            {shown.totalCount === 1 ? '1 possible duplicate' : `${shown.totalCount} possible duplicates`}, most likely first
          </p>
          {shown.edges.length === 0 ? (
            <Empty>No customers look like duplicates of each other.</Empty>
          ) : (
            <ol className="duplicate-list">
              {shown.edges.map(({ cursor, node }) => {
                const [a, b] = node.customers;
                // A pair one of whose customers went meanwhile (merged, deleted) is no pair.
                if (!a || !b) return null;
                return (
                  <li key={cursor} className="card duplicate-pair" data-testid="duplicate-pair">
                    <h2>
                      {a.name} <span className="muted">and</span> {b.name}
                    </h2>
                    <p>
                      <span className="muted">Why they look the same:</span>{' '}
                      <span className="duplicate-reasons">{node.reasons.map(reasonWords).join('; ')}</span>{' '}
                      <span className="muted">(likelihood {format.percent(node.score)})</span>
                    </p>
                    <div className="grid duplicate-sides">
                      <Side customer={a} />
                      <Side customer={b} />
                    </div>
                    {merging === cursor ? (
                      <MergeForm pair={[a, b]} admin={admin} onCancel={() => setMerging(null)} />
                    ) : (
                      <div className="row">
                        <button type="button" onClick={() => setMerging(cursor)}>
                          Merge…
                          <span className="sr-only">
                            {' '}
                            {a.name} and {b.name}
                          </span>
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          disabled={dismissing.loading}
                          onClick={async () => {
                            setNotice(null);
                            try {
                              await dismiss({ variables: { input: { customerIds: [a.id, b.id] } } });
                              setNotice(`Noted: ${a.name} and ${b.name} are two customers; they are no longer listed here.`);
                              await refetch();
                            } catch {
                              // shown through dismissing.error
                            }
                          }}
                        >
                          Not the same
                          <span className="sr-only">
                            : {a.name} and {b.name}
                          </span>
                        </button>
                      </div>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          {shown.totalCount > PAGE_SIZE ? (
            <Pager
              pages={pages}
              pageInfo={shown.pageInfo}
              totalCount={shown.totalCount}
              pageSize={PAGE_SIZE}
              loading={loading}
              labels={['Previous page', 'Next page']}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}

const REASONS: Record<DuplicateReason, string> = {
  SAME_EMAIL: 'the same email address',
  SAME_PHONE: 'the same phone number',
  SIMILAR_NAME: 'similar names',
};

/** A reason of the API in words. */
const reasonWords = (reason: DuplicateReason) => REASONS[reason] ?? reason.toLowerCase().replace(/_/g, ' ');

function Side({ customer: c }: { customer: DuplicateSideFragment }) {
  return (
    <div className="duplicate-side">
      <h3>
        <Link to={`/customers/${c.id}`}>{c.name}</Link>
      </h3>
      <dl className="kv">
        <dt>Kind</dt>
        <dd>{c.kind === 'PERSON' ? 'Person' : 'Organisation'}</dd>
        <dt>Email</dt>
        <dd>{c.email ?? '–'}</dd>
        <dt>Phone</dt>
        <dd>{c.phone ?? '–'}</dd>
        <dt>Stage</dt>
        <dd>{format.words(c.lifecycleStage)}</dd>
        <dt>Segment</dt>
        <dd>{c.segment?.name ?? '–'}</dd>
        <dt>Interactions</dt>
        <dd>{c.interactions.totalCount}</dd>
        <dt>Created</dt>
        <dd>{format.date(c.createdAt)}</dd>
        <dt>External id</dt>
        <dd>{c.externalId ?? '–'}</dd>
      </dl>
    </div>
  );
}

/** Which of the two survives, and why; then the merge, and the survivor's page. */
function MergeForm({ pair, admin, onCancel }: { pair: [DuplicateSideFragment, DuplicateSideFragment]; admin: boolean; onCancel(): void }) {
  const ids = useId();
  const navigate = useNavigate();
  const [survivor, setSurvivor] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [merge, merging] = useMutation(MergeCustomers);

  async function submit() {
    setProblem(null);
    const kept = pair.find((c) => c.id === survivor);
    const merged = pair.find((c) => c.id !== survivor);
    if (!kept || !merged) return setProblem('Choose the record that survives.');
    if (!admin && !reason.trim()) return setProblem('Give a reason: an ANALYST merges with a reason (an ADMIN may leave it out).');
    try {
      const { data } = await merge({ variables: { input: { survivorId: kept.id, mergedId: merged.id, reason: reason.trim() || null } } });
      if (data) navigate(`/customers/${data.mergeCustomers.id}`, { state: { merged: merged.name } });
    } catch {
      // shown through merging.error
    }
  }

  const describe = (c: DuplicateSideFragment) =>
    `${c.name} (${c.kind === 'PERSON' ? 'person' : 'organisation'}, created ${format.date(c.createdAt)}, ${c.interactions.totalCount} interaction${c.interactions.totalCount === 1 ? '' : 's'})`;

  return (
    <form
      className="correction-form merge-form"
      noValidate
      data-testid="merge-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend>Which record survives?</legend>
        {pair.map((c) => (
          <label key={c.id} className="check">
            <input
              type="radio"
              name={`${ids}-survivor`}
              value={c.id}
              checked={survivor === c.id}
              onChange={() => {
                setSurvivor(c.id);
                setProblem(null);
              }}
            />{' '}
            Keep {describe(c)}
          </label>
        ))}
        <p className="muted insight-help">
          The other one is merged into it: its interactions, needs, insights and links move over, and it no longer appears on its own.
        </p>
      </fieldset>
      <div className="field">
        <label htmlFor={`${ids}-reason`}>Reason{admin ? ' (optional)' : ''}</label>
        <textarea
          id={`${ids}-reason`}
          rows={2}
          maxLength={1000}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setProblem(null);
          }}
          aria-required={!admin}
        />
      </div>
      {problem ? (
        <p className="correction-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <ErrorNotice error={merging.error} />
      <div className="row">
        <button type="submit" disabled={merging.loading}>
          {merging.loading ? 'Merging…' : 'Merge'}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={merging.loading}>
          Cancel
        </button>
      </div>
    </form>
  );
}
