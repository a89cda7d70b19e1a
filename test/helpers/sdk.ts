// Small helpers for tests of @tessera/client: the error a call rejects with, and a client that
// counts the requests it sends.
import { expect } from 'vitest';
import { Tessera, TesseraError } from '../../packages/client/src/index.js';

/** The TesseraError a call rejects with; fails the test when the call resolves or throws another. */
export async function rejectionOf(call: PromiseLike<unknown>): Promise<TesseraError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(TesseraError);
    return error as TesseraError;
  }
  throw new Error('expected the call to fail');
}

/** A client whose `requests()` says how many HTTP requests it has sent so far. */
export function countingClient(baseUrl: string, token?: string): { client: Tessera; requests(): number } {
  let sent = 0;
  const client = new Tessera({
    baseUrl,
    ...(token === undefined ? {} : { token }),
    fetch: (url, init) => {
      sent++;
      return fetch(url, init);
    },
  });
  return { client, requests: () => sent };
}
