// Paging for every list: `page`+`per_page` (alias `size`) or `limit`+`offset`, one envelope for all,
// and RFC 8288 Link headers that keep the caller's filters.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { TesseraError } from '../core/errors.js';
import type { Page } from '../store/store.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

const PageSize = (description: string) =>
  Type.Integer({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    description: `${description}, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`,
  });
/** Paging parameters for lists that only page by number or offset. */
export const PagingQuery = {
  page: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1_000_000_000,
      description: 'the page to read, from 1 (with per_page)',
    }),
  ),
  per_page: Type.Optional(PageSize('items per page (with page)')),
  size: Type.Optional(PageSize('another name for per_page (Lagrello)')),
  limit: Type.Optional(PageSize('items per page (with offset, or with cursor)')),
  offset: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'items to skip (with limit)' }),
  ),
};

/** Token lists page by keyset cursor too. */
export const CursorPagingQuery = {
  ...PagingQuery,
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 512,
      description: 'next_cursor of the previous page (with limit); the fastest way through a long list',
    }),
  ),
};

export interface PagingParams {
  readonly page?: number;
  readonly per_page?: number;
  readonly size?: number;
  readonly limit?: number;
  readonly offset?: number;
  readonly cursor?: string;
}

export type Paging =
  | { readonly style: 'page' | 'offset'; readonly limit: number; readonly offset: number }
  | { readonly style: 'cursor'; readonly limit: number; readonly cursor: string };

export function resolvePaging(query: PagingParams): Paging {
  const pageStyle = query.page !== undefined || query.per_page !== undefined || query.size !== undefined;
  const offsetStyle = query.offset !== undefined;
  const cursorStyle = query.cursor !== undefined;
  if (
    [pageStyle, offsetStyle, cursorStyle].filter(Boolean).length > 1 ||
    (pageStyle && query.limit !== undefined)
  ) {
    throw new TesseraError(
      'invalid_query',
      'use one paging style: page+per_page, limit+offset, or limit+cursor',
    );
  }
  if (query.per_page !== undefined && query.size !== undefined)
    throw new TesseraError('invalid_query', 'size is another name for per_page; give one of them');
  if (cursorStyle) return { style: 'cursor', limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor! };
  if (pageStyle) {
    const perPage = query.per_page ?? query.size ?? DEFAULT_PAGE_SIZE;
    return { style: 'page', limit: perPage, offset: ((query.page ?? 1) - 1) * perPage };
  }
  return { style: 'offset', limit: query.limit ?? DEFAULT_PAGE_SIZE, offset: query.offset ?? 0 };
}

export interface PaginationBody {
  readonly total_items: number;
  readonly total_pages: number;
  readonly page: number | null;
  readonly per_page: number | null;
  readonly limit: number | null;
  readonly offset: number | null;
  readonly next_cursor: string | null;
}

export function paginationBody(
  paging: Paging,
  totalItems: number,
  nextCursor: string | null,
): PaginationBody {
  return {
    total_items: totalItems,
    total_pages: Math.ceil(totalItems / paging.limit),
    page: paging.style === 'page' ? Math.floor(paging.offset / paging.limit) + 1 : null,
    per_page: paging.style === 'page' ? paging.limit : null,
    limit: paging.style === 'page' ? null : paging.limit,
    offset: paging.style === 'offset' ? paging.offset : null,
    next_cursor: nextCursor,
  };
}

const PAGING_PARAMS = ['page', 'per_page', 'size', 'limit', 'offset', 'cursor'];

/** A keyset walk knows only its start and the page after this one. */
function cursorLinks(url: URL, limit: number, nextCursor: string | null): string {
  const params = new URLSearchParams(url.searchParams);
  for (const name of PAGING_PARAMS) params.delete(name);
  params.set('limit', String(limit));
  const links = [`<${url.pathname}?${params.toString()}>; rel="first"`];
  if (nextCursor !== null) {
    params.set('cursor', nextCursor);
    links.push(`<${url.pathname}?${params.toString()}>; rel="next"`);
  }
  return links.join(', ');
}

/** RFC 8288 links to the first, previous, next and last pages, in the style the caller used. */
export function linkHeader(
  rawUrl: string,
  paging: Paging,
  totalItems: number,
  nextCursor: string | null = null,
): string {
  const url = new URL(rawUrl, 'http://placeholder');
  if (paging.style === 'cursor') return cursorLinks(url, paging.limit, nextCursor);
  const lastOffset = Math.max(0, Math.ceil(totalItems / paging.limit) - 1) * paging.limit;
  const link = (offset: number, rel: string) => {
    const params = new URLSearchParams(url.searchParams);
    for (const name of PAGING_PARAMS) params.delete(name);
    if (paging.style === 'page') {
      params.set('page', String(Math.floor(offset / paging.limit) + 1));
      params.set('per_page', String(paging.limit));
    } else {
      params.set('limit', String(paging.limit));
      params.set('offset', String(offset));
    }
    return `<${url.pathname}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [link(0, 'first')];
  if (paging.offset > 0)
    links.push(link(Math.min(lastOffset, Math.max(0, paging.offset - paging.limit)), 'prev'));
  if (paging.offset + paging.limit < totalItems) links.push(link(paging.offset + paging.limit, 'next'));
  links.push(link(lastOffset, 'last'));
  return links.join(', ');
}

/** The one way a list answers: the Link header on the reply, the SPEC envelope as the body. */
export function listAnswer<T, W>(
  request: FastifyRequest,
  reply: FastifyReply,
  paging: Paging,
  page: Page<T> & { readonly nextCursor?: string | null },
  toWire: (item: T) => W,
) {
  const nextCursor = page.nextCursor ?? null;
  reply.header('link', linkHeader(request.url, paging, page.totalItems, nextCursor));
  return { data: page.items.map(toWire), pagination: paginationBody(paging, page.totalItems, nextCursor) };
}

export type OffsetPaging = Extract<Paging, { readonly offset: number }>;

/** For lists that page only by number or offset (members, tenants, audit events). */
export function resolveOffsetPaging(query: PagingParams): OffsetPaging {
  const paging = resolvePaging(query);
  if (paging.style === 'cursor')
    throw new TesseraError('invalid_query', 'this list pages by page or offset, not cursor');
  return paging;
}
