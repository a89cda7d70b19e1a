// tessera.members: the people of a tenant and their roles.

import type { APIPromise } from '../api-promise.js';
import type {
  CreateMemberRequest,
  IssueMemberTokenRequest,
  ListMembersQuery,
  Member,
  MemberWithToken,
  TokenWithSecret,
  UpdateMemberRequest,
} from '../generated/openapi.js';
import type { PagePromise } from '../pager.js';
import type { RequestOptions } from '../transport.js';
import { Resource, segment } from './resource.js';

export class Members extends Resource {
  /**
   * Adds a member; resolves to `{member, token}`, the member's first token with its secret, shown once.
   * @example const { member, token } = await tessera.members.create({ email: 'ada@example.com', role: 'writer' });
   */
  create(body: CreateMemberRequest, options?: RequestOptions): APIPromise<MemberWithToken> {
    return this.call({ method: 'POST', path: '/v1/members', body, options });
  }

  /** Lists the tenant's members; awaited one page, iterated every member. */
  list(query: ListMembersQuery = {}, options?: RequestOptions): PagePromise<Member, ListMembersQuery> {
    return this.paged('/v1/members', query, { options });
  }

  /** Reads one member (`mem_…`). */
  get(id: string, options?: RequestOptions): APIPromise<Member> {
    return this.call({ method: 'GET', path: `/v1/members/${segment(id)}`, options });
  }

  /** Changes a member's role (their personal tokens follow on the very next request), name or e-mail. */
  update(id: string, body: UpdateMemberRequest, options?: RequestOptions): APIPromise<Member> {
    return this.call({ method: 'PATCH', path: `/v1/members/${segment(id)}`, body, options });
  }

  /**
   * Issues a new token to a member who lost theirs (admins), with the member's role; its secret is in
   * the answer, shown once.
   */
  issueToken(
    id: string,
    body: IssueMemberTokenRequest = {},
    options?: RequestOptions,
  ): APIPromise<TokenWithSecret> {
    return this.call({ method: 'POST', path: `/v1/members/${segment(id)}/tokens`, body, options });
  }

  /** Removes a member: their personal tokens stop at once; service tokens live on. */
  remove(id: string, options?: RequestOptions): APIPromise<void> {
    return this.call({ method: 'DELETE', path: `/v1/members/${segment(id)}`, options });
  }
}
