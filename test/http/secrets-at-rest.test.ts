// No secret at rest (RELIABILITY S1/S2): the secret is in the create answer and nowhere else — not in
// the SQLite files (main and WAL), the logs, the audit trail, or any later answer.

import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMember, call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer({ env: { LOG_LEVEL: 'trace' } });

describe('secrets at rest', () => {
  it('created secrets appear in no database file, log line, audit event or later answer', async () => {
    const secrets: string[] = [];
    for (let index = 0; index < 10; index++) {
      const token = await createToken(server, server.ownerToken, { name: `canary-${index}`, ttl: 600 });
      secrets.push(token.secret);
      // Use each one at every door that takes a token, so any leak on those paths would be caught.
      await call(server, 'GET', '/v1/tokens/self', { token: token.secret });
      await call(server, 'POST', '/v1/verify', { body: { token: token.secret } });
      await call(server, 'GET', `/v1/tokens?access_token=${token.secret}`);
      // Percent-encoded in the query and in the path, where a naive mask would not see it.
      const encoded = token.secret
        .replace('_', '%5F')
        .replace(/[A-Z]/, (letter) => `%${letter.charCodeAt(0).toString(16)}`);
      await call(server, 'GET', `/v1/tokens?x=${encoded}`);
      await call(server, 'GET', `/v1/tokens/${encoded}`, { token: server.ownerToken });
      await call(server, 'GET', `/v1/tokens/${token.secret.toUpperCase()}`, { token: server.ownerToken });
    }
    const member = await addMember(server, server.ownerToken, 'writer');
    secrets.push(member.secret);
    await call(server, 'DELETE', '/v1/tokens/self', { token: secrets[0]! });

    const laterAnswers = [
      await call(server, 'GET', '/v1/tokens?limit=100', { token: server.ownerToken }),
      await call(server, 'GET', '/v1/audit-events?limit=100', { token: server.ownerToken }),
    ].map((answer) => answer.text);

    const files = readdirSync(server.dataDir).filter((name) => name.startsWith('tessera.db'));
    expect(files).toContain('tessera.db-wal');
    const stored = files.map((name) => readFileSync(join(server.dataDir, name)).toString('latin1'));
    const logs = server.logLines.join('');
    expect(logs.length).toBeGreaterThan(1000);

    let hits = 0;
    for (const secret of secrets) {
      for (const haystack of [...stored, logs, ...laterAnswers]) if (haystack.includes(secret)) hits++;
      // Not even the body without its prefix, nor the stored digest in logs or answers.
      for (const haystack of [...stored, logs]) if (haystack.includes(secret.slice(7, 40))) hits++;
    }
    const keyFile = readFileSync(join(server.dataDir, 'secret.key'), 'utf8').trim();
    const key = Buffer.from(keyFile.split(':')[1]!, 'base64url');
    for (const secret of secrets) {
      const digest = createHmac('sha256', key).update(secret).digest('hex');
      expect(stored.some((file) => file.includes(digest))).toBe(true); // the digest is what is stored…
      for (const haystack of [logs, ...laterAnswers]) if (haystack.includes(digest)) hits++; // …and never shown
    }
    console.info(`scanned ${files.length} database files, ${server.logLines.length} log lines: ${hits} hits`);
    expect(hits).toBe(0);
  });
});
