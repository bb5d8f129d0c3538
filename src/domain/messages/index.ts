export * from './templates.rules.js';
export * from './tracking.rules.js';
export { queueMessage, type QueueMessageInput, type QueuedMessage } from './queue-message.js';
export { listMessages, getMessage, countQueuedMessages, NO_MAIL_SERVER, type ReadOptions } from './list-messages.js';
export { smtpMailer, describeMailServer, describeMailError, messageIdHeader, type Mailer, type MailServer } from './mailer.js';
export {
  listMessageTemplates,
  getMessageTemplate,
  saveMessageTemplate,
  resetMessageTemplate,
  previewMessageTemplate,
} from './templates.js';
export { mailContactOf } from './variables.js';
export { sendTestEmail } from './test-email.js';
export { queueTrackingMessage, trackingBlocker, type TrackingOutcome } from './tracking.js';
export { withdrawDrafts } from './withdraw-drafts.js';
export { queueInvitation, type QueueInvitationInput } from './invitations.js';
export { queueEscalationNotices, type EscalatedStep } from './escalation-notices.js';
export { queueStaffDigests, digestSectionsOf, DIGEST_SECTION_LIMIT } from './staff-digests.js';
export {
  DEFAULT_PUBLIC_URL,
  PORTAL_TOKEN_PATTERN,
  hashPortalToken,
  linkBaseOf,
  mintPortalLink,
  portalUrl,
  preferencesUrl,
} from './links.js';
export * from './preferences.rules.js';
