// Stage: every door that authenticates a token, with the same cached owner token, against POST
// /v1/verify in the same rounds: the native bearer door (GET /v1/tokens/self) and each dialect's
// cheapest authenticated read of the token itself, in its own header. A door's CPU per request over verify's is the
// cost of authenticating there plus one token read (Tessera, Fastly, LaunchDarkly, NeuroIO), or a
// list for the two dialects that have no read of one token: TileDB a page of one, Lagrello the whole
// list (its API has no paging; the owner holds the 10k seeded tokens).
import { itemsFile } from '../lib/items.js';
import { interleaved } from '../lib/measure.js';
import type { Server, TesseraServer } from '../lib/processes.js';
import type { DoorsResult } from '../lib/results.js';
import { CONNECTIONS, SLICE_SECONDS } from '../lib/settings.js';

interface Door {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** The doors, in the report's order; `verify` first, since every other is compared with it. */
function doorsFor(secret: string, self: { id: string; serial: number }): Door[] {
  return [
    {
      name: 'verify',
      method: 'POST',
      path: '/v1/verify',
      headers: {},
      body: JSON.stringify({ token: secret }),
    },
    {
      name: 'bearer',
      method: 'GET',
      path: '/v1/tokens/self',
      headers: { authorization: `Bearer ${secret}` },
    },
    { name: 'fastly', method: 'GET', path: '/compat/fastly/tokens/self', headers: { 'fastly-key': secret } },
    {
      name: 'launchdarkly',
      method: 'GET',
      path: `/compat/launchdarkly/api/v2/tokens/${self.id}`,
      headers: { authorization: secret },
    },
    {
      name: 'neuroio',
      method: 'GET',
      path: `/compat/neuroio/v1/tokens/${self.serial}`,
      headers: { authorization: `Token ${secret}` },
    },
    {
      name: 'lagrello (whole list)',
      method: 'GET',
      path: '/compat/lagrello/v1/tokens',
      headers: { authorization: `Bearer ${secret}` },
    },
    {
      name: 'tiledb (page of 1)',
      method: 'GET',
      path: '/compat/tiledb/tokens?type=api&per_page=1',
      headers: { 'x-tiledb-rest-api-key': secret },
    },
  ];
}

export async function measureDoors(tessera: TesseraServer): Promise<DoorsResult> {
  const self = (await (
    await fetch(`${tessera.url}/v1/tokens/self`, {
      headers: { authorization: `Bearer ${tessera.ownerToken}` },
    })
  ).json()) as { id: string; serial: number };
  const doors = doorsFor(tessera.ownerToken, self);
  // One "server" per door (the same process): interleaved gives each its slice in every round.
  const asServers: Server[] = doors.map((door) => ({ ...tessera, name: door.name }));
  const byName = new Map(doors.map((door) => [door.name, door]));
  const files = new Map(doors.map((door) => [door.name, itemsFile([door.body ?? door.path])]));
  const measured = await interleaved(asServers, (server) => {
    const door = byName.get(server.name)!;
    return {
      path: door.path,
      method: door.method,
      connections: CONNECTIONS,
      durationSeconds: SLICE_SECONDS,
      itemsFile: files.get(door.name)!,
      headers: door.headers,
    };
  });
  return {
    paths: Object.fromEntries(doors.map((door) => [door.name, `${door.method} ${door.path}`])),
    measured,
  };
}
