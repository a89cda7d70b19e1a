// tessera.tokens: the whole life of a token, from create to revoke.
import { APIPromise, withResponseOf } from '../api-promise.js';
import { TesseraError } from '../errors.js';
import type {
  CreateTokenRequest,
  GetTokenAdviceQuery,
  GetTokenUsageQuery,
  ImportTokenItem,
  ImportTokensAnswer,
  JsonPatch,
  ListTokensQuery,
  RevokedCount,
  RevokeTokensQuery,
  RotateTokenRequest,
  Token,
  TokenAdvice,
  TokenMergePatch,
  TokenUsage,
  TokenWithSecret,
} from '../generated/openapi.js';
import type { PagePromise } from '../pager.js';
import type { RequestOptions } from '../transport.js';
import { type IfMatchOption, Resource, segment } from './resource.js';

/**
 * `metadata.<key>: value` filters of a listing: tokens whose metadata maps that key to exactly that
 * string. The OpenAPI document describes them in prose (a parameter per key has no name to list).
 */
export type MetadataFilters = { readonly [key: `metadata.${string}`]: string };

/** Options of `tokens.create`. */
export interface CreateTokenOptions extends RequestOptions {
  /**
   * Makes the create safe to repeat (kept 24 h by the server). The client always sends one, its own
   * unless this is given, so a create is retried after a network failure without ever minting two.
   */
  readonly idempotencyKey?: string | undefined;
}

