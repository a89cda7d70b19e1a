// Resources are plain paths (`tokens/<id>`, `spaces/eu/apps/web`): a path that a server could read as
// another path is refused, never normalised. `spaces/eu/../us/x` must not count as inside space `eu`,
// and a policy on `apps/a/*` must not reach `apps/a/../b` (issue 12, defect 10).

// Percent-encoded `/`, `\` and `.`, and an encoded `%` (so `%252e` cannot become `%2e` and then `.`
// after two decoding hops further down): any of them could turn into a separator or a dot segment.
const ENCODED_SEPARATOR = /%(2f|5c|2e|25)/i;

/** Why `path` is not a plain path, or null when it is one. Linear in the path's length. */
export function plainPathProblem(path: string): string | null {
  if (path.includes('\\')) return 'a resource path may not contain a backslash';
  if (ENCODED_SEPARATOR.test(path))
    return 'a resource path may not hold a percent-encoded separator, dot or percent sign';
  for (const segment of path.split('/')) {
    if (segment === '')
      return 'a resource path may not have an empty segment (a leading, trailing or double /)';
    if (segment === '.' || segment === '..') return 'a resource path may not have a . or .. segment';
  }
  return null;
}

export function isPlainPath(path: string): boolean {
  return plainPathProblem(path) === null;
}
