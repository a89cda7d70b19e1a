// Sign-in: paste a token; the server checks it (GET /v1/tokens/self) before anything is kept.
import type { Tessera, Token } from '@tessera/client';
import { useState } from 'preact/hooks';
import { type Failure, failureOf } from '../data.js';
import { openSession } from '../session.js';
import { ErrorBox } from '../ui.js';

export function SignIn(props: {
  notice: string | null;
  onSignedIn: (token: string, opened: { client: Tessera; self: Token; operator: boolean }) => void;
}) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const pasted = token.trim();
    if (pasted === '') {
      setFailure({ detail: 'paste a token to sign in', code: 'invalid_request', requestId: null });
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const opened = await openSession(pasted);
      setToken('');
      props.onSignedIn(pasted, opened);
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>Tessera</h1>
      <p>Sign in with a Tessera token: the owner token the first start printed, or one of your own.</p>
      {props.notice !== null && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <form onSubmit={submit}>
        <label for="token">Token</label>
        <input
          id="token"
          type="text"
          class="masked"
          autocomplete="off"
          spellcheck={false}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
        <ErrorBox failure={failure} />
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <p class="muted">The token stays in this tab only (sessionStorage) and is gone when you sign out.</p>
    </main>
  );
}
