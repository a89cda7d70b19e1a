// The Tessera client: one object holding the connection settings and every resource of the native API.
import type { APIPromise } from './api-promise.js';
import type { VerifyAnswer, VerifyRequest } from './generated/openapi.js';
import { AuditEvents } from './resources/audit-events.js';
import { Roles, Spaces } from './resources/keyed-objects.js';
import { Leaks } from './resources/leaks.js';
import { Members } from './resources/members.js';
import { Resource } from './resources/resource.js';
import { Tenants } from './resources/tenants.js';
import { Tokens } from './resources/tokens.js';
import { Usage } from './resources/usage.js';
import { Webhooks } from './resources/webhooks.js';
import { type FetchLike, type RequestOptions, Transport } from './transport.js';

export interface ClientOptions {
  /** Where Tessera answers, e.g. `https://tessera.example.com` (no `/v1`). */
  readonly baseUrl: string;
  /** The bearer secret the client acts with. Optional for a client that only verifies. */
  readonly token?: string | undefined;
  /** Per attempt, in milliseconds, for the whole answer to arrive. Default 30 000. */
  readonly timeoutMs?: number | undefined;
  /**
   * Retries of network failures, timeouts, 429 (after `Retry-After`, when it is at most 60 s) and
   * 502/503/504, with exponential backoff and jitter. A POST is retried only where it carries an
   * Idempotency-Key the server honours: `tokens.create`. Default 2.
   */
  readonly maxRetries?: number | undefined;
  /** The `fetch` to use; default the global one. */
  readonly fetch?: FetchLike | undefined;
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** The action and resource a resource server asks about, and the caller's address. */
export type VerifyQuestion = Omit<VerifyRequest, 'token'>;

class Verifier extends Resource {
  ask(secret: string, question: VerifyQuestion, options?: RequestOptions): APIPromise<VerifyAnswer> {
    return this.call({
      method: 'POST',
      path: '/v1/verify',
      body: { token: secret, ...question },
      authenticated: false,
      options,
    });
  }
}

export class Tessera {
  /** Create, list, read, change, rotate and revoke tokens. */
  readonly tokens: Tokens;
  /** The people of the tenant and their roles. */
  readonly members: Members;
  /** Named parts of the tenant a token can be confined to. */
  readonly spaces: Spaces;
  /** Custom roles: named, reusable policies. */
  readonly roles: Roles;
  /** Tenants (operators), and the listing of one tenant's tokens (its admins). */
  readonly tenants: Tenants;
  /** The tenant's audit trail. */
  readonly auditEvents: AuditEvents;
  /** The tenant's busiest tokens and its verifications by outcome. */
  readonly usage: Usage;
  /** Report leaked secrets: each real one is revoked at once (no token needed). */
  readonly leaks: Leaks;
  /** Endpoints that receive the tenant's lifecycle events, and their deliveries. */
  readonly webhooks: Webhooks;
  readonly #verifier: Verifier;

  constructor(options: ClientOptions) {
    if (typeof options?.baseUrl !== 'string' || !/^https?:\/\//i.test(options.baseUrl))
      throw new TypeError('Tessera: baseUrl must be an http(s) URL, e.g. http://127.0.0.1:8080');
    const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
    if (fetchImpl === undefined) throw new TypeError('Tessera: no global fetch here; pass options.fetch');
    const transport = new Transport({
      baseUrl: options.baseUrl,
      token: options.token ?? null,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
      fetch: fetchImpl,
      headers: options.headers ?? {},
    });
    this.tokens = new Tokens(transport);
    this.members = new Members(transport);
    this.spaces = new Spaces(transport);
    this.roles = new Roles(transport);
    this.tenants = new Tenants(transport);
    this.auditEvents = new AuditEvents(transport);
    this.usage = new Usage(transport);
    this.leaks = new Leaks(transport);
    this.webhooks = new Webhooks(transport);
    this.#verifier = new Verifier(transport);
  }

  /**
   * Asks Tessera whether a secret is valid, and (with `action`, optionally `resource`) whether it may
   * do that. Needs no client token: holding the secret is the credential. Never throws for a refused
   * token: it resolves to the answer, whose `code` says why (`expired`, `revoked`, `forbidden`, …).
   * It throws only when no answer could be had (storage down, network, a malformed request).
   * @example const answer = await tessera.verify(secret, { action: 'deploy:write', resource: 'apps/web' });
   */
  verify(secret: string, question: VerifyQuestion = {}, options?: RequestOptions): APIPromise<VerifyAnswer> {
    return this.#verifier.ask(secret, question, options);
  }
}
