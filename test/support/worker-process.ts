// `rapport start --role web|worker` as a child process, as a service manager runs it (the built CLI):
// its output kept, ready when it says so, and a bounded wait that says what hung. Used by the files
// that run several processes on one PostgreSQL database (multi-process, two-workers, outbox-crash).
import { spawn, type ChildProcess } from 'node:child_process';
import { rapportBin, root } from './built-cli.js';

export interface RapportProcess {
  name: string;
  proc: ChildProcess;
  output: () => string;
  /** Resolves with the web process's port (0 for a worker) once it says it is running. */
  ready: Promise<number>;
  exited: Promise<number | null>;
}

/** Starts `rapport start --role <role>` (a web process on a free port); `env` adds to the test's environment. */
export function startRapport(name: string, role: 'web' | 'worker', env: Record<string, string>): RapportProcess {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv['PUBLIC_URL']; // the URL a web process prints must be its own (the port it listens on)
  const proc = spawn(process.execPath, [rapportBin, 'start', '--role', role, ...(role === 'web' ? ['--port', '0'] : [])], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const ready = new Promise<number>((resolve, reject) => {
    const check = () => {
      const web = /Rapport is running at http:\/\/[^:\s]+:(\d+)/.exec(out);
      if (web) resolve(Number(web[1]));
      else if (out.includes('Rapport worker is running')) resolve(0);
    };
    proc.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`${name} exited with ${code} before it was ready: ${err}`)));
  });
  ready.catch(() => undefined); // observed by the test; never an unhandled rejection
  return { name, proc, output: () => out + err, ready, exited };
}

/** A worker process on this PostgreSQL database. */
export const startWorker = (databaseUrl: string, env: Record<string, string> = {}): RapportProcess =>
  startRapport('worker', 'worker', { ...env, DATABASE_URL: databaseUrl });

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
