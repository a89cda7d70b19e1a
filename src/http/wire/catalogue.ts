// Every named wire schema, the one list buildServer adds to Fastify (`app.addSchema`). Routes refer to
// them by name; validators and the serializer resolve those references at boot, and /openapi.json lists
// each under `components.schemas` with its name (the SDK's types are generated from them).
import { type Named, PaginationSchema, ProblemSchema } from '../schemas.js';
import { ADVICE_WIRE } from './advice.js';
import { AuditEventListSchema, AuditEventSchema } from './audit.js';
import { HealthSchema } from './health.js';
import { IMPORT_WIRE } from './imports.js';
import { ROLE_WIRE, SPACE_WIRE } from './keyed-objects.js';
import { LEAK_WIRE } from './leaks.js';
import {
  CreateMemberRequestSchema,
  IssueMemberTokenRequestSchema,
  MemberListSchema,
  MemberSchema,
  MemberWithTokenSchema,
  UpdateMemberRequestSchema,
} from './members.js';
import {
  CreateTenantRequestSchema,
  TenantDetailSchema,
  TenantListSchema,
  TenantSchema,
  TenantWithOwnerTokenSchema,
  TokenPolicySchema,
  UpdateTenantRequestSchema,
} from './tenants.js';
import {
  CreateTokenRequestSchema,
  JsonPatchOperationSchema,
  JsonPatchSchema,
  LookupTokenRequestSchema,
  RevokedCountSchema,
  RotateTokenRequestSchema,
  TokenListSchema,
  TokenMergePatchSchema,
  TokenSchema,
  TokenWithSecretSchema,
} from './tokens.js';
import { USAGE_WIRE } from './usage.js';
import { VerifyAnswerSchema, VerifyRequestSchema } from './verify.js';
import { WEBHOOK_WIRE } from './webhooks.js';

export const WIRE_SCHEMAS: readonly Named[] = [
  ProblemSchema,
  PaginationSchema,
  HealthSchema,
  VerifyRequestSchema,
  VerifyAnswerSchema,
  TokenSchema,
  TokenWithSecretSchema,
  TokenListSchema,
  CreateTokenRequestSchema,
  TokenMergePatchSchema,
  JsonPatchOperationSchema,
  JsonPatchSchema,
  RotateTokenRequestSchema,
  LookupTokenRequestSchema,
  RevokedCountSchema,
  MemberSchema,
  MemberListSchema,
  CreateMemberRequestSchema,
  UpdateMemberRequestSchema,
  IssueMemberTokenRequestSchema,
  MemberWithTokenSchema,
  TokenPolicySchema,
  TenantSchema,
  TenantDetailSchema,
  TenantListSchema,
  CreateTenantRequestSchema,
  UpdateTenantRequestSchema,
  TenantWithOwnerTokenSchema,
  AuditEventSchema,
  AuditEventListSchema,
  ...Object.values(ROLE_WIRE),
  ...Object.values(SPACE_WIRE),
  ...Object.values(USAGE_WIRE),
  ...Object.values(ADVICE_WIRE),
  ...WEBHOOK_WIRE,
  ...IMPORT_WIRE,
  ...LEAK_WIRE,
];
