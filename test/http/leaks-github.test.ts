// GitHub secret scanning partner endpoint: alerts signed with a key pair this test makes (listed in a
// key file in GitHub's format) are handled as leak reports and labelled; anything not signed by a
// listed key changes nothing.
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/core/secret.js';
import { call, createToken, startTestServer, type TestServer } from '../helpers/server.js';

const keyDir = mkdtempSync(join(tmpdir(), 'tessera-github-keys-'));
const keyFile = join(keyDir, 'secret_scanning.json');
const current = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const older = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const stranger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
// The shape GitHub publishes at https://api.github.com/meta/public_keys/secret_scanning.
writeFileSync(
  keyFile,
  JSON.stringify({
    public_keys: [
      { key_identifier: 'key-current', key: pem(current.publicKey), is_current: true },
      { key_identifier: 'key-older', key: pem(older.publicKey), is_current: false },
    ],
  }),
);

let server: TestServer;
beforeAll(async () => {
  // The per-address limit of /v1/leaks is 1 here: GitHub's signed alerts are not subject to it.
  server = await startTestServer({
    env: { TESSERA_GITHUB_SCANNING_KEYS: keyFile, TESSERA_LEAK_REPORTS_PER_MINUTE: '1' },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(keyDir, { recursive: true, force: true });
});

function signed(body: string, privateKey: KeyObject, keyId: string) {
  return {
    'content-type': 'application/json',
    'github-public-key-identifier': keyId,
    'github-public-key-signature': sign('sha256', Buffer.from(body), privateKey).toString('base64'),
  };
}

const alert = (token: string) => ({
  token,
  type: 'tessera_api_token',
  url: 'https://github.com/o/r/blob/x',
  source: 'content',
});
const post = (body: string, headers: Record<string, string>) =>
  call(server, 'POST', '/v1/leaks/github', { rawBody: body, headers });
const verdict = async (secret: string) =>
  (await call(server, 'POST', '/v1/verify', { body: { token: secret } })).body;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('POST /v1/leaks/github', () => {
  it('accepts an alert signed by a listed key, revokes the real token and labels each as GitHub expects', async () => {
    const real = await createToken(server, server.ownerToken, { name: 'committed-by-mistake' });
    const unknown = formatSecret('api', 0, randomBytes(32));
    const body = JSON.stringify([alert(real.secret), alert(unknown), alert('not-even-a-secret')]);
    const answer = await post(body, signed(body, current.privateKey, 'key-current'));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual([
      { token_hash: sha256(real.secret), token_type: 'tessera_api_token', label: 'true_positive' },
      { token_hash: sha256(unknown), token_type: 'tessera_api_token', label: 'false_positive' },
      { token_hash: sha256('not-even-a-secret'), token_type: 'tessera_api_token', label: 'false_positive' },
    ]);
    expect(await verdict(real.secret)).toMatchObject({ valid: false, code: 'revoked' });
    const read = await call(server, 'GET', `/v1/tokens/${real.id}`, { token: server.ownerToken });
    expect(read.body.revoked_reason).toBe('leaked');
    const audit = await call(server, 'GET', '/v1/audit-events?limit=5', { token: server.ownerToken });
    expect(audit.body.data.find((event: { target_id: string }) => event.target_id === real.id)).toMatchObject(
      {
        details: { reason: 'leaked', actor: 'github', source: 'https://github.com/o/r/blob/x' },
      },
    );
    // Reported again (GitHub retries): still a true positive, nothing more to do.
    const again = await post(body, signed(body, older.privateKey, 'key-older'));
    expect(again.body[0].label).toBe('true_positive');
  });

  it('answers 401 and changes nothing for a wrong signature, an unknown key id, a changed body or no headers', async () => {
    const real = await createToken(server, server.ownerToken, { name: 'still-fine' });
    const body = JSON.stringify([alert(real.secret)]);
    const changed = body.replace('content', 'contenT');
    const attempts: Record<string, Record<string, string>> = {
      'signed by a stranger': signed(body, stranger.privateKey, 'key-current'),
      'an unknown key id': signed(body, current.privateKey, 'key-nobody-listed'),
      'the key id of another listed key': signed(body, current.privateKey, 'key-older'),
      'a changed body': signed(body, current.privateKey, 'key-current'),
      'no signature headers': { 'content-type': 'application/json' },
      'a signature that is not base64 DER': {
        ...signed(body, current.privateKey, 'key-current'),
        'github-public-key-signature': 'bm90IGEgc2lnbmF0dXJl',
      },
    };
    for (const [what, headers] of Object.entries(attempts)) {
      const answer = await post(what === 'a changed body' ? changed : body, headers);
      expect(answer.status, what).toBe(401);
      expect(answer.body.code).toBe('unauthorized');
    }
    expect((await verdict(real.secret)).valid).toBe(true);
  });

  it('is not subject to the per-address leak-report limit, and refuses a signed body that is not an alert array', async () => {
    for (let round = 0; round < 3; round++) {
      const body = JSON.stringify([alert(formatSecret('api', 0, randomBytes(32)))]);
      expect((await post(body, signed(body, current.privateKey, 'key-current'))).status).toBe(200);
    }
    for (const body of ['{"token":"x"}', '[]', '[{"type":"x"}]', 'not json']) {
      const answer = await post(body, signed(body, current.privateKey, 'key-current'));
      expect(answer.status, body).toBe(400);
    }
  });

  it('is a 404 without TESSERA_GITHUB_SCANNING_KEYS, and a bad key file stops the start', async () => {
    const off = await startTestServer();
    try {
      const body = JSON.stringify([alert('x')]);
      const answer = await call(off, 'POST', '/v1/leaks/github', {
        rawBody: body,
        headers: signed(body, current.privateKey, 'key-current'),
      });
      expect(answer.status).toBe(404);
      expect(answer.body.detail).toMatch(/TESSERA_GITHUB_SCANNING_KEYS/);
    } finally {
      await off.close();
    }
    const badFile = join(keyDir, 'bad.json');
    writeFileSync(badFile, '{"public_keys": []}');
    await expect(startTestServer({ env: { TESSERA_GITHUB_SCANNING_KEYS: badFile } })).rejects.toThrow(
      /TESSERA_GITHUB_SCANNING_KEYS/,
    );
    await expect(
      startTestServer({ env: { TESSERA_GITHUB_SCANNING_KEYS: join(keyDir, 'missing.json') } }),
    ).rejects.toThrow(/cannot read/);
  });
});
