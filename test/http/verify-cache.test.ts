// The verify cache over real HTTP: hot tokens and made-up secrets cost no store read, and every change
// a verification depends on (revoke, rotate, patch, max_uses, expiry, suspension, a role edit) is seen
// by the very next verification although the token's credential was cached a moment before.
import { afterAll, describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/core/secret.js';
import { announceExpiries } from '../../src/services/events/expiry-scheduler.js';
import type { Store } from '../../src/store/store.js';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { addTenant, call, createToken, useTestServer } from '../helpers/server.js';

/** Holds the next credential read (after it read the store) until released: a fill racing a change. */
class ReadGate {
  private armed = false;
  private readDone: (() => void) | null = null;
  private release: (() => void) | null = null;

  arm(): { read: Promise<void>; release: () => void } {
    this.armed = true;
    const read = new Promise<void>((resolve) => {
      this.readDone = resolve;
    });
    const released = new Promise<void>((resolve) => {
      this.release = resolve;
    });
    this.releasePromise = released;
    return { read, release: () => this.release?.() };
  }

  private releasePromise: Promise<void> = Promise.resolve();

  wrap(store: Store): Store {
    const findCredentialByDigest: Store['findCredentialByDigest'] = async (digest) => {
      const found = await store.findCredentialByDigest(digest);
      if (this.armed) {
        this.armed = false;
        this.readDone?.();
        await this.releasePromise;
      }
      return found;
    };
    return new Proxy(store, {
      get: (target, property, receiver) =>
        property === 'findCredentialByDigest'
          ? findCredentialByDigest
          : Reflect.get(target, property, receiver),
    });
  }
}

// Every test runs twice: through POST /v1/verify's node:http fast path (a plain `{"token"}` body) and
// through Fastify alone, so a change is seen on the very next verification whichever path answers it.
for (const fastPath of [true, false]) {
  describe(fastPath ? 'through the verify fast path' : 'through Fastify alone', () => {
    const clock = new ManualClock();
    const gate = new ReadGate();
    const server = useTestServer({ clock, wrapStore: (store) => gate.wrap(store), verifyFastPath: fastPath });
    const verify = (token: string, extra: Record<string, unknown> = {}) =>
      call(server, 'POST', '/v1/verify', { body: { token, ...extra } });

    /** Verifies twice, so the credential is certainly cached when the change comes. */
    async function warm(secret: string, extra: Record<string, unknown> = {}): Promise<void> {
      for (let index = 0; index < 2; index++) expect((await verify(secret, extra)).body.code).toBe('valid');
    }

    describe('verify cache', () => {
      it('a hot token costs no store read; a made-up secret one read, then none; a bad checksum none', async () => {
        const token = await createToken(server, server.ownerToken, { ttl: 600 });
        await verify(token.secret);
        // The token is inside the expiry notices' lead: claim them now, so the scheduler's pass (which
        // reads the token to build the event) cannot land inside the windows counted below.
        await announceExpiries(server.running.deps);
        let before = server.storeCalls();
        for (let index = 0; index < 30; index++) expect((await verify(token.secret)).body.code).toBe('valid');
        const hotReads = server.storeCalls() - before;
        const unknown = formatSecret('api', 0, new Uint8Array(32).fill(9));
        before = server.storeCalls();
        for (let index = 0; index < 30; index++) expect((await verify(unknown)).body.code).toBe('not_found');
        const unknownReads = server.storeCalls() - before;
        const badChecksum = `${token.secret.slice(0, -1)}${token.secret.endsWith('A') ? 'B' : 'A'}`;
        before = server.storeCalls();
        for (let index = 0; index < 30; index++)
          expect((await verify(badChecksum)).body.code).toBe('malformed');
        const badReads = server.storeCalls() - before;
        console.info(
          `store calls for 30 verifications: hot ${hotReads}, unknown ${unknownReads}, bad ${badReads}`,
        );
        // The last-used batch written once a second meanwhile is background work and counts nothing.
        expect(hotReads).toBe(0);
        expect(unknownReads).toBe(1);
        expect(badReads).toBe(0);
      });

      it('revoke, rotate and deactivation are seen by the very next verification', async () => {
        const revoked = await createToken(server, server.ownerToken, { ttl: 600 });
        await warm(revoked.secret);
        expectStatus(
          await call(server, 'DELETE', `/v1/tokens/${revoked.id}`, { token: server.ownerToken }),
          204,
        );
        expect((await verify(revoked.secret)).body.code).toBe('revoked');

        const rotated = await createToken(server, server.ownerToken, { ttl: 600 });
        await warm(rotated.secret);
        const fresh = await call(server, 'POST', `/v1/tokens/${rotated.id}/rotate`, {
          token: server.ownerToken,
        });
        expectStatus(fresh, 200);
        expect((await verify(rotated.secret)).body.code).toBe('revoked');
        expect((await verify(fresh.body.secret)).body.code).toBe('valid');

        const disabled = await createToken(server, server.ownerToken, { ttl: 600 });
        await warm(disabled.secret);
        const patched = await call(server, 'PATCH', `/v1/tokens/${disabled.id}`, {
          token: server.ownerToken,
          body: { is_active: false },
        });
        expectStatus(patched, 200);
        expect((await verify(disabled.secret)).body.code).toBe('disabled');
      });

      it('a narrowed scope and a new max_uses apply to the very next verification', async () => {
        const token = await createToken(server, server.ownerToken, { ttl: 600, scopes: ['orders:*'] });
        await warm(token.secret, { action: 'orders:write' });
        await call(server, 'PATCH', `/v1/tokens/${token.id}`, {
          token: server.ownerToken,
          body: { scopes: ['orders:read'], max_uses: 2 },
        });
        expect((await verify(token.secret, { action: 'orders:write' })).body.code).toBe('forbidden');
        expect((await verify(token.secret)).body).toMatchObject({ code: 'valid', remaining: 1 });
        expect((await verify(token.secret)).body).toMatchObject({ code: 'valid', remaining: 0 });
        expect((await verify(token.secret)).body.code).toBe('usage_exceeded');
      });

      it('expiry and not_before are checked on every hit, to the millisecond', async () => {
        const token = await createToken(server, server.ownerToken, { ttl: 60 });
        await warm(token.secret);
        const expiresAtMs = Date.parse(token.expires_at as string);
        clock.set(expiresAtMs - 1);
        expect((await verify(token.secret)).body.code).toBe('valid');
        clock.set(expiresAtMs);
        expect((await verify(token.secret)).body.code).toBe('expired');
      });

      it("a tenant's suspension and a custom role edit reach its cached tokens at once", async () => {
        const tenant = await addTenant(server, server.ownerToken, 'cached-tenant');
        await warm(tenant.ownerSecret);
        const suspended = await call(server, 'PATCH', `/v1/tenants/${tenant.tenantId}`, {
          token: server.ownerToken,
          body: { suspended: true },
        });
        expectStatus(suspended, 200);
        expect((await verify(tenant.ownerSecret)).body.code).toBe('disabled');

        const policy = [{ effect: 'allow', actions: ['reports:read'], resources: ['*'] }];
        expectStatus(
          await call(server, 'POST', '/v1/roles', {
            token: server.ownerToken,
            body: { key: 'reports', name: 'R', policy },
          }),
          201,
        );
        const token = await createToken(server, server.ownerToken, { ttl: 600, custom_roles: ['reports'] });
        await warm(token.secret, { action: 'reports:read' });
        await call(server, 'PATCH', '/v1/roles/reports', {
          token: server.ownerToken,
          body: { policy: [{ effect: 'allow', actions: ['reports:list'], resources: ['*'] }] },
        });
        expect((await verify(token.secret, { action: 'reports:read' })).body.code).toBe('forbidden');
      });

      it('a read that raced a revoke cannot put the revoked token back in the cache', async () => {
        const token = await createToken(server, server.ownerToken, { ttl: 600 });
        const held = gate.arm();
        const racing = verify(token.secret); // a miss: reads the store, then waits at the gate
        await held.read;
        // The revoke commits (and invalidates) while that read's answer is still on its way to the cache.
        expectStatus(
          await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken }),
          204,
        );
        held.release();
        expect((await racing).body.code).toBe('valid'); // concurrent with the revoke: either verdict is fair
        expect((await verify(token.secret)).body.code).toBe('revoked');
        expect((await verify(token.secret)).body.code).toBe('revoked');
      });
    });

    describe('answers that must be read fresh, and changes through custom roles', () => {
      it('a refused verification reports the uses left and the rate window as they are now', async () => {
        const token = await createToken(server, server.ownerToken, {
          ttl: 600,
          scopes: ['orders:read'],
          max_uses: 3,
          rate_limit: { limit: 100, window_seconds: 60 },
        });
        const remaining: unknown[] = [];
        for (let index = 0; index < 3; index++) remaining.push((await verify(token.secret)).body.remaining);
        expect(remaining).toEqual([2, 1, 0]);
        const refused = await verify(token.secret, { action: 'orders:delete' });
        expect(refused.body).toMatchObject({ code: 'forbidden', remaining: 0 });
        // Refused before the limiter step: counted nothing, but the window is still told.
        expect(refused.body.ratelimit).toMatchObject({ limit: 100, remaining: 97 });
        expect(refused.body.decision).toMatchObject({ effect: 'deny' });
        const exhausted = await verify(token.secret);
        expect(exhausted.body).toMatchObject({ code: 'usage_exceeded', remaining: 0 });
        expect(exhausted.body.ratelimit).toMatchObject({ limit: 100, remaining: 96 });
      });

      it('a CIDR refusal still reports the decision an asked action got', async () => {
        const token = await createToken(server, server.ownerToken, {
          ttl: 600,
          scopes: ['orders:read'],
          allowed_cidrs: ['10.0.0.0/8'],
        });
        const refused = await verify(token.secret, { action: 'orders:read', ip: '192.0.2.1' });
        expect(refused.body).toMatchObject({ code: 'forbidden', decision: { effect: 'allow' } });
      });

      it('patching and rotating a token that carries a custom role completes, and the role still decides', async () => {
        const policy = [{ effect: 'allow', actions: ['invoices:read'], resources: ['*'] }];
        const role = await call(server, 'POST', '/v1/roles', {
          token: server.ownerToken,
          body: { key: 'invoice_reader', name: 'Invoices', policy },
        });
        expectStatus(role, 201);
        const token = await createToken(server, server.ownerToken, {
          ttl: 600,
          custom_roles: ['invoice_reader'],
        });
        await warm(token.secret, { action: 'invoices:read' });
        const patched = await call(server, 'PATCH', `/v1/tokens/${token.id}`, {
          token: server.ownerToken,
          body: { name: 'invoices-renamed' },
        });
        expectStatus(patched, 200);
        const rotated = await call(server, 'POST', `/v1/tokens/${token.id}/rotate`, {
          token: server.ownerToken,
        });
        expectStatus(rotated, 200);
        expect((await verify(rotated.body.secret, { action: 'invoices:read' })).body.code).toBe('valid');
        expect((await verify(rotated.body.secret, { action: 'invoices:write' })).body.code).toBe('forbidden');
        // The store still answers other requests (nothing waits on a stuck transaction).
        expectStatus(await call(server, 'GET', '/v1/tokens?limit=1', { token: server.ownerToken }), 200);
      });

      it('a role whose key holds "_" is not "in use" by a token naming a key it would LIKE-match', async () => {
        for (const key of ['a_b', 'axb']) {
          const created = await call(server, 'POST', '/v1/roles', {
            token: server.ownerToken,
            body: { key, name: key, policy: [{ effect: 'allow', actions: ['x:read'], resources: ['*'] }] },
          });
          expectStatus(created, 201);
        }
        await createToken(server, server.ownerToken, { ttl: 600, custom_roles: ['axb'] });
        expectStatus(await call(server, 'DELETE', '/v1/roles/a_b', { token: server.ownerToken }), 204);
        expectStatus(
          await call(server, 'DELETE', '/v1/roles/axb', { token: server.ownerToken }),
          409,
          'conflict',
        );
      });
    });

    describe('the bearer door', () => {
      it('refuses a cached, revoked, use-limited token with a 401 and no store read', async () => {
        const token = await createToken(server, server.ownerToken, { ttl: 600, max_uses: 5 });
        await call(server, 'GET', '/v1/tokens/self', { token: token.secret });
        await call(server, 'DELETE', `/v1/tokens/${token.id}`, { token: server.ownerToken });
        expectStatus(
          await call(server, 'GET', '/v1/tokens/self', { token: token.secret }),
          401,
          'unauthorized',
        );
        const before = server.storeCalls();
        for (let index = 0; index < 10; index++) {
          expectStatus(
            await call(server, 'GET', '/v1/tokens/self', { token: token.secret }),
            401,
            'unauthorized',
          );
        }
        // A use-limited token's refusal tells uses left only on POST /v1/verify, which reads them.
        expect(server.storeCalls() - before).toBe(0);
        expect((await verify(token.secret)).body).toMatchObject({ code: 'revoked', remaining: 4 });
      });

      it('/v1/tokens/self answers this use, the uses left and every change, with no store read', async () => {
        const token = await createToken(server, server.ownerToken, { ttl: 600, max_uses: 10 });
        for (let index = 0; index < 3; index++) await verify(token.secret);
        const readSelf = async (userAgent: string) => {
          const self = await call(server, 'GET', '/v1/tokens/self', {
            token: token.secret,
            headers: { 'user-agent': userAgent },
          });
          expectStatus(self, 200);
          return self;
        };
        // The bearer request spends a use too: 10 − 3 − 1. Its own use is the last one, though the
        // written-behind batch holding it has not landed.
        const startedMs = clock.nowMs();
        let self = await readSelf('self-reader/1');
        expect(self.body.remaining_uses).toBe(6);
        expect(Date.parse(self.body.last_used_at)).toBeGreaterThanOrEqual(startedMs);
        expect(self.body.last_used_user_agent).toBe('self-reader/1');
        // A change by someone else is seen by the next self read, with its new ETag.
        expectStatus(
          await call(server, 'PATCH', `/v1/tokens/${token.id}`, {
            token: server.ownerToken,
            body: { name: 'renamed-while-cached' },
          }),
          200,
        );
        self = await readSelf('self-reader/2');
        expect(self.body).toMatchObject({ name: 'renamed-while-cached', remaining_uses: 5 });
        // What it answers is what the store holds once the batch lands (the ETag included).
        await server.running.deps.usage.flush();
        const stored = await call(server, 'GET', `/v1/tokens/${token.id}`, { token: server.ownerToken });
        expectStatus(stored, 200);
        expect(stored.body).toEqual(self.body);
        expect(stored.headers.get('etag')).toBe(self.headers.get('etag'));
        // Warm now: a self read costs no store call but the use it spends (a max_uses token's claim).
        const before = server.storeCalls();
        await readSelf('self-reader/3');
        expect(server.storeCalls() - before).toBe(1);
      });

      it("LaunchDarkly's read of the caller's own token shows its member from the credential: no store read, a new e-mail at once", async () => {
        const token = await createToken(server, server.ownerToken, { ttl: 600 });
        const readOwn = async () => {
          const read = await call(server, 'GET', `/compat/launchdarkly/api/v2/tokens/${token.id}`, {
            headers: { authorization: token.secret },
          });
          expectStatus(read, 200);
          return read.body;
        };
        const first = await readOwn();
        const memberId = first.memberId as string;
        expect(first._member).toMatchObject({ _id: memberId, role: 'owner' });
        const before = server.storeCalls();
        expect(await readOwn()).toEqual(first);
        expect(server.storeCalls() - before).toBe(0);
        // A change to the member reaches the cached credential, so the next read shows it.
        const email = `owner-${memberId.slice(-6).toLowerCase()}@renamed.example`;
        expectStatus(
          await call(server, 'PATCH', `/v1/members/${memberId}`, {
            token: server.ownerToken,
            body: { email },
          }),
          200,
        );
        expect((await readOwn())._member).toMatchObject({ _id: memberId, role: 'owner', email });
      });
    });

    afterAll(() => {
      const { counts } = server.running.app.verifyFastPath;
      console.info(
        `verify fast path ${fastPath ? 'on' : 'off'}: served ${counts.served}, handed over ${counts.handedOver}`,
      );
      if (fastPath) expect(counts.served).toBeGreaterThan(50);
      else expect(counts.served).toBe(0);
    });
  });
}
