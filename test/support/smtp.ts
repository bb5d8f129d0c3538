// A real SMTP server on 127.0.0.1 (the smtp-server package, from the nodemailer project) that
// keeps what it receives, for tests of the mail Rapport sends. It can refuse every login.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as it came over the wire. */
  raw: string;
  /** Header name (lower case) → value, unfolded. */
  headers: Record<string, string>;
}

export interface TestSmtpServer {
  /** smtp://user:password@127.0.0.1:<port> */
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

function headersOf(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const out: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

/** The decoded text of the part with this content type (quoted-printable or 7bit). */
export function partOf(raw: string, contentType: 'text/plain' | 'text/html' | 'text/calendar'): string | null {
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  const part = parts.find((p) => new RegExp(`^content-type:\\s*${contentType}`, 'im').test(p));
  if (!part) return null;
  const body = part
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n');
  const isQp = /content-transfer-encoding:\s*quoted-printable/i.test(part);
  if (/content-transfer-encoding:\s*base64/i.test(part)) return Buffer.from(body, 'base64').toString('utf8').replace(/\r\n/g, '\n');
  const text = isQp
    ? Buffer.from(
        body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8')
    : body;
  return text.replace(/\r\n/g, '\n');
}

export async function startSmtpServer({ refuseLogin = false } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (refuseLogin || auth.username !== 'rapport' || auth.password !== 'secret') {
        const err = Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 });
        return callback(err);
      }
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers: headersOf(raw),
        });
        callback();
      });
    },
  });
  // A client that goes away mid-session (a worker killed with SIGKILL, outbox-crash.test.ts) resets
  // its connection: the server emits that as an 'error', which with no listener was an uncaught
  // exception failing the whole run. That one is expected; any other error still surfaces.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
    throw err;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://rapport:secret@127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
