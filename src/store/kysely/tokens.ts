// The tokens aggregate: find, list, insert, guarded update and revoke, names, the permanent cap, uses.
import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { TokenRecord } from '../../core/token.js';
import {
  DEFAULT_TOKEN_SORT,
  NEVER_EXPIRES_MS,
  NEVER_USED_MS,
  orderOf,
  type TokenSortField,
} from '../../core/token-sort.js';
import type { Database } from '../schema.js';
import type { StoreOperations } from '../store.js';
import { insertSecret } from './credentials.js';
import type { DialectOperations } from './operations.js';
import { pageOf } from './paging.js';
import { startsWith } from './text-match.js';
import { tokenSelection } from './token-filters.js';
import { tokenFromRow, tokenToRow, withTokenFacts } from './token-rows.js';
import { changedOneRow, toNumber } from './values.js';

export type TokenOperations = Pick<
  StoreOperations,
  | 'findToken'
  | 'findTokenBySerial'
  | 'listTokens'
  | 'findNamesLike'
  | 'countCappedTokens'
  | 'insertToken'
  | 'updateToken'
  | 'revokeToken'
  | 'consumeUse'
  | 'setMaxUses'
>;

/**
 * The stored expression a listing orders by, with the stand-ins of sortValueOf for nulls, so a keyset
 * position (value, id) compares the same way the rows are ordered.
 */
function orderExpression(field: TokenSortField): RawBuilder<number | string> {
  switch (field) {
    case 'created_at':
      return sql`tokens.created_at`;
    case 'name':
      return sql`tokens.name`;
    case 'expires_at':
      return sql`coalesce(tokens.expires_at, ${NEVER_EXPIRES_MS})`;
    case 'last_used_at':
      // `u`: the last use withTokenFacts joins in.
      return sql`coalesce(u.at, ${NEVER_USED_MS})`;
  }
}

/** `dialect`: its token sequence (a SEQUENCE on PostgreSQL, a counter row on SQLite) and JSON conditions. */
export function tokenOperations(
  db: Kysely<Database>,
  dialect: Pick<DialectOperations, 'nextTokenSerial' | 'json'>,
): TokenOperations {
  const findToken = async (tenantId: string, tokenId: string): Promise<TokenRecord | null> => {
    const row = await withTokenFacts(db.selectFrom('tokens').selectAll('tokens'))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', tokenId)
      .executeTakeFirst();
    return row === undefined ? null : tokenFromRow(row);
  };

  return {
    findToken,

    async findTokenBySerial(tenantId, serial) {
      const row = await withTokenFacts(db.selectFrom('tokens').selectAll('tokens'))
        .where('serial', '=', serial)
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return row === undefined ? null : tokenFromRow(row);
    },

    listTokens: (query) =>
      pageOf(
        tokenSelection(db, dialect.json, query),
        (selection) => {
          const { field, descending } = orderOf(query.sort ?? DEFAULT_TOKEN_SORT);
          const direction = descending ? sql`desc` : sql`asc`;
          const ordered = orderExpression(field);
          let rows = withTokenFacts(selection.selectAll('tokens'));
          if (query.after !== undefined) {
            const { value, id } = query.after;
            // A row-value comparison: newest first, both databases walk the (…, created_at, id) index
            // from this position; the other orders sort the scope and start past it.
            rows = rows.where(
              descending
                ? sql<SqlBool>`(${ordered}, tokens.id) < (${value}, ${id})`
                : sql<SqlBool>`(${ordered}, tokens.id) > (${value}, ${id})`,
            );
          }
          return rows.orderBy(sql`${ordered} ${direction}`).orderBy(sql`tokens.id ${direction}`);
        },
        query,
        tokenFromRow,
      ),

    async findNamesLike(tenantId, ownerId, base) {
      // Most names are free: one point lookup on the unique index settles it. Only a taken name needs
      // its numbered variants, and a prefix match cannot use that index (it scans the owner's names).
      const inScope = db
        .selectFrom('tokens')
        .select('name')
        .where('tenant_id', '=', tenantId)
        .where('name_scope', '=', ownerId ?? '');
      const exact = await inScope.where('name', '=', base).executeTakeFirst();
      if (exact === undefined) return new Set();
      const rows = await inScope
        .where((eb) => eb.or([eb('name', '=', base), startsWith('name', `${base}-`)]))
        .execute();
      return new Set(rows.map((row) => row.name));
    },

    async countCappedTokens(tenantId, ownerId, counting = 'created') {
      let query = db
        .selectFrom('tokens')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('tenant_id', '=', tenantId)
        .where('revoked_at', 'is', null)
        .where('expires_at', 'is', null)
        // Canaries grant nothing: they never take room under the cap.
        .where('canary', '=', 0);
      if (counting === 'created') query = query.where('counts_toward_cap', '=', 1);
      query = ownerId === null ? query.where('service', '=', 1) : query.where('owner_id', '=', ownerId);
      const row = await query.executeTakeFirstOrThrow();
      return toNumber(row.count);
    },

    async insertToken(token, secret) {
      const stored: TokenRecord = { ...token, serial: await dialect.nextTokenSerial() };
      await db.insertInto('tokens').values(tokenToRow(stored)).execute();
      if ('sha256' in secret) {
        await db
          .insertInto('imported_secrets')
          .values({
            sha256: secret.sha256,
            token_id: token.id,
            created_at: token.createdAtMs,
            expires_at: null,
          })
          .execute();
      } else {
        await insertSecret(db, token.id, secret, token.createdAtMs);
      }
      return stored;
    },

    async updateToken(token, expectedRevision) {
      // remaining_uses is written by consumeUse and setMaxUses: a stale copy of it here must never
      // roll it back (a spent use would return). The last use lives in token_last_uses.
      const { id, serial, tenant_id, created_at, max_uses, remaining_uses, ...changes } = tokenToRow({
        ...token,
        revision: expectedRevision + 1,
      });
      const result = await db
        .updateTable('tokens')
        .set(changes)
        .where('tenant_id', '=', tenant_id)
        .where('id', '=', id)
        .where('revision', '=', expectedRevision)
        .executeTakeFirst();
      return changedOneRow(result);
    },

    async revokeToken(tenantId, tokenId, nowMs, reason = 'revoked') {
      const result = await db
        .updateTable('tokens')
        .set((eb) => ({
          revoked_at: nowMs,
          revoked_reason: reason,
          updated_at: nowMs,
          revision: eb('revision', '+', 1),
        }))
        .where('tenant_id', '=', tenantId)
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return changedOneRow(result) ? findToken(tenantId, tokenId) : null;
    },

    async consumeUse(tokenId) {
      const row = await db
        .updateTable('tokens')
        .set((eb) => ({ remaining_uses: eb('remaining_uses', '-', 1) }))
        .where('id', '=', tokenId)
        .where('remaining_uses', '>', 0)
        .returning('remaining_uses')
        .executeTakeFirst();
      return row === undefined ? null : Number(row.remaining_uses);
    },

    async setMaxUses(tenantId, tokenId, maxUses) {
      // Uses already spent stay spent: remaining = max(0, new limit - spent), computed in one statement.
      const spent = sql<number>`coalesce(max_uses - remaining_uses, 0)`;
      await db
        .updateTable('tokens')
        .set({
          max_uses: maxUses,
          remaining_uses:
            maxUses === null
              ? null
              : sql<number>`case when ${maxUses} - ${spent} < 0 then 0 else ${maxUses} - ${spent} end`,
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', tokenId)
        .execute();
    },
  };
}
