// One place renders every error as RFC 9457 problem+json. Routes never translate errors.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCategory, type FieldError } from '../../domain/shared/index.js';

const STATUS: Record<ErrorCategory, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Unavailable',
};

export interface ProblemInput {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[] | undefined;
  extra?: Record<string, unknown>;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, p: ProblemInput): FastifyReply {
  return reply
    .code(p.status)
    .type('application/problem+json')
    .send({
      type: `https://rapport.dev/problems/${p.code.replace(/\./g, '/')}`,
      title: TITLES[p.status] ?? 'Error',
      status: p.status,
      detail: p.detail,
      instance: `urn:rapport:request:${request.id}`,
      code: p.code,
      ...(p.errors ? { errors: p.errors } : {}),
      ...p.extra,
    });
}

function pathOf(instancePath: string | undefined, params: Record<string, unknown> | undefined): string {
  const base = (instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  // Unknown keys arrive as one issue on the parent with the keys listed.
  const keys = params?.['keys'];
  // An unknown key that is the empty string is named "" (an empty path names no field).
  if (Array.isArray(keys) && keys.length > 0) return [base, String(keys[0]) || '""'].filter(Boolean).join('.');
  return base || '(root)';
}

/** Unique indexes a request can collide with when two writes race past the use case's own check. */
const UNIQUE_FIELDS: Record<string, string> = {
  users_email_key: 'email',
  users_external_ref_key: 'externalRef',
};

/** The unique-index violation (SQLSTATE 23505) somewhere in an error's cause chain, if any. */
function uniqueViolation(error: unknown): { constraint: string | undefined } | null {
  for (
    let e = error as { code?: unknown; constraint?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (e.code === '23505') return { constraint: typeof e.constraint === 'string' ? e.constraint : undefined };
  }
  return null;
}

/** The database connection errors a restart, failover or network cut produces (SQLSTATE 08…, 57P01–03). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03']);

/** Whether an error (or one of its causes) says the database cannot be reached just now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
    if (typeof e.message === 'string' && /^Connection terminated|^Client has encountered a connection error/.test(e.message)) return true;
  }
  return false;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      const status = STATUS[error.category];
      if (status === 429 && typeof error.meta?.['retryAfter'] === 'number') reply.header('Retry-After', String(error.meta['retryAfter']));
      if (status >= 500) request.log.error({ err: error }, 'domain error');
      const extra = error.meta && status !== 429 ? { meta: error.meta } : {};
      return sendProblem(request, reply, { status, code: error.code, detail: error.detail, errors: error.errors, extra });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors: FieldError[] = [];
      for (const v of error.validation) {
        const params = v.params as Record<string, unknown> | undefined;
        const keys = params?.['keys'];
        if (Array.isArray(keys) && keys.length > 1) {
          for (const k of keys) errors.push({ path: pathOf(v.instancePath, { keys: [k] }), message: 'is not a known field' });
        } else {
          errors.push({
            path: pathOf(v.instancePath, params),
            message: Array.isArray(keys) ? 'is not a known field' : (v.message ?? 'is invalid'),
          });
        }
      }
      const where = error.validationContext === 'body' ? 'request body' : (error.validationContext ?? 'request');
      return sendProblem(request, reply, {
        status: 400,
        code: 'validation.invalid',
        detail: `The ${where} is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
        errors,
      });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return sendProblem(request, reply, {
        status: 500,
        code: 'internal',
        detail: 'Something went wrong on our side. The request id is in `instance`.',
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('Retry-After', '5');
      // database.unavailable: the database is restarting or unreachable; nothing was done.
      return sendProblem(request, reply, {
        status: 503,
        code: 'database.unavailable',
        detail: 'The database cannot be reached just now; nothing was saved. Try again in a few seconds.',
      });
    }
    const duplicate = uniqueViolation(error);
    if (duplicate) {
      const field = duplicate.constraint ? UNIQUE_FIELDS[duplicate.constraint] : undefined;
      // conflict.duplicate: a concurrent write took the same unique value first.
      return sendProblem(request, reply, {
        status: 409,
        code: 'conflict.duplicate',
        detail: field ? `Another record already has this ${field}.` : 'Another record already has the same unique value.',
        errors: field ? [{ path: field, message: 'is already taken' }] : undefined,
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return sendProblem(request, reply, {
        status,
        code: 'rate_limited',
        detail: 'Too many requests. Slow down and retry after the time in Retry-After.',
      });
    }
    if (status >= 400 && status < 500) {
      const code =
        error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'request.unsupported_media_type'
          : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'request.too_large'
            : 'request.invalid';
      return sendProblem(request, reply, { status, code, detail: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, {
      status: 500,
      code: 'internal',
      detail: 'Something went wrong on our side. The request id is in `instance`.',
    });
  });
}
