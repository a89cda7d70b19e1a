// Globs where `*` matches any run of characters (including `:` and `/`): matching, containment, overlap.

const globCache = new Map<string, RegExp>();

export function globMatches(glob: string, value: string): boolean {
  let compiled = globCache.get(glob);
  if (compiled === undefined) {
    const body = glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&'))
      .join('.*');
    compiled = new RegExp(`^${body}$`, 's');
    if (globCache.size < 10_000) globCache.set(glob, compiled);
  }
  return compiled.test(value);
}

/**
 * Whether every string `inner` can match is also matched by `outer`. Sound, not complete: the `*`
 * of `inner` is treated as a character only a `*` of `outer` may absorb, so the answer may be a
 * refusal where containment holds in some exotic case, never an acceptance where it does not.
 */
export function globCovers(outer: string, inner: string): boolean {
  const memo = new Map<string, boolean>();
  const walk = (o: number, i: number): boolean => {
    const key = `${o},${i}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (o === outer.length) result = i === inner.length;
    else if (outer[o] === '*') result = walk(o + 1, i) || (i < inner.length && walk(o, i + 1));
    else result = i < inner.length && inner[i] !== '*' && inner[i] === outer[o] && walk(o + 1, i + 1);
    memo.set(key, result);
    return result;
  };
  return walk(0, 0);
}

/** False only when the two globs provably match no common string (literal head or tail differ). */
export function globsMayOverlap(left: string, right: string): boolean {
  const head = (glob: string) => glob.split('*')[0]!;
  const tail = (glob: string) => (glob.includes('*') ? glob.slice(glob.lastIndexOf('*') + 1) : glob);
  if (!left.includes('*') && !right.includes('*')) return left === right;
  const [leftHead, rightHead] = [head(left), head(right)];
  const headLength = Math.min(leftHead.length, rightHead.length);
  if (leftHead.slice(0, headLength) !== rightHead.slice(0, headLength)) return false;
  const [leftTail, rightTail] = [tail(left), tail(right)];
  const tailLength = Math.min(leftTail.length, rightTail.length);
  return leftTail.slice(leftTail.length - tailLength) === rightTail.slice(rightTail.length - tailLength);
}
