// One decision per object (RELIABILITY S12): for random callers (role, personal or service, policy
// statements naming some tokens) a single request, the list and a bulk revoke agree on which tokens
// the caller may read and write. Reads are probed with GET; writes with a DELETE carrying a stale
// If-Match, which is refused (403) or reaches the precondition (412) and changes nothing either way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer();
const TARGETS = 4;

const statement = fc.record({
  effect: fc.constantFrom('allow', 'deny'),
  actions: fc.constantFrom(['tokens:read'], ['tokens:write'], ['tokens:*'], ['*']),
  // Indexes into the case's targets, or broader globs.
  resources: fc.constantFrom<(number | string)[]>(
    [0],
    [1],
    [0, 2],
    ['tokens/*'],
    ['*'],
    ['tokens/tok_*'],
    [3],
  ),
  negated: fc.boolean(),
});

const caseShape = fc.record({
  role: fc.constantFrom('reader', 'writer', 'admin', 'owner', null),
  service: fc.boolean(),
  statements: fc.array(statement, { maxLength: 3 }),
});

describe('single, list and bulk agree per object (property)', () => {
  it('for random callers, GET/DELETE one by one, the list and DELETE /v1/tokens decide each token alike', async () => {
    const reached = {
      read: { allowed: 0, refused: 0 },
      write: { allowed: 0, refused: 0 },
      list: { shown: 0, refused: 0 },
      bulk: { ran: 0, refused: 0 },
    };
    let round = 0;
    await fc.assert(
      fc.asyncProperty(caseShape, async (shape) => {
        round++;
        const prefix = `agree${round}-`;
        const targets: { id: string; secret: string }[] = [];
        for (let index = 0; index < TARGETS; index++) {
          targets.push(
            await createToken(server, server.ownerToken, {
              name: `${prefix}${index}`,
              ttl: 3600,
              ...(shape.service ? { service: true, role: index % 2 === 0 ? 'writer' : 'owner' } : {}),
            }),
          );
        }
        const policy = shape.statements.map(({ effect, actions, resources, negated }) => {
          const globs = resources.map((entry) =>
            typeof entry === 'number' ? `tokens/${targets[entry]!.id}` : entry,
          );
          return negated ? { effect, actions, not_resources: globs } : { effect, actions, resources: globs };
        });
        const caller = await createToken(server, server.ownerToken, {
          name: `caller-${round}`,
          ttl: 3600,
          ...(shape.service ? { service: true } : {}),
          ...(shape.role === null ? { scopes: ['other:read'] } : { role: shape.role }),
          ...(policy.length > 0 ? { policy } : {}),
        });
        const as = { token: caller.secret };

        const readable = new Set<string>();
        const writable = new Set<string>();
        for (const target of targets) {
          const read = await call(server, 'GET', `/v1/tokens/${target.id}`, as);
          expect([200, 403]).toContain(read.status);
          if (read.status === 200) readable.add(target.id);
          reached.read[read.status === 200 ? 'allowed' : 'refused']++;
          const write = await call(server, 'DELETE', `/v1/tokens/${target.id}`, {
            ...as,
            headers: { 'if-match': '"stale"' },
          });
          expect([403, 412]).toContain(write.status);
          if (write.status === 412) writable.add(target.id);
          reached.write[write.status === 412 ? 'allowed' : 'refused']++;
        }

        const listed = await call(server, 'GET', `/v1/tokens?name_prefix=${prefix}&limit=100`, as);
        expect([200, 403]).toContain(listed.status);
        if (listed.status === 200) {
          reached.list.shown++;
          const ids = new Set<string>(listed.body.data.map((token: { id: string }) => token.id));
          expect(ids).toEqual(readable);
          expect(listed.body.pagination.total_items).toBe(readable.size);
        } else reached.list.refused++;

        const bulk = await call(server, 'DELETE', `/v1/tokens?name_prefix=${prefix}`, as);
        expect([200, 403]).toContain(bulk.status);
        if (bulk.status === 200) {
          reached.bulk.ran++;
          expect(bulk.body.revoked).toBe(writable.size);
          for (const target of targets) {
            const code = (await call(server, 'POST', '/v1/verify', { body: { token: target.secret } })).body
              .code;
            expect(code, target.id).toBe(writable.has(target.id) ? 'revoked' : 'valid');
          }
        } else reached.bulk.refused++;
      }),
      { numRuns: 40 },
    );
    console.log('per-object agreement:', JSON.stringify(reached));
    for (const counts of Object.values(reached)) {
      for (const count of Object.values(counts)) expect(count).toBeGreaterThan(0);
    }
  });
});
