// Generated from the server's /openapi.json by scripts/generate-client-types.ts. Do not edit:
// run `npm run generate:client` after changing a route schema (a test fails until you do).
/* eslint-disable */

/** One grant of the token: its role, one scope, or one allow statement of its policy or of a custom role. */
export interface AdvisedGrant {
  /** role:<role>, scope:<glob>, policy:<index> or custom_role:<key>:<index> */
  key: string;
  /** where the grant is */
  source: "role" | "scope" | "policy" | "custom_role";
  /** reader, writer, admin or owner (each grants more than the one before) */
  role?: "reader" | "writer" | "admin" | "owner";
  /** the scope glob (source scope) */
  scope?: string;
  /** the custom role's key (source custom_role) */
  custom_role?: string;
  /** the statement’s place in its policy, from 0 */
  index?: number;
  /** the policy statement (source policy or custom_role) */
  statement?: unknown;
  /** verifications in the period that this grant allowed */
  uses: number;
}

/** One change (or refused attempt) in a tenant, written in the same transaction as the change. */
export interface AuditEvent {
  /** the event id */
  id: string;
  /** the tenant the event happened in */
  tenant_id: string;
  /** the token that acted, or null */
  actor_token_id: string | null;
  /** the acting token's member, or null */
  actor_member_id: string | null;
  /** what happened, such as token.created or access_denied */
  action: string;
  /** the kind of object acted on, such as token or member */
  target_type: string;
  /** the id (or key) of the object acted on */
  target_id: string;
  /** when it happened. RFC 3339, UTC, with milliseconds */
  occurred_at: string;
  /** the client address of the request, or null */
  client_ip: string | null;
  /** the X-Request-Id of the request, or null */
  request_id: string | null;
  /** what changed, by field (never a secret), or null */
  details: {
    [key: string]: unknown;
  } | null;
}

/** A page of the tenant's audit trail. */
export interface AuditEventList {
  /** the items of this page, newest first */
  data: AuditEvent[];
  pagination: Pagination;
}

/** A member to add. */
export interface CreateMemberRequest {
  /** the new member's e-mail address */
  email: string;
  /** the new member's display name */
  name?: string;
  /** the role to give: reader, writer, admin or owner (owner: owners only) */
  role: "reader" | "writer" | "admin" | "owner";
}

/** A role to create. */
export interface CreateRoleRequest {
  /** the role key, as tokens name it in custom_roles: lowercase letters, digits, _ and -, unique in the tenant */
  key: string;
  /** the display name */
  name: string;
  /** free text */
  description?: string;
  /** statements {effect: allow|deny, actions | not_actions, resources | not_resources} with `*` globs; a deny wins */
  policy: unknown[];
}

/** A space to create. */
export interface CreateSpaceRequest {
  /** the space key, as tokens name it in `space`: lowercase letters, digits, _ and -, unique in the tenant */
  key: string;
  /** the display name */
  name: string;
  /** free text */
  description?: string;
}

/** A tenant to create, with its first owner. */
export interface CreateTenantRequest {
  /** the display name */
  name: string;
  /** the first owner's e-mail address */
  owner_email?: string;
}

/** A new token. Every field is optional; with none of role, scopes, policy and custom_roles the token gets a copy of the calling token’s permissions, never more than it has. */
export interface CreateTokenRequest {
  /** display name, unique among its owner’s tokens: one the owner already uses gets -1, -2, … appended */
  name?: string;
  /** free text about the token */
  description?: string;
  /** api: long-lived, for programs; session: short-lived, for a login (default: api) */
  type?: "api" | "session";
  /** temporary alone means 24 hours; an api token given none of ttl, expires_at and lifetime is permanent */
  lifetime?: "temporary" | "permanent";
  /** lifetime in whole seconds (at most ten years); not together with expires_at */
  ttl?: number;
  /** when the token stops being valid (RFC 3339); not together with ttl */
  expires_at?: string;
  /** the token is not valid before this time (RFC 3339) */
  not_before?: string;
  /** the role the token grants: reader, writer, admin or owner */
  role?: "reader" | "writer" | "admin" | "owner";
  /** action globs granted on every resource, such as `orders:read` or `deploy:*` */
  scopes?: string[];
  /** free-form JSON object, at most 4096 bytes and 5 levels deep */
  metadata?: {
    [key: string]: unknown;
  };
  /** valid verifications allowed in all; each valid verification uses one */
  max_uses?: number;
  /** the API version the token assumes where a dialect has versions (LaunchDarkly) */
  default_api_version?: number;
  /** account: the whole tenant; space: one space; manager: the token and member API only (NeuroIO; default: the calling token’s kind) */
  kind?: "account" | "space" | "manager";
  /** key of the space a `space` token is confined to (kind space only; default: the calling token’s space) */
  space?: string;
  /** inline policy statements {effect: allow|deny, actions | not_actions, resources | not_resources} with `*` globs; a deny wins */
  policy?: unknown[];
  /** keys of the custom roles (/v1/roles) whose policies the token carries */
  custom_roles?: string[];
  /** at most `limit` verifications per `window_seconds`; more are rate_limited (429 on this API) */
  rate_limit?: {
    /** verifications allowed per window */
    limit: number;
    /** length of the window, in seconds */
    window_seconds: number;
  };
  /** CIDR blocks the token may be used from; a verify without `ip` is then forbidden */
  allowed_cidrs?: string[];
  /** a service token belongs to the tenant, not a member (admins and owners; LaunchDarkly serviceToken) */
  service?: boolean;
  /** a decoy (honeytoken): presenting it is answered exactly as an unknown token is, and its owner gets token.canary_triggered */
  canary?: boolean;
}

/** An endpoint to add. */
export interface CreateWebhookRequest {
  /** where deliveries are POSTed: http or https; its host must resolve to public addresses unless TESSERA_WEBHOOK_ALLOW_PRIVATE=true */
  url: string;
  /** the event types the endpoint receives, or ["*"] for every one */
  events: ("token.created" | "token.updated" | "token.rotated" | "token.revoked" | "token.expiring" | "token.expired" | "token.used_in_grace" | "token.exhausted" | "token.rate_limited" | "token.canary_triggered" | "token.leaked" | "member.created" | "member.updated" | "member.removed" | "*")[];
  /** free text about the endpoint */
  description?: string;
}

/** One event sent (or to be sent) to one endpoint, with every attempt. */
export interface Delivery {
  /** the delivery id, `dlv_…` */
  id: string;
  /** the event id: the `webhook-id` header, the same on every attempt */
  event_id: string;
  /** the event type (`webhook.ping` for a test) */
  event_type: string;
  /** pending: to be (re)tried; delivered: a 2xx came back; failed: retried for 24 h without one */
  status: "pending" | "delivered" | "failed";
  /** when it is tried next, while pending; else null. RFC 3339, UTC, with milliseconds */
  next_attempt_at: string | null;
  /** when the event was written. RFC 3339, UTC, with milliseconds */
  created_at: string;
  /** every attempt, oldest first */
  attempts: {
    /** when the attempt started. RFC 3339, UTC, with milliseconds */
    at: string;
    /** the HTTP status answered; null: no answer */
    status: number | null;
    /** how long the attempt took */
    duration_ms: number;
    /** why there was no usable answer, or null */
    error: string | null;
  }[];
}

/** A page of an endpoint's deliveries. */
export interface DeliveryList {
  /** the items of this page, newest first */
  data: Delivery[];
  pagination: Pagination;
}

/** GitHub secret scanning’s expected answer for one reported token. */
export interface GithubTokenLabel {
  /** the SHA-256 of the token, hex */
  token_hash: string;
  /** the type GitHub gave it */
  token_type: string;
  /** true_positive: a token of this installation (now revoked); false_positive: not one */
  label: "true_positive" | "false_positive";
}

/** The answer to a GitHub secret scanning alert: one label per reported token, in order. */
export type GithubTokenLabels = GithubTokenLabel[];

/** Whether this instance (and, for readiness, each dependency) is up. */
export interface Health {
  /** ok (alive), ready, or unavailable */
  status: string;
  /** readiness only: each dependency (database, redis, cache_invalidation), up or down */
  checks?: {
    [key: string]: string;
  };
}

/** What became of one item: 201 and the token (without its secret: it is the importer’s own), or the problem that stored nothing. */
export interface ImportResult {
  /** the item’s position in the request, from 0 */
  index: number;
  /** 201 when imported; else the status of `problem` */
  status: number;
  /** the imported token (201), or null */
  token: Token | null;
  /** why the item stored nothing, or null (201) */
  problem: Problem | null;
}

