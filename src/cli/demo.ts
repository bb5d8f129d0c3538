import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '../db/client.js';
import { makeDemoCompany, type DemoProgress } from '../domain/demo/index.js';
import { getSettings } from '../domain/settings/index.js';
import { systemClock } from '../clock.js';
import { systemActor, type Clock } from '../domain/shared/index.js';
import { publicUrlOf } from '../config.js';
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
        // Loaded only here: the generator's name lists are not needed by a running server.
        const { Faker, en } = await import('@faker-js/faker');
        const {
          data,
          today,
          summary: s,
          morning,
          portal,
          surveys,
          journeys,
          erpExport,
          staffDigests,
          admin,
        } = await makeDemoCompany(
          { db: database.db, actor: { ...systemActor('rapport demo'), kind: 'cli' }, now: clock.now() },
          {
            faker: new Faker({ locale: [en] }),
            graceHours: config.escalationGraceHours,
            portalBaseUrl: publicUrlOf(config),
            onProgress: (p) => progress.update(p),
            onStage: (text) => progress.note(text),
          },
        );
        progress.end();
        // This week's ERP export, beside the data (its own folder: the database is in pg/).
        const samples = path.join(config.dataDir, 'samples');
        mkdirSync(samples, { recursive: true });
        const exportFile = path.join(samples, 'erp-sales-export.csv');
        writeFileSync(exportFile, erpExport.csv);
        const { neglectDays } = await getSettings(database.db);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const where = database.engine === 'pglite' ? `in ${config.dataDir}` : 'in PostgreSQL (DATABASE_URL)';
        process.stdout.write(
          [
            `${data.settings.orgName}, a sample contract manufacturer, is ready ${where} (${seconds} s), history up to ${today}:`,
            `  ${n(s.staff)} staff in every role (no passwords: reach them through "Sign in as")`,
            `  ${n(s.customers)} customers, ${n(s.prospects)} prospects, ${n(s.suppliers)} suppliers; ${n(s.contacts)} contacts, ${n(s.hotButtons)} hot buttons`,
            `  ${n(s.orders)} orders: ${n(s.openOrders)} open, ${n(s.lateOrders)} late, ${n(s.firstOrdersInProgress)} first orders in progress (${n(s.auditionsInProgress)} paid auditions)`,
            `  ${n(s.neglectedCustomers)} neglected customers (no order in ${neglectDays} days)`,
            `  ${n(s.quotes.won + s.quotes.lost + s.quotes.expired + s.quotes.open)} quotes (${n(s.quotes.won)} won, ${n(s.quotes.lost)} lost, ${n(s.quotes.expired + morning.expiredQuotes)} expired, ${n(s.quotes.open - morning.expiredQuotes)} open); ${n(s.activities)} activities`,
            `  Playbooks of the last two weeks: ${n(morning.orderRuns.runs)} runs, ${n(morning.orderRuns.tasksDone)} steps done, ${n(morning.orderRuns.tasksOpen)} open (${n(morning.orderRuns.escalated)} overdue and escalated)${morning.orderRuns.blockedOrder ? `; ${morning.orderRuns.blockedOrder} waits at its double inspection` : ''}`,
            `  Before them, ${n(morning.historyRuns)} delivered first orders with their playbooks done, on time or late: the dashboard's "Does the practice work?"`,
            ...(portal
              ? [
                  `  The customer's view of ${portal.account}, their portal: ${portal.url}${portal.formFrom ? ` (${portal.formFrom} sent their new-customer details for the CSR to review)` : ''}`,
                  ...(portal.preferencesFrom
                    ? [`  ${portal.preferencesFrom} chose at most one progress update a week, from the link at the foot of one`]
                    : []),
                ]
              : []),
            `  First-order surveys: ${n(surveys.sent)} sent, ${n(surveys.answered)} answered (${n(surveys.detractors)} detractor${surveys.detractors === 1 ? '' : 's'}); ${n(surveys.testimonials.asked)} testimonials asked, ${n(surveys.testimonials.approved)} approved`,
            `  Onboarding journeys: ${n(journeys.underWay)} under way (${n(journeys.started)} started by hand), ${n(journeys.executiveCalls.done)} executive call made, ${n(journeys.executiveCalls.overdue)} overdue`,
            `  This morning's sweep: ${n(morning.expiredQuotes)} lapsed quotes expired; ${n(morning.reengageCalls)} re-engage calls and ${n(morning.quoteFollowUps)} quote follow-up calls to make; ${n(staffDigests)} colleagues' daily digests of their due and overdue tasks in the Outbox`,
            '',
            "Next: start Rapport and sign in as the sample company's admin (this password is shown only now):",
            `  npx rapport start${opts.dataDir ? ` --data-dir ${opts.dataDir}` : ''}`,
            `  email ${admin.email}`,
            `  password ${admin.password}`,
            'Then "Sign in as" at the top of every page shows My day as anyone on the staff: a CSR, the quality manager, the GM.',
            '',
            `Try an import: this week's ERP sales export (${n(erpExport.lines)} order lines: ${n(erpExport.orders)} orders, ${n(erpExport.newCustomers)} new customers; US dates, three-decimal amounts) is in ${exportFile};`,
            `the mapping "${erpExport.mappingName}" is saved for it. On the Import page ("One file with everything"), or:`,
            `  npx rapport import sales ${exportFile} --map "${erpExport.mappingName}" --dry-run${opts.dataDir ? ` --data-dir ${opts.dataDir}` : ''}`,
            '',
          ].join('\n'),
        );
      } finally {
        progress.end();
        await database.close();
      }
    });
}
