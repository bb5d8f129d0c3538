import type { Command } from 'commander';
import { startServer } from '../http/server.js';
import { configFrom, UsageError } from './main.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Serve Rapport (HTTP API, web UI and jobs) on the embedded database, or PostgreSQL when DATABASE_URL is set')
    .option('--port <n>', 'port to listen on (default 3000, or PORT)')
    .option('--data-dir <dir>', 'embedded database folder (default ./rapport-data, or RAPPORT_DATA_DIR)')
    .option('--role <role>', 'web, worker or all', 'all')
    .action(async (opts: { port?: string; dataDir?: string; role: string }) => {
      if (opts.port !== undefined && !/^\d+$/.test(opts.port)) throw new UsageError(`--port must be a number, not "${opts.port}"`);
      if (!['web', 'worker', 'all'].includes(opts.role)) throw new UsageError(`--role must be web, worker or all, not "${opts.role}"`);
      const server = await startServer({ config: configFrom(opts) });
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          server.app.log.info({ signal }, 'shutting down');
          void server.close().then(resolve, (err: unknown) => {
            process.stderr.write(`rapport: error while closing: ${String(err)}\n`);
            resolve();
          });
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
