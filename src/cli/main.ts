// The `rapport` command. Exit codes: 0 ok, 1 failed, 2 bad usage.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { BackupError } from '../db/backup.js';
import { DataDirLockedError } from '../db/client.js';
import { DomainError } from '../domain/shared/index.js';
import { registerAdminCommands } from './admin.js';
import { registerBackupCommands } from './backup.js';
import { registerDemoCommand } from './demo.js';
import { registerImportCommand } from './import.js';
import { registerMigrateCommand } from './migrate.js';
import { UsageError } from './options.js';
import { registerStartCommand } from './start.js';
import { registerSweepCommand } from './sweep.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('rapport')
    .description('Rapport: turn a B2B customer’s first order into a lasting account.')
    .showHelpAfterError()
    .exitOverride();
  registerStartCommand(program);
  registerMigrateCommand(program);
  registerAdminCommands(program);
  registerDemoCommand(program);
  registerBackupCommands(program);
  registerImportCommand(program);
  registerSweepCommand(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return 0;
      return 2;
    }
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`rapport: ${err.message}\n`);
      return 2;
    }
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`rapport: ${err.message}\n`);
      return 1;
    }
    if (err instanceof DomainError || err instanceof BackupError) {
      const fields = err instanceof DomainError ? (err.errors?.map((e) => `\n  ${e.path}: ${e.message}`).join('') ?? '') : '';
      process.stderr.write(`rapport: ${err.detail}${fields}\n`);
      return err.category === 'invalid' ? 2 : 1;
    }
    process.stderr.write(`rapport: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
