// Conformance: a token is written whole only over the revision it was read at; a stale write changes
// nothing, and no write rolls back the counters kept by their own statements (uses, last use).
import { expect, it } from 'vitest';
import { describeEachBackend } from './backends.js';
import { insertTenantWithOwner, insertToken, withoutFacts } from './fixtures.js';

describeEachBackend((store) => {
  it('updateToken over the current revision writes every field and stores revision + 1', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    const changed = { ...token, name: 'renamed', description: 'now described', updatedAtMs: 2_000 };
    expect(await store().updateToken(changed, 1)).toBe(true);
    expect(withoutFacts(await store().findToken(tenant.id, token.id))).toEqual({ ...changed, revision: 2 });
  });

  it('updateToken over a stale revision returns false and writes nothing', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    expect(await store().updateToken({ ...token, name: 'first' }, 1)).toBe(true);
    // A second writer that read revision 1 too: it lost, and its change must not land.
    expect(await store().updateToken({ ...token, name: 'second', isActive: false }, 1)).toBe(false);
    const stored = await store().findToken(tenant.id, token.id);
    expect(stored).toMatchObject({ name: 'first', isActive: true, revision: 2 });
  });

  it('updateToken from a revision ahead of the stored one returns false', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    expect(await store().updateToken({ ...token, name: 'ahead' }, 5)).toBe(false);
    expect(withoutFacts(await store().findToken(tenant.id, token.id))).toEqual(token);
  });

  it('updateToken of a token under another tenant returns false and writes nothing', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const other = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    expect(await store().updateToken({ ...token, tenantId: other.tenant.id, name: 'moved' }, 1)).toBe(false);
    expect(withoutFacts(await store().findToken(tenant.id, token.id))).toEqual(token);
  });

  it('of concurrent updates over one revision, exactly one wins', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, index) => store().updateToken({ ...token, name: `writer-${index}` }, 1)),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = outcomes.indexOf(true);
    expect(await store().findToken(tenant.id, token.id)).toMatchObject({
      name: `writer-${winner}`,
      revision: 2,
    });
  });

  it('a stale copy written by updateToken never gives back spent uses or moves the last use back', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id, { maxUses: 3, remainingUses: 3 });
    expect(await store().consumeUse(token.id)).toBe(2);
    await store().recordLastUsed([{ tokenId: token.id, atMs: 5_000, ip: '192.0.2.1', userAgent: 'agent' }]);
    // `token` still says 3 uses left and never used.
    expect(await store().updateToken({ ...token, name: 'renamed' }, 1)).toBe(true);
    expect(await store().findToken(tenant.id, token.id)).toMatchObject({
      name: 'renamed',
      maxUses: 3,
      remainingUses: 2,
      lastUsedAtMs: 5_000,
      lastUsedIp: '192.0.2.1',
      lastUsedUserAgent: 'agent',
    });
  });

  it('recordLastUsed keeps the latest use: an older one arriving later does not move it back', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    await store().recordLastUsed([
      { tokenId: token.id, atMs: 9_000, ip: '192.0.2.9', userAgent: null },
      { tokenId: token.id, atMs: 4_000, ip: '192.0.2.4', userAgent: null },
    ]);
    expect(await store().findToken(tenant.id, token.id)).toMatchObject({
      lastUsedAtMs: 9_000,
      lastUsedIp: '192.0.2.9',
    });
  });

  it('revokeToken revokes once: the updated record, then null; the revision moves on', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    const revoked = await store().revokeToken(tenant.id, token.id, 7_000);
    expect(withoutFacts(revoked)).toEqual({
      ...token,
      revokedAtMs: 7_000,
      revokedReason: 'revoked',
      updatedAtMs: 7_000,
      revision: 2,
    });
    expect(await store().revokeToken(tenant.id, token.id, 8_000)).toBeNull();
    expect(withoutFacts(await store().findToken(tenant.id, token.id))).toEqual(withoutFacts(revoked));
    // Why is kept: a leak report says so.
    const { token: leaked } = await insertToken(store(), tenant.id, owner.id);
    expect((await store().revokeToken(tenant.id, leaked.id, 9_000, 'leaked'))?.revokedReason).toBe('leaked');
  });

  it('a token is found only under its own tenant', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const other = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    expect(await store().findToken(other.tenant.id, token.id)).toBeNull();
    expect(await store().revokeToken(other.tenant.id, token.id, 7_000)).toBeNull();
    expect(withoutFacts(await store().findToken(tenant.id, token.id))).toEqual(token);
  });
});
