// The items the load generator cycles through (request bodies for POST, paths for GET), passed as a
// file because a million-token run's bodies do not fit on a command line.
import type { SeededToken } from './seed.js';
import { writeWorkFile } from './workspace.js';

export function itemsFile(items: readonly string[]): string {
  return writeWorkFile('items', items);
}

export function verifyBodies(tokens: readonly SeededToken[]): string[] {
  return tokens.map((token) => JSON.stringify({ token: token.secret }));
}
