// The last-used aggregate: a batch of recorded uses written behind, never a write per verification.
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
        .updateTable('tokens')
        .set({
          last_used_at: markers.at as unknown as number,
          last_used_ip: markers.ip as unknown as string,
          last_used_user_agent: markers.userAgent as unknown as string,
        })
        .where('id', '=', markers.id as unknown as string)
        // A use older than the one stored never moves it back.
        .where((eb) =>
          eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', markers.at as unknown as number)]),
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
