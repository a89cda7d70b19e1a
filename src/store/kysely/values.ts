// Conversions at the SQL boundary: JSON text, bigint times and counts, and affected-row counts.
import type { DeleteResult, InsertResult, UpdateResult } from 'kysely';

export const parseJson = <T>(text: string | null): T | null =>
  text === null ? null : (JSON.parse(text) as T);

export const toJson = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** pg returns bigint columns as strings (its driver is told to parse them, this is the safety net). */
export const toNumber = (value: number | string): number =>
  typeof value === 'number' ? value : Number(value);

export const toNullableNumber = (value: number | string | null): number | null =>
  value === null ? null : toNumber(value);

/** Whether a statement that targets one row (a key, or a guarded condition) changed it. */
export function changedOneRow(result: InsertResult | UpdateResult | DeleteResult): boolean {
  const count =
    'numDeletedRows' in result
      ? result.numDeletedRows
      : 'numUpdatedRows' in result
        ? result.numUpdatedRows
        : (result.numInsertedOrUpdatedRows ?? 0);
  return Number(count) === 1;
}
