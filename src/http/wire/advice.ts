// The advice wire: a token's used and unused grants, and the narrowest permissions to apply by PATCH.
import { Type } from 'typebox';
import { Nullable, named, RoleSchema, ref, StringEnum } from '../schemas.js';

const AdvisedGrantSchema = named(
  'AdvisedGrant',
  'One grant of the token: its role, one scope, or one allow statement of its policy or of a custom role.',
  Type.Object({
    key: Type.String({
      description: 'role:<role>, scope:<glob>, policy:<index> or custom_role:<key>:<index>',
    }),
    source: StringEnum(['role', 'scope', 'policy', 'custom_role'] as const, {
      description: 'where the grant is',
    }),
    role: Type.Optional(RoleSchema),
    scope: Type.Optional(Type.String({ description: 'the scope glob (source scope)' })),
    custom_role: Type.Optional(Type.String({ description: "the custom role's key (source custom_role)" })),
    index: Type.Optional(Type.Integer({ description: 'the statement’s place in its policy, from 0' })),
    statement: Type.Optional(
      Type.Unknown({ description: 'the policy statement (source policy or custom_role)' }),
    ),
    uses: Type.Integer({ description: 'verifications in the period that this grant allowed' }),
  }),
);

export const TokenAdviceSchema = named(
  'TokenAdvice',
  'Which grants the token’s verifications used over the period, which they never did, and the narrowest permissions that would still have allowed every one: `suggested` is a merge-patch body for PATCH /v1/tokens/{id}, never wider than the token.',
  Type.Object({
    token_id: Type.String({ description: 'the token' }),
    days: Type.Integer({ description: 'the period looked at, in days up to today (UTC)' }),
    used: Type.Array(ref(AdvisedGrantSchema), {
      description: 'grants that allowed at least one verification',
    }),
    unused: Type.Array(ref(AdvisedGrantSchema), {
      description: 'grants that allowed none: candidates to remove',
    }),
    suggested: Type.Object(
      {
        role: Nullable(RoleSchema),
        scopes: Type.Array(Type.String(), {
          description: 'the scopes to keep: exact actions where they fit',
        }),
        policy: Nullable(
          Type.Array(Type.Unknown(), {
            description:
              'allow statements on the observed resources, and the denies that bound them; or null',
          }),
        ),
        custom_roles: Nullable(
          Type.Array(Type.String(), {
            description: 'custom roles to keep by key (null: their statements are folded into policy)',
          }),
        ),
      },
      { description: 'apply with PATCH /v1/tokens/{id} (Content-Type: application/merge-patch+json)' },
    ),
    precision: StringEnum(['exact', 'generalised'] as const, {
      description:
        'exact: the observed actions on the observed resources and little else; generalised: the bounds (50 scopes, 50 globs) made it keep some grants as they are',
    }),
  }),
);

export const ADVICE_WIRE = { AdvisedGrantSchema, TokenAdviceSchema };
