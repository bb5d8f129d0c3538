// Editable message templates: the shipped text until an admin saves their own (message_templates).
import { eq } from 'drizzle-orm';
import type {
  MessageTemplate,
  MessageTemplateKey,
  PreviewMessageTemplate,
  RenderedMessage,
  UpdateMessageTemplate,
} from '../../../contract/messages.js';
import { MESSAGE_TEMPLATE_KEYS } from '../../../contract/messages.js';
import type { Db } from '../../db/client.js';
import { messageTemplates, orders } from '../../db/schema/index.js';
import { getSettings } from '../settings/index.js';
import { assertRole, invalid, recordAudit, type UseCaseContext } from '../shared/index.js';
import { checkTemplate, renderMessage, sampleVariables, SHIPPED_TEMPLATES, TemplateError, type TemplateText } from './templates.rules.js';
import { loadMessageVariables, mailContactOf } from './variables.js';

type TemplateRow = typeof messageTemplates.$inferSelect;

function present(key: MessageTemplateKey, row: TemplateRow | undefined): MessageTemplate {
  const shipped = SHIPPED_TEMPLATES[key];
  return {
    key,
    name: shipped.name,
    description: shipped.description,
    class: shipped.class,
    subject: row?.subject ?? shipped.subject,
    text: row?.text ?? shipped.text,
    html: row?.html ?? shipped.html,
    isCustomised: Boolean(row),
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** The text a message of this template is rendered from now: the organisation's own, else the shipped one. */
export async function templateText(db: Db, key: MessageTemplateKey): Promise<TemplateText> {
  const [row] = await db.select().from(messageTemplates).where(eq(messageTemplates.key, key));
  return present(key, row);
}

export async function listMessageTemplates(db: Db): Promise<{ items: MessageTemplate[] }> {
  const rows = await db.select().from(messageTemplates);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return { items: MESSAGE_TEMPLATE_KEYS.map((k) => present(k, byKey.get(k))) };
}

export async function getMessageTemplate(db: Db, key: MessageTemplateKey): Promise<MessageTemplate> {
  const [row] = await db.select().from(messageTemplates).where(eq(messageTemplates.key, key));
  return present(key, row);
}

async function assertRenders(db: Db, t: TemplateText): Promise<void> {
  const problems = await checkTemplate(t, (await getSettings(db)).orgName);
  // messages.template_invalid: a syntax error, unknown filter or unknown variable; errors[] names the part and line.
  if (problems.length > 0) throw invalid('messages.template_invalid', problems, problems.map((p) => `${p.path}: ${p.message}`).join('; '));
}

/** Saves an organisation's own text for a template (admin); it must render with every variable known. */
export async function saveMessageTemplate(
  ctx: UseCaseContext,
  { key, template }: { key: MessageTemplateKey; template: UpdateMessageTemplate },
): Promise<MessageTemplate> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    await assertRenders(tx, template);
    const values = { ...template, updatedBy: actor.userId, updatedAt: now };
    const [row] = await tx
      .insert(messageTemplates)
      .values({ key, ...values })
      .onConflictDoUpdate({ target: messageTemplates.key, set: values })
      .returning();
    await recordAudit(tx, actor, { action: 'messages.template_save', entity: 'message_template', entityId: key, changes: template }, now);
    return present(key, row);
  });
}

/** Brings back the shipped text (admin). */
export async function resetMessageTemplate(ctx: UseCaseContext, key: MessageTemplateKey): Promise<MessageTemplate> {
  const { actor, now } = ctx;
  assertRole(actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    await tx.delete(messageTemplates).where(eq(messageTemplates.key, key));
    await recordAudit(tx, actor, { action: 'messages.template_reset', entity: 'message_template', entityId: key }, now);
    return present(key, undefined);
  });
}

/**
 * Renders a template as it is being edited: with sample data, or with a real order's account,
 * primary contact and lines. Problems are a 400 like a save's, so the editor shows them live.
 */
export async function previewMessageTemplate(db: Db, input: PreviewMessageTemplate): Promise<RenderedMessage> {
  await assertRenders(db, input);
  let vars = sampleVariables((await getSettings(db)).orgName);
  if (input.orderId) {
    const [order] = await db.select().from(orders).where(eq(orders.id, input.orderId));
    // messages.invalid: the order to preview with does not exist.
    if (!order) throw invalid('messages.invalid', [{ path: 'orderId', message: `is not an order: ${input.orderId}` }]);
    const contact = await mailContactOf(db, order.accountId);
    if (contact) vars = (await loadMessageVariables(db, { accountId: order.accountId, order, contact })).vars;
  }
  try {
    return await renderMessage(input, vars);
  } catch (err) {
    if (err instanceof TemplateError) throw invalid('messages.template_invalid', err.problems);
    throw err;
  }
}
