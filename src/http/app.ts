// Builds the Fastify app; never listens (server.ts does). Tests drive it with app.inject.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { systemClock } from '../clock.js';
import { publicUrlOf, type Config } from '../config.js';
import { recordPublicUrl } from '../domain/settings/index.js';
import type { Database } from '../db/client.js';
import { installBuiltinPlaybooks } from '../domain/playbooks/index.js';
import type { Clock } from '../domain/shared/index.js';
import { webDistFolder } from '../paths.js';
import { BackgroundImports } from './background-imports.js';
import { orderAuthGuardsLast, registerAuth, SESSION_COOKIE } from './plugins/auth.js';
import { registerErrorHandling, sendProblem, withErrorCodes, withErrorResponses } from './plugins/errors.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { registerMetrics, requestIdOf } from './plugins/metrics.js';
import { registerRequestLog } from './plugins/request-log.js';
import { registerTextGuard } from './plugins/text-guard.js';
import { sendPortalNotFound } from './routes/portal.js';
import { routes } from './routes/index.js';

export interface AppDeps {
  database: Database;
  config: Config;
  clock?: Clock;
  /** Pino options; `stream` lets a test read the log lines. */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** Serve the built web UI from dist/web (default: when it exists). */
  serveWeb?: boolean;
  /** Where the built web UI is (default dist/web; tests point it at a folder of their own). */
  webFolder?: string;
  /** A route answered with an error code it does not declare (default: a logged warning); the tests fail on it. */
  onUndeclaredErrorCode?: (message: string) => void;
}

export interface AppContext {
  database: Database;
  config: Config;
  clock: Clock;
  /** Uploads being imported in the background of this process. */
  backgroundImports: BackgroundImports;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

/** Fastify's trustProxy for a hop count (the n nearest hops are proxies) or the proxies' addresses. */
function trustProxyOption(trust: Config['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    logger: deps.logger ?? false,
    // One line per request instead of Fastify's two (plugins/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    trustProxy: trustProxyOption(deps.config.trustProxy),
    bodyLimit: 5 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false } },
    // The router refuses a URL it cannot decode or a path parameter over maxParamLength before any
    // hook or the error handler runs; without this those answers were Fastify's own JSON, not
    // problem+json (issue 9, API fuzzing).
    frameworkErrors: (error, request, reply) => {
      if (
        (request.url.startsWith('/c/') || request.url.startsWith('/u/')) &&
        (error.code === 'FST_ERR_MAX_PARAM_LENGTH' || error.code === 'FST_ERR_BAD_URL')
      ) {
        // A customer portal link the router cannot even read gets the answer of every bad link (docs/portal.md).
        void sendPortalNotFound(request, reply);
      } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        // request.uri_too_long: a path segment is longer than any id or key this API takes.
        void sendProblem(request, reply, { status: 414, code: 'request.uri_too_long', detail: 'A path segment of the URL is too long.' });
      } else if (error.code === 'FST_ERR_BAD_URL') {
        // request.bad_url: the URL's path has an invalid percent-encoding.
        void sendProblem(request, reply, {
          status: 400,
          code: 'request.bad_url',
          detail: 'The URL path is not valid percent-encoded text.',
        });
      } else {
        request.log.error({ err: error }, 'router error');
        void sendProblem(request, reply, {
          status: 500,
          code: 'internal',
          detail: 'Something went wrong on our side. The request id is in `instance`.',
        });
      }
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('ctx', { database: deps.database, config: deps.config, clock, backgroundImports: new BackgroundImports() });
  // Built-in playbooks (src/playbooks/*.yaml): a key with no version yet is installed, idempotently.
  await installBuiltinPlaybooks({ db: deps.database.db, now: clock.now() });
  registerErrorHandling(app, { onUndeclaredCode: deps.onUndeclaredErrorCode });
  registerMetrics(app);
  registerRequestLog(app);

  // gzip / brotli for clients that ask (the web UI's scripts shrink about 4×), above 1 kB.
  await app.register(fastifyCompress, { threshold: 1024 });
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(fastifyRateLimit, {
    max: deps.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // Keyed by address, never by a credential the caller can vary: rotating made-up tokens must not
    // buy a fresh allowance (and a bad token is refused after the limiter has counted it).
    keyGenerator: (request) => request.ip,
  });
  orderAuthGuardsLast(app);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        version: '1',
        description:
          'Accounts, contacts, quotes and orders for the months after a B2B customer’s first “yes”. Errors are RFC 9457 problem+json: branch on `code`. Each operation lists the codes it may answer in `x-error-codes` and as a problem response per status; every code, with its status and when, is in docs/errors.md (also components.schemas.ErrorCode). Any request may also get `not_found` (no such route) or `request.bad_url`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/v1/tokens' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Browser session; writes also need X-CSRF-Token' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: withErrorCodes(jsonSchemaTransform),
    transformObject: withErrorResponses,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerAuth(app, {
    database: deps.database,
    clock,
    policy: { idleMinutes: deps.config.sessionIdleMinutes, absoluteHours: deps.config.sessionAbsoluteHours },
  });
  // API answers carry session CSRF tokens, API tokens shown once, webhook secrets and customer
  // data: no browser or proxy may keep a copy.
  app.addHook('onSend', async (request, reply) => {
    if ((request.url.startsWith('/api/v1/') || request.url.startsWith('/hooks/')) && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });
  registerIdempotency(app, { database: deps.database, clock });
  registerTextGuard(app);

  // Links in messages point where customers reach this process (docs/preferences.md): PUBLIC_URL
  // at once, else the address it listens at.
  if (deps.config.publicUrl) await recordPublicUrl(deps.database.db, publicUrlOf(deps.config));
  app.addHook('onListen', async () => {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : deps.config.port;
    await recordPublicUrl(deps.database.db, publicUrlOf({ ...deps.config, port }));
  });
  await app.register(routes, { prefix: '/' });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const webFolder = deps.webFolder ?? webDistFolder;
  const serveWeb = deps.serveWeb ?? existsSync(path.join(webFolder, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: webFolder,
      wildcard: false,
      index: false,
      // The build writes each asset beside itself as .br and .gz at the highest levels
      // (web/vite.config.ts): sent as they are to a browser that accepts them.
      preCompressed: true,
      // Vite names every built asset by its content hash: a browser may keep it for a year. The page
      // itself (index.html) is checked again on every visit, so a new release is picked up at once.
      cacheControl: false,
      setHeaders: (res, file) => {
        const hashed = file.includes(`${path.sep}assets${path.sep}`);
        res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url.startsWith('/hooks/');
    if (serveWeb && !isApi && (request.method === 'GET' || request.method === 'HEAD')) {
      // The single-page app handles its own routes.
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(request, reply, {
      status: 404,
      code: 'not_found',
      detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
    });
  });
  return app;
}
