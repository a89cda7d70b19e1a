// GET /v1/tokens filters scope, metadata.<key>, expires_before, created_after, last_used_before, and
// sort: a table of queries over a fixed set of tokens, each answer checked against the set computed
// from the tokens themselves; every sort walked by cursor, so keyset paging holds in every order.
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { call, createToken, useTestServer } from '../helpers/server.js';

const clock = new ManualClock();
const server = useTestServer({ clock });
const START = clock.nowMs();
const HOUR_S = 3600;

interface Fixture {
  readonly name: string;
  readonly body: Record<string, unknown>;
  /** Used this many ms after START (the clock at the use), or never. */
  readonly usedAt?: number;
}

// Names all start `f-` so every query narrows to these with name_prefix=f-.
const FIXTURES: readonly Fixture[] = [
  {
    name: 'f-alpha',
    body: { ttl: HOUR_S, scopes: ['orders:read'], metadata: { env: 'prod', n: 5 } },
    usedAt: 10,
  },
  {
    name: 'f-bravo',
    body: { ttl: 10 * HOUR_S, scopes: ['orders:write', 'orders:read'], metadata: { env: 'dev' } },
  },
  { name: 'f-Charlie', body: { metadata: { env: 'prod', team: 'core', n: '5' } }, usedAt: 20 },
  { name: 'f-delta', body: { ttl: 2 * HOUR_S, scopes: ['deploy:*'] }, usedAt: 5 },
  { name: 'f-echo', body: { ttl: 30 * HOUR_S, metadata: { env: 'prod<script>' } } },
  {
    name: 'f-fox',
    body: { ttl: 5 * HOUR_S, scopes: ['orders:readx'], metadata: { nested: { env: 'prod' } } },
  },
];

interface Made {
  readonly id: string;
  readonly name: string;
  readonly createdAtMs: number;
  readonly expiresAtMs: number | null;
  readonly lastUsedAtMs: number | null;
  readonly scopes: readonly string[];
  readonly metadata: Record<string, unknown> | null;
}
const made: Made[] = [];

