// `rapport import <kind> FILE [--map mapping.json] [--dry-run] [--skip-bad-rows] [--sheet NAME]`: a
// CSV or an Excel workbook's sheet into the database, with a progress line (rows/s, ETA) on stderr and each bad row reported.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DATE_FORMAT_HINT, humanDateFormat, luxonDateFormat } from '../../contract/date-formats.js';
import { guessMapping } from '../../contract/mapping-guess.js';
import { suggestDateFormat } from '../../contract/date-reading.js';
import { breakdownSummary, roundedSummary } from '../../contract/imports.js';
import { openDatabase } from '../db/client.js';
import {
  IMPORT_KINDS,
  encodingNamed,
  importCsv,
  isImportKind,
  mappingNamed,
  parseMapping,
  parseMappingText,
  readHeader,
  type ImportKind,
  type ImportMapping,
  type ImportProgress,
  type ImportResult,
} from '../domain/imports/index.js';
import { systemClock } from '../clock.js';
import { DomainError, systemActor, type Clock, type UseCaseContext } from '../domain/shared/index.js';
import { configFrom, UsageError } from './options.js';

const n = (x: number) => x.toLocaleString('en-US');

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}

/**
 * A bar rewritten in place on a terminal; a plain line every 10 % otherwise (logs, CI). Two
 * phases: reading and checking the file (share of its bytes; kinds staged in the database are
 * written meanwhile, and say how many rows so far), then — for those kinds — writing what is
 * left once the file is read (share of the rows), each phase with its own rate and ETA.
 */
export function progressWriter(stream: NodeJS.WriteStream, started = performance.now()) {
  let lastDecile = -1;
  let writeStarted: number | null = null;
  const line = (p: ImportProgress) => {
    const isWriting = p.written !== undefined && p.bytes >= p.totalBytes;
    if (isWriting && writeStarted === null) {
      writeStarted = performance.now();
      lastDecile = -1;
    }
    const elapsed = (performance.now() - (isWriting ? writeStarted! : started)) / 1000;
    const done = isWriting ? p.written! : p.rows;
    const share = isWriting ? (p.rows > 0 ? Math.min(1, done / p.rows) : 1) : p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 1;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = share > 0 ? elapsed / share - elapsed : Infinity;
    const what = isWriting
      ? `writing ${n(done)} of ${n(p.rows)} rows`
      : `${n(p.rows)} rows read${p.written !== undefined ? `, ${n(p.written)} written` : ''}`;
    return { share, text: `${what}, ${n(Math.round(rate))} rows/s, ETA ${seconds(eta)}` };
  };
  return {
    update(p: ImportProgress) {
      const { share, text } = line(p);
      if (stream.isTTY) {
        const width = 30;
        const full = Math.round(share * width);
        stream.write(`\r\x1b[2K[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${Math.round(share * 100)}% ${text}`);
      } else {
        const decile = Math.floor(share * 10);
        if (decile > lastDecile && p.totalBytes > 1024 * 1024) {
          stream.write(`${Math.round(share * 100)}% ${text}\n`);
          lastDecile = decile;
        }
      }
    },
    end() {
      if (stream.isTTY) stream.write('\r\x1b[2K');
    },
  };
}

