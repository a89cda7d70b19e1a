// Stage: verifySecret() called in this process on a warm cache against the ideal verifier function,
// in one-second turns, so HTTP is out of the picture and only the verify path's own work is compared.
import { parseConfig } from '../../src/config.js';
import { prepareDeps } from '../../src/main.js';
import { verifySecret } from '../../src/services/verify.js';
import type { InProcessRates } from '../lib/results.js';
import type { SeededToken } from '../lib/seed.js';
import { ROUNDS } from '../lib/settings.js';
import { median } from '../lib/statistics.js';
import { IdealVerifier } from '../servers/ideal-verifier.js';

export async function measureInProcess(
  dataDir: string,
  secretKey: string,
  hot: readonly SeededToken[],
): Promise<InProcessRates> {
  const config = parseConfig({
    TESSERA_DATA_DIR: dataDir,
    TESSERA_SECRET_KEY: secretKey,
    LOG_LEVEL: 'silent',
  });
  const { deps } = await prepareDeps(config);
  const ideal = new IdealVerifier(secretKey, hot);
  const secrets = hot.map((token) => token.secret);
  for (const secret of secrets) await verifySecret(deps, secret); // fill the cache
  const rates = { tessera: [] as number[], ideal: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of ['ideal', 'tessera'] as const) {
      let operations = 0;
      const started = performance.now();
      while (performance.now() - started < 1000) {
        for (let index = 0; index < 1000; index++) {
          const secret = secrets[(operations + index) % secrets.length]!;
          if (which === 'tessera') {
            const answer = await verifySecret(deps, secret);
            if (!answer.outcome.valid) throw new Error('in-process verify failed');
          } else {
            await ideal.verify(secret, Date.now());
          }
        }
        operations += 1000;
      }
      rates[which].push(operations / ((performance.now() - started) / 1000));
    }
  }
  await deps.usage.flush();
  await deps.close();
  await deps.store.close();
  return { tessera: median(rates.tessera), ideal: median(rates.ideal) };
}
