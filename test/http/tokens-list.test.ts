// GET /v1/tokens: the SPEC envelope, both paging styles with totals and Link headers, filters.
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/clock.js';
import { expectStatus } from '../helpers/expect-status.js';
import { addMember, call, createToken, useTestServer } from '../helpers/server.js';

let member: { secret: string };
const clock = new ManualClock();
const server = useTestServer({ clock });

beforeAll(async () => {
  member = await addMember(server, server.ownerToken, 'writer');
  // The member's first token (permanent) plus 30 more: 12 session, 18 api of which 3 permanent.
  for (let index = 0; index < 30; index++) {
    const body =
      index < 12
        ? { name: `s${index}`, type: 'session' }
        : index < 15
          ? { name: `p${index}` }
          : { name: `t${index}`, ttl: 3600 + index };
    await createToken(server, member.secret, body);
    clock.advance(1);
  }
});

const list = (query: string, token = member.secret) => call(server, 'GET', `/v1/tokens${query}`, { token });

describe('listing', () => {
  it('walks every page in both styles, each token exactly once', async () => {
    for (const style of ['page', 'offset'] as const) {
      const seen: string[] = [];
      for (let index = 0; ; index++) {
        const query = style === 'page' ? `?page=${index + 1}&per_page=7` : `?limit=7&offset=${index * 7}`;
        const answer = await list(query);
        expectStatus(answer, 200);
        if (answer.body.data.length === 0) break;
        seen.push(...answer.body.data.map((token: { id: string }) => token.id));
      }
      expect(seen.length).toBe(31);
      expect(new Set(seen).size).toBe(31);
    }
  });

  it('fills every pagination key, null for the style not used, next_cursor until the last page', async () => {
    expect((await list('?page=2&per_page=10')).body.pagination).toEqual({
      total_items: 31,
      total_pages: 4,
      page: 2,
      per_page: 10,
      limit: null,
      offset: null,
      next_cursor: expect.any(String),
    });
    expect((await list('?page=4&per_page=10')).body.pagination.next_cursor).toBeNull();
    expect((await list('?size=10')).body.pagination).toMatchObject({ page: 1, per_page: 10 });
    expect((await list('')).body.pagination).toEqual({
      total_items: 31,
      total_pages: 2,
      page: null,
      per_page: null,
      limit: 25,
      offset: 0,
      next_cursor: expect.any(String),
    });
    const past = await list('?page=99&per_page=10');
    expectStatus(past, 200);
    expect(past.body.data).toEqual([]);
  });

  it('gives RFC 8288 Link headers that keep the filters', async () => {
    const answer = await list('?type=session&limit=5&offset=5');
    expect(answer.headers.get('link')).toBe(
      '</v1/tokens?type=session&limit=5&offset=0>; rel="first", </v1/tokens?type=session&limit=5&offset=0>; rel="prev", ' +
        '</v1/tokens?type=session&limit=5&offset=10>; rel="next", </v1/tokens?type=session&limit=5&offset=10>; rel="last"',
    );
  });

  it('filters by type, permanent/lifetime, expired, active, revoked and name prefix', async () => {
    const total = async (query: string) =>
      (await list(`${query}${query ? '&' : '?'}limit=100`)).body.pagination.total_items;
    expect(await total('?type=session')).toBe(12);
    expect(await total('?type=api')).toBe(19);
    expect(await total('?permanent=true')).toBe(4);
    expect(await total('?lifetime=temporary')).toBe(27);
    expect(await total('?name_prefix=s1')).toBe(3);
    expect(await total('?name_prefix=s%25')).toBe(0);
    clock.advance(31 * 60_000);
    expect(await total('?expired=true')).toBe(12);
    expect(await total('?active=true')).toBe(19);
    expect(await total('?active=false')).toBe(12);
    const victim = (await list('?name_prefix=p12')).body.data[0];
    await call(server, 'DELETE', `/v1/tokens/${victim.id}`, { token: member.secret });
    expect(await total('')).toBe(30);
    expect(await total('?revoked=true')).toBe(1);
  });

  it('shows only the calling member’s own tokens', async () => {
    const owner = await list('?limit=100', server.ownerToken);
    const ids = owner.body.data.map((token: { owner_id: string }) => token.owner_id);
    expect(new Set(ids).size).toBe(1);
    expect(owner.body.pagination.total_items).toBe(1);
  });

  const badQueries = [
    '?limit=0',
    '?limit=-1',
    '?limit=1000000000',
    '?limit=abc',
    '?limit=1.5',
    '?per_page=101',
    '?page=0',
    '?page=1&limit=5',
    '?per_page=5&offset=5',
    '?size=5&per_page=5',
    '?bogus=1',
    '?type=robot',
    '?permanent=maybe',
    '?name_prefix=a%00b',
    '?lifetime=permanent&permanent=false',
    '?offset=-3',
  ];
  it.each(badQueries)('%s → 400 invalid_query', async (query) => {
    const answer = await list(query);
    expectStatus(answer, 400, 'invalid_query');
  });
});
