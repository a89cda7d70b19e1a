// Stage: the peer users would pick instead. Tessera's POST /v1/verify with cache hits and
// better-auth's API-key plugin verifying keys it issued (on its own SQLite file, behind node:http),
// taking turns in slices from the same separate load process, each presenting its own valid keys.
import { itemsFile, verifyBodies } from '../lib/items.js';
import { interleaved } from '../lib/measure.js';
import type { PeerServer, TesseraServer } from '../lib/processes.js';
import type { PeerResult } from '../lib/results.js';
import type { SeededToken } from '../lib/seed.js';
import { CONNECTIONS, SLICE_SECONDS } from '../lib/settings.js';
import { warmCache } from './verify-hits.js';

export async function measurePeer(
  tessera: TesseraServer,
  peer: PeerServer,
  hot: readonly SeededToken[],
): Promise<PeerResult> {
  await warmCache(tessera, hot);
  const files = new Map([
    [tessera.name, { path: '/v1/verify', file: itemsFile(verifyBodies(hot)) }],
    [peer.name, { path: '/verify', file: itemsFile(peer.keys.map((key) => JSON.stringify({ token: key }))) }],
  ]);
  const byServer = await interleaved([tessera, peer], (server) => {
    const { path, file } = files.get(server.name)!;
    return {
      path,
      method: 'POST',
      connections: CONNECTIONS,
      durationSeconds: SLICE_SECONDS,
      itemsFile: file,
    };
  });
  return { keys: peer.keys.length, tessera: byServer[tessera.name]!, peer: byServer[peer.name]! };
}
