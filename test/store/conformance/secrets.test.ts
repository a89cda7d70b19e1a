// Conformance: a secret's digest reads back as the credential a verification decides on; rotating
// ends the old secrets at a given time, and never lets an old secret live longer than it already would.
import { expect, it } from 'vitest';
import type { PolicyStatement } from '../../../src/core/policy.js';
import { describeEachBackend } from './backends.js';
import { insertMember, insertTenantWithOwner, insertToken, newSecret } from './fixtures.js';

describeEachBackend((store) => {
  const secretEnd = async (digest: string) =>
    (await store().findCredentialByDigest(digest))?.secretExpiresAtMs;

  it('findCredentialByDigest reads the token, its tenant and its owner; an unknown digest is null', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token, secret } = await insertToken(store(), tenant.id, owner.id);
    // The credential's token is the token as a read answers it, facts included (a self read uses it).
    expect(await store().findCredentialByDigest(secret.digest)).toEqual({
      customRoles: [],
      token: {
        ...token,
        facts: {
          memberRole: 'owner',
          memberRemoved: false,
          tenantSuspended: false,
          previousSecretExpiresAtMs: null,
        },
      },
      secretExpiresAtMs: null,
      memberRole: 'owner',
      memberEmail: owner.email,
      memberRemoved: false,
      tenantSuspended: false,
      tenantIsOperator: false,
    });
    expect(await store().findCredentialByDigest('no-such-digest')).toBeNull();
  });

  it('the credential tells a removed owner, a suspended tenant and the custom roles named', async () => {
    const { tenant } = await insertTenantWithOwner(store());
    const member = await insertMember(store(), tenant.id, { role: 'writer' });
    const policy: PolicyStatement[] = [{ effect: 'allow', actions: ['tokens:read'], resources: ['*'] }];
    const role = { tenantId: tenant.id, key: 'reader', name: 'Reader', description: null, createdAtMs: 1 };
    await store().saveCustomRole({ ...role, policy, updatedAtMs: 1 }, false);
    const { secret } = await insertToken(store(), tenant.id, member.id, {
      customRoles: ['reader', 'absent'],
    });
    await store().updateMember(tenant.id, member.id, { removedAtMs: 2_000 }, 2_000);
    await store().updateTenant(tenant.id, { suspendedAtMs: 3_000 }, 3_000);
    expect(await store().findCredentialByDigest(secret.digest)).toMatchObject({
      customRoles: [{ key: 'reader', policy }],
      memberRole: 'writer',
      memberEmail: member.email,
      memberRemoved: true,
      tenantSuspended: true,
    });
  });

  it('rotateSecret adds a current secret and ends the old one at the given time', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token, secret: first } = await insertToken(store(), tenant.id, owner.id);
    const second = newSecret();
    await store().rotateSecret(token.id, second, 10_000, 50_000);
    expect(await secretEnd(first.digest)).toBe(50_000);
    expect(await secretEnd(second.digest)).toBeNull();
    // Either secret's credential tells the old one's end, as a read of the token does.
    const read = await store().findToken(tenant.id, token.id);
    expect(read?.facts?.previousSecretExpiresAtMs).toBe(50_000);
    for (const digest of [first.digest, second.digest])
      expect((await store().findCredentialByDigest(digest))?.token).toEqual(read);
  });

  it("rotateSecret never moves an old secret's end later, and cuts a longer grace short", async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token, secret: first } = await insertToken(store(), tenant.id, owner.id);
    const second = newSecret();
    const third = newSecret();
    const fourth = newSecret();
    await store().rotateSecret(token.id, second, 10_000, 50_000);
    // A longer grace asked for later: `first` keeps its earlier end; `second` gets the new one.
    await store().rotateSecret(token.id, third, 20_000, 90_000);
    expect(await secretEnd(first.digest)).toBe(50_000);
    expect(await secretEnd(second.digest)).toBe(90_000);
    expect(await secretEnd(third.digest)).toBeNull();
    // A rotation that ends the old secrets now cuts every grace period short.
    await store().rotateSecret(token.id, fourth, 30_000, 30_000);
    for (const old of [first, second, third]) expect(await secretEnd(old.digest)).toBe(30_000);
    expect(await secretEnd(fourth.digest)).toBeNull();
  });

  it("rotateSecret touches only the rotated token's secrets", async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    const { secret: bystander } = await insertToken(store(), tenant.id, owner.id);
    await store().rotateSecret(token.id, newSecret(), 10_000, 10_000);
    expect(await secretEnd(bystander.digest)).toBeNull();
  });
});
