// Bad bodies and paths (RELIABILITY B): the right 4xx with a problem body, nothing changed, never a 5xx.
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/core/errors.js';
import { expectStatus } from '../helpers/expect-status.js';
import { call, snapshot, useTestServer } from '../helpers/server.js';

const server = useTestServer();

const json = { 'content-type': 'application/json' };

describe('bad bodies', () => {
  const cases: [string, string, Record<string, string>, number, ErrorCode][] = [
    ['not JSON', '{"name": ', json, 400, 'invalid_json'],
    ['empty JSON body', '', json, 400, 'invalid_json'],
    ['duplicate keys', '{"name":"a","name":"b"}', json, 400, 'invalid_json'],
    ['nested duplicate keys', '{"metadata":{"k":1,"k":2}}', json, 400, 'invalid_json'],
    ['__proto__ key', '{"__proto__":{"role":"owner"}}', json, 400, 'invalid_json'],
    ['nested __proto__ key', '{"metadata":{"__proto__":{"polluted":true}}}', json, 400, 'invalid_json'],
    ['constructor key', '{"metadata":{"constructor":{"prototype":{"x":1}}}}', json, 400, 'invalid_json'],
    ['wrong content type', '{"name":"x"}', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
    [
      'form content type',
      'name=x',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
    ],
    [
      'over the size limit',
      JSON.stringify({ description: 'x'.repeat(70_000) }),
      json,
      413,
      'payload_too_large',
    ],
    ['an array where an object belongs', '[1,2,3]', json, 400, 'invalid_request'],
    ['a bare string', '"hello"', json, 400, 'invalid_request'],
    ['null', 'null', json, 400, 'invalid_request'],
    ['a NUL character in a string', '{"name":"a\\u0000b"}', json, 400, 'invalid_json'],
  ];
  it.each(cases)('%s → %i %s, nothing changed', async (_name, rawBody, headers, status, code) => {
    const before = await snapshot(server);
    const answer = await call(server, 'POST', '/v1/tokens', { token: server.ownerToken, rawBody, headers });
    expectStatus(answer, status, code);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status, code });
    expect(answer.body.request_id).toBe(answer.headers.get('x-request-id'));
    expect(answer.text).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(await snapshot(server)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hostile bodies', () => {
  it('JSON nested 5000 deep is a 400, never a 5xx', async () => {
    for (const [open, close] of [
      ['[', ']'],
      ['{"a":', '}'],
    ] as const) {
      const rawBody = `{"metadata":{"x":${open.repeat(5000)}1${close.repeat(5000)}}}`;
      const answer = await call(server, 'POST', '/v1/tokens', {
        token: server.ownerToken,
        rawBody,
        headers: json,
      });
      expectStatus(answer, 400, 'invalid_json');
    }
  });

  it('an unknown or repeated key shaped like a secret is never echoed back', async () => {
    const secretLike = `tsr_a0_${'Q'.repeat(49)}`;
    for (const rawBody of [
      `{"${secretLike}":1}`,
      `{"${secretLike}":1,"${secretLike}":2}`,
      `{"${'k'.repeat(5000)}":1}`,
    ]) {
      const answer = await call(server, 'POST', '/v1/tokens', {
        token: server.ownerToken,
        rawBody,
        headers: json,
      });
      expectStatus(answer, 400);
      expect(answer.text).not.toContain(secretLike.slice(7));
      // Kept on the detail: a code cannot say the 5000-character key is not echoed back whole.
      expect(answer.body.detail.length).toBeLessThan(200);
    }
  });
});

describe('bad paths and methods', () => {
  it('an unknown method on a known path is 405 with Allow', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/v1/tokens', 'DELETE, GET, HEAD, OPTIONS, POST'],
      ['POST', '/v1/tokens/tok_x', 'DELETE, GET, HEAD, OPTIONS, PATCH'],
      ['PATCH', '/v1/verify', 'OPTIONS, POST'],
    ] as const) {
      const answer = await call(server, method, path, { token: server.ownerToken });
      expectStatus(answer, 405, 'method_not_allowed', `${method} ${path}`);
      expect(answer.headers.get('allow')).toBe(allow);
      expect(answer.body.code).toBe('method_not_allowed');
    }
  });

  it('an unknown path is a 404 problem', async () => {
    const answer = await call(server, 'GET', '/v1/nothing-here');
    expectStatus(answer, 404, 'not_found');
  });
});
