export * from './errors.js';
export * from './money.js';
export * from './time.js';
export * from './actor.js';
export * from './audit.js';
export * from './pagination.js';
export * from './crypto.js';
export * from './prng.js';
