// The wall clock, read here only: the app, the job runner and the CLI take a Clock (tests pass
// their own), and src/domain gets "now" from them (docs/ARCHITECTURE.md "Use cases").
import type { Clock } from './domain/shared/index.js';

export const systemClock: Clock = { now: () => new Date() };
