// The dashboard: sign-in, then the views of SPEC "Dashboard", all through @tessera/client.
import './style.css';
import { type Tessera, TesseraError, type Token } from '@tessera/client';
import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Session, SessionContext } from './app-context.js';
import { Link, navigate, usePath } from './router.js';
import { clearToken, openSession, savedToken, saveToken } from './session.js';
import { AuditView } from './views/audit.js';
import { CreateTokenView } from './views/create-token.js';
import { MembersView } from './views/members.js';
import { OverviewView } from './views/overview.js';
import { RolesView } from './views/roles.js';
import { SignIn } from './views/sign-in.js';
import { SpacesView } from './views/spaces.js';
import { TenantsView } from './views/tenants.js';
import { TokenDetailView } from './views/token-detail.js';
import { TokensView } from './views/tokens.js';
import { WebhookDetailView, WebhooksView } from './views/webhooks.js';

const NAV: readonly { to: string; label: string; operator?: boolean }[] = [
  { to: '/', label: 'Tokens' },
  { to: '/overview', label: 'Overview' },
  { to: '/members', label: 'Members' },
  { to: '/spaces', label: 'Spaces' },
  { to: '/roles', label: 'Roles' },
  { to: '/audit', label: 'Audit log' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/tenants', label: 'Tenants', operator: true },
];

function Route({ path, operator }: { path: string; operator: boolean }) {
  const token = /^\/tokens\/([^/]+)$/.exec(path);
  if (path === '/tokens/new') return <CreateTokenView />;
  if (token) return <TokenDetailView id={decodeURIComponent(token[1]!)} />;
  const webhook = /^\/webhooks\/([^/]+)$/.exec(path);
  if (webhook) return <WebhookDetailView id={decodeURIComponent(webhook[1]!)} />;
  switch (path) {
    case '/':
      return <TokensView />;
    case '/overview':
      return <OverviewView />;
    case '/members':
      return <MembersView />;
    case '/spaces':
      return <SpacesView />;
    case '/roles':
      return <RolesView />;
    case '/audit':
      return <AuditView />;
    case '/webhooks':
      return <WebhooksView />;
    case '/tenants':
      if (operator) return <TenantsView />;
  }
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no such page. <Link to="/">Back to the tokens</Link>
      </p>
    </section>
  );
}

function Shell({ session }: { session: Session }) {
  const path = usePath();
  const current = (to: string) =>
    to === '/' ? path === '/' || path.startsWith('/tokens') : path.startsWith(to);
  return (
    <SessionContext.Provider value={session}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Tessera</span>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((item) => !item.operator || session.operator).map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={current(item.to) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class="muted">
            {session.self.name} ({session.self.effective_role ?? session.self.kind})
          </span>
          <button type="button" onClick={() => session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        <Route path={path} operator={session.operator} />
      </main>
    </SessionContext.Provider>
  );
}

type State =
  | { phase: 'checking' }
  | { phase: 'signed-out'; notice: string | null }
  | { phase: 'signed-in'; client: Tessera; self: Token; operator: boolean };

function App() {
  const [state, setState] = useState<State>(() =>
    savedToken() === null ? { phase: 'signed-out', notice: null } : { phase: 'checking' },
  );
  const signOut = useCallback((reason?: string) => {
    clearToken();
    setState({ phase: 'signed-out', notice: reason ?? null });
    navigate('/');
  }, []);
  // A reload keeps the session: the saved token is checked again with the server.
  useEffect(() => {
    const token = savedToken();
    if (token === null) return;
    openSession(token).then(
      (opened) => setState({ phase: 'signed-in', ...opened }),
      (error: unknown) => {
        clearToken();
        const detail = error instanceof TesseraError ? error.detail : String(error);
        setState({ phase: 'signed-out', notice: `Signed out: ${detail}` });
      },
    );
  }, []);
  if (state.phase === 'checking') return <p class="loading">Loading…</p>;
  if (state.phase === 'signed-out')
    return (
      <SignIn
        notice={state.notice}
        onSignedIn={(token, opened) => {
          saveToken(token);
          setState({ phase: 'signed-in', ...opened });
        }}
      />
    );
  return <Shell session={{ client: state.client, self: state.self, operator: state.operator, signOut }} />;
}

render(<App />, document.getElementById('app')!);
