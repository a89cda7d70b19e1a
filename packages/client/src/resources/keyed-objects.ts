// tessera.spaces and tessera.roles: objects named by a key, with the same five calls.

import type { APIPromise } from '../api-promise.js';
import type {
  CreateRoleRequest,
  CreateSpaceRequest,
  ListRolesQuery,
  ListSpacesQuery,
  Role,
  Space,
  UpdateRoleRequest,
  UpdateSpaceRequest,
} from '../generated/openapi.js';
import type { PagePromise, PagingQuery } from '../pager.js';
import type { RequestOptions } from '../transport.js';
import { Resource, segment } from './resource.js';

class KeyedObjects<Item, Create, Update, Query extends PagingQuery> extends Resource {
  protected readonly base: string = '';

  /** Creates one; its `key` is lowercase letters, digits, `_` and `-`, and unique in the tenant. */
  create(body: Create, options?: RequestOptions): APIPromise<Item> {
    return this.call({ method: 'POST', path: this.base, body, options });
  }

  /** Lists them; awaited one page, iterated every one. */
  list(query: Query = {} as Query, options?: RequestOptions): PagePromise<Item, Query> {
    return this.paged(this.base, query, { options });
  }

  /** Reads one by its key. */
  get(key: string, options?: RequestOptions): APIPromise<Item> {
    return this.call({ method: 'GET', path: `${this.base}/${segment(key)}`, options });
  }

  /** Changes the given fields. */
  update(key: string, body: Update, options?: RequestOptions): APIPromise<Item> {
    return this.call({ method: 'PATCH', path: `${this.base}/${segment(key)}`, body, options });
  }

  /** Deletes one; 409 while a token still names it. */
  remove(key: string, options?: RequestOptions): APIPromise<void> {
    return this.call({ method: 'DELETE', path: `${this.base}/${segment(key)}`, options });
  }
}

/** Named parts of a tenant; a `space` token is confined to one. */
export class Spaces extends KeyedObjects<Space, CreateSpaceRequest, UpdateSpaceRequest, ListSpacesQuery> {
  protected override readonly base = '/v1/spaces';
}

/** Custom roles: named, reusable policies that tokens list in `custom_roles`. */
export class Roles extends KeyedObjects<Role, CreateRoleRequest, UpdateRoleRequest, ListRolesQuery> {
  protected override readonly base = '/v1/roles';
}
