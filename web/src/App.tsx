import { ApolloProvider } from '@apollo/client/react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, NavLink, Route, Routes, useNavigate, useSearchParams } from 'react-router';
import { createApolloClient } from './apollo';
import { Loading } from './components/Status';
import { canWrite, isAdmin, SessionProvider, useSession } from './session';
import { SignIn } from './pages/SignIn';
import { Customers } from './pages/Customers';
import { Customer360 } from './pages/Customer360';
import { InsightPage } from './pages/InsightPage';
import { Duplicates } from './pages/Duplicates';
import { RecentlyDeleted } from './pages/RecentlyDeleted';
import { Inbox } from './pages/Inbox';
import { InboxLink } from './components/inbox/InboxLink';
import { Search } from './pages/Search';
import { ShortcutsDialog, useKeyboardShortcuts } from './keyboard';
// The chart library is loaded with the dashboards, when they are first opened.
const Dashboards = lazy(() => import('./pages/Dashboards').then((m) => ({ default: m.Dashboards })));

/** The workbench: sign in, then find customers, read and change knowledge, watch dashboards. */
export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { session, signOut } = useSession();
  const [live, setLive] = useState(false);
  // A new client for every sign-in (nothing cached for one employee is shown to the next),
  // made in an effect so that its cleanup closes exactly the client it made.
  const [apollo, setApollo] = useState<ReturnType<typeof createApolloClient> | null>(null);
  const token = session?.token;
  const shortcuts = useKeyboardShortcuts();
  useEffect(() => {
    if (!token) return setApollo(null);
    const made = createApolloClient(token, { liveStatus: setLive, signedOut: signOut });
    setApollo(made);
    return () => made.dispose();
  }, [token, signOut]);

  if (!session) return <SignIn />;
  if (!apollo) return <Loading what="the workbench" />;
  return (
    <ApolloProvider client={apollo.client}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Rapport
        </Link>
        <nav aria-label="Main">
          <InboxLink />
          <NavLink to="/" end>
            Customers
          </NavLink>
          <NavLink to="/dashboards">Dashboards</NavLink>
          {/* Offered to who may use them: merging needs ANALYST or ADMIN, restoring ADMIN. */}
          {canWrite(session) ? <NavLink to="/duplicates">Possible duplicates</NavLink> : null}
          {isAdmin(session) ? <NavLink to="/deleted">Recently deleted</NavLink> : null}
        </nav>
        <HeaderSearch />
        <div className="who">
          <span
            className={live ? 'live-status on' : 'live-status'}
            role="status"
            title={live ? 'Live updates connected' : 'Live updates not connected'}
          >
            {live ? 'Live' : 'Offline'}
          </span>
          <span data-testid="signed-in-as">
            {session.name} <span className="roles">({session.roles.join(', ') || 'no role'})</span>
          </span>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          <Routes>
            <Route path="/" element={<Customers />} />
            <Route path="/inbox" element={<Inbox />} />
            <Route path="/search" element={<Search />} />
            <Route path="/customers/:id" element={<Customer360 />} />
            <Route path="/insights/:id" element={<InsightPage />} />
            <Route path="/dashboards" element={<Dashboards />} />
            <Route path="/duplicates" element={<Duplicates />} />
            <Route path="/deleted" element={<RecentlyDeleted />} />
            <Route
              path="*"
              element={
                <section>
                  <h1>Page not found</h1>
                  <p>
                    There is nothing at this address. <Link to="/">Find a customer</Link>.
                  </p>
                </section>
              }
            />
          </Routes>
        </Suspense>
      </main>
      <ShortcutsDialog open={shortcuts.helpOpen} onClose={shortcuts.closeHelp} />
    </ApolloProvider>
  );
}

/** One search box across all knowledge, on every page (`/` focuses it): opens /search?q=. */
function HeaderSearch() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  return (
    <form
      className="header-search"
      role="search"
      aria-label="All knowledge"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) navigate(`/search?q=${encodeURIComponent(text.trim())}`);
      }}
    >
      <label htmlFor="global-search" className="sr-only">
        Search customers, interactions, insights and needs
      </label>
      <input
        id="global-search"
        type="search"
        value={text}
        maxLength={200}
        placeholder="Search all knowledge (/)"
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit">Find</button>
    </form>
  );
}
