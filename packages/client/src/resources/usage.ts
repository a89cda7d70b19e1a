// tessera.usage: the tenant's busiest tokens, or its verifications by outcome code, over a range.

import type { APIPromise } from '../api-promise.js';
import type { GetTenantUsageQuery, UsageRanking } from '../generated/openapi.js';
import type { RequestOptions } from '../transport.js';
import { Resource } from './resource.js';

export class Usage extends Resource {
  /**
   * The busiest tokens (`group_by: 'token'`, the default) or outcome codes (`'code'`), busiest first.
   * @example const { data } = await tessera.usage.rank({ group_by: 'code', granularity: 'day' });
   */
  rank(query: GetTenantUsageQuery = {}, options?: RequestOptions): APIPromise<UsageRanking> {
    return this.call({ method: 'GET', path: '/v1/usage', query: { ...query }, options });
  }
}