/** FILE.rejects.csv beside the input (its own extension kept for text files; a workbook's rejects are CSV). */
export function rejectsPathFor(file: string): string {
  const ext = path.extname(file);
  const isWorkbook = /^\.xls[xm]?$/i.test(ext);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.rejects${ext && !isWorkbook ? ext : '.csv'}`);
}

/** A saved mapping named by --map: a name that is none is bad usage, saying which names are saved. */
async function savedMapping(ctx: UseCaseContext, kind: ImportKind, name: string): Promise<ImportMapping> {
  try {
    return parseMapping(kind, await mappingNamed(ctx, kind, name));
  } catch (err) {
    if (err instanceof DomainError && err.code === 'imports.mapping_not_found')
      throw new UsageError(`no such mapping file, and ${err.detail.charAt(0).toLowerCase()}${err.detail.slice(1)}`);
    throw err;
  }
}

function report(result: ImportResult, file: string, seconds_: number): void {
  const out = process.stdout;
  const err = process.stderr;
  for (const p of result.problems) err.write(`line ${p.line}, column ${p.column}, value ${JSON.stringify(p.value)}: ${p.reason}\n`);
  if (result.rejected > result.problems.length) err.write(`… and more: ${n(result.rejected)} bad rows in all\n`);
  // Dates the format did not read: the format they do read, when one does — said, never applied.
  const dates = suggestDateFormat(result.problems.filter((p) => p.reason.startsWith('is not a date')).map((p) => p.value));
  if (dates.format) err.write(`The dates look like ${dates.format}: try --date-format ${dates.format} (docs/imports.md, "Dates").\n`);
  else if (dates.candidates.length > 1)
    err.write(`The dates read as ${dates.candidates.join(' or ')} alike: say which with --date-format (docs/imports.md, "Dates").\n`);
  if (result.problems.some((p) => /^has more decimals than/.test(p.reason)))
    err.write(
      'Amounts have more decimals than their currency allows: --round rounds them half to even and counts them (docs/imports.md, "Rounding").\n',
    );
  const rate = seconds_ > 0 ? ` (${n(Math.round(result.totalRows / seconds_))} rows/s)` : '';
  if (result.status === 'rejected') {
    err.write(
      `${n(result.rejected)} of ${n(result.totalRows)} rows are wrong, so nothing was imported. Fix them, or use --skip-bad-rows.\n`,
    );
    return;
  }
  const verb = result.isDryRun ? 'Dry run, nothing written: would have imported' : 'Imported';
  // A sales file's rows are order lines: what they made of customers, orders and lines.
  const what = result.breakdown
    ? breakdownSummary(result.breakdown)
    : `${n(result.created)} created, ${n(result.updated)} updated, ${n(result.unchanged)} unchanged`;
  out.write(
    `${verb} ${result.kind} from ${path.basename(file)} in ${seconds_.toFixed(1)} s${rate}: ${n(result.totalRows)} ${result.totalRows === 1 ? 'row' : 'rows'} — ${what}` +
      (result.rejected > 0 ? `, ${n(result.rejected)} skipped` : '') +
      `.\n`,
  );
  const rounded = roundedSummary(result.rounded, result.isDryRun);
  if (rounded) out.write(`${rounded}.\n`);
  if (result.rejectsPath) out.write(`The skipped rows are in ${result.rejectsPath}, each with its problem.\n`);
  out.write(`Import record: ${result.id}\n`);
}

/** A mapping guessed from the file's header, as text to save and check (empty when nothing is guessed). */
async function guessedMapping(kind: ImportKind, file: string, mapping: ImportMapping): Promise<string> {
  const header = await readHeader(file, mapping).catch(() => null);
  const fields = header ? guessMapping(kind, header) : {};
  if (Object.keys(fields).length === 0) return '';
  const doc = JSON.stringify({ fields, ...(mapping.dateFormat !== null && { dateFormat: humanDateFormat(mapping.dateFormat) }) }, null, 2);
  return `\n\nA mapping guessed from the file's header (the import page proposes the same): check it, save it as a file, and pass it with --map (docs/imports.md, "The mapping file"):\n${doc}`;
}

