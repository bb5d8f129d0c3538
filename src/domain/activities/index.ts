export * from './timeline.rules.js';
export * from './activities.js';
export * from './timeline.js';