/** A token to import: any create field, and exactly one of secret and secret_sha256. Imported tokens are api tokens, carry `imported: true`, and stay outside the permanent-token cap. */
export interface ImportTokenItem {
  /** display name, unique among its owner’s tokens: one the owner already uses gets -1, -2, … appended */
  name?: string;
  /** free text about the token */
  description?: string;
  /** api: long-lived, for programs; session: short-lived, for a login (default: api) */
  type?: "api" | "session";
  /** temporary alone means 24 hours; an api token given none of ttl, expires_at and lifetime is permanent */
  lifetime?: "temporary" | "permanent";
  /** lifetime in whole seconds (at most ten years); not together with expires_at */
  ttl?: number;
  /** when the token stops being valid (RFC 3339); not together with ttl */
  expires_at?: string;
  /** the token is not valid before this time (RFC 3339) */
  not_before?: string;
  /** the role the token grants: reader, writer, admin or owner */
  role?: "reader" | "writer" | "admin" | "owner";
  /** action globs granted on every resource, such as `orders:read` or `deploy:*` */
  scopes?: string[];
  /** free-form JSON object, at most 4096 bytes and 5 levels deep */
  metadata?: {
    [key: string]: unknown;
  };
  /** valid verifications allowed in all; each valid verification uses one */
  max_uses?: number;
  /** the API version the token assumes where a dialect has versions (LaunchDarkly) */
  default_api_version?: number;
  /** account: the whole tenant; space: one space; manager: the token and member API only (NeuroIO; default: the calling token’s kind) */
  kind?: "account" | "space" | "manager";
  /** key of the space a `space` token is confined to (kind space only; default: the calling token’s space) */
  space?: string;
  /** inline policy statements {effect: allow|deny, actions | not_actions, resources | not_resources} with `*` globs; a deny wins */
  policy?: unknown[];
  /** keys of the custom roles (/v1/roles) whose policies the token carries */
  custom_roles?: string[];
  /** at most `limit` verifications per `window_seconds`; more are rate_limited (429 on this API) */
  rate_limit?: {
    /** verifications allowed per window */
    limit: number;
    /** length of the window, in seconds */
    window_seconds: number;
  };
  /** CIDR blocks the token may be used from; a verify without `ip` is then forbidden */
  allowed_cidrs?: string[];
  /** a service token belongs to the tenant, not a member (admins and owners; LaunchDarkly serviceToken) */
  service?: boolean;
  /** a decoy (honeytoken): presenting it is answered exactly as an unknown token is, and its owner gets token.canary_triggered */
  canary?: boolean;
  /** the existing secret: it must start with one of TESSERA_IMPORT_PREFIXES and be at least 20 characters; stored as HMAC, like every secret */
  secret?: string;
  /** the hex SHA-256 of the existing secret, for systems that kept only that: kept until the secret is first presented, then re-hashed to HMAC and dropped */
  secret_sha256?: string;
}

/** One result per item, in the order given. */
export interface ImportTokensAnswer {
  /** one result per item, in the order given */
  data: ImportResult[];
  /** how many items were imported */
  imported: number;
  /** how many items stored nothing */
  failed: number;
}

/** Tokens of another system to import, at most 1000 a request (the CLI's token import streams more). */
export interface ImportTokensRequest {
  /** the tokens, each imported on its own */
  tokens: ImportTokenItem[];
}

/** A new token for a member who lost theirs: it carries the member's role, within the issuer's own grants. Every field is optional; with no expiry it is permanent (or as the tenant's token policy says). */
export interface IssueMemberTokenRequest {
  /** default `<role>-token` */
  name?: string;
  /** free text */
  description?: string;
  /** lifetime in seconds from now */
  ttl?: number;
  /** expiry (RFC 3339); or give ttl */
  expires_at?: string;
}

/** A JSON Patch (RFC 6902): operations applied in order, all or nothing. The same fields may change as with a merge patch. */
export type JsonPatch = JsonPatchOperation[];

/** One operation of a JSON Patch (RFC 6902) on the token object. */
export interface JsonPatchOperation {
  /** what to do; a failing `test` stops the whole patch (409) */
  op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  /** JSON Pointer (RFC 6901) to the field, such as /name or /scopes/0 */
  path: string;
  /** the value, for add, replace and test */
  value?: unknown;
  /** JSON Pointer to the source, for move and copy */
  from?: string;
}

/** Secrets found where they should not be. Holding a secret is the only proof there is: no Authorization is needed. */
export interface LeakReport {
  /** the leaked secrets, at most 100 */
  secrets: string[];
  /** where they were found (a URL) */
  source?: string;
  /** who is reporting, for the audit trail */
  reporter?: string;
}

/** The report was received. The answer is the same whatever was found: it tells nothing about which secrets were real. */
export interface LeakReportAnswer {
  /** how many secrets the report held */
  received: number;
}

/** A secret to look up. It travels in the body, never in a URL. */
export interface LookupTokenRequest {
  /** the whole secret of the token to find */
  secret: string;
}

/** A person in a tenant, with a role. */
export interface Member {
  /** the member id: `mem_` + 22 base62 characters */
  id: string;
  /** the tenant the member belongs to */
  tenant_id: string;
  /** the member's e-mail address, unique in the tenant */
  email: string;
  /** the member's display name, or null */
  name: string | null;
  /** what the member may do: reader, writer, admin or owner; caps their personal tokens */
  role: "reader" | "writer" | "admin" | "owner";
  /** when the member was added. RFC 3339, UTC, with milliseconds */
  created_at: string;
  /** when the member last changed. RFC 3339, UTC, with milliseconds */
  updated_at: string;
}

/** A page of the tenant's members. */
export interface MemberList {
  /** the items of this page, newest first */
  data: Member[];
  pagination: Pagination;
}

/** The answer of adding a member: the member, and their first token with its secret, shown this once. */
export interface MemberWithToken {
  member: Member;
  token: TokenWithSecret;
}

/** Where a page is in its list. Every key is present whichever paging style was asked; those of other styles are null. */
export interface Pagination {
  /** items in the whole list */
  total_items: number;
  /** pages in the whole list at this page size */
  total_pages: number;
  /** this page, from 1 (page + per_page paging), else null */
  page: number | null;
  /** the page size (page + per_page paging), else null */
  per_page: number | null;
  /** the page size (limit + offset or limit + cursor paging), else null */
  limit: number | null;
  /** items skipped before this page (limit + offset paging), else null */
  offset: number | null;
  /** pass as `cursor` for the next page; null on the last page */
  next_cursor: string | null;
}

/** An error (RFC 9457 problem details, application/problem+json). Match on `code`, never on the text. */
export interface Problem {
  /** URI naming the problem: urn:tessera:problem:<code> */
  type: string;
  /** the code's fixed human-readable title */
  title: string;
  /** the HTTP status code, repeated */
  status: number;
  /** stable machine-readable code from the published catalogue */
  code: "invalid_request" | "invalid_json" | "unknown_field" | "invalid_query" | "token_in_query" | "immutable_field" | "secret_in_field" | "unauthorized" | "forbidden" | "permissions_too_complex" | "token_policy_violation" | "not_found" | "method_not_allowed" | "permanent_token_cap_reached" | "conflict" | "precondition_failed" | "payload_too_large" | "unsupported_media_type" | "invalid_patch" | "rate_limited" | "internal_error" | "service_unavailable";
  /** what went wrong with this request, for people */
  detail: string;
  /** the X-Request-Id of this request, for support and logs */
  request_id: string;
}

/** The answer of a bulk revocation. */
export interface RevokedCount {
  /** how many tokens this request revoked */
  revoked: number;
}

/** A custom role: a named, reusable policy that tokens carry by key in `custom_roles`. */
export interface Role {
  /** the role key, as tokens name it in custom_roles */
  key: string;
  /** the display name */
  name: string;
  /** free text, or null */
  description: string | null;
  /** statements {effect: allow|deny, actions | not_actions, resources | not_resources} with `*` globs; a deny wins */
  policy: unknown[];
  /** when the role was created. RFC 3339, UTC, with milliseconds */
  created_at: string;
  /** when the role last changed. RFC 3339, UTC, with milliseconds */
  updated_at: string;
}

/** A page of roles. */
export interface RoleList {
  /** the items of this page, newest first */
  data: Role[];
  pagination: Pagination;
}

/** How to rotate. Without a body (or without expiry) the old secret stops at once. */
export interface RotateTokenRequest {
  /** until when the old secret still works: a Unix time in milliseconds (LaunchDarkly); one not in the future ends the old secret now */
  expiry?: number;
}

/** How long the old signing secret keeps signing beside the new one. */
export interface RotateWebhookSecretRequest {
  /** seconds the old secret still signs (default 86400; 0: it stops now) */
  grace_seconds?: number;
}

/** A named part of a tenant (a project, a workspace); a `space` token is confined to one. */
export interface Space {
  /** the space key, as tokens name it in `space` */
  key: string;
  /** the display name */
  name: string;
  /** free text, or null */
  description: string | null;
  /** when the space was created. RFC 3339, UTC, with milliseconds */
  created_at: string;
  /** when the space last changed. RFC 3339, UTC, with milliseconds */
  updated_at: string;
}

/** A page of spaces. */
export interface SpaceList {
  /** the items of this page, newest first */
  data: Space[];
  pagination: Pagination;
}

/** An isolation boundary (an account, a customer): nothing crosses it. */
export interface Tenant {
  /** the tenant id: `ten_` + 22 base62 characters */
  id: string;
  /** the display name */
  name: string;
  /** true for the operator tenant, made at first start, whose admins manage tenants */
  is_operator: boolean;
  /** true while suspended: every token of the tenant is disabled */
  suspended: boolean;
  /** when the tenant was suspended; null: not suspended. RFC 3339, UTC, with milliseconds */
  suspended_at: string | null;
  /** what tokens made in the tenant must keep to; null: no policy */
  token_policy: TokenPolicy | null;
  /** when the tenant was created. RFC 3339, UTC, with milliseconds */
  created_at: string;
  /** when the tenant last changed. RFC 3339, UTC, with milliseconds */
  updated_at: string;
}

/** One tenant, with how many of its live tokens each server-key version still hashes. */
export interface TenantDetail {
  tenant: Tenant;
  /** versions hashing at least one live token, in order; a version absent here may be dropped from TESSERA_SECRET_KEY as far as this tenant goes */
  key_versions: {
    /** the key version (the digit in a secret) */
    version: number;
    /** unrevoked, unexpired tokens with a usable secret hashed by it */
    live_tokens: number;
  }[];
}

/** A page of tenants. */
export interface TenantList {
  /** the items of this page, newest first */
  data: Tenant[];
  pagination: Pagination;
}

/** The answer of creating a tenant: the tenant, and its first owner's token with its secret, shown this once. */
export interface TenantWithOwnerToken {
  tenant: Tenant;
  owner_token: TokenWithSecret;
}