beforeAll(async () => {
  const secrets = new Map<string, string>();
  for (const fixture of FIXTURES) {
    clock.advance(1_000);
    const token = await createToken(server, server.ownerToken, { name: fixture.name, ...fixture.body });
    secrets.set(fixture.name, token.secret);
    made.push({
      id: token.id,
      name: fixture.name,
      createdAtMs: Date.parse(token.created_at as string),
      expiresAtMs: token.expires_at === null ? null : Date.parse(token.expires_at as string),
      lastUsedAtMs: null,
      scopes: token.scopes as string[],
      metadata: token.metadata as Record<string, unknown> | null,
    });
  }
  const base = clock.nowMs();
  for (const fixture of [...FIXTURES].sort((a, b) => (a.usedAt ?? 0) - (b.usedAt ?? 0))) {
    if (fixture.usedAt === undefined) continue;
    clock.set(base + fixture.usedAt * 1_000);
    expectStatus(await call(server, 'GET', '/v1/tokens/self', { token: secrets.get(fixture.name)! }), 200);
  }
  // Last use is written behind: wait until every used token shows it.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await call(server, 'GET', '/v1/tokens?name_prefix=f-&per_page=100', {
      token: server.ownerToken,
    });
    const used = answer.body.data.filter(
      (token: { last_used_at: string | null }) => token.last_used_at !== null,
    );
    if (used.length === 3) {
      for (const token of answer.body.data) {
        const entry = made.findIndex((m) => m.id === token.id);
        made[entry] = {
          ...made[entry]!,
          lastUsedAtMs: token.last_used_at === null ? null : Date.parse(token.last_used_at),
        };
      }
      break;
    }
    if (Date.now() > deadline) throw new Error('last use was not written within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

const listNames = async (query: string): Promise<string[]> => {
  const answer = await call(server, 'GET', `/v1/tokens?name_prefix=f-&per_page=100&${query}`, {
    token: server.ownerToken,
  });
  expectStatus(answer, 200);
  expect(answer.body.pagination.total_items).toBe(answer.body.data.length);
  return answer.body.data.map((token: { name: string }) => token.name);
};

const at = (ms: number) => encodeURIComponent(new Date(ms).toISOString());

describe('list filters', () => {
  it('each filter holds exactly the tokens it describes, no more, no fewer', async () => {
    const created = made.map((token) => token.createdAtMs);
    const midCreated = created[2]!;
    const expiryCut = START + 6_000 + 5 * HOUR_S * 1_000;
    const usedCut = made.find((token) => token.name === 'f-Charlie')!.lastUsedAtMs!;
    const table: { query: string; keep: (token: Made) => boolean }[] = [
      { query: 'scope=orders:read', keep: (t) => t.scopes.includes('orders:read') },
      { query: 'scope=deploy:*', keep: (t) => t.scopes.includes('deploy:*') },
      { query: 'scope=orders', keep: () => false },
      { query: 'scope=ORDERS:READ', keep: () => false },
      { query: 'metadata.env=prod', keep: (t) => t.metadata?.env === 'prod' },
      { query: 'metadata.env=prod&metadata.team=core', keep: (t) => t.name === 'f-Charlie' },
      { query: `metadata.env=${encodeURIComponent('prod<script>')}`, keep: (t) => t.name === 'f-echo' },
      // A number is not the string that spells it: only the token whose n is the string "5".
      { query: 'metadata.n=5', keep: (t) => t.metadata?.n === '5' },
      { query: 'metadata.missing=x', keep: () => false },
      {
        query: `expires_before=${at(expiryCut)}`,
        keep: (t) => t.expiresAtMs !== null && t.expiresAtMs < expiryCut,
      },
      { query: `created_after=${at(midCreated)}`, keep: (t) => t.createdAtMs > midCreated },
      {
        query: `last_used_before=${at(usedCut)}`,
        keep: (t) => t.lastUsedAtMs === null || t.lastUsedAtMs < usedCut,
      },
      {
        query: `scope=orders:read&expires_before=${at(expiryCut)}`,
        keep: (t) => t.scopes.includes('orders:read') && t.expiresAtMs !== null && t.expiresAtMs < expiryCut,
      },
    ];
    let kept = 0;
    let dropped = 0;
    for (const row of table) {
      const expected = made.filter(row.keep).map((token) => token.name);
      kept += expected.length;
      dropped += made.length - expected.length;
      expect(new Set(await listNames(row.query)), row.query).toEqual(new Set(expected));
    }
    // Both outcomes reached often: a filter that kept everything or nothing would fail above.
    console.log(`list filters: ${table.length} queries, ${kept} tokens kept, ${dropped} dropped`);
    expect(kept).toBeGreaterThan(10);
    expect(dropped).toBeGreaterThan(10);
  });

  it('a bad filter value is a 400 naming it; an unknown parameter still is one', async () => {
    for (const [query, mentions] of [
      ['expires_before=yesterday', 'expires_before'],
      ['created_after=2026-02-31T00:00:00Z', 'created_after'],
      ['last_used_before=1700000000', 'last_used_before'],
      ['sort=size', 'sort'],
      ['sort=-', 'sort'],
      ['metadata.=x', 'metadata.'],
      ['metadataenv=x', 'metadataenv'],
    ] as const) {
      const answer = await call(server, 'GET', `/v1/tokens?${query}`, { token: server.ownerToken });
      expectStatus(answer, 400);
      expect(answer.body.detail, query).toContain(mentions);
    }
    const many = Array.from({ length: 11 }, (_, index) => `metadata.k${index}=v`).join('&');
    const tooMany = await call(server, 'GET', `/v1/tokens?${many}`, { token: server.ownerToken });
    expectStatus(tooMany, 400);
    expect(tooMany.body.detail).toContain('at most 10 metadata filters');
  });

  it('bulk revoke takes the same filters: only the matching tokens are revoked', async () => {
    const doomed = await createToken(server, server.ownerToken, {
      name: 'g-doomed',
      ttl: HOUR_S,
      metadata: { batch: 'old' },
    });
    const spared = await createToken(server, server.ownerToken, {
      name: 'g-spared',
      ttl: HOUR_S,
      metadata: { batch: 'new' },
    });
    const answer = await call(server, 'DELETE', '/v1/tokens?name_prefix=g-&metadata.batch=old', {
      token: server.ownerToken,
    });
    expectStatus(answer, 200);
    expect(answer.body).toEqual({ revoked: 1 });
    const read = async (id: string) =>
      (await call(server, 'GET', `/v1/tokens/${id}`, { token: server.ownerToken })).body.status;
    expect(await read(doomed.id)).toBe('revoked');
    expect(await read(spared.id)).toBe('active');
  });
});

describe('sort', () => {
  const NEVER_EXPIRES = Number.MAX_SAFE_INTEGER;
  const sortValue = (token: Made, field: string): number | string => {
    if (field === 'name') return token.name;
    if (field === 'created_at') return token.createdAtMs;
    if (field === 'expires_at') return token.expiresAtMs ?? NEVER_EXPIRES;
    return token.lastUsedAtMs ?? -1;
  };
  const expectedOrder = (sort: string): string[] => {
    const descending = sort.startsWith('-');
    const field = descending ? sort.slice(1) : sort;
    const ordered = [...made].sort((a, b) => {
      const [x, y] = [sortValue(a, field), sortValue(b, field)];
      const byValue = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return descending ? -byValue : byValue;
    });
    return ordered.map((token) => token.name);
  };

  it('every order, read whole and walked two at a time by cursor, gives the same sequence', async () => {
    for (const sort of [
      'created_at',
      '-created_at',
      'name',
      '-name',
      'expires_at',
      '-expires_at',
      'last_used_at',
      '-last_used_at',
    ]) {
      const expected = expectedOrder(sort);
      expect(await listNames(`sort=${sort}`), sort).toEqual(expected);
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/v1/tokens?name_prefix=f-&limit=2&sort=${sort}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const page = await call(server, 'GET', query, { token: server.ownerToken });
        expectStatus(page, 200);
        expect(page.body.pagination.total_items).toBe(made.length);
        walked.push(...page.body.data.map((token: { name: string }) => token.name));
        cursor = page.body.pagination.next_cursor;
      } while (cursor !== null);
      expect(walked, `cursor walk in ${sort} order`).toEqual(expected);
    }
    // Permanent last when soonest-expiring first; never-used first when least recently used first.
    expect(expectedOrder('expires_at').at(-1)).toBe('f-Charlie');
    expect(expectedOrder('last_used_at').slice(0, 3).sort()).toEqual(['f-bravo', 'f-echo', 'f-fox']);
  });

  it('the default is newest first, and a cursor from one order is refused in another', async () => {
    expect(await listNames('')).toEqual(expectedOrder('-created_at'));
    const page = await call(server, 'GET', '/v1/tokens?name_prefix=f-&limit=2&sort=name', {
      token: server.ownerToken,
    });
    const cursor = encodeURIComponent(page.body.pagination.next_cursor);
    const elsewhere = await call(
      server,
      'GET',
      `/v1/tokens?name_prefix=f-&limit=2&sort=-name&cursor=${cursor}`,
      {
        token: server.ownerToken,
      },
    );
    expectStatus(elsewhere, 400);
    expect(elsewhere.body.detail).toContain('cursor');
  });
});
