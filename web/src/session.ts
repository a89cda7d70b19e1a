// The session: the pasted token, kept in sessionStorage only (never a URL, a cookie or localStorage),
// so it lives as long as the tab and is gone when it closes or the person signs out.
import { Tessera, TesseraError, type Token } from '@tessera/client';

const KEY = 'tessera.session';

export function savedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}

/** The one client of the page: same origin as the page, which the CSP's connect-src allows. */
export function clientFor(token: string): Tessera {
  return new Tessera({ baseUrl: location.origin, token, maxRetries: 1, timeoutMs: 15_000 });
}

/** Whether the tenant may list tenants: only the operator's admins can, and a 403 says not. */
async function isOperator(client: Tessera, self: Token): Promise<boolean> {
  if (self.effective_role !== 'admin' && self.effective_role !== 'owner') return false;
  try {
    await client.tenants.list({ per_page: 1 });
    return true;
  } catch (error) {
    if (error instanceof TesseraError && (error.status === 403 || error.status === 404)) return false;
    throw error;
  }
}

/** Checks a token with the server; resolves to the session state it opens. */
export async function openSession(token: string) {
  const client = clientFor(token);
  const self = await client.tokens.self();
  return { client, self, operator: await isOperator(client, self) };
}
