// A real webhook receiver on loopback for the event tests: records every request it gets (headers,
// raw body, when), answers what the test tells it to (a status, or nothing for a while), and checks
// signatures with its own Standard Webhooks verification, written here from the specification and
// sharing no code with Tessera's signer.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  readonly headers: IncomingHttpHeaders;
  /** The request's path: which of several endpoints on this receiver it was sent to. */
  readonly path: string;
  readonly rawBody: string;
  readonly body: { type: string; timestamp: string; data: Record<string, any> };
  /** performance.now() when the request arrived. */
  readonly receivedAt: number;
}

/** What to answer the next requests: a status (default 204), optionally after holding the request. */
export interface Reply {
  readonly status: number;
  readonly delayMs?: number;
  readonly headers?: Record<string, string>;
}

export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private readonly replies: Reply[] = [];
  private waiters: (() => void)[] = [];
  private server: Server | null = null;
  url = '';

  /** The next requests get these answers, in order; after them, 204. */
  answerNext(...replies: Reply[]): void {
    this.replies.push(...replies);
  }

  /** Forgets what was received and the answers still queued: every next request gets a 204. */
  reset(): void {
    this.received.length = 0;
    this.replies.length = 0;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        this.received.push({
          headers: request.headers,
          path: request.url ?? '',
          rawBody,
          body: JSON.parse(rawBody),
          receivedAt: performance.now(),
        });
        for (const waiter of this.waiters.splice(0)) waiter();
        const reply = this.replies.shift() ?? { status: 204 };
        setTimeout(() => {
          if (response.destroyed) return;
          response.writeHead(reply.status, reply.headers);
          response.end();
        }, reply.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Resolves once `predicate` holds over what was received, or rejects after `timeoutMs`. */
  async waitFor(
    predicate: (received: readonly ReceivedDelivery[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!predicate(this.received)) {
      const left = deadline - performance.now();
      if (left <= 0)
        throw new Error(`the receiver did not get what was awaited; it has ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  ofType(type: string): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.body.type === type);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * The Standard Webhooks check, from the specification: the signed content is
 * "<webhook-id>.<webhook-timestamp>.<body>", HMAC-SHA256 keyed with the base64-decoded part of
 * `whsec_…`, base64-encoded, compared in constant time with each space-separated `v1,` signature.
 */
export function verifiesWith(secret: string, delivery: ReceivedDelivery): boolean {
  const id = delivery.headers['webhook-id'];
  const timestamp = delivery.headers['webhook-timestamp'];
  const signatures = delivery.headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  if (!/^\d+$/.test(timestamp)) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${delivery.rawBody}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    if (version !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
