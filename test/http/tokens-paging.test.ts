// Paging 1,003 tokens in every style: each token exactly once, also while tokens are created and
// revoked between page reads (cursor); tampered or foreign cursors are refused; admin-only scopes.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { type Answer, addMember, addTenant, call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer();
const TOTAL = 1003;
let member: { member: { id: string }; secret: string };
let original: Set<string>;

beforeAll(async () => {
  member = await addMember(server, server.ownerToken, 'writer');
  const started = Date.now();
  const made = [];
  for (let batch = 0; batch < TOTAL - 1; batch += 50) {
    const size = Math.min(50, TOTAL - 1 - batch);
    made.push(
      ...(await Promise.all(
        Array.from({ length: size }, () => createToken(server, member.secret, { ttl: 86_400 })),
      )),
    );
  }
  console.info(`created ${made.length} tokens in ${Date.now() - started} ms`);
  const first = await call(server, 'GET', '/v1/tokens?limit=1', { token: member.secret });
  expect(first.body.pagination.total_items).toBe(TOTAL);
  const own = await call(server, 'GET', '/v1/tokens/self', { token: member.secret });
  original = new Set([...made.map((token) => token.id), own.body.id]);
}, 120_000);

async function walk(
  firstQuery: string,
  nextQuery: (answer: any, index: number) => string | null,
  between?: () => Promise<void>,
) {
  const seen: string[] = [];
  let query: string | null = firstQuery;
  for (let index = 0; query !== null && index < 100; index++) {
    const answer: Answer = await call(server, 'GET', `/v1/tokens${query}`, { token: member.secret });
    expectStatus(answer, 200, undefined, query);
    seen.push(...answer.body.data.map((token: { id: string }) => token.id));
    query = answer.body.data.length === 0 ? null : nextQuery(answer, index + 1);
    if (between) await between();
  }
  return seen;
}

describe('walking all pages of 1,003 tokens', () => {
  it('page + per_page yields each token exactly once', async () => {
    const seen = await walk('?page=1&per_page=100', (_answer, index) => `?page=${index + 1}&per_page=100`);
    expect(seen.length).toBe(TOTAL);
    expect(new Set(seen)).toEqual(original);
  });

  it('limit + offset yields each token exactly once', async () => {
    const seen = await walk('?limit=100&offset=0', (_answer, index) => `?limit=100&offset=${index * 100}`);
    expect(seen.length).toBe(TOTAL);
    expect(new Set(seen)).toEqual(original);
  });

  it('limit + cursor yields each token exactly once, and the last page has next_cursor null', async () => {
    let lastCursor: unknown = 'unset';
    const seen = await walk('?limit=100', (answer) => {
      lastCursor = answer.body.pagination.next_cursor;
      return lastCursor === null
        ? null
        : `?limit=100&cursor=${encodeURIComponent(answer.body.pagination.next_cursor)}`;
    });
    expect(lastCursor).toBeNull();
    expect(seen.length).toBe(TOTAL);
    expect(new Set(seen)).toEqual(original);
  });

  it('cursor walk while tokens are created and revoked between reads: each original survivor exactly once', async () => {
    const victims = [...original].slice(0, 40);
    let round = 0;
    const seen = await walk(
      '?limit=50',
      (answer) =>
        answer.body.pagination.next_cursor === null
          ? null
          : `?limit=50&cursor=${encodeURIComponent(answer.body.pagination.next_cursor)}`,
      async () => {
        await createToken(server, member.secret, { ttl: 600, name: `churn-${round}` });
        const victim = victims[round++];
        if (victim !== undefined)
          await call(server, 'DELETE', `/v1/tokens/${victim}`, { token: member.secret });
      },
    );
    const counts = new Map<string, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const revoked = new Set(victims.slice(0, round));
    const missing = [...original].filter((id) => !counts.has(id) && !revoked.has(id));
    expect(missing).toEqual([]);
  });

  it('a cursor walk keeps the total it began with; a fresh first page counts again', async () => {
    const first = await call(server, 'GET', '/v1/tokens?limit=10', { token: member.secret });
    const total = first.body.pagination.total_items as number;
    await createToken(server, member.secret, { ttl: 600, name: 'counted-later' });
    const second = await call(
      server,
      'GET',
      `/v1/tokens?limit=10&cursor=${encodeURIComponent(first.body.pagination.next_cursor)}`,
      { token: member.secret },
    );
    expectStatus(second, 200);
    expect(second.body.pagination.total_items).toBe(total);
    const again = await call(server, 'GET', '/v1/tokens?limit=10', { token: member.secret });
    expect(again.body.pagination.total_items).toBe(total + 1);
  });
});

