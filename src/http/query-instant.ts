// Instants in a query string (RFC 3339, as every timestamp of the API): one schema, one parse, one error.
import { Type } from 'typebox';
import { TesseraError } from '../core/errors.js';
import { parseTimestamp } from '../core/time.js';

/** An optional RFC 3339 query parameter; its calendar is checked by queryInstant, not by the schema. */
export const InstantQuery = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: `${description} (RFC 3339)` }));

/** The query parameter `name` in ms, or a 400 naming it; absent stays absent. */
export function queryInstant(name: string, text: unknown): number | undefined {
  if (text === undefined) return undefined;
  const epochMs = parseTimestamp(text as string);
  if (epochMs === null) throw new TesseraError('invalid_query', `${name} must be an RFC 3339 timestamp`);
  return epochMs;
}
