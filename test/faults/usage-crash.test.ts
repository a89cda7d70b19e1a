// kill -9 and usage: counts are written behind, one batch a second, so a crash loses at most the
// verifications of its last second; everything counted before that is in the series after a restart.
import { afterAll, describe, expect, it } from 'vitest';
import { PROCESS_BACKENDS, type ProcessBackend } from '../helpers/process-backends.js';
import { startServerProcess } from '../helpers/processes.js';
import { call } from '../helpers/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.each(Object.keys(PROCESS_BACKENDS) as ProcessBackend[])('usage across kill -9 (%s)', (backend) => {
  it('everything verified more than a second before the crash is counted after the restart', async () => {
    const env = await PROCESS_BACKENDS[backend](cleanups);
    let server = await startServerProcess(env);
    const owner = /^(tsr_\S+)$/m.exec(server.stdout())![1]!;
    const created = await call({ url: server.url }, 'POST', '/v1/tokens', {
      token: owner,
      body: { ttl: 3600 },
    });
    expect(created.status).toBe(201);
    const verify = () =>
      call({ url: server.url }, 'POST', '/v1/verify', { body: { token: created.body.secret } });
    const BEFORE = 40;
    for (let i = 0; i < BEFORE; i++) expect((await verify()).body.code).toBe('valid');
    // A flush is at most a second away; then a few more, and the crash right after them.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const LAST_SECOND = 5;
    for (let i = 0; i < LAST_SECOND; i++) await verify();
    await server.stop(true);

    server = await startServerProcess(env);
    try {
      const usage = await call(
        { url: server.url },
        'GET',
        `/v1/tokens/${created.body.id}/usage?granularity=day`,
        {
          token: owner,
        },
      );
      expect(usage.status).toBe(200);
      const counted = usage.body.series.reduce(
        (sum: number, point: { total: number }) => sum + point.total,
        0,
      );
      console.log(
        `${backend}: ${BEFORE} verified before the last second, ${LAST_SECOND} in it; counted ${counted}`,
      );
      expect(counted).toBeGreaterThanOrEqual(BEFORE);
      expect(counted).toBeLessThanOrEqual(BEFORE + LAST_SECOND);
    } finally {
      await server.stop();
    }
  });
});
