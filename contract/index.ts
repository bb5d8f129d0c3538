export * from './common.js';
export * from './auth.js';
export * from './settings.js';
export * from './accounts.js';
export * from './orders.js';
export * from './quotes.js';
export * from './activities.js';
