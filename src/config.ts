// The only reader of process.env. Parsed and validated once; every bad variable is listed at once.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Names proxy-addr (Fastify's trustProxy) knows for whole address ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies' X-Forwarded-* headers to believe (docs/operations.md#reverse-proxy): off, the
 * number of proxies in front of Rapport, or their addresses. Never "every hop": a client could
 * then choose its own address and step around the login lock and the per-address limits.
 */
const TrustProxySchema = z
  .string()
  .default('')
  .transform((raw, ctx): false | number | string[] => {
    const value = raw.trim();
    if (value === '' || value === 'false' || value === '0') return false;
    if (/^\d+$/.test(value)) return Number(value);
    // "true" once meant every hop; it now means the one proxy most deployments have.
    if (value === 'true') return 1;
    const entries = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const bad = entries.filter((e) => !isAddressOrRange(e));
    if (bad.length > 0 || entries.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${bad.join(', ') || 'the list'} is not a proxy address or CIDR range; give the number of proxies in front of Rapport (1) or their addresses (127.0.0.1,10.0.0.0/8)`,
      });
      return z.NEVER;
    }
    return entries;
  });

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: z.string().url().optional(),
    RAPPORT_DATA_DIR: z.string().default('./rapport-data'),
    PUBLIC_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** auto: readable lines on a terminal, JSON lines otherwise (a file, a pipe, a log collector). */
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(12 * 60),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .default(7 * 24),
    TRUST_PROXY: TrustProxySchema,
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
    ESCALATION_GRACE_HOURS: z.coerce.number().min(0).default(24),
    DAILY_SWEEP_AT: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
      .default('06:00'),
    SMTP_URL: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^smtps?:\/\/[^/\s]+/i.test(v), 'must be smtp://user:password@host:port or smtps://user:password@host:port'),
    MAIL_FROM: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || /^([^<>]*<)?[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>?$/.test(v), 'must be an address, or Name <address>'),
  })
  .superRefine((e, ctx) => {
    if (e.SMTP_URL && !e.MAIL_FROM)
      ctx.addIssue({
        code: 'custom',
        path: ['MAIL_FROM'],
        message: 'is required when SMTP_URL is set (the From address of every message)',
      });
  });

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  logFormat: z.infer<typeof EnvSchema>['LOG_FORMAT'];
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** false, a hop count, or the proxies' addresses/CIDR ranges (see TrustProxySchema). */
  trustProxy: false | number | string[];
  rateLimitPerMinute: number;
  /** An open task overdue by more than this escalates (once) to its role's escalation role (settings). */
  escalationGraceHours: number;
  /** Local time (organisation timezone) of the daily sweep, HH:MM. */
  dailySweepAt: string;
  /** The mail server (smtp:// or smtps://, user and password inside); undefined: messages wait in the outbox. */
  smtpUrl: string | undefined;
  /** The From address of every message. */
  mailFrom: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Bad environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.RAPPORT_DATA_DIR),
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    trustProxy: e.TRUST_PROXY,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    escalationGraceHours: e.ESCALATION_GRACE_HOURS,
    dailySweepAt: e.DAILY_SWEEP_AT,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM || undefined,
  };
  return { ...config, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}

/** The mail server when both SMTP_URL and MAIL_FROM are set; else none (messages wait in the outbox). */
export function mailServerOf(config: Config): { url: string; from: string } | null {
  return config.smtpUrl && config.mailFrom ? { url: config.smtpUrl, from: config.mailFrom } : null;
}

export function publicUrlOf(config: Config): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host === '127.0.0.1' ? 'localhost' : host}:${config.port}`;
}
