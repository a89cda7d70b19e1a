// One delivery attempt over HTTP(S): to the vetted address only (the lookup handed to the request
// answers what address-guard checked, so no second resolution happens), no redirects followed (a 3xx
// is a failed attempt like any other non-2xx), at most 64 KB of the answer read, and one deadline for
// the whole exchange.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type ResolvedAddress, type Resolver, vetHost } from './address-guard.js';

export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface OutgoingDelivery {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SendOptions {
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
  readonly resolve: Resolver;
}

export interface SendResult {
  /** The HTTP status answered, or null when there was none. */
  readonly status: number | null;
  /** Why there was no usable answer (refused target, timeout, connection error). */
  readonly error: string | null;
  readonly durationMs: number;
}

/** A lookup that answers the vetted address, in whichever form the connecting code asks for. */
function pinnedLookup(vetted: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: vetted.address, family: vetted.family }]);
    else callback(null, vetted.address, vetted.family);
  }) as LookupFunction;
}

export async function sendDelivery(delivery: OutgoingDelivery, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (status: number | null, error: string | null): SendResult => ({
    status,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = new URL(delivery.url);
  } catch {
    return done(null, 'the URL does not parse');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return done(null, 'only http and https');
  const vetted = await vetHost(url.hostname, options.allowPrivate, options.resolve);
  if (!vetted.ok) return done(null, `refused: ${vetted.reason}`);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (status: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.destroy();
      resolve(done(status, error));
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...delivery.headers, 'content-length': String(Buffer.byteLength(delivery.body)) },
        lookup: pinnedLookup(vetted.address),
        // A fresh connection each time: a pooled socket could belong to an address checked earlier.
        agent: false,
      },
      (response) => {
        let received = 0;
        const status = response.statusCode ?? null;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          // The answer's body means nothing to us: read a bounded amount, then stop.
          if (received >= MAX_RESPONSE_BYTES) finish(status, null);
        });
        response.on('end', () => finish(status, null));
        response.on('error', () => finish(status, null));
      },
    );
    const deadline = setTimeout(
      () => finish(null, `no answer within ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    request.on('error', (error: NodeJS.ErrnoException) => finish(null, error.code ?? 'connection failed'));
    request.end(delivery.body);
  });
}
