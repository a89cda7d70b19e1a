// Matching stored text against user text literally: `%`, `_` and `\` are characters, never patterns.
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';

function codePointLength(text: string): number {
  let length = 0;
  for (const _character of text) length++;
  return length;
}

/**
 * `column` starts with `prefix`: substr rather than LIKE, exact and case-sensitive on both databases
 * (SQLite's LIKE ignores ASCII case), with no wildcard to escape. Both count characters (code points),
 * not UTF-16 units: `😀` is one character, `.length` says 2.
 */
export function startsWith(column: string, prefix: string): Expression<SqlBool> {
  return sql<SqlBool>`substr(${sql.ref(column)}, 1, ${codePointLength(prefix)}) = ${prefix}`;
}

/**
 * A LIKE pattern matching values that contain `text`, wildcards escaped. SQLite's LIKE ignores ASCII
 * case, PostgreSQL's does not: use it only where the text cannot differ by case alone.
 */
export function likeContains(text: string): RawBuilder<string> {
  return sql<string>`${`%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`} escape '\\'`;
}