/** 128 random bits as hex: an Idempotency-Key no other call will use. Works in Node and browsers. */
function newIdempotencyKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class Tokens extends Resource {
  /**
   * Creates a token; resolves to it with its `secret`, which no later answer shows again.
   *
   * The request carries an Idempotency-Key, so a retry after a lost answer finds the token the first
   * attempt made instead of minting a second. The server never stores secrets, so such a replay
   * carries none: when the replay answers this call's own retry (the first answer never arrived),
   * the client rotates that token (the lost secret stops working) and resolves to the new secret.
   * When the very first attempt is answered as a replay (you reused your own `idempotencyKey`), the
   * token was made by an earlier call that did get its secret: that is left working, and this call
   * rejects with a TesseraError (`conflict`, status 200) naming the token.
   * @example const { secret, ...token } = await tessera.tokens.create({ name: 'ci', scopes: ['deploy:write'], ttl: 3600 });
   */
  create(body: CreateTokenRequest, options: CreateTokenOptions = {}): APIPromise<TokenWithSecret> {
    const { idempotencyKey = newIdempotencyKey(), ...rest } = options;
    return new APIPromise(
      (async () => {
        const raw = await this.transport.send({
          method: 'POST',
          path: '/v1/tokens',
          body,
          headers: { 'idempotency-key': idempotencyKey },
          idempotent: true,
          options: rest,
        });
        const created = withResponseOf(raw.response, raw.body as TokenWithSecret | Token);
        // 201 carries the secret; 200 is a replay (a browser may not see Idempotent-Replayed cross-origin).
        if (raw.response.status === 201 && 'secret' in created.data)
          return created as typeof created & { data: TokenWithSecret };
        if (raw.attempts === 1) {
          throw new TesseraError({
            status: raw.response.status,
            code: 'conflict',
            title: 'Already created',
            detail:
              `this Idempotency-Key already created ${created.data.id}, whose secret only that first answer showed; ` +
              'use it, or rotate the token for a new one',
            requestId: created.requestId,
            headers: raw.response.headers,
          });
        }
        return this.answer<TokenWithSecret>({
          method: 'POST',
          path: `/v1/tokens/${segment(created.data.id)}/rotate`,
          body: {},
          headers: created.etag === null ? {} : { 'if-match': created.etag },
          options: rest,
        });
      })(),
    );
  }

  /**
   * Lists tokens: the calling member's, or every member's with `show_all` (admins and owners).
   * Awaited: one page. Iterated with `for await`: every token of every page, `per_page` or `limit`
   * at a time.
   * @example for await (const token of tessera.tokens.list({ type: 'api', per_page: 100 })) console.log(token.name);
   * @example const unused = await tessera.tokens.list({ last_used_before: '2026-09-01T00:00:00Z', 'metadata.team': 'core', sort: 'last_used_at' });
   */
  list(
    query: ListTokensQuery & MetadataFilters = {},
    options?: RequestOptions,
  ): PagePromise<Token, ListTokensQuery> {
    return this.paged('/v1/tokens', query as ListTokensQuery, { options });
  }

  /** Reads one token by id (`tok_…`); another tenant's is a 404. */
  get(id: string, options?: RequestOptions): APIPromise<Token> {
    return this.call({ method: 'GET', path: `/v1/tokens/${segment(id)}`, options });
  }

  /**
   * The token's verifications over time, per bucket and outcome code, every bucket of the range present.
   * @example const { series } = await tessera.tokens.usage(id, { granularity: 'day', from: '2026-11-01T00:00:00Z' });
   */
  usage(id: string, query: GetTokenUsageQuery = {}, options?: RequestOptions): APIPromise<TokenUsage> {
    return this.call({
      method: 'GET',
      path: `/v1/tokens/${segment(id)}/usage`,
      query: { ...query },
      options,
    });
  }

  /**
   * Which of the token's grants its verifications used, which they never did, and `suggested`: the
   * narrowest permissions that still allow every observed action, to apply with `tokens.update`.
   * @example const advice = await tessera.tokens.advice(id); await tessera.tokens.update(id, advice.suggested);
   */
  advice(id: string, query: GetTokenAdviceQuery = {}, options?: RequestOptions): APIPromise<TokenAdvice> {
    return this.call({
      method: 'GET',
      path: `/v1/tokens/${segment(id)}/advice`,
      query: { ...query },
      options,
    });
  }

  /** Reads the token this client authenticates with. */
  self(options?: RequestOptions): APIPromise<Token> {
    return this.call({ method: 'GET', path: '/v1/tokens/self', options });
  }

  /** Finds a token by its secret (sent in the body, never in a URL); 404 when none has it. */
  lookup(secret: string, options?: RequestOptions): APIPromise<Token> {
    return this.call({ method: 'POST', path: '/v1/tokens/lookup', body: { secret }, options });
  }

  /**
   * Changes fields with a JSON Merge Patch (RFC 7396): given fields are set, `null` clears one.
   * @example await tessera.tokens.update(id, { name: 'ci-2' }, { ifMatch: etag });
   */
  update(
    id: string,
    changes: TokenMergePatch,
    options: RequestOptions & IfMatchOption = {},
  ): APIPromise<Token> {
    return this.patchWith(id, changes, 'application/merge-patch+json', options);
  }

  /**
   * Changes fields with a JSON Patch (RFC 6902) over the token object's own field names.
   * @example await tessera.tokens.patch(id, [{ op: 'add', path: '/scopes/-', value: 'orders:read' }]);
   */
  patch(id: string, operations: JsonPatch, options: RequestOptions & IfMatchOption = {}): APIPromise<Token> {
    return this.patchWith(id, operations, 'application/json-patch+json', options);
  }

  private patchWith(id: string, body: unknown, contentType: string, options: RequestOptions & IfMatchOption) {
    const { ifMatch, ...rest } = options;
    return this.call<Token>({
      method: 'PATCH',
      path: `/v1/tokens/${segment(id)}`,
      body,
      contentType,
      headers: { 'if-match': ifMatch ?? undefined },
      options: rest,
    });
  }

  /**
   * Gives the token a new secret (same id), shown this once. With `expiry` (ms since the epoch) the
   * old secret keeps working until then; without it, it stops now.
   * @example const { secret } = await tessera.tokens.rotate(id, { expiry: Date.now() + 600_000 });
   */
  rotate(
    id: string,
    body: RotateTokenRequest = {},
    options: RequestOptions & IfMatchOption = {},
  ): APIPromise<TokenWithSecret> {
    const { ifMatch, ...rest } = options;
    return this.call({
      method: 'POST',
      path: `/v1/tokens/${segment(id)}/rotate`,
      body,
      headers: { 'if-match': ifMatch ?? undefined },
      options: rest,
    });
  }

  /** Revokes a token for good (idempotent); its record stays for audit. */
  revoke(id: string, options: RequestOptions & IfMatchOption = {}): APIPromise<void> {
    const { ifMatch, ...rest } = options;
    return this.call({
      method: 'DELETE',
      path: `/v1/tokens/${segment(id)}`,
      headers: { 'if-match': ifMatch ?? undefined },
      options: rest,
    });
  }

  /**
   * Imports tokens of another system with their existing secrets (at most 1,000 a call; admins and
   * owners). Each item is imported on its own: the answer has one result per item, `201` with the
   * token or the problem that stored nothing. Not retried: a retry would find the items imported.
   * @example const { imported, data } = await tessera.tokens.import([{ name: 'legacy', secret: oldKey }]);
   */
  import(tokens: readonly ImportTokenItem[], options?: RequestOptions): APIPromise<ImportTokensAnswer> {
    return this.call({ method: 'POST', path: '/v1/tokens/import', body: { tokens }, options });
  }

  /** Revokes the token this client authenticates with: the client can do nothing afterwards. */
  revokeSelf(options?: RequestOptions): APIPromise<void> {
    return this.call({ method: 'DELETE', path: '/v1/tokens/self', options });
  }

  /**
   * Revokes every token the same filters would list that the caller may revoke one by one; the
   * calling token is spared unless `include_self` is true.
   * @example const { revoked } = await tessera.tokens.revokeMany({ permanent: false });
   */
  revokeMany(
    query: RevokeTokensQuery & MetadataFilters = {},
    options?: RequestOptions,
  ): APIPromise<RevokedCount> {
    return this.call({ method: 'DELETE', path: '/v1/tokens', query: { ...query }, options });
  }
}
