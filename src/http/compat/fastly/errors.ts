// Fastly's error bodies: `{"msg"}`, and `{"msg", "detail"}` for bad input. Every authentication failure
// is one 401 (fastly-js users see 401 for a bad key, whatever the seed's 403 row says).
import type { TesseraError } from '../../../core/errors.js';
import type { VendorAnswer } from '../dialect.js';

export function renderFastlyError(error: TesseraError): VendorAnswer {
  if (error.code === 'unauthorized')
    return { status: 401, body: { msg: 'Provided credentials are missing or invalid' } };
  if (error.code === 'not_found') return { status: 404, body: { msg: 'Record not found' } };
  if (error.status === 400) return { status: 400, body: { msg: 'Bad request', detail: error.detail } };
  return { status: error.status, body: { msg: error.detail } };
}
