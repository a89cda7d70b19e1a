// NeuroIO's error bodies (Django REST framework): `{"detail"}` for auth, permission and not found;
// field errors `{"<field>": ["message"]}` for bad input.
import type { TesseraError } from '../../../core/errors.js';
import type { VendorAnswer } from '../dialect.js';

export function renderNeuroioError(error: TesseraError): VendorAnswer {
  if (error.code === 'unauthorized') return { status: 401, body: { detail: 'Invalid token.' } };
  if (error.code === 'not_found') return { status: 404, body: { detail: 'Not found.' } };
  // The permanent-token cap is a bad `permanent` to NeuroIO: a 400 on that field.
  if (error.code === 'permanent_token_cap_reached')
    return { status: 400, body: { permanent: [error.detail] } };
  if (error.status === 400)
    return { status: 400, body: { [error.field ?? 'non_field_errors']: [error.detail] } };
  return { status: error.status, body: { detail: error.detail } };
}