/** A token: its record, without its secret. Every field is always present, null when unset. */
export interface Token {
  /** the token id: `tok_` + 22 base62 characters */
  id: string;
  /** the token’s number in the one sequence of the whole installation, given at creation and never reused (NeuroIO’s integer id) */
  serial: number;
  /** display name, unique among its owner’s tokens */
  name: string;
  /** free text about the token, or null */
  description: string | null;
  /** api: long-lived, for programs; session: short-lived, for a login */
  type: "api" | "session";
  /** account: the whole tenant; space: one space; manager: the token and member API only */
  kind: "account" | "space" | "manager";
  /** temporary: has expires_at; permanent: never expires (capped per owner, 5 by default) */
  lifetime: "temporary" | "permanent";
  /** false disables the token (verify answers `disabled`) without revoking it */
  is_active: boolean;
  /** true: a service token, owned by the tenant; false: a personal token, owned by a member */
  service: boolean;
  /** the member a personal token belongs to; null for a service token */
  owner_id: string | null;
  /** the tenant the token belongs to */
  tenant_id: string;
  /** a decoy (honeytoken): presenting it is answered exactly as an unknown token is, and its owner gets token.canary_triggered */
  canary: boolean;
  /** key of the space a `space` token is confined to, or null */
  space: string | null;
  /** the role the token grants: reader, writer, admin or owner, or null */
  role: "reader" | "writer" | "admin" | "owner" | null;
  /** action globs granted on every resource, such as `orders:read` or `deploy:*` */
  scopes: string[];
  /** inline policy statements {effect: allow|deny, actions | not_actions, resources | not_resources} with `*` globs; a deny wins; or null */
  policy: unknown[] | null;
  /** keys of the custom roles (/v1/roles) whose policies the token carries, or null */
  custom_roles: string[] | null;
  /** CIDR blocks the token may be used from; a verify without `ip` is then forbidden; null: from anywhere */
  allowed_cidrs: string[] | null;
  /** at most `limit` verifications per `window_seconds`; more are rate_limited (429 on this API); null: no limit */
  rate_limit: {
    /** verifications allowed per window */
    limit: number;
    /** length of the window, in seconds */
    window_seconds: number;
  } | null;
  /** valid verifications allowed in all; each valid verification uses one; null: unlimited */
  max_uses: number | null;
  /** valid verifications left; null: unlimited */
  remaining_uses: number | null;
  /** free-form JSON object kept with the token and returned by verify, at most 4096 bytes and 5 levels deep, or null */
  metadata: {
    [key: string]: unknown;
  } | null;
  /** the API version the token assumes where a dialect has versions (LaunchDarkly), or null */
  default_api_version: number | null;
  /** the last 4 characters of the secret, to recognise it by */
  hint: string;
  /** when the token was created. RFC 3339, UTC, with milliseconds */
  created_at: string;
  /** when the token last changed. RFC 3339, UTC, with milliseconds */
  updated_at: string;
  /** the token is not valid before this time; null: from its creation. RFC 3339, UTC, with milliseconds */
  not_before: string | null;
  /** when the token stops being valid; null: never (a permanent token). RFC 3339, UTC, with milliseconds */
  expires_at: string | null;
  /** when the token was revoked; null: not revoked. RFC 3339, UTC, with milliseconds */
  revoked_at: string | null;
  /** why it was revoked: `revoked` (a revoke), `leaked` (a leak report), …; null: not revoked */
  revoked_reason: string | null;
  /** when the token was last used; null: never (written behind, up to a second late). RFC 3339, UTC, with milliseconds */
  last_used_at: string | null;
  /** the client address of the last use, or null */
  last_used_ip: string | null;
  /** the User-Agent of the last use (a secret in it masked), or null */
  last_used_user_agent: string | null;
  /** the state now, first match wins: revoked; disabled (switched off, its member removed, its tenant suspended); expired; not_yet_valid; else active */
  status: "active" | "disabled" | "expired" | "revoked" | "not_yet_valid";
  /** the role the token acts with now: its own, capped by its member’s current role (or, for a service token, its creator’s at creation); null: none */
  effective_role: "reader" | "writer" | "admin" | "owner" | null;
  /** until when the secret rotated out last still works; null when none does. RFC 3339, UTC, with milliseconds */
  previous_secret_expires_at: string | null;
  /** true: brought from another system with its existing secret (POST /v1/tokens/import) */
  imported: boolean;
}

/** Which grants the token’s verifications used over the period, which they never did, and the narrowest permissions that would still have allowed every one: `suggested` is a merge-patch body for PATCH /v1/tokens/{id}, never wider than the token. */
export interface TokenAdvice {
  /** the token */
  token_id: string;
  /** the period looked at, in days up to today (UTC) */
  days: number;
  /** grants that allowed at least one verification */
  used: AdvisedGrant[];
  /** grants that allowed none: candidates to remove */
  unused: AdvisedGrant[];
  /** apply with PATCH /v1/tokens/{id} (Content-Type: application/merge-patch+json) */
  suggested: {
    /** reader, writer, admin or owner (each grants more than the one before) */
    role: "reader" | "writer" | "admin" | "owner" | null;
    /** the scopes to keep: exact actions where they fit */
    scopes: string[];
    /** allow statements on the observed resources, and the denies that bound them; or null */
    policy: unknown[] | null;
    /** custom roles to keep by key (null: their statements are folded into policy) */
    custom_roles: string[] | null;
  };
  /** exact: the observed actions on the observed resources and little else; generalised: the bounds (50 scopes, 50 globs) made it keep some grants as they are */
  precision: "exact" | "generalised";
}

/** A page of tokens. */
export interface TokenList {
  /** the items of this page, newest first */
  data: Token[];
  pagination: Pagination;
}

/** The fields to change (RFC 7396 JSON Merge Patch): a field set to null is cleared. role, scopes, policy, custom_roles, allowed_cidrs, rate_limit, max_uses and expires_at may change only within the caller’s own permissions. */
export interface TokenMergePatch {
  /** display name, unique among its owner’s tokens: one the owner already uses is a 409 */
  name?: string;
  /** free text about the token */
  description?: string | null;
  /** false disables the token (verify answers `disabled`) without revoking it */
  is_active?: boolean;
  /** free-form JSON object kept with the token and returned by verify, at most 4096 bytes and 5 levels deep */
  metadata?: {
    [key: string]: unknown;
  } | null;
  /** the API version the token assumes where a dialect has versions (LaunchDarkly) */
  default_api_version?: number | null;
  /** the role the token grants: reader, writer, admin or owner */
  role?: "reader" | "writer" | "admin" | "owner" | null;
  /** action globs granted on every resource, such as `orders:read` or `deploy:*` */
  scopes?: string[];
  /** inline policy statements {effect: allow|deny, actions | not_actions, resources | not_resources} with `*` globs; a deny wins */
  policy?: unknown[] | null;
  /** keys of the custom roles (/v1/roles) whose policies the token carries */
  custom_roles?: string[] | null;
  /** CIDR blocks the token may be used from; a verify without `ip` is then forbidden */
  allowed_cidrs?: string[] | null;
  /** at most `limit` verifications per `window_seconds`; more are rate_limited (429 on this API) */
  rate_limit?: {
    /** verifications allowed per window */
    limit: number;
    /** length of the window, in seconds */
    window_seconds: number;
  } | null;
  /** valid verifications allowed in all; each valid verification uses one */
  max_uses?: number | null;
  /** when the token stops being valid (RFC 3339, in the future); null makes an api token permanent */
  expires_at?: string | null;
}

/** What every token made in the tenant, and every change of a token's expiry, must keep to (GitHub's and GitLab's maximum-lifetime policies, Vault's max_ttl). A create or patch outside it is a 403 token_policy_violation naming the rule; tokens made before it keep their expiry (find them with GET /v1/tokens?expires_before= or lifetime=permanent). */
export interface TokenPolicy {
  /** the longest a token may live from its create or its expiry change; null: no bound */
  max_lifetime_seconds: number | null;
  /** the ttl a create that names no expiry gets instead of the native default (sessions keep 30 minutes when shorter); null: the native default */
  default_ttl_seconds: number | null;
  /** true: every create must name its expiry (ttl, expires_at or lifetime) */
  require_expiry: boolean;
  /** whether permanent tokens may be made; defaults to true only without max_lifetime_seconds */
  allow_permanent: boolean;
}

/** One token's verifications over time, every bucket of the range present (zeros included), oldest first. */
export interface TokenUsage {
  /** the token */
  token_id: string;
  /** the bucket size */
  granularity: "minute" | "hour" | "day";
  /** the start of the range asked. RFC 3339, UTC, with milliseconds */
  from: string;
  /** the end of the range asked. RFC 3339, UTC, with milliseconds */
  to: string;
  /** one point per bucket */
  series: UsagePoint[];
}

