// The audit trail an operator can search (issue 20, item 17): filters by action, target, actor and
// time; and refused attempts recorded as access_denied, at most one per token a minute.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/clock.js';
import { addMember, call, createToken, useTestServer } from '../helpers/server.js';

const clock = new ManualClock();
const server = useTestServer({ clock });
const audit = async (query: string) => {
  const answer = await call(server, 'GET', `/v1/audit-events?limit=100&${query}`, {
    token: server.ownerToken,
  });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.data as {
    action: string;
    target_id: string;
    actor_token_id: string | null;
    occurred_at: string;
    details: Record<string, unknown>;
  }[];
};

describe('audit trail', () => {
  it('filters by action, target_id, actor_token_id, since and until', async () => {
    const startedAt = clock.nowMs();
    const first = await createToken(server, server.ownerToken, { name: 'audited-1', ttl: 600 });
    clock.advance(60_000);
    const second = await createToken(server, server.ownerToken, { name: 'audited-2', ttl: 600 });
    await call(server, 'DELETE', `/v1/tokens/${second.id}`, { token: server.ownerToken });
    const self = (await call(server, 'GET', '/v1/tokens/self', { token: server.ownerToken })).body;

    expect((await audit('action=token.revoke')).map((event) => event.target_id)).toEqual([second.id]);
    expect((await audit(`target_id=${second.id}`)).map((event) => event.action)).toEqual([
      'token.revoke',
      'token.create',
    ]);
    const mine = await audit(`actor_token_id=${self.id}`);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine.every((event) => event.actor_token_id === self.id)).toBe(true);
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(
      (await audit(`action=token.create&until=${iso(startedAt + 30_000)}`)).map((e) => e.target_id),
    ).toContain(first.id);
    expect(
      (await audit(`action=token.create&since=${iso(startedAt + 30_000)}`)).map((e) => e.target_id),
    ).toEqual([second.id]);
    for (const bad of [
      'since=yesterday',
      `since=${iso(startedAt + 1)}&until=${iso(startedAt)}`,
      'colour=red',
    ]) {
      const answer = await call(server, 'GET', `/v1/audit-events?${bad}`, { token: server.ownerToken });
      expect(answer.status, bad).toBe(400);
    }
  });

  it('records a refused attempt as access_denied, at most once per token a minute, and nothing else', async () => {
    const reader = await addMember(server, server.ownerToken, 'reader');
    const readerToken = (await call(server, 'GET', '/v1/tokens/self', { token: reader.secret })).body;
    for (let attempt = 0; attempt < 5; attempt++) {
      const refused = await call(server, 'POST', '/v1/tokens', {
        token: reader.secret,
        body: { name: 'nope' },
      });
      expect(refused.status).toBe(403);
    }
    let denied = await audit(`action=access_denied&target_id=${readerToken.id}`);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      actor_token_id: readerToken.id,
      details: { method: 'POST', route: '/v1/tokens' },
    });
    expect(String(denied[0]!.details.reason)).toMatch(/tokens:write/);
    clock.advance(61_000);
    await call(server, 'GET', '/v1/audit-events', { token: reader.secret });
    denied = await audit(`action=access_denied&target_id=${readerToken.id}`);
    expect(denied).toHaveLength(2);
    expect(denied[0]!.details).toMatchObject({ method: 'GET', route: '/v1/audit-events' });
    // No token was made by the refusals.
    expect(
      (await call(server, 'GET', '/v1/tokens?name_prefix=nope', { token: server.ownerToken })).body.data,
    ).toEqual([]);
  });
});
