// The tenant's wire: the tenant object and its list, the bodies that create or suspend one, and the
// answer of creating one (the tenant with its first owner's token).
import { Type } from 'typebox';
import { NAME_MAX_LENGTH } from '../../core/token-fields.js';
import { listOf, Nullable, named, ref, Timestamp } from '../schemas.js';
import { EmailSchema } from './members.js';
import { TokenWithSecretSchema } from './tokens.js';

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
  'Suspend or resume a tenant.',
  Type.Object(
    {
      suspended: Type.Boolean({
        description: 'true suspends (every token of the tenant stops at once); false resumes',
      }),
    },
    { additionalProperties: false },
  ),
);

export const TenantWithOwnerTokenSchema = named(
  'TenantWithOwnerToken',
  "The answer of creating a tenant: the tenant, and its first owner's token with its secret, shown this once.",
  Type.Object({ tenant: ref(TenantSchema), owner_token: ref(TokenWithSecretSchema) }),
);