/** A token and its secret: the answer of create and rotate, the only time the secret is ever shown. */
export interface TokenWithSecret {
  /** the token id: `tok_` + 22 base62 characters */
  id: string;
  /** the token’s number in the one sequence of the whole installation, given at creation and never reused (NeuroIO’s integer id) */
  serial: number;
  /** display name, unique among its owner’s tokens */
  name: string;
  /** free text about the token, or null */
  description: string | null;
  /** api: long-lived, for programs; session: short-lived, for a login */
  type: "api" | "session";
  /** account: the whole tenant; space: one space; manager: the token and member API only */
  kind: "account" | "space" | "manager";
  /** temporary: has expires_at; permanent: never expires (capped per owner, 5 by default) */
  lifetime: "temporary" | "permanent";
  /** false disables the token (verify answers `disabled`) without revoking it */
  is_active: boolean;
  /** true: a service token, owned by the tenant; false: a personal token, owned by a member */
  service: boolean;
  /** the member a personal token belongs to; null for a service token */
  owner_id: string | null;
  /** the tenant the token belongs to */
  tenant_id: string;
  /** a decoy (honeytoken): presenting it is answered exactly as an unknown token is, and its owner gets token.canary_triggered */
  canary: boolean;
  /** key of the space a `space` token is confined to, or null */
  space: string | null;
  /** the role the token grants: reader, writer, admin or owner, or null */
  role: "reader" | "writer" | "admin" | "owner" | null;
  /** action globs granted on every resource, such as `orders:read` or `deploy:*` */
  scopes: string[];
  /** inline policy statements {effect: allow|deny, actions | not_actions, resources | not_resources} with `*` globs; a deny wins; or null */
  policy: unknown[] | null;
  /** keys of the custom roles (/v1/roles) whose policies the token carries, or null */
  custom_roles: string[] | null;
  /** CIDR blocks the token may be used from; a verify without `ip` is then forbidden; null: from anywhere */
  allowed_cidrs: string[] | null;
  /** at most `limit` verifications per `window_seconds`; more are rate_limited (429 on this API); null: no limit */
  rate_limit: {
    /** verifications allowed per window */
    limit: number;
    /** length of the window, in seconds */
    window_seconds: number;
  } | null;
  /** valid verifications allowed in all; each valid verification uses one; null: unlimited */
  max_uses: number | null;
  /** valid verifications left; null: unlimited */
  remaining_uses: number | null;
  /** free-form JSON object kept with the token and returned by verify, at most 4096 bytes and 5 levels deep, or null */
  metadata: {
    [key: string]: unknown;
  } | null;
  /** the API version the token assumes where a dialect has versions (LaunchDarkly), or null */
  default_api_version: number | null;
  /** the last 4 characters of the secret, to recognise it by */
  hint: string;
  /** when the token was created. RFC 3339, UTC, with milliseconds */
  created_at: string;
  /** when the token last changed. RFC 3339, UTC, with milliseconds */
  updated_at: string;
  /** the token is not valid before this time; null: from its creation. RFC 3339, UTC, with milliseconds */
  not_before: string | null;
  /** when the token stops being valid; null: never (a permanent token). RFC 3339, UTC, with milliseconds */
  expires_at: string | null;
  /** when the token was revoked; null: not revoked. RFC 3339, UTC, with milliseconds */
  revoked_at: string | null;
  /** why it was revoked: `revoked` (a revoke), `leaked` (a leak report), …; null: not revoked */
  revoked_reason: string | null;
  /** when the token was last used; null: never (written behind, up to a second late). RFC 3339, UTC, with milliseconds */
  last_used_at: string | null;
  /** the client address of the last use, or null */
  last_used_ip: string | null;
  /** the User-Agent of the last use (a secret in it masked), or null */
  last_used_user_agent: string | null;
  /** the state now, first match wins: revoked; disabled (switched off, its member removed, its tenant suspended); expired; not_yet_valid; else active */
  status: "active" | "disabled" | "expired" | "revoked" | "not_yet_valid";
  /** the role the token acts with now: its own, capped by its member’s current role (or, for a service token, its creator’s at creation); null: none */
  effective_role: "reader" | "writer" | "admin" | "owner" | null;
  /** until when the secret rotated out last still works; null when none does. RFC 3339, UTC, with milliseconds */
  previous_secret_expires_at: string | null;
  /** true: brought from another system with its existing secret (POST /v1/tokens/import) */
  imported: boolean;
  /** the bearer secret, `tsr_…`; shown exactly once, never stored: keep it now */
  secret: string;
}

/** What to change of a member (at least one field): a new role, which their personal tokens follow on the very next request, their display name, their e-mail address. */
export interface UpdateMemberRequest {
  /** the new role: reader, writer, admin or owner */
  role?: "reader" | "writer" | "admin" | "owner";
  /** the display name; null clears it */
  name?: string | null;
  /** the e-mail address, unique among the tenant’s members */
  email?: string;
}

/** The fields of a role to change; the key stays. */
export interface UpdateRoleRequest {
  /** the new display name */
  name?: string;
  /** free text; null clears it */
  description?: string | null;
  /** the new policy, replacing the old: statements {effect: allow|deny, actions | not_actions, resources | not_resources} with `*` globs; a deny wins */
  policy?: unknown[];
}

/** The fields of a space to change; the key stays. */
export interface UpdateSpaceRequest {
  /** the new display name */
  name?: string;
  /** free text; null clears it */
  description?: string | null;
}

/** Suspend or resume a tenant, or set its token policy: at least one of the two. */
export interface UpdateTenantRequest {
  /** true suspends (every token of the tenant stops at once); false resumes */
  suspended?: boolean;
  /** the policy to hold from now on; null removes it */
  token_policy?: {
    /** see TokenPolicy; null or absent: no bound */
    max_lifetime_seconds?: number | null;
    /** see TokenPolicy; null or absent: native default */
    default_ttl_seconds?: number | null;
    /** see TokenPolicy; default false */
    require_expiry?: boolean;
    /** see TokenPolicy; default: true unless max_lifetime_seconds is set */
    allow_permanent?: boolean;
  } | null;
}

/** Changes to an endpoint; absent fields stay as they are. */
export interface UpdateWebhookRequest {
  /** where deliveries are POSTed: http or https; its host must resolve to public addresses unless TESSERA_WEBHOOK_ALLOW_PRIVATE=true */
  url?: string;
  /** the event types the endpoint receives, or ["*"] for every one */
  events?: ("token.created" | "token.updated" | "token.rotated" | "token.revoked" | "token.expiring" | "token.expired" | "token.used_in_grace" | "token.exhausted" | "token.rate_limited" | "token.canary_triggered" | "token.leaked" | "member.created" | "member.updated" | "member.removed" | "*")[];
  /** free text about the endpoint */
  description?: string | null;
  /** false switches it off; true switches it on again (after failing, too) */
  is_active?: boolean;
}

/** Verifications in one bucket: all of them, the valid ones, and the refused ones by outcome code. */
export interface UsagePoint {
  /** the first instant of the bucket (UTC-aligned). RFC 3339, UTC, with milliseconds */
  start: string;
  /** verifications in the bucket */
  total: number;
  /** verifications that ended valid */
  valid: number;
  /** refused verifications by outcome code (revoked, expired, forbidden, …); codes with none are left out */
  refused: {
    [key: string]: number;
  };
}

/** One of the busiest tokens (token_id) or outcome codes (code) over the range. */
export interface UsageRank {
  /** the token (group_by=token) */
  token_id?: string;
  /** the outcome code (group_by=code) */
  code?: string;
  /** verifications in the range */
  total: number;
  /** those that ended valid */
  valid: number;
  /** those that were refused */
  refused: number;
}

/** The tenant's busiest tokens or outcome codes over a range, busiest first. */
export interface UsageRanking {
  /** the start of the range asked. RFC 3339, UTC, with milliseconds */
  from: string;
  /** the end of the range asked. RFC 3339, UTC, with milliseconds */
  to: string;
  /** the bucket size the range was read in */
  granularity: "minute" | "hour" | "day";
  /** what was ranked */
  group_by: "token" | "code";
  /** busiest first, ties by key */
  data: UsageRank[];
  pagination: Pagination;
}

/** The verdict on a token (HTTP 200 whatever it is): holding the secret is the credential, so the reason is told. */
export interface VerifyAnswer {
  /** true when the token may be used (for the action, if one was asked) */
  valid: boolean;
  /** valid, or why not: malformed, not_found, revoked, disabled, expired, not_yet_valid, forbidden, rate_limited, usage_exceeded */
  code: "valid" | "malformed" | "not_found" | "revoked" | "disabled" | "expired" | "not_yet_valid" | "forbidden" | "rate_limited" | "usage_exceeded";
  /** what a resource server needs to know of the token; null when malformed or not found */
  token: {
    /** the token id */
    id: string;
    /** the display name */
    name: string;
    /** api or session */
    type: "api" | "session";
    /** account, space or manager */
    kind: "account" | "space" | "manager";
    /** the tenant the token belongs to */
    tenant_id: string;
    /** the owning member; null for a service token */
    owner_id: string | null;
    /** true for a service token */
    service: boolean;
    /** the space a `space` token is confined to, or null */
    space: string | null;
    /** when the token expires; null: never. RFC 3339, UTC, with milliseconds */
    expires_at: string | null;
    /** free-form JSON object, at most 4096 bytes and 5 levels deep */
    metadata: {
      [key: string]: unknown;
    } | null;
  } | null;
  /** the token's grants; null when malformed or not found */
  permissions: {
    /** the role the token grants, or null */
    role: "reader" | "writer" | "admin" | "owner" | null;
    /** the role it acts with now: its own, capped by its member’s current role (a service token: its creator’s at creation); null: none */
    effective_role: "reader" | "writer" | "admin" | "owner" | null;
    /** action globs granted on every resource */
    scopes: string[];
    /** inline policy statements, or null */
    policy: unknown[] | null;
    /** keys of the custom roles it carries, or null */
    custom_roles: string[] | null;
  } | null;
  /** the rate-limit window; null for a token without a limit */
  ratelimit: {
    /** verifications allowed per window */
    limit: number;
    /** verifications left in this window */
    remaining: number;
    /** when the window ends. RFC 3339, UTC, with milliseconds */
    reset_at: string;
  } | null;
  /** uses left (max_uses); null: unlimited */
  remaining: number | null;
  /** what decided the action; null unless an action was asked */
  decision: {
    /** allow or deny */
    effect: "allow" | "deny";
    /** what decided: the grant (role, scope, policy, custom_role), the token’s space or kind confining it, role for the member’s role capping it; null when nothing matched (denied by default) */
    source: "role" | "scope" | "policy" | "custom_role" | "space" | "kind" | null;
    /** the glob that decided; null when nothing matched */
    match: string | null;
  } | null;
}

/** A token to check and, optionally, what it is about to be used for. */
export interface VerifyRequest {
  /** the secret the client presented */
  token: string;
  /** the action to allow or refuse, such as `orders:read`; without it only validity is checked */
  action?: string;
  /** the resource the action is on, a plain path such as `orders/42`; without it only policy statements on `*` apply */
  resource?: string;
  /** the client's IPv4 or IPv6 address, checked against the token's allowed_cidrs */
  ip?: string;
}

