// Globs where `*` matches any run of characters (including `:` and `/`): matching, containment, overlap.
//
// Security invariant (CWE-1333): the cost of every function here is linear in its inputs, whatever
// the pattern. No regular expression is ever built from a glob. A glob is split once into its literal
// pieces; a match places each piece at its leftmost possible position (which is optimal when `*` can
// absorb anything), and finds it with Knuth-Morris-Pratt, whose text pointer never moves back. So
// matching a glob against a value costs at most about 2 × (value length + glob length) steps.

/** Write-time bounds of a glob (SPEC "Exact conventions"): they also bound what each call costs. */
export const MAX_GLOB_STARS = 16;
export const MAX_ACTION_GLOB_LENGTH = 256;
export const MAX_RESOURCE_GLOB_LENGTH = 1024;

/** Counts the steps of glob work, for a budget (containment) or for tests that bound the cost. */
export interface WorkMeter {
  steps: number;
}

/** A meter nobody reads: the hot path's default, one field write per call. */
const UNMETERED: WorkMeter = { steps: 0 };

interface CompiledGlob {
  /** The literal runs between stars; the first and last may be empty. */
  readonly pieces: readonly string[];
  /** KMP failure table of each middle piece (index 1 … length − 2). */
  readonly failures: readonly (Int32Array | null)[];
}

const compiledGlobs = new Map<string, CompiledGlob>();
const COMPILED_CACHE_LIMIT = 10_000;

/** The classic KMP prefix function: failure[i] is the longest proper border of piece[0..i]. */
function failureTable(piece: string): Int32Array {
  const failure = new Int32Array(piece.length);
  let border = 0;
  for (let index = 1; index < piece.length; index++) {
    while (border > 0 && piece.charCodeAt(index) !== piece.charCodeAt(border)) border = failure[border - 1]!;
    if (piece.charCodeAt(index) === piece.charCodeAt(border)) border++;
    failure[index] = border;
  }
  return failure;
}

function compile(glob: string): CompiledGlob {
  let compiled = compiledGlobs.get(glob);
  if (compiled !== undefined) return compiled;
  const pieces = glob.split('*');
  const failures = pieces.map((piece, index) =>
    index > 0 && index < pieces.length - 1 && piece.length > 0 ? failureTable(piece) : null,
  );
  compiled = { pieces, failures };
  if (compiledGlobs.size < COMPILED_CACHE_LIMIT) compiledGlobs.set(glob, compiled);
  return compiled;
}

/**
 * The end of the leftmost occurrence of `piece` in value[from, to), or -1. KMP: every step either
 * advances the text pointer or shrinks the border, so it costs at most 2 × (to − from) steps.
 */
function findPiece(
  value: string,
  piece: string,
  failure: Int32Array,
  from: number,
  to: number,
  meter: WorkMeter,
): number {
  let matched = 0;
  let steps = 0;
  for (let index = from; index < to; index++) {
    const code = value.charCodeAt(index);
    while (matched > 0 && code !== piece.charCodeAt(matched)) {
      matched = failure[matched - 1]!;
      steps++;
    }
    steps++;
    if (code === piece.charCodeAt(matched)) matched++;
    if (matched === piece.length) {
      meter.steps += steps;
      return index + 1;
    }
  }
  meter.steps += steps;
  return -1;
}

/** Whether `value` is one of the strings `glob` matches. Linear in both, whatever the glob. */
export function globMatches(glob: string, value: string, meter: WorkMeter = UNMETERED): boolean {
  const { pieces, failures } = compile(glob);
  const first = pieces[0]!;
  if (pieces.length === 1) {
    meter.steps += Math.min(glob.length, value.length) + 1;
    return glob === value;
  }
  const last = pieces[pieces.length - 1]!;
  meter.steps += first.length + last.length + 1;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  // Middle pieces in order, each at its leftmost place after the one before, clear of the last piece.
  let position = first.length;
  const end = value.length - last.length;
  for (let index = 1; index < pieces.length - 1; index++) {
    const piece = pieces[index]!;
    if (piece.length === 0) continue;
    position = findPiece(value, piece, failures[index]!, position, end, meter);
    if (position < 0) return false;
  }
  return true;
}

/**
 * Whether every string `inner` can match is also matched by `outer`. Sound, not complete: the `*` of
 * `inner` is read as a character only a `*` of `outer` may absorb (no literal of `outer` is a `*`),
 * which is exactly matching `outer` against `inner`'s text. The answer may be a refusal where
 * containment holds in some exotic case, never an acceptance where it does not.
 */
export function globCovers(outer: string, inner: string, meter: WorkMeter = UNMETERED): boolean {
  return globMatches(outer, inner, meter);
}

/** False only when the two globs provably match no common string (literal head or tail differ). */
export function globsMayOverlap(left: string, right: string, meter: WorkMeter = UNMETERED): boolean {
  meter.steps += left.length + right.length + 1;
  const leftStar = left.indexOf('*');
  const rightStar = right.indexOf('*');
  if (leftStar < 0 && rightStar < 0) return left === right;
  const leftHead = leftStar < 0 ? left : left.slice(0, leftStar);
  const rightHead = rightStar < 0 ? right : right.slice(0, rightStar);
  const headLength = Math.min(leftHead.length, rightHead.length);
  if (leftHead.slice(0, headLength) !== rightHead.slice(0, headLength)) return false;
  const leftTail = leftStar < 0 ? left : left.slice(left.lastIndexOf('*') + 1);
  const rightTail = rightStar < 0 ? right : right.slice(right.lastIndexOf('*') + 1);
  const tailLength = Math.min(leftTail.length, rightTail.length);
  return leftTail.slice(leftTail.length - tailLength) === rightTail.slice(rightTail.length - tailLength);
}

/** `**` means what `*` means; collapsing runs keeps every glob in one canonical spelling. */
export function canonicalGlob(glob: string): string {
  return glob.replace(/\*+/g, '*');
}

/** How many `*` a glob holds. */
export function starCount(glob: string): number {
  let stars = 0;
  for (let index = 0; index < glob.length; index++) if (glob.charCodeAt(index) === 42) stars++;
  return stars;
}
