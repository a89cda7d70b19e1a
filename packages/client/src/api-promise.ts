// APIPromise: what every method returns. Awaited it is the answer's body; `.withResponse()` also
// gives the raw Response, its ETag and request id (for If-Match, and for quoting to an operator).

/** The body of an answer together with what came with it. */
export interface WithResponse<T> {
  /** The body, as `await` alone would give it. */
  readonly data: T;
  /** The final HTTP answer (after any retries). */
  readonly response: Response;
  /** The `ETag` header: pass it as `ifMatch` to change the object only if nobody else did. */
  readonly etag: string | null;
  /** The `X-Request-Id` header: quote it when asking an operator to look at the logs. */
  readonly requestId: string | null;
}

export class APIPromise<T> implements Promise<T> {
  readonly #answer: Promise<WithResponse<T>>;

  constructor(answer: Promise<WithResponse<T>>) {
    this.#answer = answer;
    // The request starts at once, awaited or not; a call nobody awaits must not crash the process
    // with an unhandled rejection. Whoever awaits still gets the error.
    answer.catch(() => undefined);
  }

  /** The body together with the Response, its ETag and its request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#answer;
  }

  // biome-ignore lint/suspicious/noThenProperty: an APIPromise is a promise; `then` is the point.
  then<Fulfilled = T, Rejected = never>(
    onFulfilled?: ((value: T) => Fulfilled | PromiseLike<Fulfilled>) | null,
    onRejected?: ((reason: unknown) => Rejected | PromiseLike<Rejected>) | null,
  ): Promise<Fulfilled | Rejected> {
    return this.#answer.then((answer) => answer.data).then(onFulfilled, onRejected);
  }

  catch<Rejected = never>(
    onRejected?: ((reason: unknown) => Rejected | PromiseLike<Rejected>) | null,
  ): Promise<T | Rejected> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onFinally);
  }

  get [Symbol.toStringTag](): string {
    return 'APIPromise';
  }
}

/** Turns a raw answer into a WithResponse. */
export function withResponseOf<T>(response: Response, data: T): WithResponse<T> {
  return {
    data,
    response,
    etag: response.headers.get('etag'),
    requestId: response.headers.get('x-request-id'),
  };
}
