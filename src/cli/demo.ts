import type { Command } from 'commander';
import { openDatabase } from '../db/client.js';
import {
  DEMO_SEED,
  DEMO_TIMEZONE,
  assertFreshDatabase,
  generateDemo,
  runDemoMorning,
  summarizeDemo,
  writeDemo,
  type DemoProgress,
} from '../domain/demo/index.js';
import { getSettings } from '../domain/settings/index.js';
import { systemClock } from '../clock.js';
import { dateIn, systemActor, type Clock } from '../domain/shared/index.js';
import { configFrom } from './options.js';

/** One progress line on stderr, rewritten in place on a terminal; one line per step otherwise. */
function progressLine(stream: NodeJS.WriteStream) {
  let lastStep = '';
  return {
    update({ step, done, total }: DemoProgress) {
      if (stream.isTTY) stream.write(`\r\x1b[2KWriting ${step}… ${Math.round((done / total) * 100)}%`);
      else if (step !== lastStep) stream.write(`Writing ${step}…\n`);
      lastStep = step;
    },
    note(text: string) {
      stream.write(stream.isTTY ? `\r\x1b[2K${text}` : `${text}\n`);
    },
    end() {
      if (stream.isTTY) stream.write('\r\x1b[2K');
    },
  };
}

const n = (x: number) => x.toLocaleString('en-US');

export function registerDemoCommand(program: Command, clock: Clock = systemClock): void {
  program
    .command('demo')
    .description(
      'Fill a fresh database with a generated, deterministic sample company: staff, ~500 customers, three years of quotes and orders ending today',
    )
    .option(
      '--data-dir <dir>',
      'embedded database folder (default ./rapport-data, or RAPPORT_DATA_DIR); DATABASE_URL uses PostgreSQL instead',
    )
    .action(async (opts: { dataDir?: string }) => {
      const started = performance.now();
      const config = configFrom(opts);
      const progress = progressLine(process.stderr);
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await database.migrate();
        // Refuse before spending time generating; writeDemo checks again inside its transaction.
        await assertFreshDatabase(database.db);
        const settings = await getSettings(database.db);
        const today = dateIn(clock.now(), DEMO_TIMEZONE);
        progress.note('Generating the sample company…');
        // Loaded only here: the generator's name lists are not needed by a running server.
        const { Faker, en } = await import('@faker-js/faker');
        const data = generateDemo({
          faker: new Faker({ locale: [en] }),
          seed: DEMO_SEED,
          today,
          auditionMinSpend: settings.auditionMinSpend,
        });
        await writeDemo(
          { db: database.db, actor: { ...systemActor('rapport demo'), kind: 'cli' }, now: clock.now() },
          { data, onProgress: (p) => progress.update(p) },
        );
        progress.note('Running the morning sweep and the playbooks…');
        const morning = await runDemoMorning({ db: database.db, now: clock.now() });
        progress.end();
        const s = summarizeDemo(data, { auditionMinSpend: settings.auditionMinSpend, neglectDays: settings.neglectDays });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const where = database.engine === 'pglite' ? `in ${config.dataDir}` : 'in PostgreSQL (DATABASE_URL)';
        process.stdout.write(
          [
            `${data.settings.orgName}, a sample contract manufacturer, is ready ${where} (${seconds} s), history up to ${today}:`,
            `  ${n(s.staff)} staff in every role (no passwords: they cannot sign in)`,
            `  ${n(s.customers)} customers, ${n(s.prospects)} prospects, ${n(s.suppliers)} suppliers; ${n(s.contacts)} contacts, ${n(s.hotButtons)} hot buttons`,
            `  ${n(s.orders)} orders: ${n(s.openOrders)} open, ${n(s.lateOrders)} late, ${n(s.firstOrdersInProgress)} first orders in progress (${n(s.auditionsInProgress)} paid auditions)`,
            `  ${n(s.neglectedCustomers)} neglected customers (no order in ${settings.neglectDays} days)`,
            `  ${n(s.quotes.won + s.quotes.lost + s.quotes.expired + s.quotes.open)} quotes (${n(s.quotes.won)} won, ${n(s.quotes.lost)} lost, ${n(s.quotes.expired + morning.expiredQuotes)} expired, ${n(s.quotes.open - morning.expiredQuotes)} open); ${n(s.activities)} activities`,
            `  This morning's sweep: ${n(morning.expiredQuotes)} lapsed quotes expired; ${n(morning.reengageCalls)} re-engage calls and ${n(morning.quoteFollowUps)} quote follow-up calls to make`,
            '',
            'Next: create your admin, then start Rapport and sign in:',
            `  npx rapport admin create --email you@example.com --name "Your Name"${opts.dataDir ? ` --data-dir ${opts.dataDir}` : ''}`,
            `  npx rapport start${opts.dataDir ? ` --data-dir ${opts.dataDir}` : ''}`,
            '(or run `rapport start` first and open the one-time setup link it prints)',
            '',
          ].join('\n'),
        );
      } finally {
        progress.end();
        await database.close();
      }
    });
}