/** A webhook endpoint: where lifecycle events of the tenant are delivered. Its signing secret is never part of it. */
export interface Webhook {
  /** the webhook id: `whk_` + 22 base62 characters */
  id: string;
  /** the tenant whose events it receives */
  tenant_id: string;
  /** where deliveries are POSTed: http or https; its host must resolve to public addresses unless TESSERA_WEBHOOK_ALLOW_PRIVATE=true */
  url: string;
  /** free text about the endpoint, or null */
  description: string | null;
  /** the event types the endpoint receives, or ["*"] for every one */
  events: string[];
  /** false: nothing is delivered to it (switched off, or failing) */
  is_active: boolean;
  /** `failing` when its last 100 events all failed; null otherwise */
  disabled_reason: string | null;
  /** until when the rotated-out signing secret still signs beside the new one; null: none does. RFC 3339, UTC, with milliseconds */
  previous_secret_expires_at: string | null;
  /** when the endpoint was added. RFC 3339, UTC, with milliseconds */
  created_at: string;
  /** when the endpoint last changed. RFC 3339, UTC, with milliseconds */
  updated_at: string;
}

/** A page of the tenant's webhook endpoints. */
export interface WebhookList {
  /** the items of this page, newest first */
  data: Webhook[];
  pagination: Pagination;
}

/** An endpoint and its signing secret: the answer of create and rotate-secret, the only time the secret is shown. */
export interface WebhookWithSecret {
  webhook: Webhook;
  /** the signing secret, `whsec_` + base64 of 32 random bytes; HMAC key = the decoded bytes */
  secret: string;
}

/** Query parameters of listTokens. */
export interface ListTokensQuery {
  /** the page to read, from 1 (with per_page) */
  page?: number;
  /** items per page (with page), 1 to 100 (default 25) */
  per_page?: number;
  /** another name for per_page (Lagrello), 1 to 100 (default 25) */
  size?: number;
  /** items per page (with offset, or with cursor), 1 to 100 (default 25) */
  limit?: number;
  /** items to skip (with limit) */
  offset?: number;
  /** next_cursor of the previous page (with limit); the fastest way through a long list */
  cursor?: string;
  /** only tokens of this type */
  type?: "api" | "session";
  /** only tokens of this kind */
  kind?: "account" | "space" | "manager";
  /** only temporary or only permanent tokens (the same as permanent=false|true) */
  lifetime?: "temporary" | "permanent";
  /** true: only permanent tokens; false: only temporary ones */
  permanent?: boolean;
  /** true: only tokens usable now; false: only disabled, expired or not yet valid ones */
  active?: boolean;
  /** true: only expired tokens; false: only unexpired ones */
  expired?: boolean;
  /** true: only revoked tokens (the default lists only unrevoked ones) */
  revoked?: boolean;
  /** only tokens in this state now (active, disabled, expired, revoked, not_yet_valid); lists revoked ones too when asked, instead of the default of unrevoked ones */
  status?: "active" | "disabled" | "expired" | "revoked" | "not_yet_valid";
  /** only this member's tokens (a member id; another member's: admins and owners) */
  owner?: string;
  /** only tokens confined to this space (its key) */
  space?: string;
  /** only tokens whose name starts so */
  name_prefix?: string;
  /** only tokens whose scopes hold exactly this one */
  scope?: string;
  /** only tokens that expire before this instant (permanent ones never do): what a maximum-lifetime policy would catch (RFC 3339) */
  expires_before?: string;
  /** only tokens made after this instant (RFC 3339) */
  created_after?: string;
  /** only tokens not used since this instant: last used before it, or never used (find unused tokens) (RFC 3339) */
  last_used_before?: string;
  /** every member's tokens, not just the caller's (admins and owners) */
  show_all?: boolean;
  /** the order: created_at, name, expires_at or last_used_at, ascending, or descending with a leading `-` (default -created_at, newest first). Permanent tokens expire last; never-used ones were used first */
  sort?: "created_at" | "-created_at" | "name" | "-name" | "expires_at" | "-expires_at" | "last_used_at" | "-last_used_at";
}

/** Query parameters of revokeTokens. */
export interface RevokeTokensQuery {
  /** only tokens of this type */
  type?: "api" | "session";
  /** only tokens of this kind */
  kind?: "account" | "space" | "manager";
  /** only temporary or only permanent tokens (the same as permanent=false|true) */
  lifetime?: "temporary" | "permanent";
  /** true: only permanent tokens; false: only temporary ones */
  permanent?: boolean;
  /** true: only tokens usable now; false: only disabled, expired or not yet valid ones */
  active?: boolean;
  /** true: only expired tokens; false: only unexpired ones */
  expired?: boolean;
  /** true: only revoked tokens (the default lists only unrevoked ones) */
  revoked?: boolean;
  /** only tokens in this state now (active, disabled, expired, revoked, not_yet_valid); lists revoked ones too when asked, instead of the default of unrevoked ones */
  status?: "active" | "disabled" | "expired" | "revoked" | "not_yet_valid";
  /** only this member's tokens (a member id; another member's: admins and owners) */
  owner?: string;
  /** only tokens confined to this space (its key) */
  space?: string;
  /** only tokens whose name starts so */
  name_prefix?: string;
  /** only tokens whose scopes hold exactly this one */
  scope?: string;
  /** only tokens that expire before this instant (permanent ones never do): what a maximum-lifetime policy would catch (RFC 3339) */
  expires_before?: string;
  /** only tokens made after this instant (RFC 3339) */
  created_after?: string;
  /** only tokens not used since this instant: last used before it, or never used (find unused tokens) (RFC 3339) */
  last_used_before?: string;
  /** every member's tokens, not just the caller's (admins and owners) */
  show_all?: boolean;
  /** revoke the calling token too */
  include_self?: boolean;
}

/** Query parameters of listTenantTokens. */
export interface ListTenantTokensQuery {
  /** the page to read, from 1 (with per_page) */
  page?: number;
  /** items per page (with page), 1 to 100 (default 25) */
  per_page?: number;
  /** another name for per_page (Lagrello), 1 to 100 (default 25) */
  size?: number;
  /** items per page (with offset, or with cursor), 1 to 100 (default 25) */
  limit?: number;
  /** items to skip (with limit) */
  offset?: number;
  /** next_cursor of the previous page (with limit); the fastest way through a long list */
  cursor?: string;
  /** only tokens of this type */
  type?: "api" | "session";
  /** only tokens of this kind */
  kind?: "account" | "space" | "manager";
  /** only temporary or only permanent tokens (the same as permanent=false|true) */
  lifetime?: "temporary" | "permanent";
  /** true: only permanent tokens; false: only temporary ones */
  permanent?: boolean;
  /** true: only tokens usable now; false: only disabled, expired or not yet valid ones */
  active?: boolean;
  /** true: only expired tokens; false: only unexpired ones */
  expired?: boolean;
  /** true: only revoked tokens (the default lists only unrevoked ones) */
  revoked?: boolean;
  /** only tokens in this state now (active, disabled, expired, revoked, not_yet_valid); lists revoked ones too when asked, instead of the default of unrevoked ones */
  status?: "active" | "disabled" | "expired" | "revoked" | "not_yet_valid";
  /** only this member's tokens (a member id; another member's: admins and owners) */
  owner?: string;
  /** only tokens confined to this space (its key) */
  space?: string;
  /** only tokens whose name starts so */
  name_prefix?: string;
  /** only tokens whose scopes hold exactly this one */
  scope?: string;
  /** only tokens that expire before this instant (permanent ones never do): what a maximum-lifetime policy would catch (RFC 3339) */
  expires_before?: string;
  /** only tokens made after this instant (RFC 3339) */
  created_after?: string;
  /** only tokens not used since this instant: last used before it, or never used (find unused tokens) (RFC 3339) */
  last_used_before?: string;
  /** every member's tokens, not just the caller's (admins and owners) */
  show_all?: boolean;
  /** the order: created_at, name, expires_at or last_used_at, ascending, or descending with a leading `-` (default -created_at, newest first). Permanent tokens expire last; never-used ones were used first */
  sort?: "created_at" | "-created_at" | "name" | "-name" | "expires_at" | "-expires_at" | "last_used_at" | "-last_used_at";
}

/** Query parameters of rotateToken. */
export interface RotateTokenQuery {
  /** until when the old secret still works: a Unix time in milliseconds (LaunchDarkly); one not in the future ends the old secret now */
  expiry?: number;
}

/** Query parameters of resetToken. */
export interface ResetTokenQuery {
  /** until when the old secret still works: a Unix time in milliseconds (LaunchDarkly); one not in the future ends the old secret now */
  expiry?: number;
}

/** Query parameters of listMembers. */
export interface ListMembersQuery {
  /** the page to read, from 1 (with per_page) */
  page?: number;
  /** items per page (with page), 1 to 100 (default 25) */
  per_page?: number;
  /** another name for per_page (Lagrello), 1 to 100 (default 25) */
  size?: number;
  /** items per page (with offset, or with cursor), 1 to 100 (default 25) */
  limit?: number;
  /** items to skip (with limit) */
  offset?: number;
}

/** Query parameters of listTenants. */
export interface ListTenantsQuery {
  /** the page to read, from 1 (with per_page) */
  page?: number;
  /** items per page (with page), 1 to 100 (default 25) */
  per_page?: number;
  /** another name for per_page (Lagrello), 1 to 100 (default 25) */
  size?: number;
  /** items per page (with offset, or with cursor), 1 to 100 (default 25) */
  limit?: number;
  /** items to skip (with limit) */
  offset?: number;
}

/** Query parameters of listAuditEvents. */
export interface ListAuditEventsQuery {
  /** the page to read, from 1 (with per_page) */
  page?: number;
  /** items per page (with page), 1 to 100 (default 25) */
  per_page?: number;
  /** another name for per_page (Lagrello), 1 to 100 (default 25) */
  size?: number;
  /** items per page (with offset, or with cursor), 1 to 100 (default 25) */
  limit?: number;
  /** items to skip (with limit) */
  offset?: number;
  /** next_cursor of the previous page (with limit); the fastest way through a long list */
  cursor?: string;
  /** only events of this action, e.g. token.revoke or access_denied */
  action?: string;
  /** only events about this object (its id or key) */
  target_id?: string;
  /** only events this token caused */
  actor_token_id?: string;
  /** only events at or after this instant (RFC 3339) */
  since?: string;
  /** only events before this instant (RFC 3339) */
  until?: string;
}

