// tessera.tenants: operators create, list, read, suspend, bound (token policy) and delete tenants; a
// tenant's admins list its tokens.

import type { APIPromise } from '../api-promise.js';
import type {
  CreateTenantRequest,
  ListTenantsQuery,
  ListTenantTokensQuery,
  RevokedCount,
  Tenant,
  TenantDetail,
  TenantWithOwnerToken,
  Token,
  UpdateTenantRequest,
} from '../generated/openapi.js';
import type { PagePromise } from '../pager.js';
import type { RequestOptions } from '../transport.js';
import { Resource, segment } from './resource.js';

export class Tenants extends Resource {
  /**
   * Creates a tenant (operators only); resolves to `{tenant, owner_token}`, the first owner's token
   * with its secret, shown once.
   */
  create(body: CreateTenantRequest, options?: RequestOptions): APIPromise<TenantWithOwnerToken> {
    return this.call({ method: 'POST', path: '/v1/tenants', body, options });
  }

  /** Lists tenants (operators only); awaited one page, iterated every tenant. */
  list(query: ListTenantsQuery = {}, options?: RequestOptions): PagePromise<Tenant, ListTenantsQuery> {
    return this.paged('/v1/tenants', query, { options });
  }

  /**
   * Suspends (`{suspended: true}`) or resumes a tenant (its tokens stop or resume at once), or sets its
   * token policy (`{token_policy: {max_lifetime_seconds: 86400}}`; null removes it).
   */
  update(id: string, body: UpdateTenantRequest, options?: RequestOptions): APIPromise<Tenant> {
    return this.call({ method: 'PATCH', path: `/v1/tenants/${segment(id)}`, body, options });
  }

  /** Reads one tenant (operators only), with its live tokens per server-key version. */
  get(id: string, options?: RequestOptions): APIPromise<TenantDetail> {
    return this.call({ method: 'GET', path: `/v1/tenants/${segment(id)}`, options });
  }

  /** Deletes a tenant (operators only): every token in it is revoked; its audit trail is kept. */
  delete(id: string, options?: RequestOptions): APIPromise<RevokedCount> {
    return this.call({ method: 'DELETE', path: `/v1/tenants/${segment(id)}`, options });
  }

  /** Every token of a tenant (Fastly's customer listing), for that tenant's admins and owners. */
  listTokens(
    tenantId: string,
    query: ListTenantTokensQuery = {},
    options?: RequestOptions,
  ): PagePromise<Token, ListTenantTokensQuery> {
    return this.paged(`/v1/tenants/${segment(tenantId)}/tokens`, query, { options });
  }
}
