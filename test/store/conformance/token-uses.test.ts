// Conformance: a use limit is counted by guarded statements, exact under concurrency; changing the
// limit keeps the uses already spent.
import { expect, it } from 'vitest';
import { describeEachBackend } from './backends.js';
import { insertTenantWithOwner, insertToken, withoutFacts } from './fixtures.js';

describeEachBackend((store) => {
  const limitedToken = async (maxUses: number) => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id, { maxUses, remainingUses: maxUses });
    const uses = async () => (await store().findToken(tenant.id, token.id))!;
    return { tenant, token, uses };
  };

  it('consumeUse counts down to zero, then answers null and stays at zero', async () => {
    const { token, uses } = await limitedToken(2);
    expect(await store().consumeUse(token.id)).toBe(1);
    expect(await store().consumeUse(token.id)).toBe(0);
    expect(await store().consumeUse(token.id)).toBeNull();
    expect(await store().consumeUse(token.id)).toBeNull();
    expect((await uses()).remainingUses).toBe(0);
  });

  it('consumeUse on a token without a use limit answers null and writes nothing', async () => {
    const { tenant, owner } = await insertTenantWithOwner(store());
    const { token } = await insertToken(store(), tenant.id, owner.id);
    expect(await store().consumeUse(token.id)).toBeNull();
    expect(withoutFacts(await store().findToken(tenant.id, token.id))).toEqual(token);
  });

  it('concurrent consumeUse calls never use more than the limit', async () => {
    const { token, uses } = await limitedToken(5);
    const left = await Promise.all(Array.from({ length: 12 }, () => store().consumeUse(token.id)));
    expect(left.filter((value) => value !== null).sort((a, b) => a! - b!)).toEqual([0, 1, 2, 3, 4]);
    expect((await uses()).remainingUses).toBe(0);
  });

  it('setMaxUses raising the limit keeps spent uses spent', async () => {
    const { tenant, token, uses } = await limitedToken(5);
    await store().consumeUse(token.id);
    await store().consumeUse(token.id);
    await store().setMaxUses(tenant.id, token.id, 10);
    expect(await uses()).toMatchObject({ maxUses: 10, remainingUses: 8 });
  });

  it('setMaxUses lowering the limit below the uses spent leaves none, never a negative count', async () => {
    const { tenant, token, uses } = await limitedToken(5);
    for (let spent = 0; spent < 3; spent++) await store().consumeUse(token.id);
    await store().setMaxUses(tenant.id, token.id, 2);
    expect(await uses()).toMatchObject({ maxUses: 2, remainingUses: 0 });
    expect(await store().consumeUse(token.id)).toBeNull();
  });

  // KNOWN DEFECT, on both databases: uses spent are derived as max_uses - remaining_uses, so lowering
  // the limit below them forgets the excess; raised again, the token gets spent uses back (here 2 left,
  // not 1). Keeping them needs a spent-uses column. When that lands, drop `.fails`.
  it.fails('setMaxUses lowered below the uses spent, then raised, still counts every use spent', async () => {
    const { tenant, token, uses } = await limitedToken(5);
    for (let spent = 0; spent < 3; spent++) await store().consumeUse(token.id);
    await store().setMaxUses(tenant.id, token.id, 2);
    await store().setMaxUses(tenant.id, token.id, 4);
    expect(await uses()).toMatchObject({ maxUses: 4, remainingUses: 1 });
  });

  it('setMaxUses to exactly the uses spent leaves zero', async () => {
    const { tenant, token, uses } = await limitedToken(3);
    await store().consumeUse(token.id);
    await store().setMaxUses(tenant.id, token.id, 1);
    expect(await uses()).toMatchObject({ maxUses: 1, remainingUses: 0 });
  });

  it('setMaxUses(null) removes the limit; a new limit on an unlimited token starts with nothing spent', async () => {
    const { tenant, token, uses } = await limitedToken(5);
    await store().consumeUse(token.id);
    await store().setMaxUses(tenant.id, token.id, null);
    expect(await uses()).toMatchObject({ maxUses: null, remainingUses: null });
    await store().setMaxUses(tenant.id, token.id, 3);
    expect(await uses()).toMatchObject({ maxUses: 3, remainingUses: 3 });
  });

  it('setMaxUses under another tenant changes nothing', async () => {
    const { token, uses } = await limitedToken(5);
    const other = await insertTenantWithOwner(store());
    await store().setMaxUses(other.tenant.id, token.id, 1);
    expect(await uses()).toMatchObject({ maxUses: 5, remainingUses: 5 });
  });
});
