// The credentials aggregate: a token's secrets (token_secrets), and the verify path's one read that
// turns a secret's digest into everything a verification decides on.
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Role } from '../../core/permissions.js';
import type { Credential } from '../../core/verify.js';
import type { Database } from '../schema.js';
import type { CustomRoleRecord, NewSecret, StoreOperations } from '../store.js';
import { tokenFromRow } from './token-rows.js';
import { toNullableNumber } from './values.js';

export type CredentialOperations = Pick<
  StoreOperations,
  'findCredentialByDigest' | 'rotateSecret' | 'isSecretTaken' | 'hasPendingImport' | 'claimPendingImport'
>;

/** Reads the custom roles a token names (the credential needs their policies). */
export type CustomRoleReader = (
  tenantId: string,
  keys: readonly string[],
) => Promise<readonly CustomRoleRecord[]>;

/**
 * Everything a verification needs about one secret, in one indexed read over five tables. The token's
 * facts (TokenFacts) come with it, named as every token read names them, so the credential's token is
 * the token as a read of it would answer: the caller's own token is answered from the cache.
 */
export function credentialQuery(db: Kysely<Database>, digest: string) {
  return db
    .selectFrom('token_secrets as s')
    .innerJoin('tokens as t', 't.id', 's.token_id')
    .innerJoin('tenants as n', 'n.id', 't.tenant_id')
    .leftJoin('members as m', 'm.id', 't.owner_id')
    .leftJoin('token_last_uses as u', 'u.token_id', 't.id')
    .selectAll('t')
    .select([
      'u.at as last_used_at',
      'u.ip as last_used_ip',
      'u.user_agent as last_used_user_agent',
      's.expires_at as secret_expires_at',
      'n.is_operator as tenant_is_operator',
      'n.suspended_at as fact_tenant_suspended_at',
      'm.role as fact_member_role',
      'm.email as member_email',
      'm.removed_at as fact_member_removed_at',
      // Rotated-out secrets' ends (indexed by token_id): previous_secret_expires_at.
      sql<number | null>`(select max(o.expires_at) from token_secrets o where o.token_id = t.id)`.as(
        'fact_secret_ends_at',
      ),
      sql<number | null>`(select max(i.expires_at) from imported_secrets i where i.token_id = t.id)`.as(
        'fact_import_ends_at',
      ),
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
    memberRole: (row.fact_member_role as Role | null) ?? null,
    memberEmail: row.member_email ?? null,
    memberRemoved: token.ownerId !== null && row.fact_member_removed_at !== null,
    tenantSuspended: row.fact_tenant_suspended_at !== null,
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

  const pendingImport = (sha256: string) =>
    db.selectFrom('imported_secrets').select('token_id').where('sha256', '=', sha256).executeTakeFirst();

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
      // An old secret's end only ever moves earlier: one already ending sooner keeps its end. An
      // imported secret still waiting as a SHA-256 is an old secret like any other.
      for (const table of ['token_secrets', 'imported_secrets'] as const) {
        await db
          .updateTable(table)
          .set({ expires_at: oldSecretsEndMs })
          .where('token_id', '=', tokenId)
          .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', oldSecretsEndMs)]))
          .execute();
      }
      await insertSecret(db, tokenId, secret, nowMs);
    },

    async isSecretTaken(digests, sha256) {
      if (digests.length > 0) {
        const stored = await db
          .selectFrom('token_secrets')
          .select('token_id')
          .where('digest', 'in', digests)
          .executeTakeFirst();
        if (stored !== undefined) return true;
      }
      return sha256 !== null && (await pendingImport(sha256)) !== undefined;
    },

    async hasPendingImport(sha256) {
      return (await pendingImport(sha256)) !== undefined;
    },

    async claimPendingImport(sha256, secret, hint, nowMs) {
      // The delete is the claim: of concurrent claims one deletes the row; on PostgreSQL the others wait
      // on its row lock and then delete nothing, on SQLite they run after it (writers are serialised).
      const claimed = await db
        .deleteFrom('imported_secrets')
        .where('sha256', '=', sha256)
        .returning(['token_id', 'expires_at'])
        .executeTakeFirst();
      if (claimed === undefined) {
        const stored = await db
          .selectFrom('token_secrets')
          .select('token_id')
          .where('digest', '=', secret.digest)
          .executeTakeFirst();
        return stored === undefined ? 'none' : 'taken';
      }
      await db
        .insertInto('token_secrets')
        .values({
          digest: secret.digest,
          token_id: claimed.token_id,
          key_version: secret.keyVersion,
          created_at: nowMs,
          expires_at: toNullableNumber(claimed.expires_at),
        })
        .execute();
      await db.updateTable('tokens').set({ hint }).where('id', '=', claimed.token_id).execute();
      return 'claimed';
    },
  };
}
