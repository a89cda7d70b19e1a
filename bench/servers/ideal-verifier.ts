// The "ideal" verifier: the least work a correct verification needs, with nothing else. Read the body,
// parse it, check the secret's checksum (no I/O for garbage), one HMAC, a Map lookup, the expiry, and
// answer bytes prepared per token. It runs as a server (bench/servers/ideal-verifier.ts <tokens file>)
// and as a function for the in-process comparison.
import { createHmac, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseSecret } from '../../src/core/secret.js';
import { parseServerKeyRing } from '../../src/core/server-key.js';
import { serveJson } from './serve-json.js';

export interface IdealToken {
  readonly secret: string;
  readonly id: string;
  readonly expiresAtMs: number;
}

const NOT_FOUND = Buffer.from(JSON.stringify({ valid: false, code: 'not_found' }));
const MALFORMED = Buffer.from(JSON.stringify({ valid: false, code: 'malformed' }));
const EXPIRED = Buffer.from(JSON.stringify({ valid: false, code: 'expired' }));

interface Entry {
  readonly expiresAtMs: number;
  readonly answer: Buffer;
}

export class IdealVerifier {
  private readonly byDigest = new Map<string, Entry>();
  private readonly key: KeyObject;

  constructor(secretKey: string, tokens: readonly IdealToken[]) {
    const ring = parseServerKeyRing(secretKey);
    if (typeof ring === 'string') throw new Error(ring);
    this.key = ring.current.key;
    for (const token of tokens) {
      this.byDigest.set(this.digest(token.secret), {
        expiresAtMs: token.expiresAtMs,
        answer: Buffer.from(JSON.stringify({ valid: true, code: 'valid', token: { id: token.id } })),
      });
    }
  }

  verify(presented: string, nowMs: number): Buffer {
    if (parseSecret(presented) === null) return MALFORMED;
    const entry = this.byDigest.get(this.digest(presented));
    if (entry === undefined) return NOT_FOUND;
    return nowMs < entry.expiresAtMs ? entry.answer : EXPIRED;
  }

  private digest(secret: string): string {
    return createHmac('sha256', this.key).update(secret, 'ascii').digest('hex');
  }
}

function serve(verifier: IdealVerifier): void {
  serveJson((body) => {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { token?: unknown };
      return typeof parsed.token === 'string' ? verifier.verify(parsed.token, Date.now()) : MALFORMED;
    } catch {
      return MALFORMED;
    }
  });
}

if (process.argv[2] !== undefined) {
  const { secretKey, tokens } = JSON.parse(readFileSync(process.argv[2], 'utf8')) as {
    secretKey: string;
    tokens: IdealToken[];
  };
  serve(new IdealVerifier(secretKey, tokens));
}
