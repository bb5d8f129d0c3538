export { getAccountJourney, presentJourneyTask } from './get-journey.js';
export { startJourney, JOURNEY_STARTERS } from './start-journey.js';
export { getExecutiveCalls } from './executive-calls.js';
