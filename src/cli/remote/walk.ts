// Every item of a list, every page walked, with progress on a TTY's stderr (SPEC: --json prints one
// array of every item).
import type { Output } from './output.js';

export async function walkAll<T>(
  items: AsyncIterable<T>,
  out: Output,
  what: string,
  limit?: number,
): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) {
    all.push(item);
    if (all.length % 100 === 0) out.progress(`${all.length} ${what}…`);
    if (limit !== undefined && all.length >= limit) break;
  }
  out.clearProgress();
  return all;
}
