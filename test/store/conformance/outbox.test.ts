// Conformance: outbox events commit with the change that writes them or not at all, and each fans out
// at once to one pending delivery per subscribed, active webhook of its own tenant; claims hand out the
// oldest pending delivery of each (webhook, subject) only, and each expiry notice is taken once.
import { expect, it } from 'vitest';
import type { OutboxEventRecord, StoreOperations, WebhookRecord } from '../../../src/store/store.js';
import { describeEachBackend } from './backends.js';
import { insertTenantWithOwner, uniqueId } from './fixtures.js';

function webhook(tenantId: string, events: string[], overrides: Partial<WebhookRecord> = {}): WebhookRecord {
  return {
    id: uniqueId('whk'),
    tenantId,
    url: 'https://example.com/hook',
    description: null,
    events,
    isActive: true,
    disabledReason: null,
    secretSealed: '1.iv.sealed',
    previousSecretSealed: null,
    previousSecretExpiresAtMs: null,
    failedInARow: 0,
    createdAtMs: 1_000,
    updatedAtMs: 1_000,
    ...overrides,
  };
}

let sequence = 0;
function event(
  tenantId: string,
  subjectId: string,
  type: OutboxEventRecord['type'] = 'token.created',
): OutboxEventRecord {
  return {
    id: `evt_${String(++sequence).padStart(12, '0')}${uniqueId('x').slice(2)}`,
    tenantId,
    type,
    subjectId,
    occurredAtMs: 2_000,
    data: { id: subjectId, name: 'n' },
  };
}

const deliveriesOf = async (tx: StoreOperations, tenantId: string, webhookId: string) =>
  (await tx.listDeliveries(tenantId, webhookId, 100, 0)).items;

describeEachBackend((store) => {
  it('an event written in a transaction that fails leaves neither the event nor its deliveries', async () => {
    const { tenant } = await insertTenantWithOwner(store());
    const hook = webhook(tenant.id, ['*']);
    await store().insertWebhook(hook);
    const refusal = new Error('refused after writing');
    await expect(
      store().transaction(async (tx) => {
        await tx.insertEvents([event(tenant.id, 'tok_a')]);
        expect(await deliveriesOf(tx, tenant.id, hook.id)).toHaveLength(1);
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await deliveriesOf(store(), tenant.id, hook.id)).toHaveLength(0);
  });

  it('fans out to subscribed, active webhooks of the event’s tenant only', async () => {
    const { tenant } = await insertTenantWithOwner(store());
    const { tenant: other } = await insertTenantWithOwner(store());
    const all = webhook(tenant.id, ['*']);
    const revokedOnly = webhook(tenant.id, ['token.revoked']);
    const off = webhook(tenant.id, ['*'], { isActive: false });
    const foreign = webhook(other.id, ['*']);
    for (const hook of [all, revokedOnly, off, foreign]) await store().insertWebhook(hook);
    await store().transaction((tx) =>
      tx.insertEvents([event(tenant.id, 'tok_b'), event(tenant.id, 'tok_b', 'token.revoked')]),
    );
    expect((await deliveriesOf(store(), tenant.id, all.id)).map((d) => d.eventType).sort()).toEqual([
      'token.created',
      'token.revoked',
    ]);
    expect((await deliveriesOf(store(), tenant.id, revokedOnly.id)).map((d) => d.eventType)).toEqual([
      'token.revoked',
    ]);
    expect(await deliveriesOf(store(), tenant.id, off.id)).toHaveLength(0);
    expect(await deliveriesOf(store(), other.id, foreign.id)).toHaveLength(0);
  });

  it('claims the oldest pending delivery per subject, not a claimed one, and a stale claim again', async () => {
    const { tenant } = await insertTenantWithOwner(store());
    const hook = webhook(tenant.id, ['*']);
    await store().insertWebhook(hook);
    const subject = uniqueId('tok');
    const [first, second] = [event(tenant.id, subject), event(tenant.id, subject, 'token.updated')];
    const third = event(tenant.id, uniqueId('tok'));
    await store().transaction((tx) => tx.insertEvents([first!, second!, third]));
    const mine = (claims: readonly { event: { id: string } }[]) =>
      claims.map((claim) => claim.event.id).filter((id) => [first!.id, second!.id, third.id].includes(id));
    const claimed = await store().transaction((tx) => tx.claimDeliveries(10_000, 0, 100, 'claim-a'));
    expect(mine(claimed).sort()).toEqual([first!.id, third.id].sort());
    // Held: nothing more of them now; the second waits behind the first.
    expect(mine(await store().transaction((tx) => tx.claimDeliveries(10_000, 0, 100, 'claim-b')))).toEqual(
      [],
    );
    // 30 s later the claims are stale: taken again.
    expect(
      mine(await store().transaction((tx) => tx.claimDeliveries(50_000, 20_000, 100, 'claim-c'))).sort(),
    ).toEqual([first!.id, third.id].sort());
    const firstClaim = claimed.find((claim) => claim.event.id === first!.id)!;
    // The old claim was taken over: its record is refused.
    const outcome = {
      attempt: { atMs: 50_001, status: 200, durationMs: 5, error: null },
      status: 'delivered' as const,
      nextAttemptAtMs: 50_001,
      disableAfterFailures: 100,
    };
    expect(await store().recordAttempt(firstClaim.delivery.id, 'claim-a', outcome)).toBe(false);
    expect(await store().recordAttempt(firstClaim.delivery.id, 'claim-c', outcome)).toBe(true);
    expect(
      mine(await store().transaction((tx) => tx.claimDeliveries(50_002, 20_002, 100, 'claim-d'))),
    ).toEqual([second!.id]);
  });

  it('takes each expiry notice once', async () => {
    const token = uniqueId('tok');
    expect(await store().claimExpiryNotice(token, 86_400, 1_000)).toBe(true);
    expect(await store().claimExpiryNotice(token, 86_400, 2_000)).toBe(false);
    expect(await store().claimExpiryNotice(token, 0, 2_000)).toBe(true);
  });
});
