// One assertion for the status of an HTTP answer and, when it is an error, for its problem: an RFC 9457
// body (application/problem+json) carrying a code from the closed catalogue and the request id. Tests
// assert the code, never the detail text, which is free to change.

import { expect } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode } from '../../src/core/errors.js';
import type { Answer } from './server.js';

const SHOWN_BODY = 2000;

/**
 * Expects `answer` to have `status`. From 400 up it must also be a problem: problem content type, a
 * body whose status, type and title match a catalogue code of that status (`code` when given), and a
 * request id (equal to the x-request-id header when there is one). A failure names the request and
 * prints the body, after `label` when one is given. Returns the answer.
 */
export function expectStatus<T>(
  answer: Answer<T>,
  status: number,
  code?: ErrorCode,
  label?: string,
): Answer<T> {
  const shown = answer.text.length > SHOWN_BODY ? `${answer.text.slice(0, SHOWN_BODY)}…` : answer.text;
  const context = `${label === undefined ? '' : `${label}: `}${answer.method} ${answer.path} answered ${answer.status} ${shown}`;
  expect(answer.status, context).toBe(status);
  if (code !== undefined) {
    expect(
      ERROR_CATALOGUE[code].status,
      `the catalogue gives ${code} status ${ERROR_CATALOGUE[code].status}`,
    ).toBe(status);
  }
  if (status < 400) return answer;

  expect(answer.headers.get('content-type'), context).toMatch(/^application\/problem\+json\b/);
  const body = answer.body as { code?: unknown; request_id?: unknown } | null;
  if (code !== undefined) expect(body?.code, context).toBe(code);
  const actual = String(body?.code) as ErrorCode;
  expect(Object.hasOwn(ERROR_CATALOGUE, actual) && ERROR_CATALOGUE[actual].status, context).toBe(status);
  expect(body, context).toMatchObject({
    type: `urn:tessera:problem:${actual}`,
    title: ERROR_CATALOGUE[actual].title,
    status,
    request_id: expect.stringMatching(/^req_/),
  });
  // Every answer carries X-Request-Id (SPEC), those made before routing (a malformed path) included.
  expect(answer.headers.get('x-request-id'), context).toBe(body?.request_id);
  return answer;
}
