// Signing secrets for POST /hooks/erp: created (shown once), listed masked, revoked — by an admin.
// Several may be live at once: rotate by creating a new one, switching the ERP, revoking the old.
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { WebhookSecret } from '../../../contract/webhooks.js';
import type { Db } from '../../db/client.js';
import { users, webhookSecrets } from '../../db/schema/index.js';
import { assertRole, notFound, recordAudit, type UseCaseContext } from '../shared/index.js';
import { newWebhookSecret } from './signature.js';

type Row = typeof webhookSecrets.$inferSelect & { createdByName: string | null };

function present(r: Row): WebhookSecret {
  return {
    id: r.id,
    name: r.name,
    prefix: r.secret.slice(0, 'whsec_'.length + 4),
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy ? { id: r.createdBy, name: r.createdByName ?? '' } : null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

export async function createWebhookSecret(
  ctx: UseCaseContext,
  input: { name?: string | undefined },
): Promise<WebhookSecret & { secret: string }> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const secret = newWebhookSecret();
    const [row] = await tx
      .insert(webhookSecrets)
      .values({ name: input.name?.trim() || `ERP ${now.toISOString().slice(0, 10)}`, secret, createdBy: actor.userId, createdAt: now })
      .returning();
    await recordAudit(
      tx,
      actor,
      { action: 'webhooks.secret_create', entity: 'webhook_secret', entityId: row!.id, changes: { name: row!.name } },
      now,
    );
    return { ...present({ ...row!, createdByName: actor.name }), secret };
  });
}

export async function listWebhookSecrets({ db, actor }: UseCaseContext): Promise<{ items: WebhookSecret[] }> {
  assertRole(actor, 'admin');
  const rows = await db
    .select({ s: webhookSecrets, createdByName: users.name })
    .from(webhookSecrets)
    .leftJoin(users, eq(users.id, webhookSecrets.createdBy))
    .orderBy(desc(webhookSecrets.createdAt));
  return { items: rows.map((r) => present({ ...r.s, createdByName: r.createdByName })) };
}

export async function revokeWebhookSecret(ctx: UseCaseContext, id: string): Promise<WebhookSecret> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookSecrets)
      .set({ revokedAt: now })
      .where(and(eq(webhookSecrets.id, id), isNull(webhookSecrets.revokedAt)))
      .returning();
    if (!row) {
      const [exists] = await tx.select({ id: webhookSecrets.id }).from(webhookSecrets).where(eq(webhookSecrets.id, id));
      // webhooks.secret_not_found: no signing secret has this id.
      if (!exists) throw notFound('webhooks.secret_not_found', `No webhook secret with id ${id}.`);
      const [current] = await tx.select().from(webhookSecrets).where(eq(webhookSecrets.id, id));
      return present({ ...current!, createdByName: null });
    }
    await recordAudit(tx, actor, { action: 'webhooks.secret_revoke', entity: 'webhook_secret', entityId: id }, now);
    return present({ ...row, createdByName: null });
  });
}

/** The secrets that may sign an event now: not revoked, not expired. */
export async function liveWebhookSecrets(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .select({ secret: webhookSecrets.secret })
    .from(webhookSecrets)
    .where(and(isNull(webhookSecrets.revokedAt), or(isNull(webhookSecrets.expiresAt), gt(webhookSecrets.expiresAt, now))));
  return rows.map((r) => r.secret);
}
