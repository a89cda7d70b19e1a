// `tessera serve`: run the HTTP server until SIGINT or SIGTERM, then drain and close storage.
import type { Command } from 'commander';
import { parseConfig } from '../../config.js';
import { startTessera } from '../../main.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description(
      'serve the Tessera API (creates the database and prints the first owner token on first start)',
    )
    .option('-p, --port <port>', 'port to listen on (default: $PORT or 8080)')
    .option('-H, --host <host>', 'address to bind (default: $HOST or 127.0.0.1)')
    .action(async (options: { port?: string; host?: string }) => {
      const config = parseConfig(process.env, options);
      const running = await startTessera(config);
      running.deps.logger.info(
        { url: running.url },
        `Tessera listening on ${running.url} (docs at ${running.url}/docs)`,
      );
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
    });
}
