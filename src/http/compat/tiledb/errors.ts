// TileDB's error body on every non-2xx: `{"code": <the HTTP status>, "message", "request_id"}`.
import type { FastifyRequest } from 'fastify';
import type { TesseraError } from '../../../core/errors.js';
import type { VendorAnswer } from '../dialect.js';

export function renderTiledbError(error: TesseraError, request: FastifyRequest): VendorAnswer {
  const message = error.code === 'unauthorized' ? 'Unauthorized: a valid API key is required' : error.detail;
  return { status: error.status, body: { code: error.status, message, request_id: request.id } };
}
