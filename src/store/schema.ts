// Kysely table types, shared by every dialect. Times are integer ms since epoch (bigint), booleans are
// 0/1 integers and structured fields are JSON text, so the same queries run on SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface TenantsTable {
  id: string;
  name: string;
  is_operator: number;
  suspended_at: number | null;
  token_policy: string | null;
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MembersTable {
  id: string;
  tenant_id: string;
  email: string;
  name: string | null;
  role: string;
  created_at: number;
  updated_at: number;
  removed_at: number | null;
}

export interface TokensTable {
  id: string;
  /** From the installation's one sequence (token_serials): unique, never reused. */
  serial: number;
  tenant_id: string;
  owner_id: string | null;
  /** owner_id, or '' for service tokens: the scope in which names are unique. */
  name_scope: string;
  created_by_member_id: string | null;
  name: string;
  description: string | null;
  type: string;
  kind: string;
  space: string | null;
  is_active: number;
  service: number;
  role: string | null;
  scopes: string;
  policy: string | null;
  custom_roles: string | null;
  allowed_cidrs: string | null;
  rate_limit: string | null;
  max_uses: number | null;
  remaining_uses: number | null;
  metadata: string | null;
  default_api_version: number | null;
  hint: string;
  counts_toward_cap: number;
  cap_role: string | null;
  created_at: number;
  updated_at: number;
  not_before: number | null;
  expires_at: number | null;
  revoked_at: number | null;
  revision: number;
  /** 1 for a canary (decoy) token. */
  canary: number;
  /** Why it was revoked (`revoked`, `leaked`, …); null while not revoked. */
  revoked_reason: string | null;
  /** 1 for a token imported with its existing secret. */
  imported: number;
}

/** A token's last use (written behind, a batch a second); no row: never used. */
export interface TokenLastUsesTable {
  token_id: string;
  at: number;
  ip: string | null;
  user_agent: string | null;
}

/** The SHA-256 of an imported secret, until it is first presented and re-hashed to HMAC. */
export interface ImportedSecretsTable {
  sha256: string;
  token_id: string;
  created_at: number;
  expires_at: number | null;
}

/** Every secret a token has had that may still verify: the current one, and old ones in grace. */
export interface TokenSecretsTable {
  digest: string;
  token_id: string;
  key_version: number;
  created_at: number;
  /** Null for the current secret; the end of the grace period for a rotated-out one. */
  expires_at: number | null;
}

export interface AuditEventsTable {
  /** Time-ordered (`evt_` + ms timestamp + randomness), so ordering by id is ordering by time. */
  id: string;
  tenant_id: string;
  actor_token_id: string | null;
  actor_member_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  occurred_at: number;
  client_ip: string | null;
  request_id: string | null;
  details: string | null;
}

export interface ServerKeysTable {
  version: number;
  check_value: string;
  created_at: number;
}

/** One row at most: whoever inserts it first is the instance that bootstraps an empty database. */
export interface BootstrapTable {
  id: number;
  tenant_id: string;
  created_at: number;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  caller_scope: string;
  idempotency_key: string;
  request_hash: string;
  token_id: string;
  created_at: number;
}

export interface CustomRolesTable {
  tenant_id: string;
  key: string;
  name: string;
  description: string | null;
  /** JSON array of policy statements. */
  policy: string;
  created_at: number;
  updated_at: number;
}

export interface SpacesTable {
  tenant_id: string;
  key: string;
  name: string;
  description: string | null;
  created_at: number;
  updated_at: number;
}

/** SQLite's sequence of token serials: one row, the last serial given (PostgreSQL has a SEQUENCE). */
export interface TokenSerialCounterTable {
  id: number;
  value: number;
}

/** Verifications per token, bucket and outcome code; rolled up to every size as they are written. */
export interface UsageCountsTable {
  token_id: string;
  tenant_id: string;
  granularity: string;
  bucket_start: number;
  code: string;
  count: number;
}

/** Which grant decided verifications that asked an action, per token and UTC day. */
export interface GrantUsesTable {
  token_id: string;
  day_start: number;
  grant_key: string;
  action: string;
  resource: string;
  count: number;
}

/** The outbox: one row per lifecycle event, written in the transaction of the change it announces. */
export interface EventsTable {
  /** Ever-growing: for one subject, the order its changes committed in. */
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  type: string;
  /** The token or member the event is about: deliveries keep its events in order. */
  subject_id: string;
  occurred_at: number;
  /** JSON: the event's `data`, never a secret. */
  data: string;
}

export interface WebhooksTable {
  id: string;
  tenant_id: string;
  url: string;
  description: string | null;
  /** JSON array of event types, or ["*"]. */
  events: string;
  is_active: number;
  disabled_reason: string | null;
  /** The signing secret sealed with AES-256-GCM (see services/webhooks/sealing.ts), never plaintext. */
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: number | null;
  /** Events whose deliveries ended `failed` since the last one delivered (100: disabled). */
  failed_in_a_row: number;
  created_at: number;
  updated_at: number;
}

export interface DeliveriesTable {
  id: string;
  tenant_id: string;
  webhook_id: string;
  event_seq: number;
  event_id: string;
  event_type: string;
  subject_id: string;
  status: string;
  attempt_count: number;
  next_attempt_at: number;
  /** When a dispatcher took it; a claim older than 30 s is abandoned (its instance died). */
  claimed_at: number | null;
  claim_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface DeliveryAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: number;
  status: number | null;
  duration_ms: number;
  error: string | null;
}

export interface ExpiryNoticesTable {
  token_id: string;
  /** The lead time the notice was for; 0 is token.expired. */
  lead_seconds: number;
  noticed_at: number;
}

export interface Database {
  imported_secrets: ImportedSecretsTable;
  usage_counts: UsageCountsTable;
  grant_uses: GrantUsesTable;
  events: EventsTable;
  webhooks: WebhooksTable;
  deliveries: DeliveriesTable;
  delivery_attempts: DeliveryAttemptsTable;
  expiry_notices: ExpiryNoticesTable;
  token_serial_counter: TokenSerialCounterTable;
  custom_roles: CustomRolesTable;
  spaces: SpacesTable;
  idempotency_keys: IdempotencyKeysTable;
  tenants: TenantsTable;
  members: MembersTable;
  tokens: TokensTable;
  token_last_uses: TokenLastUsesTable;
  token_secrets: TokenSecretsTable;
  audit_events: AuditEventsTable;
  server_keys: ServerKeysTable;
  bootstrap: BootstrapTable;
}
