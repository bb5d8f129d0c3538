export * from './users.js';
export * from './settings.js';
export * from './accounts.js';
export * from './orders.js';
export * from './playbooks.js';
export * from './integration.js';
export * from './sweep.js';
export * from './messages.js';
