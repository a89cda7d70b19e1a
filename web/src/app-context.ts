// What every view needs: the client, who is signed in, and the way out when the server says 401.
import type { Tessera, Token } from '@tessera/client';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface Session {
  readonly client: Tessera;
  /** The token the person signed in with, as the server describes it. */
  readonly self: Token;
  /** Whether this tenant is the operator tenant (it may list tenants). */
  readonly operator: boolean;
  /** Ends the session; with a reason, sign-in shows it. */
  signOut(reason?: string): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside a signed-in page');
  return session;
}
