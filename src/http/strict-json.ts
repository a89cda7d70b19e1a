// JSON bodies parsed strictly: duplicate keys and prototype-polluting keys are refused, not resolved.
// JSON.parse silently keeps the last of two equal keys, which would let a proxy and Tessera read one
// body two ways; and a `__proto__` key becomes a trap for any later object spread.
import { TesseraError } from '../core/errors.js';
import { echoable } from '../logger.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** No request needs deeper JSON; refusing it here keeps recursive code later (stringify) safe. */
export const MAX_JSON_DEPTH = 32;

interface Frame {
  readonly isObject: boolean;
  readonly keys: Set<string>;
  expectKey: boolean;
}

/** Walks already-valid JSON text and returns the first problem with its keys, or null. */
function findKeyProblem(text: string): string | null {
  const stack: Frame[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      let end = index + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const frame = stack[stack.length - 1];
      if (frame?.isObject && frame.expectKey) {
        const key = JSON.parse(text.slice(index, end + 1)) as string;
        if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not allowed`;
        if (frame.keys.has(key)) return `the key "${echoable(key)}" appears twice in one object`;
        frame.keys.add(key);
        frame.expectKey = false;
      }
      index = end;
    } else if (char === '{' || char === '[') {
      if (stack.length >= MAX_JSON_DEPTH) return `JSON may nest at most ${MAX_JSON_DEPTH} levels deep`;
      stack.push({ isObject: char === '{', keys: new Set(), expectKey: char === '{' });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      const frame = stack[stack.length - 1];
      if (frame?.isObject) frame.expectKey = true;
    }
  }
  return null;
}

export function parseStrictJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TesseraError('invalid_json', 'the body is not valid JSON');
  }
  // JSON may spell NUL as \u0000; no field of Tessera's can hold it, and PostgreSQL text cannot.
  if (/\\u0000/.test(text)) throw new TesseraError('invalid_json', 'strings may not contain NUL (\\u0000)');
  const problem = findKeyProblem(text);
  if (problem !== null) throw new TesseraError('invalid_json', problem);
  return value;
}
