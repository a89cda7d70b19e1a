// The permanent-token cap holds under concurrency: exact counts, every run.
import { describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer();

async function parallelCreates(token: string, count: number) {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      call(server, 'POST', '/v1/tokens', { token, body: { name: `perm-${index}` } }),
    ),
  );
  const statuses = answers.map((answer) => answer.status);
  return {
    created: statuses.filter((status) => status === 201).length,
    refused: answers.filter(
      (answer) => answer.status === 409 && answer.body.code === 'permanent_token_cap_reached',
    ).length,
    other: statuses.filter((status) => status !== 201 && status !== 409),
  };
}

describe('permanent-token cap (RELIABILITY C)', () => {
  it('50 parallel creates of permanent tokens for one owner: exactly 5 × 201 and 45 × 409', async () => {
    const member = await addMember(server, server.ownerToken, 'writer');
    expect(await parallelCreates(member.secret, 50)).toEqual({ created: 5, refused: 45, other: [] });
    const listed = await call(server, 'GET', '/v1/tokens?permanent=true&limit=100', { token: member.secret });
    // Five minted plus the member's first token, which does not count toward the cap.
    expect(listed.body.pagination.total_items).toBe(6);
  });

  it('with 4 existing and 20 parallel: exactly 1 × 201', async () => {
    const member = await addMember(server, server.ownerToken, 'writer');
    for (let index = 0; index < 4; index++)
      await createToken(server, member.secret, { name: `existing-${index}` });
    expect(await parallelCreates(member.secret, 20)).toEqual({ created: 1, refused: 19, other: [] });
  });

  it('revoking a permanent token frees a place; temporary tokens never count', async () => {
    const member = await addMember(server, server.ownerToken, 'writer');
    const made = [];
    for (let index = 0; index < 5; index++)
      made.push(await createToken(server, member.secret, { name: `p-${index}` }));
    expectStatus(
      await call(server, 'POST', '/v1/tokens', { token: member.secret, body: {} }),
      409,
      'permanent_token_cap_reached',
    );
    expectStatus(await call(server, 'POST', '/v1/tokens', { token: member.secret, body: { ttl: 60 } }), 201);
    await call(server, 'DELETE', `/v1/tokens/${made[0]!.id}`, { token: member.secret });
    expectStatus(await call(server, 'POST', '/v1/tokens', { token: member.secret, body: {} }), 201);
  });
});
