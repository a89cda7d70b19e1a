// The audit trail (issue 20, item 17): cursor paging over a long trail, each event exactly once, and
// GET /v1/audit-events/export streaming every event the filters select as NDJSON.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer();
const MADE = 60;

beforeAll(async () => {
  for (let index = 0; index < MADE; index++)
    await createToken(server, server.ownerToken, { name: `a-${index}`, ttl: 600 });
});

describe('audit cursor paging', () => {
  it('walks the whole trail by cursor, newest first, each event once, with the total of the walk', async () => {
    const all = await call(server, 'GET', '/v1/audit-events?per_page=100', { token: server.ownerToken });
    const total = all.body.pagination.total_items as number;
    expect(total).toBeGreaterThanOrEqual(MADE);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/v1/audit-events?limit=7${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = await call(server, 'GET', path, { token: server.ownerToken });
      expectStatus(page, 200);
      expect(page.body.pagination.total_items).toBe(total);
      seen.push(...page.body.data.map((event: { id: string }) => event.id));
      cursor = page.body.pagination.next_cursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(Math.ceil(total / 7));
    expect(seen).toEqual(
      all.body.data
        .map((event: { id: string }) => event.id)
        .slice(0, 100)
        .concat(seen.slice(100)),
    );
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('a cursor is bound to its filters; a forged one is a 400; a filtered walk holds only matches', async () => {
    const first = await call(server, 'GET', '/v1/audit-events?limit=5&action=token.create', {
      token: server.ownerToken,
    });
    const cursor = encodeURIComponent(first.body.pagination.next_cursor);
    const next = await call(server, 'GET', `/v1/audit-events?limit=5&action=token.create&cursor=${cursor}`, {
      token: server.ownerToken,
    });
    expectStatus(next, 200);
    expect(next.body.data.every((event: { action: string }) => event.action === 'token.create')).toBe(true);
    for (const bad of [`${cursor}x`, 'e30.AAAAAAAAAAAAAAAAAAAAAA']) {
      const answer = await call(server, 'GET', `/v1/audit-events?limit=5&action=token.create&cursor=${bad}`, {
        token: server.ownerToken,
      });
      expectStatus(answer, 400, 'invalid_query');
    }
    const elsewhere = await call(server, 'GET', `/v1/audit-events?limit=5&cursor=${cursor}`, {
      token: server.ownerToken,
    });
    expectStatus(elsewhere, 400, 'invalid_query');
  });
});

describe('GET /v1/audit-events/export', () => {
  it('streams every selected event as one JSON object per line, the same objects as the list', async () => {
    const response = await fetch(`${server.url}/v1/audit-events/export?action=token.create`, {
      headers: { authorization: `Bearer ${server.ownerToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const text = await response.text();
    expect(text.endsWith('\n')).toBe(true);
    const events = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const listed = await call(server, 'GET', '/v1/audit-events?action=token.create&per_page=100', {
      token: server.ownerToken,
    });
    expect(events).toHaveLength(listed.body.pagination.total_items);
    expect(events.slice(0, listed.body.data.length)).toEqual(listed.body.data);
    expect(text).not.toMatch(/tsr_[as]\d_/);
  });

  it('more than one batch (500) comes through whole; nothing matching is an empty 200', async () => {
    const edited = await createToken(server, server.ownerToken, { name: 'edited', ttl: 600 });
    for (let index = 0; index < 460; index++)
      await call(server, 'PATCH', `/v1/tokens/${edited.id}`, {
        token: server.ownerToken,
        body: { description: `d${index}` },
      });
    const response = await fetch(`${server.url}/v1/audit-events/export`, {
      headers: { authorization: `Bearer ${server.ownerToken}` },
    });
    const lines = (await response.text()).trimEnd().split('\n');
    const total = (await call(server, 'GET', '/v1/audit-events?per_page=1', { token: server.ownerToken }))
      .body.pagination.total_items;
    expect(lines.length).toBe(total);
    expect(total).toBeGreaterThan(500);
    expect(new Set(lines.map((line) => JSON.parse(line).id)).size).toBe(total);
    const none = await fetch(`${server.url}/v1/audit-events/export?action=nothing.here`, {
      headers: { authorization: `Bearer ${server.ownerToken}` },
    });
    expect(none.status).toBe(200);
    expect(await none.text()).toBe('');
  });

  it('needs audit:read: a writer gets a 403 problem, not a broken stream; a bad filter is a 400', async () => {
    const writer = await call(server, 'POST', '/v1/members', {
      token: server.ownerToken,
      body: { email: 'w@example.com', role: 'writer' },
    });
    const refused = await call(server, 'GET', '/v1/audit-events/export', { token: writer.body.token.secret });
    expectStatus(refused, 403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expectStatus(
      await call(server, 'GET', '/v1/audit-events/export?since=yesterday', { token: server.ownerToken }),
      400,
      'invalid_query',
    );
  });
});
