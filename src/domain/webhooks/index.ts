export * from './signature.js';
export * from './secrets.js';
export {
  erpWebhookActor,
  receiveErpEvent,
  verifyErpWebhook,
  RECEIPT_KEEP_DAYS,
  type ReceiveErpEventInput,
  type VerifyErpWebhookInput,
  type WebhookHeaders,
} from './receive-erp-event.js';