/** Query parameters of exportAuditEvents. */
export interface ExportAuditEventsQuery {
  /** only events of this action, e.g. token.revoke or access_denied */
  action?: string;
  /** only events about this object (its id or key) */
  target_id?: string;
  /** only events this token caused */
  actor_token_id?: string;
  /** only events at or after this instant (RFC 3339) */
  since?: string;
  /** only events before this instant (RFC 3339) */
  until?: string;
}

/** Query parameters of getTokenUsage. */
export interface GetTokenUsageQuery {
  /** RFC 3339; the series starts at the bucket holding it (default: 24 hours before `to`) */
  from?: string;
  /** RFC 3339; the series ends with the bucket holding it (default: now) */
  to?: string;
  /** bucket size, UTC-aligned (default hour); at most 1441 buckets in a range */
  granularity?: "minute" | "hour" | "day";
}

/** Query parameters of getTenantUsage. */
export interface GetTenantUsageQuery {
  /** RFC 3339; the series starts at the bucket holding it (default: 24 hours before `to`) */
  from?: string;
  /** RFC 3339; the series ends with the bucket holding it (default: now) */
  to?: string;
  /** bucket size, UTC-aligned (default hour); at most 1441 buckets in a range */
  granularity?: "minute" | "hour" | "day";
  /** rank tokens or outcome codes (default token) */
  group_by?: "token" | "code";
  /** how many to answer, 1 to 100 (default 10) */
  limit?: number;
  /** how many of the busiest to skip */
  offset?: number;
}

/** Query parameters of getTokenAdvice. */
export interface GetTokenAdviceQuery {
  /** the period, in days up to today (UTC), 1 to 90 (default 30) */
  days?: number;
}

/** Query parameters of listWebhooks. */
export interface ListWebhooksQuery {
  /** the page to read, from 1 (with per_page) */
  page?: number;
  /** items per page (with page), 1 to 100 (default 25) */
  per_page?: number;
  /** another name for per_page (Lagrello), 1 to 100 (default 25) */
  size?: number;
  /** items per page (with offset, or with cursor), 1 to 100 (default 25) */
  limit?: number;
  /** items to skip (with limit) */
  offset?: number;
}

/** Query parameters of listWebhookDeliveries. */
export interface ListWebhookDeliveriesQuery {
  /** the page to read, from 1 (with per_page) */
  page?: number;
  /** items per page (with page), 1 to 100 (default 25) */
  per_page?: number;
  /** another name for per_page (Lagrello), 1 to 100 (default 25) */
  size?: number;
  /** items per page (with offset, or with cursor), 1 to 100 (default 25) */
  limit?: number;
  /** items to skip (with limit) */
  offset?: number;
}

/** Query parameters of listRoles. */
export interface ListRolesQuery {
  /** the page to read, from 1 (with per_page) */
  page?: number;
  /** items per page (with page), 1 to 100 (default 25) */
  per_page?: number;
  /** another name for per_page (Lagrello), 1 to 100 (default 25) */
  size?: number;
  /** items per page (with offset, or with cursor), 1 to 100 (default 25) */
  limit?: number;
  /** items to skip (with limit) */
  offset?: number;
}

/** Query parameters of listSpaces. */
export interface ListSpacesQuery {
  /** the page to read, from 1 (with per_page) */
  page?: number;
  /** items per page (with page), 1 to 100 (default 25) */
  per_page?: number;
  /** another name for per_page (Lagrello), 1 to 100 (default 25) */
  size?: number;
  /** items per page (with offset, or with cursor), 1 to 100 (default 25) */
  limit?: number;
  /** items to skip (with limit) */
  offset?: number;
}

