// Several `tessera serve` processes on one empty PostgreSQL database: exactly one prints the owner
// token, both migrate and serve, and each sees what the other wrote (a cache miss reads the store).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_URL, adminQuery } from '../helpers/databases.js';
import { type ServerProcess, startServerProcess } from '../helpers/processes.js';

const database = `tessera_e2e_${randomBytes(6).toString('hex')}`;
const databaseUrl = `${ADMIN_URL.replace(/\/[^/]*$/, '')}/${database}`;
const servers: ServerProcess[] = [];

afterAll(async () => {
  for (const server of servers) await server.stop();
  await adminQuery(`drop database if exists ${database}`);
});

function serve(env: Record<string, string>): Promise<ServerProcess> {
  return startServerProcess(env).then((server) => {
    servers.push(server);
    return server;
  });
}

describe('instances on one PostgreSQL', () => {
  it('three starting at once on an empty database: exactly one banner, and shared state', async () => {
    await adminQuery(`create database ${database}`);
    const key = `0:${randomBytes(32).toString('base64url')}`;
    const env = (name: string) => ({
      DATABASE_URL: databaseUrl,
      TESSERA_SECRET_KEY: key,
      TESSERA_DATA_DIR: join('/tmp', name),
    });
    const instances = await Promise.all([
      serve(env(`${database}-a`)),
      serve(env(`${database}-b`)),
      serve(env(`${database}-c`)),
    ]);
    const banners = instances.flatMap((instance) =>
      instance
        .stdout()
        .split('\n')
        .filter((line) => /^tsr_a0_\w{49}$/.test(line)),
    );
    expect(banners).toHaveLength(1);
    const ownerToken = banners[0]!;
    const created = await fetch(`${instances[0]!.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'shared', ttl: 600 }),
    });
    const { secret } = (await created.json()) as { secret: string };
    for (const instance of instances) {
      const answer = await fetch(`${instance.url}/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: secret }),
      });
      expect(((await answer.json()) as { code: string }).code).toBe('valid');
    }
  }, 60_000);
});
