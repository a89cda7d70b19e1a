// Lenient in what the vendors' clients really send (DIALECTS "Rules for every dialect"): a JSON body on
// GET and DELETE, Content-Type: application/json with no body, an empty form, trailing slashes where
// the vendor uses them. (fetch refuses a body on GET, so these go out through node:http.)
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { call, createToken, useTestServer } from '../../helpers/server.js';
import { verifyCode } from './helpers.js';

const server = useTestServer();

function raw(method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    // As the vendors' clients send a body: with its Content-Length.
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const sent = request(
      `${server.url}${path}`,
      { method, headers: { ...headers, ...length } },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    sent.on('error', reject);
    if (body !== undefined) sent.write(body);
    sent.end();
  });
}

const json = { 'content-type': 'application/json' };

describe('what vendor clients really send', () => {
  it('a JSON body on GET is ignored (LaunchDarkly, TileDB listings)', async () => {
    const listed = await raw(
      'GET',
      '/compat/launchdarkly/api/v2/tokens',
      { ...json, authorization: server.ownerToken },
      '{}',
    );
    expect(listed.status, listed.body).toBe(200);
    const tiledb = await raw(
      'GET',
      '/compat/tiledb/tokens?type=api',
      { ...json, 'x-tiledb-rest-api-key': server.ownerToken },
      '{}',
    );
    expect(tiledb.status).toBe(200);
  });

  it('a JSON body, or JSON with no body, on DELETE (NeuroIO, TileDB)', async () => {
    const first = await createToken(server, server.ownerToken, { ttl: 600 });
    const byBody = await raw(
      'DELETE',
      `/compat/tiledb/tokens/${first.id}`,
      { ...json, 'x-tiledb-rest-api-key': server.ownerToken },
      '{}',
    );
    expect(byBody.status).toBe(204);
    const second = await createToken(server, server.ownerToken, { ttl: 600 });
    const serial = (await call(server, 'GET', `/v1/tokens/${second.id}`, { token: server.ownerToken })).body
      .serial;
    const empty = await raw('DELETE', `/compat/neuroio/v1/tokens/${serial}/`, {
      ...json,
      authorization: `Token ${server.ownerToken}`,
    });
    expect(empty.status).toBe(204);
    expect(await verifyCode(server, first.secret)).toBe('revoked');
    expect(await verifyCode(server, second.secret)).toBe('revoked');
  });

  it('an empty form on LaunchDarkly reset and on Fastly create', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const target = await createToken(server, server.ownerToken, { ttl: 600 });
    const reset = await raw(
      'POST',
      `/compat/launchdarkly/api/v2/tokens/${target.id}/reset`,
      { ...form, authorization: server.ownerToken },
      '',
    );
    expect(reset.status).toBe(200);
    const created = await raw(
      'POST',
      '/compat/fastly/tokens',
      { ...form, 'fastly-key': server.ownerToken },
      '',
    );
    expect(created.status).toBe(200);
  });
});
