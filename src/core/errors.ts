// The closed error catalogue: every error code Tessera can answer, with its HTTP status and title.
// Routes never choose statuses; they throw a TesseraError with a code and the one handler maps it.

import { maskSecretShapes } from './secret.js';

export const ERROR_CATALOGUE = {
  invalid_request: { status: 400, title: 'Invalid request' },
  invalid_json: { status: 400, title: 'Body is not valid JSON' },
  unknown_field: { status: 400, title: 'Unknown field' },
  invalid_query: { status: 400, title: 'Invalid query parameter' },
  token_in_query: { status: 400, title: 'Token in the query string' },
  immutable_field: { status: 400, title: 'Field cannot be changed' },
  secret_in_field: { status: 400, title: 'A secret was sent as data' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  permissions_too_complex: { status: 403, title: 'Permissions too complex to compare' },
  token_policy_violation: { status: 403, title: "Outside the tenant's token policy" },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  permanent_token_cap_reached: { status: 409, title: 'Permanent token cap reached' },
  conflict: { status: 409, title: 'Conflict' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  invalid_patch: { status: 422, title: 'Invalid patch' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal error' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class TesseraError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Public explanation for the client; never contains a secret or internal detail. */
  readonly detail: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The input field at fault, where one is (a vendor dialect may key its error body by it). */
  readonly field: string | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options?: { cause?: unknown; headers?: Record<string, string>; field?: string },
  ) {
    const entry = ERROR_CATALOGUE[code];
    super(
      maskSecretShapes(detail ?? entry.title),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'TesseraError';
    this.code = code;
    this.status = entry.status;
    // The one place every error detail passes, on every door: a secret-shaped string a detail might
    // echo (a scope, a path segment, a patch path) never goes back out whole.
    this.detail = maskSecretShapes(detail ?? entry.title);
    this.headers = options?.headers ?? {};
    this.field = options?.field;
  }
}

export function isTesseraError(value: unknown): value is TesseraError {
  return value instanceof TesseraError;
}
