// Loading and acting through the client, with one error path: a 401 ends the session (back to
// sign-in), anything else is shown to the person with the server's detail and request id.
import { TesseraError } from '@tessera/client';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useSession } from './app-context.js';

/** What a view shows of a failure: never HTML, always the detail and the request id when there is one. */
export interface Failure {
  readonly detail: string;
  readonly code: string;
  readonly requestId: string | null;
}

export function failureOf(error: unknown): Failure {
  if (error instanceof TesseraError)
    return { detail: error.detail, code: error.code, requestId: error.requestId };
  return { detail: error instanceof Error ? error.message : String(error), code: 'error', requestId: null };
}

/** Runs a failure through the session: true when it was a 401 (the session is over). */
function endsSession(error: unknown, signOut: (reason?: string) => void): boolean {
  if (error instanceof TesseraError && error.status === 401) {
    signOut(`Signed out: ${error.detail}`);
    return true;
  }
  return false;
}

export interface Loaded<T> {
  readonly data: T | null;
  readonly failure: Failure | null;
  readonly loading: boolean;
  reload(): void;
}

/** Loads once per change of `key`, and again on reload(); stale answers are dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const { signOut } = useSession();
  const [state, setState] = useState<{ data: T | null; failure: Failure | null; loading: boolean }>({
    data: null,
    failure: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  // `key` says when `load` has changed: a new closure each render with the same key loads nothing.
  useEffect(() => {
    const mine = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => mine === latest.current && setState({ data, failure: null, loading: false }),
      (error: unknown) => {
        if (mine !== latest.current || endsSession(error, signOut)) return;
        setState((previous) => ({ ...previous, failure: failureOf(error), loading: false }));
      },
    );
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}

export interface Action {
  readonly busy: boolean;
  readonly failure: Failure | null;
  /** Runs `act`; resolves to its result, or undefined when it failed (the failure is kept to show). */
  run<T>(act: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

export function useAction(): Action {
  const { signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const run = useCallback(
    async <T>(act: () => Promise<T>) => {
      setBusy(true);
      setFailure(null);
      try {
        return await act();
      } catch (error) {
        if (!endsSession(error, signOut)) setFailure(failureOf(error));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [signOut],
  );
  return { busy, failure, run, clear: () => setFailure(null) };
}
