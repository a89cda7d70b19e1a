// One set of tokens behind six doors: random sequences of create, list and revoke, each through a
// random door (/v1 or one of the five dialects), and afterwards every door lists exactly the tokens the
// sequence left alive, and exactly their secrets verify. (Each run in a tenant of its own.)
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { addTenant, call, useTestServer } from '../../helpers/server.js';
import { verifyCode } from './helpers.js';

// Every door makes permanent tokens somewhere (Fastly, LaunchDarkly, Lagrello): the cap is not the point.
const server = useTestServer({ env: { TESSERA_PERMANENT_TOKEN_CAP: '1000' } });

const DOORS = ['v1', 'fastly', 'launchdarkly', 'neuroio', 'tiledb', 'lagrello'] as const;
type Door = (typeof DOORS)[number];

interface Caller {
  readonly secret: string;
  readonly tenantId: string;
}

const headersFor = (door: Door, secret: string): Record<string, string> =>
  ({
    v1: { authorization: `Bearer ${secret}` },
    fastly: { 'fastly-key': secret },
    launchdarkly: { authorization: secret },
    neuroio: { authorization: `Token ${secret}` },
    tiledb: { 'x-tiledb-rest-api-key': secret },
    lagrello: { authorization: `Bearer ${secret}` },
  })[door];

const through = (door: Door, caller: Caller, method: string, path: string, body?: unknown) =>
  call(server, method, door === 'v1' ? path : `/compat/${door}${path}`, {
    headers: headersFor(door, caller.secret),
    ...(body === undefined ? {} : { body }),
  });

/** Creates a token through a door; answers its native id and secret. */
async function create(door: Door, caller: Caller): Promise<{ id: string; secret: string }> {
  switch (door) {
    case 'v1': {
      const answer = await through(door, caller, 'POST', '/v1/tokens', { ttl: 3600 });
      return { id: answer.body.id, secret: answer.body.secret };
    }
    case 'fastly': {
      const answer = await through(door, caller, 'POST', '/tokens', {});
      return { id: answer.body.id, secret: answer.body.access_token };
    }
    case 'launchdarkly': {
      const answer = await through(door, caller, 'POST', '/api/v2/tokens', { name: 'ld' });
      return { id: answer.body._id, secret: answer.body.token };
    }
    case 'neuroio': {
      const answer = await through(door, caller, 'POST', '/v1/tokens/', {});
      const native = await call(server, 'GET', '/v1/tokens?limit=1', { token: caller.secret });
      expect(native.body.data[0].serial).toBe(answer.body.id);
      return { id: native.body.data[0].id, secret: answer.body.key };
    }
    case 'tiledb': {
      const answer = await through(door, caller, 'POST', '/tokens', {
        scope: '*',
        workspace_id: caller.tenantId,
      });
      return { id: answer.body.data.token_id, secret: answer.body.data.api_key };
    }
    case 'lagrello': {
      const answer = await through(door, caller, 'POST', '/v1/tokens', {
        tokenName: 'lg',
        permissions: ['ADMIN'],
      });
      const listed = await through(door, caller, 'GET', '/v1/tokens?size=1');
      return { id: listed.body.data[0].tokenKey, secret: answer.body.tokenKey };
    }
  }
}

/** The ids of the caller's live tokens, as a door lists them (native ids). */
async function list(door: Door, caller: Caller, serials: ReadonlyMap<number, string>): Promise<string[]> {
  switch (door) {
    case 'v1':
      return (await through(door, caller, 'GET', '/v1/tokens?per_page=100')).body.data.map(
        (t: { id: string }) => t.id,
      );
    case 'fastly':
      return (await through(door, caller, 'GET', '/tokens')).body.map((t: { id: string }) => t.id);
    case 'launchdarkly':
      return (await through(door, caller, 'GET', '/api/v2/tokens?limit=100')).body.items.map(
        (t: { _id: string }) => t._id,
      );
    case 'neuroio':
      return (await through(door, caller, 'GET', '/v1/tokens/?limit=100')).body.map((t: { id: number }) =>
        serials.get(t.id),
      );
    case 'tiledb': {
      const ids: string[] = [];
      for (const type of ['api', 'session'])
        ids.push(
          ...(await through(door, caller, 'GET', `/tokens?type=${type}&per_page=100`)).body.data.map(
            (t: { token_id: string }) => t.token_id,
          ),
        );
      return ids;
    }
    case 'lagrello': {
      const ids: string[] = [];
      for (let page = 1; ; page++) {
        const answer = await through(door, caller, 'GET', `/v1/tokens?size=20&page=${page}`);
        ids.push(...answer.body.data.map((t: { tokenKey: string }) => t.tokenKey));
        if (answer.body.paging.next === '') return ids;
      }
    }
  }
}

async function revoke(door: Door, caller: Caller, id: string, serial: number): Promise<number> {
  const path = {
    v1: `/v1/tokens/${id}`,
    fastly: `/tokens/${id}`,
    launchdarkly: `/api/v2/tokens/${id}`,
    neuroio: `/v1/tokens/${serial}/`,
    tiledb: `/tokens/${id}`,
    lagrello: `/v1/tokens/${id}`,
  }[door];
  return (await through(door, caller, 'DELETE', path)).status;
}

type Step =
  | { readonly kind: 'create'; readonly door: Door }
  | { readonly kind: 'revoke'; readonly door: Door; readonly pick: number }
  | { readonly kind: 'list'; readonly door: Door };

const door = fc.constantFrom(...DOORS);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: door.map((d) => ({ kind: 'create' as const, door: d })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('revoke' as const), door, pick: fc.nat() }) },
  { weight: 1, arbitrary: door.map((d) => ({ kind: 'list' as const, door: d })) },
);

it('every door agrees on which tokens exist and which secrets verify', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
      const tenant = await addTenant(server, server.ownerToken, `doors-${run++}`);
      const caller: Caller = { secret: tenant.ownerSecret, tenantId: tenant.tenantId };
      const self = (await call(server, 'GET', '/v1/tokens/self', { token: caller.secret })).body;
      const live = new Map<string, string>([[self.id, caller.secret]]);
      const revoked: string[] = [];
      const serials = new Map<number, string>([[self.serial, self.id]]);
      const serialOf = new Map<string, number>([[self.id, self.serial]]);
      const expectAgreement = async (door: Door) => {
        expect((await list(door, caller, serials)).sort(), door).toEqual([...live.keys()].sort());
      };
      for (const each of steps) {
        if (each.kind === 'create') {
          const made = await create(each.door, caller);
          const serial = (await call(server, 'GET', `/v1/tokens/${made.id}`, { token: caller.secret })).body
            .serial;
          live.set(made.id, made.secret);
          serials.set(serial, made.id);
          serialOf.set(made.id, serial);
        } else if (each.kind === 'revoke') {
          // Never the caller itself: it goes on making the calls.
          const targets = [...live.keys()].filter((id) => id !== self.id);
          if (targets.length === 0) continue;
          const id = targets[each.pick % targets.length]!;
          expect(await revoke(each.door, caller, id, serialOf.get(id)!)).toBe(204);
          revoked.push(live.get(id)!);
          live.delete(id);
        } else {
          await expectAgreement(each.door);
        }
      }
      for (const door of DOORS) await expectAgreement(door);
      for (const secret of live.values()) expect(await verifyCode(server, secret)).toBe('valid');
      for (const secret of revoked) expect(await verifyCode(server, secret)).toBe('revoked');
    }),
    { numRuns: 12 },
  );
}, 120_000);
