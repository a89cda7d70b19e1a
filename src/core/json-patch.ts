// RFC 7396 JSON Merge Patch and RFC 6902 JSON Patch over plain JSON values. Pure; bad documents are
// values ({ ok: false }), never exceptions, and the input is never mutated.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type PatchResult =
  | { readonly ok: true; readonly value: Json }
  | { readonly ok: false; readonly kind: 'invalid' | 'test_failed'; readonly detail: string };

const isObject = (value: unknown): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** RFC 7396: objects merge key by key, `null` deletes, anything else replaces. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const result: { [key: string]: Json } = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key] ?? null, value);
  }
  return result;
}

/** RFC 6901 pointer → unescaped reference tokens; null when the text is not a pointer. */
function parsePointer(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

interface Located {
  readonly parent: Json[] | { [key: string]: Json };
  readonly key: string;
}

function locateParent(document: Json, tokens: string[]): Located | string {
  let node: Json = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node) && ARRAY_INDEX.test(token) && Number(token) < node.length)
      node = node[Number(token)]!;
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token]!;
    else return `no value at /${tokens.join('/')}`;
  }
  if (!Array.isArray(node) && !isObject(node))
    return `/${tokens.join('/')} is inside a value that has no members`;
  return { parent: node, key: tokens[tokens.length - 1]! };
}

function getAt(document: Json, tokens: string[]): Json | undefined {
  let node: Json = document;
  for (const token of tokens) {
    if (Array.isArray(node) && ARRAY_INDEX.test(token) && Number(token) < node.length)
      node = node[Number(token)]!;
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token]!;
    else return undefined;
  }
  return node;
}

function deepEqual(left: Json, right: Json): boolean {
  if (left === right) return true;
  if (Array.isArray(left) && Array.isArray(right))
    return left.length === right.length && left.every((item, index) => deepEqual(item, right[index]!));
  if (isObject(left) && isObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key]!, right[key]!))
    );
  }
  return false;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function add(document: Json, tokens: string[], value: Json): Json | string {
  if (tokens.length === 0) return value;
  const located = locateParent(document, tokens);
  if (typeof located === 'string') return located;
  const { parent, key } = located;
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : ARRAY_INDEX.test(key) ? Number(key) : -1;
    if (index < 0 || index > parent.length) return `array index ${key} is out of range`;
    parent.splice(index, 0, value);
  } else {
    if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not allowed`;
    parent[key] = value;
  }
  return document;
}

function remove(document: Json, tokens: string[]): Json | string {
  if (tokens.length === 0) return 'the whole document cannot be removed';
  const located = locateParent(document, tokens);
  if (typeof located === 'string') return located;
  const { parent, key } = located;
  if (Array.isArray(parent)) {
    if (!ARRAY_INDEX.test(key) || Number(key) >= parent.length) return `array index ${key} is out of range`;
    parent.splice(Number(key), 1);
  } else {
    if (!Object.hasOwn(parent, key)) return `no value at /${tokens.join('/')}`;
    delete parent[key];
  }
  return document;
}

interface Operation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: Json;
}

function isOperation(value: unknown): value is Operation {
  return isObject(value) && typeof value.op === 'string' && typeof value.path === 'string';
}

/** RFC 6902: the operations apply in order, all or nothing. */
export function applyJsonPatch(target: Json, operations: Json): PatchResult {
  if (!Array.isArray(operations))
    return { ok: false, kind: 'invalid', detail: 'a JSON Patch is an array of operations' };
  let document = clone(target);
  for (const [index, operation] of operations.entries()) {
    const where = `operation ${index}`;
    if (!isOperation(operation))
      return { ok: false, kind: 'invalid', detail: `${where} needs string "op" and "path"` };
    const tokens = parsePointer(operation.path);
    if (tokens === null)
      return { ok: false, kind: 'invalid', detail: `${where}: "${operation.path}" is not a JSON Pointer` };
    const needsValue = ['add', 'replace', 'test'].includes(operation.op);
    if (needsValue && !Object.hasOwn(operation, 'value'))
      return { ok: false, kind: 'invalid', detail: `${where}: "${operation.op}" needs a value` };
    let outcome: Json | string;
    switch (operation.op) {
      case 'add':
        outcome = add(document, tokens, clone(operation.value!));
        break;
      case 'remove':
        outcome = remove(document, tokens);
        break;
      case 'replace': {
        const removed =
          getAt(document, tokens) === undefined ? `no value at ${operation.path}` : remove(document, tokens);
        outcome = typeof removed === 'string' ? removed : add(removed, tokens, clone(operation.value!));
        break;
      }
      case 'move':
      case 'copy': {
        const fromTokens = typeof operation.from === 'string' ? parsePointer(operation.from) : null;
        if (fromTokens === null)
          return { ok: false, kind: 'invalid', detail: `${where}: "from" must be a JSON Pointer` };
        const value = getAt(document, fromTokens);
        if (value === undefined)
          return { ok: false, kind: 'invalid', detail: `${where}: no value at ${operation.from}` };
        if (operation.op === 'move' && operation.path.startsWith(`${operation.from}/`))
          return { ok: false, kind: 'invalid', detail: `${where}: cannot move a value into itself` };
        const moved = operation.op === 'move' ? remove(document, fromTokens) : document;
        outcome = typeof moved === 'string' ? moved : add(moved, tokens, clone(value));
        break;
      }
      case 'test': {
        const actual = getAt(document, tokens);
        if (actual === undefined || !deepEqual(actual, operation.value!))
          return { ok: false, kind: 'test_failed', detail: `${where}: test of ${operation.path} failed` };
        outcome = document;
        break;
      }
      default:
        return { ok: false, kind: 'invalid', detail: `${where}: unknown op "${operation.op}"` };
    }
    if (typeof outcome === 'string') return { ok: false, kind: 'invalid', detail: `${where}: ${outcome}` };
    document = outcome;
  }
  return { ok: true, value: document };
}
