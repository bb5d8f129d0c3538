// The mail-preferences page a progress message links to (docs/preferences.md): GET shows it, a
// form POST saves the contact's choice, and a mail program's one-click unsubscribe (RFC 8058:
// POST with `List-Unsubscribe=One-Click`) chooses "none". The token in the URL is the credential,
// so the portal's rules hold: one 404 for every bad token, no-referrer, no-store, per-address limits.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PREFERENCE_CHOICES } from '../../domain/messages/index.js';
import { getMailPreferences, setMailPreferences } from '../../domain/portal/index.js';
import { DomainError } from '../../domain/shared/index.js';
import { renderPreferencesPage } from '../portal/preferences-page.js';
import { sendPortalNotFound } from './portal.js';

const TokenParams = z.object({ token: z.string() });
/** The page's form, or the one-click body; anything else is a 400 naming the field. */
const PreferencesBody = z
  .object({ choice: z.enum(PREFERENCE_CHOICES).optional(), 'List-Unsubscribe': z.literal('One-Click').optional() })
  .refine((b) => b.choice !== undefined || b['List-Unsubscribe'] !== undefined, {
    path: ['choice'],
    message: `choose one of ${PREFERENCE_CHOICES.join(', ')}`,
  });
const PreferencesQuery = z.object({ saved: z.literal('1').optional() });

/** Per address and minute. */
export const PREFERENCES_RATE_LIMITS = { page: 30, save: 20 } as const;

const notFoundOr = (request: FastifyRequest, reply: Parameters<typeof sendPortalNotFound>[1], error: unknown) => {
  if (error instanceof DomainError && error.code === 'portal.not_found') return sendPortalNotFound(request, reply);
  throw error;
};

export async function preferencesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  app.addHook('onSend', async (_request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    reply.header('x-robots-tag', 'noindex, nofollow');
  });
  // This plugin's routes only: a browser form and a mail program's one-click both send form data.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  r.get(
    '/u/:token',
    {
      schema: { summary: 'The mail-preferences page (HTML)', params: TokenParams, querystring: PreferencesQuery, hide: true },
      config: { rateLimit: { max: PREFERENCES_RATE_LIMITS.page, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { database } = request.server.ctx;
      try {
        const preferences = await getMailPreferences({ db: database.db }, request.params.token);
        return reply.type('text/html; charset=utf-8').send(renderPreferencesPage(preferences, request.query.saved === '1'));
      } catch (error) {
        return notFoundOr(request, reply, error);
      }
    },
  );
  r.post(
    '/u/:token',
    {
      schema: {
        summary: 'Save a contact’s mail preferences: the page’s form (`choice`), or one-click unsubscribe (RFC 8058)',
        params: TokenParams,
        body: PreferencesBody,
        hide: true,
      },
      config: { rateLimit: { max: PREFERENCES_RATE_LIMITS.save, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const { database, clock } = request.server.ctx;
      const body = request.body;
      const oneClick = body['List-Unsubscribe'] === 'One-Click';
      try {
        await setMailPreferences(
          { db: database.db, now: clock.now() },
          {
            token: request.params.token,
            choice: oneClick ? 'none' : body.choice!,
            via: oneClick ? 'one_click' : 'page',
            ip: request.ip,
            requestId: String(request.id),
          },
        );
      } catch (error) {
        return notFoundOr(request, reply, error);
      }
      if (oneClick) return reply.type('text/plain; charset=utf-8').send('Unsubscribed from progress updates.\n');
      // Post/redirect/get: a reload shows the page, it does not send the form again.
      return reply.redirect(`/u/${request.params.token}?saved=1`, 303);
    },
  );
}
