// The last-used aggregate: a batch of recorded uses written behind, never a write per verification.
// Each use is one short row of token_last_uses (migration 009), never a rewrite of the token's row.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { StoreOperations } from '../store.js';

export type LastUsedOperations = Pick<StoreOperations, 'recordLastUsed'>;

export function lastUsedOperations(db: Kysely<Database>): LastUsedOperations {
  return {
    async recordLastUsed(uses) {
      // A batch can hold thousands of uses (one per distinct token verified in the last second): the
      // statement is compiled once, with a marker per value, and each use fills the markers in.
      const markers = {
        at: Symbol('at'),
        ip: Symbol('ip'),
        userAgent: Symbol('userAgent'),
        id: Symbol('id'),
      };
      const template = db
        .insertInto('token_last_uses')
        .values({
          token_id: markers.id as unknown as string,
          at: markers.at as unknown as number,
          ip: markers.ip as unknown as string,
          user_agent: markers.userAgent as unknown as string,
        })
        .onConflict((conflict) =>
          conflict
            .column('token_id')
            .doUpdateSet((eb) => ({
              at: eb.ref('excluded.at'),
              ip: eb.ref('excluded.ip'),
              user_agent: eb.ref('excluded.user_agent'),
            }))
            // A use older than the one stored never moves it back.
            .where('token_last_uses.at', '<=', (eb) => eb.ref('excluded.at')),
        )
        .compile();
      for (const use of uses) {
        const values = new Map<unknown, unknown>([
          [markers.at, use.atMs],
          [markers.ip, use.ip],
          [markers.userAgent, use.userAgent],
          [markers.id, use.tokenId],
        ]);
        await db.executeQuery({
          ...template,
          parameters: template.parameters.map((parameter) => values.get(parameter)),
        });
      }
    },
  };
}
