// @tessera/client: the TypeScript client of Tessera's native API. No runtime dependencies.
export { APIPromise, type WithResponse } from './api-promise.js';
export { type ClientOptions, Tessera, type VerifyQuestion } from './client.js';
export {
  type ClientErrorCode,
  type ServerErrorCode,
  TesseraError,
  type TesseraErrorCode,
} from './errors.js';
export type * from './generated/openapi.js';
export { Page, PagePromise, type PagingQuery } from './pager.js';
export type { IfMatchOption } from './resources/resource.js';
export type { CreateTokenOptions, MetadataFilters } from './resources/tokens.js';
export type { FetchLike, RequestOptions } from './transport.js';
