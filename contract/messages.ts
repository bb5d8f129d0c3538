// Messages to customer contacts (the outbox) and their editable templates (docs/domain.md §2, §5).
import { z } from 'zod';
import { EmailSchema, IdSchema, PageQuerySchema } from './common.js';

/** essential: tracking, late notice, correction — never held back; progress: news the cadence guard limits. */
export const MESSAGE_CLASSES = ['progress', 'essential'] as const;
export const MessageClassSchema = z.enum(MESSAGE_CLASSES);
export type MessageClass = z.infer<typeof MessageClassSchema>;

/** draft: written, not yet released · queued: waits for the mail job · sent · failed: retries spent · suppressed: held back, with its reason. */
export const MESSAGE_STATUSES = ['draft', 'queued', 'sent', 'failed', 'suppressed'] as const;
export const MessageStatusSchema = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof MessageStatusSchema>;

export const MessageSchema = z.object({
  id: IdSchema,
  /** The account it is about; null for a colleague's daily digest, which is about no one account. */
  accountId: IdSchema.nullable(),
  accountName: z.string().nullable(),
  orderId: IdSchema.nullable(),
  orderNumber: z.string().nullable(),
  contactId: IdSchema.nullable(),
  contactName: z.string().nullable(),
  /** A calendar invitation to a colleague (a step's assignee): the user it goes to; null for a contact's message. */
  userId: IdSchema.nullable(),
  /** The playbook step (task) a calendar invitation is for. */
  taskId: IdSchema.nullable(),
  /** The .ics it carries (METHOD:REQUEST), as text; null for a message without an invitation. */
  calendar: z.string().nullable(),
  /** The address it goes (went) to. */
  to: z.string(),
  class: MessageClassSchema,
  /** The template's key it was rendered from. */
  template: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  status: MessageStatusSchema,
  /** Why it is not sent (suppressed, failed, or waiting for a mail server); null when nothing is in the way. */
  reason: z.string().nullable(),
  /** A held-back progress update: the later update its news went out with. */
  foldedInto: IdSchema.nullable(),
  /** The Message-ID header, `<message id@host>`: fixed at the first attempt, the same on every resend. */
  messageId: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /** When the next attempt is due, while it is queued after a failed attempt. */
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Message = z.infer<typeof MessageSchema>;

export const ListMessagesQuerySchema = PageQuerySchema.extend({
  accountId: IdSchema.optional(),
  orderId: IdSchema.optional(),
  status: MessageStatusSchema.optional(),
  class: MessageClassSchema.optional(),
});
export type ListMessagesQuery = z.infer<typeof ListMessagesQuerySchema>;

// --- templates ---------------------------------------------------------------------------------

/** The templates Rapport ships (each editable; a reset brings back the shipped text). */
export const MESSAGE_TEMPLATE_KEYS = [
  'tracking',
  'progress_update',
  'late_notice',
  'correction',
  'generic',
  'thank_you_note',
  'invitation',
  'invitation_cancelled',
  'escalation_notice',
  'staff_digest',
  'survey_invitation',
  'survey_reminder',
  'testimonial_request',
] as const;
export const MessageTemplateKeySchema = z.enum(MESSAGE_TEMPLATE_KEYS);
export type MessageTemplateKey = z.infer<typeof MessageTemplateKeySchema>;

export const MessageTemplateSchema = z.object({
  key: MessageTemplateKeySchema,
  name: z.string(),
  /** What the template is for and when Rapport uses it. */
  description: z.string(),
  class: MessageClassSchema,
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** False while it is the shipped text; true once someone saved their own. */
  isCustomised: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type MessageTemplate = z.infer<typeof MessageTemplateSchema>;

const TemplateBody = {
  subject: z.string().trim().min(1, 'must not be empty').max(300),
  text: z.string().min(1, 'must not be empty').max(20_000),
  html: z.string().min(1, 'must not be empty').max(50_000),
};
export const UpdateMessageTemplateSchema = z.strictObject(TemplateBody);
export type UpdateMessageTemplate = z.infer<typeof UpdateMessageTemplateSchema>;

/** Render a template (saved or as being edited) with sample data, or with a real order's data. */
export const PreviewMessageTemplateSchema = z.strictObject({
  ...TemplateBody,
  /** Preview with this order's account, contact and lines instead of sample data. */
  orderId: IdSchema.optional(),
});
export type PreviewMessageTemplate = z.infer<typeof PreviewMessageTemplateSchema>;

export const RenderedMessageSchema = z.object({ subject: z.string(), text: z.string(), html: z.string() });
export type RenderedMessage = z.infer<typeof RenderedMessageSchema>;

// --- mail server -------------------------------------------------------------------------------

export const MailStatusSchema = z.object({
  /** Where the mail server comes from: the environment (SMTP_URL), or nowhere yet. */
  source: z.enum(['environment', 'none']),
  /** host:port, without the user or password; null when none is configured. */
  server: z.string().nullable(),
  secure: z.boolean(),
  from: z.string().nullable(),
  /** Messages waiting to go out. */
  queued: z.number().int(),
});
export type MailStatus = z.infer<typeof MailStatusSchema>;

export const SendTestEmailSchema = z.strictObject({ to: EmailSchema });
export type SendTestEmail = z.infer<typeof SendTestEmailSchema>;

export const TestEmailResultSchema = z.object({
  ok: z.boolean(),
  /** What the server answered, word for word (its last reply, or the error it gave). */
  response: z.string(),
  /** The failed SMTP command or nodemailer's error code (EAUTH, ECONNECTION …), when it failed. */
  code: z.string().nullable(),
  messageId: z.string().nullable(),
});
export type TestEmailResult = z.infer<typeof TestEmailResultSchema>;

export const MessageIdParamsSchema = z.object({ id: IdSchema });
export const TemplateKeyParamsSchema = z.object({ key: MessageTemplateKeySchema });

// --- drafts ------------------------------------------------------------------------------------

/** Edit a draft before it is sent: its subject, its plain text (the HTML part is made from the text). */
export const UpdateDraftMessageSchema = z
  .strictObject({
    subject: z.string().trim().min(1, 'must not be empty').max(300).optional(),
    text: z.string().trim().min(1, 'must not be empty').max(20_000).optional(),
  })
  .refine((b) => b.subject !== undefined || b.text !== undefined, { message: 'give the subject, the text or both', path: ['text'] });
export type UpdateDraftMessage = z.infer<typeof UpdateDraftMessageSchema>;

// --- corrections -------------------------------------------------------------------------------

/** P2.5 — truth first: what we told the customer that turned out untrue, and the correction. */
export const CreateCorrectionSchema = z.strictObject({
  /** What was said that turned out untrue, in the customer's terms. */
  said: z.string().trim().min(1, 'must not be empty').max(2_000),
  /** The correction: what is true, and what it means for them. */
  correction: z.string().trim().min(1, 'must not be empty').max(10_000),
  /** Who gets it: a contact of the account with an email address (default: the account's mail contact). */
  contactId: IdSchema.optional(),
  /** When it was about an order: it goes on the order's history too. */
  orderId: IdSchema.optional(),
});
export type CreateCorrection = z.infer<typeof CreateCorrectionSchema>;

export const CorrectionSchema = z.object({
  /** The essential message queued to the contact. */
  message: MessageSchema,
});
export type Correction = z.infer<typeof CorrectionSchema>;
