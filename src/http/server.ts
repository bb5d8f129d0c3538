// Opens the database, migrates, listens, and closes cleanly on SIGTERM/SIGINT.
import type { FastifyInstance } from 'fastify';
import pinoPretty from 'pino-pretty';
import { systemClock } from '../clock.js';
import { publicUrlOf, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { releaseAbandonedKeys } from '../domain/idempotency/index.js';
import { failInterruptedImports, sweepSpool } from '../domain/imports/index.js';
import { installBuiltinPlaybooks } from '../domain/playbooks/index.js';
import { issueSetupToken } from '../domain/users/index.js';
import { startJobRunner, type JobRunner } from '../jobs/runner.js';
import { buildApp } from './app.js';

/**
 * Pino options for the server: JSON lines for machines, or — on a terminal (LOG_FORMAT=auto) or
 * when asked (pretty) — one readable line each: "12:04:31 INFO: GET /api/v1/me 200 3.1 ms".
 */
export function loggerFor(
  config: Pick<Config, 'logLevel' | 'logFormat'>,
  isTerminal = Boolean(process.stdout.isTTY),
  destination: NodeJS.WritableStream = process.stdout,
): { level: string; stream?: NodeJS.WritableStream } {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && isTerminal);
  if (!pretty) return { level: config.logLevel };
  const stream = pinoPretty({
    colorize: isTerminal,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,method,url,statusCode,ms',
    destination,
  });
  return { level: config.logLevel, stream };
}

/** web: HTTP only; worker: jobs only; all: both (the only choice on PGlite, which is one process). */
export type ServerRole = 'web' | 'worker' | 'all';

export interface StartServerInput {
  config: Config;
  role?: ServerRole;
  /** Where to print the first-start setup link (stdout by default). */
  print?: (line: string) => void;
}

export interface RunningServer {
  /** Absent for a worker (no HTTP). */
  app: FastifyInstance | undefined;
  jobs: JobRunner | undefined;
  database: Database;
  url: string;
  close(): Promise<void>;
}

export async function startServer({
  config,
  role = 'all',
  print = (l) => process.stdout.write(l + '\n'),
}: StartServerInput): Promise<RunningServer> {
  if (role !== 'all' && !config.databaseUrl) {
    throw new Error(`--role ${role} needs PostgreSQL (DATABASE_URL): the embedded database runs web and jobs in one process (--role all).`);
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const clock = systemClock;
  let app: FastifyInstance | undefined;
  let jobs: JobRunner | undefined;
  try {
    await database.migrate();
    // An import whose process died (killed, crashed) would otherwise say 'running' forever, and its
    // spooled upload would stay on disk.
    await failInterruptedImports({ db: database.db, now: clock.now() });
    await sweepSpool();
    // PGlite is one process: a key still "in progress" belongs to a request that died with the last one.
    if (database.engine === 'pglite') await releaseAbandonedKeys(database.db);
    if (role === 'worker') {
      await installBuiltinPlaybooks({ db: database.db, now: clock.now() });
      const log = {
        info: (o: object, m: string) => print(`${m} ${JSON.stringify(o)}`),
        error: (o: object, m: string) => process.stderr.write(`${m} ${(o as { err?: Error }).err?.message ?? ''}\n`),
      };
      jobs = await startJobRunner({ database, config, clock, log });
      print(`Rapport worker is running (${database.engine === 'pglite' ? 'embedded database' : 'PostgreSQL'})`);
      const close = async () => {
        await jobs!.stop();
        await database.close();
      };
      return { app: undefined, jobs, database, url: '', close };
    }
    app = await buildApp({ database, config, clock, logger: loggerFor(config) });
    if (role === 'all') jobs = await startJobRunner({ database, config, clock, log: app.log });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await jobs?.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
  const url = publicUrlOf({ ...config, port: (app.server.address() as { port: number }).port });
  print(`Rapport is running at ${url} (${database.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
  const token = await issueSetupToken({ db: database.db, now: clock.now() });
  if (token) {
    print('');
    print('No admin exists yet. Open this one-time link to create the first admin (valid 24 hours):');
    print(`  ${url}/setup/${token}`);
    print('Or from a shell: npx rapport admin create --email you@example.com --name "Your Name"');
    print('');
  }
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Order matters: stop taking requests, stop the jobs (they use the database), then close it.
      await app.close();
      await jobs?.stop();
      await database.close();
    })();
    return closing;
  };
  return { app, jobs, database, url, close };
}
