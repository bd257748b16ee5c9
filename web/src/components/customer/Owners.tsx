import { useMutation, useQuery } from '@apollo/client/react';
import { skipToken } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Empty, ErrorNotice } from '../Status';
import { AssignOwner, OwnerOptions, UnassignOwner } from './operations';

interface Owner {
  id: string;
  name: string;
  team: string;
}

/**
 * The account owners of a customer and, for those who may change them (ANALYST, ADMIN), a button
 * to remove each and a form to assign another (an employee picked from the list). The answers of
 * both mutations carry the customer's owners: the cache updates the page.
 */
export function Owners({ customerId, owners, canChange }: { customerId: string; owners: Owner[]; canChange: boolean }) {
  const [adding, setAdding] = useState(false);
  const [chosen, setChosen] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const options = useQuery(OwnerOptions, adding ? {} : skipToken);
  const [assign, assigning] = useMutation(AssignOwner);
  const [unassign, removing] = useMutation(UnassignOwner);
  const candidates = (options.data?.employees.edges.map((e) => e.node) ?? []).filter((e) => !owners.some((o) => o.id === e.id));

  async function add(e: FormEvent) {
    e.preventDefault();
    const employee = candidates.find((c) => c.id === chosen);
    if (!employee) return;
    removing.reset();
    await assign({ variables: { input: { customerId, employeeId: employee.id } } }).then(
      () => {
        setDone(`${employee.name} now owns this account.`);
        setChosen('');
        setAdding(false);
      },
      () => undefined, // said by the ErrorNotice
    );
  }

  async function remove(owner: Owner) {
    assigning.reset();
    setDone(null);
    await unassign({ variables: { input: { customerId, employeeId: owner.id } } }).then(
      () => setDone(`${owner.name} no longer owns this account.`),
      () => undefined,
    );
  }

  return (
    <div data-testid="account-owners">
      <h3>Account owners</h3>
      {owners.length ? (
        <ul className="plain owners">
          {owners.map((o) => (
            <li key={o.id}>
              {o.name} <span className="muted">· {o.team}</span>
              {canChange ? (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove ${o.name} as owner`}
                  disabled={removing.loading}
                  onClick={() => void remove(o)}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No account owner.</Empty>
      )}
      {done ? (
        <p className="notice notice-info" role="status" data-testid="owners-done">
          {done}
        </p>
      ) : null}
      <ErrorNotice error={removing.error} />
      {canChange ? (
        adding ? (
          <form className="stack" aria-labelledby="assign-owner-title" onSubmit={(e) => void add(e)}>
            <h4 id="assign-owner-title">Assign an owner</h4>
            <ErrorNotice error={options.error} onRetry={() => options.refetch()} />
            <div className="field">
              <label htmlFor="assign-owner">Employee</label>
              <select id="assign-owner" value={chosen} onChange={(e) => setChosen(e.target.value)} disabled={options.loading}>
                <option value="">{options.loading ? 'Loading the employees…' : 'Choose an employee'}</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} · {c.team}
                  </option>
                ))}
              </select>
            </div>
            <ErrorNotice error={assigning.error} />
            <div className="row">
              <button type="submit" disabled={!chosen || assigning.loading}>
                {assigning.loading ? 'Assigning…' : 'Assign owner'}
              </button>
              <button type="button" className="secondary" onClick={() => setAdding(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDone(null);
              setAdding(true);
            }}
          >
            Assign an owner…
          </button>
        )
      ) : null}
    </div>
  );
}
