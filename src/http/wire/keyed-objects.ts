// The wire of the objects addressed by a key, custom roles and spaces: the object, its list, and the
// bodies that create and change one. One factory, so the two stay the same shape under their own names.
import { type TSchema, Type } from 'typebox';
import { MAX_GLOBS_PER_TOKEN } from '../../core/policy.js';
import { DESCRIPTION_MAX_LENGTH, KEY_PATTERN, NAME_MAX_LENGTH } from '../../core/token-fields.js';
import { listOf, type Named, Nullable, named, Timestamp } from '../schemas.js';

export interface KeyedObjectWire {
  readonly item: Named;
  readonly list: Named;
  readonly create: Named;
  readonly update: Named;
}

interface KeyedObjectNames {
  /** The schema name of one object (`Role`); the others are derived from it (`RoleList`, `CreateRoleRequest`…). */
  readonly name: string;
  /** What one object is, for its schema's description. */
  readonly meaning: string;
  /** How tokens refer to one by key. */
  readonly keyMeaning: string;
  /** Custom roles carry a policy; spaces do not. */
  readonly withPolicy: boolean;
}

const PolicySchema = (description: string) =>
  Type.Array(Type.Unknown(), { maxItems: MAX_GLOBS_PER_TOKEN, description });
const POLICY_MEANING =
  'statements {effect: allow|deny, actions | not_actions, resources | not_resources} with `*` globs; a deny wins';

function keyedObjectWire({ name, meaning, keyMeaning, withPolicy }: KeyedObjectNames): KeyedObjectWire {
  const noun = name.toLowerCase();
  const policy: Record<string, TSchema> = withPolicy ? { policy: PolicySchema(POLICY_MEANING) } : {};
  const item = named(
    name,
    meaning,
    Type.Object({
      key: Type.String({ description: keyMeaning }),
      name: Type.String({ description: 'the display name' }),
      description: Nullable(Type.String({ description: 'free text, or null' })),
      ...policy,
      created_at: Timestamp(`when the ${noun} was created`),
      updated_at: Timestamp(`when the ${noun} last changed`),
    }),
  );
  const create = named(
    `Create${name}Request`,
    `A ${noun} to create.`,
    Type.Object(
      {
        key: Type.String({
          pattern: KEY_PATTERN,
          description: `${keyMeaning}: lowercase letters, digits, _ and -, unique in the tenant`,
        }),
        name: Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH, description: 'the display name' }),
        description: Type.Optional(
          Type.String({ maxLength: DESCRIPTION_MAX_LENGTH, description: 'free text' }),
        ),
        ...policy,
      },
      { additionalProperties: false, required: withPolicy ? ['key', 'name', 'policy'] : ['key', 'name'] },
    ),
  );
  const update = named(
    `Update${name}Request`,
    `The fields of a ${noun} to change; the key stays.`,
    Type.Object(
      {
        name: Type.Optional(
          Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH, description: 'the new display name' }),
        ),
        description: Type.Optional(
          Nullable(
            Type.String({ maxLength: DESCRIPTION_MAX_LENGTH, description: 'free text; null clears it' }),
          ),
        ),
        ...(withPolicy
          ? { policy: Type.Optional(PolicySchema(`the new policy, replacing the old: ${POLICY_MEANING}`)) }
          : {}),
      },
      { additionalProperties: false },
    ),
  );
  const list = listOf(`${name}List`, `A page of ${noun}s.`, item);
  return { item, list, create, update };
}

export const ROLE_WIRE = keyedObjectWire({
  name: 'Role',
  meaning: 'A custom role: a named, reusable policy that tokens carry by key in `custom_roles`.',
  keyMeaning: 'the role key, as tokens name it in custom_roles',
  withPolicy: true,
});

export const SPACE_WIRE = keyedObjectWire({
  name: 'Space',
  meaning: 'A named part of a tenant (a project, a workspace); a `space` token is confined to one.',
  keyMeaning: 'the space key, as tokens name it in `space`',
  withPolicy: false,
});
