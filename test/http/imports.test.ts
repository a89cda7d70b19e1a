// Importing tokens of another system (SPEC "Leaks and migration"): both forms verify on every door, a
// SHA-256 import is re-hashed exactly once whatever races, bad items store nothing, and a string of
// neither format never reaches the store.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/core/secret.js';
import { aroundCalls, withTransaction } from '../../src/store/decorators/decorate.js';
import { BACKGROUND_OPERATIONS } from '../../src/store/decorators/query-counting.js';
import type { Store } from '../../src/store/store.js';
import { addMember, call, snapshot, startTestServer, useTestServer } from '../helpers/server.js';

/** What each claimPendingImport answered, in the order they finished. */
const claims: string[] = [];
let storeCalls = 0;
const BACKGROUND = new Set([...BACKGROUND_OPERATIONS, 'transaction']);

/** Counts store calls a request makes, and records each claim's answer inside its transaction. */
function observed(store: Store): Store {
  const counted = aroundCalls(store, (name, _args, run) => {
    if (!BACKGROUND.has(name)) storeCalls++;
    return run();
  });
  return withTransaction(counted, (work) =>
    store.transaction((tx) =>
      work(
        aroundCalls(tx, (name, _args, run) => {
          const result = run();
          if (name === 'claimPendingImport')
            void (result as Promise<string>).then((claim) => claims.push(claim));
          return result;
        }),
      ),
    ),
  );
}

const server = useTestServer({
  // `t` as well: even a prefix that Tessera's own `tsr_` starts with makes no bad checksum a lookup.
  env: { TESSERA_IMPORT_PREFIXES: 'sk_live_,fst_,t', TESSERA_PERMANENT_TOKEN_CAP: '1' },
  wrapStore: observed,
});

