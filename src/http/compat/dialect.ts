// The one mechanism every vendor dialect is made of. A dialect is a translation: it names its vendor's
// auth header, renders Tessera's errors in its vendor's body, and declares routes that parse the
// vendor's request, call the same services as /v1 and render the vendor's answer. What the five share
// is here, once: the door (the vendor's header into the one verifier), the route declaration (schemas,
// docs, the vendor answer), the paging translation, the stand-in for a secret and token references.
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { Type } from 'typebox';
import type { TesseraError } from '../../core/errors.js';
import { SECRET_REGEX } from '../../core/secret.js';
import type { TokenRecord } from '../../core/token.js';
import type { Actor } from '../../services/actor.js';
import type { Deps } from '../../services/deps.js';
import { resolveTokenReference, type TokenReference } from '../../services/tokens/access.js';
import type { TokenPaging } from '../../services/tokens/list.js';
import { revokeToken } from '../../services/tokens/revoke.js';

export const DIALECT_NAMES = ['tiledb', 'neuroio', 'lagrello', 'fastly', 'launchdarkly'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

/** A vendor's answer: its status, its body (null: none) and any headers it adds. */
export interface VendorAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a route handler is given: the request as parsed and validated, and the authenticated caller. */
export interface DialectCall {
  readonly request: FastifyRequest;
  readonly actor: Actor;
  readonly query: Record<string, unknown>;
  readonly params: Record<string, string>;
  readonly body: unknown;
}

/** One route of a dialect, as its vendor's client calls it, with what its OpenAPI document says. */
export interface DialectRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under the dialect's mount; more than one where the vendor's clients differ (trailing slashes). */
  readonly urls: readonly string[];
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly querystring?: TSchema;
  readonly params?: TSchema;
  readonly body?: TSchema;
  /** The answers, by status, each with what it means (and its shape, where it has a body). */
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: TSchema }>>;
  /** The route carries a secret by design (a key in its path or body) and stores none of it. */
  readonly acceptsSecrets?: boolean;
  /** The answer carries a secret: it must not be cached. */
  readonly answersSecrets?: boolean;
  handle(call: DialectCall): Promise<VendorAnswer>;
}

export interface Dialect {
  readonly name: DialectName;
  /** The vendor, for people: `Fastly`. */
  readonly title: string;
  /** What the dialect is and how to point the vendor's client at it (the OpenAPI document's text). */
  readonly description: string;
  /** The vendor's auth header, as an OpenAPI security scheme. */
  readonly securityScheme: Readonly<Record<string, unknown>>;
  /** The secret the vendor's client presented, or null when there is none in the vendor's places. */
  secretOf(request: FastifyRequest): string | null;
  /**
   * The vendor's answer for a Tessera error: every authentication failure arrives as `unauthorized`,
   * a token over its rate limit as `rate_limited`, bad input as `invalid_request` or its kin.
   */
  renderError(error: TesseraError, request: FastifyRequest): VendorAnswer;
  routes(deps: Deps): readonly DialectRoute[];
}

/**
 * What a vendor schema shows where it needs a key but the secret may not be shown (every answer but
 * create and rotate): `****` and the token's hint, its last four characters.
 */
export function secretStandIn(token: Pick<TokenRecord, 'hint'>): string {
  return `****${token.hint}`;
}

/** The secret of an issued token where the answer shows one, else the stand-in. */
export function keyField(token: Pick<TokenRecord, 'hint'>, secret: string | undefined): string {
  return secret ?? secretStandIn(token);
}

/**
 * A path segment that names a token, as the vendors' clients send them: a whole secret (NeuroIO and
 * Lagrello take the key where an id goes), a serial (NeuroIO's integer ids) where the vendor numbers
 * its tokens, or else an id. Whatever it is, naming nothing is the vendor's 404 (never a 400).
 */
export function tokenReferenceOf(segment: string, numbered: 'serial' | 'id'): TokenReference {
  if (SECRET_REGEX.test(segment)) return { by: 'secret', secret: segment };
  if (numbered === 'serial') {
    const serial = /^[1-9][0-9]{0,15}$/.test(segment) ? Number(segment) : Number.NaN;
    // Not a number: a serial no token has (0 is never given).
    return { by: 'serial', serial: Number.isSafeInteger(serial) ? serial : 0 };
  }
  return { by: 'id', id: segment };
}

/** A page by number or by offset: the two styles the vendors page in. */
export type VendorPaging = Extract<TokenPaging, { readonly offset: number }>;

/** A page by number (`page` from 1, `per_page` items), as the services take it. */
export function pageNumberPaging(page: number, perPage: number): VendorPaging {
  return { style: 'page', limit: perPage, offset: (page - 1) * perPage };
}

/** A page by offset (`limit` items after `offset`), as the services take it. */
export function offsetPaging(limit: number, offset: number): VendorPaging {
  return { style: 'offset', limit, offset };
}

/** Where the pages before and after this one start, when there are such pages. */
export function neighbourOffsets(
  paging: { readonly limit: number; readonly offset: number },
  totalItems: number,
): { readonly previous: number | null; readonly next: number | null } {
  return {
    previous: paging.offset > 0 ? Math.max(0, paging.offset - paging.limit) : null,
    next: paging.offset + paging.limit < totalItems ? paging.offset + paging.limit : null,
  };
}

/**
 * This request's URL with some query parameters replaced, absolute (from its Host), for the vendors
 * whose listings link their neighbouring pages.
 */
export function linkTo(request: FastifyRequest, replaced: Readonly<Record<string, string>>): string {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  for (const [name, value] of Object.entries(replaced)) url.searchParams.set(name, value);
  return url.toString();
}

/** The most tokens a bare-array listing (Fastly's) answers: read in pages of the native bound. */
export const MAX_BARE_LISTING = 10_000;

/** Every token of a listing, walked page by page, for vendors whose listings are one bare array. */
export async function everyPage<T>(
  readPage: (paging: TokenPaging) => Promise<{ readonly items: readonly T[]; readonly totalItems: number }>,
): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; offset < MAX_BARE_LISTING; offset += 100) {
    const page = await readPage(offsetPaging(100, offset));
    items.push(...page.items);
    if (page.items.length < 100) break;
  }
  return items;
}

/** How a vendor names the one-token revoke it has: its path, its parameter and what that holds. */
export interface RevokeRouteSpec {
  readonly urls: readonly string[];
  /** The path parameter that names the token. */
  readonly param: string;
  /** What the parameter may hold besides a secret: a serial (NeuroIO) or a token id. */
  readonly numbered: 'serial' | 'id';
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
}

/**
 * The one-token revoke every vendor has: the path names the token (by id, serial or secret), the
 * caller revokes it as one by one on /v1, and the answer is a 204 with no body. A revoked, unknown or
 * foreign token is not found (removed means gone), whatever the reference looks like.
 */
export function revokeRoute(deps: Deps, spec: RevokeRouteSpec): DialectRoute {
  return {
    method: 'DELETE',
    urls: spec.urls,
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    params: Type.Object({
      [spec.param]: Type.String({
        maxLength: 1024,
        description: `the token: its ${spec.numbered} or its secret`,
      }),
    }),
    // A key in the path is accepted (and masked in every log line), never stored.
    acceptsSecrets: true,
    responses: { 204: { description: 'revoked: its secret is refused from now on' } },
    handle: async ({ actor, params }) => {
      const id = await resolveTokenReference(
        deps,
        actor,
        tokenReferenceOf(params[spec.param]!, spec.numbered),
      );
      await revokeToken(deps, actor, id, undefined, 'gone');
      return { status: 204 };
    },
  };
}
