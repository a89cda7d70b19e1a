// Lagrello's wire (lagrello_client, OpenAPI-generated): the Token with exactly its fields, and its
// permissions, each a native role.
import { Type } from 'typebox';
import type { Role } from '../../../core/permissions.js';
import { formatTimestamp } from '../../../core/time.js';
import { creatorOf, type TokenRecord } from '../../../core/token.js';

export const PERMISSIONS = ['READ', 'WRITE', 'ADMIN'] as const;
type Permission = (typeof PERMISSIONS)[number];

/** The permissions each role shows, and the role the highest permission asked for is. */
const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  reader: ['READ'],
  writer: ['READ', 'WRITE'],
  admin: ['READ', 'WRITE', 'ADMIN'],
  owner: ['READ', 'WRITE', 'ADMIN'],
};

export function roleOf(permissions: readonly Permission[] | undefined): Role {
  if (permissions?.includes('ADMIN')) return 'admin';
  return permissions?.includes('WRITE') ? 'writer' : 'reader';
}

export const CreateBody = Type.Object(
  {
    tokenName: Type.String({ minLength: 1, maxLength: 100, description: 'the token name' }),
    permissions: Type.Optional(
      Type.Array(Type.String({ enum: [...PERMISSIONS] }), { maxItems: 3, description: 'READ, WRITE, ADMIN' }),
    ),
  },
  { additionalProperties: false, description: 'the create body' },
);

export interface CreateBodyWire {
  readonly tokenName: string;
  readonly permissions?: readonly Permission[];
}

export const TokenSchema = Type.Object(
  {
    tokenKey: Type.String({ description: 'the secret on create; the token id elsewhere' }),
    tokenName: Type.String({ description: 'the name' }),
    createdBy: Type.String({ description: 'the member who made it' }),
    createdAt: Type.String({ description: 'when it was created' }),
    permissions: Type.Array(Type.String(), { description: 'READ, WRITE, ADMIN' }),
  },
  { description: 'Token' },
);

/** `tokenKey` is the secret only in the create answer; elsewhere the token id (not a secret). */
export function vendorToken(token: TokenRecord, secret?: string) {
  return {
    tokenKey: secret ?? token.id,
    tokenName: token.name,
    createdBy: creatorOf(token) ?? '',
    createdAt: formatTimestamp(token.createdAtMs),
    permissions: ROLE_PERMISSIONS[token.role ?? 'reader'],
  };
}
