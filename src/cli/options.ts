// What every subcommand shares: the global options and the usage error (exit code 2). Its own
// module so the subcommands never import main.ts, which imports them.
import { loadConfig, type Config } from '../config.js';

export interface GlobalOptions {
  dataDir?: string;
  port?: string;
}

/** Reads the environment, then applies command-line overrides. */
export function configFrom(opts: GlobalOptions): Config {
  return loadConfig(process.env, {
    ...(opts.dataDir !== undefined && { dataDir: opts.dataDir }),
    ...(opts.port !== undefined && { port: Number(opts.port) }),
  });
}

/** Wrong use of the command: main prints the message and exits 2. */
export class UsageError extends Error {}
