// Opens the database, migrates, listens, and closes cleanly on SIGTERM/SIGINT.
import type { FastifyInstance } from 'fastify';
import { publicUrlOf, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { issueSetupToken } from '../domain/users/index.js';
import { buildApp } from './app.js';

export interface StartServerInput {
  config: Config;
  /** Where to print the first-start setup link (stdout by default). */
  print?: (line: string) => void;
}

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  close(): Promise<void>;
}

export async function startServer({ config, print = (l) => process.stdout.write(l + '\n') }: StartServerInput): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let app: FastifyInstance | undefined;
  try {
    await database.migrate();
    app = await buildApp({ database, config, logger: { level: config.logLevel } });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
  const url = publicUrlOf({ ...config, port: (app.server.address() as { port: number }).port });
  print(`Rapport is running at ${url} (${database.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
  const token = await issueSetupToken(database.db, new Date());
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
      await app.close();
      await database.close();
    })();
    return closing;
  };
  return { app, database, url, close };
}
