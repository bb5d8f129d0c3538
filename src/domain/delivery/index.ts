// Getting messages out of the outbox (docs/decisions/0014): the send-messages job's pass, a
// person's retry, and a drafted message edited and released. Apart from messages because what a
// sent or released message completes is a playbook step, and the playbook engine itself writes
// drafts through the messages area.
export {
  sendQueuedMessages,
  hasMessagesDue,
  retryMessage,
  MAX_ATTEMPTS,
  retryDelayMs,
  LEASE_MS,
  type SendResult,
} from './send-messages.js';
export { updateDraftMessage, sendDraftMessage, type UpdateDraftInput } from './release-draft.js';