export function registerImportCommand(program: Command, clock: Clock = systemClock): void {
  program
    .command('import')
    .description(
      `Import a CSV file or an Excel workbook (kinds: ${IMPORT_KINDS.join(', ')}; sales is one row per order line: its customers, orders and lines at once); see docs/imports.md`,
    )
    .argument('<kind>', IMPORT_KINDS.join(' | '))
    .argument('<file>', 'a CSV file (UTF-8, Windows-1252 or UTF-16; `,`, `;` or tab-separated) or an Excel workbook (.xlsx)')
    .option(
      '--map <mapping.json|name>',
      'which column holds each Rapport field, and the file’s date and number formats: a mapping file, or the name of a saved mapping',
    )
    .option('--dry-run', 'check every row and count what would change; write nothing')
    .option('--skip-bad-rows', 'import the good rows and write the bad ones to FILE.rejects.csv')
    .option(
      '--date-format <format>',
      'how the file writes dates: DD/MM/YYYY, MM/DD/YY, DD.MM.YYYY, YYYY/MM/DD… (a time HH:mm may follow); overrides the mapping’s',
    )
    .option(
      '--decimal <separator>',
      'the decimal separator of the file’s numbers: . (1,863.40, the default) or , (1.863,40); overrides the mapping’s',
    )
    .option(
      '--encoding <name>',
      'the file’s encoding: utf-8 (default), windows-1252 (also for Latin-1) or utf-16 (a UTF-16 byte-order mark is read as such anyway); overrides the mapping’s',
    )
    .option(
      '--round',
      'round amounts with more decimals than their currency allows (16.448 USD → 16.45), half to even, and count them; without it they are bad rows',
    )
    .option(
      '--sheet <name|number>',
      'a workbook’s sheet to read, by name or number (1 for the first, the default); overrides the mapping’s',
    )
    .option('--override-gates <reason>', 'orders: let rows move orders past open playbook gates, recorded on each order with this reason')
    .option(
      '--data-dir <dir>',
      'embedded database folder (default ./rapport-data, or RAPPORT_DATA_DIR); DATABASE_URL uses PostgreSQL instead',
    )
    .action(
      async (
        kind: string,
        file: string,
        opts: {
          map?: string;
          dryRun?: boolean;
          skipBadRows?: boolean;
          dateFormat?: string;
          decimal?: string;
          encoding?: string;
          round?: boolean;
          sheet?: string;
          overrideGates?: string;
          dataDir?: string;
        },
      ) => {
        if (!isImportKind(kind)) throw new UsageError(`unknown kind "${kind}": use one of ${IMPORT_KINDS.join(', ')}`);
        if (opts.overrideGates !== undefined && kind !== 'orders') throw new UsageError('--override-gates is only for an orders import');
        if (opts.overrideGates !== undefined && opts.overrideGates.trim().length < 10)
          throw new UsageError('--override-gates needs the reason, 10 characters or more (it is recorded on each order)');
        if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
        // --map names a file, or else a saved mapping (read once the database is open).
        const savedName = opts.map !== undefined && !existsSync(opts.map) ? opts.map : null;
        if (savedName !== null && /[/\\]|\.json$/i.test(savedName)) throw new UsageError(`no such mapping file: ${savedName}`);
        // Checked before the database opens: a bad mapping is bad usage (exit 2) and names the problem.
        let mapping =
          opts.map === undefined || savedName !== null ? parseMapping(kind, null) : parseMappingText(kind, readFileSync(opts.map, 'utf8'));
        const withOptions = (m: ImportMapping): ImportMapping => {
          if (opts.encoding !== undefined) {
            const encoding = encodingNamed(opts.encoding);
            if (!encoding)
              throw new UsageError(`--encoding must be utf-8, windows-1252 (also for Latin-1) or utf-16, not "${opts.encoding}"`);
            m.encoding = encoding;
          }
          if (opts.dateFormat !== undefined) {
            const format = luxonDateFormat(opts.dateFormat);
            if (!format) throw new UsageError(`--date-format ${DATE_FORMAT_HINT}, not "${opts.dateFormat}"`);
            m.dateFormat = format;
          }
          if (opts.decimal !== undefined) {
            if (opts.decimal !== '.' && opts.decimal !== ',') throw new UsageError(`--decimal must be "." or ",", not "${opts.decimal}"`);
            if (opts.decimal === ',' && m.delimiter === ',')
              throw new UsageError('--decimal , needs a ";"-separated file: the mapping says its delimiter is ","');
            m.decimal = opts.decimal;
          }
          if (opts.round) m.round = true;
          if (opts.sheet !== undefined) {
            if (opts.sheet.trim() === '') throw new UsageError('--sheet needs a sheet’s name or its number (1 for the first)');
            m.sheet = opts.sheet.trim();
          }
          return m;
        };
        mapping = withOptions(mapping);
        const config = configFrom(opts);
        const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
        const progress = progressWriter(process.stderr);
        const started = performance.now();
        try {
          await database.migrate();
          const ctx = { db: database.db, actor: { ...systemActor('rapport import'), kind: 'cli' as const }, now: clock.now() };
          if (savedName !== null) mapping = withOptions(await savedMapping(ctx, kind, savedName));
          const result = await importCsv(ctx, {
            kind,
            file,
            mapping,
            isDryRun: opts.dryRun ?? false,
            shouldSkipBadRows: opts.skipBadRows ?? false,
            overrideGates: opts.overrideGates === undefined ? null : { reason: opts.overrideGates },
            rejectsPath: opts.skipBadRows ? rejectsPathFor(file) : undefined,
            source: 'cli',
            onProgress: (p) => progress.update(p),
          });
          progress.end();
          report(result, file, (performance.now() - started) / 1000);
          if (result.status === 'rejected') process.exitCode = 1;
        } catch (err) {
          // No mapping, and the header does not name the fields: a mapping guessed from it, to check and pass.
          if (opts.map === undefined && err instanceof DomainError && err.code === 'imports.bad_mapping')
            throw new UsageError(
              `${err.detail}${err.errors?.map((e) => `\n  ${e.path}: ${e.message}`).join('') ?? ''}${await guessedMapping(kind, file, mapping)}`,
            );
          throw err;
        } finally {
          progress.end();
          await database.close();
        }
      },
    );
}
