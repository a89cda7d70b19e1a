// The verify cache on its own: bounded, trusted for a TTL, invalidated by token and by tenant, and a
// fill that raced an invalidation is dropped (so a revoke can never be undone by a slow read).
import { describe, expect, it } from 'vitest';
import { CredentialCache } from '../../src/cache/lru.js';
import type { Credential } from '../../src/core/verify.js';

function credential(tokenId: string, tenantId = 'ten_a'): Credential {
  return {
    token: { id: tokenId, tenantId } as Credential['token'],
    secretExpiresAtMs: null,
    memberRole: 'owner',
    memberEmail: 'owner@example.com',
    memberRemoved: false,
    tenantSuspended: false,
    tenantIsOperator: false,
    customRoles: [],
  };
}

const settings = { maxEntries: 3, maxNegativeEntries: 2, ttlMs: 1000, negativeTtlMs: 5000 };

describe('CredentialCache', () => {
  it('a fill that started before an invalidation is dropped; one that started after is kept', () => {
    const cache = new CredentialCache(settings);
    const startedAt = cache.generation;
    cache.invalidate({ tokenId: 'tok_1' }); // the revoke commits while the read is in flight
    cache.fill('d1', credential('tok_1'), startedAt, 0);
    expect(cache.lookup('d1', 0)).toBeUndefined();
    expect(cache.counters.droppedFills).toBe(1);
    cache.fill('d1', credential('tok_1'), cache.generation, 0);
    expect(cache.lookup('d1', 0)?.token.id).toBe('tok_1');
  });

  it('invalidates every digest of a token (old secret in grace too), and only that token', () => {
    const cache = new CredentialCache(settings);
    cache.fill('old', credential('tok_1'), cache.generation, 0);
    cache.fill('new', credential('tok_1'), cache.generation, 0);
    cache.fill('other', credential('tok_2'), cache.generation, 0);
    cache.invalidate({ tokenId: 'tok_1' });
    expect(cache.lookup('old', 0)).toBeUndefined();
    expect(cache.lookup('new', 0)).toBeUndefined();
    expect(cache.lookup('other', 0)?.token.id).toBe('tok_2');
  });

  it("invalidates a whole tenant's credentials and leaves other tenants'", () => {
    const cache = new CredentialCache(settings);
    cache.fill('a1', credential('tok_1', 'ten_a'), cache.generation, 0);
    cache.fill('a2', credential('tok_2', 'ten_a'), cache.generation, 0);
    cache.fill('b1', credential('tok_3', 'ten_b'), cache.generation, 0);
    cache.invalidate({ tenantId: 'ten_a' });
    expect([cache.lookup('a1', 0), cache.lookup('a2', 0)]).toEqual([undefined, undefined]);
    expect(cache.lookup('b1', 0)?.token.id).toBe('tok_3');
  });

  it('is bounded: the least recently used credential goes first', () => {
    const cache = new CredentialCache(settings);
    for (const digest of ['d1', 'd2', 'd3']) cache.fill(digest, credential(digest), cache.generation, 0);
    cache.lookup('d1', 0); // d2 is now the least recently used
    cache.fill('d4', credential('d4'), cache.generation, 0);
    expect(cache.size.positive).toBe(3);
    expect(cache.lookup('d2', 0)).toBeUndefined();
    expect(cache.lookup('d1', 0)?.token.id).toBe('d1');
  });

  it('trusts a credential for the TTL only, and an unknown digest for the negative TTL', () => {
    const cache = new CredentialCache(settings);
    cache.fill('known', credential('tok_1'), cache.generation, 0);
    cache.fill('unknown', null, cache.generation, 0);
    expect(cache.lookup('known', 999)?.token.id).toBe('tok_1');
    expect(cache.lookup('known', 1000)).toBeUndefined();
    expect(cache.lookup('unknown', 4999)).toBeNull();
    expect(cache.lookup('unknown', 5000)).toBeUndefined();
  });

  it('the negative cache is bounded too', () => {
    const cache = new CredentialCache(settings);
    for (const digest of ['u1', 'u2', 'u3']) cache.fill(digest, null, cache.generation, 0);
    expect(cache.size.negative).toBe(2);
    expect(cache.lookup('u1', 0)).toBeUndefined();
  });

  it('switched off, it keeps no credential and drops what it had; switched on, older fills are dropped', () => {
    const cache = new CredentialCache(settings);
    cache.fill('d1', credential('tok_1'), cache.generation, 0);
    const startedWhileOn = cache.generation;
    cache.setPositiveEnabled(false);
    expect(cache.lookup('d1', 0)).toBeUndefined();
    cache.fill('d1', credential('tok_1'), cache.generation, 0);
    expect(cache.lookup('d1', 0)).toBeUndefined();
    const startedWhileOff = cache.generation;
    cache.setPositiveEnabled(true);
    cache.fill('d1', credential('tok_1'), startedWhileOff, 0);
    cache.fill('d1', credential('tok_1'), startedWhileOn, 0);
    expect(cache.lookup('d1', 0)).toBeUndefined();
    cache.fill('d1', credential('tok_1'), cache.generation, 0);
    expect(cache.lookup('d1', 0)?.token.id).toBe('tok_1');
  });

  it('size 0 keeps nothing (every verification reads the store)', () => {
    const cache = new CredentialCache({ ...settings, maxEntries: 0 });
    cache.fill('d1', credential('tok_1'), cache.generation, 0);
    expect(cache.lookup('d1', 0)).toBeUndefined();
    expect(cache.size.positive).toBe(0);
  });
});
