export * from './sweep.rules.js';
export { selectSweepEpisodes, type LateRiskScope, type SweepEpisodeKind, type SweepEpisodeRow, type SweepPolicy } from './sweep-sql.js';
export {
  runSweep,
  recordLateRisk,
  buildSweepPolicy,
  SWEEP_EVENT_TYPES,
  SWEPT_EVENT_TYPES,
  type RunSweepInput,
  type SweepEventType,
  type SweptEventType,
  type SweepResult,
} from './run-sweep.js';
export { selectExpiringQuotes, type ExpiredQuote } from './expire-quotes.js';
