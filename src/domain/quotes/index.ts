export * from './quote.rules.js';
export * from './create-quote.js';
export * from './update-quote.js';
export { getQuote, listQuotes, presentQuote } from './queries.js';
export { getQuoteActivity } from './quote-activity.js';
