// One place renders every error as RFC 9457 problem+json. Routes never translate errors. Every code
// is the catalogue's (contract/errors.ts); each route declares the codes its use case answers with
// (`schema.errorCodes`), the HTTP layer's own are added from the route's guard and method, and the
// OpenAPI document lists them all per route (x-error-codes, and a problem response per status).
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../../contract/common.js';
import { ERROR_CATALOGUE, ERROR_CODES, ERRORS, type ErrorCategory, type ErrorCode } from '../../../contract/errors.js';
import { DomainError, type FieldError } from '../../domain/shared/index.js';
import { guardErrorCodes } from './auth.js';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The codes this route's use case answers with (contract/errors.ts). Those of the HTTP layer —
     * sign-in, CSRF, roles, validation, idempotency, rate limit, database, internal — are added
     * from the route's guard and method (routeErrorCodes).
     */
    errorCodes?: readonly ErrorCode[];
  }
}

/** The HTTP status of each category: the one table. */
export const STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorCategory, number>;

/** A code's HTTP status; '4XX' for request.invalid, whose status the HTTP layer names. */
export function statusOf(code: ErrorCode): number | '4XX' {
  const spec = ERRORS[code];
  return spec.status ?? STATUS[spec.category];
}

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
  /** The catalogue's status unless given (request.invalid: the status the HTTP layer named). */
  status?: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[] | undefined;
  extra?: Record<string, unknown>;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, p: ProblemInput): FastifyReply {
  const known = statusOf(p.code);
  const status = p.status ?? (known === '4XX' ? 400 : known);
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://rapport.dev/problems/${p.code.replace(/\./g, '/')}`,
      title: TITLES[status] ?? 'Error',
      status,
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

export interface ErrorHandlingOptions {
  /**
   * Called when a route answers with a code it does not declare (its OpenAPI entry would not list
   * it); the default logs a warning. The tests fail on it.
   */
  onUndeclaredCode?: (message: string) => void;
}

export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = {}): void {
  // The codes each route may answer with, by "METHOD /url" as Fastify registers it.
  const declared = new Map<string, ReadonlySet<ErrorCode>>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) declared.set(`${method} ${route.url}`, new Set(routeErrorCodes(route, method)));
  });
  // Every answer of a route goes through here: a code the route does not declare is reported.
  const answer = (request: FastifyRequest, reply: FastifyReply, p: ProblemInput): FastifyReply => {
    const url = request.routeOptions.url;
    const codes = url === undefined ? undefined : declared.get(`${request.method} ${url}`);
    if (codes && !codes.has(p.code)) {
      const message = `${request.method} ${url} answered ${p.code}, which it does not declare: add it to the route's schema.errorCodes.`;
      if (options.onUndeclaredCode) options.onUndeclaredCode(message);
      else request.log.warn(message);
    }
    return sendProblem(request, reply, p);
  };

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      const known = statusOf(error.code);
      const status = known === '4XX' ? STATUS[error.category] : known;
      if (status === 429 && typeof error.meta?.['retryAfter'] === 'number') reply.header('Retry-After', String(error.meta['retryAfter']));
      if (status >= 500) request.log.error({ err: error }, 'domain error');
      const extra = error.meta && status !== 429 ? { meta: error.meta } : {};
      return answer(request, reply, { status, code: error.code, detail: error.detail, errors: error.errors, extra });
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
      return answer(request, reply, {
        code: 'validation.invalid',
        detail: `The ${where} is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
        errors,
      });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return answer(request, reply, {
        code: 'internal',
        detail: 'Something went wrong on our side. The request id is in `instance`.',
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('Retry-After', '5');
      // database.unavailable: the database is restarting or unreachable; nothing was done.
      return answer(request, reply, {
        code: 'database.unavailable',
        detail: 'The database cannot be reached just now; nothing was saved. Try again in a few seconds.',
      });
    }
    const duplicate = uniqueViolation(error);
    if (duplicate) {
      const field = duplicate.constraint ? UNIQUE_FIELDS[duplicate.constraint] : undefined;
      // conflict.duplicate: a concurrent write took the same unique value first.
      return answer(request, reply, {
        code: 'conflict.duplicate',
        detail: field ? `Another record already has this ${field}.` : 'Another record already has the same unique value.',
        errors: field ? [{ path: field, message: 'is already taken' }] : undefined,
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return answer(request, reply, {
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
      // request.invalid takes the status the HTTP layer named (400, 406, 413 …).
      return answer(request, reply, { ...(code === 'request.invalid' && { status }), code, detail: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return answer(request, reply, {
      code: 'internal',
      detail: 'Something went wrong on our side. The request id is in `instance`.',
    });
  });
}

// The codes of a route -----------------------------------------------------------------------------

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every code a route may answer with: its guard's, the HTTP layer's and its use case's (schema.errorCodes). */
export function routeErrorCodes(route: Pick<RouteOptions, 'url' | 'schema' | 'onRequest' | 'config'>, method: string): ErrorCode[] {
  const rateLimit = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit;
  const codes: ErrorCode[] = [
    ...guardErrorCodes(route.onRequest, method),
    // The schema and the text guard (text-guard.ts) check every route's path, query and body.
    'validation.invalid',
    // The router refuses a path parameter it cannot decode or that is too long.
    ...(/[:*]/.test(route.url) ? (['request.uri_too_long', 'request.bad_url'] as const) : []),
    // The body parsers (JSON; multipart for imports).
    ...(BODY_METHODS.has(method) ? (['request.invalid', 'request.too_large', 'request.unsupported_media_type'] as const) : []),
    // idempotency.ts: any POST a signed-in caller sends with an Idempotency-Key.
    ...(method === 'POST' ? (['idempotency.bad_key', 'idempotency.key_reused', 'idempotency.in_progress'] as const) : []),
    ...(rateLimit === false ? [] : (['rate_limited'] as const)),
    'database.unavailable',
    'internal',
    ...(route.schema?.errorCodes ?? []),
  ];
  return [...new Set(codes)];
}

// The OpenAPI document -----------------------------------------------------------------------------

/** @fastify/swagger's transform, wrapped: each operation gets `x-error-codes`, every code it may answer with. */
export function withErrorCodes(transform: SwaggerTransform): SwaggerTransform {
  return (arg) => {
    const out = transform(arg);
    const { errorCodes: _declared, ...schema } = out.schema;
    const method = [arg.route.method].flat()[0] ?? 'GET';
    return { ...out, schema: { ...schema, 'x-error-codes': routeErrorCodes(arg.route, method).sort() } };
  };
}

/** The problem+json body, from the contract's schema (meta: retryAfter, the allowed moves …). */
const PROBLEM_JSON_SCHEMA = (() => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(ProblemSchema.extend({ meta: z.record(z.string(), z.unknown()).optional() }), {
    io: 'input',
  });
  const properties = { ...(schema.properties as Record<string, unknown>), code: { $ref: '#/components/schemas/ErrorCode' } };
  return { ...schema, properties, description: 'RFC 9457 problem details; branch on `code` (docs/errors.md), never on the text.' };
})();

/** A code only the command line answers with (backup, restore, demo). */
const isCliOnly = (code: ErrorCode): boolean => 'surface' in ERROR_CATALOGUE[ERRORS[code].area];

interface OpenApiDoc {
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, unknown> };
  paths?: Record<string, Record<string, { 'x-error-codes'?: ErrorCode[]; responses?: Record<string, unknown> }>>;
}

/**
 * @fastify/swagger's transformObject: each operation gets a problem+json response per status it may
 * answer with, naming its codes (the enum of `code`). Operations share them: the response of a
 * status and a set of codes is one entry of components.responses.
 */
export const withErrorResponses: SwaggerTransformObject = (document) => {
  if (!('openapiObject' in document)) return document.swaggerObject;
  const doc = document.openapiObject as OpenApiDoc;
  const responses: Record<string, unknown> = {};
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(operations)) {
      const byStatus = new Map<string, ErrorCode[]>();
      for (const code of op['x-error-codes'] ?? []) {
        const status = String(statusOf(code));
        byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
      }
      op.responses ??= {};
      for (const [status, codes] of [...byStatus].sort(([a], [b]) => a.localeCompare(b))) {
        if (op.responses[status]) continue;
        const name = `${status}-${codes.join('-')}`;
        responses[name] ??= {
          description: `${TITLES[Number(status)] ?? 'Refused by the HTTP layer'}: ${codes.map((code) => `\`${code}\``).join(', ')}`,
          content: {
            'application/problem+json': {
              schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { code: { enum: codes } } }] },
            },
          },
        };
        op.responses[status] = { $ref: `#/components/responses/${name}` };
      }
    }
  }
  const errorCode = {
    type: 'string',
    description: 'Every problem code the API answers with, and when (docs/errors.md).',
    oneOf: ERROR_CODES.filter((code) => !isCliOnly(code)).map((code) => ({
      const: code,
      description: `${statusOf(code)}: ${ERRORS[code].when}`,
    })),
  };
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, Problem: PROBLEM_JSON_SCHEMA, ErrorCode: errorCode },
    responses: { ...doc.components?.responses, ...responses },
  };
  return document.openapiObject;
};
