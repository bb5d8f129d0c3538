import type { Command } from 'commander';
import { backupDatabase, restoreDatabase } from '../db/backup.js';
import { configFrom } from './options.js';

const status = (line: string) => void process.stderr.write(`${line}\n`);

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'Write a backup of the database to FILE (PostgreSQL: pg_dump custom format; embedded: a data-folder dump). Stop the server first on the embedded database.',
    )
    .argument('<file>', 'where to write the backup')
    .option('--data-dir <dir>', 'embedded database folder (default ./rapport-data, or RAPPORT_DATA_DIR)')
    .action(async (file: string, opts: { dataDir?: string }) => {
      const config = configFrom(opts);
      await backupDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, file, progress: status });
    });
  program
    .command('restore')
    .description('Restore a backup from FILE into an empty database (DATABASE_URL, or the embedded data folder)')
    .argument('<file>', 'a backup written by `rapport backup`')
    .option('--data-dir <dir>', 'embedded database folder (default ./rapport-data, or RAPPORT_DATA_DIR)')
    .option('--force', 'replace a database that already holds data')
    .action(async (file: string, opts: { dataDir?: string; force?: boolean }) => {
      const config = configFrom(opts);
      await restoreDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        file,
        force: opts.force ?? false,
        progress: status,
      });
    });
}
