// `tessera serve`: run the HTTP server until SIGINT or SIGTERM, then drain and close storage.
import { parseConfig } from '../../config.js';
import { startTessera } from '../../main.js';

export async function serve(options: { port?: string; host?: string }): Promise<void> {
  const config = parseConfig(process.env, options);
  const running = await startTessera(config);
  running.deps.logger.info(
    { url: running.url },
    `Tessera listening on ${running.url} (docs at ${running.url}/docs)`,
  );
  if (running.metricsUrl !== null)
    running.deps.logger.info({ url: running.metricsUrl }, `metrics on ${running.metricsUrl}/metrics`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.deps.logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
