export * from './record-event.js';