/** Every operation of the API by its operationId. */
export interface Operations {
  /**
   * Liveness: the process answers
   *
   * Always `{"status": "ok"}` while the process runs; it checks no dependency (see /readyz).
   */
  getHealth: {
    method: "GET";
    path: "/healthz";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: never;
    responses: {
      200: Health;
      400: Problem;
    };
  };
  /**
   * Readiness: whether this instance can serve
   *
   * Checks each dependency with a deadline and reports it up or down. 503 when a critical one (the database) is down; Redis down only degrades (local rate limits, verify cache off) and stays 200.
   */
  getReadiness: {
    method: "GET";
    path: "/readyz";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: never;
    responses: {
      200: Health;
      400: Problem;
      503: Health;
    };
  };
  /**
   * Prometheus metrics
   *
   * Requests and latency per route, verifications per outcome code, verify-cache lookups, store queries, pool and dependency state, in the Prometheus text format. Public unless the server sets TESSERA_METRICS_TOKEN: then that bearer (not a Tessera token) is required.
   */
  getMetrics: {
    method: "GET";
    path: "/metrics";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: never;
    responses: {
      200: string;
      400: Problem;
    };
  };
  /**
   * Verify a token, and optionally an action on a resource
   *
   * For resource servers; needs no Authorization header: holding the secret is the credential, so the answer says why a token is refused. Answers 200 for any token, valid or not (see `valid` and `code`); only a malformed request is a 400, and storage down a 503 (never a wrong verdict). A valid answer spends one of max_uses; every verification that reaches the rate-limit check counts toward the limit.
   */
  verifyToken: {
    method: "POST";
    path: "/v1/verify";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: {
      "application/json": VerifyRequest;
    };
    responses: {
      200: VerifyAnswer;
      400: Problem;
      413: Problem;
      415: Problem;
      503: Problem;
    };
  };
  /**
   * Report leaked secrets: each one that is real is revoked at once
   *
   * Needs no Authorization: holding a secret is the only proof there is (as with GitHub’s credential-revocation API). Each well-formed, known, unrevoked secret is revoked with `revoked_reason: "leaked"`, audited (actor `leak-report`, with the source) and announced as `token.leaked`; a canary’s report raises its `token.canary_triggered` instead. The answer is the same 202 whatever was found, and takes the same time. At most 100 secrets (more is a 400 that revokes nothing); TESSERA_LEAK_REPORTS_PER_MINUTE reports a minute per client address (then 429).
   */
  reportLeak: {
    method: "POST";
    path: "/v1/leaks";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: {
      "application/json": LeakReport;
    };
    responses: {
      202: LeakReportAnswer;
      400: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Create a token; the answer carries its secret, shown this once
   *
   * A token never gets more than the calling token has: wider permissions, a longer lifetime or a wider kind are a 403. Needs tokens:write; the owner’s permanent tokens are capped (409 permanent_token_cap_reached). With an Idempotency-Key header, repeating the same request (within 24 h) answers 200 with the same token, the header Idempotent-Replayed: true, and no secret; the same key with another body is a 409.
   */
  createToken: {
    method: "POST";
    path: "/v1/tokens";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: {
      "application/json": CreateTokenRequest;
    };
    responses: {
      200: Token;
      201: TokenWithSecret;
      400: Problem;
      401: Problem;
      403: Problem;
      409: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * List the calling member's tokens
   *
   * Newest first. A service token lists the tenant's service tokens; show_all lists every member's (admins and owners). Never holds a token the caller may not read. Paged by page + per_page, limit + offset, or limit + cursor (in any sort order), with total counts and Link headers; an unknown filter is a 400. Besides the parameters below, `metadata.<key>=<value>` (up to 10) keeps only tokens whose metadata maps that key to exactly that string.
   */
  listTokens: {
    method: "GET";
    path: "/v1/tokens";
    pathParams: Record<string, never>;
    query: ListTokensQuery;
    body: never;
    responses: {
      200: TokenList;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Revoke every token a listing with the same filters would show
   *
   * NeuroIO’s delete_list. Revokes those of the set the caller could revoke one by one (seeing a token never grants revoking it); the calling token is spared unless include_self=true. revoked=true is a 400. `metadata.<key>=<value>` filters as in listTokens.
   */
  revokeTokens: {
    method: "DELETE";
    path: "/v1/tokens";
    pathParams: Record<string, never>;
    query: RevokeTokensQuery;
    body: never;
    responses: {
      200: RevokedCount;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Read the token making this request
   *
   * Every token may read itself, whatever its permissions. Answers an ETag for If-Match.
   */
  getSelfToken: {
    method: "GET";
    path: "/v1/tokens/self";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: never;
    responses: {
      200: Token;
      400: Problem;
      401: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Revoke the token making this request
   *
   * Every token may revoke itself, whatever its permissions. The record stays for audit.
   */
  revokeSelfToken: {
    method: "DELETE";
    path: "/v1/tokens/self";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: never;
    responses: {
      204: void;
      400: Problem;
      401: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Find a token by its secret
   *
   * NeuroIO’s get by key. The secret travels in the body, never in a URL. Needs tokens:read on the token found; an unknown secret, or one of another tenant, is a 404.
   */
  lookupToken: {
    method: "POST";
    path: "/v1/tokens/lookup";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: {
      "application/json": LookupTokenRequest;
    };
    responses: {
      200: Token;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Read one token
   *
   * Needs tokens:read; another member’s token needs admin or owner. A token of another tenant is a 404. Answers an ETag for If-Match.
   */
  getToken: {
    method: "GET";
    path: "/v1/tokens/{id}";
    pathParams: {
      /** the token id, `tok_…` */
      id: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      200: Token;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Change a token with a JSON Merge Patch (RFC 7396) or a JSON Patch (RFC 6902)
   *
   * Mutable: name, description, is_active, metadata, default_api_version; and, within the caller’s own permissions, role, scopes, policy, custom_roles, allowed_cidrs, rate_limit, max_uses, expires_at. Needs tokens:write. Changing another field is a 400 immutable_field (un-revoking: 409), an invalid patch document a 422, a failing test op a 409. With If-Match (the ETag a read or change answered), a token changed since is a 412 and nothing changes.
   */
  updateToken: {
    method: "PATCH";
    path: "/v1/tokens/{id}";
    pathParams: {
      /** the token id, `tok_…` */
      id: string;
    };
    query: Record<string, never>;
    body: {
      "application/merge-patch+json": TokenMergePatch;
      "application/json-patch+json": JsonPatch;
      "application/json": TokenMergePatch | JsonPatch;
    };
    responses: {
      200: Token;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      412: Problem;
      413: Problem;
      415: Problem;
      422: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Revoke a token
   *
   * Its secret stops at once on this instance, and on the others within the cache bound. Idempotent: revoking a revoked token is a 204 too. The record stays for audit. Needs tokens:write; every token may revoke itself. With If-Match (the ETag a read or change answered), a token changed since is a 412 and nothing changes.
   */
  revokeToken: {
    method: "DELETE";
    path: "/v1/tokens/{id}";
    pathParams: {
      /** the token id, `tok_…` */
      id: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      204: void;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      412: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Import tokens of another system with their existing secrets
   *
   * Needs tokens:import (admins and owners). Each item is a create body plus exactly one of `secret` (starting with one of TESSERA_IMPORT_PREFIXES, at least 20 characters; stored as HMAC) and `secret_sha256` (kept until the secret is first presented, then re-hashed and dropped). Each item is imported on its own: the answer holds one result per item, 201 with the token or the problem that stored nothing (a weak or unprefixed secret is a 400, one already stored a 409). Imported tokens verify on every door and stay outside the permanent-token cap. The body may be up to 4 MiB.
   */
  importTokens: {
    method: "POST";
    path: "/v1/tokens/import";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: {
      "application/json": ImportTokensRequest;
    };
    responses: {
      200: ImportTokensAnswer;
      400: Problem;
      401: Problem;
      403: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * List every token of a tenant
   *
   * Fastly's customer listing: for that tenant's own admins and owners; any other tenant's id is a 404. The same filters and paging as listTokens.
   */
  listTenantTokens: {
    method: "GET";
    path: "/v1/tenants/{tenant_id}/tokens";
    pathParams: {
      /** the tenant id, `ten_…` (the caller’s own) */
      tenant_id: string;
    };
    query: ListTenantTokensQuery;
    body: never;
    responses: {
      200: TokenList;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Rotate a token: a new secret, shown this once
   *
   * The token keeps its id and record. Without `expiry` the old secret stops now; with it (a Unix time in ms, in the query or the body) it works until then. Needs tokens:write, within the caller’s own permissions; a revoked token is a 409. With If-Match (the ETag a read or change answered), a token changed since is a 412 and nothing changes.
   */
  rotateToken: {
    method: "POST";
    path: "/v1/tokens/{id}/rotate";
    pathParams: {
      /** the token id, `tok_…` */
      id: string;
    };
    query: RotateTokenQuery;
    body: {
      "application/json": RotateTokenRequest | null;
    };
    responses: {
      200: TokenWithSecret;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      412: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Rotate a token (LaunchDarkly’s reset): a new secret, shown this once
   *
   * The same as rotateToken, under LaunchDarkly’s name. The token keeps its id and record. Without `expiry` the old secret stops now; with it (a Unix time in ms, in the query or the body) it works until then. Needs tokens:write, within the caller’s own permissions; a revoked token is a 409. With If-Match (the ETag a read or change answered), a token changed since is a 412 and nothing changes.
   */
  resetToken: {
    method: "POST";
    path: "/v1/tokens/{id}/reset";
    pathParams: {
      /** the token id, `tok_…` */
      id: string;
    };
    query: ResetTokenQuery;
    body: {
      "application/json": RotateTokenRequest | null;
    };
    responses: {
      200: TokenWithSecret;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      412: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * List the tenant's members
   *
   * Paged by page + per_page or limit + offset. Needs members:read.
   */
  listMembers: {
    method: "GET";
    path: "/v1/members";
    pathParams: Record<string, never>;
    query: ListMembersQuery;
    body: never;
    responses: {
      200: MemberList;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Add a member, with their first token
   *
   * Answers the member and their first token (permanent, with their role), whose secret is shown this once (Cache-Control: no-store). Needs members:write (admins and owners; only an owner adds an owner). An e-mail already in the tenant is a 409.
   */
  createMember: {
    method: "POST";
    path: "/v1/members";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: {
      "application/json": CreateMemberRequest;
    };
    responses: {
      201: MemberWithToken;
      400: Problem;
      401: Problem;
      403: Problem;
      409: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Change a member's role, name or e-mail
   *
   * Promotes or demotes (their personal tokens act with the new role from their very next request), renames, or changes the e-mail address (unique in the tenant: 409). Needs members:write; only an owner changes an owner, and the last owner stays an owner (409).
   */
  updateMember: {
    method: "PATCH";
    path: "/v1/members/{id}";
    pathParams: {
      /** the member id, `mem_…` */
      id: string;
    };
    query: Record<string, never>;
    body: {
      "application/json": UpdateMemberRequest;
    };
    responses: {
      200: Member;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Remove a member
   *
   * Their personal tokens stop at once (verify answers `disabled`); service tokens live on. Needs members:write; the last owner cannot be removed (409).
   */
  removeMember: {
    method: "DELETE";
    path: "/v1/members/{id}";
    pathParams: {
      /** the member id, `mem_…` */
      id: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      204: void;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Read one member
   *
   * Needs members:read. A member of another tenant is a 404.
   */
  getMember: {
    method: "GET";
    path: "/v1/members/{id}";
    pathParams: {
      /** the member id, `mem_…` */
      id: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      200: Member;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Issue a new token to a member who lost theirs
   *
   * A personal token of the member with the member's role, within the caller's own grants (a permanent one needs a caller that may mint permanent tokens); the tenant's token policy applies and a permanent one counts toward the member's cap. The secret is shown this once (Cache-Control: no-store); the issue is audited. Needs members:write (admins and owners; an owner’s token: owners).
   */
  issueMemberToken: {
    method: "POST";
    path: "/v1/members/{id}/tokens";
    pathParams: {
      /** the member id, `mem_…` */
      id: string;
    };
    query: Record<string, never>;
    body: {
      "application/json": IssueMemberTokenRequest;
    };
    responses: {
      201: TokenWithSecret;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * List tenants
   *
   * Operators only: owners and admins of the operator tenant (tenants:read). Paged by page + per_page or limit + offset.
   */
  listTenants: {
    method: "GET";
    path: "/v1/tenants";
    pathParams: Record<string, never>;
    query: ListTenantsQuery;
    body: never;
    responses: {
      200: TenantList;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Create a tenant, with its first owner
   *
   * Operators only (tenants:write). Answers the tenant and its first owner's token, whose secret is shown this once (Cache-Control: no-store).
   */
  createTenant: {
    method: "POST";
    path: "/v1/tenants";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: {
      "application/json": CreateTenantRequest;
    };
    responses: {
      201: TenantWithOwnerToken;
      400: Problem;
      401: Problem;
      403: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Suspend or resume a tenant, or set its token policy
   *
   * Operators only (tenants:write). A suspended tenant's tokens stop at once (verify answers `disabled`) and resume with it; the operator tenant cannot be suspended (409). token_policy bounds the tokens made in the tenant from now on (null removes it).
   */
  updateTenant: {
    method: "PATCH";
    path: "/v1/tenants/{id}";
    pathParams: {
      /** the tenant id, `ten_…` */
      id: string;
    };
    query: Record<string, never>;
    body: {
      "application/json": UpdateTenantRequest;
    };
    responses: {
      200: Tenant;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Read one tenant, with its live tokens per server-key version
   *
   * Operators only (tenants:read). key_versions says which server-key versions still hash live tokens of the tenant: a key rotation is finished when the old version is absent everywhere. A deleted tenant is a 404.
   */
  getTenant: {
    method: "GET";
    path: "/v1/tenants/{id}";
    pathParams: {
      /** the tenant id, `ten_…` */
      id: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      200: TenantDetail;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Delete a tenant: revoke every token in it
   *
   * Operators only (tenants:write). Every token of the tenant is revoked (revoked_reason tenant_deleted) and the tenant reads as gone (404) from then on; its audit trail is kept. The operator tenant cannot be deleted (409).
   */
  deleteTenant: {
    method: "DELETE";
    path: "/v1/tenants/{id}";
    pathParams: {
      /** the tenant id, `ten_…` */
      id: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      200: RevokedCount;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Read the tenant's audit trail
   *
   * Every change (and refused attempt) in the tenant, newest first: who did what to which object, when and from where. Needs audit:read (admins and owners). Filters: action, target_id, actor_token_id, since, until (RFC 3339). Paged by page + per_page, limit + offset, or limit + cursor (next_cursor; the fastest way through a long trail). A valid token refused (403) leaves one access_denied event a minute.
   */
  listAuditEvents: {
    method: "GET";
    path: "/v1/audit-events";
    pathParams: Record<string, never>;
    query: ListAuditEventsQuery;
    body: never;
    responses: {
      200: AuditEventList;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Stream the tenant's whole audit trail as NDJSON
   *
   * Every event the filters select (the same as listAuditEvents), newest first, one JSON object per line (application/x-ndjson), streamed: for a SIEM or an archive. Needs audit:read. `since` exports only what is new since the last run.
   */
  exportAuditEvents: {
    method: "GET";
    path: "/v1/audit-events/export";
    pathParams: Record<string, never>;
    query: ExportAuditEventsQuery;
    body: never;
    responses: {
      200: AuditEvent;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Read one token's verifications over time
   *
   * Every verification of the token, on every door, counted per bucket and outcome code (written behind, up to a second late). Every bucket of the range is present, zeros included. Needs tokens:read on the token. Minute buckets are kept 48 hours, hour buckets 90 days, day buckets 2 years; a range of more than 1,441 buckets is a 400.
   */
  getTokenUsage: {
    method: "GET";
    path: "/v1/tokens/{id}/usage";
    pathParams: {
      /** the token id, `tok_…` */
      id: string;
    };
    query: GetTokenUsageQuery;
    body: never;
    responses: {
      200: TokenUsage;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Rank the tenant's busiest tokens or outcome codes
   *
   * Verifications over the range summed per token (group_by=token, the default) or per outcome code (group_by=code), busiest first. Needs tokens:read as an admin or owner. Takes the range parameters of a token’s usage, and limit (default 10) + offset.
   */
  getTenantUsage: {
    method: "GET";
    path: "/v1/usage";
    pathParams: Record<string, never>;
    query: GetTenantUsageQuery;
    body: never;
    responses: {
      200: UsageRanking;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Least-privilege advice: the grants a token used, and the narrowest permissions to keep
   *
   * From the verifications that asked an action over the last `days` (default 30): which grant allowed each, which grants never allowed any, and `suggested`, a merge-patch body for PATCH /v1/tokens/{id} that still allows every observed action (on its observed resource) and is never wider than the token. Only POST /v1/verify asks actions; requests to Tessera’s own API are not counted here. Needs tokens:read on the token.
   */
  getTokenAdvice: {
    method: "GET";
    path: "/v1/tokens/{id}/advice";
    pathParams: {
      /** the token id, `tok_…` */
      id: string;
    };
    query: GetTokenAdviceQuery;
    body: never;
    responses: {
      200: TokenAdvice;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Add a webhook endpoint; its signing secret is shown this once
   *
   * Lifecycle events of the tenant (docs/events.md) are POSTed to `url`, signed per the Standard Webhooks specification with the returned secret (Cache-Control: no-store; Tessera keeps it only encrypted). Needs webhooks:write (admins and owners). An endpoint of another tenant is a 404.
   */
  createWebhook: {
    method: "POST";
    path: "/v1/webhooks";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: {
      "application/json": CreateWebhookRequest;
    };
    responses: {
      201: WebhookWithSecret;
      400: Problem;
      401: Problem;
      403: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * List the tenant's webhook endpoints
   *
   * Newest first; paged by page + per_page or limit + offset. Needs webhooks:read (admins and owners). An endpoint of another tenant is a 404.
   */
  listWebhooks: {
    method: "GET";
    path: "/v1/webhooks";
    pathParams: Record<string, never>;
    query: ListWebhooksQuery;
    body: never;
    responses: {
      200: WebhookList;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Read one webhook endpoint
   *
   * Needs webhooks:read (admins and owners). An endpoint of another tenant is a 404.
   */
  getWebhook: {
    method: "GET";
    path: "/v1/webhooks/{id}";
    pathParams: {
      /** the webhook id, `whk_…` */
      id: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      200: Webhook;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Change a webhook endpoint
   *
   * Changes its url, events or description, or switches it off or on (`is_active`; on again after it was disabled for failing). Needs webhooks:write (admins and owners). An endpoint of another tenant is a 404.
   */
  updateWebhook: {
    method: "PATCH";
    path: "/v1/webhooks/{id}";
    pathParams: {
      /** the webhook id, `whk_…` */
      id: string;
    };
    query: Record<string, never>;
    body: {
      "application/json": UpdateWebhookRequest;
    };
    responses: {
      200: Webhook;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Delete a webhook endpoint
   *
   * Nothing more is delivered to it; its delivery log goes with it. Needs webhooks:write (admins and owners). An endpoint of another tenant is a 404.
   */
  deleteWebhook: {
    method: "DELETE";
    path: "/v1/webhooks/{id}";
    pathParams: {
      /** the webhook id, `whk_…` */
      id: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      204: void;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Rotate a webhook endpoint's signing secret; the new one is shown this once
   *
   * The old secret keeps signing beside the new one for `grace_seconds` (default 24 h): `webhook-signature` then carries two `v1,` values, so receivers can switch without missing a delivery. Needs webhooks:write (admins and owners). An endpoint of another tenant is a 404.
   */
  rotateWebhookSecret: {
    method: "POST";
    path: "/v1/webhooks/{id}/rotate-secret";
    pathParams: {
      /** the webhook id, `whk_…` */
      id: string;
    };
    query: Record<string, never>;
    body: {
      "application/json": RotateWebhookSecretRequest | null;
    };
    responses: {
      200: WebhookWithSecret;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Send a test ping to a webhook endpoint
   *
   * Queues a `webhook.ping` event for this endpoint alone (signed like every delivery) and answers its delivery; follow it in the delivery log. Needs webhooks:write (admins and owners). An endpoint of another tenant is a 404.
   */
  testWebhook: {
    method: "POST";
    path: "/v1/webhooks/{id}/test";
    pathParams: {
      /** the webhook id, `whk_…` */
      id: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      202: Delivery;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * List a webhook endpoint's deliveries
   *
   * Newest event first, each with every attempt (time, HTTP status, duration). Paged by page + per_page or limit + offset. Needs webhooks:read; an endpoint of another tenant is a 404.
   */
  listWebhookDeliveries: {
    method: "GET";
    path: "/v1/webhooks/{id}/deliveries";
    pathParams: {
      /** the webhook id, `whk_…` */
      id: string;
    };
    query: ListWebhookDeliveriesQuery;
    body: never;
    responses: {
      200: DeliveryList;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Retry one delivery now
   *
   * Makes the delivery pending and due at once (a delivered or failed one too); it keeps its place in its subject’s order. Needs webhooks:write; a disabled endpoint is a 409 (switch it on first).
   */
  retryWebhookDelivery: {
    method: "POST";
    path: "/v1/webhooks/{id}/deliveries/{delivery_id}/retry";
    pathParams: {
      /** the webhook id, `whk_…` */
      id: string;
      /** the delivery id, `dlv_…` */
      delivery_id: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      202: Delivery;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * List the tenant's custom roles
   *
   * Paged by page + per_page or limit + offset. Needs roles:read.
   */
  listRoles: {
    method: "GET";
    path: "/v1/roles";
    pathParams: Record<string, never>;
    query: ListRolesQuery;
    body: never;
    responses: {
      200: RoleList;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Create a custom role
   *
   * A named policy tokens can carry by key in `custom_roles`, within the caller’s own permissions. Needs roles:write (admins and owners); a key already in use is a 409.
   */
  createRole: {
    method: "POST";
    path: "/v1/roles";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: {
      "application/json": CreateRoleRequest;
    };
    responses: {
      201: Role;
      400: Problem;
      401: Problem;
      403: Problem;
      409: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Read one custom role
   *
   * Needs roles:read.
   */
  getRole: {
    method: "GET";
    path: "/v1/roles/{key}";
    pathParams: {
      /** the role key */
      key: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      200: Role;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Change a custom role
   *
   * Changes its name, description or policy (a new policy within the caller’s own permissions); the key stays. Needs roles:write.
   */
  updateRole: {
    method: "PATCH";
    path: "/v1/roles/{key}";
    pathParams: {
      /** the role key */
      key: string;
    };
    query: Record<string, never>;
    body: {
      "application/json": UpdateRoleRequest;
    };
    responses: {
      200: Role;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Delete a custom role
   *
   * Needs roles:write. A role some token still carries is a 409.
   */
  removeRole: {
    method: "DELETE";
    path: "/v1/roles/{key}";
    pathParams: {
      /** the role key */
      key: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      204: void;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * List the tenant's spaces
   *
   * Paged by page + per_page or limit + offset. Needs spaces:read.
   */
  listSpaces: {
    method: "GET";
    path: "/v1/spaces";
    pathParams: Record<string, never>;
    query: ListSpacesQuery;
    body: never;
    responses: {
      200: SpaceList;
      400: Problem;
      401: Problem;
      403: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Create a space
   *
   * A named part of the tenant that `space` tokens can be confined to. Needs spaces:write; a key already in use is a 409.
   */
  createSpace: {
    method: "POST";
    path: "/v1/spaces";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: {
      "application/json": CreateSpaceRequest;
    };
    responses: {
      201: Space;
      400: Problem;
      401: Problem;
      403: Problem;
      409: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Read one space
   *
   * Needs spaces:read.
   */
  getSpace: {
    method: "GET";
    path: "/v1/spaces/{key}";
    pathParams: {
      /** the space key */
      key: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      200: Space;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Change a space
   *
   * Changes its name or description; the key stays. Needs spaces:write.
   */
  updateSpace: {
    method: "PATCH";
    path: "/v1/spaces/{key}";
    pathParams: {
      /** the space key */
      key: string;
    };
    query: Record<string, never>;
    body: {
      "application/json": UpdateSpaceRequest;
    };
    responses: {
      200: Space;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      413: Problem;
      415: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * Delete a space
   *
   * Needs spaces:write. A space some token is still confined to is a 409.
   */
  removeSpace: {
    method: "DELETE";
    path: "/v1/spaces/{key}";
    pathParams: {
      /** the space key */
      key: string;
    };
    query: Record<string, never>;
    body: never;
    responses: {
      204: void;
      400: Problem;
      401: Problem;
      403: Problem;
      404: Problem;
      409: Problem;
      429: Problem;
      503: Problem;
    };
  };
  /**
   * GitHub secret scanning partner alerts: revoke what GitHub found in public
   *
   * GitHub’s partner payload (a JSON array of `{token, type, url, source}`), signed by GitHub: the `Github-Public-Key-Identifier` and `Github-Public-Key-Signature` headers (ECDSA P-256, SHA-256, over the raw body) are checked against the keys in the file TESSERA_GITHUB_SCANNING_KEYS names. Each token is handled as a leak report; the answer labels each as GitHub expects. A bad signature is a 401 and changes nothing. Without TESSERA_GITHUB_SCANNING_KEYS the route is a 404. See docs/leaks.md.
   */
  reportGithubSecretScanningAlert: {
    method: "POST";
    path: "/v1/leaks/github";
    pathParams: Record<string, never>;
    query: Record<string, never>;
    body: never;
    responses: {
      200: GithubTokenLabels;
      400: Problem;
      401: Problem;
      404: Problem;
      413: Problem;
      415: Problem;
      503: Problem;
    };
  };
}
