// The mail server: SMTP through nodemailer, configured by SMTP_URL and MAIL_FROM (docs/operations.md).
import nodemailer from 'nodemailer';
import type { MailStatus } from '../../../contract/messages.js';
import { calendarMethodOf } from './invitation.rules.js';

/** Where mail goes out: `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start). */
export interface MailServer {
  url: string;
  /** The From address: `rapport@example.com` or `Example Ltd <rapport@example.com>`. */
  from: string;
}

export interface OutgoingMail {
  /** `<id@host>`, the same on every attempt. */
  messageId: string;
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  /** A calendar invitation (.ics, METHOD:REQUEST or CANCEL): sent as the text/calendar alternative and an attachment. */
  calendar?: string | null;
  /** A progress message's preferences page: List-Unsubscribe, with one-click unsubscribe (RFC 8058). */
  listUnsubscribe?: string | null;
}

export interface SentMail {
  /** The server's last reply ("250 2.0.0 Ok: queued as …"). */
  response: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

/** A failure, as the server said it: its reply when it gave one, else the connection error. */
export interface MailFailure {
  response: string;
  /** The failed SMTP command, or nodemailer's code (EAUTH, ECONNECTION, ETIMEDOUT …). */
  code: string | null;
}

export function describeMailError(err: unknown): MailFailure {
  const e = err as { response?: unknown; message?: unknown; code?: unknown; command?: unknown };
  const response = typeof e.response === 'string' && e.response ? e.response : typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : typeof e.command === 'string' ? e.command : null;
  return { response, code };
}

/** The address part of a From ("Acme <mail@acme.test>" → "mail@acme.test"). */
export function addressOf(from: string): string {
  const m = /<([^>]+)>\s*$/.exec(from);
  return (m ? m[1]! : from).trim();
}

/** `<message id@domain of MAIL_FROM>`: derived from the message, so a resend is recognisably the same mail. */
export function messageIdHeader(messageId: string, from: string): string {
  const domain = addressOf(from).split('@')[1] || 'rapport.invalid';
  return `<${messageId}@${domain}>`;
}

const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

export function smtpMailer(server: MailServer): Mailer {
  // One connection kept open for the whole send pass (mails go one at a time), not one per mail:
  // a pass of hundreds of mails otherwise spends most of its time greeting the server.
  const transport = nodemailer.createTransport({ url: server.url, pool: true, maxConnections: 1, ...TIMEOUTS });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: server.from,
        to: mail.to,
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(mail.calendar
          ? { icalEvent: { method: calendarMethodOf(mail.calendar), filename: 'invitation.ics', content: mail.calendar } }
          : {}),
        ...(mail.listUnsubscribe
          ? { list: { unsubscribe: mail.listUnsubscribe }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }
          : {}),
      });
      return { response: String(info.response ?? '') };
    },
    close() {
      transport.close();
    },
  };
}

/** What the settings screen shows: the server without its password, and where it comes from. */
export function describeMailServer(server: MailServer | null, queued: number): MailStatus {
  if (!server) return { source: 'none', server: null, secure: false, from: null, queued };
  let shown: string;
  let secure = false;
  try {
    const u = new URL(server.url);
    secure = u.protocol === 'smtps:';
    shown = `${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    shown = '(unreadable SMTP_URL)';
  }
  return { source: 'environment', server: shown, secure, from: server.from, queued };
}
