import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** Who is signed in: their token and what it says about them (decoded, not verified: the server verifies). */
export interface Session {
  token: string;
  employeeId: string;
  name: string;
  roles: string[];
}

const STORAGE_KEY = 'rapport.session';

interface SessionApi {
  session: Session | null;
  /** Why the last session ended when the page ended it (an expired or refused token); null after a plain sign-out. */
  endedBecause: string | null;
  signIn(session: Session): void;
  /** Ends the session; `because` is shown on the sign-in page. */
  signOut(because?: string): void;
}

const SessionContext = createContext<SessionApi | null>(null);

/** Reads the claims of a JWT (sub, roles, exp) without checking it; null when it is not one. */
export function readToken(token: string): { sub: string; roles: string[]; exp?: number } | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const json = JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof json.sub !== 'string') return null;
    return {
      sub: json.sub,
      roles: Array.isArray(json.roles) ? json.roles.filter((r: unknown) => typeof r === 'string') : [],
      exp: json.exp,
    };
  } catch {
    return null;
  }
}

function stored(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    const claims = readToken(session.token);
    if (!claims || (claims.exp && claims.exp * 1000 < Date.now())) return null;
    return session;
  } catch {
    return null;
  }
}

/** The session lives in this tab's sessionStorage: closing the tab signs out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(stored);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const signIn = useCallback((s: Session) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    setEndedBecause(null);
    setSession(s);
  }, []);
  const signOut = useCallback((because?: string) => {
    sessionStorage.removeItem(STORAGE_KEY);
    setEndedBecause(because ?? null);
    setSession(null);
  }, []);
  const api = useMemo(() => ({ session, endedBecause, signIn, signOut }), [session, endedBecause, signIn, signOut]);
  return <SessionContext.Provider value={api}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const api = useContext(SessionContext);
  if (!api) throw new Error('useSession outside SessionProvider');
  return api;
}

/** True when the signed-in employee may write knowledge (interactions, needs, insights, annotations). */
export function canWrite(session: Session | null): boolean {
  return !!session && (session.roles.includes('ANALYST') || session.roles.includes('ADMIN'));
}

/** True when the signed-in employee is an ADMIN (restores deleted records, deletes anyone's annotation). */
export function isAdmin(session: Session | null): boolean {
  return !!session && session.roles.includes('ADMIN');
}
