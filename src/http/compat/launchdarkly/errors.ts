// LaunchDarkly's error bodies: `{"code", "message"}`, the code one of its own few.
import type { TesseraError } from '../../../core/errors.js';
import type { VendorAnswer } from '../dialect.js';

/** LaunchDarkly's code for each status it answers; other statuses keep Tessera's code. */
const CODES: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'conflict',
  422: 'patch_failed',
  429: 'rate_limited',
};

export function renderLaunchDarklyError(error: TesseraError): VendorAnswer {
  const message =
    error.code === 'unauthorized'
      ? 'Invalid access token'
      : error.code === 'not_found'
        ? 'Invalid resource identifier'
        : error.detail;
  return { status: error.status, body: { code: CODES[error.status] ?? error.code, message } };
}
