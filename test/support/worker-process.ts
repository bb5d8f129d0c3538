// `rapport start --role worker` as a child process, as a service manager runs it (the built CLI):
// its output kept, ready when it says so, and a bounded wait that says what hung.
import { spawn, type ChildProcess } from 'node:child_process';
import { rapportBin, root } from './built-cli.js';

export interface Worker {
  proc: ChildProcess;
  output: () => string;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

/** Starts a worker on this PostgreSQL database; `env` adds to the test's environment (SMTP_URL …). */
export function startWorker(databaseUrl: string, env: Record<string, string> = {}): Worker {
  const proc = spawn(process.execPath, [rapportBin, 'start', '--role', 'worker'], {
    cwd: root,
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (out.includes('Rapport worker is running')) resolve();
    };
    proc.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`worker exited with ${code} before it was ready: ${err}`)));
  });
  return { proc, output: () => out + err, ready, exited };
}

/** `promise`, or a failure saying `what()` when it takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what())), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
