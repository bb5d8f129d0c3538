export * from './get-settings.js';
export * from './update-settings.js';
export * from './present.js';
export * from './public-url.js';
