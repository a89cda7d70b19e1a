// Bounds on the free-form metadata object: small, shallow, plain JSON.

export const METADATA_MAX_BYTES = 4096;
export const METADATA_MAX_DEPTH = 5;

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  let deepest = 0;
  for (const child of children) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

/** A problem description, or null when the metadata is acceptable. */
export function checkMetadata(metadata: Record<string, unknown>): string | null {
  if (Buffer.byteLength(JSON.stringify(metadata), 'utf8') > METADATA_MAX_BYTES)
    return `metadata may hold at most ${METADATA_MAX_BYTES} bytes of JSON`;
  if (depthOf(metadata) > METADATA_MAX_DEPTH)
    return `metadata may nest at most ${METADATA_MAX_DEPTH} levels deep`;
  return null;
}
