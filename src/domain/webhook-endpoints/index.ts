// Outbound webhooks (docs/webhooks.md, decision 0016): endpoints, the deliveries outbox, the sender.
export * from './endpoints.js';
export * from './deliveries.js';
export * from './deliver-webhooks.js';
export { MAX_ATTEMPTS, retryDelayMs, TIMEOUT_MS, signPayload, type OutboundEvent, type AttemptOutcome } from './delivery.rules.js';
export { createHttpSender, httpSender, type WebhookSender, type WebhookRequest } from './sender.js';
