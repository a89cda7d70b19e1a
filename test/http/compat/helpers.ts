// What the dialect tests share: the real vendor clients pointed at a test server, and the checks every
// dialect makes (does a secret still verify, is a secret anywhere in an answer, did anything change).
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { call, createToken, type TestServer } from '../../helpers/server.js';

const require = createRequire(import.meta.url);

/** POST /v1/verify's code for a secret: `valid`, `revoked`, `not_found`… */
export async function verifyCode(server: { url: string }, secret: string): Promise<string> {
  const answer = await call(server, 'POST', '/v1/verify', { body: { token: secret } });
  return answer.body.code as string;
}

/** No answer but create and rotate holds a secret: not the one given, not any Tessera secret. */
export function expectNoSecret(value: unknown, secret?: string): void {
  const text = JSON.stringify(value);
  if (secret !== undefined) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/tsr_[as][0-9]_[0-9A-Za-z]{49}/);
}

/** The native view of a token, as the operator's owner sees it. */
export async function nativeToken(server: TestServer, id: string) {
  return (await call(server, 'GET', `/v1/tokens/${id}`, { token: server.ownerToken })).body;
}

/**
 * fastly-js 13 (TokensApi) with `key` as its Fastly-Key, pointed at the Fastly dialect. Every operation
 * passes Fastly's own host as its base path, so ApiClient's basePath is not enough: a superagent plugin
 * (ApiClient.plugins, the client's hook for this) rewrites the URL of each request.
 */
export function fastlyClient(server: { url: string }, key: string | null) {
  const Fastly = require('fastly');
  const client = new Fastly.ApiClient();
  if (key !== null) client.authenticate(key);
  const base = `${server.url}/compat/fastly`;
  client.plugins = [
    (request: { url: string }) => {
      request.url = request.url.replace('https://api.fastly.com', base);
    },
  ];
  return new Fastly.TokensApi(client);
}

/**
 * A failed vendor-client call's status and body, whichever client threw it. Given a function, the call
 * starts here, so a list of calls made one after another leaves no rejection unhandled meanwhile.
 */
export async function failure(
  attempt: Promise<unknown> | (() => Promise<unknown>),
): Promise<{ status: number; body: any }> {
  try {
    await (typeof attempt === 'function' ? attempt() : attempt);
  } catch (error) {
    const failed = error as { status?: number; body?: unknown; response?: { status: number; data: unknown } };
    if (failed.response !== undefined && 'data' in failed.response)
      return { status: failed.response.status, body: failed.response.data };
    return { status: failed.status ?? 0, body: failed.body };
  }
  throw new Error('the call succeeded');
}

/** A token of the operator's owner, revoked at once: its secret must be refused on every door. */
export async function revokedToken(server: TestServer) {
  const token = await createToken(server, server.ownerToken, { ttl: 600 });
  await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken });
  return token;
}
