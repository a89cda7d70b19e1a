// Paging, done once for every list: a page knows how to fetch the next one in the caller's own style
// (page, offset or cursor), and iterating walks every item of every page, by cursor where the list
// has one, so items created meanwhile neither repeat nor go missing.
import { APIPromise, type WithResponse } from './api-promise.js';
import type { Pagination } from './generated/openapi.js';

/** The paging parameters every list accepts (a list may accept only some: see its query type). */
export interface PagingQuery {
  readonly page?: number;
  readonly per_page?: number;
  readonly size?: number;
  readonly limit?: number;
  readonly offset?: number;
  readonly cursor?: string;
}

/** Every list answer: `{data, pagination}`. */
export interface ListEnvelope<Item> {
  readonly data: Item[];
  readonly pagination: Pagination;
}

type FetchPage<Item, Query> = (query: Query) => Promise<WithResponse<ListEnvelope<Item>>>;

const PAGING_KEYS = ['page', 'per_page', 'size', 'limit', 'offset', 'cursor'] as const;

function filtersOf<Query extends PagingQuery>(query: Query): Query {
  const filters = { ...query } as Record<string, unknown>;
  for (const key of PAGING_KEYS) delete filters[key];
  return filters as Query;
}

/** One page of a list: its items, its pagination, and the way to the next page. */
export class Page<Item, Query extends PagingQuery = PagingQuery> implements AsyncIterable<Item> {
  /** The items of this page. */
  readonly data: Item[];
  /** The server's pagination block: totals, and the position of this page in the style asked. */
  readonly pagination: Pagination;
  /** The HTTP answer this page came from. */
  readonly response: Response;

  constructor(
    private readonly fetchPage: FetchPage<Item, Query>,
    /** The query that produced this page. */
    readonly query: Query,
    answer: WithResponse<ListEnvelope<Item>>,
  ) {
    this.data = answer.data.data;
    this.pagination = answer.data.pagination;
    this.response = answer.response;
  }

  /** The query of the next page in the style this page was asked in; null on the last page. */
  nextPageQuery(): Query | null {
    const { pagination: p, query } = this;
    if (this.data.length === 0) return null;
    if (query.cursor !== undefined)
      return p.next_cursor === null ? null : { ...query, cursor: p.next_cursor };
    if (p.page !== null) return p.page < p.total_pages ? { ...query, page: p.page + 1 } : null;
    const limit = p.limit ?? this.data.length;
    const offset = (p.offset ?? 0) + limit;
    return offset < p.total_items ? { ...query, offset } : null;
  }

  /** Whether there is a page after this one. */
  hasNextPage(): boolean {
    return this.nextPageQuery() !== null;
  }

  /** Fetches the page after this one, in the same paging style; throws when there is none. */
  async getNextPage(): Promise<Page<Item, Query>> {
    const next = this.nextPageQuery();
    if (next === null) throw new RangeError('this is the last page: check hasNextPage() first');
    return new Page(this.fetchPage, next, await this.fetchPage(next));
  }

  /**
   * Where the walk goes next: by the server's cursor when it gives one (stable while tokens are
   * created meanwhile), with the page size the caller asked for; else in the page's own style.
   */
  private walkQuery(): Query | null {
    if (this.data.length === 0) return null;
    const cursor = this.pagination.next_cursor;
    if (cursor === null) return this.nextPageQuery();
    const limit = this.query.limit ?? this.query.per_page ?? this.query.size;
    return { ...filtersOf(this.query), ...(limit === undefined ? {} : { limit }), cursor };
  }

  /** This page and every page after it. */
  async *iterPages(): AsyncGenerator<Page<Item, Query>> {
    let page: Page<Item, Query> = this;
    for (;;) {
      yield page;
      const next = page.walkQuery();
      if (next === null) return;
      page = new Page(this.fetchPage, next, await this.fetchPage(next));
    }
  }

  /** Every item of this page and of every page after it. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

/**
 * What `list` returns: awaited, the first page; iterated with `for await`, every item of every page.
 */
export class PagePromise<Item, Query extends PagingQuery = PagingQuery>
  extends APIPromise<Page<Item, Query>>
  implements AsyncIterable<Item>
{
  constructor(fetchPage: FetchPage<Item, Query>, query: Query) {
    super(
      fetchPage(query).then((answer) => ({
        data: new Page(fetchPage, query, answer),
        response: answer.response,
        etag: answer.etag,
        requestId: answer.requestId,
      })),
    );
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item> {
    yield* await this;
  }
}
