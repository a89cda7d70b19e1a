// One page of a selection with the total it holds: the shape of every listing.
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../schema.js';
import type { Page } from '../store.js';
import { toNumber } from './values.js';

export interface PageWindow {
  readonly limit: number;
  readonly offset: number;
  /** The total a cursor walk began with: given, the rows are not counted again. */
  readonly knownTotal?: number | undefined;
}

/**
 * One page of `selection` and the number of rows it holds. `rows` selects and orders the page's rows
 * (and may narrow them further, as a keyset position does, without changing the total).
 */
export async function pageOf<TB extends keyof Database, Row, Item>(
  selection: SelectQueryBuilder<Database, TB, object>,
  rows: (selection: SelectQueryBuilder<Database, TB, object>) => SelectQueryBuilder<Database, TB, Row>,
  window: PageWindow,
  fromRow: (row: Row) => Item,
): Promise<Page<Item>> {
  const [totalItems, found] = await Promise.all([
    window.knownTotal ??
      selection
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirstOrThrow()
        .then((row) => toNumber(row.count)),
    rows(selection).limit(window.limit).offset(window.offset).execute(),
  ]);
  return { items: found.map(fromRow), totalItems };
}
