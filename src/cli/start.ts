import type { Command } from 'commander';
import { startServer, type ServerRole } from '../http/server.js';
import { configFrom, UsageError } from './options.js';

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
      const config = configFrom(opts);
      if (opts.role !== 'all' && !config.databaseUrl) {
        throw new UsageError(
          `--role ${opts.role} needs DATABASE_URL (PostgreSQL); the embedded database runs everything in one process (--role all)`,
        );
      }
      const server = await startServer({ config, role: opts.role as ServerRole });
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          if (server.app) server.app.log.info({ signal }, 'shutting down');
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
