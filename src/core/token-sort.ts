// The orders a token listing can be read in, and the value of a token a keyset cursor compares.
import type { TokenRecord } from './token.js';

export const TOKEN_SORT_FIELDS = ['created_at', 'name', 'expires_at', 'last_used_at'] as const;
export type TokenSortField = (typeof TOKEN_SORT_FIELDS)[number];

/** `field` ascending, `-field` descending (the JSON:API convention Lagrello and NeuroIO follow). */
export const TOKEN_SORTS = TOKEN_SORT_FIELDS.flatMap((field) => [field, `-${field}`] as const);
export type TokenSort = TokenSortField | `-${TokenSortField}`;

/** Newest first: what a listing always was, and the only order the tenant's created_at index walks. */
export const DEFAULT_TOKEN_SORT: TokenSort = '-created_at';

export interface TokenOrder {
  readonly field: TokenSortField;
  readonly descending: boolean;
}

export function orderOf(sort: TokenSort): TokenOrder {
  return sort.startsWith('-')
    ? { field: sort.slice(1) as TokenSortField, descending: true }
    : { field: sort as TokenSortField, descending: false };
}

/**
 * Where a token without the field sorts: a permanent token after every expiring one (it expires
 * last), a never-used one before every used one (it was used longest ago). The store orders by the
 * same stand-ins, so one comparison of (value, id) pages through nulls as through values.
 */
export const NEVER_EXPIRES_MS = Number.MAX_SAFE_INTEGER;
export const NEVER_USED_MS = -1;

/** The value of `token` that a listing in `field` order compares, nulls replaced by their stand-ins. */
export function sortValueOf(token: TokenRecord, field: TokenSortField): number | string {
  switch (field) {
    case 'created_at':
      return token.createdAtMs;
    case 'name':
      return token.name;
    case 'expires_at':
      return token.expiresAtMs ?? NEVER_EXPIRES_MS;
    case 'last_used_at':
      return token.lastUsedAtMs ?? NEVER_USED_MS;
  }
}
