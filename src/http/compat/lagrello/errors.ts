// Lagrello's error bodies: always `{"errorType", "message"}`; a wrong token is a 403 on every route, and
// the permanent-token cap is a validation error.
import type { TesseraError } from '../../../core/errors.js';
import type { VendorAnswer } from '../dialect.js';

const TYPES: Readonly<Record<number, string>> = {
  400: 'validation_error',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  429: 'rate_limited',
};

export function renderLagrelloError(error: TesseraError): VendorAnswer {
  if (error.code === 'unauthorized')
    return {
      status: 403,
      body: { errorType: 'forbidden', message: 'The access token used to access resource is wrong' },
    };
  const status = error.code === 'permanent_token_cap_reached' ? 400 : error.status;
  return { status, body: { errorType: TYPES[status] ?? 'internal_error', message: error.detail } };
}
