// The tenant's wire: the tenant object and its list, the bodies that create or suspend one, and the
// answer of creating one (the tenant with its first owner's token).
import { Type } from 'typebox';
import { NAME_MAX_LENGTH } from '../../core/token-fields.js';
import { MAX_POLICY_SECONDS, MIN_POLICY_SECONDS } from '../../core/token-policy.js';
import { listOf, Nullable, named, ref, Timestamp } from '../schemas.js';
import { EmailSchema } from './members.js';
import { TokenWithSecretSchema } from './tokens.js';

const policySeconds = (description: string) =>
  Type.Integer({ minimum: MIN_POLICY_SECONDS, maximum: MAX_POLICY_SECONDS, description });

export const TokenPolicySchema = named(
  'TokenPolicy',
  "What every token made in the tenant, and every change of a token's expiry, must keep to (GitHub's and GitLab's maximum-lifetime policies, Vault's max_ttl). A create or patch outside it is a 403 token_policy_violation naming the rule; tokens made before it keep their expiry (find them with GET /v1/tokens?expires_before= or lifetime=permanent).",
  Type.Object(
    {
      max_lifetime_seconds: Nullable(
        policySeconds('the longest a token may live from its create or its expiry change; null: no bound'),
      ),
      default_ttl_seconds: Nullable(
        policySeconds(
          'the ttl a create that names no expiry gets instead of the native default (sessions keep 30 minutes when shorter); null: the native default',
        ),
      ),
      require_expiry: Type.Boolean({
        description: 'true: every create must name its expiry (ttl, expires_at or lifetime)',
      }),
      allow_permanent: Type.Boolean({
        description:
          'whether permanent tokens may be made; defaults to true only without max_lifetime_seconds',
      }),
    },
    { additionalProperties: false },
  ),
);

const TokenPolicyRequestSchema = Type.Object(
  {
    max_lifetime_seconds: Type.Optional(Nullable(policySeconds('see TokenPolicy; null or absent: no bound'))),
    default_ttl_seconds: Type.Optional(
      Nullable(policySeconds('see TokenPolicy; null or absent: native default')),
    ),
    require_expiry: Type.Optional(Type.Boolean({ description: 'see TokenPolicy; default false' })),
    allow_permanent: Type.Optional(
      Type.Boolean({ description: 'see TokenPolicy; default: true unless max_lifetime_seconds is set' }),
    ),
  },
  { additionalProperties: false, description: 'the policy to hold from now on; null removes it' },
);

export const TenantSchema = named(
  'Tenant',
  'An isolation boundary (an account, a customer): nothing crosses it.',
  Type.Object({
    id: Type.String({ description: 'the tenant id: `ten_` + 22 base62 characters' }),
    name: Type.String({ description: 'the display name' }),
    is_operator: Type.Boolean({
      description: 'true for the operator tenant, made at first start, whose admins manage tenants',
    }),
    suspended: Type.Boolean({ description: 'true while suspended: every token of the tenant is disabled' }),
    suspended_at: Nullable(Timestamp('when the tenant was suspended; null: not suspended')),
    token_policy: {
      ...Nullable(ref(TokenPolicySchema)),
      description: 'what tokens made in the tenant must keep to; null: no policy',
    },
    created_at: Timestamp('when the tenant was created'),
    updated_at: Timestamp('when the tenant last changed'),
  }),
);

export const TenantListSchema = listOf('TenantList', 'A page of tenants.', TenantSchema);

export const CreateTenantRequestSchema = named(
  'CreateTenantRequest',
  'A tenant to create, with its first owner.',
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH, description: 'the display name' }),
      owner_email: Type.Optional(EmailSchema("the first owner's e-mail address")),
    },
    { additionalProperties: false },
  ),
);

export const UpdateTenantRequestSchema = named(
  'UpdateTenantRequest',
  'Suspend or resume a tenant, or set its token policy: at least one of the two.',
  Type.Object(
    {
      suspended: Type.Optional(
        Type.Boolean({
          description: 'true suspends (every token of the tenant stops at once); false resumes',
        }),
      ),
      token_policy: Type.Optional(Nullable(TokenPolicyRequestSchema)),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
);

export const TenantDetailSchema = named(
  'TenantDetail',
  'One tenant, with how many of its live tokens each server-key version still hashes.',
  Type.Object({
    tenant: ref(TenantSchema),
    key_versions: Type.Array(
      Type.Object({
        version: Type.Integer({ description: 'the key version (the digit in a secret)' }),
        live_tokens: Type.Integer({
          description: 'unrevoked, unexpired tokens with a usable secret hashed by it',
        }),
      }),
      {
        description:
          'versions hashing at least one live token, in order; a version absent here may be dropped from TESSERA_SECRET_KEY as far as this tenant goes',
      },
    ),
  }),
);

export const TenantWithOwnerTokenSchema = named(
  'TenantWithOwnerToken',
  "The answer of creating a tenant: the tenant, and its first owner's token with its secret, shown this once.",
  Type.Object({ tenant: ref(TenantSchema), owner_token: ref(TokenWithSecretSchema) }),
);
