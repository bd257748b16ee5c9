import { useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import { readToken, useSession } from '../session';

/**
 * Who a pasted token signs in, asked before any client exists: by its id in the workbench's trusted
 * documents (GraphQL over HTTP's `documentId`), like every other operation of the page.
 */
const SignInCheck = graphql(`
  query SignInCheck {
    me {
      name
    }
  }
`);
const SIGN_IN_CHECK_ID = (SignInCheck as { __meta__?: { hash?: string } }).__meta__?.hash;

interface DevEmployee {
  id: string;
  name: string;
  team: string;
  role: string;
  accessRoles: string[];
}

type DevList =
  { state: 'loading' } | { state: 'available'; employees: DevEmployee[] } | { state: 'unavailable' } | { state: 'failed'; message: string };

/**
 * Sign in. Outside production the server offers its employees and hands out development tokens
 * (`/auth/dev/...`); in production that door does not exist (404) and only a pasted bearer token
 * from the identity provider works.
 */
export function SignIn() {
  const { signIn, endedBecause } = useSession();
  const [dev, setDev] = useState<DevList>({ state: 'loading' });
  const [chosen, setChosen] = useState('');
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    fetch('/auth/dev/employees')
      .then(async (res) => {
        if (cancelled) return;
        if (res.status === 404) return setDev({ state: 'unavailable' });
        if (!res.ok) return setDev({ state: 'failed', message: `The server answered ${res.status}.` });
        const body = (await res.json()) as { employees: DevEmployee[] };
        setDev({ state: 'available', employees: body.employees });
        if (body.employees[0]) setChosen(body.employees[0].id);
      })
      .catch(() => !cancelled && setDev({ state: 'failed', message: 'The server cannot be reached.' }));
    return () => {
      cancelled = true;
    };
  }, []);

  async function signInAs(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/auth/dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ employeeId: chosen }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `The server answered ${res.status}.`);
      signIn({ token: body.token, employeeId: body.employee.id, name: body.employee.name, roles: body.employee.accessRoles });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  async function signInWithToken(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const token = pasted.trim().replace(/^Bearer\s+/i, '');
    const claims = readToken(token);
    if (!claims) return setError('That is not a bearer token (a JWT has three parts separated by dots).');
    if (claims.exp && claims.exp * 1000 < Date.now()) return setError('That token has expired; get a new one.');
    setBusy(true);
    try {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ documentId: SIGN_IN_CHECK_ID }),
      });
      const body = await res.json();
      if (body.errors?.length) throw new Error(body.errors[0].message);
      signIn({ token, employeeId: claims.sub, name: body.data?.me?.name ?? claims.sub, roles: claims.roles });
    } catch (err) {
      setError(`The server did not accept that token: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="sign-in">
      <h1>Rapport workbench</h1>
      <p className="lead">Customer knowledge: who our customers are, what they told us, what they need and what we learned.</p>
      {endedBecause && !error ? (
        <p className="notice notice-info" role="status" data-testid="session-ended">
          {endedBecause}
        </p>
      ) : null}
      {error ? (
        <div className="notice notice-error" role="alert">
          <strong>Could not sign in.</strong> {error}
        </div>
      ) : null}
      {dev.state === 'loading' ? <p role="status">Asking the server how to sign in…</p> : null}
      {dev.state === 'available' ? (
        <form onSubmit={signInAs} className="card">
          <h2>Development sign-in</h2>
          <p>This server runs outside production, so you may act as any employee. Their role decides what you can do.</p>
          {dev.employees.length === 0 ? (
            <p className="empty">No employees yet: load the demo data (npm run seed) or paste a token below.</p>
          ) : (
            <>
              <label htmlFor="employee">Employee</label>
              <select id="employee" value={chosen} onChange={(e) => setChosen(e.target.value)}>
                {dev.employees.map((emp) => (
                  <option key={emp.id} value={emp.id}>
                    {emp.name} · {emp.team} · {emp.accessRoles.join(', ') || 'no role'}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={busy || !chosen}>
                {busy ? 'Signing in…' : 'Sign in'}
              </button>
            </>
          )}
        </form>
      ) : null}
      {dev.state === 'failed' ? <p className="notice notice-error">{dev.message}</p> : null}
      <form onSubmit={signInWithToken} className="card">
        <h2>Sign in with a token</h2>
        <p>Paste the bearer token your identity provider gave you.</p>
        <label htmlFor="token">Bearer token</label>
        <textarea id="token" rows={3} value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} autoComplete="off" />
        <button type="submit" disabled={busy || !pasted.trim()}>
          Sign in with token
        </button>
      </form>
    </main>
  );
}
