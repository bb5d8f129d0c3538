export * from './secrets.js';
export * from './present.js';
export * from './manage-users.js';
export * from './sessions.js';
export * from './setup.js';
export * from './api-tokens.js';
export * from './password-policy.js';
export * from './demo-switch.js';
