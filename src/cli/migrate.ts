import type { Command } from 'commander';
import { openDatabase } from '../db/client.js';
import { configFrom } from './options.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Apply database migrations (start does this too)')
    .option('--data-dir <dir>', 'embedded database folder (default ./rapport-data, or RAPPORT_DATA_DIR)')
    .action(async (opts: { dataDir?: string }) => {
      const config = configFrom(opts);
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await database.migrate();
        process.stdout.write(`Migrations applied (${database.engine}).\n`);
      } finally {
        await database.close();
      }
    });
}
