// What every resource shares: the one way to make a call and the one way to make a list.
import { APIPromise, type WithResponse, withResponseOf } from '../api-promise.js';
import { type ListEnvelope, PagePromise, type PagingQuery } from '../pager.js';
import type { QueryValue, RequestSpec, Transport } from '../transport.js';

/** Per-call options of a change guarded by the object's ETag. */
export interface IfMatchOption {
  /**
   * An ETag from an earlier answer (`.withResponse()`): the change applies only if nobody changed
   * the object since (else 412). `null` or absent: no condition.
   */
  readonly ifMatch?: string | null | undefined;
}

/** A path segment, encoded: ids and keys are data, never path syntax. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

export abstract class Resource {
  constructor(protected readonly transport: Transport) {}

  protected answer<T>(spec: RequestSpec): Promise<WithResponse<T>> {
    return this.transport.send(spec).then((raw) => withResponseOf(raw.response, raw.body as T));
  }

  protected call<T>(spec: RequestSpec): APIPromise<T> {
    return new APIPromise(this.answer<T>(spec));
  }

  protected paged<Item, Query extends PagingQuery>(
    path: string,
    query: Query,
    spec: Omit<RequestSpec, 'method' | 'path' | 'query'> = {},
  ): PagePromise<Item, Query> {
    return new PagePromise<Item, Query>(
      (pageQuery) =>
        this.answer<ListEnvelope<Item>>({
          ...spec,
          method: 'GET',
          path,
          query: pageQuery as unknown as Readonly<Record<string, QueryValue>>,
        }),
      query,
    );
  }
}
