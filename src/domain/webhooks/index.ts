export * from './signature.js';
export * from './secrets.js';
export { receiveErpEvent, verifyErpWebhook, RECEIPT_KEEP_DAYS, type WebhookHeaders } from './receive-erp-event.js';
