// The credentials aggregate: a token's secrets (token_secrets), and the verify path's one read that
// turns a secret's digest into everything a verification decides on.
import type { CompiledQuery, Kysely } from 'kysely';
import type { Role } from '../../core/permissions.js';
import type { Credential } from '../../core/verify.js';
import type { Database } from '../schema.js';
import type { CustomRoleRecord, NewSecret, StoreOperations } from '../store.js';
import { tokenFromRow } from './token-rows.js';
import { toNullableNumber } from './values.js';

export type CredentialOperations = Pick<StoreOperations, 'findCredentialByDigest' | 'rotateSecret'>;

/** Reads the custom roles a token names (the credential needs their policies). */
export type CustomRoleReader = (
  tenantId: string,
  keys: readonly string[],
) => Promise<readonly CustomRoleRecord[]>;

/** Everything a verification needs about one secret, in one indexed read over four tables. */
export function credentialQuery(db: Kysely<Database>, digest: string) {
  return db
    .selectFrom('token_secrets as s')
    .innerJoin('tokens as t', 't.id', 's.token_id')
    .innerJoin('tenants as n', 'n.id', 't.tenant_id')
    .leftJoin('members as m', 'm.id', 't.owner_id')
    .selectAll('t')
    .select([
      's.expires_at as secret_expires_at',
      'n.suspended_at as tenant_suspended_at',
      'n.is_operator as tenant_is_operator',
      'm.role as member_role',
      'm.removed_at as member_removed_at',
    ])
    .where('s.digest', '=', digest);
}

export type CredentialRow = Awaited<
  ReturnType<ReturnType<typeof credentialQuery>['executeTakeFirstOrThrow']>
>;

/** A credential from its row; the custom roles it names (rare) take a second read, through `roles`. */
export async function credentialFromRow(row: CredentialRow, roles: CustomRoleReader): Promise<Credential> {
  const token = tokenFromRow(row);
  const roleKeys = token.customRoles ?? [];
  const customRoles = roleKeys.length === 0 ? [] : await roles(token.tenantId, roleKeys);
  return {
    customRoles: customRoles.map((role) => ({ key: role.key, policy: role.policy })),
    token,
    secretExpiresAtMs: toNullableNumber(row.secret_expires_at),
    memberRole: (row.member_role as Role | null) ?? null,
    memberRemoved: token.ownerId !== null && row.member_removed_at !== null,
    tenantSuspended: row.tenant_suspended_at !== null,
    tenantIsOperator: row.tenant_is_operator === 1,
  };
}

/** Stores a token's new current secret (no end: it verifies until rotated out or the token ends). */
export async function insertSecret(
  db: Kysely<Database>,
  tokenId: string,
  secret: NewSecret,
  createdAtMs: number,
): Promise<void> {
  await db
    .insertInto('token_secrets')
    .values({
      digest: secret.digest,
      token_id: tokenId,
      key_version: secret.keyVersion,
      created_at: createdAtMs,
      expires_at: null,
    })
    .execute();
}

export function credentialOperations(db: Kysely<Database>, roles: CustomRoleReader): CredentialOperations {
  /** The one indexed read behind a cache miss: compiled once, then run with each digest. */
  let compiledCredentialQuery: CompiledQuery<CredentialRow> | undefined;

  return {
    async findCredentialByDigest(digest) {
      compiledCredentialQuery ??= credentialQuery(db, '').compile();
      const { rows } = await db.executeQuery<CredentialRow>({
        ...compiledCredentialQuery,
        parameters: [digest],
      });
      return rows[0] === undefined ? null : credentialFromRow(rows[0], roles);
    },

    async rotateSecret(tokenId, secret, nowMs, oldSecretsEndMs) {
      // An old secret's end only ever moves earlier: one already ending sooner keeps its end.
      await db
        .updateTable('token_secrets')
        .set({ expires_at: oldSecretsEndMs })
        .where('token_id', '=', tokenId)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', oldSecretsEndMs)]))
        .execute();
      await insertSecret(db, tokenId, secret, nowMs);
    },
  };
}
