// The member's wire: the member object and its list, the bodies that add or change one, and the
// answer of adding one (the member with their first token).
import { Type } from 'typebox';
import { ROLES } from '../../core/permissions.js';
import { NAME_MAX_LENGTH } from '../../core/token-fields.js';
import { listOf, Nullable, named, ref, StringEnum, Timestamp } from '../schemas.js';
import { TokenWithSecretSchema } from './tokens.js';

/** An e-mail address as the member and tenant bodies accept it. */
export const EmailSchema = (description: string) =>
  Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$', description });

const memberRole = (description: string) => StringEnum(ROLES, { description });

export const MemberSchema = named(
  'Member',
  'A person in a tenant, with a role.',
  Type.Object({
    id: Type.String({ description: 'the member id: `mem_` + 22 base62 characters' }),
    tenant_id: Type.String({ description: 'the tenant the member belongs to' }),
    email: Type.String({ description: "the member's e-mail address, unique in the tenant" }),
    name: Nullable(Type.String({ description: "the member's display name, or null" })),
    role: memberRole('what the member may do: reader, writer, admin or owner; caps their personal tokens'),
    created_at: Timestamp('when the member was added'),
    updated_at: Timestamp('when the member last changed'),
  }),
);

export const MemberListSchema = listOf('MemberList', "A page of the tenant's members.", MemberSchema);

export const CreateMemberRequestSchema = named(
  'CreateMemberRequest',
  'A member to add.',
  Type.Object(
    {
      email: EmailSchema("the new member's e-mail address"),
      name: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: NAME_MAX_LENGTH,
          description: "the new member's display name",
        }),
      ),
      role: memberRole('the role to give: reader, writer, admin or owner (owner: owners only)'),
    },
    { additionalProperties: false },
  ),
);

export const UpdateMemberRequestSchema = named(
  'UpdateMemberRequest',
  'What to change of a member (at least one field): a new role, which their personal tokens follow on the very next request, their display name, their e-mail address.',
  Type.Object(
    {
      role: Type.Optional(memberRole('the new role: reader, writer, admin or owner')),
      name: Type.Optional(
        Nullable(
          Type.String({
            minLength: 1,
            maxLength: NAME_MAX_LENGTH,
            description: 'the display name; null clears it',
          }),
        ),
      ),
      email: Type.Optional(EmailSchema('the e-mail address, unique among the tenant’s members')),
    },
    { additionalProperties: false, minProperties: 1 },
  ),
);

export const IssueMemberTokenRequestSchema = named(
  'IssueMemberTokenRequest',
  "A new token for a member who lost theirs: it carries the member's role, within the issuer's own grants. Every field is optional; with no expiry it is permanent (or as the tenant's token policy says).",
  Type.Object(
    {
      name: Type.Optional(
        Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH, description: 'default `<role>-token`' }),
      ),
      description: Type.Optional(Type.String({ maxLength: 1000, description: 'free text' })),
      ttl: Type.Optional(
        Type.Integer({ minimum: 1, maximum: 315_360_000, description: 'lifetime in seconds from now' }),
      ),
      expires_at: Type.Optional(
        Type.String({ maxLength: 40, description: 'expiry (RFC 3339); or give ttl' }),
      ),
    },
    { additionalProperties: false },
  ),
);

export const MemberWithTokenSchema = named(
  'MemberWithToken',
  'The answer of adding a member: the member, and their first token with its secret, shown this once.',
  Type.Object({ member: ref(MemberSchema), token: ref(TokenWithSecretSchema) }),
);
