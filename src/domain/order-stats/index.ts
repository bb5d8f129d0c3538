// The order statistics kept on each account (a leaf area: orders, accounts, settings and imports keep them).
export * from './account-stats.js';