/** A strong secret of another system, made at run time (no secret-shaped literal in the source). */
const vendorSecret = (prefix = 'sk_live_') => `${prefix}${randomBytes(24).toString('base64url')}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function importTokens(items: unknown[], token = server.ownerToken) {
  return call(server, 'POST', '/v1/tokens/import', { token, body: { tokens: items } });
}

const doors = {
  verify: async (secret: string) =>
    (await call(server, 'POST', '/v1/verify', { body: { token: secret } })).body.valid === true,
  bearer: async (secret: string) =>
    (await call(server, 'GET', '/v1/tokens/self', { token: secret })).status === 200,
  fastly: async (secret: string) =>
    (await call(server, 'GET', '/compat/fastly/tokens/self', { headers: { 'fastly-key': secret } }))
      .status === 200,
};

async function everyDoorAccepts(secret: string) {
  return {
    verify: await doors.verify(secret),
    bearer: await doors.bearer(secret),
    fastly: await doors.fastly(secret),
  };
}

const ALL_OPEN = { verify: true, bearer: true, fastly: true };

describe('POST /v1/tokens/import', () => {
  it('imports a secret as HMAC and a SHA-256 as pending; both verify on /v1/verify, the bearer door and a dialect', async () => {
    const plain = vendorSecret();
    const hashedOnly = vendorSecret('fst_');
    const answer = await importTokens([
      { name: 'from-vendor', secret: plain, role: 'reader' },
      { name: 'from-sha-table', secret_sha256: sha256(hashedOnly).toUpperCase(), role: 'reader' },
    ]);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.imported).toBe(2);
    expect(answer.body.failed).toBe(0);
    const [first, second] = answer.body.data;
    expect(first).toMatchObject({ index: 0, status: 201, problem: null });
    expect(first.token).toMatchObject({
      name: 'from-vendor',
      imported: true,
      type: 'api',
      hint: plain.slice(-4),
    });
    expect(first.token).not.toHaveProperty('secret');
    expect(second.token).toMatchObject({ name: 'from-sha-table', imported: true, hint: '' });
    // Nothing of the secret comes back in the answer.
    expect(answer.text).not.toContain(plain);

    expect(await everyDoorAccepts(plain)).toEqual(ALL_OPEN);
    expect(await everyDoorAccepts(hashedOnly)).toEqual(ALL_OPEN);
    // Once presented, the SHA-256 is gone and the hint is known.
    expect(await server.running.deps.store.hasPendingImport(sha256(hashedOnly))).toBe(false);
    const read = await call(server, 'GET', `/v1/tokens/${second.token.id}`, { token: server.ownerToken });
    expect(read.body).toMatchObject({ hint: hashedOnly.slice(-4), imported: true });
    // A near miss of an imported secret is refused.
    expect(await doors.verify(`${plain.slice(0, -1)}${plain.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
  });

  it('re-hashes a SHA-256 import exactly once under 20 parallel first presentations', async () => {
    const secret = vendorSecret();
    const answer = await importTokens([{ name: 'raced', secret_sha256: sha256(secret) }]);
    expect(answer.body.imported, answer.text).toBe(1);
    claims.length = 0;
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => doors.verify(secret)));
    expect(verdicts).toEqual(Array(20).fill(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    console.log(`claims under 20 parallel first presentations: ${JSON.stringify(claims)}`);
    expect(claims.filter((claim) => claim === 'claimed')).toHaveLength(1);
    expect(claims).not.toContain('none');
    expect(await server.running.deps.store.hasPendingImport(sha256(secret))).toBe(false);
  });

  it('answers per item: weak, unprefixed, Tessera-format, malformed and duplicate secrets store nothing; the good items are imported', async () => {
    const existing = vendorSecret();
    const existingHashed = vendorSecret();
    const first = await importTokens([
      { name: 'existing', secret: existing },
      { name: 'existing-sha', secret_sha256: sha256(existingHashed) },
    ]);
    expect(first.body.imported).toBe(2);
    const good = vendorSecret();
    const before = await snapshot(server);
    const answer = await importTokens([
      { name: 'weak', secret: 'sk_live_aaaaaaaaaaaaaaaa' },
      { name: 'short', secret: 'sk_live_Ab3dE' },
      { name: 'unprefixed', secret: `pk_${randomBytes(24).toString('hex')}` },
      { name: 'tessera', secret: formatSecret('api', 0, randomBytes(32)) },
      { name: 'spaces', secret: `sk_live_${randomBytes(12).toString('hex')} x` },
      { name: 'both', secret: vendorSecret(), secret_sha256: sha256('x') },
      { name: 'neither' },
      { name: 'bad-hex', secret_sha256: 'z'.repeat(64) },
      { name: 'duplicate-hmac', secret: existing },
      // A SHA-256 is compared with the SHA-256s waiting; it cannot be with HMACs (no key makes one).
      { name: 'duplicate-sha', secret_sha256: sha256(existingHashed) },
      { name: 'session', secret: vendorSecret(), type: 'session' },
      { name: 'bad-expiry', secret: vendorSecret(), expires_at: 'tomorrow' },
      { name: 'good', secret: good },
      { name: 'duplicate-in-batch', secret: good },
    ]);
    expect(answer.status, answer.text).toBe(200);
    const statuses = answer.body.data.map((item: { status: number }) => item.status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 409, 409, 400, 400, 201, 409]);
    for (const item of answer.body.data.filter((result: { status: number }) => result.status !== 201)) {
      expect(item.token).toBeNull();
      expect(item.problem).toMatchObject({
        status: item.status,
        request_id: answer.headers.get('x-request-id'),
      });
    }
    expect(answer.body.data[0].problem.detail).toMatch(/too weak/);
    expect(answer.body.data[2].problem.detail).toMatch(/sk_live_, fst_, t\)/);
    expect(answer.body).toMatchObject({ imported: 1, failed: 13 });
    // No problem echoes the secret it refused.
    expect(answer.text).not.toContain(existing);
    const after = await snapshot(server);
    expect(after.tokens).toBe(before.tokens + 1);
    expect(await doors.verify(good)).toBe(true);
  });

  it('refuses a whole body that breaks the schema, and more than 1,000 items', async () => {
    const unknownField = await importTokens([{ secret: vendorSecret(), colour: 'red' }]);
    expect(unknownField.status).toBe(400);
    const tooMany = await importTokens(Array.from({ length: 1001 }, () => ({ secret_sha256: sha256('x') })));
    expect(tooMany.status).toBe(400);
    const empty = await importTokens([]);
    expect(empty.status).toBe(400);
  });

  it('is for admins and owners: a writer is refused and nothing is stored', async () => {
    const writer = await addMember(server, server.ownerToken, 'writer');
    const before = await snapshot(server);
    const answer = await importTokens([{ secret: vendorSecret() }], writer.secret);
    expect(answer.status).toBe(403);
    expect((await snapshot(server)).tokens).toBe(before.tokens);
    const admin = await addMember(server, server.ownerToken, 'admin');
    expect((await importTokens([{ secret: vendorSecret() }], admin.secret)).body.imported).toBe(1);
  });

  it('keeps imported tokens outside the permanent-token cap (the cap is 1 here)', async () => {
    const answer = await importTokens(Array.from({ length: 3 }, () => ({ secret: vendorSecret() })));
    expect(answer.body.imported, answer.text).toBe(3);
    expect(
      answer.body.data.every((item: { token: { lifetime: string } }) => item.token.lifetime === 'permanent'),
    ).toBe(true);
  });

  it('rotating an imported token issues a Tessera secret; the imported one follows the grace rules', async () => {
    const plain = vendorSecret();
    const hashedOnly = vendorSecret();
    const answer = await importTokens([{ secret: plain }, { secret_sha256: sha256(hashedOnly) }]);
    const graceEndsAt = Date.now() + 1500;
    const rotated: string[] = [];
    for (const item of answer.body.data) {
      const rotate = await call(server, 'POST', `/v1/tokens/${item.token.id}/rotate`, {
        token: server.ownerToken,
        body: { expiry: graceEndsAt },
      });
      expect(rotate.status, rotate.text).toBe(200);
      expect(rotate.body.secret).toMatch(/^tsr_a\d_/);
      expect(rotate.body.imported).toBe(true);
      rotated.push(rotate.body.secret);
    }
    // In grace: old and new secrets verify (the SHA-256 one is re-hashed with its grace end).
    expect(await everyDoorAccepts(plain)).toEqual(ALL_OPEN);
    expect(await doors.verify(hashedOnly)).toBe(true);
    for (const secret of rotated) expect(await doors.verify(secret)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, graceEndsAt + 100 - Date.now()));
    expect(await doors.verify(plain)).toBe(false);
    expect(await doors.verify(hashedOnly)).toBe(false);
    for (const secret of rotated) expect(await doors.verify(secret)).toBe(true);
  });

  it('makes no store query for strings of neither format, with import prefixes configured', async () => {
    const valid = formatSecret('api', 0, randomBytes(32));
    const badChecksum = `${valid.slice(0, -1)}${valid.endsWith('0') ? '1' : '0'}`;
    const floods = [
      badChecksum,
      `xx_${randomBytes(24).toString('hex')}`,
      'sk_live_short',
      `sk_live_${'a'.repeat(2000)}`,
      `SK_LIVE_${randomBytes(24).toString('hex')}`,
    ];
    const before = storeCalls;
    for (let round = 0; round < 200; round++) {
      for (const secret of floods) expect(await doors.verify(secret)).toBe(false);
    }
    const made = storeCalls - before;
    console.log(`store calls for ${200 * floods.length} verifications of neither format: ${made}`);
    expect(made).toBe(0);
    // An import candidate does reach the store: the counter counts.
    await doors.verify(vendorSecret());
    expect(storeCalls).toBeGreaterThan(before);
  });

  it('is refused when no import prefixes are configured', async () => {
    const bare = await startTestServer();
    try {
      const answer = await call(bare, 'POST', '/v1/tokens/import', {
        token: bare.ownerToken,
        body: { tokens: [{ secret: vendorSecret() }] },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.detail).toMatch(/TESSERA_IMPORT_PREFIXES/);
    } finally {
      await bare.close();
    }
  });
});