describe('cursor integrity and scope', () => {
  it('a tampered, forged or foreign cursor is a 400; mixing styles is a 400', async () => {
    const page = await call(server, 'GET', '/v1/tokens?limit=5', { token: member.secret });
    const cursor: string = page.body.pagination.next_cursor;
    const [payload, signature] = cursor.split('.');
    const flipped = `${payload!.slice(0, -2)}${payload!.endsWith('A') ? 'B' : 'A'}${payload!.slice(-1)}.${signature}`;
    const forged = `${Buffer.from(JSON.stringify([Date.now(), 'tok_x', 'x'])).toString('base64url')}.${signature}`;
    for (const bad of [flipped, forged, 'garbage', `${cursor}.extra`]) {
      const answer = await call(server, 'GET', `/v1/tokens?limit=5&cursor=${encodeURIComponent(bad)}`, {
        token: member.secret,
      });
      expectStatus(answer, 400, 'invalid_query');
    }
    const otherFilters = await call(
      server,
      'GET',
      `/v1/tokens?limit=5&type=session&cursor=${encodeURIComponent(cursor)}`,
      { token: member.secret },
    );
    expectStatus(otherFilters, 400, 'invalid_query');
    const otherCaller = await call(server, 'GET', `/v1/tokens?limit=5&cursor=${encodeURIComponent(cursor)}`, {
      token: server.ownerToken,
    });
    expectStatus(otherCaller, 400, 'invalid_query');
    for (const mixed of [
      `?page=2&cursor=${encodeURIComponent(cursor)}`,
      `?offset=5&cursor=${encodeURIComponent(cursor)}`,
    ]) {
      expectStatus(
        await call(server, 'GET', `/v1/tokens${mixed}`, { token: member.secret }),
        400,
        'invalid_query',
      );
    }
    expect(page.headers.get('link')).toContain('rel="next"');
  });

  it('show_all and another owner need an admin; the tenant listing is for its own admins only', async () => {
    expectStatus(
      await call(server, 'GET', '/v1/tokens?show_all=true', { token: member.secret }),
      403,
      'forbidden',
    );
    expectStatus(
      await call(server, 'GET', '/v1/tokens?owner=mem_someone_else', { token: member.secret }),
      403,
      'forbidden',
    );
    const all = await call(server, 'GET', '/v1/tokens?show_all=true&limit=1', { token: server.ownerToken });
    expect(all.body.pagination.total_items).toBeGreaterThan(TOTAL);
    const byOwner = await call(server, 'GET', `/v1/tokens?owner=${member.member.id}&limit=1`, {
      token: server.ownerToken,
    });
    expect(byOwner.body.data[0].owner_id).toBe(member.member.id);
    const tenantId = all.body.data[0].tenant_id;
    const tenantList = await call(server, 'GET', `/v1/tenants/${tenantId}/tokens?limit=1`, {
      token: server.ownerToken,
    });
    expect(tenantList.body.pagination.total_items).toBe(all.body.pagination.total_items);
    expectStatus(
      await call(server, 'GET', `/v1/tenants/${tenantId}/tokens`, { token: member.secret }),
      403,
      'forbidden',
    );
    const other = await addTenant(server, server.ownerToken, 'paging-other');
    expectStatus(
      await call(server, 'GET', `/v1/tenants/${tenantId}/tokens`, { token: other.ownerSecret }),
      404,
      'not_found',
    );
  });
});
