// `rapport sweep [--as-of DATE]`: the daily sweep now (the job runner does the same at the
// configured local time), printing how many events of each type it emitted.
import type { Command } from 'commander';
import { openDatabase } from '../db/client.js';
import { systemClock } from '../clock.js';
import { isCalendarDate, type Clock } from '../domain/shared/index.js';
import { runSweep, SWEPT_EVENT_TYPES } from '../domain/sweep/index.js';
import { configFrom, UsageError } from './options.js';

export function registerSweepCommand(program: Command, clock: Clock = systemClock): void {
  program
    .command('sweep')
    .description(
      'Run the daily sweep: emit neglected, rhythm-overdue and late-risk events once per episode, and schedule.daily; expire quotes past their valid-until date',
    )
    .option('--as-of <date>', 'sweep this day (YYYY-MM-DD, organisation timezone) instead of today')
    .option('--data-dir <dir>', 'embedded database folder (default ./rapport-data, or RAPPORT_DATA_DIR)')
    .action(async (opts: { asOf?: string; dataDir?: string }) => {
      if (opts.asOf !== undefined && !isCalendarDate(opts.asOf))
        throw new UsageError(`--as-of must be a calendar date YYYY-MM-DD, got "${opts.asOf}"`);
      const config = configFrom(opts);
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await database.migrate();
        const result = await runSweep({ db: database.db, now: clock.now() }, { ...(opts.asOf !== undefined && { asOf: opts.asOf }) });
        const total = SWEPT_EVENT_TYPES.reduce((sum, t) => sum + result.emitted[t], 0);
        const lines = SWEPT_EVENT_TYPES.map((t) => `  ${t.padEnd(24)} ${result.emitted[t]}`);
        process.stdout.write(`Swept ${result.day}: ${total} new event${total === 1 ? '' : 's'}\n${lines.join('\n')}\n`);
      } finally {
        await database.close();
      }
    });
}
