import type { Command } from 'commander';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Fill a fresh data folder with a generated sample company')
    .option('--data-dir <dir>', 'embedded database folder (default ./rapport-data, or RAPPORT_DATA_DIR)')
    .action(() => {
      throw new Error('not yet available');
    });
}
