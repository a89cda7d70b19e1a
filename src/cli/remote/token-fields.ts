// The token fields as options, once for create and update: kebab-case names of the API's fields,
// lists repeated, durations and limits as people write them. Parsed here, before anything is sent.
import type { Token } from '@tessera/client';
import type { Command } from 'commander';
import type { Column } from './output.js';
import {
  parseCidr,
  parseCount,
  parseDuration,
  parseMetadata,
  parseRateLimit,
  parseTimestamp,
  readPolicyFile,
} from './parse.js';

/** A repeatable option's collector: every occurrence appended. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

export interface TokenFieldOptions {
  name?: string;
  description?: string;
  role?: string;
  scope?: string[];
  policyFile?: string;
  customRole?: string[];
  allowedCidr?: string[];
  rateLimit?: string;
  maxUses?: string;
  metadata?: string[];
  defaultApiVersion?: string;
  ttl?: string;
  expiresAt?: string;
}

/** Options that create and update share. */
export function addTokenFieldOptions(command: Command): Command {
  return command
    .option('--name <name>', 'name (a taken one gets -1, -2, …)')
    .option('--description <text>', 'what the token is for')
    .option('--role <role>', 'reader, writer, admin or owner (capped by your own)')
    .option(
      '--scope <action>',
      'an action glob it may do on every resource, e.g. orders:read (repeatable)',
      collect,
    )
    .option('--policy-file <path>', 'JSON array of policy statements {effect, actions, resources}')
    .option('--custom-role <key>', 'a custom role to include (repeatable)', collect)
    .option('--allowed-cidr <cidr>', 'only from this address block, e.g. 10.0.0.0/8 (repeatable)', collect)
    .option('--rate-limit <limit/window>', 'at most LIMIT verifications per WINDOW, e.g. 100/60s')
    .option('--max-uses <n>', 'at most this many valid verifications')
    .option('--metadata <key=value>', 'a metadata entry (repeatable)', collect)
    .option('--default-api-version <n>', 'the API version clients of this token default to')
    .option('--ttl <duration>', 'expire after this long: 30m, 1h, 7d, 2w or PT1H')
    .option('--expires-at <timestamp>', 'expire at this RFC 3339 time');
}

/** The request fields of the options given (absent options stay absent). */
export function tokenFieldsOf(options: TokenFieldOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (options.name !== undefined) fields.name = options.name;
  if (options.description !== undefined) fields.description = options.description;
  if (options.role !== undefined) fields.role = options.role;
  if (options.scope !== undefined) fields.scopes = options.scope;
  if (options.policyFile !== undefined) fields.policy = readPolicyFile('--policy-file', options.policyFile);
  if (options.customRole !== undefined) fields.custom_roles = options.customRole;
  if (options.allowedCidr !== undefined)
    fields.allowed_cidrs = options.allowedCidr.map((cidr) => parseCidr('--allowed-cidr', cidr));
  if (options.rateLimit !== undefined) fields.rate_limit = parseRateLimit('--rate-limit', options.rateLimit);
  if (options.maxUses !== undefined) fields.max_uses = parseCount('--max-uses', options.maxUses, 1);
  if (options.metadata !== undefined) fields.metadata = parseMetadata('--metadata', options.metadata);
  if (options.defaultApiVersion !== undefined)
    fields.default_api_version = parseCount('--default-api-version', options.defaultApiVersion);
  if (options.ttl !== undefined) fields.ttl = parseDuration('--ttl', options.ttl);
  if (options.expiresAt !== undefined) fields.expires_at = parseTimestamp('--expires-at', options.expiresAt);
  return fields;
}

/** What a token is now, in one word, from its record (the server's own `status` when it gives one). */
export function tokenStatus(token: Token): string {
  const given = (token as { status?: string }).status;
  if (given !== undefined) return given;
  if (token.revoked_at !== null) return 'revoked';
  if (!token.is_active) return 'disabled';
  if (token.expires_at !== null && Date.parse(token.expires_at) <= Date.now()) return 'expired';
  if (token.not_before !== null && Date.parse(token.not_before) > Date.now()) return 'not_yet_valid';
  return 'active';
}

const when = (timestamp: string | null) => (timestamp === null ? null : timestamp.replace(/\.\d{3}Z$/, 'Z'));

export const TOKEN_COLUMNS: readonly Column<Token>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'NAME', value: (t) => t.name },
  { header: 'TYPE', value: (t) => t.type },
  { header: 'KIND', value: (t) => t.kind },
  { header: 'STATUS', value: tokenStatus },
  { header: 'ROLE', value: (t) => t.role },
  { header: 'SCOPES', value: (t) => t.scopes.join(',') },
  { header: 'EXPIRES', value: (t) => when(t.expires_at) ?? 'never' },
  { header: 'LAST USED', value: (t) => when(t.last_used_at) },
];

export const TOKEN_FIELDS: readonly Column<Token>[] = [
  { header: 'id', value: (t) => t.id },
  { header: 'name', value: (t) => t.name },
  { header: 'description', value: (t) => t.description },
  { header: 'status', value: tokenStatus },
  { header: 'type', value: (t) => t.type },
  { header: 'kind', value: (t) => t.kind },
  { header: 'lifetime', value: (t) => t.lifetime },
  { header: 'owner', value: (t) => t.owner_id ?? (t.service ? 'service (tenant)' : null) },
  { header: 'space', value: (t) => t.space },
  { header: 'role', value: (t) => t.role },
  { header: 'scopes', value: (t) => t.scopes.join(', ') },
  { header: 'custom roles', value: (t) => t.custom_roles?.join(', ') },
  { header: 'policy', value: (t) => (t.policy === null ? null : JSON.stringify(t.policy)) },
  { header: 'allowed cidrs', value: (t) => t.allowed_cidrs?.join(', ') },
  {
    header: 'rate limit',
    value: (t) => (t.rate_limit ? `${t.rate_limit.limit}/${t.rate_limit.window_seconds}s` : null),
  },
  {
    header: 'uses left',
    value: (t) => (t.max_uses === null ? null : `${t.remaining_uses} of ${t.max_uses}`),
  },
  { header: 'metadata', value: (t) => (t.metadata === null ? null : JSON.stringify(t.metadata)) },
  { header: 'hint', value: (t) => `…${t.hint}` },
  { header: 'created', value: (t) => when(t.created_at) },
  { header: 'not before', value: (t) => when(t.not_before) },
  { header: 'expires', value: (t) => when(t.expires_at) ?? 'never' },
  { header: 'revoked', value: (t) => when(t.revoked_at) },
  {
    header: 'last used',
    value: (t) => [when(t.last_used_at), t.last_used_ip].filter(Boolean).join(' from '),
  },
];
