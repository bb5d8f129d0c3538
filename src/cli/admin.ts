import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { EmailSchema, PasswordSchema } from '../../contract/auth.js';
import { openDatabase } from '../db/client.js';
import { systemClock } from '../clock.js';
import { systemActor, type Clock } from '../domain/shared/index.js';
import { createAdmin } from '../domain/users/index.js';
import { configFrom, UsageError } from './options.js';

async function readLine(input: NodeJS.ReadableStream): Promise<string> {
  const rl = createInterface({ input, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

/** Prompts without echoing what is typed. */
async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  stdin.setRawMode?.(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (ch: string) => {
      for (const c of ch) {
        if (c === '\r' || c === '\n') {
          stdin.setRawMode?.(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(value);
          return;
        }
        if (c === '\u0003') {
          stdin.setRawMode?.(false);
          reject(new UsageError('cancelled'));
          return;
        }
        if (c === '\u007f') value = value.slice(0, -1);
        else value += c;
      }
    };
    stdin.on('data', onData);
  });
}

export function registerAdminCommands(program: Command, clock: Clock = systemClock): void {
  const admin = program.command('admin').description('Administration from the shell');
  admin
    .command('create')
    .description('Create an admin (or make an existing user with this email an admin)')
    .requiredOption('--email <email>', 'the admin’s email, used to sign in')
    .requiredOption('--name <name>', 'the admin’s name')
    .option('--password-stdin', 'read the password from one line of standard input (for scripts)')
    .option('--data-dir <dir>', 'embedded database folder (default ./rapport-data, or RAPPORT_DATA_DIR)')
    .action(async (opts: { email: string; name: string; passwordStdin?: boolean; dataDir?: string }) => {
      const email = EmailSchema.safeParse(opts.email);
      if (!email.success) throw new UsageError(`--email: must be an email address, not "${opts.email}"`);
      let password: string;
      if (opts.passwordStdin) password = await readLine(process.stdin);
      else if (process.stdin.isTTY) {
        password = await promptHidden('Password: ');
        const again = await promptHidden('Password again: ');
        if (again !== password) throw new UsageError('the two passwords differ');
      } else throw new UsageError('no terminal to ask for the password: use --password-stdin');
      const pw = PasswordSchema.safeParse(password);
      if (!pw.success) throw new UsageError(`password ${pw.error.issues[0]?.message ?? 'is invalid'}`);
      const config = configFrom(opts);
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await database.migrate();
        const user = await createAdmin(
          { db: database.db, actor: { ...systemActor('cli'), kind: 'cli' }, now: clock.now() },
          { email: email.data, name: opts.name, password },
        );
        process.stdout.write(`Admin ${user.email} is ready. Sign in at the address \`rapport start\` prints.\n`);
      } finally {
        await database.close();
      }
    });
}
